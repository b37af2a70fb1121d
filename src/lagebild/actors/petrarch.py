"""Import actor and agent dictionaries written for PETRARCH (and TABARI).

For users who bring their own PETRARCH dictionaries; the packaged dictionaries
of Lagebild are written independently and are never built with this module.

Actor dictionaries (``*.actors.txt``) hold entries such as::

    UNITED_STATES  [USA]        # a country
    +U.S.                       # alias of the entry above
    JANE_DOE                    # a person with dated codes
    +SENATOR_DOE
        [USALEG 050103-081116]
        [USAGOV >20090120]
    <!-- block comments -->

Underscores join words; ``#`` starts a comment; a head line without a code
shares the codes that follow with the aliases and heads before them. Codes are
CAMEO strings of three-letter parts (``USAGOV``, ``IGOUNO``, ``NGOHLHIRC``);
a date restriction is ``<DATE`` (until the day before), ``>DATE`` (from that day)
or ``DATE-DATE`` (inclusive), with dates as ``YYYYMMDD`` or ``YYMMDD`` (years
00-30 are read as 20YY, the rest as 19YY: ``TWO_DIGIT_PIVOT``).

Agent dictionaries (``*.agents.txt``) hold role nouns: ``SOLDIER [~MIL]``,
``SECRETARY_GENERAL {SECRETARIES_GENERAL} [~GOV]`` (irregular plurals in braces),
``RELIEF_CHARITY {} [NGO~]`` (an organisation class), with substitution sets
(``!OFFICIAL! = OFFICER, OFFICIAL`` used as ``BORDER_!OFFICIAL!``).

The conversion is lossy by design: the entry becomes a country (bare country
code), a person (dated codes), or an organisation (anything else), codes are
reduced to an entity and one role of ``lagebild.actors.schema.ROLES``, stems are
read as whole words. What cannot be converted is listed in
``ImportResult.skipped``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources as importlib_resources
from pathlib import Path

import yaml

from lagebild.actors.schema import ROLES, ActorFile, Country, Organisation, Person, RoleGroup

TWO_DIGIT_PIVOT = 30  # YY <= 30 -> 20YY, otherwise 19YY
_DISCARD_CODES = frozenset({"---", "+++", "###"})
# CAMEO prefixes of organisations with their own code in GUIDELINES.md; longest first.
_ORGANISATION_PREFIXES: tuple[tuple[str, str], ...] = (
    ("IGOUNODEVWBK", "WBK"),
    ("IGOUNOWBK", "WBK"),
    ("IGOBUSIMF", "IMF"),
    ("IGOUNOIMF", "IMF"),
    ("IGOBUSWTO", "WTO"),
    ("IGOUNOIAE", "IAEA"),
    ("IGOJUDICC", "ICC"),
    ("IGOWSTNAT", "NATO"),
    ("IGOEUREEC", "EU"),
    ("IGOSEAASN", "ASEAN"),
    ("IGOAFRAU", "AU"),
    ("NGOHLHIRC", "ICRC"),
    ("IGOUNO", "UNO"),
    ("IGO", "IGO"),
    ("NGO", "NGO"),
)
# CAMEO country codes that are not ISO 3166-1 alpha-3.
_COUNTRY_ALIASES = {"KSV": "XKX", "KOS": "XKX", "ROM": "ROU", "PAL": "PSE", "ZAR": "COD"}
# CAMEO role and sector codes mapped to the roles of the guidelines.
_ROLE_MAP = {
    **{role: role for role in ROLES},
    "INS": "REB", "SEP": "REB", "UAF": "REB", "CIV": "CVL", "EDU": "CVL", "LAB": "CVL",
    "AGR": "CVL", "PPL": "CVL",
}  # fmt: skip
_BRACKETS = re.compile(r"\[([^\]]*)\]")
_BRACES = re.compile(r"\{([^}]*)\}")
_RESTRICTION = re.compile(
    r"^(?P<code>[A-Za-z~/+#-]+)?\s*(?:(?P<op>[<>])\s*(?P<date>\d{6,8})|"
    r"(?P<start>\d{6,8})\s*-\s*(?P<end>\d{6,8}))?$"
)
_SUBSTITUTION = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")


@dataclass(frozen=True)
class CodeSpec:
    """One bracketed code, with its validity."""

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class PetrarchEntry:
    """One dictionary entry: its names (head first) and codes."""

    names: list[str]
    codes: list[CodeSpec] = field(default_factory=list)
    line: int = 0


@dataclass(frozen=True)
class ImportResult:
    """The converted dictionary and what could not be converted, with reasons."""

    actor_file: ActorFile
    skipped: tuple[str, ...] = ()


# -- reading ------------------------------------------------------------------------
def _strip_comment(line: str) -> str:
    """Cut a ``#`` comment, but not a ``#`` inside brackets (``[###]``)."""
    depth = 0
    for i, char in enumerate(line):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == "#" and depth == 0:
            return line[:i]
    return line


