"""Who a source is: its canonical name, type and anonymity.

No offline coreference package exists, so sources are resolved by rules over
the parse and the article's entities: pronouns to the nearest compatible
earlier speaker or entity, definite descriptions ("the think tank", "the
president", "the NATO official") to the earlier mention they describe, and
names to the entity's canonical (full) name.
"""

from __future__ import annotations

import bisect
import re
import weakref
from dataclasses import dataclass, field

from ..model import Source
from .gender import first_name_gender, honorific_before
from .metadata import outlet_table

_DET = re.compile(r"^(?:the|a|an|this|that|these|those|one|another|two|three|several|some|other)\s+", re.I)
_ANON_ADJ = re.compile(r"\b(?:unidentified|unnamed|anonymous|undisclosed)\s+", re.I)
_POSSESSIVE = re.compile(r"['’]s?$")

PRONOUNS_PERSON = {"he", "she", "him", "her", "his", "hers"}
PRONOUNS_PLURAL = {"they", "them", "their", "theirs"}
PRONOUNS_THING = {"it", "its"}
PRONOUNS_FIRST = {"i", "we", "my", "our", "me", "us"}

# Common-noun heads of unnamed human sources.
ANON_HEADS = frozenset(
    """official officials source sources diplomat diplomats officer officers spokesman spokeswoman spokesperson
    aide aides adviser advisers advisor insider insiders person people analyst analysts expert experts resident
    residents witness witnesses member members staffer staffers soldier soldiers commander commanders worker
    workers activist activists medic medics doctor doctors employee employees negotiator negotiators observer
    observers monitor monitors investigator investigators lawmaker lawmakers legislator legislators""".split()
)
DOCUMENT_HEADS = frozenset(
    """report reports statement statements estimate estimates study studies assessment assessments data figures
    intelligence document documents survey poll analysis memo letter filing update briefing bulletin""".split()
)
MEDIA_WORDS = re.compile(r"\b(?:newspaper|news\s+agency|agency|broadcaster|television|TV|daily|channel|network|"
                         r"outlet|radio|magazine|news|tabloid|wire)\b", re.I)
# Definite descriptions and what they can refer back to: (head words, pattern an entity name must match, labels)
DESCRIPTIONS: list[tuple[frozenset, str, tuple]] = [
    (frozenset({"tank", "institute", "institution", "centre", "center", "thinktank"}),
     r"Institute|Institution|Cent(?:er|re)|Council|Foundation|Brookings|RAND|Chatham|Carnegie|Forum|Studies", ("ORG",)),
    (frozenset({"ministry", "department"}), r"Ministry|Department", ("ORG",)),
    (frozenset({"agency"}), r"Agency|Service|Bureau|Office|Reuters|AFP|AP|TASS|Interfax|Xinhua", ("ORG",)),
    (frozenset({"alliance", "bloc"}), r"NATO|Alliance|Union|Bloc|Pact|Coalition", ("ORG",)),
    (frozenset({"group", "militia", "mercenaries", "rebels", "movement", "company", "faction", "force", "forces", "army", "military"}),
     r"Group|Militia|Wagner|Front|Brigade|Movement|Forces|Army|Military|Hamas|Hezbollah|Houthis?|RSF|Taliban|Battalion|Regiment|Company|Legion", ("ORG", "NORP")),
    # a firm is rarely called "... Company": any organisation named before
    (frozenset({"company", "firm", "operator", "manufacturer", "carrier", "shipper", "insurer", "lender", "bank",
                "producer", "contractor", "airline"}), r".", ("ORG",)),
    (frozenset({"organisation", "organization", "body", "watchdog", "monitor", "committee", "commission", "court", "tribunal", "office"}),
     r".", ("ORG",)),
    (frozenset({"government", "administration", "authorities", "kremlin", "capital"}), r".", ("GPE", "ORG")),
    (frozenset({"newspaper", "broadcaster", "outlet", "channel", "network", "daily", "website", "publication", "station"}),
     r".", ("ORG",)),
]
# heads that name the same kind of body, for "the army" after "the military said"
SAME_KIND = (
    frozenset({"army", "military", "force", "forces", "troops"}),
    frozenset({"ministry", "department"}),
    frozenset({"government", "administration", "authorities", "cabinet", "junta", "regime", "council"}),
    frozenset({"group", "militia", "faction", "movement", "rebels", "insurgents"}),
)
TITLES = frozenset(
    """president prime minister chancellor governor mayor general commander chief secretary spokesman spokeswoman
    spokesperson ambassador envoy senator leader king emir premier head director colonel lieutenant major captain
    admiral marshal minister""".split()
)


@dataclass
class Mention:
    """An earlier mention a source may refer back to."""

    canonical: str
    label: str  # PERSON ORG GPE NORP ANON DOC ...
    start: int
    end: int
    head: str = ""
    plural: bool = False
    anonymous: bool = False
    relays: tuple = ()
    subject: bool = False  # the subject of its clause


