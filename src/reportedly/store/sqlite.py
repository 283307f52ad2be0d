"""SQLite backend: one file, WAL journal, FTS5 indexes, versioned schema.

Schema changes are numbered migrations; ``PRAGMA user_version`` holds the
number applied. Each document (its row, claims, figures, entities and FTS
rows) is written in one ``BEGIN IMMEDIATE`` transaction, so a process killed
at any moment leaves either the whole document or nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from ..errors import StoreError
from ..model import Record, record_from_dict, to_dict
from .base import AddResult, ClaimFilter, Failure

DEFAULT_DB = "reportedly.db"

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE documents (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT, outlet TEXT, url TEXT, published TEXT, format TEXT, origin TEXT,
        text TEXT NOT NULL,
        record TEXT NOT NULL,
        story TEXT NOT NULL,
        near_dup_of TEXT, similarity REAL,
        minhash BLOB,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_story ON documents(story);
    CREATE INDEX documents_outlet ON documents(outlet);
    CREATE TABLE claims (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        doc_id TEXT NOT NULL REFERENCES documents(id),
        local_id TEXT NOT NULL,
        source TEXT, source_canonical TEXT, source_type TEXT, anonymous INTEGER NOT NULL DEFAULT 0,
        cue TEXT, content TEXT NOT NULL, quote TEXT, certainty TEXT,
        chain TEXT NOT NULL DEFAULT '[]',
        start INTEGER, end INTEGER,
        cluster INTEGER, embedding BLOB
    );
    CREATE INDEX claims_doc ON claims(doc_id);
    CREATE INDEX claims_cluster ON claims(cluster);
    CREATE INDEX claims_source ON claims(source_canonical);
    CREATE TABLE quantities (
        id TEXT NOT NULL UNIQUE,
        doc_id TEXT NOT NULL, claim_id TEXT,
        text TEXT, kind TEXT, value REAL, low REAL, high REAL, best REAL,
        unit TEXT, about TEXT, side TEXT
    );
    CREATE INDEX quantities_claim ON quantities(claim_id);
    CREATE TABLE entities (
        doc_id TEXT NOT NULL, local_id TEXT, text TEXT, label TEXT, canonical TEXT, start INTEGER, end INTEGER
    );
    CREATE INDEX entities_doc ON entities(doc_id);
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        location TEXT NOT NULL, reason TEXT NOT NULL, kind TEXT NOT NULL,
        doc_id TEXT, at TEXT NOT NULL,
        UNIQUE(location, reason)
    );
    CREATE TABLE conflicts (
        a TEXT NOT NULL, b TEXT NOT NULL, reason TEXT NOT NULL,
        PRIMARY KEY (a, b)
    );
    CREATE VIRTUAL TABLE claims_fts USING fts5(content, source, tokenize='porter unicode61');
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, tokenize='porter unicode61');
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

_CLAIM_COLUMNS = """c.id AS claim_id, c.doc_id, d.outlet, d.published, d.title, d.url, d.story,
    c.source, c.source_canonical, c.source_type, c.anonymous, c.cue, c.content, c.quote, c.certainty,
    c.chain, c.cluster, c.start, c.end"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _claim_row(row: sqlite3.Row) -> dict:
    d = dict(row)
    d["anonymous"] = bool(d["anonymous"])
    d["chain"] = json.loads(d["chain"] or "[]")
    return d


def _record_json(record: Record) -> str:
    """The record as JSON, without the text (kept once, in documents.text)."""
    data = to_dict(record)
    data["document"]["text"] = None
    return json.dumps(data, ensure_ascii=False)


def _record_back(data: str, text: str) -> Record:
    d = json.loads(data)
    d["document"]["text"] = text
    return record_from_dict(d)


