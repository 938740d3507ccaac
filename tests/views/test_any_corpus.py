"""Any corpus, no traceback: property-based tests over generated corpora (hypothesis).

A pool of short articles is scored once (English on several topics, one-sentence and one-word
articles, Russian and Chinese text, an article that matches a topic profile and one that
matches none). Hypothesis then draws corpora from the pool: one to eight articles, one to
four outlets or none, duplicated texts, outlets with one article, and metrics removed from
every article. Each run is seeded (``derandomize``) and bounded, in three tiers so that the
whole file stays near ten seconds:

* ``test_tables_of_any_corpus``: 500 corpora through the functions that build the chart
  data and the criticism tables (the profile chart's table with its scales and n, the
  aspect table, omission gaps, the report's topic sentences);
* ``test_report_pages_of_any_corpus``: 15 corpora through the report builder (per-article
  HTML and Markdown, outlet comparison with intervals, reprints, the report context and
  both page templates), ``fr.compare`` and ``fr.show``;
* ``test_report_and_plots_of_any_corpus``: 3 corpora through the full report (HTML,
  Markdown, CSV, PNG charts) and every ``fr.plot_*``.
"""

from __future__ import annotations

from collections import Counter

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import framing as fr  # noqa: E402
from framing.article import Article  # noqa: E402
from framing.comparison.outlets import compare as compare_long  # noqa: E402
from framing.dimensions.criticism.gaps import aspects_frame, corpus_gaps  # noqa: E402
from framing.scoring import Scorer, article_row  # noqa: E402
from framing.views import charts  # noqa: E402
from framing.views.report import ReportBuilder, build_report, topic_sentences  # noqa: E402

POOL = [
    # matches the China–Central Asia profile: aspects, statuses, voiced/dismissed
    "China and Kazakhstan signed loan deals in Astana. Critics in Kyrgyzstan warned that the "
    "debt could not be repaid. Officials in Uzbekistan said such concerns are unnecessary. "
    "Residents near the Tajik mine complained about pollution.",
    # plain English on topics no shipped profile covers
    "The city council voted to raise parking fees. Several shop owners said the change would "
    "drive customers away, while the mayor called it long overdue.",
    "Rain is expected tomorrow.",
    "Yes.",
    "!!! ... ???",
    "The senator, who spoke for nearly an hour, argued that the bill was unquestionably the "
    "most important reform in a generation and that critics had, frankly, no plan at all.",
    "Правительство объявило о новом налоге. Критики заявили, что это ударит по бедным.",
    "政府宣布了新的税收计划。批评者说这会伤害穷人。",
    "Analysts said the summit was largely symbolic. The summit ended with a joint statement. "
    "A treaty was promised at the next summit, but the foreign ministers gave no timetable.",
]
OUTLETS = ["Alpha Daily", "Beta News", "", "Gamma Wire"]
DROPPABLE = ["criticism_coverage", "criticism_dismissed_share", "criticism_omission_index",
             "hedging_hedges_per_1k", "promotional_per_1k", "attribution_vague_share"]


@pytest.fixture(scope="module")
def pool() -> list[dict]:
    scorer = Scorer()
    return [scorer.score(Article(id=f"p{k}", source="pool", text=t)) for k, t in enumerate(POOL)]


corpora = st.lists(
    st.tuples(st.integers(0, len(POOL) - 1), st.integers(0, len(OUTLETS))),
    min_size=1, max_size=8,
)
dropped = st.sets(st.sampled_from(DROPPABLE), max_size=3)


#: The metrics the table tier keeps: the charted ones (the rest are more of the same shape).
TABLE_METRICS = {m for ms in charts.PROFILE_METRICS.values() for m in ms} | set(DROPPABLE)


