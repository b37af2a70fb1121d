"""The actor dictionary compiled into lookup tables for fast matching.

Built once per language pack from the validated ``ActorFile``. Phrases are
tokenized with the pack's own tokenizer so that they match text the way the
analyzer splits it ("Bosnien-Herzegowina", "Kim Jong-un").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from lagebild.actors.schema import ActorFile, Person
from lagebild.records import ActorCode

ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em", "n", "s")
MIN_SUFFIX = 4  # shortest compound head matched by suffix ("Rat" needs an exact match)

Tokenize = Callable[[str], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class LexEntry:
    """One way of naming an actor."""

    kind: str  # country, capital, organisation, person, demonym, vague
    entity: str  # country or organisation code ("" for vague entries)
    role: str | None
    name: str  # the dictionary entry as written, for explanations
    people: tuple[Person, ...] = ()  # persons sharing this name, with offices

    def code_at(self, when: date | None) -> ActorCode:
        """The actor code, choosing among a person's offices by date."""
        if self.people:
            person = pick_office(self.people, when)
            return ActorCode(person.country, person.role)
        return ActorCode(self.entity, self.role)


def pick_office(people: tuple[Person, ...], when: date | None) -> Person:
    """The office valid on ``when``; otherwise the most recent one."""
    if when is not None:
        for person in people:
            if (person.start is None or person.start <= when) and (
                person.end is None or when <= person.end
            ):
                return person
    return max(people, key=lambda p: (p.end or date.max, p.start or date.min))


@dataclass
class ActorLexicon:
    """Lookup tables; keys of case-insensitive tables are lower-cased."""

    phrases: dict[tuple[str, ...], list[LexEntry]] = field(default_factory=dict)
    phrases_ci: dict[tuple[str, ...], list[LexEntry]] = field(default_factory=dict)
    max_phrase: int = 1
    # phrase lengths by first word: most tokens start no phrase, one lookup says so
    first_words: dict[str, tuple[int, ...]] = field(default_factory=dict)
    first_words_ci: dict[str, tuple[int, ...]] = field(default_factory=dict)
    adjectives: dict[str, str] = field(default_factory=dict)  # inflected form -> entity
    adjectives_cased: dict[str, str] = field(default_factory=dict)  # stems written with capitals
    prefixes: dict[str, LexEntry] = field(default_factory=dict)  # compound first part
    role_nouns: dict[str, str] = field(default_factory=dict)  # noun -> role
    role_heads: dict[str, str] = field(default_factory=dict)  # compound head -> role
    class_nouns: dict[str, str] = field(default_factory=dict)  # noun -> entity (NGO)
    class_heads: dict[str, str] = field(default_factory=dict)
    bodies: dict[tuple[str, str], str | None] = field(default_factory=dict)  # (entity, noun)
    org_countries: dict[str, str] = field(default_factory=dict)  # national body -> country
    vague: set[tuple[str, ...]] = field(default_factory=set)
    vague_words: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)  # entity codes that are countries
    armed: set[str] = field(default_factory=set)  # entity codes of armed non-state groups
    pronouns: dict[str, str] = field(default_factory=dict)
    short_references: dict[tuple[str, ...], str] = field(default_factory=dict)
    former_markers: tuple[str, ...] = ()
    hyponyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Diplomat -> Botschafter
    needs_country: set[str] = field(default_factory=set)  # role nouns vague without a country

    # -- lookups -----------------------------------------------------------
    def phrase_at(self, words: list[str], start: int) -> tuple[int, list[LexEntry]] | None:
        """The longest dictionary phrase starting at ``start``: (length, entries)."""
        first = words[start]
        lengths = self.first_words.get(first, ()) + self.first_words_ci.get(first.lower(), ())
        for length in sorted(set(lengths), reverse=True):
            if start + length > len(words):
                continue
            key = tuple(words[start : start + length])
            entries = self.phrases.get(key) or self.phrases_ci.get(tuple(w.lower() for w in key))
            if entries:
                return length, entries
        return None

    def genitive_person_at(self, words: list[str], start: int) -> tuple[int, list[LexEntry]] | None:
        """A person's name in the German genitive ("Putins", "Baschar al-Assads")."""
        for length in range(min(self.max_phrase, len(words) - start), 0, -1):
            last = words[start + length - 1]
            if not (last.endswith("s") and len(last) > 3 and last[:1].isupper()):
                continue
            stripped = [*words[start : start + length - 1], last[:-1]]
            found = self.phrase_at(stripped, 0)
            if found and found[0] == length:
                people = [e for e in found[1] if e.people]
                if people:
                    return length, people
        return None

    def role_of(self, lemma: str, text: str) -> str | None:
        """The role a noun names, by exact lemma/text or by compound head."""
        return _noun_lookup(self.role_nouns, self.role_heads, lemma, text)

    def class_of(self, lemma: str, text: str) -> str | None:
        """The organisation class a common noun names (Gewerkschaft -> NGO)."""
        return _noun_lookup(self.class_nouns, self.class_heads, lemma, text)

    def adjective_entity(self, text: str) -> str | None:
        """The country of an actor adjective (russischen -> RUS), hyphen parts included.

        Stems written with capitals ("US") match only as written, so that the
        English pronoun "us" is not the United States.
        """
        entity = self.adjectives_cased.get(text)
        if entity:
            return entity
        lowered = text.lower()
        entity = self.adjectives.get(lowered)
        if entity or "-" not in lowered:
            return entity
        return self.adjectives.get(lowered.rsplit("-", 1)[-1])

    def is_vague(self, words: Iterable[str]) -> bool:
        return tuple(w.lower() for w in words) in self.vague


