"""Entity-ruler patterns from NER training data."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from lagebild.train.gazetteer import entity_patterns


def _doc(words: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(spacy.blank("de").vocab, words=words)
    doc.set_ents([Span(doc, s, e, label=label) for s, e, label in ents], default="outside")
    return doc


def test_reliable_names_become_patterns_and_ambiguous_ones_do_not() -> None:
    docs = [
        _doc(["Angela", "Merkel", "kam", "nach", "Bonn"], [(0, 2, "PER"), (4, 5, "LOC")]),
        _doc(["Merkel", "und", "Angela", "Merkel"], [(0, 1, "PER"), (2, 4, "PER")]),
        _doc(["Bonn", "ist", "klein"], [(0, 1, "LOC")]),
        _doc(["Die", "Post", "und", "die", "Post"], [(1, 2, "ORG")]),
        _doc(["Post", "kommt"], [(0, 1, "ORG")]),
    ]
    patterns = entity_patterns(docs, docs)
    found = {(p["label"], p["pattern"]) for p in patterns}
    assert ("PER", "Angela Merkel") in found
    assert ("LOC", "Bonn") in found
    assert ("PER", "Merkel") not in found  # marked alone only once
    # "Post" is a name in 2 of its 3 occurrences: kept; a one-off is not
    assert ("ORG", "Post") in found
    assert not any(text == "kam" for _, text in found)


def test_words_mostly_outside_entities_are_not_patterns() -> None:
    docs = [
        _doc(["Grüne", "sagen"], [(0, 1, "ORG")]),
        _doc(["Grüne", "sagen"], [(0, 1, "ORG")]),
        *[_doc(["Grüne", "Wiesen"], []) for _ in range(5)],
    ]
    assert entity_patterns(docs, docs) == []
