"""Storage of articles and events (DuckDB by default)."""

from lagebild.store.duckdb import EventQuery, Store, WriteStats
from lagebild.store.rows import (
    ArticleRows,
    FailureRecord,
    Mention,
    Shard,
    StoreBatch,
    article_location,
    article_rows,
)

DEFAULT_DB = "lagebild.duckdb"

__all__ = [
    "DEFAULT_DB",
    "ArticleRows",
    "EventQuery",
    "FailureRecord",
    "Mention",
    "Shard",
    "Store",
    "StoreBatch",
    "WriteStats",
    "article_location",
    "article_rows",
]
