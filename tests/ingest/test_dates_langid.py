from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from lagebild.ingest import dates
from lagebild.ingest.base import IngestOptions
from lagebild.ingest.langid import assign_language, detect, identify, normalise_code
from lagebild.records import Article

# -- dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-03-12", datetime(2016, 3, 12, tzinfo=UTC)),
        (
            "2016-03-12T10:15:00+01:00",
            datetime(2016, 3, 12, 10, 15, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2016-03-12T09:15:00Z", datetime(2016, 3, 12, 9, 15, tzinfo=UTC)),
        ("12. März 2016", datetime(2016, 3, 12, tzinfo=UTC)),
        ("12.03.2016", datetime(2016, 3, 12, tzinfo=UTC)),
        ("March 12, 2016", datetime(2016, 3, 12, tzinfo=UTC)),
        ("Sat, 12 Mar 2016 10:15:00 GMT", datetime(2016, 3, 12, 10, 15, tzinfo=UTC)),
        (1457777700, datetime(2016, 3, 12, 10, 15, tzinfo=UTC)),
        (1457777700000, datetime(2016, 3, 12, 10, 15, tzinfo=UTC)),
        (date(2016, 3, 12), datetime(2016, 3, 12, tzinfo=UTC)),
    ],
)
def test_metadata_dates(value: object, expected: datetime) -> None:
    assert dates.parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "heute",
        "gestern",
        "vor 2 Stunden",
        "now",
        "today",
        "Montag",
        "März 2016",
        "12. März",
        "",
        None,
        "kein Datum",
        True,
        "2999-01-01",
    ],
)
def test_relative_partial_and_future_dates_are_never_filled_from_today(value: object) -> None:
    assert dates.parse_date(value) is None


@pytest.mark.parametrize(
    "text",
    [
        "Berlin, 12. März 2016 – Der Bundeskanzler ist nach Paris gereist.",
        "Paris (AFP), 12. März 2016 - Der Bundeskanzler ist eingetroffen.",
        "WASHINGTON, March 12, 2016 (Reuters) - The president said on Saturday ...",
        "Kanzler in Paris\nSamstag, 12. März 2016\nDer Bundeskanzler ist ...",
        "12.03.2016: Der Bundeskanzler ist nach Paris gereist.",
    ],
)
def test_dateline_at_the_top(text: str) -> None:
    assert dates.date_from_text(text) == datetime(2016, 3, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "Berlin (dpa) - Der Bundeskanzler ist am 12. März 2016 nach Paris gereist.",
        "Wien – Am 19. Februar 1937 wurde auf dem Platz ein Spiel angepfiffen.",
        "Claudia Zettel übernimmt ab 1. Jänner 2016 die Chefredaktion.",
        "Die Gebühren müssen bis 15. Juni 2017 komplett entfallen.",
    ],
)
def test_dates_inside_sentences_are_events_not_datelines(text: str) -> None:
    assert dates.date_from_text(text) is None


def test_no_date_in_text_is_none_not_today() -> None:
    text = (
        "Der Bundeskanzler ist heute nach Paris gereist. Gestern und am Montag wollen "
        "beide Politiker beraten, im März vielleicht erneut."
    )
    assert dates.date_from_text(text) is None


def test_dates_deep_in_the_text_are_not_a_dateline() -> None:
    text = "Der Kanzler reiste nach Paris. " * 20 + "Am 9. November 1989 fiel die Mauer."
    assert dates.date_from_text(text) is None


def test_feed_struct_time_is_utc() -> None:
    parsed = time.strptime("2016-03-12 10:15:00", "%Y-%m-%d %H:%M:%S")
    assert dates.from_struct_time(parsed) == datetime(2016, 3, 12, 10, 15, tzinfo=UTC)
    assert dates.from_struct_time(None) is None


# -- language ----------------------------------------------------------------------


def test_identify_german_and_english(corpus: Any) -> None:
    lang, confidence = identify(" ".join(corpus.german))
    assert lang == "de" and confidence > 0.9
    lang, confidence = identify(" ".join(corpus.english))
    assert lang == "en" and confidence > 0.9


def test_short_or_empty_text_has_no_language_and_says_why() -> None:
    assert identify("") == (None, 0.0)
    guess = detect("Ja, ok.")
    assert guess.lang is None
    assert guess.reason == "too short to identify (4 letters)"
    assert str(detect("1234 5678 9012 3456 7890 !!!! ????").reason).startswith("too short")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de-DE", "de"),
        ("de_AT", "de"),
        ("EN", "en"),
        ("deu", "de"),
        ("ger", "de"),
        ("eng", "en"),
        ("", None),
        (None, None),
        ("12", None),
    ],
)
def test_normalise_code(code: str | None, expected: str | None) -> None:
    assert normalise_code(code) == expected


def test_language_policy(corpus: Any) -> None:
    german = " ".join(corpus.german)
    forced = assign_language(Article.from_text(german), IngestOptions(lang="en"))
    assert (forced.lang, forced.meta["lang_source"]) == ("en", "option")
    recorded = assign_language(Article.from_text(german, lang="de-CH"), IngestOptions())
    assert (recorded.lang, recorded.meta["lang_source"]) == ("de", "metadata")
    identified = assign_language(Article.from_text(german), IngestOptions(), declared="en")
    assert (identified.lang, identified.meta["lang_source"]) == ("de", "identified")
    short = assign_language(Article.from_text("Kurz."), IngestOptions(), declared="de-DE")
    assert (short.lang, short.meta["lang_source"]) == ("de", "declared")
    unknown = assign_language(Article.from_text("Kurz."), IngestOptions())
    assert unknown.lang is None and unknown.meta["lang_reason"].startswith("too short")


def test_model_ships_with_the_package() -> None:
    from pathlib import Path

    import py3langid.langid

    model = Path(py3langid.langid.MODEL_DIR) / py3langid.langid.MODEL_FILE
    assert model.is_file() and model.stat().st_size > 1_000_000
