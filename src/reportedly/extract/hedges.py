"""Hedges and certainty: how sure a claim is.

Kinds: ``modal`` (may, might, will likely), ``approximator`` (approximately,
about, nearly), ``estimate`` (an informed estimate, estimated, assessed),
``evidential`` (reportedly, allegedly, apparently), ``unconfirmed``
(could not be independently verified) and ``commitment`` (vowed, pledged).
"""

from __future__ import annotations

import re

from ..model import Hedge

_PATTERNS: list[tuple[str, str]] = [
    ("unconfirmed", r"could\s+not\s+(?:be\s+)?(?:independently\s+)?(?:verif(?:y|ied)|confirm(?:ed)?)"
                    r"|(?:has|have|had)\s+not\s+been\s+(?:independently\s+)?(?:verified|confirmed)"
                    r"|unconfirmed|unverified|not\s+(?:yet\s+)?(?:been\s+)?(?:independently\s+)?verified"),
    ("estimate", r"(?:informed|rough|conservative|preliminary|initial)\s+estimates?|estimates?|estimated"
                 r"|(?:is|are|was|were)\s+(?:believed|thought|assessed)|assess(?:es|ed|ment)?|projections?"),
    ("evidential", r"reportedly|allegedly|apparently|purportedly|supposedly|ostensibly|seemingly|rumou?red"
                   r"|(?:is|are|was|were)\s+(?:said|reported|alleged)\s+to"),
    ("modal", r"(?:will|would|could|may|might)\s+(?:likely|probably|possibly)|(?:most\s+|very\s+|highly\s+)?likely"
              r"|unlikely|probably|possibly|perhaps|maybe|may|might|could|appears?\s+to|seems?\s+to"
              r"|suggests?|potentially|presumably|it\s+is\s+(?:unclear|not\s+clear)"),
    ("approximator", r"approximately|roughly|about|around|nearly|almost|some|an\s+estimated|up\s+to|close\s+to"
                     r"|more\s+or\s+less|or\s+so|upwards\s+of|in\s+the\s+region\s+of"),
]
_COMPILED = [(kind, re.compile(rf"(?<![\w-])(?:{pat})(?![\w-])", re.IGNORECASE)) for kind, pat in _PATTERNS]
# "about"/"some"/"around" hedge only before a number ("about 30", "some two dozen")
_NUMBERISH = re.compile(
    r"\s+(?:\d|a\s+(?:dozen|hundred|thousand|million)|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozens?|hundreds?|"
    r"thousands?|half)",
    re.IGNORECASE,
)
_NEEDS_NUMBER = {"about", "some", "around", "up to", "close to", "almost", "nearly"}

COMMITMENT_CUES = frozenset("vow pledge promise swear commit threaten".split())
ESTIMATE_CUES = frozenset("estimate assess calculate project believe think suspect".split())
HEDGING_CUES = frozenset("suggest speculate hint fear expect predict believe think claim allege".split())


def find_hedges(text: str, start: int, end: int) -> list[Hedge]:
    """Hedge expressions inside text[start:end], longest first, no overlaps."""
    found: list[Hedge] = []
    taken: list[tuple[int, int]] = []
    seg = text[start:end]
    for kind, rx in _COMPILED:
        for m in rx.finditer(seg):
            s, e = start + m.start(), start + m.end()
            if any(a < e and s < b for a, b in taken):
                continue
            word = re.sub(r"\s+", " ", m.group(0).lower())
            if kind == "approximator" and word in _NEEDS_NUMBER and not _NUMBERISH.match(text, e):
                continue
            if kind == "modal" and word in ("may",) and text[s : s + 1] == "M":
                continue  # the month
            if kind == "modal" and word == "could" and re.match(r"\s+not\b", text[e:]):
                continue  # "could not" is negation, not a hedge
            found.append(Hedge(text=text[s:e], start=s, end=e, kind=kind))
            taken.append((s, e))
    found.sort(key=lambda h: h.start)
    return found


def certainty_of(hedges: list[Hedge], cue_lemma: str | None, context: str = "") -> str:
    """asserted | estimate | hedged | commitment.

    ``context`` is the rest of the sentence outside the content (where
    "citing NATO estimates" or "an informed estimate" may stand).
    """
    lemma = (cue_lemma or "").lower()
    kinds = {h.kind for h in hedges}
    if lemma in COMMITMENT_CUES:
        return "commitment"
    if "estimate" in kinds or lemma in ESTIMATE_CUES or re.search(r"\bestimat", context, re.I):
        return "estimate"
    if kinds & {"modal", "evidential", "unconfirmed", "approximator"} or lemma in HEDGING_CUES:
        return "hedged"
    return "asserted"