NOT_MEDIA = frozenset({"Institute for the Study of War", "ACLED", "ReliefWeb", "United Nations"})


def media_names() -> set[str]:
    names = set(outlet_table().values()) - NOT_MEDIA
    names.update({"CNN", "BBC", "Reuters", "AP", "AFP", "Associated Press", "Agence France-Presse", "TASS", "RIA Novosti",
                  "RIA", "Interfax", "Al Jazeera", "NPR", "Bloomberg", "Fox News", "Sky News", "ABC", "NBC", "CBS",
                  "Sputnik", "RT", "Xinhua", "dpa", "EFE", "ANSA", "Ukrinform", "Meduza", "Kommersant", "Haaretz"})
    return names


_MEDIA = None


def is_media(name: str, span_text: str = "") -> bool:
    global _MEDIA
    if _MEDIA is None:
        _MEDIA = {n.lower() for n in media_names()}
    n = name.lower().removeprefix("the ").strip()
    if n in _MEDIA or ("the " + n) in _MEDIA:
        return True
    return bool(span_text and MEDIA_WORDS.search(span_text) and not re.search(r"\bofficials?\b", span_text, re.I))


def clean_name(text: str) -> str:
    """Surface text to a name: no determiner, no anonymity adjective, no 's."""
    t = " ".join(text.split())
    t = _DET.sub("", t)
    t = _ANON_ADJ.sub("", t)
    t = re.sub(r"^(?:U\.S\.|US|UK|EU|[A-Z][\w.]*)-based\s+", "", t)
    t = _POSSESSIVE.sub("", t) if t.endswith(("'s", "’s")) else t
    return t.strip(" ,.;:")


def _title_before(text: str, start: int) -> str | None:
    window = text[max(0, start - 40) : start].lower()
    words = re.findall(r"[a-z]+", window)
    for w in reversed(words[-4:]):
        if w in TITLES:
            return w
    return None


def _titled_person(ents, text: str, title: str, start: int, end: int):
    """The person introduced with ``title`` ("President Obama" for "the
    president" at text[start:end]): the latest before it, else the first after."""
    persons = [e for e in ents if e.label == "PERSON" and _title_before(text, e.start) == title]
    before = [e for e in persons if e.end <= start]
    if before:
        return max(before, key=lambda e: e.start)
    return min((e for e in persons if e.start >= end), key=lambda e: e.start, default=None)


