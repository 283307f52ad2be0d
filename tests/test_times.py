"""Time expressions: hand-written gold in tests/data/times/ (weekdays across
month and year boundaries, "since August" across a year boundary, weeks,
months, durations, no publication date) and numbers that are not dates."""

from __future__ import annotations

import json
import time

import pytest

from conftest import DATA, SHARED

ROWS = [json.loads(line) for line in (DATA / "times" / "times.jsonl").read_text("utf-8").splitlines()]
NOT = [json.loads(line) for line in (DATA / "times" / "not_times.jsonl").read_text("utf-8").splitlines()]
EXAMPLE = SHARED / "examples" / "bakhmut-moscowtimes.txt"


def _times(pipeline, text, published):
    from reportedly.extract.times import extract_times
    from reportedly.ingest.text import document_from_text

    an = pipeline.prepare(document_from_text(text))
    an.document.published.date = published  # as metadata inference leaves it
    an.sdoc = pipeline.nlp(an.parse_text)
    return extract_times(an)


def _find(times, g):
    for t in times:
        if g["text"] in t.text or t.text in g["text"]:
            return t
    return None


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['text'][:35]}@{r['published']}")
def test_time_gold(pipeline, row):
    times = _times(pipeline, row["text"], row["published"])
    for g in row["expect"]:
        t = _find(times, g)
        assert t is not None, (g, times)
        assert (t.date, t.precision) == (g["date"], g["precision"]), (g, t)
        if "end_date" in g:
            assert t.end_date == g["end_date"], (g, t)
        if "basis" in g:
            assert t.basis == g["basis"], (g, t)
        assert row["text"][t.start:t.end] == t.text


@pytest.mark.parametrize("row", NOT, ids=lambda r: r["text"][:35])
def test_numbers_that_are_not_dates(pipeline, row):
    assert _times(pipeline, row["text"], row["published"]) == []


def test_ids_offsets_and_boilerplate(pipeline):
    from reportedly.extract.times import extract_times
    from reportedly.ingest.text import document_from_text
    from reportedly.model import Boilerplate

    text = "Shelling resumed on Monday.\n\nRelated article: Talks Collapse on Friday\n\nTroops left this week."
    an = pipeline.prepare(document_from_text(text))
    an.document.published.date = "2023-03-08"
    s = text.index("Related")
    an.boilerplate = [Boilerplate(start=s, end=text.index("\n", s), kind="related")]
    an.parse_text = text[:s] + " " * (text.index("\n", s) - s) + text[text.index("\n", s):]
    an.sdoc = pipeline.nlp(an.parse_text)
    times = extract_times(an)
    assert [t.text for t in times] == ["Monday", "this week"]
    assert [t.id for t in times] == ["t1", "t2"]
    assert times[0].date == "2023-03-06"


def test_time_resolution_is_cheap(pipeline):
    from reportedly.extract.times import extract_times
    from reportedly.ingest.text import document_from_text

    text = " ".join(r["text"] for r in ROWS) * 5
    an = pipeline.prepare(document_from_text(text))
    an.document.published.date = "2023-03-06"
    t0 = time.perf_counter()
    an.sdoc = pipeline.nlp(an.parse_text)
    parse = time.perf_counter() - t0
    extract_times(an)  # warm
    t0 = time.perf_counter()
    extract_times(an)
    own = time.perf_counter() - t0
    assert own < 0.5 * parse, (own, parse)


@pytest.fixture(scope="module")
def example(analyze):
    if not EXAMPLE.exists():
        pytest.skip("../shared/examples is not available")
    return analyze(EXAMPLE.read_text(encoding="utf-8"), published="2023-03-06")


def test_example_times(example):
    by = {t.text: t for t in example.times}
    assert by["late Monday"].date == "2023-03-06"
    assert (by["since August"].date, by["since August"].precision) == ("2022-08", "month")
    assert by["since August"].end_date == "2023-03-06"
    assert by["this week"].precision == "week" and by["this week"].date == "2023-03-06"
    assert by["year-long"].basis == "duration"
    assert all(t.date in (None, "2023-03-06", "2022-08") for t in example.times)
