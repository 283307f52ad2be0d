"""Conflict events: ACLED type/sub-type, place, date, actors, fatalities; the ACLED CSV rows."""

from __future__ import annotations

import csv
import io

import pytest

from reportedly.export.acled import ACLED_COLUMNS, COLUMNS, acled_csv, acled_rows
from reportedly.extract.events import extract_events
from reportedly.extract.quantities import extract_quantities
from reportedly.model import Document, Entity, Geo, TimeRef
from reportedly.pipeline import Analysis


def _analysis(nlp, text, entities=(), times=()):
    """An Analysis with hand-made places and times: the event logic alone."""
    an = Analysis(document=Document(id="t", text=text), parse_text=text, sdoc=nlp(text))
    an.entities = list(entities)
    an.times = list(times)
    an.quantities = extract_quantities(an)
    return an


def _place(text, name, lat, lon, cc, prec=1, role=None, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    e = Entity(id=f"x{start}", text=name, start=start, end=start + len(name), label="GPE", canonical=name,
               geo=Geo(lat=lat, lon=lon, country=cc, geo_precision=prec))
    if role is not None and hasattr(e, "role"):
        e.role = role
    return e


def _time(text, phrase, date, precision="day"):
    s = text.index(phrase)
    return TimeRef(id=f"t{s}", text=phrase, start=s, end=s + len(phrase), date=date, precision=precision, basis="relative")


def test_event_logic_with_given_places_and_times(nlp):
    text = ("Washington said on Thursday that Russian forces shelled the centre of Kharkiv on Tuesday, "
            "killing at least four civilians and wounding 17 others. The strike damaged 12 buildings.")
    an = _analysis(nlp, text,
                   entities=[_place(text, "Washington", 38.9, -77.04, "US", role="government"),
                             _place(text, "Kharkiv", 49.98, 36.25, "UA")],
                   times=[_time(text, "on Thursday", "2024-02-15"), _time(text, "on Tuesday", "2024-02-13")])
    (ev,) = extract_events(an)
    assert (ev.type, ev.sub_type) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert ev.text == "shelled"
    assert ev.place.name == "Kharkiv" and ev.place.country == "UA"  # not the speaker "Washington"
    assert ev.date == "2024-02-13" and ev.date_precision == "day"  # not the reporting date
    assert (ev.fatalities.low, ev.fatalities.best, ev.fatalities.high) == (4, 4, None)
    assert "Military Forces of Russia" in ev.actors and "Civilians" in ev.actors
    assert set(ev.figures) == {q.id for q in an.quantities}  # the follow-up sentence is folded in


def test_article_main_place_when_sentence_has_none(nlp):
    text = "Fighting raged around Bakhmut all week. Clashes continued into the night, officials said."
    an = _analysis(nlp, text, entities=[_place(text, "Bakhmut", 48.59, 38.0, "UA")])
    evs = extract_events(an)
    assert len(evs) == 1 and evs[0].place.name == "Bakhmut"


@pytest.mark.parametrize(
    "text, published, etype, sub",
    [
        ("Fighting between the army and the Rapid Support Forces in El Fasher killed more than 30 people on Saturday, "
         "a charity said.", "2024-05-20", "Battles", "Armed clash"),
        ("Sudan's army recaptured the town of Wad Madani from the Rapid Support Forces on Saturday, the army said.",
         "2025-01-13", "Battles", "Government regains territory"),
        ("M23 rebels seized control of Goma on Monday after days of fighting, the United Nations said.",
         "2025-01-28", "Battles", "Non-state actor overtakes territory"),
        ("An Israeli air strike on a house in Khan Younis on Wednesday killed 14 people, the health ministry said.",
         "2023-11-09", "Explosions/Remote violence", "Air/drone strike"),
        ("A roadside bomb struck a bus near Deir ez-Zor on Monday, killing at least 23 soldiers, state media said.",
         "2023-08-15", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ("Gunmen abducted 287 pupils from a school in Kaduna state on Thursday, officials said.",
         "2024-03-09", "Violence against civilians", "Abduction/forced disappearance"),
        ("Security forces fired tear gas and live ammunition at protesters in Khartoum on Monday, killing seven.",
         "2022-01-18", "Protests", "Excessive force against protesters"),
        ("Thousands of people rallied peacefully in Tbilisi on Saturday against the government.",
         "2024-12-01", "Protests", "Peaceful protest"),
        ("Ethiopia's government and Tigrayan forces agreed to a cessation of hostilities in Pretoria on Wednesday.",
         "2022-11-03", "Strategic developments", "Agreement"),
    ],
)
def test_types(analyze, text, published, etype, sub):
    rec = analyze(text, published=published)
    assert rec.events, "no event found"
    ev = rec.events[0]
    assert (ev.type, ev.sub_type) == (etype, sub)
    assert ev.id == "e1" and text[ev.start: ev.end] == ev.text


def test_place_and_date_through_the_pipeline(analyze):
    rec = analyze("Russian forces shelled the centre of Kharkiv on Tuesday, killing at least four civilians, "
                  "the regional governor said on Thursday.", published="2024-02-15")
    (ev,) = rec.events
    assert ev.place.name and abs(ev.place.lat - 49.98) < 0.3 and abs(ev.place.lon - 36.25) < 0.3
    assert ev.date == "2024-02-13"
    assert ev.fatalities.best == 4
    assert ev.figures == [q.id for q in rec.quantities if q.value == 4]


def test_washington_said_is_not_the_place(analyze):
    rec = analyze("Washington said the missile strike on Odesa on Wednesday destroyed 60,000 tonnes of grain.",
                  published="2023-07-20")
    (ev,) = rec.events
    assert ev.place.name != "Washington" and ev.place.country != "US"


def test_not_conflict_and_hypothetical(analyze):
    rec = analyze("More than 5,300 people were feared dead after floods swept the city on Sunday. "
                  "The army will likely struggle to carry out additional offensives, analysts said.",
                  published="2023-09-14")
    assert rec.events == []


def test_nothing_from_boilerplate(analyze):
    text = ("Ukraine has vowed to keep up its defense of the city.\n\n"
            "Related article: Drone Strike Kills 5 in Kherson\n\n"
            "AFP contributed reporting.\n")
    rec = analyze(text)
    for ev in rec.events:
        assert not any(b.start < ev.end and ev.start < b.end for b in rec.boilerplate)


def test_event_claims(analyze):
    rec = analyze("The health ministry said an air strike on Rafah killed 14 people on Wednesday.", published="2023-11-09")
    (ev,) = rec.events
    holders = [c.id for c in rec.claims if c.content.start <= ev.start < c.content.end]
    assert ev.claims == holders


def test_acled_rows_and_csv(analyze):
    rec = analyze("Russian forces shelled the centre of Kharkiv on Tuesday, killing at least four civilians, "
                  "the regional governor said.", published="2024-02-15", outlet="Example Wire")
    rows = acled_rows(rec)
    assert len(rows) == len(rec.events) == 1
    row = rows[0]
    assert list(row) == COLUMNS and set(ACLED_COLUMNS) <= set(row)
    assert row["event_date"] == "2024-02-13" and row["time_precision"] == 1
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["actor1"] == "Military Forces of Russia"
    assert row["country"] == "Ukraine" and row["location"]
    assert row["fatalities"] == 4 and row["fatalities_low"] == 4 and row["fatalities_high"] == ""
    assert row["source"].startswith("Example Wire")
    assert "shelled the centre of Kharkiv" in row["notes"]
    assert row["doc_id"] == rec.document.id
    parsed = list(csv.DictReader(io.StringIO(acled_csv(rec))))
    assert len(parsed) == 1 and parsed[0]["event_date"] == "2024-02-13" and parsed[0]["claim_ids"] == row["claim_ids"]


def test_acled_undated_event_uses_publication_week(analyze):
    rec = analyze("Fighting raged around Bakhmut, Ukrainian officials said.", published="2023-03-07")
    rows = acled_rows(rec)
    assert rows and rows[0]["event_date"] == "2023-03-07" and rows[0]["time_precision"] == 2


ARTICLE = """KYIV, Aug 14 (Wire) - Russian drones and missiles struck the southern city of Odesa overnight, killing at least three people and wounding 11, including a 7-year-old boy, regional governor Oleh Kiper said on Wednesday.

Ukraine's air force said it had downed 25 of the 38 Shahed drones launched by Russia, along with two Kh-59 guided missiles.

Ukraine's General Staff said Moscow had lost more than 600,000 troops since February 2022. Western officials have put the ratio of losses at closer to 2:1.

In Washington, the Pentagon announced a $125 million package of 155mm artillery rounds and HIMARS ammunition.
"""


def test_wire_article(analyze):
    rec = analyze(ARTICLE, published="2024-08-14")
    evs = rec.events
    # one attack: the interception sentence folds in; no event from the weapons package or in Washington
    assert len(evs) == 1, [(e.type, e.text, e.place.name) for e in evs]
    ev = evs[0]
    assert ev.type == "Explosions/Remote violence"
    assert ev.place.name != "Kyiv"  # the dateline is where the story was filed, not where it happened
    assert ev.place.country != "RU"  # "launched by Russia" names a party, not a place
    assert ev.fatalities.best == 3
    qs = {q.text: q for q in rec.quantities}
    assert qs["more than 600,000"].side == "Russia" and qs["more than 600,000"].scope == "cumulative"
    assert qs["2:1"].kind == "ratio" and qs["2:1"].value == 2
    assert "$125 million" in qs and "155" not in " ".join(qs) and not any("7" == q.text for q in rec.quantities)


def test_sentence_without_a_verb_root_finishes(analyze):
    """A headline-like sentence whose root is a noun once looped forever (token identity)."""
    import signal

    def boom(*_):
        raise TimeoutError("extractors did not finish")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(30)
    try:
        rec = analyze("Deadly airstrike on a market in Gaza on Monday.\n\nShelling near Bakhmut on Tuesday.",
                      published="2024-03-06")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert rec.events
