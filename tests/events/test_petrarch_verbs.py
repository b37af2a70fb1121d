"""The PETRARCH verb-dictionary importer, on hand-written snippets and, when
``../shared`` is present, on PETRARCH-2's CAMEO.2.0.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.events.petrarch import (
    ImportReport,
    parse_petrarch_verbs,
    read_petrarch_verbs,
    write_verb_file,
)
from lagebild.events.schema import Pattern, VerbFile, VerbGroup
from lagebild.resources import load_model

SNIPPET = """\
# CAMEO VERB PATTERN DICTIONARY (test)
####### SYNONYM SETS #######

&WEAPON
# a comment inside a synonym set
+GUN
+MISSILES
+ROCKET_LAUNCHER
+AK-47

####### VERB PATTERNS #######

---  SUPPLY   [070]  ---
SUPPLY {SUPPLIES SUPPLIED SUPPLYING}
SHIP  # ab 12 Jan 2005
ARM [072]
+HAND_OVER {+HANDS_OVER +HANDED_OVER} [063]
- * &WEAPON                     [072]   # SUPPLY
- * (TO +)                      [070]   # SUPPLY
- * AID (TO +)                  [073]   # SUPPLY
- $ * {FOOD AID}                [073]   # SHIP
- &WEAPON * TROOPS              [154]   # SHIP
- * UP RESISTANCE               [110]   # ARM
- * OFF (FROM ^)                [042]   # SHIP
- * (TO LIST) (OF PARTIES)      [1722]  # ARM
- * FIRST MOVE                  [100]   # ARM
- * BANANAS                     [1952]  # unknown code
- * (BEFORE COURT)              [:173]  # SUPPLY

---  VISIT   [042:043]  ---
VISIT
- * (TO +)                      [042:043]   # VISIT
- * (WITH +)                    [040]       # VISIT

---  PHONE   [041:041]  ---
PHONE
SUPPLY
+CALL_BACK

---  HOST   [043:042]  ---
HOST

---  ALLEGE   [---]  ---
ALLEGE
- * PLOT                        [---]   # ALLEGE

