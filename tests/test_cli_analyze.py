"""`reportedly analyze` through the CLI runner: formats, options, bad input."""

from __future__ import annotations

import json

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from reportedly.cli import app

runner = CliRunner()
ARTICLE = EXAMPLES / "kherson-market-shelling.txt"


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture(scope="module")
def schema():
    from importlib import resources

    return json.loads(resources.files("reportedly.schema").joinpath("record.schema.json").read_text())


def test_json_output_validates_against_schema(schema, pipeline):
    res = run("analyze", str(ARTICLE), "--format", "json")
    assert res.exit_code == 0, res.output
    rec = json.loads(res.stdout)
    jsonschema.validate(rec, schema)
    assert rec["document"]["published"]["date"] == "2024-02-13"
    assert rec["claims"]


def test_every_example_validates(schema, pipeline):
    from reportedly.ingest.text import load_document
    from reportedly.model import to_dict

    for path in sorted(EXAMPLES.glob("*.txt")):
        jsonschema.validate(to_dict(pipeline(load_document(str(path)))), schema)


def test_schema_rejects_a_broken_record(schema, pipeline):
    from reportedly.ingest.text import load_document
    from reportedly.model import to_dict

    rec = to_dict(pipeline(load_document(str(ARTICLE))))
    rec["claims"][0]["quote"] = "whispered"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(rec, schema)


def test_record_round_trip(pipeline):
    from reportedly.ingest.text import load_document
    from reportedly.model import record_from_dict, to_dict

    rec = pipeline(load_document(str(ARTICLE)))
    assert to_dict(record_from_dict(json.loads(json.dumps(to_dict(rec))))) == to_dict(rec)


def test_stdin_and_options(pipeline):
    text = ARTICLE.read_text()
    res = run("analyze", "-", "--published", "2024-02-14", "--outlet", "Example Daily", "--url", "https://example.org/a",
              input=text)
    assert res.exit_code == 0, res.output
    rec = json.loads(res.stdout)
    assert rec["document"]["published"] == {"date": "2024-02-14", "inferred": False, "evidence": ["given"]}
    assert rec["document"]["outlet"] == "Example Daily" and rec["document"]["url"] == "https://example.org/a"
    assert rec["claims"][0]["chain"][-1]["name"] == "Example Daily"


def test_md_html_and_out_dir(tmp_path, pipeline):
    res = run("analyze", str(ARTICLE), "--format", "md", "-o", str(tmp_path / "a.md"), "--out-dir", str(tmp_path / "d"))
    assert res.exit_code == 0, res.output
    assert (tmp_path / "a.md").read_text().strip()
    for ext in ("json", "md", "html"):
        assert (tmp_path / "d" / f"kherson-market-shelling.{ext}").stat().st_size > 500
    html = (tmp_path / "d" / "kherson-market-shelling.html").read_text()
    assert html.lstrip().lower().startswith("<!doctype html")


def test_term_format_renders(pipeline):
    res = run("analyze", str(ARTICLE), "--format", "term")
    assert res.exit_code == 0, res.output
    assert "RIA Novosti" in res.stdout


def test_html_input(tmp_path, pipeline):
    page = tmp_path / "page.html"
    body = " ".join(f"<p>{line}</p>" for line in ARTICLE.read_text().split("\n\n")[:5])
    page.write_text(f"<!DOCTYPE html><html><head><title>Kherson shelling</title>"
                    f"<meta property='og:site_name' content='Example Daily'></head><body><article>{body}</article></body></html>")
    res = run("analyze", str(page), "--format", "json", "--published", "2024-02-13")
    assert res.exit_code == 0, res.output
    rec = json.loads(res.stdout)
    assert rec["document"]["format"] == "html"
    assert rec["document"]["title"] == "Kherson shelling"
    assert "<p>" not in rec["document"]["text"]
    assert rec["claims"]


def _write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


@pytest.mark.parametrize(
    "name,data,code,message",
    [
        ("empty.txt", b"", 4, "is empty"),
        ("blank.txt", b"   \n\n  ", 4, "empty"),
        ("binary.bin", bytes(range(256)) * 40, 5, "binary"),
        ("garbled.txt", b"caf\xe9 \xff\xfe\x81\x8d\x90", 6, "not UTF-8"),
        ("german.txt", "Die Armee hat am Montag gesagt, dass die Stadt nicht mehr gehalten werden kann und die Soldaten sich zurückziehen.".encode(), 8, "English"),
        ("broken.html", b"<html><body><div><p>Hi <b>there</div>", 9, "HTML"),
    ],
)
def test_bad_input_one_line_error(tmp_path, name, data, code, message):
    res = run("analyze", _write(tmp_path, name, data), "--format", "json")
    assert res.exit_code == code, res.output
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], res.stderr
    assert "Traceback" not in res.output


def test_huge_file(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        fh.write(b"The army said the town fell. " * (50 * 1024 * 1024 // 29 + 1))
    res = run("analyze", str(p))
    assert res.exit_code == 7
    assert "MB limit" in res.stderr


def test_missing_path_and_bad_date():
    res = run("analyze", "/no/such/article.txt")
    assert res.exit_code == 3 and res.stderr.startswith("Error: no such file")
    res = run("analyze", str(ARTICLE), "--published", "13/02/2024")
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.stderr


def test_cp1252_article_is_decoded(tmp_path, pipeline):
    text = "The governor said the caf\u00e9 was \u201cdestroyed\u201d on Monday, officials told reporters in the city."
    res = run("analyze", _write(tmp_path, "cp.txt", text.encode("cp1252")), "--format", "json", "--published", "2024-01-02")
    assert res.exit_code == 0, res.output
    assert "café" in json.loads(res.stdout)["document"]["text"]


def test_schema_command():
    res = run("schema")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["title"] == "reportedly analysis record"


def test_acled_csv_has_our_columns(pipeline):
    import csv
    import io

    res = run("analyze", str(EXAMPLES / "sahel-convoy-ambush.txt"), "--format", "acled-csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and rows[0]["event_type"] == "Battles"
    assert rows[0]["country"] == "Mali" and rows[0]["claim_ids"] and rows[0]["fatalities_low"] == "15"
