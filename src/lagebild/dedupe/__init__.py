"""Deduplication: the same article (exact or near copies) ingested more than once.

Event-level deduplication (one real-world event reported by many articles)
belongs to the event stages; this package handles article copies.
"""

from __future__ import annotations

from lagebild.dedupe.articles import (
    DedupeConfig,
    DedupeIndex,
    DedupeRow,
    DuplicateOf,
    shingles,
)

__all__ = ["DedupeConfig", "DedupeIndex", "DedupeRow", "DuplicateOf", "shingles"]
