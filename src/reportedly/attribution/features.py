"""Token features for the attribution tagger, computed from a spaCy Doc.

A *sequence* is one paragraph (tokens between newline tokens; whitespace
tokens are left out). Every token gets a list of string features: its own
form, tags and dependency, a window of neighbours, its quote state, and its
place relative to the nearest governing *cue-like* word (a lemma that is
often a cue in PolNeAR train; the lexicon ships with the model).
"""

from __future__ import annotations

from ..parsed import doc_view, sent_bounds

OPEN_Q = {"“", "«"}
CLOSE_Q = {"”", "»"}
AMBIG_Q = {'"', "''", "``"}
QUOTE_MARKS = OPEN_Q | CLOSE_Q | AMBIG_Q


def cue_bin(p: float) -> str:
    if p <= 0.0:
        return "0"
    if p < 0.05:
        return "a"
    if p < 0.2:
        return "b"
    if p < 0.5:
        return "c"
    return "d"


NET_LABELS = ("O", "B-S", "I-S", "B-C", "I-C", "B-T", "I-T")  # the network's labels (neural.py)


def prob_bin(p: float) -> str:
    for top, name in ((0.02, "0"), (0.1, "1"), (0.25, "2"), (0.5, "3"), (0.75, "4")):
        if p < top:
            return name
    return "5"


def top_label(p) -> str:
    """The network's most likely label for one token's probabilities."""
    return NET_LABELS[max(range(len(NET_LABELS)), key=p.__getitem__)]


def network_features(probs, ids: list[int], k: int) -> list[str]:
    """Features of token ``ids[k]`` from the network's label probabilities
    (``accurate`` model): cue, cue start, source and content probability, the
    most likely label, and the cue probability and label of each neighbour."""
    p = probs[ids[k]]
    f = ["nc=" + prob_bin(p[3] + p[4]), "nb=" + prob_bin(p[3]), "ns=" + prob_bin(p[1] + p[2]),
         "nt=" + prob_bin(p[5] + p[6]), "na=" + top_label(p)]
    for off in (-1, 1):
        if 0 <= k + off < len(ids):
            q = probs[ids[k + off]]
            f.append(f"{off}:nc=" + prob_bin(q[3] + q[4]))
            f.append(f"{off}:na=" + top_label(q))
    return f


def paragraphs(sdoc) -> list[list]:
    """Token lists (no whitespace tokens), split where a token holds a newline."""
    out, cur = [], []
    for t in sdoc:
        if t.is_space:
            if "\n" in t.text and cur:
                out.append(cur)
                cur = []
            continue
        cur.append(t)
        if "\n" in t.whitespace_ and cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _shape(w: str) -> str:
    if w.isdigit():
        return "d"
    if w.isupper() and len(w) > 1:
        return "X"
    if w[:1].isupper():
        return "Xx"
    if w.islower():
        return "x"
    return "o"


def open_after(par) -> list[bool]:
    """Per token of ``par``, whether a double quotation is open after it.
    Single quotes are left alone (apostrophes look the same); straight
    double quotes alternate."""
    out, inside = [], False
    for t in par:
        w = t.text
        if w in OPEN_Q:
            inside = True
        elif w in CLOSE_Q:
            inside = False
        elif w in AMBIG_Q:
            inside = not inside
        out.append(inside)
    return out


def _quote_state(par) -> list[int]:
    """1 inside a quotation (within the paragraph), 2 on a double quote mark,
    0 outside."""
    return [2 if t.text in QUOTE_MARKS else int(inside) for t, inside in zip(par, open_after(par), strict=True)]


