"""Run a finder over a PolNeAR-style directory and score it."""

from __future__ import annotations

import json
import time
from pathlib import Path

from .brat import load_dir
from .score import score_docs


def predict_dir(directory: Path, finder, nlp=None, batch_size: int = 8):
    """Yield ``(doc_id, text, gold or None, [RawAttribution])`` per ``<id>.txt``."""
    from ..pipeline import load_nlp, make_parse_text

    nlp = nlp or load_nlp()
    docs = load_dir(directory)
    texts = (make_parse_text(text, []) for _, text, _ in docs)
    for (doc_id, text, gold), sdoc in zip(docs, nlp.pipe(texts, batch_size=batch_size), strict=True):
        yield doc_id, text, gold, finder(sdoc)


def to_json(doc_id: str, atts) -> dict:
    return {"doc": doc_id, "attributions": [
        {"source": [list(s) for s in a.source], "cue": [list(s) for s in a.cue],
         "content": [list(s) for s in a.content]} for a in atts]}


def evaluate_dir(directory: Path, finder, predictions: Path | None = None, nlp=None, errors: int = 0,
                 bootstrap: int = 0, by: str | None = None) -> dict:
    """Predict every document; write JSONL predictions if asked; score the
    documents that have an ``.ann``. Returns ``{"docs", "scored_docs",
    "seconds", "scores" (None when nothing was scored)}``; with
    ``errors=N``, ``"errors"``: the N most frequent error kinds; with
    ``bootstrap=N``, ``"intervals"``: 90% intervals of the exact and
    attribution F1s over N document resamples (see bootstrap.py); with
    ``by`` (a rule or a ``doc<TAB>group`` file, see groups.py),
    ``"groups"``: the scores of each group of documents."""
    groups = None
    if by is not None:  # checked before the model runs, so a bad file fails at once
        from .groups import assign_groups

        groups = assign_groups(by, (p.stem for p in sorted(Path(directory).glob("*.txt"))))
    t0 = time.perf_counter()
    rows, n = [], 0
    fh = open(predictions, "w", encoding="utf-8") if predictions else None
    try:
        for doc_id, text, gold, atts in predict_dir(Path(directory), finder, nlp):
            n += 1
            if fh:
                fh.write(json.dumps(to_json(doc_id, atts), ensure_ascii=False) + "\n")
            if gold is not None:
                rows.append((doc_id, text, gold, atts))
    finally:
        if fh:
            fh.close()
    out = {"docs": n, "scored_docs": len(rows), "seconds": round(time.perf_counter() - t0, 2),
           "scores": score_docs(r[1:] for r in rows) if rows else None}
    if errors and rows:
        from .analysis import error_kinds

        out["errors"] = error_kinds(rows)[:errors]
    if bootstrap and rows:
        from .bootstrap import doc_counts, intervals

        out["intervals"] = intervals(doc_counts(r[1:] for r in rows), n=bootstrap)
    if groups is not None and rows:
        from .groups import score_groups

        out["groups"] = score_groups(rows, groups)
    return out
