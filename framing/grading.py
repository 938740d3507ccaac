"""Grade students' worksheet answers against a worksheet's ``key.json``.

An answer (one row of the answer sheet: student, sentence, category, phrase) *matches* a key item
when it names the same sentence and the two phrases share at least half the words of the
shorter one, little words such as "the" aside. So "a golden era" matches "golden era", and
"may" matches "may well". Each key item and each answer is matched at most once, best overlap
first. Whether the category is right is counted separately (``category_correct``): finding the
words and naming their kind are different skills.

Per student and task: precision (share of the student's answers that match a key item),
recall (share of key items the student found) and F1. For the class: the items most students
missed, the answers most students gave that are not in the key (over-flagged), and how far the
students agree with each other (Krippendorff's alpha and Fleiss' kappa, from
``nltk.metrics.agreement``) over the units anyone marked.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import FramingError, InputError
from .output import atomic_output, csv_frame
from .worksheet import ANSWER_COLUMNS, CATEGORY_LABELS, KEY_FORMAT

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

STUDENT_COLUMNS = ("student", "task", "answers", "key_items", "matched", "category_correct",
                   "precision", "recall", "f1")
ITEM_COLUMNS = ("item", "task", "sentence", "category", "phrase", "found_by", "found_share",
                "category_right_by")
OVERFLAG_COLUMNS = ("task", "sentence", "phrase", "students", "categories")
AGREEMENT_COLUMNS = ("task", "students", "units", "alpha", "kappa", "meaning")


# ------------------------------------------------------------------------------------------
# reading


@dataclass(frozen=True)
class Answer:
    student: str
    sentence: int
    category: str
    phrase: str
    file: str = ""
    line: int = 0


def load_key(key: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    """A worksheet key: a mapping already loaded, or the path of a key.json."""
    if isinstance(key, Mapping):
        data = dict(key)
        where = "key"
    else:
        where = str(key)
        try:
            data = json.loads(Path(key).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(where, "no such file") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(where, f"not a worksheet key (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("format") != KEY_FORMAT or "items" not in data:
        raise InputError(where, "not a worksheet key.json (make one with framing worksheet)")
    return data


def normalize_category(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


def category_aliases(key: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Spelling a student may use -> (category, task), from the key's tasks."""
    aliases: dict[str, tuple[str, str]] = {}
    for task, categories in key.get("tasks", {}).items():
        for cat in categories:
            target = (cat, task)
            names = {cat, cat + "s"}
            label = CATEGORY_LABELS.get(cat)
            if label:
                names.add(normalize_category(label.split("(")[0]))
            for name in names:
                aliases.setdefault(normalize_category(name), target)
    return aliases


def read_answers(path: str | Path, key: Mapping[str, Any]) -> tuple[list[Answer],
                                                                    list[InputError]]:
    """The answers in one CSV file, or the problems that stop it being graded.

    A file with any bad row is not graded at all (a half-read file would lower the student's
    recall without saying so); every bad row gets its own one-line message."""
    label = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return [], [InputError(label, "no such file")]
    except UnicodeDecodeError:
        return [], [InputError(label, "not UTF-8 text; save the answer sheet as CSV (UTF-8)")]
    return parse_answers(text, key, label)


def _sentence_range(key: Mapping[str, Any]) -> tuple[int, int]:
    spans = [a.get("sentences") for a in key.get("articles", []) if a.get("sentences")]
    if not spans:
        nums = [i["sentence"] for i in key["items"]] or [1]
        return 1, max(nums)
    return min(s[0] for s in spans), max(s[1] for s in spans)


def parse_answers(text: str, key: Mapping[str, Any], label: str = "answers"
                  ) -> tuple[list[Answer], list[InputError]]:
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
    low, high = _sentence_range(key)
    answers, errors = [], []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            cells = {c: (row[i].strip() if i < len(row) else "") for c, i in col.items()}
            problem = None
            if not cells["student"]:
                problem = "no student name"
            elif not cells["phrase"]:
                problem = "no phrase: copy the exact words from the text"
            else:
                try:
                    sentence = int(float(cells["sentence"]))
                    if not low <= sentence <= high:
                        problem = (f"sentence {cells['sentence']!r} is not on the worksheet "
                                   f"(sentences {low}–{high})")
                except ValueError:
                    problem = f"sentence {cells['sentence']!r} is not a sentence number"
            if problem:
                errors.append(InputError(label, problem, line=line))
                continue
            answers.append(Answer(cells["student"], sentence, cells["category"],
                                  cells["phrase"], label, line))
    except csv.Error as exc:
        errors.append(InputError(label, f"not a CSV file ({exc})", line=reader.line_num))
    if errors:
        return [], errors
    return answers, []


