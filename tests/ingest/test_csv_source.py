from __future__ import annotations

import csv
import gzip
from pathlib import Path

from lagebild.ingest.base import Failure, IngestOptions
from lagebild.ingest.csv import CsvSource
from lagebild.records import Article

TEXT_DE = "Die Regierung in Berlin hat am Montag neue Sanktionen gegen Russland beschlossen."


def read(path: Path, options: IngestOptions | None = None) -> list[Article | Failure]:
    return list(CsvSource().read(str(path), options or IngestOptions()))


def test_semicolon_csv_with_multiline_field_and_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "doc_id;body;datum\n"
        f'1;"{TEXT_DE}\nZweite Zeile; mit Semikolon.";12.03.2016\n'
        "2;nur zwei Felder\n"
        "\n"
        f"3;{TEXT_DE};2016-03-14\n",
        encoding="utf-8",
    )
    options = IngestOptions(columns={"id": "doc_id", "text": "body", "published": "datum"})
    items = read(path, options)
    assert [type(item).__name__ for item in items] == ["Article", "Failure", "Article"]
    first, failure, third = items
    assert isinstance(first, Article) and first.id == "1"
    assert first.text.endswith("Zweite Zeile; mit Semikolon.")
    assert first.published is not None and first.published.date().isoformat() == "2016-03-12"
    assert isinstance(failure, Failure)
    assert failure.location == f"{path}:4"  # the quoted field spans lines 2-3
    assert failure.reason == "row has 2 fields, the header has 3"
    assert isinstance(third, Article) and third.source == f"{path}:6"


def test_tsv_and_large_fields(tmp_path: Path) -> None:
    path = tmp_path / "big.tsv"
    long_text = TEXT_DE + " " + "Weitere Einzelheiten folgen. " * 10_000  # > csv's 128 KB default
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["id", "text", "outlet"])
        writer.writerow(["x", long_text, "Tagesblatt"])
    [article] = read(path)
    assert isinstance(article, Article)
    assert article.text == long_text and article.outlet == "Tagesblatt"


def test_legacy_encoded_csv_and_gzip(tmp_path: Path) -> None:
    path = tmp_path / "alt.csv.gz"
    content = "id,text\n1,Der Außenminister äußerte sich über die Gespräche in Köln.\n"
    path.write_bytes(gzip.compress(content.encode("cp1252")))
    [article] = read(path)
    assert isinstance(article, Article)
    assert "Außenminister äußerte" in article.text


def test_missing_text_column(tmp_path: Path) -> None:
    path = tmp_path / "notext.csv"
    path.write_text("id,title\n1,Überschrift\n", encoding="utf-8")
    [failure] = read(path)
    assert isinstance(failure, Failure)
    assert (failure.location, failure.reason) == (f"{path}:2", "no text field 'text'")


def test_empty_csv(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    [failure] = read(path)
    assert isinstance(failure, Failure) and failure.reason.startswith("empty document")
