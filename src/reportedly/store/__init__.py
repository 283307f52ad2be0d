"""Corpus storage: the :class:`~reportedly.store.base.Store` interface and its
SQLite implementation (the default; PostgreSQL can follow behind the same
interface)."""

from .base import AddResult, ClaimFilter, Failure, Store
from .sqlite import DEFAULT_DB, SQLiteStore, open_store

__all__ = ["AddResult", "ClaimFilter", "Failure", "Store", "SQLiteStore", "DEFAULT_DB", "open_store"]
