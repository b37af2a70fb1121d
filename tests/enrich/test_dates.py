"""Event dates are resolved against the article date, never invented."""

from __future__ import annotations

from datetime import date, datetime

from lagebild.enrich.dates import estimate_reference_date, resolve_event_date

PUBLISHED = datetime(2016, 3, 12, 9, 30)  # a Saturday


def test_weekday_resolves_to_the_last_one_before_publication() -> None:
    assert resolve_event_date("Kurz stellte am Donnerstag klar", PUBLISHED, "de") == (
        date(2016, 3, 10),
        "day",
    )


def test_full_date_without_publication_date() -> None:
    assert resolve_event_date("Am 8. November 2016 wurde gewählt.", None, "de") == (
        date(2016, 11, 8),
        "day",
    )
    assert resolve_event_date("On March 3, 2015 the talks began.", None, "en") == (
        date(2015, 3, 3),
        "day",
    )


def test_partial_date_needs_a_publication_date() -> None:
    assert resolve_event_date("Am 8. November wurde gewählt.", None, "de") == (None, None)


def test_no_expression_takes_the_article_date_and_never_today() -> None:
    assert resolve_event_date("Russland kritisiert die Ukraine.", PUBLISHED, "de") == (
        date(2016, 3, 12),
        "day",
    )
    assert resolve_event_date("Russland kritisiert die Ukraine.", None, "de") == (None, None)


def test_reference_date_estimate_ignores_history() -> None:
    assert estimate_reference_date("Seit 1945 ... im Jahr 2015 ...", today=date(2026, 1, 1)) == (
        date(2015, 7, 1)
    )
    assert estimate_reference_date("Der Krieg von 1939.", today=date(2026, 1, 1)) is None
    assert estimate_reference_date("Im Jahr 2099.", today=date(2026, 1, 1)) is None
