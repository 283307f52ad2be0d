"""``reportedly analyze``: one article in, a sourced record out."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

from ..errors import BadOption
from ._app import app, handles_errors


class Format(StrEnum):
    json = "json"
    md = "md"
    html = "html"
    term = "term"
    acled_csv = "acled-csv"


def check_date(value: str | None, option: str = "--published") -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadOption(f"{option} must be a date as YYYY-MM-DD, not {value!r}") from None


def render(record, fmt: str) -> str:
    """The record in one of the text formats (not ``term``)."""
    if fmt == "json":
        from ..model import to_dict

        return json.dumps(to_dict(record), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        from ..render.markdown import render_markdown

        return render_markdown(record)
    if fmt == "html":
        from ..render.html import render_html

        return render_html(record)
    if fmt == "acled-csv":
        from ..export.acled import acled_csv

        return acled_csv(record)
    raise BadOption(f"unknown format {fmt!r}")


def show_terminal(record) -> None:
    from rich.console import Console

    from ..render.terminal import render_terminal

    render_terminal(record, Console())


@app.command()
@handles_errors
def analyze(
    path: str = typer.Argument(..., help="An article: a .txt or .html file, or - for standard input."),
    published: str = typer.Option(None, "--published", help="Publication date, YYYY-MM-DD (else inferred from the text)."),
    outlet: str = typer.Option(None, "--outlet", help="The outlet that published it (else inferred)."),
    url: str = typer.Option(None, "--url", help="The article's URL."),
    title: str = typer.Option(None, "--title", help="The article's title."),
    fmt: Format = typer.Option(None, "--format", "-f", help="Output: term (default on a terminal), json (default when piped), md, html, acled-csv."),
    output: Path = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    out_dir: Path = typer.Option(None, "--out-dir", help="Also write <name>.json, <name>.md and <name>.html here."),
    input_format: str = typer.Option("auto", "--input-format", help="auto, text or html."),
    model: str = typer.Option("default", "--model", help="Attribution finder: default (= hybrid: rules + the fast "
                              "model), hybrid-accurate (rules + the accurate model, about 11x the parse), fast, "
                              "accurate or rules."),
    max_bytes: int = typer.Option(20_000_000, "--max-bytes", help="Refuse inputs larger than this."),
):
    """Analyse one article: claims, sources and chains, hedges, figures, times, places, events."""
    from ..ingest.text import load_document
    from ..pipeline import Pipeline

    published = check_date(published)
    if input_format not in ("auto", "text", "html"):
        raise BadOption(f"--input-format must be auto, text or html, not {input_format!r}")
    doc = load_document(path, fmt=input_format, published=published, outlet=outlet, url=url, title=title,
                        max_bytes=max_bytes)
    record = Pipeline(attribution_model=model)(doc)
    for w in record.warnings:
        print(f"Warning: {w}", file=sys.stderr)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        name = "stdin" if path == "-" else Path(path).stem
        for ext in ("json", "md", "html"):
            (out_dir / f"{name}.{ext}").write_text(render(record, ext), encoding="utf-8")
    chosen = fmt.value if fmt else ("term" if output is None and sys.stdout.isatty() else "json")
    if chosen == "term":
        if output is not None:
            raise BadOption("--format term writes to the terminal; use md, html or json with -o")
        show_terminal(record)
        return
    text = render(record, chosen)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command()
@handles_errors
def schema(
    name: str = typer.Argument("record", help="record (the analysis record), a corpus output: "
                                              "claim, source, outlet, failure, conflict, trail, ingest; "
                                              "or eval-polnear, eval-compare"),
):
    """Print the JSON Schema of the analysis record, of a corpus command's
    JSON, or of eval polnear's and eval compare's JSON."""
    from ..schema import NAMES, schema_for

    if name not in NAMES:
        raise BadOption(f"no schema named {name!r}", hint="one of " + ", ".join(NAMES))
    sys.stdout.write(json.dumps(schema_for(name), indent=2, ensure_ascii=False) + "\n")
