"""Memory stays bounded whatever the input size: a ten times larger WARC archive
ingested through ``lagebild ingest`` hardly raises its peak resident memory."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

pytestmark = pytest.mark.slow

bench = SimpleNamespace(
    **runpy.run_path(str(Path(__file__).parents[2] / "benchmarks" / "warc_memory.py"))
)
MB = 10**6


def test_peak_memory_does_not_grow_with_the_archive(tmp_path: Path) -> None:
    small = bench.measure(20 * MB, 200, tmp_path / "small")
    large = bench.measure(200 * MB, 400, tmp_path / "large")
    # every page became an article or a copy's mention; media and 404s were skipped
    assert small["articles_stored"] == 200 and large["articles_stored"] == 400
    assert large["records"]["video"] == 2 and large["records"]["big"] == 2
    growth = large["peak_rss_mb"] - small["peak_rss_mb"]
    input_growth = large["archive_mb"] - small["archive_mb"]
    assert input_growth > 150
    # 180 MB more input, two 40 MB records and twice the pages: well under a fifth of it
    assert growth < 0.2 * input_growth, (small, large)
    assert large["peak_rss_mb"] < 1500
