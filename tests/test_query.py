"""Query commands on a store built from hand-made records: claims, sources,
trail (JSON, terminal, HTML), conflicts; each with --format table|json|csv."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from corpus_helpers import make_record
from reportedly.cli import app
from reportedly.store import SQLiteStore

runner = CliRunner()

T1 = "Ukraine's defence ministry said 1,200 Russian soldiers were killed near Bakhmut last week.\n"
T2 = "CNN reported, citing Ukraine's defence ministry, that 1,200 Russian soldiers died near Bakhmut last week.\n"
T3 = "Russia's defence ministry said only 300 of its soldiers were killed near Bakhmut last week.\n"
T4 = "An official who asked not to be named said <script>alert(1)</script> the convoy was delayed.\n"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "q.db"
    st = SQLiteStore(path)
    r1 = make_record(T1, [{"content": "1,200 Russian soldiers were killed near Bakhmut last week",
                           "source": "Ukraine's defence ministry", "canonical": "Ukrainian Ministry of Defence",
                           "type": "government", "chain": [("Ukrainian Ministry of Defence", "origin"), ("Kyiv Post", "outlet")]}],
                     outlet="Kyiv Post", published="2023-03-01", title="Losses near Bakhmut", url="https://example.org/kp")
    r2 = make_record(T2, [{"content": "1,200 Russian soldiers died near Bakhmut last week",
                           "source": "Ukraine's defence ministry", "canonical": "Ukrainian Ministry of Defence",
                           "type": "government", "chain": [("Ukrainian Ministry of Defence", "origin"), ("CNN", "relay"),
                                                           ("Daily Wire", "outlet")]}],
                     outlet="Daily Wire", published="2023-03-03", title="Citing CNN")
    r3 = make_record(T3, [{"content": "only 300 of its soldiers were killed near Bakhmut last week",
                           "source": "Russia's defence ministry", "canonical": "Russian Ministry of Defence",
                           "type": "government"}], outlet="TASS", published="2023-03-02")
    r4 = make_record(T4, [{"content": "<script>alert(1)</script> the convoy was delayed",
                           "source": "An official who asked not to be named", "anonymous": True,
                           "chain": [("<b>anon</b>", "origin")]}], outlet="Daily Wire", published="2023-03-04")
    for r in (r1, r2, r3, r4):
        st.add_record(r)
    ids = [f"{r.document.id}:c1" for r in (r1, r2, r3, r4)]
    with st.transaction():
        st.set_match(ids[0], 1, None)
        st.set_match(ids[1], 1, None)
        st.set_match(ids[2], 2, None)
        st.set_match(ids[3], 3, None)
        st.add_conflicts([(ids[2], ids[0], "figures differ: 300 vs 1200")])
    st.close()
    return str(path), ids


def _json_rows(out: str) -> list[dict]:
    return [json.loads(x) for x in out.splitlines() if x.strip()]


def test_claims_json_fields_and_filters(db):
    path, ids = db
    res = runner.invoke(app, ["claims", "--db", path, "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = _json_rows(res.stdout)
    assert [r["claim_id"] for r in rows] == [ids[0], ids[2], ids[1], ids[3]]  # by publication date
    assert {"claim_id", "doc_id", "outlet", "published", "source", "source_canonical", "anonymous", "cue", "content",
            "quote", "certainty", "chain", "cluster"} <= set(rows[0])
    res = runner.invoke(app, ["claims", "--db", path, "--format", "json", "--outlet", "daily wire", "--since",
                              "2023-03-03", "--until", "2023-03-03"])
    assert [r["claim_id"] for r in _json_rows(res.stdout)] == [ids[1]]
    res = runner.invoke(app, ["claims", "--db", path, "--format", "json", "--search", "died"])
    assert [r["claim_id"] for r in _json_rows(res.stdout)] == [ids[1]]
    res = runner.invoke(app, ["claims", "--db", path, "--format", "json", "--article", "CNN AND citing"])
    assert [r["claim_id"] for r in _json_rows(res.stdout)] == [ids[1]]
    res = runner.invoke(app, ["claims", "--db", path, "--format", "json", "--source", "Russian Ministry"])
    assert [r["claim_id"] for r in _json_rows(res.stdout)] == [ids[2]]


def test_claims_csv_and_table(db):
    path, ids = db
    res = runner.invoke(app, ["claims", "--db", path, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 4 and rows[0]["claim_id"] == ids[0] and rows[0]["anonymous"] == "False"
    res = runner.invoke(app, ["claims", "--db", path])
    assert res.exit_code == 0 and "Bakhmut" in res.stdout


def test_bad_queries_are_one_line_errors(db, tmp_path):
    path, _ = db
    res = runner.invoke(app, ["claims", "--db", path, "--since", "March"])
    assert res.exit_code == 2 and res.stderr.startswith("Error: --since wants a date")
    res = runner.invoke(app, ["claims", "--db", path, "--search", '"open'])
    assert res.exit_code == 2 and "bad full-text query" in res.stderr
    res = runner.invoke(app, ["claims", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 10 and "no store" in res.stderr
    assert not (tmp_path / "none.db").exists()


def test_sources_by_source_and_outlet(db):
    path, _ = db
    rows = _json_rows(runner.invoke(app, ["sources", "--db", path, "--format", "json"]).stdout)
    top = rows[0]
    assert top["source"] == "Ukrainian Ministry of Defence" and top["claims"] == 2
    assert top["outlets"] == ["Daily Wire", "Kyiv Post"]
    outlets = {r["outlet"]: r for r in _json_rows(runner.invoke(app, ["sources", "--db", path, "--by", "outlet",
                                                                      "--format", "json"]).stdout)}
    assert outlets["Daily Wire"]["anonymous_share"] == 0.5
    assert outlets["TASS"]["anonymous_share"] == 0.0


def test_trail_json(db):
    path, ids = db
    res = runner.invoke(app, ["trail", ids[1], "--db", path, "--format", "json"])
    assert res.exit_code == 0, res.output
    t = json.loads(res.stdout)
    assert t["cluster"] == 1
    assert [c["claim_id"] for c in t["claims"]] == [ids[0], ids[1]]
    assert t["first"] == {"claim_id": ids[0], "doc_id": ids[0].split(":")[0], "outlet": "Kyiv Post",
                          "published": "2023-03-01"}
    assert t["origin"] == "Ukrainian Ministry of Defence"
    assert t["relays"] == [{"outlet": "Daily Wire", "doc_id": ids[1].split(":")[0], "citing": ["CNN"]}]
    assert {"claim_id", "doc_id", "outlet", "published", "source", "chain"} <= set(t["claims"][0])


def test_trail_terminal_and_html(db, tmp_path):
    path, ids = db
    page = tmp_path / "trail.html"
    res = runner.invoke(app, ["trail", ids[0], "--db", path, "--html", str(page)])
    assert res.exit_code == 0 and "Kyiv Post" in res.stdout and "origin" in res.stdout
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and html.count("<circle") == 2
    assert "http" not in html.split("<body>")[1].replace("https://example.org/kp", "").replace(
        "http://www.w3.org/2000/svg", "")  # self-contained: no external resource
    res = runner.invoke(app, ["trail", ids[3], "--db", path, "--html", str(page)])
    html = page.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;anon&lt;/b&gt;" in html


def test_trail_unknown_claim(db):
    path, _ = db
    res = runner.invoke(app, ["trail", "nope:c1", "--db", path])
    assert res.exit_code == 3 and res.stderr.startswith("Error: no claim")


def test_conflicts(db):
    path, ids = db
    rows = _json_rows(runner.invoke(app, ["conflicts", "--db", path, "--format", "json"]).stdout)
    assert len(rows) == 1
    r = rows[0]
    assert (r["a"], r["b"]) == (ids[0], ids[2])  # earlier publication first
    assert r["a_figures"] == [1200.0] and r["b_figures"] == [300.0]
    assert r["a_source"] == "Ukrainian Ministry of Defence" and r["b_source"] == "Russian Ministry of Defence"


def test_every_store_command_takes_the_store_from_reportedly_db(db, tmp_path):
    """--db is one shared option: every store command reads REPORTEDLY_DB when --db is absent."""
    path, ids = db
    env = {"REPORTEDLY_DB": path}
    for args in (["claims", "--format", "json"], ["sources", "--format", "json"], ["conflicts", "--format", "json"],
                 ["failures", "--format", "json"], ["trail", ids[0], "--format", "json"],
                 ["export", "--format", "jsonl"]):
        res = runner.invoke(app, args, env=env)
        assert res.exit_code == 0, (args, res.output)
    res = runner.invoke(app, ["claims", "--format", "json"], env=env)
    assert len(_json_rows(res.stdout)) == 4
    res = runner.invoke(app, ["claims", "--db", str(tmp_path / "none.db")], env=env)  # --db wins
    assert res.exit_code == 10


def _validator(name):
    import jsonschema

    from reportedly.schema import schema_for

    return jsonschema.Draft202012Validator(schema_for(name))


def test_every_query_output_matches_its_published_schema(db):
    """The JSON of claims, sources (both views), conflicts and trail validates
    against `reportedly schema NAME`; a row with an unknown field does not."""
    path, ids = db
    for name, args in (("claim", ["claims"]), ("source", ["sources"]), ("outlet", ["sources", "--by", "outlet"]),
                       ("conflict", ["conflicts"])):
        rows = _json_rows(runner.invoke(app, [*args, "--db", path, "--format", "json"]).stdout)
        assert rows, name
        v = _validator(name)
        for row in rows:
            v.validate(row)
        assert not v.is_valid({**rows[0], "surprise": 1})
    trail = json.loads(runner.invoke(app, ["trail", ids[0], "--db", path, "--format", "json"]).stdout)
    _validator("trail").validate(trail)
    broken = {**trail, "claims": [{**trail["claims"][0], "published": 20230301}]}
    assert not _validator("trail").is_valid(broken)


def test_schema_command_prints_each_schema():
    for name in ("record", "claim", "trail", "ingest"):
        res = runner.invoke(app, ["schema", name])
        assert res.exit_code == 0
        assert json.loads(res.stdout)["$schema"].startswith("https://json-schema.org/")
    res = runner.invoke(app, ["schema", "claims-table"])
    assert res.exit_code == 2 and res.stderr.startswith("Error: no schema named")
