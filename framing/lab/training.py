"""Training the sentence classifiers with scikit-learn: pipelines, honest cross-validation, and
the conversion of a fitted pipeline into the plain parameters a model file holds.

Scoring never imports this module (nor scikit-learn): a trained model is a
:class:`framing.dimensions.classifier.models.TextModel` whose TF-IDF blocks are
:class:`~framing.dimensions.classifier.models.TfidfBlock` parameters and whose lexicon blocks
are :class:`~framing.dimensions.classifier.features.LexiconCounter`. Here:

* :class:`LexiconFeatures` — the lexicon counter as a scikit-learn transformer (parameters only
  stored in ``__init__``, ``fit`` learns the category list, ``get_feature_names_out`` names each
  column and ``set_output(transform="pandas")`` works);
* :func:`build_pipeline`, :func:`cross_validate`, :func:`train` — the model of a task, with
  out-of-fold metrics; Platt scaling on out-of-fold scores calibrates the probability, and the
  threshold that gives the best out-of-fold F1 (macro-F1 for bias: ``Task.threshold_metric``)
  marks "high". Cross-validation keeps every article's units on one side of each split;
* :func:`model_from_pipeline` and :func:`sklearn_vectorizer` — a fitted ``TfidfVectorizer`` to
  a :class:`TfidfBlock` and back (the tests check that both give the same numbers).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted, validate_data

from .._version import __version__
from ..dimensions.classifier.features import (
    LexiconCounter,
    as_text,
    grouped_context_frame,
)
from ..dimensions.classifier.models import (
    KIND_TASKS,
    TASKS,
    TFIDF_PARAMS,
    THRESHOLD_METRICS,
    Task,
    TextModel,
    TfidfBlock,
    task_named,
)
from ..errors import FramingError, UnknownNameError
from .metrics import best_threshold, calibration_summary


class LexiconFeatures(TransformerMixin, BaseEstimator, LexiconCounter):
    """:class:`~framing.dimensions.classifier.features.LexiconCounter` as a scikit-learn
    transformer: weighted lexicon hits per category for each text cell of a 2-D input.

    Every input column is one text field (for example ``text`` and ``context``); each gives one
    output column per lexicon category plus one total per dimension. Non-text cells are read
    as text; missing cells as empty.

    Parameters
    ----------
    dimensions : tuple of str
        Registered lexicon dimensions to count (default: promotional and hedging).
    per_word : bool
        Divide each cell's weights by its number of words.
    """

    # __init__ (dimensions, per_word) is LexiconCounter's: scikit-learn reads its parameters
    # from that signature for get_params and clone

    def _check_fitted(self) -> None:
        check_is_fitted(self)

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=None, ensure_all_finite="allow-nan", reset=True)
        self._build()
        return self

    def transform(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=None, ensure_all_finite="allow-nan", reset=False)
        n_cat = len(self.categories_)
        out = np.zeros((X.shape[0], X.shape[1] * n_cat), dtype=np.float64)
        for j in range(X.shape[1]):
            cells = [as_text(v) for v in X[:, j]]
            for i, text in enumerate(cells):
                out[i, j * n_cat:(j + 1) * n_cat] = self.count(text)
        return out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.allow_nan = True  # a missing text cell reads as empty text
        return tags


# --------------------------------------------------------------------------------------------
# Training data


def labelled_table(kind: str, paths: Sequence[str | Path]) -> pd.DataFrame:
    """The rows of one or more datasets of ``kind`` (one loader per format, from datasets)."""
    from . import datasets

    loaders = {
        "semeval2023": datasets.load_semeval2023,
        "conll2010": datasets.load_conll2010,
    }
    if hasattr(datasets, "load_babe"):
        loaders["babe"] = datasets.load_babe
    if kind not in loaders:
        raise UnknownNameError("training data kind", kind, loaders)
    frames = [loaders[kind](p) for p in paths]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if kind == "conll2010":
        frame = frame.rename(columns={"sentence": "text"})
    return frame


def model_input(frame: pd.DataFrame, task: Task) -> pd.DataFrame:
    """The CONTEXT_COLUMNS table of a labelled dataset (neighbours within each article)."""
    return grouped_context_frame(frame, group=task.group if task.context else None)


# --------------------------------------------------------------------------------------------
# The pipeline


def build_pipeline(task: Task, *, seed: int = 0) -> Pipeline:
    """The untrained scikit-learn pipeline for a task (input: a CONTEXT_COLUMNS table)."""
    blocks: list[tuple[str, Any, Any]] = [
        ("word", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                 max_features=task.max_word), "text"),
    ]
    if task.max_char:
        blocks.append(("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=3,
                                               sublinear_tf=True, max_features=task.max_char),
                       "text"))
    blocks.append(("lexicon", LexiconFeatures(), ["text"]))
    if task.context:
        blocks.append(("context", LexiconFeatures(per_word=True), ["context", "article"]))
    return Pipeline([
        ("features", ColumnTransformer(blocks, sparse_threshold=1.0)),
        ("model", LogisticRegression(C=task.C, max_iter=2000, random_state=seed)),
    ])


def _f32(values: np.ndarray) -> np.ndarray:
    """Round to float32 precision (what files store), kept as float64 for computing."""
    return np.asarray(values, dtype=np.float32).astype(np.float64)


# --------------------------------------------------------------------------------------------
# Training with honest numbers


def _folds(y: np.ndarray, groups: np.ndarray | None, n_splits: int, seed: int):
    if groups is None:
        return StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(y, y)
    return StratifiedGroupKFold(n_splits, shuffle=True, random_state=seed).split(y, y, groups)


def _platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(scores.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def cross_validate(
    X: pd.DataFrame, y: np.ndarray, groups: np.ndarray | None, task: Task, *,
    folds: int = 5, seed: int = 0,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Out-of-fold decision scores and metrics; each fold's threshold and calibration are
    chosen on the other folds' out-of-fold predictions, never on the fold itself."""
    from sklearn import metrics as skm

    scores = np.zeros(len(y))
    split = list(_folds(y, groups, folds, seed))
    for train, test in split:
        pipe = build_pipeline(task, seed=seed).fit(X.iloc[train], y[train])
        scores[test] = pipe.decision_function(X.iloc[test])
    pred = np.zeros(len(y), dtype=bool)
    prob = np.zeros(len(y))
    for _train, test in split:
        rest = np.setdiff1d(np.arange(len(y)), test)
        a, b = _platt(scores[rest], y[rest])
        p_rest = 1 / (1 + np.exp(-(a * scores[rest] + b)))
        cut = best_threshold(p_rest, y[rest], task.threshold_metric)
        prob[test] = 1 / (1 + np.exp(-(a * scores[test] + b)))
        pred[test] = prob[test] >= cut
    metrics = {
        "n": int(len(y)), "positives": int(y.sum()), "folds": folds,
        "grouped_by": task.group if groups is not None else None,
        "threshold_metric": task.threshold_metric,
        "accuracy": round(float(skm.accuracy_score(y, pred)), 4),
        "precision": round(float(skm.precision_score(y, pred, zero_division=0)), 4),
        "recall": round(float(skm.recall_score(y, pred, zero_division=0)), 4),
        "f1": round(float(skm.f1_score(y, pred, zero_division=0)), 4),
        "macro_f1": round(float(skm.f1_score(y, pred, average="macro")), 4),
        "auc": round(float(skm.roc_auc_score(y, scores)), 4),
        "calibration": calibration_summary(y, prob),
    }
    return scores, metrics