def _noun_lookup(exact: dict[str, str], heads: dict[str, str], lemma: str, text: str) -> str | None:
    for candidate in (lemma.lower(), text.lower()):
        found = exact.get(candidate)
        if found:
            return found
    return _by_suffix(heads, lemma.lower()) or _by_suffix(heads, text.lower())


def _by_suffix(table: dict[str, str], word: str) -> str | None:
    for cut in range(1, len(word) - MIN_SUFFIX + 1):
        found = table.get(word[cut:])
        if found:
            return found
    return None


def build_lexicon(actors: ActorFile, tokenize: Tokenize) -> ActorLexicon:
    """Compile an actor dictionary; ``tokenize`` splits phrases like the analyzer."""
    lex = ActorLexicon()
    _add_countries(lex, actors, tokenize)
    _add_organisations(lex, actors, tokenize)
    _add_people(lex, actors, tokenize)
    _add_roles(lex, actors)
    vague = LexEntry("vague", "", None, "vague")
    for phrase in actors.vague:
        words = tokenize(phrase)
        lex.vague.add(tuple(w.lower() for w in words))
        if len(words) == 1:
            lex.vague_words.add(words[0].lower())
        else:
            _add_phrase(lex, tuple(w.lower() for w in words), vague)
    lex.pronouns = {k.lower(): v for k, v in actors.pronouns.items()}
    lex.short_references = {
        tuple(w.lower() for w in tokenize(k)): v for k, v in actors.short_references.items()
    }
    lex.former_markers = tuple(m.lower() for m in actors.former_markers)
    lex.hyponyms = {
        general.lower(): tuple(n.lower() for n in specific)
        for general, specific in actors.role_hypernyms.items()
    }
    return lex


def _add_phrase(lex: ActorLexicon, words: tuple[str, ...], entry: LexEntry) -> None:
    if not words:
        return
    case_insensitive = all(w == w.lower() for w in words)
    table = lex.phrases_ci if case_insensitive else lex.phrases
    bucket = table.setdefault(words, [])
    if entry not in bucket:
        bucket.append(entry)
    lex.max_phrase = max(lex.max_phrase, len(words))
    index = lex.first_words_ci if case_insensitive else lex.first_words
    known = index.get(words[0], ())
    if len(words) not in known:
        index[words[0]] = (*known, len(words))


