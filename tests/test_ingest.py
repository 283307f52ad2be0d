"""`reportedly ingest`: every input format, bad input skipped with its location,
exactly once, near-duplicates, the summary."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from corpus_helpers import WARC_PAGES, write_corpus, write_warc
from reportedly.cli import app
from reportedly.ingest.sources import RawItem, detect_format, iter_inputs
from reportedly.store import Failure, SQLiteStore

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus") / "in")


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory, pipeline):
    db = tmp_path_factory.mktemp("db") / "c.db"
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--jobs", "1", "--no-match", "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    return db, summary


def test_formats_are_detected(corpus):
    assert detect_format(corpus / "batch.jsonl") == "jsonl"
    assert detect_format(corpus / "feed.rss") == "rss"
    assert detect_format(corpus / "crawl.warc.gz") == "warc"
    assert detect_format(corpus / "page.html") == "html"
    assert detect_format(corpus / "kyiv.txt") == "text"


def test_readers_stream_items_and_failures_with_locations(corpus):
    got = list(iter_inputs([str(corpus)]))
    items = [g for g in got if isinstance(g, RawItem)]
    fails = {g.location.replace(str(corpus) + "/", ""): g.reason for g in got if isinstance(g, Failure)}
    assert {i.fmt for i in items} == {"text", "html", "jsonl", "rss", "warc"}
    assert fails["batch.jsonl:2"].startswith("MalformedInput")
    assert fails["batch.jsonl:3"].startswith("EmptyInput")
    assert fails["photo.jpg"].startswith("BinaryInput")
    assert fails["empty.txt"].startswith("EmptyInput")
    assert "dangling.txt" in fails
    assert any(k.startswith("broken.warc.gz@") and v.startswith("MalformedInput") for k, v in fails.items())
    warc = [i for i in items if i.fmt == "warc"]
    # broken.warc.gz (first in name order) gives its first page and a failure; crawl.warc.gz both pages
    assert [i.meta["url"] for i in warc] == [WARC_PAGES[0][0], WARC_PAGES[0][0], WARC_PAGES[1][0]]
    assert all("@" in i.location for i in warc)
    feed = [i for i in items if i.fmt == "rss"][0]
    assert feed.meta == {"title": "Ceasefire holds", "url": "https://example.org/ceasefire", "published": "2024-05-06",
                         "outlet": "Example Wire"}
    assert "<p>" not in feed.content


def test_summary_counts(ingested):
    _, s = ingested
    # articles: 4 txt + copy + html + 2 jsonl + rss + 2 warc pages = 11 distinct texts; the truncated WARC's
    # first page and port-again.txt are exact duplicates
    assert s["ingested"] == 11
    assert s["duplicates"] == 2
    assert s["near_duplicates"] == 1
    assert s["failed"] == 0
    assert s["skipped"] == 7  # bad json, no body, German, binary, empty, dangling link, truncated WARC
    assert s["reasons"]["NotEnglish"] == 1
    assert s["reasons"]["MalformedInput"] == 2
    import jsonschema

    from reportedly.schema import schema_for

    jsonschema.validate(s, schema_for("ingest"), cls=jsonschema.Draft202012Validator)


def test_store_contents(ingested):
    db, _ = ingested
    st = SQLiteStore(db, readonly=True)
    docs = {d["origin"].rsplit("/", 1)[-1] if d["origin"] else None: d for d in st.iter_documents()}
    copy = docs["kyiv-copy.txt"]
    assert copy["story"] == docs["kyiv.txt"]["doc_id"] and copy["near_dup_of"] == docs["kyiv.txt"]["doc_id"]
    assert copy["similarity"] >= 0.7
    jl = [d for d in st.iter_documents() if d["format"] == "jsonl"]
    assert {d["outlet"] for d in jl} == {"AP", "BBC"}
    assert {d["published"] for d in jl} == {"2024-05-02", "2024-05-04"}
    assert st.count("claims") > 5
    fails = list(st.iter_failures())
    assert len(fails) == 7 and all(f["location"] and f["reason"] for f in fails)
    st.close()


def test_reingest_adds_nothing(ingested, corpus):
    db, _ = ingested
    before = SQLiteStore(db).count("claims")
    res = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--jobs", "1", "--no-match", "--json"])
    s = json.loads(res.stdout.strip().splitlines()[-1])
    assert s["ingested"] == 0 and s["duplicates"] == 13
    st = SQLiteStore(db)
    assert st.count("documents") == 11 and st.count("claims") == before
    assert st.count("failures") == 7  # kept once per location and reason


def test_failures_command(ingested):
    db, _ = ingested
    res = runner.invoke(app, ["failures", "--db", str(db), "--format", "json"])
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert {"location", "kind", "reason", "at"} <= set(rows[0])
    assert any(r["location"].endswith("batch.jsonl:2") for r in rows)
    import jsonschema

    from reportedly.schema import schema_for

    for row in rows:  # the published schema of `failures --format json`
        jsonschema.validate(row, schema_for("failure"), cls=jsonschema.Draft202012Validator)


def test_plain_progress_lines_and_text_summary(tmp_path, corpus, pipeline):
    res = runner.invoke(app, ["ingest", str(corpus / "kyiv.txt"), str(corpus / "empty.txt"), "--db",
                              str(tmp_path / "x.db"), "--jobs", "1", "--no-match"])
    assert res.exit_code == 0
    assert "ingested 1, duplicates 0, near-duplicates 0, skipped 1, failed 0" in res.stdout
    assert "EmptyInput" in res.stdout
    assert "ingest: 2/2 docs" in res.stderr


def test_missing_path_is_one_line_error(tmp_path):
    res = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db")])
    assert res.exit_code == 3
    assert res.stderr.startswith("Error: no such file or directory")


def test_forced_format_and_jsonl_html(tmp_path, pipeline):
    p = tmp_path / "lines.data"
    p.write_text(json.dumps({"html": "<html><body><article><p>The navy said on Monday that two patrol boats had "
                                     "returned to port after a storm damaged their radar equipment.</p><p>A navy "
                                     "spokesman said nobody was injured.</p></article></body></html>",
                             "outlet": "Navy Times"}) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(p), "--db", str(tmp_path / "f.db"), "--format", "jsonl", "--jobs", "1",
                              "--no-match", "--json"])
    assert json.loads(res.stdout)["ingested"] == 1
    (doc,) = SQLiteStore(tmp_path / "f.db").iter_documents()
    assert doc["outlet"] == "Navy Times" and doc["format"] == "jsonl"


def test_truncated_warc_keeps_what_came_before(tmp_path):
    p = tmp_path / "t.warc.gz"
    write_warc(p, truncate=True)
    got = list(iter_inputs([str(p)]))
    assert isinstance(got[0], RawItem) and isinstance(got[-1], Failure)
    assert got[-1].location.startswith(f"{p}@")


def test_an_article_that_breaks_an_extractor_fails_alone(pipeline):
    from reportedly.ingest.runner import analyse_chunk
    from reportedly.pipeline import Pipeline

    class Flaky(Pipeline):
        def finish(self, an):
            if "boom" in an.document.text:
                raise ValueError("extractor exploded")
            return super().finish(an)

    items = [RawItem("ok.txt", "The mayor said on Monday that the city's schools would reopen next week.\n"),
             RawItem("bad.txt", "The mayor said on Monday that the boom gates at the border would open again.\n"),
             RawItem("ok2.txt", "Officials said on Tuesday that the bridge over the river had reopened to traffic.\n")]
    out = analyse_chunk(items, Flaky(), known=lambda _: False)
    kinds = [(o[0], o[1] if o[0] == "record" else o[1].location) for o in out]
    assert kinds == [("record", "ok.txt"), ("failure", "bad.txt"), ("record", "ok2.txt")]
    assert out[1][1].kind == "failed" and out[1][1].reason == "ValueError: extractor exploded"


def test_gzipped_jsonl_and_a_truncated_one(tmp_path):
    import gzip

    lines = "".join(json.dumps({"text": f"Officials said on day {i} that the road to the town had reopened."}) + "\n"
                    for i in range(200))
    good = tmp_path / "a.jsonl.gz"
    good.write_bytes(gzip.compress(lines.encode("utf-8")))
    got = list(iter_inputs([str(good)]))
    assert len(got) == 200 and all(isinstance(g, RawItem) for g in got)
    assert got[-1].location == f"{good}:200"
    cut = tmp_path / "b.jsonl.gz"
    data = gzip.compress(lines.encode("utf-8"))
    cut.write_bytes(data[: len(data) // 2])
    got = list(iter_inputs([str(cut)]))
    assert isinstance(got[-1], Failure) and got[-1].reason.startswith("MalformedInput")
    assert all(isinstance(g, RawItem) for g in got[:-1])
