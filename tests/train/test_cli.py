"""The ``train`` and ``models`` click objects through CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lagebild.train import cli

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_models_lists_shipped_models_as_json() -> None:
    result = CliRunner().invoke(cli.models_group, ["--json"])
    assert result.exit_code == 0, result.output
    models = {m["lang"]: m for m in json.loads(result.output)}
    assert set(models) == {"de", "en"}
    assert models["de"]["scores"]["las"] > 0
    assert "ner_f1" in models["de"]["scores"]
    assert "ner_f1" not in models["en"]["scores"]


def test_models_table_names_each_language() -> None:
    result = CliRunner().invoke(cli.models_group, [])
    assert result.exit_code == 0, result.output
    assert "de" in result.output and "en" in result.output
    assert "las" in result.output


def test_evaluate_rejects_unknown_language(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.models_group, ["evaluate", "fr", "--data", str(tmp_path)])
    assert result.exit_code != 0


def test_evaluate_reports_missing_data_as_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.models_group, ["evaluate", "en", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "cannot evaluate" in result.output


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="needs ../shared/data")
def test_evaluate_reproduces_the_model_card_scores() -> None:
    result = CliRunner().invoke(
        cli.models_group, ["evaluate", "en", "--data", str(SHARED_DATA), "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    listed = {
        m["lang"]: m["scores"]
        for m in json.loads(CliRunner().invoke(cli.models_group, ["--json"]).output)
    }
    for key, value in scores.items():
        assert abs(value - listed["en"][key]) <= 0.5, key


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="needs ../shared/data")
def test_quick_training_run_writes_a_loadable_model(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli.train_command, ["en", "--data", str(SHARED_DATA), "--out", str(tmp_path), "--quick"]
    )
    assert result.exit_code == 0, result.output
    model = tmp_path / "model"
    assert (model / "MODEL_CARD.md").is_file()
    meta = json.loads((model / "meta.json").read_text())
    assert "las" in meta["lagebild"]["scores"]
