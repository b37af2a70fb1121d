"""The verb-pattern dictionary compiled for lookup during coding."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lagebild.errors import ResourceError
from lagebild.events.schema import DerivedFile, DerivedKind, NounGroup, Pattern, VerbFile, VerbGroup

MIN_HEAD = 3  # shortest noun matched as the head of a compound


@dataclass(frozen=True, slots=True)
class Reading:
    """The coding a verb or noun gets in one clause: code, slots and provenance."""

    code: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    reciprocal: bool
    visit: bool
    rule: str  # e.g. "verb:zusichern#1" - group id and pattern number
    pattern: str  # the matched pattern, readable
    implicit_source: str | None = None  # role of the implied agent (COP, JUD, GOV)
    implicit_target: str | None = None


@dataclass(frozen=True, slots=True)
class ClauseView:
    """What pattern conditions are checked against, in active voice."""

    lemma: str
    candidates: tuple[str, ...]  # lemma and guessed infinitives, in order of trust
    objects: tuple[str, ...]  # lemmas of accusative-object heads
    preps: dict[str, tuple[str, ...]]  # preposition -> lemmas of its nouns
    words: frozenset[str]  # every lemma and lower-cased word of the clause
    reflexive: bool


def noun_matches(candidates: Iterable[str], wanted: Iterable[str]) -> bool:
    """Whether any candidate lemma equals, or is a compound ending in, a wanted noun."""
    wanted_lower = [w.lower() for w in wanted]
    for candidate in candidates:
        low = candidate.lower()
        for w in wanted_lower:
            if low == w or (len(w) >= MIN_HEAD and low.endswith(w) and len(low) > len(w) + 1):
                return True
    return False


def _describe(group_id: str, pattern: Pattern | None) -> str:
    if pattern is None:
        return group_id
    parts = [group_id]
    if pattern.object:
        parts.append(f"+ {'|'.join(pattern.object)}")
    if pattern.prep:
        inside = "|".join(pattern.prep_object) if pattern.prep_object else "*"
        parts.append(f"{pattern.prep} {inside}")
    if pattern.words:
        parts.append(f"[{'|'.join(pattern.words)}]")
    if pattern.reflexive:
        parts.insert(0, "sich")
    return " ".join(parts)


class VerbLexicon:
    """Lookup of verb groups, event nouns, light verbs, governors, derived codes."""

    def __init__(
        self, verbs: VerbFile, derived: DerivedFile, particles: frozenset[str] = frozenset()
    ) -> None:
        self.particles = particles
        self.verbs: dict[str, VerbGroup] = {}
        for group in verbs.verbs:
            for lemma in group.lemmas:
                key = lemma.lower()
                if key in self.verbs and self.verbs[key].id != group.id:
                    raise ResourceError(
                        f"verb {lemma!r} is in groups {self.verbs[key].id!r} and {group.id!r}"
                    )
                self.verbs[key] = group
        self.nouns: dict[str, NounGroup] = {n.lower(): g for g in verbs.nouns for n in g.lemmas}
        self.light_verbs = frozenset(v.lower() for v in verbs.light_verbs)
        self.happening_verbs = frozenset(v.lower() for v in verbs.happening_verbs)
        self.governors: dict[str, list[tuple[DerivedKind, tuple[str, ...]]]] = {}
        for kind, entries in verbs.governors.items():
            for entry in entries:
                *words, verb = entry.lower().split()
                self.governors.setdefault(verb, []).append((kind, tuple(words)))
        self.derived = derived

    # -- verbs ----------------------------------------------------------------
    def is_verb(self, lemma: str) -> bool:
        """Whether ``lemma`` is a verb the dictionary knows in any role."""
        return lemma in self.verbs or lemma in self.light_verbs or lemma in self.happening_verbs

    def reading(self, view: ClauseView) -> Reading | None:
        """The reading of a clause's verb, or None (unknown verb or non-event reading)."""
        group = self.group(view)
        if group is None:
            return None
        for number, pattern in enumerate(group.patterns, start=1):
            if _pattern_holds(pattern, view):
                if pattern.code is None:
                    return None
                return _reading(
                    group,
                    pattern.code,
                    f"verb:{group.id}#{number}",
                    _describe(group.id, pattern),
                    source=pattern.source,
                    target=pattern.target,
                    reciprocal=pattern.reciprocal,
                )
        if group.code is None or (group.reflexive and not view.reflexive):
            return None
        return _reading(group, group.code, f"verb:{group.id}", _describe(group.id, None))

    def group(self, view: ClauseView) -> VerbGroup | None:
        for candidate in view.candidates or (view.lemma,):
            group = self.verbs.get(candidate)
            if group is not None:
                return group
        return None

    def known_lemma(self, view: ClauseView, table: frozenset[str]) -> str | None:
        """The first of the clause's lemma candidates that is in ``table``."""
        return next((c for c in view.candidates or (view.lemma,) if c in table), None)

    def governor(self, view: ClauseView) -> DerivedKind | None:
        """The kind of governor a clause's verb is (intent, threat, ...), if any."""
        for candidate in view.candidates or (view.lemma,):
            for kind, words in self.governors.get(candidate, []):
                if all(w in view.words for w in words):
                    return kind
        return None

    def derive(self, kind: DerivedKind, code: str) -> str:
        """The code an embedded action gets under a governor (longest prefix wins)."""
        mapping = self.derived.maps.get(kind)
        if not mapping:
            return code
        for length in range(len(code), 0, -1):
            derived = mapping.get(code[:length])
            if derived:
                return derived
        return mapping["*"]

    # -- nouns ----------------------------------------------------------------
    def noun(self, lemma: str, text: str) -> NounGroup | None:
        """The event noun group of a noun (compound heads included)."""
        for candidate in (lemma.lower(), text.lower()):
            group = self.nouns.get(candidate)
            if group:
                return group
        low = lemma.lower()
        for cut in range(2, len(low) - MIN_HEAD + 1):
            group = self.nouns.get(low[cut:])
            # "Ausreise" is a derivation of ausreisen, not a kind of Reise
            if group and low[:cut] not in self.particles:
                return group
        return None

    def noun_reading(self, group: NounGroup) -> Reading:
        return _reading(group, group.code, f"noun:{group.id}", group.id)


def _reading(
    group: VerbGroup | NounGroup,
    code: str,
    rule: str,
    pattern: str,
    source: list[str] | None = None,
    target: list[str] | None = None,
    reciprocal: bool | None = None,
) -> Reading:
    """A group's reading, with a pattern's own slots where it names them."""
    return Reading(
        code=code,
        source=tuple(source or group.source),
        target=tuple(target or group.target),
        reciprocal=group.reciprocal if reciprocal is None else reciprocal,
        # a visiting verb's pattern may code something else ("Luftangriffe fliegen")
        visit=group.visit and code.startswith("04"),
        rule=rule,
        pattern=pattern,
        implicit_source=group.implicit_source,
        implicit_target=group.implicit_target,
    )


def _pattern_holds(pattern: Pattern, view: ClauseView) -> bool:
    if pattern.reflexive is not None and pattern.reflexive != view.reflexive:
        return False
    if pattern.object and not noun_matches(view.objects, pattern.object):
        return False
    if pattern.prep:
        inside = view.preps.get(pattern.prep.lower())
        if inside is None:
            return False
        if pattern.prep_object and not noun_matches(inside, pattern.prep_object):
            return False
    return not pattern.words or any(w.lower() in view.words for w in pattern.words)
