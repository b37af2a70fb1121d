"""The training recipe of each language: convert, train, assemble, evaluate, describe.

German: a UD pipeline (tok2vec, tagger, morphologizer, HanTa's parts of speech,
edit-tree lemmatizer, dictionary lemmatizer, parser) plus an NER with its own tok2vec, sourced into
the same pipeline. English: a UD pipeline with spaCy's rule lemmatizer.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import DocBin

from lagebild.lang.components import (
    CASE_AGREEMENT,
    HANTA_TAGGER,
    LOOKUP_LEMMATIZER,
    NAME_LIST,
    NameList,
)
from lagebild.train.corpora import prepare
from lagebild.train.evaluation import (
    detailed_scores,
    directory_size_mb,
    load_model,
    main_scores,
    resident_mb,
    words_per_second,
)
from lagebild.train.gazetteer import entity_patterns
from lagebild.train.model_card import write_model_card
from lagebild.train.runner import config_path, train_pipeline
from lagebild.train.vectors import FloretOptions, pretrain_tok2vec, train_floret_vectors

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
QUICK_OVERRIDES: dict[str, Any] = {"training.max_steps": 60, "training.eval_frequency": 30}
TOK2VEC = "components.tok2vec.model"
LOOKUP_POS = ["NOUN", "VERB", "ADJ", "ADV", "DET", "PRON"]
SPEED_WORDS = 20_000
EN_LOOKUP_POS = ["NOUN", "VERB", "ADJ", "ADV", "AUX", "PRON", "DET", "PART"]


@dataclass
class TrainOptions:
    """What a run changes from the committed recipe."""

    quick: bool = False
    vectors: bool = True
    pretrain_epochs: int = 5
    gsd_copies: int = 1
    lookup_lemmas: bool = True
    hanta: bool = True
    gazetteer: bool = True
    overrides: dict[str, Any] = field(default_factory=dict)
    progress: Progress = field(default=lambda message: None)


def _overrides(corpus: dict[str, Path], prefix: str, opts: TrainOptions) -> dict[str, Any]:
    found = {"paths.train": str(corpus[prefix + "train"]), "paths.dev": str(corpus[prefix + "dev"])}
    return {**found, **(QUICK_OVERRIDES if opts.quick else {}), **opts.overrides}


@dataclass
class Embeddings:
    """Static vectors and pretrained tok2vec weights shared by the German pipelines."""

    vectors: Path | None = None
    tok2vec: Path | None = None

    def overrides(self, tok2vec_path: str) -> dict[str, Any]:
        """Config overrides for a tok2vec at config path ``tok2vec_path``."""
        found: dict[str, Any] = {}
        if self.vectors is not None:
            found["paths.vectors"] = str(self.vectors)
            found[f"{tok2vec_path}.embed.include_static_vectors"] = True
        if self.tok2vec is not None:
            found["paths.init_tok2vec"] = str(self.tok2vec)
        return found


def _german_embeddings(corpus: dict[str, Path], work: Path, opts: TrainOptions) -> Embeddings:
    embeddings = Embeddings()
    if opts.vectors:
        opts.progress("training floret vectors on raw German text")
        floret_opts = FloretOptions(epochs=1) if opts.quick else FloretOptions()
        embeddings.vectors = train_floret_vectors("de", corpus["raw"], work / "floret", floret_opts)
    if opts.pretrain_epochs > 0:
        opts.progress("pretraining the tok2vec layer on raw German text")
        quick = {"corpora.pretrain.limit": 50} if opts.quick else {}
        embeddings.tok2vec = pretrain_tok2vec(
            config_path("de_ud.cfg"),
            corpus["raw"],
            work / "pretrain",
            {**embeddings.overrides(TOK2VEC), **quick},
            1 if opts.quick else opts.pretrain_epochs,
        )
    return embeddings


def _train_german(data_dir: Path, work: Path, opts: TrainOptions) -> Language:
    corpus = prepare("de", data_dir, work / "corpus", gsd_copies=opts.gsd_copies)
    embeddings = _german_embeddings(corpus, work, opts)
    opts.progress("training the German tagger, morphologizer, lemmatizer and parser")
    ud_overrides = {**_overrides(corpus, "", opts), **embeddings.overrides(TOK2VEC)}
    ud = train_pipeline(config_path("de_ud.cfg"), work / "de_ud", ud_overrides)
    opts.progress("training the German NER")
    ner_overrides = {**_overrides(corpus, "ner_", opts), **embeddings.overrides(TOK2VEC)}
    ner = train_pipeline(config_path("de_ner.cfg"), work / "de_ner", ner_overrides)
    nlp = assemble_german(ud, ner, lookup_lemmas=opts.lookup_lemmas, hanta=opts.hanta)
    if opts.gazetteer:
        add_gazetteer(nlp, corpus["ner_train"], corpus["ner_germeval_train"])
    return nlp


def assemble_german(
    ud_model: Path, ner_model: Path, lookup_lemmas: bool = True, hanta: bool = True
) -> Language:
    """The UD pipeline with HanTa's parts of speech, the dictionary lemmatizer,
    case agreement and the separately trained NER, which takes a private copy of
    its own tok2vec so that it needs no listener."""
    nlp = load_model(ud_model)
    if hanta:
        nlp.add_pipe(HANTA_TAGGER, after="morphologizer")
    if lookup_lemmas:
        nlp.add_pipe(LOOKUP_LEMMATIZER, after="trainable_lemmatizer", config={"pos": LOOKUP_POS})
    nlp.add_pipe(CASE_AGREEMENT, after="parser")
    ner_nlp = spacy.load(ner_model)
    ner_nlp.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    nlp.add_pipe("ner", source=ner_nlp)
    return nlp


def add_gazetteer(nlp: Language, train_docs: Path, exhaustive_docs: Path) -> None:
    """A name list after the NER with the names of the NER training data."""
    docs = list(DocBin().from_disk(train_docs).get_docs(nlp.vocab))
    exhaustive = list(DocBin().from_disk(exhaustive_docs).get_docs(nlp.vocab))
    names = nlp.add_pipe(NAME_LIST, after="ner")
    assert isinstance(names, NameList)
    names.add_patterns(entity_patterns(docs, exhaustive))


def _train_english(data_dir: Path, work: Path, opts: TrainOptions) -> Language:
    corpus = prepare("en", data_dir, work / "corpus")
    opts.progress("training the English tagger, morphologizer and parser")
    ud = train_pipeline(config_path("en_ud.cfg"), work / "en_ud", _overrides(corpus, "", opts))
    nlp = load_model(ud)
    if opts.lookup_lemmas:
        add_english_lookup(nlp)
    return nlp


def add_english_lookup(nlp: Language) -> None:
    """Dictionary lemmas over spaCy's English rules, which miss auxiliaries ("is")
    and pronouns ("me") and over-strip verbs ("need" -> "nee")."""
    config = {"lang": "en", "pos": EN_LOOKUP_POS}
    nlp.add_pipe(LOOKUP_LEMMATIZER, after="lemmatizer", config=config)


RECIPES: dict[str, Callable[[Path, Path, TrainOptions], Language]] = {
    "de": _train_german,
    "en": _train_english,
}


def train_language(lang: str, data_dir: Path, out_dir: Path, **opts: Any) -> Path:
    """Convert the data, train, evaluate on the held-out splits and write the model
    (with ``MODEL_CARD.md``) to ``out_dir/model``; returns that path.

    Options (see :class:`TrainOptions`): ``quick`` (a few steps, for smoke
    tests), ``vectors``, ``pretrain_epochs``, ``gsd_copies``, ``lookup_lemmas``,
    ``hanta``, ``gazetteer``, ``overrides`` (spaCy config overrides applied to every config),
    ``progress`` (a callable receiving status messages).
    """
    if lang not in RECIPES:
        raise ValueError(f"no training recipe for language {lang!r}; choose from {sorted(RECIPES)}")
    options = TrainOptions(**opts)
    started = time.perf_counter()
    nlp = RECIPES[lang](data_dir, out_dir, options)
    minutes = round((time.perf_counter() - started) / 60, 1)
    model_dir = out_dir / "model"
    if model_dir.exists():
        shutil.rmtree(model_dir)
    nlp.to_disk(model_dir)
    options.progress("evaluating on the held-out splits")
    describe_model(lang, model_dir, data_dir, minutes)
    return model_dir


def describe_model(lang: str, model_dir: Path, data_dir: Path, train_minutes: float) -> None:
    """Score, time and size the saved model; store it in meta.json and MODEL_CARD.md."""
    rss_before = resident_mb()
    load_started = time.perf_counter()
    nlp = load_model(model_dir)
    load_time = round(time.perf_counter() - load_started, 2)
    texts = _sample_texts(lang, data_dir)
    speed = words_per_second(nlp, texts, min_words=SPEED_WORDS)
    memory = round(resident_mb() - rss_before, 1)
    scores = detailed_scores(nlp, lang, data_dir)
    facts = {
        "scores": main_scores(scores),
        "details": scores,
        "train_minutes": train_minutes,
        "words_per_second": speed,
        "load_seconds": load_time,
        "memory_mb": memory,
        "size_mb": directory_size_mb(model_dir),
    }
    nlp.meta["lagebild"] = facts
    nlp.meta["name"] = f"lagebild_{lang}"
    nlp.meta["performance"] = scores
    nlp.to_disk(model_dir)
    write_model_card(lang, model_dir, facts)


def _sample_texts(lang: str, data_dir: Path, words: int = SPEED_WORDS) -> list[str]:
    """Plain text for the speed measurement: German news articles (10kGNAD), else
    the held-out test sentences; at least ``words`` words, so that nothing is
    measured twice (HanTa remembers the words it has analysed)."""
    from lagebild.train.conllu import read_conllu_file
    from lagebild.train.corpora import DataFiles
    from lagebild.train.evaluation import HELD_OUT

    data = DataFiles(data_dir)
    if lang == "de" and data.news.is_file():
        texts: list[str] = []
        for record in srsly.read_jsonl(data.news):
            texts.append(record["text"])
            if sum(len(t.split()) for t in texts) >= words:
                break
        return texts
    sentences = read_conllu_file(data.ud(HELD_OUT[lang]["ud"]))
    return [" ".join(w.form for w in s.words) for s in sentences]
