"""``reportedly eval matching``: claim matching against hand-labelled pairs.

The gold lives in the repository's ``tests/data/matching/`` (``*_pairs.tsv``:
id, split, label same|related|different, conflict 0|1, origin, a, b); a pair
is scored as a binary decision "same claim or not". ``tune`` is the split the
thresholds were chosen on, ``heldout`` the one reported.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..errors import InputNotFound

GOLD_DIR = Path(__file__).resolve().parents[3] / "tests" / "data" / "matching"


def load_pairs(path: str | Path | None = None, split: str = "heldout") -> list[dict]:
    files = [Path(path)] if path else sorted(GOLD_DIR.glob("*_pairs.tsv"))
    if not files or not all(f.exists() for f in files):
        raise InputNotFound("no matching gold found", hint="run from a checkout of the repository or give --data FILE")
    rows = []
    for f in files:
        with open(f, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                if split == "all" or row["split"] == split:
                    rows.append(row)
    return rows


def scores(gold: list[str], pred: list[str]) -> dict:
    tp = sum(g == p == "same" for g, p in zip(gold, pred, strict=True))
    fp = sum(p == "same" and g != "same" for g, p in zip(gold, pred, strict=True))
    fn = sum(g == "same" and p != "same" for g, p in zip(gold, pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    acc3 = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "accuracy3": round(acc3, 4), "tp": tp, "fp": fp, "fn": fn}


def evaluate_matching(split: str = "heldout", path: str | None = None, **thresholds) -> dict:
    from .matching import match_pairs

    rows = load_pairs(path, split)
    decisions = match_pairs([(r["a"], r["b"]) for r in rows], **thresholds)
    out = scores([r["label"] for r in rows], [d.label for d in decisions])
    conflicts = [r for r, d in zip(rows, decisions, strict=True) if r.get("conflict") == "1"]
    found = sum(d.conflict for r, d in zip(rows, decisions, strict=True) if r.get("conflict") == "1")
    false_conf = sum(d.conflict for r, d in zip(rows, decisions, strict=True) if r.get("conflict") != "1")
    out.update({"split": split, "pairs": len(rows), "conflict_recall": round(found / len(conflicts), 4)
                if conflicts else None, "false_conflicts": false_conf})
    return out
