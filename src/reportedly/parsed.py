"""Views of a parsed spaCy Doc computed once and cached on it: the token
attributes the attribution features read, as plain lists, and the text.

Reading ``token.head`` or ``token.lemma_`` on a spaCy Token builds a new
Python object or string on every access; the features read each of them many
times per token (neighbour windows, walks up the tree for every cue). A
:class:`DocView` reads every attribute once per Doc into plain lists indexed
by token position, so feature code does list lookups instead. Each view is
cached in ``doc.user_data`` and rebuilt if the Doc's length changes.
"""

from __future__ import annotations


class DocView:
    __slots__ = ("n", "text", "low", "lower_", "lemma", "pos", "tag", "dep", "head", "ent_type",
                 "ent_iob", "sent_start", "is_space", "children")

    def __init__(self, doc):
        self.n = len(doc)
        text, lower_, lemma, pos, tag, dep, head, ent_type, ent_iob, sent_start, is_space = ([] for _ in range(11))
        for t in doc:
            text.append(t.text)
            lower_.append(t.lower_)
            lemma.append(t.lemma_.lower())
            pos.append(t.pos_)
            tag.append(t.tag_)
            dep.append(t.dep_)
            head.append(t.head.i)
            ent_type.append(t.ent_type_)
            ent_iob.append(t.ent_iob_)
            sent_start.append(bool(t.is_sent_start))
            is_space.append(t.is_space)
        self.text, self.lower_, self.lemma, self.pos, self.tag = text, lower_, lemma, pos, tag
        self.dep, self.head, self.ent_type, self.ent_iob, self.sent_start = dep, head, ent_type, ent_iob, sent_start
        self.is_space = is_space
        self.low = [w.lower() for w in text]
        kids: list[list[int]] = [[] for _ in range(self.n)]
        for i, h in enumerate(head):
            if h != i:
                kids[h].append(i)
        self.children = kids

    def ancestors(self, i: int) -> list[int]:
        """Indices from ``i``'s head up to the root (as ``Token.ancestors``)."""
        out, head = [], self.head
        for _ in range(self.n):
            h = head[i]
            if h == i:
                break
            out.append(h)
            i = h
        return out

    def subtree(self, i: int) -> set[int]:
        """``i`` and everything below it (as ``Token.subtree``)."""
        out, todo, kids = {i}, [i], self.children
        while todo:
            for c in kids[todo.pop()]:
                if c not in out:
                    out.add(c)
                    todo.append(c)
        return out


def _cached(doc, key: str, build):
    """``build(doc)``, kept in ``doc.user_data`` and rebuilt if the Doc's length changes."""
    hit = doc.user_data.get(key)
    if hit is None or hit[0] != len(doc):
        hit = (len(doc), build(doc))
        doc.user_data[key] = hit
    return hit[1]


def doc_view(doc) -> DocView:
    return _cached(doc, "_reportedly_view", DocView)


def doc_text(doc) -> str:
    """``doc.text``, joined once per Doc (spaCy rebuilds it from the tokens on
    every access)."""
    return _cached(doc, "_reportedly_text", lambda d: d.text)


def _sent_bounds(doc) -> tuple[list[int], list[int]]:
    starts, ends = [0] * len(doc), [0] * len(doc)
    for sent in doc.sents:
        for j in range(sent.start, sent.end):
            starts[j], ends[j] = sent.start, sent.end
    return starts, ends


def sent_bounds(doc) -> tuple[list[int], list[int]]:
    """Start and end token index of each token's sentence, computed once per
    Doc (``Token.sent`` rebuilds the sentence on every call)."""
    return _cached(doc, "_reportedly_sent_bounds", _sent_bounds)
