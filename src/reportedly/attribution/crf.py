"""The CRF attribution finder: features -> BIO tags (python-crfsuite) ->
attributions grouped around cues (see ``structure``)."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import ModelError
from ..extract.attribution import RawAttribution, touching
from ..parsed import doc_text
from .features import Featurizer, paragraphs
from .patterns import layout_attributions
from .percue import CUE_NET_LABELS, CueFeaturizer, cue_labels, gold_cue_tokens, spans_from, window
from .structure import gold_labels, group
from .verify import VerifyConfig, cue_score, keep, proposals, stage_one_score

CUE_C = CUE_NET_LABELS.index("C")


class CRFFinder:
    """``finder(sdoc) -> list[RawAttribution]`` with a trained model directory
    holding ``<name>.crfsuite`` and ``<name>.lexicon.json``; optionally
    ``<name>.net.safetensors``, the network whose probabilities are features
    of both stages (the ``accurate`` model), ``<name>.cuenet.safetensors``, the
    cue network whose probabilities for each found cue are features of the
    second stage, and ``<name>.conf.json`` naming
    another model whose second stage it shares (``{"stage_two": "crf"}``; that
    second stage then gets no network features)."""

    def __init__(self, model_dir: Path, name: str):
        import pycrfsuite

        model_dir = Path(model_dir)
        path = model_dir / f"{name}.crfsuite"
        lex = model_dir / f"{name}.lexicon.json"
        if not path.exists() or not lex.exists():
            raise ModelError(f"attribution model {name!r} is not installed", hint=f"expected {path}")
        conf_path = model_dir / f"{name}.conf.json"
        conf = json.loads(conf_path.read_text(encoding="utf-8")) if conf_path.exists() else {}
        self.name = name
        self.feat = Featurizer(json.loads(lex.read_text(encoding="utf-8")))
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))
        self.net = None
        if (model_dir / f"{name}.net.safetensors").exists():
            from .neural import load_tagger

            self.net = load_tagger(model_dir / f"{name}.net.safetensors")
        stage_two = conf.get("stage_two", name)
        self.net_in_stage_two = self.net is not None and stage_two == name  # trained together with the network
        cue_path = model_dir / f"{stage_two}.cue.crfsuite"
        self.cue_tagger = None
        self.drop_nested = True
        self.participle_sources = True  # "X ..., saying": X is the source (participle_sources)
        self.layout = True  # add the attributions of patterns.py
        # PolNeAR attributions always have a content (2 of train's 19,834 do not): with "need_content" in the
        # conf (the accurate model's, since session 14) a cue left without one is dropped
        self.need_content = bool(conf.get("need_content", False))
        # "quote_window" (session 16): a second-stage window of a long paragraph grows to finish a quotation
        self.quote_window = bool(conf.get("quote_window", False))
        self.cue_net = None
        if self.net_in_stage_two and (model_dir / f"{name}.cuenet.safetensors").exists():
            from .cuenet import CueTagger

            self.cue_net = CueTagger(model_dir / f"{name}.cuenet.safetensors")
        # with the network(s): verify stage one's cues and candidates (verify.py)
        self.verify = VerifyConfig.from_json(conf.get("verify")) if self.net_in_stage_two else None
        if self.verify is not None and self.verify.by == "cuenet" and self.cue_net is None:
            self.verify = None
        if cue_path.exists():  # second stage: source/content per cue
            self.cue_feat = CueFeaturizer(self.feat.lex)
            self.cue_tagger = pycrfsuite.Tagger()
            self.cue_tagger.open(str(cue_path))

    def tag(self, sdoc, probs=None):
        """``[(paragraph tokens, stage-one labels)]``; ``probs``: the network's
        label probabilities per token (computed here when the model has a network)."""
        return list(self.tagged(sdoc, probs))

    def tagged(self, sdoc, probs=None):
        """``tag`` one paragraph at a time: the stage-one tagger still holds
        the paragraph (its marginals) when it is yielded."""
        if probs is None and self.net is not None:
            probs = self.net.doc_probs(sdoc)
        for par, feats in self.feat.sequences(sdoc, probs):
            yield par, self.tagger.tag(feats)

    def __call__(self, sdoc) -> list[RawAttribution]:
        found = self._two_stage(sdoc) if self.cue_tagger is not None else self._one_stage(sdoc)
        if not self.layout:
            return found
        # attributions marked by layout (headline "X: ...", "PENCE: ...", “...” ― Name), where the model found nothing
        layout = [x for x in layout_attributions(doc_text(sdoc)) if not touching(x, found)]
        return sorted(found + layout, key=lambda a: a.cue[0][0] if a.cue else 0)

    def _one_stage(self, sdoc) -> list[RawAttribution]:
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


    def _two_stage(self, sdoc) -> list[RawAttribution]:
        probs = self.net.doc_probs(sdoc) if self.net is not None else None
        cue_probs = probs if self.net_in_stage_two else None
        threshold = self.verify.candidates if self.verify is not None else None
        by_stage_one = self.verify is not None and self.verify.by == "stage-one"
        pars = []  # per paragraph: [(cue chunk, found by Viterbi, window tokens)]
        for par, labels in self.tagged(sdoc, probs):
            props = proposals(par, labels, self.tagger, threshold)
            if by_stage_one:  # decided here, while the tagger still holds the paragraph's marginals
                pos = {t.i: k for k, t in enumerate(par)}
                props = [(c, v) for c, v in props if keep(
                    stage_one_score(self.tagger, par, [pos[t.i] for t in c.toks], probs), v, self.verify)]
            pars.append([(c, by_viterbi, window(par, c.toks, self.quote_window)) for c, by_viterbi in props])
        items = [(toks, c.toks) for props in pars for c, _, toks in props]
        net_out = iter(self.cue_net.predict(items) if self.cue_net is not None else [None] * len(items))
        verify_by_net = self.verify is not None and not by_stage_one
        res = []
        for props in pars:
            kept = []
            for c, by_viterbi, toks in props:
                cp = next(net_out)
                if not verify_by_net or keep(cue_score(cp, toks, c.toks, CUE_C), by_viterbi, self.verify):
                    kept.append((c, toks, cp))
            kept.sort(key=lambda k: k[0].start)
            all_cue = {t.i for c, _, _ in kept for t in c.toks}
            found, heads = [], []
            for c, toks, cp in kept:
                feats = self.cue_feat.features(toks, c.toks, all_cue - {t.i for t in c.toks}, cue_probs, cp)
                labs = self.cue_tagger.tag(feats)
                found.append(RawAttribution(
                    source=spans_from(toks, labs, "S"),
                    cue=[c.span()],
                    content=spans_from(toks, labs, "T"),
                    score=1.0,
                    origin=f"crf:{self.name}",
                ))
                heads.append(c.head())
            if self.participle_sources:
                participle_sources(found, heads)
            if self.drop_nested:
                found = drop_nested(absorb_governed(found, heads))
            if self.need_content:
                found = [a for a in found if a.content]
            res.extend(found)
        return res


def _inside(pos: int, spans) -> bool:
    return any(s <= pos < e for s, e in spans)


def _governing_clause(inner, outer):
    """The clause under ``outer`` (a ``ccomp`` child) that holds ``inner``, or None."""
    child, node = inner, inner.head
    for _ in range(10):
        if node.i == outer.i:
            return child if child.dep_ == "ccomp" else None
        if node is child:
            return None
        child, node = node, node.head
    return None


def absorb_governed(atts: list[RawAttribution], heads: list) -> list[RawAttribution]:
    """"X said Y told him that Z": a cue inside the reported clause of another
    cue is part of that cue's content (PolNeAR does not nest attributions)."""
    drop = set()
    for j, inner in enumerate(heads):
        for k, outer in enumerate(heads):
            if j == k or k in drop or atts[k].content:
                continue  # only an outer cue left without content takes the inner one
            clause = _governing_clause(inner, outer)
            if clause is None:
                continue
            span = (clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text))
            atts[k].content = [span]
            drop.add(j)
            break
    return [a for i, a in enumerate(atts) if i not in drop]


