"""The PolNeAR brat loader on hand-made tricky .ann lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportedly.attribution.brat import load_dir, parse_ann, read_text
from reportedly.errors import InputNotFound, MalformedInput

TRICKY = Path(__file__).resolve().parent / "data" / "attribution"


def test_tricky_file_roles():
    text = read_text(TRICKY / "tricky.txt")
    atts = parse_ann(read_text(TRICKY / "tricky.ann"))
    # E4 has only a trigger: not an attribution; Discard/Discuss/notes ignored
    assert len(atts) == 3
    a1, a2, a3 = atts
    # Content + Content2 joined into one content role
    assert a1.content == [(1, 12), (28, 41)]
    assert [text[s:e] for s, e in a1.content] == ["We will win", "It is certain"]
    assert a1.source == [(15, 20)] and a1.cue == [(21, 25)]
    # discontinuous span whose span text runs onto the next physical line
    assert a2.content == [(66, 79), (80, 88)]
    assert text[66:88] == "that the plan\nwas dead"
    # one Source text-bound shared by two events
    assert a2.source == a3.source == [(45, 50)]
    assert text[97:102] == "added" and a3.cue == [(97, 102)]


def test_offsets_are_code_points_without_newline_translation(tmp_path):
    (tmp_path / "d.txt").write_bytes("“A,”\r\nshe said.".encode())
    (tmp_path / "d.ann").write_text("T1\tSource 6 9\tshe\nT2\tCue 10 14\tsaid\nE1\tAttribution:T2 Source:T1 Cue:T2\n")
    [(doc, text, gold)] = load_dir(tmp_path)
    assert doc == "d"
    assert text[6:9] == "she" and text[10:14] == "said"
    assert gold[0].source == [(6, 9)]


def test_dir_without_ann_and_errors(tmp_path):
    (tmp_path / "x.txt").write_text("No annotations here.", encoding="utf-8")
    assert load_dir(tmp_path) == [("x", "No annotations here.", None)]
    with pytest.raises(InputNotFound):
        load_dir(tmp_path, need_ann=True)
    with pytest.raises(InputNotFound):
        load_dir(tmp_path / "missing")
    with pytest.raises(MalformedInput):
        parse_ann("T1\tSource 5 x\tbad\n")
