"""German NER corpora (GermEval 2014, DFKI SmartData) to spaCy ``Doc`` objects.

Label mapping, used for training and evaluation alike:

- GermEval ``PER``/``LOC``/``ORG``/``OTH`` become ``PER``/``LOC``/``ORG``/``MISC``.
  The ``-deriv`` ("russisch") and ``-part`` ("EU-weit") variants are words
  derived from or containing a name, not the name itself, so they become ``O``.
  Only the outer (top-level) column is used.
- SmartData ``person`` becomes ``PER``; ``organization``/``organization-company``
  ``ORG``; ``location``, ``-city``, ``-street``, ``-stop`` ``LOC``; the spans of
  its other types (dates, numbers, triggers, ...) are ``O``. Transit routes
  ("S1", "A 100") are missing (neither entity nor ``O``): GermEval has no
  consistent practice for them. Unmarked words are ``O`` by default; treating
  them as missing instead (SmartData does not mark every name) lowered
  precision more than it raised recall on held-out data.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

GERMEVAL_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}
SMARTDATA_LABELS = {
    "person": "PER",
    "organization": "ORG",
    "organization-company": "ORG",
    "location": "LOC",
    "location-city": "LOC",
    "location-street": "LOC",
    "location-stop": "LOC",
}
SMARTDATA_MISSING = frozenset({"location-route"})


@dataclass
class TaggedSentence:
    """A tokenized sentence with BIO tags over the four target labels."""

    words: list[str]
    tags: list[str]


def map_germeval_tag(tag: str) -> str:
    """``B-LOCderiv`` -> ``O``, ``I-OTH`` -> ``I-MISC``."""
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    mapped = GERMEVAL_LABELS.get(label)
    return f"{prefix}-{mapped}" if mapped else "O"


def repair_bio(tags: list[str]) -> list[str]:
    """An ``I-X`` that follows neither ``B-X`` nor ``I-X`` starts an entity (after mapping
    ``B-LOCderiv I-LOC`` style sequences, or annotation slips)."""
    repaired: list[str] = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        repaired.append(tag)
        previous = tag
    return repaired


def read_germeval(lines: Iterable[str]) -> Iterator[TaggedSentence]:
    """GermEval 2014 TSV (idx, token, outer tag, inner tag); ``#`` lines are sources."""
    words: list[str] = []
    tags: list[str] = []
    for raw in lines:
        line = raw.rstrip("\n")
        if line.startswith("#"):
            continue
        if not line.strip():
            if words:
                yield TaggedSentence(words, repair_bio(tags))
            words, tags = [], []
            continue
        cols = line.split("\t")
        words.append(cols[1])
        tags.append(map_germeval_tag(cols[2]))
    if words:
        yield TaggedSentence(words, repair_bio(tags))


def read_germeval_file(path: Path) -> list[TaggedSentence]:
    with path.open(encoding="utf-8") as handle:
        return list(read_germeval(handle))


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) token spans of a BIO sequence (assumed repaired)."""
    spans: list[tuple[int, int, str]] = []
    for i, tag in enumerate(tags):
        if tag.startswith("B-"):
            spans.append((i, i + 1, tag[2:]))
        elif tag.startswith("I-") and spans and spans[-1][1] == i:
            start, _, label = spans[-1]
            spans[-1] = (start, i + 1, label)
    return spans


def tagged_to_doc(vocab: Vocab, sentence: TaggedSentence) -> Doc:
    """A ``Doc`` with gold entities; every other token is explicitly ``O``."""
    doc = Doc(vocab, words=sentence.words)
    doc.set_ents(
        [Span(doc, start, end, label=label) for start, end, label in bio_spans(sentence.tags)],
        default="outside",
    )
    return doc


def iter_json_objects(text: str) -> Iterator[dict[str, Any]]:
    """Concatenated JSON objects (the SmartData dump format)."""
    decoder = json.JSONDecoder()
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return
        obj, position = decoder.raw_decode(text, position)
        yield obj


def read_smartdata_file(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return list(iter_json_objects(handle.read()))


def _avro_value(value: Any) -> Any:
    """Unwrap Avro-JSON union values such as ``{"string": "..."}`` or ``{"array": [...]}``."""
    if isinstance(value, dict) and len(value) == 1:
        return next(iter(value.values()))
    return value


def _mentions(document: dict[str, Any]) -> list[tuple[int, int, str]]:
    mentions = _avro_value(document.get("conceptMentions")) or []
    return [(m["span"]["start"], m["span"]["end"], m["type"]) for m in mentions]


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for line in text.split("\n"):
        if line.strip():
            yield start, start + len(line)
        start += len(line) + 1


def _annotate_line(
    nlp: Language,
    text: str,
    span: tuple[int, int],
    mentions: list[tuple[int, int, str]],
    unmarked: str,
) -> Doc:
    line_start, line_end = span
    doc = nlp.make_doc(text[line_start:line_end])
    groups: dict[str, list[Span]] = {"entity": [], "outside": [], "missing": []}
    for start, end, kind in mentions:
        if start < line_start or end > line_end:
            continue
        label = SMARTDATA_LABELS.get(kind, "")
        char_span = doc.char_span(
            start - line_start, end - line_start, label=label, alignment_mode="expand"
        )
        if char_span is not None:
            group = "missing" if kind in SMARTDATA_MISSING else "entity" if label else "outside"
            groups[group].append(char_span)
    taken: set[int] = set()
    kept, outside, missing = (
        _claim(groups[name], taken) for name in ("entity", "outside", "missing")
    )
    doc.set_ents(kept, outside=outside, missing=missing, default=unmarked)
    return doc


def _claim(spans: list[Span], taken: set[int]) -> list[Span]:
    """Spans that overlap neither each other nor tokens claimed before; claims them."""
    free = [s for s in _non_overlapping(spans) if not taken.intersection(range(s.start, s.end))]
    taken.update(i for span in free for i in range(span.start, span.end))
    return free


def _non_overlapping(spans: list[Span]) -> list[Span]:
    """Longest spans first, then drop any that overlap a kept one."""
    kept: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not taken.intersection(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


def smartdata_to_docs(
    nlp: Language, documents: Iterable[dict[str, Any]], unmarked: str = "outside"
) -> Iterator[Doc]:
    """One ``Doc`` per non-empty line of each document, tokenized by ``nlp``;
    ``unmarked`` ("outside" or "missing") is what words outside any mention get."""
    for document in documents:
        text = _avro_value(document.get("text")) or ""
        mentions = _mentions(document)
        for span in _line_spans(text):
            yield _annotate_line(nlp, text, span, mentions, unmarked)
