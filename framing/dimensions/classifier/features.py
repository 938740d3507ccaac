"""Features for the sentence classifiers: lexicon counts, and context.

:class:`LexiconCounter` turns text into the weighted counts of every lexicon category of
the lexicon dimensions (promotional, hedging), so a learned model can use what the curated
lexicons know and a reader can see which category pushed a score. It is what a loaded model
counts with, and needs no scikit-learn; for training pipelines,
:class:`framing.lab.training.LexiconFeatures` extends it into a scikit-learn transformer.

:func:`context_frame` builds the model input for the units of an article: the unit's text, the
text of its neighbours and the article's whole text (persuasion clusters by article, so a
sentence in a heavily loaded article is more likely loaded itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ... import registry
from ...evidence import Evidence
from ...textunits import Document
from .. import hedging, promotional  # noqa: F401  (registers the default lexicon dimensions)

if TYPE_CHECKING:  # pandas loads only where a table is asked for
    import pandas as pd

#: Lexicon dimensions whose categories become features by default.
DEFAULT_DIMENSIONS = ("promotional", "hedging")

#: Columns of the model input built by :func:`context_frame`.
CONTEXT_COLUMNS = ("text", "context", "article")

#: Counts already computed, by (lexicon ids, per_word, text): cross-validation and the
#: article column ask for the same text many times. Cleared when it grows past the limit.
_CACHE: dict[tuple, np.ndarray] = {}
_CACHE_LIMIT = 100_000


class LexiconCounter:
    """Weighted lexicon hits per category for text cells.

    Each text column a model reads (for example ``text`` and ``context``) gives one output
    column per lexicon category (``promotional:hyperbole``, ``hedging:hedge.modal``, …)
    plus one total per dimension (``promotional:total``, counting every finding, including
    categories a dimension adds itself such as negated boosters). Values are summed entry
    weights, divided by the cell's word count when ``per_word`` is true (for long contexts
    such as a whole article). :meth:`fit_columns` names the columns; :meth:`count` counts one
    text.

    Parameters
    ----------
    dimensions : tuple of str
        Registered lexicon dimensions to count (default: promotional and hedging).
    per_word : bool
        Divide each cell's weights by its number of words.
    """

    def __init__(self, dimensions: Sequence[str] = DEFAULT_DIMENSIONS, per_word: bool = False):
        self.dimensions = dimensions
        self.per_word = per_word

    def _check_fitted(self) -> None:
        if not hasattr(self, "categories_"):
            raise ValueError(f"this {type(self).__name__} is not fitted yet: call fit_columns "
                             "with the names of its text columns")

    def fit_columns(self, columns: Sequence[str]) -> LexiconCounter:
        """Fit without data: the names of the text columns are all this transformer learns
        (what loading a saved model needs, without building a table to validate)."""
        self.feature_names_in_ = np.asarray([str(c) for c in columns], dtype=object)
        self.n_features_in_ = len(self.feature_names_in_)
        self._build()
        return self

    def _build(self) -> None:
        dims = [_dimension(name) for name in self.dimensions]
        names: list[str] = []
        for dim in dims:
            cats = getattr(dim, "categories", None)
            if cats is None:
                raise ValueError(f"dimension {dim.name!r} is not a lexicon dimension")
            names.extend(f"{dim.name}:{c}" for c in cats)
            names.append(f"{dim.name}:total")
        self._dims = dims
        self._index = {name: i for i, name in enumerate(names)}
        self.categories_ = np.asarray(names, dtype=object)
        self.lexicons_ = [lid for d in dims for lid in d.describe().get("lexicons", [])]

    def count(self, text: str) -> np.ndarray:
        """The feature vector of one text (categories_ order)."""
        self._check_fitted()
        if not hasattr(self, "_dims"):  # fitted attributes restored without the dimensions
            self._build()
        key = (tuple(self.lexicons_), tuple(self.categories_), self.per_word, text)
        cached = _CACHE.get(key)
        if cached is not None:
            return cached.copy()
        row = self._count(text)
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[key] = row
        return row

    def _count(self, text: str) -> np.ndarray:
        if not text or not text.strip():
            return np.zeros(len(self.categories_))
        doc = Document.from_text(text)
        return self.evidence_row(self.find(doc), doc.n_words)

    def find(self, doc: Document) -> list[Evidence]:
        """The findings of this transformer's dimensions in a document."""
        self._check_fitted()
        if not hasattr(self, "_dims"):
            self._build()
        return [ev for dim in self._dims for ev in dim.analyze(doc).evidence]

    def evidence_row(self, evidence: Iterable[Evidence], n_words: int) -> np.ndarray:
        """The feature vector of a text from findings already made in it (the same arithmetic
        as :meth:`count`; lets a caller that has analysed a whole article reuse its evidence
        for the article's sentences)."""
        if not hasattr(self, "_index"):
            self._check_fitted()
            self._build()
        index = self._index
        row = np.zeros(len(self.categories_))
        for ev in evidence:
            total = index.get(f"{ev.dimension}:total")
            if total is None:
                continue
            row[total] += ev.weight
            col = index.get(f"{ev.dimension}:{ev.category}")
            if col is not None:
                row[col] += ev.weight
        if self.per_word:
            row /= max(n_words, 1)
        return row

    def evidence_rows(self, evidence: Sequence[Evidence], members: Sequence[int],
                      groups: Sequence[int], words: Sequence[int]) -> np.ndarray:
        """:meth:`evidence_row` for several groups of findings at once: row ``g`` of the result
        sums the findings ``evidence[members[x]]`` with ``groups[x] == g``, in that order, and
        divides by ``words[g]`` when ``per_word`` (the same additions in the same order, so
        the same values)."""
        if not hasattr(self, "_index"):
            self._check_fitted()
            self._build()
        index = self._index
        width = len(self.categories_)
        total = np.fromiter((index.get(f"{ev.dimension}:total", -1) for ev in evidence),
                            np.int64, len(evidence))
        own = np.fromiter((index.get(f"{ev.dimension}:{ev.category}", -1) for ev in evidence),
                          np.int64, len(evidence))
        weight = np.fromiter((ev.weight for ev in evidence), np.float64, len(evidence))
        members = np.asarray(members, dtype=np.int64)
        base = np.asarray(groups, dtype=np.int64) * width
        t, c = total[members], own[members]
        # each finding adds to its dimension's total, then to its category (as evidence_row)
        keys = np.column_stack([base + t, base + c]).ravel()
        valid = np.column_stack([t >= 0, (t >= 0) & (c >= 0)]).ravel()
        values = np.repeat(weight[members], 2)
        rows = np.bincount(keys[valid], values[valid], minlength=len(words) * width)
        rows = rows.astype(np.float64, copy=False).reshape(len(words), width)  # none: ints
        if self.per_word:
            rows /= np.maximum(np.asarray(words, dtype=np.int64), 1)[:, None]
        return rows

    def get_feature_names_out(self, input_features=None):
        self._check_fitted()
        if input_features is None:
            input_features = getattr(self, "feature_names_in_", None)
        if input_features is None:
            input_features = [f"x{i}" for i in range(self.n_features_in_)]
        elif len(input_features) != self.n_features_in_:
            raise ValueError(
                f"input_features has {len(input_features)} names, expected {self.n_features_in_}"
            )
        return np.asarray(
            [f"{col}__{cat}" for col in input_features for cat in self.categories_], dtype=object
        )


