"""Checks on the packaged actor dictionaries (lang/<xx>/resources/actors*.yaml)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from importlib import resources as importlib_resources
from pathlib import Path

import pytest
from babel import Locale
from babel.core import get_global

from lagebild.actors.schema import ROLES, ActorFile
from lagebild.resources import load_model

LANGS = ("de", "en")
SHARED = Path(__file__).parents[2] / ".." / "shared"
ROOT = Path(__file__).parents[2]
# Organisation codes named in gold/GUIDELINES.md ("Organisations: ...").
GUIDELINE_ORGANISATIONS = frozenset(
    {"UNO", "NATO", "EU", "OSCE", "AU", "ASEAN", "IAEA", "IMF", "WBK", "WTO", "ICC", "ICRC",
     "NGO", "IGO", "ISIS", "TAL", "HEZ", "HAM", "PKK"}
)  # fmt: skip
# CLDR territories with an ISO "exceptionally reserved" alpha-2 code: not countries
# (Ascension, Clipperton, Sark, Diego Garcia, Ceuta/Melilla, Canary Islands,
# Tristan da Cunha). Groupings (EU, UN, QO, EZ, ZZ) have only private-use alpha-3
# codes (AAA-AAZ, QMA-QZZ, XAA-XZZ, ZZA-ZZZ), which are skipped.
NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "IC", "TA"})
PRIVATE_USE = re.compile(r"^(AA.|Q[M-Z].|X..|ZZ.)$")
USER_ASSIGNED = {"XK": "XKX"}  # Kosovo: CLDR knows XKK, news data and the EU use XKX

# Strings deliberately naming two actors in one language, with the reason.
INTENDED_COLLISIONS: dict[str, dict[str, str]] = {
    "de": {},
    "en": {},
}


def actor_files(lang: str) -> list[Path]:
    root = importlib_resources.files(f"lagebild.lang.{lang}") / "resources"
    return sorted(Path(str(p)) for p in root.iterdir() if re.match(r"actors.*\.yaml$", p.name))


def load_language(lang: str) -> ActorFile:
    files = [load_model(path, ActorFile) for path in actor_files(lang)]
    return ActorFile.model_validate(
        {
            "kind": "actors",
            **{
                section: [entry for f in files for entry in getattr(f, section)]
                for section in ("countries", "organisations", "roles", "people", "vague")
            },
            **{
                section: {k: v for f in files for k, v in getattr(f, section).items()}
                for section in ("pronouns", "short_references")
            },
        }
    )


@pytest.fixture(scope="module", params=LANGS)
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def actors(lang: str) -> ActorFile:
    return load_language(lang)


# -- helpers (tested themselves below, so that the checks can fail) -----------------
def cldr_countries(lang: str) -> Iterator[tuple[str, str, frozenset[str]]]:
    """(alpha-2, CLDR name, possible alpha-3 codes) for every CLDR country."""
    alpha3: dict[str, set[str]] = defaultdict(set)
    for code, targets in get_global("territory_aliases").items():
        if len(code) == 3 and code.isalpha() and len(targets) == 1 and not PRIVATE_USE.match(code):
            alpha3[targets[0]].add(code)
    for alpha2, user_code in USER_ASSIGNED.items():
        alpha3[alpha2] = {user_code}
    for alpha2, name in Locale(lang).territories.items():
        if alpha2 in alpha3 and alpha2 not in NOT_COUNTRIES:
            yield alpha2, name, frozenset(alpha3[alpha2])


def missing_cldr_countries(actors: ActorFile, lang: str) -> list[str]:
    names = {c.code: set(c.names) for c in actors.countries}
    problems = []
    for alpha2, name, codes in cldr_countries(lang):
        present = [code for code in codes if code in names]
        if len(present) != 1:
            problems.append(f"{alpha2} {name}: codes {sorted(codes)} present {present}")
        elif name not in names[present[0]]:
            problems.append(f"{present[0]}: CLDR name {name!r} not among the names")
    return problems


def actor_strings(actors: ActorFile) -> Iterator[tuple[str, str]]:
    """(string, actor identity) for every phrase that names an actor."""
    for country in actors.countries:
        for text in [*country.names, *country.forms]:
            yield text, f"{country.code}"
        for text in country.demonyms:
            yield text, f"{country.code}CVL"
        for text in country.capitals:
            yield text, f"{country.code}GOV"
    for org in actors.organisations:
        entity = org.country or org.code
        for text in [*org.names, *org.forms]:
            yield text, f"{entity}{org.role or ''}"
    for person in actors.people:
        for text in [person.name, *person.aliases]:
            yield text, f"person:{person.name}"


def collisions(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Strings that name more than one actor.

    Strings match case-sensitively, except lower-case ones, which match any
    capitalisation and so collide with any string equal to them in lower case.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for text, identity in pairs:
        owners[text].add(identity)
    found = {text: ids for text, ids in owners.items() if len(ids) > 1}
    lowered: dict[str, set[str]] = defaultdict(set)
    for text, ids in owners.items():
        lowered[text.lower()].update(ids)
    for text in owners:
        if text == text.lower() and len(lowered[text]) > 1:
            found[text] = lowered[text]
    return found


# -- the checks ---------------------------------------------------------------------
def test_every_file_validates(lang: str) -> None:
    files = actor_files(lang)
    assert {p.name for p in files} >= {
        "actors_countries.yaml",
        "actors_organisations.yaml",
        "actors_roles.yaml",
        "actors_people.yaml",
        "actors_references.yaml",
    }
    for path in files:
        load_model(path, ActorFile)


def test_every_cldr_country_is_present_with_its_name(actors: ActorFile, lang: str) -> None:
    assert missing_cldr_countries(actors, lang) == []
    assert len(actors.countries) >= 249


def test_country_codes_are_iso_alpha3(actors: ActorFile) -> None:
    iso = {
        c
        for c in get_global("territory_aliases")
        if len(c) == 3 and c.isalpha() and not PRIVATE_USE.match(c)
    }
    codes = [c.code for c in actors.countries]
    assert len(codes) == len(set(codes)), "a country is listed twice"
    assert [c for c in codes if c not in iso and c not in USER_ASSIGNED.values()] == []


def test_codes_are_guideline_codes(actors: ActorFile) -> None:
    countries = {c.code for c in actors.countries}
    for org in actors.organisations:
        if org.country is None:
            assert org.code in GUIDELINE_ORGANISATIONS, org.code
        else:
            assert org.country in countries, org
            assert org.role is not None, f"{org.code}: a national body needs a role"
    for person in actors.people:
        assert person.country in countries | GUIDELINE_ORGANISATIONS, person


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared guidelines not available")
def test_guideline_codes_match_guidelines() -> None:
    text = (SHARED / "gold" / "GUIDELINES.md").read_text(encoding="utf-8")
    orgs = text.split("- Organisations:", 1)[1].split("- Roles:", 1)[0]
    named = set(re.findall(r"\b([A-Z]{2,5})\b", orgs)) - {"EU"} | {"EU"}
    assert named == GUIDELINE_ORGANISATIONS
    roles = text.split("- Roles:", 1)[1].split("- A country", 1)[0]
    assert set(re.findall(r"\b([A-Z]{3})\b", roles)) == set(ROLES)


def test_every_role_has_nouns(actors: ActorFile) -> None:
    assert {group.role for group in actors.roles} == set(ROLES)
    for group in actors.roles:
        assert group.role in ROLES
        assert len(group.nouns) == len(set(group.nouns)), group.role


def test_a_role_noun_names_one_role(actors: ActorFile) -> None:
    seen: dict[str, str] = {}
    clashes = []
    for group in actors.roles:
        for noun in group.nouns:
            key = noun.lower()
            if seen.setdefault(key, group.role) != group.role:
                clashes.append(f"{noun}: {seen[key]} and {group.role}")
    assert clashes == []


def test_no_string_names_two_actors(actors: ActorFile, lang: str) -> None:
    found = collisions(actor_strings(actors))
    intended = INTENDED_COLLISIONS[lang]
    unexpected = {t: sorted(ids) for t, ids in found.items() if t not in intended}
    assert unexpected == {}
    assert [t for t in intended if t not in found] == [], "allow-list entry no longer needed"


def test_people_dates(actors: ActorFile) -> None:
    assert len(actors.people) >= 300
    for person in actors.people:
        if person.start and person.end:
            assert person.start <= person.end, person
        assert (person.start or date.min) <= date(2026, 12, 31), person


def test_people_agree_between_languages() -> None:
    de, en = (load_language(lang).people for lang in LANGS)
    assert len(de) == len(en)
    for a, b in zip(de, en, strict=True):
        assert (a.country, a.role, a.start, a.end) == (b.country, b.role, b.start, b.end)
        assert a.name == b.name or a.name in b.aliases, (a.name, b.name)


def test_vague_entries_are_no_actor_names(actors: ActorFile) -> None:
    names = {text.lower() for text, _ in actor_strings(actors)}
    nouns = {noun.lower() for group in actors.roles for noun in group.nouns}
    assert [v for v in actors.vague if v.lower() in names | nouns] == []


def test_references_are_present(actors: ActorFile) -> None:
    assert set(actors.pronouns.values()) <= {"person", "group", "country", "any"}
    assert {"das land", "the country"} & {k.lower() for k in actors.short_references}


# -- decisions recorded in the data -----------------------------------------------------
def test_german_decisions() -> None:
    actors = load_language("de")
    country = {c.code: c for c in actors.countries}
    assert "Ungarn" in country["HUN"].names and "Ungarn" not in country["HUN"].demonyms
    assert {"Nordkoreas", "Russlands"} <= set(country["PRK"].forms + country["RUS"].forms)
    assert "Pjöngjang" in country["PRK"].capitals and "Kreml" in country["RUS"].capitals
    assert {"nordkoreanisch", "us-amerikanisch"} <= set(
        country["PRK"].adjectives + country["USA"].adjectives
    )
    assert {"Demokratische Republik Kongo", "Kongo"} <= set(country["COD"].names)
    assert "Republik Kongo" in country["COG"].names
    role = {noun: group.role for group in actors.roles for noun in group.nouns}
    assert role["Sicherheitskräfte"] == "MIL" and role["Polizisten"] == "COP"
    assert role["Behörden"] == "GOV" and role["Staatsanwaltschaft"] == "JUD"
    kim = [p for p in actors.people if p.name == "Kim Jong-un"]
    assert [(p.country, p.role, p.start) for p in kim] == [("PRK", "GOV", date(2011, 12, 17))]


def office_on(actors: ActorFile, name: str, when: date) -> str:
    """The first office of ``name`` valid on ``when`` (the matcher's rule)."""
    for person in actors.people:
        if person.name == name and (person.start or date.min) <= when <= (person.end or date.max):
            return person.country + person.role
    return ""


def test_dated_offices() -> None:
    actors = load_language("de")
    assert office_on(actors, "Sebastian Kurz", date(2015, 6, 1)) == "AUTGOV"
    assert office_on(actors, "Donald Trump", date(2016, 5, 1)) == "USAPTY"
    assert office_on(actors, "Donald Trump", date(2018, 5, 1)) == "USAGOV"
    assert office_on(actors, "Jarosław Kaczyński", date(2016, 1, 1)) == "POLPTY"
    assert office_on(actors, "Jarosław Kaczyński", date(2021, 1, 1)) == "POLGOV"
    assert office_on(actors, "Nicolas Sarkozy", date(2016, 4, 1)) == "FRAOPP"
    assert office_on(actors, "Ahmed al-Scharaa", date(2020, 1, 1)) == "SYRREB"


# -- the helpers can fail ------------------------------------------------------------------
def test_helpers_detect_problems() -> None:
    broken = ActorFile.model_validate(
        {
            "kind": "actors",
            "countries": [{"code": "RUS", "names": ["Russia"]}, {"code": "DEU", "names": ["X"]}],
            "organisations": [{"code": "NATO", "names": ["Russia"]}],
        }
    )
    problems = missing_cldr_countries(broken, "en")
    assert any("Germany" in p for p in problems) and any("FRA" in p for p in problems)
    assert collisions(actor_strings(broken)) == {"Russia": {"RUS", "NATO"}}
    assert collisions([("kreml", "RUSGOV"), ("Kreml", "DEU")]) == {"kreml": {"RUSGOV", "DEU"}}


def test_committed_countries_match_the_build_script() -> None:
    pytest.importorskip("pycountry")
    import subprocess
    import sys

    script = ROOT / "scripts" / "build_countries.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
