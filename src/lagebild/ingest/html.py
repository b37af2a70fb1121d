"""HTML pages: main text and metadata through trafilatura (dates through htmldate).

``article_from_html`` is shared by the HTML file source, feeds and WARC
archives. The article text is the headline line followed by the main text,
so the headline becomes the first sentence the coder sees.

Identity: when the caller knows where the page was fetched from (``url``),
that address is the article's URL and its id. A local file knows only what
the page claims: its canonical link becomes ``Article.url``, but the id comes
from the content hash, because canonical links are sometimes wrong (whole
sites pointing at their front page) and an id shared by different articles
would make the idempotent store drop all but one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document

from lagebild.errors import InputError
from lagebild.ingest import dates
from lagebild.ingest.base import Failure, IngestOptions
from lagebild.ingest.files import accepts_path, iter_files, read_limited, sniff, too_large
from lagebild.ingest.langid import assign_language
from lagebild.records import Article, content_hash, stable_id
from lagebild.registry import sources

log = logging.getLogger(__name__)

SUFFIXES = (".html", ".htm", ".xhtml")
MIN_TEXT_CHARS = 40  # less is a menu or a caption, not an article
_HTML_MARKERS = (b"<!doctype html", b"<html")
# htmldate without extensive search: only dates the page states as metadata
# (meta tags, JSON-LD, <time>, the URL), never a copyright year or a
# "last updated" line guessed from the body; see ``dates``.
_DATE_PARAMS: MappingProxyType[str, Any] = MappingProxyType(
    {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
)
_DECLARED_LANG_XPATHS = (
    "/html/@lang",
    "/html/@xml:lang",
    "//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')"
    "='content-language']/@content",
    "//meta[@property='og:locale']/@content",
)


def article_from_html(
    html: str | bytes,
    url: str | None = None,
    *,
    options: IngestOptions | None = None,
    source: str | None = None,
) -> Article | Failure:
    """An article from one HTML page, or a ``Failure`` saying why there is none.

    ``url`` is where the page was fetched from (None for local files);
    ``source`` names the input for ``Article.source`` and failures.
    """
    options = options or IngestOptions()
    location = source or url or "<html>"
    try:
        return _extract(html, url, options, location)
    except InputError as err:
        return Failure(location, str(err), HtmlSource.name)


def _extract(html: str | bytes, url: str | None, options: IngestOptions, location: str) -> Article:
    if len(html) > options.max_bytes:
        raise InputError(too_large(len(html), options.max_bytes))
    if not html.strip():
        raise InputError("empty document")
    tree = trafilatura.load_html(html)
    if tree is None:
        raise InputError("not parseable as HTML")
    declared = _declared_language(tree)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=dict(_DATE_PARAMS),
    )
    if not isinstance(doc, Document):
        raise InputError("no main text found in the page")
    main = (doc.text or "").strip()
    if len(main) < MIN_TEXT_CHARS:
        # trafilatura's fallbacks return whatever text there is, e.g. a menu label
        raise InputError(f"no main text found in the page ({len(main)} characters)")
    title = (doc.title or "").strip() or None
    text = _with_headline(main, title)
    article = Article.from_text(
        text,
        id=stable_id(url) if url else stable_id(content_hash(text)),
        title=title,
        url=url or doc.url or None,
        outlet=doc.sitename or None,
        source=location,
    )
    _set_published(article, doc.date)
    if doc.url and doc.url != article.url:
        article.meta["canonical_url"] = doc.url
    if doc.author:
        article.meta["author"] = doc.author
    return assign_language(article, options, declared=declared)


def _with_headline(text: str, title: str | None) -> str:
    # trafilatura keeps an <h1> inside the article body; do not repeat it.
    if not title or text.startswith(title):
        return text
    return f"{title}\n{text}"


def _set_published(article: Article, metadata_date: str | None) -> None:
    published = dates.parse_date(metadata_date)
    origin = "html-meta"
    if published is None:
        published, origin = dates.date_from_text(article.text), "text"
    if published is not None:
        article.published = published
        article.meta["published_source"] = origin


def _declared_language(tree: HtmlElement) -> str | None:
    for xpath in _DECLARED_LANG_XPATHS:
        values = tree.xpath(xpath)
        if values and str(values[0]).strip():
            return str(values[0]).strip()
    return None


@sources.register("html")
class HtmlSource:
    """Local ``.html``/``.htm`` files; a directory is read recursively."""

    name = "html"
    priority = 100

    def accepts(self, location: str) -> bool:
        if accepts_path(location, SUFFIXES):
            return True
        path = Path(location)
        return path.is_file() and not path.suffix and _looks_like_html(sniff(path))

    def read(self, location: str, options: IngestOptions) -> Iterator[Article | Failure]:
        for path in iter_files(location, SUFFIXES):
            try:
                data = read_limited(path, options.max_bytes)
            except InputError as err:
                yield Failure(str(path), str(err), self.name)
                continue
            yield article_from_html(data, None, options=options, source=str(path))


def _looks_like_html(head: bytes) -> bool:
    return head.lstrip()[:200].lower().startswith(_HTML_MARKERS)
