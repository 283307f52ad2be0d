"""``reportedly eval conflict`` and ``reportedly eval sources``: the hand-written gold sets."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ._app import eval_app, handles_errors

DEFAULT_GOLD = Path("tests/data/conflict")


@eval_app.command("conflict")
@handles_errors
def eval_conflict(
    gold: Path = typer.Argument(DEFAULT_GOLD, help="gold JSONL file, or a directory of them (default: tests/data/conflict)"),
    split: str = typer.Option("all", "--split", help="all, dev or heldout"),
    as_json: bool = typer.Option(False, "--json", help="print only the JSON object (no table)"),
    errors: bool = typer.Option(False, "--errors", help="list every miss and extra in the JSON"),
) -> None:
    """Score figures (value exact P/R/F1, low/best/high), event type and
    sub-type, place (within 25 km) and date (exact at its precision) on the
    hand-written conflict gold set. The last line printed is a JSON object."""
    from ..errors import BadOption
    from ..evaluate.conflict import evaluate, format_table, load_gold

    if split not in ("all", "dev", "heldout"):
        raise BadOption(f"unknown split {split!r}", hint="use all, dev or heldout")
    res = evaluate(load_gold(gold), split=split, with_errors=errors)
    if res["passages"] == 0:
        raise BadOption(f"no passages in split {split!r}")
    if not as_json:
        typer.echo(format_table(res))
    typer.echo(json.dumps(res, sort_keys=True))


DEFAULT_SOURCES_GOLD = Path("tests/data/sources")


@eval_app.command("sources")
@handles_errors
def eval_sources(
    gold: Path = typer.Argument(DEFAULT_SOURCES_GOLD, help="gold JSONL file, or a directory of them "
                                "(default: tests/data/sources)"),
    split: str = typer.Option("all", "--split", help="all, dev or heldout"),
    as_json: bool = typer.Option(False, "--json", help="print only the JSON object (no table)"),
    errors: bool = typer.Option(False, "--errors", help="list every wrong or missing source in the JSON"),
) -> None:
    """Score source resolution (who "he", "the ministry", "his office" or
    "Volkov" is) on the hand-written gold set: accuracy per kind. The last
    line printed is a JSON object."""
    from ..errors import BadOption
    from ..evaluate.sources import evaluate, format_table, load_gold

    if split not in ("all", "dev", "heldout"):
        raise BadOption(f"unknown split {split!r}", hint="use all, dev or heldout")
    res = evaluate(load_gold(gold), split=split, with_errors=errors)
    if res["passages"] == 0:
        raise BadOption(f"no passages in split {split!r}")
    if not as_json:
        typer.echo(format_table(res))
    typer.echo(json.dumps(res, sort_keys=True))
