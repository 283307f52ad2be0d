"""The conflict gold set, its scorer, `reportedly eval conflict`, and the held-out gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.evaluate.conflict import evaluate, km, load_gold, score_passage
from reportedly.model import Document, Event, EventPlace, Fatalities, Quantity, Record

GOLD = Path(__file__).resolve().parent / "data" / "conflict"
runner = CliRunner()

ACLED_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD)


def test_gold_set_shape(gold):
    assert len(gold) >= 60
    held = [g for g in gold if g["split"] == "heldout"]
    assert len(held) >= 20 and len({g["id"] for g in gold}) == len(gold)
    assert len({g["conflict"] for g in gold}) >= 8
    for g in gold:
        assert g["published"] and len(g["published"]) == 10
        for f in g["figures"]:
            assert f["text"] in g["text"], (g["id"], f["text"])
            if f["kind"] not in ("ratio",):
                lo, be, hi = f["low"], f["best"], f["high"]
                assert all(a <= b for a, b in [(lo, be), (be, hi), (lo, hi)] if a is not None and b is not None), (g["id"], f)
        for e in g["events"]:
            assert e["trigger"] in g["text"]
            assert e["sub_type"] in ACLED_TYPES[e["type"]], (g["id"], e)
            if e["lat"] is not None:
                assert -90 <= e["lat"] <= 90 and -180 <= e["lon"] <= 180
            if e["date"]:
                assert e["date"] <= g["published"]


def test_km():
    assert km(48.59, 38.0, 48.59, 38.0) == 0
    assert 460 < km(50.45, 30.52, 49.84, 24.02) < 475  # Kyiv - Lviv, about 468 km


def _record(text, quantities=(), events=()):
    return Record(document=Document(id="x", text=text), quantities=list(quantities), events=list(events))


def test_scorer_counts_value_matches_and_misses():
    item = {"id": "t", "text": "Shelling killed at least 30 people in Kharkiv on Monday, and 5 soldiers.",
            "figures": [{"text": "at least 30", "value": 30, "low": 30, "best": 30, "high": None, "about": "killed"},
                        {"text": "5", "value": 5, "low": 5, "best": 5, "high": 5}],
            "events": [{"type": "Explosions/Remote violence", "sub_type": "Shelling/artillery/missile attack",
                        "trigger": "Shelling", "lat": 49.98, "lon": 36.25, "date": "2024-02-12", "precision": "day"}]}
    qs = [Quantity(id="q1", text="at least 30", start=16, end=27, kind="bound", value=30, low=30, best=30, about="killed"),
          Quantity(id="q2", text="5", start=61, end=62, kind="count", value=6, low=6, best=6, high=6)]
    ev = Event(id="e1", type="Explosions/Remote violence", sub_type="Shelling/artillery/missile attack", text="Shelling",
               start=0, end=8, place=EventPlace(name="Kharkiv", lat=50.0, lon=36.3), date="2024-02-12",
               date_precision="day", fatalities=Fatalities(30, 30, None))
    c = dict.fromkeys(["fig_gold", "fig_pred", "fig_tp", "fig_lbh", "fig_about", "fig_about_n", "fig_side", "fig_side_n",
                       "fig_approx", "ev_gold", "ev_pred", "ev_tp", "ev_type", "ev_sub", "ev_place", "ev_place_n",
                       "ev_date", "ev_date_n", "ev_fat", "ev_fat_n"], 0)
    errors = []
    score_passage(item, _record(item["text"], qs, [ev]), c, errors)
    assert (c["fig_gold"], c["fig_pred"], c["fig_tp"], c["fig_about"]) == (2, 2, 1, 1)
    assert (c["ev_tp"], c["ev_type"], c["ev_sub"], c["ev_place"], c["ev_date"]) == (1, 1, 1, 1, 1)
    assert any(e["field"] == "figure" and e["gold"] == "5" for e in errors)
    # a place 40 km off and a date a day off are wrong
    ev.place = EventPlace(name="Chuhuiv", lat=49.84, lon=36.69)
    ev.date = "2024-02-11"
    c2 = dict.fromkeys(c, 0)
    score_passage(item, _record(item["text"], qs, [ev]), c2, None)
    assert c2["ev_place"] == 0 and c2["ev_date"] == 0 and c2["ev_type"] == 1


def test_heldout_gate(pipeline, gold):
    """The held-out scores may not fall below the pinned baseline."""
    base = json.loads((GOLD / "baseline.json").read_text(encoding="utf-8"))
    res = evaluate(gold, pipeline=pipeline, split="heldout")
    assert res["passages"] >= 20
    for section in ("figures", "events"):
        for key, pinned in base[section].items():
            got = res[section][key]
            assert got is not None and got >= pinned - 1e-9, f"{section}.{key} fell: {got} < {pinned}"


def test_cli_json_and_table():
    res = runner.invoke(app, ["eval", "conflict", str(GOLD / "heldout.jsonl"), "--split", "heldout"])
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert lines[0].startswith("conflict gold, split heldout")
    assert any(line.startswith("event type accuracy") for line in lines)
    out = json.loads(lines[-1])
    assert out["passages"] >= 20 and 0 <= out["figures"]["f1"] <= 1
    res = runner.invoke(app, ["eval", "conflict", str(GOLD), "--split", "dev", "--json", "--errors"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["split"] == "dev" and isinstance(out["errors"], list)


@pytest.mark.parametrize(
    "args, code",
    [
        (["eval", "conflict", "/nonexistent/gold.jsonl"], 3),
        (["eval", "conflict", "tests/data/conflict", "--split", "train"], 2),
    ],
)
def test_cli_bad_input(args, code):
    res = runner.invoke(app, args)
    assert res.exit_code == code
    assert "Traceback" not in res.output


def test_cli_malformed_gold(tmp_path):
    bad = tmp_path / "g.jsonl"
    bad.write_text('{"text": "ok"}\nnot json\n', encoding="utf-8")
    res = runner.invoke(app, ["eval", "conflict", str(bad)])
    assert res.exit_code == 9 and "g.jsonl:2" in res.output
