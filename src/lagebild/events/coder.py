"""The event coder: from analyzed sentences and actor mentions to events.

Per sentence: analyse clauses; for each clause find the reading of its verb
(or of an event noun it reports as happening), fill source and target from
the slots the reading names, expand coordination, and attach modality,
attribution and the evidence that explains the event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from lagebild.events.clauses import (
    Argument,
    Clause,
    SentenceAnalysis,
    analyse,
    looks_like_participle,
    preposition_of,
    visible_case,
)
from lagebild.events.modality import Attributor, Cues, ModalityResult, ModalityTagger
from lagebild.events.patterns import ClauseView, Reading, VerbLexicon
from lagebild.events.schema import DerivedKind
from lagebild.lang.resources import LanguageResources
from lagebild.records import ActorCode, ActorMention, Evidence, Modality, Sentence, Token

UNMARKED = "unmarked"
CASE_SLOTS = {"Nom": "subj", "Acc": "acc", "Dat": "dat", "Gen": "gen"}
EMBEDDING_RELATIONS = frozenset({"xcomp", "ccomp", "advcl", "csubj", "parataxis", "acl"})
NOMINAL_KINDS = frozenset({"adjective", "prefix", "location"})  # never verb arguments
CONTEXTUAL_KINDS = frozenset({"pronoun", "implicit"})
VERBAL_SLOTS_FROM_NOUN = (
    "pp:gegen",
    "pp:mit",
    "pp:an",
    "pp:auf",
    "pp:zwischen",
    "pp:gegenüber",
    "pp:in",
    "pp:nach",
    "pp:bei",
)
VIOLENT_ROOTS = ("18", "19", "20")
DASHES = frozenset({"–", "—"})
HARD_BOUNDARIES = frozenset({":", ";"}) | DASHES
TARGET_PREPOSITIONS = frozenset(
    {"gegen", "für", "an", "auf", "über", "von", "gegenüber", "against", "for", "on", "over", "of"}
)
ONE_SIDED_SLOTS = ("pp:gegen", "pp:auf", "acc", "dat", "pp:against", "pp:on")
ACCUSING_ROOTS = frozenset({"12", "13", "14", "15", "16", "17", "18", "19", "20"})
OBJECT_CONTROL = frozenset({"demand", "appeal"})
OBJECT_CONTROL_ROOTS = frozenset({"02", "10", "11"})  # appeal, demand, accuse: object acts
MEETING_ROOT = "04"
OWNER_DEPTH = 4  # attribute levels searched below an object for its owner
NOMINAL_POS = ("NOUN", "PROPN", "ADJ", "NUM")
PATTERN_MARK = "#"  # in a rule: the reading came from one of the group's patterns
UNCONVENTIONAL_VIOLENCE = "180"
IRREGULAR_FIGHTERS = frozenset({"REB", "CVL"})
SOCIETAL_ROLES = frozenset({"OPP", "PTY", "CVL", "LAB", "EDU", "REL"})
# roles whose arrival somewhere is movement, not a visit (CAMEO 042 is diplomacy)
NON_VISITORS = frozenset({"REB", "CVL", "REF", "MIL", "COP", "SPY"})


@dataclass(slots=True)
class CodedEvent:
    """An event as the coder found it, before enrichment."""

    sentence: Sentence
    source: ActorMention
    target: ActorMention
    code: str
    modality: Modality
    attribution: str | None
    rule: str
    evidence: Evidence
    anchor: int  # token index of the predicate


@dataclass
class CodingState:
    """Per-article state: the actor the article is about at this point."""

    protagonist: ActorMention | None = None
    seen: set[tuple[int, str, str, str]] = field(default_factory=set)
    country: Callable[[], str | None] = lambda: None  # the article's main country
    speaker: tuple[int, str] | None = None  # (sentence, words) of the last one quoted


Slots = dict[str, list[ActorMention]]


class EventCoder:
    """Codes events in sentences of one language."""

    def __init__(self, resources: LanguageResources) -> None:
        self.grammar = resources.grammar
        self.forms = resources.grammar.irregular_forms()
        self.verbs = VerbLexicon(
            resources.verbs, resources.derived, frozenset(resources.grammar.separable_prefixes)
        )
        cues = Cues.from_file(resources.cues)
        self.modality = ModalityTagger(cues, resources.grammar)
        self.attributor = Attributor(cues)
        self.agent_preps = frozenset(resources.grammar.agent_prepositions)
        self.complementizers = frozenset(resources.grammar.complementizers)

    def code_sentence(
        self, sentence: Sentence, mentions: list[ActorMention], state: CodingState
    ) -> list[CodedEvent]:
        if not any(m.actor.entity for m in mentions):
            return []
        run = _SentenceRun(self, sentence, mentions, state)
        events = run.code()
        subjects = [m for c in run.analysis.clauses for m in run.slots(c).get("subj", [])]
        if events:
            state.protagonist = events[0].source
        elif subjects:
            state.protagonist = subjects[0]
        return events


class _SentenceRun:
    """Coding of one sentence; holds the analysis and mention index."""

    def __init__(
        self,
        coder: EventCoder,
        sentence: Sentence,
        mentions: list[ActorMention],
        state: CodingState,
    ) -> None:
        self.coder = coder
        self.sentence = sentence
        self.tokens = sentence.tokens
        self.state = state
        self.analysis = analyse(sentence, coder.grammar, coder.forms, coder.verbs.is_verb)
        self.mention_at: dict[int, ActorMention] = {}
        self.predicative = {id(m) for m in mentions if self._predicative(m)}
        for mention in mentions:
            for i in range(mention.start_token, mention.end_token):
                self.mention_at.setdefault(i, mention)
        self._slots: dict[int, Slots] = {}
        self.events: list[CodedEvent] = []
        self.consumed: set[int] = set()

    def _predicative(self, mention: ActorMention) -> bool:
        """An actor named after a mid-clause "als" is what another actor is or
        was ("die sie als US-Außenministerin empfing"), not a participant; a
        clause-initial "als" is the temporal conjunction ("Als Russland ...")."""
        if mention.kind in ("adjective", "prefix"):
            return False
        i = mention.start_token - 1
        while i > 0 and self.tokens[i].pos in ("DET", "ADJ", "NUM"):
            i -= 1
        if i <= 0 or self.tokens[i].text.lower() not in self.coder.grammar.predicative_particles:
            return False
        before = self.tokens[i - 1]
        # "mehr als 10.000 Menschen" compares a number
        comparative = before.feat("Degree") == "Cmp" or self.tokens[i + 1].pos == "NUM"
        return before.pos != "PUNCT" and self.tokens[i].tag != "KOUS" and not comparative

    # -- driver -------------------------------------------------------------
    def code(self) -> list[CodedEvent]:
        for clause in self.analysis.clauses:
            if clause.verb in self.consumed:
                continue
            if self._code_governor(clause):
                continue
            self._code_clause(clause)
        if not any(c.finite for c in self.analysis.clauses) and not any(
            t.feat("VerbForm") == "Fin" for t in self.tokens
        ):
            # a verbless sentence (headline, teaser) states its events as nouns
            self._code_headline_nouns()
        self._code_reported_accusations()
        self._remember_speaker()
        return self.events

    def _remember_speaker(self) -> None:
        """The subject of this sentence's speech verb speaks on in Konjunktiv I."""
        speech = self.coder.modality.cues.speech_verbs
        for clause in self.analysis.clauses:
            if self.coder.verbs.known_lemma(self.view(clause), speech) is None:
                continue
            speakers = self.slots(clause).get("subj", [])
            if speakers:
                self.state.speaker = (self.sentence.i, speakers[0].text)

    def _reported_speaker(self, clause: Clause) -> str | None:
        """ "Es brauche einen neuen Ansatz": a clause in Konjunktiv I without its own
        speech verb continues the speech of the last speaker (up to two sentences on)."""
        if self.state.speaker is None or self.sentence.i - self.state.speaker[0] > 2:
            return None
        verbs = [self.tokens[i] for i in [clause.verb, *clause.auxiliaries]]
        if any(t.feat("Mood") == "Sub" and t.feat("Tense") != "Past" for t in verbs):
            return f"{self.state.speaker[1]} (reported speech)"
        return None

    def _code_reported_accusations(self) -> None:
        """ "X habe Y blockiert, sagte A": reporting a hostile act of X is A
        accusing X (GUIDELINES: code the speech act when it targets an actor)."""
        verbs = self.coder.verbs
        speech = self.coder.modality.cues.speech_verbs
        for clause in self.analysis.clauses:
            if verbs.known_lemma(self.view(clause), speech) is None:
                continue
            speakers = self.slots(clause).get("subj", [])
            if not speakers:
                continue
            if all(s.actor.role == "MED" for s in speakers):
                continue  # a news agency reporting is not accusing
            for content in self._reported_clauses(clause):
                reading = verbs.reading(self.view(content))
                if reading is None or reading.code[:2] not in ACCUSING_ROOTS or content.passive:
                    continue
                if self.coder.modality.of(content, self.analysis).modality in (
                    Modality.FUTURE,
                    Modality.HYPOTHETICAL,
                ):
                    continue  # an announcement, not an accusation
                accused = self.slots(content).get("subj", [])
                rule = Reading(
                    "112",
                    ("subj",),
                    ("acc",),
                    False,
                    False,
                    "speech:accuse",
                    f"{clause.lemma} + hostile act ({reading.rule})",
                )
                for speaker in speakers:
                    for target in accused:
                        if speaker.actor.entity != target.actor.entity:
                            self._emit(
                                rule, "112", {"subj": [speaker], "acc": [target]}, clause, clause
                            )

    def _reported_clauses(self, speech: Clause) -> list[Clause]:
        """Clauses a speech verb reports: its complements, or the clause it is
        appended to ("..., sagte er")."""
        reported = [
            c
            for c in self.analysis.subclauses(speech.verb)
            if c.relation in ("ccomp", "parataxis", "conj")
        ]
        if speech.relation == "parataxis" and speech.parent is not None:
            parent = self.analysis.clause(speech.parent)
            if parent is not None:
                reported.append(parent)
        return reported

    def _code_governor(self, clause: Clause) -> bool:
        kind = self.coder.verbs.governor(self.view(clause))
        if kind is None:
            return False
        produced = False
        for embedded in self.analysis.subclauses(clause.verb):
            if embedded.relation not in EMBEDDING_RELATIONS:
                continue
            if not (embedded.zu_infinitive or embedded.mark in self.coder.complementizers):
                continue
            if kind in OBJECT_CONTROL and self._code_appeal(clause, embedded, kind):
                produced = True
                self.consumed.add(embedded.verb)
                continue
            if self._code_clause(embedded, derived=kind, controller=clause):
                produced = True
                self.consumed.add(embedded.verb)
        return produced

    def _code_appeal(self, governor: Clause, embedded: Clause, kind: DerivedKind) -> bool:
        """ "A rief B auf, C zu versorgen": A appeals to (or demands of) B, coded
        by what B is asked to do; the asked-for act itself has not happened."""
        reading = self.coder.verbs.reading(self.view(embedded))
        addressees = self._controlled_subject(governor, kind)
        slots = self.slots(governor)
        if reading is None or not slots.get("subj") or addressees is slots.get("subj"):
            return False
        code = self.coder.verbs.derive(kind, reading.code)
        appeal = replace(
            reading,
            source=("subj",),
            target=("addressee",),
            reciprocal=False,
            visit=False,
            rule=f"{reading.rule}+{kind}",
        )
        return self._emit(
            appeal, code, {"subj": slots["subj"], "addressee": addressees}, embedded, governor
        )

    def _code_clause(
        self, clause: Clause, derived: DerivedKind | None = None, controller: Clause | None = None
    ) -> bool:
        reading = self.coder.verbs.reading(self.view(clause))
        if reading is None:
            # a verb the parse left bare ("lud[ADV] Lehrer zu einem runden Tisch") or
            # whose object it hung elsewhere ("in Syrien Senfgas eingesetzt"): the
            # words around it may choose a pattern; with arguments, only a pattern
            wider = self.coder.verbs.reading(self._window_view(clause))
            if wider is not None and (not clause.arguments or PATTERN_MARK in wider.rule):
                reading = wider
        if reading is None:
            return self._code_nominal(clause)
        self._mark_state_passive(clause, reading)
        slots = dict(self.slots(clause))
        if controller is not None and not slots.get("subj"):
            slots["subj"] = self._controlled_subject(controller, derived)
        elif not slots.get("subj") and not clause.passive:
            slots["subj"] = self._inherited_subject(clause)
        speaker = self._announcing_speech(clause) if derived is None else None
        if speaker is not None:  # "sagte, die Vereinigungen würden verboten": an announcement
            derived, controller = "intent", speaker
            if not slots.get("subj") or all(m.kind == "implicit" for m in slots["subj"]):
                slots["subj"] = self.slots(speaker).get("subj", [])
        code = reading.code
        if derived is not None:
            code = self.coder.verbs.derive(derived, code)
            # "A erklärte sich bereit, mit B zu kooperieren": only A intends
            reading = replace(reading, reciprocal=False)
        modal_clause = controller if controller is not None else clause
        if self._emit(reading, code, slots, clause, modal_clause):
            if derived is None:  # "Bei seinem Besuch in Polen kritisierte er ...": both happened
                self._code_nominal(clause, adverbial_only=True)
            return True
        if derived is None and self._code_nominal(clause):
            return True
        if reading.code.startswith(VIOLENT_ROOTS) and self._code_circumstance_nouns(clause):
            return True  # "Bei Kämpfen von A gegen B wurden 30 Menschen getötet"
        if self._has_thing_subject(clause):
            return False
        linear = self._window_slots(clause)
        if controller is not None and not linear.get("subj"):
            linear["subj"] = self._controlled_subject(controller, derived)
        elif not linear.get("subj") and not clause.passive:
            linear["subj"] = self._inherited_subject(clause)
        # the words around the verb may choose a more specific pattern than the
        # parse showed ("pledged[amod] support to Russia")
        wider = self.coder.verbs.reading(self._window_view(clause)) or reading
        if wider.code != reading.code:
            code = self.coder.verbs.derive(derived, wider.code) if derived else wider.code
        fallback = _with_rule(wider, "+linear")
        return self._emit(fallback, code, linear, clause, modal_clause)

    def _mark_state_passive(self, clause: Clause, reading: Reading) -> None:
        """ "sei das Leben von Millionen bedroht": sein with the participle of a
        verb that takes an accusative is a state passive (its perfect takes haben)."""
        grammar = self.coder.grammar
        if clause.passive or "acc" not in reading.target or not grammar.strong_participles:
            return
        verb = self.tokens[clause.verb]
        if not any(self.tokens[i].lemma.lower() in grammar.copulas for i in clause.auxiliaries):
            return
        if looks_like_participle(verb, grammar, weak=True):
            clause.passive = True
            self._slots.pop(clause.verb, None)

    # -- slots ----------------------------------------------------------------
    def slots(self, clause: Clause) -> Slots:
        """Actors of a clause by slot, in active voice.

        Slots come from the parse where it attaches actors to the predicate,
        then from case and prepositions for actors the parse left unattached;
        a clause without a subject takes its first unmarked actor as subject.
        """
        cached = self._slots.get(clause.verb)
        if cached is not None:
            return cached
        surface: Slots = {}
        placed: set[int] = set()
        for argument in clause.arguments:
            name = argument.slot
            if self._across_boundary(argument.head, clause.verb):
                continue  # "Streit zwischen Polen und Russland: Der Minister will ..."
            if clause.zu_infinitive and name == "subj":
                name = UNMARKED  # an infinitive has no overt subject: the parse erred
            elif name == "subj":
                # "Den russischen Präsidenten kritisierte ...": the article rules out a subject
                shown = visible_case(
                    self.tokens[argument.head],
                    self.tokens,
                    self.analysis.children,
                    self.coder.grammar,
                )
                name = CASE_SLOTS.get(shown, name) if shown else name
            for mention in self.mentions_for(argument.head):
                if id(mention) not in placed:
                    placed.add(id(mention))
                    surface.setdefault(self._attribute_slot(mention, argument, name), []).append(
                        mention
                    )
        for mention in self._unattached(clause, placed):
            surface.setdefault(self._marking(mention) or UNMARKED, []).append(mention)
        marked = {id(m) for found in surface.values() for m in found if self._marking(m)}
        self._split_double_subject(surface, clause)
        _repair_subject(surface, clause, marked)
        self._join_coordinated_subjects(surface)
        slots = self._with_members(self._without_predicatives(self._active(surface, clause)))
        for name, owners in self._object_owners(clause).items():
            slots[name] = owners
        slots["any"] = self._owned(clause)
        self._slots[clause.verb] = slots
        return slots

    def _split_double_subject(self, surface: Slots, clause: Clause) -> None:
        """Two subjects the parse gave one active verb, not coordinated ("Der
        Minister rief die USA auf"): the one after the finite verb is its object."""
        subjects = surface.get("subj", [])
        if clause.passive or len(subjects) < 2 or surface.get("acc"):
            return
        first = min(subjects, key=lambda m: m.start_token)
        later = [
            m
            for m in subjects
            if m is not first
            and m.start_token > clause.verb
            and not any(self._coordinated_with(o, m) for o in subjects if o is not m)
        ]
        if later and first.start_token < clause.verb:
            surface["subj"] = [m for m in subjects if m not in later]
            surface["acc"] = later

    def _join_coordinated_subjects(self, surface: Slots) -> None:
        """ "A und B telefonierten": an actor coordinated with the subject is one
        too, wherever the parse or the case guess put it."""
        subjects = surface.get("subj", [])
        if not subjects:
            return
        for name in (UNMARKED, "acc", "dat"):
            for mention in list(surface.get(name, [])):
                if any(self._coordinated_with(s, mention) for s in subjects):
                    surface[name].remove(mention)
                    subjects.append(mention)
        first = min(subjects, key=lambda m: m.start_token)
        for i in range(first.start_token - 1, max(-1, first.start_token - 6), -1):
            # "Nicht nur Russland, sondern auch China": the parse may leave the first out
            earlier = self.mention_at.get(i)
            if earlier is not None and earlier.actor.entity and earlier not in subjects:
                if self._coordinated_with(earlier, first):
                    subjects.insert(0, earlier)
                break

    def _object_owners(self, clause: Clause) -> Slots:
        """Actors an object belongs to ("lehnten russische Vorschläge ab",
        "kritisierte Putins Politik", "warnte vor der Gefahr eines Kriegs in X"):
        the target when no actor is the object, by slot (OWNER, or OWNER + pp)."""
        object_slots = ("subj", "acc") if clause.passive else ("acc", "dat")
        found: Slots = {}
        for argument in clause.arguments:
            if argument.prep in self.coder.grammar.owner_prepositions:
                name = f"{OWNER}:pp:{argument.prep}"
            elif argument.slot in object_slots:
                name = OWNER
            else:
                continue
            head = argument.head
            at = self.mention_at.get(head)
            if at is not None and at.kind not in ("prefix", "adjective"):
                continue  # the object is an actor itself
            owners = found.setdefault(name, [])
            if at is not None and at.actor.entity:
                owners.append(at)  # "US-Politik"
            owners.extend(m for m in self._owners_below(head) if m not in owners)
        return {name: owners for name, owners in found.items() if owners}

    def _owners_below(self, head: int, depth: int = OWNER_DEPTH) -> list[ActorMention]:
        """The nearest actors attached to a noun, following its attributes down
        ("den Angriff auf ein Krankenhaus in der syrischen Stadt Aleppo")."""
        found: list[ActorMention] = []
        for child in self.analysis.children[head]:
            if self.tokens[child].dep in ("acl:relcl", "acl"):
                # "die Militärübung, an der Soldaten aus Südkorea teilnehmen"
                found.extend(self._relative_clause_participants(child))
                continue
            # "Extremistenorganisationen wie dem IS": a conjunct is as deep as its head
            if self.tokens[child].dep not in (*OWNER_DEPS, "conj"):
                continue
            mention = self.mention_at.get(child)
            if mention is not None and mention.actor.entity:
                if mention.kind != "pronoun":  # "ihre Kandidaten": the subject's own
                    found.append(mention)
            elif depth > 1 and self.tokens[child].pos in ("NOUN", "PROPN"):
                found.extend(self._owners_below(child, depth - 1))
        relative = self._relative_clause_after(head) if depth == OWNER_DEPTH else None
        if relative is not None and not found:
            found.extend(self._relative_clause_participants(relative))
        return found

    def _relative_clause_after(self, noun: int) -> int | None:
        """The verb of a relative clause right after a noun that the parse did
        not attach to it (", an der ... teilnehmen")."""
        tokens = self.tokens
        i = noun + 1
        if i >= len(tokens) or tokens[i].text != ",":
            return None
        i += 1
        after_preposition = i < len(tokens) and tokens[i].pos == "ADP"
        i += after_preposition
        if i >= len(tokens) or tokens[i].text.lower() not in self.coder.grammar.relative_pronouns:
            return None
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if not after_preposition and following is not None and following.pos in NOMINAL_POS:
            return None  # ", die Geiseln zu befreien": an article, not a relative pronoun
        for clause in self.analysis.clauses:
            if i in clause.tokens and clause.verb > i:
                return clause.verb
        return None

    def _relative_clause_participants(self, verb: int) -> list[ActorMention]:
        clause = self.analysis.clause(verb)
        if clause is None:
            return []
        found: list[ActorMention] = []
        for i in sorted(clause.tokens):
            mention = self.mention_at.get(i)
            if (
                mention is not None
                and mention.actor.entity
                and mention.kind != "pronoun"
                and mention not in found
            ):
                found.append(mention)
        return found

    def _with_members(self, slots: Slots) -> Slots:
        """ "der Sicherheitsrat – einschließlich China und Russland –": the
        included actors act with the body they belong to."""
        included: dict[int, list[ActorMention]] = {}
        for found in slots.values():
            for mention in found:
                members = self._included(mention)
                if members:
                    included[id(mention)] = members
        if not included:
            return slots
        moved = {id(m) for members in included.values() for m in members}
        result: Slots = {}
        for name, found in slots.items():
            kept = [m for m in found if id(m) not in moved]
            result[name] = kept + [m for k in kept for m in included.get(id(k), [])]
        return result

    def _included(self, mention: ActorMention) -> list[ActorMention]:
        i = mention.end_token
        while i < len(self.tokens) and (
            self.tokens[i].text in DASHES or self.tokens[i].text == ","
        ):
            i += 1
        markers = self.coder.grammar.inclusion_markers
        if i >= len(self.tokens) or self.tokens[i].text.lower() not in markers:
            return []
        first = self._next_mention_after_token(i + 1)
        members: list[ActorMention] = []
        while first is not None and first not in members:
            members.append(first)
            first = self._next_coordinated(first)
        return members

    def _next_mention_after_token(self, i: int) -> ActorMention | None:
        while i < len(self.tokens) and self.tokens[i].pos in ("DET", "ADJ"):
            i += 1
        found = self.mention_at.get(i) if i < len(self.tokens) else None
        return found if found is not None and found.actor.entity else None

    def _without_predicatives(self, slots: Slots) -> Slots:
        return {
            name: [m for m in found if id(m) not in self.predicative]
            for name, found in slots.items()
        }

    def _has_thing_subject(self, clause: Clause) -> bool:
        """An active clause whose parsed subject is a noun but no actor ("Die
        Affäre belastet sie"): no actor can be its source."""
        if clause.passive:
            return False
        for argument in clause.arguments:
            head = self.tokens[argument.head]
            # a vague subject ("Westliche Regierungen werfen Russland vor") is no actor either
            actors = [m for m in self.mentions_for(argument.head) if m.actor.entity]
            at = self.mention_at.get(argument.head)
            if (
                argument.slot == "subj"
                and head.pos in ("NOUN", "PRON", "NUM", "DET")
                and not actors
                and (at is None or not at.actor.entity)
            ):
                return True
        return False

    def _window_slots(self, clause: Clause) -> Slots:
        """Slots from the verb's linear clause window, for when the parse fails.

        Actors between the clause's boundaries take their slot from a
        preposition or visible case; the rest go by order (first = subject).
        """
        start, end = self._window(clause)
        surface: Slots = {}
        previous: tuple[ActorMention, str] | None = None
        for mention in self._mentions_between(start, end):
            slot = self._marking(mention) or UNMARKED
            if previous is not None and self._coordinated_with(previous[0], mention):
                slot = previous[1]  # "durch Soldaten und Polizisten": one slot
            surface.setdefault(slot, []).append(mention)
            previous = (mention, slot)
        if clause.zu_infinitive and surface.get("subj"):
            surface.setdefault(UNMARKED, []).extend(surface.pop("subj"))
        _repair_subject(surface, clause, set())
        self._join_coordinated_subjects(surface)
        slots = self._with_members(self._without_predicatives(self._active(surface, clause)))
        slots["any"] = self._mentions_between(start, end)
        return slots

    def _next_coordinated(self, first: ActorMention) -> ActorMention | None:
        """The actor joined to ``first`` by a coordinator right after it (A und B)."""
        for i in range(first.end_token, min(first.end_token + 4, len(self.tokens))):
            mention = self.mention_at.get(i)
            if mention is not None and mention is not first and mention.actor.entity:
                if mention.kind not in NOMINAL_KINDS and self._coordinated_with(first, mention):
                    return mention
                return None
        return None

    def _coordinated_with(self, first: ActorMention, second: ActorMention) -> bool:
        """Joined by a coordinator ("A und B"), or by a comma in a list that a
        coordinator closes ("Caritas, Rotes Kreuz und Volkshilfe")."""
        between = self.tokens[first.end_token : second.start_token]
        coordinators = set(self.coder.grammar.coordinators)
        if self._correlative(first, between):
            return True
        if not between or not all(
            t.text.lower() in coordinators or t.text == "," or t.pos in ("DET", "NUM", "ADJ")
            for t in between
        ):
            return False
        if any(t.text.lower() in coordinators for t in between):
            return True
        following = self._next_mention_after(second)
        return (
            following is not None
            and any(
                t.text.lower() in coordinators
                for t in self.tokens[second.end_token : following.start_token]
            )
            and self._coordinated_with(second, following)
        )

    def _correlative(self, first: ActorMention, between: list[Token]) -> bool:
        """ "nicht nur A, (sondern) auch B": a correlative pair coordinates."""
        words = [t.text.lower() for t in between]
        before = [
            t.text.lower() for t in self.tokens[max(0, first.start_token - 3) : first.start_token]
        ]
        opening, closing = self.coder.grammar.correlatives
        return (
            bool(opening)
            and " ".join(before).endswith(" ".join(opening))
            and ([w for w in words if w not in (",", *closing[:-1])] == closing[-1:])
        )

    def _next_mention_after(self, mention: ActorMention) -> ActorMention | None:
        for i in range(mention.end_token, min(mention.end_token + 4, len(self.tokens))):
            found = self.mention_at.get(i)
            if found is not None and found is not mention and found.actor.entity:
                return found
        return None

    def _opens_clause(self, token: Token) -> bool:
        if token.pos == "SCONJ":
            return True
        relative = token.tag in self.coder.grammar.clause_boundary_tags or "Rel" in (
            token.feat("PronType") or ""
        )
        # a relative pronoun or conjunction follows a comma ("..., an der", "..., weshalb");
        # without one, a tagger's "relative" die/der is an article
        before = self.tokens[max(token.i - 2, 0) : token.i]
        return relative and any(t.text == "," for t in before)

    def _window(self, clause: Clause) -> tuple[int, int]:
        """Token range of a clause by its boundaries: subordinators, relative
        pronouns and other predicates; commas alone do not end it (appositions)."""
        tokens = self.tokens
        verbs = {c.verb for c in self.analysis.clauses if c.verb != clause.verb}
        own = {clause.verb, *clause.auxiliaries}
        start = clause.verb
        while start > 0:
            previous = tokens[start - 1]
            if previous.i in verbs and previous.i not in own:
                break
            if previous.text == "," and any(
                self.mention_at.get(i) is not None for i in range(start, clause.verb)
            ):
                break  # "..., Premier Fico fürchtet": the actor before the verb opens it
            if self._opens_clause(previous):
                break
            if self._hard_break(previous) or (
                previous.pos == "CCONJ" and (start - 2 >= 0 and tokens[start - 2].i in verbs)
            ):
                break
            start -= 1
        end = clause.verb + 1
        while end < len(tokens):
            current = tokens[end]
            if current.i in verbs and current.i not in own:
                break
            if self._opens_clause(current) or self._hard_break(current):
                break
            following = tokens[end + 1 : end + 3]
            if (
                current.text == ","
                and following
                and (
                    following[0].pos in ("VERB", "AUX")
                    or any(self._opens_clause(t) for t in following)
                )
            ):
                break
            end += 1
        return start, end

    def _mentions_between(self, start: int, end: int) -> list[ActorMention]:
        seen: dict[int, ActorMention] = {}
        for i in range(start, end):
            mention = self.mention_at.get(i)
            if (
                mention is not None
                and mention.actor.entity
                and mention.kind not in NOMINAL_KINDS
                and mention.start_token >= start
                and mention.end_token <= end
            ):
                seen.setdefault(id(mention), mention)
        found = sorted(seen.values(), key=lambda m: m.start_token)
        return [m for m in found if not self._is_noun_attribute(m)]

    def _is_noun_attribute(self, mention: ActorMention) -> bool:
        """A genitive attribute of a noun (die Unterstützung Russlands).

        Prepositional phrases are not filtered: whether "mit Pakistan" belongs
        to the verb or to a noun is what the parse most often gets wrong.
        """
        head = self.tokens[mention.head]
        governor = self.tokens[head.head]
        before = self.tokens[mention.start_token - 1] if mention.start_token > 0 else None
        if not (
            head.dep.startswith(("nmod", "det"))
            and governor.pos in ("NOUN", "PROPN")
            and governor.i != mention.head
            and self.mention_at.get(governor.i) is None
        ):
            return False
        if before is not None and before.pos == "ADP":
            # a PP after an event noun describes that event ("bei Kämpfen von
            # Armee"); after other nouns ("seit Wochen mit Pakistan") it is the
            # verb's, whatever a weak parse attached it to
            grammar = self.coder.grammar
            in_pp = preposition_of(governor, self.tokens, self.analysis.children, grammar)
            return (
                in_pp is not None
                and self.coder.verbs.noun(governor.lemma, governor.text) is not None
            )
        return self._looks_like_attribute(mention, governor)

    def _attribute_slot(self, mention: ActorMention, argument: Argument, name: str) -> str:
        """An actor found in an argument's prepositional attribute keeps its own
        preposition: "Maßnahmen gegen Parteimitglieder verschärfen" -> pp:gegen."""
        if (
            mention.head == argument.head
            or mention.start_token <= argument.head < mention.end_token
        ):
            return name
        grammar = self.coder.grammar
        own = preposition_of(
            self.tokens[mention.head], self.tokens, self.analysis.children, grammar
        )
        return f"pp:{own}" if own and own != argument.prep else name

    def _plain_list(self, a: int, b: int) -> bool:
        """Only names, nouns and list punctuation between two conjuncts: the
        parse's conj is a real list ("in Syrien, Irak und Jemen"), not a
        misattached clause ("..., weshalb der Sicherheitsrat")."""
        low, high = sorted((a, b))
        return self.tokens[a].pos in ("NOUN", "PROPN") and all(
            t.pos in ("NOUN", "PROPN", "DET", "ADJ", "NUM", "CCONJ", "ADP") or t.text == ","
            for t in self.tokens[low + 1 : high]
        )

    def _across_boundary(self, a: int, b: int) -> bool:
        low, high = sorted((a, b))
        return any(self._hard_break(t) for t in self.tokens[low + 1 : high])

    def _hard_break(self, token: Token) -> bool:
        """A colon, semicolon or lone dash; paired dashes enclose an aside
        ("der Sicherheitsrat – einschließlich China – verhängte")."""
        if token.text in DASHES:
            return sum(1 for t in self.tokens if t.text in DASHES) == 1
        return token.text in HARD_BOUNDARIES

    def _active(self, surface: Slots, clause: Clause) -> Slots:
        if not clause.passive:
            return surface
        active: Slots = {}
        for name, found in surface.items():
            if name == "subj":
                name = "acc"
            elif name.startswith("pp:") and name[3:] in self.coder.agent_preps:
                name = "subj"
            active.setdefault(name, []).extend(found)
        return active

    def _owned(self, clause: Clause) -> list[ActorMention]:
        seen: dict[int, ActorMention] = {}
        for i in clause.tokens:
            mention = self.mention_at.get(i)
            if mention is not None and mention.actor.entity and mention.kind not in NOMINAL_KINDS:
                seen.setdefault(id(mention), mention)
        return sorted(seen.values(), key=lambda m: m.start_token)

    def _unattached(self, clause: Clause, placed: set[int]) -> list[ActorMention]:
        """Actors of the clause that the parse did not attach to the predicate.

        Attributes of nouns (die Unterstützung Russlands) are left out: they
        belong to the noun, not to the verb.
        """
        found = []
        for mention in self._owned(clause):
            if id(mention) in placed or self._across_boundary(mention.head, clause.verb):
                continue
            head = self.tokens[mention.head]
            while head.dep == "conj" and head.head != head.i:
                head = self.tokens[head.head]  # a conjunct is attached like the first one
            governor = self.tokens[head.head]
            if (
                head.dep.startswith(("nmod", "det", "amod"))
                and governor.pos in ("NOUN", "PROPN")
                and self._looks_like_attribute(mention, governor)
            ):
                continue
            found.append(mention)
        return found

    def _looks_like_attribute(self, mention: ActorMention, governor: Token) -> bool:
        """Whether the words allow the parse's reading of an actor as a noun's attribute.

        German marks an attribute: a preposition, a genitive article, or the
        genitive -s of a name ("Russlands Unterstützung"). A bare "Russland"
        before a noun is no possessor, whatever a weak parse says.
        """
        tokens = self.tokens
        last = tokens[mention.end_token - 1].text
        if last.endswith(("s", "'", "x", "z", "ß")):
            return True
        before = tokens[mention.start_token - 1] if mention.start_token > 0 else None
        if before is not None and (
            before.pos == "ADP"
            or before.text.lower() in self.coder.grammar.case_articles
            or before.feat("Case") == "Gen"
        ):
            return True
        return mention.start_token > governor.i and mention.kind not in ("country", "person")

    def _marking(self, mention: ActorMention) -> str | None:
        """Slot from preposition or reliable case marking, else None."""
        head = self.tokens[mention.head]
        while (
            head.dep in MARKED_LIKE_HEAD
            and head.head != head.i
            and not self._across_boundary(head.i, head.head)
        ):
            # "gegen die Arbeiterpartei Kurdistans (PKK)", "in Syrien und Burundi":
            # an apposition or conjunct is marked like its head
            if head.dep == "conj" and not self._plain_list(head.head, head.i):
                break
            if head.dep == "appos" and head.head not in self.mention_at:
                break  # "am Montag Serbien": the parse's apposition to a non-actor
            head = self.tokens[head.head]
        prep = preposition_of(head, self.tokens, self.analysis.children, self.coder.grammar)
        if prep is None and mention.start_token > 0:
            before = self.tokens[mention.start_token - 1]
            if before.pos == "ADP":
                prep = self.coder.grammar.contractions.get(
                    before.text.lower(), before.lemma.lower()
                )
        if prep:
            return f"pp:{prep}"
        case = visible_case(head, self.tokens, self.analysis.children, self.coder.grammar)
        return CASE_SLOTS.get(case) if case else None

    def mentions_for(self, head: int) -> list[ActorMention]:
        """Actors heading the phrase at ``head``, with coordinated ones."""
        found: list[ActorMention] = []
        for i in self._coordinated(head):
            mention = self._actor_at(i)
            if mention is not None and mention not in found:
                found.append(mention)
        return found or self._relative_clause_actors(head)

    def _coordinated(self, head: int) -> Iterator[int]:
        """``head`` and the heads coordinated with it (conj of any token of its actor)."""
        yield head
        seen = {head}
        stack = [head]
        while stack:
            current = stack.pop()
            mention = self.mention_at.get(current)
            span = range(mention.start_token, mention.end_token) if mention else [current]
            for member in span:
                for child in self.analysis.children[member]:
                    token = self.tokens[child]
                    if token.dep == "conj" and token.pos != "VERB" and child not in seen:
                        seen.add(child)
                        yield child
                        stack.append(child)

    def _actor_at(self, i: int) -> ActorMention | None:
        token = self.tokens[i]
        if "Rel" in (token.feat("PronType") or "") and token.dep != "det":
            return self._relative_antecedent(i)
        mention = self.mention_at.get(i)
        if mention is not None and mention.kind not in NOMINAL_KINDS and mention.actor.entity:
            return mention
        # a vague or unknown head with an apposition naming an actor ("viele
        # Länder, vor allem die Vereinigten Staaten"), or a prepositional object
        # whose genitive names one ("gegen die Politik der Regierung")
        in_pp = preposition_of(token, self.tokens, self.analysis.children, self.coder.grammar)
        for child in self.analysis.children[i]:
            dep = self.tokens[child].dep
            if dep in ("appos", "nmod", "flat", "flat:name", "nmod:poss"):
                inner = self.mention_at.get(child)
                if inner is None or not inner.actor.entity or inner.kind in NOMINAL_KINDS:
                    continue
                inner_prep = preposition_of(
                    self.tokens[child], self.tokens, self.analysis.children, self.coder.grammar
                )
                # "Maßnahmen gegen Parteimitglieder", "Reformen von Bosnien"
                attribute = inner_prep is None or inner_prep in TARGET_PREPOSITIONS | {"durch"}
                is_object = token.dep in ("obj", "iobj") or in_pp in TARGET_PREPOSITIONS
                if mention is not None or dep == "appos" or (is_object and attribute):
                    return inner
        return None

    def _relative_clause_actors(self, noun: int) -> list[ActorMention]:
        """The actors of a relative clause right after an object noun: "kritisierte
        die Übung, an der Soldaten aus Südkorea und aus den USA teilnehmen"."""
        if self.tokens[noun].dep not in ("obj", "iobj"):
            return []
        following = self.tokens[noun + 1 : noun + 2]
        if not following or following[0].text != ",":
            return []
        for clause in self.analysis.clauses:
            start, end = self._window(clause)
            if noun + 1 < start <= noun + 4 and clause.verb > noun:
                return self._mentions_between(start, end)
        return []

    def _relative_antecedent(self, i: int) -> ActorMention | None:
        clause_head = self.analysis.clause_of[i]
        if clause_head is None:
            return None
        noun = self.tokens[clause_head].head
        if noun == clause_head:
            return None
        mention = self.mention_at.get(noun)
        if mention is not None and mention.actor.entity and mention.kind not in NOMINAL_KINDS:
            return mention
        return None

    def _after_coordinator(self, clause: Clause) -> bool:
        """The verb opens its clause right after "und"/"oder" (an adverb may stand between)."""
        coordinators = set(self.coder.grammar.coordinators)
        for token in reversed(self.tokens[: clause.verb]):
            if token.text.lower() in coordinators:
                return True
            if token.pos not in ("ADV", "PART"):
                return False
        return False

    def _announcing_speech(self, clause: Clause) -> Clause | None:
        """The speech clause that announces ``clause`` as future ("sagte, X werde/würde ...")."""
        if clause.parent is None:
            return None
        parent = self.analysis.clause(clause.parent)
        speech = self.coder.modality.cues.speech_verbs
        if parent is None or self.coder.verbs.known_lemma(self.view(parent), speech) is None:
            return None
        modality = self.coder.modality.of(clause, self.analysis).modality
        if modality not in (Modality.FUTURE, Modality.HYPOTHETICAL):
            return None
        return parent if self.slots(parent).get("subj") else None

    def _inherited_subject(self, clause: Clause) -> list[ActorMention]:
        """The subject a clause shares with the clause it depends on: the first
        of coordinated verbs ("demonstrieren und fordern"), or the controller
        of an infinitive ("arbeitet zusammen, Reformen zu fordern")."""
        if clause.relation == "conj" or self._after_coordinator(clause):
            # "demonstrieren ... und fordern": the verb before the "und" shares
            # its subject, whichever verb the parse made the head
            previous = [c for c in self.analysis.clauses if c.verb < clause.verb and not c.passive]
            for candidate in sorted(previous, key=lambda c: -c.verb)[:1]:
                found = self.slots(candidate).get("subj", [])
                if found:
                    return found
        if clause.parent is None or not (clause.relation == "conj" or clause.zu_infinitive):
            return []
        parent = self.analysis.clause(clause.parent)
        if parent is None or parent.passive:
            return []
        slots = self.slots(parent)
        reading = self.coder.verbs.reading(self.view(parent))
        if (
            clause.zu_infinitive
            and reading is not None
            and reading.code[:2] in OBJECT_CONTROL_ROOTS
        ):
            # "warf Warschau vor, die Kontakte einzufrieren": the accused does it
            for name in ("dat", "acc"):
                if slots.get(name):
                    return slots[name]
        return slots.get("subj", [])

    def _controlled_subject(
        self, controller: Clause, kind: DerivedKind | None
    ) -> list[ActorMention]:
        slots = self.slots(controller)
        if kind in OBJECT_CONTROL:
            for name in ("acc", "dat"):
                if slots.get(name):
                    return slots[name]
        return slots.get("subj", [])

    # -- clause views ----------------------------------------------------------
    def view(self, clause: Clause) -> ClauseView:
        objects: list[str] = []
        preps: dict[str, list[str]] = {}
        for argument in clause.arguments:
            slot = argument.slot
            if clause.passive and slot == "subj":
                slot = "acc"
            lemmas = [self.tokens[i].lemma for i in self._coordinated(argument.head)]
            if slot in ("acc", "dat") or (clause.zu_infinitive and slot == "subj"):
                objects.extend(lemmas)
            elif argument.prep:
                preps.setdefault(argument.prep, []).extend(lemmas)
        objects.extend(self._loose_nouns(clause, objects))
        words = {self.tokens[i].lemma.lower() for i in clause.tokens}
        words |= {self.tokens[i].text.lower() for i in clause.tokens}
        # "X sei bereit, ... zu helfen": the copula governs with its predicate
        copulas = tuple(
            self.tokens[i].lemma.lower() for i in clause.auxiliaries if self.tokens[i].dep == "cop"
        )
        return ClauseView(
            lemma=clause.lemma,
            candidates=(*clause.candidates, *copulas) if copulas else clause.candidates,
            objects=tuple(objects),
            preps={k: tuple(v) for k, v in preps.items()},
            words=frozenset(words),
            reflexive=clause.reflexive,
        )

    def _window_view(self, clause: Clause) -> ClauseView:
        view = self.view(clause)
        start, end = self._window(clause)
        nouns: list[str] = []
        preps = {k: list(v) for k, v in view.preps.items()}
        for token in self.tokens[start:end]:
            if token.pos not in ("NOUN", "PROPN"):
                continue
            prep = preposition_of(token, self.tokens, self.analysis.children, self.coder.grammar)
            if prep:
                preps.setdefault(prep, []).append(token.lemma)
            elif token.pos == "NOUN" or token.i not in self.mention_at:
                nouns.append(token.lemma)  # a PROPN that names no actor is a mistagged noun
        words = view.words | {t.lemma.lower() for t in self.tokens[start:end]}
        return replace(
            view,
            objects=view.objects + tuple(nouns),
            preps={k: tuple(v) for k, v in preps.items()},
            words=frozenset(words),
        )

    def _loose_nouns(self, clause: Clause, known: list[str]) -> list[str]:
        """Nouns of the clause outside PPs and subjects: objects the parse mislabelled."""
        loose = []
        for i in clause.tokens:
            token = self.tokens[i]
            if token.pos != "NOUN" or token.lemma in known or token.dep.startswith("nsubj"):
                continue
            if preposition_of(token, self.tokens, self.analysis.children, self.coder.grammar):
                continue
            loose.append(token.lemma)
        return loose

    # -- nominal events ---------------------------------------------------------
    def _code_nominal(self, clause: Clause, adverbial_only: bool = False) -> bool:
        """Event nouns the clause reports as happening; ``adverbial_only``: just
        the visits, meetings and fights it is set in ("beim Treffen mit ...")."""
        verbs = self.coder.verbs
        produced = False
        view = self.view(clause)
        is_light = not adverbial_only and verbs.known_lemma(view, verbs.light_verbs) is not None
        is_happening = (
            not adverbial_only and verbs.known_lemma(view, verbs.happening_verbs) is not None
        )
        for argument in clause.arguments:
            slot = argument.slot
            if clause.passive and slot == "subj":
                slot = "acc"
            token = self.tokens[argument.head]
            group = verbs.noun(token.lemma, token.text)
            if group is None:
                continue
            light = is_light and slot in ("acc", "dat")
            # "Die Gespräche fanden statt", "es kam zu Streit zwischen A und B"
            happening = is_happening and (slot in ("subj", "acc") or argument.prep == "zu")
            # "beim Treffen", "zu Besuch", "nach dem Treffen": it took place
            adverbial = (
                argument.prep in self.coder.grammar.happened_prepositions
                and (group.visit or group.code.startswith(MEETING_ROOT))
            ) or (argument.prep == "bei" and group.code.startswith(VIOLENT_ROOTS))
            if not (light or happening or adverbial):
                continue
            produced |= self._code_noun(
                argument.head, clause, verbs.noun_reading(group), borrow=light or happening
            )
        if adverbial_only:
            return produced
        if (is_happening or is_light) and not produced:
            produced |= self._code_window_event_noun(clause)
        if clause.copula and not produced:
            produced |= self._code_window_visit(clause)
        head = self.tokens[clause.verb]
        if clause.copula and head.pos == "NOUN":
            group = verbs.noun(head.lemma, head.text)
            if group is not None and (group.visit or group.code.startswith(MEETING_ROOT)):
                produced |= self._code_noun(clause.verb, clause, verbs.noun_reading(group))
        return produced

    def _code_noun(
        self, noun: int, clause: Clause, group_reading: Reading, borrow: bool = True
    ) -> bool:
        """Code an event noun. ``borrow``: the clause's phrases may name its
        participants (the noun is what the clause reports: "Sanktionen gegen X
        verhängen"); an adverbial noun ("Beim Treffen ...") keeps to its own."""
        slots = self._noun_slots(noun)
        clause_slots = self.slots(clause)
        wide = borrow and clause.lemma and (not clause.copula or group_reading.visit)
        window_slots = self._window_slots(clause) if wide else {}
        for name in VERBAL_SLOTS_FROM_NOUN if borrow else ():
            # the clause's own phrases, else those around it (a PP the parse
            # hung elsewhere: "Strafmaßnahmen gegen die DVRK verhängte")
            found = clause_slots.get(name) or window_slots.get(name)
            if found and name not in slots:
                slots[name] = found
        self._split_between(slots)
        if "partner" in slots:  # zwischen A und B: A is the source, B the partner
            group_reading = _with_source(group_reading, "subj")
        elif not any(slots.get(s) for s in group_reading.source):
            fallback = (
                self._nearest_subject(noun)
                or clause_slots.get("subj")
                or self._window_slots(clause).get("subj")
                or ([] if group_reading.implicit_source else self._protagonist())
            )
            if fallback:
                slots["subj"] = fallback
                group_reading = _with_source(group_reading, "subj")
        return self._emit(group_reading, group_reading.code, slots, clause, clause, anchor=noun)

    def _code_circumstance_nouns(self, clause: Clause) -> bool:
        """Violent event nouns in a bei-phrase, wherever the parse put it: the
        casualties of a clause happened in that fight."""
        verbs = self.coder.verbs
        produced = False
        for token in self.tokens:
            prep = preposition_of(token, self.tokens, self.analysis.children, self.coder.grammar)
            if prep != "bei" and not (
                token.i > 0 and self.tokens[token.i - 1].lemma.lower() == "bei"
            ):
                continue
            group = verbs.noun(token.lemma, token.text)
            if group is not None and group.code.startswith(VIOLENT_ROOTS):
                produced |= self._code_noun(token.i, clause, verbs.noun_reading(group))
        return produced

    def _code_window_visit(self, clause: Clause) -> bool:
        """ "X ist in Y zu Besuch": a visit noun in a zu-phrase of a copula clause."""
        start, end = self._window(clause)
        verbs = self.coder.verbs
        for i in range(start, end):
            token = self.tokens[i]
            grammar = self.coder.grammar
            if preposition_of(token, self.tokens, self.analysis.children, grammar) != "zu":
                continue
            group = verbs.noun(token.lemma, token.text)
            if group is not None and group.visit:
                return self._code_noun(i, clause, verbs.noun_reading(group))
        return False

    def _code_window_event_noun(self, clause: Clause) -> bool:
        """An event noun of a light or happening verb that the parse did not
        attach to it ("Das Treffen ... fand statt", "ein Prüfverfahren gegen
        Polen eröffnet"): the nearest event noun in the clause without its own
        preposition."""
        start, end = self._window(clause)
        verbs = self.coder.verbs
        for i in sorted(range(start, end), key=lambda j: abs(j - clause.verb)):
            if i == clause.verb:
                continue
            token = self.tokens[i]
            if token.pos != "NOUN" or preposition_of(
                token, self.tokens, self.analysis.children, self.coder.grammar
            ):
                continue
            group = verbs.noun(token.lemma, token.text)
            if group is not None:
                return self._code_noun(i, clause, verbs.noun_reading(group))
        return False

    def _nearest_subject(self, noun: int) -> list[ActorMention]:
        """The subject of the finite clause whose words surround an adverbial
        event noun ("Zu Besuch in Sarajevo stellte Kurz klar")."""
        for clause in sorted(self.analysis.clauses, key=lambda c: abs(c.verb - noun)):
            if not clause.finite:
                continue
            start, end = self._window(clause)
            if start <= noun < end:
                return self._window_slots(clause).get("subj", [])
        return []

    def _noun_slots(self, noun: int) -> Slots:
        """Actors attached to an event noun, by slot; each actor fills one slot only."""
        slots: Slots = {}
        own = self.mention_at.get(noun)
        if own is not None and own.kind == "prefix":
            slots["compound"] = [own]
        placed: set[int] = set()
        grammar = self.coder.grammar
        children = self.analysis.children[noun]
        preps = {
            c: preposition_of(self.tokens[c], self.tokens, self.analysis.children, grammar)
            for c in children
        }
        for child in sorted(children, key=lambda c: preps[c] is None):
            found = [m for m in self.mentions_for(child) if id(m) not in placed]
            if not found:
                mention = self.mention_at.get(child)
                if mention is not None and mention.kind == "adjective":
                    slots.setdefault("adj", []).append(mention)
                continue
            placed.update(id(m) for m in found)
            name = f"pp:{preps[child]}" if preps[child] else "poss" if child < noun else "gen"
            slots.setdefault(name, []).extend(found)
        self._split_between(slots)
        return slots

    def _split_between(self, slots: Slots) -> None:
        """ "zwischen A und B": A is the source, B the partner."""
        between = slots.get("pp:zwischen")
        if not between or "partner" in slots:
            return
        if len(between) == 1:  # "zwischen A und B" with B parsed elsewhere
            following = self._next_coordinated(between[0])
            if following is not None:
                between = [*between, following]
        if len(between) >= 2:
            slots["pp:zwischen"] = between
            slots["subj"], slots["partner"] = [between[0]], between[1:]

    def _protagonist(self) -> list[ActorMention]:
        return [self.state.protagonist] if self.state.protagonist is not None else []

    def _code_headline_nouns(self) -> None:
        for token in self.tokens:
            group = self.coder.verbs.noun(token.lemma, token.text)
            if group is None or token.pos not in ("NOUN", "PROPN"):
                continue
            pseudo = Clause(
                verb=token.i,
                lemma="",
                relation="root",
                parent=None,
                tokens=list(range(len(self.tokens))),
            )
            self._code_noun(token.i, pseudo, self.coder.verbs.noun_reading(group))

    # -- emitting ----------------------------------------------------------------
    def _emit(
        self,
        reading: Reading,
        code: str,
        slots: Slots,
        clause: Clause,
        modal_clause: Clause,
        anchor: int | None = None,
    ) -> bool:
        named_targets = _targets(slots, reading.target)
        sources = _first_filled(slots, reading.source, exclude=named_targets)
        targets = [m for m in named_targets if m not in sources]
        anchor_token = clause.verb if anchor is None else anchor
        # a reading whose source is not the subject ("X muss sich verantworten")
        # leaves it unnamed, as a passive does
        agentless = anchor is not None or clause.passive or "subj" not in reading.source
        if not sources and reading.implicit_source and agentless and targets:
            sources = self._implicit(reading.implicit_source, anchor_token, None)
        if (
            sources
            and not targets
            and reading.implicit_target
            and (
                # society's grievances go to the state, not the state's to itself
                reading.implicit_target != "GOV" or sources[0].actor.role != "GOV"
            )
        ):
            targets = self._implicit(reading.implicit_target, anchor_token, sources[0])
        if sources and not targets and _addresses_the_state(reading, code, sources[0]):
            # "Die Opposition forderte Neuwahlen": a domestic demand goes to the government
            targets = self._implicit("GOV", anchor_token, sources[0])
        if not sources:
            return False
        if not targets and reading.reciprocal and len(sources) >= 2 and "subj" in reading.source:
            sources, targets = sources[:1], sources[1:]  # "A und B verhandeln"
        if not targets:
            return False
        modality = self.coder.modality.of(modal_clause, self.analysis)
        attribution = self.coder.attributor.of(
            modal_clause, self.analysis
        ) or self._reported_speaker(modal_clause)
        host = self._host(clause, sources + targets) if not reading.visit else None
        # "Kämpfe gegen X" is one-sided; "mit X", "zwischen A und B" are mutual
        mutual = not any(t in slots.get(name, []) for name in ONE_SIDED_SLOTS for t in targets)
        for source in sources:
            for target in targets:
                if _same_actor(source, target):
                    continue
                for s, t, c, rule in self._directions(reading, code, source, target, host, mutual):
                    self._add(s, t, c, rule, reading, modality, attribution, anchor_token)
        return True

    def _directions(
        self,
        reading: Reading,
        code: str,
        source: ActorMention,
        target: ActorMention,
        host: str | None,
        mutual: bool = True,
    ) -> list[tuple[ActorMention, ActorMention, str, str]]:
        if reading.visit:
            if source.actor.role in NON_VISITORS:
                return []  # "IS-Kämpfer trafen in Syrien ein" is no visit
            return [(source, target, "042", reading.rule), (target, source, "043", reading.rule)]
        if code.startswith(MEETING_ROOT) and host is not None:
            visitor, hosting = (source, target) if target.actor.entity == host else (target, source)
            if hosting.actor.entity == host and visitor.actor.entity != host:
                rule = f"{reading.rule}+location"
                return [(visitor, hosting, "042", rule), (hosting, visitor, "043", rule)]
        if reading.reciprocal and mutual:
            return [(source, target, code, reading.rule), (target, source, code, reading.rule)]
        if _irregular_violence(code, source, target):
            # militants or individuals attacking civilians: CAMEO 18, not military force
            return [(source, target, UNCONVENTIONAL_VIOLENCE, f"{reading.rule}+irregular")]
        return [(source, target, code, reading.rule)]

    def _implicit(self, role: str, anchor: int, partner: ActorMention | None) -> list[ActorMention]:
        """The implied agent or target: a state organ of the article's country.

        "wurde festgenommen" names no police, yet the police of the country the
        article is about made the arrest; a protest with no named target is
        against the government of the protesters' country.
        """
        # an organisation has no government: take the article's country
        known = partner is not None and partner.kind != "organisation"
        country = partner.actor.entity if known and partner is not None else None
        if country is None or len(country) != 3:
            country = self.state.country()
        if country is None:
            return []
        token = self.tokens[anchor]
        return [
            ActorMention(
                sentence=self.sentence.i,
                start_token=anchor,
                end_token=anchor + 1,
                text=f"(implied {role} of {country})",
                actor=ActorCode(country, role),
                kind="implicit",
                head=anchor,
                entry=f"implicit {role}",
                resolved_from=f"implied by '{token.text}' in the article about {country}",
            )
        ]

    def _host(self, clause: Clause, participants: list[ActorMention]) -> str | None:
        """A meeting's location that is one participant's country (in Nordkorea)."""
        entities = {m.actor.entity for m in participants}
        for argument in clause.arguments:
            if argument.prep != "in":
                continue
            mention = self.mention_at.get(argument.head)
            if mention is not None and mention.actor.entity in entities:
                return mention.actor.entity
        return None

    def _add(
        self,
        source: ActorMention,
        target: ActorMention,
        code: str,
        rule: str,
        reading: Reading,
        modality: ModalityResult,
        attribution: str | None,
        anchor: int,
    ) -> None:
        key = (self.sentence.i, _identity(source), _identity(target), code)
        if key in self.state.seen:
            return
        self.state.seen.add(key)
        verb = self.tokens[anchor]
        self.events.append(
            CodedEvent(
                sentence=self.sentence,
                source=source,
                target=target,
                code=code,
                modality=modality.modality,
                attribution=attribution,
                rule=rule,
                evidence=Evidence(
                    rule=rule,
                    pattern=reading.pattern,
                    verb=_verb_text(self.tokens, anchor, self.analysis),
                    source_tokens=source.text,
                    target_tokens=target.text,
                    cues=list(modality.cues),
                ),
                anchor=verb.idx,
            )
        )


