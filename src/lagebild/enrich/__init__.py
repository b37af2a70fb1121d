"""Enrichment: codebook facts (Goldstein, QuadClass, PLOVER) and event dates."""

from lagebild.enrich.codebook import apply_codebook
from lagebild.enrich.dates import resolve_event_date

__all__ = ["apply_codebook", "resolve_event_date"]
