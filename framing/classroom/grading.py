"""Grade students' worksheet answers against a worksheet's ``key.json``.

An answer (one row of the answer sheet: student, sentence, category, phrase) *matches* a key item
when it names the same sentence and the two phrases share at least half the words of the
shorter one, little words such as "the" aside. So "a golden era" matches "golden era", and
"may" matches "may well". Each key item and each answer is matched at most once, best overlap
first. Whether the category is right is counted separately (``category_correct``): finding the
words and naming their kind are different skills.

Bad rows (no student, a sentence that is not on the worksheet, a category the worksheet does not
offer) are reported one line each with file:line; the good rows of the same file are graded.

Per student, task and article: precision (share of the student's answers that match a key item),
recall (share of the handout's key items the student found; items marked ``extension`` in the
key count when found but are not missed when not) and F1. Per student, one overall score: F1
over the tasks and articles the student answered in, so a class that does task 1 on article A
and task 2 on article B is not marked down for the halves it was not asked to do. For the class:
the items most students missed, the answers most students gave that are not in the key
(over-flagged), and how far the students agree with each other (Krippendorff's alpha and Fleiss'
kappa, the same formulas as ``nltk.metrics.agreement``) over the units anyone marked.

Everything is linear in the number of answer rows: answers are matched only against the key
items of their own sentence, and agreement is computed from label counts per unit and per
student, never from a students × units table.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import FramingError, InputError
from ..output import csv_frame, write_files
from .items import CATEGORY_LABELS
from .worksheet import ANSWER_COLUMNS, KEY_FORMAT

#: Two phrases match when they share at least this share of the shorter one's words.
MIN_OVERLAP = 0.5
#: Label of a unit a student did not mark (for the agreement measures).
NOT_MARKED = "none"
#: Words that never make two phrases match on their own.
LITTLE_WORDS = frozenset(
    "a an the of to in on at by for with and or as is are was were be been it its this that "
    "their his her our".split()
)
_WORD = re.compile(r"[^\W_]+")
#: A sentence number as a student may write it: digits, perhaps "12.0" from a spreadsheet.
_SENTENCE = re.compile(r"\+?(\d{1,9})(?:\.0*)?")
#: Limits on a key.json: larger numbers or files are not something framing wrote.
MAX_KEY_BYTES = 50_000_000
MAX_NUMBER_DIGITS = 15
MAX_SENTENCE = 10_000_000
#: Unmatched answers in one sentence are grouped by comparing with at most this many groups.
MAX_GROUPS_COMPARED = 50
#: Rows of each table shown in grades.html (the CSV files hold them all).
HTML_ROWS = 2000
#: Key item parts: ``core`` items are on the handout, ``extension`` items are for fast readers.
PARTS = ("core", "extension")

STUDENT_COLUMNS = ("student", "task", "answers", "key_items", "matched", "category_correct",
                   "precision", "recall", "f1", "article", "extension_found", "counted")
OVERALL_COLUMNS = ("student", "answers", "key_items", "matched", "category_correct",
                   "precision", "recall", "f1", "score", "units")
ITEM_COLUMNS = ("item", "task", "sentence", "category", "phrase", "found_by", "found_share",
                "category_right_by", "article", "part")
OVERFLAG_COLUMNS = ("task", "sentence", "phrase", "students", "categories")
AGREEMENT_COLUMNS = ("task", "students", "units", "alpha", "kappa", "meaning")


# ------------------------------------------------------------------------------------------
# reading the key


@dataclass(frozen=True)
class Answer:
    student: str
    sentence: int
    category: str
    phrase: str
    file: str = ""
    line: int = 0


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number with {len(text)} digits")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


def _parse_constant(text: str) -> Any:
    raise ValueError(f"{text} is not a number JSON allows")


def _read_key_file(where: str, path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_KEY_BYTES:
            raise InputError(where, f"{size:,} bytes is too large for a worksheet key")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(where, "no such file") from None
    except IsADirectoryError:
        raise InputError(where, "is a folder; give the key.json inside it") from None
    except PermissionError:
        raise InputError(where, "cannot read it: permission denied") from None
    except UnicodeDecodeError:
        raise InputError(where, "not a worksheet key (not UTF-8 text)") from None
    try:
        return json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                          parse_constant=_parse_constant)
    except RecursionError:
        raise InputError(where, "not a worksheet key (JSON nested too deeply)") from None
    except ValueError as exc:  # JSONDecodeError and the limits above
        raise InputError(where, f"not a worksheet key (invalid JSON: {exc})") from None


def _whole(value: Any, low: int = 1, high: int = MAX_SENTENCE) -> int | None:
    """``value`` as an int in [low, high], or None (bools and floats with a fraction too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and low <= value <= high:
        return value
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def check_key(data: Any, where: str = "key") -> dict[str, Any]:
    """A key with every field the grader reads present and of the right type, or InputError.

    A hand-edited key may lose fields, change their types or hold huge numbers; each problem
    is one line naming the item (items are numbered from 1, in file order)."""
    if not isinstance(data, Mapping) or data.get("format") != KEY_FORMAT:
        raise InputError(where, "not a worksheet key.json (make one with framing worksheet)")
    items = data.get("items")
    if not isinstance(items, list):
        raise InputError(where, "not a worksheet key.json: 'items' must be a list "
                         "(make one with framing worksheet)")
    clean_items: list[dict[str, Any]] = []
    ids: set[str] = set()
    for n, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            raise InputError(where, f"key item {n} is not an object")
        fields: dict[str, Any] = {}
        for name in ("task", "category", "phrase"):
            value = item.get(name)
            if not isinstance(value, str) or not value.strip():
                raise InputError(where, f"key item {n}: {name!r} must be non-empty text")
            fields[name] = value
        sentence = _whole(item.get("sentence"))
        if sentence is None:
            raise InputError(where, f"key item {n}: 'sentence' must be a whole number from 1 "
                             f"to {MAX_SENTENCE:,}")
        ident = _text(item.get("id", str(n)))
        article = _text(item.get("article", ""))
        if ident is None or article is None:
            bad = "id" if ident is None else "article"
            raise InputError(where, f"key item {n}: {bad!r} must be text")
        if ident in ids:
            raise InputError(where, f"key item {n}: the id {ident!r} is used twice")
        ids.add(ident)
        part = item.get("part", "core")
        if part not in PARTS:
            raise InputError(where, f"key item {n}: 'part' must be one of {', '.join(PARTS)}")
        clean_items.append({**item, **fields, "id": ident, "sentence": sentence,
                            "article": article, "part": part})
    tasks_in = data.get("tasks")
    tasks: dict[str, list[str]] = {}
    if tasks_in is not None:
        if not isinstance(tasks_in, Mapping):
            raise InputError(where, "'tasks' must map each task to its list of categories")
        for task, cats in tasks_in.items():
            if not isinstance(cats, list) or not all(isinstance(c, str) for c in cats):
                raise InputError(where, f"task {task!r}: its categories must be a list of text")
            tasks[str(task)] = list(cats)
    for item in clean_items:  # every key item's own category is one a student may give
        cats = tasks.setdefault(item["task"], [])
        if item["category"] not in cats:
            cats.append(item["category"])
    articles = data.get("articles", [])
    if not isinstance(articles, list):
        raise InputError(where, "'articles' must be a list")
    clean_articles = []
    for n, art in enumerate(articles, start=1):
        if not isinstance(art, Mapping):
            raise InputError(where, f"article {n} is not an object")
        span = art.get("sentences")
        if span is not None:
            ok = isinstance(span, list) and len(span) == 2
            low, high = (_whole(span[0]), _whole(span[1])) if ok else (None, None)
            if low is None or high is None or low > high:
                raise InputError(where, f"article {n}: 'sentences' must be [first, last] "
                                 "sentence numbers")
            span = [low, high]
        label = _text(art.get("label", ""))
        if label is None:
            raise InputError(where, f"article {n}: 'label' must be text")
        title = art.get("title")
        clean_articles.append({**art, "label": label, "sentences": span,
                               "title": title if isinstance(title, str) else label})
    return {**data, "items": clean_items, "tasks": tasks, "articles": clean_articles}


def load_key(key: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    """A worksheet key: a mapping already loaded, or the path of a key.json; checked."""
    if isinstance(key, Mapping):
        return check_key(key, "key")
    return check_key(_read_key_file(str(key), Path(key)), str(key))


@lru_cache(maxsize=4096)
def normalize_category(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


def category_aliases(key: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Spelling a student may use -> (category, task), from the key's tasks. A key's own
    ``labels`` (the frames task: the codebook's frame names, "Security and defense") count
    too, with British spelling (defence)."""
    aliases: dict[str, tuple[str, str]] = {}
    own = key.get("labels") if isinstance(key.get("labels"), Mapping) else {}
    for task, categories in key.get("tasks", {}).items():
        for cat in categories:
            target = (cat, task)
            names = {cat, cat + "s"}
            label = CATEGORY_LABELS.get(cat)
            if label:
                names.add(normalize_category(label.split("(")[0]))
            title = own.get(cat)
            if isinstance(title, str) and title.strip():
                for spelling in (title, title.replace("defense", "defence")):
                    names.add(normalize_category(spelling))  # "legality,_constitutionality…"
                    names.add(normalize_category(spelling.replace(",", " ")))
            for name in names:
                aliases.setdefault(normalize_category(name), target)
    return aliases


class _Sheet:
    """What checking one answer row needs from the key, computed once."""

    def __init__(self, key: Mapping[str, Any]):
        self.aliases = category_aliases(key)
        self.categories = sorted({c for cats in key["tasks"].values() for c in cats})
        #: tasks whose items are whole paragraphs (frames): the phrase may be left empty
        self.paragraph_tasks = {i["task"] for i in key["items"] if i.get("paragraph")}
        spans = sorted((a["sentences"][0], a["sentences"][1], a["label"])
                       for a in key.get("articles", []) if a.get("sentences"))
        if not spans:
            nums = [i["sentence"] for i in key["items"]] or [1]
            spans = [(1, max(nums), "")]
        self.spans = spans
        self.starts = [s[0] for s in spans]
        self.low, self.high = spans[0][0], max(s[1] for s in spans)

    def article_of(self, sentence: int) -> str | None:
        """The label of the article holding ``sentence``, None when no article does."""
        i = bisect_right(self.starts, sentence) - 1
        if i >= 0 and sentence <= self.spans[i][1]:
            return self.spans[i][2]
        return None

    def check(self, cells: Mapping[str, str], label: str, line: int
              ) -> tuple[Answer | None, str | None]:
        """(the answer, None) or (None, the problem with this row)."""
        if not cells["student"]:
            return None, "no student name"
        resolved = self.aliases.get(normalize_category(cells["category"] or ""))
        # the frames task asks about a paragraph: its answers may leave the phrase out (a
        # misspelt category there is reported as such, below)
        lenient = self.paragraph_tasks and cells["category"] and (
            resolved is None or resolved[1] in self.paragraph_tasks)
        if not cells["phrase"] and not lenient:
            return None, "no phrase: copy the exact words from the text"
        raw = cells["sentence"]
        match = _SENTENCE.fullmatch(raw)
        if not match:
            return None, f"sentence {raw[:40]!r} is not a sentence number"
        sentence = int(match.group(1))
        if self.article_of(sentence) is None:
            return None, (f"sentence {raw!r} is not on the worksheet "
                          f"(sentences {self.low}–{self.high})")
        category = cells["category"]
        if not category:
            return None, "no category: write the kind of phrase, as listed under the task"
        if normalize_category(category) not in self.aliases:
            near = difflib.get_close_matches(normalize_category(category), self.categories, 1)
            if not near:  # a misspelt longer name ("Legality, constitutionality and ...")
                close = difflib.get_close_matches(normalize_category(category),
                                                  list(self.aliases), 1)
                near = [self.aliases[close[0]][0]] if close else []
            hint = f" (did you mean {near[0]}?)" if near else ""
            return None, (f"category {category[:40]!r} is not one the worksheet offers{hint}; "
                          "use a category listed under the task")
        return Answer(cells["student"], sentence, category, cells["phrase"], label, line), None


def read_answers(path: str | Path, key: Mapping[str, Any]) -> tuple[list[Answer],
                                                                    list[InputError]]:
    """The answers in one CSV file, and one problem per bad row (the good rows are kept)."""
    label = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return [], [InputError(label, "no such file")]
    except IsADirectoryError:
        return [], [InputError(label, "is a folder")]
    except PermissionError:
        return [], [InputError(label, "cannot read it: permission denied")]
    except UnicodeDecodeError:
        return [], [InputError(label, "not UTF-8 text; save the answer sheet as CSV (UTF-8)")]
    return parse_answers(text, key, label)


def parse_answers(text: str, key: Mapping[str, Any], label: str = "answers", *,
                  sheet: _Sheet | None = None) -> tuple[list[Answer], list[InputError]]:
    """Answers from CSV text; a bad row is reported (file:line) and the others are kept."""
    sheet = sheet or _Sheet(key)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return [], [InputError(label, "empty file: expected the header "
                               + ",".join(ANSWER_COLUMNS))]
    except csv.Error as exc:
        return [], [InputError(label, f"not a CSV file ({exc})", line=1)]
    names = [normalize_category(h) for h in header]
    missing = [c for c in ANSWER_COLUMNS if c not in names]
    if missing:
        return [], [InputError(label, f"missing column(s) {', '.join(missing)}; the header must "
                               f"be {','.join(ANSWER_COLUMNS)}", line=1)]
    col = {c: names.index(c) for c in ANSWER_COLUMNS}
    answers, errors = [], []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # the reader cannot go on after this
            errors.append(InputError(label, f"not a CSV row ({exc})", line=reader.line_num))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in col.items()}
        answer, problem = sheet.check(cells, label, line)
        if problem:
            errors.append(InputError(label, problem, line=line))
        else:
            answers.append(answer)
    return answers, errors


def _answers_from(obj: Any, key: Mapping[str, Any]) -> tuple[list[Answer], list[InputError]]:
    """Answers from paths, a DataFrame or row mappings; problems never stop other files."""
    sheet = _Sheet(key)
    if isinstance(obj, pd.DataFrame):
        return parse_answers(obj.to_csv(index=False), key, "answers (DataFrame)", sheet=sheet)
    if isinstance(obj, (str, Path)):
        obj = [obj]
    answers: list[Answer] = []
    errors: list[InputError] = []
    rows: list[Mapping[str, Any]] = []
    paths_or_rows: list[Any] = []
    for item in obj:  # a folder stands for the CSV files in it
        if isinstance(item, (str, Path)) and Path(item).is_dir():
            paths_or_rows.extend(sorted(Path(item).glob("*.csv")))
        else:
            paths_or_rows.append(item)
    for item in paths_or_rows:
        if isinstance(item, (str, Path)):
            got, bad = read_answers(item, key)
            answers.extend(got)
            errors.extend(bad)
        elif isinstance(item, Answer):
            rows.append({"student": item.student, "sentence": item.sentence,
                         "category": item.category, "phrase": item.phrase})
        else:
            rows.append(item)
    if rows:
        got, bad = parse_answers(pd.DataFrame(rows).to_csv(index=False), key, "answers (rows)",
                                 sheet=sheet)
        answers.extend(got)
        errors.extend(bad)
    return answers, errors


# ------------------------------------------------------------------------------------------
# matching


def words(phrase: str) -> list[str]:
    """The words that count for matching: lower case, little words dropped unless that
    leaves nothing."""
    tokens = _WORD.findall(phrase.lower().replace("’", "'"))
    content = [t for t in tokens if t not in LITTLE_WORDS]
    return content or tokens


def overlap(a: str, b: str) -> float:
    """Shared words over the words of the shorter phrase (0 when either has none)."""
    return _overlap_sets(set(words(a)), set(words(b)))


def _overlap_sets(wa: set[str] | frozenset[str], wb: set[str] | frozenset[str]) -> float:
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def phrases_match(a: str, b: str) -> bool:
    return overlap(a, b) >= MIN_OVERLAP


@dataclass
class _Marked:
    """One student's answer, resolved to a task, category and article."""

    answer: Answer
    task: str | None
    category: str
    item: str | None = None  # id of the matched key item
    article: str = ""
    words: frozenset[str] = frozenset()


def _resolve(answers: Sequence[Answer], key: Mapping[str, Any]) -> list[_Marked]:
    aliases = category_aliases(key)
    sheet = _Sheet(key)
    out = []
    for ans in answers:
        cat, task = aliases.get(normalize_category(ans.category), (ans.category, None))
        out.append(_Marked(ans, task, cat, article=sheet.article_of(ans.sentence) or "",
                           words=frozenset(words(ans.phrase))))
    return out


def _item_index(items: Sequence[Mapping[str, Any]]
                ) -> dict[tuple[str, int], list[tuple[int, frozenset[str]]]]:
    """(task, sentence) -> [(index of the item, its words)]. An item that stands for a whole
    paragraph (``paragraph``: first and last sentence; the frames task) is under each of its
    sentences with no words: any answer naming one of them finds it."""
    index: dict[tuple[str, int], list[tuple[int, frozenset[str]]]] = defaultdict(list)
    for i, item in enumerate(items):
        span = _paragraph(item)
        if span:
            for n in range(span[0], span[1] + 1):
                index[(item["task"], n)].append((i, frozenset()))
            continue
        index[(item["task"], item["sentence"])].append((i, frozenset(words(item["phrase"]))))
    return index


def _paragraph(item: Mapping[str, Any]) -> tuple[int, int] | None:
    """(first, last) sentence of an item's paragraph, when the item has a sane one."""
    span = item.get("paragraph")
    if isinstance(span, list) and len(span) == 2:
        low, high = _whole(span[0]), _whole(span[1])
        if low is not None and high is not None and low <= high <= low + 1000:
            return low, high
    return None


def category_right(category: str, item: Mapping[str, Any]) -> bool:
    """Whether an answer's category is right for a key item: the item's own, or one the key
    ``accept``-s as well (the other frames of a paragraph)."""
    accept = item.get("accept")
    return category == item["category"] or (isinstance(accept, list) and category in accept)


def match_answers(marked: Sequence[_Marked], items: Sequence[Mapping[str, Any]],
                  index: Mapping[tuple[str, int], list[tuple[int, frozenset[str]]]]
                  | None = None) -> None:
    """Match one student's answers to key items one-to-one (sets ``_Marked.item``)."""
    index = _item_index(items) if index is None else index
    pairs = []
    for a, m in enumerate(marked):
        if not m.words and m.answer.phrase:
            m.words = frozenset(words(m.answer.phrase))
        for i, item_words in index.get((m.task or "", m.answer.sentence), ()):
            score = _overlap_sets(m.words, item_words) if item_words else 1.0
            if score >= MIN_OVERLAP:
                pairs.append((-score, not category_right(m.category, items[i]), a, i))
    used_a, used_i = set(), set()
    for _, _, a, i in sorted(pairs):
        if a in used_a or i in used_i:
            continue
        used_a.add(a)
        used_i.add(i)
        marked[a].item = items[i]["id"]


def _ratio(num: int, den: int) -> float:
    return num / den if den else math.nan


def _f1(p: float, r: float) -> float:
    if math.isnan(p) or math.isnan(r):
        return math.nan if math.isnan(r) else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


# ------------------------------------------------------------------------------------------
# agreement


def interpret(alpha: float | None, kappa: float | None) -> str:
    """One sentence on what the agreement values mean, for a teacher."""
    if alpha is None and kappa is None:
        return ("Agreement cannot be measured here: it needs at least two students and at "
                "least two different answers.")
    value = alpha if alpha is not None else kappa
    if value >= 0.8:
        verdict = "the students marked largely the same things, so the task is clear"
    elif value >= 0.667:
        verdict = ("the students agree on much, but not enough to treat their marks as "
                   "settled; compare where they differ")
    elif value > 0.0:
        verdict = ("the students often marked different things; discuss the disputed "
                   "sentences, the categories may be unclear")
    else:
        verdict = "the students agree no more than chance would give"
    parts = []
    if alpha is not None:
        parts.append(f"Krippendorff's alpha is {alpha:.2f}")
    if kappa is not None:
        parts.append(f"Fleiss' kappa is {kappa:.2f}")
    return (" and ".join(parts) + f": {verdict} (1 = the same marks everywhere, 0 = what "
            "chance would give).")


def _agreement_from_counts(n_students: int, units: Sequence[Mapping[str, int]],
                           by_student: Sequence[Mapping[str, int]]
                           ) -> tuple[float | None, float | None]:
    """(alpha, kappa) when every student labels every unit, from counts alone.

    ``units``: per unit, how many students gave each label other than NOT_MARKED;
    ``by_student``: per student, over how many units they gave each such label. The
    NOT_MARKED counts follow. Same formulas as nltk's ``AnnotationTask.alpha`` (nominal
    Krippendorff's alpha) and ``multi_kappa`` (Davies and Fleiss), in time linear in the
    counts instead of quadratic in the students."""
    n, n_units = n_students, len(units)
    if n < 2 or not n_units:
        return None, None
    totals: Counter[str] = Counter()
    agree_pairs = 0.0
    for counts in units:
        marked = sum(counts.values())
        full = dict(counts)
        if n - marked:
            full[NOT_MARKED] = full.get(NOT_MARKED, 0) + n - marked
        totals.update(full)
        agree_pairs += sum(c * (c - 1) for c in full.values())
    if len(totals) < 2:
        return None, None
    # alpha: observed disagreement per unit (each has n labels) over expected overall
    big_n = n * n_units
    d_o = 1.0 - agree_pairs / (n * (n - 1) * n_units)
    d_e = (big_n * big_n - sum(c * c for c in totals.values())) / (big_n * (big_n - 1))
    alpha = 1.0 - d_o / d_e if d_e else None
    # kappa: mean pairwise observed and expected agreement
    a_o = agree_pairs / (n * (n - 1) * n_units)
    squares: Counter[str] = Counter()
    for counts in by_student:
        marked = sum(counts.values())
        for label, c in counts.items():
            squares[label] += (c / n_units) ** 2
        if n_units - marked:
            squares[NOT_MARKED] += ((n_units - marked) / n_units) ** 2
    for _ in range(n - len(by_student)):  # students who marked nothing here
        squares[NOT_MARKED] += 1.0
    a_e = sum((totals[k] / n_units) ** 2 - squares[k] for k in totals) / (n * (n - 1))
    kappa = (a_o - a_e) / (1.0 - a_e) if a_e != 1.0 else None
    return alpha, kappa


def agreement(labels: Mapping[str, Mapping[str, str]]) -> tuple[float | None, float | None]:
    """(Krippendorff's alpha, Fleiss' kappa) of ``{student: {unit: label}}``.

    Every student labels every unit (``NOT_MARKED`` when they left it alone). None when fewer
    than two students or two distinct labels make the measure meaningless."""
    students = sorted(labels)
    units = sorted({u for s in students for u in labels[s]})
    per_unit: dict[str, Counter[str]] = {u: Counter() for u in units}
    per_student = []
    for s in students:
        mine: Counter[str] = Counter()
        for u, label in labels[s].items():
            if label != NOT_MARKED:
                per_unit[u][label] += 1
                mine[label] += 1
        per_student.append(mine)
    return _agreement_from_counts(len(students), list(per_unit.values()), per_student)


# ------------------------------------------------------------------------------------------
# grading


@dataclass
class Grades:
    """Everything ``grade`` measured, as DataFrames with stable columns."""

    students: pd.DataFrame
    items: pd.DataFrame
    overflagged: pd.DataFrame
    agreement: pd.DataFrame
    errors: list[InputError] = field(default_factory=list)
    key: dict[str, Any] = field(default_factory=dict)
    overall: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(OVERALL_COLUMNS)))

    def most_missed(self, n: int = 5) -> pd.DataFrame:
        core = self.items[self.items["part"] == "core"] if "part" in self.items else self.items
        return core.sort_values(["found_share", "sentence"], kind="stable").head(n)

    def most_overflagged(self, n: int = 5) -> pd.DataFrame:
        return self.overflagged.head(n)

    def to_html(self) -> str:
        from datetime import date

        from markupsafe import Markup

        from .worksheet import template_environment

        answered = self.students[self.students["counted"].astype(bool)] \
            if "counted" in self.students else self.students
        context = {
            "paper": "A4", "today": date.today().isoformat(),
            "titles": [a.get("title") for a in self.key.get("articles", [])],
            "errors": [str(e) for e in self.errors[:HTML_ROWS]],
            "more_errors": max(len(self.errors) - HTML_ROWS, 0),
            "agreement": self.agreement.to_dict("records"),
            "overall": Markup(_html_table(self.overall)),
            "students": Markup(_html_table(answered)),
            "missed": Markup(_html_table(self.most_missed(10))),
            "overflagged": Markup(_html_table(self.most_overflagged(10))),
            "n_students": self.students["student"].nunique() if len(self.students) else 0,
            "min_overlap": MIN_OVERLAP,
        }
        return template_environment().get_template("grades.html.j2").render(**context)

    def write(self, directory: str | Path, *, csv_raw: bool = False) -> list[Path]:
        """grades.html, overall.csv (one score per student), grades.csv (student × task ×
        article), items.csv, overflagged.csv, agreement.csv. ``csv_raw``: text cells as they
        are, without the apostrophe that keeps a spreadsheet from running one as a formula
        (see :func:`framing.output.csv_cell`)."""
        frames = {"overall.csv": self.overall, "grades.csv": self.students,
                  "items.csv": self.items, "overflagged.csv": self.overflagged,
                  "agreement.csv": self.agreement}
        files = {name: csv_frame(frame, raw=csv_raw).to_csv(index=False, lineterminator="\n")
                 for name, frame in frames.items()}
        files["grades.html"] = self.to_html()
        # all six or none: an error, Ctrl-C or SIGTERM leaves the folder as it was
        return write_files(directory, files)


def _html_table(frame: pd.DataFrame, limit: int | None = None) -> str:
    """An escaped HTML table, in time linear in its cells (pandas' to_html is far slower), with
    at most ``limit`` rows (HTML_ROWS) and a line saying the CSV holds the rest."""
    from html import escape

    limit = HTML_ROWS if limit is None else limit

    def cell(value: Any) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        if isinstance(value, float):
            return f"{value:.2f}"
        return escape(str(value))

    head = "".join(f"<th>{escape(str(c).replace('_', ' '))}</th>" for c in frame.columns)
    body = ["<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>"
            for row in frame.head(limit).itertuples(index=False, name=None)]
    more = (f'<p class="small">{len(frame) - limit:,} more rows are in the CSV files.</p>'
            if len(frame) > limit else "")
    return (f'<table class="dataframe"><thead><tr>{head}</tr></thead><tbody>'
            + "".join(body) + "</tbody></table>" + more)


def _groups(marks: Iterable[_Marked]) -> list[list[_Marked]]:
    """Unmatched answers grouped: same task and sentence, matching phrases (first come
    first served; each group is compared by its first phrase). Linear in the answers: a
    sentence's groups are indexed by word, and at most MAX_GROUPS_COMPARED are compared."""
    groups: list[list[_Marked]] = []
    exact: dict[tuple[str | None, int, frozenset[str]], int] = {}
    by_word: dict[tuple[str | None, int, str], list[int]] = defaultdict(list)
    for m in marks:
        where = (m.task, m.answer.sentence)
        found = exact.get((*where, m.words))
        if found is None:
            seen: set[int] = set()
            for w in m.words:
                for g in by_word.get((*where, w), ()):
                    if g in seen:
                        continue
                    seen.add(g)
                    if _overlap_sets(groups[g][0].words, m.words) >= MIN_OVERLAP:
                        found = g
                        break
                    if len(seen) >= MAX_GROUPS_COMPARED:
                        break
                if found is not None or len(seen) >= MAX_GROUPS_COMPARED:
                    break
        if found is None:
            found = len(groups)
            groups.append([])
            exact[(*where, m.words)] = found
            for w in m.words:
                by_word[(*where, w)].append(found)
        groups[found].append(m)
    return groups


def _score_row(given: int, matched_core: int, matched_all: int, n_key: int
               ) -> tuple[float, float, float]:
    p, r = _ratio(matched_all, given), _ratio(matched_core, n_key)
    return p, r, _f1(p, r)


def grade(key: str | Path | Mapping[str, Any],
          answers: str | Path | pd.DataFrame | Iterable[Any]) -> Grades:
    """Grade answer files (paths), a DataFrame or row mappings against a worksheet key.

    Bad rows are left out and listed in ``Grades.errors`` (one message per row, file:line);
    the good rows of every file are graded."""
    key = load_key(key)
    items = key["items"]
    tasks = list(key["tasks"])
    labels = [a["label"] for a in key.get("articles", []) if a.get("sentences")] or [""]
    raw, errors = _answers_from(answers, key)
    marked = _resolve(raw, key)
    by_student: dict[str, list[_Marked]] = defaultdict(list)
    for m in marked:
        by_student[m.answer.student].append(m)
    index = _item_index(items)
    for student_marks in by_student.values():
        match_answers(student_marks, items, index)
    item_by_id = {i["id"]: i for i in items}
    n_core: Counter[tuple[str, str]] = Counter(
        (i["task"], i["article"]) for i in items if i["part"] == "core")

    rows, overall_rows = [], []
    for student in sorted(by_student):
        unit_given: Counter[tuple[str, str]] = Counter()
        unit_core: Counter[tuple[str, str]] = Counter()
        unit_ext: Counter[tuple[str, str]] = Counter()
        unit_right: Counter[tuple[str, str]] = Counter()
        for m in by_student[student]:
            unit = (m.task or "", m.article)
            unit_given[unit] += 1
            if m.item is not None:
                item = item_by_id[m.item]
                unit = (item["task"], item["article"])
                (unit_core if item["part"] == "core" else unit_ext)[unit] += 1
                unit_right[unit] += category_right(m.category, item)
        totals = Counter()
        for task in tasks:
            for article in labels:
                unit = (task, article)
                given, core, ext = unit_given[unit], unit_core[unit], unit_ext[unit]
                p, r, f1 = _score_row(given, core, core + ext, n_core[unit])
                counted = given > 0
                rows.append({"student": student, "task": task, "answers": given,
                             "key_items": n_core[unit], "matched": core + ext,
                             "category_correct": unit_right[unit], "precision": p,
                             "recall": r, "f1": f1, "article": article,
                             "extension_found": ext, "counted": counted})
                if counted:
                    totals.update({"answers": given, "key_items": n_core[unit],
                                   "core": core, "matched": core + ext,
                                   "right": unit_right[unit], "units": 1})
        p, r, f1 = _score_row(totals["answers"], totals["core"], totals["matched"],
                              totals["key_items"])
        overall_rows.append({"student": student, "answers": totals["answers"],
                             "key_items": totals["key_items"], "matched": totals["matched"],
                             "category_correct": totals["right"], "precision": p, "recall": r,
                             "f1": f1, "score": None if math.isnan(f1) else round(100 * f1),
                             "units": totals["units"]})
    students = pd.DataFrame(rows, columns=list(STUDENT_COLUMNS))
    overall = pd.DataFrame(overall_rows, columns=list(OVERALL_COLUMNS))

    n_students = len(by_student)
    found_by: Counter[str] = Counter()
    right_by: Counter[str] = Counter()
    for ms in by_student.values():
        for m in ms:
            if m.item is not None:
                found_by[m.item] += 1
                right_by[m.item] += category_right(m.category, item_by_id[m.item])
    item_frame = pd.DataFrame([{
        "item": item["id"], "task": item["task"], "sentence": item["sentence"],
        "category": item["category"], "phrase": item["phrase"], "found_by": found_by[item["id"]],
        "found_share": _ratio(found_by[item["id"]], n_students),
        "category_right_by": right_by[item["id"]], "article": item["article"],
        "part": item["part"]} for item in items], columns=list(ITEM_COLUMNS))

    unmatched = [m for s in sorted(by_student) for m in by_student[s] if m.item is None]
    groups = _groups(unmatched)
    over_rows = [{"task": g[0].task, "sentence": g[0].answer.sentence,
                  "phrase": g[0].answer.phrase,
                  "students": len({m.answer.student for m in g}),
                  "categories": ", ".join(sorted({m.category for m in g}))} for g in groups]
    over_frame = pd.DataFrame(over_rows, columns=list(OVERFLAG_COLUMNS))
    if len(over_frame):
        over_frame = over_frame.sort_values(["students", "sentence"], ascending=[False, True],
                                            kind="stable").reset_index(drop=True)

    agree_frame = _agreement_table(tasks, by_student, groups, n_students)
    if not by_student and not errors:
        raise FramingError("no answers to grade")
    return Grades(students, item_frame, over_frame, agree_frame, errors, key, overall)


def _agreement_table(tasks: Sequence[str], by_student: Mapping[str, Sequence[_Marked]],
                     groups: Sequence[Sequence[_Marked]], n_students: int) -> pd.DataFrame:
    """Agreement per task and over all tasks. Units: the key items some student found and
    the groups of unmatched answers; a student's label of a unit is the category of their
    first answer on it."""
    unit_labels: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for student in sorted(by_student):
        for m in by_student[student]:
            if m.item is not None:
                unit_labels[(m.task or "", f"key:{m.item}")].setdefault(student, m.category)
    for n, g in enumerate(groups):
        for m in g:
            unit_labels[(m.task or "", f"extra:{n}")].setdefault(m.answer.student, m.category)
    rows = []
    for scope in [*tasks, "all"]:
        units = [lab for (task, _), lab in unit_labels.items() if scope in ("all", task)]
        per_unit = [Counter(lab.values()) for lab in units]
        per_student: dict[str, Counter[str]] = defaultdict(Counter)
        for lab in units:
            for student, label in lab.items():
                per_student[student][label] += 1
        alpha, kappa = _agreement_from_counts(n_students, per_unit, list(per_student.values()))
        rows.append({"task": scope, "students": n_students, "units": len(units),
                     "alpha": alpha, "kappa": kappa, "meaning": interpret(alpha, kappa)})
    return pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))


__all__ = ["Answer", "Grades", "agreement", "check_key", "grade", "interpret", "load_key",
           "overlap", "parse_answers", "read_answers"]
