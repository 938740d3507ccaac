"""Charts of the comparison (matplotlib): every function takes DataFrames and ``ax=None``,
draws on that Axes (or a new figure) and returns the Axes; none calls ``plt.show()``.

Readable in greyscale: bars carry hatches, heatmap cells carry their value or a letter, and
colours come from :mod:`framing.palette` (colour-blind-safe).
"""

from __future__ import annotations

from collections.abc import Sequence

# No backend is forced: without a display matplotlib picks Agg by itself, and in Jupyter the
# inline backend stays in place so plots show under the cell.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .palette import category_style

#: The metrics shown in the profile, per dimension (only those present are drawn).
PROFILE_METRICS = {
    "promotional": ["promotional_per_1k"],
    "hedging": ["hedging_hedges_per_1k", "hedging_boosters_per_1k"],
    "attribution": ["attribution_vague_share", "attribution_endorsing_share",
                    "attribution_unsourced_share"],
    "criticism": ["criticism_coverage", "criticism_dismissed_share"],
    "classifier": ["classifier_loaded_mean", "classifier_persuasion_mean"],
}
CUE_CLASSES = ("neutral", "emphatic", "endorsing", "distancing")
SOURCE_TYPES = ("official", "state_media", "expert", "business", "civil_society",
                "international_org", "ordinary_people", "anonymous", "unknown")
STATUSES = ("voiced", "mentioned", "dismissed", "absent")
_STATUS_LETTER = {"voiced": "V", "mentioned": "M", "dismissed": "D", "absent": "–"}


def _axes(ax, size=(7.0, 3.5)):
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _outlet_of(evidence: pd.DataFrame, articles: pd.DataFrame, by: str) -> pd.Series:
    lookup = articles[by].fillna("(unknown)").astype(str)
    return evidence["article_id"].map(lookup).fillna("(unknown)")


def _empty(ax, message: str):
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return ax


def profile_metrics(articles: pd.DataFrame) -> list[str]:
    """The profile metrics present in ``articles`` (see :data:`PROFILE_METRICS`)."""
    return [m for ms in PROFILE_METRICS.values() for m in ms if m in articles.columns]


def dimension_profile(articles: pd.DataFrame, *, by: str = "outlet",
                      metrics: Sequence[str] | None = None, ax=None):
    """Outlets × headline metrics: each cell shows the outlet's mean; shading compares
    outlets within a column (darkest = highest), so metrics on different scales sit side by
    side without a shared axis."""
    metrics = list(metrics) if metrics is not None else profile_metrics(articles)
    ax = _axes(ax, (max(5.0, 1.3 * len(metrics) + 2.5), 0.45 * articles[by].nunique() + 1.8))
    if not metrics or articles.empty:
        return _empty(ax, "no metrics to show")
    values = articles[metrics].apply(pd.to_numeric, errors="coerce")  # all-empty: object dtype
    means = values.groupby(articles[by].fillna("(unknown)").astype(str)).mean()
    span = (means.max() - means.min()).replace(0, 1.0)
    shade = ((means - means.min()) / span).fillna(0.0)
    ax.imshow(shade.to_numpy(), cmap="Greys", vmin=-0.15, vmax=1.4, aspect="auto")
    for (r, c), value in np.ndenumerate(means.to_numpy()):
        dark = shade.to_numpy()[r, c] > 0.6
        ax.text(c, r, "–" if np.isnan(value) else f"{value:.2f}", ha="center", va="center",
                fontsize=8, color="white" if dark else "black")
    ax.set_xticks(range(len(metrics)), [m.replace("_", " ") for m in metrics], rotation=30,
                  ha="right", fontsize=8)
    ax.set_yticks(range(len(means.index)), means.index, fontsize=8)
    ax.set_title("Dimension profile per outlet (mean per article)", fontsize=10)
    return ax


def _stacked_shares(table: pd.DataFrame, order: Sequence[str], title: str, ax):
    table = table.reindex(columns=[c for c in order if c in table.columns]
                          + sorted(c for c in table.columns if c not in order), fill_value=0)
    shares = table.div(table.sum(axis=1).replace(0, 1), axis=0)
    left = np.zeros(len(shares))
    for k, col in enumerate(shares.columns):
        colour, hatch = category_style(col, k)
        ax.barh(range(len(shares)), shares[col], left=left, color=colour, hatch=hatch,
                edgecolor="black", linewidth=0.5, label=col.replace("_", " "))
        left += shares[col].to_numpy()
    ax.set_yticks(range(len(shares)), [f"{o} (n={int(t)})" for o, t in
                                        zip(shares.index, table.sum(axis=1))], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share", fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, ncols=min(4, len(shares.columns)), loc="upper center",
              bbox_to_anchor=(0.5, -0.18), frameon=False)
    return ax