class SQLiteStore:
    """The default store. ``SQLiteStore(path)`` creates or migrates the file."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False, create: bool = True):
        self.path = str(path)
        if not create and not Path(self.path).exists():
            raise StoreError(f"no store at {self.path}", hint="run `reportedly ingest PATH --db FILE` first")
        try:
            if readonly:
                uri = f"file:{Path(self.path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30)
            else:
                self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.conn.row_factory = sqlite3.Row
            if not readonly:
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate(readonly)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a reportedly store ({exc})", hint="give another --db FILE") from exc

    # -- schema --------------------------------------------------------------
    def _migrate(self, readonly: bool) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {version}, newer than this reportedly ({SCHEMA_VERSION})",
                             hint="upgrade reportedly")
        if version == SCHEMA_VERSION:
            return
        if version == 0 and self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self.path} is an SQLite file but not a reportedly store", hint="give another --db FILE")
        if readonly:
            raise StoreError(f"{self.path} needs a schema upgrade", hint="run `reportedly ingest` on it once")
        for number in range(version, SCHEMA_VERSION):
            self.conn.executescript(f"BEGIN IMMEDIATE;\n{MIGRATIONS[number]}\nPRAGMA user_version={number + 1};\nCOMMIT;")

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # -- writing -----------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id=?", (doc_id,)).fetchone() is not None

    def add_record(self, record: Record, *, minhash: bytes | None = None, near_dup_of: str | None = None,
                   similarity: float | None = None) -> AddResult:
        doc = record.document
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            if c.execute("SELECT 1 FROM documents WHERE id=?", (doc.id,)).fetchone():
                c.execute("ROLLBACK")
                return AddResult("duplicate", doc.id)
            story = doc.id
            if near_dup_of:
                row = c.execute("SELECT story FROM documents WHERE id=?", (near_dup_of,)).fetchone()
                story = row[0] if row else doc.id
            cur = c.execute(
                "INSERT INTO documents (id, title, outlet, url, published, format, origin, text, record, story,"
                " near_dup_of, similarity, minhash, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc.id, doc.title, doc.outlet, doc.url, doc.published.date, doc.format, doc.origin, doc.text,
                 _record_json(record), story, near_dup_of if story != doc.id else None,
                 similarity if story != doc.id else None, minhash, _now()),
            )
            c.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?,?,?)",
                      (cur.lastrowid, doc.title or "", doc.text))
            for cl in record.claims:
                src = cl.source
                cid = f"{doc.id}:{cl.id}"
                cur = c.execute(
                    "INSERT INTO claims (id, doc_id, local_id, source, source_canonical, source_type, anonymous, cue,"
                    " content, quote, certainty, chain, start, end) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (cid, doc.id, cl.id, src.text if src else None, src.canonical if src else None,
                     src.type if src else None, int(bool(src and src.anonymous)), cl.cue.lemma if cl.cue else None,
                     cl.content.text, cl.quote, cl.certainty, json.dumps(to_dict(cl.chain), ensure_ascii=False),
                     cl.content.start, cl.content.end),
                )
                c.execute("INSERT INTO claims_fts (rowid, content, source) VALUES (?,?,?)",
                          (cur.lastrowid, cl.content.text, (src.canonical or src.text) if src else ""))
            for q in record.quantities:
                c.execute(
                    "INSERT INTO quantities (id, doc_id, claim_id, text, kind, value, low, high, best, unit, about, side)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (f"{doc.id}:{q.id}", doc.id, f"{doc.id}:{q.claim}" if q.claim else None, q.text, q.kind, q.value,
                     q.low, q.high, q.best, q.unit, q.about, q.side),
                )
            c.executemany(
                "INSERT INTO entities (doc_id, local_id, text, label, canonical, start, end) VALUES (?,?,?,?,?,?,?)",
                [(doc.id, e.id, e.text, e.label, e.canonical, e.start, e.end) for e in record.entities],
            )
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return AddResult("ingested", doc.id, story if story != doc.id else None, similarity)

    def add_failure(self, failure: Failure) -> None:
        self.conn.execute(
            "INSERT INTO failures (location, reason, kind, doc_id, at) VALUES (?,?,?,?,?)"
            " ON CONFLICT(location, reason) DO UPDATE SET at=excluded.at",
            (failure.location, failure.reason, failure.kind, failure.doc_id, _now()),
        )

    def set_match(self, claim_id: str, cluster: int, embedding: bytes | None) -> None:
        self.conn.execute("UPDATE claims SET cluster=?, embedding=? WHERE id=?", (cluster, embedding, claim_id))

    def add_conflicts(self, pairs: Iterable[tuple[str, str, str]]) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO conflicts (a, b, reason) VALUES (?,?,?)",
                              [(min(a, b), max(a, b), r) for a, b, r in pairs])

    def transaction(self):
        """``with store.transaction():`` groups several writes."""
        store = self

        class _Tx:
            def __enter__(self):
                store.conn.execute("BEGIN IMMEDIATE")

            def __exit__(self, exc_type, exc, tb):
                store.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
                return False

        return _Tx()

    # -- reading -----------------------------------------------------------
    def count(self, table: str) -> int:
        assert table in {"documents", "claims", "quantities", "entities", "failures", "conflicts"}
        return self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def iter_failures(self) -> Iterator[dict]:
        for row in self.conn.execute("SELECT location, kind, reason, doc_id, at FROM failures ORDER BY id"):
            yield dict(row)

    def iter_records(self) -> Iterator[Record]:
        for data, text in self.conn.execute("SELECT record, text FROM documents ORDER BY rowid"):
            yield _record_back(data, text)

    def record(self, doc_id: str) -> Record | None:
        row = self.conn.execute("SELECT record, text FROM documents WHERE id=?", (doc_id,)).fetchone()
        return _record_back(row[0], row[1]) if row else None

    def iter_documents(self) -> Iterator[dict]:
        sql = ("SELECT id AS doc_id, title, outlet, url, published, format, origin, story, near_dup_of, similarity,"
               " ingested_at FROM documents ORDER BY rowid")
        for row in self.conn.execute(sql):
            yield dict(row)

    def iter_minhashes(self) -> Iterator[tuple[str, bytes]]:
        yield from self.conn.execute("SELECT id, minhash FROM documents WHERE minhash IS NOT NULL")

    def iter_claims(self, filters: ClaimFilter | None = None) -> Iterator[dict]:
        f = filters or ClaimFilter()
        where, args = [], []
        if f.source:
            where.append("(c.source LIKE ? OR c.source_canonical LIKE ?)")
            args += [f"%{f.source}%"] * 2
        if f.about:
            where.append(
                "(c.content LIKE ? OR EXISTS (SELECT 1 FROM entities e WHERE e.doc_id=c.doc_id AND e.start>=c.start"
                " AND e.end<=c.end AND (e.canonical LIKE ? OR e.text LIKE ?)) OR EXISTS (SELECT 1 FROM quantities q"
                " WHERE q.claim_id=c.id AND (q.unit LIKE ? OR q.about LIKE ? OR q.side LIKE ?)))"
            )
            args += [f"%{f.about}%"] * 6
        if f.search:
            where.append("c.rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
            args.append(f.search)
        if f.article:
            where.append("d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
            args.append(f.article)
        if f.outlet:
            where.append("d.outlet LIKE ?")
            args.append(f.outlet)
        if f.since:
            where.append("d.published >= ?")
            args.append(f.since)
        if f.until:
            where.append("substr(d.published, 1, 10) <= ?")
            args.append(f.until)
        if f.doc_id:
            where.append("c.doc_id = ?")
            args.append(f.doc_id)
        if f.cluster is not None:
            where.append("c.cluster = ?")
            args.append(f.cluster)
        sql = f"SELECT {_CLAIM_COLUMNS} FROM claims c JOIN documents d ON d.id=c.doc_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.published IS NULL, d.published, d.rowid, c.rowid"
        if f.limit:
            sql += f" LIMIT {int(f.limit)}"
        try:
            rows = self.conn.execute(sql, args)
            for row in rows:
                yield _claim_row(row)
        except sqlite3.OperationalError as exc:
            if f.search or f.article:
                from ..errors import BadOption

                raise BadOption(f"bad full-text query {f.search or f.article!r}: {exc}") from exc
            raise

    def claim(self, claim_id: str) -> dict | None:
        row = self.conn.execute(
            f"SELECT {_CLAIM_COLUMNS} FROM claims c JOIN documents d ON d.id=c.doc_id WHERE c.id=?", (claim_id,)
        ).fetchone()
        return _claim_row(row) if row else None

    def claim_quantities(self, claim_id: str) -> list[dict]:
        return [dict(r) for r in self.conn.execute(
            "SELECT id, text, kind, value, low, high, best, unit, about, side FROM quantities WHERE claim_id=?",
            (claim_id,))]

    def claim_entities(self, claim_id: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT e.canonical FROM entities e JOIN claims c ON e.doc_id=c.doc_id"
            " WHERE c.id=? AND e.start>=c.start AND e.end<=c.end", (claim_id,))]

    def sources(self) -> list[dict]:
        rows = self.conn.execute(
            "SELECT coalesce(c.source_canonical, c.source) AS source, max(c.source_type) AS type,"
            " max(c.anonymous) AS anonymous, count(*) AS claims, count(DISTINCT c.doc_id) AS articles,"
            " count(DISTINCT d.story) AS stories,"
            " group_concat(DISTINCT d.outlet) AS outlets"
            " FROM claims c JOIN documents d ON d.id=c.doc_id WHERE coalesce(c.source_canonical, c.source) IS NOT NULL"
            " GROUP BY 1 ORDER BY claims DESC, source"
        )
        out = []
        for r in rows:
            d = dict(r)
            d["anonymous"] = bool(d["anonymous"])
            d["outlets"] = sorted((d["outlets"] or "").split(",")) if d["outlets"] else []
            out.append(d)
        return out

    def outlets(self) -> list[dict]:
        rows = self.conn.execute(
            "SELECT coalesce(d.outlet, '') AS outlet, count(DISTINCT d.id) AS articles, count(c.id) AS claims,"
            " sum(CASE WHEN c.source IS NOT NULL THEN 1 ELSE 0 END) AS sourced,"
            " sum(coalesce(c.anonymous, 0)) AS anonymous"
            " FROM documents d LEFT JOIN claims c ON d.id=c.doc_id GROUP BY 1 ORDER BY claims DESC, outlet"
        )
        out = []
        for r in rows:
            d = dict(r)
            d["outlet"] = d["outlet"] or None
            d["anonymous_share"] = round(d["anonymous"] / d["sourced"], 3) if d["sourced"] else None
            out.append(d)
        return out

    def unmatched_claims(self, page: int = 256) -> Iterator[dict]:
        """Claims without a cluster, in pages (safe to write clusters while iterating)."""
        last = 0
        while True:
            rows = self.conn.execute(
                f"SELECT c.rowid AS _r, {_CLAIM_COLUMNS} FROM claims c JOIN documents d ON d.id=c.doc_id"
                " WHERE c.cluster IS NULL AND c.rowid > ? ORDER BY c.rowid LIMIT ?", (last, page)).fetchall()
            if not rows:
                return
            last = rows[-1]["_r"]
            for row in rows:
                d = _claim_row(row)
                d.pop("_r")
                yield d

    def matched_embeddings(self) -> Iterator[tuple[str, int, bytes, str]]:
        yield from self.conn.execute(
            "SELECT id, cluster, embedding, content FROM claims WHERE cluster IS NOT NULL AND embedding IS NOT NULL")

    def pending_matches(self) -> int:
        return self.conn.execute("SELECT count(*) FROM claims WHERE cluster IS NULL").fetchone()[0]

    def iter_cluster_members(self) -> Iterator[tuple[int, str]]:
        """(cluster key, claim id), grouped by cluster, earliest publication first within each;
        a claim without a cluster gets a negative key of its own."""
        yield from self.conn.execute(
            "SELECT coalesce(c.cluster, -c.rowid) AS k, c.id FROM claims c JOIN documents d ON d.id=c.doc_id "
            "ORDER BY k, d.published IS NULL, d.published, c.rowid")

    def next_cluster(self) -> int:
        return (self.conn.execute("SELECT max(cluster) FROM claims").fetchone()[0] or 0) + 1

    def iter_conflicts(self) -> Iterator[dict]:
        yield from (dict(r) for r in self.conn.execute("SELECT a, b, reason FROM conflicts ORDER BY rowid"))

    def close(self) -> None:
        self.conn.close()


def open_store(path: str | Path = DEFAULT_DB, *, readonly: bool = False, create: bool = True) -> SQLiteStore:
    """The store for ``--db``: SQLite for a path (a ``postgresql://`` URL is not supported yet)."""
    if str(path).startswith(("postgres://", "postgresql://")):
        raise StoreError("PostgreSQL stores are not supported yet", hint="use an SQLite file")
    return SQLiteStore(path, readonly=readonly, create=create)
