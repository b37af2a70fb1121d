from __future__ import annotations

import pytest

from lagebild.dedupe import DedupeConfig, DedupeIndex, DedupeRow, DuplicateOf, shingles
from lagebild.errors import LagebildError
from lagebild.records import Article

WIRE = (
    "Moskau/Pjöngjang (dpa) - Nordkoreas Machthaber Kim Jong Un hat Russland bei einem "
    "Treffen mit Präsident Wladimir Putin die volle Unterstützung seines Landes zugesichert. "
    "Die beiden Politiker kamen am Mittwoch im Kosmodrom Wostotschny im Osten Russlands "
    "zusammen, wie die staatlichen Nachrichtenagenturen beider Länder berichteten. "
    "Kim sagte, Nordkorea stehe an der Seite Russlands in seinem gerechten Kampf. "
    "Putin nahm die Einladung zu einem Gegenbesuch in Pjöngjang an. "
    "Die USA hatten zuvor vor Waffenlieferungen Nordkoreas an Russland gewarnt und mit "
    "weiteren Sanktionen gedroht. Beobachter vermuten, dass Moskau im Gegenzug "
    "Militärtechnologie an Pjöngjang liefern könnte, etwa für Satelliten und U-Boote. "
    "Der Kreml wies entsprechende Berichte zurück. Analytiker in Seoul sprachen von einer "
    "neuen Qualität der Zusammenarbeit zwischen den beiden international isolierten Staaten. "
    "Auch in Tokio und Washington wurde das Treffen mit Sorge verfolgt. "
    "Das Gespräch der beiden Staatschefs dauerte nach russischen Angaben mehr als vier "
    "Stunden, ein Teil davon fand im kleinen Kreis statt. Anschließend besichtigten Kim "
    "und Putin gemeinsam Startanlagen für Raketen und eine Montagehalle. Kim war mit "
    "seinem gepanzerten Sonderzug angereist, die Fahrt durch den Osten Russlands hatte "
    "mehrere Tage gedauert. Südkorea forderte beide Länder auf, die Resolutionen des "
    "UN-Sicherheitsrats einzuhalten, die jeden Waffenhandel mit Nordkorea verbieten. "
    "Das Außenministerium in Seoul bestellte nach eigenen Angaben den russischen "
    "Botschafter ein. Aus Peking hieß es, man verfolge die Entwicklung aufmerksam und "
    "rufe alle Seiten zur Zurückhaltung auf. Experten gehen davon aus, dass Russland für "
    "den Krieg gegen die Ukraine vor allem Artilleriemunition aus nordkoreanischen "
    "Beständen benötigt. Nordkorea wiederum ist nach Jahren strenger Sanktionen auf "
    "Lebensmittel, Energie und Devisen angewiesen. Ob bei dem Treffen konkrete Abkommen "
    "unterzeichnet wurden, blieb zunächst offen."
)
UPDATED = (
    WIRE.replace(
        "Putin nahm die Einladung zu einem Gegenbesuch in Pjöngjang an.",
        "Putin sagte zu, Pjöngjang bald zu besuchen.",
    )
    + "\nAktualisiert um 14.30 Uhr: Der Kreml bestätigte das Gespräch."
)
UNRELATED = (
    "Hamburg (dpa) - Der Hamburger SV hat sein Heimspiel gegen Hannover 96 mit 2:1 gewonnen. "
    "Vor 57.000 Zuschauern im Volksparkstadion trafen Glatzel und Königsdörffer für die "
    "Gastgeber, die damit auf den zweiten Tabellenplatz der zweiten Liga vorrückten. "
    "Trainer Tim Walter lobte die Moral seiner Mannschaft nach dem frühen Rückstand. "
    "Hannover bleibt nach der dritten Niederlage in Serie im Mittelfeld der Tabelle."
)


def article(text: str, url: str | None = None) -> Article:
    return Article.from_text(text, url=url)


