"""The English pack codes the common constructions of English news."""

from __future__ import annotations

import pytest

import lagebild

CASES = [
    ("Russia condemned the new US sanctions on Monday.", "RUS", "USA", "11", "asserted"),
    ("The United States imposed sanctions on Russia.", "USA", "RUS", "163", "asserted"),
    (
        "Ukrainian forces were attacked by Russian troops near Kharkiv.",
        "RUSMIL",
        "UKRMIL",
        "19",
        "asserted",
    ),
    ("China accused Japan of provoking tensions.", "CHN", "JPN", "112", "asserted"),
    (
        "North Korean leader Kim Jong Un pledged support to Russia.",
        "PRKGOV",
        "RUS",
        "03",
        "asserted",
    ),
    ("Turkey will not attack Syria, the president said.", "TUR", "SYR", "19", "negated"),
]


@pytest.mark.parametrize(("text", "source", "target", "code", "modality"), CASES)
def test_english_event(text: str, source: str, target: str, code: str, modality: str) -> None:
    events = lagebild.code(text, lang="en")
    found = [
        e
        for e in events
        if e.source.code == source and e.target.code == target and e.code.startswith(code)
    ]
    assert found, [(e.source.code, e.target.code, e.code) for e in events]
    assert str(found[0].modality) == modality


def test_english_vague_actor_gives_nothing() -> None:
    assert lagebild.code("Observers criticized Russia sharply.", lang="en") == []


def test_language_is_identified() -> None:
    events = lagebild.code("The United States imposed new sanctions on Russia on Friday.")
    assert events and events[0].lang == "en"
