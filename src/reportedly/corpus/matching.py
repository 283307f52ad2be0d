"""Is this the same claim? Embedding similarity plus agreement of figures,
names and polarity.

Two claims are the *same* when they assert the same thing, however worded
and whoever relays it. They are *related* when they are about the same thing
but assert something else: another figure (a conflict), the negation, or a
different point on the same story. Anything else is *different*.

The decision: cosine similarity of the sentence embeddings, raised when the
figures and names agree and lowered when names disagree or one claim is
negated and the other not; a claim pair whose figures contradict is never
*same* (it is a conflict when the claims are close enough).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

# Tuned on the tuning split of tests/data/matching/pairs.tsv (see corpus/evaluate.py).
SAME_THRESHOLD = 0.725
RELATED_THRESHOLD = 0.35
CONFLICT_THRESHOLD = 0.60  # figures that differ count as a conflict only for claims this close
FIGURE_BONUS = 0.12
NAME_WEIGHT = 0.10
POLARITY_PENALTY = 0.20  # one claim negated, the other not
RATIO_BONUS = 0.30  # both state the same ratio ("five for every one" / "five-to-one"): a rare, specific figure

_NEGATION = re.compile(
    r"\b(not|no|never|none|nobody|nothing|neither|nor|without|deny|denies|denied|denying|rejected|rejects|"
    r"refused|false|untrue|dismissed)\b|n't\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?<![\w.,/])(\d+(?:,\d{3})*(?:\.\d+)?)(?:/(\d+))?(\s*(?:%|percent|per cent))?(?=(?:\s+(\w+))?)"
)
_TIME_UNITS = frozenset("second seconds minute minutes hour hours day days week weeks month months year years".split())
_NAME = re.compile(r"\b([A-Z][a-zA-Z'’.-]+(?:\s+[A-Z][a-zA-Z'’.-]+)*)")
_NOT_NAMES = frozenset(
    "The A An In On At He She It They We I His Her Their This That These Those But And Or If When While As "
    "Mr Mrs Ms Dr According Officials Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)


_CUE = r"(?:said|says|say|told [\w ]{0,30}?|claimed|claims|reported|announced|stated|added|insisted|warned)"
_FRAME_HEAD = re.compile(r"^(?:according to [^,]{1,80},\s*|[^,;:\"“]{1,80}?\s" + _CUE + r"(?:\s+on \w+)?(?:,)?\s+(?:that\s+)?)",
                         re.IGNORECASE)
_FRAME_TAIL = re.compile(r"(?:,\s*according to [^,]{1,80}|,\s*(?:citing )?[^,;:]{1,80}?\s" + _CUE + r"(?:\s[^,;:]{0,40})?)\s*[.!]?$",
                         re.IGNORECASE)


def strip_frame(text: str) -> str:
    """The asserted content of a reported-speech sentence: "X said (that) ...",
    "..., X said." and "according to X" taken off (a claim's content already is)."""
    t = text.strip().rstrip(".")
    tail = _FRAME_TAIL.sub("", t)
    if tail != t and len(tail.split()) >= 3:
        t = tail
    else:
        head = _FRAME_HEAD.sub("", t, count=1)
        if head != t and len(head.split()) >= 3:
            t = head
    return t.strip(" ,\"“”'")


# Opposite states that news claims turn on: one side of a pair in one claim and
# the other side in the other reverses the claim as a negation would.
_STATES = [
    (r"\b(re)?open(s|ed|ing)?\b|\bresum\w*|\brestor\w*|\bcontinu\w*|\bheld\b|\bholds?\b|\bsafe\b",
     r"\bclos(e|ed|es|ing|ure)\b|\bstop\w*|\bhalt\w*|\bsuspend\w*|\bbroken\b|\bcollaps\w*|\bcontaminat\w*|\bcut off\b"),
    (r"\bcaptur\w*|\btook control\b|\btaken control\b|\badvanc\w*", r"\bretreat\w*|\brepel\w*|\blost control\b"),
    (r"\brose\b|\brise[sn]?\b|\bincreas\w*|\bup\b", r"\bfell\b|\bfall(s|en)?\b|\bdecreas\w*|\bdown\b"),
    (r"\bconfirm\w*|\badmit\w*", r"\bden(y|ies|ied)\b|\brefut\w*"),
]
_STATES = [(re.compile(a, re.IGNORECASE), re.compile(b, re.IGNORECASE)) for a, b in _STATES]


def states(text: str) -> set[tuple[int, int]]:
    out = set()
    for n, (a, b) in enumerate(_STATES):
        ha, hb = bool(a.search(text)), bool(b.search(text))
        if ha != hb:
            out.add((n, 0 if ha else 1))
    return out


def opposite_states(a: set, b: set) -> bool:
    return any((n, 1 - side) in b for n, side in a)


@dataclass
class ClaimText:
    """What matching looks at in a claim."""

    text: str
    figures: set[float] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    negated: bool = False
    states: set = field(default_factory=set)
    ratios: set = field(default_factory=set)


def figures_in(text: str) -> set[float]:
    """Numbers stated in a claim, words turned to digits ("half" -> 0.5,
    "50 percent" -> 0.5); years, durations and 0/1 left out."""
    from numerizer import numerize

    try:
        t = numerize(text.replace("-", " "))
    except Exception:  # noqa: BLE001 - numerizer trips on odd input
        t = text
    out: set[float] = set()
    for m in _NUMBER.finditer(t):
        raw, denom, percent, after = m.group(1), m.group(2), m.group(3), (m.group(4) or "").lower()
        if after in _TIME_UNITS:
            continue
        v = float(raw.replace(",", ""))
        if denom:
            v = v / float(denom) if float(denom) else v
        elif percent:
            v = v / 100
        elif v in (0.0, 1.0) or re.fullmatch(r"(19|20)\d\d", raw):
            continue
        out.add(round(v, 6))
    return out


_RATIO_SHAPES = (
    re.compile(r"(\d+(?:\.\d+)?)\s+\w+(?:\s+\w+)?\s+for\s+(?:every|each)\s+(?:one\s+|single\s+)?\w+", re.I),
    re.compile(r"(\d+(?:\.\d+)?)\s*(?:to|:)\s*1\b", re.I),
    re.compile(r"(\d+(?:\.\d+)?)\s+times\s+(?:as\s+many|more)\b", re.I),
)


def ratios_in(text: str) -> set[float]:
    """Ratios a claim states, in any of their usual wordings: "five soldiers for
    every Ukrainian soldier", "a five-to-one ratio", "5:1", "five times as many"."""
    from numerizer import numerize

    try:
        t = numerize(text.replace("-", " "))
    except Exception:  # noqa: BLE001 - numerizer trips on odd input
        t = text
    t = re.sub(r"\bto one\b", "to 1", t, flags=re.I)
    return {round(float(m.group(1)), 6) for rx in _RATIO_SHAPES for m in rx.finditer(t)}


def names_in(text: str) -> set[str]:
    names = set()
    for m in _NAME.finditer(text):
        words = [w for w in m.group(1).split() if w not in _NOT_NAMES]
        if words:
            names.add(words[-1].lower().strip(".'’"))  # surname / last word: "President Obama" ~ "Obama"
    return names


def claim_text(text: str, figures: set[float] | None = None, names: set[str] | None = None) -> ClaimText:
    core = strip_frame(text)
    figs = set(figures) if figures else figures_in(core)
    return ClaimText(text=text, figures=figs, names=set(names) if names else names_in(core),
                     negated=len(_NEGATION.findall(core)) % 2 == 1, states=states(core), ratios=ratios_in(core))


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.05 * max(abs(a), abs(b))


def figure_relation(a: ClaimText, b: ClaimText) -> str:
    """agree | conflict | none (one side states no figure)."""
    if not a.figures or not b.figures:
        return "none"
    if any(_close(x, y) for x in a.figures for y in b.figures):
        return "agree"
    return "conflict"


def name_agreement(a: ClaimText, b: ClaimText) -> float | None:
    if not a.names or not b.names:
        return None
    return len(a.names & b.names) / len(a.names | b.names)


@dataclass
class Decision:
    label: str  # same | related | different
    score: float
    cosine: float
    figures: str
    polarity_differs: bool
    conflict: bool = False  # related because the figures contradict


def decide(a: ClaimText, b: ClaimText, cosine: float, same: float = SAME_THRESHOLD,
           related: float = RELATED_THRESHOLD) -> Decision:
    figs = figure_relation(a, b)
    names = name_agreement(a, b)
    score = cosine
    if figs == "agree":
        score += FIGURE_BONUS
    if a.ratios and b.ratios and a.ratios & b.ratios:
        score += RATIO_BONUS
    if names is not None:
        score += NAME_WEIGHT * (names - 0.5)
    polarity = (a.negated != b.negated) != opposite_states(a.states, b.states)
    if polarity:
        score -= POLARITY_PENALTY
    if score < related:
        return Decision("different", score, cosine, figs, polarity)
    if figs == "conflict":
        conflict = score >= CONFLICT_THRESHOLD and names != 0.0
        return Decision("related", score, cosine, figs, polarity, conflict=conflict)
    if score < same:
        return Decision("related", score, cosine, figs, polarity)
    return Decision("same", score, cosine, figs, polarity)


def match_pairs(pairs: list[tuple[str, str]], **thresholds) -> list[Decision]:
    """Decide many text pairs (embedding each distinct text once)."""
    from .embed import embed

    texts = sorted({t for p in pairs for t in p})
    index = {t: i for i, t in enumerate(texts)}
    vecs = embed([strip_frame(t) for t in texts])
    infos = {t: claim_text(t) for t in texts}
    out = []
    for a, b in pairs:
        cos = float(np.dot(vecs[index[a]], vecs[index[b]]))
        out.append(decide(infos[a], infos[b], cos, **thresholds))
    return out
