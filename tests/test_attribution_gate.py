"""Evaluation gate: the shipped model, and the hybrid that analyze uses, must
not fall below the pinned PolNeAR dev figures in
tests/data/attribution/baseline.json (achieved figures minus a small
tolerance). Skipped when ../shared is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
DEV = ROOT.parents[1] / "shared" / "data" / "polnear" / "dev"
BASELINE = ROOT / "data" / "attribution" / "baseline.json"


def _f1s(res) -> dict[str, float]:
    got = {f"{mode}.{role}": res[mode][role]["f1"] for mode in ("exact", "lenient") for role in ("source", "cue", "content")}
    got["attribution"] = res["attribution"]["f1"]
    return got


@pytest.mark.slow
def test_dev_f1_not_below_baseline(nlp):
    """Both the model alone and the hybrid analyze uses, over one parse of dev."""
    if not DEV.is_dir():
        pytest.skip("../shared PolNeAR dev absent")
    from reportedly.attribution.evaluate import predict_dir
    from reportedly.attribution.score import score_docs
    from reportedly.extract.attribution import get_finder

    base = json.loads(BASELINE.read_text(encoding="utf-8"))["finders"]
    finders = {name: get_finder(name) for name in base}
    rows = {name: [] for name in base}
    for _doc_id, text, gold, preds in predict_dir(DEV, lambda sdoc: {n: f(sdoc) for n, f in finders.items()}, nlp):
        for name, atts in preds.items():
            rows[name].append((text, gold, atts))
    low = {}
    for name, pinned in base.items():
        got = _f1s(score_docs(rows[name]))
        low.update({f"{name} {k}": (round(got[k], 2), v) for k, v in pinned["min_f1"].items() if got[k] < v})
    assert not low, low
