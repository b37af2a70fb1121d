"""A language's resource files, loaded and validated once per pack."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path

from lagebild.actors.schema import ActorFile
from lagebild.errors import ResourceError
from lagebild.events.schema import CueFile, DerivedFile, GrammarFile, VerbFile, VerbGroup
from lagebild.resources import load_model, package_files, user_files


@dataclass(frozen=True)
class LanguageResources:
    """Actors, verb patterns, cues of one language, and the shared derived-code map."""

    lang: str
    actors: ActorFile
    verbs: VerbFile
    cues: CueFile
    grammar: GrammarFile
    derived: DerivedFile

    @classmethod
    def load(cls, lang: str, package: str, user_dirs: Iterable[Path] = ()) -> LanguageResources:
        dirs = list(user_dirs)
        actor_files = [*package_files(package, "actors*.yaml"), *user_files(dirs, "actors*.yaml")]
        verb_files = [*package_files(package, "verbs*.yaml"), *user_files(dirs, "verbs*.yaml")]
        cue_files = [*package_files(package, "cues.yaml"), *user_files(dirs, "cues.yaml")]
        grammar_files = package_files(package, "grammar.yaml")
        if not cue_files or not grammar_files:
            raise ResourceError(f"{lang}: cues.yaml and grammar.yaml are required in the pack")
        derived = importlib_resources.files("lagebild.events") / "data" / "derived.yaml"
        return cls(
            lang=lang,
            actors=merge_actor_files([load_model(f, ActorFile) for f in actor_files]),
            verbs=merge_verb_files([load_model(f, VerbFile) for f in verb_files]),
            cues=load_model(cue_files[-1], CueFile),
            grammar=load_model(grammar_files[0], GrammarFile),
            derived=load_model(derived, DerivedFile),
        )


def merge_actor_files(files: list[ActorFile]) -> ActorFile:
    """One actor dictionary from several files; later files add to earlier ones."""
    merged: dict[str, object] = {"kind": "actors"}
    for section in ("countries", "organisations", "roles", "people", "vague", "former_markers"):
        merged[section] = [entry for f in files for entry in getattr(f, section)]
    for section in ("pronouns", "short_references", "role_hypernyms"):
        merged[section] = {k: v for f in files for k, v in getattr(f, section).items()}
    return ActorFile.model_validate(merged)


def merge_verb_files(files: list[VerbFile]) -> VerbFile:
    """One verb dictionary; later files win.

    A user's group with a packaged id replaces it, and a lemma a later group
    lists is taken out of the earlier group that had it, so that users can
    re-code a verb without editing the packaged files.
    """
    verbs: dict[str, VerbGroup] = {}
    for group in (g for f in files for g in f.verbs):
        claimed = set(group.lemmas)
        for other_id, other in list(verbs.items()):
            if other_id != group.id and claimed & set(other.lemmas):
                rest = [lemma for lemma in other.lemmas if lemma not in claimed]
                if rest:
                    verbs[other_id] = other.model_copy(update={"lemmas": rest})
                else:
                    del verbs[other_id]
        verbs[group.id] = group
    nouns = {g.id: g for f in files for g in f.nouns}
    governors: dict[str, list[str]] = {}
    for f in files:
        for kind, entries in f.governors.items():
            governors.setdefault(kind, []).extend(entries)
    return VerbFile.model_validate(
        {
            "kind": "verbs",
            "verbs": list(verbs.values()),
            "nouns": list(nouns.values()),
            "light_verbs": sorted({v for f in files for v in f.light_verbs}),
            "happening_verbs": sorted({v for f in files for v in f.happening_verbs}),
            "governors": governors,
        }
    )