def _first_filled(
    slots: Slots, names: tuple[str, ...], exclude: list[ActorMention] | None = None
) -> list[ActorMention]:
    """Actors of the first slot in ``names`` that has any (``any`` minus ``exclude``)."""
    for name in names:
        found = slots.get(name) or []
        if name == "any" and exclude:
            found = [m for m in found if m not in exclude]
        if found:
            return found
    return []


def _targets(slots: Slots, names: tuple[str, ...]) -> list[ActorMention]:
    """Actors of the first filled target slot; the other object case as fallback.

    Case is the least reliable annotation of a small German model; a verb
    seldom has two actor objects, so an accusative actor may stand in for an
    expected dative one and vice versa (and an actor whose case is unknown).
    """
    found = _first_filled(slots, (*names, "partner"))
    if found:
        return found
    objects = {"acc", "dat"} & set(names)
    if objects:
        found = _first_filled(slots, ("acc", "dat", UNMARKED, OWNER))
    # "warnte vor der Gefahr eines Kriegs in X": the actor inside a target phrase
    owned = tuple(f"{OWNER}:{name}" for name in names if name.startswith("pp:"))
    return found or _first_filled(slots, owned)


OWNER = "owner"  # the actor an object belongs to
OWNER_DEPS = ("nmod", "nmod:poss", "det:poss", "amod", "det")
MARKED_LIKE_HEAD = ("appos", "flat", "flat:name", "conj")


