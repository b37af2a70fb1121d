"""Typed records passed between pipeline stages.

Every stage takes and returns these; none of them carries behaviour beyond
small derived properties, so they serialise plainly (``dataclasses.asdict``)
into JSONL, DuckDB rows and API responses.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Modality(StrEnum):
    """How certain the text is that an event happened."""

    ASSERTED = "asserted"
    NEGATED = "negated"
    SPECULATIVE = "speculative"
    FUTURE = "future"
    HYPOTHETICAL = "hypothetical"


def stable_id(*parts: str, length: int = 16) -> str:
    """A short hex digest of ``parts``: stable across runs and machines."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16)
    return digest.hexdigest()[:length]


def content_hash(text: str) -> str:
    """Hash of an article's normalised text, used for exact deduplication."""
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Article:
    """One input document, whatever its source."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: datetime | None = None
    outlet: str | None = None
    lang: str | None = None
    source: str | None = None  # where it came from: file path, feed URL, WARC name
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str, **kwargs: Any) -> Article:
        """An article whose id is derived from its URL if given, else from its text."""
        url = kwargs.get("url")
        article_id = kwargs.pop("id", None) or stable_id(url or content_hash(text))
        return cls(id=article_id, text=text, **kwargs)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(slots=True)
class Token:
    """A token with the annotation a language pack provides.

    ``head`` is the index of the syntactic head within the sentence (the token
    itself for the root). ``idx`` is the character offset into the article.
    """

    i: int
    text: str
    idx: int
    lemma: str = ""
    pos: str = ""
    tag: str = ""
    morph: str = ""
    dep: str = ""
    head: int = -1
    ent: str = ""  # IOB tag plus label, e.g. "B-PER", or "" outside entities
    space: bool = True

    def feat(self, name: str) -> str | None:
        """One morphological feature, e.g. ``feat("Case") -> "Dat"``."""
        for part in self.morph.split("|"):
            key, _, value = part.partition("=")
            if key == name:
                return value
        return None

    @property
    def end(self) -> int:
        return self.idx + len(self.text)


@dataclass(slots=True)
class Sentence:
    """A sentence: its offsets into the article text and its tokens."""

    i: int
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)
    headline: bool = False


@dataclass(slots=True)
class AnalyzedArticle:
    """An article after the language pack has split and annotated it."""

    article: Article
    lang: str
    sentences: list[Sentence]
    analyzer: str = ""  # name and version of the pipeline that produced the analysis


@dataclass(slots=True)
class ActorCode:
    """An actor code split into its entity and optional role (``RUSGOV``)."""

    entity: str
    role: str | None = None

    @property
    def code(self) -> str:
        return self.entity + (self.role or "")

    def __str__(self) -> str:
        return self.code


@dataclass(slots=True)
class ActorMention:
    """A span of a sentence that names, or refers to, a coded actor."""

    sentence: int
    start_token: int
    end_token: int  # exclusive
    text: str
    actor: ActorCode
    kind: str  # "country", "organisation", "person", "role", "capital", "pronoun", ...
    head: int  # the token that carries the mention's grammatical role
    entry: str = ""  # the dictionary entry that matched (explainability)
    resolved_from: str | None = None  # antecedent text for pronouns and short references

    @property
    def code(self) -> str:
        return self.actor.code


@dataclass(slots=True)
class EventActor:
    """Source or target of an event as stored: code, entity, role, surface text."""

    code: str
    entity: str
    role: str | None
    text: str
    entry: str = ""
    resolved_from: str | None = None

    @classmethod
    def from_mention(cls, mention: ActorMention) -> EventActor:
        return cls(
            code=mention.actor.code,
            entity=mention.actor.entity,
            role=mention.actor.role,
            text=mention.text,
            entry=mention.entry,
            resolved_from=mention.resolved_from,
        )


@dataclass(slots=True)
class Evidence:
    """Why the coder produced an event: the rule, pattern and tokens it used."""

    rule: str
    pattern: str
    verb: str
    source_tokens: str
    target_tokens: str
    cues: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Location:
    name: str
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(slots=True)
class Event:
    """A coded event, with everything needed to explain and aggregate it."""

    id: str
    article_id: str
    sentence: int
    start: int
    end: int
    source: EventActor
    target: EventActor
    code: str
    root: str = ""
    name: str = ""
    goldstein: float | None = None
    quad_class: int | None = None
    plover: str | None = None
    plover_mode: str | None = None
    plover_context: str | None = None
    modality: Modality = Modality.ASSERTED
    attribution: str | None = None
    date: date | None = None
    date_precision: str | None = None  # "day", "month", "year", or None when unknown
    location: Location | None = None
    confidence: float = 1.0
    rule: str = ""
    evidence: Evidence | None = None
    text: str = ""
    lang: str = ""
    anchor: int | None = None  # character offset of the predicate (verb or event noun)

    def flat(self) -> dict[str, Any]:
        """A flat dict for tables, CSV and JSONL output."""
        loc = self.location
        return {
            "id": self.id,
            "article_id": self.article_id,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "source": self.source.code,
            "source_entity": self.source.entity,
            "source_role": self.source.role,
            "source_text": self.source.text,
            "target": self.target.code,
            "target_entity": self.target.entity,
            "target_role": self.target.role,
            "target_text": self.target.text,
            "code": self.code,
            "root": self.root,
            "name": self.name,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "modality": str(self.modality),
            "attribution": self.attribution,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "location": loc.name if loc else None,
            "location_country": loc.country if loc else None,
            "latitude": loc.latitude if loc else None,
            "longitude": loc.longitude if loc else None,
            "confidence": self.confidence,
            "rule": self.rule,
            "evidence": asdict(self.evidence) if self.evidence else None,
            "text": self.text,
            "lang": self.lang,
            "anchor": self.anchor,
        }


@dataclass(slots=True)
class CodedArticle:
    """The result of the pipeline for one article."""

    article: Article
    lang: str | None
    sentences: list[Sentence]
    events: list[Event]
    status: str = "coded"  # "coded", "stored-uncoded" (no language pack), "failed"
    message: str | None = None
