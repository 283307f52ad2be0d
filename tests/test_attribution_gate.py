"""Evaluation gate: the shipped model on PolNeAR dev must not fall below the
pinned figures in tests/data/attribution/baseline.json (achieved figures
minus a small tolerance). Skipped when ../shared is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
DEV = ROOT.parents[1] / "shared" / "data" / "polnear" / "dev"
BASELINE = ROOT / "data" / "attribution" / "baseline.json"


@pytest.mark.slow
def test_dev_f1_not_below_baseline(nlp):
    if not DEV.is_dir():
        pytest.skip("../shared PolNeAR dev absent")
    from reportedly.attribution import load_finder
    from reportedly.attribution.evaluate import evaluate_dir

    base = json.loads(BASELINE.read_text(encoding="utf-8"))
    finder = load_finder(base["model"])
    assert finder is not None, f"model {base['model']!r} not shipped"
    res = evaluate_dir(DEV, finder, nlp=nlp)["scores"]
    got = {f"{mode}.{role}": res[mode][role]["f1"] for mode in ("exact", "lenient") for role in ("source", "cue", "content")}
    got["attribution"] = res["attribution"]["f1"]
    low = {k: v for k, v in base["min_f1"].items() if got[k] < v}
    assert not low, {k: (round(got[k], 2), v) for k, v in low.items()}
