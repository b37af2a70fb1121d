"""The ``lagebild`` command: a thin layer over the Python API.

Commands parse their input, call the library and render the result; domain
errors become one-line messages (exit status 1), never tracebacks.
"""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import date, datetime
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from lagebild.errors import InputError, LagebildError
from lagebild.evaluate import evaluate_file
from lagebild.export import available_exporters, get_exporter
from lagebild.ingest import read_sources
from lagebild.ingest.base import IngestOptions
from lagebild.ingest.http import HttpClient
from lagebild.ingest.text import article_from_bytes
from lagebild.options import Options
from lagebild.parallel import BenchRun, InlineCoder, benchmark, make_coder
from lagebild.pipeline import Pipeline
from lagebild.records import Article, Event
from lagebild.runner import DEFAULT_BATCH_SIZE, IngestRun, IngestSummary
from lagebild.store import DEFAULT_DB, EventQuery, Store
from lagebild.store.shards import ShardDirectory, shard_root

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # a news article is far smaller; larger is an input error
LANGUAGES = ("auto", "de", "en")

out = Console(soft_wrap=True)
err = Console(stderr=True)


class LagebildGroup(click.Group):
    """Turns the library's errors into messages instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LagebildError as error:
            raise click.ClickException(str(error)) from error


@click.group(cls=LagebildGroup)
@click.version_option(package_name="lagebild")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.option(
    "--resources",
    "resource_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of your own actors*.yaml / verbs*.yaml files (same schema), merged "
    "after the packaged ones. Repeatable.",
)
@click.pass_context
def main(ctx: click.Context, verbose: int, resource_dirs: tuple[Path, ...]) -> None:
    """Political event data from German and English news."""
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(
        level=level, format="%(message)s", handlers=[RichHandler(console=err, show_path=False)]
    )
    ctx.obj = {"resource_dirs": tuple(d.resolve() for d in resource_dirs)}


def _options(lang: str | None, **extra: Any) -> Options:
    """The options object of a command, with the group's ``--resources`` folders."""
    ctx = click.get_current_context(silent=True)
    dirs = (ctx.find_root().obj or {}).get("resource_dirs", ()) if ctx else ()
    return Options(lang=None if lang in (None, "auto") else lang, resource_dirs=dirs, **extra)


# -- demo ----------------------------------------------------------------------
@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="DuckDB file to write.")
def demo(db: str) -> None:
    """Code the bundled example article into a DuckDB file and show its events."""
    text = resources.files("lagebild.data").joinpath("seed_de.txt").read_text(encoding="utf-8")
    article = Article.from_text(
        text,
        id="seed-kim-russland",
        lang="de",
        title=text.split("\n", 1)[0].strip('"'),
        source="lagebild demo",
    )
    result = Pipeline(_options("de", on_error="raise")).code_article(article)
    with Store(db) as store:
        stats = store.write([result])
        total = store.counts()
    out.print(event_table(result.events, title=f"Events in “{article.title}”"))
    out.print(
        f"{len(result.events)} events from {len(result.sentences)} sentences; "
        f"{stats.events} new events stored in [bold]{db}[/] "
        f"({total['articles']} articles, {total['events']} events in the database)."
    )


# -- code ----------------------------------------------------------------------
@main.command("code")
@click.argument("source", metavar="FILE|-")
@click.option("--lang", type=click.Choice(LANGUAGES), default="auto", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table")
@click.option("--explain", is_flag=True, help="Show rule, pattern and tokens of each event.")
@click.option("--max-bytes", type=int, default=MAX_DOCUMENT_BYTES, show_default=True)
def code_command(source: str, lang: str, fmt: str, explain: bool, max_bytes: int) -> None:
    """Code the events in a text file (or standard input)."""
    article = _read_document(source, lang, max_bytes)
    result = Pipeline(_options(lang, on_error="raise")).code_article(article)
    if result.status == "stored-uncoded":
        raise click.ClickException(f"{source}: {result.message}")
    if fmt == "jsonl":
        for event in result.events:
            out.print_json(json.dumps(event.flat(), ensure_ascii=False), indent=None)
    elif explain:
        for event in result.events:
            out.print(explanation(event))
    else:
        out.print(event_table(result.events))


def _read_document(source: str, lang: str, max_bytes: int) -> Article:
    options = IngestOptions(lang=None if lang == "auto" else lang, max_bytes=max_bytes)
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"{source}: no such file")
        if path.stat().st_size > max_bytes:
            raise InputError(
                f"{source}: too large ({path.stat().st_size / 1e6:.1f} MB > "
                f"{max_bytes / 1e6:.1f} MB); split it into articles or raise --max-bytes"
            )
        data = path.read_bytes()
    if len(data) > max_bytes:
        raise InputError(f"{source}: too large (more than {max_bytes / 1e6:.1f} MB)")
    if not data.strip():
        raise InputError(f"{source}: empty document")
    try:
        return article_from_bytes(data, source, options)
    except InputError as error:
        raise InputError(f"{source}: {error}") from error


