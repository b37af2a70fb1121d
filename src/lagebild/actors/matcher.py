"""Find actor mentions in analyzed sentences and resolve them in article context.

Works in three passes over a sentence:

1. dictionary phrases (countries, capitals, organisations, people, vague
   expressions), hyphen compounds (US-Regierung, Kreml-Sprecher) and single
   nouns (role nouns, organisation classes, pronouns);
2. noun-phrase assembly: a role noun takes its country from an adjective
   (der russische Außenminister), a genitive (Nordkoreas Machthaber, Sekretär
   des russischen Sicherheitsrats) or a compound, and passes its code to a
   person named beside it (Außenminister Grzegorz Schetyna);
3. context: surnames, pronouns and bare role nouns (die Regierung) are
   resolved against what the article said before.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from lagebild.actors.lexicon import ActorLexicon
from lagebild.records import ActorCode, ActorMention, Sentence, Token

_KIND_PREFERENCE = {
    "person": 0,
    "organisation": 1,
    "country": 2,
    "capital": 3,
    "demonym": 4,
    "vague": 5,
}
_NP_INNER = frozenset({"DET", "ADJ", "ADV", "NUM", "PROPN", "NOUN", "X"})
_MEMBER_HEADS = frozenset(
    {
        "staat",
        "staaten",
        "land",
        "länder",
        "mitglied",
        "mitglieder",
        "mitgliedsstaat",
        "mitgliedsstaaten",
        "mitgliedstaat",
        "mitgliedstaaten",
        "mitgliedsland",
        "mitgliedsländer",
        "partner",
        "member",
        "members",
        "states",
        "countries",
    }
)
_GENITIVE_DETS = frozenset({"des", "der"})
_OWNER_KINDS = frozenset({"country", "organisation", "capital"})
_PERSON_PRONOUNS = "person"
MAX_PRONOUN_DISTANCE = 3  # sentences back that a pronoun may refer to


@dataclass
class ArticleContext:
    """What earlier sentences of the article established about actors."""

    when: date | None = None
    countries: Counter[str] = field(default_factory=Counter)
    surnames: dict[str, tuple[ActorCode, str]] = field(default_factory=dict)
    last_person: ActorMention | None = None
    last_actor: ActorMention | None = None
    armed_group: ActorCode | None = None  # the last armed non-state group named
    by_noun: dict[str, ActorCode] = field(default_factory=dict)  # role noun -> last coded holder
    recent: list[tuple[ActorMention, str | None, str | None]] = field(default_factory=list)
    # vague expressions read so far (sentence, token, number): a pronoun right
    # after "Attentäter" means them, not an earlier actor
    vague: list[tuple[int, int, str | None]] = field(default_factory=list)
    sentence: int = 0  # index of the sentence being read

    def note_vague(self, start: int, head: Token) -> None:
        self.vague.append((self.sentence, start, head.feat("Number")))

    def recent_country(self, within: int = 2) -> str | None:
        """The country last named as an actor in this or the previous sentences."""
        for mention, _, _ in reversed(self.recent):
            if self.sentence - mention.sentence > within:
                break
            if mention.kind == "country" and mention.actor.role is None:
                return mention.actor.entity
        return None

    def dominant_country(self) -> str | None:
        if not self.countries:
            return None
        return self.countries.most_common(1)[0][0]

    def remember(self, mention: ActorMention, tokens: list[Token], lex: ActorLexicon) -> None:
        entity = mention.actor.entity
        if entity in lex.countries:
            self.countries[entity] += 1
        if entity in lex.armed or (mention.kind == "organisation" and mention.actor.role == "REB"):
            self.armed_group = mention.actor
        if mention.kind in ("adjective", "prefix", "location"):
            return
        head = tokens[mention.head]
        # a small model guesses the gender of names poorly: a named person's is
        # unknown, and one person is singular whatever the tagger guessed
        gender: str | None = None
        number: str | None = "Sing"
        if mention.kind != "person":
            gender, number = head.feat("Gender"), head.feat("Number")
        self.recent = [*self.recent[-19:], (mention, gender, number)]
        if mention.kind == "person":
            self.last_person = mention
            surname = tokens[mention.end_token - 1].text
            self.surnames.setdefault(surname, (mention.actor, mention.text))
        self.last_actor = mention


@dataclass
class _Span:
    start: int
    end: int
    kind: str
    code: ActorCode | None
    entry: str
    resolved_from: str | None = None


class MentionFinder:
    """Finds and resolves actor mentions sentence by sentence within an article."""

    def __init__(self, lexicon: ActorLexicon) -> None:
        self.lex = lexicon

    def prime(self, sentences: list[Sentence], context: ArticleContext) -> None:
        """Count the article's countries before coding, so that the first
        sentences can resolve "die Regierung" against the whole article."""
        for sentence in sentences:
            words = [t.text for t in sentence.tokens]
            weight = 2 if sentence.headline or sentence.i == 0 else 1
            dash = _dateline_end(sentence.tokens)
            for i, token in enumerate(sentence.tokens):
                # the dateline says where the article is set: the strongest hint
                weight_here = 5 if dash is not None and i < dash else weight
                found = self.lex.phrase_at(words, i)
                entities = {e.entity for e in found[1]} if found else set()
                adjective = self.lex.adjective_entity(token.text)
                if adjective and token.text[:1].islower():
                    entities.add(adjective)
                for entity in entities & self.lex.countries:
                    context.countries[entity] += weight_here

    def find(self, sentence: Sentence, context: ArticleContext) -> list[ActorMention]:
        tokens = sentence.tokens
        context.sentence = sentence.i
        spans = self._dictionary_spans(tokens, context)
        self._mark_dateline(tokens, spans)
        for span in spans:  # an armed group named earlier in this sentence counts already
            if (
                span.code is not None
                and span.kind == "organisation"
                and (span.code.entity in self.lex.armed or span.code.role == "REB")
            ):
                context.armed_group = span.code
                break
        spans = self._with_person_entities(tokens, spans, context)
        spans = self._assemble_role_phrases(tokens, spans, context)
        mentions = [self._to_mention(sentence, s) for s in spans if s.code is not None]
        for mention in mentions:
            context.remember(mention, tokens, self.lex)
        vague = [self._to_mention(sentence, s) for s in spans if s.kind == "vague"]
        return sorted(mentions + vague, key=lambda m: m.start_token)

    def _mark_dateline(self, tokens: list[Token], spans: list[_Span]) -> None:
        """ "Warschau/Moskau – ..." names where the report comes from, not an actor."""
        dash = _dateline_end(tokens)
        if dash is None:
            return
        for span in spans:
            if span.end <= dash and span.kind in ("capital", "country"):
                span.kind = "location"

    # -- pass 1 ------------------------------------------------------------
    def _dictionary_spans(self, tokens: list[Token], context: ArticleContext) -> list[_Span]:
        words = [t.text for t in tokens]
        spans: list[_Span] = []
        i = 0
        while i < len(tokens):
            span = self._span_at(tokens, words, i, context)
            if span is None:
                i += 1
                continue
            spans.append(span)
            i = span.end
        return spans

    def _span_at(
        self, tokens: list[Token], words: list[str], i: int, context: ArticleContext
    ) -> _Span | None:
        found = self.lex.phrase_at(words, i) or self.lex.genitive_person_at(words, i)
        if found:
            length, entries = found
            entry = min(entries, key=lambda e: _KIND_PREFERENCE.get(e.kind, 9))
            if entry.kind == "vague":
                context.note_vague(i, tokens[i + length - 1])
                return _Span(i, i + length, "vague", None, " ".join(words[i : i + length]))
            if entry.kind == "demonym" and length == 1 and tokens[i].pos == "ADJ":
                return None
            return _Span(i, i + length, entry.kind, entry.code_at(context.when), entry.name)
        token = tokens[i]
        known = self._known_name(tokens, i, context)
        if known:
            return known
        reference = self._short_reference(words, i, context)
        if reference:
            return reference
        lowered = token.text.lower()
        if lowered in self.lex.vague_words or token.lemma.lower() in self.lex.vague_words:
            context.note_vague(i, token)
            return _Span(i, i + 1, "vague", None, token.text)
        if "-" in token.text:
            compound = self._compound(token)
            if compound:
                return compound
        entity = self.lex.adjective_entity(token.text)
        if entity and token.pos != "NOUN" and token.text[:1].islower():
            return _Span(i, i + 1, "adjective", ActorCode(entity), token.text)
        if token.pos in ("NOUN", "PROPN") or token.text[:1].isupper():
            entity = self.lex.class_of(token.lemma, token.text)
            if entity:
                return _Span(i, i + 1, "organisation", ActorCode(entity), token.text)
            role = self.lex.role_of(token.lemma, token.text)
            if role:
                if (
                    role == "REB"
                    and token.text.lower() in self.lex.needs_country
                    and not (i > 0 and self.lex.adjective_entity(tokens[i - 1].text))
                ):
                    # read as vague now, so that a pronoun after it is not resolved past it
                    context.note_vague(i, token)
                return _Span(i, i + 1, "role", None, f"{role}:{token.text}")
        if token.pos == "PRON" and lowered in self.lex.pronouns:
            return self._pronoun(i, token, context)
        return None

    def _short_reference(self, words: list[str], i: int, context: ArticleContext) -> _Span | None:
        """ "das Land", "der Staat": the country named last, else the article's."""
        for length in (3, 2):
            phrase = tuple(w.lower() for w in words[i : i + length])
            if len(phrase) == length and phrase in self.lex.short_references:
                country = context.dominant_country() or context.recent_country()
                if country is None:
                    return None
                text = " ".join(words[i : i + length])
                span = _Span(i, i + length, "country", ActorCode(country), text)
                span.resolved_from = "country named in the article"
                return span
        return None

    @staticmethod
    def _known_name(tokens: list[Token], i: int, context: ArticleContext) -> _Span | None:
        """A person named earlier in the article: "Sergej Schoigu" or just "Schoigu"."""
        end = i
        while end < len(tokens) and end - i < 3 and tokens[end].text[:1].isupper():
            word = tokens[end].text
            known = context.surnames.get(word) or (
                context.surnames.get(word[:-1]) if word.endswith("s") else None  # Andrejews
            )
            if known and all(t.text in known[1] for t in tokens[i:end]):
                return _Span(i, end + 1, "person", known[0], tokens[end].text, known[1])
            end += 1
        return None

    def _compound(self, token: Token) -> _Span | None:
        """US-Regierung, Kreml-Sprecher, EU-Kommission, UN-Soldaten, NATO-Staaten."""
        first, _, rest = token.text.partition("-")
        entry = self.lex.prefixes.get(first) or self.lex.prefixes.get(first.upper())
        if entry is None or not rest:
            return None
        head = rest.rsplit("-", 1)[-1]
        head_lemma = token.lemma.rsplit("-", 1)[-1] if "-" in token.lemma else head
        key = (entry.entity, head.lower())
        if key in self.lex.bodies or (entry.entity, head_lemma.lower()) in self.lex.bodies:
            role = self.lex.bodies.get(key, self.lex.bodies.get((entry.entity, head_lemma.lower())))
            return _Span(
                token.i, token.i + 1, "organisation", ActorCode(entry.entity, role), entry.name
            )
        role = self.lex.role_of(head_lemma, head)
        if role:
            code = ActorCode(entry.entity, role)
            return _Span(token.i, token.i + 1, "role", code, f"{role}:{head_lemma}")
        if head.lower() in _MEMBER_HEADS or head_lemma.lower() in _MEMBER_HEADS:
            return _Span(token.i, token.i + 1, entry.kind, ActorCode(entry.entity), entry.name)
        # US-Sanktionen: the actor only fills a noun's "compound" slot
        return _Span(token.i, token.i + 1, "prefix", ActorCode(entry.entity), entry.name)

    def _pronoun(self, i: int, token: Token, context: ArticleContext) -> _Span | None:
        """The latest earlier actor that agrees with the pronoun in gender and
        number ("Der türkische Präsident ... Er"; "die Regierung ... sie")."""
        kind = self.lex.pronouns[token.text.lower()]
        antecedent = _agreeing(context.recent, token, kind == _PERSON_PRONOUNS, context.sentence)
        if antecedent is None:
            antecedent = context.last_person if kind == _PERSON_PRONOUNS else context.last_actor
        if antecedent is None or _vague_after(context, antecedent, token):
            return None
        return _Span(i, i + 1, "pronoun", antecedent.actor, token.text, antecedent.text)

    # -- pass 2: people ------------------------------------------------------
    def _with_person_entities(
        self, tokens: list[Token], spans: list[_Span], context: ArticleContext
    ) -> list[_Span]:
        """Add PER entities not in the dictionary: known surnames, or code-less persons."""
        covered = {i for s in spans for i in range(s.start, s.end)}
        added: list[_Span] = []
        for start, end in _entity_spans(tokens, "PER"):
            if any(i in covered for i in range(start, end)):
                continue
            surname = tokens[end - 1].text
            known = context.surnames.get(surname)
            if known:
                added.append(_Span(start, end, "person", known[0], surname, known[1]))
            else:
                added.append(_Span(start, end, "person", None, surname))
        return sorted(spans + added, key=lambda s: s.start)

    # -- pass 3: role phrases ------------------------------------------------
    def _assemble_role_phrases(
        self, tokens: list[Token], spans: list[_Span], context: ArticleContext
    ) -> list[_Span]:
        by_start = {s.start: s for s in spans}
        result: list[_Span] = []
        consumed: set[int] = set()
        for span in spans:
            if id(span) in consumed:
                continue
            if span.kind == "role" and span.code is None:
                span = self._resolve_role(tokens, span, by_start, consumed, context)
            elif span.kind == "role" and span.code is not None and ":" in span.entry:
                noun = span.entry.split(":", 1)[1].lower()
                context.by_noun.pop(noun, None)  # most recent last
                context.by_noun[noun] = span.code
            elif span.kind == "organisation" and span.end - span.start == 1:
                self._nationalise_body(tokens, span, by_start, consumed)
            if span.kind in ("role", "person") and span.code is not None:
                self._code_apposed_person(tokens, span, by_start, consumed)
            result.append(span)
        return [s for s in result if id(s) not in consumed]

    def _resolve_role(
        self,
        tokens: list[Token],
        span: _Span,
        by_start: dict[int, _Span],
        consumed: set[int],
        context: ArticleContext,
    ) -> _Span:
        role = span.entry.split(":", 1)[0]
        body = self._owner_body(tokens, span.end, by_start, consumed, context)
        if body is not None and body.code is not None and _speaks_for_owner(body):
            # "der Sprecher der Polizei", "Kämpfer der PKK": one acts for the body
            consumed.add(id(body))
            span.end = max(span.end, body.end)
            span.code = body.code
            return span
        country, owner = self._country_left(tokens, span.start, by_start)
        end = span.end
        if country is None:
            country, owner, end = self._country_right(tokens, span.end, by_start)
        if owner is not None:
            consumed.add(id(owner))
            span.start = min(span.start, owner.start)
        span.end = max(span.end, end, owner.end if owner else 0)
        noun = span.entry.split(":", 1)[-1].lower()
        if country is None and noun in self.lex.needs_country:
            span.kind = "vague"  # "die Angreifer": nobody in particular
            return span
        if country is not None:
            context.by_noun.pop(noun, None)  # most recent last
            context.by_noun[noun] = ActorCode(country, role)
        elif noun in context.by_noun:  # "der Botschafter" after "den russischen Botschafter"
            span.code = context.by_noun[noun]
            span.resolved_from = f"earlier '{noun}' in the article"
            return span
        else:
            # "der Diplomat" after "den russischen Botschafter"
            hyponyms = set(self.lex.hyponyms.get(noun, ()))
            earlier = [h for h in context.by_noun if h in hyponyms]  # oldest first
            if earlier:
                span.code = context.by_noun[earlier[-1]]
                span.resolved_from = f"earlier '{earlier[-1]}' in the article"
                return span
        if country is None and role == "REB" and context.armed_group is not None:
            span.code = context.armed_group
            span.resolved_from = "armed group named in the article"
            return span
        # a plural ("die beiden Minister") may mean several actors
        phrase = tokens[max(0, span.start - 2) : span.end]
        plural = any(
            t.feat("Number") == "Plur" or t.lemma.lower() == "beide"
            for t in phrase
            if t.pos in ("DET", "ADJ", "NUM", "NOUN", "PRON")
        )
        same = None if plural else _same_role_before(span, role, by_start)
        if country is None and same is not None:
            # "der syrischen Regierung ... das Regime": the same body again
            span.code = same
            span.resolved_from = "same role earlier in the sentence"
            return span
        if country is None:
            country = context.dominant_country()
            span.resolved_from = "article context" if country else None
        if country is not None:
            span.code = ActorCode(country, role)
        return span

    def _nationalise_body(
        self, tokens: list[Token], span: _Span, by_start: dict[int, _Span], consumed: set[int]
    ) -> None:
        """ "der russische Sicherheitsrat": an international body's name with a
        country adjective names that country's body (RUSGOV, not UNO)."""
        if tokens[span.start].pos not in ("NOUN", "PROPN") or span.code is None:
            return
        country, owner = self._country_left(tokens, span.start, by_start)
        if country is None or country == span.code.entity or owner is None:
            return
        consumed.add(id(owner))
        span.start = owner.start
        span.code = ActorCode(country, span.code.role or "GOV")
        span.kind = "role"

    def _country_left(
        self, tokens: list[Token], start: int, by_start: dict[int, _Span]
    ) -> tuple[str | None, _Span | None]:
        """An adjective or genitive country inside the noun phrase before a role noun."""
        j = start - 1
        while j >= 0 and start - j <= 4:
            token = tokens[j]
            entity = self.lex.adjective_entity(token.text)
            if entity and (token.pos != "NOUN" or token.text in self.lex.adjectives_cased):
                return entity, by_start.get(j)
            owner = _span_ending_at(by_start, j + 1)
            if (
                owner
                and owner.code
                and owner.kind in ("country", "capital", "organisation")
                and (tokens[j].text.endswith(("s", "'")) or owner.kind == "organisation")
            ):
                return owner.code.entity, owner
            # German nouns are capitalised: a lower-case "noun" is a mis-tagged verb
            lowercase_noun = token.pos == "NOUN" and token.text[:1].islower()
            if token.pos not in _NP_INNER or token.text in {",", "und"} or lowercase_noun:
                break
            j -= 1
        return None, None

    def _owner_body(
        self,
        tokens: list[Token],
        end: int,
        by_start: dict[int, _Span],
        consumed: set[int],
        context: ArticleContext,
    ) -> _Span | None:
        """The body in a genitive after a role noun ("der Sprecher der
        türkischen Polizei"), its own role resolved first."""
        if end >= len(tokens) or tokens[end].text.lower() not in _GENITIVE_DETS:
            return None
        national = False
        for j in range(end + 1, min(end + 4, len(tokens))):
            owner = by_start.get(j)
            national |= owner is not None and owner.kind == "adjective"
            if owner is not None and owner.kind != "adjective":
                if owner.kind == "role" and owner.code is None:
                    self._resolve_role(tokens, owner, by_start, consumed, context)
                # "des russischen Sicherheitsrats" is a national body, coded by country
                wanted = ("role",) if national else ("role", "organisation")
                return owner if owner.kind in wanted else None
            if owner is None and tokens[j].pos not in _NP_INNER:
                return None
        return None

    def _country_right(
        self, tokens: list[Token], end: int, by_start: dict[int, _Span]
    ) -> tuple[str | None, _Span | None, int]:
        """A genitive or von-phrase after a role noun: Außenminister Russlands,
        Sekretär des russischen Sicherheitsrats. Returns the phrase's end too."""
        if end >= len(tokens):
            return None, None, end
        following = tokens[end].text.lower()
        owner = by_start.get(end)
        if (
            owner
            and owner.code
            and owner.kind in ("country", "organisation")
            and (owner.end - owner.start > 1 or tokens[owner.end - 1].text.endswith("s"))
        ):
            return owner.code.entity, owner, owner.end
        if following not in _GENITIVE_DETS and following not in ("von", "aus"):
            return None, None, end
        for j in range(end + 1, min(end + 5, len(tokens))):
            owner = by_start.get(j)
            entity = self.lex.adjective_entity(tokens[j].text)
            if entity or (owner and owner.code and owner.kind in _OWNER_KINDS):
                entity = entity or (owner.code.entity if owner and owner.code else None)
                return entity, owner, _noun_phrase_end(tokens, j)
            if tokens[j].pos not in _NP_INNER:
                break
        return None, None, end

    def _code_apposed_person(
        self, tokens: list[Token], span: _Span, by_start: dict[int, _Span], consumed: set[int]
    ) -> None:
        """Außenminister Grzegorz Schetyna / Sekretär des Rats, Sergej Schoigu, -> one actor."""
        j = span.end
        comma = j < len(tokens) and tokens[j].text == ","
        j += comma
        person = by_start.get(j) or _proper_name_span(tokens, j, min_tokens=2 if comma else 1)
        if person is not None and person.kind == "organisation" and span.kind == "role":
            # "die Arbeiterpartei ... PKK", "die Partei AKP": the name decides
            consumed.add(id(span))
            person.start = span.start
            return
        if person is None or person.kind != "person":
            return
        if span.kind == "role" and person.code is None:
            person.code = span.code
            person.entry = f"{span.entry} {person.entry}"
        elif span.kind == "person" and span.code is None:
            span.code = person.code
        if person.code is not None and span.kind == "role":
            consumed.add(id(person))
            span.end = person.end
            span.kind = "person"
            if person.entry and ":" not in person.entry:
                # a person from the dictionary knows their office at the date
                span.code = person.code

    # -- output ----------------------------------------------------------------
    @staticmethod
    def _to_mention(sentence: Sentence, span: _Span) -> ActorMention:
        tokens = sentence.tokens
        text = sentence.text[
            tokens[span.start].idx - sentence.start : tokens[span.end - 1].end - sentence.start
        ]
        return ActorMention(
            sentence=sentence.i,
            start_token=span.start,
            end_token=span.end,
            text=text,
            actor=span.code or ActorCode(""),
            kind=span.kind,
            head=_head_token(tokens, span.start, span.end),
            entry=span.entry,
            resolved_from=span.resolved_from,
        )


