"""Policy frames across outlets and events: each outlet's most distinctive frame, and which
articles report the same event (so their frame mix can be read side by side).

Both read the articles table of the frames dimension (:mod:`framing.dimensions.frames`): one
``frames_<frame>`` column per frame holding the article's calibrated probability of using it.
The mean of that probability over an outlet's articles estimates the share of its articles
told in the frame.

**Distinctive frame** (:func:`distinctive_frames`). For each outlet and frame, the gap between
the outlet's mean probability and that of all other outlets' articles pooled, with a Welch 95%
interval (t quantile on the Welch–Satterthwaite degrees of freedom, so three articles give a
wide interval). A frame is distinctive for the outlet when the gap is at least ``min_gap``
(10 points by default) *and* the interval's lower end is above zero; the outlet's most
distinctive frame is the one with the largest such gap. Outlets with fewer than
``min_articles`` articles, or whose rest has fewer, are not judged: with so few articles a
gap is mostly chance. The rule is simple enough to check by hand from ``articles.csv``.

**Same event** (:func:`event_groups`). When articles carry an ``event`` value (a manifest
column), articles with the same value form a group and nothing else is grouped. Otherwise two
articles are put together when framing found one to be a reprint or rewrite of the other
(:mod:`framing.comparison.reprints`), or when both match the same topic profile (the criticism
dimension's choice) and were published within ``days`` of the first article of a window of
that topic (windows start at the earliest date and never chain beyond ``days``). Groups of
one article are dropped. Each group says which rule joined it.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

#: Defaults (one place): articles an outlet (and the rest) needs before it is judged, the
#: smallest gap in mean probability that counts, the interval's level, the event window.
DEFAULTS = {"min_articles": 3, "min_gap": 0.10, "level": 0.95, "days": 7}

#: Metrics of the frames dimension that are not a frame's probability.
NOT_FRAMES = frozenset({"frames_used", "frames_primary"})

#: Columns of :func:`distinctive_frames` (one row per outlet).
COLUMNS = ("outlet", "n", "n_rest", "status", "frame", "share", "share_rest", "gap",
           "gap_low", "gap_high")


def frame_columns(articles: pd.DataFrame) -> list[str]:
    """The ``frames_<frame>`` probability columns of an articles table, in table order."""
    return [c for c in articles.columns if str(c).startswith("frames_") and c not in NOT_FRAMES]


def _groups(articles: pd.DataFrame, by: str) -> pd.Series:
    return articles[by].fillna("(unknown)").astype(str).replace("", "(unknown)")


def welch_interval(a: np.ndarray, b: np.ndarray, *, level: float = DEFAULTS["level"]
                   ) -> tuple[float, float, float]:
    """(mean(a) − mean(b), low, high): Welch's interval for a difference of means. With no
    spread in either sample the interval is the difference itself; with a one-value side its
    variance counts as zero."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    va = float(a.var(ddof=1)) if a.size > 1 else 0.0
    vb = float(b.var(ddof=1)) if b.size > 1 else 0.0
    return _welch(float(a.mean()), va, a.size, float(b.mean()), vb, b.size, level)


def _welch(ma: float, va: float, na: int, mb: float, vb: float, nb: int,
           level: float) -> tuple[float, float, float]:
    """Welch's interval from each side's mean, sample variance and size."""
    from scipy.stats import t as student_t

    gap = ma - mb
    sa = va / na if na > 1 else 0.0
    sb = vb / nb if nb > 1 else 0.0
    se = math.sqrt(max(sa + sb, 0.0))
    if se <= 1e-12:
        return gap, gap, gap
    parts = [v * v / (n - 1) for v, n in ((sa, na), (sb, nb)) if n > 1 and v > 0]
    df = (sa + sb) ** 2 / sum(parts) if parts else 1.0
    q = float(student_t.ppf(0.5 + level / 2.0, max(df, 1.0)))
    return gap, gap - q * se, gap + q * se


