"""Lagebild: political event data from German and English news.

    >>> import lagebild
    >>> events = lagebild.code("Russland verurteilt die Sanktionen der USA.")

``code`` codes one text; ``Pipeline`` codes streams of articles with loaded
models kept between calls.
"""

from __future__ import annotations

from functools import cache

from lagebild.options import Options
from lagebild.pipeline import Pipeline
from lagebild.records import Article, CodedArticle, Event, Modality

__version__ = "0.1.0"
__all__ = ["Article", "CodedArticle", "Event", "Modality", "Options", "Pipeline", "code"]


@cache
def _default_pipeline(lang: str | None) -> Pipeline:
    return Pipeline(Options(lang=lang, on_error="raise"))


def code(text: str, lang: str | None = None) -> list[Event]:
    """Events in ``text`` (language identified when ``lang`` is None).

    Raises ``UnknownLanguageError`` when no pack exists for the language and
    ``InputError`` for empty text.
    """
    from lagebild.errors import InputError, UnknownLanguageError

    if not text.strip():
        raise InputError("empty text")
    pipeline = _default_pipeline(lang)
    result = pipeline.code_article(Article.from_text(text, lang=lang))
    if result.status == "stored-uncoded":
        raise UnknownLanguageError(result.message or "unknown language")
    return result.events
