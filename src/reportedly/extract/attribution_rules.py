"""Rule-based attribution finder over spaCy's dependency parse.

Constructions covered: ``X said (that) ...``, ``"...," X said``, ``said X``,
``according to X, ...``, ``X told Y (that) ...``, ``in a statement, X said``,
``X vowed/pledged to ...``, passive ``it was reported that ...``, and
conjoined cues (``X said ... and added ...``). A cue inside a quotation is
speech reported by the quoted speaker and is not taken as its own attribution.
"""

from __future__ import annotations

from ..parsed import doc_text
from .attribution import RawAttribution

# Lemmas of verbs that introduce what someone said, wrote, thought or promised.
SPEECH_LEMMAS = frozenset(
    """say tell report state claim add note announce warn insist argue confirm deny write vow pledge promise
    estimate believe think suggest accuse allege predict acknowledge admit explain describe caution urge reveal
    indicate assert declare maintain contend stress emphasize emphasise reiterate repeat recall testify observe
    comment remark reply respond answer ask question complain concede disclose hint imply mention speculate
    tweet post blog signal conclude find assess expect fear hope believe doubt worry learn understand know
    agree disagree propose recommend demand threaten swear commit vow boast predict forecast tell inform
    advise announce brief""".split()
)
# Cues that need a clausal complement to count (they have common non-speech uses).
NEEDS_CLAUSE = frozenset("find know learn understand expect hope fear think believe add note ask tell describe post answer".split())
STATEMENT_NOUNS = frozenset(
    "statement interview post message address briefing communique communiqué release conference letter tweet video".split()
)
COMMITMENT_LEMMAS = frozenset("vow pledge promise swear commit threaten".split())
_QUOTE_OPEN = "\"“«„"
_QUOTE_CLOSE = "\"”»“"


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of quotations (marks included), paired left to right.

    Straight double quotes alternate open/close; curly quotes pair by shape.
    An unclosed quote runs to the end of its paragraph.
    """
    regions: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate(text):
        if start is None:
            if ch in _QUOTE_OPEN:
                start = i
        else:
            if ch in _QUOTE_CLOSE and ch != "„":
                regions.append((start, i + 1))
                start = None
            elif ch == "\n" and text[i + 1 : i + 2] == "\n":
                regions.append((start, i))
                start = None
    if start is not None:
        regions.append((start, len(text)))
    return regions


def _inside(regions, s: int, e: int) -> bool:
    return any(a <= s and e <= b for a, b in regions)


def _span(tokens) -> tuple[int, int]:
    toks = sorted(tokens, key=lambda t: t.i)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim white space and edge punctuation except quotation marks."""
    while s < e and (text[s].isspace() or text[s] in ",;:-–—"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:-–—"):
        e -= 1
    return s, e


def _extend_to_quotes(regions, s: int, e: int) -> tuple[int, int]:
    """Grow a content span to the quotation it starts or ends inside."""
    for a, b in regions:
        if a <= s <= a + 2 and e < b:  # a quotation that runs on past the sentence
            e = b
        if a <= s < b and e < b and e >= b - 3:
            e = b
        if a < s <= a + 2 and b >= e:
            s = a
        if a <= s < b < e:  # starts inside a quote that closes within the span
            s = a
        if s < a < e <= b:
            e = b
    return s, e


def _subtree_tokens(tok, exclude=()):
    out = []
    stack = [tok]
    while stack:
        t = stack.pop()
        if t in exclude:
            continue
        out.append(t)
        stack.extend(t.children)
    return out


def _cue_tokens(verb):
    toks = [verb]
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass", "neg", "prt") and abs(c.i - verb.i) <= 3:
            toks.append(c)
    toks.sort(key=lambda t: t.i)
    # keep only the contiguous run around the verb (adverbs in between are dropped)
    run = [verb]
    for t in reversed([t for t in toks if t.i < verb.i]):
        if run[0].i - t.i <= 1:
            run.insert(0, t)
    for t in [t for t in toks if t.i > verb.i]:
        if t.i - run[-1].i <= 1:
            run.append(t)
    return run


def _source_tokens(head, core: bool = False):
    """A source noun phrase. The span keeps appositions and relative clauses
    (as PolNeAR annotates them); ``core=True`` drops them ("A local official,
    who asked not to be named, ..." -> "A local official"), for naming."""
    drop = [x for x in head.children if x.dep_ in ("relcl", "appos", "acl") and x.i > head.i] if core else []
    toks = sorted(_subtree_tokens(head, exclude=drop), key=lambda t: t.i)
    if drop:
        first_drop = min(d.left_edge.i for d in drop)
        toks = [t for t in toks if t.i < first_drop]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    return toks or [head]


def _source_of(verb):
    # two subjects is a misparse of "People like Scott, he said.": the speaker is the one by the verb
    subjects = sorted((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), key=lambda c: abs(verb.i - c.i))
    for c in subjects[:1]:
        if c.dep_ == "nsubjpass" or c.lower_ in ("it", "there"):
            # passive: the agent ("by X") is the source, if any
            for a in verb.children:
                if a.dep_ == "agent":
                    pobj = [p for p in a.children if p.dep_ == "pobj"]
                    if pobj:
                        return _subtree_tokens(pobj[0])
            return None
        return _source_tokens(c)
    # conjoined cue without its own subject: "X said ... and added ..."
    if verb.dep_ == "conj" and verb.head.lemma_ in SPEECH_LEMMAS:
        return _source_of(verb.head)
    return None


def _content_tokens(verb, regions):
    """The complement clause of a cue, or None."""
    for c in verb.children:
        if c.dep_ in ("ccomp", "parataxis") or (c.dep_ == "xcomp" and verb.lemma_ in COMMITMENT_LEMMAS):
            return _subtree_tokens(c)
    # "X said in a statement that ...": the clause hangs off the noun
    for c in verb.children:
        if c.dep_ == "prep":
            for pobj in c.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in STATEMENT_NOUNS:
                    for cc in pobj.children:
                        if cc.dep_ in ("acl", "relcl", "ccomp") and any(g.lower_ == "that" and g.dep_ == "mark" for g in cc.children):
                            return _subtree_tokens(cc)
    # "X told Y that ..." can attach the clause to the object
    for c in verb.children:
        if c.dep_ in ("dobj", "dative"):
            for cc in c.children:
                if cc.dep_ in ("ccomp", "acl") and any(g.lower_ == "that" for g in cc.children):
                    return _subtree_tokens(cc)
    return None


def _sentence_remainder(sent, exclude_tokens, regions):
    """For '"...," X said.' with no complement: the quote(s) of the sentence,
    and a quotation of several sentences that closes in it ('"A. B," said X.')."""
    s0, e0 = sent.start_char, sent.end_char
    qs = [(a, b) for a, b in regions if s0 < b <= e0 + 1 and a < e0]
    if qs:
        return [(a, min(b, e0)) for a, b in qs]
    return None


_CIRCUMSTANCE = frozenset("prep advmod npadvmod advcl agent mark dobj dative pcomp".split())


def _parenthetical(verb, src_toks, sent, text: str):
    """For an unquoted '..., he said.' or '..., she said, and ...': the
    reporting clause set off by commas from what was said, which is the rest
    of the sentence outside the clause."""
    doc = verb.doc
    first, last = min(t.i for t in src_toks), max(t.i for t in src_toks)
    if first <= sent.start or doc[first - 1].text != "," or last > verb.i:
        return None
    if verb.i - last > 2:  # "he said", "he later said"
        return None
    seg = range(sent.start, first - 1)
    if any(t.head == verb and t.dep_ in _CIRCUMSTANCE for t in doc[sent.start : first - 1] if t.head.i not in seg):
        return None  # "In a statement on Monday, he said." says when, not what
    nxt = doc[verb.i + 1] if verb.i + 1 < sent.end else None
    if nxt is not None and nxt.text not in (",", ".", "!", "?", ";"):
        return None
    spans = [_trim(text, sent.start_char, doc[first - 1].idx)]
    if nxt is not None and nxt.text == "," and verb.dep_ == "parataxis":
        clause = {t.i for t in verb.subtree}
        rest = [t for t in doc[verb.i + 1 : sent.end] if t.i not in clause]
        if rest:
            spans.append(_trim(text, rest[0].idx, sent.end_char))
    spans = [(a, b - 1) if b > a and text[b - 1] in ".!?" else (a, b) for a, b in spans]
    words = sum(1 for a, b in spans for w in text[a:b].split() if any(ch.isalnum() for ch in w))
    return [(a, b) for a, b in spans if b > a] if words >= 2 else None


def _after_colon(verb, sent, regions, text: str):
    """For 'He said:' closing a sentence: the quotation or the paragraph that follows."""
    doc = verb.doc
    i = verb.i + 1
    if i >= len(doc) or doc[i].text != ":" or any(not t.is_space for t in doc[i + 1 : sent.end]):
        return None
    pos = doc[i].idx + 1
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        return None
    quoted = [(a, b) for a, b in regions if a == pos]
    if quoted:
        return quoted + _continued_quotes(text, regions, quoted[0][1])
    end = text.find("\n\n", pos)
    end = len(text) if end < 0 else end
    a, b = _trim(text, pos, end)
    return [(a, b)] if b - a > 1 else None


def _according_to(sent, regions, text: str):
    out = []
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            to = tok.doc[tok.i + 1]
            pobj = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
            if not pobj:
                continue
            src = _source_tokens(pobj[0])
            src_s, src_e = _span(src)
            src_all_e = _span(_subtree_tokens(pobj[0]))[1]
            cue = (tok.idx, to.idx + len(to.text))
            # content: the clause "according to" modifies, minus the phrase itself and
            # conjoined clauses that carry their own cue
            head = tok.head if tok.head != tok else tok
            while head.dep_ not in ("ROOT", "ccomp", "conj") and head.head != head and head.pos_ not in ("VERB", "AUX"):
                head = head.head
            skip = {tok}
            for c in head.children:
                if c.dep_ == "conj" and any(t.lemma_.lower() in SPEECH_LEMMAS and t.pos_ == "VERB" for t in c.subtree):
                    skip.add(c)
                    skip.update(x for x in head.children if x.dep_ in ("cc", "punct") and x.i < c.i and x.i > head.i)
            clause = [t for t in _subtree_tokens(head, exclude=skip)]
            c_s, c_e = _span(clause) if clause else (sent.start_char, sent.end_char)
            c_s, c_e = max(c_s, sent.start_char), min(c_e, sent.end_char)
            parts = [(c_s, tok.idx), (src_all_e, c_e)]
            content = []
            for a, b in parts:
                a, b = _trim(text, a, b)
                if b - a > 2 and any(ch.isalnum() for ch in text[a:b]):
                    content.append((a, b))
            if content:
                content = [(a, b - 1) if text[b - 1] in ".!?" else (a, b) for a, b in content]
                out.append(RawAttribution(source=[(src_s, src_e)], cue=[cue], content=content, origin="rules"))
    return out


def _continued_quotes(text: str, regions, pos: int) -> list[tuple[int, int]]:
    """'"...," she added. "More of the quote."': quotations that follow the
    cue's sentence in the same paragraph belong to the same speaker."""
    out = []
    for a, b in regions:
        if a < pos:
            continue
        gap = text[pos:a]
        if gap.strip() or "\n\n" in gap:
            break
        out.append((a, b))
        pos = b
        # the quote's own sentence may end after the closing mark ('…," or '….")
        while pos < len(text) and text[pos] in ".!?":
            pos += 1
    return out


def find_attributions(sdoc) -> list[RawAttribution]:
    text = doc_text(sdoc)
    regions = quote_regions(text)
    out: list[RawAttribution] = []
    for sent in sdoc.sents:
        out.extend(_according_to(sent, regions, text))
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in SPEECH_LEMMAS:
                continue
            if _inside(regions, tok.idx, tok.idx + len(tok.text)):
                continue  # speech reported inside a quotation
            lemma = tok.lemma_.lower()
            content_toks = _content_tokens(tok, regions)
            src_toks = _source_of(tok)
            if content_toks:
                cs, ce = _span(content_toks)
                content = [_extend_to_quotes(regions, *_trim(text, cs, ce))]
            else:
                if lemma in NEEDS_CLAUSE or src_toks is None:
                    continue
                content = (_after_colon(tok, sent, regions, text) or _sentence_remainder(sent, src_toks + [tok], regions)
                           or _parenthetical(tok, src_toks, sent, text))
                if not content:
                    continue
            cue_toks = _cue_tokens(tok)
            cue = [_span(cue_toks)]
            source = [_span(src_toks)] if src_toks else []
            # a content span must not swallow the cue or the source
            cue_s, cue_e = cue[0]
            content = [(a, b) for a, b in content if not (a <= cue_s and cue_e <= b)]
            if source:
                s_s, s_e = source[0]
                content = [(a, b) for a, b in content if not (a <= s_s and s_e <= b)]
            content = [(a, b) for a, b in content if b - a > 1]
            if not content:
                continue
            if content[-1][1] <= cue_s:
                content += _continued_quotes(text, regions, sent.end_char)
            out.append(RawAttribution(source=source, cue=cue, content=content, origin="rules"))
    out.sort(key=lambda r: (r.cue[0][0] if r.cue else 0))
    return out
