"""Second stage: given one cue, tag its source and content.

For every cue chunk (gold in training, stage-one output at run time) the
window of its paragraph (the cue's sentence and up to two sentences either
side) is tagged with ``B-S/I-S`` (source), ``B-T/I-T`` (content), ``C`` (the
cue itself) or ``O``. Features say where each token stands relative to *this*
cue: side, distance, sentence offset, and the dependency relation under the
cue through which the token hangs from it (``nsubj`` → source-like,
``ccomp`` → content-like).
"""

from __future__ import annotations

from ..parsed import doc_view, sent_bounds
from .features import _quote_state, _shape, cue_bin, open_after, prob_bin, top_label

SENT_WINDOW = 2
MAX_PAR = 120
QUOTE_SENTS = 10  # sentences a window may grow by, each way, to finish a quotation


def _dist_bin(d: int) -> str:
    for lim, name in ((1, "0"), (3, "1"), (7, "2"), (15, "3"), (30, "4")):
        if d <= lim:
            return name
    return "5"


def window(par, cue_toks, quotes: bool = False):
    """Tokens of ``par`` the second stage looks at: the whole paragraph when
    short, else the cue's sentence and SENT_WINDOW sentences either side.
    With ``quotes``, a window that would end inside a double quotation grows
    by whole sentences until the quotation closes (and one that would start
    inside one, until it opens), at most QUOTE_SENTS sentences each way, so
    that a long quotation is not cut off mid-way."""
    if len(par) <= MAX_PAR:
        return par
    starts = sent_bounds(par[0].doc)[0]
    sents: list[int] = []  # sentence start (document index) of each sentence of the paragraph
    begin: list[int] = []  # where each sentence begins in par
    for j, t in enumerate(par):
        s = starts[t.i]
        if not sents or sents[-1] != s:
            sents.append(s)
            begin.append(j)
    begin.append(len(par))
    k = sents.index(starts[cue_toks[0].i])
    lo, hi = max(0, k - SENT_WINDOW), min(len(sents) - 1, k + SENT_WINDOW)
    if quotes:  # grow while the token just inside the window's edge leaves a quotation open
        inside = open_after(par)
        for _ in range(QUOTE_SENTS):
            if hi == len(sents) - 1 or not inside[begin[hi + 1] - 1]:
                break
            hi += 1
        for _ in range(QUOTE_SENTS):
            if lo == 0 or not inside[begin[lo] - 1]:
                break
            lo -= 1
    return par[begin[lo]:begin[hi + 1]]


def _quote_regions(qs: list[int]) -> list[tuple[int, int]]:
    """(first, last) indices of quoted stretches, marks included."""
    out, start = [], None
    for k, q in enumerate(qs):
        if q == 2 and start is None:
            start = k
        elif q == 2:
            out.append((start, k))
            start = None
    if start is not None:
        out.append((start, len(qs) - 1))
    return out


def adjacent_quotes(qs: list[int], c0: int, c1: int, gap: int = 6) -> set[int]:
    """Indices inside quotations that chain up to the cue at window indices
    ``c0..c1``: a quotation within ``gap`` tokens of the cue, or within two
    tokens of a quotation already chained."""
    regions = _quote_regions(qs)
    keep: set[int] = set()
    edge = c0
    for a, b in sorted((r for r in regions if r[1] < c0), key=lambda r: -r[1]):
        if edge - b - 1 <= (gap if edge == c0 else 2):
            keep.update(range(a, b + 1))
            edge = a
        else:
            break
    edge = c1
    for a, b in sorted(r for r in regions if r[0] > c1):
        if a - edge - 1 <= (gap if edge == c1 else 2):
            keep.update(range(a, b + 1))
            edge = b
        else:
            break
    return keep


def _under(i: int, head, ids) -> int | None:
    """Index of the child of a cue token on the path from ``i`` up to it
    (twelve steps at most; the root is its own head), or None."""
    child, node = i, head[i]
    for _ in range(12):
        if node in ids:
            return child
        child, node = node, head[node]
    return None


def _net(probs, i: int, side: str) -> list[str]:
    """The network's source and content probability (by side of the cue) and
    most likely label for token ``i``; nothing without ``probs``."""
    if probs is None:
        return []
    p = probs[i]
    return ["ns=" + prob_bin(p[1] + p[2]) + side, "nt=" + prob_bin(p[5] + p[6]) + side,
            "na=" + top_label(p)]


CUE_NET_LABELS = ("O", "B-S", "I-S", "B-T", "I-T", "C")  # the cue network's labels (cuenet.py)


def _cue_net(cp, k: int) -> list[str]:
    """The cue network's source, source-start, content and content-start
    probability and most likely label for window token ``k``, and the most
    likely label of its neighbours; nothing without ``cp``."""
    if cp is None:
        return []
    p = cp[k]
    f = ["xs=" + prob_bin(p[1] + p[2]), "xbs=" + prob_bin(p[1]), "xt=" + prob_bin(p[3] + p[4]),
         "xbt=" + prob_bin(p[3]), "xa=" + _cue_top(p)]
    for off in (-1, 1):
        if 0 <= k + off < len(cp):
            f.append(f"{off}:xa=" + _cue_top(cp[k + off]))
    return f


def _cue_top(p) -> str:
    return CUE_NET_LABELS[max(range(len(CUE_NET_LABELS)), key=p.__getitem__)]