def _answers_from(obj: Any, key: Mapping[str, Any]) -> tuple[list[Answer], list[InputError]]:
    """Answers from paths, a DataFrame or row mappings; problems never stop other files."""
    if isinstance(obj, pd.DataFrame):
        return parse_answers(obj.to_csv(index=False), key, "answers (DataFrame)")
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
            answers.append(item)
        else:
            rows.append(item)
    if rows:
        got, bad = parse_answers(pd.DataFrame(rows).to_csv(index=False), key, "answers (rows)")
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
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def phrases_match(a: str, b: str) -> bool:
    return overlap(a, b) >= MIN_OVERLAP


@dataclass
class _Marked:
    """One student's answer, resolved to a task and category."""

    answer: Answer
    task: str | None
    category: str
    item: str | None = None  # id of the matched key item


def _resolve(answers: Sequence[Answer], key: Mapping[str, Any]) -> list[_Marked]:
    aliases = category_aliases(key)
    items = key["items"]
    out = []
    for ans in answers:
        norm = normalize_category(ans.category)
        cat, task = aliases.get(norm, (norm, None))
        if task is None:  # unknown category: the task of the key item it overlaps, if any
            best = max((it for it in items if it["sentence"] == ans.sentence),
                       key=lambda it: overlap(ans.phrase, it["phrase"]), default=None)
            if best is not None and phrases_match(ans.phrase, best["phrase"]):
                task = best["task"]
        out.append(_Marked(ans, task, cat))
    return out


def match_answers(marked: Sequence[_Marked], items: Sequence[Mapping[str, Any]]) -> None:
    """Match one student's answers to key items one-to-one (sets ``_Marked.item``)."""
    pairs = []
    for a, m in enumerate(marked):
        for i, item in enumerate(items):
            if m.task != item["task"] or m.answer.sentence != item["sentence"]:
                continue
            score = overlap(m.answer.phrase, item["phrase"])
            if score >= MIN_OVERLAP:
                pairs.append((-score, m.category != item["category"], a, i))
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


def _annotation_task(data: list[tuple[str, str, str]]):
    """nltk's AnnotationTask with its per-pair lookups indexed once.

    Same formulas as nltk; nltk rescans every annotation for each pair of students, which
    takes seconds for a class of thirty (pairs × annotations)."""
    from nltk.metrics.agreement import AnnotationTask
    from nltk.probability import ConditionalFreqDist

    class _Indexed(AnnotationTask):
        def _index(self):
            if not hasattr(self, "_by_coder"):
                self._by_coder: dict[str, dict[str, str]] = {}
                for x in self.data:
                    self._by_coder.setdefault(x["coder"], {})[x["item"]] = x["labels"]
                self._freqs = ConditionalFreqDist((x["labels"], x["coder"]) for x in self.data)
            return self._by_coder

        def Ao(self, cA, cB):  # noqa: N802 - nltk's name
            a, b = self._index()[cA], self._index()[cB]
            same = sum(1.0 - float(self.distance(a[i], b[i])) for i in a if i in b)
            return same / len(self.I)

        def Ae_kappa(self, cA, cB):  # noqa: N802 - nltk's name
            self._index()
            n = float(len(self.I))
            return sum((self._freqs[k][cA] / n) * (self._freqs[k][cB] / n)
                       for k in self._freqs.conditions())

    return _Indexed(data=data)


def agreement(labels: Mapping[str, Mapping[str, str]]) -> tuple[float | None, float | None]:
    """(Krippendorff's alpha, Fleiss' kappa) of ``{student: {unit: label}}``.

    Every student labels every unit (``NOT_MARKED`` when they left it alone). None when fewer
    than two students or two distinct labels make the measure meaningless."""
    students = sorted(labels)
    units = sorted({u for s in students for u in labels[s]})
    data = [(s, u, labels[s].get(u, NOT_MARKED)) for s in students for u in units]
    if len(students) < 2 or not units or len({d[2] for d in data}) < 2:
        return None, None
    task = _annotation_task(data)
    try:
        alpha = float(task.alpha())
    except ZeroDivisionError:
        alpha = None
    try:
        kappa = float(task.multi_kappa())
    except ZeroDivisionError:
        kappa = None
    return alpha, kappa


