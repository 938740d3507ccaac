"""Reading articles from files, folders, JSONL, CSV and stdin, with an optional manifest.

Every input becomes an :class:`~framing.article.Article` with cleaned text, metadata and where
each value came from. A file that cannot be read becomes an :class:`~framing.errors.InputError`
in the stream instead, so one bad file never costs the others their results.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from .article import CORE_FIELDS, Article
from .cleaning import clean_html, clean_text
from .errors import InputError
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


def decode_bytes(data: bytes, path: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else detected."""
    if not data.strip():
        raise InputError(path, "empty file: nothing to read")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(path, "starts like UTF-16 but does not decode as UTF-16") from None
    if b"\x00" in data:  # text never holds NUL bytes, unless it is UTF-16/32 without a BOM
        best = from_bytes(data).best()
        if best is not None and best.encoding.startswith("utf_") and best.coherence > 0:
            return str(best)
        raise InputError(path, "binary file (contains NUL bytes); give a text, HTML, JSONL or CSV")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or (best.coherence == 0.0 and best.encoding not in _LATIN_GUESSES):
        raise InputError(
            path, "cannot decode the bytes as text in any known encoding; save it as UTF-8"
        )
    if best.encoding in _LATIN_GUESSES:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    log.info("%s: decoded as %s", path, best.encoding)
    return str(best)


# --------------------------------------------------------------------------------------------
# Manifest


@dataclass
class Manifest:
    """Rows of a manifest CSV keyed by file name, relative path and id."""

    path: str
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    used: set[int] = field(default_factory=set)

    @classmethod
    def read(cls, path: str | Path) -> Manifest:
        path = str(path)
        try:
            text = decode_bytes(Path(path).read_bytes(), path)
        except OSError as exc:
            raise InputError(path, f"cannot read manifest: {exc.strerror}") from None
        reader = csv.DictReader(io.StringIO(text))
        fields = [f.strip() for f in reader.fieldnames or []]
        if not any(k in fields for k in MANIFEST_KEYS):
            raise InputError(
                path, "manifest needs a 'file' or 'id' column to join rows to articles", line=1
            )
        manifest = cls(path)
        for row in reader:
            clean = {
                (k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None
            }
            manifest.rows.append(clean)
            manifest.lines.append(reader.line_num)
        return manifest

    def match(self, *, file: str | None = None, id: str | None = None) -> dict[str, str] | None:
        for n, row in enumerate(self.rows):
            f = row.get("file")
            if file and f and (Path(file).name == Path(f).name or file.endswith(f)):
                self.used.add(n)
                return row
            if id and row.get("id") == id:
                self.used.add(n)
                return row
        return None

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
) -> Article:
    """Clean one raw text and gather its metadata: manifest > record fields > inferred."""
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
    row = manifest.match(file=file, id=(record or {}).get("id")) if manifest else None
    for key, value in (row or {}).items():
        if key != "file" and value != "":
            meta[key] = value
            provenance[key] = "manifest"
    article_id = str(meta.pop("id", "") or content_id(text))
    provenance.pop("id", None)
    article = Article(
        id=article_id, text=text, source=source, meta=meta, provenance=provenance,
        removed=list(cleaned.removed) if cleaned is not None else [],
    )
    return article


