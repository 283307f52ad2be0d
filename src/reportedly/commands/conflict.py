"""``reportedly eval conflict`` and ``reportedly eval sources``: the hand-written gold sets."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ._app import eval_app, handles_errors

DEFAULT_GOLD = Path("tests/data/conflict")
DEFAULT_SOURCES_GOLD = Path("tests/data/sources")

SPLIT = typer.Option("all", "--split", help="all, dev or heldout")
AS_JSON = typer.Option(False, "--json", help="print only the JSON object (no table)")


def _run(module, gold: Path, split: str, as_json: bool, errors: bool, model: str = "default", **load) -> None:
    """Load a gold set with ``module.load_gold`` (``load``: its options),
    score it with ``module.evaluate`` through a pipeline whose attribution
    finder is ``model``, print ``module.format_table`` and the JSON line."""
    from ..errors import BadOption
    from ..evaluate import SPLITS
    from ..extract.attribution import get_finder
    from ..pipeline import Pipeline

    if split not in SPLITS:
        raise BadOption(f"unknown split {split!r}", hint="use all, dev or heldout")
    get_finder(model)  # an unknown name fails here, before any work
    res = module.evaluate(module.load_gold(gold, **load), pipeline=Pipeline(attribution_model=model), split=split,
                          with_errors=errors)
    res["model"] = model
    if res["passages"] == 0:
        raise BadOption(f"no passages in split {split!r}")
    if not as_json:
        typer.echo(module.format_table(res))
    typer.echo(json.dumps(res, sort_keys=True))


@eval_app.command("conflict")
@handles_errors
def eval_conflict(
    gold: Path = typer.Argument(DEFAULT_GOLD, help="gold JSONL file, or a directory of them (default: tests/data/conflict)"),
    split: str = SPLIT,
    as_json: bool = AS_JSON,
    errors: bool = typer.Option(False, "--errors", help="list every miss and extra in the JSON"),
) -> None:
    """Score figures (value exact P/R/F1, low/best/high), event type and
    sub-type, place (within 25 km) and date (exact at its precision) on the
    hand-written conflict gold set. The last line printed is a JSON object."""
    from ..evaluate import conflict

    _run(conflict, gold, split, as_json, errors)


@eval_app.command("sources")
@handles_errors
def eval_sources(
    gold: Path = typer.Argument(DEFAULT_SOURCES_GOLD, help="gold JSONL file, or a directory of them "
                                "(default: tests/data/sources)"),
    split: str = SPLIT,
    as_json: bool = AS_JSON,
    errors: bool = typer.Option(False, "--errors", help="list every wrong or missing source in the JSON"),
    texts: Path | None = typer.Option(None, "--texts", help="directory of <doc>.txt for gold lines that name a "
                                      "document instead of giving its text (e.g. a PolNeAR split directory)"),
    model: str = typer.Option("default", "--model", help="attribution finder that finds the claims: default "
                              "(hybrid), hybrid-accurate, fast, accurate or rules"),
) -> None:
    """Score source resolution (who "he", "the ministry", "his office" or
    "Volkov" is) on the hand-written gold set: accuracy per kind. The last
    line printed is a JSON object."""
    from ..evaluate import sources

    _run(sources, gold, split, as_json, errors, model=model, texts=texts)
