"""Writing results: JSONL, CSV, Parquet and a plain-text table, never leaving a partial file."""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
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
        with deferred_signals():  # a signal between the renames would leave neither folder
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


def write_files(directory: str | Path, files: dict[str, str]) -> list[Path]:
    """Write ``files`` (name: text) into ``directory``, all of them or none.

    Each is written to a temporary file first; only when all are written are they renamed
    into place, with signals held back meanwhile, so an error, Ctrl-C or SIGTERM leaves the
    folder as it was (and removes it if this call made it). Other files in the folder stay.
    """
    from .errors import FramingError

    out = Path(directory)
    for name in files:
        if (out / name).is_dir():
            raise FramingError(f"{out / name}: is a folder; choose another -o")
    made = [p for p in (out, *out.parents) if not p.exists()]
    parts: list[tuple[str, Path]] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=out)
            parts.append((name, Path(tmp)))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp alone gives 0600
        with deferred_signals():
            for name, tmp in parts:
                target = out / name
                if target.exists() and not target.is_file():  # a device or pipe: write it
                    with open(target, "w", encoding="utf-8", newline="") as fh:
                        fh.write(files[name])
                    tmp.unlink()
                else:
                    os.replace(tmp, target)
    except BaseException:
        for _, tmp in parts:
            with contextlib.suppress(OSError):
                tmp.unlink()
        for folder in made:  # innermost first; only if still empty
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return [out / name for name in files]


#: Signals that stop framing (as Ctrl-C does), held back by :func:`deferred_signals`.
_STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP")
                      if hasattr(signal, n))


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP during a few steps that must finish together (the
    renames that put an output in place); one that came meanwhile is raised again at the end.
    Only Python-level handlers are held back (not a signal left to kill at once), and only in
    the main thread, where Python runs them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    held = {}
    for sig in _STOP_SIGNALS:
        handler = signal.getsignal(sig)
        if callable(handler):
            held[sig] = signal.signal(sig, lambda signum, frame: came.append(signum))
    try:
        yield
    finally:
        for sig, handler in held.items():
            signal.signal(sig, handler)
        if came:
            signal.raise_signal(came[0])


