"""Undated articles are dated by the titled office-holders they name."""

from __future__ import annotations

from datetime import datetime

import lagebild
from lagebild.records import Article


def sources(text: str, published: datetime | None = None) -> set[str]:
    article = Article.from_text(text, lang="de")
    if published is not None:
        article.published = published
    coded = lagebild.Pipeline(lagebild.Options(lang="de")).code_article(article)
    return {e.source.code for e in coded.events}


def test_a_title_dates_the_article_and_picks_the_office() -> None:
    # Trump was a candidate only before 2017 or between 2022 and 2025
    text = (
        "Präsidentschaftskandidat Donald Trump kritisierte Mexiko scharf. "
        "Außenminister Sebastian Kurz besuchte am Montag Serbien."
    )
    assert sources(text) >= {"USAPTY", "AUTGOV"}


def test_a_former_title_does_not_date_the_article() -> None:
    text = "Der ehemalige Präsidentschaftskandidat Donald Trump kritisierte Mexiko scharf."
    assert "USAPTY" not in sources(text)


def test_a_publication_date_wins_over_titles() -> None:
    text = "Präsidentschaftskandidat Donald Trump kritisierte Mexiko scharf."
    assert "USAGOV" in sources(text, published=datetime(2018, 5, 1))
