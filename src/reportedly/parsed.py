"""Views of a parsed spaCy Doc computed once and cached on it: the token
attributes the attribution features read, as plain lists, and the text.

Reading ``token.head`` or ``token.lemma_`` on a spaCy Token builds a new
Python object or string on every access; the features read each of them many
times per token (neighbour windows, walks up the tree for every cue). A
:class:`DocView` reads every attribute once per Doc into plain lists indexed
by token position, so feature code does list lookups instead. It is cached in
``doc.user_data`` and rebuilt if the Doc's length changes.
"""

from __future__ import annotations

_KEY = "_reportedly_view"


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


def doc_view(doc) -> DocView:
    view = doc.user_data.get(_KEY)
    if view is None or view.n != len(doc):
        view = DocView(doc)
        doc.user_data[_KEY] = view
    return view


def doc_text(doc) -> str:
    """``doc.text``, joined once per Doc (spaCy rebuilds it from the tokens on
    every access)."""
    cached = doc.user_data.get("_reportedly_text")
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), doc.text)
        doc.user_data["_reportedly_text"] = cached
    return cached[1]
