"""Claims: attribution spans turned into sourced statements.

For each attribution the finder returns, this module resolves the source
(``reportedly.extract.sources``), reads the hedges and certainty
(``reportedly.extract.hedges``), classifies the quotation, and builds the
reporting chain from the origin to the article: "citing NATO estimates",
"told CNN", "according to Reuters", and relays inherited from an earlier
mention of the same source.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from ..model import ChainLink, Claim, Content, Cue, Source
from .hedges import certainty_of, find_hedges
from .sources import ANON_HEADS, DOCUMENT_HEADS, Mention, clean_name, is_media, media_canonical, quotes, resolve_source


@dataclass
class _Ent:
    """Entity view used when the entity extractor found nothing."""

    text: str
    start: int
    end: int
    label: str
    canonical: str


_TITLE_BEFORE = re.compile(
    r"\b(?:President|Prime\s+Minister|Minister|Governor|Mayor|General|Gen\.|Commander|Chief|Secretary|Spokesman|"
    r"Spokeswoman|Spokesperson|Ambassador|Envoy|Senator|Sen\.|Rep\.|Colonel|Col\.|Lt\.|Lieutenant|Major|Captain|"
    r"Admiral|Marshal|Chancellor|King|Queen|Prince|Emir|Premier|Dr\.|Mr\.|Mrs\.|Ms\.)\s+$"
)


def _entities(an) -> list:
    """The article's entities as the source resolver sees them: a name after a
    title ("Governor Oleksandr Tkachuk") is a person whatever the tagger said,
    and so is a bare surname of a person named earlier."""
    if an.entities:
        base = [_Ent(e.text, e.start, e.end, e.label, e.canonical) for e in an.entities]
    else:
        base = [_Ent(e.text, e.start_char, e.end_char, e.label_, e.text) for e in an.sdoc.ents
                if not an.in_boilerplate(e.start_char, e.end_char)]
    text = an.text
    for e in base:
        if e.label in ("ORG", "GPE", "NORP", "FAC") and _TITLE_BEFORE.search(text[max(0, e.start - 25) : e.start]):
            e.label = "PERSON"
    persons = [e for e in base if e.label == "PERSON" and " " in e.canonical]
    for e in base:
        if e.label in ("ORG", "GPE", "NORP") and " " not in e.text.strip():
            full = next((p for p in persons if p.canonical.split()[-1] == e.text.strip()), None)
            if full is not None:
                e.label, e.canonical = "PERSON", full.canonical
    return base


def quote_mask(text: str, regions: list[tuple[int, int]]) -> bytearray:
    """1 for each character inside a quotation."""
    mask = bytearray(len(text))
    for a, b in regions:
        mask[a:b] = b"\x01" * (b - a)
    return mask


def quote_kind(text: str, spans: list[tuple[int, int]], mask: bytearray) -> str:
    """direct: all quoted; mixed: a quotation inside reported speech; else indirect.
    A leading complementiser ("that") does not make a quotation mixed."""
    inside = outside = 0
    for s, e in spans:
        m = re.match(r"\s*that\b", text[s:e], re.I)
        if m:
            s += m.end()
        for i in range(s, e):
            if not text[i].isalnum():
                continue
            if mask[i]:
                inside += 1
            else:
                outside += 1
    if inside and not outside:
        return "direct"
    if inside:
        return "mixed"
    return "indirect"


def _sentence_of(sents: list, starts: list[int], pos: int):
    """The sentence holding character ``pos`` (sents sorted, starts their start_char)."""
    return sents[max(0, bisect.bisect_right(starts, pos) - 1)]


# "citing X" names the origin; "cited by X", "carried by X" ... name a (media) relay
_CITING = re.compile(r"\b(?:(?P<origin>citing|quoting)|(?P<relay>cited\s+by|quoted\s+by|as\s+reported\s+by|"
                     r"according\s+to|carried\s+by|broadcast\s+by|published\s+by|posted\s+by|aired\s+by))\s+", re.I)
_TOLD = re.compile(r"\b(?:told|telling|said\s+(?:in\s+an\s+interview\s+)?(?:with|to)|speaking\s+to|in\s+(?:an\s+)?"
                   r"(?:interview|comments?|remarks)\s+(?:with|to)|in\s+a\s+(?:post|statement)\s+on)\s+", re.I)


def chain_words(text: str, start: int, end: int) -> list[int]:
    """Where a chain phrase ("citing", "carried by", "told") starts in ``text[start:end]``."""
    return [m.start() for rx in (_CITING, _TOLD) for m in rx.finditer(text, start, end)]


def _phrase_after(chunks: list[tuple[int, int]], pos: int, limit: int):
    """The noun phrase (a spaCy noun chunk) starting at ``pos``, within ``limit``."""
    i = bisect.bisect_left(chunks, (pos, -1))
    if i < len(chunks) and chunks[i][0] - pos <= 4 and chunks[i][1] <= limit:
        return chunks[i]
    return None


def _name_for(an, s: int, e: int, ents) -> tuple[str, bool]:
    """(name, anonymous) for a chain phrase: the entity heading it, else the
    phrase itself ("a Russian-installed official", anonymous)."""
    span = an.sdoc.char_span(s, e, alignment_mode="expand")
    head = span.root if span is not None and len(span) else None
    inside = [x for x in ents if x.start >= s and x.end <= e]
    for x in inside:
        if head is None or x.start <= head.idx < x.end or (head.lemma_.lower() in DOCUMENT_HEADS and x.label in ("ORG", "GPE", "NORP")):
            name = clean_name(getattr(x, "canonical", None) or x.text)
            return (media_canonical(name) if is_media(name) else name), False
    anonymous = head is not None and head.lemma_.lower() in ANON_HEADS
    return clean_name(an.text[s:e]), anonymous


def _phrases(rx, text: str, x: int, y: int, chunks):
    """(match, (start, end)) for each noun phrase that follows a match of ``rx`` in text[x:y];
    ``chunks()`` gives the Doc's noun chunks (built on first need: few sentences have a chain word)."""
    for m in rx.finditer(text, x, y):
        ph = _phrase_after(chunks(), m.end(), y)
        if ph:
            yield m, ph


