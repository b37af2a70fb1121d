"""Static floret vectors and tok2vec pretraining on raw German text.

Both learn only from unlabelled text: the news articles and the German
training sentences (``de_raw.jsonl``), never a held-out sentence.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy import util
from spacy.training.pretrain import pretrain

from lagebild.train.runner import single_thread

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FloretOptions:
    """Small on purpose: the vectors ship inside the model (dim x bucket x 4 bytes)."""

    dim: int = 64
    bucket: int = 20000
    epochs: int = 10
    minn: int = 3
    maxn: int = 5
    min_count: int = 2


def iter_texts(raw_jsonl: Path) -> Iterator[str]:
    with raw_jsonl.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)["text"]


def write_tokenized(lang: str, raw_jsonl: Path, out: Path) -> Path:
    """One line of space-separated spaCy tokens per text line, as floret expects."""
    tokenizer = spacy.blank(lang).tokenizer
    with out.open("w", encoding="utf-8") as handle:
        for text in iter_texts(raw_jsonl):
            for line in filter(None, (part.strip() for part in text.split("\n"))):
                handle.write(" ".join(t.text for t in tokenizer(line) if not t.is_space) + "\n")
    return out


def train_floret_vectors(
    lang: str, raw_jsonl: Path, work_dir: Path, options: FloretOptions | None = None
) -> Path:
    """Train floret vectors and convert them into a spaCy vectors model directory."""
    import floret  # a training-only dependency

    opts = options or FloretOptions()
    work_dir.mkdir(parents=True, exist_ok=True)
    tokens = write_tokenized(lang, raw_jsonl, work_dir / "tokens.txt")
    model = floret.train_unsupervised(
        str(tokens),
        model="cbow",
        mode="floret",
        hashCount=2,
        bucket=opts.bucket,
        minn=opts.minn,
        maxn=opts.maxn,
        dim=opts.dim,
        epoch=opts.epochs,
        minCount=opts.min_count,
        thread=1,
        verbose=0,
    )
    floret_file = work_dir / "vectors.floret"
    model.save_floret_vectors(str(floret_file))
    return _to_spacy_vectors(lang, floret_file, work_dir / "vectors_model")


def _to_spacy_vectors(lang: str, floret_file: Path, out: Path) -> Path:
    from spacy.training.initialize import convert_vectors

    nlp = spacy.blank(lang)
    convert_vectors(nlp, floret_file, truncate=0, prune=-1, mode="floret")
    nlp.to_disk(out)
    log.info("floret vectors: %s", out)
    return out


def pretrain_tok2vec(
    config: Path, raw_jsonl: Path, out_dir: Path, overrides: dict[str, Any], epochs: int
) -> Path:
    """``spacy pretrain`` (predict each word's first and last characters) on the raw
    text; returns the weights of the last epoch, for ``paths.init_tok2vec``."""
    settings = {**overrides, "paths.raw_text": str(raw_jsonl), "pretraining.max_epochs": epochs}
    loaded = util.load_config(config, overrides=settings, interpolate=False)
    out_dir.mkdir(parents=True, exist_ok=True)
    log_file = out_dir / "pretrain.log"
    log.info("pretraining tok2vec on %s (log: %s)", raw_jsonl, log_file)
    with (
        single_thread(),
        log_file.open("w", encoding="utf-8") as stream,
        redirect_stdout(stream),
        redirect_stderr(stream),
    ):
        pretrain(loaded.interpolate(), out_dir, silent=True)
    return out_dir / f"model{epochs - 1}.bin"
