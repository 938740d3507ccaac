"""Reading articles from files, folders, JSONL, CSV and stdin, with an optional manifest.

Every input becomes an :class:`~framing.article.Article` with cleaned text, metadata and where
each value came from. A file that cannot be read becomes an :class:`~framing.errors.InputError`
in the stream instead, so one bad file never costs the others their results; a CSV row or JSONL
line that does not parse is such an error naming its line, never a shorter article. Rows already
in Python (a DataFrame, dicts) are read by :func:`records_corpus`.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import itertools
import json
import logging
import math
import os
import posixpath
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from ..article import CORE_FIELDS, Article
from ..errors import InputError
from .cleaning import clean_text
from .html import clean_html
from .metadata import infer_metadata

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
RECORD_SUFFIXES = (".jsonl", ".csv")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + RECORD_SUFFIXES
#: Columns tried, in order, for the article text of JSONL and CSV records.
TEXT_FIELDS = ("text", "content", "body", "article")
#: Manifest columns that join a row to an input: a file name/path, or an article id.
MANIFEST_KEYS = ("file", "id")
#: Single-byte encodings of Latin script that detection confuses; cp1252 decodes them best.
_LATIN_GUESSES = {"cp1250", "cp1252", "latin_1", "iso8859_2", "iso8859_15", "iso8859_9", "cp1254"}


# --------------------------------------------------------------------------------------------
# Bytes to text


#: BOMs of UTF-32 (checked before UTF-16's, which begins UTF-32 LE's).
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
#: Detector results at or above this share of "mess" are not trusted (charset-normalizer's
#: chaos: 0 is clean text; the CJK and UTF-16 samples in the tests score at most 0.05).
MAX_CHAOS = 0.1
#: Bad bytes listed by offset in a warning; more are counted.
_SHOWN_OFFSETS = 3


def _bad_utf8_offsets(data: bytes | memoryview, limit: int) -> tuple[list[int], bool]:
    """Offsets of bytes that are not UTF-8 (at most ``limit``), and whether there are more."""
    bad: list[int] = []
    view = memoryview(data)
    pos = 0
    while pos < len(view):
        try:
            codecs.utf_8_decode(view[pos:], "strict", True)
            break
        except UnicodeDecodeError as exc:
            if len(bad) == limit:
                return bad, True
            bad.append(pos + exc.start)
            pos += exc.end
    return bad, False


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 text with a few stray bytes: more characters outside ASCII that decode as UTF-8
    than bytes that do not. A legacy codepage (cp1252, cp1251, GB18030) almost never forms
    valid UTF-8 sequences, so its text fails this; a UTF-8 file with one stray byte passes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return 0 < bad <= good


def _warn_replaced(label: str, data: bytes, *, line: int | None = None, offset: int = 0) -> None:
    """Log which bytes of ``data`` (found at byte ``offset`` of the file) were replaced."""
    bad, more = _bad_utf8_offsets(data, _SHOWN_OFFSETS)
    if not bad:
        return
    where = f"{label}:{line}" if line is not None else label
    shown = ", ".join(str(offset + b) for b in bad) + (" and more" if more else "")
    log.warning("%s: bytes that are not UTF-8 at byte offset %s were replaced with U+FFFD",
                where, shown)


def _printable(text: str) -> bool:
    """Whether nearly all of ``text`` (its first 20,000 characters) is printable or white
    space: not binary data."""
    text = text[:20_000]
    if not text:
        return False
    odd = sum(1 for ch in text if not (ch.isprintable() or ch.isspace()))
    return odd <= len(text) // 100


def detect_encoding(data: bytes, path: str, *, complete: bool = True) -> str:
    """The codec to read ``data`` with: UTF-8 (with or without BOM, and also when a few stray
    bytes are not UTF-8: :func:`decode_bytes` replaces them and warns), UTF-32 or UTF-16 with
    a BOM, else what charset-normalizer detects (cp1251, KOI8-R, GB18030, Shift-JIS, UTF-16
    without BOM...). ``data`` is a whole file, or with ``complete=False`` the start of one."""
    if data.startswith(_UTF32_BOMS):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in data:  # text never holds NUL bytes, unless it is UTF-16/32 without a BOM
        sample = data if complete else data[: len(data) // 4 * 4]
        best = from_bytes(sample).best()
        if (best is not None and best.encoding.startswith("utf_")
                and best.encoding != "utf_8" and best.chaos < MAX_CHAOS
                and _printable(str(best))):
            return best.encoding
        raise InputError(path, "binary file (contains NUL bytes); give a text, HTML, JSONL or CSV")
    if not complete and b"\n" in data:  # whole lines only: no character cut in two
        data = data[: data.rindex(b"\n") + 1]
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=complete)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return "utf-8-sig"
    best = from_bytes(data).best()
    if best is None or (best.coherence == 0.0 and best.chaos >= MAX_CHAOS
                        and best.encoding not in _LATIN_GUESSES):
        raise InputError(
            path, "cannot decode the bytes as text: not UTF-8, and no other encoding fits "
            "them clearly; save it as UTF-8"
        )
    if best.encoding in _LATIN_GUESSES:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    log.info("%s: decoded as %s", path, best.encoding)
    return best.encoding


def decode_bytes(data: bytes, path: str) -> str:
    """Text from bytes, in the encoding :func:`detect_encoding` finds. Stray bytes in a UTF-8
    file are replaced with U+FFFD, with a warning naming the file and their byte offsets."""
    if not data.strip():
        raise InputError(path, "empty file: nothing to read")
    encoding = detect_encoding(data, path)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        if encoding == "utf-8-sig":
            _warn_replaced(path, data)
            return data.decode(encoding, errors="replace")
        if encoding in ("utf-16", "utf-32"):
            raise InputError(path, f"starts like {encoding.upper()} but does not decode as "
                             f"{encoding.upper()}") from None
        raise InputError(path, f"does not decode as {encoding}; save it as UTF-8") from None


# --------------------------------------------------------------------------------------------
# Streams of lines
#
# JSONL and CSV files (and standard input) are read a line at a time, so memory does not grow
# with the size of a file. The encoding is decided on the first SAMPLE_BYTES; a line further on
# that does not decode in it becomes an InputError naming that line.

#: Bytes read from the start of a JSONL/CSV file or of standard input to tell its encoding.
SAMPLE_BYTES = 64 * 1024
_SURROGATES = re.compile("[\ud800-\udfff]")


def _has_surrogates(text: str) -> bool:
    """Whether ``text`` holds lone surrogates (fast: no regular expression over the text)."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class _Rejoined(io.RawIOBase):
    """A binary stream that gives the bytes already read (``head``), then the rest of ``fh``."""

    def __init__(self, head: bytes, fh: BinaryIO):
        self.head = memoryview(head)
        self.fh = fh

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        read = getattr(self.fh, "read1", self.fh.read)
        data = read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_head(fh: BinaryIO) -> tuple[bytes, bool]:
    """The first SAMPLE_BYTES of ``fh`` (more if they are all blank), and whether that is all."""
    head = fh.read(SAMPLE_BYTES)
    while True:
        if len(head) < SAMPLE_BYTES:  # a short read: at the end, or a pipe to read on
            more = fh.read(SAMPLE_BYTES - len(head))
            if not more:
                return head, True
            head += more
            continue
        if head.strip():
            return head, False
        more = fh.read(SAMPLE_BYTES)
        if not more:
            return head, True
        head += more


