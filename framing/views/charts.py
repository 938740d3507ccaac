"""Charts of the comparison (matplotlib): every function takes DataFrames and ``ax=None``,
draws on that Axes (or a new figure) and returns the Axes; none calls ``plt.show()``.

Readable in greyscale: bars carry hatches, heatmap cells carry their value or a letter, and
colours come from :mod:`framing.views.palette` (colour-blind-safe).
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


#: Words in a metric's name that mark a share or probability: shaded on 0–1.
_SHARE_WORDS = ("share", "coverage", "_mean", "index", "probability")


def _numeric(articles: pd.DataFrame, metrics: Sequence[str]) -> pd.DataFrame:
    """The metric columns as floats: a column that is empty for every article (None, object
    dtype) becomes NaN instead of breaking the arithmetic."""
    frame = articles[list(metrics)]
    if all(pd.api.types.is_numeric_dtype(t) for t in frame.dtypes):
        return frame.astype(float)
    return frame.apply(pd.to_numeric, errors="coerce").astype(float)


def metric_scale(metric: str, values: Sequence[float]) -> tuple[float, float]:
    """The honest range to shade a metric on: 0–1 for shares, else from 0 (or the lowest
    negative value) to the highest value, so that a cell's darkness is proportional to its
    value and never stretched from the column's own minimum."""
    finite = [float(v) for v in values if v is not None and np.isfinite(v)]
    if any(w in metric for w in _SHARE_WORDS) and all(0 <= v <= 1 for v in finite):
        return 0.0, 1.0
    lo = min([0.0, *finite])
    hi = max([0.0, *finite])
    return lo, (hi if hi > lo else lo + 1.0)


