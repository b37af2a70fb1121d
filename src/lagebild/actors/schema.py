"""Schema of actor dictionary files (``lang/<xx>/resources/actors*.yaml``).

One file may hold any of the sections; the loader merges all files of a
language, packaged ones first, then the user's. Strings are matched against
token text case-sensitively unless written in lower case, in which case they
match any capitalisation (``"kreml"`` matches ``Kreml`` and ``KREML``).

Example::

    kind: actors
    countries:
      - code: RUS
        names: [Russland, Russische Föderation]
        forms: [Russlands]
        adjectives: [russisch]          # russische, russischen, russischer, ...
        prefixes: [Russland]            # Russland-Besuch, Russland-Sanktionen
        demonyms: [Russe, Russen, Russin, Russinnen]
        capitals: [Moskau, Kreml]       # metonyms for the government -> RUSGOV
    organisations:
      - code: EU
        names: [EU, Europäische Union]
        forms: [Europäischen Union]
        prefixes: [EU]
        bodies: {Kommission: GOV, EU-Kommission: GOV, Parlament: LEG}
    roles:
      - role: GOV
        nouns: [Regierung, Außenminister, Ministerpräsident]
    people:
      - name: Kim Jong Un
        aliases: [Kim Jong-un, Kim]
        country: PRK
        role: GOV
        office: Machthaber
        start: 2011-12-17
    vague: [Westen, Beobachter, Analyst, internationale Gemeinschaft]
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ROLES = (
    "GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB",
    "BUS", "MED", "CVL", "REF", "SPY",
)  # fmt: skip
Role = Literal["GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB",
               "BUS", "MED", "CVL", "REF", "SPY"]  # fmt: skip

_ENTITY = re.compile(r"^[A-Z]{2,5}$")


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Country(_Entry):
    code: str = Field(description="ISO 3166-1 alpha-3 code")
    names: list[str] = Field(min_length=1, description="names as written, base form")
    forms: list[str] = Field(default=[], description="inflected forms (genitive, dative)")
    adjectives: list[str] = Field(default=[], description="adjective stems, any ending")
    prefixes: list[str] = Field(default=[], description="first parts of hyphen compounds")
    demonyms: list[str] = Field(default=[], description="nouns for its people -> role CVL")
    capitals: list[str] = Field(default=[], description="metonyms for the government -> GOV")

    @field_validator("code")
    @classmethod
    def _alpha3(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{3}", value):
            raise ValueError(f"country code must be ISO alpha-3, got {value!r}")
        return value


class Organisation(_Entry):
    code: str = Field(description="organisation code, e.g. EU, NATO, UNO, NGO")
    names: list[str] = Field(min_length=1)
    forms: list[str] = []
    adjectives: list[str] = []
    prefixes: list[str] = []
    role: Role | None = Field(default=None, description="role the bare name carries")
    country: str | None = Field(
        default=None,
        description="for national bodies (parties, agencies): their country; the actor code is "
        "then country + role (AKP -> TURPTY) and ``code`` is only the entry's identifier",
    )
    bodies: dict[str, Role | None] = Field(
        default={},
        description="nouns naming a body of the organisation and the role it takes "
        "(EU: {Kommission: GOV}; UNO: {Sicherheitsrat: null, Blauhelm: MIL})",
    )
    nouns: list[str] = Field(
        default=[],
        description="common nouns (lemmas) for any member of this class, compound heads "
        "included (NGO: [Menschenrechtsorganisation, Gewerkschaft])",
    )
    armed: bool = Field(
        default=False,
        description="an armed non-state group: bare rebel nouns (die Rebellen, die "
        "Kämpfer) in an article that names it refer to it",
    )

    @field_validator("code")
    @classmethod
    def _entity(cls, value: str) -> str:
        if not _ENTITY.match(value):
            raise ValueError(f"organisation code must be 2-5 capitals, got {value!r}")
        return value


class RoleGroup(_Entry):
    role: Role
    nouns: list[str] = Field(min_length=1, description="nouns (lemmas) that name the role")
    compound_heads: bool = Field(
        default=True,
        description="also match compounds ending in these nouns (Oppositionspartei -> Partei)",
    )
    needs_country: bool = Field(
        default=False,
        description="an actor only with its own country (ein palästinensischer Angreifer); "
        "without one it is vague, not the article's country",
    )


class Person(_Entry):
    name: str
    aliases: list[str] = []
    country: str
    role: Role
    office: str = ""
    start: date | None = None
    end: date | None = None

    @field_validator("country")
    @classmethod
    def _entity(cls, value: str) -> str:
        if not _ENTITY.match(value):
            raise ValueError(f"country/organisation code expected, got {value!r}")
        return value


class ActorFile(_Entry):
    kind: Literal["actors"]
    countries: list[Country] = []
    organisations: list[Organisation] = []
    roles: list[RoleGroup] = []
    people: list[Person] = []
    vague: list[str] = Field(default=[], description="expressions that are never actors")
    pronouns: dict[str, Literal["person", "group", "country", "any"]] = Field(
        default={}, description="referring pronouns and the antecedents they may take"
    )
    short_references: dict[str, Literal["country"]] = Field(
        default={}, description="definite descriptions of a country resolved in context: das Land"
    )
    role_hypernyms: dict[str, list[str]] = Field(
        default={},
        description="a general role noun and the specific ones it refers back to "
        "(der Diplomat -> the Botschafter named before)",
    )
    former_markers: list[str] = Field(
        default=[],
        description="words before a title that put the office in the past (ehemalig, Ex-)",
    )