def _same_role_before(span: _Span, role: str, by_start: dict[int, _Span]) -> ActorCode | None:
    """The code of the last actor with this role and a country of its own
    earlier in the sentence."""
    earlier = sorted((s for s in by_start.values() if s.start < span.start), key=lambda s: s.start)
    for other in reversed(earlier):
        if (
            other.code is not None
            and other.code.role == role
            and other.kind == "role"  # a body ("der syrischen Regierung"), not a person
            and other.resolved_from is None
        ):
            return other.code
    return None


def _vague_after(context: ArticleContext, antecedent: ActorMention, pronoun: Token) -> bool:
    """A vague expression of the pronoun's number between the antecedent and
    the pronoun, in this or the previous sentence, is the likelier referent."""
    number = pronoun.feat("Number")
    for sentence, i, vague_number in reversed(context.vague):
        if (sentence, i) >= (context.sentence, pronoun.i):
            continue
        if context.sentence - sentence > 1:
            return False
        if (sentence, i) <= (antecedent.sentence, antecedent.start_token):
            return False
        if number is None or vague_number is None or number == vague_number:
            return True
    return False


def _speaks_for_owner(owner: _Span) -> bool:
    """An owner whose code is more than a country: a body with a role (Polizei,
    Armee, Firma) or an organisation (Gewerkschaft, PKK)."""
    assert owner.code is not None
    return owner.code.role is not None or owner.kind == "organisation"


