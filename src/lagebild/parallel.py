"""Coding batches of articles: in this process, in worker processes, or on a Dask cluster.

Every way runs the same per-batch function, ``code_batch``: the articles of a
batch go through ``Pipeline.code_articles`` and come back as ``ArticleRows``
(the rows to store plus a few figures; the analysed tokens stay where they
were made). A Dask task additionally writes the rows as a Parquet shard
(``code_batch_to_shard``) and sends back only the figures.

- ``InlineCoder``: this process, with the caller's ``Pipeline``.
- ``ProcessCoder``: ``--workers N``, a pool of N spawned processes; each loads
  the pipeline once, in its initializer, and then codes batch after batch.
- ``DaskCoder``: ``--dask local:N`` (a ``LocalCluster`` of N single-threaded
  worker processes) or ``--dask tcp://scheduler:8786`` (an existing cluster).

All three are ``Coder``s: ``map`` takes ``(tag, articles)`` jobs and yields
``(tag, result)`` in the order of the jobs, with at most ``max_pending``
batches in flight, so memory stays bounded however long the input is and the
single writer (DuckDB has one) stores batches in input order. Input order
matters for resuming: a duplicate is never committed before its original.

Per process, the loaded pipeline is cached by ``worker_pipeline``: the one
piece of process-wide state, because models take seconds and hundreds of MB
to load and a worker must load them once, not per batch.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import pickle
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import psutil

from lagebild.errors import LagebildError
from lagebild.evaluate.bench import BenchResult
from lagebild.options import Options
from lagebild.pipeline import Pipeline
from lagebild.records import Article
from lagebild.store.rows import ArticleRows, Shard, article_rows
from lagebild.store.shards import ShardDirectory, write_shard

log = logging.getLogger(__name__)

T = TypeVar("T")
Coded = list[ArticleRows] | Shard

READY_TIMEOUT = 600.0  # seconds for worker processes to load their models
LOCAL_WORKER_CONFIG: dict[str, Any] = {
    # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536 so that they hand
    # memory back to the OS; spaCy allocates and frees so much that this costs
    # about 15% of CPU time (measured), and a coder's memory is steady anyway.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # The statistical profiler samples every thread's stack for the dashboard.
    "distributed.worker.profile.enabled": False,
}


# -- the per-batch function ------------------------------------------------------------
def code_with(pipeline: Pipeline, articles: Sequence[Article]) -> list[ArticleRows]:
    """Code ``articles`` with ``pipeline``; one ``ArticleRows`` per article, in order."""
    return [article_rows(result) for result in pipeline.code_articles(articles)]


@functools.cache
def _pipeline_for(key: bytes) -> Pipeline:
    return Pipeline(pickle.loads(key))


def worker_pipeline(options: Options) -> Pipeline:
    """The pipeline of this process for ``options``, built on first use."""
    return _pipeline_for(pickle.dumps(options))


def warm(options: Options, langs: Sequence[str] = ()) -> int:
    """Build this process's pipeline and load the models of ``langs``; returns the pid."""
    pipeline = worker_pipeline(options)
    for lang in langs:
        if lang in pipeline.available_languages():
            pipeline.runtime(lang).pack.nlp  # type: ignore[attr-defined]  # noqa: B018
    return os.getpid()


def code_batch(articles: Sequence[Article], options: Options) -> list[ArticleRows]:
    """The per-batch function of worker processes and Dask tasks."""
    return code_with(worker_pipeline(options), articles)


def code_batch_to_shard(
    articles: Sequence[Article], options: Options, directory: str, name: str
) -> Shard:
    """``code_batch``, then write the rows as a Parquet shard in ``directory``."""
    return write_shard(code_batch(articles, options), Path(directory), name)


