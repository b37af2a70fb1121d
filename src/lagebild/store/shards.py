"""Parquet shards: how tasks on other machines hand coded articles to the one writer.

A Dask task codes a batch and writes two Parquet files, its ``articles`` and
``events`` rows, with exactly the columns and types of the DuckDB tables (they
are written from an in-memory DuckDB holding the same tables). The writer
process then loads each shard into the database with ``Store.write_batch``,
in the same transaction as the batch's mentions and dedupe rows, skipping
articles already stored, so loading is idempotent.

Layout next to the database ``news.duckdb``::

    news.duckdb.shards/<run>/pending/<batch>-articles.parquet   written, not loaded yet
    news.duckdb.shards/<run>/loaded/<batch>-events.parquet      loaded (kept on request)

Files are written under a temporary name and renamed, so a half-written
shard is never read. Pending shards left by a killed run are deleted by the
next run: their articles were not committed and are coded again. Loaded
shards are deleted unless the run keeps them, for querying in place::

    SELECT * FROM read_parquet('news.duckdb.shards/*/loaded/*-events.parquet')
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from pathlib import Path

import duckdb

from lagebild.store.duckdb import CONTENT_DDL, insert_rows
from lagebild.store.rows import ARTICLE_COLUMNS, EVENT_COLUMNS, ArticleRows, Shard

log = logging.getLogger(__name__)

PENDING = "pending"
LOADED = "loaded"


def shard_root(db: str | Path) -> Path:
    """The default shard directory of a database: ``<db>.shards`` beside it."""
    path = Path(db)
    return path.with_name(path.name + ".shards")


def write_shard(results: list[ArticleRows], directory: Path, name: str) -> Shard:
    """Write the rows of ``results`` as ``<name>-articles.parquet`` and ``-events.parquet``."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    con = duckdb.connect()
    try:
        con.execute(CONTENT_DDL)
        insert_rows(con, "articles", ARTICLE_COLUMNS, [r.article for r in results])
        insert_rows(con, "events", EVENT_COLUMNS, [e for r in results for e in r.events])
        for table in ("articles", "events"):
            final = directory / f"{name}-{table}.parquet"
            partial = directory / f".{name}-{table}.parquet.tmp"
            con.execute(f"COPY {table} TO {_quote(partial)} (FORMAT parquet)")
            os.replace(partial, final)
            paths[table] = final
    finally:
        con.close()
    return Shard(paths["articles"], paths["events"], [r.summary() for r in results])


class ShardDirectory:
    """The shards of one run: where tasks write them and what happens once loaded."""

    def __init__(self, root: Path, run: str, keep: bool = False) -> None:
        self.root = root
        self.run = run
        self.keep = keep
        self.pending = root / run / PENDING

    def prepare(self) -> int:
        """Create this run's directory; delete pending shards of earlier runs (returns how many)."""
        stale = 0
        for old in self.root.glob(f"*/{PENDING}") if self.root.is_dir() else ():
            files = [f for f in old.iterdir() if f.is_file()]
            stale += len(files)
            shutil.rmtree(old, ignore_errors=True)
            _remove_if_empty(old.parent)
        if stale:
            log.info("deleted %d shard files of an interrupted run in %s", stale, self.root)
        self.pending.mkdir(parents=True, exist_ok=True)
        return stale

    def loaded(self, shard: Shard) -> None:
        """The shard is in the database: delete it, or keep it under ``loaded/``."""
        for path in (shard.articles, shard.events):
            if not path.exists():
                continue
            if self.keep:
                target = self.root / self.run / LOADED / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
            else:
                path.unlink()

    def finish(self) -> None:
        """Remove the run's directories if nothing is left in them."""
        _remove_if_empty(self.pending)
        _remove_if_empty(self.root / self.run)
        _remove_if_empty(self.root)


def _remove_if_empty(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.rmdir()


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