def train(
    kind: str, paths: Sequence[str | Path], *, task: str | None = None, seed: int = 0,
    folds: int = 5, evaluate: bool = True, threshold_metric: str | None = None,
) -> tuple[TextModel, dict[str, Any]]:
    """Train a task's model on datasets of ``kind``; returns the model and its CV metrics.

    The same data and seed give the same model. Calibration and threshold come from the
    out-of-fold scores (when ``evaluate``; else from the training scores); the threshold
    maximises ``threshold_metric`` (default: the task's own, see :data:`THRESHOLD_METRICS`).
    """
    spec = task_named(task or KIND_TASKS.get(kind, ""))
    if threshold_metric is not None:
        if threshold_metric not in THRESHOLD_METRICS:
            raise UnknownNameError("threshold metric", threshold_metric, THRESHOLD_METRICS)
        spec = dataclasses.replace(spec, threshold_metric=threshold_metric)
    frame = labelled_table(kind, paths)
    if spec.label not in frame.columns:
        raise FramingError(f"task {spec.name!r} needs a {spec.label!r} column, which "
                           f"{kind} data does not have")
    X = model_input(frame, spec)
    y = frame[spec.label].to_numpy(dtype=bool)
    if len(np.unique(y)) < 2:
        raise FramingError(f"task {spec.name!r}: the training data has only one class")
    groups = frame[spec.group].astype(str).to_numpy() if spec.group in frame.columns else None
    metrics: dict[str, Any] = {}
    if evaluate:
        scores, metrics = cross_validate(X, y, groups, spec, folds=folds, seed=seed)
    pipe = build_pipeline(spec, seed=seed).fit(X, y)
    if not evaluate:
        scores = pipe.decision_function(X)
    a, b = _platt(scores, y)
    threshold = best_threshold(1 / (1 + np.exp(-(a * scores + b))), y, spec.threshold_metric)
    info = {
        "description": spec.description, "reason": spec.reason, "kind": kind,
        "data": [str(p) for p in paths], "n": int(len(y)), "seed": seed,
        "threshold_metric": spec.threshold_metric,
        "trained": _dt.date.today().isoformat(), "framing": __version__,
        "cv": metrics,
    }
    model = model_from_pipeline(pipe, spec.name, (a, b), threshold, info)
    return model, metrics