# -- coders -----------------------------------------------------------------------------
class Coder:
    """Codes batches in order with a bounded number in flight; a context manager."""

    mode = "sequential"
    workers = 1
    max_pending = 1

    def map(self, jobs: Iterable[tuple[T, list[Article]]]) -> Iterator[tuple[T, Coded]]:
        raise NotImplementedError

    def warm_up(self, langs: Sequence[str]) -> None:
        """Load the models of ``langs`` everywhere before timing starts (benchmarks)."""

    def close(self) -> None:
        """Release processes and connections."""

    def __enter__(self) -> Coder:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class InlineCoder(Coder):
    """Codes in this process with the given pipeline."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def map(self, jobs: Iterable[tuple[T, list[Article]]]) -> Iterator[tuple[T, Coded]]:
        for tag, articles in jobs:
            yield tag, code_with(self.pipeline, articles) if articles else []

    def warm_up(self, langs: Sequence[str]) -> None:
        for lang in langs:
            if lang in self.pipeline.available_languages():
                self.pipeline.runtime(lang).pack.nlp  # type: ignore[attr-defined]  # noqa: B018


class _Ordered:
    """Futures in submission order, at most ``limit`` of them."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        # concurrent.futures or distributed futures: both have result() and cancel()
        self.queue: deque[tuple[Any, Any]] = deque()

    def full(self) -> bool:
        return len(self.queue) >= self.limit

    def cancel(self) -> None:
        for _, future in self.queue:
            if future is not None:
                future.cancel()
        self.queue.clear()


class ProcessCoder(Coder):
    """A pool of ``workers`` spawned processes, each loading the pipeline once.

    Processes are spawned, not forked: the parent holds a DuckDB connection
    and threads that a fork would copy in an undefined state.
    """

    mode = "processes"

    def __init__(
        self,
        options: Options,
        workers: int,
        *,
        max_pending: int | None = None,
        langs: Sequence[str] = (),
    ) -> None:
        if workers < 1:
            raise LagebildError(f"--workers must be at least 1, not {workers}")
        self.options = options
        self.workers = workers
        self.max_pending = max_pending or 2 * workers
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=warm,
            initargs=(options, tuple(langs)),
        )

    def map(self, jobs: Iterable[tuple[T, list[Article]]]) -> Iterator[tuple[T, Coded]]:
        pending = _Ordered(self.max_pending)
        try:
            for tag, articles in jobs:
                future = self._pool.submit(code_batch, articles, self.options) if articles else None
                pending.queue.append((tag, future))
                while pending.full():
                    yield self._next(pending)
            while pending.queue:
                yield self._next(pending)
        finally:
            pending.cancel()

    def _next(self, pending: _Ordered) -> tuple[Any, Coded]:
        tag, future = pending.queue.popleft()
        if future is None:
            return tag, []
        try:
            return tag, future.result()
        except BrokenProcessPool as err:
            raise LagebildError(f"a worker process died ({err}); see the log above") from err

    def warm_up(self, langs: Sequence[str]) -> None:
        """Wait until every worker has run its initializer (which loads the models).

        Each process runs the initializer before its first task, so a process
        that answered has loaded; ask until all ``workers`` processes have.
        """
        ready: set[int] = set()
        deadline = time.monotonic() + READY_TIMEOUT
        while len(ready) < self.workers:
            if time.monotonic() > deadline:
                raise LagebildError(f"only {len(ready)} of {self.workers} workers became ready")
            futures = [self._pool.submit(os.getpid) for _ in range(self.workers)]
            ready.update(f.result() for f in futures)
            if len(ready) < self.workers:
                time.sleep(0.05)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskCoder(Coder):
    """Batches as Dask tasks that write Parquet shards; the writer loads them in order.

    ``address`` is ``local:N`` for a local cluster of N worker processes with
    one thread each, or a scheduler address. Workers must be able to import
    ``lagebild`` and to write to ``shards`` (a shared file system on a real
    cluster).
    """

    mode = "dask"

    def __init__(
        self,
        address: str,
        options: Options,
        shards: ShardDirectory,
        *,
        max_pending: int | None = None,
    ) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as err:
            raise LagebildError(
                "--dask needs the distributed package: pip install 'dask[distributed]'"
            ) from err
        self.options = options
        self.shards = shards
        self._cluster: Any = None
        if address.startswith("local:"):
            workers = _positive(address.removeprefix("local:"), address)
            with dask.config.set(LOCAL_WORKER_CONFIG):
                self._cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.WARNING,
                )
            self.client = Client(self._cluster)
        else:
            try:
                self.client = Client(address, timeout="30s")
            except OSError as err:
                raise LagebildError(f"cannot reach the Dask scheduler {address}: {err}") from err
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.max_pending = max_pending or 2 * self.workers
        self.shards.prepare()

    def map(self, jobs: Iterable[tuple[T, list[Article]]]) -> Iterator[tuple[T, Coded]]:
        pending = _Ordered(self.max_pending)
        directory = str(self.shards.pending)
        try:
            for number, (tag, articles) in enumerate(jobs):
                future = None
                if articles:
                    future = self.client.submit(
                        code_batch_to_shard, articles, self.options, directory,
                        f"{number:07d}", pure=False, retries=1,
                    )  # fmt: skip
                pending.queue.append((tag, future))
                while pending.full():
                    yield from self._next(pending)
            while pending.queue:
                yield from self._next(pending)
        finally:
            pending.cancel()

    def _next(self, pending: _Ordered) -> Iterator[tuple[Any, Coded]]:
        tag, future = pending.queue.popleft()
        if future is None:
            yield tag, []
            return
        shard: Shard = future.result()
        yield tag, shard
        # Resumed only when the caller asks for more: the shard has been stored.
        self.shards.loaded(shard)

    def warm_up(self, langs: Sequence[str]) -> None:
        workers = list(self.client.scheduler_info().get("workers", {}))
        futures = [
            self.client.submit(warm, self.options, tuple(langs), workers=[w], pure=False)
            for w in workers
        ]
        self.client.gather(futures)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
        self.shards.finish()


