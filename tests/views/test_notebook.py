"""Notebook API: outlet-level comparison, articles that show themselves highlighted (escaped),
and plot helpers that return Axes."""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

import framing as fr  # noqa: E402
from framing.views import notebook as nb  # noqa: E402

DIMS = ["promotional", "hedging"]


@pytest.fixture(scope="module")
def scored():
    return nb.score(fr.load_sample(), dimensions=DIMS)


def test_compare_is_one_row_per_outlet(scored):
    table = nb.compare(scored)
    articles = scored.articles
    assert table.index.name == "outlet"
    assert sorted(table.index) == sorted(articles.outlet.unique())
    assert table.n_articles.sum() == len(articles) == 10
    assert table.loc["Eastern Star News Agency", "n_articles"] == 2
    expected = articles.groupby("outlet").promotional_per_1k.mean()
    pd.testing.assert_series_equal(table.promotional_per_1k, expected, check_names=False)
    assert "n_words" not in table.columns and "title" not in table.columns
    # the same from an Analysis or an articles table
    pd.testing.assert_frame_equal(nb.compare(scored.analysis), table)
    pd.testing.assert_frame_equal(nb.compare(articles), table)
    # intervals add columns to the same one-row-per-outlet table
    wide = nb.compare(scored, intervals=True, n_boot=50,
                      metrics=["promotional_per_1k", "hedging_hedges_per_1k"])
    assert list(wide.columns) == ["n_articles", "promotional_per_1k", "promotional_per_1k_ci_low",
                                  "promotional_per_1k_ci_high", "hedging_hedges_per_1k",
                                  "hedging_hedges_per_1k_ci_low",
                                  "hedging_hedges_per_1k_ci_high", "warning"]
    assert wide.index.equals(table.index) and wide.index.name == "outlet"
    pd.testing.assert_series_equal(wide.promotional_per_1k, table.promotional_per_1k)
    pd.testing.assert_series_equal(wide.n_articles, table.n_articles)
    assert (wide.promotional_per_1k_ci_low <= wide.promotional_per_1k + 1e-9).all()
    assert (wide.promotional_per_1k_ci_high >= wide.promotional_per_1k - 1e-9).all()
    assert wide.loc["Meridian Wire", "warning"].startswith("only 1 article")
    # the long form stays one import away
    from framing.comparison.outlets import compare as long_compare

    long = long_compare(scored.articles, n_boot=50, metrics=["promotional_per_1k"])
    assert list(long.columns) == ["outlet", "metric", "n", "mean", "ci_low", "ci_high",
                                  "warning"]
    with pytest.raises(KeyError, match="no column 'desk'"):
        nb.compare(scored, by="desk")


def test_show_highlights_a_record(scored):
    record = next(r for r in scored.records if r["id"] == "sample-01")
    html = nb.show(record)._repr_html_()
    assert 'class="hl hl-promotional' in html and 'class="hl hl-hedging' in html
    assert "Eastern Star News Agency" in html and "pieces of evidence" in html
    only = nb.show(record, dimensions=["hedging"])._repr_html_()
    assert "hl hl-promotional" not in only and "hl hl-hedging" in only


def test_show_escapes_hostile_text():
    text = 'Officials said <script>alert("x")</script> it is a win-win <b onclick=evil()>deal</b>.'
    article = fr.Article("evil", text, "test", {"title": "<img src=x onerror=alert(1)>",
                                                 "outlet": "<i>Courier</i>"})
    html = nb.show(article)._repr_html_()
    assert "<script>" not in html and "<img" not in html and "<b onclick" not in html
    assert "&lt;script&gt;" in html and "&lt;img" in html and "&lt;i&gt;Courier" in html
    assert "win-win" in nb.show("A win-win deal.")._repr_html_()
    with pytest.raises(TypeError, match="takes an Article"):
        nb.show(42)


