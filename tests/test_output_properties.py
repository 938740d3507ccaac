"""Property tests (hypothesis, seeded and bounded) for what framing writes: CSV cells, Markdown
text and code, strict JSON, and ``framing score`` in every format over generated corpora.

About 1,000 generated inputs per run (the examples below add up to it), derandomized so CI
sees the same ones each time; ``benchmarks/fuzz_cli.py`` runs the same kind of inputs for as
long as asked.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.cli import main
from framing.output import (
    FORMULA_CHARS,
    csv_cell,
    dumps,
    md_code,
    md_text,
    repair_strings,
    repair_text,
)

markdown_it = pytest.importorskip("markdown_it")

#: Every code point, lone surrogates included.
ANY_CHAR = st.characters(exclude_categories=())
HOSTILE = st.sampled_from([
    "=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=x", "\r=x", " =x", "-1.5", "+3",
    "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "`", "``x``", "[a](b)",
    "![i](j)", "&amp;", "&#60;", "\\", "*", "_", "|", "#", "- ", "1. ", "> ", "\n", "\r\n",
    "\x00", "\u2028", "\ufeff", "\u00ad", "\ud800", "\udfff", "\ud83d\ude00", "NaN", "",
])
TEXT = st.lists(st.one_of(HOSTILE, st.text(ANY_CHAR, max_size=12)), max_size=6).map("".join)
SEEDED = settings(derandomize=True, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow])


def _formula_free(cell: str) -> bool:
    first = cell.lstrip(" \n")[:1]
    if first not in FORMULA_CHARS:
        return True
    try:
        float(cell)
    except ValueError:
        return False
    return True


@settings(SEEDED, max_examples=250)
@given(TEXT)
def test_csv_cell_reads_back_as_the_text_and_never_as_a_formula(value):
    buf = io.StringIO(newline="")
    csv.writer(buf).writerow([csv_cell(value), csv_cell(value, raw=True)])
    (safe, raw), = csv.reader(io.StringIO(buf.getvalue(), newline=""))
    assert raw == repair_text(value)
    lines = raw.replace("\r\n", "\n").replace("\r", "\n")  # a CR inside a cell reads as LF
    assert safe in (lines, "'" + lines)
    assert _formula_free(safe)


def _tokens(text: str):
    md = markdown_it.MarkdownIt("commonmark").enable("table")
    for token in md.parse(text):
        yield token
        yield from token.children or []


@settings(SEEDED, max_examples=250)
@given(TEXT)
def test_markdown_text_and_code_render_as_the_text_itself(value):
    flat = " ".join(repair_text(value).split())
    # CommonMark reads U+0000 as U+FFFD; nothing else may change
    shown_flat = flat.replace("\x00", "\ufffd")
    tokens = list(_tokens(f"x {md_text(value)} y {md_code(value)} z\n"))
    assert not [t for t in tokens if t.type in ("html_inline", "html_block", "link_open",
                                                "image")]
    shown = "".join(t.content for t in tokens if t.type == "text")
    assert shown.startswith(f"x {shown_flat} y")
    assert [t.content for t in tokens if t.type == "code_inline"] == [shown_flat or " "]
    # alone on a line, the text starts no block either
    blocks = [t.type for t in _tokens(md_text(value) + "\n") if t.nesting == 1]
    assert blocks in ([], ["paragraph_open"])


JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**63), TEXT,
              st.floats(allow_nan=True, allow_infinity=True)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12,
)


@settings(SEEDED, max_examples=150)
@given(JSONISH)
def test_dumps_always_writes_strict_utf8_json(value):
    text = dumps({"value": value})
    text.encode("utf-8")
    back = json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in the JSON"))

    def same(a, b):
        if isinstance(a, float):
            return b is None if not math.isfinite(a) else a == b
        if isinstance(a, str):
            return b == repair_text(a)
        if isinstance(a, list):
            return len(a) == len(b) and all(map(same, a, b))
        if isinstance(a, dict):
            keys = [repair_text(k) for k in a]
            return len(set(keys)) < len(keys) or (
                keys == list(b) and all(same(v, b[k]) for k, v in zip(keys, a.values())))
        return a == b

    assert same(value, back["value"])


@settings(SEEDED, max_examples=150)
@given(JSONISH)
def test_repair_strings_repairs_every_string_and_keeps_a_clean_record(value):
    record = {"id": "a", "evidence": [{"text": "x"}], "value": value}
    fixed = repair_strings(record)
    dumps(fixed).encode("utf-8")
    json.dumps(fixed, ensure_ascii=False).encode("utf-8")  # no lone surrogate left anywhere
    clean = {"id": "a", "evidence": [{"text": "x"}], "n": [1.5, None, True]}
    assert repair_strings(clean) is clean


# --- framing score over generated corpora -------------------------------------------------------

SENTENCES = st.sampled_from([
    "Officials said the summit was undoubtedly historic.",
    "Critics may warn that the debt is a burden.",
    "The railway reportedly could open soon, analysts claimed.",
    "Trade reached about 95 billion dollars.",
    "A golden era of win-win cooperation has begun!",
])
ARTICLE_TEXT = st.lists(st.one_of(SENTENCES, TEXT), min_size=1, max_size=6).map(" ".join)
FIELD = st.one_of(TEXT, st.none(), st.integers(-10**6, 10**6),
                  st.floats(allow_nan=True, allow_infinity=True),
                  st.lists(TEXT, max_size=2))
RECORD = st.fixed_dictionaries(
    {"text": st.one_of(ARTICLE_TEXT, ARTICLE_TEXT, FIELD)},
    optional={"id": FIELD, "title": FIELD, "outlet": FIELD, "author": FIELD,
              "published": FIELD, "url": FIELD, "extra": FIELD},
)
LINE = st.one_of(
    RECORD.map(lambda r: json.dumps(r, allow_nan=True)),
    RECORD.map(lambda r: json.dumps(r, allow_nan=True, ensure_ascii=False)),
    TEXT.map(lambda t: t.replace("\n", " ").replace("\r", " ")),  # not JSON
)
CORPUS = st.lists(LINE, min_size=1, max_size=6)


@pytest.fixture(scope="module")
def one_scorer():
    """Build each Scorer once for the whole module: the property is about reading and
    writing, and building the models anew per example would take seconds each."""
    from framing import scoring

    built: dict[str, object] = {}
    real = scoring.Scorer

    def cached(dimensions=None, *, lexicons=(), options=None):
        key = json.dumps([dimensions, list(map(str, lexicons)), options], sort_keys=True,
                         default=str)
        if key not in built:
            built[key] = real(dimensions, lexicons=lexicons, options=options)
        return built[key]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(scoring, "Scorer", cached)
        yield


def _check_output(fmt: str, path: Path) -> None:
    if fmt == "parquet":
        if path.exists():
            import pandas as pd

            pd.read_parquet(path)
        return
    text = path.read_bytes().decode("utf-8")
    if fmt == "jsonl":
        for line in text.split("\n")[:-1]:  # JSON Lines end lines at \\n only
            json.loads(line, parse_constant=lambda c: pytest.fail(f"{c} in the JSON"))
    elif fmt == "csv":
        for row in csv.reader(io.StringIO(text, newline="")):
            assert all(_formula_free(cell) for cell in row), row


@settings(SEEDED, max_examples=90, suppress_health_check=[HealthCheck.too_slow,
                                                           HealthCheck.function_scoped_fixture])
@given(corpus=CORPUS, fmt=st.sampled_from(["jsonl", "csv", "table", "parquet"]))
def test_score_never_raises_on_generated_corpora(one_scorer, corpus, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        source.write_text("\n".join(corpus) + "\n", encoding="utf-8", errors="surrogatepass")
        out = Path(tmp) / f"out.{fmt}"
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["score", str(source), "--jobs", "1", "--format", fmt,
                         "-o", str(out)])
        assert code in (0, 1), err.getvalue()
        lines = err.getvalue().splitlines()
        assert all(line.startswith("framing: ") for line in lines), lines
        if "not written" in err.getvalue():  # every input failed: no file at all
            assert not out.exists()
        elif code == 0 or fmt != "parquet":
            _check_output(fmt, out)