def _attribution_table(evidence, articles, by, category=None, key=None):
    rows = evidence[evidence["dimension"] == "attribution"]
    if category is not None:
        rows = rows[rows["category"] == category]
    if rows.empty:
        return None
    outlet = _outlet_of(rows, articles, by)
    values = (rows["extra"].map(lambda e: (e or {}).get(key) or "unknown") if key
              else rows["category"])
    return pd.crosstab(outlet, values)


def source_type_mix(evidence: pd.DataFrame, articles: pd.DataFrame, *, by: str = "outlet",
                    ax=None):
    """Share of each source type (official, expert, ordinary people, ...) among the sources
    each outlet cites (attribution evidence rows of category ``source``)."""
    ax = _axes(ax)
    table = _attribution_table(evidence, articles, by, "source", "source_type")
    if table is None:
        return _empty(ax, "no attribution sources")
    return _stacked_shares(table, SOURCE_TYPES, "Who is cited: source types per outlet", ax)


def cue_classes(evidence: pd.DataFrame, articles: pd.DataFrame, *, by: str = "outlet", ax=None):
    """Share of neutral, emphatic, endorsing and distancing attribution verbs per outlet."""
    ax = _axes(ax)
    rows = evidence[(evidence["dimension"] == "attribution")
                    & evidence["category"].isin(CUE_CLASSES)]
    if rows.empty:
        return _empty(ax, "no attribution cues")
    table = pd.crosstab(_outlet_of(rows, articles, by), rows["category"])
    return _stacked_shares(table, CUE_CLASSES, "How sources are introduced: cue verbs", ax)


def hedges_boosters(articles: pd.DataFrame, *, by: str = "outlet", ax=None):
    """Hedges and boosters per 1,000 words, mean per outlet, side by side."""
    ax = _axes(ax)
    cols = {"hedge": "hedging_hedges_per_1k", "booster": "hedging_boosters_per_1k"}
    if not all(c in articles.columns for c in cols.values()):
        return _empty(ax, "no hedging metrics")
    means = articles.groupby(articles[by].fillna("(unknown)").astype(str))[
        list(cols.values())].mean()
    y = np.arange(len(means))
    for k, (name, col) in enumerate(cols.items()):
        colour, hatch = category_style(name, k)
        ax.barh(y + (k - 0.5) * 0.4, means[col], height=0.4, color=colour, hatch=hatch,
                edgecolor="black", linewidth=0.5, label=f"{name}s per 1k words")
    ax.set_yticks(y, means.index, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("per 1,000 words (mean per article)", fontsize=8)
    ax.set_title("Hedges vs boosters", fontsize=10)
    ax.legend(fontsize=7, frameon=False)
    return ax


def aspect_table(records_aspects: pd.DataFrame, articles: pd.DataFrame, *,
                 by: str = "outlet") -> pd.DataFrame:
    """Outlet × aspect: the most present status among the outlet's articles (voiced before
    mentioned before dismissed before absent). ``records_aspects`` has columns article_id,
    aspect, label, status."""
    frame = records_aspects.copy()
    frame["outlet"] = frame["article_id"].map(articles[by].fillna("(unknown)").astype(str))
    rank = {s: k for k, s in enumerate(STATUSES)}
    frame["rank"] = frame["status"].map(rank).fillna(len(STATUSES))
    best = frame.groupby(["outlet", "label"])["rank"].min().unstack("label")
    return best.apply(lambda col: col.map(lambda r: STATUSES[int(r)]
                                          if r < len(STATUSES) else "absent"))


def criticism_heatmap(aspects: pd.DataFrame, articles: pd.DataFrame, *, by: str = "outlet",
                      ax=None):
    """Outlet × critical aspect, each cell coloured, hatched and lettered by its status:
    V voiced, M mentioned, D dismissed, – absent."""
    if aspects is None or aspects.empty:
        return _empty(_axes(ax), "no criticism aspects")
    table = aspect_table(aspects, articles, by=by)
    ax = _axes(ax, (max(5.0, 0.9 * table.shape[1] + 3), 0.45 * table.shape[0] + 1.8))
    for r in range(table.shape[0]):
        for c in range(table.shape[1]):
            status = table.iloc[r, c]
            colour, hatch = category_style(status)
            ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=colour, hatch=hatch,
                                       edgecolor="black", linewidth=0.5))
            ax.text(c, r, _STATUS_LETTER.get(status, "?"), ha="center", va="center",
                    fontsize=9, fontweight="bold",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_xlim(-0.5, table.shape[1] - 0.5)
    ax.set_ylim(table.shape[0] - 0.5, -0.5)
    ax.set_xticks(range(table.shape[1]), table.columns, rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(table.shape[0]), table.index, fontsize=8)
    ax.set_title("Critical aspects: V voiced, M mentioned, D dismissed, – absent", fontsize=10)
    return ax


__all__ = ["dimension_profile", "source_type_mix", "cue_classes", "hedges_boosters",
           "criticism_heatmap", "aspect_table", "profile_metrics", "PROFILE_METRICS"]