# -- ingest / watch --------------------------------------------------------------
def _parallel_options(func: Any) -> Any:
    """``--workers``, ``--dask``, ``--shards``, ``--keep-shards`` (ingest and bench)."""
    func = click.option(
        "--keep-shards",
        is_flag=True,
        help="With --dask: keep the Parquet shards after loading them.",
    )(func)
    func = click.option(
        "--shards",
        type=click.Path(file_okay=False, path_type=Path),
        help="With --dask: shard directory, shared by all workers [default: DB.shards]",
    )(func)
    func = click.option(
        "--dask",
        "dask",
        metavar="local:N|ADDRESS",
        help="Code on a Dask cluster: local:N starts N local worker "
        "processes; else a scheduler address (tcp://host:8786).",
    )(func)
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="Code in N worker processes (each loads the models once).",
    )(func)


def _shard_directory(db: str, shards: Path | None, keep: bool) -> ShardDirectory:
    run = f"run-{datetime.now():%Y%m%dT%H%M%S}-{os.getpid()}"
    return ShardDirectory(shards or shard_root(db), run, keep=keep)


def _check_parallel(workers: int, dask: str | None) -> None:
    if dask and workers > 1:
        raise click.UsageError("give either --workers or --dask: Dask sets its own workers")


def _quiet_dask(dask: str | None) -> None:
    """Dask's scheduler logs every connection at INFO; show that only with -vv."""
    if not dask or logging.getLogger().getEffectiveLevel() <= logging.DEBUG:
        return
    with contextlib.suppress(ImportError):
        import distributed  # noqa: F401  (it sets its loggers' levels when imported)
    logging.getLogger("distributed").setLevel(logging.WARNING)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES), default="auto", show_default=True)
@click.option("--max-bytes", type=int, default=MAX_DOCUMENT_BYTES, show_default=True)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Articles per batch (one transaction, one task).",
)
@click.option(
    "--on-error",
    type=click.Choice(["skip", "raise"]),
    default="skip",
    show_default=True,
    help="raise: stop at the first document that fails.",
)
@_parallel_options
def ingest(
    paths: tuple[str, ...],
    db: str,
    lang: str,
    max_bytes: int,
    batch_size: int,
    on_error: str,
    workers: int,
    dask: str | None,
    shards: Path | None,
    keep_shards: bool,
) -> None:
    """Read articles from files, directories or URLs, code them and store them.

    Resumable: run it again on the same input after an interruption and it
    stores what is missing, nothing twice. Copies of an article (exact or
    near) are stored once, with every location that carried them.
    """
    ingest_options = IngestOptions(
        lang=None if lang == "auto" else lang,
        max_bytes=max_bytes,
        raise_on_failure=on_error == "raise",
    )
    _check_parallel(workers, dask)
    options = _options(lang, on_error=on_error, workers=workers, dask=dask)
    _quiet_dask(dask)
    with Store(db) as store, _progress() as progress:
        task = progress.add_task("ingesting", total=None)
        with make_coder(
            options,
            shards=_shard_directory(db, shards, keep_shards),
            langs=[options.lang] if options.lang else (),
        ) as coder:
            run = IngestRun(
                store,
                coder,
                batch_size=batch_size,
                on_batch=lambda s: progress.update(task, completed=s.records),
            )
            summary = run.ingest(read_sources(list(paths), ingest_options))
    out.print(_summary_line(summary, db) + ".")
    for failure in summary.failures:
        out.print(f"  [yellow]failed[/] {escape(failure.location)}: {escape(failure.reason)}")
    if summary.failed > len(summary.failures):
        out.print(
            f"  ... and {summary.failed - len(summary.failures)} more (lagebild failures --db {db})"
        )


def _summary_line(s: IngestSummary, db: str) -> str:
    line = (
        f"{s.stored} articles stored ({s.events} events), {s.already} already in {db}, "
        f"{s.duplicates} duplicates ({s.near_duplicates} near), {s.uncoded} not coded, "
        f"{s.failed} failed"
    )
    return line + (f", {s.skipped} records skipped (not articles)" if s.skipped else "")


