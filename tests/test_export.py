"""`reportedly export`: jsonl round trip, csv, schema.org JSON-LD Claims, PROV-JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from corpus_helpers import make_record
from reportedly.cli import app
from reportedly.model import record_from_dict
from reportedly.store import SQLiteStore

runner = CliRunner()

T1 = "The governor said 14 drones were shot down over Odesa overnight.\n"
T2 = "Reuters reported, citing the governor, that 14 drones were downed over Odesa overnight.\n"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("x") / "x.db"
    st = SQLiteStore(path)
    r1 = make_record(T1, [{"content": "14 drones were shot down over Odesa overnight", "source": "The governor",
                           "canonical": "Oleh Kiper", "chain": [("Oleh Kiper", "origin"), ("Ukrinform", "outlet")],
                           "figures": [14], "entities": ["Odesa"]}],
                     outlet="Ukrinform", published="2024-06-01", title="Drones downed", url="https://example.org/u")
    r2 = make_record(T2, [{"content": "14 drones were downed over Odesa overnight", "source": "the governor",
                           "canonical": "Oleh Kiper",
                           "chain": [("Oleh Kiper", "origin"), ("Reuters", "relay"), ("Wire Daily", "outlet")]}],
                     outlet="Wire Daily", published="2024-06-02")
    st.add_record(r1)
    st.add_record(r2)
    with st.transaction():
        st.set_match(f"{r1.document.id}:c1", 7, None)
        st.set_match(f"{r2.document.id}:c1", 7, None)
    st.close()
    return str(path), (r1, r2)


def _export(path, fmt, tmp_path=None):
    args = ["export", "--db", path, "--format", fmt]
    if tmp_path is not None:
        out = tmp_path / f"out.{fmt}"
        res = runner.invoke(app, args + ["--out", str(out)])
        assert res.exit_code == 0, res.output
        return out.read_text(encoding="utf-8")
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return res.stdout


def test_jsonl_round_trip(db):
    path, recs = db
    lines = _export(path, "jsonl").splitlines()
    assert [record_from_dict(json.loads(x)) for x in lines] == list(recs)


def test_csv(db, tmp_path):
    path, _ = db
    rows = list(csv.DictReader(io.StringIO(_export(path, "csv", tmp_path))))
    assert [r["outlet"] for r in rows] == ["Ukrinform", "Wire Daily"]
    assert rows[1]["chain"] == "Oleh Kiper (origin) -> Reuters (relay) -> Wire Daily (outlet)"
    assert rows[0]["cluster"] == "7"


def test_jsonld_claims(db):
    path, recs = db
    doc = json.loads(_export(path, "jsonld"))
    assert doc["@context"] == "https://schema.org"
    (claim,) = doc["@graph"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == {"@type": "Person", "name": "Oleh Kiper"}
    assert claim["datePublished"] == "2024-06-01"
    assert claim["firstAppearance"]["url"] == "https://example.org/u"
    assert claim["firstAppearance"]["publisher"] == {"@type": "Organization", "name": "Ukrinform"}
    assert [a["@id"].rsplit(":", 1)[1] for a in claim["appearance"]] == [r.document.id for r in recs]
    assert claim["text"] == "14 drones were shot down over Odesa overnight"


def test_prov_json(db):
    path, recs = db
    prov = json.loads(_export(path, "prov"))
    assert set(prov["prefix"]) == {"rep", "schema"}
    assert {a["prov:label"] for a in prov["agent"].values()} == {"Oleh Kiper", "Reuters", "Ukrinform", "Wire Daily"}
    # the relayed claim: origin -> relay -> outlet, two quotations
    c2 = f"rep:claim/{recs[1].document.id}:c1"
    quotes = [d for d in prov["wasDerivedFrom"].values() if d["prov:generatedEntity"].startswith(c2)]
    assert len(quotes) == 2 and all(d["prov:type"]["$"] == "prov:Quotation" for d in quotes)
    assert quotes[-1]["prov:generatedEntity"] == c2
    # the two claims of one cluster are alternates
    (alt,) = prov["alternateOf"].values()
    assert {alt["prov:alternate1"], alt["prov:alternate2"]} == {f"rep:claim/{r.document.id}:c1" for r in recs}
    # every relation points at declared entities and agents
    for rel in prov["wasAttributedTo"].values():
        assert rel["prov:entity"] in prov["entity"] and rel["prov:agent"] in prov["agent"]


def test_acled_csv(tmp_path):
    pytest.importorskip("reportedly.export.acled", reason="the ACLED export is written elsewhere")
    from reportedly.model import Event, EventPlace, Fatalities

    rec = make_record(T1, [{"content": "14 drones were shot down over Odesa overnight", "source": "The governor"}],
                      outlet="Ukrinform", published="2024-06-01")
    rec.events.append(Event(id="v1", type="Explosions/Remote violence", sub_type="Air/drone strike",
                            text="14 drones were shot down", start=18, end=42, actors=["Military Forces of Russia"],
                            place=EventPlace(name="Odesa", lat=46.48, lon=30.73, country="UA", geo_precision=1),
                            date="2024-05-31", date_precision="day", fatalities=Fatalities(best=0), claims=["c1"]))
    st = SQLiteStore(tmp_path / "a.db")
    st.add_record(rec)
    st.add_record(make_record(T2, []))  # a record without events adds no row
    st.close()
    out = _export(str(tmp_path / "a.db"), "acled-csv", tmp_path)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    assert rows[0]["event_type"] == "Explosions/Remote violence" and rows[0]["location"] == "Odesa"
    assert rows[0]["event_date"] == "2024-05-31" and rows[0]["doc_id"] == rec.document.id
