"""The packaged CAMEO codebook and PLOVER mapping against their references."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from lagebild.enrich.codebook import apply_codebook
from lagebild.events.codebook import load_codebook
from lagebild.records import Event, EventActor

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CAMEO = SHARED / "gold" / "cameo_codebook.tsv"
PLOVER = SHARED / "data" / "plover" / "CAMEO2PLOVER-2021.txt"
needs_shared = pytest.mark.skipif(not CAMEO.is_file(), reason="needs ../shared")


def test_codebook_has_311_codes_in_20_roots() -> None:
    codebook = load_codebook()
    assert len(codebook) == 311
    assert codebook.roots() == [f"{i:02d}" for i in range(1, 21)]
    for entry in codebook:
        assert entry.code.startswith(entry.root)
        assert -10.0 <= entry.goldstein <= 10.0
        assert entry.quad_class in (1, 2, 3, 4)


def test_known_codes() -> None:
    codebook = load_codebook()
    assert codebook.get("163").goldstein == -8.0
    assert codebook.get("163").quad_class_name == "Material Conflict"
    assert codebook.get("042").plover == "CONSULT"
    assert codebook.get("0332").plover == "AGREE"


@needs_shared
def test_codebook_matches_the_cameo_reference() -> None:
    codebook = load_codebook()
    with CAMEO.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert {r["code"] for r in rows} == {c.code for c in codebook}
    for row in rows:
        entry = codebook.get(row["code"])
        assert (entry.root, entry.name, entry.goldstein, entry.quad_class) == (
            row["root"],
            row["name"],
            float(row["goldstein"]),
            int(row["quad_class"]),
        ), row["code"]


@needs_shared
def test_plover_categories_match_the_mapping() -> None:
    codebook = load_codebook()
    seen: set[str] = set()
    for line in PLOVER.read_text(encoding="utf-8").splitlines():
        if line.startswith("~~"):
            break
        match = re.match(r"^(\d+):\s*([A-Z_]+)", line.strip())
        if not match or match.group(1) in seen or match.group(1) not in codebook:
            continue
        seen.add(match.group(1))
        assert codebook.get(match.group(1)).plover == match.group(2), match.group(1)
    assert len(seen) > 250


def test_enrichment_fills_codebook_fields_and_inherits_plover() -> None:
    actor = EventActor("USA", "USA", None, "USA")
    event = Event(
        id="e", article_id="a", sentence=0, start=0, end=1, source=actor, target=actor, code="0213"
    )
    apply_codebook(event, load_codebook())
    assert event.root == "02" and event.quad_class == 1 and event.goldstein is not None
    statement = Event(
        id="s", article_id="a", sentence=0, start=0, end=1, source=actor, target=actor, code="0832"
    )
    apply_codebook(statement, load_codebook())
    assert statement.plover == load_codebook().get("083").plover
