"""How sure a PolNeAR score is: document-level bootstrap intervals for one
set of predictions, and a paired bootstrap for two.

PolNeAR's dev split has 84 documents, so a change of half a point in F1 can be
chance. Resampling whole documents with replacement (the unit the errors
cluster in) and recomputing F1 from the summed counts gives an interval for
each figure; resampling the *same* documents for two systems gives the
distribution of their difference, and how often the second one wins.

Each document's counts come from :func:`score.score_docs` run on that
document alone; they add up to the corpus counts, so the point estimates
here are exactly the ones the scorer prints.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..errors import InputNotFound, MalformedInput
from .score import score_docs

# (label, section of score_docs' result, role or None)
FIGURES = (("source", "exact", "source"), ("cue", "exact", "cue"), ("content", "exact", "content"),
           ("attribution", "attribution", None))


def doc_counts(docs) -> np.ndarray:
    """``docs``: iterable of ``(text, gold, pred)``. Returns an int array of
    shape (documents, figures, 3): true positives, predicted, gold."""
    rows = []
    for text, gold, pred in docs:
        s = score_docs([(text, gold, pred)])
        rows.append([[m["tp"], m["n_pred"], m["n_gold"]]
                     for m in (s[sec][role] if role else s[sec] for _, sec, role in FIGURES)])
    if not rows:
        raise MalformedInput("no scored documents to resample", hint="give a directory with .ann files")
    return np.asarray(rows, dtype=np.int64)


def _f1(summed: np.ndarray) -> np.ndarray:
    """F1 in points from (..., 3) summed counts: 2 TP / (pred + gold)."""
    denom = summed[..., 1] + summed[..., 2]
    return np.where(denom > 0, 200.0 * summed[..., 0] / np.maximum(denom, 1), 100.0)


def _indices(docs: int, n: int, seed: int) -> np.ndarray:
    """``n`` resamples of ``docs`` document indices, with replacement (seeded)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    return np.random.default_rng(seed).integers(0, docs, size=(n, docs))


def intervals(counts: np.ndarray, n: int = 2000, seed: int = 0, level: float = 0.9) -> dict:
    """Per figure: ``{"f1", "low", "high"}``, the percentile interval at
    ``level`` over ``n`` document resamples (seeded, so reruns agree)."""
    f1 = _f1(counts.sum(axis=0))
    boot = _f1(counts[_indices(counts.shape[0], n, seed)].sum(axis=1))
    lo, hi = np.quantile(boot, [(1 - level) / 2, (1 + level) / 2], axis=0)
    return {label: {"f1": float(f1[j]), "low": float(lo[j]), "high": float(hi[j])}
            for j, (label, _, _) in enumerate(FIGURES)}


def paired(a: np.ndarray, b: np.ndarray, n: int = 2000, seed: int = 0, level: float = 0.9) -> dict:
    """Paired bootstrap of system B against system A on the same documents.
    Per figure: both F1s, the difference B - A, its interval at ``level``,
    and ``p_better``, the share of resamples where B's F1 is higher."""
    if a.shape != b.shape:
        raise ValueError("the two systems must be scored on the same documents")
    fa, fb = _f1(a.sum(axis=0)), _f1(b.sum(axis=0))
    idx = _indices(a.shape[0], n, seed)
    diff = _f1(b[idx].sum(axis=1)) - _f1(a[idx].sum(axis=1))
    lo, hi = np.quantile(diff, [(1 - level) / 2, (1 + level) / 2], axis=0)
    better = (diff > 0).mean(axis=0)
    return {label: {"a": float(fa[j]), "b": float(fb[j]),
                    "diff": float(fb[j] - fa[j]), "low": float(lo[j]),
                    "high": float(hi[j]), "p_better": round(float(better[j]), 3)}
            for j, (label, _, _) in enumerate(FIGURES)}