def _splits_on_newline(encoding: str) -> bool:
    """Whether byte 0x0A is a line end and nothing else in ``encoding`` (not UTF-16/32)."""
    name = codecs.lookup(encoding).name
    return not name.startswith(("utf-16", "utf-32")) and "\n".encode(encoding)[-1:] == b"\n"


def _undecodable(encoding: str, exc: UnicodeError) -> str:
    name = codecs.lookup(encoding).name
    name = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16"}.get(name, name)
    return (f"line does not decode as {name}, the encoding found at the start of the file "
            f"({getattr(exc, 'reason', exc)}); save the file as UTF-8")


def _decode_lines(
    raw_lines: Iterable[bytes], label: str, encoding: str, first_line: int = 1,
    offset: int = 0,
) -> Iterator[tuple[int, str | InputError]]:
    """(line number, text) for each line of bytes (the first at byte ``offset`` of the file).
    In UTF-8, stray bytes are replaced with U+FFFD and a warning names their line and offset;
    in other encodings a line that does not decode is an InputError in its place. The lines
    after it still come."""
    decoder = codecs.getincrementaldecoder(encoding)()
    utf8 = codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    mixed = 0  # UTF-8 lines in a file of a single-byte codepage
    single_byte = not utf8 and _single_byte(encoding)
    for lineno, raw in enumerate(raw_lines, first_line):
        try:
            if single_byte and not raw.isascii():
                # the start of the file told a legacy codepage (cp1252, cp1251...), but a line
                # that is valid UTF-8 with letters outside ASCII is UTF-8: such codepages
                # almost never form UTF-8 sequences by chance, and mixed files exist
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    pass
                else:
                    mixed += 1
                    if mixed == 1:
                        log.warning("%s:%d: this line (and any like it) is UTF-8 although the "
                                    "file starts in %s; read as UTF-8", label, lineno, encoding)
                    yield lineno, text
                    offset += len(raw)
                    continue
            yield lineno, decoder.decode(raw, final=not raw.endswith(b"\n"))
        except UnicodeDecodeError as exc:
            decoder.reset()
            if utf8:
                _warn_replaced(label, raw, line=lineno, offset=offset)
                yield lineno, raw.decode(encoding, errors="replace")
            else:
                yield lineno, InputError(label, _undecodable(encoding, exc), line=lineno)
        offset += len(raw)


def _single_byte(encoding: str) -> bool:
    """Whether ``encoding`` gives one character for every byte (cp1252, cp1251, KOI8-R...)."""
    try:
        return len(bytes(range(256)).decode(encoding, errors="replace")) == 256
    except LookupError:
        return False


def _decode_wide(
    fh: BinaryIO, label: str, encoding: str
) -> Iterator[tuple[int, str | InputError]]:
    """(line number, text) of a UTF-16/32 stream; it stops at the first error."""
    text = io.TextIOWrapper(fh, encoding=encoding, errors="surrogatepass", newline="\n")
    lineno = 0
    try:
        for lineno, line in enumerate(text, 1):
            if _SURROGATES.search(line):
                yield lineno, InputError(
                    label, _undecodable(encoding, UnicodeError("a lone surrogate")), line=lineno)
                return
            yield lineno, line
    except UnicodeDecodeError as exc:
        yield lineno + 1, InputError(label, _undecodable(encoding, exc), line=lineno + 1)
    finally:
        text.detach()


def _lines(
    fh: BinaryIO, label: str, *, head: bytes | None = None, encoding: str | None = None
) -> Iterator[tuple[int, str | InputError]]:
    """The lines of a binary stream, read lazily after a leading sample that tells their
    encoding (``head`` and ``encoding``: the sample already read from ``fh``, and its encoding).
    """
    if head is None:
        head, complete = _read_head(fh)
        if not head.strip():
            raise InputError(label, "empty file: nothing to read")
        encoding = detect_encoding(head, label, complete=complete)
    stream = io.BufferedReader(_Rejoined(head, fh), buffer_size=SAMPLE_BYTES)
    if _splits_on_newline(encoding):
        return _decode_lines(stream, label, encoding)
    return _decode_wide(stream, label, encoding)


def _text_lines(stream: io.TextIOBase, label: str) -> Iterator[tuple[int, str | InputError]]:
    """(line number, text) of a stream already decoded; it stops at a decoding error."""
    lineno = 0
    try:
        for lineno, line in enumerate(stream, 1):
            yield lineno, line
    except UnicodeDecodeError as exc:
        yield lineno + 1, InputError(
            label, f"does not decode as {exc.encoding} ({exc.reason})", line=lineno + 1)


# --------------------------------------------------------------------------------------------
# Manifest


def _norm_path(path: str) -> str:
    """A path written in a manifest or given as input, in one form: "/" separators, no "./"."""
    return posixpath.normpath(path.replace("\\", "/"))


