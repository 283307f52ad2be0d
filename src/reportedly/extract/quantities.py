"""Figures: counts, ranges, bounds, vague amounts, ratios. (placeholder: owned by the figures/events work)"""

from __future__ import annotations


def extract_quantities(an) -> list:
    return []


def link_quantities(an, quantities: list) -> list:
    """Attach each quantity to the claim whose content holds it."""
    for q in quantities:
        for c in an.claims:
            if c.content.start <= q.start and q.end <= c.content.end:
                q.claim = c.id
                break
    return quantities
