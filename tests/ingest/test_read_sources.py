from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lagebild.errors import InputError
from lagebild.ingest import available_sources, read_sources, source_for
from lagebild.ingest.base import Failure, IngestOptions, IngestTally, Source
from lagebild.records import Article

TEXT = "Die Regierung in Berlin hat am Montag neue Sanktionen gegen Russland beschlossen."


@pytest.fixture
def mixed(tmp_path: Path, corpus: Any) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "j1", "text": TEXT}) + "\n{kaputt\n", encoding="utf-8"
    )
    (tmp_path / "sub" / "c.html").write_text(corpus.page(), encoding="utf-8")
    (tmp_path / "sub" / "d.csv").write_text(f"id,text\nc1,{TEXT}\n", encoding="utf-8")
    (tmp_path / "sub" / "e.bin").write_bytes(b"\x00\x01")
    (tmp_path / ".git" / "config.txt").write_text("hidden", encoding="utf-8")
    return tmp_path


def test_every_built_in_source_is_registered() -> None:
    sources = available_sources()
    names = [source.name for source in sources]
    assert {"csv", "feed", "html", "jsonl", "text", "warc"} <= set(names)
    assert names.index("csv") < names.index("warc")  # equal priority: by name
    assert all(isinstance(source, Source) for source in sources)


def test_source_for_by_extension_scheme_and_sniffing(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x")
    (tmp_path / "page").write_text("<!DOCTYPE html><html><body>x</body></html>")
    names = {
        "https://example.org/feed": "feed",
        str(tmp_path / "x.txt"): "text",
        str(tmp_path / "a.jsonl.gz"): "jsonl",
        str(tmp_path / "a.tsv"): "csv",
        str(tmp_path / "a.warc.gz"): "warc",
        str(tmp_path / "page"): "html",
    }
    for location, name in names.items():
        source = source_for(location)
        assert source is not None and source.name == name, location
    assert source_for(str(tmp_path / "x.pdf")) is None
    assert source_for(str(tmp_path)) is None  # directories are walked by read_sources


def test_directory_is_walked_and_each_file_dispatched(mixed: Path) -> None:
    tally = IngestTally()
    items = list(tally.count(read_sources([str(mixed)], IngestOptions())))
    articles = [item for item in items if isinstance(item, Article)]
    failures = {item.location: item.reason for item in items if isinstance(item, Failure)}
    assert [a.source for a in articles] == [
        str(mixed / "a.txt"),
        f"{mixed / 'b.jsonl'}:1",
        f"{mixed / 'sub' / 'c.html'}",
        f"{mixed / 'sub' / 'd.csv'}:2",
    ]
    assert failures[f"{mixed / 'b.jsonl'}:2"].startswith("malformed JSON")
    assert failures[str(mixed / "sub" / "e.bin")] == f"no source can read {mixed / 'sub' / 'e.bin'}"
    assert (tally.articles, tally.failures, tally.skipped) == (4, 2, 0)


def test_missing_location_is_a_failure(tmp_path: Path) -> None:
    [failure] = read_sources([str(tmp_path / "nope.txt")])
    assert isinstance(failure, Failure) and failure.reason == "no such file or directory"


def test_raise_on_failure(mixed: Path) -> None:
    with pytest.raises(InputError, match="malformed JSON"):
        list(read_sources([str(mixed)], IngestOptions(raise_on_failure=True)))
