"""Clause analysis over a dependency-parsed sentence.

Turns a sentence into predicates with their verb complex (lemma with its
separable particle rebuilt, auxiliaries, voice, modals), their arguments
(slot names as in ``events.schema``) and the relation to the clause that
governs them. Works on Universal Dependencies labels; where the parse is
missing or thin, morphology (case) and prepositions still name the slots.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lagebild.events.schema import GrammarFile
from lagebild.records import Sentence, Token

CLAUSE_RELATIONS = frozenset(
    {"root", "conj", "ccomp", "xcomp", "advcl", "acl", "acl:relcl", "parataxis", "csubj"}
)
ARGUMENT_RELATIONS = frozenset(
    {"nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:arg", "obl:agent", "expl", "csubj"}
)
_CASE_SLOTS = {"Nom": "subj", "Acc": "acc", "Dat": "dat", "Gen": "gen"}
_CLAUSE_BOUNDARIES = frozenset({",", ";", ":", ".", "!", "?", "–", "—", "(", ")"})
_PARTICLE_BOUNDARIES = _CLAUSE_BOUNDARIES - {","}


@dataclass(slots=True)
class Argument:
    """A phrase attached to a predicate, in the slot it fills (surface voice)."""

    slot: str  # subj, acc, dat, gen, pp:<prep>
    head: int  # token index of the phrase's head noun
    prep: str | None = None


@dataclass(slots=True)
class Clause:
    """One predicate and what belongs to it."""

    verb: int  # token index of the predicate (main verb, or nominal head of a copula)
    lemma: str  # verb lemma with separable particle joined (zusichern)
    relation: str  # dependency relation of the predicate (root, xcomp, ccomp, ...)
    parent: int | None  # predicate index of the governing clause
    candidates: tuple[str, ...] = ()  # lemma first, then guesses from the word form
    tokens: list[int] = field(default_factory=list)  # tokens of this clause only
    auxiliaries: list[int] = field(default_factory=list)
    arguments: list[Argument] = field(default_factory=list)
    particle: int | None = None
    mark: str | None = None  # subordinating conjunction (dass, wenn, falls)
    zu_infinitive: bool = False
    passive: bool = False
    reflexive: bool = False
    copula: bool = False
    finite: bool = True

    def slot(self, name: str) -> list[Argument]:
        return [a for a in self.arguments if a.slot == name]

    def aux_lemmas(self, tokens: list[Token]) -> list[str]:
        return [tokens[i].lemma.lower() for i in self.auxiliaries]


@dataclass(slots=True)
class SentenceAnalysis:
    sentence: Sentence
    clauses: list[Clause]
    clause_of: list[int | None]  # token index -> predicate index
    children: list[list[int]]

    def clause(self, verb: int) -> Clause | None:
        for clause in self.clauses:
            if clause.verb == verb:
                return clause
        return None

    def subclauses(self, verb: int) -> list[Clause]:
        return [c for c in self.clauses if c.parent == verb]


def children_of(tokens: list[Token]) -> list[list[int]]:
    children: list[list[int]] = [[] for _ in tokens]
    for t in tokens:
        if t.head != t.i and 0 <= t.head < len(tokens):
            children[t.head].append(t.i)
    return children


def is_predicate(token: Token, children: list[list[int]], tokens: list[Token]) -> bool:
    if token.pos == "VERB":
        return True
    deps = {tokens[c].dep for c in children[token.i]}
    if "cop" in deps:
        # a copula clause: the nominal predicate heads it in UD
        return token.dep.lower() == "root" or token.dep in CLAUSE_RELATIONS
    if token.dep.lower() == "root" and token.pos == "AUX":
        return True
    # a verb the tagger took for an adjective or noun: it governs a subject or
    # object ("China verhängte[ADJ] Sanktionen"); German nouns are capitalised
    verbal = deps & {"nsubj", "nsubj:pass", "obj", "iobj", "aux", "aux:pass"}
    return bool(verbal) and token.pos in ("ADJ", "NOUN", "ADV") and token.text[:1].islower()


def analyse(
    sentence: Sentence,
    grammar: GrammarFile,
    forms: dict[str, str] | None = None,
    is_verb: Callable[[str], bool] | None = None,
) -> SentenceAnalysis:
    """Clauses of ``sentence`` with their verb complexes and arguments.

    ``forms`` maps strong-verb forms to infinitives (``GrammarFile.irregular_forms``).
    ``is_verb`` says whether a lemma is a known verb: a sentence the tagger
    left without any verb ("Die USA verhängen[ADJ] Sanktionen") gets its
    lower-case word that is a known verb as predicate.
    """
    tokens = sentence.tokens
    children = children_of(tokens)
    predicates = [t.i for t in tokens if is_predicate(t, children, tokens)]
    if is_verb is not None and not any(tokens[p].pos in ("VERB", "AUX") for p in predicates):
        predicates = sorted({*predicates, *_mistagged_verbs(tokens, grammar, is_verb)})
    predicate_set = set(predicates)
    clause_of = [_owning_predicate(t, tokens, predicate_set) for t in tokens]
    clauses = [
        _build_clause(tokens[p], tokens, children, clause_of, predicate_set, grammar, forms or {})
        for p in predicates
    ]
    return SentenceAnalysis(sentence, clauses, clause_of, children)


def _mistagged_verbs(
    tokens: list[Token], grammar: GrammarFile, is_verb: Callable[[str], bool]
) -> list[int]:
    found = []
    for token in tokens:
        if token.pos not in ("ADJ", "NOUN", "ADV") or not token.text[:1].islower():
            continue
        guesses = [token.lemma.lower(), *guess_infinitives(token.text, grammar)]
        if any(is_verb(g) for g in guesses):
            found.append(token.i)
    return found


def _owning_predicate(token: Token, tokens: list[Token], predicates: set[int]) -> int | None:
    seen = 0
    current = token
    while seen < len(tokens):
        if current.i in predicates:
            return current.i
        if current.head == current.i or not 0 <= current.head < len(tokens):
            return None
        current = tokens[current.head]
        seen += 1
    return None


def _build_clause(
    verb: Token,
    tokens: list[Token],
    children: list[list[int]],
    clause_of: list[int | None],
    predicates: set[int],
    grammar: GrammarFile,
    forms: dict[str, str],
) -> Clause:
    parent = (
        _owning_predicate(tokens[verb.head], tokens, predicates) if verb.head != verb.i else None
    )
    clause = Clause(
        verb=verb.i,
        lemma=verb.lemma.lower(),
        relation=verb.dep.lower(),
        parent=parent if parent != verb.i else None,
        tokens=[i for i, owner in enumerate(clause_of) if owner == verb.i],
    )
    contractions = grammar.contractions
    passive_subject = False
    for c in children[verb.i]:
        child = tokens[c]
        dep = child.dep
        lemma = child.lemma.lower()
        if dep in ("aux", "aux:pass", "cop"):
            clause.auxiliaries.append(c)
            clause.copula |= dep == "cop"
            clause.passive |= dep == "aux:pass"
        elif dep in ("compound:prt", "svp") and _no_boundary_between(verb.i, c, tokens):
            clause.particle = c
        elif dep == "mark":
            if lemma in grammar.infinitive_markers:
                clause.zu_infinitive = True
            else:
                clause.mark = contractions.get(lemma, lemma)
        elif dep == "expl:pv" or (lemma in grammar.reflexives and dep in ("obj", "iobj", "expl")):
            clause.reflexive = True
        elif dep in ARGUMENT_RELATIONS:
            passive_subject |= dep == "nsubj:pass"
            argument = _argument(child, tokens, children, grammar)
            if argument:
                clause.arguments.append(argument)
    _complete_verb_complex(clause, verb, tokens, grammar, forms)
    if passive_subject and not clause.passive:
        # the parse's passive subject, when the tagger missed the participle
        # ("verboten würden"); "eingesetzt haben" with a werden-less perfect is active
        aux = clause.aux_lemmas(tokens)
        clause.passive = any(a in grammar.passive_auxiliaries for a in aux) or _werden_before(
            verb, tokens, grammar
        )
    return clause


def _complete_verb_complex(
    clause: Clause, verb: Token, tokens: list[Token], grammar: GrammarFile, forms: dict[str, str]
) -> None:
    aux = clause.aux_lemmas(tokens)
    if clause.particle is None and verb.feat("VerbForm") in ("Fin", None) and verb.pos == "VERB":
        clause.particle = _stranded_particle(clause, verb, tokens, grammar)
    particle = ""
    if clause.particle is not None and grammar.join_particles:
        particle = tokens[clause.particle].text.lower()
    clause.lemma = _strip_infix_zu(particle + clause.lemma, verb.text.lower(), grammar)
    strong = irregular_infinitive(verb.text, grammar, forms)
    clause.candidates = tuple(
        dict.fromkeys(
            [
                clause.lemma,
                *([particle + strong] if strong else []),
                *(particle + g for g in guess_infinitives(verb.text, grammar)),
            ]
        )
    )
    with_werden = any(a in grammar.passive_auxiliaries for a in aux)
    # "wurde ... angegriffen": werden + participle is passive even when the
    # parser labels the auxiliary plain "aux".
    if with_werden and looks_like_participle(verb, grammar, weak=True):
        clause.passive = True
    # "wurde er festgenommen" with the auxiliary attached elsewhere by the parse
    if not clause.passive and looks_like_participle(verb, grammar, weak=False):
        clause.passive = _werden_before(verb, tokens, grammar)
    # headline style "198 Zivilisten getötet": a bare participle heads a passive
    if verb.feat("VerbForm") == "Part" and not aux and verb.dep.lower() == "root":
        clause.passive = True
    clause.finite = verb.feat("VerbForm") == "Fin" or any(
        tokens[i].feat("VerbForm") == "Fin" for i in clause.auxiliaries
    )


def _no_boundary_between(verb: int, particle: int, tokens: list[Token]) -> bool:
    """A particle belongs to its verb only if no comma or other verb stands between."""
    low, high = sorted((verb, particle))
    return not any(
        t.text in _CLAUSE_BOUNDARIES or (t.pos == "VERB" and t.i != verb)
        for t in tokens[low + 1 : high]
    )


def _werden_before(verb: Token, tokens: list[Token], grammar: GrammarFile) -> bool:
    """A form of the passive auxiliary in the same clause: before the participle
    with no verb between, or right after it ("dass er festgenommen wurde")."""
    following = tokens[verb.i + 1 : verb.i + 3]
    if any(t.pos == "AUX" and t.lemma.lower() in grammar.passive_auxiliaries for t in following):
        return True
    for token in reversed(tokens[: verb.i]):
        if token.pos == "VERB" or token.text in _CLAUSE_BOUNDARIES or token.pos == "SCONJ":
            return False
        if token.pos == "AUX" and token.lemma.lower() in grammar.passive_auxiliaries:
            return True
    return False


def _stranded_particle(
    clause: Clause, verb: Token, tokens: list[Token], grammar: GrammarFile
) -> int | None:
    """A separable particle the parser took for something else: "sichert ... zu".

    Found linearly, since such parses are unreliable: the last word before the
    next clause boundary after a finite verb, if it is a particle that governs
    nothing.
    """
    last: Token | None = None
    for token in tokens[verb.i + 1 :]:
        # commas may enclose an apposition before the particle ("gegen die PKK,
        # der YDG-H, vor"): only other verbs and conjunctions end the search
        if token.text in _PARTICLE_BOUNDARIES or token.pos in ("VERB", "AUX", "CCONJ", "SCONJ"):
            break
        if token.pos != "PUNCT":
            last = token
    if last is None or last.text.lower() not in grammar.separable_prefixes:
        return None
    following = tokens[last.i + 1 :]
    if all(t.pos == "PUNCT" for t in following):
        return last.i  # a sentence-final "vor" governs no noun, whatever the parse says
    governs = [t for t in tokens if t.head == last.i and t.i != last.i and t.pos != "PUNCT"]
    return None if governs else last.i


def looks_like_participle(verb: Token, grammar: GrammarFile, weak: bool) -> bool:
    """A past participle by its tags or, as the small tagger often misses it,
    by its form: a strong participle (festgenommen, verboten), a ge- form
    (gestellt, festgestellt), or with ``weak`` (werden beside it, so no
    infinitive) any form in -t (verhaftet)."""
    if verb.feat("VerbForm") == "Part" or verb.tag.endswith("PP"):
        return True
    if verb.pos not in ("VERB", "AUX", "ADJ"):
        return False
    word = verb.text.lower()
    participles = grammar.strong_participles
    if not participles:
        return False  # a language without the table (English) trusts its tags
    stems = [word] + [word[len(p) :] for p in grammar.separable_prefixes if word.startswith(p)]
    for stem in stems:
        if stem in participles or (stem.startswith("ge") and stem.endswith("t") and len(stem) > 4):
            return True
        for prefix in grammar.inseparable_prefixes:
            if stem.startswith(prefix) and "/" + stem[len(prefix) :] in participles:
                return True
    return weak and word.endswith("t") and not word.endswith("st")


def irregular_infinitive(form: str, grammar: GrammarFile, forms: dict[str, str]) -> str | None:
    """The infinitive of a strong verb form, prefixes included:
    griff -> greifen, angegriffen -> angreifen, beschossen -> beschießen."""
    word = form.lower()
    if word in forms:
        return forms[word]
    for prefix in grammar.inseparable_prefixes:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) > 2:
            base = forms.get(rest) or forms.get("/" + rest)
            if base and not rest.startswith("ge"):
                return prefix + base
    for prefix in grammar.separable_prefixes:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and rest.startswith("ge") and rest in forms:
            return prefix + forms[rest]
    return None


def guess_infinitives(form: str, grammar: GrammarFile) -> list[str]:
    """Infinitives a finite form may belong to (erhält -> erhalten, sichert -> sichern)."""
    word = form.lower()
    # the bare form too: contracted strong forms keep the stem's last consonant
    # (hält = halt + t, so "erhält" -> erhalt -> erhalten)
    stems = [word[: -len(e)] for e in grammar.verb_endings if word.endswith(e)] + [word]
    stems = [s for s in stems if len(s) >= 3]
    variants: list[str] = []
    for stem in stems:
        variants.append(stem)
        for old, new in grammar.stem_changes.items():
            at = stem.rfind(old)
            if at > 0:
                variants.append(stem[:at] + new + stem[at + len(old) :])
    return [v + ending for v in variants for ending in grammar.infinitive_endings]


def _strip_infix_zu(lemma: str, text: str, grammar: GrammarFile) -> str:
    """anzugreifen -> angreifen: the zu-infinitive of separable verbs."""
    for prefix in grammar.separable_prefixes:
        marker = prefix + "zu"
        if lemma.startswith(marker) and text.startswith(marker) and len(lemma) > len(marker) + 3:
            return prefix + lemma[len(marker) :]
    return lemma


def _argument(
    token: Token, tokens: list[Token], children: list[list[int]], grammar: GrammarFile
) -> Argument | None:
    prep = preposition_of(token, tokens, children, grammar)
    if prep:
        return Argument(f"pp:{prep}", token.i, prep)
    dep = token.dep
    case = noun_case(token, tokens, children)
    if dep == "nsubj":
        return Argument("subj", token.i)
    if dep == "nsubj:pass":
        return Argument("subj", token.i)  # surface subject; the coder applies voice
    if dep == "iobj":
        return Argument("dat", token.i)
    if dep == "obj":
        return Argument("dat" if case == "Dat" else "gen" if case == "Gen" else "acc", token.i)
    if dep in ("obl", "obl:arg") and case in _CASE_SLOTS and case != "Nom":
        return Argument(_CASE_SLOTS[case], token.i)
    return None


def preposition_of(
    token: Token, tokens: list[Token], children: list[list[int]], grammar: GrammarFile
) -> str | None:
    """The preposition governing a noun (``case`` child), contractions normalised."""
    for c in children[token.i]:
        if tokens[c].dep == "case" and tokens[c].pos == "ADP":
            if any(t.text.lower() in grammar.time_words for t in tokens[c + 1 : token.i]):
                return None  # "am Montag Ungarn": the preposition belongs to the date
            word = tokens[c].text.lower()
            return grammar.contractions.get(word, tokens[c].lemma.lower() or word)
    return None


def noun_case(token: Token, tokens: list[Token], children: list[list[int]]) -> str | None:
    """Grammatical case of a noun phrase: the noun's, else its determiner's."""
    case = token.feat("Case")
    if case:
        return case
    for c in children[token.i]:
        if tokens[c].dep in ("det", "amod", "det:poss"):
            case = tokens[c].feat("Case")
            if case:
                return case
    return None


def visible_case(
    token: Token, tokens: list[Token], children: list[list[int]], grammar: GrammarFile
) -> str | None:
    """A non-nominative case shown by the phrase's determiner (dem, den, des), else None.

    A small model guesses the case of bare nouns and names from context and
    often errs, and "die"/"das" fit subject and object alike; only forms that
    rule out the nominative are trusted. Where a form fits accusative and
    dative ("den"), the model's reading decides.
    """
    for c in children[token.i]:
        child = tokens[c]
        if child.dep not in ("det", "det:poss", "amod"):
            continue
        shown = grammar.case_articles.get(child.text.lower())
        if shown:
            model = child.feat("Case") or token.feat("Case")
            return model if model in ("Acc", "Dat") and shown in ("Acc", "Dat") else shown
    return None
