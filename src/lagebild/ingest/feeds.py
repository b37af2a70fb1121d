"""RSS/Atom feeds and OPML feed lists, from files or URLs.

Each feed item's link is fetched with the polite ``HttpClient`` and the page
is extracted with ``article_from_html``. The item supplies what feeds state
more reliably than pages: its publication date wins over the page's, and its
link is the article's URL and id (so the id is known before fetching, which
``poll_new`` relies on, and stays stable when the page redirects).

When an item's page cannot be fetched, the item becomes a ``Failure``; its
summary is *not* stored in place of the article. A summary is a teaser of a
sentence or two, often not the article's wording; stored under the article's
id it would code as if it were the article, and the idempotent store would
then never fetch the real text. A failed item stays unseen and is retried by
the next poll.

A URL is fetched once and read as what it turns out to be: a feed, an OPML
list of feeds, or a single HTML article page.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Container, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser
from lxml import etree

from lagebild.errors import FetchError, InputError
from lagebild.ingest import dates
from lagebild.ingest.base import Failure, IngestOptions
from lagebild.ingest.files import has_suffix, is_url, read_limited, sniff
from lagebild.ingest.html import article_from_html
from lagebild.ingest.http import HttpClient
from lagebild.records import Article, stable_id
from lagebild.registry import sources

log = logging.getLogger(__name__)

SUFFIXES = (".rss", ".atom", ".rdf", ".opml", ".xml")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:rdf", b"<opml")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed entry, as far as the feed tells."""

    link: str
    title: str | None = None
    published: datetime | None = None

    @property
    def article_id(self) -> str:
        """The id the article will have: derived from the link, as ``Article.from_text`` does."""
        return stable_id(self.link)


@dataclass(frozen=True, slots=True)
class _Document:
    content: bytes
    url: str | None  # final URL for fetched documents, None for files
    content_type: str


def poll_new(
    location: str, seen: Container[str], options: IngestOptions, client: HttpClient
) -> Iterator[Article | Failure]:
    """Articles for the items of a feed (or every feed of an OPML list) whose
    article id is not in ``seen``; items already known are not fetched.

    ``seen`` is anything supporting ``in``: a set of ids, or an object that
    asks the database. Failed items are not added anywhere, so the next poll
    tries them again.
    """
    yield from _poll(location, seen, options, client, allow_opml=True)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    items: list[FeedItem]
    unlinked: list[str]  # titles (or positions) of items without a usable link


def feed_items(content: bytes, base_url: str | None = None) -> ParsedFeed:
    """The items of a feed; ``InputError`` if it is not a feed.

    Relative item links are resolved against ``base_url`` (the feed's URL).
    """
    # Parsed from bytes, never from a URL: feedparser must not fetch by itself.
    parsed = feedparser.parse(io.BytesIO(content), resolve_relative_uris=False, sanitize_html=False)
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        raise InputError(f"not an RSS/Atom feed{': ' + str(problem) if problem else ''}")
    items, unlinked = [], []
    for number, entry in enumerate(parsed.entries, start=1):
        link = _entry_link(entry, base_url)
        if link:
            items.append(FeedItem(link, entry.get("title") or None, _entry_date(entry)))
        else:
            unlinked.append(entry.get("title") or f"item {number}")
    return ParsedFeed(parsed.feed.get("title") or None, items, unlinked)


