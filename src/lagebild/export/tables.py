"""JSONL, CSV and Parquet exports of Lagebild's own event columns."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import Any

import duckdb

from lagebild.registry import exporters


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


@exporters.register("jsonl")
class JsonlExporter:
    name = "jsonl"
    suffix = ".jsonl"

    def write(self, rows: Iterable[dict[str, Any]], path: Path) -> int:
        count = 0
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False, default=_plain) + "\n")
                count += 1
        return count


@exporters.register("csv")
class CsvExporter:
    name = "csv"
    suffix = ".csv"

    def write(self, rows: Iterable[dict[str, Any]], path: Path) -> int:
        iterator = iter(rows)
        first = next(iterator, None)
        count = 0
        with path.open("w", encoding="utf-8", newline="") as handle:
            if first is None:
                return 0
            writer = csv.DictWriter(handle, fieldnames=list(first))
            writer.writeheader()
            for row in chain([first], iterator):
                writer.writerow({k: _plain(v) for k, v in row.items()})
                count += 1
        return count


@exporters.register("parquet")
class ParquetExporter:
    """Parquet written by DuckDB itself (no pyarrow needed), in row groups."""

    name = "parquet"
    suffix = ".parquet"

    def write(self, rows: Iterable[dict[str, Any]], path: Path) -> int:
        staging = JsonlExporter()
        temporary = path.with_suffix(".staging.jsonl")
        try:
            count = staging.write(_records(rows), temporary)
            con = duckdb.connect()
            if count:
                source = f"read_json_auto('{temporary}', format='newline_delimited')"
                con.execute(f"COPY (SELECT * FROM {source}) TO '{path}' (FORMAT PARQUET)")
            else:
                con.execute(f"COPY (SELECT 1 AS empty WHERE false) TO '{path}' (FORMAT PARQUET)")
            con.close()
            return count
        finally:
            temporary.unlink(missing_ok=True)


def _records(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield {k: _plain(v) for k, v in row.items()}
