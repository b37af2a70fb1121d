"""The DuckDB store through its public methods, on a real database file."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from lagebild.dedupe import DedupeConfig
from lagebild.errors import LagebildError
from lagebild.records import Article, CodedArticle, Event, EventActor, Modality
from lagebild.store import EventQuery, Mention, Store, StoreBatch, article_rows
from lagebild.store.shards import write_shard


def make_event(article_id: str, source: str, target: str, code: str, day: date) -> Event:
    return Event(
        id=f"{article_id}-{source}-{target}-{code}",
        article_id=article_id,
        sentence=0,
        start=0,
        end=10,
        source=EventActor(source, source[:3], source[3:] or None, source),
        target=EventActor(target, target[:3], target[3:] or None, target),
        code=code,
        root=code[:2],
        modality=Modality.ASSERTED,
        date=day,
        text="Satz.",
    )


def coded(article_id: str, *events: Event) -> CodedArticle:
    article = Article(article_id, f"Text {article_id}", published=datetime(2016, 3, 1))
    return CodedArticle(article, "de", [], list(events))


def test_writing_twice_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    batch = [coded("a", make_event("a", "RUSGOV", "UKR", "190", date(2016, 3, 1))), coded("b")]
    with Store(db) as store:
        first = store.write(batch)
        second = store.write(batch)
        counts = store.counts()
    assert (first.articles, first.events, first.skipped) == (2, 1, 0)
    assert (second.articles, second.events, second.skipped) == (0, 0, 2)
    assert counts == {"articles": 2, "events": 1, "duplicates": 0, "failures": 0}


def test_duplicate_ids_within_one_batch_are_stored_once(tmp_path: Path) -> None:
    with Store(tmp_path / "x.duckdb") as store:
        stats = store.write([coded("a"), coded("a")])
        assert stats.articles == 1 and stats.skipped == 1


def test_data_survives_reopening_and_is_plain_duckdb(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    with Store(db) as store:
        store.write([coded("a", make_event("a", "USA", "RUS", "163", date(2016, 3, 2)))])
        store.record_failure("bad.jsonl:3", "malformed JSON", "jsonl")
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT source, target, code FROM events").fetchall() == [
        ("USA", "RUS", "163")
    ]
    con.close()
    with Store(db, read_only=True) as store:
        assert store.failures()[0]["reason"] == "malformed JSON"


def test_event_queries_filter_by_actor_entity_date_and_root(tmp_path: Path) -> None:
    events = [
        make_event("a", "RUSGOV", "UKR", "190", date(2016, 3, 1)),
        make_event("a", "USA", "RUS", "163", date(2016, 3, 5)),
        make_event("a", "RUS", "PRK", "072", date(2016, 4, 1)),
    ]
    with Store(tmp_path / "x.duckdb") as store:
        store.write([coded("a", *events)])
        by_entity = store.events(EventQuery(source="RUS"))
        by_code = store.events(EventQuery(source="RUSGOV"))
        since = store.events(EventQuery(since=date(2016, 3, 2)))
        root = store.events(EventQuery(root="16"))
    assert {e["code"] for e in by_entity} == {"190", "072"}
    assert [e["code"] for e in by_code] == ["190"]
    assert [e["code"] for e in since] == ["163", "072"]
    assert [e["target"] for e in root] == ["RUS"]


# -- schema 2: failures, mentions, dedupe state, shards ------------------------------------
def test_a_failure_is_one_row_per_location_until_resolved(tmp_path: Path) -> None:
    with Store(tmp_path / "x.duckdb") as store:
        store.record_failure("feed.xml#item", "fetch failed: HTTP 503", "feed")
        store.record_failure("feed.xml#item", "fetch failed: timeout", "feed")
        [row] = store.failures()
        assert (row["reason"], row["attempts"], row["stage"]) == (
            "fetch failed: timeout",
            2,
            "read",
        )
        article = coded("a")
        article.article.meta["location"] = "feed.xml#item"
        store.write([article])
        assert store.failures() == []
        [resolved] = store.failures(include_resolved=True)
        assert resolved["resolved_at"] is not None
        store.record_failure("feed.xml#item", "fetch failed: HTTP 404", "feed")
        assert [r["reason"] for r in store.failures()] == ["fetch failed: HTTP 404"]


def test_an_article_stored_as_failed_is_replaced_by_a_later_success(tmp_path: Path) -> None:
    failed = coded("a")
    failed.status, failed.message = "failed", "internal error (boom)"
    with Store(tmp_path / "x.duckdb") as store:
        assert store.write([failed]).articles == 1
        assert store.known_ids(["a"]) == set()  # to be coded again
        assert store.failures()[0]["stage"] == "code"
        stats = store.write([coded("a", make_event("a", "USA", "RUS", "163", date(2016, 3, 2)))])
        assert (stats.articles, stats.events) == (1, 1)
        assert store.known_ids(["a"]) == {"a"} and store.failures() == []
        assert store.counts()["articles"] == 1


def test_dedupe_state_survives_reopening_and_its_settings_are_fixed(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    original = Article("a", "Der Bundestag hat am Freitag das neue Gesetz beschlossen. " * 3)
    copy = Article("b", original.text + " (dpa)")
    with Store(db) as store:
        index = store.dedupe_index()
        assert index.observe(original) is None
        store.write_batch(StoreBatch(dedupe=[index.row("a")]))
    with Store(db) as store:
        reloaded = store.dedupe_index()
        found = reloaded.observe(copy)
        assert found is not None and found.article_id == "a"
        with pytest.raises(LagebildError, match="deduplicated with"):
            store.dedupe_index(DedupeConfig(threshold=0.5))


def test_mentions_and_seen_ids(tmp_path: Path) -> None:
    with Store(tmp_path / "x.duckdb") as store:
        x, y = "https://x.example/a", "https://y.example/b"
        mentions = [
            Mention("a", "a", x, x, "feed", "original", 1.0),
            Mention("a", "b", y, y, "feed", "near", 0.9),
        ]
        store.write_batch(StoreBatch(coded=[article_rows(coded("a"))], mentions=mentions))
        assert store.seen_ids(["a", "b", "c"]) == {"a", "b"}
        assert [m["duplicate_id"] for m in store.mentions("a")] == ["a", "b"]
        assert store.counts()["duplicates"] == 1


def test_a_shard_loads_like_rows_and_only_once(tmp_path: Path) -> None:
    results = [coded("a", make_event("a", "USA", "RUS", "163", date(2016, 3, 2))), coded("b")]
    shard = write_shard([article_rows(r) for r in results], tmp_path / "shards", "0000001")
    with Store(tmp_path / "x.duckdb") as store:
        first = store.write_batch(StoreBatch(shard=shard))
        second = store.write_batch(StoreBatch(shard=shard))
        rows = store.events()
    with Store(tmp_path / "direct.duckdb") as direct:
        direct.write(results)
        assert rows == direct.events()
    assert (first.articles, first.events, second.articles, second.skipped) == (2, 1, 0, 2)


def test_a_schema_1_database_is_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute(
        "CREATE TABLE failures (location VARCHAR, reason VARCHAR, source VARCHAR, "
        "recorded_at TIMESTAMP)"
    )
    con.execute(
        "INSERT INTO failures VALUES ('f:1', 'old', 'jsonl', '2024-01-01'), "
        "('f:1', 'newer', 'jsonl', '2024-02-01'), ('f:2', 'bad', 'jsonl', '2024-01-01')"
    )
    con.close()
    with Store(db, read_only=True) as store, pytest.raises(LagebildError, match="older"):
        store.failures()
    with Store(db) as store:
        rows = {r["location"]: (r["reason"], r["attempts"]) for r in store.failures()}
        assert store.schema_version == 2
    assert rows == {"f:1": ("newer", 2), "f:2": ("bad", 1)}