######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
~ a (b . ATTACK) SAY = a b 112
"""

CAMEO_TXT = Path(__file__).resolve().parents[2].parent / "shared/data/petrarch/CAMEO.2.0.txt"


@pytest.fixture(scope="module")
def imported() -> tuple[VerbFile, ImportReport]:
    return parse_petrarch_verbs(SNIPPET)


def group(verb_file: VerbFile, gid: str) -> VerbGroup:
    found = [g for g in verb_file.verbs if g.id == gid]
    assert found, f"no group {gid!r} in {[g.id for g in verb_file.verbs]}"
    return found[0]


def test_groups_and_lemmas(imported: tuple[VerbFile, ImportReport]) -> None:
    verb_file, _ = imported
    supply = group(verb_file, "supply")
    assert supply.code == "070"
    assert supply.lemmas == ["supply", "ship"]
    arm = group(verb_file, "supply_072")
    assert arm.lemmas == ["arm"] and arm.code == "072"
    assert arm.patterns == supply.patterns  # a verb's own code keeps the block's patterns


def test_simple_patterns_map(imported: tuple[VerbFile, ImportReport]) -> None:
    patterns = group(imported[0], "supply").patterns
    weapons = patterns[0]
    assert weapons.code == "072"
    assert weapons.object == ["gun", "missile", "launcher"]  # synset expanded, singular
    assert Pattern(prep="to", code="070", target=["pp:to"]) in patterns
    assert Pattern(object=["aid"], prep="to", code="073", target=["pp:to"]) in patterns
    assert Pattern(object=["aid"], code="073", source=["subj"]) in patterns


def test_approximations_are_counted(imported: tuple[VerbFile, ImportReport]) -> None:
    verb_file, report = imported
    patterns = group(verb_file, "supply").patterns
    assert Pattern(object=["troop"], words=["gun", "missile", "launcher"], code="154") in patterns
    assert Pattern(object=["resistance"], words=["up"], code="110") in patterns
    assert report.approximated["words before the verb as a words condition"] == 1
    assert report.approximated["particle as a words condition"] == 1


def test_multi_word_verbs(imported: tuple[VerbFile, ImportReport]) -> None:
    verb_file, _ = imported
    hand = group(verb_file, "hand")  # HAND_OVER: a new group for the head verb
    assert hand.code is None and hand.lemmas == ["hand"]
    assert hand.patterns == [Pattern(words=["over"], code="063")]
    call = group(verb_file, "call")  # CALL_BACK under PHONE [041:041]
    assert call.patterns == [Pattern(words=["back"], code="041", reciprocal=True)]


def test_paired_codes(imported: tuple[VerbFile, ImportReport]) -> None:
    verb_file, _ = imported
    visit = group(verb_file, "visit")
    assert visit.visit and visit.code == "042"
    phone = group(verb_file, "phone")
    assert phone.reciprocal and phone.code == "041"
    host = group(verb_file, "host")
    assert host.visit and host.source == ["acc"] and host.target == ["subj"]
    court = [p for p in group(verb_file, "supply").patterns if p.code == "173"]
    assert court == [Pattern(prep="before", prep_object=["court"], code="173",
                             source=["acc"], target=["subj"])]  # fmt: skip


def test_null_codes(imported: tuple[VerbFile, ImportReport]) -> None:
    allege = group(imported[0], "allege")
    assert allege.code is None
    assert allege.patterns == [Pattern(object=["plot"], code=None)]


def test_unmappable_lines_are_counted(imported: tuple[VerbFile, ImportReport]) -> None:
    _, report = imported
    skipped = report.skipped
    assert skipped["^, % or @ marker"] == 1
    assert skipped["more than one prepositional phrase"] == 1
    assert skipped["more than one object"] == 1
    assert skipped["visit code in a pattern"] == 1
    assert skipped["transformation rule"] == 2
    assert skipped["verb already in an earlier group"] == 1  # SUPPLY under PHONE
    assert skipped["code not in the CAMEO codebook"] == 1  # 1952
    assert report.skipped_total == sum(skipped.values())
    assert all(report.examples[reason] for reason in skipped)


def test_counts(imported: tuple[VerbFile, ImportReport]) -> None:
    verb_file, report = imported
    assert report.groups == len(verb_file.verbs)
    assert report.verbs == sum(len(g.lemmas) for g in verb_file.verbs)
    assert report.patterns == sum(len(g.patterns) for g in verb_file.verbs)


def test_written_file_loads_back(imported: tuple[VerbFile, ImportReport], tmp_path: Path) -> None:
    verb_file, _ = imported
    path = tmp_path / "verbs_petrarch.yaml"
    write_verb_file(verb_file, path)
    assert path.read_text(encoding="utf-8").startswith("kind: verbs")
    assert load_model(path, VerbFile) == verb_file


def test_each_lemma_once(imported: tuple[VerbFile, ImportReport]) -> None:
    lemmas = [lemma for g in imported[0].verbs for lemma in g.lemmas]
    assert len(lemmas) == len(set(lemmas))


@pytest.mark.skipif(not CAMEO_TXT.exists(), reason="../shared/data/petrarch not available")
def test_smoke_cameo_2_0(tmp_path: Path) -> None:
    verb_file, report = read_petrarch_verbs(CAMEO_TXT)
    assert report.groups >= 350
    assert report.verbs >= 1500
    assert report.patterns >= 5000
    # most of the dictionary maps; what does not is counted
    assert report.skipped_total < report.patterns / 10
    lemmas = [lemma for g in verb_file.verbs for lemma in g.lemmas]
    assert len(lemmas) == len(set(lemmas))
    assert {"attack", "visit", "arrest", "condemn"} <= set(lemmas)
    path = tmp_path / "verbs_cameo.yaml"
    write_verb_file(verb_file, path)
    assert load_model(path, VerbFile) == verb_file