def _relays(an, claim_src: Source | None, content_spans, sent, ents, chunks) -> tuple[list[ChainLink], list[ChainLink]]:
    """(origins, relays) named in the sentence around the cue, outside the content."""
    text = an.text
    origins: list[ChainLink] = []
    relays: list[ChainLink] = []
    outside = [(sent.start_char, sent.end_char)]
    for a, b in sorted(content_spans):
        new = []
        for x, y in outside:
            if b <= x or a >= y:
                new.append((x, y))
            else:
                if x < a:
                    new.append((x, a))
                if b < y:
                    new.append((b, y))
        outside = new
    for x, y in outside:
        for m, (ps, pe) in _phrases(_CITING, text, x, y, chunks):
            name, anon = _name_for(an, ps, pe, ents)
            if claim_src is not None and name == claim_src.canonical:
                continue
            if m.group("origin"):
                origins.append(ChainLink(name=name, role="origin", text=text[ps:pe], start=ps, end=pe, anonymous=anon))
            elif is_media(name, text[ps:pe]):
                relays.append(ChainLink(name=name, role="relay", text=text[ps:pe], start=ps, end=pe, anonymous=anon))
        for _m, (ps, pe) in _phrases(_TOLD, text, x, y, chunks):
            name, _anon = _name_for(an, ps, pe, ents)
            if is_media(name, text[ps:pe]):
                relays.append(ChainLink(name=name, role="relay", text=text[ps:pe], start=ps, end=pe))
    return origins, relays