def _add_countries(lex: ActorLexicon, actors: ActorFile, tokenize: Tokenize) -> None:
    for country in actors.countries:
        lex.countries.add(country.code)
        entry = LexEntry("country", country.code, None, country.names[0])
        for name in [*country.names, *country.forms]:
            _add_phrase(lex, tokenize(name), entry)
            lex.prefixes.setdefault(name, entry)
        for prefix in country.prefixes:
            lex.prefixes.setdefault(prefix, entry)
        capital = LexEntry("capital", country.code, "GOV", country.names[0])
        for name in country.capitals:
            _add_phrase(lex, tokenize(name), capital)
            lex.prefixes.setdefault(name, capital)
            if " " not in name and not name.endswith(("s", "er")):
                # "das Moskauer Außenministerium", "die Pariser Staatsanwaltschaft"
                lex.adjectives_cased.setdefault(name + "er", country.code)
        demonym = LexEntry("demonym", country.code, "CVL", country.names[0])
        for name in country.demonyms:
            _add_phrase(lex, tokenize(name), demonym)
            if name.endswith("er") and " " not in name:
                # the German dative plural ("von Palästinensern", "den Syrern")
                _add_phrase(lex, tokenize(name + "n"), demonym)
        _add_adjectives(lex, country.adjectives, country.code)


def _add_organisations(lex: ActorLexicon, actors: ActorFile, tokenize: Tokenize) -> None:
    for org in actors.organisations:
        entity, role = (org.country, org.role) if org.country else (org.code, org.role)
        entry = LexEntry("organisation", entity, role, org.names[0])
        if org.armed:
            lex.armed.add(entity)
        for name in [*org.names, *org.forms]:
            _add_phrase(lex, tokenize(name), entry)
            lex.prefixes.setdefault(name, entry)
        for prefix in org.prefixes:
            lex.prefixes.setdefault(prefix, entry)
        _add_adjectives(lex, org.adjectives, entity)
        for noun, body_role in org.bodies.items():
            lex.bodies[(entity, noun.lower())] = body_role
            body = LexEntry("organisation", entity, body_role, f"{org.names[0]}: {noun}")
            for name in org.names + org.prefixes:
                _add_phrase(lex, tokenize(f"{name}-{noun}"), body)
        for noun in org.nouns:
            lex.class_nouns[noun.lower()] = entity
            lex.class_heads.setdefault(noun.lower(), entity)
        if org.country:
            lex.org_countries[org.code] = org.country


def _add_adjectives(lex: ActorLexicon, stems: list[str], entity: str) -> None:
    for stem in stems:
        for ending in ADJECTIVE_ENDINGS:
            if stem != stem.lower() and "-" not in stem:
                lex.adjectives_cased.setdefault(stem + ending, entity)
            else:
                lex.adjectives.setdefault((stem + ending).lower(), entity)


def _add_people(lex: ActorLexicon, actors: ActorFile, tokenize: Tokenize) -> None:
    by_name: dict[tuple[str, ...], list[Person]] = {}
    for person in actors.people:
        for name in [person.name, *person.aliases]:
            by_name.setdefault(tokenize(name), []).append(person)
    for words, people in by_name.items():
        first = people[0]
        entry = LexEntry("person", first.country, first.role, first.name, tuple(people))
        _add_phrase(lex, words, entry)


def _add_roles(lex: ActorLexicon, actors: ActorFile) -> None:
    for group in actors.roles:
        for noun in group.nouns:
            lex.role_nouns.setdefault(noun.lower(), group.role)
            if group.needs_country:
                lex.needs_country.add(noun.lower())
            if group.compound_heads and len(noun) >= MIN_SUFFIX:
                lex.role_heads.setdefault(noun.lower(), group.role)