@dataclass
class Manifest:
    """Rows of a manifest CSV keyed by file name, relative path and id."""

    path: str
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    #: Rows matched by file name only, and the input that took each.
    named: dict[int, str] = field(default_factory=dict)
    #: Rows that do not parse as the header says (reported with the inputs' errors).
    problems: list[InputError] = field(default_factory=list)

    @classmethod
    def read(cls, path: str | Path) -> Manifest:
        path = str(path)
        try:
            text = decode_bytes(Path(path).read_bytes(), path)
        except OSError as exc:
            raise InputError(path, f"cannot read manifest: {exc.strerror}") from None
        manifest = cls(path)
        rows = _csv_records(path, _text_lines(io.StringIO(text), path), None,
                            header_problem=_no_manifest_key)
        for line, row in rows:
            if isinstance(row, InputError):
                if row.line == 1:  # the header: without it no row can be joined
                    raise row
                manifest.problems.append(row)  # a row that does not parse: the others join
                continue
            manifest.rows.append({k.strip(): (v or "").strip() for k, v in row.items()})
            manifest.lines.append(line)
        return manifest

    def match(
        self, *, file: str | None = None, id: str | None = None, root: str | None = None
    ) -> dict[str, str] | None:
        """The row for an input: the first whose file is ``file`` (its path relative to the
        input folder ``root``, or to the manifest's folder, or the same file on disk), else
        whose id is ``id``, else whose file has the name of ``file`` when no other row has that
        name. ``a/x.txt`` and ``b/x.txt`` so find their own rows; a row that names only
        ``x.txt`` is taken by one input, and a second input of that name is warned about."""
        by_path, by_name, by_id = self._index
        n = self._by_path(file, root, by_path) if file else None
        by_id_n = by_id[id][0] if id and id in by_id else None
        if n is None or (by_id_n is not None and by_id_n < n):
            n = by_id_n
        if n is None and file:
            rows = by_name.get(Path(file).name)
            if rows is not None and len(rows) == 1:
                n = rows[0]
                other = self.named.setdefault(n, file)
                if other != file:
                    log.warning("%s:%d: names %r only, which matches both %s and %s; give the "
                                "path relative to the input folder", self.path, self.lines[n],
                                self.rows[n]["file"], other, file)
                    return None
        if n is None:
            return None
        self.used.add(n)
        return self.rows[n]

    def _by_path(self, file: str, root: str | None, by_path: dict[str, list[int]]) -> int | None:
        keys = [_norm_path(file)]
        if root is not None:
            with contextlib.suppress(ValueError):  # on another drive
                keys.insert(0, _norm_path(os.path.relpath(file, root)))
        with contextlib.suppress(OSError, RuntimeError):
            keys.append(str(Path(file).resolve()))
        for key in keys:
            if key in by_path:
                return by_path[key][0]
        return None

    @cached_property
    def _index(self) -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[int]]]:
        # Rows by path (as written, and resolved from the manifest's folder), by file name and
        # by id, built at the first match (after read() has added every row), so that matching
        # is a look-up, not a scan: a manifest of 100,000 files would otherwise cost 100,000
        # comparisons per article.
        by_path: dict[str, list[int]] = {}
        by_name: dict[str, list[int]] = {}
        by_id: dict[str, list[int]] = {}
        folder = Path(self.path).parent
        for n, row in enumerate(self.rows):
            if row.get("file"):
                written = _norm_path(row["file"])
                by_path.setdefault(written, []).append(n)
                try:
                    resolved = str((folder / written).resolve())
                except (OSError, RuntimeError):
                    resolved = None
                if resolved is not None and resolved != written:
                    by_path.setdefault(resolved, []).append(n)
                by_name.setdefault(Path(written).name, []).append(n)
            if row.get("id"):
                by_id.setdefault(row["id"], []).append(n)
        return by_path, by_name, by_id

    def unused(self) -> Iterator[InputError]:
        """Rows that named a file or id no input supplied."""
        for n, row in enumerate(self.rows):
            if n not in self.used:
                what = row.get("file") or row.get("id")
                yield InputError(
                    self.path, f"manifest names {what!r}, which is not among the inputs",
                    line=self.lines[n],
                )


# --------------------------------------------------------------------------------------------
# Building articles


def content_id(text: str) -> str:
    """A stable id from the cleaned text: the first 12 hex digits of its SHA-1."""
    return "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith("<") and ("<html" in head or "<!doctype" in head or "</" in text)


def build_article(
    raw: str,
    source: str,
    *,
    file: str | None = None,
    record: dict[str, Any] | None = None,
    manifest: Manifest | None = None,
    html: bool | None = None,
    clean: bool = True,
    default_id: str | None = None,
) -> Article:
    """Clean one raw text and gather its metadata: manifest > record fields > inferred.
    The id: the manifest's, else the record's, else ``default_id``, else made from the text."""
    row = manifest.match(file=file, id=(record or {}).get("id")) if manifest else None
    return _assemble(raw, source, record, row, html, clean, default_id, file)


def _without_surrogates(
    raw: str, source: str, record: dict[str, Any] | None
) -> tuple[str, dict[str, Any] | None]:
    """Text and record fields with lone surrogates (which no UTF-8 writer takes: Python
    strings from outside framing may hold them) replaced with U+FFFD, and a warning."""
    values = [v for v in (record or {}).values() if isinstance(v, str)]
    if not any(_has_surrogates(v) for v in (raw, *values)):
        return raw, record
    log.warning("%s: lone surrogates (\\ud800-\\udfff) replaced with U+FFFD", source)
    if record is not None:
        record = {k: _SURROGATES.sub("\ufffd", v) if isinstance(v, str) else v
                  for k, v in record.items()}
    return _SURROGATES.sub("\ufffd", raw), record


def _assemble(
    raw: str, source: str, record: dict[str, Any] | None, row: dict[str, str] | None,
    html: bool | None, clean: bool, default_id: str | None = None, file: str | None = None,
) -> Article:
    """build_article once the manifest row (if any) is known."""
    raw, record = _without_surrogates(raw, source, record)
    if html is None:
        html = _looks_like_html(raw)
    if html:
        cleaned, inferred = clean_html(raw)
        inferred = {**infer_metadata(cleaned.text, cleaned), **inferred}
    elif clean:
        cleaned = clean_text(raw)
        inferred = infer_metadata(raw, cleaned)
    else:
        cleaned, inferred = None, {}
    text = cleaned.text if cleaned is not None else raw.strip()
    if not text.strip():
        raise InputError(source, "no article text left after cleaning (is this an article?)")
    meta: dict[str, Any] = {}
    provenance: dict[str, str] = {}
    for key, value in inferred.items():
        meta[key] = value.value
        provenance[key] = value.source
    for key, value in (record or {}).items():
        if value not in (None, ""):
            meta[key] = value
            provenance[key] = "record"
    for key, value in (row or {}).items():
        if key != "file" and value != "":
            meta[key] = value
            provenance[key] = "manifest"
    article_id = str(meta.pop("id", "") or default_id or content_id(text))
    provenance.pop("id", None)
    article = Article(
        id=article_id, text=text, source=source, meta=meta, provenance=provenance,
        removed=list(cleaned.removed) if cleaned is not None else [], file=file,
    )
    return article


