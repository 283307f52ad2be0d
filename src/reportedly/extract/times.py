"""Time expressions resolved against the publication date. (placeholder: owned by the places/times work)"""

from __future__ import annotations


def extract_times(an) -> list:
    return []
