"""Score articles on every core, in input order, with memory that does not grow with the corpus.

Each worker process builds one :class:`~framing.scoring.Scorer` when it starts (lexicons
compiled, models loaded once), then cleans and scores small chunks of articles. The parent
only reads the input (lazily) and keeps at most a few chunks per worker in flight, so at any
moment it holds only those articles and the records not yet handed on, whatever the size of the
corpus. Records come back in input order and are the same, key for key, whatever the number of
processes; the parent checks ids for duplicates in that order.

    >>> from framing.ingest import iter_articles
    >>> from framing.parallel import score_records
    >>> for item in score_records(iter_articles(["articles/"], build=False), jobs=4):
    ...     ...  # a record dict, or an InputError in the place of an unreadable input
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import math
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from .article import Article
from .errors import InputError
from .ingest import IdCheck, PendingArticle
from .lexicon import Lexicon

#: Articles sent to a worker at a time: large enough to amortise the cost of passing them
#: between processes, small enough to keep the work evenly spread and the progress bar moving.
CHUNKSIZE = 4
#: Chunks in flight per worker: enough to keep every worker busy while the parent writes.
WINDOW_PER_JOB = 4

_WORKER_SCORER: Any = None

log = logging.getLogger("framing")


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def _init_worker(dimensions, lexicons, options) -> None:
    global _WORKER_SCORER
    from .scoring import Scorer

    # Interrupting is the parent's to handle: it stops the workers itself (see _stop), so a
    # Ctrl-C that reaches the whole process group does not print a traceback per worker, and
    # a worker is never left behind when only the parent is told to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    _WORKER_SCORER = Scorer(dimensions, lexicons=lexicons, options=options)


def _score_one(scorer: Any, item: Article | PendingArticle) -> dict[str, Any] | InputError:
    if isinstance(item, PendingArticle):
        item = item.built()
        if isinstance(item, InputError):
            return item
    return scorer.score(item)


def _score_chunk(items: list[Article | PendingArticle]) -> list[dict[str, Any] | InputError]:
    return [_score_one(_WORKER_SCORER, item) for item in items]


def _checked(
    records: Iterable[dict[str, Any] | InputError], built_here: deque[bool]
) -> Iterator[dict[str, Any] | InputError]:
    """The records, where the article was built here (``built_here``: one flag per input item,
    in input order) and its id was seen before, replaced by a duplicate-id error as
    iter_articles makes it. Articles that came built were checked, or not, by their maker."""
    check = IdCheck()
    for record in records:
        if built_here.popleft() and isinstance(record, dict):
            problem = check(record["id"], record["source"])
            if problem is not None:
                yield problem
                continue
        yield record


def score_records(
    articles: Iterable[Article | PendingArticle | InputError],
    *,
    dimensions: Sequence[str] | None = None,
    lexicons: Sequence[str | Path | Lexicon] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    jobs: int | None = None,
    chunksize: int = CHUNKSIZE,
) -> Iterator[dict[str, Any] | InputError]:
    """Score ``articles`` on ``jobs`` processes (default: every core; 1: in this process).

    ``jobs`` is capped at what can help: the cores this process may use, and the chunks of
    ``chunksize`` articles there are (an input of one chunk is scored here, with no process
    started).

    Yields one record per article in input order; :class:`InputError` items in the input (as
    :func:`framing.ingest.iter_articles` yields them) come out unchanged in their place.
    :class:`~framing.ingest.PendingArticle` items (``iter_articles(..., build=False)``) are
    cleaned where they are scored, and an InputError takes the place of one with no text left
    or with the id of an article before it.
    ``dimensions``, ``lexicons`` and ``options`` are those of :class:`Scorer`; they are checked
    here before any process starts, and must be picklable (lexicon paths or loaded lexicons).
    """
    from .scoring import Scorer

    asked = default_jobs() if jobs is None else int(jobs)
    if asked < 1:
        raise ValueError(f"jobs must be at least 1, not {asked}")
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize}")
    jobs = min(asked, default_jobs())  # more processes than cores only add start-up and memory
    lexicons = list(lexicons)
    options = {name: dict(opts) for name, opts in (options or {}).items()}
    # Built here even when workers do the scoring: a bad dimension, lexicon or option is then
    # one clear error in this process, not a broken pool.
    scorer = Scorer(dimensions, lexicons=lexicons, options=options)
    # Read ahead of the records by at most the items in flight, so the flags stay few.
    built_here: deque[bool] = deque()

    def noted() -> Iterator[Article | PendingArticle | InputError]:
        for item in articles:
            built_here.append(isinstance(item, PendingArticle))
            yield item

    items: Iterator[Article | PendingArticle | InputError] = noted()
    if jobs > 1:
        # Read the first chunk for each process: an input that ends there needs no more
        # processes than it has chunks (and none when it has one).
        head = list(itertools.islice(items, jobs * chunksize))
        if len(head) < jobs * chunksize:
            n = sum(not isinstance(item, InputError) for item in head)
            jobs = max(1, min(jobs, math.ceil(n / chunksize)))
        items = itertools.chain(head, items)
    if jobs < asked:
        log.info("scoring on %d process%s (asked for %d)", jobs, "es" if jobs > 1 else "", asked)
    if jobs == 1:
        records = (item if isinstance(item, InputError) else _score_one(scorer, item)
                   for item in items)
    else:
        records = _score_in_pool(items, jobs, chunksize, (dimensions, lexicons, options))
    yield from _checked(records, built_here)


def _score_in_pool(
    articles: Iterable[Article | PendingArticle | InputError], jobs: int, chunksize: int,
    spec: tuple
) -> Iterator[dict[str, Any] | InputError]:
    # ``pending`` holds, in input order, (future, chunk) pairs and input errors waiting for the
    # chunks before them; at most ``window`` chunks are in flight at once.
    window = jobs * WINDOW_PER_JOB
    pending: deque[tuple[Future, list[Article | PendingArticle]] | InputError] = deque()
    in_flight = 0
    chunk: list[Article | PendingArticle] = []

    def start_pool() -> ProcessPoolExecutor:
        started = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                                      initargs=spec)
        # Start the workers before reading any input: forked, they would otherwise begin life
        # with a copy of whatever the reader holds; and they build their scorers while it reads.
        started.submit(os.getpid)
        return started

    pool = start_pool()
    try:

        def recover(
            failed: list[Article | PendingArticle],
        ) -> Iterator[dict[str, Any] | InputError]:
            """The chunk's records, scored one article at a time after its process died or
            raised: the article to blame becomes an InputError, the others keep their
            records, and the chunks in flight on a broken pool are sent again."""
            nonlocal pool
            for item in failed:
                if getattr(pool, "_broken", False):
                    pool.shutdown(wait=True)
                    pool = start_pool()
                future = pool.submit(_score_chunk, [item])
                try:
                    (record,) = future.result()
                except BrokenProcessPool:
                    yield _unscored(item, "the worker process died while scoring it (out of "
                                    "memory?); it is not tried again")
                except Exception as exc:  # noqa: BLE001 - an article's failure, not the run's
                    first = (str(exc).strip().splitlines() or [""])[0][:200]
                    yield _unscored(item, f"scoring it failed: {type(exc).__name__}: {first}")
                else:
                    yield record
            if getattr(pool, "_broken", False):
                pool.shutdown(wait=True)
                pool = start_pool()
            for k, entry in enumerate(pending):  # what the broken pool lost, sent again
                if isinstance(entry, tuple) and entry[0].done() and \
                        isinstance(entry[0].exception(), BrokenProcessPool):
                    pending[k] = (pool.submit(_score_chunk, entry[1]), entry[1])

        def ready(block: bool) -> Iterator[dict[str, Any] | InputError]:
            nonlocal in_flight
            while pending and (block or not isinstance(pending[0], tuple)
                               or pending[0][0].done()):
                head = pending.popleft()
                if isinstance(head, tuple):
                    in_flight -= 1
                    try:
                        records = head[0].result()
                    except Exception:  # noqa: BLE001 - found article by article
                        records = list(recover(head[1]))
                    yield from records
                else:
                    yield head
                if block and in_flight < window:
                    return

        def submit() -> None:
            nonlocal chunk, in_flight
            if chunk:
                pending.append((pool.submit(_score_chunk, chunk), chunk))
                in_flight += 1
                chunk = []

        for item in articles:
            if isinstance(item, InputError):
                submit()  # the error must come after the articles read before it
                pending.append(item)
            else:
                chunk.append(item)
                if len(chunk) >= chunksize:
                    submit()
            if in_flight >= window:
                yield from ready(block=True)
            yield from ready(block=False)
        submit()
        while pending:
            yield from ready(block=True)
    except BaseException:  # interrupted, stopped by a signal, or closed early by the reader
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _unscored(item: Article | PendingArticle, why: str) -> InputError:
    """The error that takes the place of an article no worker could score."""
    if isinstance(item, PendingArticle) and item.path is not None:
        return InputError(item.path, f"not scored: {why}", line=item.line)
    return InputError(item.source, f"not scored: {why}")


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the pool's processes now, without waiting for the chunks they are scoring (the
    pool's own thread then finds them gone, and ``shutdown(wait=True)`` joins it)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    # Chunks still queued for the dead workers must not hold the pool's thread at shutdown:
    # its queue's feeder may be blocked on a full pipe no process will read any more.
    queue = getattr(pool, "_call_queue", None)
    if queue is not None:
        with contextlib.suppress(Exception):
            queue.cancel_join_thread()
    for process in processes:
        with contextlib.suppress(OSError, ValueError):
            process.terminate()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(timeout=10)


class ParquetRowWriter:
    """Write flat rows to one Parquet file in batches, so a corpus never sits in memory whole.

    Columns and their types are fixed by the first batch, as RowWriter's CSV header is by the
    first row: a column that is empty throughout the first batch is stored as text when it is a
    metadata field and as a number otherwise (the metrics). Needs pyarrow.
    """

    def __init__(
        self, fh: Any, *, batch_size: int = 1000, columns: Sequence[str] = (),
        text_columns: Sequence[str] = (), like: ParquetRowWriter | None = None,
    ):
        """``columns``: the first columns, in order (the rest follow as the first batch has
        them); ``text_columns``: those to store as text even when the first batch is empty;
        ``like``: a writer whose columns and types to keep (files of one dataset)."""
        self.pa, self.pq = _pyarrow()
        self.fh = fh
        self.batch_size = batch_size
        self.text_columns = set(text_columns)
        self.rows: list[dict[str, Any]] = []
        self.first_columns = list(columns)
        self.columns: list[str] | None = None
        self.schema = None
        self.writer = None
        if like is not None and like.schema is not None:
            self.columns, self.schema = like.columns, like.schema

    def write(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        import pandas as pd

        pa = self.pa
        if self.columns is None:
            self.columns = list(
                dict.fromkeys([*self.first_columns, *(k for row in self.rows for k in row)])
            )
        frame = pd.DataFrame(self.rows, columns=self.columns)
        self.rows = []
        if self.schema is None:
            try:
                table = pa.Table.from_pandas(frame, preserve_index=False)
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
                from .errors import FramingError

                raise FramingError(
                    f"a column cannot be stored in Parquet ({exc}); write --format jsonl "
                    "instead") from None
            fields = [
                pa.field(f.name, pa.string() if f.name in self.text_columns else pa.float64())
                if pa.types.is_null(f.type) else f
                for f in table.schema
            ]
            self.schema = pa.schema(fields, metadata=table.schema.metadata)
        if self.writer is None:
            self.writer = self.pq.ParquetWriter(self.fh, self.schema)
        try:
            table = pa.Table.from_pandas(frame, schema=self.schema, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
            from .errors import FramingError

            raise FramingError(
                f"a column changed type between articles ({exc}); write --format jsonl instead"
            ) from None
        if table.num_rows:
            self.writer.write_table(table)

    def close(self) -> None:
        """Write what is left (an empty file with the columns seen, if nothing came)."""
        self.flush()
        self.writer.close()


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        from .errors import FramingError

        raise FramingError(
            "Parquet output needs pyarrow: pip install 'framing[parquet]', or use --format csv"
        ) from None
    return pa, pq


__all__ = ["score_records", "default_jobs", "ParquetRowWriter"]
