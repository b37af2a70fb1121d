"""Plain-text files (``.txt``) and directories of them.

Encoding policy: a forced ``options.encoding`` is used as given. Otherwise a
byte-order mark decides; then strict UTF-8; then charset_normalizer, whose
answer is accepted only when it is confident (little "chaos" in the decoded
text). Among equally good candidates cp1252 is preferred, because legacy
German and English files are overwhelmingly Windows-1252 and the Central
European code pages that score the same would turn "Molière" into "Moličre".
A legacy decode is logged as a warning and recorded in ``Article.meta``.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Iterator
from pathlib import Path

import charset_normalizer

from lagebild.errors import InputError
from lagebild.ingest import dates
from lagebild.ingest.base import Failure, IngestOptions
from lagebild.ingest.files import accepts_path, iter_files, read_limited
from lagebild.ingest.langid import assign_language
from lagebild.records import Article
from lagebild.registry import sources

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".text")
MAX_CHAOS = 0.1  # charset_normalizer's mess ratio above which a guess is not trusted
MIN_COHERENCE = 0.2  # how clearly charset_normalizer must see a language in the result
MAX_CONTROL_RATIO = 0.05
BINARY_SNIFF = 8192
TITLE_MAX_CHARS = 200
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PREFERRED_LEGACY = "cp1252"
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first block: not a text file."""
    head = data[:BINARY_SNIFF]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls > MAX_CONTROL_RATIO * len(head)


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text document by the policy above; returns (text, encoding used).

    Raises ``InputError`` with the reason when the bytes are not text.
    """
    if encoding:
        return _decode_as(data, encoding), encoding
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, bom_encoding), bom_encoding
    if looks_binary(data):
        raise InputError("binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        legacy = _guess_legacy(data)
        if legacy is None:
            raise InputError(
                f"cannot decode: not valid UTF-8 (byte 0x{data[err.start]:02x} at offset "
                f"{err.start}) and no confident guess of another encoding"
            ) from err
        log.warning("not UTF-8, decoded as %s", legacy)
        return _decode_as(data, legacy), legacy


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError as err:
        raise InputError(f"unknown encoding {encoding!r}") from err
    except UnicodeDecodeError as err:
        raise InputError(
            f"cannot decode as {encoding}: {err.reason} at offset {err.start}"
        ) from err


def _guess_legacy(data: bytes) -> str | None:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None or best.chaos > MAX_CHAOS:
        return None
    for match in matches:
        if match.chaos <= best.chaos and _PREFERRED_LEGACY in match.could_be_from_charset:
            return _PREFERRED_LEGACY
    # Other code pages only when charset_normalizer also recognises a language
    # in the result: byte noise "decodes" in some code page with little chaos.
    if best.coherence < MIN_COHERENCE:
        return None
    return str(best.encoding)


def headline(text: str) -> str | None:
    """The first line if it reads like a headline: short and not ending in a period."""
    first = text.lstrip().split("\n", 1)[0].strip()
    if not first or len(first) > TITLE_MAX_CHARS or first.endswith((".", ",", ";")):
        return None
    return first


def article_from_bytes(data: bytes, location: str, options: IngestOptions) -> Article:
    """One text document as an article; ``InputError`` if it is not a readable text."""
    text, encoding = decode_bytes(data, options.encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty document")
    published = dates.date_from_text(text)
    article = Article.from_text(text, title=headline(text), published=published, source=location)
    if encoding not in ("utf-8", "utf-8-sig"):
        article.meta["encoding"] = encoding
    if published:
        article.meta["published_source"] = "text"
    return assign_language(article, options)


@sources.register("text")
class TextSource:
    """``.txt`` files; a directory is read recursively."""

    name = "text"
    priority = 100

    def accepts(self, location: str) -> bool:
        return accepts_path(location, SUFFIXES)

    def read(self, location: str, options: IngestOptions) -> Iterator[Article | Failure]:
        for path in iter_files(location, SUFFIXES):
            yield self._read_file(path, options)

    def _read_file(self, path: Path, options: IngestOptions) -> Article | Failure:
        try:
            data = read_limited(path, options.max_bytes)
            if not data.strip():
                raise InputError("empty document")
            return article_from_bytes(data, str(path), options)
        except InputError as err:
            return Failure(str(path), str(err), self.name)
