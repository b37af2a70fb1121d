"""Event dates: a date expression in the sentence resolved against the article date.

Weekday and month names come from CLDR (babel) for the article's language;
dateparser resolves the expression relative to the publication date. Without
a publication date only complete dates (with a year) resolve: an event is
never dated "today" by accident.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache

import dateparser
from babel import Locale
from babel.core import UnknownLocaleError

_YEAR = re.compile(r"\b(19|20)\d\d\b")


@cache
def _trigger_words(lang: str) -> frozenset[str]:
    """Weekday and month names (wide forms) of ``lang``, lower-cased."""
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    words: set[str] = set()
    for context in ("format", "stand-alone"):
        words.update(v.lower() for v in locale.days[context]["wide"].values())
        words.update(v.lower() for v in locale.months[context]["wide"].values())
    return frozenset(words)


def _has_trigger(text: str, lang: str, extra: frozenset[str]) -> bool:
    triggers = _trigger_words(lang) | extra
    return any(word.strip(".,;:()\"'").lower() in triggers for word in text.split())


def resolve_event_date(
    sentence: str,
    published: datetime | None,
    lang: str,
    relative_words: frozenset[str] = frozenset(),
) -> tuple[date | None, str | None]:
    """(date, precision) of an event stated in ``sentence``.

    Precision is "day" for a resolved expression or the article date,
    otherwise None.
    """
    base = published.date() if published else None
    if _has_trigger(sentence, lang, relative_words):
        found = _search(sentence, published, lang)
        if found is not None:
            return found, "day"
    if base is not None:
        return base, "day"
    return None, None


def _search(sentence: str, published: datetime | None, lang: str) -> date | None:
    """Parse the date expressions the trigger pattern finds (fast), not the
    whole sentence (dateparser's search is tens of milliseconds a call)."""
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": published is None,
    }
    if published is not None:
        settings["RELATIVE_BASE"] = published.replace(tzinfo=None)
    for match in _expression_pattern(lang).finditer(sentence):
        text = match.group(0).strip()
        if published is None and not _YEAR.search(text):
            continue
        value = dateparser.parse(text, languages=[lang], settings=settings)
        if value is not None:
            return value.date()
    return None


@cache
def _expression_pattern(lang: str) -> re.Pattern[str]:
    """Day-month-year and weekday expressions built from CLDR names."""
    names = sorted(_trigger_words(lang), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names) or "(?!)"
    return re.compile(
        rf"(?:\b\d{{1,2}}\.?\s+)?\b(?:{alternatives})\b(?:\s+\d{{1,2}}\b,?)?(?:\s+(?:19|20)\d\d)?",
        re.IGNORECASE,
    )


def estimate_reference_date(text: str, today: date | None = None) -> date | None:
    """A rough date for an undated article: the middle of the latest year it names.

    Used only to choose among a person's offices (a 2016 article's "Kurz" is the
    foreign minister, not the later chancellor), never as an event date.
    """
    limit = (today or date.today()).year
    years = [int(m.group(0)) for m in _YEAR.finditer(text)]
    # news mentions history ("seit 1945"); only recent years say when it was written
    plausible = [y for y in years if 2000 <= y <= limit]
    return date(max(plausible), 7, 1) if plausible else None
