"""The shipped pipelines load offline and give plausible analyses."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from lagebild.train.evaluation import load_model, shipped_model_path


@pytest.fixture(scope="module")
def german() -> Language:
    path = shipped_model_path("de")
    if not (path / "config.cfg").is_file():
        pytest.fail(f"no German model shipped at {path}")
    return load_model(path)


@pytest.fixture(scope="module")
def english() -> Language:
    return load_model(shipped_model_path("en"))


def _token(doc: Doc, text: str) -> int:
    return next(t.i for t in doc if t.text == text)


def test_german_pipeline_has_every_analysis(german: Language) -> None:
    for name in ("tagger", "morphologizer", "lagebild_hanta_tagger", "parser", "ner"):
        assert name in german.pipe_names


def test_german_parts_of_speech_of_names_and_verbs(german: Language) -> None:
    doc = german("Selenskyj dankte Scholz in Kiew für die Unterstützung.")
    pos = {t.text: t.pos_ for t in doc}
    assert pos["Selenskyj"] == pos["Scholz"] == pos["Kiew"] == "PROPN"
    assert pos["dankte"] == "VERB" and doc[_token(doc, "dankte")].tag_ == "VVFIN"
    assert pos["Unterstützung"] == "NOUN"


def test_german_subject_dative_and_separable_particle(german: Language) -> None:
    doc = german("Der Minister sichert der Ukraine weitere Hilfe zu.")
    verb = doc[_token(doc, "sichert")]
    minister = doc[_token(doc, "Minister")]
    ukraine = doc[_token(doc, "Ukraine")]
    particle = doc[_token(doc, "zu")]
    assert minister.dep_ == "nsubj" and minister.head == verb
    assert particle.dep_ == "compound:prt" and particle.head == verb
    assert ukraine.morph.get("Case") == ["Dat"]
    assert verb.lemma_ == "sichern"
    assert doc[_token(doc, "Hilfe")].dep_ == "obj"


def test_german_noun_lemmas_are_singular_nominative(german: Language) -> None:
    doc = german("Die Soldaten verhängen Sanktionen gegen die Regierung.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["Soldaten"] == "Soldat"
    assert lemmas["Sanktionen"] == "Sanktion"
    assert lemmas["verhängen"] == "verhängen"


def test_german_entities(german: Language) -> None:
    doc = german("Angela Merkel traf in Berlin Vertreter der Europäischen Union.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Angela Merkel", "PER") in ents
    assert ("Berlin", "LOC") in ents


def test_german_parser_respects_preset_sentence_starts(german: Language) -> None:
    doc = german.make_doc("Der Minister kommt morgen Die Regierung schweigt")
    for token in doc:
        token.is_sent_start = token.i in (0, 4)
    parsed = german(doc)
    assert [s.start for s in parsed.sents] == [0, 4]


def test_english_subject_and_object(english: Language) -> None:
    doc = english("The minister promised Ukraine more weapons.")
    verb = doc[_token(doc, "promised")]
    assert doc[_token(doc, "minister")].dep_ == "nsubj"
    assert doc[_token(doc, "minister")].head == verb
    assert doc[_token(doc, "weapons")].dep_ == "obj"
    assert verb.lemma_ == "promise"
    assert verb.pos_ == "VERB"


def test_english_passive(english: Language) -> None:
    doc = english("The talks were cancelled by the government.")
    assert doc[_token(doc, "talks")].dep_ == "nsubj:pass"
    assert doc[_token(doc, "were")].dep_ == "aux:pass"
