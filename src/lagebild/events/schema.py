"""Schema of verb-pattern files (``lang/<xx>/resources/verbs*.yaml``) and of
modality/attribution cue files (``lang/<xx>/resources/cues.yaml``).

Slots name where an actor is found relative to the predicate:

``subj``            nominative subject (passive: the ``von``/``durch`` agent takes
                    the source role; the coder handles voice, patterns do not)
``acc`` ``dat``     accusative / dative object
``gen``             genitive object of the verb, or genitive attribute of a noun
``pp:<prep>``       a prepositional phrase, e.g. ``pp:gegen``, ``pp:mit``, ``pp:an``
``poss``            possessive/genitive before a noun (Russlands Sanktionen)
``adj``             an actor adjective on a noun (russische Sanktionen)
``compound``        an actor as first part of a hyphen compound (US-Sanktionen)
``partner``         the other member of a coordination or ``zwischen A und B``
``any``             any other actor of the clause (a giver named only as
                    "die Unterstützung Russlands" for receive verbs)

Example::

    kind: verbs
    verbs:
      - id: verurteilen
        lemmas: [verurteilen, anprangern]
        code: "111"
        target: [acc]
      - id: belegen
        lemmas: [belegen]
        code: null                 # no event unless a pattern matches
        patterns:
          - prep: mit
            prep_object: [Sanktion, Strafmaßnahme]
            code: "163"
            target: [acc]
    nouns:
      - id: sanktion
        lemmas: [Sanktion, Strafmaßnahme]
        code: "163"
        target: [pp:gegen]
    light_verbs: [verhängen, führen, üben, erheben, aufnehmen, einleiten]
    happening_verbs: [stattfinden, erfolgen]
    governors:
      intent: [bereit erklären, zusagen, versprechen, anbieten]
      threat: [drohen]
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

_SLOT = re.compile(r"^(subj|acc|dat|gen|poss|adj|compound|partner|any|pp:[a-zäöüß]+)$")
_CODE = re.compile(r"^\d{2,4}$")

DerivedKind = Literal["intent", "threat", "demand", "appeal", "reject", "deny"]
ImplicitRole = Literal["GOV", "MIL", "COP", "JUD", "LEG", "CVL"]


def _check_slot(slot: str) -> str:
    if not _SLOT.match(slot):
        raise ValueError(f"unknown slot {slot!r}")
    return slot


def _check_code(code: str) -> str:
    if not _CODE.match(code):
        raise ValueError(f"CAMEO code must be 2-4 digits, got {code!r}")
    return code


Slot = Annotated[str, AfterValidator(_check_slot)]
Code = Annotated[str, AfterValidator(_check_code)]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Pattern(_Entry):
    """A more specific reading of a verb, chosen when its conditions hold."""

    object: list[str] = Field(default=[], description="lemmas of the accusative object")
    prep: str | None = Field(default=None, description="a PP that must be present")
    prep_object: list[str] = Field(default=[], description="lemmas inside that PP")
    words: list[str] = Field(default=[], description="any of these lemmas in the clause")
    reflexive: bool | None = Field(default=None, description="require (or forbid) 'sich'")
    code: Code | None = Field(description="CAMEO code; null blocks coding (a non-event reading)")
    source: list[Slot] | None = None
    target: list[Slot] | None = None
    reciprocal: bool | None = None


class VerbGroup(_Entry):
    id: str
    lemmas: list[str] = Field(min_length=1, description="verb lemmas; separable verbs joined")
    code: Code | None = Field(description="default code; null: only patterns code")
    source: list[Slot] = ["subj"]
    target: list[Slot] = ["acc"]
    reflexive: bool | None = None
    reciprocal: bool = Field(default=False, description="code both directions (talks, fights)")
    visit: bool = Field(default=False, description="042 visitor->host and 043 host->visitor")
    implicit_source: ImplicitRole | None = Field(
        default=None,
        description="the state organ that acts when the text names no source (agentless "
        "passive: 'wurde festgenommen' -> COP), in the article's country",
    )
    implicit_target: ImplicitRole | None = Field(
        default=None,
        description="the target when the text names none (protests -> GOV of the country)",
    )
    patterns: list[Pattern] = []
    note: str = ""


class NounGroup(_Entry):
    """An event noun: coded when the clause reports it as happening."""

    id: str
    lemmas: list[str] = Field(min_length=1)
    code: Code
    source: list[Slot] = ["poss", "gen", "pp:von", "adj", "compound"]
    target: list[Slot] = ["pp:gegen"]
    reciprocal: bool = False
    visit: bool = False
    implicit_source: ImplicitRole | None = None
    implicit_target: ImplicitRole | None = None
    note: str = ""


class VerbFile(_Entry):
    kind: Literal["verbs"]
    verbs: list[VerbGroup] = []
    nouns: list[NounGroup] = []
    light_verbs: list[str] = Field(
        default=[], description="verbs whose object noun names the event (Sanktionen verhängen)"
    )
    happening_verbs: list[str] = Field(
        default=[], description="verbs that report their subject noun as happening (stattfinden)"
    )
    governors: dict[DerivedKind, list[str]] = Field(
        default={},
        description="verbs/phrases that embed an action and change its code (drohen, anzugreifen)",
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> VerbFile:
        seen: set[str] = set()
        groups: list[VerbGroup | NounGroup] = [*self.verbs, *self.nouns]
        for group in groups:
            if group.id in seen:
                raise ValueError(f"duplicate id {group.id!r}")
            seen.add(group.id)
        return self


class CueFile(_Entry):
    """Modality and attribution cues of one language."""

    kind: Literal["cues"]
    negation: list[str] = Field(description="negation particles and determiners (nicht, kein)")
    speculative: list[str] = Field(description="hedging adverbs (möglicherweise, angeblich)")
    speculative_governors: list[str] = Field(
        description="verbs/nouns embedding a rumoured clause (spekulieren, Gerücht)"
    )
    speculative_modals: list[str] = Field(description="modals that hedge (könnte, dürfte)")
    reportative_modals: list[str] = Field(
        description="modals + perfect infinitive that report hearsay (soll ... haben)"
    )
    future_auxiliaries: list[str] = Field(description="future auxiliary (werden + infinitive)")
    future_modals: list[str] = Field(description="modals of intention (wollen, sollen + inf.)")
    future_governors: list[str] = Field(description="planen, ankündigen, beabsichtigen")
    future_adverbs: list[str] = []
    conditional_conjunctions: list[str] = Field(description="falls, wenn, sofern")
    subjunctive_auxiliaries: list[str] = Field(description="würde, hätte, wäre")
    attribution_prepositions: list[str] = Field(description="laut, zufolge, nach Angaben")
    speech_verbs: list[str] = Field(description="sagen, erklären, betonen, berichten")


class DerivedFile(_Entry):
    """How embedding governors change an action's code (language-independent).

    ``maps[kind]`` maps a CAMEO code prefix of the embedded action to the derived
    code; the longest matching prefix wins and ``"*"`` is the fallback. Example:
    intent {"07": "033", "072": "0332", "*": "030"} codes "bereit, Waffen zu
    liefern" (072) as 0332.
    """

    kind: Literal["derived"]
    maps: dict[DerivedKind, dict[str, Code]]

    @model_validator(mode="after")
    def _fallbacks(self) -> DerivedFile:
        for kind, mapping in self.maps.items():
            if "*" not in mapping:
                raise ValueError(f"derived map {kind!r} needs a '*' fallback")
        return self


class GrammarFile(_Entry):
    """Closed-class facts of a language that the clause analyser needs."""

    def irregular_forms(self) -> dict[str, str]:
        """Inflected forms of strong verbs -> infinitive, prefixed forms included."""
        forms: dict[str, str] = {}
        for infinitive, principal in self.strong_verbs.items():
            past, participle, *present = principal.split()
            for form in (past, past + "en", past + "st", past + "t", participle, *present):
                forms.setdefault(form, infinitive)
            if participle.startswith("ge"):
                # beschossen = be + schossen: inseparable prefixes drop ge-
                forms.setdefault("/" + participle[2:], infinitive)
        return forms

    @cached_property
    def time_words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self.time_nouns)

    @cached_property
    def strong_participles(self) -> frozenset[str]:
        """Participles of strong verbs, and those without ge- ("/schossen") that
        inseparable prefixes build on (beschossen)."""
        found: set[str] = set()
        for principal in self.strong_verbs.values():
            participle = principal.split()[1]
            found.add(participle)
            if participle.startswith("ge"):
                found.add("/" + participle[2:])
        return frozenset(found)

    kind: Literal["grammar"]
    separable_prefixes: list[str] = Field(description="particles joined to verbs (an, auf, zu)")
    join_particles: bool = Field(
        default=True,
        description="join a verb particle to the lemma (German zusichern); English keeps "
        "phrasal particles as words for patterns (call + on)",
    )
    contractions: dict[str, str] = Field(default={}, description="zum -> zu, im -> in")
    reflexives: list[str] = Field(default=[], description="sich")
    passive_auxiliaries: list[str] = Field(description="werden")
    perfect_auxiliaries: list[str] = Field(description="haben, sein")
    modal_verbs: list[str] = Field(description="können, sollen, wollen, müssen, dürfen")
    copulas: list[str] = Field(default=[], description="sein, bleiben")
    coordinators: list[str] = Field(description="und, sowie, oder")
    time_nouns: list[str] = Field(
        default=[], description="Montag, Abend: a preposition before them is not a name's"
    )
    correlatives: tuple[list[str], list[str]] = Field(
        default=([], []),
        description="opening and closing words of a correlative pair: "
        "[[nicht, nur], [sondern, auch]] (closing words before the last are optional)",
    )
    relative_pronouns: list[str] = Field(
        default=[], description="der, die, das, dem, den, denen, deren, dessen"
    )
    owner_prepositions: list[str] = Field(
        default=[],
        description="vor, gegen: a target phrase after them may name its actor deeper down "
        "(warnte vor der Gefahr eines Kriegs in X); not zu/mit (topics, instruments)",
    )
    happened_prepositions: list[str] = Field(
        default=[], description="bei, zu, nach: a meeting noun after them took place"
    )
    inclusion_markers: list[str] = Field(
        default=[], description="einschließlich, darunter: members named after a body"
    )
    predicative_particles: list[str] = Field(
        default=[], description="als: an actor after it names another's role"
    )
    agent_prepositions: list[str] = Field(description="von, durch: the agent of a passive")
    infinitive_markers: list[str] = Field(default=[], description="zu")
    complementizers: list[str] = Field(default=[], description="dass, ob")
    clause_boundary_tags: list[str] = Field(
        default=[], description="fine tags that open a new clause (KOUS, PRELS, PWAV)"
    )
    dateline_dashes: list[str] = Field(
        default=["–", "—", "-"], description="the dash after a dateline (Warschau – ...)"
    )
    case_articles: dict[str, str] = Field(
        default={},
        description="determiner forms that rule out the nominative, with the case they show "
        "(dem: Dat, den: Acc); the model's case decides between Acc and Dat where both fit",
    )
    verb_endings: list[str] = Field(
        default=[], description="inflection endings stripped to guess an infinitive (t, st, te)"
    )
    infinitive_endings: list[str] = Field(default=[], description="en, n")
    strong_verbs: dict[str, str] = Field(
        default={},
        description="infinitive -> 'past participle [present]' of strong and irregular verbs",
    )
    inseparable_prefixes: list[str] = Field(
        default=[], description="verb prefixes that take no ge- in the participle (be, ver)"
    )
    stem_changes: dict[str, str] = Field(
        default={}, description="stem vowel changes undone when guessing (ä: a, i: e)"
    )