# --------------------------------------------------------------------------------------------
# A fitted pipeline as plain parameters, and back


def tfidf_block(tr: TfidfVectorizer) -> TfidfBlock:
    """The parameters of a fitted vectorizer (idf as it is; see :func:`model_from_pipeline`)."""
    params = {k: tr.get_params()[k] for k in TFIDF_PARAMS}
    return TfidfBlock(tr.vocabulary_, tr.idf_, **params)


def sklearn_vectorizer(block: TfidfBlock) -> TfidfVectorizer:
    """A fitted ``TfidfVectorizer`` with a block's parameters (to check a block against
    scikit-learn's own transform)."""
    params = block.get_params()
    params["ngram_range"] = tuple(params["ngram_range"])
    tr = TfidfVectorizer(**params)
    tr.vocabulary_ = dict(block.vocabulary_)
    tr.idf_ = block.idf_.copy()
    return tr


def tfidf_transform(tr: TfidfVectorizer, texts: list[str], analysed: dict | None = None
                    ) -> sparse.csr_matrix:
    """``tr.transform(texts)`` computed by :meth:`TfidfBlock.transform` (``analysed`` shares
    the n-grams of each text between vectorizers with the same analyzer settings)."""
    return tfidf_block(tr).transform(texts, analysed)


def model_from_pipeline(
    pipe: Pipeline, task: str, calibration: tuple[float, float], threshold: float,
    info: dict[str, Any],
) -> TextModel:
    """The fitted pipeline's parameters, rounded to the precision files store: TF-IDF blocks
    become :class:`TfidfBlock`, lexicon blocks :class:`LexiconCounter`."""
    ct: ColumnTransformer = pipe.named_steps["features"]
    blocks: list[tuple[str, list[str], Any]] = []
    for name, _tr, cols in ct.transformers:
        fitted = ct.named_transformers_[name]
        columns = [cols] if isinstance(cols, str) else list(cols)
        if isinstance(fitted, TfidfVectorizer):
            block: Any = tfidf_block(fitted)
            block.idf_ = _f32(block.idf_)
        elif isinstance(fitted, LexiconCounter):
            block = LexiconCounter(dimensions=tuple(fitted.dimensions),
                                   per_word=bool(fitted.per_word)).fit_columns(columns)
        else:  # pragma: no cover - build_pipeline makes only these two
            raise TypeError(f"cannot keep a block of type {type(fitted).__name__}")
        blocks.append((name, columns, block))
    lr: LogisticRegression = pipe.named_steps["model"]
    return TextModel(
        task=task, blocks=blocks, coef=_f32(lr.coef_.ravel()),
        intercept=float(_f32(lr.intercept_)[0]),
        calibration=(float(calibration[0]), float(calibration[1])),
        threshold=float(threshold), info=info,
    )


__all__ = [
    "KIND_TASKS", "LexiconFeatures", "TASKS", "THRESHOLD_METRICS", "Task", "best_threshold",
    "build_pipeline", "calibration_summary", "cross_validate", "labelled_table",
    "model_from_pipeline", "model_input", "sklearn_vectorizer", "tfidf_block",
    "tfidf_transform", "train",
]
