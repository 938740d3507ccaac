"""Compare outlets: the mean of each metric per outlet with a bootstrap 95% interval.

The interval resamples an outlet's *articles* with replacement (percentile bootstrap, a fixed
seed, so the same table comes out every time). With few articles an interval is wide and
unreliable; outlets with fewer than ``min_articles`` are flagged rather than hidden.

Memory: the articles table (one row of metrics per article) and ``n_boot`` means at a time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: Defaults (one place): bootstrap resamples, seed, interval, outlets below this are flagged.
DEFAULTS = {"n_boot": 2000, "seed": 0, "level": 0.95, "min_articles": 3}

#: Columns of :func:`compare` (long format: one row per outlet and metric).
COLUMNS = ("outlet", "metric", "n", "mean", "ci_low", "ci_high", "warning")

#: Metadata/size columns that are not metrics.
NOT_METRICS = frozenset({"id", "title", "outlet", "author", "published", "url", "source",
                         "n_words", "n_sentences"})


def metric_columns(articles: pd.DataFrame) -> list[str]:
    """Numeric metric columns of an articles table, in table order."""
    return [c for c in articles.columns
            if c not in NOT_METRICS and pd.api.types.is_numeric_dtype(articles[c])]


def bootstrap_interval(
    values: Sequence[float] | np.ndarray, *, n_boot: int = DEFAULTS["n_boot"],
    seed: int = DEFAULTS["seed"], level: float = DEFAULTS["level"],
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean (NaN when there are no values)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if x.size == 0:
        return (float("nan"), float("nan"))
    if x.size == 1:
        return (float(x[0]), float(x[0]))
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, x.size, size=(n_boot, x.size))].mean(axis=1)
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return (float(low), float(high))


def compare(
    articles: pd.DataFrame, *, by: str = "outlet", metrics: Sequence[str] | None = None,
    n_boot: int = DEFAULTS["n_boot"], seed: int = DEFAULTS["seed"],
    level: float = DEFAULTS["level"], min_articles: int = DEFAULTS["min_articles"],
) -> pd.DataFrame:
    """One row per outlet (``by``) and metric: articles ``n``, ``mean``, ``ci_low``/``ci_high``
    and a ``warning`` when the outlet has fewer than ``min_articles`` articles.

    Every (outlet, metric) cell draws from its own generator seeded from ``seed`` and the
    cell's position, so adding an outlet does not change the others' intervals.
    """
    if by not in articles.columns:
        raise KeyError(f"no column {by!r}; columns are {', '.join(map(str, articles.columns))}")
    metrics = list(metrics) if metrics is not None else metric_columns(articles)
    groups = articles[by].fillna("(unknown)").astype(str)
    rows = []
    for outlet in sorted(groups.unique()):
        part = articles[groups == outlet]
        n = len(part)
        warning = (f"only {n} article{'s' if n != 1 else ''}: too few to compare"
                   if n < min_articles else "")
        for k, metric in enumerate(metrics):
            values = part[metric].to_numpy(dtype=float)
            values = values[~np.isnan(values)]
            mean = float(values.mean()) if values.size else float("nan")
            cell_seed = [seed, k, *map(ord, outlet)]
            low, high = bootstrap_interval(values, n_boot=n_boot, seed=cell_seed, level=level)
            rows.append({"outlet": outlet, "metric": metric, "n": int(values.size),
                         "mean": mean, "ci_low": low, "ci_high": high, "warning": warning})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def wide(long: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """:func:`compare`'s long table as one row per outlet, for a spreadsheet or a notebook.

    Columns: ``n_articles``, then per metric ``<metric>``, ``<metric>_ci_low`` and
    ``<metric>_ci_high`` (in the long table's metric order), then ``warning``; the index is
    named ``by``. ``n_articles`` is the most values any metric has for the outlet (the long
    table's ``n``): its number of articles when one metric has a value for each."""
    if long.empty:
        return pd.DataFrame(columns=["n_articles", "warning"]).rename_axis(by)
    metrics = list(dict.fromkeys(long["metric"]))
    outlets = list(dict.fromkeys(long["outlet"]))
    first = long.drop_duplicates("outlet").set_index("outlet")
    n_articles = long.groupby("outlet")["n"].max()  # a metric every article has
    columns = {"n_articles": n_articles.reindex(outlets).astype(int)}
    for metric in metrics:  # built whole, not column by column (pandas fragments the frame)
        part = long[long["metric"] == metric].set_index("outlet")
        columns[metric] = part["mean"].reindex(outlets)
        columns[f"{metric}_ci_low"] = part["ci_low"].reindex(outlets)
        columns[f"{metric}_ci_high"] = part["ci_high"].reindex(outlets)
    columns["warning"] = first["warning"].reindex(outlets)
    table = pd.DataFrame(columns, index=pd.Index(outlets, name=by))
    return table


__all__ = ["compare", "bootstrap_interval", "metric_columns", "wide", "COLUMNS", "DEFAULTS"]
