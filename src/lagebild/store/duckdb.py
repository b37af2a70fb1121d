"""The DuckDB store: articles, events, mentions, dedupe state and failures in one file.

Idempotent by article id: an article already stored is skipped with its
events, so re-ingesting changes nothing. Each batch is written in one
transaction (articles with their events, the locations that carried them,
the dedupe index rows and the failures of the batch), so a killed run leaves
only whole batches behind and a restart picks up where it stopped.

Tables (schema version 2):

- ``articles``, ``events``: one row per stored article / coded event.
- ``article_mentions``: every location (URL, file line, WARC record) that
  carried an article: the original and each exact or near copy, with the
  similarity to the stored article. A copy is stored here, not as an article.
- ``dedupe``: the persisted ``DedupeIndex`` (content hash and MinHash
  signature per article seen), so that duplicates are found across runs.
- ``failures``: documents that could not be read (stage "read") or coded
  (stage "code"), one row per location with the latest reason and the number
  of attempts. Records that are deliberately not articles (a WARC's images,
  request records) are *not* failures and are not stored; runs count them.
  A location that later yields an article is marked ``resolved_at`` and no
  longer listed as open. An article whose coding failed is stored with status
  "failed" and coded again by the next run; success replaces it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from lagebild.dedupe import DedupeConfig, DedupeIndex
from lagebild.errors import LagebildError
from lagebild.records import CodedArticle
from lagebild.store.rows import (
    ARTICLE_COLUMNS,
    EVENT_COLUMNS,
    FAILED,
    MENTION_COLUMNS,
    UNCODED,
    ArticleRows,
    FailureRecord,
    StoreBatch,
    article_rows,
    coding_failure,
    utcnow,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2

CONTENT_DDL = """
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    url VARCHAR,
    title VARCHAR,
    text VARCHAR,
    published TIMESTAMP,
    outlet VARCHAR,
    lang VARCHAR,
    source VARCHAR,
    content_hash VARCHAR,
    status VARCHAR,
    message VARCHAR,
    n_sentences INTEGER,
    n_events INTEGER,
    ingested_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR,
    sentence INTEGER,
    start INTEGER,
    "end" INTEGER,
    anchor INTEGER,
    source VARCHAR, source_entity VARCHAR, source_role VARCHAR, source_text VARCHAR,
    target VARCHAR, target_entity VARCHAR, target_role VARCHAR, target_text VARCHAR,
    code VARCHAR, root VARCHAR, name VARCHAR,
    goldstein DOUBLE, quad_class INTEGER,
    plover VARCHAR, plover_mode VARCHAR,
    modality VARCHAR, attribution VARCHAR,
    date DATE, date_precision VARCHAR,
    location VARCHAR, location_country VARCHAR, latitude DOUBLE, longitude DOUBLE,
    confidence DOUBLE, rule VARCHAR, evidence JSON, text VARCHAR, lang VARCHAR
);
"""
"""The content tables; Parquet shards are written from an in-memory copy of them."""

_DDL = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);"
    + CONTENT_DDL
    + """
CREATE TABLE IF NOT EXISTS article_mentions (
    article_id VARCHAR,
    duplicate_id VARCHAR,
    location VARCHAR,
    url VARCHAR,
    source VARCHAR,
    kind VARCHAR,
    similarity DOUBLE,
    seen_at TIMESTAMP,
    PRIMARY KEY (duplicate_id, location)
);
CREATE SEQUENCE IF NOT EXISTS dedupe_seq;
CREATE TABLE IF NOT EXISTS dedupe (
    seq BIGINT DEFAULT nextval('dedupe_seq'),
    article_id VARCHAR PRIMARY KEY,
    content_hash VARCHAR,
    signature BLOB,
    canonical_id VARCHAR,
    similarity DOUBLE
);
"""
)
_FAILURES_DDL = """
CREATE TABLE IF NOT EXISTS failures (
    location VARCHAR PRIMARY KEY,
    reason VARCHAR,
    source VARCHAR,
    stage VARCHAR,
    article_id VARCHAR,
    attempts INTEGER,
    first_recorded_at TIMESTAMP,
    recorded_at TIMESTAMP,
    resolved_at TIMESTAMP
);
"""
_UPSERT_FAILURE = """
INSERT INTO failures VALUES (?, ?, ?, ?, ?, 1, ?, ?, NULL)
ON CONFLICT (location) DO UPDATE SET
    reason = excluded.reason, source = excluded.source, stage = excluded.stage,
    article_id = excluded.article_id, attempts = failures.attempts + 1,
    recorded_at = excluded.recorded_at, resolved_at = NULL
