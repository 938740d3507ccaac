"""Score articles on every core, in input order, with memory that does not grow with the corpus.

Each worker process has one :class:`~framing.scoring.Scorer` (forked, the parent's; otherwise
built when it starts: lexicons compiled, models loaded once), then cleans and scores small
chunks of articles, one chunk at a time. A worker that dies (a crash, the out-of-memory killer)
costs only the article it was scoring, after one more try alone. The parent
only reads the input (lazily) and keeps at most a few chunks per worker in flight, so at any
moment it holds only those articles and the records not yet handed on, whatever the size of the
corpus. Records come back in input order and are the same, key for key, whatever the number of
processes; the parent checks ids for duplicates in that order.

    >>> from framing.ingest.reading import iter_articles
    >>> from framing.engines.local import score_records
    >>> for item in score_records(iter_articles(["articles/"], build=False), jobs=4):
    ...     ...  # a record dict, or an InputError in the place of an unreadable input
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..article import Article
from ..errors import FramingError, InputError
from ..ingest.reading import IdCheck, PendingArticle, TextCheck
from ..lexicon import Lexicon

#: Articles sent to a worker at a time: large enough to amortise the cost of passing them
#: between processes, small enough to keep the work evenly spread and the progress bar moving.
CHUNKSIZE = 4
#: Chunks read ahead per worker (sent, scored and waiting for the articles before them): enough
#: to keep every worker busy while the parent writes and while one works on a long article.
WINDOW_PER_JOB = 4

_WORKER_SCORER: Any = None
_WORKER_FINISH: Callable[[dict[str, Any]], Any] | None = None

log = logging.getLogger("framing")


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def _init_worker(dimensions, lexicons, options) -> None:
    global _WORKER_SCORER
    from ..scoring import Scorer

    _WORKER_SCORER = Scorer(dimensions, lexicons=lexicons, options=options)


def _score_one(scorer: Any, item: Article | PendingArticle) -> dict[str, Any] | InputError:
    if isinstance(item, PendingArticle):
        item = item.built()
        if isinstance(item, InputError):
            return item
    return scorer.score(item)


def _score_safely(scorer: Any, item: Article | PendingArticle,
                  finish: Callable[[dict[str, Any]], Any] | None = None,
                  ) -> dict[str, Any] | InputError:
    """The article's record (passed through ``finish`` when given); an exception while scoring
    it (a bug that this input brings out) becomes an InputError in its place, so that it costs
    only this article (-vv: traceback)."""
    try:
        record = _score_one(scorer, item)
        return finish(record) if finish is not None and isinstance(record, dict) else record
    except Exception as exc:  # noqa: BLE001 - one article's failure, not the run's
        log.debug("scoring %s failed", _where(item), exc_info=True)
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        return _unscored(item, f"scoring it failed ({type(exc).__name__}: {first}); this is a "
                         "bug in framing: please report it with this input")


def _where(item: Article | PendingArticle) -> str:
    return item.path or item.source if isinstance(item, PendingArticle) else item.source


def _unscored(item: Article | PendingArticle, why: str) -> InputError:
    """The error that takes the place of an article that could not be scored."""
    if isinstance(item, PendingArticle) and item.path is not None:
        return InputError(item.path, f"not scored: {why}", line=item.line)
    return InputError(item.source, f"not scored: {why}")


def _checked(
    records: Iterator[dict[str, Any] | InputError], built_here: deque[bool]
) -> Iterator[dict[str, Any] | InputError]:
    """The records, where the article was built here (``built_here``: one flag per input item,
    in input order) and its id was seen before, replaced by a duplicate-id error as
    iter_articles makes it. Articles that came built were checked, or not, by their maker."""
    check = IdCheck()
    same_text = TextCheck()
    with contextlib.closing(records):  # a reader that stops early stops the workers now
        for record in records:
            if built_here.popleft() and isinstance(record, dict):
                problem = check(record["id"], record["source"])
                if problem is not None:
                    yield problem
                    continue
                same_text(record["text"], record["source"])
            yield record


def score_records(
    articles: Iterable[Article | PendingArticle | InputError],
    *,
    dimensions: Sequence[str] | None = None,
    lexicons: Sequence[str | Path | Lexicon] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    jobs: int | None = None,
    chunksize: int = CHUNKSIZE,
    finish: Callable[[dict[str, Any]], Any] | None = None,
) -> Iterator[dict[str, Any] | InputError]:
    """Score ``articles`` on ``jobs`` processes (default: every core; 1: in this process).

    Yields one record per article in input order; :class:`InputError` items in the input (as
    :func:`framing.ingest.reading.iter_articles` yields them) come out unchanged in their place.
    :class:`~framing.ingest.reading.PendingArticle` items (``iter_articles(..., build=False)``) are
    cleaned where they are scored, and an InputError takes the place of one with no text left
    or with the id of an article before it. An article whose scoring raises, or whose worker
    process dies twice while scoring it (a crash, the out-of-memory killer), also becomes an
    InputError in its place; the other articles keep their records.
    ``dimensions``, ``lexicons`` and ``options`` are those of :class:`Scorer`; they are checked
    here before any process starts, and must be picklable (lexicon paths or loaded lexicons).
    Closing the iterator early (or an exception, Ctrl-C) ends the worker processes at once.
    ``finish`` (picklable, e.g. :func:`framing.record.encoded_record`) is applied to each record
    where it was scored, so that work is spread over the processes too; what it returns must
    keep the keys that the id checks read (id, source, text).
    """
    from ..scoring import Scorer

    jobs = default_jobs() if jobs is None else int(jobs)
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    jobs = min(jobs, default_jobs())  # more processes than cores only cost start-up and memory
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize}")
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

    if jobs > 1:  # an input that fits in one chunk would keep one worker busy: score it here
        articles = iter(articles)
        first = list(islice(articles, chunksize + 1))
        if len(first) <= chunksize:
            jobs = 1
        articles = chain(first, articles)
    if jobs == 1:
        records = (item if isinstance(item, InputError) else _score_safely(scorer, item, finish)
                   for item in noted())
    else:
        records = _score_in_pool(noted(), jobs, chunksize, scorer,
                                 (dimensions, lexicons, options), finish)
    yield from _checked(records, built_here)


# Why our own processes and pipes, not concurrent.futures or multiprocessing.Pool: each worker
# here has a pipe of its own and takes one chunk at a time, so the parent always knows which
# articles a process holds and which one it was scoring when it died (records come back one at a
# time). ProcessPoolExecutor marks the whole pool broken when one process dies, losing every
# chunk in flight, and stopping it waits on its manager and queue-feeder threads, which can
# block on a pipe to a dead process (framing hung there when a reader closed early);
# multiprocessing.Pool silently replaces a dead process and never returns its task. Here the
# parent runs no threads: it waits on pipes and process sentinels, and stopping is terminate,
# a bounded join, then kill.

#: Seconds to wait for workers to end after being asked (then they are killed).
STOP_WAIT = 5.0
#: Signals blocked while a worker process is forked, until it has set its own handlers.
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                 if hasattr(signal, name))


def _work(conn: Connection, payload: Any, inherited: list[Connection]) -> None:
    """A worker process: build (or, forked, take) the scorer, say ready, then score the chunks
    that come, sending back one (number, record) per article, until told to stop. ``payload``
    is (the scorer or the spec to build it from, the finish function or None)."""
    global _WORKER_SCORER, _WORKER_FINISH
    # Interrupting is the parent's to handle (a Ctrl-C reaches the whole process group); it
    # ends the workers itself. SIGTERM kills at once, as the parent's terminate() expects.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for sig in _SIGNALS[1:]:
        signal.signal(sig, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    for other in inherited:  # the parent's ends of the pipes, copied by fork: not ours to hold
        other.close()
    try:
        try:
            made, _WORKER_FINISH = payload
            if isinstance(made, tuple):
                _init_worker(*made)
            else:
                _WORKER_SCORER = made
        except Exception as exc:  # noqa: BLE001 - told to the parent, which stops the run
            first = (str(exc).strip().splitlines() or [""])[0][:200]
            conn.send(("failed", f"{type(exc).__name__}: {first}"))
            return
        conn.send(("ready", None))
        while True:
            chunk = conn.recv()
            if chunk is None:
                return
            for number, item in chunk:
                conn.send((number, _score_safely(_WORKER_SCORER, item, _WORKER_FINISH)))
    except (EOFError, OSError):  # the parent has gone
        return


class _Worker:
    """One process, its pipe, and the articles it was sent and has not yet answered."""

    def __init__(self, ctx: Any, payload: Any, others: list[_Worker]):
        here, there = ctx.Pipe()
        forked = ctx.get_start_method() == "fork"
        inherited = [w.conn for w in others] + [here] if forked else []
        self.process = ctx.Process(target=_work, args=(there, payload, inherited), daemon=True,
                                   name="framing-worker")
        try:
            self.process.start()
        finally:
            there.close()
        self.conn = here
        self.ready = False
        #: (number, article, tries) sent and not yet answered, in the order sent.
        self.held: deque[tuple[int, Article | PendingArticle, int]] = deque()

    def died(self) -> str:
        """Why the process ended (after it has)."""
        self.process.join(STOP_WAIT)
        code = self.process.exitcode
        if code is None:  # the pipe broke but the process lives on: end it
            self.process.kill()
            self.process.join()
            code = self.process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"killed by {name}" + (": out of memory?" if -code == signal.SIGKILL else "")
        return f"exit code {code}"


class _Pool:
    """Worker processes that score chunks of articles and give the records back in input
    order, reading the input as they go; see :func:`score_records`."""

    def __init__(self, jobs: int, payload: Any):
        import multiprocessing

        self.ctx = multiprocessing.get_context()
        self.jobs = jobs
        self.payload = payload
        self.workers: list[_Worker] = []
        for _ in range(jobs):
            self.start()

    def start(self) -> None:
        # Signals wait until the new process is in the list that stop() ends (and, forked, until
        # it has set its own handlers instead of running copies of this process's).
        blocked = hasattr(signal, "pthread_sigmask")
        if blocked:
            previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            self.workers.append(_Worker(self.ctx, self.payload, self.workers))
        finally:
            if blocked:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def run(self, articles: Iterable[Article | PendingArticle | InputError],
            chunksize: int) -> Iterator[dict[str, Any] | InputError]:
        window = self.jobs * WINDOW_PER_JOB * chunksize  # items read and not yet handed on
        source = iter(articles)
        todo: deque[tuple[int, Article | PendingArticle, int]] = deque()
        done: dict[int, dict[str, Any] | InputError] = {}
        read = handed = 0
        exhausted = False
        while True:
            while handed in done:
                yield done.pop(handed)
                handed += 1
            if exhausted and handed == read:
                return
            while not exhausted and read - handed < window:
                item = next(source, None)
                if item is None:
                    exhausted = True
                elif isinstance(item, InputError):
                    done[read] = item
                    read += 1
                else:
                    todo.append((read, item, 0))
                    read += 1
            if handed in done:
                continue
            self.send(todo, chunksize)
            self.receive(todo, done)

    def send(self, todo: deque, chunksize: int) -> None:
        """Give a chunk to every idle worker, while there are articles to score. An article
        tried again goes alone."""
        for worker in self.workers:
            if not todo:
                return
            if not worker.ready or worker.held:
                continue
            chunk = [todo.popleft()]
            if chunk[0][2] == 0:
                while todo and len(chunk) < chunksize and todo[0][2] == 0:
                    chunk.append(todo.popleft())
            try:
                worker.conn.send([(number, item) for number, item, _ in chunk])
            except OSError:  # it died before taking the chunk: not the chunk's fault
                todo.extendleft(reversed(chunk))
                continue
            worker.held.extend(chunk)

    def receive(self, todo: deque, done: dict) -> None:
        """Wait for records (or a worker's death) and take what came."""
        from multiprocessing.connection import wait

        by_key: dict[Any, _Worker] = {}
        for worker in self.workers:
            by_key[worker.conn] = by_key[worker.process.sentinel] = worker
        for key in wait(list(by_key)):
            worker = by_key[key]
            if worker not in self.workers:
                continue  # its pipe and its sentinel both came up
            try:
                while worker.conn.poll():
                    number, record = worker.conn.recv()
                    if number == "ready":
                        worker.ready = True
                    elif number == "failed":
                        raise FramingError(f"a worker process could not start ({record}); "
                                           "try --jobs 1")
                    else:
                        worker.held.popleft()
                        done[number] = record
                if key is worker.conn:
                    continue
            except (EOFError, OSError):
                pass
            self.lost(worker, todo, done)

    def lost(self, worker: _Worker, todo: deque, done: dict) -> None:
        """A worker died: the article it was scoring is tried once more, alone, in a new
        process (its death may have been another's fault, e.g. the out-of-memory killer's);
        dying on it twice makes it an InputError. The rest of its chunk is sent again."""
        self.workers.remove(worker)
        why = worker.died()
        worker.conn.close()
        if not worker.ready:
            raise FramingError(f"a worker process died as it started ({why}); try --jobs 1")
        if worker.held:
            number, item, tries = worker.held.popleft()
            todo.extendleft(reversed(worker.held))
            if tries:
                log.debug("%s: its worker process died again (%s)", _where(item), why)
                done[number] = _unscored(item, f"the process scoring it died ({why}), also "
                                         "when it was tried again alone")
            else:
                log.debug("%s: its worker process died (%s); trying it again", _where(item),
                          why)
                todo.appendleft((number, item, tries + 1))
        self.start()

    def stop(self, at_once: bool) -> None:
        """End the workers: asked (they are idle) or, ``at_once``, terminated; a process that
        has not ended after STOP_WAIT seconds is killed. Never waits longer than that."""
        workers, self.workers = self.workers, []
        for worker in workers:
            with contextlib.suppress(OSError, ValueError):
                if at_once:
                    worker.process.terminate()
                else:
                    worker.conn.send(None)
        deadline = time.monotonic() + STOP_WAIT
        for worker in workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
        for worker in workers:
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


def _score_in_pool(
    articles: Iterable[Article | PendingArticle | InputError], jobs: int, chunksize: int,
    scorer: Any, spec: tuple, finish: Callable[[dict[str, Any]], Any] | None = None,
) -> Iterator[dict[str, Any] | InputError]:
    import multiprocessing

    # Forked workers take the scorer built here (nothing to build again, and the same object
    # whatever happens); others build their own from the spec.
    payload = (scorer if multiprocessing.get_start_method() == "fork" else spec, finish)
    # Start the workers before reading any input: forked, they would otherwise begin life with
    # a copy of whatever the reader holds; and they get ready while it reads.
    pool = _Pool(jobs, payload)
    finished = False
    try:
        yield from pool.run(articles, chunksize)
        finished = True
    finally:  # closed early, interrupted or stopped by a signal: the workers end at once
        pool.stop(at_once=not finished)


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
        try:
            if self.schema is None:
                table = pa.Table.from_pandas(frame, preserve_index=False)
                fields = [
                    pa.field(f.name, pa.string() if f.name in self.text_columns else pa.float64())
                    if pa.types.is_null(f.type) else f
                    for f in table.schema
                ]
                self.schema = pa.schema(fields, metadata=table.schema.metadata)
            table = pa.Table.from_pandas(frame, schema=self.schema, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as exc:
            from ..errors import FramingError

            raise FramingError(
                f"Parquet cannot hold a value here ({exc}); write --format jsonl or csv instead"
            ) from None
        if self.writer is None:
            self.writer = self.pq.ParquetWriter(self.fh, self.schema)
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
        from ..errors import FramingError

        raise FramingError(
            "Parquet output needs pyarrow: pip install 'news-framing[parquet]', or use --format csv"
        ) from None
    return pa, pq


__all__ = ["score_records", "default_jobs", "ParquetRowWriter"]
