from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from lagebild.ingest.base import Failure, IngestOptions
from lagebild.ingest.feeds import FeedSource, feed_items, opml_feeds, poll_new
from lagebild.ingest.http import HttpClient
from lagebild.records import Article, stable_id

OPTIONS = IngestOptions(rate_limit=0.1, timeout=0.5, retries=0, backoff=0.05)


def rss(items: list[tuple[str, str, str]]) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>{date}</pubDate><description>Kurzer Anreißer.</description></item>"
        for title, link, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Testfeed</title><link>http://example.org/</link>{entries}</channel></rss>"
    )


def atom(items: list[tuple[str, str, str]]) -> str:
    entries = "".join(
        f'<entry><title>{title}</title><link href="{link}"/><id>{link}</id>'
        f"<updated>{date}</updated><summary>Teaser</summary></entry>"
        for title, link, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Atomfeed</title><id>urn:test</id><updated>2016-03-14T00:00:00Z</updated>"
        f"{entries}</feed>"
    )


@pytest.fixture
def site(server: Any, corpus: Any) -> Any:
    """A news site: robots.txt, article pages, failing pages, an RSS and an Atom feed."""
    server.route("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.route("/news/ok", corpus.page())
    server.route("/news/slow", corpus.page(), delay=1.5)
    server.route("/news/moved", status=301, headers={"Location": "/news/target"})
    server.route("/news/target", corpus.page("G7 discusses sanctions", corpus.english, lang="en"))
    server.route("/private/secret", corpus.page())
    server.route("/news/atom-ok", corpus.page("Zweiter Artikel"))
    date = "Mon, 14 Mar 2016 08:00:00 GMT"
    server.route(
        "/feed.rss",
        rss(
            [
                ("Kanzler reist", server.url("/news/ok"), date),
                ("Fehlt", server.url("/news/missing"), date),
                ("Langsam", server.url("/news/slow"), date),
                ("Umgezogen", "/news/moved", date),  # relative link, resolved against the feed
                ("Geheim", server.url("/private/secret"), date),
            ]
        ),
        content_type="application/rss+xml",
    )
    server.route(
        "/feed.atom",
        atom(
            [
                ("Atom eins", server.url("/news/atom-ok"), "2016-03-15T09:30:00Z"),
                ("Atom fehlt", server.url("/news/atom-missing"), "2016-03-15T09:30:00Z"),
            ]
        ),
        content_type="application/atom+xml",
    )
    return server


def split(items: list[Article | Failure]) -> tuple[dict[str, Article], dict[str, str]]:
    articles = {item.url or "": item for item in items if isinstance(item, Article)}
    failures = {item.location: item.reason for item in items if isinstance(item, Failure)}
    return articles, failures


def test_rss_feed_items_fetched_with_failures_and_politeness(site: Any) -> None:
    source = FeedSource()
    try:
        items = list(source.read(site.url("/feed.rss"), OPTIONS))
    finally:
        source.close()
    articles, failures = split(items)
    assert set(articles) == {site.url("/news/ok"), site.url("/news/moved")}
    assert set(failures) == {
        site.url("/news/missing"),
        site.url("/news/slow"),
        site.url("/private/secret"),
    }
    assert "HTTP 404" in failures[site.url("/news/missing")]
    assert "timed out" in failures[site.url("/news/slow")]
    assert "disallowed by robots.txt" in failures[site.url("/private/secret")]
    assert "/private/secret" not in site.paths()

    ok = articles[site.url("/news/ok")]
    assert ok.id == stable_id(site.url("/news/ok"))
    assert ok.published == datetime(2016, 3, 14, 8, 0, tzinfo=UTC)  # the item's date wins
    assert ok.meta["published_source"] == "feed"
    assert ok.lang == "de" and ok.title == "Kanzler reist nach Paris"
    assert "Kurzer Anreißer" not in ok.text
    moved = articles[site.url("/news/moved")]
    assert moved.meta["final_url"] == site.url("/news/target")
    assert moved.lang == "en"

    times = [seen.time for seen in site.requests]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 0.08, gaps  # rate_limit=0.1 s, measured where requests arrive


def test_atom_feed(site: Any) -> None:
    with HttpClient(OPTIONS) as client:
        items = list(poll_new(site.url("/feed.atom"), set(), OPTIONS, client))
    articles, failures = split(items)
    [article] = articles.values()
    assert article.title == "Zweiter Artikel"
    assert article.published == datetime(2016, 3, 15, 9, 30, tzinfo=UTC)
    assert list(failures) == [site.url("/news/atom-missing")]


def test_poll_new_fetches_only_unseen_items(site: Any) -> None:
    seen = {stable_id(site.url("/news/atom-ok"))}
    with HttpClient(OPTIONS) as client:
        items = list(poll_new(site.url("/feed.atom"), seen, OPTIONS, client))
    assert [item.location for item in items if isinstance(item, Failure)] == [
        site.url("/news/atom-missing")
    ]
    assert not [item for item in items if isinstance(item, Article)]
    assert "/news/atom-ok" not in site.paths()


def test_feed_url_that_404s_is_one_failure(site: Any) -> None:
    with HttpClient(OPTIONS) as client:
        [failure] = poll_new(site.url("/gone.rss"), set(), OPTIONS, client)
    assert isinstance(failure, Failure)
    assert failure.location == site.url("/gone.rss") and "HTTP 404" in failure.reason


def test_opml_file_lists_feeds(site: Any, tmp_path: Path) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>Liste</title></head><body>'
        f'<outline text="Politik"><outline type="rss" xmlUrl="{site.url("/feed.atom")}"/>'
        f'<outline type="rss" xmlUrl="{site.url("/gone.rss")}"/></outline></body></opml>',
        encoding="utf-8",
    )
    assert opml_feeds(opml.read_bytes()) == [site.url("/feed.atom"), site.url("/gone.rss")]
    with HttpClient(OPTIONS) as client:
        source = FeedSource(client)
        assert source.accepts(str(opml))
        articles, failures = split(list(source.read(str(opml), OPTIONS)))
    assert list(articles) == [site.url("/news/atom-ok")]
    assert set(failures) == {site.url("/news/atom-missing"), site.url("/gone.rss")}


