"""The language pack interface and its spaCy-backed implementation.

A pack bundles what one language needs: an analyzer (sentences, tokens,
lemmas, morphology, dependencies, entities) and resource files (actors, verb
patterns, cues). Packs are found by name through ``lagebild.registry.languages``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from functools import cached_property
from importlib import resources as importlib_resources
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Token as SpacyToken

from lagebild.records import AnalyzedArticle, Article, Sentence, Token

if TYPE_CHECKING:
    from lagebild.lang.resources import LanguageResources

log = logging.getLogger(__name__)

SENTENCE_COMPONENT = "lagebild_sentences"


@runtime_checkable
class LanguagePack(Protocol):
    """What the pipeline needs from a language."""

    code: str
    name: str

    @property
    def resources(self) -> LanguageResources: ...

    @property
    def analyzer_name(self) -> str: ...

    def analyze(self, article: Article) -> AnalyzedArticle: ...

    def analyze_many(
        self, articles: Iterable[Article], batch_size: int = 32
    ) -> Iterator[AnalyzedArticle]: ...


_YEAR = re.compile(r"^(1[5-9]|20)\d\d\.$")
_OPENING = frozenset("„«‚(")


def _is_closing(doc: Doc, j: int) -> bool:
    """A closing quote or bracket: attached to the previous token."""
    text = doc[j].text
    if text in ")]»“”’":
        return True
    return text in "\"'" and j > 0 and not doc[j - 1].whitespace_


def _ends_sentence(token: SpacyToken) -> bool:
    text = token.text
    if text in {".", "!", "?", "…", "...", "?!", "!?"}:
        return True
    # The tokenizer keeps ordinals ("8.") and abbreviations ("z.B.") whole; of
    # these only a year ends a sentence ("im Jahr 2015. Danach").
    return text.endswith(("!", "?")) or bool(_YEAR.match(text))


def _starts_sentence(doc: Doc, i: int) -> bool:
    """Whether token ``i`` starts a sentence by newline or end punctuation rules."""
    prev = doc[i - 1]
    if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
        return True
    if prev.is_space or _is_closing(doc, i):
        return False
    j = i - 1
    while j > 0 and _is_closing(doc, j):
        j -= 1
    if not _ends_sentence(doc[j]):
        return False
    first = doc[i].text[:1]
    return first.isupper() or first.isdigit() or first in _OPENING or first in "\"'"


@Language.component(SENTENCE_COMPONENT)
def preset_sentence_starts(doc: Doc) -> Doc:
    """Set sentence boundaries before the parser: paragraphs and end punctuation.

    The parser respects preset boundaries; rules are more reliable on news than
    a parser trained on a small treebank. Ordinals and abbreviations stay inside
    sentences because the tokenizer keeps "8." and "z.B." as single tokens.
    """
    for i, token in enumerate(doc):
        if i == 0:
            token.is_sent_start = True
        elif token.is_space:
            token.is_sent_start = False
        else:
            token.is_sent_start = _starts_sentence(doc, i)
    return doc


_WS = re.compile(r"\s+")


def to_token(token: SpacyToken, sent_start: int, sent_len: int) -> Token:
    head = token.head.i - sent_start
    return Token(
        i=token.i - sent_start,
        text=token.text,
        idx=token.idx,
        lemma=token.lemma_ or token.text,
        pos=token.pos_,
        tag=token.tag_,
        morph=str(token.morph),
        dep=token.dep_,
        head=head if 0 <= head < sent_len else token.i - sent_start,
        ent=f"{token.ent_iob_}-{token.ent_type_}" if token.ent_type_ else "",
        space=bool(token.whitespace_),
    )


def doc_to_sentences(doc: Doc) -> list[Sentence]:
    """Our sentence records from a spaCy Doc, skipping whitespace-only spans."""
    sentences: list[Sentence] = []
    for span in doc.sents:
        tokens = [t for t in span if not t.is_space]
        if not tokens:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        records = [to_token(t, span.start, len(span)) for t in span]
        records = _drop_space_tokens(records)
        sentences.append(
            Sentence(
                i=len(sentences), start=start, end=end, text=doc.text[start:end], tokens=records
            )
        )
    if sentences:
        sentences[0].headline = _is_headline(doc.text, sentences[0])
    return sentences


def _drop_space_tokens(tokens: list[Token]) -> list[Token]:
    """Remove whitespace tokens and renumber indices and heads consistently."""
    keep = [t for t in tokens if t.text.strip()]
    if len(keep) == len(tokens):
        return tokens
    new_index = {t.i: n for n, t in enumerate(keep)}
    for n, t in enumerate(keep):
        t.head = new_index.get(t.head, n)
        t.i = n
    return keep


def _is_headline(text: str, first: Sentence) -> bool:
    """The first line of an article, without a final period, is its headline."""
    first_line = text[: text.find("\n")] if "\n" in text else ""
    stripped = first_line.strip().rstrip("\"'“”«»")
    return bool(stripped) and not stripped.endswith(".") and first.end <= len(first_line) + 1


def _register_custom_components() -> None:
    """Import the module that registers our custom spaCy factories, if shipped."""
    import importlib
    import importlib.util

    if importlib.util.find_spec("lagebild.lang.components") is not None:
        importlib.import_module("lagebild.lang.components")


class SpacyPack:
    """A language pack whose analyzer is a spaCy pipeline.

    The pipeline is the trained model shipped in ``<package>/model`` when it
    exists; otherwise a blank pipeline (tokenizer and sentence rules only),
    which keeps the pack usable but leaves lemmas, parse and entities empty.
    """

    code = "xx"
    name = "generic"
    package = "lagebild.lang"

    def __init__(self, model_path: Path | None = None, resource_dirs: Iterable[Path] = ()) -> None:
        self._model_path = model_path
        self._resource_dirs = tuple(resource_dirs)

    @cached_property
    def nlp(self) -> Language:
        path = self._model_path or self._packaged_model()
        if path is not None:
            _register_custom_components()
            nlp = spacy.load(path)
            log.info("%s: loaded model %s", self.code, path)
        else:
            nlp = spacy.blank(self.code)
            log.warning(
                "%s: no trained model installed; analysing with a blank pipeline", self.code
            )
        before = "parser" if "parser" in nlp.pipe_names else None
        if before:
            nlp.add_pipe(SENTENCE_COMPONENT, before=before)
        else:
            nlp.add_pipe(SENTENCE_COMPONENT)
        nlp.max_length = 10**8
        return nlp

    def _packaged_model(self) -> Path | None:
        model = importlib_resources.files(self.package) / "model"
        if model.is_dir() and (model / "config.cfg").is_file():
            return Path(str(model))
        return None

    @property
    def analyzer_name(self) -> str:
        meta = self.nlp.meta
        return f"spacy:{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"

    @cached_property
    def resources(self) -> LanguageResources:
        from lagebild.lang.resources import LanguageResources

        return LanguageResources.load(self.code, self.package, self._resource_dirs)

    def analyze(self, article: Article) -> AnalyzedArticle:
        return self._to_record(article, self.nlp(article.text))

    def analyze_many(
        self, articles: Iterable[Article], batch_size: int = 32
    ) -> Iterator[AnalyzedArticle]:
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield self._to_record(article, doc)

    def _to_record(self, article: Article, doc: Doc) -> AnalyzedArticle:
        return AnalyzedArticle(
            article=article,
            lang=self.code,
            sentences=doc_to_sentences(doc),
            analyzer=self.analyzer_name,
        )