class CueFeaturizer:
    def __init__(self, lexicon: dict[str, float]):
        self.lex = lexicon

    def features(self, toks, cue_toks, other_cues: set[int], probs=None, cue_probs=None):
        """Features of a cue's window; with ``probs`` (the network's label
        probabilities per Doc token) also its source and content probability
        (by side of the cue) and most likely label; with ``cue_probs`` (the
        cue network's probabilities per window token, for this cue) those
        of ``_cue_net``."""
        v = doc_view(toks[0].doc)
        lemma, pos, dep, head, low = v.lemma, v.pos, v.dep, v.head, v.lower_
        ids = {t.i for t in cue_toks}
        hd = next((t.i for t in cue_toks if head[t.i] not in ids or head[t.i] == t.i), cue_toks[0].i)
        c0, c1 = cue_toks[0].i, cue_toks[-1].i
        starts = sent_bounds(toks[0].doc)[0]
        csent = starts[hd]
        clem = lemma[hd]
        tix = [t.i for t in toks]
        sent_idx = {}
        for i in tix:
            sent_idx.setdefault(starts[i], len(sent_idx))
        cs = sent_idx[csent]
        qs = _quote_state(toks)
        pos_in = {i: k for k, i in enumerate(tix)}
        qadj = adjacent_quotes(qs, pos_in[c0], pos_in[c1])
        in_sub = v.subtree(hd)
        anc_of_head = v.ancestors(hd)
        head_under_cue = any(a in ids for a in anc_of_head)
        anc_set = set(anc_of_head)
        lex = self.lex
        feats = []
        n = len(toks)
        for k, i in enumerate(tix):
            lw = low[i]
            if i in ids:
                feats.append(["b", "CUE", "w=" + lw, "cl=" + clem, *_net(probs, i, "R"), *_cue_net(cue_probs, k)])
                continue
            side = "L" if i < c0 else "R"
            d = c0 - i if side == "L" else i - c1
            so = max(-2, min(2, sent_idx[starts[i]] - cs))
            ch = _under(i, head, ids)
            rel = None if ch is None else dep[ch]
            anc = rel is None and head_under_cue and i in anc_set
            lo, hi = (i, c0) if side == "L" else (c1, i)
            between = any(lo < j < hi for j in other_cues)
            p = pos[i]
            lem = lemma[i]
            r_ = rel or "-"
            f = [
                "b",
                "w=" + lw,
                "l=" + lem,
                "sh=" + _shape(v.text[i]),
                "p=" + p,
                "d=" + dep[i],
                "e=" + (v.ent_type[i] or "-"),
                f"q={qs[k]}",
                "sd=" + side + _dist_bin(d),
                f"so={so}",
                "r=" + (rel or ("anc" if anc else "-")),
                "rs=" + r_ + side,
                "rq=" + r_ + side + str(qs[k]),
                "rc=" + r_ + "|" + clem,
                "cb=" + cue_bin(lex.get(lem, 0.0)),
                "btw" if between else "nbtw",
                "ps=" + p + side + str(so),
                "t=" + v.tag[i],
                "qa=" + ("1" if k in qadj else "0") + side,
                "sub=" + ("1" if i in in_sub else "0") + side,
            ]
            if v.sent_start[i]:
                f.append("SS")
            if k + 1 == n or starts[tix[k + 1]] != starts[i]:
                f.append("SE")
            for off in (-2, -1, 1, 2):
                j = k + off
                if 0 <= j < n:
                    o = tix[j]
                    f.append(f"{off}:w={low[o]}")
                    f.append(f"{off}:p={pos[o]}")
                    if o in ids:
                        f.append(f"{off}:CUE")
                    if off in (-1, 1):
                        f.append(f"{off}:qa={int(j in qadj)}")
                else:
                    f.append(f"{off}:BOUND")
            f.extend(_net(probs, i, side))
            f.extend(_cue_net(cue_probs, k))
            feats.append(f)
        return feats


def cue_labels(toks, att, cue_ids: set[int]) -> list[str]:
    """Labels of a window for one gold attribution (``att`` with role spans)."""
    owner: dict[int, str] = {}
    for role, code in (("source", "S"), ("content", "T")):
        for s, e in att.role(role):
            for i in range(s, e):
                owner.setdefault(i, code)
    out, prev = [], None
    for t in toks:
        if t.i in cue_ids:
            out.append("C")
            prev = None
            continue
        votes = {}
        for i in range(t.idx, t.idx + len(t.text)):
            c = owner.get(i)
            if c:
                votes[c] = votes.get(c, 0) + 1
        lab = None
        if votes:
            c, m = max(votes.items(), key=lambda kv: kv[1])
            if 2 * m >= len(t.text):
                lab = c
        if lab is None:
            out.append("O")
            prev = None
        else:
            out.append(("I-" if prev == lab else "B-") + lab)
            prev = lab
    return out


def spans_from(toks, labels, role: str) -> list[tuple[int, int]]:
    """Character spans of the ``role`` chunks (``S`` or ``T``) of a tagged window."""
    spans: list[list[int]] = []
    cur = None
    for t, lab in zip(toks, labels, strict=True):
        if not lab.endswith("-" + role):
            cur = None
            continue
        e = t.idx + len(t.text)
        if cur is not None and lab.startswith("I"):
            cur[1] = e
        else:
            cur = [t.idx, e]
            spans.append(cur)
    return [(s, e) for s, e in spans]


def gold_cue_tokens(par, att) -> list:
    """Tokens of ``par`` that are (mostly) inside the cue of ``att``."""
    chars = set()
    for s, e in att.role("cue"):
        chars.update(range(s, e))
    out = []
    for t in par:
        inside = sum(1 for i in range(t.idx, t.idx + len(t.text)) if i in chars)
        if inside and 2 * inside >= len(t.text):
            out.append(t)
    return out