def test_corpus_summary_is_compact_and_escaped(scored):
    html = scored._repr_html_()
    assert "<b>10 articles</b>" in html and "Meridian Wire" in html
    assert "<th>promotional_per_1k</th>" in html and "<th>hedging_hedges_per_1k</th>" in html
    assert "<th>promotional_quoted_per_1k</th>" not in html  # headline metrics only
    evil = pd.DataFrame({"outlet": ["<script>x()</script>"], "n_words": [3]})
    assert "<script>" not in nb.summary_html(evil)


def test_plots_return_axes(scored):
    import matplotlib.pyplot as plt

    for plot in (nb.plot_profile, nb.plot_hedging, nb.plot_sources, nb.plot_cues):
        ax = plot(scored)
        assert isinstance(ax, Axes)
        plt.close(ax.figure)
    fig, ax = plt.subplots()
    assert nb.plot_hedging(scored.articles, ax=ax) is ax
    plt.close(fig)
    with pytest.raises(TypeError, match="evidence table"):
        nb.plot_sources(scored.articles)


def test_plot_frames_is_outlets_by_frames():
    import matplotlib.pyplot as plt

    articles, _ = fr.analyze(fr.load_sample()[:3], dimensions=["frames"])
    frames = [c for c in articles.columns if c.startswith("frames_")
              and c not in ("frames_used", "frames_primary")]
    assert len(frames) == 14  # the frames column set of fr.analyze
    ax = fr.plot_frames(articles)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "economic" and ticks[-1] == "external regulation" and len(ticks) == 14
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == sorted(f"{o} (n=1)" for o in articles["outlet"])
    # each cell is the outlet's mean probability in percent
    cell = next(t for t in ax.texts if t.get_position() == (0, 0))
    first = articles.sort_values("outlet").iloc[0]["frames_economic"]
    assert cell.get_text() == f"{100 * first:.0f}"
    plt.close(ax.figure)
    ax = fr.plot_frames(articles.drop(columns=frames))
    assert ax.texts[0].get_text() == "no frame probabilities"
    plt.close(ax.figure)


def test_plot_criticism_from_records(scored):
    import matplotlib.pyplot as plt

    records = [dict(r) for r in scored.records[:2]]
    records[0]["aspects"] = [{"aspect": "debt_financing", "label": "Debt", "status": "voiced"}]
    records[1]["aspects"] = [{"aspect": "debt_financing", "label": "Debt", "status": "absent"}]
    frame = nb.aspects_frame(records)
    assert {"article_id", "aspect", "label", "status"} <= set(frame.columns) and len(frame) == 2
    ax = nb.plot_criticism(records)
    assert isinstance(ax, Axes) and ax.get_xticklabels()[0].get_text() == "Debt"
    plt.close(ax.figure)


def test_tutorial_notebook_executes(tmp_path):
    """examples/tutorial.ipynb is stored without outputs and every cell runs."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "examples" / "tutorial.ipynb"
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = [o for c in code for o in c.outputs if o.output_type == "execute_result"]
    assert any("hl-promotional" in o["data"].get("text/html", "") for o in shown)
    # the README's API (fr.analyze, fr.compare, …), not framing.notebook.score
    source = "\n".join(c.source for c in code)
    assert "fr.analyze(" in source and "notebook import" not in source
    # each figure is shown once: one image per plotting cell, no Figure/Axes repr as well
    for cell in code:
        if "plot_" in cell.source:
            images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
            assert len(images) == 1, cell.source
            assert not [o for o in cell.outputs if o.output_type == "execute_result"]


def test_an_article_shows_itself_highlighted_and_escaped():
    import framing as fr
    from framing.ingest.reading import build_article

    article = build_article(
        "<script>alert(1)</script> The summit was an unprecedented success, officials said.",
        "hostile.txt", record={"outlet": "<img src=x onerror=alert(1)>"}, clean=False,
    )
    html = article._repr_html_()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the outlet, escaped
    assert "unprecedented" in html
    assert "promotional" in html.lower()
    assert fr.load_sample()._repr_html_().count("<tr") >= 11