def _head_word(sdoc, start: int, end: int):
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def resolve_source(an, start: int, end: int, ents: list, history: list[Mention],
                   said: list[tuple[int, int]] = ()) -> tuple[Source, Mention | None]:
    """A Source for text[start:end], and the earlier mention it resolves to
    (if any); ``said`` are the claim's content spans, where an antecedent of a
    pronoun is only as a subject ("People like Scott, he said.": not Scott)."""
    text = an.text
    # a span that runs over a clause to the pronoun that is the real source ("Donald Trump is drawing
    # criticism after he", "His guest, ..., was powerfully emotional as she"): the pronoun
    span = an.sdoc.char_span(start, end, alignment_mode="expand") if an.sdoc is not None else None
    if span is not None and len(span) > 3 and span[-1].lower_ in PRONOUNS_PERSON | PRONOUNS_PLURAL | {"it"} \
            and span[-1].dep_ in ("nsubj", "nsubjpass") and any(t.pos_ in ("VERB", "AUX") for t in span[:-1]):
        start, end = span[-1].idx, span[-1].idx + len(span[-1].text)
    head = _head_word(an.sdoc, start, end)
    if head is not None:
        # name the source from its core noun phrase, without apposition or relative clause
        from .attribution_rules import _source_tokens

        core = [t for t in _source_tokens(head, core=True) if start <= t.idx < end]
        if core:
            start, end = core[0].idx, core[-1].idx + len(core[-1].text)
    raw = text[start:end]
    head_lower = head.lower_ if head is not None else raw.lower()
    head_lemma = head.lemma_.lower() if head is not None else head_lower
    inside = [e for e in ents if e.start >= start and e.end <= end and e.label in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")]
    # 1. pronouns, alone or as possessors ("his office")
    words = re.findall(r"[\w’']+", raw.lower())
    if words and (words[0] in PRONOUNS_PERSON | PRONOUNS_PLURAL | PRONOUNS_THING) and not inside:
        pron = words[0]
        ante = _antecedent(pron, start, history, ents, an, said=said)
        rest = clean_name(" ".join(raw.split()[1:])) if len(words) > 1 else ""
        if ante is not None:
            owner = f"{ante.canonical}'" if ante.plural and ante.canonical.endswith("s") else f"{ante.canonical}'s"
            canonical = f"{owner} {rest}" if rest else ante.canonical
            label = ante.label if not rest else "ORG"
            typ = "group" if ante.plural and label in ("PERSON", "ANON") else _type_of(label, canonical, raw)
            src = Source(text=raw, start=start, end=end, canonical=canonical, type=typ,
                         anonymous=ante.anonymous and not rest, resolved_from="pronoun")
            return src, (ante if not rest else None)
        return Source(text=raw, start=start, end=end, canonical=raw, type="unknown", resolved_from=None), None
    # "one of the sources" -> the sources
    m_of = re.match(r"(?:one|two|three|some|several|many|most|all|each|either|neither|both|none)\s+of\s+", raw, re.I)
    if m_of and head is not None:
        inner_start = start + m_of.end()
        src, ante = resolve_source(an, inner_start, end, ents, history)
        src.text, src.start = raw, start
        return src, ante
    # 2. a named entity heading the span (not a possessor: "Mali's army" is the army)
    named = None
    if inside:
        if head is not None:
            for e in inside:
                if e.start <= head.idx < e.end:
                    named = e
                    break
        if named is None and head is not None and head.pos_ == "PROPN":
            named = max(inside, key=lambda e: e.end - e.start)
    if named is not None:
        members = [m for m in coordinated(an.sdoc, ents, named) if m.end <= end]
        if len(members) > 1:  # "Obama and Clinton said": both of them
            canonical = group_name(members, ents)
            return Source(text=raw, start=start, end=end, canonical=canonical, type="group", anonymous=False,
                          resolved_from="short-form" if canonical != clean_name(raw) else None), None
        canonical = _canonical_entity(named, ents)
        label = "MEDIA" if is_media(canonical) else named.label
        canonical = media_canonical(canonical) if label == "MEDIA" else canonical
        return Source(text=raw, start=start, end=end, canonical=canonical, type=_type_of(label, canonical, raw),
                      anonymous=False, resolved_from="short-form" if canonical != clean_name(raw) else None), None
    # 3. a definite description referring back ("the think tank", "the president", "the NATO official")
    is_definite = raw.lower().startswith(("the ", "this ", "that "))
    if is_definite and inside and not any(text[e.end : e.end + 2] in ("'s", "’s") for e in inside):
        # "the NATO official" again, else "the United Nations human rights office" as said
        key = clean_name(raw).lower()
        for m in sorted(history, key=lambda m: -m.start):
            if m.start < start and m.canonical.lower() == key:
                return Source(text=raw, start=start, end=end, canonical=m.canonical, type=_type_of(m.label, m.canonical, raw),
                              anonymous=m.anonymous, resolved_from="description"), m
        is_definite = False
    if is_definite:
        ante = _describe(raw, head_lemma, start, history, ents, text, an.sdoc, common_mentions(an))
        if ante is not None:
            return Source(text=raw, start=start, end=end, canonical=ante.canonical,
                          type=_type_of(ante.label, ante.canonical, raw), anonymous=ante.anonymous,
                          resolved_from="description"), ante
    # 4. unnamed sources and documents
    name = clean_name(raw)
    if head_lemma in DOCUMENT_HEADS or head_lower in DOCUMENT_HEADS:
        org = inside[0] if inside else None
        canonical = _canonical_entity(org, ents) if org else name
        return Source(text=raw, start=start, end=end, canonical=canonical, type="document"), None
    anonymous = head_lemma in ANON_HEADS or head_lower in ANON_HEADS
    typ = ("group" if head is not None and head.tag_ in ("NNS", "NNPS") else "person") if anonymous else "unknown"
    if is_media(name, raw) and not anonymous:
        typ, name = "media", media_canonical(name)
    elif head_lemma in TITLES:
        typ = "person"
    elif inside and typ == "unknown":
        typ = "government" if re.search(r"\b(?:army|military|government|ministry|forces|council|junta|authorities|police|navy)\b", raw, re.I) else "organisation"
    return Source(text=raw, start=start, end=end, canonical=name, type=typ, anonymous=anonymous), None


def media_canonical(name: str) -> str:
    """The outlet's own spelling ("Irrawaddy" -> "The Irrawaddy")."""
    low = name.lower().removeprefix("the ").strip()
    for full in media_names():
        if full.lower().removeprefix("the ").strip() == low:
            return full
    return name


def _type_of(label: str, canonical: str, raw: str) -> str:
    if label == "MEDIA" or is_media(canonical):
        return "media"
    return {"PERSON": "person", "ORG": "organisation", "GPE": "government", "NORP": "group", "ANON": "person",
            "DOC": "document", "FAC": "organisation", "LOC": "government"}.get(label, "unknown")


def _canonical_entity(ent, ents) -> str:
    canonical = getattr(ent, "canonical", None) or ent.text
    canonical = clean_name(canonical)
    if ent.label == "PERSON" and " " not in canonical:
        # a surname: the longest earlier or later full name ending with it
        for e in ents:
            c = clean_name(getattr(e, "canonical", None) or e.text)
            if e.label == "PERSON" and c.endswith(" " + canonical) and len(c) > len(canonical):
                return c
    return canonical


# What a text says of a person's gender: an honorific ("Mr. Okafor") or a
# gendered noun beside the name ("her husband, Yusuf", "spokeswoman Clara
# Duval", "Yusuf, her husband,"). A first name is weaker evidence, used only
# where the text says nothing (``gender.first_name_gender``).
_GENDERED_NOUNS = {
    "m": frozenset("""husband son brother father uncle nephew grandfather grandson boyfriend spokesman chairman
        congressman businessman policeman councilman assemblyman king prince actor widower stepfather stepson""".split()),
    "f": frozenset("""wife daughter sister mother aunt niece grandmother granddaughter girlfriend spokeswoman
        chairwoman congresswoman businesswoman policewoman councilwoman assemblywoman queen princess actress widow
        stepmother stepdaughter""".split()),
}
_NOUN_BEFORE = re.compile(r"([A-Za-z]+)[\s,]*$")
_APPOSED_NOUN = re.compile(r"^,\s+(?:(?:the|a|an|her|his|their|its)\s+)?(?:[a-z-]+\s+)?([a-z]+)\b")


def _noun_gender(word: str) -> str | None:
    w = word.lower()
    return next((g for g, nouns in _GENDERED_NOUNS.items() if w in nouns), None)


def person_genders(text: str, ents) -> dict[str, str]:
    """``{canonical: "m" | "f"}`` for the people whose gender the text
    states; a person with signals both ways is left out."""
    return _stated(_gender_signs(text, ents))


def _stated(signs: dict[str, set]) -> dict[str, str]:
    return {name: next(iter(g)) for name, g in signs.items() if len(g) == 1}


def _gender_signs(text: str, ents) -> dict[str, set]:
    """``{canonical: {"m", "f"}}``: every sign the text gives of each person's gender."""
    seen: dict[str, set] = {}
    for e in ents:
        if e.label != "PERSON":
            continue
        before = text[max(0, e.start - 30) : e.start]
        signs = set()
        g = honorific_before(text, e.start)
        if g:
            signs.add(g)
        else:
            m = _NOUN_BEFORE.search(before)
            if m and _noun_gender(m.group(1)):
                signs.add(_noun_gender(m.group(1)))
        m = _APPOSED_NOUN.match(text[e.end : e.end + 40])
        if m and _noun_gender(m.group(1)):
            signs.add(_noun_gender(m.group(1)))
        if signs:
            seen.setdefault(_canonical_entity(e, ents), set()).update(signs)
    return seen


# people named by a common noun who can be referred back to ("villagers", "a senior official");
# not reporters, who are told things rather than tell them
HUMAN_HEADS = (ANON_HEADS | frozenset("""villager villagers protester protesters demonstrator demonstrators rebel
    rebels fighter fighters militant militants insurgent insurgents student students farmer farmers family families
    survivor survivors refugee refugees civilian civilians troops nurse nurses teacher teachers volunteer volunteers
    relative relatives parent parents local locals passenger passengers rescuer rescuers shopkeeper shopkeepers
    trader traders lawyer lawyers prosecutor prosecutors guard guards police policeman policewoman fisherman
    fishermen miner miners sailor sailors pilot pilots engineer engineers prisoner prisoners detainee detainees
    hostage hostages settler settlers pilgrim pilgrims worshipper worshippers voter voters citizen citizens woman
    women man men child children mother mothers father fathers youth youths elder elders leader leaders cleric
    clerics senator senators opponent opponents supporter supporters critic critics investor investors economist
    economists scientist scientists researcher researchers campaigner campaigners organiser organisers organizer
    organizers owner owners driver drivers crew crews staff inhabitant inhabitants evacuee evacuees migrant migrants
    victim victims mourner mourners paramedic paramedics firefighter firefighters""".split())) - {
    "reporter", "reporters", "journalist", "journalists"}


def per_analysis(an, name: str, compute):
    """``compute()``, done once per analysis and kept on it as ``name``."""
    value = getattr(an, name, None)
    if value is None:
        value = compute()
        try:
            setattr(an, name, value)
        except AttributeError:  # an object that takes no attributes: compute each time
            pass
    return value


# things that say or show, for "it" and "they": "The ad uses footage ... It also mentions",
# "the report says ... It also points out", "Romney released his returns, even though they exposed"
THING_HEADS = DOCUMENT_HEADS | frozenset("""video videos footage ad ads advertisement article articles story
    stories book column editorial tweet tweets returns paper papers speech bill law ruling decision order proposal
    plan investigation probe audit review guidance forecast research findings endorsement endorsements
    ranking index model""".split())


def common_mentions(an) -> list[Mention]:
    """Noun phrases headed by a noun for people ("Villagers", "a senior
    Pentagon official"), as anonymous mentions; once per analysis."""
    return per_analysis(an, "_common_mentions", lambda: _chunk_mentions(an, HUMAN_HEADS, "ANON"))


def thing_mentions(an) -> list[Mention]:
    """Noun phrases headed by a thing that can say or show ("the report",
    "a new ad"), as document mentions; once per analysis."""
    return per_analysis(an, "_thing_mentions", lambda: _chunk_mentions(an, THING_HEADS, "DOC"))


def _chunk_mentions(an, heads: frozenset, label: str) -> list[Mention]:
    out = []
    sdoc = getattr(an, "sdoc", None)
    if sdoc is None:
        return out
    for chunk in sdoc.noun_chunks:
        root = chunk.root
        if root.pos_ != "NOUN" or (root.lower_ not in heads and root.lemma_.lower() not in heads):
            continue
        if an.in_boilerplate(chunk.start_char, chunk.end_char):
            continue
        first = root
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        if first.dep_ in ("attr", "appos", "acomp", "oprd"):
            continue  # "the second woman" she is, "Yusuf, a driver,": no one new
        if chunk[0].lower_ in ("my", "our") or _inside_quote(an, chunk.start_char):
            continue  # "my father" in someone's words is theirs, not the story's
        name = clean_name(chunk.text)
        if not name or name.lower() in PRONOUNS_PERSON | PRONOUNS_PLURAL | PRONOUNS_FIRST:
            continue
        out.append(Mention(name, label, chunk.start_char, chunk.end_char, head=root.lemma_.lower(),
                           plural=root.tag_ in ("NNS", "NNPS"), anonymous=label == "ANON",
                           subject=root.dep_ in ("nsubj", "nsubjpass")))
    return out


def titled_mentions(an, ents) -> list[Mention]:
    """"the president", "the governor": a person the article introduced with
    that title ("President Obama"), as a named mention where the description
    stands, so that a later "he" can refer back through it; once per analysis."""
    def compute():
        out = []
        sdoc = getattr(an, "sdoc", None)
        if sdoc is None:
            return out
        text = an.text
        for chunk in sdoc.noun_chunks:
            root = chunk.root
            lemma = root.lemma_.lower()
            if root.pos_ != "NOUN" or lemma not in TITLES or chunk[0].lower_ != "the" or root.tag_ == "NNS":
                continue
            if root.dep_ in ("attr", "appos", "acomp", "oprd") or _inside_quote(an, chunk.start_char):
                continue
            named = _titled_person(ents, text, lemma, chunk.start_char, chunk.end_char)
            if named is None:
                continue
            out.append(Mention(_canonical_entity(named, ents), "PERSON", chunk.start_char, chunk.end_char, head=lemma,
                               subject=root.dep_ in ("nsubj", "nsubjpass")))
        return out

    return per_analysis(an, "_titled_mentions", compute)


QUANTIFIERS = frozenset("many some others most few several all both each everyone everybody nobody none".split())


def quotes(an) -> list[tuple[int, int]]:
    """The article's quotations as (start, end); once per analysis."""
    from .attribution_rules import quote_regions

    return per_analysis(an, "_quotes", lambda: quote_regions(an.text))


def _inside_quote(an, pos: int) -> bool:
    return any(a <= pos < b for a, b in quotes(an))


_SENT_STARTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # parse -> its sentence starts


def _starts(sdoc) -> list[int]:
    starts = _SENT_STARTS.get(sdoc)
    if starts is None:
        starts = _SENT_STARTS[sdoc] = [s.start_char for s in sdoc.sents]
    return starts


def _sentence_index(sdoc, pos: int) -> int | None:
    """The character start of the sentence holding ``pos``."""
    if sdoc is None:
        return None
    starts = _starts(sdoc)
    i = bisect.bisect_right(starts, pos) - 1
    return starts[i] if i >= 0 else None


def _sentences_between(sdoc, a: int, b: int) -> int:
    """How many sentences start in (a, b]."""
    starts = _starts(sdoc)
    return bisect.bisect_right(starts, b) - bisect.bisect_right(starts, a)


def _span_at(sdoc, start: int, end: int):
    """The tokens over text[start:end], or None (no parse, or nothing there)."""
    span = sdoc.char_span(start, end, alignment_mode="expand") if sdoc is not None else None
    return span if span is not None and len(span) else None


def _subject_token(sdoc, e):
    """The subject token of the clause the mention ``e`` is the subject of
    (through an apposition, a compound name or a coordination), or None."""
    span = _span_at(sdoc, e.start, e.end)
    if span is None or _names_a_thing(span.root):
        return None  # "the Clinton campaign" is the subject, not Clinton
    root = span.root
    while root.dep_ in ("appos", "compound", "flat", "conj") and root.head.i != root.i:
        root = root.head
    return root if root.dep_ in ("nsubj", "nsubjpass") else None


def _is_subject(sdoc, e) -> bool:
    return _subject_token(sdoc, e) is not None


def _names_a_thing(root) -> bool:
    """A name used to modify a common noun ("the Clinton campaign", "the Trump
    administration"): it names the campaign, not a person to refer back to."""
    return root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i > root.i


@dataclass
class _Memo:
    """Per-article work of the resolver, done once per entity list (one claims pass)."""

    ents: list
    canon: dict = field(default_factory=dict)  # id(entity) -> canonical name
    genders: dict | None = None  # what the text states: {canonical: "m" | "f"}
    signed: frozenset = frozenset()  # the people the text gives any sign of gender for, even contradictory ones
    groups: list | None = None  # coordinated people ("Obama and Clinton"), as plural mentions


def _memo(an, ents) -> _Memo:
    memo = per_analysis(an, "_resolver_memo", lambda: _Memo(ents))
    if memo.ents is not ents:  # a new claims pass over the same analysis
        memo = _Memo(ents)
        try:
            an._resolver_memo = memo
        except AttributeError:
            pass
    return memo


def coordinated(sdoc, ents, e) -> list:
    """The people coordinated with the person ``e`` after it ("Charles E.
    Grassley, Republican of Iowa, and Patrick J. Leahy"): e first, then each
    conjunct that a PERSON entity holds; [e] alone when there are none."""
    if e.label != "PERSON" or sdoc is None:
        return [e]
    span = sdoc.char_span(e.start, e.end, alignment_mode="expand")
    if span is None or not len(span):
        return [e]
    later = [x for x in ents if x.label == "PERSON" and x.start >= e.end]
    out, tok = [e], span.root
    while True:
        nxt = next((c for c in tok.children if c.dep_ == "conj"), None)
        if nxt is None:
            break
        first = nxt.left_edge
        other = next((x for x in later if x.start <= nxt.idx < x.end or x.start == first.idx), None)
        if other is None:
            break
        out.append(other)
        tok = nxt
    return out


def group_name(members: list, ents) -> str:
    names = [_canonical_entity(m, ents) for m in members]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _groups(an, ents) -> list[Mention]:
    """Coordinated people as one plural mention, for "they"."""
    sdoc = an.sdoc if an is not None else None
    out = []
    for e in ents:
        members = coordinated(sdoc, ents, e)
        if len(members) > 1 and not _inside_quote(an, e.start):
            out.append(Mention(group_name(members, ents), "PERSON", e.start, members[-1].end, head=e.text,
                               plural=True, subject=_is_subject(sdoc, e)))
    return out


def _modifies_noun(sdoc, e) -> bool:
    span = _span_at(sdoc, e.start, e.end)
    return span is not None and _names_a_thing(span.root)


def _in_own_adjunct(sdoc, pos: int, verb) -> bool:
    """Whether ``pos`` lies in a clause without a subject of its own that
    modifies ``verb``, the pronoun's ("Campaigning against Mitt Romney in 2012,
    he barely mentioned"): the pronoun is that clause's subject, so a name in
    it is someone else."""
    t = _span_at(sdoc, pos, pos + 1)
    if verb is None or t is None:
        return False
    tok = t[0]
    while tok.head.i != tok.i:
        if tok.dep_ == "advcl" and tok.head.i == verb.i:
            return not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)
        tok = tok.head
    return False


