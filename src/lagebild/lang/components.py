"""Custom spaCy components referenced by the shipped pipelines.

Importing this module registers the factories; ``spacy.load`` of a shipped
model needs that import first.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, MorphAnalysis, Span, Token
from spacy.util import filter_spans

LOOKUP_LEMMATIZER = "lagebild_lookup_lemmatizer"
CASE_AGREEMENT = "lagebild_case_agreement"
NAME_LIST = "lagebild_name_list"
NOMINAL = frozenset({"NOUN", "PROPN"})


@lru_cache(maxsize=200_000)
def _dictionary_lemma(word: str, lang: str) -> str | None:
    """The simplemma dictionary lemma, or None for words the dictionary lacks."""
    import simplemma

    if not simplemma.is_known(word, lang):
        return None
    return str(simplemma.lemmatize(word, lang))


class LookupLemmatizer:
    """Dictionary lemmas for open-class words, the trained lemma for everything else.

    A treebank of two thousand sentences has seen few of the verbs and nouns of
    news text; a large form dictionary has. It knows no context, so it only
    speaks for the parts of speech where that helped on held-out data.
    """

    def __init__(self, lang: str, pos: Iterable[str]) -> None:
        self.lang = lang
        self.pos = frozenset(pos)

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.pos_ in self.pos:
                lemma = _dictionary_lemma(token.text, self.lang)
                if lemma:
                    token.lemma_ = lemma
        return doc


@Language.factory(
    LOOKUP_LEMMATIZER,
    default_config={"lang": "de", "pos": ["NOUN", "VERB", "ADJ", "ADV", "DET", "PRON"]},
    requires=["token.pos"],
    assigns=["token.lemma"],
)
def make_lookup_lemmatizer(nlp: Language, name: str, lang: str, pos: list[str]) -> LookupLemmatizer:
    return LookupLemmatizer(lang, pos)


def _case(token: Token) -> str:
    return ",".join(token.morph.get("Case", []))


def _with_case(token: Token, case: str) -> None:
    features = token.morph.to_dict()
    features["Case"] = case
    token.morph = MorphAnalysis(token.vocab, features)


class CaseAgreement:
    """German case by agreement inside the noun phrase, after parsing.

    The article carries case far more reliably than the noun ("den Soldaten" is
    accusative or dative plural by the article alone), so a noun takes the
    case of its determiner, and an attributive adjective that of its noun.
    Only tokens that already have a Case are changed.
    """

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.pos_ in NOMINAL and _case(token):
                _agree(token, next((c for c in token.children if c.dep_ == "det"), None))
        for token in doc:
            if token.dep_ == "amod" and token.pos_ == "ADJ" and token.head.pos_ in NOMINAL:
                _agree(token, token.head)
        return doc


def _agree(token: Token, source: Token | None) -> None:
    """Give ``token`` the case of ``source`` when both have one and agree in gender:
    "der" read as masculine nominative says nothing about feminine "der Ukraine".
    (Also requiring number agreement lowered case accuracy on the dev slice.)"""
    if source is None or not _case(source) or _case(token) in ("", _case(source)):
        return
    theirs, ours = source.morph.get("Gender", []), token.morph.get("Gender", [])
    if not (theirs and ours) or set(theirs) & set(ours):
        _with_case(token, _case(source))


@Language.factory(
    CASE_AGREEMENT,
    requires=["token.morph", "token.dep", "token.head"],
    assigns=["token.morph"],
)
def make_case_agreement(nlp: Language, name: str) -> CaseAgreement:
    return CaseAgreement()


class NameList:
    """Known names as entities where the statistical NER found none.

    Like spaCy's entity ruler with phrase patterns, but it tokenizes its
    patterns with the tokenizer alone: the entity ruler runs every earlier
    component over them, which cost seconds and ~180 MB at load time.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.patterns: list[dict[str, str]] = []
        self.matcher = PhraseMatcher(nlp.vocab)

    def add_patterns(self, patterns: Iterable[dict[str, str]]) -> None:
        for pattern in patterns:
            self.matcher.add(pattern["label"], [self.nlp.make_doc(pattern["pattern"])])
            self.patterns.append(pattern)

    def __call__(self, doc: Doc) -> Doc:
        found = [Span(doc, start, end, label=label) for label, start, end in self.matcher(doc)]
        free = [s for s in filter_spans(found) if not any(t.ent_type for t in s)]
        if free:
            doc.ents = [*doc.ents, *free]
        return doc

    def to_disk(self, path: Path, exclude: Iterable[str] = ()) -> None:
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / "patterns.jsonl", self.patterns)

    def from_disk(self, path: Path, exclude: Iterable[str] = ()) -> NameList:
        self.add_patterns(srsly.read_jsonl(path / "patterns.jsonl"))
        return self


@Language.factory(NAME_LIST, assigns=["doc.ents"])
def make_name_list(nlp: Language, name: str) -> NameList:
    return NameList(nlp)
