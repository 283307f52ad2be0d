"""The PolNeAR attribution metric (same definitions as the reference scorer
shipped with the data; re-implemented so the package does not depend on it).

A role of an attribution is compared as a *unit*: the set of character
offsets covered by its spans, with whitespace/punctuation trimmed from the
edges of every run and gaps made only of whitespace/punctuation filled in
(a unit that is all punctuation stays raw).

- exact (per role): multiset match of identical units.
- lenient (per role): one-to-one greedy match by overlap size, then Jaccard.
- attribution: content token Dice >= 0.5 (two empty contents: 1.0) and,
  when the gold has a source, the predicted source overlaps it; one-to-one
  greedy by (Dice, source Jaccard, cue Jaccard).
Micro-averaged over documents; figures in percent.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

ROLES = ("source", "cue", "content")
_TOK = re.compile(r"\w+|[^\w\s]")


def _weak(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return ch.isspace() or cat[0] in "PZ" or cat == "Cc"


def unit(text: str, spans) -> frozenset[int]:
    covered: set[int] = set()
    for s, e in spans:
        covered.update(range(s, e))
    if not covered:
        return frozenset()
    strong = sorted(i for i in covered if not _weak(text[i]))
    if not strong:
        return frozenset(covered)
    out = set(strong)
    for a, b in zip(strong, strong[1:], strict=False):
        if b > a + 1 and all(_weak(text[i]) for i in range(a + 1, b)):
            out.update(range(a + 1, b))
    return frozenset(out)


def _token_index(text: str) -> list[int]:
    idx = [-1] * len(text)
    for k, m in enumerate(_TOK.finditer(text)):
        idx[m.start():m.end()] = [k] * (m.end() - m.start())
    return idx


def _one_to_one(cands) -> int:
    taken_g, taken_p, n = set(), set(), 0
    for _key, g, p in sorted(cands, key=lambda c: c[0], reverse=True):
        if g in taken_g or p in taken_p:
            continue
        taken_g.add(g)
        taken_p.add(p)
        n += 1
    return n


def _prf(tp: int, npred: int, ngold: int) -> dict:
    p = 100.0 * tp / npred if npred else (100.0 if not ngold else 0.0)
    r = 100.0 * tp / ngold if ngold else (100.0 if not npred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp, "n_pred": npred, "n_gold": ngold}


def _get(att, role):
    return att[role] if isinstance(att, dict) else getattr(att, role)


def score_docs(docs) -> dict:
    """``docs``: iterable of ``(text, gold_attributions, predicted_attributions)``;
    an attribution is a dict or object with ``source``/``cue``/``content`` span lists."""
    counts = {r: Counter() for r in ROLES}
    att = Counter()
    n_docs = 0
    for text, gold, pred in docs:
        n_docs += 1
        G = [{r: unit(text, _get(a, r)) for r in ROLES} for a in gold]
        P = [{r: unit(text, _get(a, r)) for r in ROLES} for a in pred]
        for r in ROLES:
            gu = [g[r] for g in G if g[r]]
            pu = [p[r] for p in P if p[r]]
            c = counts[r]
            c["gold"] += len(gu)
            c["pred"] += len(pu)
            c["exact"] += sum((Counter(gu) & Counter(pu)).values())
            cands = []
            for gi, g in enumerate(gu):
                for pi, p in enumerate(pu):
                    ov = len(g & p)
                    if ov:
                        cands.append(((ov, ov / len(g | p)), gi, pi))
            c["lenient"] += _one_to_one(cands)
        tix = _token_index(text)
        Gt = [frozenset(tix[i] for i in g["content"] if tix[i] >= 0) for g in G]
        Pt = [frozenset(tix[i] for i in p["content"] if tix[i] >= 0) for p in P]
        cands = []
        for gi, g in enumerate(G):
            for pi, p in enumerate(P):
                a, b = Gt[gi], Pt[pi]
                dice = 1.0 if not (a or b) else 2.0 * len(a & b) / (len(a) + len(b))
                if dice < 0.5:
                    continue
                sj = 0.0
                if g["source"]:
                    ov = len(g["source"] & p["source"])
                    if not ov:
                        continue
                    sj = ov / len(g["source"] | p["source"])
                cues = g["cue"] | p["cue"]
                cj = len(g["cue"] & p["cue"]) / len(cues) if cues else 1.0
                cands.append(((dice, sj, cj), gi, pi))
        att["tp"] += _one_to_one(cands)
        att["gold"] += len(G)
        att["pred"] += len(P)
    res = {"n_docs": n_docs, "exact": {}, "lenient": {}}
    for r in ROLES:
        c = counts[r]
        res["exact"][r] = _prf(c["exact"], c["pred"], c["gold"])
        res["lenient"][r] = _prf(c["lenient"], c["pred"], c["gold"])
    res["attribution"] = _prf(att["tp"], att["pred"], att["gold"])
    return res


def format_table(res: dict) -> str:
    head = f"{'match':<12} {'role':<8} {'P':>7} {'R':>7} {'F1':>7} {'TP':>7} {'pred':>7} {'gold':>7}"
    rows = [head]

    def row(mode, role, m):
        rows.append(f"{mode:<12} {role:<8} {m['p']:7.1f} {m['r']:7.1f} {m['f1']:7.1f} {m['tp']:7d} {m['n_pred']:7d} {m['n_gold']:7d}")

    for mode in ("exact", "lenient"):
        for r in ROLES:
            row(mode, r, res[mode][r])
    row("attribution", "all", res["attribution"])
    return "\n".join(rows)