def _agreeing(
    recent: list[tuple[ActorMention, str | None, str | None]],
    pronoun: Token,
    personal: bool,
    pronoun_sentence: int,
) -> ActorMention | None:
    """Named people first: in news "er" mostly means the last person named."""
    gender, number = pronoun.feat("Gender"), pronoun.feat("Number")
    if gender is None and number is None:
        return None
    kinds = (("person",), ("person", "role")) if personal else (("person",), None)
    for allowed in kinds:
        for mention, m_gender, m_number in reversed(recent):
            if allowed is not None and mention.kind not in allowed:
                continue
            if pronoun_sentence - mention.sentence > MAX_PRONOUN_DISTANCE:
                break
            if gender and m_gender and not set(gender.split(",")) & set(m_gender.split(",")):
                continue
            if number and m_number and number != m_number:
                continue
            return mention
    return None


def _dateline_end(tokens: list[Token]) -> int | None:
    """Index of the dash ending a dateline ("Warschau/Moskau – ..."), if any."""
    dash = next((t.i for t in tokens[:6] if t.text in ("–", "—", "-")), None)
    if not dash:
        return None
    if not all(t.text[:1].isupper() or t.text in ("/", ",") for t in tokens[:dash]):
        return None
    return dash


def _noun_phrase_end(tokens: list[Token], start: int) -> int:
    """End (exclusive) of the noun phrase whose modifiers begin at ``start``."""
    for j in range(start, min(start + 5, len(tokens))):
        if tokens[j].pos in ("NOUN", "PROPN") and not (
            j + 1 < len(tokens)
            and tokens[j + 1].pos in ("NOUN", "PROPN")
            and tokens[j + 1].text[:1].isupper()
        ):
            return j + 1
        if tokens[j].pos not in _NP_INNER:
            return j
    return start + 1


