"""Named entities with canonical names and offline geocoding. (placeholder: owned by the places/times work)"""

from __future__ import annotations


def extract_entities(an) -> list:
    return []
