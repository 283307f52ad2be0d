"""Named entities with canonical names and offline geocoding.

spaCy's small English model finds most names; this module repairs what it
gets wrong in conflict reporting and adds what it misses:

* a lexicon of organisations that the model mislabels or splits (NATO, ISW,
  Wagner, RSF, Hamas ...), matched case-sensitively;
* span trimming: leading "the", titles before a person ("President",
  "Gen."), "U.S.-based"/"Kremlin-backed" before an organisation, trailing
  possessives ("Russia’s");
* place names from the gazetteer: an ORG/PERSON span or an untagged proper
  noun that the gazetteer knows becomes GPE when the context says place
  (a locative preposition, "the city of") or when the place is large;
* canonical names: short person names to the full name used in the article
  ("Zelensky" -> "Volodymyr Zelensky"), acronyms to their long form
  ("ISW" <-> "Institute for the Study of War"), places to the gazetteer name;
* ``role = "government"`` on a place that speaks or acts ("Moscow denied",
  "Kyiv said", "according to Washington"): it keeps its geo, but events
  should not take it as where something happened.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..geo.resolve import ADMIN_WORDS, DEMONYMS, Mention, geo_precision, resolve
from ..model import Entity, Geo
from ..parsed import doc_text
from .gender import first_name_gender, honorific_before

LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}

# name -> canonical. Matched case-sensitively on token boundaries.
KNOWN_ORGS = {
    "NATO": "NATO", "ISW": "Institute for the Study of War", "Institute for the Study of War": None,
    "Wagner": "Wagner Group", "Wagner Group": "Wagner Group", "Wagner PMC": "Wagner Group",
    "Hamas": "Hamas", "Hezbollah": "Hezbollah", "Islamic Jihad": "Islamic Jihad",
    "RSF": "Rapid Support Forces", "Rapid Support Forces": None,
    "SAF": "Sudanese Armed Forces", "Sudanese Armed Forces": None,
    "IDF": "Israel Defense Forces", "Israel Defense Forces": None,
    "UN": "United Nations", "U.N.": "United Nations", "United Nations": None,
    "UNICEF": "UNICEF", "OCHA": "OCHA", "UNHCR": "UNHCR", "ICRC": "International Committee of the Red Cross",
    "IAEA": "International Atomic Energy Agency", "ICC": "International Criminal Court",
    "Houthis": "Houthis", "Houthi": "Houthis", "Taliban": "Taliban", "ISIS": "Islamic State",
    "Islamic State": None, "al-Shabab": "al-Shabab", "al-Shabaab": "al-Shabab", "JNIM": "JNIM",
    "Arakan Army": None, "Tatmadaw": "Tatmadaw", "HTS": "Hayat Tahrir al-Sham", "Hayat Tahrir al-Sham": None,
    "SDF": "Syrian Democratic Forces", "Syrian Democratic Forces": None, "PKK": "PKK", "M23": "M23",
    "ECOWAS": "ECOWAS", "African Union": None, "European Union": None, "EU": "European Union",
    "Kremlin": "Kremlin", "Pentagon": "Pentagon", "CNN": "CNN", "Reuters": "Reuters", "AFP": "AFP",
    "Associated Press": None, "AP": "Associated Press", "BBC": "BBC", "Al Jazeera": None, "TASS": "TASS",
    "Interfax": "Interfax", "RIA Novosti": None, "Ukrinform": "Ukrinform", "Amnesty International": None,
    "Human Rights Watch": None, "MSF": "Doctors Without Borders", "Doctors Without Borders": None,
    "Red Cross": None, "Azov": "Azov Brigade", "Akhmat": "Akhmat", "Fatah": "Fatah",
}
ORG_WORDS = {
    "group", "forces", "army", "brigade", "command", "ministry", "company", "corps", "battalion", "regiment",
    "council", "movement", "front", "party", "agency", "institute", "center", "centre", "office", "service",
    "union", "committee", "organization", "organisation", "news", "times", "post", "press", "guard", "police",
    "university", "bank", "court", "commission", "fund", "network", "foundation", "federation",
}
BUSINESS_WORDS = frozenset("""shipping freight logistics energy power electric oil gas petroleum mining steel
    airlines airways aviation aerospace motors industries holdings systems technologies pharmaceuticals chemicals
    insurance capital partners media telecom foods resources shipyards inc ltd corp corporation llc plc gmbh""".split())
TITLES = {
    "president", "prime", "minister", "defense", "defence", "foreign", "interior", "secretary", "general",
    "gen", "lt", "lieutenant", "col", "colonel", "maj", "major", "commander", "sen", "senator", "rep", "mr",
    "mrs", "ms", "dr", "spokesman", "spokeswoman", "spokesperson", "chancellor", "king", "queen", "pope",
    "sheikh", "chief", "governor", "gov", "mayor", "ambassador", "deputy", "vice", "adm", "admiral", "sgt",
    "sergeant", "capt", "captain", "brig", "marshal", "field", "leader", "envoy", "chairman", "speaker",
    "premier", "former", "acting", "staff", "of", "the", "u.s.", "russian", "ukrainian", "israeli", "sudanese",
    "private", "pvt", "warlord", "boss", "founder", "head", "tycoon", "mercenary", "opposition", "army",
}
# words that, right before a name, make it a person's: TITLES less the function words it
# carries for trimming ("the State Department" is no person)
_PERSON_CUES = frozenset(TITLES) - {"the", "of", "former", "acting", "field", "private", "staff"}


def _person_cue(word: str) -> bool:
    return word.lower().rstrip(".") in _PERSON_CUES


SPEECH_LEMMAS = {
    "say", "deny", "claim", "accuse", "announce", "warn", "insist", "vow", "report", "confirm", "condemn",
    "reject", "urge", "demand", "respond", "refuse", "agree", "threaten", "call", "state", "tell", "add",
    "dismiss", "blame", "acknowledge", "admit", "allege", "argue", "note", "promise", "pledge", "retort",
    "welcome", "protest", "summon", "expel", "sanction", "recognise", "recognize", "estimate", "believe",
}
GOV_NOUNS = {"forces", "troops", "army", "military", "government", "officials", "ministry", "envoy", "ambassador",
             "president", "leader", "leadership", "regime", "authorities", "delegation", "offensive", "navy"}
LOCATIVE = {"in", "near", "outside", "around", "of", "for", "from", "to", "at", "into", "toward", "towards",
            "across", "between", "through", "on", "over", "inside", "within", "along", "besieged", "captured",
            "hit", "struck", "strike", "strikes", "shelled", "shelling", "attacked", "seized", "took", "take",
            "entered", "retook", "recaptured", "bombed", "bombarded", "stormed", "liberated", "encircled",
            "surrounded", "overran", "capture", "control", "targeted", "reached", "left", "fled", "evacuated",
            "besieging", "defending", "defend", "town", "city", "village", "cities", "towns", "villages"}
NEAR = re.compile(
    r"(?:\b(?:near|outside|around|close to|(?:outskirts|suburbs|vicinity|edge) of"
    r"|(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:-\w+)? of"
    r"|(?:km|kilometers|kilometres|miles)\b[^.]{0,25}?\b(?:of|from))(?:\s+the)?"
    r"(?:\s+(?:city|town|village)\s+of)?"
    r"|\b(?:northern|southern|eastern|western|central|north-eastern|north-western|south-eastern"
    r"|south-western|northeastern|northwestern|southeastern|southwestern))\s+$",
    re.I,
)
_LEAD = re.compile(r"^(?:the|The)\s+")
_BASED = re.compile(r"^(?:[\w.’'-]+-(?:based|backed|led|affiliated|aligned|allied|run|controlled|linked|owned)|"
                    r"so-called)\s+")
_POSS = re.compile(r"(?:['’]s|['’])$")
_WEEKDAYS_MONTHS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
}
# regions that span countries: LOC without geo
WIDE_REGIONS = {"Sahel", "Middle East", "Horn of Africa", "West Africa", "East Africa", "Central Africa",
                "North Africa", "Balkans", "Caucasus", "Black Sea", "Red Sea", "Sea of Azov", "Persian Gulf",
                "Gulf", "Levant", "Maghreb", "Central Asia", "Southeast Asia", "Great Lakes", "Lake Chad",
                "Africa", "Europe", "Asia", "Americas", "Latin America", "North America", "South America",
                "Oceania", "Antarctica", "Arctic", "Scandinavia", "Eurasia", "Mediterranean", "Sub-Saharan Africa"}
_STRONG_LOC = re.compile(r"\b(?:(?:town|city|village|hamlet|camp|port|district|suburb|outskirts)\s+of|near|outside)"
                         r"\s+(?:the\s+)?$", re.I)
_NUMERIC = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
# institutions and common words that are also the names of small towns ("Congress, Arizona")
_STOP_PLACES = {"god", "allah", "lord", "christ", "mercy", "victory", "liberty", "union", "hope", "justice",
                "congress", "parliament", "senate", "house", "capitol", "cabinet", "duma", "knesset", "rada",
                "assembly", "government", "council", "army", "police", "court", "embassy", "ministry",
                "republic", "federation", "commonwealth", "independence", "freedom", "unity", "peace",
                "white house", "state department", "kremlin", "pentagon", "downing street", "elysee",
                "supreme court", "security council", "general assembly", "parliamentarians", "media",
                "federal", "eastern", "western", "northern", "southern", "central", "west", "east", "north",
                "south", "pacific", "atlantic", "marine", "marines", "earth", "baltic", "midway", "king",
                "national", "international", "general", "royal", "satan", "heaven", "paradise", "america's"}


@dataclass
class _Cand:
    start: int
    end: int
    label: str
    canonical: str | None = None  # from the lexicon
    lookup: str | None = None  # text for the gazetteer
    want_admin: bool = False
    near: bool = False
    qualifier: str | None = None
    role: str | None = None
    mention: Mention | None = None


def _trim(text: str, s: int, e: int, label: str) -> tuple[int, int]:
    """Trim "the", "U.S.-based", titles (persons) and possessives from [s, e)."""
    for _ in range(6):
        span = text[s:e]
        m = _LEAD.match(span) or _BASED.match(span)
        if m:
            s += m.end()
            continue
        if label == "PERSON":
            w = re.match(r"^([A-Za-z.\-]+)\s+", span)
            if w and w.group(1).lower().rstrip(".") in TITLES | {x + "." for x in TITLES} and " " in span.strip():
                s += w.end()
                continue
        break
    span = text[s:e]
    m = _POSS.search(span)
    if m and e - s - len(m.group(0)) >= 2:
        e -= len(m.group(0))
    while e > s and text[e - 1] in " .,;:\u201d\"'’)-":
        if text[e - 1] == "." and re.search(r"\b[A-Z]\.[A-Z]?\.?$", text[s:e]):  # U.S. / U.N.
            break
        e -= 1
    while s < e and text[s] in " \u201c\"'(":
        s += 1
    return s, e


# every lexicon name in one pattern: a lookahead at each position, longest names first,
# so each start yields its longest name
_ORG_NAMES = re.compile(r"(?<![\w-])(?=(" + "|".join(re.escape(n) for n in sorted(KNOWN_ORGS, key=lambda n: (-len(n), n)))
                        + r")(?![\w-]))")


def _known_org_spans(doc) -> list[tuple[int, int, str, str]]:
    """(start, end, text, canonical) for every lexicon match, longest first."""
    text = doc_text(doc)
    kept, last = [], -1
    for m in _ORG_NAMES.finditer(text):
        s = m.start()
        if s < last:
            continue
        name = m.group(1)
        e = s + len(name)
        kept.append((s, e, name, KNOWN_ORGS[name] or name))
        last = e
    return kept


def _is_org_like(text: str) -> bool:
    return any(w.lower() in ORG_WORDS for w in text.split())


def _prev_word(text: str, s: int) -> str:
    m = re.search(r"([A-Za-z]+)\W*$", text[max(0, s - 30):s])
    return m.group(1).lower() if m else ""


_OF_CHAIN = re.compile(r"((?:[A-Z][\w'-]*\s+){1,4}of\s+(?:the\s+)?)$")


def _of_start(text: str, s: int) -> int:
    """Where an organisation's name really starts when the model tagged only
    its tail: "[International Committee of the] Red Cross", "[Bank of]
    England". The words before "of" must be capitalised and name an
    organisation ("Committee", "Bank"); a title ("Chief of the ...") does not."""
    m = _OF_CHAIN.search(text[max(0, s - 60) : s])
    if not m or not _is_org_like(m.group(1).rsplit(" of", 1)[0]):
        return s
    return s - len(m.group(1))


def _collect(an) -> list[_Cand]:
    doc = an.sdoc
    text = an.text
    cands: list[_Cand] = []
    taken = bytearray(len(text) + 1)  # 1 where a candidate already sits

    def overlaps(s, e):
        return taken.find(1, s, e) != -1

    def take(s, e):
        taken[s:e] = b"\x01" * (e - s)

    for s, e, _name, canon in _known_org_spans(doc):
        if an.in_boilerplate(s, e):
            continue
        # a longer spaCy ORG that adds an organisation word on either side wins
        # ("Wagner Group", "International Committee of the Red Cross")
        longer = [x for x in doc.ents if x.label_ == "ORG" and x.start_char <= s and x.end_char >= e
                  and (x.end_char - x.start_char) > (e - s)
                  and _is_org_like(text[x.start_char:s] + " " + text[e:x.end_char])]
        if longer:
            continue
        cands.append(_Cand(s, e, "ORG", canonical=canon))
        take(s, e)

    # PRODUCT / WORK_OF_ART / EVENT spans are often mislabelled places ("Sittwe", "Myawaddy on the ...")
    occupied = {i for x in doc.ents if x.label_ in LABELS or x.label_ in _NUMERIC
                for i in range(x.start_char, x.end_char)}
    spans: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        prev = spans[-1] if spans else None
        if prev and prev[2] == ent.label_ == "PERSON" and text[prev[1]:ent.start_char] == " ":
            spans[-1] = (prev[0], ent.end_char, "PERSON")  # "Oleksandr" + "Prokudin"
        else:
            spans.append((ent.start_char, ent.end_char, ent.label_))
    for s0, e0, label in spans:
        if label not in LABELS:
            continue
        s, e = _trim(text, s0, e0, label)
        if label == "ORG" and e > s:
            s2 = _of_start(text, s)
            if s2 < s and not overlaps(s2, s):
                s = s2
        if e <= s or overlaps(s, e) or an.in_boilerplate(s, e):
            continue
        if not any(c.isupper() for c in text[s:e]):
            continue
        cands.append(_Cand(s, e, label))
        take(s, e)

    # proper nouns that spaCy left untagged ("Kyiv this week said")
    for sent in doc.sents:
        run: list = []
        for tok in [*sent, None]:
            if tok is not None and tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.text.isalpha() \
                    and tok.idx not in occupied and tok.lower_ not in _WEEKDAYS_MONTHS:
                run.append(tok)
                continue
            if run and len(run) <= 4:
                # a title before untagged names makes a person: "Governor Felipe Arce toured ..."
                titled = 0
                while titled < len(run) - 1 and _person_cue(run[titled].lower_):
                    titled += 1
                label = "PERSON" if titled and len(run) - titled >= 2 else "?"
                s, e = run[titled if label == "PERSON" else 0].idx, run[-1].idx + len(run[-1].text)
                if not overlaps(s, e) and not an.in_boilerplate(s, e):
                    cands.append(_Cand(s, e, label))
            run = []
    return cands


def _place_context(an, c: _Cand, text: str) -> None:
    span = text[c.start:c.end]
    words = span.split()
    if words and words[-1].lower() in ADMIN_WORDS and len(words) > 1:
        c.want_admin = True
        c.lookup = " ".join(words[:-1])
    else:
        c.lookup = span
        m = re.match(r"\s+(" + "|".join(ADMIN_WORDS) + r")\b", text[c.end:c.end + 16], re.I)
        if m and not an.in_boilerplate(c.end, c.end + m.end()):
            c.want_admin = True
            c.end += m.end()
    before = text[max(0, c.start - 60):c.start]
    c.near = bool(NEAR.search(before))


def _role(doc, c: _Cand, text: str) -> str | None:
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    after = text[c.end:c.end + 40]
    if re.match(r"\s*(?:['’]s|['’])?\s+(\w+)", after):
        w = re.match(r"\s*(?:['’]s|['’])?\s+(\w+)", after).group(1).lower()
        if w in GOV_NOUNS and re.match(r"\s*['’]", after):
            return "government"
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ in SPEECH_LEMMAS:
        return "government"
    before = text[max(0, c.start - 20):c.start].lower()
    if re.search(r"according to\s+$", before):
        return "government"
    return None


def _qualifiers(places: list[_Cand], text: str) -> None:
    for a, b in zip(places, places[1:]):
        # "the North Darfur town of Kabkabiya": the region comes first
        if re.fullmatch(r"(?:\s+(?:state|region|province))?\s+(?:town|city|village|district)\s+of\s+",
                        text[a.end:b.start], re.I):
            b.qualifier = a.lookup
            continue
        gap = text[a.end:b.start]
        if a.qualifier is None and b.qualifier is None and re.fullmatch(r"\s*(?:,|and|or|, and)\s*", gap):
            a.qualifier = "\0" + str(id(b))  # "Jenin and Tulkarem in the West Bank": filled below
        if re.fullmatch(r"\s*,\s*|\s+(?:in|of)\s+(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern"
                        r"|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western)\s+)?"
                        r"|\s+province\s+of\s+", gap, re.I):
            a.qualifier = b.lookup
    # coordinated names share the qualifier of the last one
    by_id = {"\0" + str(id(c)): c for c in places}
    for c in reversed(places):
        if c.qualifier and c.qualifier.startswith("\0"):
            nxt = by_id.get(c.qualifier)
            c.qualifier = nxt.qualifier if nxt is not None and nxt.qualifier and not nxt.qualifier.startswith(
                "\0") else None


def _headline_end(text: str) -> int:
    """Where the article's first line ends, when that line is a headline (no
    closing full stop, or most of its words capitalised); else 0."""
    body = text.lstrip()
    lead = len(text) - len(body)
    line = body.split("\n", 1)[0]
    words = [w for w in line.split() if w[:1].isalpha()]
    if not words or len(words) > 25 or len(line) == len(body):
        return 0
    capital = sum(w[0].isupper() for w in words) / len(words)
    return lead + len(line) if capital >= 0.6 or not line.rstrip(" \"'’”").endswith((".", "!", "?")) else 0


def _headline_persons(cands: list[_Cand], text: str) -> None:
    """A headline capitalises every word, so the tagger runs names on into
    them ("Derelict Obama and Clinton", "Obama Says ..."): a person tagged in
    the headline whose words the article never names so is cut to the part of
    it that the body names as a person."""
    end = _headline_end(text)
    if not end:
        return
    body = {text[c.start:c.end] for c in cands if c.label == "PERSON" and c.start >= end}
    body |= {w for n in body for w in n.split()}
    for c in cands:
        if c.label != "PERSON" or c.start >= end or text[c.start:c.end] in body:
            continue
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[c.start:c.end])]
        best = None
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                part = text[c.start + words[i][0] : c.start + words[j - 1][1]]
                if part in body and (best is None or j - i > best[1] - best[0]):
                    best = (i, j)
        if best is not None:
            c.start, c.end = c.start + words[best[0]][0], c.start + words[best[1] - 1][1]


def extract_entities(an) -> list[Entity]:
    doc = an.sdoc
    if doc is None:
        return []
    from ..geo.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    text = an.text
    cands = _collect(an)
    _headline_persons(cands, text)

    # countries the article names (directly or through a demonym): evidence for untagged place names
    named_cc = set()
    for c in cands:
        span = text[c.start:c.end]
        if c.label == "NORP" and span.lower().rstrip("s") in DEMONYMS:
            named_cc.add(DEMONYMS[span.lower().rstrip("s")])
        elif c.label in ("GPE", "LOC", "?"):
            hits = gaz.lookup(span)
            named_cc.update(p.country for p in hits if p.kind == "country"
                            or (p.kind in ("admin1", "region") and p.main and len(hits) == 1))

    # decide which spans are places
    for c in cands:
        span = text[c.start:c.end]
        if c.canonical is not None:  # lexicon organisations stay organisations
            continue
        if span in WIDE_REGIONS:
            c.label = "LOC"
            continue
        if c.label in ("GPE", "LOC") and span.lower().rstrip("s") in DEMONYMS \
                and not any(p.kind == "country" and p.main for p in gaz.lookup(span)):
            c.label = "NORP"  # "the southern Ukrainian city of"
            continue
        if c.label == "ORG" and not _is_org_like(span) and _person_cue(_prev_word(text, c.start)) \
                and len(span.split()) >= 2 and text[c.start - 1:c.start] == " ":
            c.label = "PERSON"  # "Governor Oleksandr Tkachuk" tagged ORG
            continue
        if c.label in ("GPE", "LOC"):
            sp = doc.char_span(c.start, c.end, alignment_mode="expand")
            if sp is not None and not any(t.pos_ == "PROPN" for t in sp) and not gaz.lookup(span):
                c.label = "?"  # "Gunmen" tagged GPE
                continue
            _place_context(an, c, text)
            continue
        if c.label == "FAC" and not any(p.kind in ("city", "country", "admin1") for p in gaz.lookup(span)):
            _place_context(an, c, text)  # a facility: geocoded only when the gazetteer has it as a region
            continue
        if c.label == "NORP" and (span.lower().rstrip("s") in DEMONYMS or (
                re.search(r"(?:an|ese|ish|i|ans)$", span) and not any(p.main for p in gaz.lookup(span)))):
            continue
        if c.label not in ("ORG", "PERSON", "NORP", "FAC", "?") or span.lower() in _STOP_PLACES:
            continue
        words = span.split()
        if len(words) > 1 and words[-1].lower() in ADMIN_WORDS and c.label != "?":
            if any(p.kind == "admin1" for p in gaz.lookup(" ".join(words[:-1]))):
                c.label = "GPE"
                _place_context(an, c, text)
                continue
        if re.match(r"\s+(?:" + "|".join(ADMIN_WORDS) + r")\b", text[c.end:c.end + 16], re.I) \
                and any(p.kind == "admin1" for p in gaz.lookup(span)):
            c.label = "GPE"  # "the Tillaberi region" with "Tillaberi" tagged ORG
            _place_context(an, c, text)
            continue
        if c.label in ("PERSON", "ORG", "?") and _STRONG_LOC.search(text[max(0, c.start - 30):c.start]) \
                and not _is_org_like(span):
            c.label = "GPE"  # "the village of Wad al-Noura", "near Chinshwehaw": a place, known or not
            _place_context(an, c, text)
            continue
        if c.label == "ORG" and _is_org_like(span):
            continue
        hits = [p for p in gaz.lookup(span) if p.main or p.population >= 5000 or p.kind != "city"]
        if not hits or (len(span) <= 5 and span.isupper() and not any(p.kind == "country" for p in hits)):
            continue  # "AROS", "I.R.S."
        big = max(hits, key=lambda p: p.population)
        kinds = {p.kind for p in hits}
        prev = _prev_word(text, c.start)
        locative = prev in LOCATIVE or bool(re.search(r"\b(?:city|town|village)\s+of\s+$", text[:c.start][-20:]))
        known = big.main and (big.population >= 1_000_000 or (big.population >= 100_000 and big.country in named_cc))
        if c.label == "ORG" and big.main and big.population >= 100_000 and len(span.split()) == 1:
            sp = doc.char_span(c.start, c.end, alignment_mode="expand")
            known = known or (sp is not None and sp.root.head.lemma_ not in SPEECH_LEMMAS)  # "Mariupol fell"
        if "country" in kinds or "region" in kinds or known or (locative and big.population >= 1000):
            if c.label == "NORP" and not locative and "country" not in kinds:
                continue
            c.label = "GPE" if kinds & {"country", "city", "admin1"} else "LOC"
            _place_context(an, c, text)
    # a name the article uses for a person is a person, unless plainly a place ("in Clinton")
    person_names = {text[c.start:c.end] for c in cands if c.label == "PERSON"}
    person_names |= {n.split()[-1] for n in person_names if " " in n}
    def solid_place(name: str) -> bool:  # a sizeable town of a country the article names
        return any(p.main and p.kind == "city" and p.population >= 20_000 and p.country in named_cc
                   for p in gaz.lookup(name))

    for c in cands:
        name = text[c.start:c.end]
        if c.label in ("GPE", "LOC", "?") and name in person_names and not solid_place(name) \
                and _prev_word(text, c.start) not in {"in", "near", "outside", "at"} \
                and not _STRONG_LOC.search(text[max(0, c.start - 30):c.start]):
            c.label, c.lookup = "PERSON", None
        elif c.label == "PERSON" and ((" " not in name.strip() and _prev_word(text, c.start) in LOCATIVE)
                                      or name.split()[0] in ("El", "Al", "Wad", "Deir", "Khan", "Beit", "Tel",
                                                             "Ras", "Port")):
            if solid_place(name):
                c.label = "GPE"  # "El Fasher" tagged PERSON in an article about Sudan
                _place_context(an, c, text)
    # one name, one reading: a name placed once is a place everywhere in the article;
    # a known name coordinated with a place ("Khan Younis and Rafah") is a place too
    placed = {text[c.start:c.end] for c in cands if c.label in PLACE_LABELS and c.lookup}
    ordered = sorted(cands, key=lambda c: c.start)
    for _ in range(2):
        for i, c in enumerate(ordered):
            if c.label not in ("ORG", "PERSON", "?") or c.canonical is not None:
                continue
            name = text[c.start:c.end]
            coord = False
            for j in (i - 1, i + 1):
                if 0 <= j < len(ordered) and ordered[j].label in PLACE_LABELS and ordered[j].lookup:
                    a, b = sorted((c, ordered[j]), key=lambda x: x.start)
                    if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[a.end:b.start]):
                        coord = True
            if (c.label != "PERSON" and name in placed) or (coord and gaz.lookup(name) and not (
                    c.label == "PERSON" and name in person_names)):  # not "in Iraq, Obama and Clinton withdrew"
                c.label = "GPE"
                _place_context(an, c, text)
                placed.add(name)
    # a lone word that ends (or, family name first, opens) a person's full name is that person
    full_names = [text[c.start:c.end].split() for c in cands if c.label == "PERSON" and " " in text[c.start:c.end]]
    surnames = {w[-1] for w in full_names} | {w[0] for w in full_names if len(w) == 2}
    for c in cands:
        if c.label in ("ORG", "?") and c.canonical is None and text[c.start:c.end] in surnames:
            c.label = "PERSON"
    # and the other way: "Irina Petrova" tagged ORG is the person "Ms. Petrova" names later
    lone = {text[c.start:c.end] for c in cands if c.label == "PERSON" and " " not in text[c.start:c.end]}
    for c in cands:
        words = text[c.start:c.end].split()
        if c.label == "ORG" and c.canonical is None and 2 <= len(words) <= 3 and words[-1] in lone \
                and not _is_org_like(text[c.start:c.end]):
            c.label = "PERSON"
    # a "person" whose last word names a line of business is a firm ("Atlas Shipping")
    for c in cands:
        words = text[c.start:c.end].split()
        if c.label == "PERSON" and len(words) >= 2 and words[-1].rstrip(".,").lower() in BUSINESS_WORDS:
            c.label = "ORG"
    cands = [c for c in cands if c.label != "?"]
    cands.sort(key=lambda c: c.start)

    # geocode places together, so that they give each other context
    places = [c for c in cands if c.label in PLACE_LABELS and c.lookup]
    _qualifiers(places, text)
    demonyms = []
    for c in cands:
        if c.label == "NORP":
            cc = DEMONYMS.get(text[c.start:c.end].lower().rstrip("s"))
            if cc:
                demonyms.append(cc)
    for c in places:
        c.role = _role(doc, c, text)
        c.mention = Mention(c.lookup, want_admin=c.want_admin, qualifier=c.qualifier, metonym=c.role is not None)
        span = text[c.start:c.end]
        if span.lower() in _STOP_PLACES or span in WIDE_REGIONS:
            c.mention.candidates = ()
            continue
        locative = _prev_word(text, c.start) in LOCATIVE
        short = len(span) <= 5 and (span.isupper() or "." in span)
        c.mention.candidates = tuple(
            p for p in gaz.lookup(c.lookup)
            if (p.kind == "country" if short else
                p.kind != "city" or p.main or p.population >= 50_000 or locative or c.qualifier
                or p.country in named_cc))
    resolve([c.mention for c in places], demonyms, gaz)

    out: list[Entity] = []
    for c in cands:
        span = text[c.start:c.end]
        geo = None
        canonical = c.canonical or span
        p = c.mention.place if c.mention else None
        if p is None and c.mention is not None and c.mention.qualifier and c.label != "FAC":
            # a village the gazetteer lacks, placed by the region or country it is said to be in
            q = [x for x in gaz.lookup(c.mention.qualifier) if x.kind in ("country", "admin1", "region")]
            if q:
                qp = max(q, key=lambda x: (x.kind == "country", x.population))
                geo = Geo(lat=round(qp.lat, 5), lon=round(qp.lon, 5), country=qp.country,
                          admin1=qp.admin1 if qp.kind != "country" else None, gazetteer_id=qp.gazetteer_id,
                          geo_precision=3)
        if p is not None and (c.label != "FAC" or p.kind == "region"):
            geo = Geo(lat=round(p.lat, 5), lon=round(p.lon, 5), country=p.country,
                      admin1=p.admin1 if p.kind != "country" else None, gazetteer_id=p.gazetteer_id,
                      geo_precision=geo_precision(p, c.near))
            canonical = p.name
            if c.label == "FAC" or (c.label == "GPE" and p.kind == "region"):
                c.label = "LOC"
            elif c.label == "LOC" and p.kind in ("city", "country", "admin1"):
                c.label = "GPE"
        out.append(Entity(id="", text=span, start=c.start, end=c.end, label=c.label, canonical=canonical,
                          geo=geo, role=c.role if c.label in ("GPE", "LOC") else None))
    _canonicalise(out, text)
    for i, e in enumerate(out, start=1):
        e.id = f"n{i}"
    return out


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", name)
                   if w.lower() not in {"for", "the", "of", "and", "on", "in", "de", "al"} and w[0].isupper())


def _surname_owners(persons: list[Entity], full: list[str], starts: dict[str, list[int]]) -> dict[str, str]:
    """``{surname: full name}`` for a surname the article already used alone while
    only one person of that name had been introduced ("Donald Trump ... Trump said
    ... Ivanka Trump ... Trump's plan"): a writer who goes on to name a second
    Trump keeps the bare name for the first and gives the second a first name
    each time. A surname first used alone after two of its bearers were named
    has no owner ("Gary Johnson ... Jeh Johnson ... Johnson said": the one named
    last, as before)."""
    owners: dict[str, str] = {}
    decided: set[str] = set()
    for e in sorted(persons, key=lambda x: x.start):
        toks = e.canonical.split()
        if len(toks) != 1 or toks[0] in decided:
            continue
        bearers = [f for f in full if len(f.split()) > 1 and f.split()[-1] == toks[0] and min(starts[f]) < e.start]
        if not bearers:
            continue  # a headline's bare name, before anyone is introduced
        decided.add(toks[0])
        if len(bearers) == 1:
            owners[toks[0]] = bearers[0]
    return owners


def _canonicalise(ents: list[Entity], text: str | None = None) -> None:
    """Short forms to the fullest form used in the article (``text``, when
    given, lets an honorific choose between two bearers of a surname)."""
    persons = [e for e in ents if e.label == "PERSON"]
    # ties go to the name mentioned most, then first (never to set order: records must be reproducible)
    counts = Counter(e.canonical for e in persons)
    # the full form used most wins ("Hillary Clinton" over one "Crooked Hillary Clinton" in a quoted
    # tweet), then the longer one
    full = sorted(counts, key=lambda s: (-counts[s], -len(s.split())))
    starts: dict[str, list[int]] = {}
    for e in persons:
        starts.setdefault(e.canonical, []).append(e.start)
    owners = _surname_owners(persons, full, starts)
    for e in persons:
        toks = e.canonical.split()
        longer = [f for f in full if len(f.split()) > len(toks) and f.split()[-len(toks):] == toks
                  and (len(toks) == 1 or counts[f] >= counts[e.canonical])]  # no "Crooked" for a full name
        if longer and len(toks) == 1 and text is not None:
            # "Mrs. Clinton" is not Bill Clinton: an honorific picks the bearers of its gender
            g = honorific_before(text, e.start)
            if g:
                longer = [f for f in longer if first_name_gender(f) in (None, g)] or longer
        if longer:
            # a surname two people share ("Johnson"): the one named last before it
            before = [f for f in longer if min(starts[f]) < e.start]
            if len(toks) == 1 and len(before) > 1 and owners.get(toks[0]) in before:
                e.canonical = owners[toks[0]]
            elif len(toks) == 1 and len(before) > 1:
                e.canonical = max(before, key=lambda f: max(x for x in starts[f] if x < e.start))
            elif len(toks) == 1 and before:
                e.canonical = before[0]  # the only bearer named so far, not one the article names later
            else:
                e.canonical = longer[0]
        else:
            # a name that opens exactly one fuller name: a family name written first ("Li" for
            # "Li Wei"), or a first name ("Yusuf" for "Yusuf Ahmed")
            firsts = [f for f in full if len(toks) == 1 and len(f.split()) > 1 and f.split()[0] == toks[0]]
            if len(firsts) == 1:
                e.canonical = firsts[0]
    orgs = [e for e in ents if e.label == "ORG"]
    org_counts = Counter(e.canonical for e in orgs if len(e.canonical.split()) >= 2)
    longs = sorted(org_counts, key=lambda s: -org_counts[s])
    for e in orgs:
        c = e.canonical
        if re.fullmatch(r"[A-Z][A-Z.]{1,7}", c):
            for lf in longs:
                if _initials(lf) == c.replace(".", ""):
                    e.canonical = lf
                    break
            continue
        for lf in longs:
            rest = lf[len(c):].strip().lower() if lf.startswith(c + " ") else ""
            if rest and all(w in ORG_WORDS for w in rest.split()):
                e.canonical = lf
                break


def canonical_for(an, start: int, end: int) -> str | None:
    """The canonical name of the entity overlapping [start, end) the most."""
    best, best_ov = None, 0
    for e in an.entities:
        ov = min(end, e.end) - max(start, e.start)
        if ov > best_ov:
            best, best_ov = e, ov
    return best.canonical if best else None