def _spans(value, where: str) -> list[tuple[int, int]]:
    if not isinstance(value, list):
        raise MalformedInput(f"{where}: expected a list of [start, end] pairs")
    out = []
    for pair in value:
        if (not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(x, int) for x in pair)
                or pair[0] < 0 or pair[1] < pair[0]):
            raise MalformedInput(f"{where}: bad span {pair!r}", hint="spans are [start, end] code-point offsets")
        out.append((pair[0], pair[1]))
    return out


def load_predictions(path: str | Path) -> dict[str, list[dict]]:
    """Read predictions written by ``eval polnear --predictions``: one JSON
    object per line, ``{"doc", "attributions": [{"source", "cue",
    "content"}]}``. Returns ``{doc_id: [attribution dicts]}``; raises
    MalformedInput on a bad line or a document given twice."""
    p = Path(path)
    if not p.is_file():
        raise InputNotFound(f"no such predictions file: {p}")
    out: dict[str, list[dict]] = {}
    with open(p, encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{p.name} line {no}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise MalformedInput(f"{where}: not JSON ({exc.msg})") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("doc"), str) \
                    or not isinstance(obj.get("attributions"), list):
                raise MalformedInput(f'{where}: expected {{"doc": ..., "attributions": [...]}}')
            if obj["doc"] in out:
                raise MalformedInput(f"{where}: document {obj['doc']} given twice")
            atts = []
            for k, a in enumerate(obj["attributions"]):
                if not isinstance(a, dict):
                    raise MalformedInput(f"{where}: attribution {k} is not an object")
                atts.append({r: _spans(a.get(r, []), f"{where}, attribution {k}, {r}")
                             for r in ("source", "cue", "content")})
            out[obj["doc"]] = atts
    return out


def pair_with_gold(docs, predictions: dict[str, list[dict]], name: str) -> list[tuple]:
    """``docs`` from ``brat.load_dir``; returns ``[(text, gold, pred)]`` for the
    documents with gold. A predictions file must cover exactly those
    documents: one that misses a document, names one not in the directory, or
    points past a document's end is an error, not silently scored."""
    gold_ids = {d for d, _, g in docs if g is not None}
    extra = sorted(set(predictions) - {d for d, _, _ in docs})
    if extra:
        raise MalformedInput(f"{name}: document {extra[0]} is not in the directory ({len(extra)} such)")
    missing = sorted(gold_ids - set(predictions))
    if missing:
        raise MalformedInput(f"{name}: no line for document {missing[0]} ({len(missing)} missing)",
                             hint="an empty prediction is {\"doc\": ID, \"attributions\": []}")
    rows = []
    for doc_id, text, gold in docs:
        if gold is None:
            continue
        pred = predictions[doc_id]
        for a in pred:
            if any(e > len(text) for spans in a.values() for _, e in spans):
                raise MalformedInput(f"{name}: document {doc_id} has a span past its end ({len(text)} characters)")
        rows.append((text, gold, pred))
    return rows


def format_intervals(iv: dict, level: float = 0.9) -> str:
    lines = [f"{'F1 (exact; attribution)':<24} {'F1':>7} {f'{level:.0%} interval':>18}"]
    for label, m in iv.items():
        lines.append(f"{label:<24} {m['f1']:>7.1f} {m['low']:>8.1f} .. {m['high']:<6.1f}")
    return "\n".join(lines)


def format_paired(res: dict, level: float = 0.9) -> str:
    lines = [f"{'F1 (exact; attribution)':<24} {'A':>6} {'B':>6} {'B - A':>6} {f'{level:.0%} interval':>16} {'P(B > A)':>9}"]
    for label, m in res.items():
        lines.append(f"{label:<24} {m['a']:>6.1f} {m['b']:>6.1f} {m['diff']:>+6.1f} "
                     f"{m['low']:>+7.1f} .. {m['high']:<+6.1f} {m['p_better']:>9.3f}")
    return "\n".join(lines)
