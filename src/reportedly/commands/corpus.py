"""Corpus commands: ingest, claims, sources, trail, conflicts, export, failures,
and ``eval matching``."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import BadOption, InputNotFound
from ._app import DbOption, app, eval_app, handles_errors


class Fmt(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class InFmt(StrEnum):
    auto = "auto"
    text = "text"
    html = "html"
    jsonl = "jsonl"
    rss = "rss"
    warc = "warc"


# -- options the store commands share (typer shares an option as one annotated type) --
FmtOption = Annotated[Fmt, typer.Option("--format", help="table | json (one object a line) | csv")]


@contextmanager
def opened(db: str, readonly: bool = True) -> Iterator:
    """The store for ``--db``, closed when the command is done (also on error)."""
    from ..store.sqlite import open_store

    store = open_store(db, readonly=readonly, create=not readonly)
    try:
        yield store
    finally:
        store.close()


def _cell(value, table: bool = False) -> str:
    if value is None:
        return ""
    if table and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit(rows, fmt: Fmt, columns: list[str], title: str | None = None, out=None) -> int:
    """Rows (dicts) as a rich table, JSON Lines (one object a row) or CSV."""
    out = out or sys.stdout
    n = 0
    if fmt == Fmt.json:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt == Fmt.csv:
        w = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({k: _cell(row.get(k)) for k in columns})
            n += 1
        return n
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*[_cell(row.get(k), table=True)[:300] for k in columns])
        n += 1
    Console(file=out, width=None if out.isatty() else 160).print(table)
    return n


# -- ingest -------------------------------------------------------------------
def _progress_printer():
    """A rich progress bar on a terminal; a plain log line every few seconds otherwise."""
    import time

    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        prog = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]:.1f} docs/s"), TimeRemainingColumn(),
                        TextColumn("{task.fields[info]}"), console=Console(stderr=True), transient=False)
        task = prog.add_task("ingest", total=None, rate=0.0, info="")
        prog.start()

        def update(s, total):
            prog.update(task, completed=s.seen, total=total, rate=s.seen / s.seconds if s.seconds else 0.0,
                        info=f"{s.duplicates} dup, {s.skipped} skipped, {s.failed} failed")

        return update, prog.stop
    last = [0.0]

    def log(s, total):
        now = time.monotonic()
        if now - last[0] >= 5 or (total and s.seen == total):
            last[0] = now
            rate = s.seen / s.seconds if s.seconds else 0.0
            of = f"/{total}" if total else ""
            print(f"ingest: {s.seen}{of} docs, {rate:.1f} docs/s, {s.ingested} new, {s.duplicates} duplicates, "
                  f"{s.skipped} skipped, {s.failed} failed", file=sys.stderr, flush=True)

    return log, lambda: None


@app.command("ingest")
@handles_errors
def ingest_cmd(
    paths: list[str] = typer.Argument(..., help="files or directories (recursive): .txt, .html, .jsonl, RSS/Atom, WARC"),
    db: DbOption = "reportedly.db",
    jobs: int = typer.Option(0, "--jobs", "-j", help="worker processes (default: all cores)"),
    fmt: InFmt = typer.Option(InFmt.auto, "--format", help="input format (default: detected per file)"),
    match: bool = typer.Option(True, "--match/--no-match", help="group claims across articles after ingesting"),
    json_out: bool = typer.Option(False, "--json", help="print the summary as JSON on stdout"),
):
    """Ingest a corpus into the store: each article once, bad input skipped and kept in `failures`."""
    from ..ingest.runner import ingest

    for p in paths:
        if p != "-" and not Path(p).exists() and not Path(p).is_symlink():
            raise InputNotFound(f"no such file or directory: {p}")
    jobs = jobs or os.cpu_count() or 1
    if jobs < 1:
        raise BadOption("--jobs must be at least 1")
    with opened(db, readonly=False) as store:
        update, stop = _progress_printer()
        try:
            summary = ingest(paths, store, jobs=jobs, fmt=fmt.value, progress=update)
        finally:
            stop()
        result = summary.to_dict()
        if match:
            from ..corpus.cluster import match_new_claims

            result["matching"] = match_new_claims(store)
    if json_out:
        print(json.dumps(result, ensure_ascii=False))
        return
    lines = [f"ingested {summary.ingested}, duplicates {summary.duplicates}, near-duplicates "
             f"{summary.near_duplicates}, skipped {summary.skipped}, failed {summary.failed} "
             f"({summary.seconds:.1f} s)"]
    for reason, n in summary.reasons.most_common():
        lines.append(f"  {n:>5}  {reason}")
    if "matching" in result:
        m = result["matching"]
        lines.append(f"claims matched: {m['claims']} into {m['clusters']} new clusters, {m['conflicts']} conflicts")
    if summary.skipped or summary.failed:
        lines.append(f"see `reportedly failures --db {db}` for each location")
    print("\n".join(lines))


# -- queries ------------------------------------------------------------------
CLAIM_COLUMNS = ["claim_id", "doc_id", "outlet", "published", "source", "source_type", "anonymous", "cue",
                 "content", "quote", "certainty", "cluster"]


@app.command("claims")
@handles_errors
def claims_cmd(
    db: DbOption = "reportedly.db",
    source: str = typer.Option(None, "--source", help="source name contains"),
    about: str = typer.Option(None, "--about", help="claim text, entity or figure contains"),
    search: str = typer.Option(None, "--search", help="full-text query over claims and sources (SQLite FTS5 syntax)"),
    article: str = typer.Option(None, "--article", help="full-text query over the articles' title and text"),
    outlet: str = typer.Option(None, "--outlet", help="outlet (SQL LIKE pattern, case-insensitive)"),
    since: str = typer.Option(None, "--since", help="published on or after YYYY-MM-DD"),
    until: str = typer.Option(None, "--until", help="published on or before YYYY-MM-DD"),
    limit: int = typer.Option(None, "--limit", help="at most this many rows"),
    fmt: FmtOption = Fmt.table,
):
    """Claims in the store, filtered."""
    from ..store.base import ClaimFilter

    for name, d in (("--since", since), ("--until", until)):
        if d and not _is_date(d):
            raise BadOption(f"{name} wants a date YYYY-MM-DD, got {d!r}")
    with opened(db) as store:
        rows = store.iter_claims(ClaimFilter(source=source, about=about, search=search, article=article, outlet=outlet,
                                             since=since,
                                             until=until, limit=limit))
        emit(({**r, "chain": r["chain"]} for r in rows), fmt, CLAIM_COLUMNS + (["chain"] if fmt != Fmt.table else []),
             title="claims")


def _is_date(s: str) -> bool:
    import re

    return bool(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", s))


@app.command("sources")
@handles_errors
def sources_cmd(
    db: DbOption = "reportedly.db",
    by: str = typer.Option("source", "--by", help="source: who is cited; outlet: anonymous share per outlet"),
    fmt: FmtOption = Fmt.table,
):
    """Who is cited, how often and by which outlets; or (--by outlet) each outlet's share of anonymous sources."""
    with opened(db) as store:
        if by == "source":
            emit(store.sources(), fmt, ["source", "type", "anonymous", "claims", "articles", "stories", "outlets"],
                 title="sources")
        elif by == "outlet":
            emit(store.outlets(), fmt, ["outlet", "articles", "claims", "sourced", "anonymous", "anonymous_share"],
                 title="outlets")
        else:
            raise BadOption("--by is source or outlet")


