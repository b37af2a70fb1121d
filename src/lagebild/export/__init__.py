"""Exporters of stored events, found by name in ``lagebild.registry.exporters``.

Built-ins: ``jsonl``, ``csv``, ``parquet`` (Lagebild's own columns) and
``gdelt`` (the 61 columns of GDELT 2.0's event table, tab-separated, so that
existing GDELT tooling reads Lagebild data). A plugin adds its own under the
``lagebild_exporters`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from lagebild import registry


@runtime_checkable
class Exporter(Protocol):
    """Writes event rows (``Store.export_rows``) to a file; returns the row count."""

    name: str
    suffix: str

    def write(self, rows: Iterable[dict[str, Any]], path: Path) -> int: ...


def get_exporter(name: str) -> Exporter:
    exporter: Exporter = registry.get(registry.exporters, name)()
    return exporter


def available_exporters() -> list[str]:
    return sorted(registry.exporters.get_all())
