"""WARC (and ARC) archives, plain or gzipped, streamed record by record with warcio.

Only ``response`` records with HTTP 200 and an HTML content type are read as
articles. Every other record comes through the stream as a ``Failure`` with
``skipped=True`` and a reason such as ``"skipped: request record"``,
``"skipped: HTTP 404"`` or ``"skipped: not HTML (image/png)"``, so that
``IngestTally`` can report "N records, M articles, K skipped" and nothing is
dropped unseen. A 200 HTML page without extractable text is a real failure.

warcio stops quietly at a truncated archive, so truncation is checked here:
a record whose body ends early, a record header cut short, or bytes left
after the last complete record end the stream with a ``Failure``. (A cut that
loses only framing bytes at a record boundary — a gzip trailer, the blank
lines after a record — leaves a shorter archive that reads as valid.)

The crawl date (``WARC-Date``) is kept in ``Article.meta["crawled"]`` and
never used as the publication date.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from lagebild.ingest.base import Failure, IngestOptions
from lagebild.ingest.files import SNIFF_BYTES, accepts_path, iter_files, sniff, too_large
from lagebild.ingest.html import article_from_html
from lagebild.records import Article
from lagebild.registry import sources

log = logging.getLogger(__name__)

SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DRAIN_CHUNK = 64 * 1024
# What warcio raises on damaged input. AttributeError is among them because
# warcio trips over a record header cut off mid-line (it reads None as a line).
_DAMAGED = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    EOFError,
    zlib.error,
    OSError,
    ValueError,
    AttributeError,
)


def _drain(record: Any) -> int:
    raw = record.raw_stream
    while raw.read(_DRAIN_CHUNK):
        pass
    # warcio's LimitReader counts down from Content-Length; what remains is missing.
    return int(getattr(raw, "limit", 0) or 0)


@sources.register("warc")
class WarcSource:
    """WARC/ARC archives (``.warc``, ``.warc.gz``); a directory is read recursively."""

    name = "warc"
    priority = 100

    def accepts(self, location: str) -> bool:
        if accepts_path(location, SUFFIXES):
            return True
        path = Path(location)
        return path.is_file() and _looks_like_warc(sniff(path))

    def read(self, location: str, options: IngestOptions) -> Iterator[Article | Failure]:
        for path in iter_files(location, SUFFIXES):
            yield from self._read_archive(path, options)

    def _read_archive(self, path: Path, options: IngestOptions) -> Iterator[Article | Failure]:
        try:
            size = path.stat().st_size
            handle = path.open("rb")
        except OSError as err:
            yield Failure(str(path), f"cannot read file: {err.strerror or err}", self.name)
            return
        with handle:
            if size == 0:
                yield Failure(str(path), "empty archive", self.name)
                return
            if not _looks_like_warc(handle.read(SNIFF_BYTES)):
                # warcio would read arbitrary lines as lenient ARC headers
                yield Failure(str(path), "not a WARC or ARC archive", self.name)
                return
            handle.seek(0)
            yield from self._records(ArchiveIterator(handle, arc2warc=True), path, size, options)

    def _records(
        self, archive: ArchiveIterator, path: Path, size: int, options: IngestOptions
    ) -> Iterator[Article | Failure]:
        count = 0
        while True:
            try:
                record = next(archive)
                count += 1
                payload = _Payload.read(record, path, options.max_bytes)
            except StopIteration:
                break
            except _DAMAGED as err:
                yield self._damaged(path, count, f"{type(err).__name__}: {err}")
                return
            yield self._item(payload, path, options)
            if payload.missing:
                return  # nothing after a truncated record can be trusted
        # ``offset`` is where warcio finished the last complete record.
        if archive.offset < size:
            yield self._damaged(path, count, f"{size - archive.offset} bytes could not be read")

    def _damaged(self, path: Path, count: int, detail: str) -> Failure:
        return Failure(
            str(path), f"truncated or corrupt archive after {count} records: {detail}", self.name
        )

    def _item(self, payload: _Payload, path: Path, options: IngestOptions) -> Article | Failure:
        location = payload.location
        if payload.missing:
            missing = payload.missing
            return Failure(location, f"truncated record: {missing} bytes missing", self.name)
        if payload.skip_reason:
            return Failure(location, f"skipped: {payload.skip_reason}", self.name, skipped=True)
        if len(payload.body) > options.max_bytes:
            return Failure(location, too_large(len(payload.body), options.max_bytes), self.name)
        result = article_from_html(payload.body, payload.url, options=options, source=str(path))
        if isinstance(result, Failure):
            return Failure(location, result.reason, self.name)
        result.meta["crawled"] = payload.crawled
        result.meta["warc_record"] = location
        result.meta["location"] = location
        return result


@dataclass(frozen=True, slots=True)
class _Payload:
    """What one record holds, read while warcio's stream is positioned on it."""

    location: str
    skip_reason: str | None
    body: bytes
    missing: int  # bytes the record header promised but the archive lacks
    url: str | None
    crawled: str | None

    @classmethod
    def read(cls, record: Any, path: Path, max_bytes: int) -> _Payload:
        headers = record.rec_headers
        if not (headers.get_header("Content-Length") or "").strip().isdigit():
            # Mandatory in WARC; missing or cut short when the archive ends in a header.
            raise ArchiveLoadFailed("record header without a valid Content-Length")
        why = _why_not_article(record)
        # The body is read only for pages; the rest is drained to detect truncation.
        body = b"" if why else record.content_stream().read(max_bytes + 1)
        return cls(
            location=f"{path}#{headers.get_header('WARC-Record-ID') or '?'}",
            skip_reason=why,
            body=body,
            missing=_drain(record),
            url=headers.get_header("WARC-Target-URI"),
            crawled=headers.get_header("WARC-Date"),
        )


def _why_not_article(record: Any) -> str | None:
    """Why this record is not read as an article, or None if it is an HTML page."""
    if record.rec_type != "response":
        return f"{record.rec_type} record"
    headers = record.http_headers
    if headers is None:
        return "response without HTTP headers"
    status = headers.get_statuscode()
    if status != "200":
        return f"HTTP {status}"
    media_type = (headers.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
    if media_type not in HTML_TYPES:
        return f"not HTML ({media_type or 'no content type'})"
    return None


def _looks_like_warc(head: bytes) -> bool:
    if head.startswith(b"\x1f\x8b"):
        try:
            # A decompressor object accepts a block that ends mid-stream.
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head)
        except zlib.error:
            return False
    return head.startswith((b"WARC/", b"filedesc://"))
