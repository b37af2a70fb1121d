"""Throughput benchmark of the whole pipeline on a corpus."""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
    analyze_seconds: float | None = None  # sequential runs: time in the language pack
    code_seconds: float | None = None  # ... and in actors, events and enrichment

    @property
    def coder_share(self) -> float | None:
        """The share of pipeline time spent after analysis (actors, events, enrichment)."""
        if self.analyze_seconds is None or self.code_seconds is None:
            return None
        total = self.analyze_seconds + self.code_seconds
        return self.code_seconds / total if total else None

    def as_dict(self) -> dict[str, float | int | None]:
        figures = {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}
        share = self.coder_share
        figures["coder_share"] = round(share, 3) if share is not None else None
        return figures
