"""Training entry point: parse train, fit the CRF, optionally score dev."""

from __future__ import annotations

import json
import time
from pathlib import Path

from ..errors import BadOption
from . import MANIFEST, MODELS_DIR
from .brat import load_dir
from .crf import CRFFinder, build_lexicon, train_crf, train_cue_crf
from .evaluate import evaluate_dir
from .verify import VerifyConfig, not_cues


def train(train_dir: Path, dev_dir: Path | None, out_dir: Path | None, name: str,
          c1: float, c2: float, max_iter: int, log=print, cue_iter: int = 100,
          cue_c1: float = 0.002, cue_c2: float = 3.0, network: bool = False, stage_two: str | None = None,
          net_epochs: float = 3.0, threads: int = 2, net_folds: int = 1, cue_network: bool = True,
          verify: bool = False, cue_net_epochs: float = 4.0, cue_keep: float = 0.6,
          quote_window: bool = True, encoder: str = "minilm", top_layers: int = 8,
          net_schedule: tuple = (), net_init: Path | None = None) -> dict:
    """Parse train; with ``network``, fine-tune the network first and give
    both CRF stages its probabilities on train (out of fold with
    ``net_folds`` > 1); fit stage one; then (with ``cue_network``) the cue
    network (``cue_net_epochs`` passes), whose probabilities for each gold cue
    are features of stage two; fit stage two unless ``stage_two`` names a
    model whose second stage to share. With ``verify`` the cue network also
    learns from stage one's proposals on train that are not cues, and judges
    proposals at run time (verify.py). Otherwise, with ``network`` and
    ``cue_keep`` > 0, the model keeps a stage-one proposal as a cue when the
    mean of the CRF's cue marginal and the network's cue probability reaches
    ``cue_keep`` (a run-time setting written to ``<name>.conf.json``), and
    (with ``network``) drops a cue its second stage leaves without content.
    ``quote_window`` (a run-time setting, written to the conf; training windows
    are unchanged) grows a second-stage window that would cut a quotation.
    ``encoder``: the first network's encoder, ``minilm`` (fine-tuned whole for
    ``net_epochs``) or ``mpnet`` (its ``top_layers`` trained over the frozen
    rest in the phases of ``net_schedule``, default ``mpnet.SCHEDULE``; the
    accurate model's since session 25; ``net_init``: a saved mpnet network
    to go on from, see ``mpnet.train_top``)."""
    from ..pipeline import load_nlp, make_parse_text

    out_dir = Path(out_dir) if out_dir else MODELS_DIR
    t0 = time.perf_counter()
    docs = load_dir(train_dir, need_ann=True)
    if encoder not in ("minilm", "mpnet"):
        raise BadOption(f"unknown encoder {encoder!r}", hint="use minilm or mpnet")
    if network and encoder == "mpnet" and net_folds > 1:
        raise BadOption("--net-folds needs --encoder minilm")
    if net_init is not None and not (network and encoder == "mpnet"):
        raise BadOption("--net-init needs --network --encoder mpnet")
    if net_init is not None:  # before the parse, so a wrong file fails at once
        from .mpnet import check_init

        check_init(Path(net_init), top_layers)
    if network and net_folds > len(docs):
        raise BadOption(f"--net-folds {net_folds} needs at least {net_folds} training documents, found {len(docs)}")
    nlp = load_nlp()
    log(f"parsing {len(docs)} documents")
    sdocs = nlp.pipe((make_parse_text(t, []) for _, t, _ in docs), batch_size=16)
    parsed = [(sd, gold) for (_, _, gold), sd in zip(docs, sdocs, strict=True)]
    t_parse = time.perf_counter() - t0
    info, probs, cue_probs = {}, None, None
    cue_net_path = out_dir / f"{name}.cuenet.safetensors"
    if cue_net_path.exists():
        cue_net_path.unlink()  # a stale cue network would be loaded with the new CRFs
    if network:  # the network's probabilities on train are features of both CRF stages
        from .neural import NeuralTagger, out_of_fold_probs, train_network

        if encoder == "mpnet":
            from .mpnet import SCHEDULE, train_top

            net_info, probs = train_top(parsed, out_dir, name, top=top_layers, schedule=net_schedule or SCHEDULE,
                                        threads=threads, log=log, init=net_init)
            info.update(net_info)
        else:
            info.update(train_network(parsed, out_dir, name, epochs=net_epochs, threads=threads, log=log))
            info["network"]["folds"] = net_folds
            if net_folds > 1:  # from networks that did not see the document; the shipped one sees all
                probs = out_of_fold_probs(parsed, net_folds, log=log, epochs=net_epochs, threads=threads)
            else:
                tagger = NeuralTagger(out_dir / f"{name}.net.safetensors", threads=threads)
                log("network probabilities on train")
                probs = [tagger.doc_probs(sd) for sd, _ in parsed]
    info.update(train_crf(parsed, out_dir, name, c1, c2, max_iter, log=log, probs=probs))
    conf = {"stage_two": stage_two} if stage_two else {}
    if network and cue_network and cue_iter > 0 and not stage_two:
        negatives = None
        if verify:
            vconf = VerifyConfig()
            conf["verify"] = vconf.to_json()
            log("stage-one proposals on train")
            negatives = not_cues(CRFFinder(out_dir, name), parsed, probs, vconf.candidates)
        cue_probs = _cue_network(parsed, out_dir, name, cue_net_epochs, threads, info, log, negatives)
    if network and not stage_two and not verify and cue_keep > 0:
        conf["verify"] = VerifyConfig.stage_one(cue_keep).to_json()
    if network and not stage_two:  # drop a cue left without content (PolNeAR attributions always have one)
        conf["need_content"] = True
    if quote_window:  # run time only: retraining stage two on grown windows did no better (session 16)
        conf["quote_window"] = True
    conf_path = out_dir / f"{name}.conf.json"
    if conf:
        conf_path.write_text(json.dumps(conf) + "\n", encoding="utf-8")
    elif conf_path.exists():
        conf_path.unlink()
    if cue_iter > 0 and not stage_two:  # second stage: source/content given a cue
        info.update(train_cue_crf(parsed, out_dir, name, build_lexicon(parsed), cue_c1, cue_c2, cue_iter,
                                   log=log, probs=probs, cue_probs=cue_probs))
    t_train = time.perf_counter() - t0 - t_parse
    summary = {"model": name, "out": str(out_dir), "parse_seconds": round(t_parse, 1),
               "train_seconds": round(t_train, 1), **info}
    manifest = out_dir / MANIFEST
    if not manifest.exists():
        manifest.write_text(json.dumps({"names": {"default": name, "fast": name, "accurate": name}}, indent=2) + "\n",
                            encoding="utf-8")
    if dev_dir:
        res = evaluate_dir(Path(dev_dir), CRFFinder(out_dir, name), nlp=nlp)
        summary["dev"] = res["scores"]
    return summary


def _cue_network(parsed, out_dir: Path, name: str, epochs: float, threads: int, info: dict, log, negatives):
    """Fine-tune the cue network; its probabilities for every gold cue of train."""
    from .crf import gold_cue_windows
    from .cuenet import CueTagger, train_cue_network

    info.update(train_cue_network(parsed, out_dir, name, epochs=epochs, threads=threads, log=log,
                                  negatives=negatives))
    tagger = CueTagger(out_dir / f"{name}.cuenet.safetensors", threads=threads)
    log("cue network probabilities on train")
    return [tagger.predict([(toks, ctoks) for _, toks, ctoks, _ in gold_cue_windows(sd, gold)])
            for sd, gold in parsed]