def _repair_subject(surface: Slots, clause: Clause, marked: set[int]) -> None:
    """Without a subject, the first unmarked or object actor is the subject.

    Only when the clause has at least two such actors, or its only one
    precedes the predicate (German puts the subject first in most clauses),
    and that actor's case is not visibly accusative or dative. An infinitive
    clause keeps its subject implicit (its controller).
    """
    unmarked = surface.pop(UNMARKED, [])
    _prefer_prefield_subject(surface, unmarked, clause)
    if clause.reflexive and not surface.get("subj") and len(unmarked + surface.get("acc", [])) == 1:
        # "versammelten sich 10.000 Menschen": a reflexive verb's object is "sich"
        only = (unmarked + surface.get("acc", []))[0]
        surface["subj"] = [only]
        unmarked = [m for m in unmarked if m is not only]
        surface["acc"] = [m for m in surface.get("acc", []) if m is not only]
    if not surface.get("subj") and not clause.zu_infinitive:
        candidates = sorted(unmarked + surface.get("acc", []), key=lambda m: m.start_token)
        if candidates:
            first = candidates[0]
            if id(first) not in marked and (
                len(candidates) >= 2 or first.start_token < clause.verb
            ):
                surface["subj"] = [first]
                if first in unmarked:
                    unmarked.remove(first)
                else:
                    surface["acc"].remove(first)
    if unmarked:
        surface.setdefault("acc", []).extend(unmarked)


