"""Kill test: an ingest of 1,000 articles killed mid-way (SIGKILL) and restarted ends
with exactly 1,000 articles and the same events as an uninterrupted run."""

from __future__ import annotations

import os
import re
import runpy
import signal
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb
import pytest

pytestmark = pytest.mark.slow

synthetic = SimpleNamespace(
    **runpy.run_path(str(Path(__file__).parents[1] / "benchmarks" / "synthetic.py"))
)
ARTICLES = 1000
PROGRESS = re.compile(r"progress: (\d+) articles stored")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 German articles; every twentieth is followed later by a wire copy."""
    path = tmp_path_factory.mktemp("kill") / "news.jsonl"
    records: list[dict[str, Any]] = []
    for number, record in enumerate(synthetic.german_articles(ARTICLES, seed=21)):
        records.append(record)
        if number % 20 == 5:
            records.insert(len(records) - 3, synthetic.wire_copy(record))
    synthetic.write_jsonl(path, iter(records))
    return path


def command(corpus: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "lagebild", "-v", "ingest", str(corpus), "--db", str(db),
            "--batch-size", "16", *extra]  # fmt: skip


def environment() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    done = subprocess.run(command(corpus, db), capture_output=True, text=True, env=environment(),
                          timeout=1800, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"{ARTICLES} articles stored" in done.stdout
    return db


def snapshot(db: Path) -> dict[str, set[tuple[Any, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": set(con.execute("SELECT id, status, n_events FROM articles").fetchall()),
            "events": set(con.execute("SELECT id, article_id, code FROM events").fetchall()),
            "mentions": set(
                con.execute(
                    "SELECT article_id, duplicate_id, kind FROM article_mentions"
                ).fetchall()
            ),
            "counts": {con.execute("SELECT count(*) FROM articles").fetchone()},
        }
    finally:
        con.close()


def kill_midway(args: list[str], after: int) -> None:
    """Start the ingest, SIGKILL it (and its workers) once ``after`` articles are stored."""
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, env=environment(), start_new_session=True)  # fmt: skip
    assert process.stderr is not None
    seen = []
    try:
        for line in process.stderr:
            seen.append(line)
            match = PROGRESS.search(line)
            if match and int(match.group(1)) >= after:
                os.killpg(process.pid, signal.SIGKILL)
                break
    finally:
        process.stderr.close()
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "".join(seen[-30:])


@pytest.mark.parametrize("mode", [(), ("--workers", "2"), ("--dask", "local:2")],
                         ids=["sequential", "workers", "dask"])  # fmt: skip
def test_killed_ingest_resumes_to_the_same_database(
    corpus: Path, reference: Path, tmp_path: Path, mode: tuple[str, ...]
) -> None:
    expected = snapshot(reference)
    assert expected["counts"] == {(ARTICLES,)} and expected["events"]
    assert sum(1 for m in expected["mentions"] if m[2] == "near") == ARTICLES // 20

    db = tmp_path / "killed.duckdb"
    kill_midway(command(corpus, db, *mode), after=ARTICLES // 4)
    con = duckdb.connect(str(db), read_only=True)  # the WAL of the killed run is replayed
    [(partial,)] = con.execute("SELECT count(*) FROM articles").fetchall()
    con.close()
    assert ARTICLES // 4 <= partial < ARTICLES

    resumed = subprocess.run(command(corpus, db, *mode), capture_output=True, text=True,
                             env=environment(), timeout=1800, check=False)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert f"{ARTICLES - partial} articles stored" in resumed.stdout
    assert snapshot(db) == expected
    assert not list(tmp_path.glob("*.shards/*/pending/*"))  # no shard left behind
