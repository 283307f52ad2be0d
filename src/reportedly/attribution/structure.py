"""From token labels to attributions, and from gold attributions to labels.

Labels are BIO over three roles: ``S`` (source), ``C`` (cue), ``T``
(content), e.g. ``B-S``, ``I-T``, ``O``. Decoding groups the chunks of a
paragraph into attributions anchored on cues: a source or content chunk goes
to the cue it hangs from in the dependency tree, else to the nearest cue
(same sentence first); a source is shared by coordinated cues that have none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLE_CODE = {"source": "S", "cue": "C", "content": "T"}


@dataclass
class Chunk:
    role: str  # S, C or T
    toks: list = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.toks[0].i

    @property
    def end(self) -> int:
        return self.toks[-1].i + 1

    def head(self):
        ids = {t.i for t in self.toks}
        for t in self.toks:
            if t.head.i not in ids or t.head.i == t.i:
                return t
        return self.toks[0]

    def span(self) -> tuple[int, int]:
        return self.toks[0].idx, self.toks[-1].idx + len(self.toks[-1].text)


def gold_labels(par, gold, text_len: int) -> list[str]:
    """BIO labels for the tokens of a paragraph from gold attributions."""
    owner: dict[int, tuple[int, str]] = {}
    for a_id, att in enumerate(gold):
        for role, code in ROLE_CODE.items():
            for s, e in att.role(role) if hasattr(att, "role") else att[role]:
                for i in range(max(0, s), min(e, text_len)):
                    owner.setdefault(i, (a_id, code))
    labels, prev = [], None
    for t in par:
        votes: dict[tuple[int, str], int] = {}
        for i in range(t.idx, t.idx + len(t.text)):
            o = owner.get(i)
            if o is not None:
                votes[o] = votes.get(o, 0) + 1
        if votes:
            best, n = max(votes.items(), key=lambda kv: kv[1])
            if 2 * n >= len(t.text):
                labels.append(("I-" if prev == best else "B-") + best[1])
                prev = best
                continue
        labels.append("O")
        prev = None
    return labels


def chunks(par, labels) -> list[Chunk]:
    out: list[Chunk] = []
    cur = None
    for t, lab in zip(par, labels, strict=True):
        if lab == "O":
            cur = None
            continue
        bio, role = lab.split("-", 1)
        if cur is None or bio == "B" or cur.role != role:
            cur = Chunk(role)
            out.append(cur)
        cur.toks.append(t)
    return out


def _ancestors(t, limit: int = 12):
    seen = []
    node = t
    while node.head.i != node.i and len(seen) < limit:
        node = node.head
        seen.append(node)
    return seen


def _syntactic_cue(ch: Chunk, cues: list[Chunk], cue_of_tok: dict[int, int]):
    """Index of the cue whose token the chunk's head first meets going up the tree."""
    for anc in _ancestors(ch.head()):
        k = cue_of_tok.get(anc.i)
        if k is not None:
            return k
    # the cue may hang from the chunk instead (e.g. "X, who said")
    ids = {t.i for t in ch.toks}
    for k, c in enumerate(cues):
        h = c.head()
        if h.head.i in ids:
            return k
    return None


def _distance(ch: Chunk, cue: Chunk, sent_of) -> tuple[int, int]:
    if ch.end <= cue.start:
        d = cue.start - ch.end
    elif cue.end <= ch.start:
        d = ch.start - cue.end
    else:
        d = 0
    same = sent_of(ch.toks[0]) == sent_of(cue.toks[0]) or sent_of(ch.toks[-1]) == sent_of(cue.toks[0])
    return (0 if same else 1, d)


def group(par, labels):
    """``[(source_chunks, cue_chunk, content_chunks)]`` for one paragraph."""
    chs = chunks(par, labels)
    cues = [c for c in chs if c.role == "C"]
    if not cues:
        return []
    cue_of_tok = {t.i: k for k, c in enumerate(cues) for t in c.toks}
    atts = [([], c, []) for c in cues]

    from ..parsed import sent_bounds

    def sent_of(t):
        return sent_bounds(t.doc)[0][t.i]

    for ch in chs:
        if ch.role == "C":
            continue
        k = _syntactic_cue(ch, cues, cue_of_tok)
        if k is not None and sent_of(cues[k].toks[0]) not in {sent_of(t) for t in ch.toks}:
            k = None
        if k is None:
            k = min(range(len(cues)), key=lambda j: _distance(ch, cues[j], sent_of))
        (atts[k][0] if ch.role == "S" else atts[k][2]).append(ch)
    # share a source with coordinated / same-sentence cues that have none
    for k, (src, cue, _con) in enumerate(atts):
        if src:
            continue
        h = cue.head()
        for j, (src2, cue2, _c2) in enumerate(atts):
            if j == k or not src2:
                continue
            h2 = cue2.head()
            if (h.dep_ == "conj" and h.head.i == h2.i) or (h2.dep_ == "conj" and h2.head.i == h.i):
                src.extend(src2)
                break
    return atts
