"""Conflict events in the ACLED taxonomy. (placeholder: owned by the figures/events work)"""

from __future__ import annotations


def extract_events(an) -> list:
    return []