def _prefer_prefield_subject(surface: Slots, unmarked: list[ActorMention], clause: Clause) -> None:
    """In a verb-second clause an unattached actor before the verb beats a
    parsed subject after it ("Kim Jong Un sichert Russland Unterstützung zu")."""
    subjects = surface.get("subj")
    if not subjects or clause.mark or clause.zu_infinitive or not clause.finite:
        return
    first_verb = min([clause.verb, *clause.auxiliaries])
    before = [m for m in unmarked if m.end_token <= first_verb]
    if before and all(m.start_token > first_verb for m in subjects):
        surface["acc"] = subjects + surface.get("acc", [])
        surface["subj"] = [before[0]]
        unmarked.remove(before[0])


def _identity(mention: ActorMention) -> str:
    """What makes two mentions one actor for deduplication: the code, and for
    people the person ("5.000 Eltern und Lehrer" are one HUNCVL; Rubio and
    Trump are two)."""
    if mention.kind in ("person", "pronoun"):
        return f"{mention.actor.code}:{mention.resolved_from or mention.text}"
    return mention.actor.code


def _same_actor(source: ActorMention, target: ActorMention) -> bool:
    """One actor on both sides: the same words, the same antecedent, or an
    implied actor with the other side's code."""
    first, second = sorted((source, target), key=lambda m: m.start_token)
    if (
        source.actor.entity == target.actor.entity
        and source.sentence == target.sentence
        and second.start_token == first.end_token
        and "implicit" not in (source.kind, target.kind)
    ):
        return True  # "UNO-Generalsekretär Ban Ki-moon": one actor named twice
    if source.actor.code != target.actor.code:
        return False
    if source.text == target.text:
        return True
    if "implicit" in (source.kind, target.kind) or source.actor.role is None:
        return True  # two names of one country or organisation: PKK (Arbeiterpartei Kurdistans)
    antecedents = {source.resolved_from or source.text, target.resolved_from or target.text}
    return len(antecedents) == 1


