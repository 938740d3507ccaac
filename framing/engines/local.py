"""Score articles on every core, in input order, with memory that does not grow with the corpus.

Each worker process builds one :class:`~framing.scoring.Scorer` when it starts (lexicons
compiled, models loaded once), then cleans and scores small chunks of articles. The parent
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

import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from pathlib import Path
from typing import Any

from ..article import Article
from ..errors import InputError
from ..ingest.reading import IdCheck, PendingArticle, TextCheck
from ..lexicon import Lexicon

#: Articles sent to a worker at a time: large enough to amortise the cost of passing them
#: between processes, small enough to keep the work evenly spread and the progress bar moving.
CHUNKSIZE = 4
#: Chunks in flight per worker: enough to keep every worker busy while the parent writes.
WINDOW_PER_JOB = 4

_WORKER_SCORER: Any = None


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


def _score_chunk(items: list[Article | PendingArticle]) -> list[dict[str, Any] | InputError]:
    return [_score_one(_WORKER_SCORER, item) for item in items]


def _checked(
    records: Iterable[dict[str, Any] | InputError], built_here: deque[bool]
) -> Iterator[dict[str, Any] | InputError]:
    """The records, where the article was built here (``built_here``: one flag per input item,
    in input order) and its id was seen before, replaced by a duplicate-id error as
    iter_articles makes it. Articles that came built were checked, or not, by their maker."""
    check = IdCheck()
    same_text = TextCheck()
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
) -> Iterator[dict[str, Any] | InputError]:
    """Score ``articles`` on ``jobs`` processes (default: every core; 1: in this process).

    Yields one record per article in input order; :class:`InputError` items in the input (as
    :func:`framing.ingest.reading.iter_articles` yields them) come out unchanged in their place.
    :class:`~framing.ingest.reading.PendingArticle` items (``iter_articles(..., build=False)``) are
    cleaned where they are scored, and an InputError takes the place of one with no text left
    or with the id of an article before it.
    ``dimensions``, ``lexicons`` and ``options`` are those of :class:`Scorer`; they are checked
    here before any process starts, and must be picklable (lexicon paths or loaded lexicons).
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
        records = (item if isinstance(item, InputError) else _score_one(scorer, item)
                   for item in noted())
    else:
        records = _score_in_pool(noted(), jobs, chunksize, (dimensions, lexicons, options))
    yield from _checked(records, built_here)


def _score_in_pool(
    articles: Iterable[Article | PendingArticle | InputError], jobs: int, chunksize: int,
    spec: tuple
) -> Iterator[dict[str, Any] | InputError]:
    # ``pending`` holds, in input order, futures of chunks and input errors waiting for the
    # chunks before them; at most ``window`` chunks are in flight at once.
    window = jobs * WINDOW_PER_JOB
    pending: deque[Future | InputError] = deque()
    in_flight = 0
    chunk: list[Article | PendingArticle] = []
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=spec)
    # Start the workers before reading any input: forked, they would otherwise begin life with
    # a copy of whatever the reader holds; and they build their scorers while it reads.
    pool.submit(os.getpid)
    try:

        def ready(block: bool) -> Iterator[dict[str, Any] | InputError]:
            nonlocal in_flight
            while pending and (block or not isinstance(pending[0], Future) or pending[0].done()):
                head = pending.popleft()
                if isinstance(head, Future):
                    in_flight -= 1
                    yield from head.result()
                else:
                    yield head
                if block and in_flight < window:
                    return

        def submit() -> None:
            nonlocal chunk, in_flight
            if chunk:
                pending.append(pool.submit(_score_chunk, chunk))
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
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
