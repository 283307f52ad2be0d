"""Rule-based attribution finder over the dependency parse. (being written)"""

from __future__ import annotations


def find_attributions(sdoc) -> list:
    return []
