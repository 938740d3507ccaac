"""Writing results: JSONL, CSV, Parquet and a plain-text table, never leaving a partial file."""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
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


def _umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(path: str | None, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write into; it replaces ``path`` only when the block finishes without error.

    ``None`` or ``-`` writes to standard output. A path that exists and is not a regular file
    (``/dev/null``, a named pipe) is written directly, never renamed over; a folder is refused.
    The file gets the mode any new file gets under the umask.
    """
    if path in (None, "-"):
        stream = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    from .errors import FramingError

    mode = "wb" if binary else "w"
    kwargs = {} if binary else {"encoding": "utf-8", "newline": ""}
    target = Path(path)
    if target.is_dir():
        raise FramingError(f"{target}: is a folder; give -o a file name such as "
                           f"{target / 'scores.jsonl'}")
    if target.exists() and not target.is_file():
        with open(target, mode, **kwargs) as fh:  # a device or pipe: write it as it is
            yield fh
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp alone gives 0600
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


#: The file that marks a folder as written whole by framing, with the names it wrote.
FOLDER_MARK = ".framing-output.json"


def check_replaceable(path: str | Path, *, kind: str,
                      inputs: Iterable[str | Path] = ()) -> Path:
    """Refuse an output folder that framing must not replace; return it as a Path.

    framing replaces a folder only when it is empty or framing itself wrote it as a ``kind``
    (it carries :data:`FOLDER_MARK`) and it holds nothing else. It never replaces the current
    folder or one above it, an input, or a folder holding an input.
    """
    from .errors import FramingError

    target = Path(path)
    here = Path.cwd().resolve()
    resolved = target.resolve()
    if resolved == here or resolved in here.parents:
        raise FramingError(f"{path}: is the current folder or holds it; give -o a new folder, "
                           f"such as {Path(path) / 'report'}")
    for item in inputs:
        if str(item) == "-":
            continue
        source = Path(item).resolve()
        if source == resolved or resolved in source.parents:
            raise FramingError(f"{path}: holds the input {item}; give -o a new folder outside "
                               "the inputs")
    if not target.exists() and not target.is_symlink():
        return target
    if target.is_symlink() or not target.is_dir():
        raise FramingError(f"{path}: exists and is not a folder; choose another -o")
    names = {p.name for p in target.iterdir()}
    if not names:
        return target
    try:
        mark = json.loads((target / FOLDER_MARK).read_text(encoding="utf-8"))
        written = set(mark["files"]) | {FOLDER_MARK}
        ours = mark["kind"] == kind
    except (OSError, ValueError, KeyError, TypeError):
        ours = False
    if not ours:
        raise FramingError(f"{path}: folder exists and was not written by framing as a {kind}; "
                           "choose a new or empty folder (framing replaces only its own output)")
    foreign = sorted(names - written)
    if foreign:
        raise FramingError(f"{path}: holds {foreign[0]!r}"
                           f"{f' and {len(foreign) - 1} more' if len(foreign) > 1 else ''}, "
                           f"which framing did not write; move it out or choose another -o")
    return target


@contextlib.contextmanager
def atomic_directory(path: str | Path, *, kind: str,
                     inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """A fresh folder to fill; it replaces ``path`` only when the block finishes.

    ``path`` must pass :func:`check_replaceable`. The finished folder carries
    :data:`FOLDER_MARK` naming ``kind`` and the files in it, so a later run may replace it.
    """
    target = check_replaceable(path, kind=kind, inputs=inputs)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name or 'out'}.", suffix=".part",
                                dir=target.parent))
    try:
        yield tmp
        files = sorted(p.name for p in tmp.iterdir())
        (tmp / FOLDER_MARK).write_text(
            json.dumps({"kind": kind, "files": files}, indent=1) + "\n", encoding="utf-8")
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp alone gives 0700
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
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