def test_exact_duplicate_points_to_the_first_copy() -> None:
    index = DedupeIndex()
    first = article(WIRE, "https://a.example/1")
    copy = article("  " + WIRE.upper() + "\n", "https://b.example/9")  # same normalised text
    assert index.observe(first) is None
    assert index.observe(copy) == DuplicateOf(first.id, "exact", 1.0)


def test_near_duplicate_detected_and_unrelated_not() -> None:
    index = DedupeIndex()
    original = article(WIRE, "https://a.example/1")
    updated = article(UPDATED, "https://a.example/1-update")
    other = article(UNRELATED, "https://c.example/sport")
    assert index.observe(original) is None
    found = index.check(updated)
    assert found is not None
    assert (found.article_id, found.kind) == (original.id, "near")
    assert 0.8 <= found.similarity < 1.0
    assert index.check(other) is None
    assert len(index) == 1  # check() does not add


def test_chains_resolve_to_the_canonical_copy() -> None:
    index = DedupeIndex()
    original, updated = article(WIRE, "u:1"), article(UPDATED, "u:2")
    again = article(UPDATED + "\nKorrektur: In einer früheren Fassung stand Tokio.", "u:3")
    index.observe(original)
    index.observe(updated)
    found = index.observe(again)
    assert found is not None and found.article_id == original.id


def test_observe_is_idempotent() -> None:
    index = DedupeIndex()
    original, updated = article(WIRE, "u:1"), article(UPDATED, "u:2")
    index.observe(original)
    first = index.observe(updated)
    assert index.observe(updated) == first
    assert index.observe(original) is None
    assert len(index) == 2


def test_state_round_trips_through_bytes_and_rows() -> None:
    index = DedupeIndex()
    for text, url in ((WIRE, "u:1"), (UPDATED, "u:2"), (WIRE, "u:3"), (UNRELATED, "u:4")):
        index.observe(article(text, url))
    rows = list(index.to_rows())
    assert [row.canonical_id is None for row in rows] == [True, False, False, True]
    assert len(rows[0].signature) == 128 * 4 and rows[2].signature == b""

    restored = DedupeIndex.from_bytes(index.to_bytes())
    as_tuples = [
        (r.article_id, r.content_hash, r.signature, r.canonical_id, r.similarity) for r in rows
    ]
    from_rows = DedupeIndex.from_rows(as_tuples)
    for copy in (restored, from_rows):
        assert list(copy.to_rows()) == rows
        found = copy.check(article(UPDATED + "\nNoch ein Satz.", "u:5"))
        assert found is not None and found.article_id == article(WIRE, "u:1").id
        assert copy.check(article(WIRE, "u:6")) == DuplicateOf(
            article(WIRE, "u:1").id, "exact", 1.0
        )


def test_state_from_other_settings_is_refused() -> None:
    index = DedupeIndex(DedupeConfig(num_perm=64))
    index.observe(article(WIRE, "u:1"))
    rows = list(index.to_rows())
    with pytest.raises(LagebildError, match="num_perm=128"):
        DedupeIndex.from_rows(rows, DedupeConfig(num_perm=128))
    assert isinstance(rows[0], DedupeRow)


def test_shingles() -> None:
    assert shingles("Eins, zwei; DREI vier fünf sechs.", 5) == {
        "eins zwei drei vier fünf",
        "zwei drei vier fünf sechs",
    }
    assert shingles("nur zwei", 5) == {"nur zwei"}
    assert shingles("  ...  ", 5) == set()


def test_an_original_read_after_its_own_copies_is_still_the_original() -> None:
    # State after a run that committed the copies of an article but not the
    # article itself: reading the article again must not make it a copy of itself.
    index = DedupeIndex()
    original = article(WIRE, "u:1")
    index.observe(original)
    index.observe(article(WIRE + "\nNoch ein Satz.", "u:2"))
    index.observe(article(WIRE, "u:3"))
    without_original = [r for r in index.to_rows() if r.article_id != original.id]
    assert all(r.canonical_id == original.id for r in without_original)
    resumed = DedupeIndex.from_rows(without_original)
    assert resumed.observe(original) is None
    assert resumed.row(original.id).canonical_id is None
