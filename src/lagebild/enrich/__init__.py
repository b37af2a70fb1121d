"""Enrichment stages, applied to every event in the order ``Options.enrich`` names.

Built-ins: ``dates`` (event date resolved against the article date) and
``codebook`` (Goldstein, QuadClass, PLOVER). Stages are found by name in
``lagebild.registry.stages``; a plugin (geocoding, say) registers its own under
the ``lagebild_stages`` entry-point group with the ``EnrichStage`` signature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lagebild.enrich.codebook import apply_codebook
from lagebild.enrich.dates import resolve_event_date
from lagebild.events.codebook import Codebook
from lagebild.records import Article, Event
from lagebild.registry import stages

__all__ = [
    "EnrichContext", "EnrichStage", "apply_codebook", "codebook_stage", "date_stage",
    "resolve_event_date",
]  # fmt: skip


@dataclass(frozen=True)
class EnrichContext:
    """What a stage may use besides the event."""

    article: Article
    lang: str
    codebook: Codebook


EnrichStage = Callable[[Event, EnrichContext], Event]


@stages.register("dates")
def date_stage(event: Event, context: EnrichContext) -> Event:
    event.date, event.date_precision = resolve_event_date(
        event.text, context.article.published, context.lang
    )
    return event


@stages.register("codebook")
def codebook_stage(event: Event, context: EnrichContext) -> Event:
    return apply_codebook(event, context.codebook)
