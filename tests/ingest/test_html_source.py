from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from lagebild.ingest.base import Failure, IngestOptions
from lagebild.ingest.html import HtmlSource, article_from_html
from lagebild.records import Article, content_hash, stable_id


def read_page(tmp_path: Path, html: str, name: str = "page.html") -> Article | Failure:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    [item] = HtmlSource().read(str(path), IngestOptions())
    return item


def test_main_text_without_boilerplate_and_metadata(tmp_path: Path, corpus: Any) -> None:
    article = read_page(tmp_path, corpus.page())
    assert isinstance(article, Article)
    for paragraph in corpus.german:
        assert paragraph in article.text
    for noise in corpus.noise:
        assert noise not in article.text
    assert article.text.startswith("Kanzler reist nach Paris\nDer Bundeskanzler")
    assert article.text.count("Kanzler reist nach Paris") == 1
    assert article.title == "Kanzler reist nach Paris"
    assert article.published == datetime(2016, 3, 12, 10, 15, tzinfo=timezone(timedelta(hours=1)))
    assert article.meta["published_source"] == "html-meta"
    assert article.lang == "de"
    assert article.outlet == "Beispielzeitung"
    assert article.url == "https://www.beispielzeitung.de/politik/kanzler-paris-123.html"
    # a local file's id comes from its content, not from the page's claimed URL
    assert article.id == stable_id(content_hash(article.text))


def test_fetched_page_takes_id_and_url_from_where_it_came_from(corpus: Any) -> None:
    result = article_from_html(corpus.page().encode("utf-8"), "https://mirror.example/p/1")
    assert isinstance(result, Article)
    assert result.url == "https://mirror.example/p/1"
    assert result.id == stable_id("https://mirror.example/p/1")
    assert result.meta["canonical_url"].startswith("https://www.beispielzeitung.de/")


def test_copyright_year_is_not_taken_as_date(tmp_path: Path, corpus: Any) -> None:
    article = read_page(tmp_path, corpus.page(published=None))
    assert isinstance(article, Article)
    assert article.published is None


def test_dateline_in_text_when_page_has_no_date(tmp_path: Path, corpus: Any) -> None:
    paragraphs = ("Paris, 12. März 2016 – " + corpus.german[0], *corpus.german[1:])
    article = read_page(tmp_path, corpus.page(published=None, paragraphs=paragraphs))
    assert isinstance(article, Article)
    assert article.published == datetime(2016, 3, 12, tzinfo=UTC)
    assert article.meta["published_source"] == "text"


def test_english_page_and_declared_language_only_as_fallback(tmp_path: Path, corpus: Any) -> None:
    english = read_page(
        tmp_path, corpus.page("G7 discusses sanctions", corpus.english, lang="de"), "en.html"
    )
    assert isinstance(english, Article)
    assert english.lang == "en"  # the template says "de"; the text wins
    assert english.meta["lang_source"] == "identified"


def test_broken_html_still_extracts(tmp_path: Path, corpus: Any) -> None:
    broken = (
        "<html><head><title>Unvollständig</title><body><div><p>"
        + corpus.german[0]
        + "<p>"
        + corpus.german[1]
        + "<b>fett<i> kursiv</div>"
    )
    article = read_page(tmp_path, broken)
    assert isinstance(article, Article)
    assert corpus.german[1].split(".")[0] in article.text


def test_pages_without_text_fail_clearly(tmp_path: Path) -> None:
    empty = read_page(tmp_path, "<html><body><nav>Menü</nav></body></html>")
    assert isinstance(empty, Failure)
    assert empty.reason.startswith("no main text found in the page")
    assert empty.source == "html"
    blank = article_from_html(b"   ", None)
    assert isinstance(blank, Failure) and blank.reason == "empty document"
    huge = article_from_html("<p>x</p>" * 100, None, options=IngestOptions(max_bytes=100))
    assert isinstance(huge, Failure) and huge.reason.startswith("too large")


def test_directory_of_pages(tmp_path: Path, corpus: Any) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.html").write_text(corpus.page(), encoding="utf-8")
    (tmp_path / "sub" / "b.htm").write_text(
        corpus.page("G7 discusses sanctions", corpus.english, lang="en"), encoding="utf-8"
    )
    items = list(HtmlSource().read(str(tmp_path), IngestOptions()))
    assert [item.lang for item in items if isinstance(item, Article)] == ["de", "en"]


def test_latin1_page_declared_in_meta(tmp_path: Path, corpus: Any) -> None:
    html = corpus.page().replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    path = tmp_path / "alt.html"
    path.write_bytes(html.encode("latin-1"))
    [article] = HtmlSource().read(str(path), IngestOptions())
    assert isinstance(article, Article)
    assert "Gesprächen mit dem französischen Präsidenten" in article.text
