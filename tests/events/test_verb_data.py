"""Checks of the packaged verb-pattern, cue and derived-code data.

The files are data, so these tests check what a schema cannot: codes exist in
the codebook, every CAMEO root has verbs, each lemma has one owner, light verbs
and governors are consistent, derived codes stay in their root, and a handful of
readings that the coder relies on (seed article, dev-gold constructions).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from importlib import resources as importlib_resources

import pytest

from lagebild.events.codebook import load_codebook
from lagebild.events.schema import CueFile, DerivedFile, Pattern, VerbFile, VerbGroup
from lagebild.resources import load_model, package_files

LANGS = {"de": "lagebild.lang.de", "en": "lagebild.lang.en"}
ROOTS = [f"{n:02d}" for n in range(1, 21)]
MINIMUM = {  # groups, verb lemmas, noun groups
    "de": (350, 1200, 120),
    "en": (200, 600, 60),
}
LEMMA_FORM = {"de": re.compile(r"[a-zäöüß]+"), "en": re.compile(r"[a-z]+(?:-[a-z]+)?")}
NOUN_FORM = {
    "de": re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*"),
    "en": re.compile(r"[a-z]+(?:-[a-z]+)*"),
}


@cache
def verb_files(lang: str) -> list[tuple[str, VerbFile]]:
    files = package_files(LANGS[lang], "verbs*.yaml")
    assert files, f"{lang}: no verbs*.yaml"
    return [(f.name, load_model(f, VerbFile)) for f in files]


def groups(lang: str) -> list[VerbGroup]:
    return [g for _, f in verb_files(lang) for g in f.verbs]


def light_verbs(lang: str) -> set[str]:
    return {v for _, f in verb_files(lang) for v in f.light_verbs}


def happening_verbs(lang: str) -> set[str]:
    return {v for _, f in verb_files(lang) for v in f.happening_verbs}


def all_codes(group: VerbGroup) -> Iterable[str | None]:
    yield group.code
    yield from (p.code for p in group.patterns)


@cache
def derived() -> DerivedFile:
    path = importlib_resources.files("lagebild.events") / "data" / "derived.yaml"
    return load_model(path, DerivedFile)


# -- validity and codes --------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_files_validate(lang: str) -> None:
    assert verb_files(lang)
    cues = package_files(LANGS[lang], "cues.yaml")
    assert len(cues) == 1
    load_model(cues[0], CueFile)


@pytest.mark.parametrize("lang", LANGS)
def test_every_code_is_in_the_codebook(lang: str) -> None:
    codebook = load_codebook()
    unknown = [(g.id, c) for g in groups(lang) for c in all_codes(g) if c and c not in codebook]
    unknown += [(n.id, n.code) for _, f in verb_files(lang) for n in f.nouns
                if n.code not in codebook]  # fmt: skip
    assert not unknown


def test_derived_codes_are_in_the_codebook() -> None:
    codebook = load_codebook()
    for kind, mapping in derived().maps.items():
        for prefix, code in mapping.items():
            assert code in codebook, (kind, prefix, code)
            assert prefix == "*" or any(c.code.startswith(prefix) for c in codebook), prefix


# -- coverage and counts ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_all_roots_have_verb_groups(lang: str) -> None:
    roots = {g.code[:2] for g in groups(lang) if g.code}
    assert set(ROOTS) <= roots, sorted(set(ROOTS) - roots)


@pytest.mark.parametrize("lang", LANGS)
def test_all_roots_have_event_nouns(lang: str) -> None:
    roots = {n.code[:2] for _, f in verb_files(lang) for n in f.nouns}
    assert set(ROOTS) - {"15"} <= roots, sorted(set(ROOTS) - roots)


@pytest.mark.parametrize("lang", LANGS)
def test_minimum_counts(lang: str) -> None:
    min_groups, min_lemmas, min_nouns = MINIMUM[lang]
    all_groups = groups(lang)
    nouns = [n for _, f in verb_files(lang) for n in f.nouns]
    assert len(all_groups) >= min_groups
    assert sum(len(g.lemmas) for g in all_groups) >= min_lemmas
    assert len(nouns) >= min_nouns
    assert len(light_verbs(lang)) >= 30
    assert len(happening_verbs(lang)) >= 10


# -- one owner per lemma and id ------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_verb_lemma_in_exactly_one_group(lang: str) -> None:
    owners = Counter(lemma for g in groups(lang) for lemma in g.lemmas)
    assert not [lemma for lemma, n in owners.items() if n > 1]


@pytest.mark.parametrize("lang", LANGS)
def test_each_noun_lemma_in_exactly_one_group(lang: str) -> None:
    owners = Counter(lemma for _, f in verb_files(lang) for n in f.nouns for lemma in n.lemmas)
    assert not [lemma for lemma, n in owners.items() if n > 1]


@pytest.mark.parametrize("lang", LANGS)
def test_group_ids_unique_across_files(lang: str) -> None:
    # The loader merges files by id: a repeated id would silently replace a group.
    ids = Counter(g.id for _, f in verb_files(lang) for g in f.verbs)
    ids.update(n.id for _, f in verb_files(lang) for n in f.nouns)
    assert not [i for i, n in ids.items() if n > 1]


@pytest.mark.parametrize("lang", LANGS)
def test_lemma_forms(lang: str) -> None:
    bad = [lemma for g in groups(lang) for lemma in g.lemmas
           if not LEMMA_FORM[lang].fullmatch(lemma)]  # fmt: skip
    bad += [lemma for _, f in verb_files(lang) for n in f.nouns for lemma in n.lemmas
            if not NOUN_FORM[lang].fullmatch(lemma)]  # fmt: skip
    assert not bad


# -- light verbs, happening verbs, governors ----------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_light_verbs_are_not_coded_groups(lang: str) -> None:
    coded = {lemma for g in groups(lang) if g.code is not None for lemma in g.lemmas}
    assert not light_verbs(lang) & coded


@pytest.mark.parametrize("lang", LANGS)
def test_happening_verbs_are_not_coded_groups(lang: str) -> None:
    coded = {lemma for g in groups(lang) if g.code is not None for lemma in g.lemmas}
    assert not happening_verbs(lang) & coded


@pytest.mark.parametrize("lang", LANGS)
def test_governor_verbs_exist(lang: str) -> None:
    known = {lemma for g in groups(lang) for lemma in g.lemmas}
    known |= light_verbs(lang) | happening_verbs(lang)
    kinds = set()
    for _, f in verb_files(lang):
        for kind, entries in f.governors.items():
            kinds.add(kind)
            for entry in entries:
                assert entry.split()[-1] in known, (kind, entry)
    assert kinds == {"intent", "threat", "demand", "appeal", "reject", "deny"}


def test_derived_codes_stay_in_their_root() -> None:
    roots = {"threat": "13", "demand": "10", "appeal": "02", "reject": "12", "deny": "01"}
    for kind, mapping in derived().maps.items():
        for prefix, code in mapping.items():
            if kind != "intent":
                assert code[:2] == roots[kind], (kind, prefix, code)
            elif prefix == "*" or prefix[:2] <= "09":
                assert code[:2] == "03", (prefix, code)
            elif prefix[:2] <= "12":
                # an announced verbal conflict act is that act (10-12 keep their root)
                assert code[:2] == prefix[:2], (prefix, code)
            else:
                # announced force or coercion is a threat (CAMEO 13)
                assert code[:2] == "13", (prefix, code)
    assert set(derived().maps) == {"intent", "threat", "demand", "appeal", "reject", "deny"}


def test_derived_parallel_structure() -> None:
    maps = derived().maps
    assert maps["intent"]["072"] == "0332"
    assert maps["intent"]["07"] == "033"
    assert maps["threat"]["163"] == "1312"
    assert maps["threat"]["191"] == "1381"
    assert maps["demand"]["0871"] == "107"
    assert maps["appeal"]["084"] == "0253"
    assert maps["reject"]["087"] == "1246"


# -- readings the coder relies on ---------------------------------------------------


def _matches(word: str, wanted: list[str]) -> bool:
    """Lemma equality or a compound ending in the lemma (case-insensitive, >= 3 letters)."""
    word = word.lower()
    return any(word == w.lower() or (len(w) >= 3 and word.endswith(w.lower())) for w in wanted)


def reading(
    lang: str,
    lemma: str,
    *,
    obj: str | None = None,
    prep: str | None = None,
    prep_obj: str | None = None,
    words: Iterable[str] = (),
    reflexive: bool = False,
) -> tuple[str | None, list[str], list[str]]:
    """(code, source, target) as the coder contract reads a clause: first pattern wins."""
    [group] = [g for g in groups(lang) if lemma in g.lemmas]
    clause_words = {w.lower() for w in [*words, *(x for x in (obj, prep_obj) if x)]}
    for pattern in group.patterns:
        if _holds(pattern, obj, prep, prep_obj, clause_words, reflexive):
            return (pattern.code, pattern.source or group.source, pattern.target or group.target)
    if group.reflexive and not reflexive:
        return None, group.source, group.target
    return group.code, group.source, group.target


def _holds(
    pattern: Pattern,
    obj: str | None,
    prep: str | None,
    prep_obj: str | None,
    words: set[str],
    reflexive: bool,
) -> bool:
    if pattern.object and not (obj and _matches(obj, pattern.object)):
        return False
    if pattern.prep and pattern.prep != prep:
        return False
    if pattern.prep_object and not (prep_obj and _matches(prep_obj, pattern.prep_object)):
        return False
    if pattern.words and not words & {w.lower() for w in pattern.words}:
        return False
    return pattern.reflexive is None or pattern.reflexive == reflexive


def test_seed_readings() -> None:
    # "Kim Jong Un sichert Russland Unterstützung zu" -> 033 to the dative
    assert reading("de", "zusichern", obj="Unterstützung")[::2] == ("033", ["dat"])
    # "... Russland im Krieg ... zu unterstützen" (under "bereit erklären") -> 070 -> 033
    assert reading("de", "unterstützen", words=["Krieg"])[0] == "070"
    assert derived().maps["intent"]["07"] == "033"
    # "Russland mit Sanktionen belegen" -> 163 toward the accusative
    assert reading("de", "belegen", prep="mit", prep_obj="Sanktion")[::2] == ("163", ["acc"])
    # "mit militärischer ... Unterstützung zur Seite zu stehen" -> 072 (intent: 0332)
    code, _, target = reading("de", "stehen", prep="zu", prep_obj="Seite", words=["militärisch"])
    assert (code, target) == ("072", ["dat"])
    # "dass Nordkorea ... militärische Technologie erhält": the giver is the source
    assert reading("de", "erhalten", obj="Technologie") == (
        "072",
        ["pp:von", "pp:aus", "any"],
        ["subj"],
    )
    # "die Spannungen ..., die sich aus dem Ukraine-Konflikt ergeben haben": no event
    assert reading("de", "ergeben", prep="aus", reflexive=True)[0] is None


@pytest.mark.parametrize(
    ("lemma", "kwargs", "code"),
    [
        ("verurteilen", {}, "111"),
        ("verurteilen", {"prep": "zu", "prep_obj": "Jahr"}, "173"),
        ("verurteilen", {"prep": "zu", "prep_obj": "Arbeitslager"}, "173"),
        ("einbestellen", {}, "114"),
        ("zitieren", {}, None),
        ("zitieren", {"prep": "in", "prep_obj": "Außenministerium"}, "114"),
        ("vorwerfen", {"words": ["Menschenrechtsverletzung", "Kriegsverbrechen"]}, "1124"),
        ("vorwerfen", {"words": ["Aggression"]}, "1123"),
        ("vorwerfen", {"obj": "Mitschuld"}, "112"),
        ("treffen", {"obj": "Entscheidung"}, None),
        ("treffen", {}, "040"),
        ("vorlegen", {"obj": "Ergebnis"}, None),
        ("stellen", {"obj": "Ultimatum"}, "139"),
        ("einstellen", {"obj": "Ermittlung"}, "080"),
        ("einfrieren", {"obj": "Kontakt"}, "160"),
        ("legen", {"prep": "auf", "prep_obj": "Eis"}, "0832"),
        ("liefern", {"obj": "Gefecht", "reflexive": True}, "190"),
        ("liefern", {"obj": "Schlagabtausch", "reflexive": True}, "111"),
        ("liefern", {"obj": "Waffe"}, "072"),
        ("töten", {}, "190"),
        ("töten", {"words": ["Messer"]}, "1823"),
        ("ermorden", {}, "1823"),
        ("vorgehen", {"words": ["Armee"]}, "190"),
        ("beugen", {"reflexive": True, "words": ["Wille"]}, "0832"),
        ("beugen", {}, None),
        ("warnen", {}, "130"),
        ("unterstützen", {"words": ["Präsidentschaftswahl"]}, "051"),
        ("anklagen", {}, "173"),
        ("protestieren", {}, "141"),
        ("verbieten", {"obj": "Vereinigung"}, "172"),
        ("verbieten", {"obj": "Partei"}, "1722"),
    ],
)
def test_german_readings(lemma: str, kwargs: dict[str, object], code: str | None) -> None:
    assert reading("de", lemma, **kwargs)[0] == code  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lemma", "kwargs", "code"),
    [
        ("condemn", {}, "111"),
        ("condemn", {"prep": "to", "prep_obj": "death"}, "173"),
        ("release", {"obj": "statement"}, None),
        ("release", {"obj": "hostage"}, "0841"),
        ("meet", {"obj": "demand"}, "0832"),
        ("meet", {}, "040"),
        ("strike", {"obj": "deal"}, "057"),
        ("call", {"words": ["on"]}, "020"),
        ("sanction", {}, "163"),
        ("summon", {}, "114"),
        ("kill", {}, "190"),
    ],
)
def test_english_readings(lemma: str, kwargs: dict[str, object], code: str | None) -> None:
    assert reading("en", lemma, **kwargs)[0] == code  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGS)
def test_speech_verbs_with_targets(lang: str) -> None:
    # A speech verb without a target yields nothing: coded speech groups name targets.
    for g in groups(lang):
        if g.code and g.code[:2] in {"01", "02", "10", "11", "12", "13"}:
            assert g.target, g.id


@pytest.mark.parametrize("lang", LANGS)
def test_reciprocal_and_visit_codes(lang: str) -> None:
    reciprocal_roots = {"01", "04", "05", "06", "08", "11", "19"}
    for g in groups(lang):
        if g.visit:
            assert g.code in {"042", None}, g.id
        for code, flag in [(g.code, g.reciprocal), *((p.code, p.reciprocal) for p in g.patterns)]:
            if flag and code:
                assert code[:2] in reciprocal_roots, (g.id, code)


@pytest.mark.parametrize("lang", LANGS)
def test_cue_lists_have_no_duplicates(lang: str) -> None:
    cues = load_model(package_files(LANGS[lang], "cues.yaml")[0], CueFile)
    for name, value in cues.model_dump().items():
        if isinstance(value, list):
            assert len(value) == len(set(value)), name
    assert not set(cues.negation) & set(cues.speculative)


def test_no_placeholder_words() -> None:
    # Lemmas in patterns are single words or hyphenated compounds, never "a_b".
    for lang in LANGS:
        for g in groups(lang):
            for p in g.patterns:
                for word in [*p.object, *p.prep_object, *p.words, p.prep or ""]:
                    assert "_" not in word and " " not in word, (g.id, word)
        for word in light_verbs(lang) | happening_verbs(lang):
            assert LEMMA_FORM[lang].fullmatch(word), word
