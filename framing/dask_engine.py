"""Score a corpus on a Dask cluster: ``framing score --engine dask [--scheduler tcp://host:8786]``.

The input files are listed here (names only) and become a Dask bag, cut into partitions of
whole files; each partition is read, cleaned and scored on a worker, which builds its Scorer
once and keeps it for every partition it runs. Partitions are computed a few per worker at a
time and collected in input order, so the records, the input errors and their order are those
of the local engine. Results can be written as a folder of Parquet files (one per block of
records) or as the usual JSONL/CSV.

Workers must have framing installed and see the input files (and the manifest) at the same
paths as this process: a shared disk, or a copy at the same place on every machine. A large
JSONL/CSV file is one partition; split it (``split -l 10000``) to spread it over workers.

Needs the optional extra: ``pip install 'framing[dask]'``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .article import CORE_FIELDS
from .errors import FramingError, InputError
from .ingest import Manifest, expand_paths, iter_articles
from .parallel import ParquetRowWriter, default_jobs

#: At most this many files go into one partition.
MAX_FILES_PER_PARTITION = 256
#: Partitions per worker: enough to balance uneven files, few enough to keep overhead low.
PARTITIONS_PER_WORKER = 4
#: Partitions being computed (or waiting to be collected) per worker at once.
WINDOW_PER_WORKER = 2
#: Records per Parquet file of a dataset folder.
ROWS_PER_FILE = 10_000

INSTALL = "the Dask engine needs Dask: pip install 'framing[dask]'"

_SCORERS: dict[str, Any] = {}  # one Scorer per worker process and settings


def _dask():
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError:
        raise FramingError(INSTALL) from None
    return db, Client, LocalCluster


def partition_files(files: Sequence[str], workers: int) -> list[list[str]]:
    """Consecutive groups of files: about PARTITIONS_PER_WORKER per worker, record files
    (JSONL/CSV, which may hold many articles) each in a group of their own."""
    size = max(1, min(MAX_FILES_PER_PARTITION,
                      math.ceil(len(files) / max(1, workers * PARTITIONS_PER_WORKER))))
    groups: list[list[str]] = []
    current: list[str] = []
    for name in files:
        if Path(name).suffix.lower() in (".jsonl", ".csv"):
            if current:
                groups.append(current)
                current = []
            groups.append([name])
            continue
        current.append(name)
        if len(current) >= size:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _scorer(settings: dict[str, Any]):
    key = json.dumps(settings, sort_keys=True, default=str)
    if key not in _SCORERS:
        from .scoring import Scorer

        _SCORERS[key] = Scorer(settings["dimensions"], lexicons=settings["lexicons"],
                               options=settings["options"])
    return _SCORERS[key]


def _score_partition(groups: Iterable[list[str]], settings: dict[str, Any]) -> list[dict]:
    """Run on a worker: read and score the files of a partition.

    Returns one summary per partition: the items in order (records, and input errors as plain
    tuples, which travel between processes safely) and the manifest rows that were used.
    """
    scorer = _scorer(settings["scorer"])
    manifest = Manifest.read(settings["manifest"]) if settings["manifest"] else None
    files = [name for group in groups for name in group]
    items: list[tuple[str, Any]] = []
    for item in iter_articles(files, manifest=manifest, text_field=settings["text_field"],
                              clean=settings["clean"]):
        if isinstance(item, InputError):
            if manifest is not None and item.path == manifest.path:
                continue  # rows no input used: reported once, for all partitions, at the end
            items.append(("error", (item.path, item.message, item.line)))
        else:
            items.append(("record", scorer.score(item)))
    return [{"items": items, "manifest_used": sorted(manifest.used) if manifest else []}]


@contextlib.contextmanager
def _client(scheduler: str | None, jobs: int | None):
    _, Client, LocalCluster = _dask()
    # distributed logs every start and stop at INFO; show them only with framing -v
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(max(logging.WARNING, logging.getLogger().getEffectiveLevel()))
    try:
        with _connect(Client, LocalCluster, scheduler, jobs) as client:
            yield client
    finally:
        quiet.setLevel(level)


@contextlib.contextmanager
def _connect(Client, LocalCluster, scheduler: str | None, jobs: int | None):
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise FramingError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    with LocalCluster(n_workers=jobs or default_jobs(), threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def score_records(
    paths: Sequence[str | Path],
    *,
    manifest: str | Path | None = None,
    text_field: str | None = None,
    clean: bool = True,
    dimensions: Sequence[str] | None = None,
    lexicons: Sequence[str | Path] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
) -> Iterator[dict[str, Any] | InputError]:
    """Records of the articles in ``paths``, scored on Dask, in input order.

    Input errors come in their place, as with :func:`framing.parallel.score_records` over
    :func:`framing.ingest.iter_articles`. ``scheduler``: address of a running cluster; without
    it a local cluster of ``jobs`` worker processes (default: every core) is started and
    stopped. Lexicons are given as paths, which every worker must be able to read.
    """
    from .scoring import Scorer

    db, _, _ = _dask()
    if any(str(p) == "-" for p in paths):
        raise FramingError("--engine dask reads files, not standard input: save it to a file")
    settings_scorer = {
        "dimensions": list(dimensions) if dimensions else None,
        "lexicons": [str(p) for p in lexicons],
        "options": {k: dict(v) for k, v in (options or {}).items()} or None,
    }
    # checked here first: a bad name or option is one clear error, not a failed task
    Scorer(**settings_scorer)
    manifest_rows = Manifest.read(manifest) if manifest is not None else None
    settings = {
        "scorer": settings_scorer,
        "manifest": str(Path(manifest).resolve()) if manifest is not None else None,
        "text_field": text_field,
        "clean": clean,
    }
    files = list(expand_paths(paths, skip=[manifest] if manifest is not None else []))
    with _client(scheduler, jobs) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        groups = partition_files(files, workers)
        bag = db.from_sequence(groups, partition_size=1) if groups else None
        parts = bag.map_partitions(_score_partition, settings).to_delayed() if bag else []
        seen: dict[str, str] = {}
        for summary in _in_order(client, parts, workers * WINDOW_PER_WORKER):
            if manifest_rows is not None:
                manifest_rows.used.update(summary["manifest_used"])
            for kind, value in summary["items"]:
                if kind == "error":
                    path, message, line = value
                    yield InputError(path, message, line=line)
                elif value["id"] in seen:
                    # ids are unique within a partition; across partitions it is checked here
                    yield InputError(
                        value["source"],
                        f"duplicate id {value['id']!r} (also {seen[value['id']]}); give each "
                        "article a unique id in the manifest, or remove the copy",
                    )
                else:
                    seen[value["id"]] = value["source"]
                    yield value
    if manifest_rows is not None:
        yield from manifest_rows.unused()


def _in_order(client: Any, parts: Sequence[Any], window: int) -> Iterator[dict[str, Any]]:
    """Compute the delayed partitions, at most ``window`` at once, and give their summaries
    in order (each partition returns a one-element list)."""
    todo = deque(parts)
    running: deque[Any] = deque()
    try:
        while todo or running:
            while todo and len(running) < window:
                running.append(client.compute(todo.popleft()))
            future = running.popleft()
            (summary,) = future.result()
            future.release()
            yield summary
    finally:
        for future in running:
            future.cancel()


def write_parquet_dataset(
    records: Iterable[dict[str, Any]], path: str | Path, *, rows_per_file: int = ROWS_PER_FILE
) -> int:
    """Write article rows as a folder of Parquet files ``part-00000.parquet``, … in order.

    The folder appears only when all is written (a previous one is replaced). Read it with
    ``pandas.read_parquet(path)`` or ``dask.dataframe.read_parquet(path)``. Returns the number
    of rows written.
    """
    from .scoring import article_row

    target = Path(path)
    if target.exists() and not target.is_dir():
        raise FramingError(f"{target}: the Dask engine writes Parquet as a folder; "
                           "name one that is not a file")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
    columns = ("id", *CORE_FIELDS, "n_words", "n_sentences")
    n = 0
    writer: ParquetRowWriter | None = None
    fh = None
    try:
        for record in records:
            if n % rows_per_file == 0:
                if writer is not None:
                    writer.close()
                    fh.close()
                fh = open(tmp / f"part-{n // rows_per_file:05d}.parquet", "wb")  # noqa: SIM115
                writer = ParquetRowWriter(fh, columns=columns, text_columns=("id", *CORE_FIELDS),
                                          like=writer)
            writer.write(article_row(record))
            n += 1
        if writer is None:  # no article: one empty file keeps the columns
            fh = open(tmp / "part-00000.parquet", "wb")  # noqa: SIM115
            writer = ParquetRowWriter(fh, columns=columns, text_columns=("id", *CORE_FIELDS))
        writer.close()
        fh.close()
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    except BaseException:
        if fh is not None:
            fh.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return n


__all__ = ["score_records", "write_parquet_dataset", "partition_files"]