PARTICIPLE_DEPS = {"advcl", "xcomp", "conj"}
SUBJECTS = {"nsubj", "nsubjpass"}
SUBJECT_TAIL = {"relcl", "appos", "acl", "punct"}


def participle_sources(atts: list[RawAttribution], heads: list) -> None:
    """"Trump attacked the ruling, saying ...": a cue left without a source
    that is a present participle hanging from a clause, or a verb coordinated
    with another, takes the subject of that clause (its subtree up to a
    relative clause, apposition or comma after it); a present participle
    modifying a noun ("polls showing ...") takes that noun with its left
    modifiers. In place. (The rules' ``source_tokens(core=True)`` is not
    used: it keeps what follows a comma, "Hillary Clinton, like Obama".)"""
    for att, h in zip(atts, heads, strict=True):
        if att.source or any(c.dep_ in SUBJECTS for c in h.children):
            continue
        if h.tag_ == "VBG" and h.dep_ == "acl" and h.head.i < h.i:
            noun = h.head
            att.source = [(noun.left_edge.idx, noun.idx + len(noun.text))]
            continue
        if not ((h.tag_ == "VBG" and h.dep_ in PARTICIPLE_DEPS) or (h.dep_ == "conj" and h.pos_ == "VERB")):
            continue
        subj = next((c for c in h.head.children if c.dep_ in SUBJECTS), None)
        if subj is None:
            continue
        end = subj.right_edge.i
        for c in subj.rights:
            if c.dep_ in SUBJECT_TAIL:
                end = min(end, c.left_edge.i - 1)
        doc = subj.doc
        while end > subj.i and doc[end].is_punct:
            end -= 1
        att.source = [(subj.left_edge.idx, doc[end].idx + len(doc[end].text))]


