"""Held-out metrics on tiny hand-made documents."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from lagebild.train.metrics import Tally, blank_copy, tally_entities, tally_tokens


def _doc(heads: list[int], deps: list[str], morphs: list[str]) -> Doc:
    vocab = spacy.blank("de").vocab
    return Doc(
        vocab,
        words=["Er", "hilft", "der", "Ukraine"],
        pos=["PRON", "VERB", "DET", "PROPN"],
        lemmas=["er", "helfen", "der", "Ukraine"],
        heads=heads,
        deps=deps,
        morphs=morphs,
    )


GOLD_MORPHS = ["Case=Nom", "", "Case=Dat", "Case=Dat"]


def test_token_metrics_count_head_label_and_case() -> None:
    gold = _doc([1, 1, 3, 1], ["nsubj", "ROOT", "det", "obj"], GOLD_MORPHS)
    pred = _doc([1, 1, 3, 1], ["nsubj", "ROOT", "det", "iobj"], [*GOLD_MORPHS[:3], "Case=Acc"])
    tally = Tally()
    tally_tokens(tally, pred, gold)
    scores = tally.percentages()
    assert scores["uas"] == 100.0
    assert scores["las"] == 75.0
    assert scores["case"] == round(100 * 2 / 3, 1)
    assert scores["morph"] == 75.0


def test_las_ignores_subtypes_but_las_full_does_not() -> None:
    gold = _doc([1, 1, 3, 1], ["nsubj:pass", "ROOT", "det", "obj"], GOLD_MORPHS)
    pred = _doc([1, 1, 3, 1], ["nsubj", "ROOT", "det", "obj"], GOLD_MORPHS)
    tally = Tally()
    tally_tokens(tally, pred, gold)
    assert tally.percentages()["las"] == 100.0
    assert tally.percentages()["las_full"] == 75.0


def test_entity_f1_needs_exact_span_and_label() -> None:
    gold = _doc([1, 1, 3, 1], ["nsubj", "ROOT", "det", "obj"], GOLD_MORPHS)
    pred = _doc([1, 1, 3, 1], ["nsubj", "ROOT", "det", "obj"], GOLD_MORPHS)
    gold.ents = [Span(gold, 3, 4, label="LOC")]
    pred.ents = [Span(pred, 2, 4, label="LOC")]
    tally = Tally()
    tally_entities(tally, pred, gold)
    assert tally.percentages()["ner_f1"] == 0.0


def test_blank_copy_presets_one_sentence() -> None:
    nlp = spacy.blank("de")
    gold = _doc([1, 1, 3, 1], ["nsubj", "ROOT", "det", "obj"], GOLD_MORPHS)
    copy = blank_copy(nlp, gold)
    assert [t.is_sent_start for t in copy] == [True, False, False, False]
    assert not copy.has_annotation("DEP")
