"""Classroom worksheets: any article becomes an exercise, an answer key and a gradable key.

A worksheet shows the cleaned text with numbered sentences and asks students, per focus, to
find what the article's own analysis found: promotional phrases, hedges and boosters, who is
quoted and how, concerns raised and dismissed, perspectives left out. The questions point at
sentences (``intro``) or paragraphs (``advanced``) without giving the words away. The answer
key highlights the evidence and explains each item in plain language; ``key.json`` lists the
items that :mod:`framing.classroom.grading` grades students' answers against.

This module builds and writes the worksheet; the key's items come from
:mod:`framing.classroom.items` and the tasks' wording from :mod:`framing.classroom.tasks`.

Sentence numbers are 1-based, as printed on the worksheet. In a two-article (``compare``)
worksheet the numbering runs on from the first article into the second, so a sentence number
alone says which article an answer is about.
"""

from __future__ import annotations

import csv
import io
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import dimensions
from ..errors import FramingError, InputError, UnknownNameError
from ..output import dumps, write_files
from .items import (
    ALL_FOCUSES,
    FOCUSES,
    OPTIONAL_FOCUSES,
    aspects_of,
    key_items,
    numbered_paragraphs,
)
from .tasks import build_tasks, compare_questions, discussion_prompts, frame_categories, names_of

LEVELS = ("intro", "advanced")
PAPERS = {"a4": "A4", "letter": "letter"}
#: Columns of the students' answer file (see framing.classroom.grading).
ANSWER_COLUMNS = ("student", "sentence", "category", "phrase")
KEY_FORMAT = "framing-worksheet-key"
#: Longest article a worksheet takes, in characters (about 10,000 words; a two-page handout
#: holds about a tenth of that). Above it framing says so instead of working for minutes.
MAX_ARTICLE_CHARS = 60_000
KEY_VERSION = 1

# ------------------------------------------------------------------------------------------
# which focuses can be asked


def resolve_focus(focus: str | Sequence[str] | None) -> list[str]:
    """The focuses asked for (comma-separated string or list), checked against ALL_FOCUSES;
    None: the default FOCUSES (the optional ones only when named)."""
    if focus is None:
        return list(FOCUSES)
    names = focus.split(",") if isinstance(focus, str) else list(focus)
    names = [n.strip() for n in names if n.strip()]
    for name in names:
        if name not in ALL_FOCUSES:
            raise UnknownNameError("focus", name, ALL_FOCUSES)
    return [n for n in ALL_FOCUSES if n in names]


def split_available(focus: Sequence[str], records: Sequence[Mapping[str, Any]] = ()
                    ) -> tuple[list[str], dict[str, str]]:
    """(focuses whose dimension is registered and, in scored ``records``, ran;
    {skipped focus: one-line reason})."""
    present = set(dimensions.available())
    for record in records:
        ran = (record.get("versions") or {}).get("dimensions")
        if ran is not None:
            present &= set(ran)
    keep, skipped = [], {}
    for name in focus:
        if name in present:
            keep.append(name)
        else:
            skipped[name] = (
                f"skipping the {name} tasks: the {name} dimension is not available "
                f"(available: {', '.join(sorted(present)) or 'none'})"
            )
    return keep, skipped


