"""The contract of ingest sources.

A source turns one input location (a file, directory, URL) into a stream of
``Article`` records. A document that cannot be read becomes a ``Failure``
record in the same stream instead of an exception, so one bad document never
stops a batch and is never silently dropped: the caller counts, logs and
stores failures.

Some inputs hold records that are deliberately not read — a WARC archive's
request records, images and 404 responses. They come through the stream as a
``Failure`` with ``skipped=True`` and a reason starting with ``"skipped: "``,
so a caller can report "N records, M articles, K skipped" without a side
channel, and can leave skips out of its failures table. ``IngestTally`` does
that counting.

An article read from a place that a failure would name differently from its
``source`` (a feed item's link, a WARC record) carries that place in
``Article.meta["location"]``, so that a later success can resolve the
earlier failure of the same document (``lagebild.store.article_location``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from lagebild.records import Article


@dataclass(slots=True)
class Failure:
    """A document that could not be turned into an article, and why."""

    location: str  # file path, "file.jsonl:17", URL, "archive.warc.gz#record-id"
    reason: str
    source: str = ""  # the source plugin's name
    skipped: bool = False  # True: not an article by design (e.g. a WARC request record)


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Options every source understands; sources ignore the ones they do not need."""

    lang: str | None = None  # force a language instead of identifying it
    encoding: str | None = None  # force a text encoding
    max_bytes: int = 200 * 1024 * 1024  # larger documents/responses are failures, not loaded
    columns: dict[str, str] = field(default_factory=dict)  # CSV/JSONL field mapping
    user_agent: str = "Lagebild/0.1 (+https://github.com/lagebild/lagebild)"
    timeout: float = 20.0
    retries: int = 2
    rate_limit: float = 1.0  # seconds between requests to the same host
    backoff: float = 1.0  # first retry waits this long, then doubles
    max_retry_wait: float = 120.0  # a longer Retry-After is a failure, not a stall
    max_redirects: int = 5
    raise_on_failure: bool = False  # read_sources raises InputError on the first failure


@runtime_checkable
class Source(Protocol):
    """An ingest plugin, registered by name in ``lagebild.registry.sources``.

    A source class may also set ``priority`` (an int, default 100): when two
    sources accept a location, the lower priority is asked first. A source
    holding resources (an HTTP client) may define ``close()``; ``read_sources``
    calls it when the stream ends.
    """

    name: str

    def accepts(self, location: str) -> bool:
        """Whether this source can read ``location`` (by extension, scheme, sniffing)."""

    def read(self, location: str, options: IngestOptions) -> Iterator[Article | Failure]:
        """Stream articles (and failures) from ``location`` without loading it whole."""


@dataclass(slots=True)
class IngestTally:
    """Counts of what a stream yielded, for progress bars and run summaries."""

    articles: int = 0
    failures: int = 0
    skipped: int = 0
    skip_reasons: Counter[str] = field(default_factory=Counter)

    @property
    def records(self) -> int:
        return self.articles + self.failures + self.skipped

    def add(self, item: Article | Failure) -> None:
        if isinstance(item, Article):
            self.articles += 1
        elif item.skipped:
            self.skipped += 1
            self.skip_reasons[item.reason] += 1
        else:
            self.failures += 1

    def count(self, stream: Iterator[Article | Failure]) -> Iterator[Article | Failure]:
        """Pass ``stream`` through unchanged while counting it."""
        for item in stream:
            self.add(item)
            yield item

    def summary(self) -> str:
        return (
            f"{self.records} records, {self.articles} articles, "
            f"{self.failures} failed, {self.skipped} skipped"
        )