def profile_table(articles: pd.DataFrame, *, by: str = "outlet",
                  metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """Long table behind :func:`dimension_profile`: per outlet and metric the mean, how many
    articles had a value (``n``) out of the outlet's articles (``n_articles``), and the range
    the shading uses (``scale_low``, ``scale_high``)."""
    metrics = list(metrics) if metrics is not None else profile_metrics(articles)
    columns = ["outlet", "metric", "mean", "n", "n_articles", "scale_low", "scale_high"]
    if not metrics or articles.empty:
        return pd.DataFrame(columns=columns)
    values = _numeric(articles, metrics)
    groups = articles[by].fillna("(unknown)").astype(str).replace("", "(unknown)")
    grouped = values.groupby(groups)
    means, counts, sizes = grouped.mean(), grouped.count(), grouped.size()
    rows = []
    outlets = list(means.index)
    size = sizes.to_numpy()
    for metric in metrics:
        mean, count = means[metric].to_numpy(), counts[metric].to_numpy()
        lo, hi = metric_scale(metric, mean.tolist())
        rows.extend((o, metric, float(mean[k]), int(count[k]), int(size[k]), lo, hi)
                    for k, o in enumerate(outlets))
    return pd.DataFrame(rows, columns=columns)


def dimension_profile(articles: pd.DataFrame, *, by: str = "outlet",
                      metrics: Sequence[str] | None = None, ax=None):
    """Headline metrics (rows) × outlets (columns): each cell shows the outlet's mean per
    article, and "n=3/61" when only some of the outlet's articles have a value. Shading is
    proportional to the value on an honest scale (0–1 for shares, 0 to the highest outlet
    for rates; the row label names it), so 0.28 never looks like 71 next to 0.11."""
    table = profile_table(articles, by=by, metrics=metrics)
    outlets = list(dict.fromkeys(table["outlet"]))
    rows = list(dict.fromkeys(table["metric"]))
    ax = _axes(ax, (min(8.5, max(5.5, 1.05 * len(outlets) + 3.6)), 0.5 * len(rows) + 1.6))
    if table.empty:
        return _empty(ax, "no metrics to show")
    cell = table.set_index(["metric", "outlet"])
    shade = np.full((len(rows), len(outlets)), np.nan)
    for r, metric in enumerate(rows):
        for c, outlet in enumerate(outlets):
            x = cell.loc[(metric, outlet)]
            if np.isfinite(x["mean"]):
                shade[r, c] = (x["mean"] - x["scale_low"]) / (x["scale_high"] - x["scale_low"])
    ax.imshow(np.ma.masked_invalid(shade), cmap="Greys", vmin=0.0, vmax=1.25, aspect="auto")
    for r, metric in enumerate(rows):
        for c, outlet in enumerate(outlets):
            x = cell.loc[(metric, outlet)]
            if not np.isfinite(x["mean"]):
                label = "no value"
            else:
                digits = 2 if x["scale_high"] <= 1 and x["scale_low"] >= 0 else 1
                label = f"{x['mean']:.{digits}f}"
                if x["n"] < x["n_articles"]:
                    label += f"\nn={int(x['n'])}/{int(x['n_articles'])}"
            dark = np.isfinite(shade[r, c]) and shade[r, c] > 0.55
            ax.text(c, r, label, ha="center", va="center", fontsize=10 if "\n" not in label
                    else 9, color="white" if dark else "black")
    labels = []
    for metric in rows:
        x = cell.loc[(metric, outlets[0])]
        lo, hi = x["scale_low"], x["scale_high"]
        scale = "0–1" if (lo, hi) == (0.0, 1.0) else f"{lo:g}–{hi:.3g}"
        labels.append(f"{metric.replace('_', ' ')} ({scale})")
    ax.set_yticks(range(len(rows)), labels, fontsize=10)
    ax.xaxis.tick_top()
    slanted = len(outlets) > 4
    ax.set_xticks(range(len(outlets)), outlets, fontsize=10, rotation=30 if slanted else 0,
                  ha="left" if slanted else "center", rotation_mode="anchor")
    ax.set_title("Mean per article (shade ∝ value on the scale in brackets)", fontsize=10,
                 loc="right")
    return ax


def frame_shares(articles: pd.DataFrame, *, by: str = "outlet", ax=None):
    """Outlets (rows) × policy frames (columns): each cell the outlet's mean probability of
    the frame per article, in percent, which estimates the share of its articles told in that
    frame (the frames dimension). Shaded on 0–100%; row labels give the articles (n)."""
    from ..comparison.frames import frame_columns

    frames = frame_columns(articles)
    values = _numeric(articles, frames) if frames else pd.DataFrame()
    groups = articles[by].fillna("(unknown)").astype(str).replace("", "(unknown)") \
        if by in articles.columns else pd.Series(dtype=str)
    n_out = max(1, groups.nunique())
    ax = _axes(ax, (min(11.0, 0.62 * max(len(frames), 1) + 3.2),
                    min(24.0, 0.34 * n_out + 2.2)))
    if not frames or values.isna().all().all():
        return _empty(ax, "no frame probabilities")
    means = values.groupby(groups).mean()
    sizes = values.notna().any(axis=1).groupby(groups).sum()
    shade = means.to_numpy()
    ax.imshow(np.ma.masked_invalid(shade), cmap="Greys", vmin=0.0, vmax=1.25, aspect="auto")
    for r in range(shade.shape[0]):
        for c in range(shade.shape[1]):
            v = shade[r, c]
            label = "–" if not np.isfinite(v) else f"{100 * v:.0f}"
            ax.text(c, r, label, ha="center", va="center", fontsize=8,
                    color="white" if np.isfinite(v) and v > 0.55 else "black")
    ax.set_yticks(range(len(means)), [f"{o} (n={int(sizes[o])})" for o in means.index],
                  fontsize=8)
    ax.xaxis.tick_top()
    ax.set_xticks(range(len(frames)), [f[len("frames_"):].replace("_", " ") for f in frames],
                  rotation=35, ha="left", rotation_mode="anchor", fontsize=8)
    ax.set_xlabel("Policy frames: mean probability per article, % (≈ share of articles)",
                  fontsize=9)
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
    means = _numeric(articles, list(cols.values())).groupby(
        articles[by].fillna("(unknown)").astype(str)).mean()
    if means.isna().all().all():
        return _empty(ax, "no hedging metrics")
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


__all__ = ["dimension_profile", "frame_shares", "profile_table", "metric_scale", "source_type_mix",
           "cue_classes", "hedges_boosters", "criticism_heatmap", "aspect_table",
           "profile_metrics", "PROFILE_METRICS"]