def _duration(ctx: click.Context, param: click.Parameter, value: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    number, unit = (value[:-1], value[-1]) if value[-1:] in units else (value, "s")
    try:
        seconds = float(number) * units[unit]
    except ValueError:
        raise click.BadParameter(f"{value!r}: use e.g. 30s, 15m, 2h") from None
    if seconds <= 0:
        raise click.BadParameter("must be positive")
    return seconds


def _event_query(
    source: str | None,
    target: str | None,
    root: str | None,
    since: Any,
    until: Any,
    modality: str | None = None,
    limit: int | None = None,
) -> EventQuery:
    """The store query of the events and export options."""
    return EventQuery(
        source=source,
        target=target,
        root=root,
        modality=modality,
        limit=limit,
        since=since.date() if since else None,
        until=until.date() if until else None,
    )


@main.command()
@click.argument("feeds", nargs=-1, required=True)
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option(
    "--every",
    default="15m",
    show_default=True,
    callback=_duration,
    help="Time between polls: 30s, 15m, 2h.",
)
@click.option("--once", is_flag=True, help="Poll once and stop.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="auto", show_default=True)
@click.option(
    "--rate-limit",
    type=float,
    default=IngestOptions().rate_limit,
    show_default=True,
    help="Seconds between requests to one host.",
)
@click.option(
    "--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE, show_default=True
)
def watch(
    feeds: tuple[str, ...],
    db: str,
    every: float,
    once: bool,
    lang: str,
    rate_limit: float,
    batch_size: int,
) -> None:
    """Poll RSS/Atom feeds (or OPML lists of feeds) and code new items only.

    Items already stored, or known as copies of a stored article, are not
    fetched again; items whose page failed are retried at the next poll.
    One line per poll; stop with Ctrl-C.
    """
    ingest_options = IngestOptions(lang=None if lang == "auto" else lang, rate_limit=rate_limit)
    polls = 0
    with (
        Store(db) as store,
        HttpClient(ingest_options) as client,
        InlineCoder(Pipeline(_options(lang))) as coder,
    ):
        run = IngestRun(store, coder, batch_size=batch_size)
        try:
            while True:
                polls += 1
                summary = run.poll(feeds, ingest_options, client)
                out.print(
                    f"{datetime.now():%Y-%m-%d %H:%M:%S} poll {polls}: "
                    + _summary_line(summary, db)
                )
                if once:
                    break
                time.sleep(every)
        except KeyboardInterrupt:
            err.print(
                f"stopped after {polls} poll{'s' if polls != 1 else ''}; "
                "an interrupted batch was not stored and is fetched again next time"
            )


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )


# -- events / failures ---------------------------------------------------------
@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--source", help="Source actor code or entity (RUSGOV, RUS).")
@click.option("--target", help="Target actor code or entity.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Events on or after DATE.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Events on or before DATE.")
@click.option("--root", help="CAMEO root (two digits).")
@click.option(
    "--modality",
    type=click.Choice(["asserted", "negated", "speculative", "future", "hypothetical"]),
)
@click.option("--limit", type=int)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table")
def events(
    db: str,
    source: str | None,
    target: str | None,
    since: Any,
    until: Any,
    root: str | None,
    modality: str | None,
    limit: int | None,
    fmt: str,
) -> None:
    """Query stored events."""
    query = _event_query(source, target, root, since, until, modality=modality, limit=limit)
    with _open_existing(db) as store:
        rows = store.events(query)
    _print_rows(rows, fmt)


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(available_exporters()),
    default="jsonl",
    show_default=True,
    help="gdelt: the 61 columns of GDELT 2.0's event table.",
)
@click.option(
    "--out",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file [default: events + the format's suffix].",
)
@click.option("--source", help="Source actor code or entity.")
@click.option("--target", help="Target actor code or entity.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]))
@click.option("--root", help="CAMEO root (two digits).")
def export(
    db: str,
    fmt: str,
    output: Path | None,
    source: str | None,
    target: str | None,
    since: Any,
    until: Any,
    root: str | None,
) -> None:
    """Write stored events to a file (JSONL, CSV, Parquet, GDELT columns)."""
    exporter = get_exporter(fmt)
    path = output or Path(f"events{exporter.suffix}")
    query = _event_query(source, target, root, since, until)
    with _open_existing(db) as store:
        count = exporter.write(store.export_rows(query), path)
    out.print(f"{count} events written to {path} ({fmt})")


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table")
@click.option(
    "--all", "include_resolved", is_flag=True, help="Also failures that a later run resolved."
)
def failures(db: str, fmt: str, include_resolved: bool) -> None:
    """Documents that could not be read or coded, with the reason (open ones by default)."""
    with _open_existing(db) as store:
        rows = store.failures(include_resolved=include_resolved)
    columns = ("recorded_at", "stage", "location", "reason", "attempts")
    _print_rows(rows, fmt, columns=(*columns, "resolved_at") if include_resolved else columns)


def _open_existing(db: str) -> Store:
    if not Path(db).is_file():
        raise LagebildError(f"{db}: no such database (create it with lagebild ingest or demo)")
    return Store(db, read_only=True)


EVENT_TABLE_COLUMNS = ("date", "source", "target", "code", "name", "goldstein", "modality", "text")


def _print_rows(rows: list[dict[str, Any]], fmt: str, columns: Iterable[str] | None = None) -> None:
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
    elif fmt == "csv":
        names = list(rows[0]) if rows else list(columns or EVENT_TABLE_COLUMNS)
        writer = csv.DictWriter(sys.stdout, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: _json_default(v) if isinstance(v, dict | date) else v for k, v in row.items()}
            )
    else:
        table = Table(*(columns or EVENT_TABLE_COLUMNS))
        for row in rows:
            table.add_row(*(_cell(row.get(c)) for c in (columns or EVENT_TABLE_COLUMNS)))
        out.print(table)
        out.print(f"{len(rows)} rows")


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else str(value)
    return text if len(text) <= 90 else text[:87] + "..."


# -- rendering -------------------------------------------------------------------
def event_table(events: list[Event], title: str | None = None) -> Table:
    table = Table(
        "sent",
        "source",
        "target",
        "code",
        "event",
        "goldstein",
        "modality",
        "evidence",
        title=title,
        show_lines=False,
    )
    for e in events:
        table.add_row(
            str(e.sentence),
            f"{e.source.code}\n[dim]{e.source.text}[/]",
            f"{e.target.code}\n[dim]{e.target.text}[/]",
            e.code,
            e.name,
            f"{e.goldstein:+.1f}" if e.goldstein is not None else "",
            str(e.modality),
            f"[dim]{e.rule}[/]\n{e.evidence.verb if e.evidence else ''}",
        )
    return table


def explanation(event: Event) -> str:
    ev = event.evidence
    lines = [
        f"[bold]{event.source.code} → {event.target.code}  {event.code} {event.name}[/] "
        f"({event.modality}, Goldstein {event.goldstein:+.1f}, PLOVER {event.plover or '-'})",
        f"  sentence {event.sentence}: {event.text}",
    ]
    if ev is not None:
        lines += [
            f"  rule:    {ev.rule}   pattern: {ev.pattern}",
            f"  source:  {ev.source_tokens} ({event.source.entry or event.source.code}"
            + (
                f"; resolved from {event.source.resolved_from}"
                if event.source.resolved_from
                else ""
            )
            + ")",
            f"  verb:    {ev.verb}",
            f"  target:  {ev.target_tokens} ({event.target.entry or event.target.code}"
            + (
                f"; resolved from {event.target.resolved_from}"
                if event.target.resolved_from
                else ""
            )
            + ")",
        ]
        if ev.cues:
            lines.append(f"  cues:    {', '.join(ev.cues)}")
    if event.attribution:
        lines.append(f"  attributed to: {event.attribution}")
    return "\n".join(lines)


# -- eval / bench ------------------------------------------------------------------
@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", is_flag=True, help="List false positives and negatives by cause.")
def eval_command(gold: Path, as_json: bool, errors: bool) -> None:
    """Score the coder against a gold file (GUIDELINES.md format)."""
    result = evaluate_file(gold, Pipeline(_options(None)), keep_errors=errors)
    scores = result.as_dict()
    if as_json:
        if errors:
            scores["errors"] = [_error_dict(e) for e in result.errors]
        sys.stdout.write(json.dumps(scores, indent=2) + "\n")
        return
    out.print(_score_table(scores))
    if errors:
        _print_errors(result.errors)


def _error_dict(error: Any) -> dict[str, Any]:
    e = error.event
    return {
        "article": error.article,
        "sentence": error.sentence,
        "kind": error.kind,
        "cause": error.cause,
        "source": e.source,
        "target": e.target,
        "code": e.code,
        "modality": e.modality,
        "rule": e.rule,
        "text": error.text,
    }


def _score_table(scores: dict[str, Any]) -> Table:
    table = Table("measure", "value", title="Evaluation")
    for key, value in scores.items():
        if key != "per_root":
            table.add_row(key, _cell(value))
    roots = Table("root", "tp", "fp", "fn", "precision", "recall", title="Per CAMEO root")
    for root, c in scores["per_root"].items():
        roots.add_row(
            root,
            str(c["tp"]),
            str(c["fp"]),
            str(c["fn"]),
            f"{c['precision']:.2f}",
            f"{c['recall']:.2f}",
        )
    grid = Table.grid(padding=2)
    grid.add_row(table, roots)
    return grid


def _print_errors(errors: list[Any]) -> None:
    by_cause: dict[str, list[Any]] = {}
    for error in errors:
        by_cause.setdefault(f"{error.kind}:{error.cause}", []).append(error)
    for cause, cases in sorted(by_cause.items(), key=lambda kv: -len(kv[1])):
        out.print(f"\n[bold]{cause}[/] ({len(cases)})")
        for case in cases:
            e = case.event
            out.print(
                f"  {case.article}#{case.sentence} {e.source}→{e.target} {e.code} "
                f"{e.modality} [dim]{e.rule}[/]\n    {case.text}"
            )


@main.command()
@click.argument("corpus")
@click.option("--limit", type=int, help="Only the first N articles.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="auto", show_default=True)
@click.option(
    "--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE, show_default=True
)
@click.option(
    "--compare",
    is_flag=True,
    help="Also measure --workers 1 on the same articles and report the speedup.",
)
@click.option("--json", "as_json", is_flag=True)
@_parallel_options
def bench(
    corpus: str,
    limit: int | None,
    lang: str,
    batch_size: int,
    compare: bool,
    as_json: bool,
    workers: int,
    dask: str | None,
    shards: Path | None,
    keep_shards: bool,
) -> None:
    """Measure the whole pipeline's throughput and memory on a corpus.

    Peak memory is the summed resident memory of this process and its worker
    processes, sampled every 0.1 s (psutil). Model loading is timed apart
    (load_seconds); articles/s is the coding throughput.
    """
    _check_parallel(workers, dask)
    options = IngestOptions(lang=None if lang == "auto" else lang)
    stream = (i for i in read_sources([corpus], options) if isinstance(i, Article))
    articles = list(islice(stream, limit) if limit else stream)
    _quiet_dask(dask)
    with tempfile.TemporaryDirectory(prefix="lagebild-bench-") as tmp:

        def measure(**parallel: Any) -> BenchRun:
            coder_options = _options(lang, **parallel)
            directory = ShardDirectory(shards or Path(tmp), "bench", keep=keep_shards)
            with _progress() as progress:
                task = progress.add_task(_mode_name(coder_options), total=len(articles))
                return benchmark(
                    articles,
                    lambda: make_coder(coder_options, shards=directory),
                    batch_size=batch_size,
                    progress=lambda n: progress.update(task, advance=n),
                )

        run = measure(workers=workers, dask=dask)
        # The baseline runs second: its models stay loaded in this process,
        # and would count in the memory of a parallel run measured after it.
        baseline = measure() if compare else None
    figures: dict[str, Any] = {
        **run.result.as_dict(),
        "mode": run.mode,
        "workers": run.workers,
        "peak_rss_scope": "process tree (psutil, summed)",
    }
    if baseline is not None:
        base = baseline.result
        figures.update(
            baseline_articles_per_s=round(base.articles_per_s, 3),
            baseline_peak_rss_mb=round(base.peak_rss_mb, 3),
            speedup=round(run.result.articles_per_s / base.articles_per_s, 3)
            if base.articles_per_s
            else None,
        )
    if as_json:
        sys.stdout.write(json.dumps(figures) + "\n")
    else:
        table = Table("measure", "value", title=f"Benchmark: {corpus}")
        for key, value in figures.items():
            table.add_row(key, str(value))
        out.print(table)


def _mode_name(options: Options) -> str:
    if options.dask:
        return f"coding (dask {options.dask})"
    return f"coding ({options.workers} workers)" if options.workers > 1 else "coding"


def _attach_optional_commands() -> None:
    """Commands that live with their subsystem (training and models)."""
    from lagebild.train.cli import models_group, train_command

    main.add_command(train_command, "train")
    main.add_command(models_group, "models")


_attach_optional_commands()