def _corpus(pool, picks, drop, keep=None) -> list[dict]:
    """Records for a drawn corpus: ids unique, outlets as drawn (index past the list: no
    outlet), the dropped metrics set to None in every article; ``keep``: only these
    metrics."""
    records = []
    for k, (text, outlet) in enumerate(picks):
        rec = dict(pool[text])  # shared evidence and aspects: the views only read them
        rec["metrics"] = {m: v for m, v in rec["metrics"].items() if keep is None or m in keep}
        rec["id"] = f"a{k}"
        rec["outlet"] = OUTLETS[outlet] if outlet < len(OUTLETS) else None
        for m in drop:
            if m in rec["metrics"]:
                rec["metrics"][m] = None
        records.append(rec)
    return records


SETTINGS = {"deadline": None, "derandomize": True, "database": None,
            "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}


@settings(max_examples=500, **SETTINGS)
@given(picks=corpora, drop=dropped)
def test_tables_of_any_corpus(pool, picks, drop):
    records = _corpus(pool, picks, drop, keep=TABLE_METRICS)
    articles = pd.DataFrame([article_row(r) for r in records]).set_index("id")
    table = charts.profile_table(articles)
    assert (table["n"] <= table["n_articles"]).all()
    assert ((table["scale_low"] <= 0) & (table["scale_high"] > table["scale_low"])).all()
    aspects = aspects_frame(records)
    if not aspects.empty:
        statuses = charts.aspect_table(aspects, articles)
        assert set(statuses.to_numpy().ravel()) <= set(charts.STATUSES)
    gaps = corpus_gaps(records)
    assert (gaps["covered_by"] <= gaps["n_others"]).all()
    counts = Counter(r["topic"]["id"] if r["topic"] else None for r in records)
    note = " ".join(topic_sentences(counts))
    n_without = counts[None]
    if n_without == len(records):
        assert note.startswith("No article matched a topic profile")
    elif n_without:
        assert f"{n_without} of {len(records)} articles matched" in note


@settings(max_examples=15, **SETTINGS)
@given(picks=corpora, drop=dropped)
def test_report_pages_of_any_corpus(pool, picks, drop):
    records = _corpus(pool, picks, drop)
    builder = ReportBuilder(n_boot=20)
    try:
        for rec in records:
            builder.add(rec)
        articles, evidence, aspects = builder.frames()
        outlets_df = compare_long(articles, n_boot=20)
        assert set(outlets_df["outlet"]) == set(
            articles["outlet"].fillna("(unknown)").astype(str))
        context = builder._context(articles, evidence, aspects, outlets_df,
                                   builder.finder.pairs(), [], title="t", stamp=None)
        html = "".join(builder._html.get_template("report.html.j2").generate(
            **context, css="", css_hash="x", article_sections=iter(builder.html_sections)))
        md = "".join(builder._md.get_template("report.md.j2").generate(
            **context, article_sections=iter(builder.md_sections)))
        n_without = sum(r["topic"] is None for r in records)
        if n_without:  # the report says in words that no profile fits these articles
            sentence = f"{n_without} of {len(records)} articles matched"
            if n_without == len(records):
                sentence = "No article matched"
            assert sentence in html and sentence in md
        for rec in records[:2]:
            assert rec["id"] in fr.show(rec)._repr_html_()
        wide = fr.compare(records)
        assert wide["n_articles"].sum() == len(records)
    finally:
        builder.close()


@settings(max_examples=3, **SETTINGS)
@given(picks=corpora, drop=dropped)
def test_report_and_plots_of_any_corpus(pool, picks, drop, tmp_path_factory):
    records = _corpus(pool, picks, drop)
    out = build_report(records, tmp_path_factory.mktemp("r") / "report", n_boot=20,
                       parquet=False)
    assert (out / "report.html").stat().st_size and (out / "report.md").stat().st_size
    assert len(pd.read_csv(out / "articles.csv")) == len(records)
    for plot in (fr.plot_profile, fr.plot_hedging, fr.plot_sources, fr.plot_cues,
                 fr.plot_criticism, fr.plot_frames):
        ax = plot(records)
        plt.close(ax.figure)
    assert not aspects_frame(records).empty or all(r["topic"] is None for r in records)
