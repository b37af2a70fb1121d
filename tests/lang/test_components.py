"""The custom spaCy components, on hand-annotated documents."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from lagebild.lang.components import CaseAgreement, LookupLemmatizer


def _phrase() -> Doc:
    # "mit den neuen Soldaten": a tagger that read the noun and adjective as nominative
    return Doc(
        spacy.blank("de").vocab,
        words=["mit", "den", "neuen", "Soldaten"],
        pos=["ADP", "DET", "ADJ", "NOUN"],
        heads=[3, 3, 3, 3],
        deps=["case", "det", "amod", "ROOT"],
        morphs=["", "Case=Dat|Number=Plur", "Case=Nom|Number=Plur", "Case=Nom|Number=Plur"],
    )


def test_noun_and_adjective_take_the_case_of_the_article() -> None:
    doc = CaseAgreement()(_phrase())
    assert doc[3].morph.get("Case") == ["Dat"]
    assert doc[2].morph.get("Case") == ["Dat"]
    assert doc[3].morph.get("Number") == ["Plur"]


def test_an_article_of_another_gender_does_not_decide() -> None:
    doc = Doc(
        spacy.blank("de").vocab,
        words=["der", "Ukraine"],
        pos=["DET", "PROPN"],
        heads=[1, 1],
        deps=["det", "ROOT"],
        morphs=["Case=Nom|Gender=Masc", "Case=Dat|Gender=Fem"],
    )
    assert CaseAgreement()(doc)[1].morph.get("Case") == ["Dat"]


def test_tokens_without_case_stay_without() -> None:
    doc = CaseAgreement()(_phrase())
    assert doc[0].morph.get("Case") == []


def test_lookup_lemmatizer_only_touches_chosen_parts_of_speech() -> None:
    doc = Doc(
        spacy.blank("de").vocab,
        words=["Soldaten", "sichert", "Grünen"],
        pos=["NOUN", "VERB", "PROPN"],
        lemmas=["Soldaten", "sicheren", "Grünen"],
    )
    LookupLemmatizer("de", ["NOUN", "VERB"])(doc)
    assert [t.lemma_ for t in doc] == ["Soldat", "sichern", "Grünen"]