def _conjoined_subject(sdoc, e, pverb) -> bool:
    """Whether the entity ``e`` is the subject of a verb that ``pverb``, the
    pronoun's, is coordinated with ("Putney told CNN ..., but he said")."""
    subj = _subject_token(sdoc, e)
    if subj is None or pverb is None:
        return False
    verb, pv = subj.head, pverb
    while pv.dep_ == "conj" and pv.head.i != pv.i:
        pv = pv.head
        if pv.i == verb.i:
            return True
    return False


def _chained(pron: str, sdoc, sent_start: int, start: int, an) -> int | None:
    """Where the same pronoun is the subject of the sentence at ``sent_start``
    ("They sent a letter to Senate leaders. ... they wrote"): the pronoun then
    refers to what that one does, not to a noun beside it."""
    if sdoc is None or pron not in ("he", "she", "they", "it"):
        return None
    span = sdoc.char_span(sent_start, start, alignment_mode="contract")
    sent = span[0].sent if span is not None and len(span) else None
    if sent is None:
        return None
    for t in sent:
        if t.idx >= start:
            break
        if t.lower_ == pron and t.dep_ in ("nsubj", "nsubjpass") and not _inside_quote(an, t.idx):
            return t.idx
    return None


def _antecedent(pron: str, start: int, history: list[Mention], ents, an=None, depth: int = 0,
                said: list[tuple[int, int]] = ()) -> Mention | None:
    """The earlier speaker or entity a pronoun source refers to. Candidates
    must agree in number and, where the text states it, in gender. The
    latest such speaker wins when it was quoted in this sentence or the two
    before (a news story goes on quoting its speaker: "X said ... Her
    neighbour left ... She said"); otherwise the latest sentence with a
    candidate, and in it its subject ("Ruban met Savchuk ... He said")."""
    if pron in PRONOUNS_PERSON:
        labels = ("PERSON", "ANON")
        plural = False
    elif pron in PRONOUNS_PLURAL:
        labels = ("ORG", "GPE", "NORP", "ANON", "PERSON", "MEDIA", "DOC")
        plural = True
    else:
        labels = ("ORG", "GPE", "MEDIA", "DOC")
        plural = False
    gender = "m" if pron in ("he", "him", "his") else "f" if pron in ("she", "her", "hers") else None
    text = an.text if an is not None else ""
    sdoc = an.sdoc if an is not None else None
    memo = _memo(an, ents)
    if gender and text and memo.genders is None:
        signs = _gender_signs(text, ents)
        # the text first; where it says nothing at all, the first name ("Ivanka Trump")
        memo.genders = _stated(signs)
        memo.signed = frozenset(signs)
    genders = memo.genders if gender and text else {}
    canon = memo.canon
    for e in ents:
        if id(e) not in canon and e.end <= start and e.label in labels:
            canon[id(e)] = _canonical_entity(e, ents)

    def agrees(label: str, canonical: str) -> bool:
        if label != "PERSON" or gender is None:
            return True
        known = genders.get(canonical) or (first_name_gender(canonical) if canonical not in memo.signed else None)
        return known in (None, gender)

    def ok(m) -> bool:
        return not plural or m.plural or m.label in ("ORG", "GPE", "NORP")  # a body is "they" too

    # unnamed people who are not speakers yet: "Villagers fled ... They said", "A police officer
    # stopped the car ... He said" (a group for "they", one person for "he" or "she")
    here = _sentence_index(sdoc, start)
    # and things that say or show, for "it" and "they": "The ad ... It also mentions"
    pool = []
    if an is not None:
        pool = (common_mentions(an) if "ANON" in labels else []) + (thing_mentions(an) if gender is None else [])
        if gender is not None:  # "the president" after "President Obama"
            pool = pool + titled_mentions(an, ents)
    commons = [m for m in pool if m.end <= start and m.plural == plural
               and (m.subject or _sentence_index(sdoc, m.start) != here)]  # not "Through a spokesman, he"
    if plural and an is not None:
        if memo.groups is None:
            memo.groups = _groups(an, ents)
        commons = commons + [g for g in memo.groups if g.end <= start]
    regions = quotes(an) if an is not None else []
    ptok = _span_at(sdoc, start, start + 1)
    pverb = ptok[0].head if ptok is not None else None  # the verb the pronoun is an argument of

    def in_own_quote(pos: int) -> bool:
        """Inside the quotation this pronoun introduces or closes ("'Meh, ...,' he
        said", "“... an unarmed man ...,” she said"): what is said, not who says it."""
        for a, b in regions:
            if a <= pos < b:
                if b > start:  # the pronoun itself is inside this quotation, or it opens after it
                    return a < start
                return not text[b:start].strip(" ,.;:—–-\u201d\"'’\n")
        return False

    def speaker_fits(m) -> bool:
        # "he" or "she" is one person: not "Delegates", not "many", not "the campaign"; and no one is "I"
        if m.canonical.lower() in PRONOUNS_FIRST:
            return False
        if m.label == "DOC":  # "the report ... It also says": one thing for "it", several for "they"
            return m.plural == plural
        if plural:
            return True
        if m.plural or m.canonical.lower() in QUANTIFIERS:
            return False
        if m.label == "ANON" or not any(ch.isupper() for ch in m.canonical):
            return m.head in HUMAN_HEADS  # an unnamed speaker must be a person ("the official")
        return True

    def nearest(require_ok: bool):
        best_m = max((m for m in history if m.start < start and m.label in labels and (ok(m) or not require_ok)
                      and agrees(m.label, m.canonical) and speaker_fits(m)),
                     key=lambda m: m.start, default=None)
        cands = [Mention(canon[id(e)], e.label, e.start, e.end, head=e.text) for e in ents
                 if e.end <= start and e.label in labels and not (e.label == "PERSON" and _modifies_noun(sdoc, e))
                 and (not plural or e.label != "PERSON" or not require_ok)
                 and agrees(e.label, canon[id(e)])] + commons
        # what the pronoun's claim says names no antecedent ("People like Scott, he said."), unless
        # as its subject (the finder may run the content over "Ms. LaBelle got a roar when ... she added")
        cands = [c for c in cands if not in_own_quote(c.start)
                 and not (any(a <= c.start < b for a, b in said) and not _is_subject(sdoc, c))
                 and not _in_own_adjunct(sdoc, c.start, pverb)]
        best_e = max(cands, key=lambda e: e.start, default=None)
        if best_e is None or (best_m is not None and best_e.start < best_m.start):
            return best_m
        here = _sentence_index(sdoc, start)
        e_sent = _sentence_index(sdoc, best_e.start)
        if e_sent == here and here is not None and not _is_subject(sdoc, best_e):
            # "Putney told CNN that ... in Scott's hand, but he said": the subject of the clause
            # the pronoun's own clause is coordinated with
            parallel = [e for e in cands if _sentence_index(sdoc, e.start) == here and _conjoined_subject(sdoc, e, pverb)]
            if parallel:
                best_e = max(parallel, key=lambda e: e.start)
        if best_m is not None and here is not None and e_sent != here:
            sents_back = _sentences_between(sdoc, best_m.start, start)
            if sents_back <= 2:
                return best_m
        if e_sent is not None and e_sent != here:
            subjects = [e for e in cands if _sentence_index(sdoc, e.start) == e_sent and _is_subject(sdoc, e)]
            if subjects:
                best_e = max(subjects, key=lambda e: e.start)
            elif depth < 4:
                pos = _chained(pron, sdoc, e_sent, start, an)
                if pos is not None:
                    return _antecedent(pron, pos, history, ents, an, depth + 1) or best_e
        return best_e

    # a plural pronoun prefers a plural group or an organisation
    return nearest(True) or (nearest(False) if plural else None)


