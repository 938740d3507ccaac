"""Metadata inference: what the cleaned page says about its own title, outlet, author and date.

Every value comes with its source ("title suffix", "dateline", "byline", "html meta", ...), so a
reader can check it. Evidence is read from the records that cleaning kept out of the body
(headline, bylines, datelines, date lines, notes) and, for a wire dateline, from the first body
paragraph. When several pieces of evidence give the same field, the strongest wins: see
``RANKS``. Nothing is guessed from dates found in captions, lists of other posts or body text.

A headline suffix ("… | Xinhua", "…-Xinhua") names a *credited source*, which may not be the
publisher; it never fills ``outlet``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from framing.ingest.cleaning import (
    BYLINE,
    DATE,
    DATELINE_DOMAIN,
    DATELINE_NAME,
    MONTHS,
    POST_META,
    R_AUTHOR_BIO,
    R_BYLINE,
    R_COPYRIGHT,
    R_CREDIT_LINE,
    R_DATE_LINE,
    R_DATELINE,
    R_EDITORS_NOTE,
    R_POST_META,
    R_SITE_NAME,
    R_SOURCE_CREDIT,
    SOURCE_CREDIT,
    Cleaned,
    looks_like_outlet,
    normalize,
    parse_byline_names,
)

#: Fields infer_metadata can return.
FIELDS = ("title", "outlet", "credited_source", "author", "published", "author_note")


@dataclass(frozen=True)
class Inferred:
    value: str
    source: str  #: where it came from: "title suffix", "dateline", "byline", "html meta", ...

    def __str__(self) -> str:
        return self.value


#: Source -> rank (lower wins) per field. Sources not listed for a field are never used for it.
RANKS: dict[str, dict[str, int]] = {
    "title": {"html meta": 0, "first line": 1, "headline line": 1},
    "outlet": {
        "html meta": 0,
        "dateline": 1,
        "credit line under headline": 2,
        "byline": 2,
        "site header (repeated site name)": 3,
        "copyright footer": 4,
    },
    "credited_source": {"title suffix": 0, "byline": 1, "source line": 1, "wire dateline": 2},
    "author": {
        "html meta": 0,
        "byline": 0,
        "post meta line (site account name; no personal byline found)": 9,
    },
    "published": {
        "html meta": 0,
        "dateline": 1,
        "byline": 2,
        "post meta line": 2,
        "date line": 3,
    },
    "author_note": {"editor's note": 0, "author bio": 1},
}

#: News agencies credited with a hyphen and no spaces at the end of a headline ("…era-Xinhua").
#: A spaced suffix ("… | Xinhua", "… - Reuters") needs no list.
KNOWN_AGENCIES = (
    "Xinhua",
    "Reuters",
    "AFP",
    "AP",
    "TASS",
    "Sputnik",
    "Kazinform",
    "CGTN",
    "ANI",
    "PTI",
    "IANS",
    "Bernama",
    "Yonhap",
    "Kyodo",
    "Anadolu",
    "Interfax",
    "AKIpress",
    "Kabar",
    "UzA",
    "Global Times",
    "China Daily",
)
_GLUED_SUFFIX = re.compile(
    r"(?<=\w)-(?P<source>" + "|".join(map(re.escape, KNOWN_AGENCIES)) + r")$"
)
#: Spaced separators; the last one in the headline is taken.
_SPACED_SEPARATOR = re.compile(r"\s(?:\||｜|-|–|—)\s")
#: "ASTANA, June 14 (Xinhua) -- …" at the start of the first paragraph.
WIRE_DATELINE = re.compile(
    rf"^[A-Z][A-Z .'’-]{{1,40}},\s(?:{MONTHS}\s\d{{1,2}}\s)?"
    r"\((?P<source>[A-Z][\w .]{1,30})\)\s?(?:--|—|–|-)"
)
_COPYRIGHT_NAME = re.compile(
    r"^(?:©|\(c\)|copyright)\s?(?:©\s?)?(?:\d{4}(?:\s?-\s?\d{4})?)?\s?"
    r"(?P<name>[A-Za-z][\w.&'’ -]{1,40}?)[.,|]",
    re.I,
)
_NOTE_LABEL = re.compile(r"^\(?editor['’]?s['’]? note\s*[:：.-]\s*", re.I)

_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MDY = re.compile(rf"(?P<month>{MONTHS})\s(?P<day>\d{{1,2}}),?\s(?P<year>\d{{4}})")
_DMY = re.compile(rf"(?P<day>\d{{1,2}})\s(?P<month>{MONTHS})\s(?P<year>\d{{4}})")
_YMD = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})")
_MY = re.compile(rf"(?P<month>{MONTHS}),?\s(?P<year>\d{{4}})")


def parse_date(text: str) -> str | None:
    """The first calendar date in ``text`` as ISO "YYYY-MM-DD" (or "YYYY-MM" for "May 2023")."""
    best = None
    for pattern in (_MDY, _DMY, _YMD, _MY):
        m = pattern.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None
    parts = best.groupdict()
    month_text = parts["month"].rstrip(".").lower()
    month = int(month_text) if month_text.isdigit() else _MONTH_NUMBERS.get(month_text)
    year = int(parts["year"])
    if month is None or not 1 <= month <= 12 or not 1800 <= year <= 2200:
        return None
    if parts.get("day") is None:
        return f"{year:04d}-{month:02d}"
    day = int(parts["day"])
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _looks_like_source(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 5
        and not re.search(r"[.!?:;,]$", text)
        and (text[0].isupper() or looks_like_outlet(text))
    )


def split_title_suffix(title: str) -> tuple[str, str | None]:
    """("China & Central Asia: Strengthening Regional Ties", "Xinhua") from "… | Xinhua".

    A pipe suffix is taken when it looks like a name (at most five capitalised words); a dash
    suffix only when it is a known agency or looks like an outlet, since dashes also join
    phrases inside headlines; a glued "-Xinhua" only for :data:`KNOWN_AGENCIES`.
    """
    title = normalize(title)
    last = None
    for last in _SPACED_SEPARATOR.finditer(title):  # noqa: B007 - we want the last separator
        pass
    if last is not None:
        head, tail = title[: last.start()].strip(), title[last.end() :].strip()
        pipe = "|" in last.group() or "｜" in last.group()
        known = tail in KNOWN_AGENCIES or looks_like_outlet(tail)
        if len(head) >= 8 and _looks_like_source(tail) and (pipe or known):
            return head, tail
    if m := _GLUED_SUFFIX.search(title):
        return title[: m.start()].rstrip(), m.group("source")
    return title, None


class _Evidence:
    """Candidates per field; the best-ranked (then earliest) wins."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[int, int, Inferred]] = {}
        self.order = 0

    def add(self, field: str, value: Any, source: str) -> None:
        if not value:
            return
        value = normalize(str(value))
        rank = RANKS[field].get(source, 99)
        self.order += 1
        current = self.found.get(field)
        if value and (current is None or rank < current[0]):
            self.found[field] = (rank, self.order, Inferred(value, source))

    def result(self) -> dict[str, Inferred]:
        return {f: self.found[f][2] for f in FIELDS if f in self.found}


