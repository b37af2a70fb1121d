"""The scorer follows GUIDELINES.md: entity + root matching, one-to-one, per sentence."""

from __future__ import annotations

import pytest

from lagebild.evaluate.scorer import (
    GoldArticle,
    GoldSentence,
    ScoredEvent,
    entity_of,
    match_events,
    parse_gold,
    score,
)


def gold_article(*sentences: list[ScoredEvent]) -> GoldArticle:
    built = []
    offset = 0
    for i, events in enumerate(sentences):
        built.append(GoldSentence(i, offset, offset + 10, f"Satz {i}.", tuple(events)))
        offset += 11
    return GoldArticle("a", "de", "x" * offset, tuple(built))


def ev(
    sentence: int, source: str, target: str, code: str, modality: str = "asserted"
) -> ScoredEvent:
    return ScoredEvent(sentence, source, target, code, modality)


@pytest.mark.parametrize(
    ("code", "entity"),
    [
        ("RUSGOV", "RUS"),
        ("EUGOV", "EU"),
        ("NATO", "NATO"),
        ("NATOMIL", "NATO"),
        ("USA", "USA"),
        ("UNOMIL", "UNO"),
        ("PKK", "PKK"),
        ("USACVL", "USA"),
        ("IGO", "IGO"),
    ],
)
def test_role_is_stripped_from_actor_codes(code: str, entity: str) -> None:
    assert entity_of(code) == entity


def test_match_ignores_roles_and_subcodes_but_not_root() -> None:
    gold = gold_article([ev(0, "RUSGOV", "UKR", "0332")])
    same_root = score([gold], {"a": [ev(0, "RUS", "UKRMIL", "033")]})
    assert (same_root.tp, same_root.fp, same_root.fn) == (1, 0, 0)
    assert same_root.as_dict()["code_accuracy"] == 0.0
    assert same_root.as_dict()["role_accuracy"] == 0.0
    other_root = score([gold], {"a": [ev(0, "RUSGOV", "UKR", "0432")]})
    assert (other_root.tp, other_root.fp, other_root.fn) == (0, 1, 1)


def test_direction_matters() -> None:
    gold = gold_article([ev(0, "PRKGOV", "RUSGOV", "043")])
    result = score([gold], {"a": [ev(0, "RUSGOV", "PRKGOV", "043")]}, keep_errors=True)
    assert (result.tp, result.fp, result.fn) == (0, 1, 1)
    assert {e.cause for e in result.errors} == {"direction"}


def test_one_to_one_matching() -> None:
    gold = gold_article([ev(0, "USA", "RUS", "163")])
    doubled = score([gold], {"a": [ev(0, "USA", "RUS", "163"), ev(0, "USAGOV", "RUS", "160")]})
    assert (doubled.tp, doubled.fp, doubled.fn) == (1, 1, 0)
    two_gold = gold_article([ev(0, "USA", "RUS", "163"), ev(0, "USA", "RUS", "163")])
    once = score([two_gold], {"a": [ev(0, "USA", "RUS", "163")]})
    assert (once.tp, once.fp, once.fn) == (1, 0, 1)


def test_exact_agreements_are_paired_first() -> None:
    gold = [ev(0, "USA", "RUS", "163", "speculative"), ev(0, "USAGOV", "RUS", "160")]
    system = [ev(0, "USAGOV", "RUS", "160"), ev(0, "USA", "RUS", "163", "speculative")]
    pairs, unmatched_gold, unmatched_system = match_events(gold, system)
    assert not unmatched_gold and not unmatched_system
    assert all(g == s for g, s in pairs)


def test_events_only_match_within_their_sentence() -> None:
    gold = gold_article([ev(0, "USA", "RUS", "163")], [])
    result = score([gold], {"a": [ev(1, "USA", "RUS", "163")]})
    assert (result.tp, result.fp, result.fn) == (0, 1, 1)


def test_empty_sentences_count_false_positives() -> None:
    gold = gold_article([], [])
    result = score([gold], {"a": [ev(1, "DEU", "FRA", "040")]})
    assert (result.tp, result.fp, result.fn) == (0, 1, 0)
    assert result.precision == 0.0 and result.f1 == 0.0
    assert result.as_dict()["code_accuracy"] is None


def test_precision_recall_f1_and_accuracies() -> None:
    gold = gold_article(
        [ev(0, "PRKGOV", "RUS", "033")],
        [ev(1, "USA", "RUS", "163"), ev(1, "RUS", "PRK", "072", "speculative")],
    )
    system = [
        ev(0, "PRKGOV", "RUS", "033"),
        ev(1, "USA", "RUS", "163"),
        ev(1, "RUS", "PRK", "072", "asserted"),
        ev(1, "RUS", "USA", "111"),
    ]
    result = score([gold], {"a": system})
    scores = result.as_dict()
    assert (result.tp, result.fp, result.fn) == (3, 1, 0)
    assert scores["precision"] == 0.75 and scores["recall"] == 1.0
    assert scores["f1"] == pytest.approx(0.8571, abs=1e-4)
    assert scores["modality_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["per_root"]["11"]["fp"] == 1
    assert scores["per_root"]["07"]["tp"] == 1


def test_parse_gold_reads_guideline_format() -> None:
    article = parse_gold(
        {
            "id": "x",
            "lang": "de",
            "text": "Ab. Cd.",
            "sentences": [
                {"i": 0, "start": 0, "end": 3, "text": "Ab.", "events": []},
                {
                    "i": 1,
                    "start": 4,
                    "end": 7,
                    "text": "Cd.",
                    "events": [
                        {"source": "DEU", "target": "FRA", "code": "040", "modality": "future"}
                    ],
                },
            ],
        }
    )
    assert article.sentence_at(5) == 1
    assert article.sentence_at(3) == 1  # the gap belongs to the next sentence
    assert article.sentences[1].events[0].modality == "future"
