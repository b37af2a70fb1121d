"""Storage of articles and events (DuckDB by default)."""

from lagebild.store.duckdb import EventQuery, Store, WriteStats

DEFAULT_DB = "lagebild.duckdb"

__all__ = ["DEFAULT_DB", "EventQuery", "Store", "WriteStats"]
