"""bench/analyze.py: its timing hooks change nothing and are removed after."""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from pathlib import Path

from reportedly.ingest.text import document_from_text
from reportedly.model import to_dict

_path = Path(__file__).resolve().parent.parent / "bench" / "analyze.py"
_spec = importlib.util.spec_from_file_location("bench_analyze", _path)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

TEXT = ("At least 12 people were killed in shelling of Kharkiv on Monday, the regional governor said.\n\n"
        "Two officials, who spoke on condition of anonymity, told Reuters that about 40 rockets were fired.\n")


def test_synthetic_set_is_fixed_and_varied():
    a, b = bench.synthetic_articles(30), bench.synthetic_articles(30)
    assert a == b
    assert len(set(a)) == 30
    assert all(150 < bench.words(t) < 1500 for t in a)


def test_stage_timers_change_nothing_and_are_removed(pipeline):
    import reportedly.extract.claims as claims_mod

    before = to_dict(next(pipeline.pipe([document_from_text(TEXT)])))
    original = claims_mod.extract_claims
    acc: dict[str, float] = defaultdict(float)
    errors: list[str] = []
    with bench.stage_timers(pipeline.nlp, acc, errors):
        assert claims_mod.extract_claims is not original
        timed = to_dict(next(pipeline.pipe([document_from_text(TEXT)])))
    assert timed == before
    assert claims_mod.extract_claims is original
    assert "pipe" not in vars(pipeline.nlp)  # the instance wrapper is gone
    assert acc["spaCy parse"] > 0 and acc["claims (incl. finder)"] > 0 and acc["times"] > 0
    assert errors == []


def test_a_failing_stage_is_recorded_not_fatal():
    acc: dict[str, float] = defaultdict(float)
    errors: list[str] = []

    def broken(an):
        raise KeyError("hundreds of millions")

    assert bench._timed(broken, "figures", acc, errors)(None) == []
    assert bench._timed(broken, "metadata", acc, errors)(None) is None
    assert errors == ["figures: KeyError: 'hundreds of millions'", "metadata: KeyError: 'hundreds of millions'"]
    assert acc["figures"] >= 0 and "metadata" in acc


def test_a_hung_stage_is_stopped_by_the_timeout():
    acc: dict[str, float] = defaultdict(float)
    errors: list[str] = []

    def hangs(an):
        while True:
            pass

    assert bench._timed(hangs, "events", acc, errors, timeout=0.2)(None) == []
    assert errors and errors[0].startswith("events: StageTimeout")
    assert 0.15 < acc[bench.HUNG] < 5
