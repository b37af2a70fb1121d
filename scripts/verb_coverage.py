"""Which frequent verbs of political news does the German verb dictionary miss?

Reads a JSONL corpus (one article per line with a ``text`` field, e.g. the
10kGNAD test set), keeps the sentences that mention an actor (a country,
organisation or role noun), finds their verbs with simple heuristics and a
lemmatizer, and reports how many of those verb tokens the dictionary covers
(as a verb group, light verb, happening verb or governor) and the most frequent
verbs it does not cover:

    python scripts/verb_coverage.py ../shared/data/corpus/10kgnad_test.jsonl
    python scripts/verb_coverage.py CORPUS --section International --top 80

Verbs are found heuristically: lower-case words whose lemma looks like a German
infinitive (-en, -ern, -eln), with a clause-final separable particle joined to
the clause's first verb ("sicherte ... zu" -> zusichern). It needs the
``simplemma`` package (``pip install simplemma``). Actor mentions come from the
packaged actor dictionary when there is one, otherwise from a short built-in
list of country names, organisations and role nouns.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

DE_RESOURCES = Path(__file__).resolve().parents[1] / "src/lagebild/lang/de/resources"

# Auxiliaries and modals carry no event of their own; they are left out of the count.
AUXILIARIES = {
    "sein", "haben", "werden", "können", "müssen", "sollen", "wollen", "dürfen", "mögen",
    "möchten", "lassen",
}  # fmt: skip

# Frequent lower-case words ending in -en that are not verbs.
NOT_VERBS = {
    "zwischen", "eigen", "offen", "oben", "unten", "daneben", "neben", "trotzdem", "morgen",
    "wegen", "gegen", "ebenfalls", "seltsam", "verschieden", "besonderen", "übrigen", "einzeln",
    "ungefähr", "namen", "indessen", "stattdessen", "ohnehin", "binnen", "vollkommen", "erwachsen",
    "gelegen", "zufrieden", "verheiratet", "ausgezeichnet", "bekannt", "boden", "den", "denen",
    "einen", "ihnen", "wen", "allen", "vielen", "anderen", "diesen", "jenen", "welchen",
    "solchen", "keinen", "meinen", "seinen", "ihren", "unseren", "euren", "deinen", "kleinen",
    "großen", "mehreren", "wenigen", "beiden", "ersten", "letzten", "nächsten", "neuen",
    "alten", "hohen", "guten", "seiten", "mitten", "unterwegs", "zuletzt", "vergangen",
    "sondern", "hingegen", "dagegen", "zusammen", "inzwischen", "unterdessen", "umstritten",
    "entschieden", "verloren", "geschlossen", "intern", "sieben", "jährigen", "eben", "gern",
    "selten", "fern", "zugunsten", "vonseiten", "entgegen", "deswegen", "gestern", "betroffen",
    "erschienen", "verstorben", "vorgezogen", "gleichzeitig",
}  # fmt: skip

SEPARABLE_PARTICLES = {
    "ab", "an", "auf", "aus", "bei", "bereit", "dar", "durch", "ein", "entgegen", "fest",
    "fort", "frei", "gegenüber", "her", "heraus", "herbei", "hervor", "hin", "hinzu", "los",
    "mit", "nach", "nieder", "statt", "teil", "um", "vor", "voran", "vorbei", "weg", "weiter",
    "wieder", "zu", "zurück", "zusammen", "zuvor",
}  # fmt: skip

FALLBACK_ACTOR_WORDS = {
    # countries and capitals most frequent in German international news
    "Russland", "Ukraine", "USA", "Amerika", "China", "Deutschland", "Österreich", "Frankreich",
    "Türkei", "Syrien", "Iran", "Irak", "Israel", "Polen", "Ungarn", "Griechenland",
    "Italien", "Spanien", "Großbritannien", "Nordkorea", "Südkorea", "Japan", "Indien",
    "Afghanistan", "Pakistan", "Ägypten", "Libyen", "Jemen", "Saudi-Arabien", "Serbien",
    "Kosovo", "Bosnien", "Kroatien", "Slowenien", "Schweiz", "Brasilien", "Mexiko", "Kuba",
    "Venezuela", "Nigeria", "Burundi", "Kongo", "Mali", "Tunesien", "Marokko", "Palästina",
    "Moskau", "Kiew", "Washington", "Peking", "Berlin", "Wien", "Paris", "London", "Ankara",
    "Damaskus", "Teheran", "Bagdad", "Brüssel", "Warschau", "Budapest", "Athen", "Rom",
    "Jerusalem", "Kabul", "Pjöngjang", "Seoul", "Tokio", "Kreml", "Weißes Haus",
    # organisations
    "EU", "Nato", "NATO", "UNO", "UN", "Uno", "OSZE", "IWF", "Weltbank", "IS", "Taliban",
    "Hamas", "Hisbollah", "PKK", "Kommission", "Sicherheitsrat",
    # role nouns
    "Regierung", "Präsident", "Präsidentin", "Minister", "Ministerin", "Außenminister",
    "Kanzler", "Kanzlerin", "Premier", "Ministerpräsident", "Regierungschef", "Armee",
    "Militär", "Soldaten", "Truppen", "Polizei", "Staatsanwaltschaft", "Gericht", "Parlament",
    "Opposition", "Partei", "Rebellen", "Milizen", "Botschafter", "Behörden", "Sprecher",
}  # fmt: skip

WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)*|[,;:–?!.]")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ\"„])")
CLAUSE_BREAK = {",", ";", ":", "–", "?", "!", "."}


def read_texts(path: Path, section: str | None) -> Iterator[str]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            if section and record.get("section") != section:
                continue
            yield str(record.get("text", ""))


def cue_lemmas(resource_dir: Path) -> set[str]:
    """Reporting and modality verbs of the cue file (known, but never events)."""
    path = resource_dir / "cues.yaml"
    if not path.exists():
        return set()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    keys = ("speech_verbs", "future_governors", "speculative_governors")
    return {w for key in keys for w in data.get(key, []) if " " not in w}


def dictionary_lemmas(resource_dir: Path) -> set[str]:
    """Every verb the German dictionary knows, in any role."""
    lemmas: set[str] = set()
    for path in sorted(resource_dir.glob("verbs*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for group in data.get("verbs", []):
            lemmas.update(group.get("lemmas", []))
        lemmas.update(data.get("light_verbs", []))
        lemmas.update(data.get("happening_verbs", []))
        for entries in data.get("governors", {}).values():
            lemmas.update(entry.split()[-1] for entry in entries)
    return lemmas


def actor_words(resource_dir: Path) -> set[str]:
    """Names, forms and role nouns from the actor dictionary, if the pack has one."""
    words: set[str] = set()
    for path in sorted(resource_dir.glob("actors*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in [*data.get("countries", []), *data.get("organisations", [])]:
            for key in ("names", "forms", "demonyms", "capitals"):
                words.update(entry.get(key, []))
        for role in data.get("roles", []):
            words.update(role.get("nouns", []))
    return words or set(FALLBACK_ACTOR_WORDS)


def mentions_actor(tokens: list[str], actors: set[str], stems: tuple[str, ...]) -> bool:
    return any(token in actors or token.startswith(stems) for token in tokens)


def clauses(tokens: list[str]) -> Iterator[list[str]]:
    current: list[str] = []
    for token in tokens:
        if token in CLAUSE_BREAK:
            if current:
                yield current
            current = []
        else:
            current.append(token)
    if current:
        yield current


def clause_verbs(clause: list[str], lemmatize: object) -> list[str]:
    """Verb lemmas of one clause; a final separable particle joins the first verb."""
    assert callable(lemmatize)
    found: list[tuple[int, str]] = []
    for index, token in enumerate(clause):
        if not token[0].islower() or "-" in token:
            continue
        lemma = str(lemmatize(token)).lower()
        if lemma in NOT_VERBS or token in NOT_VERBS or len(lemma) < 4:
            continue
        if lemma.endswith(("en", "ern", "eln")):
            found.append((index, lemma))
    if not found:
        return []
    last = clause[-1]
    if last in SEPARABLE_PARTICLES and len(clause) > 2:
        first_index, first = found[0]
        if first_index != len(clause) - 1 and not first.startswith(last):
            found[0] = (first_index, last + first)
    return [lemma for _, lemma in found]


def verb_tokens(texts: Iterable[str], actors: set[str]) -> Counter[str]:
    import simplemma  # optional dependency of this script only

    def lemmatize(token: str) -> str:
        return str(simplemma.lemmatize(token, lang="de"))

    stems = tuple(sorted({w for w in actors if len(w) >= 5 and w[0].isupper()}))
    counts: Counter[str] = Counter()
    for text in texts:
        for sentence in SENTENCE_END.split(text):
            tokens = WORD.findall(sentence)
            if not mentions_actor(tokens, actors, stems):
                continue
            for clause in clauses(tokens):
                counts.update(v for v in clause_verbs(clause, lemmatize) if v not in AUXILIARIES)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="JSONL file with a 'text' field per line")
    parser.add_argument("--resources", type=Path, default=DE_RESOURCES)
    parser.add_argument("--section", help="only articles of this section (e.g. International)")
    parser.add_argument("--top", type=int, default=60, help="how many uncovered verbs to list")
    parser.add_argument("--min-count", type=int, default=3)
    args = parser.parse_args(argv)

    known = dictionary_lemmas(args.resources)
    cues = cue_lemmas(args.resources)
    counts = verb_tokens(read_texts(args.corpus, args.section), actor_words(args.resources))
    total = sum(counts.values())
    covered = sum(n for lemma, n in counts.items() if lemma in known)
    with_cues = sum(n for lemma, n in counts.items() if lemma in known or lemma in cues)
    types = [lemma for lemma, n in counts.items() if n >= args.min_count]
    covered_types = [lemma for lemma in types if lemma in known]
    out = sys.stdout
    out.write(f"dictionary verbs: {len(known)} (+ {len(cues - known)} cue verbs)\n")
    out.write(f"verb tokens in actor sentences: {total}\n")
    if total:
        out.write(f"covered by the verb dictionary: {covered} ({covered / total:.1%})\n")
        out.write(f"covered with reporting/modality cues: {with_cues} ({with_cues / total:.1%})\n")
    if types:
        out.write(
            f"verb types seen >= {args.min_count}x: {len(types)}, covered "
            f"{len(covered_types)} ({len(covered_types) / len(types):.1%})\n"
        )
    out.write(f"\nmost frequent uncovered verbs (top {args.top}):\n")
    missing = [
        (lemma, n) for lemma, n in counts.most_common() if lemma not in known and lemma not in cues
    ]
    for lemma, n in missing[: args.top]:
        out.write(f"{n:6d}  {lemma}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