@dataclass
class PendingArticle:
    """An input read but not yet cleaned: :meth:`build` makes the Article.

    :func:`iter_articles` yields these with ``build=False`` so that cleaning, the costliest part
    of reading, can run in the processes that score (see :mod:`framing.engines.local`). The manifest
    row is matched when the input is read, so :meth:`Manifest.unused` stays right; the article's
    id, when it comes from the cleaned text, is known only once built, so whoever builds checks
    ids with :class:`IdCheck`.
    """

    raw: str
    source: str
    record: dict[str, Any] | None = None
    row: dict[str, str] | None = None
    html: bool | None = None
    clean: bool = True
    #: Where errors point: the file and line, when ``source`` is a record's "path:line".
    path: str | None = None
    line: int | None = None
    #: The id when neither the manifest nor the record gives one (None: made from the text).
    default_id: str | None = None
    #: The file read (None for standard input and for rows of a DataFrame).
    file: str | None = None

    def build(self) -> Article:
        """The cleaned Article; InputError when no text is left."""
        try:
            return _assemble(self.raw, self.source, self.record, self.row, self.html,
                             self.clean, self.default_id, self.file)
        except InputError as exc:
            if self.path is None:
                raise
            raise InputError(self.path, exc.message, line=self.line) from None

    def built(self) -> Article | InputError:
        """:meth:`build`, with the InputError returned in the article's place."""
        try:
            return self.build()
        except InputError as exc:
            return exc


class IdCheck:
    """Article ids seen so far: the second article with an id becomes an InputError."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def __call__(self, article_id: str, source: str) -> InputError | None:
        if article_id in self.seen:
            return InputError(
                source,
                f"duplicate id {article_id!r} (also {self.seen[article_id]}); give each "
                "article a unique id in the manifest, or remove the copy",
            )
        self.seen[article_id] = source
        return None


#: Longest integer read from JSON (Python's own limit on converting digits to an int).
MAX_INT_DIGITS = 4300


class _JSONLimit(ValueError):
    """JSON that parses, but holds a value framing does not take (the message says which)."""


class _JSONReader:
    """``json.loads`` with limits input cannot exceed: integers of at most MAX_INT_DIGITS
    digits, finite numbers only (``NaN``, JSON's missing value from Python and pandas, reads as
    null), nesting within the recursion limit; lone surrogates ("\\ud800") in top-level
    strings become U+FFFD. ``notes`` gathers what was repaired in the last line read."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.decoder = json.JSONDecoder(parse_int=self._int, parse_float=self._float,
                                        parse_constant=self._constant)

    def _int(self, text: str) -> int:
        digits = len(text.lstrip("-"))
        if digits > MAX_INT_DIGITS:
            raise _JSONLimit(f"an integer of {digits:,} digits (at most {MAX_INT_DIGITS:,} "
                             "are read)")
        return int(text)

    @staticmethod
    def _float(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise _JSONLimit(f"a number out of range ({text[:20]})")
        return value

    def _constant(self, name: str) -> None:
        if name != "NaN":
            raise _JSONLimit(f"{name}, which is not valid JSON (write null or a number)")
        self.notes.append("NaN read as null (missing)")
        return None

    def loads(self, line: str) -> Any:
        self.notes.clear()
        obj = self.decoder.decode(line)
        if isinstance(obj, dict) and any(_has_surrogates(k) or isinstance(v, str)
                                         and _has_surrogates(v) for k, v in obj.items()):
            obj = {_SURROGATES.sub("\ufffd", k):
                   _SURROGATES.sub("\ufffd", v) if isinstance(v, str) else v
                   for k, v in obj.items()}
            self.notes.append("lone surrogates (\\ud800-\\udfff) replaced with U+FFFD")
        return obj


class FileIds:
    """Ids made from file names, for articles no manifest or record gives one: the path below
    the input folder without its suffix ("a", "2024/b"), else with it, else numbered, so that
    every file gets its own."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def __call__(self, path: str, root: str | None) -> str:
        name = Path(path).name
        relative = name
        if root is not None:
            with contextlib.suppress(ValueError):
                relative = _norm_path(os.path.relpath(path, root))
        suffix = Path(name).suffix
        bare = relative[: -len(suffix)] if suffix else relative
        made = next((c for c in (bare, relative, _norm_path(path)) if c not in self.taken), None)
        n = 2
        while made is None:
            made = f"{bare}-{n}" if f"{bare}-{n}" not in self.taken else None
            n += 1
        self.taken.add(made)
        return made


class TextCheck:
    """Texts seen so far (by hash): an article whose cleaned text is the same as an earlier
    one's is logged as an exact duplicate. Both are still scored."""

    def __init__(self) -> None:
        self.seen: dict[bytes, str] = {}

    def __call__(self, text: str, source: str) -> None:
        key = hashlib.sha1(text.encode("utf-8", errors="replace")).digest()
        first = self.seen.setdefault(key, source)
        if first != source:
            log.warning("%s: exact duplicate of %s (the same text); both are scored", source,
                        first)


def _jsonl_records(
    path: str, lines: Iterable[tuple[int, str | InputError]]
) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    """(line, record dict | InputError) for each non-blank line of JSONL."""
    reader = _JSONReader()
    for lineno, line in lines:
        if isinstance(line, InputError):
            yield lineno, line
            continue
        if not line.strip():
            continue
        try:
            obj = reader.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, InputError(path, f"not valid JSON ({exc.msg})", line=lineno)
            continue
        except _JSONLimit as exc:
            yield lineno, InputError(path, f"JSON holds {exc}; record skipped", line=lineno)
            continue
        except RecursionError:
            yield lineno, InputError(path, "JSON nested too deeply to read; record skipped",
                                     line=lineno)
            continue
        if not isinstance(obj, dict):
            yield lineno, InputError(path, "each JSONL line must be an object", line=lineno)
            continue
        for note in reader.notes:
            log.warning("%s:%d: %s", path, lineno, note)
        yield lineno, obj


def _text_columns(text_field: str | None) -> list[str]:
    return [text_field] if text_field else list(TEXT_FIELDS)


def _no_text_column(path: str, fields: list[str], text_field: str | None) -> InputError | None:
    wanted = _text_columns(text_field)
    if any(f in fields for f in wanted):
        return None
    return InputError(
        path,
        f"no text column: looked for {', '.join(wanted)} among {', '.join(fields) or 'none'}"
        " (choose one with --text-field)",
        line=1,
    )


#: The longest CSV field read (the csv module's default, 131,072 characters, is shorter than
#: some long-form articles).
CSV_FIELD_LIMIT = 64 * 1024 * 1024


def _allow_long_fields() -> None:
    """Raise the csv module's field size limit (process-wide) to :data:`CSV_FIELD_LIMIT`,
    never lower it."""
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)