_CORE = {"nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "dative", "agent", "prep", "advcl", "pobj", "acomp"}


class Featurizer:
    def __init__(self, lexicon: dict[str, float]):
        self.lex = lexicon

    @staticmethod
    def _governor(i: int, cuep, head) -> tuple[int, int, int] | None:
        """(child under the cue-like ancestor, that ancestor, steps) or None;
        eight steps at most (the root is its own head)."""
        child, node = i, head[i]
        for steps in range(1, 9):
            if cuep[node] >= 0.2:
                return child, node, steps
            child, node = node, head[node]
        return None

    @staticmethod
    def _verb(i: int, pos, head) -> tuple[int, int] | None:
        """(child under the nearest verb ancestor, that verb) or None; six steps at most."""
        child, node = i, head[i]
        for _ in range(6):
            if pos[node] == "VERB":
                return child, node
            child, node = node, head[node]
        return None

    def sequences(self, sdoc, probs=None):
        """Yield ``(tokens, features)`` per paragraph; with ``probs`` (the
        network's label probabilities per Doc token) also the network's features."""
        v = doc_view(sdoc)
        lemma, pos, dep, head, low = v.lemma, v.pos, v.dep, v.head, v.lower_
        lex = self.lex
        cuep = [lex.get(lem, 0.0) for lem in lemma]
        cbin = [cue_bin(p) for p in cuep]
        starts, ends = sent_bounds(sdoc)
        sent_cue = {}
        for s in sdoc.sents:
            sent_cue[s.start] = max(cuep[s.start:s.end], default=0.0)
        n_doc = v.n
        for par in paragraphs(sdoc):
            qs = _quote_state(par)
            n = len(par)
            ids = [t.i for t in par]
            base = []
            for k, i in enumerate(ids):
                w = v.text[i]
                lw = v.low[i]
                sent_end = ends[i]
                d = dep[i]
                h = head[i]
                f = [
                    "b",
                    "w=" + lw,
                    "s3=" + lw[-3:],
                    "sh=" + _shape(w),
                    "p=" + pos[i],
                    "t=" + v.tag[i],
                    "d=" + d,
                    "dh=" + d + "|" + pos[h],
                    "cb=" + cbin[i],
                    f"q={qs[k]}",
                    "e=" + (v.ent_type[i] or "-"),
                    "ei=" + v.ent_iob[i],
                ]
                if v.sent_start[i]:
                    f.append("SS")
                if i + 1 == sent_end or (i + 1 < n_doc and v.is_space[i + 1] and i + 2 >= sent_end):
                    f.append("SE")
                if k == 0:
                    f.append("PS")
                if cuep[i] >= 0.2:
                    f.append("cl=" + lemma[i])
                    f.append("cd=" + d)
                f.append("sc=" + cue_bin(sent_cue[starts[i]]))
                g = self._governor(i, cuep, head)
                if g is None:
                    f.append("g=none")
                else:
                    child, node, steps = g
                    rel = dep[child]
                    side = "L" if i < node else "R"
                    f.append("g=" + rel)
                    f.append("gs=" + rel + side)
                    f.append("gl=" + lemma[node])
                    f.append(f"gd={min(steps, 4)}")
                    f.append(f"gq={rel}{qs[k]}")
                if h != i and cuep[h] >= 0.2:
                    f.append("hl=" + lemma[h])
                f.append("l=" + lemma[i])
                f.append("hw=" + lemma[h])
                if pos[i] in ("VERB", "AUX", "NOUN", "ADP"):
                    kids = sorted({dep[c] for c in v.children[i] if not v.is_space[c]})
                    f.extend("ch=" + d for d in kids)
                    f.append("cs=" + pos[i] + "|" + "+".join(d for d in kids if d in _CORE))
                vb = self._verb(i, pos, head)
                if vb is not None:
                    f.append("vr=" + dep[vb[0]])
                    f.append("vl=" + lemma[vb[1]] + "|" + dep[vb[0]])
                if d == "ROOT":
                    f.append("root")
                base.append(f)
            feats = []
            for k in range(n):
                f = list(base[k])
                for off in (-2, -1, 1, 2):
                    j = k + off
                    if 0 <= j < n:
                        o = ids[j]
                        f.append(f"{off}:w={low[o]}")
                        f.append(f"{off}:p={pos[o]}")
                        f.append(f"{off}:cb={cbin[o]}")
                        if off in (-1, 1):
                            f.append(f"{off}:d={dep[o]}")
                            f.append(f"{off}:q={qs[j]}")
                    else:
                        f.append(f"{off}:BOUND")
                if probs is not None:
                    f.extend(network_features(probs, ids, k))
                feats.append(f)
            yield par, feats
