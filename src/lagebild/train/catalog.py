"""The shipped models and their recorded held-out scores."""

from __future__ import annotations

from typing import Any

from lagebild.train.evaluation import read_meta, shipped_model_path

LANGUAGES = ("de", "en")


def list_models() -> list[dict[str, Any]]:
    """One entry per shipped model: language, path, pipeline, scores, size, speed."""
    models = []
    for lang in LANGUAGES:
        path = shipped_model_path(lang)
        if not (path / "meta.json").is_file():
            continue
        meta = read_meta(path)
        facts = meta.get("lagebild", {})
        models.append(
            {
                "lang": lang,
                "name": meta.get("name", ""),
                "path": str(path),
                "pipeline": meta.get("pipeline", []),
                "scores": facts.get("scores", {}),
                "size_mb": facts.get("size_mb"),
                "words_per_second": facts.get("words_per_second"),
                "train_minutes": facts.get("train_minutes"),
            }
        )
    return models
