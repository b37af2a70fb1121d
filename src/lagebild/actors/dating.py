"""When an undated article was written, judged by the offices its people hold.

"Österreichs Außenminister Sebastian Kurz" dates a text to Kurz's years as
foreign minister; several such titles narrow it further. The estimate only
chooses among a person's offices (is "Trump" a candidate or the president?);
it is never an event date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from lagebild.actors.lexicon import ActorLexicon
from lagebild.actors.schema import Person
from lagebild.records import Sentence

# how many words before a name may mark its title as past ("der ehemalige US-Präsident")
TITLE_WINDOW = 3


def date_from_offices(
    sentences: list[Sentence], lexicon: ActorLexicon, hint: date | None, today: date | None = None
) -> date | None:
    """The date most titled office-holders of the article agree on.

    ``hint`` (e.g. from the years the text names) is kept when it falls inside
    the agreed period, and returned unchanged when no title dates the text.
    """
    until = today or date.today()
    periods = [
        (person.start or date.min, person.end or until)
        for person in titled_offices(sentences, lexicon)
    ]
    if not periods:
        return hint
    start, end = _most_agreed(periods)
    if hint is not None and start <= hint <= end:
        return hint
    if start == date.min:
        return end
    return start + (end - start) / 2


def titled_offices(sentences: list[Sentence], lexicon: ActorLexicon) -> Iterator[Person]:
    """Offices that a title right before a known name confirms, unless the title
    is marked as past or future ("der ehemalige Präsidentschaftskandidat")."""
    for sentence in sentences:
        words = [t.text for t in sentence.tokens]
        for i in range(len(words)):
            found = lexicon.phrase_at(words, i)
            if found is None:
                continue
            people = [p for entry in found[1] for p in entry.people]
            if len(people) < 2:
                continue  # one office: nothing to choose, nothing learnt
            before = [w.lower() for w in words[max(0, i - TITLE_WINDOW) : i]]
            if not before or _marked_former(before, lexicon.former_markers):
                continue
            title = " ".join(
                before
            )  # "Außenminister Sebastian Kurz", "Secretary of State John Kerry"
            matching = [p for p in people if p.office and _titled(p.office.lower(), title)]
            if 0 < len(matching) < len(people):
                yield from matching


def _titled(office: str, title: str) -> bool:
    """The title names the office, as compound head and with feminine or
    case endings ("US-Außenministerin" for "Außenminister")."""
    return any(title.endswith(office + ending) for ending in ("", "in", "en", "s", "n"))


def _marked_former(before: list[str], markers: tuple[str, ...]) -> bool:
    return any(
        word == marker or (marker.endswith("-") and word.startswith(marker))
        for word in before
        for marker in markers
    )


def _most_agreed(periods: list[tuple[date, date]]) -> tuple[date, date]:
    """The stretch of time covered by the most periods (the earliest such)."""
    best = periods[0]
    best_count = 0
    for start, _ in periods:
        covering = [(s, e) for s, e in periods if s <= start <= e]
        if len(covering) > best_count:
            best_count = len(covering)
            best = (start, min(e for _, e in covering))
    return best
