"""Records with named fields (JSONL objects, CSV rows) to articles.

The canonical field names are those of ``Article``; ``IngestOptions.columns``
maps them to the names a file uses, e.g. ``{"text": "body", "id": "doc_id"}``.
Fields that are not mapped are kept, if they are scalars, in
``Article.meta["fields"]`` (a corpus' category label, say).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from lagebild.errors import InputError
from lagebild.ingest import dates
from lagebild.ingest.base import IngestOptions
from lagebild.ingest.langid import assign_language
from lagebild.records import Article

log = logging.getLogger(__name__)

CANONICAL = ("id", "text", "title", "url", "published", "lang", "outlet")
_SCALARS = (str, int, float, bool)


def column_map(options: IngestOptions) -> dict[str, str]:
    """Canonical name -> field name in the file. A mapping of an unknown name is an
    error in the caller's options, raised before any record is read."""
    unknown = sorted(set(options.columns) - set(CANONICAL))
    if unknown:
        raise InputError(
            f"unknown column mapping {unknown}: map these fields: {', '.join(CANONICAL)}"
        )
    return {name: options.columns.get(name, name) for name in CANONICAL}


def article_from_record(
    record: Mapping[str, Any], columns: Mapping[str, str], options: IngestOptions, source: str
) -> Article:
    """An article from one record; ``InputError`` if it has no usable text."""
    text = _text(record, columns["text"])
    values = {name: _optional_str(record, columns[name]) for name in ("title", "url", "outlet")}
    article = Article.from_text(
        text,
        id=_optional_str(record, columns["id"]),
        lang=_optional_str(record, columns["lang"]),
        source=source,
        **values,
    )
    _set_published(article, record.get(columns["published"]))
    extra = {
        key: value
        for key, value in record.items()
        if key and key not in columns.values() and isinstance(value, _SCALARS)
    }
    if extra:
        article.meta["fields"] = extra
    return assign_language(article, options)


def _set_published(article: Article, raw: object) -> None:
    """The record's date field; else a dateline in the text; an unreadable field is kept."""
    published, origin = dates.parse_date(raw), "field"
    if published is None and raw not in (None, ""):
        article.meta["published_raw"] = str(raw)
        log.warning("%s: unreadable date %r", article.source, raw)
    if published is None:
        published, origin = dates.date_from_text(article.text), "text"
    if published is not None:
        article.published = published
        article.meta["published_source"] = origin


def _text(record: Mapping[str, Any], field: str) -> str:
    if field not in record or record[field] is None:
        raise InputError(f"no text field {field!r}")
    text = record[field]
    if not isinstance(text, str):
        raise InputError(f"text field {field!r} is not a string")
    if not text.strip():
        raise InputError(f"empty text in field {field!r}")
    return text


def _optional_str(record: Mapping[str, Any], field: str) -> str | None:
    value = record.get(field)
    if value is None or isinstance(value, bool) or not isinstance(value, _SCALARS):
        return None
    return str(value).strip() or None
