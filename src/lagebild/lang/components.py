"""Custom spaCy components referenced by the shipped pipelines.

Importing this module registers the factories; ``spacy.load`` of a shipped
model needs that import first.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

LOOKUP_LEMMATIZER = "lagebild_lookup_lemmatizer"


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
