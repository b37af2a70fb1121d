"""Scoring against gold event files, exactly as GUIDELINES.md ("Scoring") says.

An actor code is an entity followed by at most one role; matching compares
entities (the role stripped) and the CAMEO root, within the same sentence,
one-to-one. On matched pairs: full-code, role and modality accuracy.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lagebild.actors.schema import ROLES
from lagebild.errors import InputError

_ROLE_SUFFIXES = tuple(sorted(ROLES, key=len, reverse=True))


def entity_of(code: str) -> str:
    """``RUSGOV`` -> ``RUS``, ``EUGOV`` -> ``EU``, ``NATO`` -> ``NATO``."""
    code = code.upper()
    for role in _ROLE_SUFFIXES:
        if code.endswith(role) and len(code) > len(role):
            return code[: -len(role)]
    return code


@dataclass(frozen=True, slots=True)
class ScoredEvent:
    sentence: int
    source: str
    target: str
    code: str
    modality: str = "asserted"
    rule: str = ""

    @property
    def key(self) -> tuple[int, str, str, str]:
        return (self.sentence, entity_of(self.source), entity_of(self.target), self.code[:2])


@dataclass(frozen=True, slots=True)
class GoldSentence:
    i: int
    start: int
    end: int
    text: str
    events: tuple[ScoredEvent, ...]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    lang: str
    text: str
    sentences: tuple[GoldSentence, ...]

    def sentence_at(self, offset: int) -> int | None:
        """Index of the gold sentence containing character ``offset``."""
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence.i
        # offsets in the gap between two sentences belong to the next one
        for sentence in self.sentences:
            if offset < sentence.start:
                return sentence.i
        return None


@dataclass
class ErrorCase:
    article: str
    sentence: int
    kind: str  # "fp" or "fn"
    cause: str  # actor, root, direction, spurious, missed
    event: ScoredEvent
    text: str


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    code_matches: int = 0
    role_matches: int = 0
    modality_matches: int = 0
    per_root: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    errors: list[ErrorCase] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def _accuracy(self, matches: int) -> float | None:
        return round(matches / self.tp, 4) if self.tp else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "code_accuracy": self._accuracy(self.code_matches),
            "role_accuracy": self._accuracy(self.role_matches),
            "modality_accuracy": self._accuracy(self.modality_matches),
            "per_root": {
                root: {"tp": c["tp"], "fp": c["fp"], "fn": c["fn"], **_prf(c)}
                for root, c in sorted(self.per_root.items())
            },
        }


def _prf(counts: Counter[str]) -> dict[str, float]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4)}


def read_gold(path: Path) -> Iterator[GoldArticle]:
    """Gold articles from a JSONL file in the GUIDELINES.md format."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield parse_gold(json.loads(line))
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise InputError(f"{path}:{number}: not a gold article: {err}") from err


def parse_gold(data: dict[str, Any]) -> GoldArticle:
    sentences = tuple(
        GoldSentence(
            i=s["i"],
            start=s["start"],
            end=s["end"],
            text=s["text"],
            events=tuple(
                ScoredEvent(
                    s["i"], e["source"], e["target"], e["code"], e.get("modality", "asserted")
                )
                for e in s.get("events", [])
            ),
        )
        for s in data["sentences"]
    )
    return GoldArticle(data["id"], data.get("lang", "de"), data["text"], sentences)


def score(
    gold: Iterable[GoldArticle], system: dict[str, list[ScoredEvent]], keep_errors: bool = False
) -> Score:
    """Score system events (already assigned to gold sentence indices) against gold."""
    result = Score()
    for article in gold:
        predicted = system.get(article.id, [])
        by_sentence: dict[int, list[ScoredEvent]] = defaultdict(list)
        for event in predicted:
            by_sentence[event.sentence].append(event)
        for sentence in article.sentences:
            _score_sentence(
                result,
                article,
                sentence,
                list(sentence.events),
                by_sentence.get(sentence.i, []),
                keep_errors,
            )
    return result


def _score_sentence(
    result: Score,
    article: GoldArticle,
    sentence: GoldSentence,
    gold: list[ScoredEvent],
    system: list[ScoredEvent],
    keep_errors: bool,
) -> None:
    pairs, unmatched_gold, unmatched_system = match_events(gold, system)
    for g, s in pairs:
        result.tp += 1
        result.per_root[g.code[:2]]["tp"] += 1
        result.code_matches += g.code == s.code
        result.role_matches += (g.source, g.target) == (s.source.upper(), s.target.upper())
        result.modality_matches += g.modality == s.modality
    for s in unmatched_system:
        result.fp += 1
        result.per_root[s.code[:2]]["fp"] += 1
        if keep_errors:
            cause = _cause(s, unmatched_gold, "spurious")
            result.errors.append(ErrorCase(article.id, sentence.i, "fp", cause, s, sentence.text))
    for g in unmatched_gold:
        result.fn += 1
        result.per_root[g.code[:2]]["fn"] += 1
        if keep_errors:
            cause = _cause(g, unmatched_system, "missed")
            result.errors.append(ErrorCase(article.id, sentence.i, "fn", cause, g, sentence.text))


def match_events(
    gold: list[ScoredEvent], system: list[ScoredEvent]
) -> tuple[list[tuple[ScoredEvent, ScoredEvent]], list[ScoredEvent], list[ScoredEvent]]:
    """One-to-one matching on (entity, entity, root); exact agreements pair first.

    Events with equal keys are interchangeable for precision and recall, so a
    greedy pass per key is a maximum matching; pairing identical events first
    makes the accuracies on matched pairs as favourable as the data allows.
    """
    remaining = list(system)
    pairs: list[tuple[ScoredEvent, ScoredEvent]] = []
    unmatched: list[ScoredEvent] = []
    pending: list[ScoredEvent] = []
    for g in gold:
        exact = next((s for s in remaining if _same(g, s)), None)
        if exact is not None:
            remaining.remove(exact)
            pairs.append((g, exact))
        else:
            pending.append(g)
    for g in pending:
        partner = next((s for s in remaining if s.key == g.key), None)
        if partner is None:
            unmatched.append(g)
        else:
            remaining.remove(partner)
            pairs.append((g, partner))
    return pairs, unmatched, remaining


def _same(g: ScoredEvent, s: ScoredEvent) -> bool:
    return g.key == s.key and (g.source, g.target, g.code, g.modality) == (
        s.source.upper(),
        s.target.upper(),
        s.code,
        s.modality,
    )


def _cause(event: ScoredEvent, others: list[ScoredEvent], default: str) -> str:
    """Why an event is unmatched, judged against the other side's leftovers."""
    _, source, target, root = event.key
    for other in others:
        _, o_source, o_target, o_root = other.key
        if (o_source, o_target) == (source, target):
            return "root"
        if (o_source, o_target) == (target, source) and o_root == root:
            return "direction"
    for other in others:
        _, o_source, o_target, o_root = other.key
        if o_root == root and (o_source == source or o_target == target):
            return "actor"
    return default
