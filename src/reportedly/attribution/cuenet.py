"""The cue network of the ``accurate`` model: all-MiniLM-L6-v2 fine-tuned to
tag, for *one given cue*, its source and content (``O``, ``B-S/I-S``,
``B-T/I-T``, ``C`` for the cue itself) over the second stage's window.

The cue is marked by the encoder's segment embedding: its wordpieces get
token type 1, every other piece 0, so the same sentence reads differently
for each of its cues. A window longer than ``MAX_PIECES`` wordpieces is cut
to the words nearest the cue. As with the first network (``neural.py``), its
probabilities are features of a CRF (the second stage), which keeps the
decisions. The shipped network is trained four epochs (``train attribution
--cue-net-epochs``; three in sessions 8 to 16, two in session 6, one in
session 5): its output on train
is likely to flatter it more with every epoch, yet stage two trained on that
output scored higher on dev each time, on every role but the cue
(docs/attribution.md).
"""

from __future__ import annotations

import time
from pathlib import Path

from .neural import (
    MAX_PIECES,
    NetworkTagger,
    _pad,
    fit,
    load_tokenizer,
    make_batches,
    save_network,
    window_inputs,
    word_pieces,
)
from .percue import CUE_NET_LABELS as CUE_LABELS
from .percue import cue_labels

CUE_LABEL_ID = {lab: k for k, lab in enumerate(CUE_LABELS)}
NOTHING = [1.0 if lab == "O" else 0.0 for lab in CUE_LABELS]  # a word the network does not see


def cue_range(per_word: list[list[int]], c0: int, c1: int, limit: int = MAX_PIECES - 2) -> tuple[int, int]:
    """Word range ``[a, b)`` holding the cue words ``c0..c1`` and as many words
    either side (nearest first, alternating) as fit in ``limit`` wordpieces."""
    n = len(per_word)
    if sum(len(p) for p in per_word) <= limit:
        return 0, n
    a, b = c0, c1 + 1
    used = sum(len(per_word[w]) for w in range(a, b))
    grow_left = True
    while a > 0 or b < n:
        if (grow_left and a > 0) or b >= n:
            if used + len(per_word[a - 1]) > limit:
                break
            a -= 1
            used += len(per_word[a])
        else:
            if used + len(per_word[b]) > limit:
                break
            used += len(per_word[b])
            b += 1
        grow_left = not grow_left
    return a, b


def cue_inputs(tokenizer, per_word, a: int, b: int, cue: set[int], labels=None):
    """``(input_ids, token_type_ids, first_piece_positions, label_ids or None)``
    for words a..b (``window_inputs``), the pieces of the words in ``cue``
    (indices into ``per_word``) marked with type 1."""
    ids, first, labs = window_inputs(tokenizer, per_word, a, b, labels, CUE_LABEL_ID)
    types = [0] + [int(w in cue) for w in range(a, b) for _ in per_word[w]] + [0]
    return ids, types, first, labs


def _encode(tok, items, labels=None):
    """Per ``(window tokens, cue tokens)`` item: ``(a, b, ids, types, first, labs)``."""
    per_item = word_pieces(tok, [[t.text for t in toks] for toks, _ in items])
    out = []
    for n, ((toks, ctoks), per) in enumerate(zip(items, per_item, strict=True)):
        own = {t.i for t in ctoks}
        cue = {k for k, t in enumerate(toks) if t.i in own}
        a, b = cue_range(per, min(cue), max(cue))
        out.append((a, b, *cue_inputs(tok, per, a, b, cue, labels[n] if labels is not None else None)))
    return out


def train_cue_network(parsed, out_dir: Path, name: str, seed: int = 13, epochs: float = 1.0, lr: float = 8e-5,
                      warmup: int = 30, batch_tokens: int = 4096, threads: int = 2, log=print,
                      negatives=None) -> dict:
    """Fine-tune on the gold cues of ``[(sdoc, gold)]`` and on ``negatives``,
    per document ``[(window tokens, cue tokens)]`` of proposed cues that are
    not cues (every word labelled ``O``, see verify.py); writes
    ``<name>.cuenet.safetensors``."""
    import torch

    from .crf import gold_cue_windows

    t0 = time.perf_counter()
    torch.manual_seed(seed)
    items, labels = [], []
    n_gold = 0
    for k, (sdoc, gold) in enumerate(parsed):
        for att, toks, ctoks, _others in gold_cue_windows(sdoc, gold):
            items.append((toks, ctoks))
            labels.append(cue_labels(toks, att, {t.i for t in ctoks}))
            n_gold += 1
        for toks, ctoks in negatives[k] if negatives is not None else ():
            items.append((toks, ctoks))
            labels.append(["O"] * len(toks))
    tok = load_tokenizer()
    seqs = [(ids, labs, types) for _a, _b, ids, types, _first, labs in _encode(tok, items, labels)]
    log(f"cue network: {n_gold} gold cues, {len(seqs) - n_gold} proposals that are not cues")
    model = fit(seqs, CUE_LABELS, tok.pad_token_id, seed=seed, epochs=epochs, lr=lr, warmup=warmup,
                batch_tokens=batch_tokens, threads=threads, log=log)
    save_network(model, Path(out_dir), name, suffix="cuenet")
    return {"cue_network": {"seed": seed, "steps": model.steps, "epochs": epochs, "lr": lr, "warmup": warmup,
                            "batch_tokens": batch_tokens, "threads": threads, "cues": n_gold,
                            "not_cues": len(seqs) - n_gold,
                            "seconds": round(time.perf_counter() - t0, 1)}}


class CueTagger(NetworkTagger):
    """Per window token, the cue network's label probabilities for one cue."""

    labels = CUE_LABELS

    def predict(self, items, batch_tokens: int = 8192) -> list[list[list[float]]]:
        """For ``[(window tokens, cue tokens)]``, per item a ``len(window) x
        len(CUE_LABELS)`` list of probabilities."""
        torch = self.torch
        enc = _encode(self.tok, items)
        out = [[NOTHING] * len(toks) for toks, _ in items]
        for idx in make_batches([len(e[2]) for e in enc], batch_tokens, max_batch=64):
            ids = torch.tensor(_pad([enc[i][2] for i in idx], self.tok.pad_token_id))
            types = torch.tensor(_pad([enc[i][3] for i in idx], 0))
            with torch.inference_mode():
                logits = self.model(input_ids=ids, attention_mask=(ids != self.tok.pad_token_id).long(),
                                    token_type_ids=types).logits
            probs = torch.softmax(logits.float(), dim=-1).tolist()
            for row, i in enumerate(idx):
                a, _b, _ids, _types, first, _ = enc[i]
                for k, pos in enumerate(first):
                    if pos >= 0:
                        out[i][a + k] = probs[row][pos]
        return out