def _proper_name_span(tokens: list[Token], start: int, min_tokens: int) -> _Span | None:
    """Capitalised name words right after a role noun: a person the NER did not mark.

    Small taggers often call first names NOUN, so both count; the last word
    must be a proper noun.
    """
    end = start
    while (
        end < len(tokens)
        and end - start < 4
        and tokens[end].pos in ("PROPN", "NOUN")
        and tokens[end].text[:1].isupper()
        and not (tokens[end].text.isupper() and len(tokens[end].text) > 1)  # PKK, not a name
    ):
        end += 1
    if end - start < min_tokens or tokens[end - 1].pos != "PROPN":
        return None
    return _Span(start, end, "person", None, tokens[end - 1].text)


def _span_ending_at(by_start: dict[int, _Span], end: int) -> _Span | None:
    for span in by_start.values():
        if span.end == end:
            return span
    return None


def _entity_spans(tokens: list[Token], label: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for t in tokens:
        if t.ent == f"B-{label}":
            if start is not None:
                spans.append((start, t.i))
            start = t.i
        elif t.ent != f"I-{label}" and start is not None:
            spans.append((start, t.i))
            start = None
    if start is not None:
        spans.append((start, len(tokens)))
    return spans


def _head_token(tokens: list[Token], start: int, end: int) -> int:
    """The token of a span whose head lies outside it (its syntactic head)."""
    for t in tokens[start:end]:
        if not start <= t.head < end or t.head == t.i:
            return t.i
    return end - 1
