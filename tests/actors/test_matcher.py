"""Actor mentions in German noun phrases, resolved in article context."""

from __future__ import annotations

from functools import cache

import pytest

from lagebild.actors.matcher import ArticleContext
from lagebild.options import Options
from lagebild.pipeline import LanguageRuntime, Pipeline
from lagebild.records import ActorMention, Article


@cache
def runtime() -> LanguageRuntime:
    return Pipeline(Options(lang="de")).runtime("de")


def mentions(text: str) -> list[list[ActorMention]]:
    """Coded mentions per sentence, the article read in order."""
    rt = runtime()
    analyzed = rt.pack.analyze(Article.from_text(text, lang="de"))
    context = ArticleContext()
    rt.finder.prime(analyzed.sentences, context)
    found = []
    for sentence in analyzed.sentences:
        found.append(
            [
                m
                for m in rt.finder.find(sentence, context)
                if m.actor.entity and m.kind not in ("adjective", "prefix", "location")
            ]
        )
    return found


def codes(text: str) -> list[str]:
    return [m.actor.code for sentence in mentions(text) for m in sentence]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Der russische Außenminister reiste ab.", "RUSGOV"),
        ("Nordkoreas Machthaber Kim Jong Un sprach lange.", "PRKGOV"),
        ("Der Sekretär des russischen Sicherheitsrats sprach lange.", "RUSGOV"),
        ("Die US-Regierung schwieg.", "USAGOV"),
        ("Die EU-Kommission schwieg.", "EUGOV"),
        ("Ein Kreml-Sprecher schwieg.", "RUSGOV"),
        ("Das Moskauer Außenministerium schwieg.", "RUSGOV"),
        ("Die Pariser Staatsanwaltschaft ermittelt.", "FRAJUD"),
        ("Türkische Soldaten rückten vor.", "TURMIL"),
        ("Die Nato tagte.", "NATO"),
        ("Der Außenminister Frankreichs reiste ab.", "FRAGOV"),
    ],
)
def test_noun_phrase_codes(text: str, code: str) -> None:
    assert code in codes(text), codes(text)


def test_role_noun_takes_the_article_country() -> None:
    found = mentions("Österreich schließt die Grenze. Die Regierung in Wien berät.")
    assert "AUTGOV" in [m.actor.code for m in found[1]]


def test_armed_group_named_earlier_owns_the_rebels() -> None:
    found = mentions("Die Hamas feuerte Raketen ab. Die Kämpfer zogen sich zurück.")
    assert [m.actor.code for m in found[1]] == ["HAM"]


def test_surname_after_full_name() -> None:
    found = mentions(
        "Der polnische Außenminister Jan Kowalczyk reiste nach Berlin. Kowalczyk sprach lange."
    )
    assert [m.actor.code for m in found[1]] == ["POLGOV"]


def test_pronoun_agrees_with_its_antecedent() -> None:
    found = mentions("Der türkische Präsident reiste nach Rom. Dort traf er den Papst.")
    assert "TURGOV" in [m.actor.code for m in found[1] if m.kind == "pronoun"]


def test_vague_actors_are_not_actors() -> None:
    assert codes("Beobachter und Analysten sehen Spannungen, und der Westen schweigt.") == []


def test_dateline_is_a_place_not_an_actor() -> None:
    found = mentions("Kiew – Die Lage bleibt angespannt.")
    assert found[0] == []
