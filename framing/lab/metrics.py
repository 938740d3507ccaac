"""Evaluation metrics, computed one way for every dataset (scikit-learn underneath)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn import metrics as skm

from ..errors import UnknownNameError
from ..settings import THRESHOLD_METRICS


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


def best_threshold(prob: np.ndarray, y: np.ndarray, metric: str = "f1") -> float:
    """The probability cut that gives the best ``metric`` ("f1" of the label, "macro_f1" or
    "accuracy"); among equally good cuts, the lowest."""
    if metric == "f1":
        precision, recall, cuts = skm.precision_recall_curve(y, prob)
        f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
        i = int(np.nanargmax(f1[:-1])) if len(cuts) else 0
        return round(float(cuts[i]), 4) if len(cuts) else 0.5
    if metric not in ("macro_f1", "accuracy"):
        raise UnknownNameError("threshold metric", metric, THRESHOLD_METRICS)
    prob = np.asarray(prob, dtype=float)
    y = np.asarray(y, dtype=bool)
    cuts = np.unique(prob)
    if len(cuts) == 0:
        return 0.5
    # predictions prob >= cut: counts of positives and negatives at or above each cut
    tp = len(prob[y]) - np.searchsorted(np.sort(prob[y]), cuts, side="left")
    fp = len(prob[~y]) - np.searchsorted(np.sort(prob[~y]), cuts, side="left")
    fn, tn = y.sum() - tp, (~y).sum() - fp
    if metric == "accuracy":
        score = (tp + tn) / len(y)
    else:
        score = (tp / np.maximum(2 * tp + fp + fn, 1) + tn / np.maximum(2 * tn + fn + fp, 1))
    return round(float(cuts[int(np.argmax(score))]), 4)


def calibration_summary(y: np.ndarray, prob: np.ndarray, bins: int = 5) -> dict[str, Any]:
    """Brier score, expected calibration error and a reliability table (mean predicted vs
    observed rate per probability bin)."""
    y = np.asarray(y, dtype=float)
    prob = np.asarray(prob, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(prob, edges[1:-1]), 0, bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        mask = which == b
        if not mask.any():
            continue
        mean_p, rate = float(prob[mask].mean()), float(y[mask].mean())
        ece += mask.mean() * abs(mean_p - rate)
        table.append({"bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}", "n": int(mask.sum()),
                      "mean_prob": round(mean_p, 4), "observed": round(rate, 4)})
    return {"brier": round(float(np.mean((prob - y) ** 2)), 4), "ece": round(float(ece), 4),
            "reliability": table}
