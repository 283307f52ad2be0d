"""Attribution span finding: who (source), the cue, and what (content).

A *finder* maps a spaCy Doc to :class:`RawAttribution` spans; the claims
extractor (``reportedly.extract.claims``) turns them into claims with chains,
hedges and canonical sources. Finders by name:

- ``rules``: dependency-parse rules (``reportedly.extract.attribution_rules``)
- ``fast`` / ``accurate``: models trained on PolNeAR (``reportedly.attribution``)
- ``default``: the best shipped model, else the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Spans = list[tuple[int, int]]


@dataclass
class RawAttribution:
    source: Spans = field(default_factory=list)
    cue: Spans = field(default_factory=list)
    content: Spans = field(default_factory=list)
    score: float = 1.0
    origin: str = "rules"  # which finder produced it


Finder = Callable[[object], list[RawAttribution]]


def get_finder(name: str = "default") -> Finder:
    from ..errors import BadOption

    if name == "rules":
        from .attribution_rules import find_attributions

        return find_attributions
    try:
        from ..attribution import load_finder  # trained models, if shipped
    except ImportError:
        load_finder = None
    if load_finder is not None:
        finder = load_finder(name)
        if finder is not None:
            return finder
    if name == "default":
        from .attribution_rules import find_attributions

        return find_attributions
    raise BadOption(f"unknown attribution model {name!r}", hint="use rules, fast, accurate or default")
