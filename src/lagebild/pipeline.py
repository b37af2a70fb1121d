"""The orchestrator: article -> language -> analysis -> actors -> events -> enrichment.

Storing is the caller's business (``lagebild.store``), so the same per-article
function serves the CLI, the API, worker processes and Dask tasks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

from lagebild import registry
from lagebild.actors.dating import date_from_offices
from lagebild.actors.lexicon import ActorLexicon, build_lexicon
from lagebild.actors.matcher import ArticleContext, MentionFinder
from lagebild.enrich import EnrichContext, EnrichStage
from lagebild.enrich.dates import estimate_reference_date
from lagebild.errors import LagebildError, UnknownLanguageError
from lagebild.events.codebook import Codebook, load_codebook
from lagebild.events.coder import CodedEvent, CodingState, EventCoder
from lagebild.lang.base import LanguagePack
from lagebild.options import Options
from lagebild.records import AnalyzedArticle, Article, CodedArticle, Event, EventActor, stable_id

log = logging.getLogger(__name__)

DEFAULT_ENRICH = Options().enrich


class LanguageRuntime:
    """A language pack with its compiled actor lexicon and event coder."""

    def __init__(
        self,
        pack: LanguagePack,
        codebook: Codebook,
        enrich: tuple[str, ...] = DEFAULT_ENRICH,
    ) -> None:
        self.pack = pack
        self.codebook = codebook
        self.enrich: list[EnrichStage] = [registry.get(registry.stages, name) for name in enrich]
        self.lexicon: ActorLexicon = build_lexicon(pack.resources.actors, self._tokenize)
        self.finder = MentionFinder(self.lexicon)
        self.coder = EventCoder(pack.resources)

    def _tokenize(self, phrase: str) -> tuple[str, ...]:
        nlp = self.pack.nlp  # type: ignore[attr-defined]
        return tuple(t.text for t in nlp.tokenizer(phrase))

    def code(self, analyzed: AnalyzedArticle) -> list[Event]:
        """Events of an analyzed article, enriched with codebook facts and dates."""
        article = analyzed.article
        when = article.published.date() if article.published else None
        if when is None:
            hint = estimate_reference_date(article.text)
            when = date_from_offices(analyzed.sentences, self.lexicon, hint)
        context = ArticleContext(when=when)
        self.finder.prime(analyzed.sentences, context)
        state = CodingState(country=context.dominant_country)
        events: list[Event] = []
        for sentence in analyzed.sentences:
            mentions = self.finder.find(sentence, context)
            for coded in self.coder.code_sentence(sentence, mentions, state):
                events.append(self._event(coded, article, analyzed.lang))
        return events

    def _event(self, coded: CodedEvent, article: Article, lang: str) -> Event:
        sentence = coded.sentence
        event = Event(
            id=stable_id(
                article.id,
                str(sentence.i),
                f"{coded.source.actor.code}@{coded.source.start_token}",
                f"{coded.target.actor.code}@{coded.target.start_token}",
                coded.code,
                str(coded.anchor),
            ),
            article_id=article.id,
            sentence=sentence.i,
            start=sentence.start,
            end=sentence.end,
            source=EventActor.from_mention(coded.source),
            target=EventActor.from_mention(coded.target),
            code=coded.code,
            modality=coded.modality,
            attribution=coded.attribution,
            rule=coded.rule,
            evidence=coded.evidence,
            text=sentence.text,
            lang=lang,
            anchor=coded.anchor,
        )
        context = EnrichContext(article, lang, self.codebook)
        for stage in self.enrich:
            event = stage(event, context)
        return event


@dataclass
class Pipeline:
    """Codes articles; holds loaded language runtimes for reuse across calls."""

    options: Options

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self._runtimes: dict[str, LanguageRuntime] = {}
        self._codebook = load_codebook()
        # seconds spent in analysis (language pack) and in coding (actors,
        # events, enrichment); read by the benchmark to report the coder's share
        self.stage_seconds: dict[str, float] = {"analyze": 0.0, "code": 0.0}

    # -- languages ------------------------------------------------------------
    def available_languages(self) -> list[str]:
        return sorted(registry.languages.get_all())

    def runtime(self, lang: str) -> LanguageRuntime:
        if lang not in self._runtimes:
            if lang not in registry.languages.get_all():
                raise UnknownLanguageError(
                    f"no language pack for {lang!r}; "
                    f"available: {', '.join(self.available_languages())}"
                )
            pack_class = registry.get(registry.languages, lang)
            pack = pack_class(resource_dirs=self.options.resource_dirs)
            self._runtimes[lang] = LanguageRuntime(pack, self._codebook, self.options.enrich)
        return self._runtimes[lang]

    def language_of(self, article: Article) -> str | None:
        """Forced language, else the article's own, else identified from the text."""
        if self.options.lang:
            return self.options.lang
        if article.lang:
            return article.lang
        from lagebild.ingest.langid import identify

        lang, confidence = identify(article.text)
        if lang is None or confidence < self.options.min_lang_confidence:
            return None
        return lang

    # -- coding -----------------------------------------------------------------
    def code_article(self, article: Article) -> CodedArticle:
        """Code one article; errors follow ``options.on_error``."""
        return next(self.code_articles([article]))

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code a stream of articles, batching consecutive ones of one language."""
        tagged = ((self._safe_language(a), a) for a in articles)
        for lang, group in groupby(tagged, key=lambda pair: pair[0]):
            batch = [a for _, a in group]
            if lang is None or lang not in registry.languages.get_all():
                yield from (self._uncoded(a, lang) for a in batch)
                continue
            yield from self._code_batch(lang, batch)

    def _safe_language(self, article: Article) -> str | None:
        article.lang = self.language_of(article)
        return article.lang

    def _uncoded(self, article: Article, lang: str | None) -> CodedArticle:
        message = f"no language pack for {lang!r}" if lang else "language not identified"
        log.info("%s: stored without coding: %s", article.id, message)
        return CodedArticle(article, lang, [], [], status="stored-uncoded", message=message)

    def _code_batch(self, lang: str, batch: list[Article]) -> Iterator[CodedArticle]:
        runtime = self.runtime(lang)
        size = self.options.batch_size
        for start in range(0, len(batch), size):
            chunk = batch[start : start + size]
            try:
                started = time.perf_counter()
                analyzed = list(runtime.pack.analyze_many(chunk, batch_size=size))
                self.stage_seconds["analyze"] += time.perf_counter() - started
            except Exception:
                if self.options.on_error == "raise":
                    raise
                log.warning(
                    "batch analysis failed; retrying its %d articles one by one", len(chunk)
                )
                yield from (self._code_one(runtime, a) for a in chunk)
                continue
            for item in analyzed:
                yield self._finish(runtime, item)

    def _code_one(self, runtime: LanguageRuntime, article: Article) -> CodedArticle:
        try:
            return self._finish(runtime, runtime.pack.analyze(article))
        except Exception as err:
            return self._failed(article, runtime.pack.code, err)

    def _finish(self, runtime: LanguageRuntime, analyzed: AnalyzedArticle) -> CodedArticle:
        article = analyzed.article
        started = time.perf_counter()
        try:
            events = runtime.code(analyzed)
        except Exception as err:
            return self._failed(article, analyzed.lang, err)
        finally:
            self.stage_seconds["code"] += time.perf_counter() - started
        return CodedArticle(article, analyzed.lang, analyzed.sentences, events)

    def _failed(self, article: Article, lang: str | None, err: Exception) -> CodedArticle:
        if self.options.on_error == "raise":
            raise err
        kind = (
            "error" if isinstance(err, LagebildError) else f"internal error ({type(err).__name__})"
        )
        log.error("%s: %s: %s", article.id, kind, err, exc_info=not isinstance(err, LagebildError))
        return CodedArticle(article, lang, [], [], status="failed", message=f"{kind}: {err}")
