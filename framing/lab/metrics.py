"""Evaluation metrics, computed one way for every dataset (scikit-learn underneath)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn import metrics as skm


def binary_metrics(
    y_true: Sequence[bool] | np.ndarray, y_score: Sequence[float] | np.ndarray, threshold: float
) -> dict[str, float | int | None]:
    """Accuracy, precision, recall and F1 of ``y_score >= threshold``, and ROC AUC of the score.

    ``y_true`` holds the positive class as True (or 1). Values are rounded to 4 places; ``auc``
    is None when only one class is present. ``n`` counts the items, ``positives`` the true ones.
    """
    truth = np.asarray(y_true, dtype=bool)
    score = np.asarray(y_score, dtype=float)
    if truth.shape != score.shape:
        raise ValueError(f"{truth.size} labels but {score.size} scores")
    pred = score >= threshold
    both = len(np.unique(truth)) == 2
    auc = round(float(skm.roc_auc_score(truth, score)), 4) if both else None
    return {
        "n": int(truth.size),
        "positives": int(truth.sum()),
        "threshold": threshold,
        "accuracy": round(float(skm.accuracy_score(truth, pred)), 4) if truth.size else 0.0,
        "precision": round(float(skm.precision_score(truth, pred, zero_division=0)), 4),
        "recall": round(float(skm.recall_score(truth, pred, zero_division=0)), 4),
        "f1": round(float(skm.f1_score(truth, pred, zero_division=0)), 4),
        "auc": auc,
    }
