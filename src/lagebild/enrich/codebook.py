"""Goldstein score, QuadClass and PLOVER category from the CAMEO codebook."""

from __future__ import annotations

from lagebild.events.codebook import Codebook
from lagebild.records import Event


def apply_codebook(event: Event, codebook: Codebook) -> Event:
    """Fill the codebook fields of ``event`` in place and return it."""
    entry = codebook.get(event.code)
    event.root = entry.root
    event.name = entry.name
    event.goldstein = entry.goldstein
    event.quad_class = entry.quad_class
    event.plover = entry.plover or _root_plover(event.code, codebook)
    event.plover_mode = entry.plover_mode
    event.plover_context = entry.plover_context
    return event


def _root_plover(code: str, codebook: Codebook) -> str | None:
    """A sub-code without its own PLOVER line takes its parent's category."""
    for length in range(len(code) - 1, 1, -1):
        parent = code[:length]
        if parent in codebook and codebook.get(parent).plover:
            return codebook.get(parent).plover
    return None