def _positive(value: str, what: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise LagebildError(f"expected local:N with N >= 1, not {what!r}")
    return int(value)


def make_coder(
    options: Options,
    *,
    pipeline: Pipeline | None = None,
    shards: ShardDirectory | None = None,
    langs: Sequence[str] = (),
) -> Coder:
    """The coder ``options`` ask for: ``options.dask``, else ``options.workers`` processes."""
    if options.dask:
        if shards is None:
            raise LagebildError("--dask needs a shard directory for the coded batches")
        return DaskCoder(options.dask, options, shards)
    if options.workers > 1:
        return ProcessCoder(options, options.workers, langs=langs)
    return InlineCoder(pipeline or Pipeline(options))


# -- measuring ------------------------------------------------------------------------
class PeakMemory:
    """Samples the summed resident memory of a process and all its descendants.

    The sum over the process tree (psutil, every ``interval`` seconds) counts
    worker processes too, which ``getrusage`` does not for live children.
    Pages shared between processes are counted once per process, so the sum
    errs on the high side.
    """

    def __init__(self, pid: int | None = None, interval: float = 0.1) -> None:
        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-memory", daemon=True)

    @property
    def peak_mb(self) -> float:
        return self.peak / 1024 / 1024

    def sample(self) -> int:
        total = 0
        try:
            processes = [self.process, *self.process.children(recursive=True)]
        except psutil.Error:
            return 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                continue  # exited between listing and measuring
        self.peak = max(self.peak, total)
        return total

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> PeakMemory:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


@dataclass
class BenchRun:
    """One measured run: the figures and how they were obtained."""

    result: BenchResult
    mode: str
    workers: int


def benchmark(
    articles: Sequence[Article],
    make: Callable[[], Coder],
    *,
    batch_size: int,
    progress: Callable[[int], None] | None = None,
) -> BenchRun:
    """Code ``articles`` with the coder ``make`` builds; time and memory of the run.

    Starting the coder and loading models is timed as ``load_seconds``;
    ``articles_per_s`` covers coding only. Peak memory is the process tree's
    (this process and its workers), sampled over the whole run.
    """
    langs = sorted({a.lang for a in articles if a.lang})
    with PeakMemory() as memory:
        started = time.perf_counter()
        with make() as coder:
            coder.warm_up(langs)
            load_seconds = time.perf_counter() - started
            jobs = (
                (None, list(articles[i : i + batch_size]))
                for i in range(0, len(articles), batch_size)
            )
            done = sentences = tokens = events = 0
            started = time.perf_counter()
            for _, coded in coder.map(jobs):
                results = coded.results if isinstance(coded, Shard) else coded
                done += len(results)
                sentences += sum(r.n_sentences for r in results)
                tokens += sum(r.n_tokens for r in results)
                events += sum(r.n_events for r in results)
                if progress:
                    progress(len(results))
            seconds = time.perf_counter() - started
            mode, workers = coder.mode, coder.workers
            stages = coder.pipeline.stage_seconds if isinstance(coder, InlineCoder) else {}
    result = BenchResult(
        articles=done,
        sentences=sentences,
        tokens=tokens,
        events=events,
        seconds=seconds,
        articles_per_s=done / seconds if seconds else 0.0,
        sentences_per_s=sentences / seconds if seconds else 0.0,
        tokens_per_s=tokens / seconds if seconds else 0.0,
        peak_rss_mb=memory.peak_mb,
        load_seconds=load_seconds,
        analyze_seconds=stages.get("analyze"),
        code_seconds=stages.get("code"),
    )
    return BenchRun(result, mode, workers)
