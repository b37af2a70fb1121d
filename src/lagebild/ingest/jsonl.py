"""JSON Lines (``.jsonl``, ``.ndjson``, optionally gzipped): one article per line.

The file is read line by line; a line longer than ``options.max_bytes`` is
skipped over in chunks rather than loaded. Every bad line becomes a
``Failure`` located as ``file.jsonl:LINE`` and the rest of the file is read.
Blank lines carry no document and are passed over.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from lagebild.errors import InputError
from lagebild.ingest.base import Failure, IngestOptions
from lagebild.ingest.fields import article_from_record, column_map
from lagebild.ingest.files import accepts_path, human_size, iter_files
from lagebild.records import Article
from lagebild.registry import sources

log = logging.getLogger(__name__)

SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_CHUNK = 1024 * 1024


def open_binary(path: Path) -> io.BufferedIOBase:
    """The file, transparently decompressed if it ends in ``.gz``."""
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


def iter_lines(handle: io.BufferedIOBase, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; ``None`` stands for a line over ``max_bytes``."""
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(handle)
            yield number, None
        else:
            yield number, line


def _skip_rest_of_line(handle: io.BufferedIOBase) -> None:
    while True:
        chunk = handle.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def parse_line(line: bytes) -> Mapping[str, object]:
    """One JSON object; ``InputError`` naming what is wrong with the line."""
    try:
        value = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise InputError(f"not valid UTF-8 at byte {err.start}") from err
    except json.JSONDecodeError as err:
        raise InputError(f"malformed JSON: {err.msg} (column {err.colno})") from err
    if not isinstance(value, dict):
        raise InputError(f"not a JSON object but {type(value).__name__}")
    return value


@sources.register("jsonl")
class JsonlSource:
    """JSON Lines files with the fields of ``Article`` (mapped by ``options.columns``)."""

    name = "jsonl"
    priority = 100

    def accepts(self, location: str) -> bool:
        return accepts_path(location, SUFFIXES)

    def read(self, location: str, options: IngestOptions) -> Iterator[Article | Failure]:
        columns = column_map(options)
        for path in iter_files(location, SUFFIXES):
            yield from self._read_file(path, columns, options)

    def _read_file(
        self, path: Path, columns: Mapping[str, str], options: IngestOptions
    ) -> Iterator[Article | Failure]:
        number = 0
        try:
            with open_binary(path) as handle:
                for number, line in iter_lines(handle, options.max_bytes):
                    if line is not None and not line.strip():
                        continue
                    yield self._read_line(line, f"{path}:{number}", columns, options)
        except (OSError, EOFError, zlib.error) as err:
            # A missing file, a corrupt or truncated gzip stream: what was read stands.
            where = f"{path}:{number + 1}" if number else str(path)
            yield Failure(where, f"cannot read file: {err}", self.name)

    def _read_line(
        self,
        line: bytes | None,
        location: str,
        columns: Mapping[str, str],
        options: IngestOptions,
    ) -> Article | Failure:
        try:
            if line is None:
                raise InputError(f"too large: line longer than {human_size(options.max_bytes)}")
            return article_from_record(parse_line(line), columns, options, location)
        except InputError as err:
            return Failure(location, str(err), self.name)
