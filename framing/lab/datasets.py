"""Loaders for public labelled datasets: one function per format, each returning a DataFrame.

Every loader takes the dataset's folder (or, where that makes sense, one of its files), reads it
without downloading anything, and returns a pandas DataFrame with snake_case columns. A file
that cannot be read raises :class:`framing.errors.InputError` naming the file and line.

* :func:`load_conll2010` — CoNLL-2010 shared task, Wikipedia weasel/uncertainty sentences
  (Farkas et al. 2010) as a CSV of ``label,sentence`` rows, ``-1`` = uncertain.
* :func:`load_semeval2023` — SemEval-2023 Task 3 subtask 3 (Piskorski et al. 2023): persuasion
  techniques per paragraph of news articles.
* :func:`load_semeval_frames` — SemEval-2023 Task 3 subtask 2: the frames of whole articles.
* :func:`load_polnear` — PolNeAR (Newell et al. 2018): attribution relations (source, cue,
  content spans) in political news, brat standoff.
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:  # pandas loads when a dataset is read, not when the frame names are
    import pandas as pd

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
    import pandas as pd

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
    import pandas as pd

    frames = [_load_semeval_split(f) for f in _semeval_label_files(Path(path))]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _load_semeval_split(labels: Path) -> pd.DataFrame:
    import pandas as pd

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


#: The 14 frames of SemEval-2023 Task 3 subtask 2, as its label files spell them (the Policy
#: Frames Codebook of Boydstun et al. 2014, without its "Other" frame).
SEMEVAL_FRAMES = (
    "Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation",
    "Crime_and_punishment", "Security_and_defense", "Health_and_safety", "Quality_of_life",
    "Cultural_identity", "Public_opinion", "Political", "External_regulation_and_reputation",
)
_FRAME_LABELS_SUFFIX = "-labels-subtask-2.txt"


def load_semeval_frames(path: str | Path) -> pd.DataFrame:
    """Whole SemEval-2023 Task 3 articles with their frames (subtask 2).

    ``path`` is the dataset folder or one ``<split>-labels-subtask-2.txt`` file; its articles
    are ``article<ID>.txt`` files in the ``<split>-articles-subtask-3`` (or ``-subtask-2``)
    folder beside it. The labels file has one tab-separated row per article: article id,
    comma-separated frames (empty = none). Labelled articles whose file is not in the folder
    are skipped; their ids are in ``frame.attrs["missing"]``. Columns: ``article_id`` (str),
    ``text`` (str, the whole file), ``frames`` (list of str, in :data:`SEMEVAL_FRAMES`
    spelling) and ``split``.
    """
    import pandas as pd

    path = Path(path)
    if path.is_file():
        if not path.name.endswith(_FRAME_LABELS_SUFFIX):
            raise InputError(path, f"expected a *{_FRAME_LABELS_SUFFIX} file or its folder")
        files = [path]
    elif path.is_dir():
        files = sorted(p for p in path.glob(f"*{_FRAME_LABELS_SUFFIX}") if p.is_file())
        if not files:
            raise InputError(path, f"no *{_FRAME_LABELS_SUFFIX} file here; point to a "
                             "SemEval-2023 task 3 folder")
    else:
        raise InputError(path, "no such file or folder (expected a SemEval-2023 task 3 folder)")
    parts = [_load_frames_split(f) for f in files]
    if len(parts) == 1:
        return parts[0]
    frame = pd.concat(parts, ignore_index=True)
    frame.attrs["missing"] = [i for p in parts for i in p.attrs["missing"]]
    return frame


def _load_frames_split(labels: Path) -> pd.DataFrame:
    import pandas as pd

    split = labels.name[: -len(_FRAME_LABELS_SUFFIX)]
    folders = [labels.with_name(f"{split}-articles-subtask-{n}") for n in (3, 2)]
    articles = next((f for f in folders if f.is_dir()), None)
    if articles is None:
        raise InputError(labels, f"neither {folders[0].name}/ nor {folders[1].name}/ is "
                         "beside it")
    known = {f.lower(): f for f in SEMEVAL_FRAMES}
    rows = []
    missing: list[str] = []
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(_read_text(labels).splitlines(), 1):
        if not raw.strip():
            continue
        cells = raw.split("\t")
        if len(cells) == 1:
            cells.append("")
        if len(cells) != 2 or not cells[0].strip():
            raise InputError(labels, f"expected 2 tab-separated cells (article id, frames), "
                             f"found {len(cells)}", line=lineno)
        article_id = cells[0].strip()
        if article_id in seen:
            raise InputError(labels, f"article {article_id} is listed twice (first on line "
                             f"{seen[article_id]})", line=lineno)
        seen[article_id] = lineno
        names = [f.strip() for f in cells[1].split(",") if f.strip()]
        bad = [f for f in names if f.lower() not in known]
        if bad:
            raise InputError(labels, f"unknown frame {bad[0]!r}. Available names: "
                             f"{', '.join(SEMEVAL_FRAMES)}", line=lineno)
        article = articles / f"article{article_id}.txt"
        if not article.is_file():  # labels of articles not shared: skipped, and counted
            missing.append(article_id)
            continue
        text = _read_text(article).replace("\r\n", "\n")
        rows.append({"article_id": article_id, "text": text,
                     "frames": list(dict.fromkeys(known[f.lower()] for f in names)),
                     "split": split})
    if not rows:
        raise InputError(labels, "no labelled articles in this file, or none of their "
                         f"article files in {articles.name}/")
    frame = pd.DataFrame(rows)
    frame.attrs["missing"] = missing
    return frame


# --------------------------------------------------------------------------------------------
# PolNeAR (attribution relations in political news, brat standoff)

#: Span types of PolNeAR that :func:`load_polnear` keeps; "Attribution" anchors, "Discuss" and
#: "Discard" spans are not part of a (source, cue, content) relation and are left out.
POLNEAR_SPAN_TYPES = ("Source", "Cue", "Content")


def _polnear_split_dir(path: Path, split: str) -> Path:
    if (path / "attributions").is_dir():
        return path
    if (path / split / "attributions").is_dir():
        return path / split
    if not path.exists():
        raise InputError(path, "no such folder (expected PolNeAR with dev/ and train/)")
    raise InputError(
        path, f"no attributions/ folder here or in {split}/; point to the PolNeAR folder"
    )


def load_polnear(path: str | Path, split: str = "dev") -> pd.DataFrame:
    """Attribution relations of PolNeAR (Newell et al. 2018), one row per annotation file.

    ``path`` is the dataset folder holding ``<split>/attributions/*.ann`` and
    ``<split>/text/*.txt`` (``split`` chooses ``dev`` by default) or one split folder. An
    ``.ann`` file is named after its text plus ``_<annotator>``; a text annotated twice gives
    two rows. Columns: ``name`` (the text's file stem), ``annotator``, ``split``, ``text``,
    ``spans`` (list of ``{"id", "type", "parts": [(start, end), ...], "text"}`` for Source, Cue
    and Content; discontinuous spans have several parts) and ``relations`` (list of
    ``{"source", "cue", "content"}`` span ids, ``source`` None when the annotator marked the
    relation as having no source).
    """
    import pandas as pd

    folder = _polnear_split_dir(Path(path), split)
    files = sorted(p for p in (folder / "attributions").glob("*.ann") if p.is_file())
    if not files:
        raise InputError(folder / "attributions", "no .ann files in this folder")
    texts: dict[str, str] = {}
    rows = []
    for ann in files:
        name, _, annotator = ann.stem.rpartition("_")
        if not name:
            name, annotator = ann.stem, ""
        if name not in texts:
            txt = folder / "text" / f"{name}.txt"
            if not txt.is_file():
                raise InputError(ann, f"its text text/{txt.name} is missing")
            texts[name] = _read_text(txt)
        spans, relations = _parse_brat(ann, texts[name])
        rows.append({
            "name": name, "annotator": annotator, "split": folder.name, "text": texts[name],
            "spans": spans, "relations": relations,
        })
    return pd.DataFrame(rows)


def _parse_brat(ann: Path, text: str) -> tuple[list[dict], list[dict]]:
    spans: list[dict] = []
    relations: list[dict] = []
    for lineno, raw in enumerate(_read_text(ann).splitlines(), 1):
        if not raw.strip():
            continue
        cells = raw.split("\t")
        ident = cells[0]
        if len(cells) < 2 and not re.fullmatch(r"[TE]\d+", ident):
            continue  # the rest of a span text that runs over a line break
        if ident.startswith("T"):
            if len(cells) < 2:
                raise InputError(ann, "a T line needs an id, a type with offsets and text",
                                 line=lineno)
            kind, _, offsets = cells[1].partition(" ")
            if kind not in POLNEAR_SPAN_TYPES:
                continue
            try:
                parts = [tuple(int(x) for x in piece.split()) for piece in offsets.split(";")]
            except ValueError:
                parts = []
            if not parts or any(
                len(p) != 2 or not 0 <= p[0] <= p[1] <= len(text) for p in parts
            ):
                raise InputError(ann, f"bad offsets {offsets!r} for {ident}", line=lineno)
            spans.append({
                "id": ident, "type": kind, "parts": parts,
                "text": " ".join(text[a:b] for a, b in parts),
            })
        elif ident.startswith("E"):
            args = dict(
                arg.split(":", 1) for arg in cells[1].split() if ":" in arg
            ) if len(cells) > 1 else {}
            if "Cue" not in args:
                continue  # an event line without a cue links nothing we measure
            relations.append({
                "source": args.get("Source"), "cue": args["Cue"],
                "content": args.get("Content"),
            })
    return spans, relations


# --------------------------------------------------------------------------------------------
# BABE (Spinde et al. 2021): biased vs non-biased news sentences

_BABE_COLUMNS = ("text", "label_bias")
_BABE_LABELS = {"Biased": True, "Non-biased": False}


def load_babe(path: str | Path) -> pd.DataFrame:
    """Sentences of BABE with the experts' bias label, from its ``;``-separated CSV.

    ``path`` is the CSV (``final_labels_SG1.csv``/``SG2``) or a folder holding exactly one
    ``.csv``. Rows labelled "No agreement" are left out (they have no label to learn).
    Columns: ``text``, ``biased`` (bool), ``label_bias``, ``label_opinion``, ``outlet``,
    ``topic``, ``type`` (the outlet's leaning), ``news_link`` (the article: sentences of one
    link belong together) and ``biased_words`` (list of the words marked as loaded).
    """
    import ast

    import pandas as pd

    file = _one_file(Path(path), "*.csv", "a BABE ';'-separated CSV")
    text = _read_text(file)
    reader = csv.reader(text.splitlines(keepends=True), delimiter=";")
    rows = []
    try:
        header = [c.strip() for c in next(reader, [])]
        missing = [c for c in _BABE_COLUMNS if c not in header]
        if missing:
            raise InputError(
                file, f"not a BABE file: the header has no {', '.join(missing)} column "
                "(expected ';'-separated columns text;news_link;outlet;…;label_bias;…)", line=1,
            )
        for row in reader:
            line = reader.line_num
            if not row or not any(c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise InputError(
                    file, f"expected {len(header)} ';'-separated cells, found {len(row)}",
                    line=line,
                )
            cells = dict(zip(header, row))
            label = cells["label_bias"].strip()
            if label == "No agreement":
                continue
            if label not in _BABE_LABELS:
                raise InputError(
                    file, f"label_bias {label!r} must be Biased, Non-biased or No agreement",
                    line=line,
                )
            words_cell = cells.get("biased_words", "").strip() or "[]"
            try:
                words = ast.literal_eval(words_cell)
            except (ValueError, SyntaxError):
                raise InputError(
                    file, f"biased_words {words_cell[:40]!r} is not a list like ['word']",
                    line=line,
                ) from None
            rows.append({
                "text": cells["text"].strip(),
                "biased": _BABE_LABELS[label],
                "label_bias": label,
                "label_opinion": cells.get("label_opinion", ""),
                "outlet": cells.get("outlet", ""),
                "topic": cells.get("topic", ""),
                "type": cells.get("type", ""),
                "news_link": cells.get("news_link", ""),
                "biased_words": [str(w) for w in words] if isinstance(words, list) else [],
            })
    except csv.Error as exc:
        raise InputError(file, f"malformed CSV: {exc}", line=reader.line_num) from None
    if not rows:
        raise InputError(file, "no labelled sentences in this file")
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# BASIL (Fan et al. 2019): lexical and informational bias spans in sentences


def _read_json(path: Path):
    import json

    try:
        return json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON: {exc.msg}", line=exc.lineno) from None


def load_basil(path: str | Path) -> pd.DataFrame:
    """Sentences of BASIL articles with their lexical (``lex``) and informational (``inf``)
    bias spans.

    ``path`` is the BASIL folder holding ``articles/<year>/<id>.json`` (``body-paragraphs``:
    lists of sentences) and ``annotations/<year>/<id>_ann.json`` (``phrase-level-annotations``
    whose ``start``/``end`` are offsets into one sentence). Columns: ``article_id``,
    ``triplet``, ``outlet`` (fox, nyt, hpo), ``paragraph``, ``sentence`` (index in the
    article), ``text``, ``lex`` and ``inf`` (bool: the sentence has such a span) and ``spans``
    (list of {bias, start, end, text, quote, polarity}).
    """
    import pandas as pd

    base = Path(path)
    articles_dir, ann_dir = base / "articles", base / "annotations"
    if not articles_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(base, "not a BASIL folder: expected articles/ and annotations/ in it")
    rows = []
    for article_file in sorted(articles_dir.rglob("*.json")):
        article = _read_json(article_file)
        paragraphs = article.get("body-paragraphs") if isinstance(article, dict) else None
        if not isinstance(paragraphs, list):
            raise InputError(article_file, "not a BASIL article: no body-paragraphs list")
        rel = article_file.relative_to(articles_dir)
        ann_file = ann_dir / rel.parent / f"{article_file.stem}_ann.json"
        phrases = []
        if ann_file.is_file():
            ann = _read_json(ann_file)
            phrases = ann.get("phrase-level-annotations", []) if isinstance(ann, dict) else []
        sentences = [(p, str(s)) for p, para in enumerate(paragraphs) for s in para]
        spans: list[list[dict]] = [[] for _ in sentences]
        for ph in phrases:
            txt, start, end = ph.get("txt", ""), ph.get("start"), ph.get("end")
            found = [i for i, (_, s) in enumerate(sentences)
                     if isinstance(start, int) and s[start:end] == txt]
            if not found:  # offsets that do not line up: fall back to the first occurrence
                found = [i for i, (_, s) in enumerate(sentences) if txt and txt in s]
                if found:
                    start = sentences[found[0]][1].index(txt)
                    end = start + len(txt)
            if not found:
                continue
            spans[found[0]].append({
                "bias": ph.get("bias", ""), "start": start, "end": end, "text": txt,
                "quote": ph.get("quote") == "yes", "polarity": ph.get("polarity", ""),
            })
        for i, (p, sentence) in enumerate(sentences):
            rows.append({
                "article_id": article_file.stem,
                "triplet": article.get("triplet-uuid", ""),
                "outlet": article.get("source", ""),
                "paragraph": p,
                "sentence": i,
                "text": sentence,
                "lex": any(s["bias"] == "lex" for s in spans[i]),
                "inf": any(s["bias"] == "inf" for s in spans[i]),
                "spans": spans[i],
            })
    if not rows:
        raise InputError(base, "no BASIL articles found under articles/")
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# The project's own annotation format (the sample corpus key uses it)

_ANNOTATION_REQUIRED = ("article", "dimension", "category", "text")


def load_annotations(path: str | Path) -> pd.DataFrame:
    """Labelled text spans in the project's JSONL format, one span per line.

    Each line is a JSON object with ``article`` (article id), ``dimension``, ``category``,
    ``text`` (the exact words) and optionally ``occurrence`` (which occurrence of ``text`` in
    the article, from 1; default 1), ``note`` and ``attrs`` (a dict). Blank lines and lines
    starting with ``#`` are skipped. Columns: those fields, in that order.
    """
    import json

    import pandas as pd

    file = _one_file(Path(path), "*.jsonl", "a JSONL file of annotated spans")
    rows = []
    for lineno, raw in enumerate(_read_text(file).splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(file, f"not a JSON object: {exc.msg}", line=lineno) from None
        if not isinstance(item, dict):
            raise InputError(file, "each line must be a JSON object", line=lineno)
        missing = [k for k in _ANNOTATION_REQUIRED if not isinstance(item.get(k), str)
                   or not item.get(k)]
        if missing:
            raise InputError(
                file, f"missing or empty field(s) {', '.join(missing)} (need article, "
                "dimension, category, text)", line=lineno,
            )
        occurrence = item.get("occurrence", 1)
        if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
            raise InputError(file, f"occurrence {occurrence!r} must be a whole number from 1",
                             line=lineno)
        attrs = item.get("attrs") or {}
        if not isinstance(attrs, dict):
            raise InputError(file, "attrs must be a JSON object", line=lineno)
        rows.append({
            "article": item["article"], "dimension": item["dimension"],
            "category": item["category"], "text": item["text"], "occurrence": occurrence,
            "note": str(item.get("note", "")), "attrs": attrs,
        })
    columns = ["article", "dimension", "category", "text", "occurrence", "note", "attrs"]
    return pd.DataFrame(rows, columns=columns)
