"""Exports of stored events, through the CLI, in every registered format."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from lagebild.cli import main
from lagebild.export import available_exporters
from lagebild.export.gdelt import COLUMNS


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("export") / "demo.duckdb"
    result = CliRunner().invoke(main, ["demo", "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


def stored_events(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    (count,) = con.execute("SELECT count(*) FROM events").fetchone() or (0,)
    con.close()
    return int(count)


def export(db: Path, fmt: str, out: Path, *extra: str) -> None:
    result = CliRunner().invoke(
        main,
        ["export", "--db", str(db), "--format", fmt, "--out", str(out), *extra],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output


def test_builtin_exporters_are_registered() -> None:
    assert set(available_exporters()) >= {"jsonl", "csv", "parquet", "gdelt"}


def test_jsonl_and_csv_hold_every_event_with_its_evidence(demo_db: Path, tmp_path: Path) -> None:
    export(demo_db, "jsonl", tmp_path / "e.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert len(rows) == stored_events(demo_db) > 0
    assert all(r["rule"] and r["evidence"] and r["text"] for r in rows)
    export(demo_db, "csv", tmp_path / "e.csv")
    with (tmp_path / "e.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == len(rows) and {"source", "target", "code", "goldstein"} <= set(table[0])


def test_parquet_is_readable_by_duckdb(demo_db: Path, tmp_path: Path) -> None:
    export(demo_db, "parquet", tmp_path / "e.parquet")
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT source, target, code FROM read_parquet('{tmp_path / 'e.parquet'}')"
    ).fetchall()
    assert len(rows) == stored_events(demo_db) and ("USA", "RUS", "163") in rows


def test_gdelt_columns(demo_db: Path, tmp_path: Path) -> None:
    export(demo_db, "gdelt", tmp_path / "e.export.CSV", "--source", "USA")
    lines = (tmp_path / "e.export.CSV").read_text(encoding="utf-8").splitlines()
    assert lines
    fields = [dict(zip(COLUMNS, line.split("\t"), strict=True)) for line in lines]
    assert len(COLUMNS) == 61
    usa = fields[0]
    assert usa["Actor1Code"] == "USA" and usa["Actor1CountryCode"] == "USA"
    assert usa["Actor2CountryCode"] == "RUS"
    assert usa["EventCode"] == "163" and usa["EventRootCode"] == "16"
    assert usa["QuadClass"] == "4" and float(usa["GoldsteinScale"]) == -8.0
    assert usa["GLOBALEVENTID"].isdigit()


def test_export_filters_and_missing_database(demo_db: Path, tmp_path: Path) -> None:
    export(demo_db, "jsonl", tmp_path / "none.jsonl", "--since", "2100-01-01")
    assert (tmp_path / "none.jsonl").read_text() == ""
    result = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "no.duckdb")])
    assert result.exit_code == 1 and "no such database" in result.output
