"""CSV and TSV files with a header row (optionally gzipped), one article per row.

Columns are mapped as for JSONL (``options.columns``). The delimiter of a
``.csv`` is sniffed from its start (German exports often use ";"). The file
is decoded as UTF-8 unless its start says otherwise (then the legacy
encoding that ``text.decode_bytes`` finds is used for the whole file); bytes
that still do not decode make only their row a failure.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import logging
from collections.abc import Iterator, Mapping
from pathlib import Path

from lagebild.errors import InputError
from lagebild.ingest.base import Failure, IngestOptions
from lagebild.ingest.fields import article_from_record, column_map
from lagebild.ingest.files import accepts_path, iter_files, too_large
from lagebild.ingest.text import decode_bytes
from lagebild.records import Article
from lagebild.registry import sources

log = logging.getLogger(__name__)

SUFFIXES = (".csv", ".tsv", ".tab", ".csv.gz", ".tsv.gz")
SAMPLE_BYTES = 64 * 1024
_C_INT_MAX = 2**31 - 1  # the largest field limit every platform's C long accepts
_DELIMITERS = ",;\t|"


def raise_field_limit(max_bytes: int) -> None:
    """Let one CSV field be as large as a document may be.

    The csv module's limit (128 KB by default) is process-wide state; it is
    only ever raised here, never lowered, so concurrent readers cannot trip
    each other up.
    """
    wanted = min(max_bytes, _C_INT_MAX)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def _open_raw(path: Path) -> gzip.GzipFile | io.BufferedReader:
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def _encoding(sample: bytes, forced: str | None) -> str:
    """The file's encoding, judged from its first block."""
    if forced:
        return forced
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        _, encoding = decode_bytes(sample)
        log.warning("CSV file is not UTF-8; reading it as %s", encoding)
        return encoding


def _delimiter(path: Path, sample: str) -> str:
    if path.name.lower().endswith((".tsv", ".tab", ".tsv.gz")):
        return "\t"
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


def _undecodable(row: list[str]) -> bool:
    # Rows are read with errors="surrogateescape": undecodable bytes survive as
    # lone surrogates, which cannot be encoded back to UTF-8.
    try:
        "".join(row).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@sources.register("csv")
class CsvSource:
    """CSV/TSV files with a header row."""

    name = "csv"
    priority = 100

    def accepts(self, location: str) -> bool:
        return accepts_path(location, SUFFIXES)

    def read(self, location: str, options: IngestOptions) -> Iterator[Article | Failure]:
        columns = column_map(options)
        raise_field_limit(options.max_bytes)
        for path in iter_files(location, SUFFIXES):
            try:
                yield from self._read_file(path, columns, options)
            except (OSError, EOFError, InputError) as err:
                yield Failure(str(path), f"cannot read file: {err}", self.name)

    def _read_file(
        self, path: Path, columns: Mapping[str, str], options: IngestOptions
    ) -> Iterator[Article | Failure]:
        with _open_raw(path) as raw:
            sample = raw.read(SAMPLE_BYTES)
        encoding = _encoding(sample, options.encoding)
        delimiter = _delimiter(path, sample.decode(encoding, errors="replace"))
        with _open_raw(path) as raw:
            handle = io.TextIOWrapper(raw, encoding, errors="surrogateescape", newline="")
            reader = csv.reader(handle, delimiter=delimiter)
            header = next(reader, None)
            if not header:
                yield Failure(str(path), "empty document: no header row", self.name)
                return
            while True:
                start = reader.line_num + 1  # a quoted field may span several lines
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as err:
                    yield Failure(f"{path}:{start}", f"malformed CSV: {err}", self.name)
                    continue
                if row:
                    yield self._row(row, header, f"{path}:{start}", columns, options)

    def _row(
        self,
        row: list[str],
        header: list[str],
        location: str,
        columns: Mapping[str, str],
        options: IngestOptions,
    ) -> Article | Failure:
        try:
            if len(row) != len(header):
                raise InputError(f"row has {len(row)} fields, the header has {len(header)}")
            if _undecodable(row):
                raise InputError("row is not valid text in the file's encoding")
            if sum(len(value) for value in row) > options.max_bytes:
                raise InputError(too_large(sum(len(v) for v in row), options.max_bytes))
            return article_from_record(
                dict(zip(header, row, strict=True)), columns, options, location
            )
        except InputError as err:
            return Failure(location, str(err), self.name)
