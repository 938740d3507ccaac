"""Loaders for public labelled datasets: one function per format, each returning a DataFrame.

Every loader takes the dataset's folder (or, where that makes sense, one of its files), reads it
without downloading anything, and returns a pandas DataFrame with snake_case columns. A file
that cannot be read raises :class:`framing.errors.InputError` naming the file and line.

* :func:`load_conll2010` — CoNLL-2010 shared task, Wikipedia weasel/uncertainty sentences
  (Farkas et al. 2010) as a CSV of ``label,sentence`` rows, ``-1`` = uncertain.
* :func:`load_semeval2023` — SemEval-2023 Task 3 subtask 3 (Piskorski et al. 2023): persuasion
  techniques per paragraph of news articles.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path

import pandas as pd

from .errors import InputError

#: SemEval-2023 techniques that make up the "loaded language" group the project tracks.
LOADED_GROUP = frozenset(
    {"Loaded_Language", "Exaggeration-Minimisation", "Flag_Waving", "Slogans"}
)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}") from None


def _one_file(path: Path, pattern: str, what: str) -> Path:
    """``path`` itself when it is a file, else the single file in it matching ``pattern``."""
    if path.is_file():
        return path
    if not path.exists():
        raise InputError(path, f"no such file or folder (expected {what})")
    found = sorted(p for p in path.glob(pattern) if p.is_file())
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or "none"
        raise InputError(
            path, f"expected exactly one {pattern} file ({what}) in this folder, found {names}"
        )
    return found[0]


# --------------------------------------------------------------------------------------------
# CoNLL-2010 (Wikipedia weasel/uncertainty sentences)


def load_conll2010(path: str | Path) -> pd.DataFrame:
    """Sentences labelled certain (``1``) or uncertain (``-1``), from a ``label,sentence`` CSV.

    ``path`` is the CSV file or a folder holding exactly one ``.csv``. A first row
    ``label,sentence`` is taken as a header. HTML entities left in the Wikipedia text
    (``&quot;``) are decoded. Columns: ``sentence`` (str), ``label`` (int, 1 or -1) and
    ``uncertain`` (bool, label == -1).
    """
    file = _one_file(Path(path), "*.csv", "a label,sentence CSV")
    text = _read_text(file)
    sentences: list[str] = []
    labels: list[int] = []
    reader = csv.reader(text.splitlines())
    try:
        for row in reader:
            line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if line == 1 and [c.strip().lower() for c in row] == ["label", "sentence"]:
                continue
            if len(row) != 2:
                raise InputError(
                    file, f"expected 2 cells (label,sentence), found {len(row)}; quote "
                    "sentences that contain commas", line=line,
                )
            label = row[0].strip()
            if label not in {"1", "-1"}:
                raise InputError(
                    file, f"label {label!r} must be 1 (certain) or -1 (uncertain)", line=line
                )
            labels.append(int(label))
            sentences.append(html.unescape(row[1]).strip())
    except csv.Error as exc:
        raise InputError(file, f"malformed CSV: {exc}", line=reader.line_num) from None
    if not labels:
        raise InputError(file, "no labelled sentences in this file")
    frame = pd.DataFrame({"sentence": sentences, "label": labels})
    frame["uncertain"] = frame["label"] == -1
    return frame


# --------------------------------------------------------------------------------------------
# SemEval-2023 Task 3, subtask 3 (persuasion techniques per paragraph)

_LABELS_SUFFIX = "-labels-subtask-3.txt"
_ARTICLES_SUFFIX = "-articles-subtask-3"


def _semeval_label_files(path: Path) -> list[Path]:
    if path.is_file():
        if not path.name.endswith(_LABELS_SUFFIX):
            raise InputError(path, f"expected a *{_LABELS_SUFFIX} file or its folder")
        return [path]
    if not path.is_dir():
        raise InputError(path, "no such file or folder (expected a SemEval-2023 task 3 folder)")
    found = sorted(p for p in path.glob(f"*{_LABELS_SUFFIX}") if p.is_file())
    if not found:
        raise InputError(
            path, f"no *{_LABELS_SUFFIX} file here; point to the SemEval-2023 task 3 folder"
        )
    return found


def load_semeval2023(path: str | Path) -> pd.DataFrame:
    """Paragraphs of SemEval-2023 Task 3 articles with their persuasion techniques.

    ``path`` is the dataset folder (holding ``<split>-labels-subtask-3.txt`` and
    ``<split>-articles-subtask-3/article<ID>.txt``) or one labels file. The labels file has
    one tab-separated row per paragraph: article id, 1-based line number in the article file,
    comma-separated techniques (empty = none). Columns: ``article_id`` (str), ``line`` (int),
    ``text`` (str), ``techniques`` (list of str), ``any_technique`` (bool) and ``loaded_group``
    (bool: Loaded_Language, Exaggeration-Minimisation, Flag_Waving or Slogans), plus ``split``
    (the file name prefix, such as "train").
    """
    frames = [_load_semeval_split(f) for f in _semeval_label_files(Path(path))]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _load_semeval_split(labels: Path) -> pd.DataFrame:
    split = labels.name[: -len(_LABELS_SUFFIX)]
    articles = labels.with_name(split + _ARTICLES_SUFFIX)
    if not articles.is_dir():
        raise InputError(labels, f"the articles folder {articles.name}/ is missing beside it")
    cache: dict[str, list[str]] = {}
    rows = []
    for lineno, raw in enumerate(_read_text(labels).splitlines(), 1):
        if not raw.strip():
            continue
        cells = raw.split("\t")
        if len(cells) == 2:
            cells.append("")
        if len(cells) != 3:
            raise InputError(
                labels, f"expected 3 tab-separated cells (article id, line, techniques), "
                f"found {len(cells)}", line=lineno,
            )
        article_id, line_cell, technique_cell = (c.strip() for c in cells)
        if not article_id or not line_cell.isdigit() or int(line_cell) < 1:
            raise InputError(
                labels, f"expected an article id and a line number from 1, found "
                f"{article_id!r} and {line_cell!r}", line=lineno,
            )
        if article_id not in cache:
            article = articles / f"article{article_id}.txt"
            if not article.is_file():
                raise InputError(
                    labels, f"article file {articles.name}/{article.name} is missing",
                    line=lineno,
                )
            cache[article_id] = _read_text(article).replace("\r\n", "\n").split("\n")
        lines = cache[article_id]
        number = int(line_cell)
        if number > len(lines):
            raise InputError(
                labels, f"line {number} is past the end of article{article_id}.txt "
                f"({len(lines)} lines)", line=lineno,
            )
        techniques = [t.strip() for t in technique_cell.split(",") if t.strip()]
        rows.append({
            "article_id": article_id,
            "line": number,
            "text": lines[number - 1].strip(),
            "techniques": techniques,
            "any_technique": bool(techniques),
            "loaded_group": any(t in LOADED_GROUP for t in techniques),
            "split": split,
        })
    if not rows:
        raise InputError(labels, "no labelled paragraphs in this file")
    return pd.DataFrame(rows)