class _RowEnd:
    """Where a CSV row ends when a quote inside a quoted field was not doubled: such a quote
    closes the field only when a comma or the end of the line follows it. Fed the row's lines
    in turn; ``ended`` once a line break falls outside quotes."""

    def __init__(self, delimiter: str = ",") -> None:
        self.delimiter = delimiter
        self.quoted = False
        self.field_start = True
        self.ended = False

    def feed(self, text: str) -> None:
        i, n = 0, len(text)
        while i < n and not self.ended:
            ch = text[i]
            if self.quoted:
                if ch == '"':
                    after = text[i + 1] if i + 1 < n else "\n"
                    if after == '"':
                        i += 1
                    elif after in (self.delimiter, "\r", "\n"):
                        self.quoted = False
            elif ch == '"' and self.field_start:
                self.quoted = True
            elif ch == "\n":
                self.ended = True
            self.field_start = ch == self.delimiter and not self.quoted
            i += 1


#: Separators other than the comma that CSV files are written with (Excel in many locales
#: writes ";"), chosen only when the header has no comma.
OTHER_DELIMITERS = (";", "\t", "|")


def _delimiter(header: str) -> str:
    """The separator of a CSV file, from its header line: "," unless the header has none, then
    the most frequent of :data:`OTHER_DELIMITERS` (outside quotes) if any."""
    outside = re.sub(r'"[^"]*"', "", header)
    if "," in outside:
        return ","
    counts = {d: outside.count(d) for d in OTHER_DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "expected after" in text:
        return ("a quote inside a quoted field is not doubled (write \"\" for a quote inside "
                "quotes), so the field would be cut there")
    if "unexpected end of data" in text:
        return "a quoted field opened in this row is never closed"
    return f"not valid CSV ({text})"


def _no_manifest_key(path: str, fields: list[str], _text_field: str | None) -> InputError | None:
    if any(f.strip() in MANIFEST_KEYS for f in fields):
        return None
    return InputError(path, "manifest needs a 'file' or 'id' column to join rows to articles",
                      line=1)


def _csv_records(
    path: str, lines: Iterable[tuple[int, str | InputError]], text_field: str | None,
    *, header_problem=None,
) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    """(line, record dict | InputError) for each row of CSV; the line is the row's last.

    A row that does not parse as the header says (a quote inside a quoted field that is not
    doubled, more or fewer cells than the header) is an InputError naming the line the row
    starts on, and the rows after it still come. A line that cannot be decoded ends the file.
    """
    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        return
    delimiter = _delimiter(first[1]) if isinstance(first[1], str) else ","
    lines = itertools.chain([first], lines)
    current = row_start = 0
    row_lines: list[str] = []
    resync: _RowEnd | None = None  # the rest of a row that did not parse, to pass over

    def text() -> Iterator[str]:
        nonlocal current, row_start, resync
        for current, line in lines:  # noqa: B007 - ``current`` tells the rows their line
            if isinstance(line, InputError):
                raise line
            if resync is not None:
                resync.feed(line)
                if resync.ended:
                    resync = None
                continue
            if not row_lines:
                row_start = current
            row_lines.append(line)
            yield line

    _allow_long_fields()
    reader = csv.reader(text(), strict=True, delimiter=delimiter)
    try:
        try:
            header = next(reader, None) or []
        except csv.Error as exc:
            yield current, InputError(path, f"header row: {_csv_problem(exc)}; the file is not "
                                      "read", line=current)
            return
        problem = (header_problem or _no_text_column)(path, header, text_field)
        if problem is not None:
            yield 1, problem
            return
        twice = sorted({f for f in header if f and header.count(f) > 1})
        if twice:
            yield 1, InputError(path, f"the header names column {twice[0]!r} twice; give each "
                                "column its own name", line=1)
            return
        while True:
            row_lines.clear()
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                start = row_start
                row_end = _RowEnd(delimiter)
                row_end.feed("".join(row_lines))
                if not row_end.ended:
                    resync = row_end
                yield start, InputError(path, f"{_csv_problem(exc)}; row skipped", line=start)
                continue
            if len(cells) != len(header):
                if all(not c.strip() for c in cells):
                    continue  # a blank line, or only commas and spaces: nothing to read
                start = row_start
                yield start, InputError(
                    path, f"row has {len(cells)} cells but the header has {len(header)} "
                    "(a comma in an unquoted field?); row skipped", line=start)
                continue
            yield current, dict(zip(header, cells))
    except InputError as exc:  # a line that does not decode
        yield exc.line or current, InputError(
            exc.path, f"{exc.message}; the rest of the file is not read", line=exc.line)


def _record_article(path, lineno, record, text_field, manifest, clean,
                    stem=None) -> PendingArticle:
    fields = [text_field] if text_field else list(TEXT_FIELDS)
    key = next((f for f in fields if f in record), None)
    if key is None:
        raise InputError(path, f"record has no {' or '.join(fields)} field", line=lineno)
    raw = record.pop(key)
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(path, f"field {key!r} is empty or not text", line=lineno)
    meta = {k: v for k, v in record.items() if not isinstance(v, (dict, list))}
    if meta.get("id") in (None, ""):  # "id": null is no id: one is made
        meta.pop("id", None)
    else:
        meta["id"] = str(meta["id"])
    row = manifest.match(id=meta.get("id")) if manifest else None
    file = None if path == "<stdin>" else path
    stem = stem or (Path(path).stem if file else "stdin")
    return PendingArticle(raw, f"{path}:{lineno}", record=meta, row=row, clean=clean,
                          path=path, line=lineno, default_id=f"{stem}-{lineno}", file=file)


MANIFEST_NAMES = {"manifest.csv"}


@dataclass(frozen=True)
class FilePart:
    """Lines ``start`` to ``end`` (byte offsets, at record starts) of a JSONL or CSV file.

    ``line`` is the number, in the whole file, of the first line of the part, so that errors
    name the file's own lines; ``encoding`` is that of the whole file; ``header``: for a CSV
    part after the first, the header row is the file's bytes ``0`` to ``header``. Made by
    :func:`split_record_file`, read by :func:`iter_articles` like a file.
    """

    path: str
    start: int
    end: int
    line: int
    encoding: str
    header: int = 0


def expand_paths(
    paths: Iterable[str | Path | FilePart], *, skip: Iterable[str | Path] = ()
) -> Iterator[str | FilePart]:
    """Files named, and files with a known suffix below folders named (sorted, recursive).

    Inside folders, manifests (``manifest.csv`` and any path in ``skip``) are not articles and
    are passed over; a file named explicitly is always read. File parts are passed on.
    """
    for item, root in _expand_with_roots(paths, skip=skip):
        yield item if root is None else RootedPath(item, root)


class RootedPath(str):
    """A file path found inside a folder that was named, knowing that folder (``root``): what
    :func:`expand_paths` yields for such files, so that an engine passing them on to
    :func:`iter_articles` one by one (Dask) still matches manifest paths and makes ids below
    the folder, as a serial run does. ``file_id``: the id its name gives it among all the
    inputs (set by :func:`name_files`), which a reader of only some of them cannot know."""

    root: str | None
    file_id: str | None

    def __new__(cls, path: str, root: str | None, file_id: str | None = None) -> RootedPath:
        made = super().__new__(cls, path)
        made.root = root
        made.file_id = file_id
        return made

    def __reduce__(self):
        return (RootedPath, (str(self), self.root, self.file_id))


def name_files(
    files: Iterable[str | FilePart], *, manifest: str | Path | None = None
) -> list[RootedPath | FilePart]:
    """``files`` (as :func:`expand_paths` gives them) with the ids that file names give their
    articles, made over all of them in order as :func:`iter_articles` makes them, so that an
    engine that reads them in groups (Dask) gives the ids a serial run gives: ``x.txt`` and
    ``x.md`` are "x" and "x.md" even when read in different groups."""
    rows = Manifest.read(manifest) if manifest is not None else None  # matched here only
    file_ids = FileIds()
    named: list[RootedPath | FilePart] = []
    for path, root in _expand_with_roots(files):
        if isinstance(path, FilePart) or path == "-":
            named.append(path)
            continue
        made = _file_id(path, root, rows, file_ids)[1]
        named.append(RootedPath(path, root, made))
    return named


def _file_id(path: str, root: str | None, manifest: Manifest | None, file_ids: FileIds,
             given: str | None = None) -> tuple[dict[str, str] | None, str | None]:
    """The manifest row of an article file and the id its name gives it (None when the row
    gives one, or when the file cannot be an input; ``given``: made by :func:`name_files`).
    Made before the file is read, so that ids depend on the inputs' names only, never on what
    another file holds."""
    if not os.path.lexists(path) or Path(path).suffix.lower() not in SUFFIXES:
        return None, None
    record_file = Path(path).suffix.lower() in RECORD_SUFFIXES
    row = manifest.match(file=path, root=root) if manifest and not record_file else None
    if row and row.get("id"):
        return row, None
    return row, given if given is not None else file_ids(path, root)


def _expand_with_roots(
    paths: Iterable[str | Path | FilePart], *, skip: Iterable[str | Path] = ()
) -> Iterator[tuple[str | FilePart, str | None]]:
    """:func:`expand_paths`, each file with the folder named that holds it (None for a file
    named itself): manifests match paths relative to it, and ids are made from them."""
    skipped = {Path(s).resolve() for s in skip}
    for p in paths:
        if isinstance(p, FilePart):
            yield p, None
            continue
        p = p if isinstance(p, RootedPath) else str(p)
        if p == "-":
            yield p, None
            continue
        if isinstance(p, RootedPath):
            yield p, p.root
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file():
                    continue
                if child.name.lower() in MANIFEST_NAMES or child.resolve() in skipped:
                    log.info("skipping %s: a manifest, not an article", child)
                elif child.suffix.lower() in SUFFIXES:
                    yield str(child), p
                else:
                    log.debug("skipping %s: not a known article file type", child)
        else:
            yield p, None


def _open(path: str) -> BinaryIO:
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None


def _records(path: str, lines, suffix: str, text_field: str | None):
    if suffix == ".jsonl":
        return _jsonl_records(path, lines)
    return _csv_records(path, lines, text_field)


def _file_records(path: str, suffix: str, text_field: str | None):
    """Records of a JSONL or CSV file, read a line at a time."""
    with _open(path) as fh:
        yield from _records(path, _lines(fh, path), suffix, text_field)


def _part_records(part: FilePart, text_field: str | None):
    """Records of one part of a JSONL or CSV file, numbered with the file's lines."""

    def body(fh: BinaryIO) -> Iterator[bytes]:
        fh.seek(part.start)
        left = part.end - part.start
        for raw in fh:
            if left <= 0:
                return
            left -= len(raw)
            yield raw[: len(raw) + min(0, left)]

    with _open(part.path) as fh:
        lines = _decode_lines(body(fh), part.path, part.encoding, part.line, part.start)
        if part.header:
            head = io.BytesIO(fh.read(part.header))
            lines = itertools.chain(_decode_lines(head, part.path, part.encoding), lines)
        suffix = Path(part.path).suffix.lower()
        yield from _records(part.path, lines, suffix, text_field)


#: Non-blank lines of standard input looked at to tell JSON Lines from prose.
STDIN_PEEK_LINES = 20


def _stdin_kind(start: str, complete: bool) -> str:
    """"records" when standard input (its first lines, ``start``) is JSON Lines: the first
    non-blank line is an object, or one of the next few is (the first line is then an error
    in its place, as in a file); else "text", one prose article. Standard input that is one
    JSON value over several lines (an array) is an InputError: framing reads JSON Lines."""
    lines = [line.strip() for line in start.splitlines() if line.strip()][:STDIN_PEEK_LINES]
    if not lines:
        return "text"  # empty: an error when read as text
    if lines[0].startswith("{"):
        return "records"
    if lines[0].startswith("[") and complete:
        try:
            value = json.loads(start)
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, list):
            raise InputError("<stdin>", "holds a JSON array, not JSON Lines: give one object "
                             "per line (for example with: jq -c '.[]')")
    for line in lines[1:]:
        if line.startswith("{"):
            try:
                if isinstance(json.loads(line), dict):
                    return "records"
            except (ValueError, RecursionError):
                pass
    return "text"


