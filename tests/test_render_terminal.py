"""The rich terminal view: content, narrow widths, no colour, no markup
injection, ASCII consoles."""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from reportedly.model import Document, Record, record_from_dict, to_dict
from reportedly.render.terminal import render_terminal

_spec = importlib.util.spec_from_file_location("render_records", Path(__file__).parent / "data" / "render" / "records.py")
records = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(records)

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BOX = "│╭╮╰╯─"


def render(record: Record, **console_kw) -> str:
    buf = io.StringIO()
    console_kw.setdefault("width", 100)
    render_terminal(record, Console(file=buf, **console_kw))
    return buf.getvalue()


def flat(out: str) -> str:
    """Output with ANSI codes, box borders and all white space removed, so a
    phrase wrapped over several lines can still be found."""
    out = ANSI.sub("", out)
    return re.sub(r"[\s" + BOX + "]", "", out)


def squeeze(s: str) -> str:
    return re.sub(r"\s", "", s)


@pytest.fixture(scope="module")
def sample():
    return records.sample_record()


def test_fixture_offsets_are_right(sample):
    text = sample.document.text
    for cl in sample.claims:
        for part in (cl.source, cl.cue, cl.content, *cl.hedges):
            assert text[part.start:part.end] == part.text
    for x in (*sample.quantities, *sample.times, *sample.entities, *sample.events):
        assert text[x.start:x.end] == x.text


def test_header_and_claim_cards(sample):
    out = render(sample)
    assert "Russia losing five soldiers per Ukrainian in Bakhmut" in out
    assert "The Moscow Times (inferred)" in out
    assert "2023-03-06 (inferred)" in out
    assert 'CNN reported "late Monday"' in out  # the evidence for the date
    assert "AFP" in out
    assert "Claims (4)" in out
    # source -> cue -> content, canonical names and the anonymous flag
    assert "CNN → reported → “Russia has lost approximately five soldiers" in out
    assert "An unidentified NATO official → told" in out  # canonical is in the text: not repeated
    assert "person, anonymous" in out
    assert "Kyiv = Government of Ukraine" in out
    # quote type, certainty, chain, hedges, figures and dates in the cards
    assert "indirect quote · estimate" in out
    assert "mixed quote · asserted" in out
    assert "indirect quote · hedged" in out
    assert "NATO official (anonymous) → CNN → The Moscow Times" in out
    assert "approximately (approximator)" in out
    assert "may (modal)" in out
    assert "≈5:1" in out
    assert "“late Monday” → 2023-03-06" in out


def test_sections_after_the_claims(sample):
    out = render(sample)
    sections = ["Claims (4)", "Figures (2)", "Places (2)", "Times (3)", "Events (1)", "Flagged links (1)"]
    positions = [out.index(s) for s in sections]
    assert positions == sorted(positions)
    assert "≥ 20" in out and "side: Ukraine" in out
    assert "48.60°N 38.00°E" in out and "50.45°N 30.52°E" in out
    assert "geonames:712451" in out
    assert "Battles / Armed clash" in out and "actors: Military Forces of Russia" in out
    assert "after-publication, title-match" in out
    assert "https://www.themoscowtimes.com/2025/07/12/wagner-chief-says-fighters-lack-shells" in out
    assert "3 boilerplate passages removed" in out


@pytest.mark.parametrize("width", [30, 44, 60])
def test_narrow_widths_wrap_without_losing_text(sample, width):
    out = render(sample, width=width, no_color=True)
    for line in out.splitlines():
        assert cell_len(line) <= width, line
    f = flat(out)
    for phrase in ["NATO official (anonymous) → CNN → The Moscow Times",
                   "“the ratio was an informed estimate drawn from the alliance's intelligence”",
                   "48.60°N 38.00°E", "after-publication, title-match",
                   "https://www.themoscowtimes.com/2025/07/12/wagner-chief-says-fighters-lack-shells"]:
        assert squeeze(phrase) in f, phrase


def test_not_a_tty_has_no_escape_codes(sample):
    out = render(sample)  # a StringIO is not a terminal
    assert "\x1b[" not in out
    assert "anonymous" in out and "(inferred)" in out  # meaning does not rest on colour


def test_no_color_env_drops_colours(sample, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = render(sample, force_terminal=True, color_system="truecolor")
    codes = set(re.findall(r"\x1b\[([0-9;]*)m", out))
    assert codes, "a forced terminal still gets bold/dim"
    colour = set(range(30, 50)) | set(range(90, 108))
    for code in codes:
        assert not any(int(p) in colour for p in code.split(";") if p), code


def test_colour_terminal_uses_colours(sample, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = render(sample, force_terminal=True, color_system="truecolor")
    assert re.search(r"\x1b\[[0-9;]*3[0-9][;m]", out)


def test_markup_in_the_input_is_shown_not_interpreted():
    out = render(records.hostile_record(), width=80)
    f = flat(out)
    assert squeeze("[bold red]rich markup[/]") in f
    assert squeeze("[red]AFP[/]") in f
    assert squeeze("<script>window.__pwned=1</script>") in f
    assert squeeze('c1" onclick="window.__pwned=3') in f


def test_ascii_console_gets_ascii_glyphs(sample):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    render_terminal(sample, Console(file=stream, width=90))
    stream.flush()
    out = raw.getvalue().decode("ascii")
    assert "NATO official (anonymous) -> CNN -> The Moscow Times" in out
    assert "~5:1" in out


def test_empty_record_and_round_trip(sample):
    empty = Record(document=Document(id="0" * 16, text="Nothing to see here."))
    out = render(empty)
    assert "(untitled article)" in out and "Claims (0)" in out and "none found" in out
    assert "published unknown" in re.sub(r"\s+", " ", out)
    assert render(record_from_dict(to_dict(sample))) == render(sample)


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"kind": "bound", "value": 7.0, "low": 7.0, "best": 7.0}, "≥ 7"),
        ({"kind": "bound", "value": 30.0, "high": 30.0}, "≤ 30"),
        ({"kind": "range", "low": 20.0, "high": 25.0}, "20–25"),
        ({"kind": "count", "value": 1500.0}, "1,500"),
        ({"kind": "count", "value": 40.0, "approximate": True}, "≈40"),
        ({"kind": "ratio", "value": 5.0, "approximate": True}, "≈5:1"),
        ({"kind": "percent", "value": 12.5}, "12.5%"),
        ({"kind": "vague", "low": 24.0, "high": 99.0, "best": 36.0}, "24–99"),
        ({"kind": "vague"}, "vague"),
    ],
)
def test_figure_values(fields, shown):
    from reportedly.model import Quantity
    from reportedly.render._common import quantity_value

    assert quantity_value(Quantity("q1", "x", 0, 1, **fields)) == shown