def score_articles(articles: Sequence[Any], *, lexicons: Sequence[Any] = (),
                   options: Mapping[str, Mapping[str, Any]] | None = None,
                   focus: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Score articles with every available dimension (later ones may build on earlier ones);
    ``lexicons`` and ``options`` as for :class:`framing.scoring.Scorer`; an optional focus
    (OPTIONAL_FOCUSES) runs its dimension only when it is in ``focus``."""
    from ..scoring import Scorer

    # the focus dimensions only (criticism may read attribution's results, so all four run
    # whatever the focus); the classifier adds nothing a worksheet asks about
    dims = [d for d in dimensions.available()
            if d in FOCUSES or (d in OPTIONAL_FOCUSES and d in focus)]
    scorer = Scorer(dims, lexicons=lexicons, options=options)
    return [scorer.score(a) for a in articles]


# ------------------------------------------------------------------------------------------
# the worksheet


@dataclass
class Worksheet:
    """A built worksheet: the three HTML/JSON/CSV documents and what was left out, and why."""

    key: dict[str, Any]
    worksheet_html: str
    answer_key_html: str
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def items(self) -> list[dict[str, Any]]:
        return self.key["items"]

    def template_csv(self) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(ANSWER_COLUMNS)
        return buf.getvalue()

    def write(self, directory: str | Path) -> list[Path]:
        """Write worksheet.html, answer_key.html, key.json and answers_template.csv: all four
        or, on an error or an interruption, none (the folder is left as it was)."""
        return write_files(directory, {
            "worksheet.html": self.worksheet_html,
            "answer_key.html": self.answer_key_html,
            "key.json": dumps(self.key, indent=1) + "\n",
            "answers_template.csv": self.template_csv(),
        })

    def _repr_html_(self) -> str:  # notebooks show the worksheet itself
        return self.worksheet_html


def _article_meta(record: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": record.get("id"), "title": record.get("title") or record.get("id"),
            "outlet": record.get("outlet") or "unknown outlet",
            "published": record.get("published") or "date unknown",
            "author": record.get("author")}


def _highlighted_sentences(record, items, paragraphs, focus) -> list[dict[str, Any]]:
    """Paragraphs whose sentences carry the key items highlighted (HTML from highlight)."""
    from ..views.highlight import highlight_html

    text = record["text"]
    starts = [s["start"] for p in paragraphs for s in p["sentences"]]
    by_sentence: dict[int, list[Mapping[str, Any]]] = {}
    for i in items:  # each item under every sentence it touches, found by bisection
        k = max(bisect_right(starts, i["start"]) - 1, 0)
        while k < len(starts) and (k == 0 or starts[k] < i["end"]):
            by_sentence.setdefault(k, []).append(i)
            k += 1
            if k < len(starts) and starts[k] >= i["end"]:
                break
    out = []
    n = 0
    for para in paragraphs:
        sents = []
        for s in para["sentences"]:
            mine = by_sentence.get(n, ())
            n += 1
            rows = [{"dimension": i["task"], "category": i["category"],
                     "reason": i["explanation"], "start": max(i["start"], s["start"]) - s["start"],
                     "end": min(i["end"], s["end"]) - s["start"]}
                    for i in mine if i["start"] < s["end"] and i["end"] > s["start"]]
            html = highlight_html(text[s["start"]:s["end"]], rows, dimensions=list(focus),
                                  id_prefix=f"{record.get('id')}-s{s['number']}")
            sents.append({"number": s["number"], "html": html})
        out.append({"number": para["number"], "sentences": sents})
    return out


def template_environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("framing", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def build_worksheet(
    records: Sequence[Mapping[str, Any]],
    *,
    focus: str | Sequence[str] | None = None,
    level: str = "intro",
    paper: str = "a4",
    skipped: Mapping[str, str] | None = None,
) -> Worksheet:
    """A worksheet for one scored article record, or a compare worksheet for two.

    Focuses whose dimension is not registered, or did not run on the records (their
    ``versions``), are skipped with a one-line reason in ``Worksheet.skipped``.
    """
    from markupsafe import Markup

    from ..views.highlight import highlight_css, legend_html

    if level not in LEVELS:
        raise UnknownNameError("level", level, LEVELS)
    if paper not in PAPERS:
        raise UnknownNameError("paper size", paper, PAPERS)
    if not 1 <= len(records) <= 2:
        raise FramingError("a worksheet is for one article, or two with --compare")
    for record in records:
        _check_size(record.get("source") or record.get("id") or "article",
                    record.get("text") or "")
    wanted = resolve_focus(focus)
    focus_list, skipped_now = split_available(wanted, records)
    skipped_all = {**skipped_now, **dict(skipped or {})}
    focus_list = [f for f in focus_list if f not in skipped_all]

    compare = len(records) == 2
    articles, all_items, tasks_by_article = [], [], []
    first = 1
    for n, record in enumerate(records):
        label = "AB"[n] if compare else ""
        paragraphs = numbered_paragraphs(record["text"], first)
        para_of = {s["number"]: p["number"] for p in paragraphs for s in p["sentences"]}
        items = key_items(record, focus_list, level=level, first_sentence=first, article=label)
        tasks = build_tasks(record, items, focus_list, level, para_of, first)
        articles.append({
            "label": label, "meta": _article_meta(record), "paragraphs": paragraphs,
            "highlighted": [
                {"number": p["number"], "sentences": [
                    {"number": s["number"], "html": Markup(s["html"])} for s in p["sentences"]]}
                for p in _highlighted_sentences(record, items, paragraphs, focus_list)],
            "prompts": discussion_prompts(record, items, focus_list),
            "missing": [a.get("label") or a["aspect"] for a in aspects_of(record)
                        if a.get("status") == "absent"],
            "dismissed": [{"label": a.get("label") or a["aspect"],
                           "by": names_of(a.get("dismissed_by")) or "not stated"}
                          for a in aspects_of(record)
                          if a.get("status") == "dismissed"],
            "first": first,
            "last": first + sum(len(p["sentences"]) for p in paragraphs) - 1,
        })
        tasks_by_article.append(tasks)
        all_items.extend(items)
        first = articles[-1]["last"] + 1
    comparisons = compare_questions(records, all_items, focus_list) if compare else []
    context = {
        "articles": articles, "tasks": tasks_by_article, "level": level,
        "paper": PAPERS[paper], "compare": compare, "comparisons": comparisons,
        "skipped": list(skipped_all.values()), "items": all_items,
        "columns": ANSWER_COLUMNS, "focus": focus_list,
        "css": Markup(highlight_css(focus_list)), "legend": Markup(legend_html(focus_list)),
        "today": date.today().isoformat(),
        "answer_rows": min(max(sum(i["part"] == "core" for i in all_items), 6), 40),
    }
    env = template_environment()
    worksheet_html = env.get_template("worksheet.html.j2").render(**context)
    answer_html = env.get_template("answer_key.html.j2").render(**context)
    key = {
        "format": KEY_FORMAT, "version": KEY_VERSION, "level": level, "focus": focus_list,
        "skipped": skipped_all,
        "articles": [{**a["meta"], "label": a["label"], "sentences": [a["first"], a["last"]]}
                     for a in articles],
        "tasks": {t["id"]: [c for c, _, _ in t["categories"]] for t in tasks_by_article[0]},
        "items": [{**{k: i[k] for k in ("id", "article", "sentence", "task", "category",
                                         "phrase", "start", "end", "explanation", "part")},
                   **{k: i[k] for k in ("paragraph", "accept") if k in i}}
                  for i in all_items],
    }
    if "frames" in focus_list:  # the codebook's names, which grading accepts as well
        key["labels"] = {f: title for f, title, _ in frame_categories()}
    for tasks in tasks_by_article[1:]:
        for t in tasks:
            key["tasks"][t["id"]] = list(dict.fromkeys(
                [*key["tasks"].get(t["id"], []), *(c for c, _, _ in t["categories"])]))
    return Worksheet(key, worksheet_html, answer_html, skipped_all)


def _check_size(where: str, text: str) -> None:
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(where, f"the article has {len(text):,} characters; a worksheet takes at "
                         f"most {MAX_ARTICLE_CHARS:,} (about 10,000 words): cut it to the "
                         "passage you want to teach")


def make_worksheet(articles: Any, *, focus=None, level: str = "intro", paper: str = "a4",
                   lexicons: Sequence[Any] = (),
                   options: Mapping[str, Mapping[str, Any]] | None = None) -> Worksheet:
    """Score one article (or two, for a compare worksheet) and build its worksheet.

    ``lexicons`` (a teacher's own lexicon files) and ``options`` (for example
    ``{"criticism": {"topic": "my-topic.toml"}}``) go to the scorer."""
    from ..article import Article

    if isinstance(articles, Article):
        articles = [articles]
    articles = list(articles)
    for a in articles:
        _check_size(getattr(a, "source", "") or getattr(a, "id", "article"), a.text)
    wanted = resolve_focus(focus)
    _, skipped = split_available(wanted)
    records = score_articles(articles, lexicons=lexicons, options=options, focus=wanted)
    return build_worksheet(records, focus=wanted, level=level, paper=paper, skipped=skipped)


__all__ = ["ALL_FOCUSES", "FOCUSES", "OPTIONAL_FOCUSES", "LEVELS", "Worksheet",
           "build_worksheet", "make_worksheet", "key_items", "numbered_paragraphs",
           "resolve_focus"]