def _stdin_items(stream: Any):
    """What standard input holds: JSONL records (see :func:`_stdin_kind`), else one article.

    Returns ("records", an iterator of records) or ("text", the whole text).
    """
    label = "<stdin>"
    if isinstance(stream, (io.RawIOBase, io.BufferedIOBase)):
        head, complete = _read_head(stream)
        if not head.strip():
            raise InputError(label, "empty file: nothing to read")
        encoding = detect_encoding(head, label, complete=complete)
        start = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
        if _stdin_kind(start, complete) == "records":
            lines = _lines(stream, label, head=head, encoding=encoding)
            return "records", _jsonl_records(label, lines)
        return "text", decode_bytes(head + stream.read(), label)
    peeked: list[str] = []
    blank = 0
    for line in stream:
        peeked.append(line)
        blank += not line.strip()
        if len(peeked) - blank >= STDIN_PEEK_LINES:
            break
    else:  # all of it read
        if _stdin_kind("".join(peeked), True) == "records":
            return "records", _jsonl_records(label, _text_lines(iter(peeked), label))
        return "text", "".join(peeked)
    if _stdin_kind("".join(peeked), False) == "records":
        lines = _text_lines(itertools.chain(peeked, stream), label)
        return "records", _jsonl_records(label, lines)
    return "text", "".join(peeked) + stream.read()


