"""The DuckDB store through its public methods, on a real database file."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb

from lagebild.records import Article, CodedArticle, Event, EventActor, Modality
from lagebild.store import EventQuery, Store


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
    assert counts == {"articles": 2, "events": 1, "failures": 0}


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
