"""Gazetteer and place disambiguation, on hand-written gold sentences
(tests/data/places/sentences.jsonl) across conflicts."""

from __future__ import annotations

import json
import math
import time

import pytest

from conftest import DATA

SENTENCES = [json.loads(line) for line in (DATA / "places" / "sentences.jsonl").read_text("utf-8").splitlines()]


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def gaz():
    from reportedly.geo.gazetteer import get_gazetteer

    return get_gazetteer()


def test_gazetteer_covers_small_towns_former_names_admin1_and_countries(gaz):
    bakhmut = [p for p in gaz.lookup("Artemivsk") if p.kind == "city"]
    assert any(p.name == "Bakhmut" and p.country == "UA" and p.admin1 == "Donetsk" for p in bakhmut)
    assert any(p.name == "Dnipro" for p in gaz.lookup("Dnipropetrovsk"))
    assert any(p.name == "Kyiv" and p.kind == "city" for p in gaz.lookup("Kiev"))
    # places between 1,000 and 15,000 inhabitants
    assert any(p.country == "UA" and 10_000 <= p.population < 15_000 for p in gaz.lookup("Vuhledar"))
    assert any(p.country == "UA" and p.population < 15_000 for p in gaz.lookup("Chasiv Yar"))
    assert any(p.kind == "admin1" and p.country == "UA" for p in gaz.lookup("Donetsk Oblast"))
    assert any(p.kind == "admin1" and p.country == "US" for p in gaz.lookup("Texas"))
    for name, cc in [("Ukraine", "UA"), ("U.S.", "US"), ("Burma", "MM"), ("Ivory Coast", "CI"), ("DRC", "CD")]:
        assert any(p.kind == "country" and p.country == cc for p in gaz.lookup(name)), name
    assert gaz.lookup("Qamishli"), "Arabic article fallback"
    assert gaz.lookup("Nowhereville Xq") == ()


def test_gazetteer_lookups_are_cheap(gaz):
    names = ["Bakhmut", "Kyiv", "Khartoum", "Rafah", "Lashio", "Menaka", "Aleppo", "Goma", "Paris", "Gao"]
    gaz._cache.clear()
    t = time.perf_counter()
    for n in names:
        gaz.lookup(n)
    cold = (time.perf_counter() - t) / len(names)
    assert cold < 0.01, f"{cold * 1000:.2f} ms per uncached look-up"


def test_resolve_uses_context():
    from reportedly.geo.resolve import Mention, resolve

    ms = [Mention("Paris"), Mention("Texas")]
    resolve(ms)
    assert (ms[0].place.country, ms[0].place.admin1) == ("US", "Texas")
    alone = [Mention("Paris")]
    resolve(alone)
    assert alone[0].place.country == "FR"
    with_ua = [Mention("Pokrovsk")]
    resolve(with_ua, ["UA"])
    assert with_ua[0].place.country == "UA"
    region = [Mention("Donetsk", want_admin=True)]
    resolve(region)
    assert region[0].place.kind == "admin1"
    city = [Mention("Donetsk")]
    resolve(city)
    assert city[0].place.kind == "city"
    qual = [Mention("Tripoli", qualifier="Lebanon")]
    resolve(qual)
    assert qual[0].place.country == "LB"


def _check(analyze, row):
    rec = analyze(row["text"], published="2024-03-05")
    errors = []
    for g in row["places"]:
        cands = [e for e in rec.entities if e.text.startswith(g["text"]) or g["text"].startswith(e.text)]
        cands = [e for e in cands if e.geo is not None]
        if not cands:
            errors.append(f"{g['text']!r} not geocoded")
            continue
        e = cands[0]
        if e.geo.country != g["country"]:
            errors.append(f"{g['text']!r} in {e.geo.country}, want {g['country']}")
        elif "lat" in g and km(e.geo.lat, e.geo.lon, g["lat"], g["lon"]) > g.get("tol_km", 25):
            errors.append(f"{g['text']!r} {km(e.geo.lat, e.geo.lon, g['lat'], g['lon']):.0f} km off")
        if "precision" in g and e.geo.geo_precision != g["precision"]:
            errors.append(f"{g['text']!r} precision {e.geo.geo_precision}, want {g['precision']}")
        if "role" in g and e.role != g["role"]:
            errors.append(f"{g['text']!r} role {e.role}, want {g['role']}")
    return errors


def test_place_gold_accuracy(analyze):
    """Every gold place geocoded to the right country, within 25 km (or the
    stated tolerance for regions), with the gold precision and role."""
    total = sum(len(r["places"]) for r in SENTENCES)
    errors = [e for r in SENTENCES for e in _check(analyze, r)]
    accuracy = 1 - len(errors) / total
    assert accuracy >= 0.9, f"accuracy {accuracy:.2f}: {errors}"


@pytest.mark.parametrize("row", SENTENCES[:12], ids=lambda r: r["text"][:40])
def test_place_gold_ukraine(analyze, row):
    assert _check(analyze, row) == []


def test_metonyms_keep_geo_and_get_government_role(analyze):
    rec = analyze("Washington said it would send more air defence systems to Kyiv. Moscow denied the report.",
                  published="2024-03-05")
    by = {e.text: e for e in rec.entities}
    assert by["Washington"].role == "government" and by["Washington"].geo.country == "US"
    assert by["Moscow"].role == "government" and by["Moscow"].geo.country == "RU"
    assert by["Kyiv"].role is None and by["Kyiv"].geo.country == "UA"


def test_person_named_like_a_town_is_not_a_place(analyze):
    rec = analyze("Jackson said the talks had failed, and Lincoln agreed. Madison told reporters the truce held.", published="2024-03-05")
    assert not [e for e in rec.entities if e.text in ("Jackson", "Lincoln", "Madison") and e.geo is not None]


def test_place_heldout_accuracy(analyze):
    """tests/data/places/heldout.jsonl was written after the rules and run once
    before any change (17/18 then); it must stay at or above 0.85."""
    rows = [json.loads(line) for line in (DATA / "places" / "heldout.jsonl").read_text("utf-8").splitlines()]
    total = sum(len(r["places"]) for r in rows)
    errors = [e for r in rows for e in _check(analyze, r)]
    assert 1 - len(errors) / total >= 0.85, errors


def test_names_used_for_persons_and_institutions_are_not_places(analyze):
    text = ("Hillary Clinton spoke in Ohio. Voters worried about Clinton’s health, and Congress adjourned. "
            "Aid to Africa fell, the I.R.S. said.")
    rec = analyze(text, published="2016-10-01")
    geo = {e.text for e in rec.entities if e.geo is not None}
    assert "Ohio" in geo
    assert not geo & {"Clinton", "Congress", "Africa", "I.R.S."}, geo
