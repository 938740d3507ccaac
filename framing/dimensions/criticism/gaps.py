"""Omission across a corpus: which aspects other outlets on the same topic cover, and this
article does not ("covered by 3 of 5 other outlets, absent here").

Works on scored records (``Scorer.score`` output, or JSONL lines of ``framing score``) that
carry the criticism dimension's ``topic`` and ``aspects`` fields.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pandas as pd

from .part import criticism_of

ASPECT_COLUMNS = ("article_id", "outlet", "topic", "aspect", "label", "status",
                  "voiced_by", "dismissed_by")
GAP_COLUMNS = (*ASPECT_COLUMNS, "covered_by", "n_others", "covered_by_outlets", "omitted", "note")


def aspects_frame(records: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """One row per article and aspect: the status and who voiced or dismissed it."""
    rows = []
    for rec in records:
        part = criticism_of(rec)
        for a in part.aspects if part else []:
            rows.append({
                "article_id": rec["id"], "outlet": rec.get("outlet") or None,
                "topic": part.topic_key,
                "aspect": a["aspect"], "label": a.get("label") or a["aspect"],
                "status": a["status"],
                "voiced_by": a.get("voiced_by"), "dismissed_by": a.get("dismissed_by"),
            })
    return pd.DataFrame(rows, columns=list(ASPECT_COLUMNS))


def corpus_gaps(records: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Per article and aspect, how many *other* outlets on the same topic cover the aspect.

    An outlet covers an aspect when any of its articles has it mentioned, voiced or
    dismissed. Articles without an outlet count as an outlet of their own (their id), and an
    article's own outlet is never among the others. ``omitted`` is True when the aspect is
    absent here but at least one other outlet covers it; ``note`` says it in words.
    """
    frame = aspects_frame(records)
    if frame.empty:
        return pd.DataFrame(columns=list(GAP_COLUMNS))
    frame["outlet_key"] = frame["outlet"].fillna(frame["article_id"]).astype(str)
    covering: dict[tuple[str, str], set[str]] = defaultdict(set)
    outlets: dict[str, set[str]] = defaultdict(set)
    for row in frame.itertuples(index=False):
        outlets[row.topic].add(row.outlet_key)
        if row.status != "absent":
            covering[(row.topic, row.aspect)].add(row.outlet_key)
    covered_by, n_others, names, omitted, notes = [], [], [], [], []
    for row in frame.itertuples(index=False):
        others = outlets[row.topic] - {row.outlet_key}
        cover = sorted(covering[(row.topic, row.aspect)] & others)
        covered_by.append(len(cover))
        n_others.append(len(others))
        names.append(cover)
        omitted.append(row.status == "absent" and bool(cover))
        word = "outlet" if len(others) == 1 else "outlets"
        notes.append(f"covered by {len(cover)} of {len(others)} other {word}, {row.status} here")
    frame = frame.drop(columns="outlet_key")
    frame["covered_by"] = covered_by
    frame["n_others"] = n_others
    frame["covered_by_outlets"] = names
    frame["omitted"] = omitted
    frame["note"] = notes
    return frame[list(GAP_COLUMNS)]


__all__ = ["aspects_frame", "corpus_gaps"]
