"""The attribution metric on hand-made cases, and agreement with the
reference scorer on PolNeAR dev."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reportedly.attribution.brat import load_dir
from reportedly.attribution.score import score_docs, unit

SHARED = Path(__file__).resolve().parents[2] / "shared"

TEXT = "“We will win,” Smith said. Jones said that it was over."
#       0123456789012345678901234567890123456789012345678901234
GOLD = [
    {"source": [(15, 20)], "cue": [(21, 25)], "content": [(1, 12)]},
    {"source": [(27, 32)], "cue": [(33, 37)], "content": [(38, 54)]},
]


def test_unit_trims_punctuation_and_fills_gaps():
    assert unit(TEXT, [(0, 14)]) == unit(TEXT, [(1, 12)])  # quotes and comma trimmed
    assert unit(TEXT, [(1, 3), (4, 8)]) == frozenset(range(1, 8))  # gap of one space filled
    assert unit(TEXT, [(12, 14)]) == frozenset({12, 13})  # punctuation only: kept raw


def test_perfect_and_empty():
    res = score_docs([(TEXT, GOLD, GOLD)])
    assert all(res["exact"][r]["f1"] == 100.0 for r in ("source", "cue", "content"))
    assert res["attribution"]["f1"] == 100.0
    res = score_docs([(TEXT, GOLD, [])])
    assert res["exact"]["cue"]["r"] == 0.0 and res["attribution"]["f1"] == 0.0


def test_partial_content_is_lenient_not_exact():
    pred = [
        {"source": [(15, 20)], "cue": [(21, 25)], "content": [(1, 12)]},
        # content missing "that" and "over": still Dice >= 0.5, so the attribution matches
        {"source": [(27, 32)], "cue": [(33, 37)], "content": [(43, 49)]},
    ]
    res = score_docs([(TEXT, GOLD, pred)])
    assert res["exact"]["content"]["tp"] == 1
    assert res["lenient"]["content"]["tp"] == 2
    # tokens {it, was} vs {that, it, was, over}: Dice 2*2/(2+4) = 0.67 >= 0.5
    assert TEXT[43:49] == "it was"
    assert res["attribution"]["tp"] == 2
    pred[1]["content"] = [(50, 54)]  # "over" alone: Dice 0.4
    assert score_docs([(TEXT, GOLD, pred)])["attribution"]["tp"] == 1


def test_wrong_source_fails_attribution_but_not_content():
    pred = [{"source": [(27, 32)], "cue": [(21, 25)], "content": [(1, 12)]}]
    res = score_docs([(TEXT, GOLD, pred)])
    assert res["exact"]["content"]["tp"] == 1
    assert res["attribution"]["tp"] == 0
    assert res["exact"]["source"]["tp"] == 1  # role units are matched independently


def test_duplicate_predictions_count_once():
    res = score_docs([(TEXT, GOLD[:1], GOLD[:1] * 2)])
    assert res["exact"]["cue"]["tp"] == 1 and res["exact"]["cue"]["n_pred"] == 2
    assert res["exact"]["cue"]["p"] == 50.0


@pytest.mark.slow
def test_agrees_with_reference_on_dev(tmp_path):
    dev = SHARED / "data" / "polnear" / "dev"
    ref = SHARED / "tools" / "attrib_score.py"
    if not dev.is_dir() or not ref.exists():
        pytest.skip("../shared PolNeAR dev or reference scorer absent")
    # predictions: gold perturbed in ways the two scorers must treat alike
    docs = load_dir(dev)
    rows, lines = [], []
    for k, (doc, text, gold) in enumerate(docs):
        pred = []
        for j, a in enumerate(gold):
            if (j + k) % 5 == 0:
                continue  # drop some
            p = {"source": list(a.source), "cue": list(a.cue), "content": list(a.content)}
            if j % 3 == 0 and p["content"]:
                s, e = p["content"][0]
                p["content"][0] = (s, max(s + 1, e - 7))  # clip content
            if j % 4 == 1 and p["source"]:
                s, e = p["source"][0]
                p["source"][0] = (max(0, s - 2), e)  # widen source
            if j % 7 == 2:
                p["cue"] = []
            pred.append(p)
        rows.append((text, gold, pred))
        lines.append(json.dumps({"doc": doc, "attributions": [{r: [list(x) for x in p[r]] for r in p} for p in pred]}))
    path = tmp_path / "pred.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mine = score_docs(rows)
    out = subprocess.run([sys.executable, str(ref), str(dev), str(path)], capture_output=True, text=True, check=True)
    theirs = json.loads(out.stdout.strip().splitlines()[-1])
    for mode in ("exact", "lenient"):
        for r in ("source", "cue", "content"):
            for k in ("p", "r", "f1"):
                assert abs(mine[mode][r][k] - theirs[mode][r][k]) <= 0.1, (mode, r, k)
    for k in ("p", "r", "f1"):
        assert abs(mine["attribution"][k] - theirs["attribution"][k]) <= 0.1
    assert mine["exact"]["content"]["f1"] < 100.0  # the perturbations did bite
