"""The ingest runner on real files and a real DuckDB file: dedupe across runs,
failures that later succeed, interrupted runs, bounded reading."""

from __future__ import annotations

import json
import runpy
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb
import pytest

from lagebild.ingest import read_sources
from lagebild.ingest.base import Failure
from lagebild.options import Options
from lagebild.parallel import Coded, InlineCoder
from lagebild.pipeline import Pipeline
from lagebild.records import Article, CodedArticle
from lagebild.runner import IngestRun, IngestSummary
from lagebild.store import Store, article_rows

# German articles made from templates (benchmarks/ is not a package)
synthetic = SimpleNamespace(
    **runpy.run_path(str(Path(__file__).parents[1] / "benchmarks" / "synthetic.py"))
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Options())


def write_jsonl(path: Path, records: Iterable[dict[str, Any] | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest(db: Path, pipeline: Pipeline, *paths: Path, batch_size: int = 4) -> IngestSummary:
    with Store(db) as store:
        run = IngestRun(store, InlineCoder(pipeline), batch_size=batch_size)
        return run.ingest(read_sources([str(p) for p in paths]))


def table(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# -- deduplication across runs -----------------------------------------------------------
def test_copies_in_a_later_run_become_mentions_not_articles(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    db = tmp_path / "news.duckdb"
    originals = list(synthetic.german_articles(5, seed=3))
    first = ingest(db, pipeline, write_jsonl(tmp_path / "day1.jsonl", originals))
    assert (first.stored, first.duplicates) == (5, 0)

    wire = synthetic.wire_copy(originals[0])
    exact = {**originals[1], "id": "other-outlet", "url": "https://other.example/same.html"}
    fresh = synthetic.german_article(99, seed=3)
    day2 = write_jsonl(tmp_path / "day2.jsonl", [wire, exact, fresh])
    second = ingest(db, pipeline, day2)
    assert (second.stored, second.duplicates, second.near_duplicates) == (1, 2, 1)

    assert table(db, "SELECT count(*) FROM articles") == [(6,)]
    copies = table(
        db,
        "SELECT article_id, duplicate_id, kind, similarity, url FROM article_mentions "
        "WHERE kind IN ('exact', 'near') ORDER BY kind",
    )
    assert [(c[0], c[1], c[2]) for c in copies] == [
        (originals[1]["id"], "other-outlet", "exact"),
        (originals[0]["id"], wire["id"], "near"),
    ]
    assert copies[0][3] == 1.0 and 0.8 <= copies[1][3] < 1.0
    assert copies[1][4] == wire["url"]  # every URL that carried the article is kept
    # copies are neither stored nor coded
    assert table(db, f"SELECT count(*) FROM events WHERE article_id = '{wire['id']}'") == [(0,)]

    third = ingest(db, pipeline, day2)
    assert (third.stored, third.duplicates, third.already) == (0, 0, 3)
    assert table(db, "SELECT count(*) FROM article_mentions") == [(8,)]  # 6 originals, 2 copies


def test_the_same_article_twice_in_one_run_is_stored_once(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    record = synthetic.german_article(1)
    path = write_jsonl(tmp_path / "twice.jsonl", [record, record])
    summary = ingest(tmp_path / "x.duckdb", pipeline, path)
    assert (summary.stored, summary.already) == (1, 1)
    kinds = table(tmp_path / "x.duckdb", "SELECT kind FROM article_mentions ORDER BY location")
    assert kinds == [("original",), ("repeat",)]  # both lines are kept as locations


# -- failures -------------------------------------------------------------------------
def test_a_failure_that_later_succeeds_is_resolved(tmp_path: Path, pipeline: Pipeline) -> None:
    db = tmp_path / "x.duckdb"
    good, fixed = synthetic.german_article(1), synthetic.german_article(2)
    path = write_jsonl(tmp_path / "feed.jsonl", [good, '{"id": "broken", "text": '])
    first = ingest(db, pipeline, path)
    assert (first.stored, first.failed) == (1, 1)
    with Store(db, read_only=True) as store:
        [open_failure] = store.failures()
    assert open_failure["location"].endswith("feed.jsonl:2") and open_failure["stage"] == "read"

    write_jsonl(path, [good, fixed])
    second = ingest(db, pipeline, path)
    assert (second.stored, second.already, second.failed) == (1, 1, 0)
    with Store(db, read_only=True) as store:
        assert store.failures() == []
        [resolved] = store.failures(include_resolved=True)
        assert resolved["resolved_at"] is not None and resolved["attempts"] == 1


class FailingCoder(InlineCoder):
    """Codes like the pipeline, except that the articles named fail."""

    def __init__(self, pipeline: Pipeline, failing: set[str]) -> None:
        super().__init__(pipeline)
        self.failing = failing

    def map(self, jobs: Iterable[tuple[Any, list[Article]]]) -> Iterator[tuple[Any, Coded]]:
        for tag, articles in jobs:
            keep = [a for a in articles if a.id not in self.failing]
            coded = {r.id: r for _, rows in super().map([(tag, keep)]) for r in rows}  # type: ignore[union-attr]
            failed = (CodedArticle(a, "de", [], [], "failed", "internal error (boom)")
                      for a in articles if a.id in self.failing)  # fmt: skip
            coded.update({r.id: r for r in map(article_rows, failed)})
            yield tag, [coded[a.id] for a in articles]


def test_an_article_whose_coding_failed_is_kept_listed_and_coded_again(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    db = tmp_path / "x.duckdb"
    records = list(synthetic.german_articles(3))
    path = write_jsonl(tmp_path / "a.jsonl", records)
    with Store(db) as store:
        run = IngestRun(store, FailingCoder(pipeline, {records[1]["id"]}))
        first = run.ingest(read_sources([str(path)]))
        [failure] = store.failures()
    assert (first.stored, first.failed) == (2, 1)
    assert failure["stage"] == "code" and "boom" in failure["reason"]
    assert table(db, f"SELECT status FROM articles WHERE id = '{records[1]['id']}'") == [
        ("failed",)
    ]

    second = ingest(db, pipeline, path)
    assert (second.stored, second.already, second.failed) == (1, 2, 0)
    assert table(db, "SELECT DISTINCT status FROM articles") == [("coded",)]
    with Store(db, read_only=True) as store:
        assert store.failures() == [] and store.counts()["articles"] == 3


def test_skipped_records_are_counted_but_are_not_failures(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    article = Article.from_text(synthetic.german_article(1)["text"], lang="de", source="mem")
    items = [article, Failure("crawl.warc#img", "skipped: not HTML (image/png)", "warc", True)]
    with Store(tmp_path / "x.duckdb") as store:
        summary = IngestRun(store, InlineCoder(pipeline)).ingest(items)
        assert store.failures(include_resolved=True) == []
    assert (summary.stored, summary.skipped, summary.failed, summary.records) == (1, 1, 0, 2)


# -- what is stored -------------------------------------------------------------------
def test_publication_date_is_kept_and_never_today(tmp_path: Path, pipeline: Pipeline) -> None:
    # the synthetic articles end with their date: cut it off
    one, two, three = (synthetic.german_article(n)["text"].split(" (Meldung")[0] for n in (1, 2, 3))
    path = write_jsonl(tmp_path / "d.jsonl", [
        {"id": "field", "text": one, "published": "2016-03-07T10:00:00"},
        {"id": "in-text", "text": "Wien, 12. Mai 2016 – " + two},
        {"id": "none", "text": three},
    ])  # fmt: skip
    ingest(tmp_path / "x.duckdb", pipeline, path)
    dates = dict(table(tmp_path / "x.duckdb", "SELECT id, published FROM articles"))
    assert dates == {
        "field": datetime(2016, 3, 7, 10, 0),
        "in-text": datetime(2016, 5, 12),
        "none": None,
    }


def test_articles_without_a_language_pack_are_stored_and_counted_not_coded(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    french = (
        "Le gouvernement français a annoncé lundi de nouvelles mesures contre la Russie. "
        "Le ministre des affaires étrangères a critiqué la décision du Kremlin."
    )
    path = write_jsonl(tmp_path / "fr.jsonl", [{"id": "fr", "text": french}])
    summary = ingest(tmp_path / "x.duckdb", pipeline, path)
    assert (summary.stored, summary.uncoded) == (1, 1)
    assert table(tmp_path / "x.duckdb", "SELECT status, lang FROM articles") == [
        ("stored-uncoded", "fr")
    ]


# -- interruption and bounded reading ----------------------------------------------------
class Interrupted(Exception):
    """Stands for a kill between two stored batches."""


class StopAfter(InlineCoder):
    """Codes ``batches`` batches, then the process 'dies' while coding the next."""

    def __init__(self, pipeline: Pipeline, batches: int) -> None:
        super().__init__(pipeline)
        self.batches = batches

    def map(self, jobs: Iterable[tuple[Any, list[Article]]]) -> Iterator[tuple[Any, Coded]]:
        for number, item in enumerate(super().map(jobs)):
            if number == self.batches:
                raise Interrupted
            yield item


def corpus_with_copies(path: Path, count: int) -> Path:
    """``count`` articles; every fifth one followed, a little later, by a wire copy."""
    records: list[dict[str, Any]] = []
    for record in synthetic.german_articles(count, seed=7):
        records.append(record)
        if len(records) > 3 and int(record["id"][-6:]) % 5 == 0:
            records.insert(len(records) - 2, synthetic.wire_copy(record))
    return write_jsonl(path, records)


def snapshot(db: Path) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    return (
        table(db, "SELECT id, status, n_events FROM articles ORDER BY id"),
        table(db, "SELECT id FROM events ORDER BY id"),
        table(db, "SELECT article_id, duplicate_id, kind FROM article_mentions ORDER BY 2, 3"),
        table(db, "SELECT article_id, canonical_id FROM dedupe ORDER BY 1"),
    )


def test_an_interrupted_run_resumes_without_duplicates_or_gaps(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    path = corpus_with_copies(tmp_path / "c.jsonl", 40)
    reference = tmp_path / "reference.duckdb"
    full = ingest(reference, pipeline, path)
    assert full.stored == 40 and full.duplicates >= 5

    db = tmp_path / "resumed.duckdb"
    with Store(db) as store, pytest.raises(Interrupted):
        IngestRun(store, StopAfter(pipeline, 3), batch_size=4).ingest(read_sources([str(path)]))
    # three whole batches of four records: each stored as an article or a copy's mention
    assert table(db, "SELECT count(*) FROM article_mentions") == [(12,)]
    assert table(db, "SELECT count(*) FROM articles") == table(
        db, "SELECT count(*) FROM article_mentions WHERE kind = 'original'"
    )
    resumed = ingest(db, pipeline, path)
    assert resumed.stored < 40 and resumed.already == 12
    assert snapshot(db) == snapshot(reference)


def test_reading_stays_a_few_batches_ahead_of_storing(tmp_path: Path, pipeline: Pipeline) -> None:
    pulled = 0

    def endless() -> Iterator[Article]:
        nonlocal pulled
        for number in range(10**9):
            pulled += 1
            record = synthetic.german_article(number)
            yield Article.from_text(record["text"], id=record["id"], lang="de", source="mem")

    def stop(summary: IngestSummary) -> None:
        if summary.records >= 3 * 4:
            raise Interrupted

    with Store(tmp_path / "x.duckdb") as store, pytest.raises(Interrupted):
        IngestRun(store, InlineCoder(pipeline), batch_size=4, on_batch=stop).ingest(endless())
    assert pulled <= 4 * 4  # three batches stored, at most one more in flight