def _units(task: str, items: Sequence[Mapping[str, Any]],
           by_student: Mapping[str, Sequence[_Marked]]) -> dict[str, dict[str, str]]:
    """{student: {unit: label}} for one task: key items plus clusters of unmatched answers
    (same sentence, matching phrases)."""
    labels: dict[str, dict[str, str]] = {s: {} for s in by_student}
    for item in items:
        if item["task"] != task:
            continue
        for s, marked in by_student.items():
            got = next((m for m in marked if m.item == item["id"]), None)
            labels[s][f"key:{item['id']}"] = got.category if got else NOT_MARKED
    clusters: list[tuple[int, str, str]] = []  # (sentence, phrase, unit id)
    for s, marked in by_student.items():
        for m in marked:
            if m.task != task or m.item is not None:
                continue
            unit = next((u for sent, ph, u in clusters
                         if sent == m.answer.sentence and phrases_match(ph, m.answer.phrase)),
                        None)
            if unit is None:
                unit = f"extra:{len(clusters)}"
                clusters.append((m.answer.sentence, m.answer.phrase, unit))
            labels[s].setdefault(unit, m.category)
    # only units some student marked: items nobody found say nothing about agreement
    every = {u for lab in labels.values() for u, v in lab.items() if v != NOT_MARKED}
    return {s: {u: lab.get(u, NOT_MARKED) for u in every} for s, lab in labels.items()}


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

    def most_missed(self, n: int = 5) -> pd.DataFrame:
        return self.items.sort_values(["found_share", "sentence"]).head(n)

    def most_overflagged(self, n: int = 5) -> pd.DataFrame:
        return self.overflagged.head(n)

    def to_html(self) -> str:
        from .worksheet import _environment

        def table(frame: pd.DataFrame) -> str:
            frame = frame.rename(columns=lambda c: str(c).replace("_", " "))
            return frame.to_html(index=False, na_rep="–", float_format=lambda v: f"{v:.2f}",
                                 border=0, escape=True)

        from datetime import date

        from markupsafe import Markup

        context = {
            "paper": "A4", "today": date.today().isoformat(),
            "titles": [a.get("title") for a in self.key.get("articles", [])],
            "errors": [str(e) for e in self.errors],
            "agreement": self.agreement.to_dict("records"),
            "students": Markup(table(self.students)),
            "missed": Markup(table(self.most_missed(10))),
            "overflagged": Markup(table(self.most_overflagged(10))),
            "n_students": self.students["student"].nunique() if len(self.students) else 0,
            "min_overlap": MIN_OVERLAP,
        }
        return _environment().get_template("grades.html.j2").render(**context)

    def write(self, directory: str | Path, *, csv_raw: bool = False) -> list[Path]:
        """grades.html, grades.csv (student × task), items.csv, overflagged.csv,
        agreement.csv. ``csv_raw``: text cells as they are, without the apostrophe that keeps
        a spreadsheet from running one as a formula (see :func:`framing.output.csv_cell`)."""
        out = Path(directory)
        written = []
        frames = {"grades.csv": self.students, "items.csv": self.items,
                  "overflagged.csv": self.overflagged, "agreement.csv": self.agreement}
        for name, frame in frames.items():
            with atomic_output(str(out / name)) as fh:
                csv_frame(frame, raw=csv_raw).to_csv(fh, index=False, lineterminator="\n")
            written.append(out / name)
        with atomic_output(str(out / "grades.html")) as fh:
            fh.write(self.to_html())
        written.append(out / "grades.html")
        return written


