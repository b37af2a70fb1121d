"""The PETRARCH dictionary importer, on hand-written snippets and (if present) Phoenix."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lagebild.actors.petrarch import (
    clean_name,
    import_actors,
    import_agents,
    import_file,
    merge_results,
    parse_actor_dictionary,
    parse_code,
    parse_date,
    write_actor_file,
)
from lagebild.actors.schema import ActorFile
from lagebild.resources import load_model

SHARED = Path(__file__).parents[2] / ".." / "shared"
COUNTRIES = frozenset({"USA", "PSE", "ISR", "RUS", "DEU", "XKX"})

ACTORS = """\
<!-- HAND-WRITTEN TEST DICTIONARY -->
<!--
# a block comment spanning lines
ISRAEL [ISR]
-->
UNITED_STATES  [USA]   # the country
+U.S.
+AMERICA_
STATE_DEPARTMENT [USAGOV] # a body with a role
UNITED_NATIONS  [IGOUNO]
+UN_
BARACK_OBAMA
+SENATOR_OBAMA
\t[USALEG 20050103-20081116]
\t[USAGOV >20090120]
\t[USAELI]
US_SECRETARY_OF_STATE
+SECRETARY_OF_STATE
AMERICAN_SECRETARY-OF-STATE
\t[USAGOV]
FOO_PHANTOM  [---]
NARNIA [NRN]
PALESTINIAN [pse]
WORLD_BANK_ [IGOUNODEVWBK]
KOSOVO [KSV]
\t[KSV >080217]
JANE_DOE [USA]
\t[USACVL < 20080120]
\t[USAMIL 20080120-20121109]
<! -- a malformed comment opener -->
GAZPROM_ [MNCRUS]
"""

AGENTS = """\
<!-- agents -->
!OFFICIAL! = OFFICER, OFFICERS, OFFICIAL
SOLDIER [~MIL]
SECRETARY_GENERAL {SECRETARIES_GENERAL} [~GOV]
BORDER_!OFFICIAL! [~COP]
RIOT_POLICE {} [ ~COP] # spaced code
RELIEF_CHARITY {}  [NGO~]
DRUID_PRIEST {} [~DRU]
MINISTRY_OF_MAGIC [~GOV}
"""


def test_dates_follow_petrarch_conventions() -> None:
    assert parse_date("090120") == date(2009, 1, 20)
    assert parse_date("300101") == date(2030, 1, 1)
    assert parse_date("780101") == date(1978, 1, 1)
    assert parse_date("19950601") == date(1995, 6, 1)
    with pytest.raises(ValueError):
        parse_date("9008223")
    with pytest.raises(ValueError):
        parse_date("20100931")


def test_code_restrictions() -> None:
    assert parse_code("USAGOV").start is None
    assert parse_code("usagov >20090120").code == "USAGOV"
    assert parse_code("USAGOV >20090120").start == date(2009, 1, 20)
    until = parse_code("HOB < 950601")
    assert until.end == date(1995, 5, 31) and until.start is None
    span = parse_code("HOBGOV 19950601 - 19990815")
    assert (span.start, span.end) == (date(1995, 6, 1), date(1999, 8, 15))
    with pytest.raises(ValueError):
        parse_code("950601-990815")


def test_names_are_cleaned() -> None:
    assert clean_name("UNITED_STATES_") == "united states"
    assert clean_name("UN_") == "UN"
    assert clean_name("U.S.") == "u.s."
    assert clean_name("OSMAN_OLCAY\t_TURKEY_") == "osman olcay turkey"


def test_entries_group_heads_aliases_and_code_lines() -> None:
    entries, skipped = parse_actor_dictionary(ACTORS)
    heads = [e.names[0] for e in entries]
    assert "israel" not in heads  # inside the block comment
    secretary = next(e for e in entries if e.names[0] == "us secretary of state")
    assert "american secretary-of-state" in secretary.names  # heads without code share codes
    assert [c.code for c in secretary.codes] == ["USAGOV"]
    assert not skipped


def test_import_actors_converts_countries_organisations_people() -> None:
    result = import_actors(ACTORS, COUNTRIES)
    actors = result.actor_file
    countries = {c.code: c.names for c in actors.countries}
    assert countries["USA"][:3] == ["united states", "u.s.", "america"]
    assert countries["PSE"] == ["palestinian"]  # lower-case code accepted
    assert "kosovo" in countries["XKX"]  # CAMEO KSV -> XKX, dated country code
    assert "ISR" not in countries
    orgs = {(o.code, o.country, o.role): o.names for o in actors.organisations}
    assert orgs[("UNO", None, None)] == ["united nations", "UN"]
    assert orgs[("WBK", None, None)] == ["world bank"]
    assert orgs[("RUS", "RUS", "BUS")] == ["gazprom"]
    assert {"state department", "us secretary of state", "secretary of state"} <= set(
        orgs[("USA", "USA", "GOV")]
    )
    obama = [p for p in actors.people if p.name == "barack obama"]
    assert [(p.country, p.role, p.start, p.end) for p in obama] == [
        ("USA", "LEG", date(2005, 1, 3), date(2008, 11, 16)),
        ("USA", "GOV", date(2009, 1, 20), None),
    ]
    assert obama[0].aliases == ["senator obama"]
    jane = [(p.role, p.start, p.end) for p in actors.people if p.name == "jane doe"]
    assert jane == [("CVL", None, date(2008, 1, 19)), ("MIL", date(2008, 1, 20), date(2012, 11, 9))]
    messages = " ".join(result.skipped)
    assert "discard code ---" in messages
    assert "code NRN has no Lagebild equivalent" in messages
    assert "USAELI names no role" in messages


def test_import_agents_roles_and_classes() -> None:
    result = import_agents(AGENTS)
    roles = {g.role: g.nouns for g in result.actor_file.roles}
    assert roles["MIL"] == ["soldier"]
    assert roles["GOV"] == ["secretary general", "secretaries general"]
    assert roles["COP"] == ["border officer", "border officers", "border official", "riot police"]
    assert all(not g.compound_heads for g in result.actor_file.roles)
    classes = [(o.code, o.nouns) for o in result.actor_file.organisations]
    assert classes == [("NGO", ["relief charity"])]
    messages = " ".join(result.skipped)
    assert "~DRU" in messages and "MINISTRY_OF_MAGIC" in messages


def test_write_actor_file_round_trip(tmp_path: Path) -> None:
    merged = merge_results([import_actors(ACTORS, COUNTRIES), import_agents(AGENTS)])
    path = tmp_path / "actors_imported.yaml"
    write_actor_file(merged.actor_file, path)
    assert path.read_text(encoding="utf-8").startswith("kind: actors\n")
    assert load_model(path, ActorFile) == merged.actor_file


def test_import_file_tells_agents_from_actors(tmp_path: Path) -> None:
    agents = tmp_path / "my.agents.txt"
    agents.write_text(AGENTS, encoding="utf-8")
    actors = tmp_path / "my.actors.txt"
    actors.write_text(ACTORS, encoding="utf-8")
    assert import_file(agents).actor_file.roles
    imported = import_file(actors).actor_file  # packaged country list
    assert not imported.roles and {"USA", "PSE"} <= {c.code for c in imported.countries}


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared reference data not available")
def test_phoenix_countries_smoke() -> None:
    path = SHARED / "data" / "petrarch" / "Phoenix.Countries.actors.txt"
    if not path.exists():
        pytest.skip("Phoenix.Countries.actors.txt not available")
    result = import_file(path)
    actors = result.actor_file
    countries = {c.code: c.names for c in actors.countries}
    assert len(countries) >= 150
    assert {"USA", "RUS", "DEU", "PRK", "UKR", "XKX"} <= set(countries)
    assert "germany" in countries["DEU"] and "north korea" in countries["PRK"]
    assert len(actors.people) > 10_000
    obama = [p for p in actors.people if p.name == "barack obama"]
    assert ("USA", "GOV", date(2009, 1, 20)) in {(p.country, p.role, p.start) for p in obama}
    merkel = [p for p in actors.people if p.name == "angela merkel"]
    assert ("DEU", "GOV", date(2005, 11, 22)) in {(p.country, p.role, p.start) for p in merkel}
    assert len(result.skipped) < len(actors.people)
