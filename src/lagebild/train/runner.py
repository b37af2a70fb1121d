"""Thin wrappers around spaCy's training loop, pretraining and floret vectors.

spaCy's loop writes its progress table to a stream; we send it to a log file
in the run folder so that library code never prints.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from spacy import util
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as train_loop

log = logging.getLogger(__name__)

CONFIG_PACKAGE = "lagebild.train.configs"


def config_path(name: str) -> Path:
    """A committed training config, e.g. ``de_ud.cfg``."""
    return Path(str(resources.files(CONFIG_PACKAGE) / name))


@contextmanager
def single_thread() -> Iterator[None]:
    """Keep BLAS to one thread: the training machines are shared 2-core boxes."""
    names = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(dict.fromkeys(names, "1"))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def train_pipeline(config: Path, output_dir: Path, overrides: dict[str, Any]) -> Path:
    """Train one spaCy pipeline; returns the best checkpoint (``model-best``)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    loaded = util.load_config(config, overrides=overrides, interpolate=False)
    log_file = output_dir / "train.log"
    log.info("training %s -> %s (log: %s)", config.name, output_dir, log_file)
    with single_thread(), log_file.open("w", encoding="utf-8") as stream:
        nlp = init_nlp(loaded, use_gpu=-1)
        train_loop(nlp, output_dir, use_gpu=-1, stdout=stream, stderr=stream)
    return output_dir / "model-best"