def iter_articles(
    paths: Iterable[str | Path | FilePart],
    *,
    manifest: str | Path | Manifest | None = None,
    text_field: str | None = None,
    clean: bool = True,
    stdin: io.TextIOBase | BinaryIO | None = None,
    build: bool = True,
) -> Iterator[Article | PendingArticle | InputError]:
    """Articles lazily, in input order; unreadable inputs come as InputError items.

    JSONL and CSV files and standard input (``-``) are read a line at a time: memory does not
    grow with their size. ``stdin``: a text or binary stream to read for ``-`` (default: the
    bytes of ``sys.stdin``, with their encoding detected as for files). ``build=False``: yield
    :class:`PendingArticle` items, read but not cleaned, for the caller to build and to check
    for duplicate ids (as :func:`framing.engines.local.score_records` does on its workers).

    Ids: the manifest's, else the record's ``id``, else made from the file name below the folder
    named (:class:`FileIds`; a record without an id: ``name-LINE``), else (standard input) from
    the text. Two articles with the same text are both given, with a warning
    (:class:`TextCheck`); two with the same id are an error for the second.
    """
    if manifest is not None and not isinstance(manifest, Manifest):
        manifest = Manifest.read(manifest)
    check = IdCheck()
    same_text = TextCheck()
    file_ids = FileIds()

    def finish(pending: PendingArticle) -> Article | PendingArticle | InputError:
        if not build:
            return pending
        article = pending.built()
        if isinstance(article, InputError):
            return article
        problem = check(article.id, article.source)
        if problem is None:
            same_text(article.text, article.source)
        return problem or article

    def articles(label: str, records, stem: str | None = None
                 ) -> Iterator[Article | PendingArticle | InputError]:
        for lineno, rec in records:
            if isinstance(rec, InputError):
                yield rec
                continue
            try:
                yield finish(_record_article(label, lineno, rec, text_field, manifest, clean,
                                             stem))
            except InputError as exc:
                yield exc

    skip = [manifest.path] if manifest is not None else []
    if manifest is not None:
        yield from manifest.problems
    for path, root in _expand_with_roots(paths, skip=skip):
        try:
            if isinstance(path, FilePart):
                yield from articles(str(path.path), _part_records(path, text_field),
                                    getattr(path.path, "file_id", None))
                continue
            given = getattr(path, "file_id", None)  # a RootedPath from name_files
            path = str(path)
            if path == "-":
                if stdin is None:
                    stdin = getattr(sys.stdin, "buffer", sys.stdin)
                kind, data = _stdin_items(stdin)
                if kind == "records":
                    yield from articles("<stdin>", data)
                    continue
                label, html = "<stdin>", None
            else:
                suffix = Path(path).suffix.lower()
                if not os.path.lexists(path):
                    raise InputError(path, "no such file or folder")
                if suffix not in SUFFIXES:
                    raise InputError(
                        path, f"unknown file type {suffix or '(none)'}; "
                        f"framing reads {', '.join(SUFFIXES)}"
                    )
                row, made = _file_id(path, root, manifest, file_ids, given)
                if suffix in RECORD_SUFFIXES:
                    yield from articles(path, _file_records(path, suffix, text_field), made)
                    continue
                try:
                    raw = Path(path).read_bytes()
                except OSError as exc:
                    raise InputError(path, f"cannot read: {exc.strerror}") from None
                data = decode_bytes(raw, path)
                label, html = path, suffix in HTML_SUFFIXES or None
            if not data.strip():
                raise InputError(label, "empty file: nothing to read")
            if path == "-":
                row, made = manifest.match(file=None) if manifest else None, None
            yield finish(PendingArticle(data, label, row=row, html=html, clean=clean,
                                        default_id=made, file=None if path == "-" else path))
        except InputError as exc:
            yield exc
        except OSError as exc:  # a read that fails half-way through a file
            yield InputError(path if isinstance(path, str) else path.path,
                             f"cannot read: {exc.strerror or exc}")
    if manifest is not None:
        yield from manifest.unused()


def split_record_file(
    path: str, part_bytes: int, *, text_field: str | None = None
) -> list[FilePart]:
    """Cut a JSONL or CSV file into parts of at least ``part_bytes`` that begin at records.

    JSONL is cut after a line, CSV after a row (a quoted field may hold line breaks, so the
    file is parsed to find where rows end). The parts, read in order, give exactly the records
    and errors of the whole file, with the same line numbers. An empty list means "read the
    file whole": it is not larger than ``part_bytes``, is UTF-16/32, or cannot be read or
    parsed up to the first cut (its errors then come when it is read).
    """
    suffix = Path(path).suffix.lower()
    try:
        size = os.path.getsize(path)
        if suffix not in RECORD_SUFFIXES or size <= part_bytes:
            return []
        with open(path, "rb") as fh:
            head, complete = _read_head(fh)
            encoding = detect_encoding(head, path, complete=complete)
            if not _splits_on_newline(encoding):
                return []
            fh.seek(0)
            first = head.split(b"\n", 1)[0].decode(encoding, errors="replace")
            return _cut(path, fh, size, part_bytes, suffix, encoding, text_field,
                        _delimiter(first))
    except (OSError, InputError, UnicodeDecodeError, csv.Error):  # in the header: read whole
        return []


def _cut(path, fh, size, part_bytes, suffix, encoding, text_field,
         delimiter=",") -> list[FilePart]:
    pos = 0
    lineno = 0

    def lines() -> Iterator[bytes]:
        nonlocal pos, lineno
        for raw in fh:
            pos += len(raw)
            lineno += 1
            yield raw

    if suffix == ".jsonl":
        ends = ((pos, lineno) for _ in lines())
        header = 0
    else:
        decoder = codecs.getincrementaldecoder(encoding)()
        _allow_long_fields()
        rows = csv.reader((decoder.decode(raw, final=not raw.endswith(b"\n")) for raw in lines()),
                          strict=True, delimiter=delimiter)
        ends = ((pos, lineno) for _ in rows)
        fields = next(rows, None)
        if fields is None or _no_text_column(path, fields, text_field) is not None:
            return []
        header = pos
    parts: list[FilePart] = []
    start, first = 0, 1
    try:
        for end, last in ends:
            if end - start >= part_bytes and end < size:
                parts.append(FilePart(path, start, end, first, encoding, header if start else 0))
                start, first = end, last + 1
    except (UnicodeDecodeError, csv.Error):
        pass  # the rest is one part: its error comes when it is read
    if parts:
        parts.append(FilePart(path, start, size, first, encoding, header))
    return parts