def _content_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines without comments, numbered from 1; ``<!-- ... -->`` blocks dropped."""
    in_block = False
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if in_block:
            in_block = "-->" not in stripped
            continue
        if stripped.startswith("<!"):
            in_block = "-->" not in stripped
            continue
        line = _strip_comment(raw).rstrip()
        if line.strip():
            yield number, line


def parse_date(text: str) -> date:
    """A PETRARCH date, ``YYYYMMDD`` or ``YYMMDD``; ``ValueError`` if invalid."""
    if len(text) == 8:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year <= TWO_DIGIT_PIVOT else 1900
        return date(year, int(text[2:4]), int(text[4:]))
    raise ValueError(f"not a PETRARCH date: {text!r}")


def parse_code(text: str) -> CodeSpec:
    """The content of one bracket: ``USAGOV``, ``USAGOV >20090120``, ``HOB 9506-9908``."""
    match = _RESTRICTION.match(text.strip())
    if not match or not match.group("code"):
        raise ValueError(f"malformed code {text!r}")
    code = match.group("code").upper()
    if match.group("op") == "<":
        return CodeSpec(code, end=parse_date(match.group("date")) - timedelta(days=1))
    if match.group("op") == ">":
        return CodeSpec(code, start=parse_date(match.group("date")))
    if match.group("start"):
        return CodeSpec(code, parse_date(match.group("start")), parse_date(match.group("end")))
    return CodeSpec(code)


def clean_name(raw: str) -> str:
    """``UNITED_STATES_`` -> ``united states``; short acronyms keep their case (``UN``)."""
    words = raw.replace("_", " ").split()
    name = " ".join(words)
    if len(words) == 1 and name.isalpha() and len(name) <= 3:
        return name.upper()
    return name.lower()


def _codes_and_name(line: str, skipped: list[str], number: int) -> tuple[str, list[CodeSpec]]:
    codes: list[CodeSpec] = []
    for inner in _BRACKETS.findall(line):
        try:
            codes.append(parse_code(inner))
        except ValueError as err:
            skipped.append(f"line {number}: {err}")
    name = _BRACKETS.sub(" ", line)
    return name.split("[", 1)[0], codes


def parse_actor_dictionary(text: str) -> tuple[list[PetrarchEntry], list[str]]:
    """Entries of an actor dictionary, and messages about lines that were dropped."""
    entries: list[PetrarchEntry] = []
    skipped: list[str] = []
    current: PetrarchEntry | None = None
    for number, line in _content_lines(text):
        starts_alias = line.lstrip().startswith("+")
        indented = line[:1].isspace()
        raw_name, codes = _codes_and_name(line.lstrip().lstrip("+"), skipped, number)
        plurals = [clean_name(p) for b in _BRACES.findall(raw_name) for p in b.split(",")]
        name = clean_name(_BRACES.sub(" ", raw_name))
        names = [n for n in [name, *plurals] if n]
        continues = current is not None and (starts_alias or indented or not current.codes)
        if current is None or not continues:
            current = PetrarchEntry([], line=number)
            entries.append(current)
        current.names.extend(n for n in names if n not in current.names)
        current.codes.extend(codes)
    for entry in entries:
        if not entry.codes:
            skipped.append(f"line {entry.line}: {entry.names[0]!r} has no code")
    return [e for e in entries if e.codes and e.names], skipped


# -- converting ------------------------------------------------------------------------
def packaged_country_codes() -> frozenset[str]:
    """The ISO alpha-3 codes of the packaged country list."""
    path = importlib_resources.files("lagebild.lang.en") / "resources" / "actors_countries.yaml"
    with path.open("r", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return frozenset(entry["code"] for entry in data.get("countries", []))


@dataclass(frozen=True)
class _Actor:
    entity: str  # country or organisation code
    role: str | None
    is_country: bool


def _split(code: str) -> list[str]:
    return [code[i : i + 3] for i in range(0, len(code), 3)]


def convert_code(code: str, countries: frozenset[str]) -> _Actor | None:
    """``USAGOV`` -> USA/GOV; ``IGOUNOJUDICJ`` -> UNO; ``MNCUSA`` -> USA/BUS; else None."""
    code = code.strip("~")
    for prefix, entity in _ORGANISATION_PREFIXES:
        if code.startswith(prefix):
            parts = _split(code[len(prefix) :])
            role = next((_ROLE_MAP[p] for p in parts if p in _ROLE_MAP), None)
            return _Actor(entity, role, False)
    parts = _split(code)
    if not parts:
        return None
    if parts[0] == "MNC":
        country = _COUNTRY_ALIASES.get(parts[1], parts[1]) if len(parts) > 1 else ""
        return _Actor(country, "BUS", True) if country in countries else None
    country = _COUNTRY_ALIASES.get(parts[0], parts[0])
    if country not in countries:
        return None
    role = _ROLE_MAP.get(parts[1]) if len(parts) > 1 else None
    return _Actor(country, role, True)


@dataclass
class _Collector:
    countries: dict[str, list[str]] = field(default_factory=dict)
    organisations: dict[tuple[str, str | None, str | None], list[str]] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def add_names(self, bucket: list[str], names: Iterable[str]) -> None:
        bucket.extend(n for n in names if n not in bucket)

    def add_entry(self, entry: PetrarchEntry, countries: frozenset[str]) -> None:
        label = f"line {entry.line}: {entry.names[0]!r}"
        actors: list[tuple[CodeSpec, _Actor]] = []
        for spec in entry.codes:
            if spec.code in _DISCARD_CODES:
                self.skipped.append(f"{label}: discard code {spec.code}")
                return
            actor = convert_code(spec.code.split("/")[0], countries)
            if actor is None:
                self.skipped.append(f"{label}: code {spec.code} has no Lagebild equivalent")
            else:
                actors.append((spec, actor))
        if not actors:
            return
        if all(actor.is_country and actor.role is None for _, actor in actors):
            # a country, possibly with dated codes (KOSOVO [KSVUNO ...-080217][KSV >080217])
            current = next((a for s, a in actors if s.dated and s.end is None), actors[0][1])
            self.add_names(self.countries.setdefault(current.entity, []), entry.names)
            return
        if any(spec.dated for spec, _ in actors):
            self._add_person(entry, actors, label)
            return
        actor = next(a for _, a in actors if not (a.is_country and a.role is None))
        country = actor.entity if actor.is_country else None
        key = (actor.entity, country, actor.role)
        self.add_names(self.organisations.setdefault(key, []), entry.names)

    def _add_person(
        self, entry: PetrarchEntry, actors: list[tuple[CodeSpec, _Actor]], label: str
    ) -> None:
        ordered = [a for a in actors if a[0].dated] + [a for a in actors if not a[0].dated]
        for spec, actor in ordered:
            role = actor.role or (None if actor.is_country else "GOV")
            if role is None:
                self.skipped.append(f"{label}: {spec.code} names no role")
                continue
            self.people.append(
                Person.model_validate(
                    {
                        "name": entry.names[0],
                        "aliases": entry.names[1:],
                        "country": actor.entity,
                        "role": role,
                        "start": spec.start,
                        "end": spec.end,
                    }
                )
            )

    def actor_file(self) -> ActorFile:
        countries = [Country(code=code, names=names) for code, names in self.countries.items()]
        organisations = [
            Organisation.model_validate(
                {"code": code, "country": country, "role": role, "names": names}
            )
            for (code, country, role), names in self.organisations.items()
        ]
        return ActorFile(
            kind="actors", countries=countries, organisations=organisations, people=self.people
        )


def import_actors(text: str, countries: frozenset[str] | None = None) -> ImportResult:
    """Convert the text of a PETRARCH actor dictionary."""
    known = packaged_country_codes() if countries is None else countries
    entries, skipped = parse_actor_dictionary(text)
    collector = _Collector(skipped=skipped)
    for entry in entries:
        collector.add_entry(entry, known)
    return ImportResult(collector.actor_file(), tuple(collector.skipped))


def _expand(noun: str, substitutions: dict[str, list[str]]) -> list[str]:
    for marker, values in substitutions.items():
        if marker in noun:
            return [x for v in values for x in _expand(noun.replace(marker, v), substitutions)]
    return [noun]


def import_agents(text: str) -> ImportResult:
    """Convert the text of a PETRARCH agent dictionary into role nouns.

    ``[~GOV]`` codes give role nouns; ``[NGO~]``/``[IGO~]`` give organisation
    class nouns. Nouns are lower-cased and exact (no compound heads).
    """
    substitutions: dict[str, list[str]] = {}
    roles: dict[str, list[str]] = {}
    classes: dict[str, list[str]] = {}
    skipped: list[str] = []
    for number, line in _content_lines(text):
        stripped = line.strip()
        match = _SUBSTITUTION.match(stripped)
        if match:
            substitutions[match.group(1)] = [v.strip() for v in match.group(2).split(",")]
            continue
        raw_name, codes = _codes_and_name(stripped, skipped, number)
        if not codes:
            skipped.append(f"line {number}: {stripped!r} has no code")
            continue
        plurals = [p for b in _BRACES.findall(raw_name) for p in b.split(",") if p.strip()]
        heads = [_BRACES.sub(" ", raw_name), *plurals]
        nouns = [clean_name(n).lower() for h in heads for n in _expand(h.strip(), substitutions)]
        code = codes[0].code
        if code.startswith("~"):
            role = _ROLE_MAP.get(code[1:4])
            target = roles.setdefault(role, []) if role else None
        elif code.endswith("~") and code[:3] in ("NGO", "IGO"):
            target = classes.setdefault(code[:3], [])
        else:
            target = None
        if target is None:
            skipped.append(f"line {number}: code {code} has no Lagebild role")
            continue
        target.extend(n for n in nouns if n and n not in target)
    actor_file = ActorFile(
        kind="actors",
        roles=[
            RoleGroup.model_validate({"role": role, "nouns": nouns, "compound_heads": False})
            for role, nouns in roles.items()
        ],
        organisations=[
            Organisation(code=code, names=[code], nouns=nouns) for code, nouns in classes.items()
        ],
    )
    return ImportResult(actor_file, tuple(skipped))


def import_file(path: Path, countries: frozenset[str] | None = None) -> ImportResult:
    """Import one dictionary file; agent dictionaries are told by their ``~`` codes."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if re.search(r"\[\s*~|[A-Z]~\s*\]", text):
        return import_agents(text)
    return import_actors(text, countries)


def merge_results(results: Iterable[ImportResult]) -> ImportResult:
    """One actor file from several imports (sections concatenated)."""
    collected = list(results)
    merged = ActorFile(
        kind="actors",
        countries=[c for r in collected for c in r.actor_file.countries],
        organisations=[o for r in collected for o in r.actor_file.organisations],
        roles=[g for r in collected for g in r.actor_file.roles],
        people=[p for r in collected for p in r.actor_file.people],
    )
    return ImportResult(merged, tuple(s for r in collected for s in r.skipped))


def write_actor_file(actor_file: ActorFile, path: Path) -> None:
    """Write an actor dictionary as YAML that ``load_model(path, ActorFile)`` reads back."""
    data = actor_file.model_dump(mode="json", exclude_defaults=True)
    data["kind"] = actor_file.kind
    ordered = {"kind": data.pop("kind"), **data}
    with path.open("w", encoding="utf-8") as handle:
        yaml.safe_dump(ordered, handle, allow_unicode=True, sort_keys=False, width=100)
