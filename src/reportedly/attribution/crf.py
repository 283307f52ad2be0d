"""The CRF attribution finder: features -> BIO tags (python-crfsuite) ->
attributions grouped around cues (see ``structure``)."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import ModelError
from ..extract.attribution import RawAttribution
from .features import Featurizer, paragraphs
from .structure import gold_labels, group


class CRFFinder:
    """``finder(sdoc) -> list[RawAttribution]`` with a trained model directory
    holding ``<name>.crfsuite`` and ``<name>.lexicon.json``."""

    def __init__(self, model_dir: Path, name: str):
        import pycrfsuite

        path = Path(model_dir) / f"{name}.crfsuite"
        lex = Path(model_dir) / f"{name}.lexicon.json"
        if not path.exists() or not lex.exists():
            raise ModelError(f"attribution model {name!r} is not installed", hint=f"expected {path}")
        self.name = name
        self.feat = Featurizer(json.loads(lex.read_text(encoding="utf-8")))
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))

    def tag(self, sdoc):
        """``[(paragraph tokens, labels, cue probability per token)]``."""
        out = []
        for par, feats in self.feat.sequences(sdoc):
            labels = self.tagger.tag(feats)
            out.append((par, labels))
        return out

    def __call__(self, sdoc) -> list[RawAttribution]:
        res = []
        for par, labels in self.tag(sdoc):
            for src, cue, con in group(par, labels):
                res.append(RawAttribution(
                    source=[c.span() for c in src],
                    cue=[cue.span()],
                    content=[c.span() for c in con],
                    score=1.0,
                    origin=f"crf:{self.name}",
                ))
        return res


def build_lexicon(parsed, min_count: int = 2) -> dict[str, float]:
    """P(token is part of a cue | lemma), from gold-labelled parsed docs
    ``[(sdoc, gold)]``; smoothed, only lemmas seen ``min_count`` times."""
    total: dict[str, int] = {}
    cue: dict[str, int] = {}
    for sdoc, gold in parsed:
        for par in paragraphs(sdoc):
            for t, lab in zip(par, gold_labels(par, gold, len(sdoc.text)), strict=True):
                lem = t.lemma_.lower()
                total[lem] = total.get(lem, 0) + 1
                if lab.endswith("-C"):
                    cue[lem] = cue.get(lem, 0) + 1
    return {lem: round(cue[lem] / (total[lem] + 1), 4) for lem in sorted(cue) if total[lem] >= min_count}


def train_crf(parsed, out_dir: Path, name: str, c1: float, c2: float, max_iter: int, log=print) -> dict:
    """Train on ``[(sdoc, gold)]``; writes ``<name>.crfsuite`` and
    ``<name>.lexicon.json`` into ``out_dir``. L-BFGS is deterministic."""
    import pycrfsuite

    lex = build_lexicon(parsed)
    feat = Featurizer(lex)
    trainer = pycrfsuite.Trainer(verbose=False)
    n_tok = 0
    for sdoc, gold in parsed:
        for par, feats in feat.sequences(sdoc):
            trainer.append(feats, gold_labels(par, gold, len(sdoc.text)))
            n_tok += len(par)
    params = {"c1": c1, "c2": c2, "max_iterations": max_iter, "feature.possible_transitions": True,
              "feature.minfreq": 1}
    trainer.set_params(params)
    out_dir.mkdir(parents=True, exist_ok=True)
    log(f"training {name}: {len(parsed)} docs, {n_tok} tokens, {len(lex)} cue lemmas")
    trainer.train(str(out_dir / f"{name}.crfsuite"))
    (out_dir / f"{name}.lexicon.json").write_text(json.dumps(lex, indent=0, sort_keys=True), encoding="utf-8")
    return {"docs": len(parsed), "tokens": n_tok, "params": params,
            "iterations": trainer.logparser.last_iteration.get("num", None) if trainer.logparser.last_iteration else None}