#: What a spreadsheet reads as the start of a formula (=, +, -, @) or may skip before one (tab,
#: carriage return): the characters OWASP's CSV-injection guidance lists.
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?%?")
_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_text(text: str) -> str:
    """``text`` that can be written as UTF-8: surrogate pairs joined, lone surrogates (as a JSON
    ``"\\ud800"`` escape can make) replaced by U+FFFD. Cheap when there is nothing to repair."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def repair_strings(value: Any) -> Any:
    """``value`` (a record: dicts, lists, strings, numbers) with every string repaired by
    :func:`repair_text`; the same object when nothing needed it. A record is first written
    as JSON by the C encoder and searched once, so the usual record with nothing to repair is
    not walked in Python (a scored article holds thousands of strings)."""
    if isinstance(value, str):
        return repair_text(value)
    try:
        if not _SURROGATE.search(json.dumps(value, ensure_ascii=False, default=str)):
            return value
    except (TypeError, ValueError, RecursionError):
        pass  # not plain JSON data: walk it
    return _repair_walk(value)


def _repair_walk(value: Any) -> Any:
    if isinstance(value, str):
        return repair_text(value)
    if isinstance(value, dict):
        fixed = {_repair_walk(k): _repair_walk(v) for k, v in value.items()}
        same = all(a is b for a, b in zip(fixed, value)) and all(
            fixed[k] is v for k, v in zip(fixed, value.values()))
        return value if same else fixed
    if isinstance(value, (list, tuple)):
        items = [_repair_walk(v) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return items if isinstance(value, list) else tuple(items)
    return value


def csv_cell(value: Any, *, raw: bool = False) -> Any:
    """One CSV cell that a spreadsheet opens as data, never as a formula.

    Text that begins (after any spaces) with a formula character (:data:`FORMULA_CHARS`) gets a
    leading apostrophe, as spreadsheet-safe exporters write it; numbers, and text that is a
    number ("-1.5", "+3"), are left as they are, so a negative number stays a number. Lists and
    dicts become JSON. ``raw=True`` (the CLI's ``--csv-raw``) leaves text unchanged, for
    pipelines that need the bytes. Lone surrogates are always repaired (see repair_text)."""
    if value is None:
        return ""
    if isinstance(value, (dict, list, tuple)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    elif not isinstance(value, str):
        return value  # numbers, booleans, dates: written by the csv module as they are
    value = repair_text(value)
    if raw:
        return value
    if "\r" in value:  # an unquoted CR would start a new row (and maybe a formula) in a reader
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    stripped = value.lstrip(" \n")
    if stripped[:1] in FORMULA_CHARS and not _NUMBER.fullmatch(value.strip()):
        return "'" + value
    return value


def csv_frame(frame: Any, *, raw: bool = False) -> Any:
    """A copy of the DataFrame ``frame`` with every text cell and column name passed through
    :func:`csv_cell`, to write with ``to_csv``; number columns are untouched."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype).startswith(("string", "str")):
            out[column] = out[column].map(lambda v: csv_cell(v, raw=raw), na_action="ignore")
    out.columns = [csv_cell(str(c), raw=raw) for c in out.columns]
    return out


def _json_safe(value: Any) -> Any:
    """``value`` with NaN and infinities as None and strings repaired, for strict JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return repair_text(value)
    if isinstance(value, dict):
        return {(repair_text(k) if isinstance(k, str) else k): _json_safe(v)
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def dumps(record: Any, **kwargs: Any) -> str:
    """Strict JSON (one line unless ``indent`` is given), UTF-8 kept readable: NaN and infinities
    written as null, lone surrogates as U+FFFD, anything else unknown as its str()."""
    options = {"ensure_ascii": False, "default": str, "allow_nan": False, **kwargs}
    try:
        text = json.dumps(record, **options)
    except ValueError:  # NaN or an infinity somewhere: the rare slow path
        text = json.dumps(_json_safe(record), **options)
    return repair_text(text)


class RowWriter:
    """Write rows one at a time as JSONL or CSV (CSV columns fixed by the first row).

    CSV cells go through :func:`csv_cell` (``csv_raw=True`` leaves text unchanged)."""

    def __init__(self, fh: IO[str], fmt: str, *, csv_raw: bool = False):
        if fmt not in ("jsonl", "csv"):
            raise ValueError(f"RowWriter writes jsonl or csv, not {fmt}")
        self.fh = fh
        self.fmt = fmt
        self.csv_raw = csv_raw
        self._csv: Any = None
        self._columns: list[str] = []

    def write(self, row: dict[str, Any]) -> None:
        if self.fmt == "jsonl":
            self.fh.write(dumps(row) + "\n")
            return
        if self._csv is None:
            self._columns = list(row)
            self._csv = csv.writer(self.fh, lineterminator="\n")
            self._csv.writerow([csv_cell(str(c), raw=self.csv_raw) for c in self._columns])
        self._csv.writerow([csv_cell(row.get(c), raw=self.csv_raw) for c in self._columns])


# -- Markdown -------------------------------------------------------------------------------

#: Characters with a meaning anywhere in a line of CommonMark/GFM inline text.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|#~])")
#: What would start a block at a line start: a list item, a thematic break or heading
#: underline, an ordered list item.
_MD_LINE_START = re.compile(r"^(?:[-+*](?=\s|$)|[-=]+\s*$|\d{1,9}[.)](?=\s|$))")
#: Numbers and intervals as framing formats them ("0.25 [0.20, 0.30]", "–", "40%"): no markup.
_MD_NUMERIC = re.compile(r"[\d\s.,%\[\]–-]*")


def md_text(value: Any) -> str:
    """``value`` as literal text inside a Markdown paragraph, heading or table cell: one line
    (whitespace runs become one space), Markdown punctuation backslash-escaped, ``&``, ``<``
    and ``>`` written as entities so no viewer sees raw HTML, and lone surrogates repaired."""
    text = " ".join(repair_text(str(value if value is not None else "")).split())
    if not _MD_NUMERIC.fullmatch(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = _MD_SPECIAL.sub(r"\\\1", text)
    start = _MD_LINE_START.match(text)
    if start:  # escape the marker's punctuation: "\\- x", "1\\. x"
        at = start.end() - 1 if text[0].isdigit() else 0
        text = text[:at] + "\\" + text[at:]
    return text


def md_code(value: Any) -> str:
    """``value`` as an inline code span on one line, fenced by more backticks than any run of
    backticks inside it (and padded with a space where it begins or ends with one), so the span
    cannot be closed early. Not for table cells (a ``|`` there still ends the cell)."""
    text = " ".join(repair_text(str(value if value is not None else "")).split())
    runs = [len(m) for m in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    if text.startswith("`") or text.endswith("`"):
        text = f" {text} "
    elif not text:
        text = " "  # a code span cannot be empty
    return f"{fence}{text}{fence}"
