"""Cue verification (the ``accurate`` model): stage one proposes more cues
than it decides on, and a score decides which proposals are cues.

Two scores. ``by="stage-one"`` (shipped since session 14): the mean, over a
proposal's tokens, of the CRF's marginal cue probability and of the first
network's cue probability, averaged; a proposal is kept when it reaches the
threshold. ``by="cuenet"`` (session 6's experiment, ``train --verify``): the
cue network's own judgement, described next.

Proposals are stage one's Viterbi cues plus *candidates*: runs of tokens
where the CRF's marginal probability of a cue label (``B-C`` + ``I-C``) is at
least ``candidates`` and that overlap no Viterbi cue. The cue network is
trained on the gold cues of train and on the proposals of train that overlap
no gold cue (every word of their window labelled ``O``, the proposal too), so
its mean probability of ``C`` over a proposal's words says whether the
proposal is a cue at all. A Viterbi cue is kept when that score reaches
``keep_found``, a candidate when it reaches ``keep_new``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .percue import window
from .structure import Chunk, chunks


@dataclass(frozen=True)
class VerifyConfig:
    candidates: float = 0.1  # least marginal cue probability of a candidate's tokens
    keep_found: float = 0.0  # least score of a Viterbi cue
    keep_new: float = 0.5  # least score of a candidate
    by: str = "cuenet"  # "cuenet": the cue network's C probability; "stage-one": CRF marginal + network

    @classmethod
    def stage_one(cls, threshold: float = 0.6) -> VerifyConfig:
        """One threshold for Viterbi cues and candidates alike (0.6 shipped,
        chosen on dev in session 14). A candidate needs a CRF marginal of at
        least ``2 * threshold - 1`` to reach it, so only such runs are proposed."""
        return cls(candidates=round(max(0.01, 2 * threshold - 1), 4), keep_found=threshold, keep_new=threshold,
                   by="stage-one")

    @classmethod
    def from_json(cls, data: dict | None) -> VerifyConfig | None:
        return None if data is None else cls(**data)

    def to_json(self) -> dict:
        return asdict(self)


def marginal_runs(tagger, n: int, threshold: float) -> list[list[int]]:
    """Index runs of the sequence last tagged by ``tagger`` (length ``n``)
    whose tokens have a cue marginal of at least ``threshold``; a token more
    likely ``B-C`` than ``I-C`` starts a new run."""
    known = set(tagger.labels())
    if "B-C" not in known or "I-C" not in known:
        return []
    out: list[list[int]] = []
    cur: list[int] | None = None
    for k in range(n):
        b, i = tagger.marginal("B-C", k), tagger.marginal("I-C", k)
        if b + i >= threshold:
            if cur is not None and b > i:
                out.append(cur)
                cur = None
            cur = (cur or []) + [k]
        elif cur is not None:
            out.append(cur)
            cur = None
    if cur:
        out.append(cur)
    return out


def proposals(par, labels, tagger, threshold: float | None) -> list[tuple[Chunk, bool]]:
    """``[(cue chunk, found by Viterbi)]`` for a paragraph just tagged by
    ``tagger`` with ``labels``: the Viterbi cues, then (with a ``threshold``)
    the candidates that overlap none of them."""
    found = [c for c in chunks(par, labels) if c.role == "C"]
    out = [(c, True) for c in found]
    if threshold is None:
        return out
    taken = {t.i for c in found for t in c.toks}
    for run in marginal_runs(tagger, len(par), threshold):
        if not any(par[k].i in taken for k in run):
            out.append((Chunk("C", [par[k] for k in run]), False))
    return out


def stage_one_score(tagger, par, run: list[int], probs) -> float:
    """For the paragraph ``par`` just tagged by ``tagger``: the mean over the
    tokens at paragraph indices ``run`` of the CRF's marginal cue probability
    (``B-C`` + ``I-C``), averaged with the mean of the network's cue
    probability (``probs``: per document token, the network's label
    probabilities; columns 3 and 4 are ``B-C`` and ``I-C``)."""
    marg = sum(tagger.marginal("B-C", k) + tagger.marginal("I-C", k) for k in run) / len(run)
    net = sum(probs[par[k].i][3] + probs[par[k].i][4] for k in run) / len(run)
    return (marg + net) / 2


def cue_score(cp, window_toks, cue_toks, c_index: int) -> float:
    """Mean probability of the cue label (column ``c_index`` of ``cp``, the
    cue network's probabilities per window token) over the cue's tokens."""
    own = {t.i for t in cue_toks}
    ps = [cp[k][c_index] for k, t in enumerate(window_toks) if t.i in own]
    return sum(ps) / len(ps) if ps else 0.0


def keep(score: float, by_viterbi: bool, conf: VerifyConfig) -> bool:
    return score >= (conf.keep_found if by_viterbi else conf.keep_new)


def overlaps_gold(chunk: Chunk, gold) -> bool:
    s, e = chunk.span()
    return any(a < e and s < b for att in gold for a, b in att.role("cue"))


def not_cues(finder, parsed, probs, threshold: float) -> list[list[tuple[list, list]]]:
    """Per training document of ``[(sdoc, gold)]``, the proposals of the
    stage one of ``finder`` (a ``CRFFinder``; ``probs``: the network's
    probabilities per document) that overlap no gold cue, as ``(window
    tokens, cue tokens)``: the cue network's negative examples."""
    out = []
    for (sdoc, gold), p in zip(parsed, probs, strict=True):
        items = []
        for par, labels in finder.tagged(sdoc, p):
            items.extend((window(par, c.toks), c.toks) for c, _ in proposals(par, labels, finder.tagger, threshold)
                         if not overlaps_gold(c, gold))
        out.append(items)
    return out
