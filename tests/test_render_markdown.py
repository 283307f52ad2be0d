"""The Markdown rendering: the same content as the terminal view, and input
escaped so that Markdown or HTML in an article is shown, not interpreted."""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from reportedly.model import Document, Record, record_from_dict, to_dict
from reportedly.render.markdown import md, render_markdown

_spec = importlib.util.spec_from_file_location("render_records", Path(__file__).parent / "data" / "render" / "records.py")
records = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(records)


def to_html(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def visible(rendered_html: str) -> str:
    """The text a reader sees in the rendered HTML."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered_html))


@pytest.fixture(scope="module")
def sample_md():
    return render_markdown(records.sample_record())


def test_structure(sample_md):
    out = to_html(sample_md)
    assert re.findall(r"<h1>(.*?)</h1>", out) == ["Russia losing five soldiers per Ukrainian in Bakhmut, NATO estimates"]
    h2 = re.findall(r"<h2>(.*?)</h2>", out)
    assert h2[:2] == ["Claims (4)", "Figures (2)"]
    assert {"Places (2)", "Times (3)", "Events (1)", "Flagged links (1)", "Boilerplate"} <= set(h2)
    assert len(re.findall(r"<h3>", out)) == 4
    # each table has a header row plus one row per item
    tables = re.findall(r"<table>.*?</table>", out, flags=re.S)
    assert [len(re.findall(r"<tr>", t)) - 1 for t in tables] == [2, 2, 3, 1]


def test_claims_content(sample_md):
    seen = visible(to_html(sample_md))
    assert "The Moscow Times (inferred)" in seen
    assert "2023-03-06 (inferred)" in seen
    assert "evidence: link edition.cnn.com dated 2023-03-06" in seen
    assert "c1 · indirect quote · estimate" in seen
    assert "CNN → reported → “Russia has lost approximately five soldiers" in seen
    assert "Chain: NATO official (anonymous) → CNN → The Moscow Times" in seen
    assert "Source: person, anonymous" in seen
    assert "Hedges: may (modal)" in seen
    assert "≈5:1" in seen and "≥ 20" in seen
    assert "48.60°N 38.00°E · Donetsk, UA" in seen
    assert "after-publication, title-match" in seen
    assert "3 boilerplate passages removed" in seen


def test_hostile_input_is_escaped():
    out = to_html(render_markdown(records.hostile_record()))
    # nothing from the input became markup
    for tag in ("<script", "<img", "<em>the", "<a ", "<b>", "<i>", "<code>", "<h1>#", "<ol"):
        assert tag not in out, tag
    assert len(re.findall(r"<h1>", out)) == 1
    seen = visible(out)
    for literal in ["<script>window.__pwned=1</script>", "*the* _files_ [here](javascript:alert(1))",
                    '<img src=x onerror="window.__pwned=2;alert(1)">', "</title><script>window.__pwned=4</script> *Breaking*",
                    "[red]AFP[/]", "<Place & Co>", "# Not a heading | a pipe"]:
        assert literal in seen, literal
    # the "|" in a cell does not add a column
    times = re.findall(r"<table>.*?</table>", out, flags=re.S)[2]
    row = re.findall(r"<tr>(.*?)</tr>", times, flags=re.S)[1]
    assert len(re.findall(r"<td>", row)) == 4


@pytest.mark.parametrize("raw", ["1. not a list", "- not a list", "+ nor this", "2) nor this", "# not a heading",
                                 "> not a quote", "a *b* _c_ `d` [e](f) <g> h|i ~~j~~ &amp; \\k"])
def test_md_escape_keeps_text_literal(raw):
    out = to_html(md(raw) + "\n")
    assert out.startswith("<p>"), out
    assert visible(out).strip() == raw


def test_md_escape_leaves_plain_text_readable():
    assert md("U.S.-led bloc, 48.60°N, 2023-03-06") == "U.S.-led bloc, 48.60°N, 2023-03-06"
    assert md("two\n  lines") == "two lines"


def test_empty_record_and_round_trip():
    empty = render_markdown(Record(document=Document(id="0" * 16, text="Nothing.")))
    assert empty.startswith("# Untitled article\n")
    assert empty.count("None found.") == 6
    rec = records.sample_record()
    assert render_markdown(record_from_dict(to_dict(rec))) == render_markdown(rec)


def test_every_figure_reference_names_a_figure_row(sample_md):
    """'same as q1' in a claim and 'figures: q1' in an event point at a row of
    the Figures table, which therefore shows each figure's id."""
    out = to_html(sample_md)
    figures = re.search(r"<h2>Figures \(\d+\)</h2>\s*<table>(.*?)</table>", out, flags=re.S).group(1)
    ids = re.findall(r"<tr>\s*<td>(q\d+)</td>", figures)
    assert ids == [q.id for q in records.sample_record().quantities]
    refs = set(re.findall(r"same as (q\d+)", visible(out))) | set(re.findall(r"figures: (q\d+)", visible(out)))
    assert refs and refs <= set(ids)
