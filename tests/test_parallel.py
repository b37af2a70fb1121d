"""Worker processes and Dask give exactly what a sequential run gives."""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from lagebild.cli import main
from lagebild.options import Options
from lagebild.parallel import PeakMemory, ProcessCoder
from lagebild.records import Article
from lagebild.store.shards import ShardDirectory, shard_root

synthetic = SimpleNamespace(
    **runpy.run_path(str(Path(__file__).parents[1] / "benchmarks" / "synthetic.py"))
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 articles, some followed by a wire copy, and one broken line."""
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    lines = []
    for number, record in enumerate(synthetic.german_articles(40, seed=11)):
        lines.append(json.dumps(record, ensure_ascii=False))
        if number % 7 == 3:
            lines.append(json.dumps(synthetic.wire_copy(record), ensure_ascii=False))
    lines.insert(9, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sequential(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("sequential") / "seq.duckdb"
    ingest(corpus, db)
    return db


def ingest(corpus: Path, db: Path, *args: str) -> str:
    result = CliRunner().invoke(
        main, ["ingest", str(corpus), "--db", str(db), "--batch-size", "8", *args],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def contents(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Everything stored, minus the times of storing."""
    queries = {
        "articles": "SELECT * EXCLUDE (ingested_at) FROM articles ORDER BY id",
        "events": "SELECT * FROM events ORDER BY id",
        "mentions": "SELECT * EXCLUDE (seen_at) FROM article_mentions ORDER BY duplicate_id",
        "dedupe": "SELECT * EXCLUDE (seq) FROM dedupe ORDER BY article_id",
        "failures": "SELECT location, reason, stage FROM failures ORDER BY location",
    }
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in queries.items()}
    finally:
        con.close()


def test_the_sequential_run_is_a_meaningful_reference(sequential: Path) -> None:
    stored = contents(sequential)
    assert len(stored["articles"]) == 40 and len(stored["failures"]) == 1
    assert sum(1 for m in stored["mentions"] if m[5] == "near") == 6


def test_two_worker_processes_store_exactly_what_one_process_stores(
    corpus: Path, sequential: Path, tmp_path: Path
) -> None:
    db = tmp_path / "workers.duckdb"
    output = ingest(corpus, db, "--workers", "2")
    assert "40 articles stored" in output and "6 duplicates (6 near)" in output
    assert contents(db) == contents(sequential)


def test_dask_local_cluster_stores_exactly_what_one_process_stores(
    corpus: Path, sequential: Path, tmp_path: Path
) -> None:
    db = tmp_path / "dask.duckdb"
    output = ingest(corpus, db, "--dask", "local:2", "--keep-shards")
    assert "40 articles stored" in output
    assert contents(db) == contents(sequential)
    # the shards were kept for querying in place, and hold the same rows
    shards = str(shard_root(db) / "*" / "loaded")
    con = duckdb.connect()
    in_place = con.execute(
        f"SELECT count(*) FROM read_parquet('{shards}/*-articles.parquet')"
    ).fetchone()
    assert in_place == (40,)
    # a second run finds everything stored and codes nothing
    again = ingest(corpus, db, "--dask", "local:2")
    assert "0 articles stored" in again and "46 already" in again  # 40 and 6 copies


def test_process_pool_keeps_input_order_and_a_bounded_number_in_flight() -> None:
    pulled = 0
    in_flight = []

    def jobs() -> Iterator[tuple[int, list[Article]]]:
        nonlocal pulled
        for number in range(12):
            pulled += 1
            text = synthetic.german_article(number)["text"]
            yield number, [Article.from_text(text, id=f"a{number}", lang="de")]

    with ProcessCoder(Options(), workers=2, max_pending=3) as coder:
        order = []
        for number, rows in coder.map(jobs()):
            in_flight.append(pulled - number)
            order.append((number, [r.id for r in rows]))  # type: ignore[union-attr]
    assert order == [(n, [f"a{n}"]) for n in range(12)]
    assert max(in_flight) <= 3


def test_pending_shards_of_a_killed_run_are_removed_not_loaded(tmp_path: Path) -> None:
    root = tmp_path / "news.duckdb.shards"
    stale = root / "run-old" / "pending"
    stale.mkdir(parents=True)
    (stale / "0000001-articles.parquet").write_bytes(b"half written")
    kept = root / "run-kept" / "loaded"
    kept.mkdir(parents=True)
    (kept / "0000001-events.parquet").write_bytes(b"kept on request")
    directory = ShardDirectory(root, "run-new")
    assert directory.prepare() == 1
    assert not (root / "run-old").exists() and (kept / "0000001-events.parquet").exists()
    assert directory.pending.is_dir()


def test_peak_memory_counts_worker_processes() -> None:
    code = "import time; b = b'x' * (150 * 1024 * 1024); time.sleep(1.5)"
    with PeakMemory(interval=0.05) as memory:
        alone = memory.sample()
        child = subprocess.Popen([sys.executable, "-c", code])
        deadline = time.monotonic() + 10
        while memory.peak < alone + 140 * 1024 * 1024 and time.monotonic() < deadline:
            time.sleep(0.1)
        child.wait()
    assert memory.peak_mb >= alone / 1024 / 1024 + 140


def test_bench_compares_workers_with_one_process(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    synthetic.write_jsonl(corpus, synthetic.german_articles(12))
    result = CliRunner().invoke(
        main, ["bench", str(corpus), "--workers", "2", "--compare", "--json"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["mode"] == "processes" and figures["workers"] == 2
    assert figures["articles"] == 12 and figures["articles_per_s"] > 0
    assert figures["baseline_articles_per_s"] > 0 and figures["speedup"] > 0
    assert figures["peak_rss_mb"] > figures["baseline_peak_rss_mb"] > 0  # two model copies
