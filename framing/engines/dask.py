"""Score a corpus on a Dask cluster: ``framing score --engine dask [--scheduler tcp://host:8786]``.

The input files are listed here (names only) and become a Dask bag of partitions: groups of
whole article files, and parts of JSONL/CSV files. A JSONL or CSV file larger than the part
size is cut into byte ranges that begin at a record (after a line of JSONL, after a row of CSV,
whose quoted fields may hold line breaks); this process reads it once to find the cuts and the
line number at each, so errors still name the file's own lines, and each CSV part is read with
the file's header row. Each partition is read, cleaned and scored on a worker, which builds its
Scorer once and keeps it for every partition it runs. Partitions are computed a few per worker
at a time and collected in input order, so the records, the input errors and their order are
those of the local engine. Results can be written as a folder of Parquet files (one per block
of records) or as the usual JSONL/CSV.

Workers must have framing installed and see the input files (and the manifest) at the same
paths as this process: a shared disk, or a copy at the same place on every machine.

Needs the optional extra: ``pip install 'news-framing[dask]'``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..article import CORE_FIELDS
from ..errors import FramingError, InputError
from ..ingest.reading import (
    RECORD_SUFFIXES,
    FilePart,
    Manifest,
    expand_paths,
    iter_articles,
    name_files,
    split_record_file,
)
from ..output import atomic_directory
from .local import ParquetRowWriter, default_jobs

#: At most this many files go into one partition.
MAX_FILES_PER_PARTITION = 256
#: JSONL/CSV files are cut into parts of about their total size / (workers x
#: PARTITIONS_PER_WORKER), but no larger than MAX_PART_BYTES: a partition's scored records are
#: held whole by its worker and then by the client, and with every dimension a record is many
#: times its input (8 MiB parts of 10,000 articles peaked at 1.5 GB in client and worker)…
MAX_PART_BYTES = 1 * 2**20
#: …and no smaller than MIN_PART_BYTES (below it, a partition costs more than it spreads).
MIN_PART_BYTES = 256 * 2**10
#: Partitions per worker: enough to balance uneven files, few enough to keep overhead low.
PARTITIONS_PER_WORKER = 4
#: Partitions being computed (or waiting to be collected) per worker at once.
WINDOW_PER_WORKER = 2
#: Records per Parquet file of a dataset folder.
ROWS_PER_FILE = 10_000
#: A task whose worker process dies is tried this many more times (on other workers) before
#: its files become error records; Dask's default (3) would restart a worker per try.
ALLOWED_FAILURES = 1
#: A run stops waiting when the cluster has had no worker for this long (seconds), checked every
#: POLL_SECONDS; what is not scored by then becomes error records.
WORKERLESS_SECONDS = 120.0
POLL_SECONDS = 2.0

INSTALL = "the Dask engine needs Dask: pip install 'news-framing[dask]'"

_SCORERS: dict[str, Any] = {}  # one Scorer per worker process and settings


def _dask():
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError:
        raise FramingError(INSTALL) from None
    return db, Client, LocalCluster


def _is_records(item: str | FilePart) -> bool:
    return isinstance(item, FilePart) or Path(item).suffix.lower() in RECORD_SUFFIXES


def partition_files(
    files: Sequence[str | FilePart], workers: int
) -> list[list[str | FilePart]]:
    """Consecutive groups of files: about PARTITIONS_PER_WORKER per worker, record files
    (JSONL/CSV, which may hold many articles) and file parts each in a group of their own."""
    size = max(1, min(MAX_FILES_PER_PARTITION,
                      math.ceil(len(files) / max(1, workers * PARTITIONS_PER_WORKER))))
    groups: list[list[str | FilePart]] = []
    current: list[str | FilePart] = []
    for name in files:
        if _is_records(name):
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
        from ..scoring import Scorer

        _SCORERS[key] = Scorer(settings["dimensions"], lexicons=settings["lexicons"],
                               options=settings["options"])
    return _SCORERS[key]


def split_files(
    files: Sequence[str], workers: int, *, part_bytes: int | None = None,
    text_field: str | None = None,
) -> list[str | FilePart]:
    """``files`` with each large JSONL/CSV file replaced by its parts, in order.

    ``part_bytes``: the size of a part; by default the total size of the JSONL/CSV files over
    ``workers`` x PARTITIONS_PER_WORKER, kept between MIN_PART_BYTES and MAX_PART_BYTES.
    """
    sizes = {name: _size(name) for name in files if _is_records(name)}
    if part_bytes is None:
        share = math.ceil(sum(sizes.values()) / max(1, workers * PARTITIONS_PER_WORKER))
        part_bytes = min(MAX_PART_BYTES, max(MIN_PART_BYTES, share))
    items: list[str | FilePart] = []
    for name in files:
        if sizes.get(name, 0) > part_bytes:
            items.extend(split_record_file(name, part_bytes, text_field=text_field) or [name])
        else:
            items.append(name)
    return items


def _size(name: str) -> int:
    try:
        return os.path.getsize(name)
    except OSError:
        return 0  # read whole, where its error is reported


def _score_partition(
    groups: Iterable[list[str | FilePart]], settings: dict[str, Any]
) -> list[dict]:
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
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}), \
            LocalCluster(n_workers=jobs or default_jobs(), threads_per_worker=1,
                         processes=True, dashboard_address=None,
                         silence_logs=logging.ERROR) as cluster, \
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
    part_bytes: int | None = None,
) -> Iterator[dict[str, Any] | InputError]:
    """Records of the articles in ``paths``, scored on Dask, in input order.

    Input errors come in their place, as with :func:`framing.engines.local.score_records` over
    :func:`framing.ingest.reading.iter_articles`. ``scheduler``: address of a running cluster;
    without
    it a local cluster of ``jobs`` worker processes (default: every core) is started and
    stopped. Lexicons are given as paths, which every worker must be able to read.
    ``part_bytes``: cut JSONL/CSV files into parts of this size (default: see
    :func:`split_files`).
    """
    from ..scoring import Scorer

    _dask()
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
    if manifest_rows is not None:
        yield from manifest_rows.problems  # workers read it again, and pass these over
    settings = {
        "scorer": settings_scorer,
        "manifest": str(Path(manifest).resolve()) if manifest is not None else None,
        "text_field": text_field,
        "clean": clean,
    }
    # ids from file names are made here, over all the files: a worker sees only some of them
    files = name_files(expand_paths(paths, skip=[manifest] if manifest is not None else []),
                       manifest=manifest)
    groups: list[list[str | FilePart]] = []
    local = None
    if not scheduler:
        # more workers than cores, or than partitions, only cost start-up time and memory
        local = min(jobs or default_jobs(), default_jobs())
        groups = partition_files(
            split_files(files, local, part_bytes=part_bytes, text_field=text_field), local)
        local = max(1, min(local, len(groups)))
    with _client(scheduler, local) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        if scheduler:
            groups = partition_files(
                split_files(files, workers, part_bytes=part_bytes, text_field=text_field),
                workers)
        seen: dict[str, str] = {}
        for summary in _in_order(client, groups, settings, workers * WINDOW_PER_WORKER):
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


class _NoWorkers(Exception):
    """The cluster has had no worker for WORKERLESS_SECONDS: nothing more can run."""


def _result(client: Any, future: Any) -> Any:
    """``future.result()``, unless the cluster is left with no worker at all (a worker that
    dies at once after a restart may not be restarted again): then _NoWorkers, not a hang."""
    workerless = 0.0
    while True:
        try:
            return future.result(timeout=POLL_SECONDS)
        except TimeoutError:
            if client.nthreads():
                workerless = 0.0
            else:
                workerless += POLL_SECONDS
                if workerless >= WORKERLESS_SECONDS:
                    raise _NoWorkers from None


def _in_order(
    client: Any, groups: Sequence[list[str | FilePart]], settings: dict[str, Any], window: int,
    *, task: Any = None,
) -> Iterator[dict[str, Any]]:
    """Score the partitions (``groups`` of files), at most ``window`` at once, and give their
    summaries in order.

    A partition that fails (its task raised, or the workers running it died
    ALLOWED_FAILURES + 1 times, which also happens to a task that only waited on a worker that
    another task killed) is scored again one file at a time, one after the other, so that the
    file to blame is found and the others keep their records. A file that fails alone becomes an
    error record in its place. Each file is tried alone at most once (twice when its worker
    died), so a file that kills every worker costs a bounded number of restarts. When the
    cluster has no worker left, every file not yet scored becomes an error record.
    ``task``: the function run on the workers (_score_partition).
    """
    task = task or _score_partition

    def submit(group: list[str | FilePart]) -> Any:
        return client.submit(task, [group], settings, pure=False)

    def alone(item: str | FilePart) -> dict[str, Any]:
        for attempt in range(2):
            future = submit([item])
            try:
                (summary,) = _result(client, future)
                return summary
            except _NoWorkers:
                raise
            except Exception as exc:  # noqa: BLE001 - whatever a worker did becomes a record
                if attempt == 1 or type(exc).__name__ != "KilledWorker":
                    return _failed(item, exc)
            finally:
                future.release()
        raise AssertionError("unreachable")

    todo = deque(groups)
    running: deque[tuple[list[str | FilePart], Any]] = deque()
    left: list[str | FilePart] = []  # not scored when the workers are all gone
    try:
        while todo or running:
            while todo and len(running) < window:
                group = todo.popleft()
                running.append((group, submit(group)))
            group, future = running.popleft()
            try:
                (summary,) = _result(client, future)
            except _NoWorkers:
                left = [*group, *(i for g, _ in running for i in g), *(i for g in todo for i in g)]
                break
            except Exception:  # noqa: BLE001 - found and reported file by file below
                summary = None
            finally:
                future.release()
            if summary is not None:
                yield summary
                continue
            for k, item in enumerate(group):
                try:
                    yield alone(item)
                except _NoWorkers:
                    left = [*group[k:], *(i for g, _ in running for i in g),
                            *(i for g in todo for i in g)]
                    break
            if left:
                break
    finally:
        for _, future in running:
            future.cancel()
    for item in left:
        yield _failed(item, "the Dask cluster has no worker left (they died or were stopped)")


def _failed(item: str | FilePart, exc: BaseException | str) -> dict[str, Any]:
    """The summary of a file (or file part) that could not be scored on Dask: ``exc`` is what
    the worker raised, or why it did not run."""
    if isinstance(exc, str):
        why = exc
    elif type(exc).__name__ == "KilledWorker":
        why = "the worker process died while scoring it, on every try; it is not tried again"
    else:
        first = (str(exc).strip().splitlines() or [""])[0][:200]
        why = f"scoring it failed on the Dask worker: {type(exc).__name__}: {first}"
    if isinstance(item, FilePart):
        error = (item.path, f"this part of the file (from this line on) was not scored: {why}",
                 item.line)
    else:
        error = (str(item), f"not scored: {why}", None)
    return {"items": [("error", error)], "manifest_used": []}


def write_parquet_dataset(
    records: Iterable[dict[str, Any]], path: str | Path, *, rows_per_file: int = ROWS_PER_FILE
) -> int:
    """Write article rows as a folder of Parquet files ``part-00000.parquet``, … in order.

    The folder appears only when all is written (a previous one is replaced). Read it with
    ``pandas.read_parquet(path)`` or ``dask.dataframe.read_parquet(path)``. Returns the number
    of rows written.
    """
    from ..scoring import score_row

    columns = ("id", "file", *CORE_FIELDS, "n_words", "n_sentences")
    n = 0
    writer: ParquetRowWriter | None = None
    fh = None
    with atomic_directory(path, kind="parquet dataset") as tmp:
        try:
            for record in records:
                if n % rows_per_file == 0:
                    if writer is not None:
                        writer.close()
                        fh.close()
                    fh = open(tmp / f"part-{n // rows_per_file:05d}.parquet", "wb")  # noqa: SIM115
                    writer = ParquetRowWriter(fh, columns=columns,
                                              text_columns=("id", "file", *CORE_FIELDS),
                                              like=writer)
                writer.write(score_row(record))
                n += 1
            if writer is None:  # no article: one empty file keeps the columns
                fh = open(tmp / "part-00000.parquet", "wb")  # noqa: SIM115
                writer = ParquetRowWriter(fh, columns=columns,
                                          text_columns=("id", "file", *CORE_FIELDS))
            writer.close()
        finally:
            if fh is not None:
                fh.close()
    return n


__all__ = ["score_records", "write_parquet_dataset", "partition_files", "split_files"]