def extract_claims(an, finder) -> list[Claim]:
    text = an.text
    sdoc = an.sdoc
    mask = quote_mask(text, quotes(an))  # the quotations the source resolver uses too
    ents = _entities(an)
    history: list[Mention] = []
    claims: list[Claim] = []
    sents = list(sdoc.sents)
    starts = [s.start_char for s in sents]

    @functools.cache
    def chunks() -> list[tuple[int, int]]:
        return sorted((c.start_char, c.end_char) for c in sdoc.noun_chunks)

    outlet = an.document.outlet
    for raw in finder(sdoc):
        content_spans = sorted((s, e) for s, e in raw.content if e > s and not an.in_boilerplate(s, e))
        if not content_spans:
            continue
        cs, ce = content_spans[0][0], content_spans[-1][1]
        cue = None
        if raw.cue:
            a, b = raw.cue[0][0], raw.cue[-1][1]
            cue_tok = sdoc.char_span(a, b, alignment_mode="expand")
            lemma = " ".join(t.lemma_.lower() for t in cue_tok if t.pos_ in ("VERB", "ADP", "NOUN")) if cue_tok else ""
            cue = Cue(text=text[a:b], start=a, end=b, lemma=lemma or text[a:b].lower())
        source = None
        ante = None
        if raw.source:
            a, b = raw.source[0][0], raw.source[-1][1]
            source, ante = resolve_source(an, a, b, ents, history, said=content_spans)
        sent = _sentence_of(sents, starts, cue.start if cue else cs)
        # hedges: in the content, and between source and cue ("X reportedly said")
        hedges = []
        for s, e in content_spans:
            hedges.extend(find_hedges(text, s, e))
        if source and cue and source.end < cue.start:
            hedges.extend(find_hedges(text, source.end, cue.start))
        context = "".join(text[x:y] for x, y in [(sent.start_char, cs), (ce, sent.end_char)] if y > x)
        cue_lemma = cue.lemma.split()[0] if cue and cue.lemma else None
        certainty = certainty_of(hedges, cue_lemma, context)
        origins, relays = _relays(an, source, content_spans, sent, ents, chunks)
        if ante is not None and not relays and ante.relays:
            relays = [ChainLink(**vars(r)) for r in ante.relays]
        chain: list[ChainLink] = []
        chain.extend(origins)
        if source is not None:
            role = "relay" if origins else "origin"
            chain.append(ChainLink(name=source.canonical, role=role, text=source.text, start=source.start,
                                   end=source.end, anonymous=source.anonymous))
        chain.extend(r for r in relays if not chain or r.name != chain[-1].name)
        if outlet and (not chain or chain[-1].name != outlet):
            chain.append(ChainLink(name=outlet, role="outlet"))
        if chain and chain[0].role != "origin":
            chain[0].role = "origin"
        content = Content(
            text=text[cs:ce],
            start=cs,
            end=ce,
            spans=[[s, e] for s, e in content_spans] if len(content_spans) > 1 else [],
        )
        claim = Claim(
            id=f"c{len(claims) + 1}",
            source=source,
            cue=cue,
            content=content,
            quote=quote_kind(text, content_spans, mask),
            hedges=sorted(hedges, key=lambda h: h.start),
            certainty=certainty,
            chain=chain,
            sentence=[sent.start_char, sent.end_char],
        )
        claims.append(claim)
        if source is not None:
            head = an.sdoc.char_span(source.start, source.end, alignment_mode="expand")
            history.append(Mention(
                canonical=source.canonical,
                label={"person": "PERSON", "organisation": "ORG", "government": "GPE", "media": "MEDIA",
                       "group": "ANON", "document": "DOC"}.get(source.type, "ANON"),
                start=source.start, end=source.end,
                head=head.root.lemma_.lower() if head is not None and len(head) else "",
                plural=source.type == "group" or bool(head is not None and len(head) and head.root.tag_ in ("NNS", "NNPS")),
                anonymous=source.anonymous,
                relays=tuple(relays),
            ))
    return claims


def link_claim_times(an) -> None:
    """Each claim's time: a time expression outside the content that hangs,
    in the parse, off the cue ("CNN reported late Monday", "Kyiv this week said")."""
    sdoc = an.sdoc
    for c in an.claims:
        c.time = None
        if c.cue is None or not c.sentence:
            continue
        cue_span = sdoc.char_span(c.cue.start, c.cue.end, alignment_mode="expand")
        if cue_span is None or not len(cue_span):
            continue
        cue_tok = cue_span.root
        s0, e0 = c.sentence
        for t in an.times:
            if not (s0 <= t.start and t.end <= e0) or c.content.start <= t.start < c.content.end:
                continue
            span = sdoc.char_span(t.start, t.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            if cue_tok in span.root.ancestors:
                # not through another verb: "X met Monday and said" keeps Monday with "met"
                path = []
                tok = span.root.head
                while tok != cue_tok and tok.head != tok:
                    path.append(tok)
                    tok = tok.head
                if not any(p.pos_ in ("VERB", "AUX") for p in path):
                    c.time = t.id
                    break
