"""Frames across outlets: the distinctive-frame rule and the same-event groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.comparison.frames import (
    distinctive_frames,
    event_groups,
    frame_columns,
    welch_interval,
)


def _articles(spec):
    """spec: outlet -> list of (economic, security) probabilities."""
    rows = []
    for outlet, values in spec.items():
        for k, (eco, sec) in enumerate(values):
            rows.append({"id": f"{outlet}-{k}", "outlet": outlet, "n_words": 100,
                         "frames_economic": eco, "frames_security_and_defense": sec,
                         "frames_used": 1, "frames_primary": "economic"})
    return pd.DataFrame(rows).set_index("id")


def test_frame_columns_are_the_probabilities_only():
    assert frame_columns(_articles({"A": [(0.1, 0.2)]})) == [
        "frames_economic", "frames_security_and_defense"]


def test_an_outlet_well_above_the_rest_has_a_distinctive_frame():
    table = distinctive_frames(_articles({
        "A": [(0.8, 0.3), (0.7, 0.3), (0.9, 0.2), (0.75, 0.3)],
        "B": [(0.2, 0.3), (0.1, 0.35), (0.15, 0.3), (0.2, 0.25)],
        "C": [(0.1, 0.3), (0.2, 0.3), (0.25, 0.3), (0.1, 0.3)],
        "D": [(0.5, 0.1)],
    })).set_index("outlet")
    a = table.loc["A"]
    assert a["status"] == "distinctive" and a["frame"] == "economic"
    assert a["share"] == pytest.approx(0.7875) and a["gap_low"] > 0 and a["gap"] >= 0.10
    assert a["n"] == 4 and a["n_rest"] == 9
    # B and C are judged but nothing of theirs clears the rule; D has too few articles
    assert table.loc["B", "status"] == "none" and table.loc["C", "status"] == "none"
    assert table.loc["D", "status"] == "few" and pd.isna(table.loc["D", "frame"])


def test_a_small_gap_or_an_interval_through_zero_is_not_distinctive():
    # +5 points: below the 10-point floor however tight
    small = distinctive_frames(_articles({
        "A": [(0.35, 0.3)] * 4, "B": [(0.30, 0.3)] * 4})).set_index("outlet")
    assert small.loc["A", "status"] == "none"
    # a large mean gap carried by one article out of three: the interval crosses zero
    noisy = distinctive_frames(_articles({
        "A": [(0.95, 0.3), (0.05, 0.3), (0.1, 0.3)],
        "B": [(0.2, 0.3), (0.1, 0.3), (0.15, 0.3)]})).set_index("outlet")
    assert noisy.loc["A", "gap"] > 0.10 and noisy.loc["A", "status"] == "none"


def test_one_outlet_and_no_frames_say_what_they_cannot_tell():
    alone = distinctive_frames(_articles({"A": [(0.5, 0.5)] * 5}))
    assert list(alone["status"]) == ["alone"]
    bare = pd.DataFrame({"outlet": ["A"], "n_words": [3]}, index=pd.Index(["x"], name="id"))
    assert distinctive_frames(bare).empty
    empty = _articles({"A": [(0.5, 0.5)] * 3, "B": [(0.5, 0.5)] * 3})
    empty[frame_columns(empty)] = np.nan  # articles the model could not read
    assert set(distinctive_frames(empty)["status"]) == {"few"}


def test_welch_interval():
    gap, low, high = welch_interval(np.array([0.5, 0.5]), np.array([0.2, 0.2, 0.2]))
    assert (gap, low, high) == pytest.approx((0.3, 0.3, 0.3))
    gap, low, high = welch_interval(np.array([0.9, 0.7, 0.8]), np.array([0.2, 0.3, 0.1]))
    assert gap == pytest.approx(0.6) and 0 < low < gap < high


def test_event_column_decides_the_groups_alone():
    items = [{"id": "a", "event": "summit"}, {"id": "b", "event": ""},
             {"id": "c", "event": "summit"}, {"id": "d", "event": "strike"},
             {"id": "e", "topic": "t", "published": "2025-01-01"}]
    basis, groups = event_groups(items, pairs=[("b", "d", "copy")])
    assert basis == "event"
    assert [g["ids"] for g in groups] == [["a", "c"]]  # one-article events are dropped
    assert groups[0]["name"] == "summit" and "event column" in groups[0]["because"][0]


def test_inferred_groups_from_reprints_and_topic_windows():
    items = [
        {"id": "a", "topic": "t", "published": "2025-01-01"},
        {"id": "b", "topic": "t", "published": "2025-01-06"},
        {"id": "c", "topic": "t", "published": "2025-01-10"},  # 9 days after a: new window
        {"id": "d", "topic": "t", "published": "2025-01-13"},
        {"id": "e", "topic": "u", "published": "2025-01-01"},  # another topic
        {"id": "f", "topic": None, "published": None},
        {"id": "g", "topic": "t", "published": "not a date"},
    ]
    basis, groups = event_groups(items, pairs=[("e", "f", "rewrite")], days=7)
    assert basis == "inferred"
    assert [g["ids"] for g in groups] == [["a", "b"], ["c", "d"], ["e", "f"]]
    assert groups[0]["because"] == ["2 articles on topic t published 2025-01-01 to 2025-01-06"]
    assert groups[2]["because"] == ["e and f: rewrite (see Reprints)"]
    # a reprint pair joins two windows into one group
    _, joined = event_groups(items, pairs=[("b", "c", "copy")], days=7)
    assert [g["ids"] for g in joined][0] == ["a", "b", "c", "d"]
