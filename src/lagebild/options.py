"""The one options object, built at the edge (CLI, API) and passed down."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

OnError = Literal["skip", "raise"]


@dataclass(frozen=True)
class Options:
    """How the pipeline runs.

    ``lang`` forces a language ("de", "en"); None identifies it per article.
    ``resource_dirs`` hold users' own actor/verb files, merged after the
    packaged ones. ``enrich`` names the enrichment stages applied to each
    event. ``on_error="raise"`` stops at the first bad document instead of
    recording it and going on. ``workers`` > 1 codes in that many
    processes; ``dask`` ("local:N" or a scheduler address) codes on a Dask
    cluster instead (see ``lagebild.parallel``).
    """

    lang: str | None = None
    resource_dirs: tuple[Path, ...] = ()
    on_error: OnError = "skip"
    batch_size: int = 16
    min_lang_confidence: float = 0.5
    enrich: tuple[str, ...] = ("dates", "codebook")  # enrichment stages by registered name
    workers: int = 1
    dask: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