def distinctive_frames(articles: pd.DataFrame, *, by: str = "outlet",
                       min_articles: int = DEFAULTS["min_articles"],
                       min_gap: float = DEFAULTS["min_gap"],
                       level: float = DEFAULTS["level"]) -> pd.DataFrame:
    """One row per outlet (sorted): its most distinctive frame, if any (see the module
    docstring). ``status`` is ``distinctive``; ``none`` (judged, no frame clears the rule: the
    row shows the largest gap); ``few`` (the outlet or the rest has fewer than
    ``min_articles`` articles with frame probabilities); ``alone`` (no other outlet).

    Each outlet's and its rest's means and variances come from per-outlet sums (the rest is
    the corpus minus the outlet), so the work is one pass over the table."""
    frames = frame_columns(articles)
    rows: list[dict[str, Any]] = []
    if articles.empty or not frames:
        return pd.DataFrame(rows, columns=list(COLUMNS))
    values = articles[frames].apply(pd.to_numeric, errors="coerce").astype(float)
    scored = values.notna().any(axis=1)
    groups = _groups(articles, by)
    outlets = sorted(groups.unique())
    present = values.notna()
    x = values.fillna(0.0)
    count = present.groupby(groups).sum().reindex(outlets)  # outlets × frames
    total = x.groupby(groups).sum().reindex(outlets)
    square = (x * x).groupby(groups).sum().reindex(outlets)
    n_scored = scored.groupby(groups).sum().reindex(outlets)
    all_count, all_total, all_square = count.sum(), total.sum(), square.sum()
    n_all = int(scored.sum())
    for outlet in outlets:
        n = int(n_scored[outlet])
        m = n_all - n
        row: dict[str, Any] = {"outlet": outlet, "n": n, "n_rest": m, "frame": None,
                               "share": math.nan, "share_rest": math.nan, "gap": math.nan,
                               "gap_low": math.nan, "gap_high": math.nan}
        if len(outlets) == 1:
            rows.append({**row, "status": "alone"})
            continue
        if n < min_articles or m < min_articles:
            rows.append({**row, "status": "few"})
            continue
        best: tuple[int, float, str, tuple[float, float, float], float, float] | None = None
        for frame in frames:
            na, sa, qa = (float(count.at[outlet, frame]), float(total.at[outlet, frame]),
                          float(square.at[outlet, frame]))
            nb = float(all_count[frame]) - na
            sb = float(all_total[frame]) - sa
            qb = float(all_square[frame]) - qa
            if na < 1 or nb < 1:
                continue
            ma, mb = sa / na, sb / nb
            va = (qa - na * ma * ma) / (na - 1) if na > 1 else 0.0
            vb = (qb - nb * mb * mb) / (nb - 1) if nb > 1 else 0.0
            gap, low, high = _welch(ma, max(va, 0.0), int(na), mb, max(vb, 0.0), int(nb),
                                    level)
            ok = int(gap >= min_gap and low > 0)
            if best is None or (ok, gap) > best[:2]:
                best = (ok, gap, frame, (gap, low, high), ma, mb)
        if best is None:
            rows.append({**row, "status": "few"})
            continue
        ok, _, frame, (gap, low, high), share, share_rest = best
        rows.append({**row, "status": "distinctive" if ok else "none",
                     "frame": frame[len("frames_"):], "share": share,
                     "share_rest": share_rest, "gap": gap, "gap_low": low, "gap_high": high})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _date(value: Any) -> _dt.date | None:
    if value in (None, "") or (isinstance(value, float) and value != value):
        return None
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class _Union:
    """Union-find over article ids; a group's root is its earliest article."""

    def __init__(self, items: Sequence[str]):
        self.parent = {i: i for i in items}
        self.order = {i: k for k, i in enumerate(items)}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = sorted((self.find(a), self.find(b)), key=self.order.__getitem__)
        self.parent[rb] = ra


def event_groups(items: Sequence[Mapping[str, Any]], *,
                 pairs: Sequence[tuple[str, str, str]] = (),
                 days: int = DEFAULTS["days"]) -> tuple[str, list[dict[str, Any]]]:
    """Which articles report the same event: ``(basis, groups)``.

    ``items``: one mapping per article in input order with ``id`` and, when known, ``event``
    (a manifest value), ``topic`` (a topic profile id) and ``published`` (an ISO date).
    ``pairs``: (article_a, article_b, kind) reprint pairs. ``basis`` is ``"event"`` when any
    article has an event value, else ``"inferred"``. Each group (two or more articles, in
    order of their first article) has ``ids`` (input order), ``name`` and ``because`` (the
    links that joined it, in words)."""
    ids = [str(i["id"]) for i in items]
    if any(str(i.get("event") or "").strip() for i in items):
        named: dict[str, list[str]] = {}
        for i in items:
            value = str(i.get("event") or "").strip()
            if value:
                named.setdefault(value, []).append(str(i["id"]))
        groups = [{"ids": members, "name": value,
                   "because": [f"the manifest's event column says {value!r}"]}
                  for value, members in named.items() if len(members) > 1]
        return "event", groups
    union = _Union(ids)
    links: dict[tuple[str, str], str] = {}
    known = set(ids)
    for a, b, kind in pairs:
        if a in known and b in known and a != b:
            union.join(a, b)
            links[(a, b)] = f"{kind}"
    by_topic: dict[str, list[tuple[_dt.date, str]]] = {}
    for i in items:
        day = _date(i.get("published"))
        if i.get("topic") and day is not None:
            by_topic.setdefault(str(i["topic"]), []).append((day, str(i["id"])))
    windows: dict[str, tuple[str, _dt.date, _dt.date]] = {}  # id -> (topic, start, end)
    for topic, dated in by_topic.items():
        dated.sort()
        start, first = None, None
        for day, rid in dated:
            if start is None or (day - start).days > days:
                start, first = day, rid
            else:
                union.join(first, rid)
            windows[rid] = (topic, start, day)
    members: dict[str, list[str]] = {}
    for rid in ids:
        members.setdefault(union.find(rid), []).append(rid)
    groups = []
    for group in members.values():
        if len(group) < 2:
            continue
        inside = set(group)
        because = [f"{a} and {b}: {kind} (see Reprints)" for (a, b), kind in links.items()
                   if a in inside]
        spans: dict[tuple[str, _dt.date], list[_dt.date]] = {}
        for rid in group:
            if rid in windows:
                topic, start, day = windows[rid]
                spans.setdefault((topic, start), []).append(day)
        for (topic, start), dates in spans.items():
            if len(dates) > 1:
                because.append(f"{len(dates)} articles on topic {topic} published "
                               f"{start.isoformat()} to {max(dates).isoformat()}")
        groups.append({"ids": group, "name": "", "because": because})
    return "inferred", groups


__all__ = ["distinctive_frames", "event_groups", "frame_columns", "welch_interval",
           "COLUMNS", "DEFAULTS"]
