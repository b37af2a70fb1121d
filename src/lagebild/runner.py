"""Ingest orchestration: read → dedupe → code → store, resumable and in bounded memory.

``IngestRun.ingest(items)`` takes the stream of ``read_sources`` (or of
``feeds.poll_new``) and, batch by batch:

1. sorts each record out, on this process, in input order: a ``Failure`` is
   recorded (a skipped non-article record is only counted); an article
   already stored is a repeat; an article the ``DedupeIndex`` recognises as
   an exact or near copy of another becomes a *mention* of that article; the
   rest is to be coded;
2. codes the batch with a ``Coder`` (this process, worker processes or Dask:
   ``lagebild.parallel``), with a bounded number of batches in flight;
3. stores the batch in one transaction: new articles and their events, one
   mention per location that carried an article, the dedupe rows of the
   batch, its failures (and failures now resolved).

Deduplication happens before distribution, so workers and shards never see
duplicates. Batches are stored in input order, so an original is always
committed no later than its copies.

Why a killed run resumes without duplicates or gaps: everything of a batch is
committed together or not at all; a restart reloads the dedupe index from the
database (only committed batches are in it), skips articles already stored
and reads everything else again. Nothing else is kept between runs.

Memory is bounded by the batch size times the batches in flight, plus the
dedupe index (about 1 KB per article ever seen: a 512-byte MinHash signature
and LSH buckets) and the ids of this run's articles.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from lagebild.dedupe import DedupeConfig, DuplicateOf
from lagebild.ingest.base import Failure, IngestOptions
from lagebild.ingest.feeds import poll_new
from lagebild.ingest.http import HttpClient
from lagebild.parallel import Coded, Coder
from lagebild.records import Article
from lagebild.store import Store
from lagebild.store.rows import (
    FAILED,
    FailureRecord,
    Mention,
    Shard,
    StoreBatch,
    article_location,
    coding_failure,
)

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 32
LISTED_FAILURES = 20  # failures a summary keeps for display; all are in the database


@dataclass
class IngestSummary:
    """What a run (or one poll) did, counted as batches are stored."""

    records: int = 0  # everything read: articles, failures, skipped records
    stored: int = 0  # new articles stored, coded or not
    events: int = 0
    uncoded: int = 0  # stored without coding (no language pack, language unknown)
    already: int = 0  # stored before (same id), or read twice in this run
    duplicates: int = 0  # exact or near copies of another article: kept as mentions
    near_duplicates: int = 0
    failed: int = 0  # documents that could not be read or coded
    skipped: int = 0  # records that are not articles (a WARC's images, requests)
    failures: list[FailureRecord] = field(default_factory=list)  # the first few

    def note_failures(self, failures: Iterable[FailureRecord]) -> None:
        for failure in failures:
            self.failed += 1
            if len(self.failures) < LISTED_FAILURES:
                self.failures.append(failure)


@dataclass
class _Plan:
    """One batch as sorted out before coding; completed by the coded results."""

    batch: StoreBatch = field(default_factory=StoreBatch)
    records: int = 0
    already: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    skipped: int = 0


class IngestRun:
    """Ingests streams of articles into ``store`` with ``coder``.

    One instance serves one process's run (or a watch loop's polls); the
    dedupe index is loaded from the database when it starts. After an
    exception, start again with a new instance: the index in memory may hold
    articles of the batch that was not stored.
    ``on_batch(summary)`` is called after every stored batch (progress).
    """

    def __init__(
        self,
        store: Store,
        coder: Coder,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        dedupe: DedupeConfig | None = None,
        on_batch: Callable[[IngestSummary], None] | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.store = store
        self.coder = coder
        self.batch_size = batch_size
        self.on_batch = on_batch
        self.index = store.dedupe_index(dedupe)
        self._run_ids: set[str] = set()

    def ingest(self, items: Iterable[Article | Failure]) -> IngestSummary:
        """Store the articles of ``items``; see the module docstring for how."""
        summary = IngestSummary()
        self._run_ids = set()
        for plan, coded in self.coder.map(self._plans(items)):
            self._store(plan, coded, summary)
        return summary

    def poll(
        self, feeds: Iterable[str], options: IngestOptions, client: HttpClient
    ) -> IngestSummary:
        """Ingest the items of ``feeds`` not seen before (stored, or known as copies).

        Items whose page could not be fetched are failures, not seen: the next
        poll tries them again, and a success resolves the failure.
        """
        seen = SeenInStore(self.store, self)
        return self.ingest(item for feed in feeds for item in poll_new(feed, seen, options, client))

    def seen_in_run(self, article_id: str) -> bool:
        """Whether this run has read the article already."""
        return article_id in self._run_ids

    # -- sorting out -----------------------------------------------------------------
    def _plans(self, items: Iterable[Article | Failure]) -> Iterator[tuple[_Plan, list[Article]]]:
        iterator = iter(items)
        while chunk := list(islice(iterator, self.batch_size)):
            plan = _Plan(records=len(chunk))
            known = self.store.known_ids(i.id for i in chunk if isinstance(i, Article))
            to_code: list[Article] = []
            for item in chunk:
                if isinstance(item, Failure):
                    self._failure(item, plan)
                elif self._sort(item, known, plan):
                    to_code.append(item)
            yield plan, to_code

    def _failure(self, failure: Failure, plan: _Plan) -> None:
        if failure.skipped:
            plan.skipped += 1
            return
        log.warning("skipped %s: %s", failure.location, failure.reason)
        plan.batch.failures.append(FailureRecord(failure.location, failure.reason, failure.source))

    def _sort(self, article: Article, known: set[str], plan: _Plan) -> bool:
        """Add the article's mention and dedupe row to ``plan``; whether to code it."""
        if article.id in known or article.id in self._run_ids:
            plan.already += 1
            relation = self.index.observe(article) if article.id in self.index else None
            plan.batch.mentions.append(_mention(article, relation, "repeat"))
            return False
        indexed = article.id in self.index  # by an earlier run
        relation = self.index.observe(article)
        self._run_ids.add(article.id)
        if not indexed:
            plan.batch.dedupe.append(self.index.row(article.id))
        if relation is None:
            plan.batch.mentions.append(_mention(article, None, "original"))
            return True
        plan.batch.mentions.append(_mention(article, relation, relation.kind))
        if indexed:
            plan.already += 1  # recognised as a copy by an earlier run
        else:
            plan.duplicates += 1
            plan.near_duplicates += int(relation.kind == "near")
            log.info(
                "%s is a %s copy of %s (similarity %.2f)",
                article_location(article), relation.kind, relation.article_id,
                relation.similarity,
            )  # fmt: skip
        return False

    # -- storing -------------------------------------------------------------------------
    def _store(self, plan: _Plan, coded: Coded, summary: IngestSummary) -> None:
        batch = plan.batch
        if isinstance(coded, Shard):
            batch.shard = coded
        else:
            batch.coded = coded
        stats = self.store.write_batch(batch)
        failed = [r for r in batch.results if r.status == FAILED]
        summary.records += plan.records
        summary.stored += stats.articles - stats.failed
        summary.events += stats.events
        summary.uncoded += stats.uncoded
        summary.already += plan.already + stats.skipped
        summary.duplicates += plan.duplicates
        summary.near_duplicates += plan.near_duplicates
        summary.skipped += plan.skipped
        summary.note_failures(batch.failures)
        summary.note_failures(coding_failure(r) for r in failed)
        log.info("progress: %d articles stored, %d records read", summary.stored, summary.records)
        if self.on_batch is not None:
            self.on_batch(summary)


class SeenInStore:
    """``in`` for ``poll_new``: an article id stored or recognised as a copy before."""

    def __init__(self, store: Store, run: IngestRun) -> None:
        self.store = store
        self.run = run

    def __contains__(self, article_id: object) -> bool:
        if not isinstance(article_id, str):
            return False
        return self.run.seen_in_run(article_id) or bool(self.store.seen_ids([article_id]))


def _mention(article: Article, relation: DuplicateOf | None, kind: str) -> Mention:
    return Mention(
        article_id=relation.article_id if relation else article.id,
        duplicate_id=article.id,
        location=article_location(article),
        url=article.url,
        source=article.source,
        kind=kind,
        similarity=relation.similarity if relation else 1.0,
    )
