"""Evaluation against gold files and the throughput benchmark."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lagebild.evaluate.scorer import GoldArticle, Score, ScoredEvent, read_gold, score
from lagebild.pipeline import Pipeline
from lagebild.records import Article, Event

__all__ = ["Score", "evaluate_file", "events_for_gold", "score"]


def events_for_gold(article: GoldArticle, events: Iterable[Event]) -> list[ScoredEvent]:
    """System events placed in gold sentences by the offset of their predicate.

    Our sentence splitter may cut differently from the gold files; placing an
    event by where its verb stands makes scoring independent of that.
    """
    placed: list[ScoredEvent] = []
    for event in events:
        offset = event.anchor if event.anchor is not None else event.start
        sentence = article.sentence_at(offset)
        if sentence is None:
            continue
        placed.append(
            ScoredEvent(
                sentence,
                event.source.code,
                event.target.code,
                event.code,
                str(event.modality),
                event.rule,
            )
        )
    return placed


def evaluate_file(path: Path, pipeline: Pipeline, keep_errors: bool = False) -> Score:
    """Code every gold article's text with ``pipeline`` and score the result."""
    gold = list(read_gold(path))
    system: dict[str, list[ScoredEvent]] = {}
    for article in gold:
        coded = pipeline.code_article(Article(id=article.id, text=article.text, lang=article.lang))
        system[article.id] = events_for_gold(article, coded.events)
    return score(gold, system, keep_errors=keep_errors)
