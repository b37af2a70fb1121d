"""Custom spaCy components referenced by the shipped pipelines.

Importing this module registers the factories; ``spacy.load`` of a shipped
model needs that import first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property, lru_cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

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


HANTA_TAGGER = "lagebild_hanta_tagger"
_SENTENCE_END = frozenset({".", "!", "?"})


@lru_cache(maxsize=4)
def _hanta_model(name: str) -> Any:
    """HanTa's tagger, one per process and model file."""
    from lagebild.lang.de.hanta import MemoizedHanoverTagger

    return MemoizedHanoverTagger(name)


def read_tag_table(resource: str) -> dict[str, tuple[str, str]]:
    """``package:file`` tab-separated: HanTa tag, STTS tag, UPOS; ``#`` starts a comment."""
    package, _, filename = resource.partition(":")
    text = (importlib_resources.files(package) / filename).read_text(encoding="utf-8")
    table: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            hanta, stts, upos = line.split("\t")
            table[hanta] = (stts, upos)
    return table


def _segments(doc: Doc) -> Iterator[list[Token]]:
    """The doc's sentences without whitespace tokens; without preset sentence
    starts, split after sentence-final punctuation."""
    preset = doc.has_annotation("SENT_START")
    words: list[Token] = []
    for token in doc:
        starts = token.is_sent_start if preset else bool(words) and words[-1].text in _SENTENCE_END
        if starts and words:
            yield words
            words = []
        if not token.is_space:
            words.append(token)
    if words:
        yield words


class HantaTagger:
    """Parts of speech from HanTa, a tagger trained on the TIGER treebank.

    TIGER has twenty times the words of our training treebank, so HanTa knows
    far more German words; our tagger knows GSD's conventions for function words
    and punctuation. HanTa's part of speech (mapped to UPOS by a table) wins
    unless ours is in ``keep``, HanTa's is in ``ignore``, or both are function
    word classes (``function_words``). Where HanTa wins, or where both agree,
    the STTS tag is HanTa's too.
    """

    def __init__(
        self,
        model: str,
        tag_table: str,
        keep: Iterable[str],
        ignore: Iterable[str],
        function_words: Iterable[str],
    ) -> None:
        self.model = model
        self.table = read_tag_table(tag_table)
        self.keep = frozenset(keep)
        self.ignore = frozenset(ignore)
        self.function_words = frozenset(function_words)

    @cached_property
    def hanta(self) -> Any:
        return _hanta_model(self.model)

    def __call__(self, doc: Doc) -> Doc:
        for words in _segments(doc):
            tags = self.hanta.tag_sent([t.text for t in words], taglevel=0)
            for token, tag in zip(words, tags, strict=True):
                if tag in self.table:
                    self._decide(token, *self.table[tag])
        return doc

    def _decide(self, token: Token, stts: str, upos: str) -> None:
        ours = token.pos_
        if ours != upos and (
            ours in self.keep
            or upos in self.ignore
            or (ours in self.function_words and upos in self.function_words)
        ):
            return
        token.pos_ = upos
        token.tag_ = stts


@Language.factory(
    HANTA_TAGGER,
    default_config={
        "model": "morphmodel_ger.pgz",
        "tag_table": "lagebild.lang.de:hanta_tags.tsv",
        "keep": ["PUNCT", "SYM"],
        "ignore": ["X"],
        "function_words": ["DET", "PRON", "ADP", "CCONJ", "SCONJ", "PART", "ADV"],
    },
    requires=["token.pos"],
    assigns=["token.pos", "token.tag"],
)
def make_hanta_tagger(
    nlp: Language,
    name: str,
    model: str,
    tag_table: str,
    keep: list[str],
    ignore: list[str],
    function_words: list[str],
) -> HantaTagger:
    return HantaTagger(model, tag_table, keep, ignore, function_words)
