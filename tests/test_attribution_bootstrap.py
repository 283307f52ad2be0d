"""Bootstrap intervals and the paired comparison of two prediction files
(attribution/bootstrap.py, ``reportedly eval compare``, ``eval polnear --bootstrap``)."""

from __future__ import annotations

import json

import jsonschema
import numpy as np
import pytest
from typer.testing import CliRunner

from reportedly.attribution.bootstrap import doc_counts, intervals, load_predictions, paired
from reportedly.attribution.score import score_docs
from reportedly.cli import app
from reportedly.errors import MalformedInput
from reportedly.schema import schema_for


def valid(name, obj):
    jsonschema.Draft202012Validator(schema_for(name)).validate(obj)
    return obj

# Three hand-made documents: (text, gold, a weaker system, a stronger one).
T1 = "“We will win,” she said. The mayor told reporters that the plan was dead."
G1 = [{"source": [(15, 18)], "cue": [(19, 23)], "content": [(1, 12)]},
      {"source": [(25, 34)], "cue": [(35, 39)], "content": [(55, 72)]}]
T2 = "Officials said the road was closed."
G2 = [{"source": [(0, 9)], "cue": [(10, 14)], "content": [(15, 34)]}]
T3 = "The bridge was built in 1902."
G3: list = []
WEAK = [[G1[0]], [{"source": [(0, 9)], "cue": [(10, 14)], "content": [(15, 23)]}], []]
STRONG = [G1, G2, []]
DOCS = [(T1, G1), (T2, G2), (T3, G3)]


def rows(preds):
    return [(t, g, p) for (t, g), p in zip(DOCS, preds, strict=True)]


def test_doc_counts_add_up_to_the_scorer():
    counts = doc_counts(rows(WEAK))
    assert counts.shape == (3, 4, 3)
    total = score_docs(rows(WEAK))
    assert counts.sum(axis=0)[1].tolist() == [total["exact"]["cue"]["tp"], total["exact"]["cue"]["n_pred"],
                                               total["exact"]["cue"]["n_gold"]]
    # the content of doc 2 stops short ("the road"): not exact
    assert counts[1, 2].tolist() == [0, 1, 1]
    assert counts[:, 3].sum(axis=0).tolist() == [total["attribution"]["tp"], total["attribution"]["n_pred"],
                                                 total["attribution"]["n_gold"]]


def test_intervals_contain_the_estimate_and_are_seeded():
    counts = doc_counts(rows(WEAK))
    iv = intervals(counts, n=500, seed=3)
    assert iv["cue"]["f1"] == pytest.approx(score_docs(rows(WEAK))["exact"]["cue"]["f1"])
    for m in iv.values():
        assert m["low"] <= m["f1"] <= m["high"]
    assert iv["content"]["low"] < iv["content"]["high"]  # the documents disagree on content
    assert intervals(counts, n=500, seed=3) == iv
    # a perfect system has no spread
    perfect = intervals(doc_counts(rows(STRONG)), n=200)
    assert all(m["low"] == m["high"] == 100.0 for m in perfect.values())


def test_paired_same_system_and_better_system():
    a, b = doc_counts(rows(WEAK)), doc_counts(rows(STRONG))
    same = paired(a, a, n=300)
    assert all(m["diff"] == 0 and m["p_better"] == 0 and m["low"] == m["high"] == 0 for m in same.values())
    res = paired(a, b, n=1000, seed=1)
    assert res["content"]["b"] == 100.0 and res["content"]["diff"] > 0
    # B is never worse on any document, so B - A is never negative
    assert res["content"]["low"] >= 0 and res["attribution"]["low"] >= 0
    # doc 3 alone has no attributions; resamples made only of it tie
    assert 0.9 < res["content"]["p_better"] < 1.0
    with pytest.raises(ValueError):
        paired(a, a[:2])


def _write(path, recs):
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")


