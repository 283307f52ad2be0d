"""End to end on tests/data/corpus (six short articles written for the tests): the real
pipeline, matching, trail and conflicts. Loose where the extractors may change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.cli import app

CORPUS = Path(__file__).parent / "data" / "corpus"
runner = CliRunner()


@pytest.mark.slow
def test_one_claim_across_outlets(tmp_path, pipeline):
    db = str(tmp_path / "e.db")
    res = runner.invoke(app, ["ingest", str(CORPUS), "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    s = json.loads(res.stdout.strip().splitlines()[-1])
    assert (s["ingested"], s["near_duplicates"], s["skipped"], s["failed"]) == (6, 1, 0, 0)
    claims = [json.loads(x) for x in runner.invoke(app, ["claims", "--db", db, "--format", "json"]).stdout.splitlines()]
    figure = {c["outlet"]: c for c in claims if "1,200 soldiers" in c["content"]}
    assert {"Kyiv Independent", "Daily Wire"} <= set(figure)
    assert figure["Kyiv Independent"]["cluster"] == figure["Daily Wire"]["cluster"]
    trail = json.loads(runner.invoke(app, ["trail", figure["Daily Wire"]["claim_id"], "--db", db, "--format",
                                           "json"]).stdout)
    assert trail["first"]["outlet"] == "Kyiv Independent"
    assert trail["independent_stories"] < len(trail["claims"])  # the wire copy is not a confirmation
    assert any(link["name"] == "CNN" for c in trail["claims"] for link in c["chain"])
    conflicts = [json.loads(x) for x in runner.invoke(app, ["conflicts", "--db", db, "--format", "json"]).stdout
                 .splitlines()]
    assert any({1200.0, 150.0} == set(r["a_figures"] + r["b_figures"]) for r in conflicts)
