"""Build or refresh the country sections of the actor dictionaries from CLDR.

The committed ``lang/<xx>/resources/actors_countries.yaml`` files are the source
of truth; this script documents how they began and keeps them in step with CLDR:

    python scripts/build_countries.py                     # refresh de and en
    python scripts/build_countries.py --lang de --merge extra.yaml

For every ISO 3166-1 country (from ``pycountry``, which ships the ISO table;
babel has no alpha-3 codes) plus Kosovo (XKX, the user-assigned code that the
EU, the IMF and most event datasets use), it makes sure an entry exists and that
its ``names`` contain the CLDR name of the country in that language
(``babel.Locale(lang).territories``). Everything else in an existing entry --
variants, inflected forms, adjectives, prefixes, demonyms, capitals added by
hand -- is kept as it is. ``--merge FILE`` adds the strings of a YAML file of
partial entries (``countries: [{code: RUS, forms: [Russlands]}]``) to the
matching entries, without duplicates, keeping existing order.

The output is validated against ``ActorFile`` before it is written. Comments in
the YAML are not kept, except the fixed header below: record decisions there.

Needs ``pycountry`` (build time only, not a runtime dependency of lagebild).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import babel
import pycountry
import yaml

from lagebild.actors.schema import ActorFile

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("names", "forms", "adjectives", "prefixes", "demonyms", "capitals")
EXTRA_COUNTRIES = {"XKX": "XK"}  # alpha-3 -> CLDR territory; not in ISO 3166-1

HEADERS = {
    "de": """\
# German country names for actor matching (schema: lagebild.actors.schema.Country).
# Generated initially by scripts/build_countries.py from CLDR (via babel) and
# pycountry (ISO 3166-1 alpha-3), then completed by hand. This file is the source
# of truth; re-running the script keeps hand-added fields and only adds missing
# CLDR names. Comments other than this header are not kept by the script.
#
# Conventions
# - names: CLDR name first (or kept where it already was), then news variants.
# - forms: inflected forms as they appear in text: genitive -s of names used
#   without article (Russlands, Irans), dative/genitive of names with adjectives
#   (Vereinigten Staaten, Demokratischen Republik Kongo). Names that need an
#   article and do not inflect (die Türkei, der Türkei) need no form.
# - adjectives: lower-case stems; the matcher adds -e/-en/-er/-es/-em.
#   Compound adjectives whose last part names another country are listed whole
#   (bosnisch-serbisch -> BIH, kosovo-albanisch -> XKX), so they win over the
#   last-part lookup. "kongolesisch" -> COD (more frequent than COG);
#   "koreanisch" is not listed (ambiguous between PRK and KOR).
# - demonyms: nouns for the people (role CVL), singular and plural. Where the
#   plural equals the country name (Ungarn, Polen, Schweden), the string stays
#   in names only: "tausende Ungarn" then codes HUN (right entity, no role),
#   never a demonym where the country is meant. Demonyms that are also
#   capitalised adjective forms (Deutsche, Deutschen) are listed; the matcher
#   should ignore a demonym whose token is tagged ADJ.
# - capitals: capital cities and seats of government used as metonyms for the
#   government (role GOV), with genitives (Moskaus). A capital equal to the
#   country name (Luxemburg, Singapur, Monaco) is left out: the name wins.
# - prefixes: extra first parts of hyphen compounds (US-Regierung); names and
#   forms are prefixes already.
""",
    "en": """\
# English country names for actor matching (schema: lagebild.actors.schema.Country).
# Generated initially by scripts/build_countries.py from CLDR (via babel) and
# pycountry (ISO 3166-1 alpha-3), then completed by hand. This file is the source
# of truth; re-running the script keeps hand-added fields and only adds missing
# CLDR names. Comments other than this header are not kept by the script.
#
# Conventions
# - names: CLDR name first, then news variants (U.S., America, Britain, DPRK).
# - forms: the tokenizer splits the possessive 's, so few forms are needed.
# - adjectives: as written (Russian, North Korean); English adjectives do not
#   inflect, the matcher's German endings are harmless.
# - demonyms: nouns for the people (role CVL). A demonym identical to the
#   adjective (Chinese, Swiss, Iraqi) is listed only in its plural form where
#   that differs (Iraqis); otherwise left to the adjective.
# - capitals: capitals and seats of government as metonyms (role GOV):
#   Moscow, the Kremlin, Washington, the White House, Downing Street.
""",
}


class _FlowListDumper(yaml.SafeDumper):
    """Block mappings, flow lists: one compact line per field."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(item, str) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_FlowListDumper.add_representer(list, _represent_list)


def iso_countries() -> list[tuple[str, str]]:
    """(alpha-3, CLDR territory) for every country, sorted by alpha-3."""
    pairs = [(country.alpha_3, country.alpha_2) for country in pycountry.countries]
    pairs.extend(EXTRA_COUNTRIES.items())
    return sorted(pairs)


def _union(existing: Iterable[str], new: Iterable[str]) -> list[str]:
    result = list(existing)
    for item in new:
        if item not in result:
            result.append(item)
    return result


def read_entries(path: Path) -> dict[str, dict[str, list[str]]]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries: dict[str, dict[str, list[str]]] = {}
    for entry in data.get("countries", []):
        entries[entry["code"]] = {f: list(entry.get(f, [])) for f in FIELDS}
    return entries


def build(
    lang: str, existing: dict[str, dict[str, list[str]]], extra: dict[str, dict[str, list[str]]]
) -> dict[str, dict[str, list[str]]]:
    territories = babel.Locale(lang).territories
    result: dict[str, dict[str, list[str]]] = {}
    for alpha3, territory in iso_countries():
        entry = existing.get(alpha3, {f: [] for f in FIELDS})
        cldr = territories.get(territory)
        if cldr and cldr not in entry["names"]:
            entry["names"] = [cldr, *entry["names"]]
        result[alpha3] = entry
    for code, entry in existing.items():  # keep anything added by hand beyond ISO
        result.setdefault(code, entry)
    for code, fields in extra.items():
        if code not in result:
            raise SystemExit(f"--merge: unknown country code {code}")
        for name in FIELDS:
            result[code][name] = _union(result[code][name], fields.get(name, []))
    return dict(sorted(result.items()))


def render(lang: str, entries: dict[str, dict[str, list[str]]]) -> str:
    countries = []
    for code, fields in entries.items():
        item: dict[str, Any] = {"code": code}
        item.update({name: fields[name] for name in FIELDS if fields[name]})
        countries.append(item)
    document = {"kind": "actors", "countries": countries}
    ActorFile.model_validate(document)
    body = yaml.dump(
        document, Dumper=_FlowListDumper, sort_keys=False, allow_unicode=True, width=100
    )
    return HEADERS[lang] + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", nargs="+", default=["de", "en"], choices=sorted(HEADERS))
    parser.add_argument("--merge", type=Path, help="YAML of partial entries to add")
    parser.add_argument(
        "--check", action="store_true", help="only report whether the files are up to date"
    )
    args = parser.parse_args(argv)
    extra: dict[str, dict[str, list[str]]] = {}
    if args.merge:
        if len(args.lang) != 1:
            parser.error("--merge needs exactly one --lang")
        extra = read_entries(args.merge)
    stale = 0
    for lang in args.lang:
        path = ROOT / "src" / "lagebild" / "lang" / lang / "resources" / "actors_countries.yaml"
        text = render(lang, build(lang, read_entries(path), extra))
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if text == current:
            print(f"{path.relative_to(ROOT)}: up to date")
            continue
        stale += 1
        if args.check:
            print(f"{path.relative_to(ROOT)}: would change")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: written")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
