"""Enrichment stages are found by name; a plugin stage runs on every event."""

from __future__ import annotations

import pytest

from lagebild import registry
from lagebild.enrich import EnrichContext
from lagebild.errors import LagebildError
from lagebild.options import Options
from lagebild.pipeline import Pipeline
from lagebild.records import Article, Event

TEXT = "Die USA verhängten am Montag neue Sanktionen gegen Russland."


def test_builtin_stages_are_registered() -> None:
    assert {"dates", "codebook"} <= set(registry.stages.get_all())


def test_a_registered_stage_runs_after_the_builtins() -> None:
    def confidence_stage(event: Event, context: EnrichContext) -> Event:
        event.confidence = 0.5 if context.lang == "de" else 1.0
        return event

    registry.stages.register("test_confidence", func=confidence_stage)
    pipeline = Pipeline(Options(lang="de", enrich=("dates", "codebook", "test_confidence")))
    events = pipeline.code_article(Article.from_text(TEXT, lang="de")).events
    assert events and all(e.confidence == 0.5 and e.goldstein is not None for e in events)


def test_without_the_codebook_stage_no_codebook_fields() -> None:
    events = (
        Pipeline(Options(lang="de", enrich=("dates",)))
        .code_article(Article.from_text(TEXT, lang="de"))
        .events
    )
    assert events and all(e.goldstein is None for e in events)


def test_unknown_stage_is_a_clear_error() -> None:
    with pytest.raises(LagebildError, match="no stages named 'nope'"):
        Pipeline(Options(lang="de", enrich=("nope",))).code_article(
            Article.from_text(TEXT, lang="de")
        )
