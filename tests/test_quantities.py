"""Figures: values, bounds, ranges, vague amounts, ratios; what they count; traps that are not figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportedly.extract.quantities import VAGUE

SHARED_EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "bakhmut-moscowtimes.txt"


def figures(analyze, text, **meta):
    return analyze(text, **meta).quantities


def one(analyze, text, **meta):
    qs = figures(analyze, text, **meta)
    assert len(qs) == 1, [(q.text, q.value) for q in qs]
    return qs[0]


@pytest.mark.parametrize(
    "text, span, kind, value, low, best, high, approximate",
    [
        ("Officials said 1,200 people were killed.", "1,200", "count", 1200, 1200, 1200, 1200, False),
        ("The war has displaced 1.2 million people.", "1.2 million", "count", 1_200_000, 1_200_000, 1_200_000, 1_200_000, False),
        ("Two dozen fighters were killed in the raid.", "Two dozen", "count", 24, 24, 24, 24, False),
        ("Shelling killed at least 30 civilians.", "at least 30", "bound", 30, 30, 30, None, False),
        ("More than 100 soldiers were wounded.", "More than 100", "bound", 100, 100, 100, None, False),
        ("Up to 50 tanks were destroyed.", "Up to 50", "bound", 50, None, None, 50, False),
        ("Nearly 400 people fled the town.", "Nearly 400", "bound", 400, None, 400, 400, True),
        ("About 60 soldiers were captured.", "About 60", "count", 60, 60, 60, 60, True),
        ("Some 2,000 residents were evacuated.", "Some 2,000", "count", 2000, 2000, 2000, 2000, True),
        ("Roughly 45 villagers were abducted.", "Roughly 45", "count", 45, 45, 45, 45, True),
        ("Between 20 and 30 people were killed.", "Between 20 and 30", "range", None, 20, 20, 30, False),
        ("The blast killed 20 to 30 people.", "20 to 30", "range", None, 20, 20, 30, False),
        ("The blast killed 20-30 people.", "20-30", "range", None, 20, 20, 30, False),
        ("Dozens of people were wounded.", "Dozens", "vague", 12, 12, 24, 99, False),
        ("Hundreds of homes were destroyed.", "Hundreds", "vague", 100, 100, 200, 999, False),
        ("Tens of thousands of people have fled.", "Tens of thousands", "vague", 10_000, 10_000, 20_000, 99_999, False),
        ("Forty-two soldiers were killed.", "Forty-two", "count", 42, 42, 42, 42, False),
        ("A dozen were killed in the raid.", "A dozen", "count", 12, 12, 12, 12, False),
        ("Officials said 2 million euros were stolen.", "2 million euros", "money", 2_000_000, 2_000_000, 2_000_000, 2_000_000, False),
    ],
)
def test_values(analyze, text, span, kind, value, low, best, high, approximate):
    q = one(analyze, text)
    assert text[q.start: q.end] == span == q.text
    assert q.kind == kind
    assert (q.value, q.low, q.best, q.high) == (value, low, best, high)
    assert q.approximate is approximate


def test_vague_table_keeps_acled_conservative_figure_as_low():
    assert VAGUE["dozens"][0] == 12 and VAGUE["hundreds"][0] == 100
    for low, best, high in VAGUE.values():
        assert low <= best <= high


@pytest.mark.parametrize(
    "text, span, unit, about, side",
    [
        ("Russian shelling killed at least four civilians in Kharkiv on Tuesday.", "at least four", "civilians", "killed", "civilians"),
        ("Dozens of Ukrainian soldiers were wounded.", "Dozens", "soldiers", "wounded", "Ukraine"),
        ("The army said 31 soldiers were missing after the ambush.", "31", "soldiers", "missing", None),
        ("Russia has lost 1,090 troops in the past day, Kyiv said.", "1,090", "troops", "casualties", "Russia"),
        ("The death toll rose to 45, officials said.", "45", None, "killed", None),
        ("More than 5,300 people were feared dead after the attack.", "More than 5,300", "people", "killed", None),
        ("Ukraine said 12 Russian tanks were destroyed near Avdiivka.", "12", "tanks", "destroyed", "Russia"),
        ("The fighting has forced 40,000 people to flee since August.", "40,000", "people", "displaced", None),
        ("Gunmen abducted 287 pupils from a school.", "287", "pupils", "abducted", None),
    ],
)
def test_what_is_counted(analyze, text, span, unit, about, side):
    q = next(q for q in figures(analyze, text) if q.text == span)
    assert q.unit == unit
    assert q.about == about
    assert q.side == side


def test_scope_cumulative_and_event(analyze):
    qs = figures(analyze, "A strike on Tuesday killed 12 people. The ministry said 30,000 people had been killed since the war began.")
    by = {q.text: q for q in qs}
    assert by["12"].scope == "event"
    assert by["30,000"].scope == "cumulative"


@pytest.mark.parametrize(
    "text, value, compared",
    [
        ("Russia has lost approximately five soldiers for every Ukrainian soldier killed, officials said.", 5, ["Russia", "Ukraine"]),
        ("Commanders put the loss ratio at 5:1 in Moscow's disfavour.", 5, []),
        ("Officials described a three-to-one death ratio.", 3, []),
    ],
)
def test_ratios(analyze, text, value, compared):
    (q,) = [q for q in figures(analyze, text) if q.kind == "ratio"]
    assert q.value == value
    assert q.about in ("loss ratio", "death ratio")
    if compared:
        assert q.compared == compared


def test_percent_and_money(analyze):
    qs = figures(analyze, "The aid package is worth $2.2 billion, and 40 percent of homes were damaged.")
    money = next(q for q in qs if q.kind == "money")
    assert (money.value, money.unit, money.text) == (2.2e9, "USD", "$2.2 billion")
    pct = next(q for q in qs if q.kind == "percent")
    assert (pct.value, pct.unit) == (40, "percent")


@pytest.mark.parametrize(
    "text",
    [
        "The offensive began in 2022 and resumed in 2023.",  # years
        "A 34-year-old man and a woman aged 45 were detained.",  # ages
        "Children aged between 10 and 16 were among them.",  # age range
        "The brigade fired 155mm shells and 122-mm rockets.",  # calibres
        "Two pilots flew Su-25 jets; Kyiv wants F-16s and more HIMARS, plus T-72 spares.",  # model names (only "Two" counts)
        "For enquiries call +380 44 123 4567 or (202) 555-0142.",  # phone numbers
        "The attack happened on March 6, 2023 and again on 12 March.",  # dates
        "The siren sounded at 10:30 p.m. and again at 4 a.m.",  # times of day
        "It was the first attack on the city, the 47th Brigade said.",  # ordinals
        "Article 5 and Resolution 2334 were cited; Highway 7 was closed.",  # identifiers
        "No one was hurt, one of the officials said.",  # pronoun "one"
        "The two sides met in Geneva for a four-day round of talks.",  # "the two sides", durations
        "The nine-storey building stood in the 1990s district.",  # compound adjectives, decades
        "Since 9/11 the unit has been on call 24/7.",  # slashed dates and idioms
        "COVID-19 spread in Camp 7; MiG-29 and S-400 units moved.",  # more model names and identifiers
    ],
)
def test_not_figures(analyze, text):
    qs = figures(analyze, text)
    allowed = {"Two"} if text.startswith("Two pilots") else set()
    assert {q.text for q in qs} <= allowed, [(q.text, q.kind) for q in qs]


def test_ids_in_text_order_and_same_as(analyze):
    text = ("Russia is losing roughly seven soldiers for every Ukrainian killed near Bakhmut, a commander said. "
            "He called the seven-to-one ratio unsustainable. Shelling killed 14 civilians on Monday and wounded 9. "
            "The 14 civilians killed were buried on Tuesday.")
    qs = figures(analyze, text)
    assert [q.id for q in qs] == [f"q{i}" for i in range(1, len(qs) + 1)]
    assert [q.start for q in qs] == sorted(q.start for q in qs)
    ratios = [q for q in qs if q.kind == "ratio"]
    assert len(ratios) == 2 and ratios[0].approximate and ratios[1].same_as == ratios[0].id
    fourteen = [q for q in qs if q.value == 14]
    assert len(fourteen) == 2 and fourteen[1].same_as == fourteen[0].id
    nine = next(q for q in qs if q.value == 9)
    assert nine.same_as is None


def test_nothing_from_boilerplate(analyze):
    text = ("Shelling killed 14 civilians in Kherson on Monday, officials said.\n\n"
            "Related article: 40 Soldiers Killed in 3 Attacks\n\n"
            "https://example.com/2023/03/06/40-soldiers-killed-3-attacks\n\n"
            "AFP contributed reporting.\n")
    rec = analyze(text)
    assert rec.boilerplate, "the boilerplate detector marked nothing"
    for q in rec.quantities:
        assert not any(b.start < q.end and q.start < b.end for b in rec.boilerplate), q
    assert [q.value for q in rec.quantities] == [14]


def test_linked_to_claim(analyze):
    rec = analyze("The health ministry said an air strike killed 14 people in Khan Younis on Wednesday.")
    q = next(q for q in rec.quantities if q.value == 14)
    assert q.claim is not None
    claim = next(c for c in rec.claims if c.id == q.claim)
    assert claim.sentence == [] or claim.sentence[0] <= q.start < claim.sentence[1]


def test_bakhmut_example_ratio_twice(analyze):
    if not SHARED_EXAMPLE.exists():
        pytest.skip("../shared/examples is not beside the repo")
    text = SHARED_EXAMPLE.read_text(encoding="utf-8")
    rec = analyze(text)
    ratios = [q for q in rec.quantities if q.kind == "ratio"]
    assert len(ratios) == 2
    first, second = ratios
    assert "approximately five soldiers for every Ukrainian" in first.text and first.approximate
    assert first.value == second.value == 5
    assert second.text == "five-to-one" and second.same_as == first.id
    assert first.about == "loss ratio" and second.about == "death ratio"
    assert first.compared == ["Russia", "Ukraine"]
    for q in rec.quantities:
        assert not any(b.start < q.end and q.start < b.end for b in rec.boilerplate)
        assert "http" not in text[max(0, q.start - 60): q.start]


def test_every_vague_phrase_the_pattern_finds_has_values(analyze):
    """Each of the vague shapes the regular expression admits has low/best/high."""
    import itertools
    import re

    from reportedly.extract.quantities import _VAGUE_RE, VAGUE

    for a, b in itertools.product(("tens", "hundreds"), ("thousands", "millions")):
        phrase = f"{a} of {b}"
        assert re.fullmatch(_VAGUE_RE, phrase) and phrase in VAGUE
    rec = analyze("The program cost hundreds of millions of dollars, officials said.", published="2024-01-02")
    assert any(q.text.startswith("hundreds of millions") for q in rec.quantities)
