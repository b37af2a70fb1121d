"""Convert the shared data folder into spaCy training, development and test files.

Splits (never tuned on the test files):

- German UD: train on GSD dev + PUD, minus every 10th sentence, which is the
  development slice for early stopping; GSD test is the held-out test.
- German NER: GermEval 2014 dev (minus every 10th sentence, the development
  slice) plus SmartData v1 train + test; GermEval 2014 test is held out.
- English UD: EWT train / dev / test.
- Raw German text for pretraining: the 10kGNAD articles plus the German
  training sentences above (never a held-out sentence).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import spacy
from spacy.tokens import Doc, DocBin

from lagebild.train.conllu import (
    Sentence,
    conllu_to_docs,
    read_conllu_file,
    to_gsd_conventions,
)
from lagebild.train.ner_data import (
    TaggedSentence,
    read_germeval_file,
    read_smartdata_file,
    smartdata_to_docs,
    tagged_to_doc,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
DEV_EVERY = 10


@dataclass(frozen=True)
class DataFiles:
    """Where the shared data folder keeps each corpus."""

    root: Path

    def ud(self, name: str) -> Path:
        return self.root / "ud" / name

    def ner(self, name: str) -> Path:
        return self.root / "ner" / name

    @property
    def smartdata(self) -> list[Path]:
        folder = self.root / "ner" / "smartdata" / "v1_20180119"
        return [folder / "train.json.gz", folder / "test.json.gz"]

    @property
    def news(self) -> Path:
        return self.root / "corpus" / "10kgnad_test.jsonl"


def split_every(items: Sequence[T], every: int = DEV_EVERY) -> tuple[list[T], list[T]]:
    """(train, dev): every ``every``-th item goes to dev; deterministic, no shuffling."""
    train = [item for i, item in enumerate(items) if i % every != every - 1]
    dev = [item for i, item in enumerate(items) if i % every == every - 1]
    return train, dev


def save_docs(docs: Iterable[Doc], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc_bin = DocBin(store_user_data=False)
    count = 0
    for doc in docs:
        doc_bin.add(doc)
        count += 1
    doc_bin.to_disk(path)
    log.info("wrote %d docs to %s", count, path)
    return count


def _ud_docs(lang: str, sentences: Iterable[Sentence]) -> list[Doc]:
    return list(conllu_to_docs(spacy.blank(lang).vocab, sentences, merge_multiword=lang == "de"))


def prepare_german_ud(data: DataFiles, out: Path, gsd_copies: int = 1) -> dict[str, Path]:
    """``gsd_copies`` > 1 repeats the GSD training sentences, weighting GSD's
    annotation scheme (the held-out test's) over PUD's."""
    gsd = read_conllu_file(data.ud("de_gsd-ud-dev.conllu"))
    pud = [to_gsd_conventions(s) for s in read_conllu_file(data.ud("de_pud-ud-test.conllu"))]
    train, dev = split_every([*gsd, *pud])
    gsd_ids = {id(sentence) for sentence in gsd}
    train += [s for s in train if id(s) in gsd_ids] * (gsd_copies - 1)
    test = read_conllu_file(data.ud("de_gsd-ud-test.conllu"))
    paths = {name: out / f"de_ud_{name}.spacy" for name in ("train", "dev", "test")}
    for name, sentences in (("train", train), ("dev", dev), ("test", test)):
        save_docs(_ud_docs("de", sentences), paths[name])
    save_raw_text(_raw_german(data, [*gsd, *pud]), out / "de_raw.jsonl")
    paths["raw"] = out / "de_raw.jsonl"
    return paths


def prepare_german_ner(data: DataFiles, out: Path) -> dict[str, Path]:
    vocab = spacy.blank("de").vocab
    train, dev = split_every(read_germeval_file(data.ner("NER-de-dev.tsv")))
    test = read_germeval_file(data.ner("NER-de-test.tsv"))
    smartdata = [doc for path in data.smartdata for doc in _smartdata_docs(path)]
    paths = {name: out / f"de_ner_{name}.spacy" for name in ("train", "dev", "test")}
    save_docs([*_tagged_docs(vocab, train), *smartdata], paths["train"])
    save_docs(_tagged_docs(vocab, dev), paths["dev"])
    save_docs(_tagged_docs(vocab, test), paths["test"])
    paths["germeval_train"] = out / "de_ner_germeval_train.spacy"
    save_docs(_tagged_docs(vocab, train), paths["germeval_train"])
    return paths


def _tagged_docs(vocab: spacy.Vocab, sentences: Iterable[TaggedSentence]) -> list[Doc]:
    return [tagged_to_doc(vocab, sentence) for sentence in sentences]


def _smartdata_docs(path: Path) -> list[Doc]:
    return list(smartdata_to_docs(spacy.blank("de"), read_smartdata_file(path)))


def prepare_english_ud(data: DataFiles, out: Path) -> dict[str, Path]:
    sources = {
        "train": "en_ewt-ud-train.reconstructed-from-sources.conllu",
        "dev": "en_ewt-ud-dev.conllu",
        "test": "en_ewt-ud-test.conllu",
    }
    paths = {name: out / f"en_ud_{name}.spacy" for name in sources}
    for name, filename in sources.items():
        save_docs(_ud_docs("en", read_conllu_file(data.ud(filename))), paths[name])
    return paths


def _sentence_text(sentence: Sentence) -> str:
    return "".join(w.form + (" " if w.space_after else "") for w in sentence.words).strip()


def _raw_german(data: DataFiles, treebank: list[Sentence]) -> list[str]:
    """News articles plus German training sentences (never held-out ones)."""
    texts = [json.loads(line)["text"] for line in data.news.open(encoding="utf-8")]
    texts.extend(_sentence_text(sentence) for sentence in treebank)
    germeval_train, germeval_dev = split_every(read_germeval_file(data.ner("NER-de-dev.tsv")))
    texts.extend(" ".join(s.words) for s in (*germeval_train, *germeval_dev))
    for path in data.smartdata:
        texts.extend(
            str(doc.get("text", {}).get("string", "")) for doc in read_smartdata_file(path)
        )
    return [text for text in texts if text.strip()]


def save_raw_text(texts: Iterable[str], path: Path) -> None:
    """JSONL with one ``{"text": ...}`` per line, the input format of ``spacy pretrain``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for text in texts:
            handle.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")


def prepare(lang: str, data_dir: Path, out: Path, gsd_copies: int = 1) -> dict[str, Path]:
    """Convert everything one language needs; returns the written paths by role."""
    data = DataFiles(data_dir)
    if lang == "de":
        ud = prepare_german_ud(data, out, gsd_copies)
        return {**ud, **_prefixed("ner_", prepare_german_ner(data, out))}
    if lang == "en":
        return prepare_english_ud(data, out)
    raise ValueError(f"no training recipe for language {lang!r}")


def _prefixed(prefix: str, paths: dict[str, Path]) -> dict[str, Path]:
    return {prefix + key: value for key, value in paths.items()}
