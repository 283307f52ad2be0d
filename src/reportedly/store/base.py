"""The store interface: what corpus mode needs from a backend.

SQLite (:mod:`reportedly.store.sqlite`) is the one backend today; a
PostgreSQL backend can follow behind the same protocol (not written yet).
Every write of one document happens in one transaction, so a reader never
sees half a document and a killed process leaves none behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

from ..model import Record


@dataclass
class ClaimFilter:
    source: str | None = None  # substring of the source (text or canonical name)
    about: str | None = None  # substring of an entity, unit or the claim text
    search: str | None = None  # FTS5 query over claim content and source
    article: str | None = None  # FTS5 query over the article's title and text
    outlet: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    doc_id: str | None = None
    cluster: int | None = None
    limit: int | None = None


@dataclass
class AddResult:
    status: str  # ingested | duplicate
    doc_id: str
    story: str | None = None  # doc id of the story this one copies (near-duplicate)
    similarity: float | None = None


@dataclass
class Failure:
    location: str  # file, file:line or file@offset
    reason: str
    kind: str = "skipped"  # skipped (bad input) | failed (error while analysing)
    doc_id: str | None = None
    extra: dict = field(default_factory=dict)


class Store(Protocol):
    """What ingest, matching, the query commands and the exports use. ``path``
    names the store (a file for SQLite, a URL for a server backend)."""

    path: str

    # writing (one document = one transaction)
    def has_document(self, doc_id: str) -> bool: ...

    def add_record(self, record: Record, *, minhash: bytes | None = None, near_dup_of: str | None = None,
                   similarity: float | None = None) -> AddResult: ...

    def add_failure(self, failure: Failure) -> None: ...

    def transaction(self) -> AbstractContextManager: ...

    def set_match(self, claim_id: str, cluster: int, embedding: bytes | None) -> None: ...

    def add_conflicts(self, pairs: Iterable[tuple[str, str, str]]) -> None: ...

    # reading
    def count(self, table: str) -> int: ...

    def iter_records(self) -> Iterator[Record]: ...

    def record(self, doc_id: str) -> Record | None: ...

    def iter_documents(self) -> Iterator[dict]: ...

    def iter_failures(self) -> Iterator[dict]: ...

    def iter_minhashes(self) -> Iterator[tuple[str, bytes]]: ...

    def iter_claims(self, filters: ClaimFilter | None = None) -> Iterator[dict]: ...

    def claim(self, claim_id: str) -> dict | None: ...

    def claim_quantities(self, claim_id: str) -> list[dict]: ...

    def sources(self) -> list[dict]: ...

    def outlets(self) -> list[dict]: ...

    # claim matching
    def unmatched_claims(self, page: int = 256) -> Iterator[dict]: ...

    def matched_embeddings(self) -> Iterator[tuple[str, int, bytes, str]]: ...

    def next_cluster(self) -> int: ...

    def pending_matches(self) -> int: ...

    def iter_cluster_members(self) -> Iterator[tuple[int, str]]: ...

    def iter_conflicts(self) -> Iterator[dict]: ...

    def close(self) -> None: ...