def _first_line_number(raw: str) -> int:
    for number, line in enumerate(raw.splitlines(), start=1):
        if line.strip():
            return number
    return 0


def _from_records(ev: _Evidence, raw: str, cleaned: Cleaned) -> None:
    first_line = _first_line_number(raw)
    account: str | None = None
    for r in cleaned.removed:
        reason = r.reason
        if r.kind == "title":
            headline, credited = split_title_suffix(r.text)
            ev.add("title", headline, "first line" if r.line == first_line else "headline line")
            ev.add("credited_source", credited, "title suffix")
        elif reason == R_BYLINE:
            m = BYLINE.match(normalize(r.text).lstrip("•·- "))
            names = parse_byline_names(m.group("rest")) if m else []
            if len(names) == 1 and (names[0] in KNOWN_AGENCIES or looks_like_outlet(names[0])):
                ev.add("credited_source", names[0], "byline")  # "By Xinhua": an agency
            else:
                ev.add("author", " and ".join(names), "byline")
            # "By Zhang Yi | chinadaily.com.cn | Updated: 2025-06-17 09:12"
            for part in re.split(r"\s[|｜]\s", normalize(r.text))[1:]:
                if looks_like_outlet(part):
                    ev.add("outlet", part, "byline")
            ev.add("published", parse_date(r.text), "byline")
        elif reason.startswith(R_DATELINE):
            m = DATELINE_DOMAIN.search(r.text) or DATELINE_NAME.match(normalize(r.text))
            if m:
                ev.add("outlet", m.group("outlet"), "dateline")
                ev.add("published", parse_date(m.group("date")), "dateline")
        elif reason == R_POST_META:
            if m := POST_META.search(r.text):
                ev.add("published", parse_date(m.group("date")), "post meta line")
                account = account or m.group("who")
        elif reason == R_DATE_LINE:
            ev.add("published", parse_date(r.text), "date line")
        elif reason == R_CREDIT_LINE:
            ev.add("outlet", r.text, "credit line under headline")
        elif reason == R_SOURCE_CREDIT:
            if m := SOURCE_CREDIT.match(normalize(r.text)):
                ev.add("credited_source", m.group("source").strip(), "source line")
        elif reason == R_SITE_NAME:
            ev.add("outlet", r.text, "site header (repeated site name)")
        elif reason == R_COPYRIGHT:
            m = _COPYRIGHT_NAME.match(normalize(r.text))
            if m and not m.group("name").lower().startswith("all rights"):
                ev.add("outlet", m.group("name").strip(), "copyright footer")
        elif reason == R_EDITORS_NOTE:
            ev.add("author_note", _NOTE_LABEL.sub("", normalize(r.text)), "editor's note")
        elif reason == R_AUTHOR_BIO:
            ev.add("author_note", normalize(r.text), "author bio")
    if account and "author" not in ev.found:
        # A CMS account ("i2wtc") is who posted the page, not necessarily who wrote it.
        ev.add("author", account, "post meta line (site account name; no personal byline found)")
    paragraphs = cleaned.paragraphs
    if paragraphs and (m := WIRE_DATELINE.match(paragraphs[0])):
        ev.add("credited_source", m.group("source").strip(), "wire dateline")