def drop_nested(atts: list[RawAttribution]) -> list[RawAttribution]:
    """PolNeAR attributions do not nest: drop one whose cue lies inside the
    content of another (unless that other's cue lies inside its content)."""
    keep = []
    for a in atts:
        nested = any(b is not a and _inside(a.cue[0][0], b.content) and not _inside(b.cue[0][0], a.content)
                     for b in atts)
        if not nested:
            keep.append(a)
    return keep


def gold_cue_windows(sdoc, gold):
    """Per gold cue (in document order of paragraphs): ``(att, window tokens,
    cue tokens, the other cues' token indices in its paragraph)``."""
    pars = paragraphs(sdoc)
    par_of = {t.i: k for k, par in enumerate(pars) for t in par}
    by_par: dict[int, list] = {}
    for att in gold:
        if not att.cue:
            continue
        s = min(s for s, _ in att.cue)
        tok = sdoc.char_span(s, s + 1, alignment_mode="expand")
        if tok is None or tok[0].i not in par_of:
            continue
        k = par_of[tok[0].i]
        ctoks = gold_cue_tokens(pars[k], att)
        if ctoks:
            by_par.setdefault(k, []).append((att, ctoks))
    for k, items in by_par.items():
        all_cue = {t.i for _, ct in items for t in ct}
        for att, ctoks in items:
            yield att, window(pars[k], ctoks), ctoks, all_cue - {t.i for t in ctoks}


def cue_instances(sdoc, gold, cfeat: CueFeaturizer, probs=None, cue_probs=None):
    """Stage-two training sequences ``(features, labels)``, one per gold cue
    (with ``probs``, the network's probabilities per token, its features too;
    with ``cue_probs``, the cue network's probabilities per window token, one
    list per gold cue in the order of ``gold_cue_windows``, those too)."""
    for n, (att, toks, ctoks, others) in enumerate(gold_cue_windows(sdoc, gold)):
        cp = cue_probs[n] if cue_probs is not None else None
        yield (cfeat.features(toks, ctoks, others, probs, cp),
               cue_labels(toks, att, {t.i for t in ctoks}))


def train_cue_crf(parsed, out_dir: Path, name: str, lex: dict, c1: float, c2: float, max_iter: int, log=print,
                  probs=None, cue_probs=None) -> dict:
    import pycrfsuite

    cfeat = CueFeaturizer(lex)
    trainer = pycrfsuite.Trainer(verbose=False)
    n_seq = n_tok = 0
    for k, (sdoc, gold) in enumerate(parsed):
        for feats, labels in cue_instances(sdoc, gold, cfeat, probs[k] if probs is not None else None,
                                           cue_probs[k] if cue_probs is not None else None):
            trainer.append(feats, labels)
            n_seq += 1
            n_tok += len(labels)
    params = {"c1": c1, "c2": c2, "max_iterations": max_iter, "feature.possible_transitions": True}
    trainer.set_params(params)
    log(f"training {name}.cue: {n_seq} cues, {n_tok} tokens")
    trainer.train(str(out_dir / f"{name}.cue.crfsuite"))
    return {"cue_sequences": n_seq, "cue_tokens": n_tok, "cue_params": params}


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


def train_crf(parsed, out_dir: Path, name: str, c1: float, c2: float, max_iter: int, log=print,
              probs=None) -> dict:
    """Train on ``[(sdoc, gold)]``; writes ``<name>.crfsuite`` and
    ``<name>.lexicon.json`` into ``out_dir``. L-BFGS is deterministic. With
    ``probs`` (per document, the network's probabilities per token) the
    network's features are added."""
    import pycrfsuite

    lex = build_lexicon(parsed)
    feat = Featurizer(lex)
    trainer = pycrfsuite.Trainer(verbose=False)
    n_tok = 0
    for k, (sdoc, gold) in enumerate(parsed):
        for par, feats in feat.sequences(sdoc, probs[k] if probs is not None else None):
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