@pytest.mark.parametrize(("line", "message"), [
    ("not json", "not JSON"),
    ('{"doc": "a"}', "expected"),
    ('{"doc": "a", "attributions": [1]}', "not an object"),
    ('{"doc": "a", "attributions": [{"cue": [[5, 2]]}]}', "bad span"),
    ('{"doc": "a", "attributions": [{"cue": [5, 9]}]}', "bad span"),
])
def test_load_predictions_rejects_bad_lines(tmp_path, line, message):
    p = tmp_path / "p.jsonl"
    p.write_text('{"doc": "z", "attributions": []}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match=message) as exc:
        load_predictions(p)
    assert "line 2" in str(exc.value)


def test_load_predictions_rejects_a_document_twice(tmp_path):
    p = tmp_path / "p.jsonl"
    _write(p, [{"doc": "a", "attributions": []}, {"doc": "a", "attributions": []}])
    with pytest.raises(MalformedInput, match="given twice"):
        load_predictions(p)


@pytest.fixture
def corpus(tmp_path):
    """T1 and T2 as brat documents, and WEAK / STRONG as prediction files."""
    d = tmp_path / "dev"
    d.mkdir()
    for name, text, gold in (("d1", T1, G1), ("d2", T2, G2)):
        (d / f"{name}.txt").write_text(text, encoding="utf-8")
        lines, k = [], 0
        for i, att in enumerate(gold, 1):
            ids = {}
            for role, label in (("source", "Source"), ("cue", "Cue"), ("content", "Content")):
                k += 1
                (s, e), = att[role]
                lines.append(f"T{k}\t{label} {s} {e}\t{text[s:e]}")
                ids[label] = f"T{k}"
            lines.append(f"E{i}\tAttribution:{ids['Cue']} Source:{ids['Source']} Cue:{ids['Cue']} "
                         f"Content:{ids['Content']}")
        (d / f"{name}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def preds(name, sets):
        p = tmp_path / name
        _write(p, [{"doc": doc, "attributions": [{r: [list(x) for x in a[r]] for r in a} for a in atts]}
                   for doc, atts in zip(("d1", "d2"), sets, strict=True)])
        return p

    return d, preds("weak.jsonl", WEAK[:2]), preds("strong.jsonl", STRONG[:2])


def test_eval_compare_command(corpus):
    d, weak, strong = corpus
    res = CliRunner().invoke(app, ["eval", "compare", str(d), str(weak), str(strong), "--bootstrap", "300"])
    assert res.exit_code == 0, res.output
    assert "P(B > A)" in res.output
    out = valid("eval-compare", json.loads(res.output.strip().splitlines()[-1]))
    assert out["scored_docs"] == 2
    assert out["scores"]["b"]["exact"]["content"]["f1"] == 100.0
    assert out["scores"]["a"]["exact"]["content"]["tp"] == 1
    assert out["paired"]["content"]["diff"] > 0 and out["paired"]["source"]["diff"] > 0


def test_eval_compare_errors_are_one_line(corpus, tmp_path):
    d, weak, strong = corpus
    short = tmp_path / "short.jsonl"
    _write(short, [{"doc": "d1", "attributions": []}])
    res = CliRunner().invoke(app, ["eval", "compare", str(d), str(weak), str(short)])
    assert res.exit_code == MalformedInput.exit_code
    assert "no line for document d2" in res.output and "Traceback" not in res.output
    stray = tmp_path / "stray.jsonl"
    _write(stray, [{"doc": "d1", "attributions": []}, {"doc": "d2", "attributions": []},
                   {"doc": "zz", "attributions": []}])
    res = CliRunner().invoke(app, ["eval", "compare", str(d), str(weak), str(stray)])
    assert res.exit_code == MalformedInput.exit_code and "zz is not in the directory" in res.output
    past = tmp_path / "past.jsonl"
    _write(past, [{"doc": "d1", "attributions": []},
                  {"doc": "d2", "attributions": [{"cue": [[10, 999]]}]}])
    res = CliRunner().invoke(app, ["eval", "compare", str(d), str(weak), str(past)])
    assert res.exit_code == MalformedInput.exit_code and "past its end" in res.output
    res = CliRunner().invoke(app, ["eval", "compare", str(d), str(weak), str(tmp_path / "none.jsonl")])
    assert res.exit_code == 3


def test_eval_polnear_bootstrap(corpus, tmp_path):
    d, _, _ = corpus
    res = CliRunner().invoke(app, ["eval", "polnear", str(d), "--model", "rules", "--bootstrap", "200",
                                   "--errors", "3", "--predictions", str(tmp_path / "p.jsonl")])
    assert res.exit_code == 0, res.output
    out = valid("eval-polnear", json.loads(res.output.strip().splitlines()[-1]))
    iv = out["intervals"]
    assert set(iv) == {"source", "cue", "content", "attribution"}
    assert iv["cue"]["f1"] == pytest.approx(out["scores"]["exact"]["cue"]["f1"])
    assert all(m["low"] <= m["f1"] <= m["high"] for m in iv.values())
    assert "90% interval" in res.output


def test_counts_are_integers():
    assert doc_counts(rows(WEAK)).dtype == np.int64
    with pytest.raises(MalformedInput):
        doc_counts([])


def test_eval_polnear_output_without_gold_matches_its_schema(tmp_path):
    (tmp_path / "a.txt").write_text("Officials said the road was closed.", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "polnear", str(tmp_path), "--model", "rules", "--json"])
    assert res.exit_code == 0, res.output
    out = valid("eval-polnear", json.loads(res.output.strip().splitlines()[-1]))
    assert out["scores"] is None
    with pytest.raises(jsonschema.ValidationError):
        valid("eval-polnear", {**out, "scores": {"exact": {}}})


def test_schema_command_knows_the_eval_outputs():
    for name in ("eval-polnear", "eval-compare"):
        res = CliRunner().invoke(app, ["schema", name])
        assert res.exit_code == 0, res.output
        assert json.loads(res.output)["$ref"] == f"#/$defs/{name}"