def test_local_feed_file_and_page_url(site: Any, tmp_path: Path) -> None:
    feed = tmp_path / "saved.xml"
    feed.write_text(rss([("A", site.url("/news/ok"), "Mon, 14 Mar 2016 08:00:00 GMT")]))
    with HttpClient(OPTIONS) as client:
        source = FeedSource(client)
        assert source.accepts(str(feed))
        [from_file] = source.read(str(feed), OPTIONS)
        [page] = source.read(site.url("/news/target"), OPTIONS)
    assert isinstance(from_file, Article) and from_file.source == str(feed)
    assert isinstance(page, Article) and page.lang == "en"
    assert page.id == stable_id(site.url("/news/target"))


def test_not_a_feed(site: Any, tmp_path: Path) -> None:
    site.route("/plain", "just some text", content_type="text/plain")
    with HttpClient(OPTIONS) as client:
        [failure] = poll_new(site.url("/plain"), set(), OPTIONS, client)
    assert isinstance(failure, Failure) and failure.reason.startswith("not an RSS/Atom feed")
    other_xml = tmp_path / "config.xml"
    other_xml.write_text("<config><a>1</a></config>")
    assert not FeedSource().accepts(str(other_xml))


def test_feed_items_resolve_links_and_report_items_without_one(site: Any) -> None:
    content = rss([("A", "/a/1", "Mon, 14 Mar 2016 08:00:00 GMT"), ("B", "", "")]).encode()
    feed = feed_items(content, "https://news.example/feed")
    assert feed.title == "Testfeed"
    assert [item.link for item in feed.items] == ["https://news.example/a/1"]
    assert feed.items[0].article_id == stable_id("https://news.example/a/1")
    assert feed.unlinked == ["B"]
    site.route("/unlinked.rss", content, content_type="application/rss+xml")
    with HttpClient(OPTIONS) as client:
        items = list(poll_new(site.url("/unlinked.rss"), set(), OPTIONS, client))
    reasons = {item.location: item.reason for item in items if isinstance(item, Failure)}
    assert reasons[site.url("/unlinked.rss") + "#B"] == "feed item without a usable link"
