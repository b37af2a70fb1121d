"""Modality and attribution of a clause, from the cue lists of a language.

Modality follows GUIDELINES.md: negated, hypothetical, speculative, future,
else asserted. Cues are looked for in the clause itself and in the clauses
that govern it ("es wird spekuliert, dass ...", "falls ..., würde ...").
"""

from __future__ import annotations

from dataclasses import dataclass

from lagebild.events.clauses import Clause, SentenceAnalysis
from lagebild.events.schema import CueFile, GrammarFile
from lagebild.records import Modality, Token

_NOT_NEGATING_AFTER = frozenset({"nur", "zuletzt", "mehr", "umsonst", "zufällig", "only"})


@dataclass(frozen=True)
class Cues:
    """The cue lists of ``CueFile``, lower-cased into sets (same field names)."""

    negation: frozenset[str]
    speculative: frozenset[str]
    speculative_governors: frozenset[str]
    speculative_modals: frozenset[str]
    reportative_modals: frozenset[str]
    future_auxiliaries: frozenset[str]
    future_modals: frozenset[str]
    future_governors: frozenset[str]
    future_adverbs: frozenset[str]
    conditional_conjunctions: frozenset[str]
    subjunctive_auxiliaries: frozenset[str]
    attribution_prepositions: frozenset[str]
    speech_verbs: frozenset[str]

    @classmethod
    def from_file(cls, cues: CueFile) -> Cues:
        lists = {name: value for name, value in cues if isinstance(value, list)}
        return cls(**{name: frozenset(i.lower() for i in lists[name]) for name in _CUE_FIELDS})


_CUE_FIELDS = tuple(Cues.__dataclass_fields__)


@dataclass(frozen=True)
class ModalityResult:
    modality: Modality
    cues: tuple[str, ...]


class ModalityTagger:
    def __init__(self, cues: Cues, grammar: GrammarFile) -> None:
        self.cues = cues
        self.grammar = grammar

    def of(self, clause: Clause, analysis: SentenceAnalysis) -> ModalityResult:
        tokens = analysis.sentence.tokens
        negation = self._negation(clause, tokens)
        if negation:
            return ModalityResult(Modality.NEGATED, (negation,))
        for check, modality in (
            (self._hypothetical, Modality.HYPOTHETICAL),
            (self._speculative, Modality.SPECULATIVE),
            (self._future, Modality.FUTURE),
        ):
            cue = check(clause, analysis, tokens)
            if cue:
                return ModalityResult(modality, (cue,))
        return ModalityResult(Modality.ASSERTED, ())

    # -- single checks ----------------------------------------------------------
    def _negation(self, clause: Clause, tokens: list[Token]) -> str | None:
        argument_heads = {a.head for a in clause.arguments} | {clause.verb}
        for i in clause.tokens:
            token = tokens[i]
            word = token.text.lower()
            if word not in self.cues.negation and token.lemma.lower() not in self.cues.negation:
                continue
            following = tokens[i + 1].text.lower() if i + 1 < len(tokens) else ""
            if following in _NOT_NEGATING_AFTER:
                continue
            if token.head in argument_heads or token.head in clause.auxiliaries:
                return token.text
        return None

    def _hypothetical(
        self, clause: Clause, analysis: SentenceAnalysis, tokens: list[Token]
    ) -> str | None:
        if clause.mark in self.cues.conditional_conjunctions:
            return clause.mark
        subjunctive = self._subjunctive_aux(clause, tokens)
        if subjunctive and any(
            c.mark in self.cues.conditional_conjunctions for c in analysis.subclauses(clause.verb)
        ):
            return subjunctive
        if subjunctive and self._conditional_in_sentence(clause, analysis):
            return subjunctive
        return None

    def _subjunctive_aux(self, clause: Clause, tokens: list[Token]) -> str | None:
        for i in [*clause.auxiliaries, clause.verb]:
            word = tokens[i].text.lower()
            if word in self.cues.subjunctive_auxiliaries:
                return tokens[i].text
        return None

    def _conditional_in_sentence(self, clause: Clause, analysis: SentenceAnalysis) -> bool:
        """A conditional conjunction anywhere in the sentence outside this clause."""
        for token in analysis.sentence.tokens:
            if (
                token.text.lower() in self.cues.conditional_conjunctions
                and token.i not in clause.tokens
            ):
                return True
        return False

    def _speculative(
        self, clause: Clause, analysis: SentenceAnalysis, tokens: list[Token]
    ) -> str | None:
        for i in clause.tokens:
            if tokens[i].text.lower() in self.cues.speculative:
                return tokens[i].text
        aux = [tokens[i] for i in clause.auxiliaries]
        for token in aux:
            if token.text.lower() in self.cues.speculative_modals:
                return token.text
        lemmas = {t.lemma.lower() for t in aux}
        has_perfect = bool(lemmas & set(self.grammar.perfect_auxiliaries))
        for token in aux:
            if token.lemma.lower() in self.cues.reportative_modals and has_perfect:
                perfect = sorted(lemmas & set(self.grammar.perfect_auxiliaries))
                return f"{token.text} ... {'/'.join(perfect)}"
        return self._governed_by(clause, analysis, self.cues.speculative_governors)

    def _future(
        self, clause: Clause, analysis: SentenceAnalysis, tokens: list[Token]
    ) -> str | None:
        verb = tokens[clause.verb]
        infinitive = verb.feat("VerbForm") == "Inf" or clause.passive
        future_aux = [
            tokens[i]
            for i in clause.auxiliaries
            if tokens[i].lemma.lower() in self.cues.future_auxiliaries
        ]
        # "wurde beschossen" is a past passive; the future needs a present
        # "wird" with an infinitive, and a passive future two of them
        present = [t for t in future_aux if t.feat("Tense") != "Past"]
        needed = 2 if clause.passive else 1
        if (
            present
            and len(future_aux) >= needed
            and (verb.feat("VerbForm") == "Inf" or clause.passive)
        ):
            return present[0].text
        for i in clause.auxiliaries:
            token = tokens[i]
            lemma = token.lemma.lower()
            if lemma in self.cues.future_modals and infinitive:
                return token.text
        return self._future_adverb(clause, tokens) or self._governed_by(
            clause, analysis, self.cues.future_governors
        )

    def _future_adverb(self, clause: Clause, tokens: list[Token]) -> str | None:
        """A time adverb pointing ahead in a clause not in the past ("besucht
        morgen Japan", "würden sehr bald verboten")."""
        verbs = [tokens[i] for i in [clause.verb, *clause.auxiliaries]]
        if any(t.feat("Tense") == "Past" and t.feat("Mood") != "Sub" for t in verbs):
            return None
        perfect = any(t.lemma.lower() in self.grammar.perfect_auxiliaries for t in verbs[1:])
        if perfect and verbs[0].feat("VerbForm") == "Part" and not clause.passive:
            return None  # "hat ... angekündigt": a perfect reports the past
        words = " " + " ".join(tokens[i].text.lower() for i in sorted(clause.tokens)) + " "
        for adverb in self.cues.future_adverbs:
            if f" {adverb} " in words:
                return adverb
        return None

    def _governed_by(
        self, clause: Clause, analysis: SentenceAnalysis, governors: frozenset[str]
    ) -> str | None:
        """A governing clause (or a noun in it) that is one of ``governors``."""
        tokens = analysis.sentence.tokens
        parent = analysis.clause(clause.parent) if clause.parent is not None else None
        depth = 0
        while parent is not None and depth < 3:
            if parent.lemma in governors:
                return tokens[parent.verb].text
            for i in parent.tokens:
                if tokens[i].lemma.lower() in governors and tokens[i].pos == "NOUN":
                    return tokens[i].text
            parent = analysis.clause(parent.parent) if parent.parent is not None else None
            depth += 1
        return None


