from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest

from lagebild.errors import InputError
from lagebild.ingest.base import Failure, IngestOptions
from lagebild.ingest.text import TextSource, decode_bytes, headline
from lagebild.records import Article, content_hash, stable_id

GERMAN = (
    "Kanzler reist nach Paris\n"
    "Der Bundeskanzler ist am Samstag zu Gesprächen mit dem französischen Präsidenten "
    "nach Paris gereist. Beide Politiker wollen über die gemeinsame Außenpolitik beraten. "
    "„Wir müssen handeln“, sagte der Sprecher.\n"
)


def read_one(path: Path, options: IngestOptions | None = None) -> Article | Failure:
    items = list(TextSource().read(str(path), options or IngestOptions()))
    assert len(items) == 1
    return items[0]


def test_utf8_text_becomes_article_with_headline_and_language(tmp_path: Path) -> None:
    path = tmp_path / "kanzler.txt"
    path.write_text(GERMAN, encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.text == GERMAN
    assert article.id == stable_id(content_hash(GERMAN))
    assert article.title == "Kanzler reist nach Paris"
    assert article.source == str(path)
    assert article.lang == "de"
    assert article.published is None


def test_empty_file_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n ")
    failure = read_one(path)
    assert isinstance(failure, Failure)
    assert failure.reason == "empty document"
    assert failure.location == str(path)
    assert failure.source == "text"


def test_binary_file_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    failure = read_one(path)
    assert isinstance(failure, Failure)
    assert failure.reason == "binary file, not text"


def test_cp1252_german_decodes_with_umlauts_and_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(GERMAN.replace("Außenpolitik", "Außenpolitik (Molière)").encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="lagebild.ingest.text"):
        article = read_one(path)
    assert isinstance(article, Article)
    assert "Gesprächen mit dem französischen Präsidenten" in article.text
    assert "„Wir müssen handeln“" in article.text
    assert "Molière" in article.text
    assert article.meta["encoding"] == "cp1252"
    assert "decoded as cp1252" in caplog.text


def test_random_bytes_cannot_be_decoded(tmp_path: Path) -> None:
    rng = random.Random(7)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(600)))
    failure = read_one(path)
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("cannot decode: not valid UTF-8")


def test_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Ein Satz über Politik. " * 100, encoding="utf-8")
    failure = read_one(path, IngestOptions(max_bytes=1000))
    assert isinstance(failure, Failure)
    assert failure.reason == "too large: 2.3 KB > limit 1000 bytes"


def test_forced_encoding_is_used_and_wrong_one_fails(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Grüße aus Köln, sagte der Bürgermeister am Montag.".encode("latin-1"))
    article = read_one(path, IngestOptions(encoding="latin-1"))
    assert isinstance(article, Article) and "Grüße aus Köln" in article.text
    failure = read_one(path, IngestOptions(encoding="utf-8"))
    assert isinstance(failure, Failure) and failure.reason.startswith("cannot decode as utf-8")


def test_utf16_with_byte_order_mark_is_text(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(GERMAN.encode("utf-16"))
    article = read_one(path)
    assert isinstance(article, Article) and article.text == GERMAN


def test_directory_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("Erster Text über die Regierung in Berlin.", encoding="utf-8")
    (tmp_path / "b" / "c.TXT").write_text("Zweiter Text über den Bundestag.", encoding="utf-8")
    (tmp_path / "b" / "notes.md").write_text("kein Text für diese Quelle", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("versteckt", encoding="utf-8")
    items = list(TextSource().read(str(tmp_path), IngestOptions()))
    assert [item.source for item in items if isinstance(item, Article)] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "c.TXT"),
    ]


def test_headline_only_for_short_first_lines_without_period() -> None:
    assert headline("Merkel trifft Macron\nText.") == "Merkel trifft Macron"
    assert headline("Dies ist ein ganzer Satz.\nNoch einer.") is None
    assert headline("x" * 300 + "\nrest") is None


def test_dateline_in_text_sets_published(tmp_path: Path) -> None:
    path = tmp_path / "dated.txt"
    path.write_text("Berlin, 12. März 2016 – " + GERMAN, encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.published is not None
    assert article.published.date().isoformat() == "2016-03-12"
    assert article.meta["published_source"] == "text"


@pytest.mark.parametrize(
    "noise",
    [
        b"ok " + bytes(range(0x80, 0xA0)) * 3,
        bytes(0x20 + byte % 0xE0 for byte in random.Random(3).randbytes(300)),
    ],
)
def test_byte_noise_is_not_guessed_into_some_code_page(noise: bytes) -> None:
    with pytest.raises(InputError, match=r"cannot decode: not valid UTF-8 \(byte 0x"):
        decode_bytes(noise)


def test_cyrillic_legacy_text_is_recognised() -> None:
    russian = "Президент России заявил в понедельник, что переговоры продолжатся."
    assert decode_bytes(russian.encode("cp1251")) == (russian, "cp1251")