def grade(key: str | Path | Mapping[str, Any],
          answers: str | Path | pd.DataFrame | Iterable[Any]) -> Grades:
    """Grade answer files (paths), a DataFrame or row mappings against a worksheet key.

    Files with problems are left out and listed in ``Grades.errors`` (one message per bad
    row); the other files are graded."""
    key = load_key(key)
    items = key["items"]
    tasks = list(key.get("tasks") or dict.fromkeys(i["task"] for i in items))
    raw, errors = _answers_from(answers, key)
    marked = _resolve(raw, key)
    by_student: dict[str, list[_Marked]] = {}
    for m in marked:
        by_student.setdefault(m.answer.student, []).append(m)
    for student_marks in by_student.values():
        match_answers(student_marks, items)
    item_by_id = {i["id"]: i for i in items}

    rows = []
    for student in sorted(by_student):
        mine = by_student[student]
        for task in tasks:
            n_key = sum(i["task"] == task for i in items)
            given = [m for m in mine if m.task == task]
            hits = [m for m in given if m.item is not None]
            right = sum(m.category == item_by_id[m.item]["category"] for m in hits)
            p, r = _ratio(len(hits), len(given)), _ratio(len(hits), n_key)
            rows.append({"student": student, "task": task, "answers": len(given),
                         "key_items": n_key, "matched": len(hits), "category_correct": right,
                         "precision": p, "recall": r, "f1": _f1(p, r)})
        unassigned = [m for m in mine if m.task is None]
        if unassigned:
            rows.append({"student": student, "task": "(unknown category)",
                         "answers": len(unassigned), "key_items": 0, "matched": 0,
                         "category_correct": 0, "precision": 0.0, "recall": math.nan,
                         "f1": math.nan})
    students = pd.DataFrame(rows, columns=list(STUDENT_COLUMNS))

    n_students = len(by_student)
    item_rows = []
    for item in items:
        found = [m for ms in by_student.values() for m in ms if m.item == item["id"]]
        item_rows.append({
            "item": item["id"], "task": item["task"], "sentence": item["sentence"],
            "category": item["category"], "phrase": item["phrase"], "found_by": len(found),
            "found_share": _ratio(len(found), n_students),
            "category_right_by": sum(m.category == item["category"] for m in found),
        })
    item_frame = pd.DataFrame(item_rows, columns=list(ITEM_COLUMNS))

    over: list[dict[str, Any]] = []
    for student, ms in sorted(by_student.items()):
        for m in ms:
            if m.item is not None:
                continue
            task = m.task or "(unknown category)"
            hit = next((o for o in over if o["task"] == task
                        and o["sentence"] == m.answer.sentence
                        and phrases_match(o["phrase"], m.answer.phrase)), None)
            if hit is None:
                hit = {"task": task, "sentence": m.answer.sentence, "phrase": m.answer.phrase,
                       "_students": set(), "_categories": {}}
                over.append(hit)
            hit["_students"].add(student)
            hit["_categories"][m.category] = hit["_categories"].get(m.category, 0) + 1
    over_rows = [{"task": o["task"], "sentence": o["sentence"], "phrase": o["phrase"],
                  "students": len(o["_students"]),
                  "categories": ", ".join(sorted(o["_categories"]))} for o in over]
    over_frame = pd.DataFrame(over_rows, columns=list(OVERFLAG_COLUMNS))
    if len(over_frame):
        over_frame = over_frame.sort_values(["students", "sentence"], ascending=[False, True],
                                            kind="stable").reset_index(drop=True)

    agree_rows = []
    all_labels: dict[str, dict[str, str]] = {s: {} for s in by_student}
    for task in tasks:
        labels = _units(task, items, by_student)
        for s, lab in labels.items():
            all_labels[s].update({f"{task}/{u}": v for u, v in lab.items()})
        alpha, kappa = agreement(labels)
        n_units = len(next(iter(labels.values()), {}))
        agree_rows.append({"task": task, "students": n_students, "units": n_units,
                           "alpha": alpha, "kappa": kappa, "meaning": interpret(alpha, kappa)})
    alpha, kappa = agreement(all_labels)
    agree_rows.append({"task": "all", "students": n_students,
                       "units": len(next(iter(all_labels.values()), {})), "alpha": alpha,
                       "kappa": kappa, "meaning": interpret(alpha, kappa)})
    agree_frame = pd.DataFrame(agree_rows, columns=list(AGREEMENT_COLUMNS))
    if not by_student and not errors:
        raise FramingError("no answers to grade")
    return Grades(students, item_frame, over_frame, agree_frame, errors, key)


__all__ = ["Answer", "Grades", "agreement", "grade", "interpret", "load_key", "overlap",
           "parse_answers", "read_answers"]