class Attributor:
    """Who a clause's content is attributed to: laut X, X zufolge, sagte X."""

    def __init__(self, cues: Cues) -> None:
        self.cues = cues

    def of(self, clause: Clause, analysis: SentenceAnalysis) -> str | None:
        tokens = analysis.sentence.tokens
        for token in tokens:
            if token.text.lower() in self.cues.attribution_prepositions and token.pos == "ADP":
                return _phrase(analysis, token.head)
            if token.lemma.lower() in ("angabe", "information", "wort", "bericht") and any(
                tokens[c].text.lower() == "nach" for c in analysis.children[token.i]
            ):
                owners = [c for c in analysis.children[token.i] if tokens[c].dep.startswith("nmod")]
                if owners:
                    return _phrase(analysis, owners[0])
        return self._speaker(clause, analysis)

    def _speaker(self, clause: Clause, analysis: SentenceAnalysis) -> str | None:
        """The subject of a speech verb that governs the clause or is appended to it."""
        related = [analysis.clause(clause.parent)] if clause.parent is not None else []
        related += [c for c in analysis.subclauses(clause.verb) if c.relation == "parataxis"]
        for other in related:
            if other is None or other.lemma not in self.cues.speech_verbs:
                continue
            subjects = other.slot("subj")
            if subjects:
                return _phrase(analysis, subjects[0].head)
        return None


def _phrase(analysis: SentenceAnalysis, head: int) -> str:
    """The text of the subtree of ``head`` (without leading prepositions)."""
    tokens = analysis.sentence.tokens
    members = {head}
    frontier = [head]
    while frontier:
        current = frontier.pop()
        for child in analysis.children[current]:
            if child not in members and tokens[child].dep not in ("case", "punct", "cc"):
                members.add(child)
                frontier.append(child)
    first, last = min(members), max(members)
    sentence = analysis.sentence
    return sentence.text[tokens[first].idx - sentence.start : tokens[last].end - sentence.start]
