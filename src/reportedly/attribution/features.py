"""Token features for the attribution tagger, computed from a spaCy Doc.

A *sequence* is one paragraph (tokens between newline tokens; whitespace
tokens are left out). Every token gets a list of string features: its own
form, tags and dependency, a window of neighbours, its quote state, and its
place relative to the nearest governing *cue-like* word (a lemma that is
often a cue in PolNeAR train; the lexicon ships with the model).
"""

from __future__ import annotations

OPEN_Q = {"“", "«"}
CLOSE_Q = {"”", "»"}
AMBIG_Q = {'"', "''", "``"}


def sent_bounds(doc) -> tuple[list[int], list[int]]:
    """Start and end token index of each token's sentence, computed once per
    Doc (``Token.sent`` rebuilds the sentence on every call)."""
    cached = doc.user_data.get("_reportedly_sent_bounds")
    if cached is None or len(cached[0]) != len(doc):
        starts, ends = [0] * len(doc), [0] * len(doc)
        for sent in doc.sents:
            for j in range(sent.start, sent.end):
                starts[j], ends[j] = sent.start, sent.end
        cached = (starts, ends)
        doc.user_data["_reportedly_sent_bounds"] = cached
    return cached


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


def _quote_state(par) -> list[int]:
    """1 inside a quotation (within the paragraph), 2 on a double quote mark,
    0 outside. Single quotes are left alone (apostrophes look the same)."""
    state, inside = [], False
    for t in par:
        w = t.text
        if w in OPEN_Q:
            inside = True
            state.append(2)
        elif w in CLOSE_Q:
            inside = False
            state.append(2)
        elif w in AMBIG_Q:
            inside = not inside
            state.append(2)
        else:
            state.append(1 if inside else 0)
    return state


_CORE = {"nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "dative", "agent", "prep", "advcl", "pobj", "acomp"}


class Featurizer:
    def __init__(self, lexicon: dict[str, float]):
        self.lex = lexicon

    def cue_p(self, t) -> float:
        return self.lex.get(t.lemma_.lower(), 0.0)

    def _governor(self, t, cuep):
        """(relation under the cue-like ancestor, ancestor, steps) or None."""
        child, node, steps = t, t.head, 1
        while node is not child and steps <= 8:
            if cuep[node.i] >= 0.2:
                return child.dep_, node, steps
            child, node, steps = node, node.head, steps + 1
        return None

    @staticmethod
    def _verb(t):
        """(relation under the nearest verb ancestor, that verb) or None."""
        child, node = t, t.head
        for _ in range(6):
            if node is child:
                return None
            if node.pos_ == "VERB":
                return child.dep_, node
            child, node = node, node.head
        return None

    def sequences(self, sdoc):
        """Yield ``(tokens, features)`` per paragraph."""
        cuep = [self.cue_p(t) for t in sdoc]
        starts, ends = sent_bounds(sdoc)
        sent_cue = {}
        for s in sdoc.sents:
            sent_cue[s.start] = max((cuep[t.i] for t in s), default=0.0)
        for par in paragraphs(sdoc):
            qs = _quote_state(par)
            n = len(par)
            base = []
            for k, t in enumerate(par):
                w = t.text
                lw = w.lower()
                sent_start, sent_end = starts[t.i], ends[t.i]
                f = [
                    "b",
                    "w=" + lw,
                    "s3=" + lw[-3:],
                    "sh=" + _shape(w),
                    "p=" + t.pos_,
                    "t=" + t.tag_,
                    "d=" + t.dep_,
                    "dh=" + t.dep_ + "|" + t.head.pos_,
                    "cb=" + cue_bin(cuep[t.i]),
                    f"q={qs[k]}",
                    "e=" + (t.ent_type_ or "-"),
                    "ei=" + t.ent_iob_,
                ]
                if t.is_sent_start:
                    f.append("SS")
                if t.i + 1 == sent_end or (t.i + 1 < len(sdoc) and sdoc[t.i + 1].is_space and t.i + 2 >= sent_end):
                    f.append("SE")
                if k == 0:
                    f.append("PS")
                if cuep[t.i] >= 0.2:
                    f.append("cl=" + t.lemma_.lower())
                    f.append("cd=" + t.dep_)
                f.append("sc=" + cue_bin(sent_cue[sent_start]))
                g = self._governor(t, cuep)
                if g is None:
                    f.append("g=none")
                else:
                    rel, node, steps = g
                    side = "L" if t.i < node.i else "R"
                    f.append("g=" + rel)
                    f.append("gs=" + rel + side)
                    f.append("gl=" + node.lemma_.lower())
                    f.append(f"gd={min(steps, 4)}")
                    f.append(f"gq={rel}{qs[k]}")
                if t.head.i != t.i and cuep[t.head.i] >= 0.2:
                    f.append("hl=" + t.head.lemma_.lower())
                f.append("l=" + t.lemma_.lower())
                f.append("hw=" + t.head.lemma_.lower())
                if t.pos_ in ("VERB", "AUX", "NOUN", "ADP"):
                    kids = sorted({c.dep_ for c in t.children if not c.is_space})
                    f.extend("ch=" + d for d in kids)
                    f.append("cs=" + t.pos_ + "|" + "+".join(d for d in kids if d in _CORE))
                v = self._verb(t)
                if v is not None:
                    f.append("vr=" + v[0])
                    f.append("vl=" + v[1].lemma_.lower() + "|" + v[0])
                if t.dep_ == "ROOT":
                    f.append("root")
                base.append(f)
            feats = []
            for k in range(n):
                f = list(base[k])
                for off in (-2, -1, 1, 2):
                    j = k + off
                    if 0 <= j < n:
                        o = par[j]
                        f.append(f"{off}:w={o.lower_}")
                        f.append(f"{off}:p={o.pos_}")
                        f.append(f"{off}:cb={cue_bin(cuep[o.i])}")
                        if off in (-1, 1):
                            f.append(f"{off}:d={o.dep_}")
                            f.append(f"{off}:q={qs[j]}")
                    else:
                        f.append(f"{off}:BOUND")
                feats.append(f)
            yield par, feats