_BUILT: dict[str, object] = {}


#: Options of the counted dimensions: the features are the lexicon hits themselves, as the
#: shipped models were trained on, so the promotional sense model does not filter them.
COUNT_OPTIONS = {"promotional": {"sense": None}}


def _dimension(name: str):
    """The registered dimension ``name`` with its shipped lexicons, built once per process
    (building one parses its lexicon files; every transformer and model shares it)."""
    if name not in _BUILT:
        _BUILT[name] = registry.create(name, **COUNT_OPTIONS.get(name, {}))
    return _BUILT[name]


def as_text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return value if isinstance(value, str) else str(value)


def neighbours(texts: Sequence[str], window: int = 1) -> list[str]:
    """For each text, the texts up to ``window`` places before and after it, joined."""
    out = []
    for i in range(len(texts)):
        around = [*texts[max(i - window, 0):i], *texts[i + 1:i + 1 + window]]
        out.append(" ".join(t for t in around if t))
    return out


def context_frame(
    texts: Sequence[str], *, article: str | None = None, window: int = 1
) -> pd.DataFrame:
    """Model input for the units (sentences, paragraphs) of ONE article, in reading order.

    Columns ``text``, ``context`` (the neighbouring units) and ``article`` (the whole
    article; by default the units joined with line breaks).
    """
    import pandas as pd

    texts = [str(t) for t in texts]
    whole = article if article is not None else "\n".join(texts)
    return pd.DataFrame({
        "text": texts,
        "context": neighbours(texts, window),
        "article": [whole] * len(texts),
    })


def grouped_context_frame(
    frame: pd.DataFrame, *, text: str = "text", group: str | None = None, window: int = 1
) -> pd.DataFrame:
    """:func:`context_frame` for every group (article) of a labelled table, in row order.

    Without ``group`` each row stands alone (empty context, the article is the row itself).
    The result keeps ``frame``'s index.
    """
    import pandas as pd

    if group is None:
        texts = frame[text].astype(str)
        return pd.DataFrame(
            {"text": texts, "context": "", "article": texts}, index=frame.index
        )
    parts = []
    for _, rows in frame.groupby(group, sort=False):
        part = context_frame(rows[text].astype(str).tolist(), window=window)
        part.index = rows.index
        parts.append(part)
    return pd.concat(parts).loc[frame.index]
