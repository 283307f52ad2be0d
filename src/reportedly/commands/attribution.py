"""``reportedly eval polnear`` and ``reportedly train attribution``."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..errors import BadOption
from ._app import eval_app, handles_errors, train_app


@eval_app.command("polnear")
@handles_errors
def eval_polnear(
    directory: Path = typer.Argument(..., help="directory of <id>.txt (and <id>.ann) files, PolNeAR brat standoff"),
    predictions: Path | None = typer.Option(None, "--predictions", help="write predictions here as JSONL"),
    model: str = typer.Option("default", "--model", help="attribution finder: default (hybrid), hybrid-accurate, fast, accurate or rules"),
    as_json: bool = typer.Option(False, "--json", help="print only the JSON object (no table)"),
    errors: int = typer.Option(0, "--errors", help="also report the N most frequent error kinds, with examples"),
    bootstrap: int = typer.Option(0, "--bootstrap", min=0, help="also give 90% intervals of each F1 from N "
                                  "resamples of the documents (e.g. 2000; seeded)"),
    by: str | None = typer.Option(None, "--by", help="also score each group of documents: 'publisher' (the id "
                                  "up to its first '_', PolNeAR's naming) or a file of 'doc<TAB>group' lines "
                                  "(e.g. PolNeAR's annotators_dev.tsv)"),
) -> None:
    """Run the attribution finder on every document of DIR and score it
    against the .ann files when present (exact/lenient P/R/F1 per role,
    attribution-level F1). The last line printed is a JSON object."""
    from ..attribution.evaluate import evaluate_dir
    from ..attribution.score import format_table
    from ..errors import InputNotFound
    from ..extract.attribution import get_finder

    if not directory.is_dir():
        raise InputNotFound(f"not a directory: {directory}")
    finder = get_finder(model)
    out = evaluate_dir(directory, finder, predictions, errors=errors, bootstrap=bootstrap, by=by)
    out["model"] = model
    if predictions:
        out["predictions"] = str(predictions)
    if out["scores"] is not None and not as_json:
        typer.echo(format_table(out["scores"]))
        if "intervals" in out:
            from ..attribution.bootstrap import format_intervals

            typer.echo(format_intervals(out["intervals"]))
        if "groups" in out:
            from ..attribution.groups import format_groups

            typer.echo(format_groups(out["groups"]))
    elif out["scores"] is None and not as_json:
        typer.echo(f"{out['docs']} documents, no .ann files: predictions only")
    typer.echo(json.dumps(out, sort_keys=True))


@eval_app.command("compare")
@handles_errors
def eval_compare(
    directory: Path = typer.Argument(..., help="directory of <id>.txt and <id>.ann files, PolNeAR brat standoff"),
    a: Path = typer.Argument(..., help="predictions of system A (JSONL, as eval polnear --predictions writes)"),
    b: Path = typer.Argument(..., help="predictions of system B, on the same documents"),
    n: int = typer.Option(2000, "--bootstrap", min=1, help="document resamples"),
    seed: int = typer.Option(0, "--seed", help="seed of the resampling"),
    as_json: bool = typer.Option(False, "--json", help="print only the JSON object (no table)"),
) -> None:
    """Score two saved prediction files against DIR's .ann files and compare
    them with a paired bootstrap over the documents: B - A for each exact F1
    and attribution F1, its 90% interval, and how often B wins. Runs no
    model. The last line printed is a JSON object."""
    from ..attribution.bootstrap import doc_counts, format_paired, load_predictions, pair_with_gold, paired
    from ..attribution.brat import load_dir
    from ..attribution.score import score_docs
    from ..errors import InputNotFound

    docs = load_dir(directory)
    if all(g is None for _, _, g in docs):
        raise InputNotFound(f"no .ann files in {directory}", hint="compare needs gold annotations")
    rows_a = pair_with_gold(docs, load_predictions(a), a.name)
    rows_b = pair_with_gold(docs, load_predictions(b), b.name)
    out = {"scored_docs": len(rows_a), "a": str(a), "b": str(b), "bootstrap": n, "seed": seed,
           "scores": {"a": score_docs(rows_a), "b": score_docs(rows_b)},
           "paired": paired(doc_counts(rows_a), doc_counts(rows_b), n=n, seed=seed)}
    if not as_json:
        typer.echo(f"A = {a}\nB = {b}\n{len(rows_a)} documents, {n} paired resamples")
        typer.echo(format_paired(out["paired"]))
    typer.echo(json.dumps(out, sort_keys=True))


@train_app.command("attribution")
@handles_errors
def train_attribution(
    train_dir: Path = typer.Argument(..., help="PolNeAR train directory (<id>.txt + <id>.ann)"),
    dev_dir: Path | None = typer.Option(None, "--dev", help="score the new model on this directory"),
    out_dir: Path | None = typer.Option(None, "--out", help="model directory (default: the package's models/)"),
    name: str = typer.Option("crf", "--name", help="model file stem"),
    c1: float = typer.Option(0.002, "--c1", help="L1 penalty, first stage"),
    c2: float = typer.Option(3.0, "--c2", help="L2 penalty, first stage"),
    max_iter: int = typer.Option(150, "--max-iter", help="L-BFGS iterations, first stage (cue/source/content tags)"),
    cue_iter: int = typer.Option(100, "--cue-iter", help="L-BFGS iterations, second stage (source/content per cue); 0: none"),
    cue_c1: float = typer.Option(0.002, "--cue-c1", help="L1 penalty, second stage"),
    cue_c2: float = typer.Option(3.0, "--cue-c2", help="L2 penalty, second stage"),
    network: bool = typer.Option(False, "--network", help="first train the network whose probabilities "
                                 "are features of both CRF stages (see --encoder; the accurate model)"),
    stage_two: str | None = typer.Option(None, "--stage-two", help="share the second stage of this model "
                                         "(e.g. crf) instead of training one"),
    net_epochs: float = typer.Option(3.0, "--net-epochs", help="passes over train for the network"),
    cue_net_epochs: float = typer.Option(4.0, "--cue-net-epochs", help="passes over train's gold cues for the "
                                         "cue network (four since session 17)"),
    threads: int = typer.Option(2, "--threads", help="torch threads for the network"),
    net_folds: int = typer.Option(1, "--net-folds", min=1, help="train the CRF on out-of-fold network "
                                  "probabilities from this many networks (1: the final network's own)"),
    cue_network: bool = typer.Option(True, "--cue-network/--no-cue-network", help="with --network, also fine-tune "
                                     "the cue network whose per-cue probabilities are features of the second stage"),
    verify: bool = typer.Option(False, "--verify", help="experimental, did not help on dev: with the cue network, "
                                "also train it on stage one's proposals on train that are not cues, and let it "
                                "judge stage one's cues and extra candidates at run time"),
    cue_keep: float = typer.Option(0.6, "--cue-keep", min=0.0, max=1.0, help="with --network: keep a stage-one "
                                   "proposal (Viterbi cue or marginal run) as a cue when the mean of the CRF's cue "
                                   "marginal and the network's cue probability reaches this; 0: Viterbi cues only"),
    encoder: str = typer.Option("minilm", "--encoder", help="with --network, the first network's encoder: minilm "
                                "(all-MiniLM-L6-v2, fine-tuned whole for --net-epochs) or mpnet "
                                "(all-mpnet-base-v2, its --top-layers trained in the phases of --net-schedule; "
                                "the accurate model's)"),
    top_layers: int = typer.Option(8, "--top-layers", min=1, max=12, help="with --encoder mpnet, the layers trained "
                                   "(the lower ones stay frozen)"),
    net_schedule: str = typer.Option("2@1e-4,1@5e-5", "--net-schedule", help="with --encoder mpnet, training "
                                     "phases as EPOCHS@LR[,EPOCHS@LR...], each going on from the stored weights "
                                     "of the one before"),
    net_init: Path | None = typer.Option(None, "--net-init", exists=True, dir_okay=False, help="with --encoder "
                                         "mpnet, a saved first network (<name>.net.safetensors, the same "
                                         "--top-layers) whose weights the first phase goes on from"),
    quote_window: bool = typer.Option(True, "--quote-window/--no-quote-window", help="at run time, grow the second "
                                      "stage's window of a long paragraph by whole sentences so that it does not cut "
                                      "a quotation (a setting in <name>.conf.json; training is unchanged)"),
) -> None:
    """Train the two-stage CRF attribution model (deterministic L-BFGS, no
    randomness; about 10 minutes on one free core, more on a busy machine).
    With --network, a model with networks: a token classifier trained with a
    fixed seed first and the cue network (MiniLM), which tags source and
    content for one marked cue (four epochs, 32 to 40 minutes); then stage one
    on the first network's probabilities and stage two on both networks'.
    The accurate model (since session 25): --network --encoder mpnet --c1
    0.02, the first network all-mpnet-base-v2 with its top eight layers
    trained three epochs in two phases (about an hour on two cores with the
    caching);
    with --encoder minilm (sessions 5 to 24) the first network is MiniLM
    fine-tuned whole (three epochs, about 25 minutes; the whole run took 81
    minutes in session 20). Prints a JSON summary with the times and, with
    --dev, the dev scores."""
    from ..attribution.train import train

    try:
        schedule = tuple((float(e), float(lr)) for e, lr in (x.split("@") for x in net_schedule.split(",")))
    except ValueError as exc:
        raise BadOption(f"--net-schedule {net_schedule!r} is not EPOCHS@LR[,EPOCHS@LR...]",
                        hint="e.g. 2@1e-4 or 2@1e-4,1@5e-5") from exc
    summary = train(train_dir, dev_dir, out_dir, name, c1, c2, max_iter, log=lambda m: typer.echo(m, err=True),
                    cue_iter=cue_iter, cue_c1=cue_c1, cue_c2=cue_c2, network=network, stage_two=stage_two,
                    net_epochs=net_epochs, threads=threads, net_folds=net_folds, cue_network=cue_network,
                    verify=verify, cue_net_epochs=cue_net_epochs, cue_keep=cue_keep,
                    quote_window=quote_window, encoder=encoder, top_layers=top_layers, net_schedule=schedule,
                    net_init=net_init)
    typer.echo(json.dumps(summary, sort_keys=True))
