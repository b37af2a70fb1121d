"""The custom spaCy components, on hand-annotated documents."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from lagebild.lang.components import (
    HANTA_TAGGER,
    CaseAgreement,
    HantaTagger,
    LookupLemmatizer,
    read_tag_table,
)


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


def _hanta() -> HantaTagger:
    return HantaTagger(
        "morphmodel_ger.pgz",
        "lagebild.lang.de:hanta_tags.tsv",
        keep=["PUNCT", "SYM"],
        ignore=["X"],
        function_words=["DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "ADV"],
    )


def test_hanta_tag_table_maps_to_stts_and_upos() -> None:
    table = read_tag_table("lagebild.lang.de:hanta_tags.tsv")
    assert table["NE"] == ("NE", "PROPN")
    assert table["VV(FIN)"] == ("VVFIN", "VERB")
    assert table["PROAV"] == ("PAV", "ADV")
    upos = {"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART"}
    upos |= {"PRON", "PROPN", "PUNCT", "SCONJ", "VERB", "X"}
    assert {u for _, u in table.values()} <= upos


def test_hanta_overrides_open_class_parts_of_speech_offline() -> None:
    # a tagger that read the name as a noun and the verb as an adjective
    doc = Doc(
        spacy.blank("de").vocab,
        words=["Merkel", "besucht", "Kiew", "."],
        pos=["NOUN", "ADJ", "PROPN", "PUNCT"],
        tags=["NN", "ADJD", "NE", "$."],
        sent_starts=[True, False, False, False],
    )
    _hanta()(doc)
    assert [t.pos_ for t in doc] == ["PROPN", "VERB", "PROPN", "PUNCT"]
    assert doc[1].tag_ == "VVFIN"


def test_hanta_keeps_our_function_words_and_punctuation() -> None:
    doc = Doc(
        spacy.blank("de").vocab,
        words=["Das", "ist", "so", "–", "sagt", "er", "."],
        pos=["PRON", "AUX", "ADV", "SYM", "VERB", "PRON", "PUNCT"],
        tags=["PDS", "VAFIN", "ADV", "$(", "VVFIN", "PPER", "$."],
    )
    tagger = _hanta()
    tagger(doc)
    assert doc[0].pos_ == "PRON" and doc[3].pos_ == "SYM" and doc[6].pos_ == "PUNCT"


def test_hanta_component_is_registered() -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe(HANTA_TAGGER)
    doc = nlp("Die Regierung in Berlin schweigt.")
    assert [t.pos_ for t in doc] == ["DET", "NOUN", "ADP", "PROPN", "VERB", "PUNCT"]
