from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from lagebild.ingest.base import Failure, IngestOptions, IngestTally
from lagebild.ingest.warc import WarcSource
from lagebild.records import Article, stable_id


def responses(corpus: Any) -> list[tuple[str, str, str, bytes]]:
    """(URL, HTTP status, content type, body) of the recorded responses."""
    english = corpus.page("G7 discusses sanctions", corpus.english, lang="en", published=None)
    return [
        ("https://news.example/de", "200 OK", "text/html; charset=utf-8", corpus.page().encode()),
        ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n" + bytes(200)),
        ("https://news.example/api", "200 OK", "application/json", b'{"a": 1}'),
        ("https://news.example/gone", "404 Not Found", "text/html", b"<html>weg</html>"),
        ("https://news.example/en", "200 OK", "text/html", english.encode()),
    ]


def write_warc(path: Path, corpus: Any, *, gzip: bool = True) -> None:
    """A warcinfo and a request record, then the responses above."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = StatusAndHeaders("GET /de HTTP/1.1", [("Host", "news.example")], "HTTP/1.1", True)
        writer.write_record(
            writer.create_warc_record(
                "https://news.example/de",
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=request,
            )
        )
        for url, status, content_type, body in responses(corpus):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], "HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)


def read(path: Path) -> tuple[list[Article | Failure], IngestTally]:
    tally = IngestTally()
    items = list(tally.count(WarcSource().read(str(path), IngestOptions())))
    return items, tally


@pytest.mark.parametrize("gzip", [True, False])
def test_only_html_200_responses_become_articles(tmp_path: Path, corpus: Any, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(path, corpus, gzip=gzip)
    items, tally = read(path)
    articles = [item for item in items if isinstance(item, Article)]
    assert [a.url for a in articles] == ["https://news.example/de", "https://news.example/en"]
    assert [a.lang for a in articles] == ["de", "en"]
    assert articles[0].id == stable_id("https://news.example/de")
    assert articles[0].source == str(path)
    assert (tally.records, tally.articles, tally.failures, tally.skipped) == (7, 2, 0, 5)
    assert tally.summary() == "7 records, 2 articles, 0 failed, 5 skipped"
    assert set(tally.skip_reasons) == {
        "skipped: warcinfo record",
        "skipped: request record",
        "skipped: not HTML (image/png)",
        "skipped: not HTML (application/json)",
        "skipped: HTTP 404",
    }
    skipped = [item for item in items if isinstance(item, Failure)]
    assert all(item.skipped and "#<urn:uuid:" in item.location for item in skipped)


def test_crawl_date_is_not_the_publication_date(tmp_path: Path, corpus: Any) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, corpus)
    items, _ = read(path)
    english = next(i for i in items if isinstance(i, Article) and i.lang == "en")
    assert english.published is None  # the page states no date; WARC-Date is the crawl
    assert english.meta["crawled"]


@pytest.mark.parametrize("gzip", [True, False])
@pytest.mark.parametrize("keep", [0.5, 0.98])
def test_truncated_archive_ends_with_a_failure(
    tmp_path: Path, corpus: Any, gzip: bool, keep: float
) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(whole, corpus, gzip=gzip)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    cut.write_bytes(data[: int(len(data) * keep)])
    items, tally = read(cut)
    last = items[-1]
    assert isinstance(last, Failure) and not last.skipped
    assert last.reason.startswith("truncated")
    assert tally.failures == 1


@pytest.mark.parametrize("gzip", [True, False])
def test_every_cut_is_reported_unless_it_falls_on_a_record_boundary(
    tmp_path: Path, corpus: Any, gzip: bool
) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(whole, corpus, gzip=gzip)
    data = whole.read_bytes()
    with whole.open("rb") as handle:
        archive = ArchiveIterator(handle)
        ends = [archive.get_record_offset() + archive.get_record_length() for _ in archive]
    cut = tmp_path / "cut.warc"
    for size in range(1, len(data), 37):
        cut.write_bytes(data[:size])
        items = list(WarcSource().read(str(cut), IngestOptions()))
        reported = isinstance(items[-1], Failure) and not items[-1].skipped
        # Only framing bytes (gzip trailer, record separator) are lost at a boundary:
        # such a cut is indistinguishable from a shorter, valid archive.
        assert reported or min(abs(size - end) for end in ends) <= 16, size


def test_garbage_and_empty_archives(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.warc"
    garbage.write_bytes(b"this is not an archive\n" * 20)
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    [failure] = WarcSource().read(str(garbage), IngestOptions())
    assert isinstance(failure, Failure) and failure.reason == "not a WARC or ARC archive"
    [failure] = WarcSource().read(str(empty), IngestOptions())
    assert isinstance(failure, Failure) and failure.reason == "empty archive"


def test_sniffs_archives_without_suffix(tmp_path: Path, corpus: Any) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, corpus)
    bare = tmp_path / "download"
    bare.write_bytes(path.read_bytes())
    assert WarcSource().accepts(str(bare))
    assert not WarcSource().accepts(str(tmp_path / "nothing.txt"))
