"""The SQLite store: exactly once, whole documents, FTS, filters, schema versions."""

from __future__ import annotations

import sqlite3

import pytest

from corpus_helpers import make_record
from reportedly.errors import BadOption, StoreError
from reportedly.store import ClaimFilter, SQLiteStore, open_store
from reportedly.store.sqlite import SCHEMA_VERSION

TEXT_A = ("Ukrainian officials said on Monday that 12 civilians were killed in Dnipro. "
          "An unnamed official said the missile was launched from the sea.\n")
TEXT_B = ("The United Nations said at least 35 civilians were killed in Kharkiv over the weekend. "
          "Russia's defence ministry said its forces struck only military targets.\n")


def rec_a():
    return make_record(TEXT_A, [
        {"content": "12 civilians were killed in Dnipro", "source": "Ukrainian officials", "type": "government",
         "figures": [12], "about": "killed", "entities": ["Dnipro"], "chain": [("Ukrainian officials", "origin"),
                                                                               ("Reuters", "outlet")]},
        {"content": "the missile was launched from the sea", "source": "An unnamed official", "anonymous": True},
    ], outlet="Reuters", published="2024-05-02", title="Strike on Dnipro")


def rec_b():
    return make_record(TEXT_B, [
        {"content": "at least 35 civilians were killed in Kharkiv over the weekend", "source": "The United Nations",
         "canonical": "United Nations", "type": "organisation", "figures": [35], "entities": ["Kharkiv"]},
        {"content": "its forces struck only military targets", "source": "Russia's defence ministry",
         "type": "government"},
    ], outlet="BBC", published="2024-05-05")


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "t.db")
    yield s
    s.close()


def test_add_is_exactly_once(store):
    assert store.add_record(rec_a()).status == "ingested"
    assert store.add_record(rec_a()).status == "duplicate"
    assert store.count("documents") == 1
    assert store.count("claims") == 2
    assert store.count("quantities") == 1
    assert store.has_document(rec_a().document.id)
    assert not store.has_document("0" * 16)


def test_wal_and_schema_version(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.schema_version == SCHEMA_VERSION >= 1


def test_a_failing_document_leaves_nothing(store):
    bad = rec_a()
    bad.claims[1].id = bad.claims[0].id  # two claims with one id: the second INSERT fails
    with pytest.raises(sqlite3.IntegrityError):
        store.add_record(bad)
    assert store.count("documents") == 0
    assert store.count("claims") == 0
    assert store.conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == 0
    assert store.add_record(rec_a()).status == "ingested"  # and the store is usable afterwards


def test_round_trip_of_records(store):
    store.add_record(rec_a())
    (back,) = list(store.iter_records())
    assert back == rec_a()
    assert store.record(rec_a().document.id) == rec_a()
    assert store.record("0" * 16) is None
    raw = store.conn.execute("SELECT record FROM documents").fetchone()[0]
    assert TEXT_A[:40] not in raw  # the text is kept once, in documents.text


def test_claim_filters_and_fts(store):
    store.add_record(rec_a())
    store.add_record(rec_b())
    ids = lambda f: [c["claim_id"].split(":")[1] + "@" + c["outlet"] for c in store.iter_claims(f)]  # noqa: E731
    assert len(list(store.iter_claims())) == 4
    assert ids(ClaimFilter(source="United Nations")) == ["c1@BBC"]
    assert ids(ClaimFilter(search="missile")) == ["c2@Reuters"]
    assert ids(ClaimFilter(search="kill*")) == ["c1@Reuters", "c1@BBC"]
    assert ids(ClaimFilter(outlet="bbc")) == ["c1@BBC", "c2@BBC"]
    assert ids(ClaimFilter(since="2024-05-03")) == ["c1@BBC", "c2@BBC"]
    assert ids(ClaimFilter(until="2024-05-02")) == ["c1@Reuters", "c2@Reuters"]
    assert ids(ClaimFilter(about="Kharkiv")) == ["c1@BBC"]
    assert ids(ClaimFilter(about="killed")) == ["c1@Reuters", "c1@BBC"]
    row = store.claim(f"{rec_a().document.id}:c1")
    assert row["chain"][1] == {"name": "Reuters", "role": "outlet", "text": None, "start": None, "end": None,
                               "anonymous": False}
    assert ids(ClaimFilter(article="missile AND sea")) == ["c1@Reuters", "c2@Reuters"]
    with pytest.raises(BadOption):
        list(store.iter_claims(ClaimFilter(search='"unbalanced')))


def test_sources_and_anonymous_share(store):
    store.add_record(rec_a())
    store.add_record(rec_b())
    by_source = {s["source"]: s for s in store.sources()}
    assert by_source["United Nations"]["outlets"] == ["BBC"]
    assert by_source["United Nations"]["stories"] == by_source["United Nations"]["articles"] == 1
    assert by_source["An unnamed official"]["anonymous"] is True
    outlets = {o["outlet"]: o for o in store.outlets()}
    assert outlets["Reuters"]["anonymous_share"] == 0.5
    assert outlets["BBC"]["anonymous_share"] == 0.0


def test_failures_are_kept_once_per_location_and_reason(store):
    from reportedly.store import Failure

    store.add_failure(Failure("a.jsonl:3", "MalformedInput: not a JSON line"))
    store.add_failure(Failure("a.jsonl:3", "MalformedInput: not a JSON line"))
    store.add_failure(Failure("b.txt", "EmptyInput: empty"))
    assert [f["location"] for f in store.iter_failures()] == ["a.jsonl:3", "b.txt"]


def test_refuses_foreign_and_newer_files(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError):
        SQLiteStore(junk)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE x (a)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not a reportedly store"):
        SQLiteStore(other)
    newer = tmp_path / "newer.db"
    SQLiteStore(newer).close()
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(newer)
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "missing.db", readonly=True, create=False)
    with pytest.raises(StoreError, match="PostgreSQL"):
        open_store("postgresql://localhost/x")


def test_ingest_records_a_record_the_store_refuses_and_goes_on(tmp_path, monkeypatch):
    from reportedly.ingest import runner

    st = SQLiteStore(tmp_path / "r.db")
    bad, good = rec_a(), rec_b()
    bad.claims[1].id = bad.claims[0].id
    results = [("record", "x.txt", bad, runner.minhash_bytes(bad.document.text)),
               ("record", "y.txt", good, runner.minhash_bytes(good.document.text))]
    monkeypatch.setattr(runner, "_results_in_process", lambda items, store, chunk: iter(results))
    s = runner.ingest([str(tmp_path)], st, jobs=1)
    assert (s.ingested, s.failed) == (1, 1)
    (f,) = st.iter_failures()
    assert f["location"] == "x.txt" and f["kind"] == "failed" and f["reason"].startswith("StoreError")


def test_sqlite_store_implements_the_protocol():
    from reportedly.store.base import Store

    names = [m for m in vars(Store) if not m.startswith("_")]
    assert len(names) > 15
    assert all(callable(getattr(SQLiteStore, m, None)) for m in names if m != "path")