@app.command("failures")
@handles_errors
def failures_cmd(
    db: DbOption = "reportedly.db",
    fmt: FmtOption = Fmt.table,
):
    """Inputs that were skipped (bad input) or failed (error while analysing), with their location."""
    with opened(db) as store:
        emit(store.iter_failures(), fmt, ["location", "kind", "reason", "at"], title="failures")


@app.command("trail")
@handles_errors
def trail_cmd(
    claim_id: str = typer.Argument(..., help="a claim id as `reportedly claims` shows it (DOC:CLAIM)"),
    db: DbOption = "reportedly.db",
    fmt: Fmt = typer.Option(Fmt.table, "--format", help="table (terminal) | json | csv"),
    html: str = typer.Option(None, "--html", help="also write a self-contained HTML page with a timeline"),
):
    """Every article carrying the same claim: first appearance, relays and the origin source."""
    from ..corpus.trail import build_trail, render_html, render_terminal

    with opened(db) as store:
        trail = build_trail(store, claim_id)
        if html:
            Path(html).write_text(render_html(trail), encoding="utf-8")
        if fmt == Fmt.json:
            print(json.dumps(trail, ensure_ascii=False))
        elif fmt == Fmt.csv:
            emit(trail["claims"], fmt, ["claim_id", "doc_id", "outlet", "published", "source", "chain", "content"])
        else:
            render_terminal(trail)


@app.command("conflicts")
@handles_errors
def conflicts_cmd(
    db: DbOption = "reportedly.db",
    fmt: FmtOption = Fmt.table,
):
    """Figures about the same thing that disagree across sources."""
    from ..corpus.cluster import conflict_rows

    with opened(db) as store:
        emit(conflict_rows(store), fmt, ["a", "b", "reason", "a_source", "a_outlet", "a_figures", "a_content",
                                         "b_source", "b_outlet", "b_figures", "b_content"], title="conflicts")


class ExportFmt(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    jsonld = "jsonld"
    prov = "prov"
    acled_csv = "acled-csv"


@app.command("export")
@handles_errors
def export_cmd(
    db: DbOption = "reportedly.db",
    fmt: ExportFmt = typer.Option(ExportFmt.jsonl, "--format", help="jsonl | csv | jsonld | prov | acled-csv"),
    out: str = typer.Option("-", "--out", "-o", help="output file (default: stdout)"),
):
    """Export the store: records (jsonl), claims (csv), schema.org Claims (jsonld), W3C PROV-JSON (prov)."""
    from ..export.corpus import export

    with opened(db) as store:
        if out == "-":
            export(store, fmt.value, sys.stdout)
        else:
            with open(out, "w", encoding="utf-8", newline="") as fh:
                export(store, fmt.value, fh)


@eval_app.command("matching")
@handles_errors
def eval_matching_cmd(
    split: str = typer.Option("heldout", "--split", help="heldout | tune | all"),
    data: str = typer.Option(None, "--data", help="a pairs file (TSV) instead of the shipped one"),
    json_out: bool = typer.Option(False, "--json", help="print the scores as JSON"),
):
    """Claim matching against hand-labelled pairs: precision, recall, F1 of `same`."""
    from ..corpus.evaluate import evaluate_matching

    scores = evaluate_matching(split=split, path=data)
    if json_out:
        print(json.dumps(scores))
        return
    print(f"claim matching ({scores['split']}, {scores['pairs']} pairs): precision {scores['precision']:.3f}  "
          f"recall {scores['recall']:.3f}  F1 {scores['f1']:.3f}  (accuracy over 3 labels {scores['accuracy3']:.3f})")
