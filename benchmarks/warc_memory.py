"""Peak memory of ``lagebild ingest`` on a large WARC archive: it must not grow with the input.

    python benchmarks/warc_memory.py                      # 1 GB archive, 2,000 pages
    python benchmarks/warc_memory.py --size 200MB --pages 300 --json

The script writes a synthetic crawl (``synthetic.write_warc``) into a work
directory, then runs the real command, ``python -m lagebild ingest
ARCHIVE --db DB``, as a subprocess and samples the resident memory of its
process tree (the command and any worker processes, summed) every 0.2 s.

What the archive holds, for ``--size 1GB --pages 2000`` (``WarcPlan.for_size``):

- 2,000 German news pages (a few KB of text in 15-20 KB of markup: navigation,
  cookie banner, 40 teaser links, scripts), 10 of them "live blog" pages of
  about 1.5 MB of markup; each page preceded by its request record;
- 200 near copies (agency credit added) and 100 exact copies (same page, other
  URL) of earlier pages, which dedupe stores as mentions, not articles;
- 100 404 responses;
- media responses of random (incompressible) bytes: about 1,270 images of
  400 KB and 12 videos of 40 MB, making up the size.

Coding every page of a real 1 GB crawl would take hours on two cores; media is
what makes real archives large, and what a reader must stream rather than
load. The pages are enough to keep the pipeline, the dedupe index and the
writer busy for the whole run, so the memory measured is that of the real
ingest path over the whole archive.

Prints the archive's size and composition, the run's time, peak RSS and
throughput, and the ingest command's summary line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import runpy
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from lagebild.parallel import PeakMemory

synthetic = SimpleNamespace(**runpy.run_path(str(Path(__file__).with_name("synthetic.py"))))
_UNITS = {"KB": 10**3, "MB": 10**6, "GB": 10**9}


def size_in_bytes(text: str) -> int:
    match = re.fullmatch(r"\s*([\d.]+)\s*([KMG]B)?\s*", text.upper())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 200MB, 1GB)")
    return int(float(match.group(1)) * _UNITS.get(match.group(2) or "", 1))


def make_archive(directory: Path, size: int, pages: int, seed: int = 0) -> tuple[Path, dict]:
    """Write (or reuse) the archive for ``size`` and ``pages``; its path and composition."""
    path = directory / f"crawl-{size // 10**6}MB-{pages}p-{seed}.warc.gz"
    manifest = path.with_suffix(".json")
    if path.exists() and manifest.exists():
        return path, json.loads(manifest.read_text())
    plan = synthetic.WarcPlan.for_size(size, pages, seed)
    partial = path.with_name(path.name + ".partial")
    counts = synthetic.write_warc(partial, plan)
    partial.rename(path)
    manifest.write_text(json.dumps(counts))
    return path, counts


def ingest(archive: Path, db: Path, *extra: str, interval: float = 0.2) -> dict[str, Any]:
    """Run ``lagebild ingest`` on ``archive``; its time, peak RSS and summary."""
    command = [sys.executable, "-m", "lagebild", "ingest", str(archive), "--db", str(db), *extra]
    env = {**os.environ, "COLUMNS": "200"}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)  # fmt: skip
    with PeakMemory(process.pid, interval=interval) as memory:
        stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"ingest failed ({process.returncode}):\n{stderr[-3000:]}")
    summary = stdout.strip().splitlines()[0] if stdout.strip() else ""
    stored = re.search(r"(\d+) articles stored", summary)
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(memory.peak_mb, 1),
        "articles_stored": int(stored.group(1)) if stored else None,
        "summary": summary,
    }


def measure(size: int, pages: int, directory: Path, *extra: str, seed: int = 0) -> dict[str, Any]:
    """Generate the archive, ingest it into a fresh database, report the figures."""
    directory.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    archive, counts = make_archive(directory, size, pages, seed)
    generated = time.perf_counter() - started
    db = directory / f"{archive.name}.duckdb"
    for stale in directory.glob(f"{archive.name}.duckdb*"):
        stale.unlink()
    run = ingest(archive, db, *extra)
    archive_mb = archive.stat().st_size / 10**6
    return {
        "archive": str(archive),
        "archive_mb": round(archive_mb, 1),
        "records": counts,
        "generate_seconds": round(generated, 1),
        **run,
        "mb_per_s": round(archive_mb / run["seconds"], 2),
        "articles_per_s": round((run["articles_stored"] or 0) / run["seconds"], 2),
        "options": list(extra),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=size_in_bytes, default=size_in_bytes("1GB"))
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--dir", type=Path, help="work directory (kept; the archive is reused)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("ingest_options", nargs="*", help="passed to lagebild ingest (after --)")
    args = parser.parse_args()
    if args.dir:
        figures = measure(args.size, args.pages, args.dir, *args.ingest_options)
    else:
        with tempfile.TemporaryDirectory(prefix="lagebild-warc-") as tmp:
            figures = measure(args.size, args.pages, Path(tmp), *args.ingest_options)
    if args.json:
        sys.stdout.write(json.dumps(figures) + "\n")
    else:
        for key, value in figures.items():
            sys.stdout.write(f"{key:>18}: {value}\n")


if __name__ == "__main__":
    main()