def _apposed_name(sdoc, head_lemma: str, start: int, ents) -> Mention | None:
    here = sdoc.char_span(start, start + 1, alignment_mode="expand") if sdoc is not None else None
    if here is None:
        return None
    for tok in reversed(sdoc[: here.start]):
        if tok.text != head_lemma or tok.pos_ != "NOUN":
            continue
        names = [c for c in tok.children if c.dep_ == "appos"]
        if tok.dep_ == "appos":
            names.append(tok.head)
        for n in names:
            for e in ents:
                if e.start <= n.idx < e.end and e.label in ("ORG", "PERSON", "NORP", "GPE"):
                    return Mention(_canonical_entity(e, ents), e.label, e.start, e.end, head=head_lemma)
    return None


def _describe(raw: str, head_lemma: str, start: int, history: list[Mention], ents, text: str, sdoc,
              commons: list[Mention] = ()) -> Mention | None:
    low = raw.lower()
    key = clean_name(raw).lower()
    extra = set(key.split()) - {head_lemma}
    # earlier speakers first, then people not yet quoted ("A senior Pentagon official briefed ...")
    for pool in (history, commons):
        # the same description said before: "the NATO official" <- "an unidentified NATO official"
        for m in sorted(pool, key=lambda m: -m.start):
            if m.start < start and m.canonical.lower() == key:
                return m
        # "the diplomat" <- "a Western diplomat in Nairobi": the same head, and no word the earlier one
        # lacks ("the NATO official" is not "an EU official")
        for m in sorted(pool, key=lambda m: -m.start):
            if m.start < start and m.head == head_lemma and m.anonymous and extra <= set(m.canonical.lower().split()):
                return m
    # titles: "the president" -> the person introduced with that title (before, else after)
    if head_lemma in TITLES:
        e = _titled_person(ents, text, head_lemma, start, start + len(raw))
        if e is not None:
            return Mention(_canonical_entity(e, ents), "PERSON", e.start, e.end, head=head_lemma)
    # "the group" <- "an al-Qaeda-linked group, JNIM,": the same common noun with a name in apposition
    appo = _apposed_name(sdoc, head_lemma, start, ents) if ents else None
    if appo is not None:
        return appo
    words = set(re.findall(r"[a-z]+", low))
    for heads, pattern, labels in DESCRIPTIONS:
        if head_lemma in heads or words & heads:
            rx = re.compile(pattern)
            for e in sorted(ents, key=lambda e: -e.start):
                if e.end <= start and e.label in labels and (
                        rx.search(e.text) or ("agency" in heads and is_media(_canonical_entity(e, ents)))):
                    canonical = _canonical_entity(e, ents)
                    if heads & {"newspaper", "broadcaster", "outlet", "channel", "network"} and not is_media(canonical):
                        continue
                    return Mention(canonical, e.label, e.start, e.end, head=head_lemma)
    # last, "the army" <- the speaker "The Myanmar military", which is no entity: an earlier named
    # speaker of the same kind (unnamed ones, "an armed group, the Eastern Shield Brigade,", never)
    kind = next((k for k in SAME_KIND if head_lemma in k), None)
    if kind is not None and not extra:  # a bare "the junta", not "the city council"
        for m in sorted(history, key=lambda m: -m.start):
            if m.start < start and m.head in kind and not m.anonymous and any(ch.isupper() for ch in m.canonical):
                return m
    return None
