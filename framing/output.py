"""Writing results: JSONL, CSV, Parquet and a plain-text table, never leaving a partial file."""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

FORMATS = ("jsonl", "csv", "parquet", "table")
_SUFFIX_FORMATS = {".jsonl": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet",
                   ".txt": "table"}


def format_for(path: str | None, fmt: str | None, default: str) -> str:
    """The format asked for, else the one the output file's suffix names, else ``default``."""
    if fmt:
        return fmt
    if path and path != "-":
        return _SUFFIX_FORMATS.get(Path(path).suffix.lower(), default)
    return default


@contextlib.contextmanager
def atomic_output(path: str | None, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write into; it replaces ``path`` only when the block finishes without error.

    ``None`` or ``-`` writes to standard output.
    """
    if path in (None, "-"):
        stream = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        mode = "wb" if binary else "w"
        kwargs = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _clean_number(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def dumps(record: dict[str, Any]) -> str:
    """One JSON line, UTF-8 kept readable, NaN written as null."""
    return json.dumps(record, ensure_ascii=False, default=str, allow_nan=False)


class RowWriter:
    """Write rows one at a time as JSONL or CSV (CSV columns fixed by the first row)."""

    def __init__(self, fh: IO[str], fmt: str):
        if fmt not in ("jsonl", "csv"):
            raise ValueError(f"RowWriter writes jsonl or csv, not {fmt}")
        self.fh = fh
        self.fmt = fmt
        self._csv: csv.DictWriter | None = None

    def write(self, row: dict[str, Any]) -> None:
        if self.fmt == "jsonl":
            self.fh.write(dumps({k: _clean_number(v) for k, v in row.items()}) + "\n")
            return
        if self._csv is None:
            self._csv = csv.DictWriter(self.fh, fieldnames=list(row), extrasaction="ignore",
                                       lineterminator="\n")
            self._csv.writeheader()
        self._csv.writerow({k: _flat(v) for k, v in row.items()})


def _flat(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    return value


def write_parquet(frame, path: str) -> None:
    """Write a DataFrame as Parquet (needs pyarrow: pip install 'framing[parquet]')."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        from .errors import FramingError

        raise FramingError(
            "Parquet output needs pyarrow: pip install 'framing[parquet]', or use --format csv"
        ) from None
    with atomic_output(path, binary=True) as fh:
        frame.to_parquet(fh)
