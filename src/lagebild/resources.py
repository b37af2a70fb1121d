"""Loading of language resource files: YAML validated against a pydantic schema.

Every resource file is data, never code. A file names its ``kind`` so that a
user's own file (``--resources DIR``) is checked by the same schema as the
packaged ones; errors name the file and the offending entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources as importlib_resources
from importlib.abc import Traversable
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from lagebild.errors import ResourceError

Model = TypeVar("Model", bound=BaseModel)

# the C loader is several times faster; fall back where libyaml is absent
_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path | Traversable) -> object:
    """Parse one YAML file, turning syntax errors into ``ResourceError``."""
    try:
        with path.open("r", encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader)
    except (OSError, yaml.YAMLError) as err:
        raise ResourceError(f"{path}: cannot read resource: {err}") from err


def load_model(path: Path | Traversable, schema: type[Model]) -> Model:
    """Read ``path`` and validate it against ``schema``."""
    data = read_yaml(path)
    try:
        return schema.model_validate(data)
    except ValidationError as err:
        raise ResourceError(f"{path}: does not match the {schema.__name__} schema:\n{err}") from err


def package_files(package: str, pattern: str) -> list[Traversable]:
    """Resource files of ``package`` (e.g. ``lagebild.lang.de``) matching a glob."""
    root = importlib_resources.files(package) / "resources"
    if not root.is_dir():
        return []
    return sorted(
        (entry for entry in root.iterdir() if Path(entry.name).match(pattern)),
        key=lambda entry: entry.name,
    )


def user_files(directories: Iterable[Path], pattern: str) -> list[Path]:
    """Users' own resource files in the given directories, sorted by name."""
    found: list[Path] = []
    for directory in directories:
        if not directory.is_dir():
            raise ResourceError(f"{directory}: resource directory does not exist")
        found.extend(sorted(directory.glob(pattern)))
    return found
