"""Language identification with py3langid's bundled model (no download at run time).

``identify(text)`` returns an ISO 639-1 code (or ISO 639-3 for languages
without a two-letter code) and a probability; texts too short or too mixed to
judge give ``None``. ``detect`` also says why it gave up. ``assign_language``
applies the ingest policy to an article.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

import babel.core
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from lagebild.ingest.base import IngestOptions
from lagebild.records import Article

log = logging.getLogger(__name__)

MIN_LETTERS = 20  # below this, character n-gram statistics are noise
MIN_CONFIDENCE = 0.5
SAMPLE_CHARS = 5000  # the start of a long text decides; keeps identification O(1)
_LETTER = re.compile(r"[^\W\d_]")
_NO_LANGUAGE = "zxx"  # the model's label for "no linguistic content"


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    lang: str | None
    confidence: float
    reason: str | None = None  # why ``lang`` is None


@functools.cache
def _identifier() -> LanguageIdentifier:
    # Loaded once per process and never changed afterwards; py3langid's own
    # module-level identifier is avoided because its languages can be mutated.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> LanguageGuess:
    """Identify the language of ``text``, or explain why not."""
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if letters < MIN_LETTERS:
        return LanguageGuess(None, 0.0, f"too short to identify ({letters} letters)")
    lang, confidence = _identifier().classify(sample)
    if lang == _NO_LANGUAGE:
        return LanguageGuess(None, confidence, "no linguistic content")
    if confidence < MIN_CONFIDENCE:
        return LanguageGuess(None, confidence, f"uncertain (best guess {lang}, {confidence:.2f})")
    return LanguageGuess(str(lang), confidence)


def identify(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code and confidence for ``text``; ``(None, c)`` when not identifiable."""
    guess = detect(text)
    return guess.lang, guess.confidence


def normalise_code(value: str | None) -> str | None:
    """``"de-DE"``, ``"de_AT"``, ``"DE"``, ``"deu"``, ``"ger"`` -> ``"de"``; junk -> None."""
    if not value:
        return None
    primary = re.split(r"[-_\s]", value.strip().lower(), maxsplit=1)[0]
    if len(primary) == 3:
        aliases = babel.core.get_global("language_aliases")
        primary = str(aliases.get(primary, primary))
    if not re.fullmatch(r"[a-z]{2,3}", primary):
        return None
    return primary


def assign_language(
    article: Article, options: IngestOptions, *, declared: str | None = None
) -> Article:
    """Set ``article.lang`` by the ingest policy and record how in ``article.meta``.

    A forced ``options.lang`` wins; then a language the record itself carries
    (``article.lang``, e.g. a JSONL field); then identification from the text;
    then ``declared``, a page-level hint such as ``<html lang>``, which is only
    a fallback because site templates often declare one language for all pages.
    """
    if options.lang:
        article.lang = normalise_code(options.lang)
        article.meta["lang_source"] = "option"
        return article
    recorded = normalise_code(article.lang)
    if recorded:
        article.lang = recorded
        article.meta["lang_source"] = "metadata"
        return article
    guess = detect(article.text)
    if guess.lang:
        article.lang = guess.lang
        article.meta.update(lang_source="identified", lang_confidence=round(guess.confidence, 4))
        return article
    article.lang = normalise_code(declared)
    if article.lang:
        article.meta["lang_source"] = "declared"
    else:
        article.meta["lang_reason"] = guess.reason
        log.debug("no language for %s: %s", article.source or article.id, guess.reason)
    return article
