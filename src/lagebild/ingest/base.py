"""The contract of ingest sources.

A source turns one input location (a file, directory, URL) into a stream of
``Article`` records. A document that cannot be read becomes a ``Failure``
record in the same stream instead of an exception, so one bad document never
stops a batch and is never silently dropped: the caller counts, logs and
stores failures.
"""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Options every source understands; sources ignore the ones they do not need."""

    lang: str | None = None  # force a language instead of identifying it
    encoding: str | None = None  # force a text encoding
    max_bytes: int = 200 * 1024 * 1024  # larger documents are failures, not loaded
    columns: dict[str, str] = field(default_factory=dict)  # CSV/JSONL field mapping
    user_agent: str = "Lagebild/0.1 (+https://github.com/lagebild/lagebild)"
    timeout: float = 20.0
    retries: int = 2
    rate_limit: float = 1.0  # seconds between requests to the same host


@runtime_checkable
class Source(Protocol):
    """An ingest plugin, registered by name in ``lagebild.registry.sources``."""

    name: str

    def accepts(self, location: str) -> bool:
        """Whether this source can read ``location`` (by extension, scheme, sniffing)."""

    def read(self, location: str, options: IngestOptions) -> Iterator[Article | Failure]:
        """Stream articles (and failures) from ``location`` without loading it whole."""
