"""Registries of pluggable parts, found by name.

Built-ins register through the same path as third-party packages: the
``lagebild_*`` entry-point groups in ``pyproject.toml``. A plugin package adds
``[project.entry-points.lagebild_sources] mysource = "pkg.module:MySource"``.
"""

from __future__ import annotations

from typing import Any

import catalogue

languages = catalogue.create("lagebild", "languages", entry_points=True)
sources = catalogue.create("lagebild", "sources", entry_points=True)
exporters = catalogue.create("lagebild", "exporters", entry_points=True)
stages = catalogue.create("lagebild", "stages", entry_points=True)


def get(registry: catalogue.Registry, name: str) -> Any:
    """Look ``name`` up, raising a ``LagebildError`` that lists what exists."""
    from lagebild.errors import LagebildError

    try:
        return registry.get(name)
    except catalogue.RegistryError as err:
        available = ", ".join(sorted(registry.get_all())) or "none"
        raise LagebildError(
            f"no {registry.namespace[-1]} named {name!r}; available: {available}"
        ) from err