def _irregular_violence(code: str, source: ActorMention, target: ActorMention) -> bool:
    return (
        code.startswith("19")
        and target.actor.role == "CVL"
        and source.actor.role in IRREGULAR_FIGHTERS
    )


def _addresses_the_state(reading: Reading, code: str, source: ActorMention) -> bool:
    """Demands, criticism, rejection, threats and protest of society's actors
    with no named addressee are addressed to their government."""
    if reading.implicit_target is not None or source.kind == "implicit":
        return False
    lobby = source.actor.entity == "NGO" or source.actor.role == "LAB"
    if code[:2] in ("10", "14"):  # demands and protest
        return lobby or source.actor.role in SOCIETAL_ROLES
    # criticism and threats of parties and people have many addressees; those
    # of unions and NGOs are mostly the government's policy
    return lobby and code[:2] in ("11", "12", "13")


def _with_rule(reading: Reading, suffix: str) -> Reading:
    return replace(reading, rule=reading.rule + suffix)


def _with_source(reading: Reading, slot: str) -> Reading:
    return replace(reading, source=(slot,), rule=f"{reading.rule}+context-source")


def _verb_text(tokens: list[Token], anchor: int, analysis: SentenceAnalysis) -> str:
    clause = analysis.clause(anchor)
    if clause is None:
        return tokens[anchor].text
    parts = sorted([anchor, *clause.auxiliaries, *([clause.particle] if clause.particle else [])])
    return " ... ".join(tokens[i].text for i in parts)
