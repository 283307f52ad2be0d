"""Conflict events in the ACLED taxonomy.

One event per sentence at most, from trigger words (most specific first); a
sentence with no place of its own that continues an event of the same type
("The strike damaged a school") is folded into that event. Place comes from
the geocoded entities of the same sentence (never a speaker: "Washington
said"), else the previous event's or the article's main place; date from the
time expressions of the same sentence that do not date the reporting ("said
on Monday"); fatalities from the linked casualty figures.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Event, EventPlace, Fatalities
from ..parsed import doc_text

BAT, EXP, VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"
PRO, RIO, STR = "Protests", "Riots", "Strategic developments"

_NONSTATE = re.compile(
    r"\b(?:rebels?|insurgents?|militants?|jihadists?|militias?|militiamen|gunmen|fighters|separatists?|alliance|"
    r"group|front|movement|brotherhood|M23|RSF|Rapid Support Forces|Houthis?|al-Shabaab|Shabaab|Boko Haram|"
    r"Islamic State|ISIS|IS|ISWAP|Hamas|Hezbollah|Fano|Arakan Army|Kachin|Karen|Tuareg|ADF|Wagner|"
    r"National Democratic Alliance Army|People's Defence Force|PDF|JNIM|HTS|Hayat Tahrir)\b", re.I)
_STATE = re.compile(r"\b(?:army|military|troops|soldiers|forces|government|junta|police|navy|air force|"
                    r"national guard|warplanes|jets)\b", re.I)
_CIVIL = re.compile(r"\b(?:civilians?|villagers?|residents?|worshippers|children|women|farmers|displaced people|"
                    r"aid workers|patients|students|passengers|herders)\b", re.I)
_PROTESTERS = re.compile(r"\b(?:protesters?|demonstrators?|crowds?|rioters?|mobs?|marchers)\b", re.I)

# (pattern, type, sub_type); earlier rows win within a sentence
_TRIGGERS: list[tuple[re.Pattern, str, str]] = [
    (r"suicide (?:bomb(?:er|ers|ing|ings)?|attack(?:er|ers|s)?|car bomb)", EXP, "Suicide bomb"),
    (r"chemical (?:weapons?|attack)|chlorine gas|sarin|nerve agent", EXP, "Chemical weapon"),
    (r"car bombs?|roadside bombs?|improvised explosive(?: devices?)?|\bIEDs?\b|land ?mines?|booby[- ]trap\w*|"
     r"explosive devices?", EXP, "Remote explosive/landmine/IED"),
    (r"grenades?", EXP, "Grenade"),
    (r"air ?strikes?|airstrikes?|air raids?|drone (?:strikes?|attacks?)|drones? (?:hit|struck|attacked)|"
     r"warplanes?|fighter jets?|jets? (?:struck|bombed|hit)|aerial bombardment|barrel bombs?|bombed|"
     r"helicopter gunships?|(?:struck|hit|pounded|targeted)\b[^.]{0,60}\b(?:from the air|with drones)", EXP, "Air/drone strike"),
    (r"shell(?:ed|ing|s)\b|artillery|missile (?:strikes?|attacks?)|missiles?|rockets?|mortars?|bombardments?|"
     r"shelling|multiple rocket launchers?", EXP, "Shelling/artillery/missile attack"),
    (r"seized power|coup(?: d'[ée]tat)?|mutin\w+", STR, "Other"),
    (r"(?:released|freed|exchanged|swapped) (?:\d+ |[a-z]+ )?(?:\w+ )?(?:hostages|prisoners|captives|detainees)|"
     r"prisoner (?:swap|exchange)", STR, "Agreement"),
    (r"massacr\w+|executed|executions?|abduct\w*|kidnapp?\w*|raped|rapes?|sexual violence|behead\w*|"
     r"burned alive|(?:took|taken|seized|holding) (?:\w+ )?hostages?", VAC, "Attack"),
    (r"(?:re)?(?:took|taken|taking) (?:full |complete )?control|(?:re)?captur(?:ed|ing)|recaptur\w+|(?:re)?seiz(?:ed|ing)(?: control)?|"
     r"retook|regained(?: control)?|liberated|took back|reclaimed|overran|fell to|taken over|took over|"
     r"(?:re)?gained control|(?:took|taken) (?:the |full |complete )?(?:[\w-]+ ){0,2}(?:towns?|city|cities|villages?|positions?|outposts?)",
     BAT, "territory"),
    (r"withdr[ae]w\w*|pulled out|handed over|withdrawal", STR, "Non-violent transfer of territory"),
    (r"riot\w*|torched|set (?:\w+ )?(?:on )?fire|stormed|looted|looting|ransacked|lynch\w*|mob", RIO, "riot"),
    (r"protest\w*|demonstrat(?:ion|ions|ors|ed|ing)|rall(?:y|ies|ied)|march(?:ed|es|ing)|sit-ins?|strikers|"
     r"dispers(?:e|ed|ing)", PRO, "protest"),
    (r"clash\w*|fighting|fought|battles?|battled|gunfights?|firefights?|ambush\w*|offensives?|assaults?|"
     r"exchange of fire|skirmish\w*|attacked (?:a |an |the )?(?:[\w-]+ )?(?:military|army|government|base|checkpoint|positions?|convoy|patrol|garrison|outposts?)|"
     r"repelled|counter-?attack\w*|raids?|stormed", BAT, "Armed clash"),
    (r"ceasefire|cease-fire|truce|peace (?:deal|agreement|accord)|agreements?|agreed|signed|accords?|"
     r"cessation of hostilities", STR, "Agreement"),
    (r"(?:set up|established|opened) (?:a |an |its )?(?:new )?(?:military )?(?:base|headquarters|outpost)", STR,
     "Headquarters or base established"),
    (r"arrested|detained|arrests", STR, "Arrests"),
    (r"shot down|intercepted|downed|air defen[cs]es? (?:destroyed|repelled)", STR, "Disrupted weapons use"),
    (r"explosions?|blasts?|exploded|detonated", EXP, "explosion"),
    (r"killed|killing|shot dead|gunned down|opened fire|attacked|attacks?|strikes?|struck|died|dead", "", "generic"),
    (r"\bmet\b|meeting|talks|summit", STR, "Other"),
]
_TRIGGERS = [(re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.I), t, s) for p, t, s in _TRIGGERS]

_SPEECH_LEMMAS = {"say", "tell", "report", "announce", "claim", "add", "state", "confirm", "note", "write",
                  "post", "accuse", "warn", "allege", "deny", "insist", "cite", "quote", "blame", "condemn",
                  "urge", "call", "vow", "pledge", "put", "estimate"}
_MILITARY_NOUN = re.compile(r"\b(?:forces|troops|army|military|soldiers|warplanes|jets|navy|air force|artillery|"
                            r"drones|gunboats|police|security forces)\b", re.I)


_VICTIM_CIVIL = re.compile(_CIVIL.pattern[:-3] + r"|people|persons|villages?|markets?|camps?|schools?|hospitals?|"
                           r"mosques?|churches|church|weddings?|funerals?|crowds?|homes?|houses?|family|families)\b", re.I)
_COMBATANT = re.compile(r"\b(?:soldiers|troops|fighters|militants|rebels|servicemen|combatants|gunmen|insurgents|"
                        r"positions|base|convoy|patrol|militiamen|jihadists|gendarmerie|gendarmes|police|military|"
                        r"army|barracks|checkpoints?)\b", re.I)
_NOT_CONFLICT = re.compile(r"\b(?:floods?|flooding|earthquakes?|storms?|cyclones?|hurricanes?|landslides?|"
                           r"(?:road|traffic|car|plane) (?:accident|crash)|cholera|outbreak|epidemic)\b", re.I)
_CUMULATIVE = re.compile(r"\bsince (?:the (?:war|start|beginning|invasion|conflict|offensive)|it began)|\bso far\b|"
                         r"\bto date\b|\bin total\b", re.I)
_NEW_EVENT = re.compile(r"^\W*(?:Separately|Elsewhere|Meanwhile|In (?:a |another )?separate|In another|"
                        r"Also on \w+day|In a second)\b", re.I)
_WEAK = {"generic", "Arrests", "Other", "Disrupted weapons use", "explosion"}


def _victim(sdoc, start: int, end: int) -> str:
    """The object of a trigger verb ("killed 30 people") or its passive subject."""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return ""
    verb = span.root
    objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if objs:
        return " ".join(sdoc[o.left_edge.i: o.right_edge.i + 1].text for o in objs)
    # a parse without an object: the words right after the trigger, up to a preposition or comma
    tail = doc_text(sdoc)[end: end + 80]
    m = re.match(r"(.*?)(?:\s(?:in|on|at|near|outside|during|when|after|with|over)\s|[,.;](?!\d)|$)", tail)
    return m.group(1) if m else ""


def _sub_type(kind: str, typ: str, sent: str, subject: str, victim: str = "") -> tuple[str, str]:
    if kind == "territory":
        if re.search(r"\b(?:withdr[ae]w\w*|withdrawal|handed over|handover|hand-over|departure|pulled out|vacated)\b", sent, re.I) \
                and re.search(r"\b(?:peacekeep\w*|U\.?N\.?|mission|handover|handed over|agreement|deal|accord)\b", sent) \
                and not re.search(r"\b(?:fight\w*|clash\w*|attack\w*|battle\w*|killed|assault\w*|shell\w*)\b", sent, re.I):
            return STR, "Non-violent transfer of territory"
        if re.search(r"\b(?:re(?:took|captur\w*|gained|claimed|seized)|took back|liberated)", sent, re.I) and not _NONSTATE.search(subject):
            return BAT, "Government regains territory"
        if _NONSTATE.search(subject) or not _STATE.search(subject):
            return BAT, "Non-state actor overtakes territory"
        return BAT, "Government regains territory"
    if kind == "riot":
        if not _PROTESTERS.search(sent) and not re.search(r"\briot", sent, re.I):
            if re.search(r"\b(?:loot\w*|ransack\w*|torched|set (?:\w+ )?(?:on )?fire|burn\w*|plunder\w*)", sent, re.I):
                return STR, "Looting/property destruction"
            return BAT, "Armed clash"
        return RIO, "Mob violence" if re.search(r"\bmobs?\b|lynch", sent, re.I) else "Violent demonstration"
    if kind == "protest":
        if re.search(r"live (?:ammunition|rounds|fire)|opened fire|shot dead|killing|killed", sent, re.I):
            return PRO, "Excessive force against protesters"
        if re.search(r"tear ?gas|dispers\w+|water cannon|rubber bullets|arrest\w*|detain\w*|beat\w*|batons?", sent, re.I):
            return PRO, "Protest with intervention"
        return PRO, "Peaceful protest"
    if typ == VAC and re.search(r"abduct|kidnap|hostage", sent, re.I):
        return VAC, "Abduction/forced disappearance"
    if typ == VAC and re.search(r"rape|sexual violence", sent, re.I):
        return VAC, "Sexual violence"
    if kind == "explosion":
        if re.search(r"\b(?:rockets?|missiles?|shells?|mortars?|artillery)\b", sent, re.I):
            return EXP, "Shelling/artillery/missile attack"
        if re.search(r"\b(?:drones?|air ?strikes?|warplanes?|jets?)\b", sent, re.I):
            return EXP, "Air/drone strike"
        return EXP, "Remote explosive/landmine/IED"
    if kind == "generic":
        if re.search(r"\b(?:strikes?|struck)\b", sent, re.I) and not re.search(r"\b(?:hunger|general) strike", sent, re.I):
            return EXP, "Shelling/artillery/missile attack"
        if victim and _VICTIM_CIVIL.search(victim) and not _COMBATANT.search(victim):
            return VAC, "Attack"
        if not victim and _CIVIL.search(sent) and not _COMBATANT.search(sent):
            return VAC, "Attack"
        return BAT, "Armed clash"
    return typ, kind


_SUPPLY = re.compile(r"\b(?:packages?|aid|suppl(?:y|ies|ied)|deliver\w*|shipments?|pledg\w*|donat\w*|provid\w*|"
                     r"send|sent|purchas\w*|buy|bought|sales?|sell|produc\w*|manufactur\w*|stockpiles?|"
                     r"ammunition|rounds)\b", re.I)
_ATTACK = re.compile(r"\b(?:hit|struck|strikes?|killed|killing|fired|firing|launched|launching|"
                     r"attack\w*|pounded|shelled|targeted|wounded|injured|damaged|destroyed)\b", re.I)
_WEAPON_TRIGGER = re.compile(r"missiles?|rockets?|artillery|mortars?|drones?|shells|grenades?|warplanes?|"
                             r"fighter jets?", re.I)
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w .]*?)?(?:,|\s+-|\s+—|\s+\()")
_HYPOTHETICAL = re.compile(
    r"\b(?:will|would|could|may|might|can|cannot|should)\s+(?:[\w-]+\s+){0,3}$|"
    r"\b(?:capacity|ability|plans?|planned|planning|threat(?:ened|ens)?|vow(?:ed|s)?|pledg(?:ed|es)|intends?|aims?|"
    r"tr(?:y|ied|ies)|seeks?|sought|wants?|prepar\w+|able|likely|expected|struggle|ready)\s+(?:\w+\s+){0,2}?to\s+"
    r"(?:[\w-]+\s+){0,3}$", re.I)


_ANY_TRIGGER = re.compile("|".join(f"(?:{rx.pattern})" for rx, _, _ in _TRIGGERS), re.I)


def _trigger(sent_text: str):
    """The most specific trigger in a sentence: (match, type, kind)."""
    if not _ANY_TRIGGER.search(sent_text):  # most sentences have none: one scan instead of one per pattern
        return None
    for rx, typ, kind in _TRIGGERS:
        for m in rx.finditer(sent_text):
            if _HYPOTHETICAL.search(sent_text[max(0, m.start() - 50): m.start()]):
                continue
            if re.search(r"\b(?:not|no|never|without|denied)\s+(?:[\w-]+\s+){0,2}$", sent_text[max(0, m.start() - 40): m.start()], re.I):
                continue  # "not linked to fighting", "no clashes"
            if _WEAPON_TRIGGER.fullmatch(m.group(0)) and _SUPPLY.search(sent_text) and not _ATTACK.search(sent_text):
                continue  # weapons delivered or announced, not used
            if kind == "generic" and re.fullmatch(r"attacks?", m.group(0), re.I) and re.search(r"\bin response to\b", sent_text[: m.start()], re.I):
                continue
            return m, typ, kind
    return None


def _subject_text(sdoc, start: int, end: int) -> str:
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return ""
    tok = span.root
    verb = tok
    for _ in range(4):  # a noun trigger ("the battle for Bakhmut"): the verb it hangs from
        if verb.pos_ in ("VERB", "AUX") or verb.dep_ in ("nsubj", "nsubjpass") or verb.head.i == verb.i:
            break
        verb = verb.head
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
    if not subj and tok.pos_ in ("NOUN", "PROPN"):
        subj = [c for c in tok.children if c.dep_ in ("compound", "amod", "poss")]
    x = verb
    for _ in range(6):  # a participle or clause without a subject: the nearest governing verb's
        if subj or x.head.i == x.i or x.head.lemma_ in _SPEECH_LEMMAS:
            break
        x = x.head
        if x.pos_ in ("VERB", "AUX"):
            subj = [c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")]
    return " ".join(sdoc[s.left_edge.i: s.right_edge.i + 1].text for s in subj)


_FORCE_LEMMAS = {"soldier", "troop", "force", "army", "military", "warplane", "jet", "drone", "artillery", "navy",
                 "police", "serviceman", "paratrooper", "marine", "commander", "unit", "battalion", "brigade"}


def _country_of(word: str) -> str | None:
    from .quantities import party

    return party(word)


def _actors(an, sents, subject: str, typ: str) -> list[str]:
    actors: list[str] = []

    def add(a):
        if a and a not in actors:
            actors.append(a)

    def forces(country: str, phrase: str) -> str:
        kind = "Police Forces" if re.search(r"police|security forces", phrase, re.I) else "Military Forces"
        return f"{kind} of {country}"

    # the subject first: "Russian forces", "Russia", "Moscow's forces"
    if subject and not _NONSTATE.search(subject):
        words = re.findall(r"[A-Za-z.'’]+", subject)
        country = next((c for c in map(_country_of, words) if c), None)
        if country and (_MILITARY_NOUN.search(subject) or typ in (BAT, EXP) and len(words) <= 2):
            add(forces(country, subject))
    elif subject and _NONSTATE.search(subject):
        named = [e for e in an.entities if e.label == "ORG" and e.text in subject and _NONSTATE.search(e.canonical or e.text)]
        add(named[0].canonical if named else re.sub(r"^(?:the|The|Suspected|suspected)\s+", "", subject))
    for sent in sents:
        for tok in sent:
            if tok.dep_ in ("amod", "compound", "poss", "nmod") and tok.head.lemma_.lower() in _FORCE_LEMMAS:
                country = _country_of(tok.text)
                if country:
                    add(forces(country, tok.head.text))
        for e in an.entities:
            if sent.start_char <= e.start < sent.end_char and e.label == "ORG" and _NONSTATE.search(e.canonical or e.text):
                add(e.canonical or e.text)
    text = " ".join(s.text for s in sents)
    if typ == VAC or (typ == EXP and _CIVIL.search(text)):
        add("Civilians")
    if typ in (PRO, RIO):
        add("Protesters" if typ == PRO else "Rioters")
    return actors


def _speaker_spans(an) -> list[tuple[int, int]]:
    # claim sources are speakers; a "source" longer than a name is a mis-parse upstream, not a speaker
    spans = [(c.source.start, c.source.end) for c in an.claims
             if c.source is not None and c.source.end - c.source.start <= 60]
    for tok in an.sdoc:
        if tok.dep_ in ("nsubj",) and tok.head.lemma_ in _SPEECH_LEMMAS:
            spans.append((tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)))
    return spans


_LOCATIVE = re.compile(r"(?:\b(?:in|near|at|outside|around|on|into|toward|towards|across)\s+(?:the\s+)?"
                       r"(?:[\w-]+\s+){0,4}|\b(?:towns?|city|cities|villages?|port|region|province|state|district|capital|"
                       r"outskirts|suburbs?|camps?) of\s+)$", re.I)


def _is_actor(an, e) -> bool:
    """A place name used for a party, not a location: "launched by Russia", "Russia's ministry"."""
    span = an.sdoc.char_span(e.start, e.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ in ("poss", "nsubj", "nsubjpass"):
        return True
    return root.dep_ == "pobj" and root.head.lower_ == "by"


def _dateline_end(an) -> int:
    m = _DATELINE.match(an.parse_text[:120])
    return m.end() if m else 0


def _place(an, sent, trig_start: int, speakers) -> EventPlace | None:
    dateline = _dateline_end(an)
    cands = [e for e in an.entities if e.geo is not None and sent.start_char <= e.start < sent.end_char
             and e.start >= dateline and getattr(e, "role", None) != "government"
             and not any(s <= e.start and e.end <= t for s, t in speakers) and not _is_actor(an, e)]
    if not cands:
        return None
    # after a locative preposition first, then towns before regions before countries, then nearest the trigger
    text = an.parse_text

    def rank(e):
        loc = bool(_LOCATIVE.search(text[max(sent.start_char, e.start - 40): e.start]))
        return (not loc, e.geo.geo_precision if e.geo.geo_precision else 3, abs(e.start - trig_start))

    best = min(cands, key=rank)
    return _to_place(best)


def _to_place(e) -> EventPlace:
    g = e.geo
    return EventPlace(name=e.canonical or e.text, lat=g.lat, lon=g.lon, country=g.country, admin1=g.admin1,
                      geo_precision=g.geo_precision)


def _main_place(an, speakers) -> EventPlace | None:
    dateline = _dateline_end(an)
    ents = [e for e in an.entities if e.geo is not None and not an.in_boilerplate(e.start, e.end)
            and getattr(e, "role", None) != "government" and e.start >= dateline and not _is_actor(an, e)
            and not any(s <= e.start and e.end <= t for s, t in speakers)]
    if not ents:
        return None
    counts = Counter((e.canonical or e.text) for e in ents)
    best = min(ents, key=lambda e: (e.geo.geo_precision or 3, -counts[e.canonical or e.text], e.start))
    return _to_place(best)


def _date(an, sent, trig_start: int):
    """The time of the sentence that dates the event (not the reporting)."""
    best = None
    for t in an.times:
        if not (sent.start_char <= t.start < sent.end_char) or not t.date or t.precision in ("duration", "unknown"):
            continue
        if (getattr(t, "end_date", None) or re.match(r"(?:since|from|until|till)\b", t.text, re.I)) and \
                t.precision not in ("day", "part-of-day"):
            continue  # "since August" dates a campaign, not this event; "since Saturday" dates its start
        span = an.sdoc.char_span(t.start, t.end, alignment_mode="expand")
        if span is not None:
            head = span.root.head
            while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
                head = head.head
            if head.lemma_ in _SPEECH_LEMMAS:
                continue
        if best is None or abs(t.start - trig_start) < abs(best.start - trig_start):
            best = t
    if best is None:
        return None, None
    prec = "day" if best.precision == "part-of-day" else best.precision
    return best.date, prec


_WAR_TOTAL = re.compile(r"since the (?:war|start|beginning|invasion|conflict|offensive)|so far|to date|in total", re.I)


def _fatalities(quantities, text: str, first_sentence, sdoc=None) -> Fatalities:
    """The event's toll: the first killed figure that is not a running total
    (a toll "since Saturday" in the event's own sentence still counts)."""
    killed = [q for q in quantities if q.about == "killed" and q.kind in ("count", "bound", "range", "vague")
              and not q.same_as]
    killed = [q for q in killed if q.scope != "cumulative" or (
        first_sentence.start_char <= q.start < first_sentence.end_char and not _WAR_TOTAL.search(first_sentence.text))]
    if not killed:
        return Fatalities()
    own = [q for q in killed if not _in_other_event_clause(sdoc, q)] if sdoc is not None else killed
    q = (own or killed)[0]
    return Fatalities(low=q.low, best=q.best, high=q.high)


def _in_other_event_clause(sdoc, q) -> bool:
    """A figure inside "a day after a drone killed one man": another, earlier event's toll."""
    span = sdoc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return False
    for tok in span.root.ancestors:
        if tok.dep_ in ("advcl", "pcomp", "pobj", "prep") and any(
            c.dep_ in ("mark", "advmod", "prep") and c.lower_ in ("after", "before", "following") for c in tok.children
        ):
            return True
        if tok.lower_ in ("after", "before", "following") and tok.dep_ in ("prep", "mark"):
            return True
    return False


def extract_events(an) -> list[Event]:
    if an.sdoc is None:
        return []
    speakers = _speaker_spans(an)
    main = None
    events: list[Event] = []
    ev_sents: list[list] = []
    subjects: list[str] = []
    own: list[bool] = []  # whether each event's place is named in its own sentences
    for sent in an.sdoc.sents:
        if an.in_boilerplate(sent.start_char, sent.end_char) or not sent.text.strip():
            continue
        found = _trigger(sent.text)
        if found is None:
            continue
        m, typ, kind = found
        if kind in ("generic", "explosion") and (_NOT_CONFLICT.search(sent.text) or _CUMULATIVE.search(sent.text)):
            continue
        start, end = sent.start_char + m.start(), sent.start_char + m.end()
        subject = _subject_text(an.sdoc, start, end)
        typ, sub = _sub_type(kind, typ, sent.text, subject, _victim(an.sdoc, start, end))
        place = _place(an, sent, start, speakers)
        date, prec = _date(an, sent, start)
        prev = events[-1] if events else None
        fresh = bool(_NEW_EVENT.match(sent.text))
        prev_own = bool(own) and own[-1]
        same_place = place is not None and prev is not None and prev_own and place.name == prev.place.name
        dates_agree = prev is None or date is None or prev.date is None or date == prev.date
        if prev is not None and not fresh and (
            ((kind in _WEAK or sub in _WEAK) and (place is None or same_place))
            or (prev.type == typ and (place is None or (same_place and dates_agree) or (not prev_own and dates_agree)))
        ):
            ev_sents[-1].append(sent)
            if place is not None and not prev_own:  # the continuation names the place the first sentence lacked
                prev.place, own[-1] = place, True
            if prev.date is None and date:
                prev.date, prev.date_precision = date, prec
            continue
        own.append(place is not None)
        if place is None:
            if prev is not None and prev.place.name and not fresh:
                place = prev.place
            else:
                main = main or _main_place(an, speakers) or EventPlace()
                place = main
        ev = Event(id=f"e{len(events) + 1}", type=typ, sub_type=sub, text=an.text[start:end], start=start, end=end,
                   place=place, date=date, date_precision=prec)
        subjects.append(subject)
        events.append(ev)
        ev_sents.append([sent])
    for ev, sents, subject in zip(events, ev_sents, subjects):
        ev.actors = _actors(an, sents, subject, ev.type)
        qs = [q for q in an.quantities if any(s.start_char <= q.start < s.end_char for s in sents)]
        ev.figures = [q.id for q in qs]
        ev.fatalities = _fatalities(qs, an.text, sents[0], an.sdoc)
        ev.claims = [c.id for c in an.claims if c.content.start <= ev.start < c.content.end
                     or any(a <= ev.start < b for a, b in c.content.spans or [])]
    return events
