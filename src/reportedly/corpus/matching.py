"""Is this the same claim? Embedding similarity plus agreement of figures,
names and polarity.

Two claims are the *same* when they assert the same thing, however worded
and whoever relays it. They are *related* when they are about the same thing
but assert something else: another figure (a conflict), the negation, or a
different point on the same story. Anything else is *different*.

The decision: cosine similarity of the sentence embeddings, raised when the
figures and names agree and lowered when names disagree; a claim pair whose
figures contradict, or whose polarity differs, is never *same*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

# Tuned on the tuning split of tests/data/matching/pairs.tsv (see corpus/evaluate.py).
SAME_THRESHOLD = 0.70
RELATED_THRESHOLD = 0.45
CONFLICT_THRESHOLD = 0.60  # figures that differ count as a conflict only for claims this close
FIGURE_BONUS = 0.08
NAME_WEIGHT = 0.10

_NEGATION = re.compile(
    r"\b(not|no|never|none|nobody|nothing|neither|nor|without|deny|denies|denied|denying|rejected|rejects|"
    r"refused|false|untrue|dismissed)\b|n't\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)(\s*(?:%|percent|per cent))?")
_NAME = re.compile(r"\b([A-Z][a-zA-Z'’.-]+(?:\s+[A-Z][a-zA-Z'’.-]+)*)")
_NOT_NAMES = frozenset(
    "The A An In On At He She It They We I His Her Their This That These Those But And Or If When While As "
    "Mr Mrs Ms Dr According Officials Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)


@dataclass
class ClaimText:
    """What matching looks at in a claim."""

    text: str
    figures: set[float] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    negated: bool = False


def figures_in(text: str) -> set[float]:
    """Numbers stated in a claim (words turned to digits), years and 0/1 left out."""
    from numerizer import numerize

    try:
        t = numerize(text.replace("-", " "))
    except Exception:  # noqa: BLE001 - numerizer trips on odd input
        t = text
    out: set[float] = set()
    for m in _NUMBER.finditer(t):
        v = float(m.group(1).replace(",", ""))
        if not m.group(2) and (v in (0.0, 1.0) or (1900 <= v <= 2100 and v == int(v))):
            continue
        out.add(v)
    return out


def names_in(text: str) -> set[str]:
    names = set()
    for m in _NAME.finditer(text):
        words = [w for w in m.group(1).split() if w not in _NOT_NAMES]
        if words:
            names.add(words[-1].lower().strip(".'’"))  # surname / last word: "President Obama" ~ "Obama"
    return names


def claim_text(text: str, figures: set[float] | None = None, names: set[str] | None = None) -> ClaimText:
    figs = set(figures) if figures else figures_in(text)
    return ClaimText(text=text, figures=figs, names=set(names) if names else names_in(text),
                     negated=len(_NEGATION.findall(text)) % 2 == 1)


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
    if names is not None:
        score += NAME_WEIGHT * (names - 0.5)
    polarity = a.negated != b.negated
    if score < related:
        return Decision("different", score, cosine, figs, polarity)
    if figs == "conflict":
        conflict = score >= CONFLICT_THRESHOLD and names != 0.0
        return Decision("related", score, cosine, figs, polarity, conflict=conflict)
    if polarity or score < same:
        return Decision("related", score, cosine, figs, polarity)
    return Decision("same", score, cosine, figs, polarity)


def match_pairs(pairs: list[tuple[str, str]], **thresholds) -> list[Decision]:
    """Decide many text pairs (embedding each distinct text once)."""
    from .embed import embed

    texts = sorted({t for p in pairs for t in p})
    index = {t: i for i, t in enumerate(texts)}
    vecs = embed(texts)
    infos = {t: claim_text(t) for t in texts}
    out = []
    for a, b in pairs:
        cos = float(np.dot(vecs[index[a]], vecs[index[b]]))
        out.append(decide(infos[a], infos[b], cos, **thresholds))
    return out
