"""Publication dates: from metadata, else from a dateline near the top of the text.

Nothing here ever falls back to the current date. The libraries can do that
by accident: dateparser resolves "heute", "vor 2 Stunden" or a bare "12. März"
against today, and htmldate's extensive search turns a "© 2024" footer into
2024-01-01. So dateparser runs with absolute parsers only and must see day,
month and year; htmldate (through trafilatura, see ``html.py``) runs without
extensive search; and dates in the future are rejected.

Returned datetimes are always timezone-aware: the source's UTC offset is kept
when it gives one (so ``published.date()`` is the publisher's calendar day),
otherwise UTC is assumed.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import dateparser

log = logging.getLogger(__name__)

LANGUAGES = ("de", "en")
TEXT_HEAD_CHARS = 300  # a dateline sits in the first lines
HEAD_LINES = 3
DATELINE_MAX_CHARS = 60  # place and date; a longer start is a sentence
# A dateline ends at a dash between spaces, a colon or a parenthesis; a short
# parenthesis inside it names the agency: "Paris (AFP), 12. März 2016 - ...".
_DATELINE_END = re.compile(r"\s[-–—]\s|[(:]")
_AGENCY = re.compile(r"\s*\([^()]{1,30}\)")
EARLIEST = datetime(1800, 1, 1, tzinfo=UTC)


def _strict_settings() -> dict[str, Any]:
    """dateparser settings that never fill in anything from the current date."""
    return {
        # "relative-time" and "timestamp" parsers are left out: relative
        # expressions are resolved against now, and bare numbers are not dates.
        "PARSERS": ["custom-formats", "absolute-time"],
        # A missing part would be filled in from today's date.
        "REQUIRE_PARTS": ["day", "month", "year"],
        "STRICT_PARSING": True,
        # All-numeric dates are read day first ("12.03.2016" is 12 March), the
        # German and European convention; dateparser would otherwise let the
        # English locale's month-first order win.
        "DATE_ORDER": "DMY",
        "PREFER_LOCALE_DATE_ORDER": False,
    }


def aware(value: datetime) -> datetime:
    """``value`` with UTC attached if it carries no offset."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def plausible(value: datetime) -> datetime | None:
    """``value`` unless it lies in the future or before 1800 (then a misparse)."""
    value = aware(value)
    if value < EARLIEST or value > datetime.now(UTC) + timedelta(days=1):
        log.debug("implausible publication date %s ignored", value)
        return None
    return value


def precision(value: datetime) -> str:
    """ "day" for a date without a time of day, else "time"."""
    return "day" if (value.hour, value.minute, value.second) == (0, 0, 0) else "time"


def parse_date(value: object) -> datetime | None:
    """A publication date from a metadata value: ISO string, any full date string,
    Unix timestamp, ``date`` or ``datetime``. Anything else or partial -> None."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return plausible(value)
    if isinstance(value, date):
        return plausible(datetime(value.year, value.month, value.day))
    if isinstance(value, int | float):
        return _from_timestamp(float(value))
    if isinstance(value, str):
        return _parse_string(value.strip())
    return None


def _from_timestamp(seconds: float) -> datetime | None:
    if seconds > 1e11:  # milliseconds since the epoch, as JavaScript writes them
        seconds /= 1000
    try:
        return plausible(datetime.fromtimestamp(seconds, tz=UTC))
    except (OverflowError, OSError, ValueError):
        return None


def _parse_string(text: str) -> datetime | None:
    try:
        return plausible(datetime.fromisoformat(text))
    except ValueError:
        pass  # not ISO 8601; let dateparser try the other notations
    parsed = dateparser.parse(text, languages=list(LANGUAGES), settings=_strict_settings())
    return plausible(parsed) if parsed else None


def from_struct_time(value: time.struct_time | None) -> datetime | None:
    """A feedparser ``*_parsed`` value (a UTC ``struct_time``) as an aware datetime."""
    if value is None:
        return None
    return plausible(datetime(*value[:6], tzinfo=UTC))


def date_from_text(text: str) -> datetime | None:
    """The date of a dateline at the top of ``text``, or None.

    A dateline is a date at the start of one of the first lines, possibly after
    a place ("Berlin, 12. März 2016 – ...", "WASHINGTON, March 12, 2016
    (Reuters) - ...", "12.03.2016: ...") or a line of its own. Dates inside
    sentences are not taken: near the top of news texts they are mostly the
    dates of events, deadlines or history ("Am 19. Februar 1937 wurde ..."),
    not of publication.
    """
    for line in _head_lines(text):
        for candidate in _dateline_candidates(line):
            parsed = _parse_string(candidate)
            if parsed:
                return parsed
    return None


def _head_lines(text: str) -> list[str]:
    lines = (line.strip() for line in text[:TEXT_HEAD_CHARS].splitlines())
    return [line for line in lines if line][:HEAD_LINES]


def _dateline_candidates(line: str) -> list[str]:
    """The part of ``line`` before a dateline separator, with and without a place."""
    line = _AGENCY.sub(" ", line)
    head = _DATELINE_END.split(line, maxsplit=1)[0].strip(" ,")
    if not head or len(head) > DATELINE_MAX_CHARS:
        return []
    place, comma, rest = head.partition(",")
    return [head, rest.strip()] if comma and place else [head]