def _read_records(path: str, data: str, suffix: str, text_field: str | None):
    """Yield (line, record dict | InputError) from JSONL or CSV text."""
    if suffix == ".jsonl":
        for lineno, line in enumerate(data.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield lineno, InputError(path, f"not valid JSON ({exc.msg})", line=lineno)
                continue
            if not isinstance(obj, dict):
                yield lineno, InputError(path, "each JSONL line must be an object", line=lineno)
                continue
            yield lineno, obj
        return
    reader = csv.DictReader(io.StringIO(data))
    fields = reader.fieldnames or []
    wanted = [text_field] if text_field else list(TEXT_FIELDS)
    if not any(f in fields for f in wanted):
        yield 1, InputError(
            path,
            f"no text column: looked for {', '.join(wanted)} among {', '.join(fields) or 'none'}"
            " (choose one with --text-field)",
            line=1,
        )
        return
    for row in reader:
        yield reader.line_num, {k: v for k, v in row.items() if k is not None}


def _record_article(path, lineno, record, text_field, manifest, clean) -> Article:
    fields = [text_field] if text_field else list(TEXT_FIELDS)
    key = next((f for f in fields if f in record), None)
    if key is None:
        raise InputError(path, f"record has no {' or '.join(fields)} field", line=lineno)
    raw = record.pop(key)
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(path, f"field {key!r} is empty or not text", line=lineno)
    meta = {k: v for k, v in record.items() if not isinstance(v, (dict, list))}
    if "id" in meta:
        meta["id"] = str(meta["id"])
    try:
        return build_article(
            raw, f"{path}:{lineno}", record=meta, manifest=manifest, clean=clean
        )
    except InputError as exc:
        raise InputError(path, exc.message, line=lineno) from None


MANIFEST_NAMES = {"manifest.csv"}


def expand_paths(paths: Iterable[str | Path], *, skip: Iterable[str | Path] = ()) -> Iterator[str]:
    """Files named, and files with a known suffix below folders named (sorted, recursive).

    Inside folders, manifests (``manifest.csv`` and any path in ``skip``) are not articles and
    are passed over; a file named explicitly is always read.
    """
    skipped = {Path(s).resolve() for s in skip}
    for p in paths:
        p = str(p)
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file():
                    continue
                if child.name.lower() in MANIFEST_NAMES or child.resolve() in skipped:
                    log.info("skipping %s: a manifest, not an article", child)
                elif child.suffix.lower() in SUFFIXES:
                    yield str(child)
                else:
                    log.debug("skipping %s: not a known article file type", child)
        else:
            yield p


def iter_articles(
    paths: Iterable[str | Path],
    *,
    manifest: str | Path | Manifest | None = None,
    text_field: str | None = None,
    clean: bool = True,
    stdin: io.TextIOBase | None = None,
) -> Iterator[Article | InputError]:
    """Articles lazily, in input order; unreadable inputs come as InputError items."""
    if manifest is not None and not isinstance(manifest, Manifest):
        manifest = Manifest.read(manifest)
    seen: dict[str, str] = {}

    def check_id(article: Article) -> Article | InputError:
        if article.id in seen:
            return InputError(
                article.source,
                f"duplicate id {article.id!r} (also {seen[article.id]}); give each article a "
                "unique id in the manifest, or remove the copy",
            )
        seen[article.id] = article.source
        return article

    for path in expand_paths(paths, skip=[manifest.path] if manifest is not None else []):
        try:
            if path == "-":
                data = (stdin or sys.stdin).read()
                suffix = ".jsonl" if data.lstrip().startswith("{") else ".txt"
                label = "<stdin>"
            else:
                suffix = Path(path).suffix.lower()
                if suffix not in SUFFIXES:
                    raise InputError(
                        path, f"unknown file type {suffix or '(none)'}; "
                        f"framing reads {', '.join(SUFFIXES)}"
                    )
                try:
                    raw = Path(path).read_bytes()
                except OSError as exc:
                    raise InputError(path, f"cannot read: {exc.strerror}") from None
                data = decode_bytes(raw, path)
                label = path
            if suffix in RECORD_SUFFIXES:
                for lineno, rec in _read_records(label, data, suffix, text_field):
                    if isinstance(rec, InputError):
                        yield rec
                        continue
                    try:
                        yield check_id(
                            _record_article(label, lineno, rec, text_field, manifest, clean)
                        )
                    except InputError as exc:
                        yield exc
            else:
                if not data.strip():
                    raise InputError(label, "empty file: nothing to read")
                yield check_id(
                    build_article(
                        data, label, file=None if path == "-" else path, manifest=manifest,
                        html=suffix in HTML_SUFFIXES or None, clean=clean,
                    )
                )
        except InputError as exc:
            yield exc
    if manifest is not None:
        yield from manifest.unused()


class Corpus(list):
    """A list of articles, with the inputs that could not be read in ``errors``."""

    def __init__(self, articles: Iterable[Article] = (), errors: Iterable[InputError] = ()):
        super().__init__(articles)
        self.errors: list[InputError] = list(errors)

    def to_frame(self):
        """One row per article: id, metadata columns, n_words and the cleaned text."""
        import pandas as pd

        rows = [
            {"id": a.id, **{k: a.meta.get(k) for k in CORE_FIELDS}, "n_words": a.n_words,
             "source": a.source, "text": a.text}
            for a in self
        ]
        cols = ["id", *CORE_FIELDS, "n_words", "source", "text"]
        return pd.DataFrame(rows, columns=cols).set_index("id")

    def _repr_html_(self) -> str:  # pragma: no cover - notebooks
        frame = self.to_frame().drop(columns=["text"])
        return frame._repr_html_()


def load_corpus(
    paths: str | Path | Iterable[str | Path],
    *,
    manifest: str | Path | None = None,
    text_field: str | None = None,
    clean: bool = True,
) -> Corpus:
    """Read articles from files, folders (recursive), JSONL or CSV into a :class:`Corpus`.

    Problems with single inputs do not raise: they are collected in ``corpus.errors``.
    """
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
