"""Helpers shared by the file-based sources: suffix tests, walking, size limits."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from lagebild.errors import InputError

log = logging.getLogger(__name__)

SNIFF_BYTES = 4096


def is_url(location: str) -> bool:
    return urlsplit(location).scheme in ("http", "https")


def has_suffix(location: str, suffixes: tuple[str, ...]) -> bool:
    """Case-insensitive suffix test that understands double suffixes like ``.jsonl.gz``."""
    return not is_url(location) and location.lower().endswith(suffixes)


def accepts_path(location: str, suffixes: tuple[str, ...]) -> bool:
    """A file name with one of ``suffixes``.

    Directories are not "accepted": ``read_sources`` walks them and sends each
    file on; a source's ``read`` still walks a directory handed to it directly.
    """
    return has_suffix(location, suffixes) and not Path(location).is_dir()


def iter_files(location: str, suffixes: tuple[str, ...] | None) -> Iterator[Path]:
    """``location`` itself if it is a file, else the files below it with one of
    ``suffixes`` (all files if None), in a stable order.

    Hidden files and directories (dot names: ``.git``, ``.DS_Store``) are not
    documents and are passed over.
    """
    root = Path(location)
    if not root.is_dir():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and (suffixes is None or name.lower().endswith(suffixes)):
                yield Path(dirpath) / name


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def too_large(size: int, limit: int) -> str:
    return f"too large: {human_size(size)} > limit {human_size(limit)}"


def read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; ``InputError`` if it is missing or larger than ``max_bytes``."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(too_large(size, max_bytes))
        return path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read file: {err.strerror or err}") from err


def sniff(path: Path, size: int = SNIFF_BYTES) -> bytes:
    """The first bytes of a file for content sniffing; empty if unreadable."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        log.debug("cannot sniff %s", path, exc_info=True)
        return b""
