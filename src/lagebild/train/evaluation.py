"""Held-out evaluation of a trained pipeline, and its speed, load time and memory."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from lagebild.train.conllu import conllu_to_docs, read_conllu_file
from lagebild.train.corpora import DataFiles
from lagebild.train.metrics import score_entities, score_treebank
from lagebild.train.ner_data import read_germeval_file, tagged_to_doc

log = logging.getLogger(__name__)

MAIN_KEYS = ("upos", "morph", "case", "lemma", "uas", "las", "ner_f1")
ENTITY_PIPES = ("ner", "entity_ruler", "lagebild_name_list")
HELD_OUT = {
    "de": {"ud": "de_gsd-ud-test.conllu", "ner": "NER-de-test.tsv"},
    "en": {"ud": "en_ewt-ud-test.conllu"},
}


def shipped_model_path(lang: str) -> Path:
    return Path(str(resources.files(f"lagebild.lang.{lang}") / "model"))


def load_model(path: Path, exclude: Iterable[str] = ()) -> Language:
    """A saved pipeline, without the components named in ``exclude``."""
    import lagebild.lang.components  # noqa: F401  (registers the custom factories)

    return spacy.load(path, exclude=list(exclude))


def held_out_treebank(lang: str, data_dir: Path, vocab: Any) -> list[Doc]:
    sentences = read_conllu_file(DataFiles(data_dir).ud(HELD_OUT[lang]["ud"]))
    return list(conllu_to_docs(vocab, sentences, merge_multiword=lang == "de"))


def held_out_entities(data_dir: Path, vocab: Any) -> list[Doc]:
    sentences = read_germeval_file(DataFiles(data_dir).ner(HELD_OUT["de"]["ner"]))
    return [tagged_to_doc(vocab, sentence) for sentence in sentences]


def detailed_scores(nlp: Language, lang: str, data_dir: Path) -> dict[str, float]:
    """Every metric of :mod:`lagebild.train.metrics` on the held-out splits."""
    scores = score_treebank(nlp, held_out_treebank(lang, data_dir, nlp.vocab))
    entity_pipes = [name for name in nlp.pipe_names if name in ENTITY_PIPES]
    if entity_pipes and "ner" in HELD_OUT[lang]:
        with nlp.select_pipes(enable=entity_pipes):
            scores.update(score_entities(nlp, held_out_entities(data_dir, nlp.vocab)))
    return scores


def main_scores(scores: dict[str, float]) -> dict[str, float]:
    return {key: scores[key] for key in MAIN_KEYS if key in scores}


def evaluate_language(
    lang: str, data_dir: Path, model_path: Path | None = None, exclude: Iterable[str] = ()
) -> dict[str, float]:
    """Recompute the held-out scores (percentages, one decimal) of a pipeline,
    by default the shipped one, optionally without some of its components."""
    nlp = load_model(model_path or shipped_model_path(lang), exclude)
    return main_scores(detailed_scores(nlp, lang, data_dir))


def words_per_second(nlp: Language, texts: list[str], min_words: int = 20000) -> float:
    """Throughput of the whole pipeline on plain text, one process, batches of 64."""
    batch = list(texts)
    while sum(len(t.split()) for t in batch) < min_words and texts:
        batch.extend(texts)
    start = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(batch, batch_size=64))
    return round(words / (time.perf_counter() - start))


def resident_mb() -> float:
    """Resident memory of this process now."""
    import psutil

    return float(psutil.Process().memory_info().rss / 2**20)


def directory_size_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def read_meta(path: Path) -> dict[str, Any]:
    meta: dict[str, Any] = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    return meta
