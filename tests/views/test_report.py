"""The report and its parts: highlighting, palette, charts, outlet comparison, the HTML/Markdown
files (safety, determinism, atomic writing) and the committed example report."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.article import Article
from framing.cli import main
from framing.comparison.outlets import bootstrap_interval, compare
from framing.output import atomic_directory
from framing.scoring import Scorer
from framing.views import charts
from framing.views.highlight import highlight_css, highlight_html, legend_html
from framing.views.palette import DIMENSION_STYLES, dimension_style
from framing.views.report import ReportBuilder, build_report

PROJECT = Path(__file__).resolve().parents[2]
SAMPLE_REPORT = PROJECT / "reports" / "sample"

# --- highlighting -----------------------------------------------------------------------------

TEXT = "It is a <b>win-win</b> deal that may bring a golden era."
W = (TEXT.index("<b>"), TEXT.index("</b>") + 4)


def _ev(dim, start, end, reason="why", category="cat"):
    return {"dimension": dim, "category": category, "start": start, "end": end,
            "text": TEXT[start:end], "reason": reason}


def test_highlight_escapes_text_and_reasons():
    html = highlight_html(TEXT, [_ev("promotional", *W, reason='a "slogan" <i>')])
    assert "<b>" not in html and "&lt;b&gt;win-win&lt;/b&gt;" in html
    assert 'title="Promotional phrasing (cat): a &quot;slogan&quot; &lt;i&gt;"' in html


def test_highlight_marks_each_dimension_with_colour_class_and_text_marker():
    start = TEXT.index("may")
    html = highlight_html(TEXT, [_ev("promotional", *W), _ev("hedging", start, start + 3)])
    assert 'class="hl hl-promotional hl-first"' in html
    assert 'class="hl hl-hedging hl-first"' in html
    # a letter after each span survives greyscale and print
    assert re.search(r'hl-mk-promotional"[^>]*>P</sup>', html)
    assert re.search(r'hl-mk-hedging"[^>]*>H</sup>', html)


def test_overlapping_spans_nest_and_carry_both_reasons():
    g = TEXT.index("golden era")
    rows = [_ev("promotional", g, g + 10, reason="slogan"),
            _ev("hedging", g - 8, g + 6, reason="hedge")]
    html = highlight_html(TEXT, rows)
    # the shared words "golden" are inside both dimensions' spans with both reasons
    both = re.search(r'<span class="hl hl-promotional hl-first" title="([^"]*)">'
                     r'<span class="hl hl-hedging">golden</span></span>', html)
    assert both and "slogan" in both.group(1) and "hedge" in both.group(1)
    plain = re.sub(r"<sup.*?</sup>", "", html)
    assert re.sub(r"<[^>]+>", "", plain).replace("&lt;", "<").replace("&gt;", ">") == TEXT


def test_footnotes_number_every_span_and_link_back():
    m = TEXT.index("may")
    html = highlight_html(TEXT, [_ev("promotional", *W), _ev("hedging", m, m + 3)],
                          footnotes=True, id_prefix="x")
    assert 'href="#x-1"' in html and 'id="x-1"' in html and 'href="#x-ref-2"' in html
    notes = html.split('<ol class="hl-notes">')[1]
    assert notes.count("<li") == 2 and "“may”" in notes


def test_bad_offsets_and_filtered_dimensions_are_left_out():
    rows = [_ev("promotional", 5, 500), _ev("promotional", 7, 7), _ev("hedging", 0, 2),
            {"dimension": "hedging", "start": None, "end": 3}]
    html = highlight_html(TEXT, rows, dimensions=["promotional"])
    assert "hl-" not in html.replace("hl-text", "")
    assert highlight_html("a < b", []) == '<div class="hl-text">a &lt; b</div>'


def test_legend_and_css_cover_unknown_dimensions():
    legend = legend_html(["promotional", "my_dim"])
    assert "Promotional phrasing" in legend and "My dim" in legend
    css = highlight_css(["my_dim"])
    assert ".hl-my_dim{" in css and ".hl-promotional{" in css


def test_palette_styles_are_distinct_without_colour():
    styles = list(DIMENSION_STYLES.values())
    assert len({s.marker for s in styles}) == len(styles)
    assert len({s.hatch for s in styles}) == len(styles)
    assert len({s.point for s in styles}) == len(styles)
    assert len({s.colour for s in styles}) == len(styles)
    assert dimension_style("zzz") == dimension_style("zzz")  # stable fallback


# --- outlet comparison ------------------------------------------------------------------------


def _articles():
    return pd.DataFrame({
        "outlet": ["A", "A", "A", "A", "B", "<b>C</b>"],
        "n_words": [100, 120, 90, 110, 100, 50],
        "promotional_per_1k": [10.0, 12.0, 8.0, 30.0, 1.0, np.nan],
        "hedging_hedges_per_1k": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
    }, index=pd.Index(["a1", "a2", "a3", "a4", "b1", "c1"], name="id"))


def test_compare_gives_mean_interval_n_and_warning():
    table = compare(_articles(), n_boot=500)
    row = table[(table.outlet == "A") & (table.metric == "promotional_per_1k")].iloc[0]
    assert row["n"] == 4 and row["mean"] == pytest.approx(15.0)
    assert row["ci_low"] <= row["mean"] <= row["ci_high"] and row["ci_low"] >= 8.0
    assert row["warning"] == ""
    b = table[table.outlet == "B"].iloc[0]
    assert "too few" in b["warning"] and b["ci_low"] == b["ci_high"] == b["mean"]
    c = table[(table.outlet == "<b>C</b>") & (table.metric == "promotional_per_1k")].iloc[0]
    assert c["n"] == 0 and np.isnan(c["mean"])
    pd.testing.assert_frame_equal(table, compare(_articles(), n_boot=500))  # seeded


def test_compare_intervals_do_not_depend_on_other_outlets():
    a = compare(_articles(), n_boot=300)
    b = compare(_articles().iloc[:4], n_boot=300)
    pd.testing.assert_frame_equal(a[a.outlet == "A"].reset_index(drop=True), b)


def test_bootstrap_interval_edge_cases():
    assert np.isnan(bootstrap_interval([])[0])
    assert bootstrap_interval([3.0]) == (3.0, 3.0)
    low, high = bootstrap_interval(np.arange(100.0), n_boot=1000)
    assert 40 < low < 49.5 < high < 59


# --- charts on synthetic records following the attribution/criticism contracts -----------------


def _synthetic_evidence():
    rows = []
    for k, (aid, cat, stype) in enumerate([
        ("a1", "source", "official"), ("a1", "endorsing", None), ("a2", "source", "expert"),
        ("a2", "neutral", None), ("b1", "source", "ordinary_people"), ("b1", "distancing", None),
    ]):
        extra = {"attribution": k, "role": "source" if cat == "source" else "cue"}
        if stype:
            extra.update(source_type=stype, named=True, vague=False)
        rows.append({"article_id": aid, "dimension": "attribution", "category": cat,
                     "start": 0, "end": 1, "text": "x", "weight": 1.0, "reason": "r",
                     "entry": "", "lexicon": "", "voice": "author", "sentence": 0,
                     "extra": extra})
    return pd.DataFrame(rows)


ASPECTS = pd.DataFrame([
    {"article_id": "a1", "aspect": "debt", "label": "Debt", "status": "dismissed"},
    {"article_id": "a2", "aspect": "debt", "label": "Debt", "status": "voiced"},
    {"article_id": "b1", "aspect": "debt", "label": "Debt", "status": "absent"},
    {"article_id": "b1", "aspect": "env", "label": "Environment", "status": "mentioned"},
])


@pytest.mark.parametrize("draw", [
    lambda ax: charts.dimension_profile(_articles(), ax=ax),
    lambda ax: charts.hedges_boosters(_articles().assign(hedging_boosters_per_1k=1.0), ax=ax),
    lambda ax: charts.source_type_mix(_synthetic_evidence(), _articles(), ax=ax),
    lambda ax: charts.cue_classes(_synthetic_evidence(), _articles(), ax=ax),
    lambda ax: charts.criticism_heatmap(ASPECTS, _articles(), ax=ax),
])
def test_charts_draw_on_the_given_axes(draw):
    fig, ax = plt.subplots()
    try:
        assert draw(ax) is ax
        assert ax.has_data() or ax.texts
    finally:
        plt.close(fig)


def test_charts_say_when_there_is_nothing_to_draw():
    ax = charts.source_type_mix(_synthetic_evidence().iloc[0:0], _articles())
    assert ax.texts[0].get_text() == "no attribution sources"
    plt.close(ax.figure)


def test_aspect_table_takes_most_present_status():
    table = charts.aspect_table(ASPECTS, _articles())
    assert table.loc["A", "Debt"] == "voiced"
    assert table.loc["B", "Debt"] == "absent" and table.loc["B", "Environment"] == "mentioned"


def test_source_mix_counts_sources_per_outlet():
    ax = charts.source_type_mix(_synthetic_evidence(), _articles())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["A (n=2)", "B (n=1)"]
    plt.close(ax.figure)


# --- the report files ---------------------------------------------------------------------------

EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def _records():
    """Scored records of three small articles (promotional and hedging run for real), with
    attribution and criticism fields added as their contracts describe."""
    texts = {
        "r1": "The summit was a golden era for win-win cooperation. It may help trade. "
              "Officials said the deal is undoubtedly historic.",
        "r2": "Critics said the loans may burden Kyrgyzstan. Debt reached 40 percent. "
              f"Analysts were cautious. {EVIL}",
        "r3": "Trade reached about $95 billion in 2024. The railway could open soon.",
    }
    outlets = {"r1": "Star Agency", "r2": f"Wire {EVIL}", "r3": "Wire " + EVIL}
    scorer = Scorer(["promotional", "hedging"])
    records = []
    for rid, text in texts.items():
        art = Article(id=rid, text=text, source=f"{rid}.txt",
                      meta={"title": f"Title {rid} {EVIL}", "outlet": outlets[rid],
                            "published": "2025-06-17", "url": "javascript:alert(3)"})
        rec = scorer.score(art)
        said = text.find("said")
        if said > 0:
            rec["evidence"].append({
                "dimension": "attribution", "category": "neutral", "start": said,
                "end": said + 4, "text": "said", "weight": 1.0, "reason": "neutral cue",
                "entry": "said", "lexicon": "attribution_cues@1.0.0", "voice": "author",
                "sentence": 0, "extra": {"attribution": 0, "role": "cue"}})
            rec["evidence"].append({
                "dimension": "attribution", "category": "source", "start": 0, "end": said - 1,
                "text": text[:said - 1], "weight": 1.0, "reason": "vague source",
                "entry": "", "lexicon": "", "voice": "author", "sentence": 0,
                "extra": {"attribution": 0, "role": "source", "source_type": "anonymous",
                          "named": False, "vague": True}})
            rec["attributions"] = [{"id": 0, "direct": False,
                                    "source": {"text": text[:said - 1], "type": "anonymous",
                                               "named": False, "vague": True},
                                    "cue": {"text": "said", "class": "neutral"},
                                    "content": {"text": "..."}, "self_citation": False}]
        rec["topic"] = {"id": "test-topic", "version": "1", "chosen": "given"}
        rec["aspects"] = [{"aspect": "debt", "label": f"Debt {EVIL}",
                           "status": "voiced" if rid == "r2" else "absent",
                           "voiced_by": ["Critics"] if rid == "r2" else [],
                           "dismissed_by": [], "sentences": []}]
        rec["versions"]["dimensions"] += ["attribution", "criticism"]
        records.append(rec)
    return records


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep") / "report"
    build_report(_records(), out, parquet=False, n_boot=200)
    return out


def test_report_writes_every_file(built):
    names = {p.name for p in built.iterdir()}
    assert {"report.html", "report.md", "articles.csv", "evidence.csv", "outlets.csv",
            "reprints.csv", "chart-profile.png", "chart-hedges-boosters.png",
            "chart-source-types.png", "chart-cue-verbs.png", "chart-criticism.png"} <= names
    articles = pd.read_csv(built / "articles.csv")
    assert list(articles["id"]) == ["r1", "r2", "r3"]
    evidence = pd.read_csv(built / "evidence.csv")
    assert set(evidence["dimension"]) >= {"promotional", "hedging", "attribution"}
    outlets = pd.read_csv(built / "outlets.csv", keep_default_na=False)
    assert set(outlets["outlet"]) == {"Star Agency", f"Wire {EVIL}"}
    assert (outlets["warning"] != "").all()


def test_report_html_is_self_contained_and_escaped(built):
    html = (built / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert 'href="javascript' not in html and "src=\"http" not in html
    assert "http://" not in html and "https://" not in html
    # a strict policy whose style hash matches the one inline style sheet
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "script-src" not in csp
    css = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    assert html.count('src="data:image/png;base64,') == 5
    assert "does not label outlets as propaganda" in html


def test_report_md_is_escaped_and_links_charts(built):
    md = (built / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in md and "&lt;script&gt;" in md
    for name in ("chart-profile.png", "chart-criticism.png"):
        assert f"]({name})" in md
    assert "## Reprints and rewrites" in md and "## Method and caveats" in md
    # r1 (Star Agency) leaves out the debt aspect that the other outlet voices; r3 does not
    # count as leaving it out, since only its own outlet covers it
    left_out = md.split("## Left out, but covered elsewhere")[1].split("## Distinctive")[0]
    assert "Star Agency: Title r1" in left_out and "(1 of 1 other outlets)" in left_out
    assert "Title r3" not in left_out


def test_report_leaves_out_what_was_not_run(tmp_path):
    records = _records()
    for r in records:
        r["evidence"] = [e for e in r["evidence"] if e["dimension"] != "attribution"]
        r.pop("attributions", None)
        r.pop("aspects")
        r["versions"]["dimensions"] = ["promotional", "hedging"]
    build_report(records, tmp_path / "r", parquet=False, n_boot=50)
    names = {p.name for p in (tmp_path / "r").iterdir()}
    assert "chart-source-types.png" not in names and "chart-criticism.png" not in names
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "Not in this report: attribution" in md and "criticism (no outlet" in md


def test_report_is_deterministic(tmp_path):
    records = _records()
    build_report(records, tmp_path / "a", parquet=False, n_boot=100)
    build_report(records, tmp_path / "b", parquet=False, n_boot=100)
    for f in sorted((tmp_path / "a").iterdir()):
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name


def test_failure_leaves_no_partial_report(tmp_path, monkeypatch):
    import importlib

    rep = importlib.import_module("framing.views.report")

    out = tmp_path / "out"
    with atomic_directory(out, kind="report") as tmp:  # an earlier report
        (tmp / "old.txt").write_text("keep me")

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(rep, "_write_tables", boom)
    with pytest.raises(RuntimeError):
        build_report(_records(), out, parquet=False, n_boot=20)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert sorted(p.name for p in out.iterdir()) == [".framing-output.json", "old.txt"]


def test_atomic_directory_replaces_whole_folder(tmp_path):
    target = tmp_path / "r"
    with atomic_directory(target, kind="report") as tmp:
        (tmp / "stale.csv").write_text("x")
    with atomic_directory(target, kind="report") as tmp:
        (tmp / "new.csv").write_text("y")
    assert sorted(p.name for p in target.iterdir()) == [".framing-output.json", "new.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def test_duplicate_ids_are_refused():
    builder = ReportBuilder()
    record = _records()[0]
    builder.add(record)
    with pytest.raises(fr.FramingError, match="two articles have the id 'r1'"):
        builder.add(record)
    builder.close()


def test_cli_without_articles_fails_in_one_line_and_writes_nothing(tmp_path, capsys):
    code = main(["report", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code != 0 and "missing.txt" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == []


# --- the committed example report ---------------------------------------------------------------

#: Regenerate with: framing report -o reports/sample --jobs 1 --no-parquet
#: (or FRAMING_UPDATE_EXAMPLE=1 pytest tests/test_report.py -k example)
EXAMPLE_FILES = ("report.md", "articles.csv", "evidence.csv", "outlets.csv", "reprints.csv")


def test_example_report_is_current(tmp_path):
    out = tmp_path / "sample"
    assert main(["report", "-o", str(out), "--jobs", "1", "--no-parquet"]) == 0
    if os.environ.get("FRAMING_UPDATE_EXAMPLE"):
        if SAMPLE_REPORT.exists():
            shutil.rmtree(SAMPLE_REPORT)
        shutil.copytree(out, SAMPLE_REPORT)
    if not SAMPLE_REPORT.exists():
        pytest.fail("reports/sample is missing: framing report -o reports/sample --jobs 1 "
                    "--no-parquet")
    for name in EXAMPLE_FILES:
        fresh = (out / name).read_text(encoding="utf-8")
        committed = (SAMPLE_REPORT / name).read_text(encoding="utf-8")
        assert fresh == committed, (
            f"reports/sample/{name} is out of date: regenerate it with "
            "'framing report -o reports/sample --jobs 1 --no-parquet'")
    html = (out / "report.html").read_text(encoding="utf-8")
    # the sample's known reprint (01 reprinted by 04) and spun rewrite (05) are found
    reprints = pd.read_csv(out / "reprints.csv")
    pairs = set(zip(reprints.article_a, reprints.article_b, reprints.kind))
    assert ("sample-01", "sample-04", "copy") in pairs
    assert ("sample-01", "sample-05", "rewrite") in pairs
    assert html.count('<article id="a-') == 10


# --- in a real browser ----------------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    pytest.skip("no Chromium here (Debian's 'chromium' package; .ci/run installs it)")


def test_report_renders_in_headless_chromium(built, tmp_path):
    import subprocess

    browser = _chromium()
    page = (built / "report.html").resolve().as_uri()
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--enable-logging=stderr", "--v=0", f"--user-data-dir={tmp_path / 'profile'}"]
    shot = tmp_path / "report.png"
    run = subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1280,2400", page],
                         capture_output=True, text=True, timeout=120)
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line
               or "Refused to" in line or "Uncaught" in line]
    assert not console, "\n".join(console)
    assert shot.exists() and shot.stat().st_size > 20_000  # a rendered page, not a blank one
    dom = subprocess.run([*flags, "--dump-dom", page], capture_output=True, text=True,
                         timeout=120).stdout
    assert 'class="hl hl-promotional' in dom and dom.count("data:image/png;base64,") == 5


def test_python_api_writes_the_same_files(tmp_path):
    import framing as fr

    corpus = fr.load_sample()
    out = fr.report(corpus[:2], tmp_path / "api", dimensions=["promotional", "hedging"])
    names = {p.name for p in out.iterdir()}
    assert {"report.html", "report.md", "articles.csv", "evidence.csv", "outlets.csv"} <= names
    assert "Promotional" in (out / "report.md").read_text(encoding="utf-8")


# --- the policy frames section ------------------------------------------------------------------

_ECONOMY = ("The budget deficit rose to $40 billion as tax revenue fell. Economists said the "
            "cost to taxpayers and the loss of jobs would weigh on wages and prices. Investors "
            "sold shares as the market dropped.")
_SECURITY = ("Troops were sent to the border after the attack. The defence minister said the "
             "army would protect the country against further threats. Police arrested two "
             "suspects on terrorism charges.")


def _frame_records(outlets, event=None):
    """Records of the frames dimension for articles given as (outlet, text) pairs."""
    scorer = Scorer(["frames", "hedging"])
    records = []
    for k, (outlet, text) in enumerate(outlets):
        meta = {"title": f"T{k}", "outlet": outlet, "published": "2025-06-17"}
        if event:
            meta["event"] = event(k)
        records.append(scorer.score(Article(id=f"f{k}", text=text, source=f"f{k}.txt",
                                            meta=meta)))
    return records


def test_report_frames_section_shares_distinctive_and_events(tmp_path, monkeypatch):
    pairs = [("Ledger", _ECONOMY)] * 4 + [("Courier", _SECURITY)] * 4 + [("Blog", _SECURITY)]
    records = _frame_records(pairs, event=lambda k: "strike" if k in (0, 5) else "")
    for k, r in enumerate(records):  # the same article four times: vary one word
        r["text"] = r["text"].replace("billion", f"billion ({k})")
    build_report(records, tmp_path / "r", parquet=False, n_boot=50)
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    part = md.split("## Policy frames")[1].split("## Distinctive language")[0]
    # three outlets: a column each, a row per frame, with the outlet's articles and ⚠
    assert "| frame | Blog (n=1) ⚠ | Courier (n=4) | Ledger (n=4) |" in part
    assert "\n| economic | " in part
    # 4 economy articles against 5 security ones: economic is the Ledger's distinctive frame,
    # shown with a sentence that carries it; Blog has one article, too few to judge
    ledger = part.split("**Ledger**: economic, ")[1].split("\n\n")[0]
    assert "the model finds it in 4 of its 4 articles" in ledger
    assert "> " in part.split("**Ledger**")[1] and "cue words" in part
    assert "Too few articles to tell" in part and "Blog (1)" in part
    # the manifest's event column groups f0 and f5, side by side
    events = part.split("### Same event, side by side")[1]
    assert "Grouped by the event column" in events and "**strike** (2 articles" in events
    assert "| Ledger: T0 |" in events and "| Courier: T5 |" in events
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert '<section id="frames">' in html and 'href="#frames"' in html
    assert "chart-frames.png" in {p.name for p in (tmp_path / "r").iterdir()}
    # with more outlets than fit as columns: a row per outlet, a column per frame
    import framing.views.report as rep

    monkeypatch.setattr(rep, "_FRAMES_AS_ROWS", 2)
    build_report(records, tmp_path / "wide", parquet=False, n_boot=20)
    md = (tmp_path / "wide" / "report.md").read_text(encoding="utf-8")
    assert "| outlet | economic |" in md and "\n| Blog (n=1) ⚠ | " in md


def test_report_frames_section_with_one_outlet_or_without_frames(tmp_path):
    records = _frame_records([("Ledger", _ECONOMY)])
    build_report(records, tmp_path / "one", parquet=False, n_boot=20)
    md = (tmp_path / "one" / "report.md").read_text(encoding="utf-8")
    assert "there is no other outlet to compare its frames with" in md
    assert "No two articles report the same event by this rule." in md
    build_report(_records(), tmp_path / "none", parquet=False, n_boot=20)
    md = (tmp_path / "none" / "report.md").read_text(encoding="utf-8")
    assert "## Policy frames" not in md
    assert "frames (no frame shares per outlet" in md.split("Not in this report:")[1]
