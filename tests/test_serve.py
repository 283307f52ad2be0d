"""`reportedly serve`: JSON API and HTML pages over a real store, on loopback."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from reportedly.cli import app


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline):
    db = tmp_path_factory.mktemp("serve") / "r.db"
    res = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    from reportedly.serve import make_server

    srv = make_server(str(db), "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def get(url):
    with urllib.request.urlopen(url, timeout=30) as resp:
        return resp.status, resp.headers.get("Content-Type"), resp.read().decode("utf-8")


def test_api_claims_filters(server):
    status, ctype, body = get(server + "/api/claims?source=Novosti")
    assert status == 200 and ctype.startswith("application/json")
    rows = json.loads(body)
    assert rows and all("Novosti" in (r["source"] or "") + (r["source_canonical"] or "") for r in rows)
    everything = json.loads(get(server + "/api/claims")[2])
    assert len(everything) > len(rows)


def test_trail_and_doc(server):
    rows = json.loads(get(server + "/api/claims?search=ammunition")[2])
    assert rows
    claim_id, doc_id = rows[0]["claim_id"], rows[0]["doc_id"]
    trail = json.loads(get(server + f"/api/trail/{claim_id}")[2])
    assert any(c["claim_id"] == claim_id for c in trail["claims"])
    rec = json.loads(get(server + f"/api/doc/{doc_id}")[2])
    assert rec["document"]["id"] == doc_id
    status, ctype, page = get(server + f"/doc/{doc_id}")
    assert status == 200 and ctype.startswith("text/html") and "RIA Novosti" in page
    assert get(server + f"/trail/{claim_id}")[0] == 200


def test_html_escapes_query_and_missing_things_are_404(server):
    _, _, page = get(server + "/?source=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    for path in ("/api/trail/nope", "/api/doc/nope", "/api/nothing"):
        with pytest.raises(urllib.error.HTTPError) as err:
            get(server + path)
        assert err.value.code == 404
    with pytest.raises(urllib.error.HTTPError) as err:
        get(server + "/api/claims?limit=x")
    assert err.value.code == 400


def test_api_schemas_and_trail_valid_against_them(server):
    import jsonschema

    record = json.loads(get(server + "/api/schema")[2])
    assert record["title"] == "reportedly analysis record"
    trail_schema = json.loads(get(server + "/api/schema/trail")[2])
    claim_id = json.loads(get(server + "/api/claims?search=ammunition")[2])[0]["claim_id"]
    jsonschema.validate(json.loads(get(server + f"/api/trail/{claim_id}")[2]), trail_schema,
                        cls=jsonschema.Draft202012Validator)
    with pytest.raises(urllib.error.HTTPError) as err:
        get(server + "/api/schema/nope")
    assert err.value.code == 404


def test_serve_missing_store_is_one_line(tmp_path):
    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 10 and res.stderr.startswith("Error: no store")
