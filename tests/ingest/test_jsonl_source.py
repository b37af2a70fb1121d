from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lagebild.errors import InputError
from lagebild.ingest.base import Failure, IngestOptions
from lagebild.ingest.jsonl import JsonlSource
from lagebild.records import Article, stable_id

TEXT_DE = "Die Regierung in Berlin hat am Montag neue Sanktionen gegen Russland beschlossen."
TEXT_EN = "The government in London announced new sanctions against Russia on Monday."


def read(path: Path, options: IngestOptions | None = None) -> list[Article | Failure]:
    return list(JsonlSource().read(str(path), options or IngestOptions()))


def test_bad_lines_become_failures_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": TEXT_DE, "published": "2016-03-12"}),
        '{"id": "broken", "text": "unterminated',
        "",
        json.dumps({"id": "a2", "title": "Ohne Text"}),
        json.dumps([1, 2, 3]),
        json.dumps({"id": "a3", "text": "   "}),
        json.dumps({"url": "https://example.org/en/1", "text": TEXT_EN, "lang": "en-GB"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path)
    articles = [item for item in items if isinstance(item, Article)]
    failures = {item.location: item.reason for item in items if isinstance(item, Failure)}
    assert [a.id for a in articles] == ["a1", stable_id("https://example.org/en/1")]
    assert failures == {
        f"{path}:2": failures[f"{path}:2"],
        f"{path}:4": "no text field 'text'",
        f"{path}:5": "not a JSON object but list",
        f"{path}:6": "empty text in field 'text'",
    }
    assert failures[f"{path}:2"].startswith("malformed JSON")
    assert articles[0].published == datetime(2016, 3, 12, tzinfo=UTC)
    assert articles[0].lang == "de" and articles[0].meta["lang_source"] == "identified"
    assert articles[1].lang == "en" and articles[1].meta["lang_source"] == "metadata"
    assert articles[0].source == f"{path}:1"


def test_column_mapping_dates_and_extra_fields(tmp_path: Path) -> None:
    path = tmp_path / "mapped.jsonl"
    record = {
        "doc_id": 17,
        "body": TEXT_DE,
        "headline": "Neue Sanktionen",
        "datum": "12. März 2016",
        "label": "Politik",
        "nested": {"ignored": True},
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    options = IngestOptions(
        columns={"text": "body", "id": "doc_id", "title": "headline", "published": "datum"}
    )
    [article] = read(path, options)
    assert isinstance(article, Article)
    assert (article.id, article.title, article.text) == ("17", "Neue Sanktionen", TEXT_DE)
    assert article.published == datetime(2016, 3, 12, tzinfo=UTC)
    assert article.meta["fields"] == {"label": "Politik"}


def test_unreadable_date_is_kept_raw_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "dates.jsonl"
    path.write_text(json.dumps({"text": TEXT_DE, "published": "heute"}) + "\n", encoding="utf-8")
    [article] = read(path)
    assert isinstance(article, Article)
    assert article.published is None
    assert article.meta["published_raw"] == "heute"


def test_gzipped_jsonl_streams(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for i in range(3):
            handle.write(json.dumps({"id": f"g{i}", "text": f"{TEXT_DE} Nummer {i}."}) + "\n")
    assert [item.id for item in read(path) if isinstance(item, Article)] == ["g0", "g1", "g2"]


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    body = "".join(json.dumps({"id": f"t{i}", "text": TEXT_DE * 5}) + "\n" for i in range(200))
    data = gzip.compress(body.encode("utf-8"))
    path.write_bytes(data[: len(data) // 2])
    items = read(path)
    assert isinstance(items[-1], Failure)
    assert "cannot read file" in items[-1].reason
    assert all(isinstance(item, Article) for item in items[:-1]) and len(items) > 1


def test_oversized_line_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    lines = [
        json.dumps({"id": "big", "text": "x " * 5000}),
        json.dumps({"id": "small", "text": TEXT_DE}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, second = read(path, IngestOptions(max_bytes=2000))
    assert isinstance(first, Failure) and first.location == f"{path}:1"
    assert first.reason.startswith("too large")
    assert isinstance(second, Article) and second.id == "small"


def test_unknown_column_mapping_is_an_error_of_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"text": TEXT_DE}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown column mapping"):
        read(path, IngestOptions(columns={"body": "text"}))


def test_invalid_utf8_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "ok", "text": TEXT_DE}).encode("utf-8")
    bad = '{"id": "bad", "text": "Grüße"}'.encode("cp1252")
    path.write_bytes(bad + b"\n" + good + b"\n")
    first, second = read(path)
    assert isinstance(first, Failure) and first.reason.startswith("not valid UTF-8")
    assert isinstance(second, Article) and second.id == "ok"


def test_dateline_when_the_record_has_no_date(tmp_path: Path) -> None:
    path = tmp_path / "nodate.jsonl"
    text = "Berlin, 12. März 2016 (dpa) - " + TEXT_DE
    path.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    [article] = read(path)
    assert isinstance(article, Article)
    assert article.published == datetime(2016, 3, 12, tzinfo=UTC)
    assert article.meta["published_source"] == "text"
