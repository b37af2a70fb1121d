"""Ingest: every input location becomes a stream of ``Article`` records.

``read_sources`` sends each location to the first registered source whose
``accepts()`` says yes (sources come from ``lagebild.registry.sources``, so
plugins take part on equal terms; a lower ``priority`` is asked first). A
directory is walked and each file sent on its own. What no source reads, and
every document a source cannot read, comes back as a ``Failure``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lagebild.errors import InputError
from lagebild.ingest import csv, feeds, html, jsonl, text, warc
from lagebild.ingest.base import Failure, IngestOptions, IngestTally, Source
from lagebild.ingest.files import is_url, iter_files
from lagebild.ingest.html import article_from_html
from lagebild.ingest.langid import identify
from lagebild.records import Article
from lagebild.registry import sources

__all__ = [
    "Failure",
    "IngestOptions",
    "IngestTally",
    "Source",
    "article_from_html",
    "available_sources",
    "identify",
    "read_sources",
    "source_for",
]

log = logging.getLogger(__name__)

# The built-in modules register their sources on import.
_BUILT_INS = (csv, feeds, html, jsonl, text, warc)


def available_sources() -> list[Source]:
    """One instance of every registered source, in the order they are asked."""
    found: list[tuple[int, str, Source]] = []
    for name, entry in sources.get_all().items():
        source = entry() if isinstance(entry, type) else entry
        found.append((int(getattr(source, "priority", 100)), name, source))
    return [source for _, _, source in sorted(found, key=lambda item: item[:2])]


def source_for(location: str, candidates: Iterable[Source] | None = None) -> Source | None:
    """The first source that accepts ``location``, or None."""
    for source in available_sources() if candidates is None else candidates:
        if source.accepts(location):
            return source
    return None


def read_sources(
    locations: Iterable[str], options: IngestOptions | None = None
) -> Iterator[Article | Failure]:
    """Stream the articles of every location, failures included in order.

    With ``options.raise_on_failure`` the first real failure (not a skip) is
    raised as ``InputError`` instead of yielded.
    """
    options = options or IngestOptions()
    active = available_sources()
    try:
        for location in locations:
            for item in _read_location(str(location), options, active):
                if options.raise_on_failure and isinstance(item, Failure) and not item.skipped:
                    raise InputError(f"{item.location}: {item.reason}")
                yield item
    finally:
        for source in active:
            _close(source)


def _read_location(
    location: str, options: IngestOptions, active: list[Source]
) -> Iterator[Article | Failure]:
    if is_url(location):
        yield from _dispatch(location, options, active)
        return
    path = Path(location)
    if not path.exists():
        yield Failure(location, "no such file or directory")
    elif path.is_dir():
        for file in iter_files(location, None):
            yield from _dispatch(str(file), options, active)
    else:
        yield from _dispatch(location, options, active)


def _dispatch(
    location: str, options: IngestOptions, active: list[Source]
) -> Iterator[Article | Failure]:
    source = source_for(location, active)
    if source is None:
        yield Failure(location, f"no source can read {location}")
        return
    log.debug("reading %s with source %s", location, source.name)
    yield from source.read(location, options)


def _close(source: Any) -> None:
    close = getattr(source, "close", None)
    if callable(close):
        close()
