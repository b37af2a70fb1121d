"""``lagebild watch`` against a local news site: new items only, retries, Ctrl-C."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner, Result

from lagebild import cli
from lagebild.cli import main
from lagebild.ingest.base import IngestOptions
from lagebild.ingest.http import HttpClient
from lagebild.parallel import InlineCoder
from lagebild.pipeline import Pipeline
from lagebild.runner import IngestRun
from lagebild.store import Store

synthetic = SimpleNamespace(
    **runpy.run_path(str(Path(__file__).parents[2] / "benchmarks" / "synthetic.py"))
)
DATE = "Mon, 14 Mar 2016 08:00:00 GMT"
RSS = "application/rss+xml"


def rss(server: Any, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>Meldung {p}</title><link>{server.url(p)}</link>"
        f"<pubDate>{DATE}</pubDate></item>"
        for p in paths
    )
    channel = f"<channel><title>Testfeed</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


def watch(db: Path, *args: str) -> Result:
    result = CliRunner().invoke(
        main, ["watch", *args, "--db", str(db), "--rate-limit", "0"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result


def fetched(server: Any, start: int = 0) -> list[str]:
    return [p for p in server.paths()[start:] if p.startswith("/news/")]


def test_watch_once_codes_new_items_only_and_retries_failed_ones(
    server: Any, tmp_path: Path
) -> None:
    db = tmp_path / "watch.duckdb"
    pages = {f"/news/{n}": synthetic.german_article(n, seed=5) for n in range(3)}
    for path, record in pages.items():
        if path != "/news/2":
            server.route(path, synthetic.news_html(record))
    server.route_sequence("/news/2", [(404, "weg"), (200, synthetic.news_html(pages["/news/2"]))])
    feed = server.route("/feed.rss", rss(server, list(pages)), content_type=RSS)

    first = watch(db, feed, "--once")
    assert "poll 1: 2 articles stored" in first.output and "1 failed" in first.output
    assert len(first.output.strip().splitlines()) == 1  # one line per poll

    # the feed gains a new item and a wire copy of an old one
    pages["/news/new"] = synthetic.german_article(10, seed=5)
    server.route("/news/new", synthetic.news_html(pages["/news/new"]))
    server.route("/news/copy", synthetic.news_html(synthetic.wire_copy(pages["/news/0"])))
    server.route("/feed.rss", rss(server, [*pages, "/news/copy"]), content_type=RSS)
    before = len(server.paths())
    second = watch(db, feed, "--once")
    assert sorted(fetched(server, before)) == ["/news/2", "/news/copy", "/news/new"]
    assert "2 articles stored" in second.output and "1 duplicates (1 near)" in second.output

    before = len(server.paths())
    third = watch(db, feed, "--once")
    assert fetched(server, before) == [] and "0 articles stored" in third.output

    con = duckdb.connect(str(db), read_only=True)
    urls = {r[0] for r in con.execute("SELECT url FROM article_mentions").fetchall()}
    open_failures = con.execute("SELECT count(*) FROM failures WHERE resolved_at IS NULL")
    assert open_failures.fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (4,)
    con.close()
    assert urls == {server.url(p) for p in [*pages, "/news/copy"]}


def test_watch_stops_cleanly_on_ctrl_c(
    server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.route("/news/0", synthetic.news_html(synthetic.german_article(0, seed=6)))
    feed = server.route("/feed.rss", rss(server, ["/news/0"]), content_type=RSS)

    def interrupt(seconds: float) -> None:
        assert seconds == 90.0
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.time, "sleep", interrupt)
    result = CliRunner().invoke(main, ["watch", feed, "--db", str(tmp_path / "w.duckdb"),
                                       "--every", "1.5m", "--rate-limit", "0"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "poll 1: 1 articles stored" in result.output
    assert "stopped after 1 poll" in result.output


@pytest.mark.parametrize("every", ["0", "-5m", "soon", "5d"])
def test_watch_rejects_bad_intervals(tmp_path: Path, every: str) -> None:
    result = CliRunner().invoke(main, ["watch", "feed.rss", "--every", every])
    assert result.exit_code == 2 and "--every" in result.output


def test_an_unchanged_feed_costs_a_304_and_failed_items_are_still_retried(
    server: Any, tmp_path: Path
) -> None:
    records = [synthetic.german_article(n, seed=8) for n in range(2)]
    server.route("/news/0", synthetic.news_html(records[0]))
    server.route_sequence("/news/1", [(404, "weg"), (200, synthetic.news_html(records[1]))])
    feed = server.route("/feed.rss", rss(server, ["/news/0", "/news/1"]), content_type=RSS,
                        headers={"ETag": '"feed-v1"'})  # fmt: skip
    options = IngestOptions(rate_limit=0)
    with Store(tmp_path / "w.duckdb") as store, HttpClient(options) as client:
        run = IngestRun(store, InlineCoder(Pipeline()))
        first = run.poll([feed], options, client)
        second = run.poll([feed], options, client)
    assert (first.stored, first.failed, second.stored, second.failed) == (1, 1, 1, 0)
    feed_answers = [seen.status for seen in server.requests if seen.path == "/feed.rss"]
    assert feed_answers == [200, 304]
    assert fetched(server).count("/news/0") == 1
