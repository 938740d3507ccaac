"""Jupyter helpers: compare outlets, show an article highlighted inline, and plot.

>>> import framing as fr
>>> corpus = fr.load_sample()
>>> fr.show(corpus[0])                      # the article with its evidence highlighted
>>> table = fr.compare(corpus)              # one row per outlet, one column per metric
>>> ax = fr.plot_profile(corpus)            # matplotlib Axes (see framing.views.charts)

Every function takes what a notebook has at hand: a corpus (or any iterable of articles, or a
path), an :class:`~framing.scoring.Analysis` from ``fr.analyze``, or scored records. Nothing is
printed or shown as a side effect; plots return their Axes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

import pandas as pd

from ..article import Article
from ..comparison.outlets import compare as _compare_long
from ..comparison.outlets import metric_columns
from ..comparison.outlets import wide as _wide
from ..dimensions.criticism.gaps import aspects_frame
from ..scoring import Analysis, Scorer, records_to_frames

# ------------------------------------------------------------------------------------------
# inputs


@dataclass
class Scored:
    """Records with their two tables: what :func:`score` returns."""

    records: list[dict[str, Any]]
    analysis: Analysis

    @property
    def articles(self) -> pd.DataFrame:
        return self.analysis.articles

    @property
    def evidence(self) -> pd.DataFrame:
        return self.analysis.evidence

    def _repr_html_(self) -> str:
        return summary_html(self.analysis.articles)


def score(corpus: Any, *, dimensions: Sequence[str] | None = None,
          options: Mapping[str, Mapping[str, Any]] | None = None) -> Scored:
    """Score a corpus (or one article, or a path) and keep the records with the tables."""
    from ..scoring import articles_and_columns, joined_columns

    if isinstance(corpus, Scored):
        return corpus
    articles, extra = articles_and_columns(corpus, "text", None)
    scorer = Scorer(dimensions, options=options)
    records = [scorer.score(a) for a in articles]
    return Scored(records, joined_columns(records_to_frames(records), extra))


def _tables(data: Any) -> tuple[pd.DataFrame, pd.DataFrame | None, list[dict] | None]:
    """(articles, evidence or None, records or None) from whatever the caller has."""
    if isinstance(data, Scored):
        return data.articles, data.evidence, data.records
    if isinstance(data, Analysis):
        return data.articles, data.evidence, None
    if isinstance(data, pd.DataFrame) and "text" not in data.columns:
        return data, None, None  # an articles table already
    if isinstance(data, list) and data and isinstance(data[0], Mapping) and "evidence" in data[0]:
        frames = records_to_frames(data)
        return frames.articles, frames.evidence, data
    scored = score(data)
    return scored.articles, scored.evidence, scored.records


# ------------------------------------------------------------------------------------------
# tables


def compare(data: Any, *, by: str = "outlet", metrics: Sequence[str] | None = None,
            intervals: bool = False, **options: Any) -> pd.DataFrame:
    """Outlet-level table: one row per outlet (``by``, the index), ``n_articles`` and the mean
    of each metric.

    ``intervals=True`` adds, after each metric, ``<metric>_ci_low`` and ``<metric>_ci_high``
    (a bootstrap 95% interval over the outlet's articles) and a last column ``warning`` for
    outlets with too few articles; ``options`` go to the bootstrap (``n_boot``, ``seed``,
    ``level``, ``min_articles``). The same rows and metric columns either way. The long form
    (one row per outlet and metric) is :func:`framing.comparison.outlets.compare`.
    """
    articles, _, _ = _tables(data)
    if by not in articles.columns:
        raise KeyError(f"no column {by!r}; columns are {', '.join(map(str, articles.columns))}")
    metrics = list(metrics) if metrics is not None else metric_columns(articles)
    groups = articles[by].fillna("(unknown)").astype(str)
    table = articles[metrics].apply(pd.to_numeric, errors="coerce").groupby(groups).mean()
    table.insert(0, "n_articles", groups.value_counts().reindex(table.index).astype(int))
    table.index.name = by
    if intervals:
        extra = _wide(_compare_long(articles, by=by, metrics=metrics, **options), by=by)
        extra = extra.reindex(table.index)
        columns = ["n_articles"]
        for metric in metrics:
            table[f"{metric}_ci_low"] = extra[f"{metric}_ci_low"]
            table[f"{metric}_ci_high"] = extra[f"{metric}_ci_high"]
            columns += [metric, f"{metric}_ci_low", f"{metric}_ci_high"]
        table["warning"] = extra["warning"].fillna("")
        table = table[columns + ["warning"]]
    return table


def summary_html(articles: pd.DataFrame, *, max_rows: int = 30) -> str:
    """A compact, escaped summary table of an articles table (outlet, size, headline metrics)."""
    from .charts import profile_metrics

    cols = [c for c in ("title", "outlet", "published", "n_words") if c in articles.columns]
    cols += profile_metrics(articles)
    shown = articles[cols].head(max_rows)
    more = len(articles) - len(shown)
    html = shown.to_html(na_rep="–", float_format=lambda v: f"{v:.2f}", escape=True, border=0)
    note = f"<p><i>{more} more articles not shown</i></p>" if more > 0 else ""
    return f"<div><p><b>{len(articles)} articles</b></p>{html}{note}</div>"


# ------------------------------------------------------------------------------------------
# one article, highlighted


class ArticleView:
    """An article (scored record) that shows itself highlighted in a notebook."""

    def __init__(self, record: Mapping[str, Any], *, dimensions: Sequence[str] | None = None,
                 footnotes: bool = False):
        self.record = dict(record)
        self.dimensions = list(dimensions) if dimensions is not None else None
        self.footnotes = footnotes

    @property
    def evidence(self) -> pd.DataFrame:
        return records_to_frames([self.record]).evidence

    def shown_dimensions(self) -> list[str]:
        present = list(dict.fromkeys(e["dimension"] for e in self.record.get("evidence", [])))
        return [d for d in self.dimensions if d in present] if self.dimensions else present

    def _repr_html_(self) -> str:
        from .highlight import highlight_css, highlight_html, legend_html

        r = self.record
        dims = self.shown_dimensions()
        head = escape(str(r.get("title") or r.get("id") or "article"))
        bits = [str(r[k]) for k in ("outlet", "published", "author") if r.get(k)]
        meta = escape(" · ".join(bits) or "unknown outlet")
        body = highlight_html(r.get("text") or "", r.get("evidence") or [], dimensions=dims,
                              footnotes=self.footnotes,
                              id_prefix=f"ev-{escape(str(r.get('id', 'a')))}")
        n = sum(1 for e in r.get("evidence") or [] if e["dimension"] in dims)
        return (f"<style>{highlight_css(dims)}</style><article><h3>{head}</h3>"
                f"<p><em>{meta}</em> — {n} pieces of evidence</p>{legend_html(dims)}"
                f"{body}</article>")

    def __repr__(self) -> str:
        return f"<ArticleView {self.record.get('id')!r}: {len(self.record.get('evidence', []))} " \
               "pieces of evidence>"


@lru_cache(maxsize=1)
def _default_scorer() -> Scorer:
    """Every registered dimension, built once per session: lexicons and models load once,
    not on every article a notebook displays."""
    return Scorer()


def show(article_or_record: Any, *, dimensions: Sequence[str] | None = None,
         footnotes: bool = False) -> ArticleView:
    """An article, a scored record or plain text, highlighted (a notebook displays it).

    ``dimensions`` limits what is highlighted; ``footnotes=True`` numbers each finding and
    lists the reasons under the text (for printing)."""
    obj = article_or_record
    if isinstance(obj, ArticleView):
        return obj
    if isinstance(obj, Mapping) and "text" in obj and "evidence" in obj:
        record = obj
    elif isinstance(obj, (Article, str)):
        if isinstance(obj, str):
            from ..ingest.reading import build_article

            obj = build_article(obj, "text", clean=False)
        record = _default_scorer().score(obj)
    else:
        raise TypeError("show() takes an Article, a scored record (dict with text and evidence) "
                        f"or a string, not {type(obj).__name__}")
    return ArticleView(record, dimensions=dimensions, footnotes=footnotes)


# ------------------------------------------------------------------------------------------
# plots (drawn by framing.views.charts; each returns the Axes)


def plot_profile(data: Any, *, by: str = "outlet", metrics: Sequence[str] | None = None,
                 ax=None):
    """Outlets × headline metrics (see :func:`framing.views.charts.dimension_profile`)."""
    from .charts import dimension_profile

    articles, _, _ = _tables(data)
    return dimension_profile(articles, by=by, metrics=metrics, ax=ax)


def plot_hedging(data: Any, *, by: str = "outlet", ax=None):
    """Hedges and boosters per 1,000 words per outlet."""
    from .charts import hedges_boosters

    articles, _, _ = _tables(data)
    return hedges_boosters(articles, by=by, ax=ax)


def plot_frames(data: Any, *, by: str = "outlet", ax=None):
    """Outlets × the 14 policy frames: each cell the outlet's mean frame probability, which
    estimates the share of its articles that use the frame (the frames dimension; see
    :func:`framing.views.charts.frame_shares`)."""
    from .charts import frame_shares

    articles, _, _ = _tables(data)
    return frame_shares(articles, by=by, ax=ax)


def _with_evidence(data: Any):
    articles, evidence, records = _tables(data)
    if evidence is None:
        scored_note = "this plot needs the evidence table: pass a corpus or fr.analyze(...)"
        raise TypeError(scored_note)
    return articles, evidence, records


def plot_sources(data: Any, *, by: str = "outlet", ax=None):
    """Which kinds of source each outlet cites (attribution)."""
    from .charts import source_type_mix

    articles, evidence, _ = _with_evidence(data)
    return source_type_mix(evidence, articles, by=by, ax=ax)


def plot_cues(data: Any, *, by: str = "outlet", ax=None):
    """How sources are introduced: neutral, emphatic, endorsing, distancing verbs."""
    from .charts import cue_classes

    articles, evidence, _ = _with_evidence(data)
    return cue_classes(evidence, articles, by=by, ax=ax)


def plot_criticism(data: Any, *, by: str = "outlet", ax=None):
    """Outlet × critical aspect: voiced, mentioned, dismissed or absent."""
    from .charts import criticism_heatmap

    articles, _, records = _tables(data)
    if records is None:
        raise TypeError("this plot needs scored records: pass a corpus or fr.score(...)")
    return criticism_heatmap(aspects_frame(records), articles, by=by, ax=ax)


__all__ = ["ArticleView", "Scored", "aspects_frame", "compare", "plot_criticism", "plot_cues",
           "plot_frames", "plot_hedging", "plot_profile", "plot_sources", "score", "show",
           "summary_html"]
