"""What the store writes, as plain rows: made wherever articles are coded.

A coded article becomes an ``ArticleRows`` (its ``articles`` row and its
``events`` rows) in the process that coded it: the single writer process,
a worker of a process pool, or a Dask task writing a Parquet shard. The
rows are small and picklable; the analysed sentences and tokens are not
shipped back to the writer.

``Mention``, ``FailureRecord`` and ``StoreBatch`` are the other things one
write transaction holds: every location that carried an article, documents
that could not be read, and the dedupe index rows of the batch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lagebild.dedupe import DedupeRow
from lagebild.records import Article, CodedArticle, Event

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
MENTION_COLUMNS = (
    "article_id", "duplicate_id", "location", "url", "source", "kind", "similarity", "seen_at",
)  # fmt: skip

FAILED = "failed"  # the status of an article whose coding failed; it is retried later
UNCODED = "stored-uncoded"  # the status of an article without a language pack


def utcnow() -> datetime:
    """Now in UTC, naive (DuckDB ``TIMESTAMP``)."""
    return datetime.now(UTC).replace(tzinfo=None)


def article_location(article: Article) -> str:
    """Where an article was read: the same string a ``Failure`` for it would carry.

    A feed item's link, a WARC record (``archive.warc.gz#<record-id>``), a JSONL
    or CSV line (``file.jsonl:17``), a file path; else its URL or id.
    """
    return str(article.meta.get("location") or article.source or article.url or article.id)


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """One coded article as table rows, plus the figures a run reports."""

    id: str
    status: str  # "coded", "stored-uncoded", "failed"
    message: str | None
    location: str
    article: tuple[Any, ...]  # in ARTICLE_COLUMNS order
    events: list[tuple[Any, ...]]  # each in EVENT_COLUMNS order
    n_sentences: int
    n_tokens: int
    n_events: int

    def summary(self) -> ArticleRows:
        """The same figures without the rows (what a shard task sends back)."""
        return ArticleRows(
            self.id,
            self.status,
            self.message,
            self.location,
            (),
            [],
            self.n_sentences,
            self.n_tokens,
            self.n_events,
        )


def article_rows(result: CodedArticle, now: datetime | None = None) -> ArticleRows:
    """The rows of one coded article; ``published`` is kept as given (never 'today')."""
    a = result.article
    published = a.published.replace(tzinfo=None) if a.published else None
    events = [event_row(e) for e in result.events]
    row = (
        a.id, a.url, a.title, a.text, published, a.outlet, result.lang or a.lang, a.source,
        a.content_hash, result.status, result.message, len(result.sentences),
        len(events), now or utcnow(),
    )  # fmt: skip
    return ArticleRows(
        id=a.id,
        status=result.status,
        message=result.message,
        location=article_location(a),
        article=row,
        events=events,
        n_sentences=len(result.sentences),
        n_tokens=sum(len(s.tokens) for s in result.sentences),
        n_events=len(events),
    )


def event_row(event: Event) -> tuple[Any, ...]:
    flat = event.flat()
    flat["evidence"] = json.dumps(flat["evidence"], ensure_ascii=False)
    return tuple(flat[c] for c in EVENT_COLUMNS)


@dataclass(frozen=True, slots=True)
class Mention:
    """One location that carried an article (the original or a copy of it).

    ``article_id`` is the canonical article; ``duplicate_id`` the id of the copy
    as read (equal to ``article_id`` for the original). ``kind`` is
    "original", "exact", "near" or "repeat" (the same article read again from
    another location).
    """

    article_id: str
    duplicate_id: str
    location: str
    url: str | None
    source: str | None
    kind: str
    similarity: float
    seen_at: datetime = field(default_factory=utcnow)

    def row(self) -> tuple[Any, ...]:
        return (
            self.article_id, self.duplicate_id, self.location, self.url, self.source,
            self.kind, self.similarity, self.seen_at,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class FailureRecord:
    """A document that could not be read (stage "read") or coded (stage "code")."""

    location: str
    reason: str
    source: str = ""
    stage: str = "read"
    article_id: str | None = None


def coding_failure(result: ArticleRows) -> FailureRecord:
    """The failure record of an article whose coding failed."""
    message = result.message or "coding failed"
    return FailureRecord(result.location, message, "pipeline", "code", result.id)


@dataclass(frozen=True, slots=True)
class Shard:
    """Parquet files written by one task: its articles and events, and their figures."""

    articles: Path
    events: Path
    results: list[ArticleRows]  # summaries only (no rows)


@dataclass
class StoreBatch:
    """Everything one write transaction stores.

    Coded articles come either as rows (``coded``) or as a Parquet ``shard``.
    """

    coded: list[ArticleRows] = field(default_factory=list)
    shard: Shard | None = None
    mentions: list[Mention] = field(default_factory=list)
    dedupe: list[DedupeRow] = field(default_factory=list)
    failures: list[FailureRecord] = field(default_factory=list)

    @property
    def results(self) -> list[ArticleRows]:
        """The coded articles' figures, whichever way they came."""
        return self.shard.results if self.shard is not None else self.coded
