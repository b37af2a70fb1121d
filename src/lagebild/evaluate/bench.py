"""Throughput benchmark of the whole pipeline on a corpus."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from itertools import islice

from lagebild.pipeline import Pipeline
from lagebild.records import Article


@dataclass
class BenchResult:
    articles: int
    sentences: int
    tokens: int
    events: int
    seconds: float
    articles_per_s: float
    sentences_per_s: float
    tokens_per_s: float
    peak_rss_mb: float
    load_seconds: float

    def as_dict(self) -> dict[str, float | int]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def peak_rss_mb() -> float:
    """Peak resident memory of this process (and finished children) in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return max(own, children) * scale / 1024 / 1024


def run_benchmark(
    articles: Iterable[Article],
    pipeline: Pipeline,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> BenchResult:
    """Code ``articles`` (the first ``limit``) and measure time and memory.

    Loading models is timed separately (``load_seconds``) so that articles/s
    reflects steady-state throughput.
    """
    items = list(islice(articles, limit) if limit else articles)
    started = time.perf_counter()
    for lang in {a.lang for a in items if a.lang}:
        if lang in pipeline.available_languages():
            pipeline.runtime(lang).pack.nlp  # type: ignore[attr-defined]  # noqa: B018
    load_seconds = time.perf_counter() - started
    sentences = tokens = events = done = 0
    started = time.perf_counter()
    for result in pipeline.code_articles(items):
        done += 1
        sentences += len(result.sentences)
        tokens += sum(len(s.tokens) for s in result.sentences)
        events += len(result.events)
        if progress:
            progress(1)
    seconds = time.perf_counter() - started
    return BenchResult(
        articles=done,
        sentences=sentences,
        tokens=tokens,
        events=events,
        seconds=seconds,
        articles_per_s=done / seconds if seconds else 0.0,
        sentences_per_s=sentences / seconds if seconds else 0.0,
        tokens_per_s=tokens / seconds if seconds else 0.0,
        peak_rss_mb=peak_rss_mb(),
        load_seconds=load_seconds,
    )
