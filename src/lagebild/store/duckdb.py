"""The DuckDB store: articles, events and failures in one file.

Idempotent by article id: an article already stored is skipped with its
events, so re-ingesting changes nothing. Each batch of articles is written
with its events in one transaction, so a killed run leaves only whole
articles behind and a restart picks up where it stopped.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from lagebild.errors import LagebildError
from lagebild.records import CodedArticle, Event

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
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
CREATE TABLE IF NOT EXISTS failures (
    location VARCHAR,
    reason VARCHAR,
    source VARCHAR,
    recorded_at TIMESTAMP
);
"""

EVENT_COLUMNS = (
    "id", "article_id", "sentence", "start", "end", "anchor",
    "source", "source_entity", "source_role", "source_text",
    "target", "target_entity", "target_role", "target_text",
    "code", "root", "name", "goldstein", "quad_class", "plover", "plover_mode",
    "modality", "attribution", "date", "date_precision",
    "location", "location_country", "latitude", "longitude",
    "confidence", "rule", "evidence", "text", "lang",
)  # fmt: skip
ARTICLE_COLUMNS = (
    "id", "url", "title", "text", "published", "outlet", "lang", "source",
    "content_hash", "status", "message", "n_sentences", "n_events", "ingested_at",
)  # fmt: skip


@dataclass
class WriteStats:
    articles: int = 0
    events: int = 0
    skipped: int = 0  # already stored

    def __iadd__(self, other: WriteStats) -> WriteStats:
        self.articles += other.articles
        self.events += other.events
        self.skipped += other.skipped
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
    """A DuckDB database file holding articles, events and failures."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as err:
            raise LagebildError(f"cannot open database {self.path}: {err}") from err
        if not read_only:
            self.con.execute(_DDL)
            self.con.execute(
                "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                [str(SCHEMA_VERSION)],
            )

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored already."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        rows = self.con.execute(
            "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted]
        ).fetchall()
        return {r[0] for r in rows}

    def write(self, results: Sequence[CodedArticle]) -> WriteStats:
        """Store new articles with their events in one transaction."""
        stats = WriteStats()
        known = self.known_ids(r.article.id for r in results)
        fresh: dict[str, CodedArticle] = {}
        for result in results:
            if result.article.id in known or result.article.id in fresh:
                stats.skipped += 1
            else:
                fresh[result.article.id] = result
        if not fresh:
            return stats
        now = datetime.now(UTC).replace(tzinfo=None)
        article_rows = [_article_row(r, now) for r in fresh.values()]
        event_rows = [_event_row(e) for r in fresh.values() for e in r.events]
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._insert("articles", ARTICLE_COLUMNS, article_rows)
            self._insert("events", EVENT_COLUMNS, event_rows)
            self.con.execute("COMMIT")
        except duckdb.Error:
            self.con.execute("ROLLBACK")
            raise
        stats.articles, stats.events = len(article_rows), len(event_rows)
        return stats

    def _insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.con.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING", rows
        )

    def record_failure(self, location: str, reason: str, source: str = "") -> None:
        now = datetime.now(UTC).replace(tzinfo=None)
        self.con.execute(
            "INSERT INTO failures VALUES (?, ?, ?, ?)", [location, reason, source, now]
        )

    # -- reading ---------------------------------------------------------------
    def events(self, query: EventQuery | None = None) -> list[dict[str, Any]]:
        query = query or EventQuery()
        where, params = _event_filters(query)
        sql = f"SELECT * FROM events {where} ORDER BY date NULLS LAST, article_id, sentence"
        if query.limit:
            sql += f" LIMIT {int(query.limit)}"
        cursor = self.con.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        return [_decode(dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]

    def failures(self) -> list[dict[str, Any]]:
        cursor = self.con.execute("SELECT * FROM failures ORDER BY recorded_at")
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    def counts(self) -> dict[str, int]:
        one = self.con.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
            "(SELECT count(*) FROM failures)"
        ).fetchone()
        assert one is not None
        return {"articles": one[0], "events": one[1], "failures": one[2]}


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


def _article_row(result: CodedArticle, now: datetime) -> tuple[Any, ...]:
    a = result.article
    published = a.published.replace(tzinfo=None) if a.published else None
    return (
        a.id, a.url, a.title, a.text, published, a.outlet, result.lang or a.lang, a.source,
        a.content_hash, result.status, result.message, len(result.sentences),
        len(result.events), now,
    )


def _event_row(event: Event) -> tuple[Any, ...]:
    flat = event.flat()
    flat["evidence"] = json.dumps(flat["evidence"], ensure_ascii=False)
    return tuple(flat[c] for c in EVENT_COLUMNS)


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    if isinstance(row.get("evidence"), str):
        row["evidence"] = json.loads(row["evidence"])
    return row