def opml_feeds(content: bytes, base_url: str | None = None) -> list[str]:
    """The feed URLs (``xmlUrl``) listed in an OPML document."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as err:
        raise InputError(f"malformed OPML: {err}") from err
    urls = (outline.get("xmlUrl") for outline in root.iter("outline"))
    return [urljoin(base_url or "", url.strip()) for url in urls if url and url.strip()]


def _poll(
    location: str,
    seen: Container[str],
    options: IngestOptions,
    client: HttpClient,
    *,
    allow_opml: bool,
) -> Iterator[Article | Failure]:
    try:
        document = _load(location, options, client)
        if _is_opml(document.content):
            if not allow_opml:
                raise InputError("OPML list nested in an OPML list")
            for feed_url in opml_feeds(document.content, document.url):
                yield from _poll(feed_url, seen, options, client, allow_opml=False)
            return
        if document.url and _is_html(document):
            if stable_id(location) not in seen:
                yield article_from_html(document.content, location, options=options)
            return
        feed = feed_items(document.content, document.url)
    except (FetchError, InputError) as err:
        yield Failure(location, str(err), FeedSource.name)
        return
    yield from _read_items(feed, location, seen, options, client)


def _read_items(
    feed: ParsedFeed,
    location: str,
    seen: Container[str],
    options: IngestOptions,
    client: HttpClient,
) -> Iterator[Article | Failure]:
    for title in feed.unlinked:
        yield Failure(f"{location}#{title}", "feed item without a usable link", FeedSource.name)
    done: set[str] = set()  # feeds repeat items; fetch each link once per poll
    for item in feed.items:
        if item.article_id in seen or item.article_id in done:
            continue
        done.add(item.article_id)
        yield read_item(item, client, options, feed_title=feed.title, feed=location)


def read_item(
    item: FeedItem,
    client: HttpClient,
    options: IngestOptions,
    *,
    feed_title: str | None = None,
    feed: str | None = None,
) -> Article | Failure:
    """Fetch and extract the page of one feed item."""
    try:
        fetched = client.fetch(item.link)
    except FetchError as err:
        return Failure(item.link, f"fetch failed: {err}", FeedSource.name)
    if fetched.content_type and fetched.content_type not in HTML_TYPES:
        return Failure(item.link, f"not an HTML page ({fetched.content_type})", FeedSource.name)
    result = article_from_html(fetched.content, item.link, options=options, source=feed)
    if isinstance(result, Failure):
        return Failure(item.link, result.reason, FeedSource.name)
    if item.published:
        result.published = item.published
        result.meta["published_source"] = "feed"
    result.title = result.title or item.title
    result.outlet = result.outlet or feed_title
    result.meta["location"] = item.link  # where a failure of this item is recorded
    if fetched.final_url != item.link:
        result.meta["final_url"] = fetched.final_url
    return result


def _load(location: str, options: IngestOptions, client: HttpClient) -> _Document:
    if is_url(location):
        fetched = client.fetch(location, revalidate=True)
        return _Document(fetched.content, fetched.final_url, fetched.content_type)
    return _Document(read_limited(Path(location), options.max_bytes), None, "")


def _entry_link(entry: Any, base_url: str | None) -> str | None:
    link = entry.get("link")
    if not link and entry.get("guidislink"):
        link = entry.get("id")
    if not link:
        return None
    link = urljoin(base_url or "", str(link).strip())
    return link if is_url(link) else None


def _entry_date(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return dates.from_struct_time(parsed)


def _is_opml(content: bytes) -> bool:
    return b"<opml" in content[:1024].lower()


def _is_html(document: _Document) -> bool:
    if document.content_type in HTML_TYPES:
        return True
    head = document.content[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _looks_like_feed(head: bytes) -> bool:
    head = head.lower()
    return any(marker in head for marker in _FEED_MARKERS)


@sources.register("feed")
class FeedSource:
    """RSS/Atom/OPML files and any http(s) URL (feed, OPML or article page).

    Pass a shared ``HttpClient`` to keep rate limits and robots.txt caches
    across sources; otherwise the source keeps its own until ``close()``.
    """

    name = "feed"
    priority = 100

    def __init__(self, client: HttpClient | None = None) -> None:
        self._given = client
        self._owned: HttpClient | None = None

    def accepts(self, location: str) -> bool:
        if is_url(location):
            return True
        if not has_suffix(location, SUFFIXES) or not Path(location).is_file():
            return False
        # ".xml" is used for much else; look for a feed's root element.
        return _looks_like_feed(sniff(Path(location)))

    def read(self, location: str, options: IngestOptions) -> Iterator[Article | Failure]:
        yield from poll_new(location, frozenset(), options, self._client(options))

    def close(self) -> None:
        if self._owned is not None:
            self._owned.close()
            self._owned = None

    def _client(self, options: IngestOptions) -> HttpClient:
        if self._given is not None:
            return self._given
        if self._owned is None or self._owned.options != options:
            self.close()
            self._owned = HttpClient(options)
        return self._owned
