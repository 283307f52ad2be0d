"""Scores per group of documents (attribution/groups.py, ``eval polnear --by``)."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from reportedly.attribution.groups import UNLISTED, assign_groups, format_groups, score_groups
from reportedly.attribution.score import score_docs
from reportedly.cli import app
from reportedly.errors import InputNotFound, MalformedInput
from reportedly.schema import schema_for

T1 = "Officials said the road was closed."
G1 = [{"source": [(0, 9)], "cue": [(10, 14)], "content": [(15, 34)]}]
T2 = "The mayor told reporters that the plan was dead."
G2 = [{"source": [(0, 9)], "cue": [(10, 14)], "content": [(30, 47)]}]
T3 = "The bridge was built in 1902, the council said."
G3 = [{"source": [(30, 41)], "cue": [(42, 46)], "content": [(0, 28)]}]
IDS = ["nyt_2016-10-01_road", "nyt_2016-10-02_mayor", "west-journal_2016-10-03_bridge"]


def test_publisher_is_the_id_up_to_the_first_underscore():
    assert assign_groups("publisher", IDS) == {
        IDS[0]: "nyt", IDS[1]: "nyt", IDS[2]: "west-journal"}
    assert assign_groups("publisher", ["plain"]) == {"plain": "plain"}


def test_a_tsv_with_a_header_and_extra_columns(tmp_path):
    f = tmp_path / "annotators.tsv"
    f.write_text("doc\tchosen_annotator\tn\n"
                 f"{IDS[0]}\t4b22\t1\n{IDS[2]}\t5fec\t2\nsome-train-doc\t4b22\t1\n", encoding="utf-8")
    groups = assign_groups(str(f), IDS)
    # the header names no document, the train document is not here, IDS[1] is not listed
    assert groups == {IDS[0]: "4b22", IDS[1]: UNLISTED, IDS[2]: "5fec"}


def test_a_csv_file(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text(f"{IDS[0]},a\n\n{IDS[1]}, b \n", encoding="utf-8")
    assert assign_groups(str(f), IDS[:2]) == {IDS[0]: "a", IDS[1]: "b"}


@pytest.mark.parametrize(("content", "message"), [
    (f"{IDS[0]}\n", "line 1: expected a document id and a group"),
    (f"{IDS[0]}\ta\n{IDS[0]}\tb\n", "line 2: document nyt_2016-10-01_road is in two groups"),
    ("other\ta\n", "names none of the 3 documents"),
    ("\n\n", "no 'doc<TAB>group' lines"),
])
def test_bad_group_files(tmp_path, content, message):
    f = tmp_path / "g.tsv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(MalformedInput, match=message):
        assign_groups(str(f), IDS)


def test_a_file_that_is_not_utf8_or_not_there(tmp_path):
    f = tmp_path / "g.tsv"
    f.write_bytes(b"\xff\xfe\x00a\tb\n")
    with pytest.raises(MalformedInput, match="not UTF-8"):
        assign_groups(str(f), IDS)
    with pytest.raises(InputNotFound, match="neither a grouping rule"):
        assign_groups(str(tmp_path / "none.tsv"), IDS)


def test_group_scores_add_up_to_the_whole():
    rows = [(IDS[0], T1, G1, G1), (IDS[1], T2, G2, []), (IDS[2], T3, G3, G3)]
    groups = assign_groups("publisher", IDS)
    entries = score_groups(rows, groups)
    assert [(e["group"], e["docs"]) for e in entries] == [("nyt", 2), ("west-journal", 1)]
    nyt, wj = (e["scores"] for e in entries)
    assert nyt["exact"]["cue"]["f1"] == pytest.approx(200 / 3)  # P 100, R 50
    assert wj["exact"]["content"]["f1"] == 100.0
    whole = score_docs(r[1:] for r in rows)
    for role in ("source", "cue", "content"):
        assert sum(e["scores"]["exact"][role]["tp"] for e in entries) == whole["exact"][role]["tp"]
    table = format_groups(entries).splitlines()
    assert table[0].split()[:3] == ["group", "docs", "gold"]
    assert table[1].split() == ["nyt", "2", "2", "66.7", "66.7", "66.7", "66.7"]


def _brat_dir(tmp_path):
    d = tmp_path / "dev"
    d.mkdir()
    for doc, text, gold in zip(IDS, (T1, T2, T3), (G1, G2, G3), strict=True):
        (d / f"{doc}.txt").write_text(text, encoding="utf-8")
        (s0, e0), (s1, e1), (s2, e2) = gold[0]["source"][0], gold[0]["cue"][0], gold[0]["content"][0]
        (d / f"{doc}.ann").write_text(
            f"T1\tSource {s0} {e0}\t{text[s0:e0]}\nT2\tCue {s1} {e1}\t{text[s1:e1]}\n"
            f"T3\tContent {s2} {e2}\t{text[s2:e2]}\nE1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n",
            encoding="utf-8")
    return d


def test_eval_polnear_by_publisher_and_by_file(tmp_path):
    d = _brat_dir(tmp_path)
    res = CliRunner().invoke(app, ["eval", "polnear", str(d), "--model", "rules", "--by", "publisher"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output.strip().splitlines()[-1])
    jsonschema.Draft202012Validator(schema_for("eval-polnear")).validate(out)
    assert [(g["group"], g["docs"]) for g in out["groups"]] == [("nyt", 2), ("west-journal", 1)]
    assert sum(g["scores"]["attribution"]["n_gold"] for g in out["groups"]) == 3
    assert any(line.startswith("west-journal ") for line in res.output.splitlines())

    f = tmp_path / "ann.tsv"
    f.write_text(f"doc\tannotator\n{IDS[0]}\tx\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "polnear", str(d), "--model", "rules", "--by", str(f), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert [(g["group"], g["docs"]) for g in out["groups"]] == [(UNLISTED, 2), ("x", 1)]


def test_eval_polnear_bad_by_is_one_line(tmp_path):
    d = _brat_dir(tmp_path)
    res = CliRunner().invoke(app, ["eval", "polnear", str(d), "--model", "rules", "--by", "annotator"])
    assert res.exit_code == InputNotFound.exit_code
    assert "neither a grouping rule" in res.output and "Traceback" not in res.output
    f = tmp_path / "g.tsv"
    f.write_text("only-one-column\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "polnear", str(d), "--model", "rules", "--by", str(f)])
    assert res.exit_code == MalformedInput.exit_code and "line 1" in res.output
