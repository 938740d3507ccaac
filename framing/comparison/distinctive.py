"""Distinctive language: which words one outlet uses more than the others, with a z-score.

The weighted log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi & Quinn
(2008, "Fightin' Words", *Political Analysis* 16(4)), comparing each outlet with all the
others pooled, for any number of outlets. For term *w*, outlet *i* and the rest *j*:

    δ_w = log((y_iw + α_w) / (n_i + α_0 − y_iw − α_w))
          − log((y_jw + α_w) / (n_j + α_0 − y_jw − α_w))
    σ²_w ≈ 1 / (y_iw + α_w) + 1 / (y_jw + α_w),     z_w = δ_w / σ_w

The prior α_w = α_0 · p_w takes p_w from the whole corpus, so rare words are shrunk towards
"not distinctive" and a word used twice by a small outlet does not top the list. A z-score
above about 1.96 means the difference is unlikely to be a sampling accident *given the prior*;
it says which words an outlet leans on, not why.

Memory: one term counter per outlet (grows with the vocabulary, not the number of articles).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

#: Words (letters, inner hyphens/apostrophes); numbers are left out.
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

#: Defaults: total prior pseudo-count, smallest count of a term in the corpus, terms per outlet.
#: ``alpha0=None`` sets the prior's weight to ``prior_share`` of the corpus' term count, so the
#: shrinkage is the same on a corpus of ten articles and of ten thousand.
DEFAULTS = {"alpha0": None, "prior_share": 0.1, "min_count": 3, "top": 15, "ngrams": 2}

#: Columns of :func:`log_odds`.
COLUMNS = ("outlet", "term", "z", "log_odds", "count", "count_rest", "rank")


#: Never the first or last word of a term: stop words (and, below, single letters such as the
#: "p" and "m" of "p.m." or the "s" of "U.S.").
_SKIP = ENGLISH_STOP_WORDS


def count_terms(text: str, *, ngrams: int = DEFAULTS["ngrams"]) -> Counter[str]:
    """Unigram (and up to ``ngrams``-gram) counts of a text; stop words and single letters
    never start or end an n-gram, so "the Belt and Road" counts "belt and road" but not
    "and the", and "4 p.m." counts nothing."""
    words = [w.lower().replace("’", "'") for w in _TOKEN.findall(text)]
    counts: Counter[str] = Counter()
    for n in range(1, ngrams + 1):
        for k in range(len(words) - n + 1):
            gram = words[k:k + n]
            if gram[0] in _SKIP or gram[-1] in _SKIP or len(gram[0]) < 2 or len(gram[-1]) < 2:
                continue
            counts[" ".join(gram)] += 1
    return counts


def log_odds(
    counts: Mapping[str, Counter[str]],
    *,
    alpha0: float | None = DEFAULTS["alpha0"],
    prior_share: float = DEFAULTS["prior_share"],
    min_count: int = DEFAULTS["min_count"],
    top: int | None = DEFAULTS["top"],
) -> pd.DataFrame:
    """Each group (outlet) against the rest: the ``top`` terms by z-score (all when ``None``).

    ``counts`` maps an outlet to its term counts (see :func:`count_terms`). Returns one row per
    outlet and term with the z-score, the log-odds ratio δ, the outlet's count and the rest's.
    ``alpha0``: the prior's total pseudo-count (default: ``prior_share`` of the corpus' count).
    With a single outlet there is nothing to compare and the frame is empty.
    """
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    vocab = sorted(t for t, n in total.items() if n >= min_count)
    grand = sum(total[t] for t in vocab)
    rows = []
    # one outlet, or a single term in the vocabulary (its share is 1 everywhere): nothing to
    # compare, and the log-odds would divide by zero
    if len(counts) < 2 or len(vocab) < 2:
        return pd.DataFrame(rows, columns=list(COLUMNS))
    if alpha0 is None:
        alpha0 = max(1.0, prior_share * grand)
    for outlet in sorted(counts):
        own = counts[outlet]
        n_i = sum(own[t] for t in vocab)
        n_j = grand - n_i
        scored = []
        for t in vocab:
            a = alpha0 * total[t] / grand
            y_i = own.get(t, 0)
            y_j = total[t] - y_i
            delta = (math.log((y_i + a) / (n_i + alpha0 - y_i - a))
                     - math.log((y_j + a) / (n_j + alpha0 - y_j - a)))
            z = delta / math.sqrt(1.0 / (y_i + a) + 1.0 / (y_j + a))
            scored.append((z, delta, t, y_i, y_j))
        scored.sort(key=lambda r: (-r[0], r[2]))
        if top is not None:
            scored = [r for r in scored if r[3] > 0][:top]
        for rank, (z, delta, t, y_i, y_j) in enumerate(scored, start=1):
            rows.append({"outlet": outlet, "term": t, "z": round(z, 4),
                         "log_odds": round(delta, 4), "count": y_i, "count_rest": y_j,
                         "rank": rank})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def distinctive_terms(
    texts: Iterable[str], outlets: Iterable[str], *, ngrams: int = DEFAULTS["ngrams"], **options
) -> pd.DataFrame:
    """:func:`log_odds` of texts grouped by their outlet (``texts`` and ``outlets`` aligned)."""
    counts: dict[str, Counter[str]] = {}
    for text, outlet in zip(texts, outlets, strict=True):
        counts.setdefault(str(outlet), Counter()).update(count_terms(text, ngrams=ngrams))
    return log_odds(counts, **options)


__all__ = ["count_terms", "log_odds", "distinctive_terms", "COLUMNS", "DEFAULTS"]
