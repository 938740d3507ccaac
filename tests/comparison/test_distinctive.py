"""Distinctive language: Monroe, Colaresi & Quinn's log-odds with an informative Dirichlet prior."""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd

from framing.comparison.distinctive import COLUMNS, count_terms, distinctive_terms, log_odds


def test_count_terms_skips_stop_words_at_ngram_edges_and_numbers():
    counts = count_terms("The Belt and Road brings win-win deals in 2024. The win-win era",
                         ngrams=3)
    assert counts["win-win"] == 2 and counts["belt"] == 1 and counts["belt and road"] == 1
    assert "the" not in counts and "and the" not in counts and "2024" not in counts
    assert counts["win-win era"] == 1
    assert count_terms("at 4 p.m. in the U.S.") == Counter()


def test_the_outlet_that_leans_on_a_word_ranks_it_first():
    texts = ["golden era golden era partnership trade"] * 3 + ["trade debt partnership"] * 3 \
        + ["trade debt protest"] * 3
    outlets = ["Star"] * 3 + ["Wire"] * 3 + ["Ledger"] * 3
    frame = distinctive_terms(texts, outlets, ngrams=1, min_count=1, top=None)
    assert list(frame.columns) == list(COLUMNS)
    star = frame[frame.outlet == "Star"].set_index("term")
    assert star.index[0] in ("golden", "era") and star.loc["golden", "z"] > 1.96
    assert star.loc["golden", "count"] == 6 and star.loc["golden", "count_rest"] == 0
    assert star.loc["trade", "z"] < 0  # used less than the rest
    assert frame[frame.outlet == "Ledger"].iloc[0].term == "protest"
    assert set(frame.outlet) == {"Star", "Wire", "Ledger"}


def test_log_odds_matches_the_formula():
    counts = {"a": Counter({"x": 5, "y": 1}), "b": Counter({"x": 1, "y": 5})}
    frame = log_odds(counts, alpha0=10.0, min_count=1, top=None).set_index(["outlet", "term"])
    a = 10.0 * 6 / 12  # prior for x: alpha0 * share of x in the corpus
    delta = math.log((5 + a) / (6 + 10 - 5 - a)) - math.log((1 + a) / (6 + 10 - 1 - a))
    z = delta / math.sqrt(1 / (5 + a) + 1 / (1 + a))
    assert frame.loc[("a", "x"), "log_odds"] == round(delta, 4)
    assert frame.loc[("a", "x"), "z"] == round(z, 4)
    assert frame.loc[("b", "x"), "z"] == -frame.loc[("a", "x"), "z"]


def test_prior_shrinks_rare_words():
    counts = {"a": Counter({"rare": 1, "common": 40}), "b": Counter({"common": 10})}
    frame = log_odds(counts, min_count=1, top=None).set_index(["outlet", "term"])
    assert abs(frame.loc[("a", "rare"), "z"]) < 1.0


def test_one_outlet_or_nothing_gives_an_empty_frame():
    assert log_odds({"a": Counter({"x": 5})}).empty
    empty = distinctive_terms([], [])
    assert isinstance(empty, pd.DataFrame) and list(empty.columns) == list(COLUMNS)