class Corpus(list):
    """A list of articles, with the inputs that could not be read in ``errors``."""

    def __init__(self, articles: Iterable[Article] = (), errors: Iterable[InputError] = ()):
        super().__init__(articles)
        self.errors: list[InputError] = list(errors)

    def to_frame(self):
        """One row per article: id, metadata columns, n_words, source, file and the cleaned
        text."""
        import pandas as pd

        rows = [
            {"id": a.id, **{k: a.meta.get(k) for k in CORE_FIELDS}, "n_words": a.n_words,
             "source": a.source, "file": a.file, "text": a.text}
            for a in self
        ]
        cols = ["id", *CORE_FIELDS, "n_words", "source", "file", "text"]
        return pd.DataFrame(rows, columns=cols).set_index("id")

    def _repr_html_(self) -> str:  # pragma: no cover - notebooks
        frame = self.to_frame().drop(columns=["text"])
        return frame._repr_html_()


# --------------------------------------------------------------------------------------------
# Records already in Python: DataFrame rows and dicts


def _plain(value: Any) -> Any:
    """A metadata value as plain Python (numpy scalars unwrapped, dates as ISO text), or None
    when missing (None, NaN, NaT) or not a single value (a list, a dict)."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)) and getattr(
            value, "ndim", 0) == 0:
        with contextlib.suppress(ValueError, TypeError):
            value = value.item()
    if value is None or isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (str, bool, int, float)):
        return value
    if hasattr(value, "isoformat"):
        try:
            return None if value != value else value.isoformat()  # NaT is not equal to itself
        except (ValueError, TypeError):
            return None
    return None


def _describe(value: Any) -> str:
    plain = _plain(value)
    if plain is None:
        return "missing (None)" if value is None else f"missing ({value!r})"
    if isinstance(plain, (bool, int, float)):
        return f"a number ({plain!r})" if not isinstance(plain, bool) else f"{plain!r}"
    return f"a {type(value).__name__}"


def _id_text(value: Any) -> str | None:
    """An id given as text, a whole number (12 or 12.0) or None when missing or blank."""
    value = _plain(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    return text or None


def _rows_of(data: Any) -> tuple[list[tuple[Any, Mapping[str, Any]]], str]:
    """(key, row) pairs of a DataFrame (key: the index label), a dict (one record) or a list
    of dicts (key: the position); and how to name a row in messages."""
    if hasattr(data, "iterrows") and hasattr(data, "columns"):
        cols = [str(c) for c in data.columns]
        return [(key, dict(zip(cols, values)))
                for key, values in zip(data.index, data.itertuples(index=False, name=None))], \
            "row"
    if isinstance(data, Mapping):
        return [(0, data)], "record"
    return list(enumerate(data)), "record"


def records_corpus(
    data: Any, *, text: str = "text", id: str | None = None, clean: bool = True,
    manifest: str | Path | Manifest | None = None,
) -> tuple[Corpus, list[int]]:
    """Articles from a DataFrame (one per row), a dict or a list of dicts, and the positions of
    the rows that became them.

    ``text``: the column holding the text; a row whose text is missing (None, NaN), a number
    or blank is an error in ``corpus.errors`` naming the row, never scored as "nan" or "12345".
    ``id``: the column of ids (default: ``id`` when there is one, else a DataFrame's index);
    a missing id gets ``row-<index>``. Every other column is kept as metadata.
    """
    if manifest is not None and not isinstance(manifest, Manifest):
        manifest = Manifest.read(manifest)
    if hasattr(data, "columns"):
        for column, what in ((text, "text"), (id, "id")):
            if column is not None and column not in data.columns:
                raise KeyError(f"no {what} column {column!r}; columns are "
                               f"{', '.join(map(str, data.columns))}")
    rows, kind = _rows_of(data)
    id_field = id if id is not None else "id"
    corpus, positions = Corpus(), []
    check = IdCheck()
    for position, (key, row) in enumerate(rows):
        label = f"{kind} {key}"
        if not isinstance(row, Mapping):
            corpus.errors.append(InputError(label, f"is a {type(row).__name__}, not a dict"))
            continue
        raw = row.get(text)
        if text not in row:
            error = f"has no {text!r} field"
        elif not isinstance(raw, str):
            error = f"{text!r} is {_describe(raw)}, not text; {kind} skipped"
        elif not raw.strip():
            error = f"{text!r} is empty; {kind} skipped"
        else:
            error = None
        if error is not None:
            corpus.errors.append(InputError(label, error))
            continue
        meta = {str(k): v for k, v in ((k, _plain(v)) for k, v in row.items())
                if k not in (text, id_field) and v is not None}
        given = _id_text(row.get(id_field))
        if given is None:  # a DataFrame without ids: its index; a missing id: made
            given = str(key) if kind == "row" and id_field not in row else f"{kind}-{key}"
        meta["id"] = given
        matched = manifest.match(id=given) if manifest is not None else None
        pending = PendingArticle(raw, label, record=meta, row=matched, clean=clean)
        article = pending.built()
        if isinstance(article, Article):
            article = check(article.id, label) or article
        if isinstance(article, InputError):
            corpus.errors.append(article)
        else:
            corpus.append(article)
            positions.append(position)
    return corpus, positions


def is_records(data: Any) -> bool:
    """A DataFrame, a dict, or a list/tuple of dicts: rows already in Python, not paths."""
    if hasattr(data, "iterrows") and hasattr(data, "columns") or isinstance(data, Mapping):
        return True
    return isinstance(data, (list, tuple)) and bool(data) and all(
        isinstance(r, Mapping) for r in data)


def load_corpus(
    paths: str | Path | Iterable[str | Path] | Any,
    *,
    manifest: str | Path | None = None,
    text_field: str | None = None,
    clean: bool = True,
) -> Corpus:
    """Read articles from files, folders (recursive), JSONL or CSV into a :class:`Corpus`;
    or from a DataFrame, a dict or a list of dicts (see :func:`records_corpus`: the text in
    ``text_field``, default ``text``, the id in ``id``).

    Problems with single inputs do not raise: they are collected in ``corpus.errors``.
    """
    if is_records(paths):
        return records_corpus(paths, text=text_field or "text", clean=clean,
                              manifest=manifest)[0]
    if isinstance(paths, (str, Path)):
        paths = [paths]
    corpus = Corpus()
    for item in iter_articles(paths, manifest=manifest, text_field=text_field, clean=clean):
        if isinstance(item, InputError):
            corpus.errors.append(item)
        else:
            corpus.append(item)
    return corpus


def sample_dir() -> Path:
    """The folder of the bundled sample corpus."""
    from importlib import resources

    return Path(str(resources.files("framing.data").joinpath("sample")))


def load_sample() -> Corpus:
    """The bundled sample corpus: ten original articles from fictional outlets."""
    base = sample_dir()
    return load_corpus(base / "articles", manifest=base / "manifest.csv")
