"""``lagebild train`` and ``lagebild models``: the command layer over lagebild.train."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.logging import RichHandler
from rich.table import Table

LANGS = click.Choice(["de", "en"])
DATA_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


@click.command("train")
@click.argument("lang", type=LANGS)
@click.option("--data", "data_dir", type=DATA_DIR, required=True, help="The shared data folder.")
@click.option(
    "--out", "out_dir", type=click.Path(path_type=Path), required=True, help="Run folder."
)
@click.option("--quick", is_flag=True, help="A few training steps only (smoke test).")
def train_command(lang: str, data_dir: Path, out_dir: Path, quick: bool) -> None:
    """Convert the data, train and evaluate the LANG pipeline into OUT/model."""
    from lagebild.train.recipes import train_language

    console = Console(stderr=True)
    logging.getLogger("lagebild").addHandler(RichHandler(console=console, show_path=False))
    logging.getLogger("lagebild").setLevel(logging.INFO)
    with console.status("training") as status:

        def progress(message: str) -> None:
            status.update(message)
            console.log(message)

        model = train_language(lang, data_dir, out_dir, quick=quick, progress=progress)
    click.echo(f"model written to {model}")
    click.echo(f"model card: {model / 'MODEL_CARD.md'}")


@click.group("models", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def models_group(ctx: click.Context, as_json: bool) -> None:
    """List the shipped language models with their held-out scores."""
    if ctx.invoked_subcommand is not None:
        return
    from lagebild.train.catalog import list_models

    models = list_models()
    if as_json:
        click.echo(json.dumps(models, indent=2, ensure_ascii=False))
        return
    _print_models(models)


def _print_models(models: list[dict[str, Any]]) -> None:
    if not models:
        click.echo("no trained models are installed")
        return
    table = Table("lang", "pipeline", "held-out scores", "MB", "words/s")
    for model in models:
        scores = ", ".join(f"{key} {value:.1f}" for key, value in model["scores"].items())
        table.add_row(
            model["lang"],
            " ".join(model["pipeline"]),
            scores,
            str(model["size_mb"]),
            str(model["words_per_second"]),
        )
    Console().print(table)


@models_group.command("evaluate")
@click.argument("lang", type=LANGS)
@click.option("--data", "data_dir", type=DATA_DIR, required=True, help="The shared data folder.")
@click.option(
    "--model",
    "model_path",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="A pipeline folder (default: the shipped model).",
)
@click.option(
    "--without",
    "without",
    multiple=True,
    help="Leave out this pipeline component (repeatable), e.g. lagebild_hanta_tagger.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def evaluate_command(
    lang: str, data_dir: Path, model_path: Path | None, without: tuple[str, ...], as_json: bool
) -> None:
    """Recompute the held-out scores of the LANG model."""
    from lagebild.train.evaluation import evaluate_language

    try:
        scores = evaluate_language(lang, data_dir, model_path, exclude=without)
    except OSError as error:
        raise click.ClickException(f"cannot evaluate the {lang} model: {error}") from error
    if as_json:
        click.echo(json.dumps(scores))
        return
    for key, value in scores.items():
        click.echo(f"{key:8} {value:5.1f}")
