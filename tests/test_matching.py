"""Claim matching: figures, frames, polarity, the decision; the held-out gate
against the hand-labelled pairs; clustering and conflicts in a store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpus_helpers import make_record
from reportedly.corpus.matching import claim_text, decide, figure_relation, figures_in, strip_frame

DATA = Path(__file__).parent / "data" / "matching"


def test_figures_in_words_digits_ratios_and_shares():
    assert figures_in("five Russians for every Ukrainian") == {5.0}
    assert figures_in("a five-to-one death ratio") == {5.0}
    assert figures_in("2,000 troops were sent") == {2000.0}
    assert figures_in("twelve hundred killed") == {1200.0}
    assert figures_in("half of the population") == figures_in("Fifty percent of people") == {0.5}
    assert figures_in("in 2016, after six months of talks") == set()  # a year and a duration


def test_strip_frame_keeps_the_asserted_content():
    assert strip_frame("The mayor said on Monday that schools would reopen.") == "schools would reopen"
    assert strip_frame("Schools will reopen on Monday, the mayor said.") == "Schools will reopen on Monday"
    assert strip_frame("According to the UN, 3.5 million people have fled.") == "3.5 million people have fled"


def test_decide_rules():
    a = claim_text("The army said 14 drones were shot down over the south.")
    b = claim_text("Air defences destroyed fourteen drones in the south, the military said.")
    c = claim_text("The army said 22 drones were shot down over the south.")
    assert figure_relation(a, b) == "agree" and figure_relation(a, c) == "conflict"
    assert decide(a, b, 0.8).label == "same"
    d = decide(a, c, 0.95)
    assert d.label == "related" and d.conflict  # contradicting figures are never merged
    assert decide(a, b, 0.1).label == "different"
    neg = claim_text("The army said no drones were shot down over the south.")
    pos = claim_text("The army said drones were shot down over the south.")
    assert decide(pos, neg, 0.8).polarity_differs and decide(pos, neg, 0.8).label != "same"
    opened = claim_text("The bridge reopened to traffic, the ministry said.")
    closed = claim_text("The bridge stayed closed to traffic, the ministry said.")
    assert decide(opened, closed, 0.8).polarity_differs


def test_gold_has_enough_hand_labelled_pairs():
    from reportedly.corpus.evaluate import load_pairs

    rows = load_pairs(split="all")
    assert len(rows) >= 300
    assert {r["label"] for r in rows} == {"same", "related", "different"}
    assert {r["split"] for r in rows} == {"tune", "heldout"}
    assert sum(r["origin"].endswith(".txt") for r in rows) >= 100  # drawn from PolNeAR texts


@pytest.mark.slow
def test_heldout_gate():
    from reportedly.corpus.evaluate import evaluate_matching

    base = json.loads((DATA / "baseline.json").read_text(encoding="utf-8"))["heldout"]
    got = evaluate_matching(split="heldout")
    assert got["pairs"] == base["pairs"]
    assert got["f1"] >= base["f1"] - 0.005, got
    assert got["precision"] >= base["precision"] - 0.01, got


def test_analyze_does_not_import_torch():
    code = ("import sys, reportedly.cli, reportedly.pipeline, reportedly.commands.corpus, reportedly.corpus.cluster;"
            "sys.exit(1 if 'torch' in sys.modules or 'sentence_transformers' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_no_download_happens():
    code = ("import os, reportedly.corpus.embed as e; e.load_model();"
            "import huggingface_hub.constants as c; print(os.environ['HF_HUB_OFFLINE'], c.HF_HUB_OFFLINE)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "HTTPS_PROXY": "http://127.0.0.1:9"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["1", "True"]


@pytest.mark.slow
def test_clusters_and_conflicts_in_a_store(tmp_path):
    from typer.testing import CliRunner

    from reportedly.cli import app
    from reportedly.corpus.cluster import conflict_rows, match_new_claims
    from reportedly.store import SQLiteStore

    st = SQLiteStore(tmp_path / "m.db")
    texts = [
        ("Kyiv said five Russian soldiers are killed for every Ukrainian soldier.", "five Russian soldiers are killed "
         "for every Ukrainian soldier", "A", "2023-01-02"),
        ("Officials in Kyiv claim Russia loses five troops for each Ukrainian killed.", "Russia loses five troops for "
         "each Ukrainian killed", "B", "2023-01-03"),
        ("Moscow said one Russian soldier is killed for every eight Ukrainian soldiers.", "one Russian soldier is "
         "killed for every eight Ukrainian soldiers", "C", "2023-01-04"),
        ("The mayor said the city's schools would reopen on Monday.", "the city's schools would reopen on Monday", "A",
         "2023-01-05"),
    ]
    ids = []
    for text, content, outlet, day in texts:
        rec = make_record(text, [{"content": content, "source": text.split(" said")[0].split(" claim")[0]}],
                          outlet=outlet, published=day)
        st.add_record(rec)
        ids.append(f"{rec.document.id}:c1")
    counts = match_new_claims(st)
    assert counts["claims"] == 4
    cl = {i: st.claim(i)["cluster"] for i in ids}
    assert cl[ids[0]] == cl[ids[1]]
    assert len({cl[ids[0]], cl[ids[2]], cl[ids[3]]}) == 3
    rows = list(conflict_rows(st))
    assert rows and {rows[0]["a"], rows[0]["b"]} & {ids[0], ids[1]} and ids[2] in (rows[0]["a"], rows[0]["b"])
    assert match_new_claims(st) == {"claims": 0, "clusters": 0, "conflicts": 0}  # nothing left to do
    late = make_record("A Ukrainian general said five Russian soldiers die for every Ukrainian soldier killed.",
                       [{"content": "five Russian soldiers die for every Ukrainian soldier killed",
                         "source": "A Ukrainian general"}], outlet="D", published="2023-01-09")
    st.add_record(late)
    assert match_new_claims(st)["claims"] == 1  # a later run compares with the stored embeddings
    assert st.claim(f"{late.document.id}:c1")["cluster"] == cl[ids[0]]
    st.close()
    res = CliRunner().invoke(app, ["trail", ids[1], "--db", str(tmp_path / "m.db"), "--format", "json"])
    trail = json.loads(res.stdout)
    assert [c["claim_id"] for c in trail["claims"]] == [*ids[:2], f"{late.document.id}:c1"]
    assert trail["first"]["outlet"] == "A" and trail["outlets"] == ["A", "B", "D"]


def test_ratio_wordings_are_one_claim():
    """The issue's example: the same 5:1 figure in two wordings is one claim;
    another ratio about the same battle is not."""
    from reportedly.corpus.matching import match_pairs, ratios_in

    assert ratios_in("five Russians for every Ukrainian") == {5.0}
    assert ratios_in("a five-to-one death ratio") == {5.0}
    assert ratios_in("a 3:1 ratio") == {3.0}
    assert ratios_in("12 people died") == set()
    same, other = match_pairs([
        ("Russia lost five Russians for every Ukrainian in Bakhmut", "NATO puts the death ratio in Bakhmut at five-to-one"),
        ("Russia lost five Russians for every Ukrainian in Bakhmut", "NATO puts the death ratio in Bakhmut at three-to-one"),
    ])
    assert same.label == "same"
    assert other.label != "same"