"""
_ARTICLE_CONFLICT = (
    "ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in ARTICLE_COLUMNS if c != "id")
    + f" WHERE articles.status = '{FAILED}'"
)
FAILURE_COLUMNS = (
    "recorded_at", "stage", "source", "location", "reason", "attempts", "article_id",
    "first_recorded_at", "resolved_at",
)  # fmt: skip


@dataclass
class WriteStats:
    articles: int = 0  # new rows in ``articles``, whatever their status
    events: int = 0
    skipped: int = 0  # already stored
    uncoded: int = 0  # of the new articles: stored without coding (no language pack)
    failed: int = 0  # of the new articles: coding failed (stored, to be coded again)

    def __iadd__(self, other: WriteStats) -> WriteStats:
        self.articles += other.articles
        self.events += other.events
        self.skipped += other.skipped
        self.uncoded += other.uncoded
        self.failed += other.failed
        return self


@dataclass(frozen=True)
class EventQuery:
    """Filters for ``Store.events``; codes match the entity or the full code."""

    source: str | None = None
    target: str | None = None
    since: date | None = None
    until: date | None = None
    root: str | None = None
    modality: str | None = None
    article_id: str | None = None
    limit: int | None = None


class Store:
    """A DuckDB database file holding articles, events, mentions and failures."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as err:
            raise LagebildError(f"cannot open database {self.path}: {err}") from err
        if not read_only:
            self.con.execute(_DDL)
            self._migrate()
            self.con.execute(_FAILURES_DDL)
            self._set_meta("schema_version", str(SCHEMA_VERSION))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        value = self._meta("schema_version")
        return int(value) if value else 0

    # -- writing ---------------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored already (an article whose coding failed is not)."""
        return self._present(
            "SELECT id FROM articles WHERE status IS DISTINCT FROM ? "
            "AND id IN (SELECT unnest(?::VARCHAR[]))",
            ids,
            FAILED,
        )

    def seen_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` were stored, or recognised as copies of a stored article."""
        wanted = list(dict.fromkeys(ids))
        copies = self._present(
            "SELECT duplicate_id FROM article_mentions WHERE kind <> 'original' "
            "AND duplicate_id IN (SELECT unnest(?::VARCHAR[]))",
            wanted,
        )
        return self.known_ids(wanted) | copies

    def _present(self, sql: str, ids: Iterable[str], *params: Any) -> set[str]:
        """The ids a one-column query finds among ``ids`` (bound as the last parameter)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        return {r[0] for r in self.con.execute(sql, [*params, wanted]).fetchall()}

    def write(self, results: Sequence[CodedArticle]) -> WriteStats:
        """Store new coded articles with their events in one transaction."""
        return self.write_batch(StoreBatch(coded=[article_rows(r) for r in results]))

    def write_batch(self, batch: StoreBatch) -> WriteStats:
        """Store one batch in one transaction; nothing of it if anything fails.

        Articles already stored are skipped (an article stored as "failed" is
        replaced); mentions and dedupe rows already present are left alone;
        failures are recorded per location, and a location that now yields an
        article is marked resolved.
        """
        stats = WriteStats()
        results = batch.results
        known = self.known_ids(r.id for r in results)
        fresh: dict[str, ArticleRows] = {}
        for result in results:
            if result.id in known or result.id in fresh:
                stats.skipped += 1
            else:
                fresh[result.id] = result
        failures = [*batch.failures, *_coding_failures(fresh.values())]
        failed_at = {f.location for f in failures}
        resolved = {r.location for r in fresh.values() if r.status != FAILED}
        resolved |= {m.location for m in batch.mentions}
        self.con.execute("BEGIN TRANSACTION")
        try:
            if batch.shard is not None:
                self._load_shard(batch.shard.articles, batch.shard.events, list(fresh))
            else:
                self._insert_articles(fresh.values())
            insert_rows(
                self.con, "article_mentions", MENTION_COLUMNS, [m.row() for m in batch.mentions]
            )
            insert_rows(
                self.con,
                "dedupe",
                _DEDUPE_COLUMNS,
                [
                    (d.article_id, d.content_hash, d.signature, d.canonical_id, d.similarity)
                    for d in batch.dedupe
                ],
            )
            self._record_failures(failures)
            self._resolve(resolved - failed_at)
            stats.events = self._count_events(list(fresh))
            self.con.execute("COMMIT")
        except BaseException:  # KeyboardInterrupt too: leave no half-written batch
            self.con.execute("ROLLBACK")
            raise
        stats.articles = len(fresh)
        stats.uncoded = sum(1 for r in fresh.values() if r.status == UNCODED)
        stats.failed = sum(1 for r in fresh.values() if r.status == FAILED)
        return stats

    def _count_events(self, article_ids: list[str]) -> int:
        """Events stored for these articles (a coder may repeat an event id)."""
        if not article_ids:
            return 0
        row = self.con.execute(
            "SELECT count(*) FROM events WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [article_ids],
        ).fetchone()
        return int(row[0]) if row else 0

    def _insert_articles(self, results: Iterable[ArticleRows]) -> None:
        rows = list(results)
        insert_rows(
            self.con,
            "articles",
            ARTICLE_COLUMNS,
            [r.article for r in rows],
            conflict=_ARTICLE_CONFLICT,
        )
        insert_rows(self.con, "events", EVENT_COLUMNS, [e for r in rows for e in r.events])

    def _load_shard(self, articles: Path, events: Path, ids: list[str]) -> None:
        if not ids:
            return
        names = ", ".join(f'"{c}"' for c in ARTICLE_COLUMNS)
        self.con.execute(
            f"INSERT INTO articles ({names}) SELECT {names} FROM read_parquet(?) "
            f"WHERE id IN (SELECT unnest(?::VARCHAR[])) {_ARTICLE_CONFLICT}",
            [str(articles), ids],
        )
        names = ", ".join(f'"{c}"' for c in EVENT_COLUMNS)
        self.con.execute(
            f"INSERT INTO events ({names}) SELECT {names} FROM read_parquet(?) "
            "WHERE article_id IN (SELECT unnest(?::VARCHAR[])) ON CONFLICT DO NOTHING",
            [str(events), ids],
        )

    def record_failure(
        self, location: str, reason: str, source: str = "", stage: str = "read"
    ) -> None:
        """Record (or update) the failure of one location."""
        self._record_failures([FailureRecord(location, reason, source, stage)])

    def _record_failures(self, failures: Sequence[FailureRecord]) -> None:
        latest = {f.location: f for f in failures}  # one update per row and statement
        if not latest:
            return
        now = utcnow()
        self.con.executemany(
            _UPSERT_FAILURE,
            [
                (f.location, f.reason, f.source, f.stage, f.article_id, now, now)
                for f in latest.values()
            ],
        )

    def _resolve(self, locations: set[str]) -> None:
        if locations:
            self.con.execute(
                "UPDATE failures SET resolved_at = ? WHERE resolved_at IS NULL "
                "AND location IN (SELECT unnest(?::VARCHAR[]))",
                [utcnow(), sorted(locations)],
            )

    # -- dedupe state ------------------------------------------------------------
    def dedupe_index(self, config: DedupeConfig | None = None) -> DedupeIndex:
        """The dedupe index of every article seen so far, with the saved settings.

        The settings are saved with the first index; asking for other ones
        later is an error (saved signatures would not compare).
        """
        saved = self._meta("dedupe_config")
        if saved is not None:
            stored = DedupeConfig(**json.loads(saved))
            if config is not None and config != stored:
                raise LagebildError(
                    f"{self.path} was deduplicated with {stored}; cannot use {config}"
                )
            config = stored
        else:
            config = config or DedupeConfig()
            if not self.read_only:
                self._set_meta("dedupe_config", json.dumps(asdict(config)))
        cursor = self.con.execute(f"SELECT {', '.join(_DEDUPE_COLUMNS)} FROM dedupe ORDER BY seq")
        return DedupeIndex.from_rows(_fetch_all(cursor), config)

    # -- reading ---------------------------------------------------------------
    def events(self, query: EventQuery | None = None) -> list[dict[str, Any]]:
        query = query or EventQuery()
        where, params = _event_filters(query)
        sql = f"SELECT * FROM events {where} ORDER BY date NULLS LAST, article_id, sentence"
        if query.limit:
            sql += f" LIMIT {int(query.limit)}"
        return [_decode(row) for row in self._dicts(sql, params)]

    def export_rows(
        self, query: EventQuery | None = None, chunk: int = 10_000
    ) -> Iterator[dict[str, Any]]:
        """Events with their article's URL, outlet, publication time and number
        of mentions (URLs that carried it), streamed in chunks for exports."""
        query = query or EventQuery()
        where, params = _event_filters(query)
        mentions = (
            "(SELECT count(*) FROM article_mentions m WHERE m.article_id = e.article_id)"
            if self.schema_version >= 2
            else "1"
        )
        sql = (
            f"SELECT e.*, a.url AS source_url, a.outlet, a.published, {mentions} AS mentions "
            f"FROM (SELECT * FROM events {where}) e LEFT JOIN articles a ON a.id = e.article_id "
            "ORDER BY e.date NULLS LAST, e.article_id, e.sentence"
        )
        if query.limit:
            sql += f" LIMIT {int(query.limit)}"
        cursor = self.con.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        while rows := cursor.fetchmany(chunk):
            for row in rows:
                yield _decode(dict(zip(columns, row, strict=True)))

    def failures(self, include_resolved: bool = False) -> list[dict[str, Any]]:
        """Open failures (and resolved ones if asked), oldest first."""
        self._require_version(2, "failures")
        where = "" if include_resolved else "WHERE resolved_at IS NULL"
        columns = ", ".join(FAILURE_COLUMNS)
        return self._dicts(f"SELECT {columns} FROM failures {where} ORDER BY recorded_at")

    def mentions(self, article_id: str | None = None) -> list[dict[str, Any]]:
        """Every location that carried an article (or the one given), in order seen."""
        self._require_version(2, "mentions")
        where, params = ("WHERE article_id = ?", [article_id]) if article_id else ("", [])
        return self._dicts(
            f"SELECT * FROM article_mentions {where} ORDER BY seen_at, location", params
        )

    def counts(self) -> dict[str, int]:
        """Articles, events, duplicates (copies stored as mentions) and open failures."""
        one = self.con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
            "(SELECT count(*) FROM article_mentions WHERE kind IN ('exact', 'near')), "
            "(SELECT count(*) FROM failures WHERE resolved_at IS NULL)"
        ).fetchone()
        assert one is not None
        return {"articles": one[0], "events": one[1], "duplicates": one[2], "failures": one[3]}

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, list(params))
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    # -- schema --------------------------------------------------------------------
    def _meta(self, key: str) -> str | None:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        except duckdb.CatalogException:
            return None
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self.con.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def _require_version(self, version: int, what: str) -> None:
        if self.schema_version < version:
            raise LagebildError(
                f"{self.path} was written by an older Lagebild and has no {what} yet; "
                "open it once for writing (lagebild ingest) to upgrade it"
            )

    def _migrate(self) -> None:
        """Schema 1 kept one failures row per attempt, without stage or resolution."""
        columns = {
            r[0]
            for r in self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'failures'"
            ).fetchall()
        }
        if not columns or "stage" in columns:
            return
        log.info("%s: upgrading the failures table to schema %d", self.path, SCHEMA_VERSION)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute("ALTER TABLE failures RENAME TO failures_v1")
            self.con.execute(_FAILURES_DDL)
            self.con.execute(
                "INSERT INTO failures SELECT location, arg_max(reason, recorded_at), "
                "arg_max(source, recorded_at), 'read', NULL, count(*), min(recorded_at), "
                "max(recorded_at), NULL FROM failures_v1 GROUP BY location"
            )
            self.con.execute("DROP TABLE failures_v1")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise


_DEDUPE_COLUMNS = ("article_id", "content_hash", "signature", "canonical_id", "similarity")


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
    conflict: str = "ON CONFLICT DO NOTHING",
) -> None:
    """Insert ``rows`` into ``table``; by default rows whose key exists are left alone."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    con.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks}) {conflict}", rows)


def _coding_failures(results: Iterable[ArticleRows]) -> list[FailureRecord]:
    return [coding_failure(r) for r in results if r.status == FAILED]


def _fetch_all(cursor: duckdb.DuckDBPyConnection, size: int = 10_000) -> Iterator[tuple[Any, ...]]:
    while rows := cursor.fetchmany(size):
        yield from rows


def _event_filters(query: EventQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (("source", query.source), ("target", query.target)):
        if value:
            clauses.append(f"({column} = ? OR {column}_entity = ?)")
            params += [value.upper(), value.upper()]
    if query.since:
        clauses.append("date >= ?")
        params.append(query.since)
    if query.until:
        clauses.append("date <= ?")
        params.append(query.until)
    if query.root:
        clauses.append("root = ?")
        params.append(query.root.zfill(2))
    if query.modality:
        clauses.append("modality = ?")
        params.append(query.modality)
    if query.article_id:
        clauses.append("article_id = ?")
        params.append(query.article_id)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    if isinstance(row.get("evidence"), str):
        row["evidence"] = json.loads(row["evidence"])
    return row