def infer_metadata(raw: str, cleaned: Cleaned) -> dict[str, Inferred]:
    """Keys among: title, outlet, credited_source, author, published (ISO 'YYYY-MM-DD' or
    'YYYY-MM'), author_note. Only what the page shows is returned."""
    ev = _Evidence()
    _from_records(ev, raw, cleaned)
    return ev.result()


def infer_from_html(page: dict[str, Any], cleaned: Cleaned) -> dict[str, Inferred]:
    """Metadata of an HTML page: its meta tags (via trafilatura) first, then the cleaned text.

    ``page`` holds trafilatura's fields (title, author, date, sitename) and the raw
    ``<title>``/``og:site_name`` read by cleaning.
    """
    ev = _Evidence()
    raw_title = page.get("raw_title") or page.get("og_title")
    suffix = None
    if raw_title:
        head, suffix = split_title_suffix(raw_title)
        ev.add("credited_source", suffix, "title suffix")
        ev.add("title", page.get("title") or head, "html meta")
    else:
        ev.add("title", page.get("title"), "html meta")
    if page.get("title"):
        # trafilatura's title may still carry the suffix when it comes from <title>
        head, tail = split_title_suffix(page["title"])
        if tail:
            ev.found.pop("title", None)
            ev.add("title", head, "html meta")
            ev.add("credited_source", tail, "title suffix")
            suffix = suffix or tail
    site = page.get("og_site_name") or page.get("sitename")
    # trafilatura may take a site name from the title suffix; that is a credit, not an outlet
    if site and (page.get("og_site_name") or normalize(site) != normalize(suffix or "")):
        ev.add("outlet", site, "html meta")
    ev.add("author", page.get("author"), "html meta")
    if page.get("date"):
        ev.add("published", parse_date(str(page["date"])), "html meta")
    _from_records(ev, page.get("text") or "", cleaned)
    return ev.result()


__all__ = [
    "DATE",
    "FIELDS",
    "Inferred",
    "infer_from_html",
    "infer_metadata",
    "parse_date",
    "split_title_suffix",
]
