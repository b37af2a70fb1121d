"""GermEval and SmartData conversion: label mapping, BIO repair, missing spans."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import spacy

from lagebild.train.ner_data import (
    bio_spans,
    iter_json_objects,
    map_germeval_tag,
    read_germeval,
    read_smartdata_file,
    smartdata_to_docs,
    tagged_to_doc,
)

GERMEVAL = """\
#\thttp://example.org\t[2010-01-01]
1\tDie\tO\tO
2\trussische\tB-LOCderiv\tO
3\tRegierung\tO\tO
4\tin\tO\tO
5\tMoskau\tB-LOC\tO
6\tund\tO\tO
7\tAngela\tB-PER\tO
8\tMerkel\tI-PER\tO
9\tlesen\tO\tO
10\tDie\tB-OTH\tO
11\tZeit\tI-OTH\tO
12\tim\tO\tO
13\tEU-Parlament\tB-ORGpart\tB-ORG

"""


def test_germeval_labels_map_to_four_types_and_drop_deriv_and_part() -> None:
    assert map_germeval_tag("B-OTH") == "B-MISC"
    assert map_germeval_tag("I-PER") == "I-PER"
    assert map_germeval_tag("B-LOCderiv") == "O"
    assert map_germeval_tag("B-ORGpart") == "O"


def test_germeval_sentence_becomes_doc_with_exact_spans() -> None:
    (sentence,) = read_germeval(GERMEVAL.splitlines(keepends=True))
    doc = tagged_to_doc(spacy.blank("de").vocab, sentence)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Moskau", "LOC"),
        ("Angela Merkel", "PER"),
        ("Die Zeit", "MISC"),
    ]
    assert doc[1].ent_iob_ == "O"  # "russische" is outside, not missing


def test_orphan_inside_tag_starts_an_entity() -> None:
    lines = ["1\tdas\tO\tO", "2\tWeiße\tI-LOC\tO", "3\tHaus\tI-LOC\tO", ""]
    (sentence,) = read_germeval(lines)
    assert sentence.tags == ["O", "B-LOC", "I-LOC"]
    assert bio_spans(sentence.tags) == [(1, 3, "LOC")]


def _smartdata_record() -> dict[str, object]:
    text = "Siemens kauft in Berlin.\nStau auf der A 100 bei Tegel."

    def mention(start: int, end: int, kind: str) -> dict[str, object]:
        return {"span": {"start": start, "end": end}, "type": kind}

    mentions = [
        mention(0, 7, "organization-company"),
        mention(17, 23, "location-city"),
        mention(37, 42, "location-route"),
        mention(47, 52, "location-stop"),
        mention(25, 29, "trigger"),
    ]
    return {"text": {"string": text}, "conceptMentions": {"array": mentions}}


def test_smartdata_json_stream_and_mapping(tmp_path: Path) -> None:
    path = tmp_path / "sd.json.gz"
    payload = json.dumps(_smartdata_record()) + "\n" + json.dumps(_smartdata_record())
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(payload)
    records = read_smartdata_file(path)
    assert len(records) == 2
    first, second = list(smartdata_to_docs(spacy.blank("de"), records[:1]))
    assert [(e.text, e.label_) for e in first.ents] == [("Siemens", "ORG"), ("Berlin", "LOC")]
    assert [(e.text, e.label_) for e in second.ents] == [("Tegel", "LOC")]
    route = [t for t in second if t.text in {"A", "100"}]
    assert [t.ent_iob_ for t in route] == ["", ""]  # missing, not O
    assert second[0].ent_iob_ == "O"  # a trigger word is no name
    assert first[1].ent_iob_ == "O"
    partial = next(iter(smartdata_to_docs(spacy.blank("de"), records[:1], unmarked="missing")))
    assert partial[1].ent_iob_ == ""  # "kauft": unknown rather than O
    assert [(e.text, e.label_) for e in partial.ents] == [("Siemens", "ORG"), ("Berlin", "LOC")]


def test_iter_json_objects_handles_whitespace_between_objects() -> None:
    assert list(iter_json_objects(' {"a": 1}\n\n{"b": 2} ')) == [{"a": 1}, {"b": 2}]
