"""Measure a dimension on a public labelled dataset: ``evaluate("conll2010", path)``.

Each dataset kind names its loader, the dimension it measures by default, how one text is
scored from that dimension's evidence, and which labels are compared. Texts are scored one by
one with ``Document.from_text`` and one dimension built once, exactly as articles are.

* ``conll2010`` — CoNLL-2010 Wikipedia sentences (Farkas et al. 2010). Score: summed weight of
  hedge-family evidence of the hedging dimension (a negated booster counts as a hedge). Boosters
  are not subtracted: a sentence with both still hedges, and subtracting them lowered accuracy
  on the development data (0.80 to 0.79). Predicted "uncertain" when the score reaches
  ``settings.EVAL_CONLL2010_THRESHOLD``.
* ``semeval2023`` — SemEval-2023 Task 3 paragraphs (Piskorski et al. 2023). Score: summed weight
  of promotional evidence, which ranked paragraphs better than the number of hits or their
  density per word on the development data. Compared with "any technique" and with the
  loaded-language group (Loaded_Language, Exaggeration-Minimisation, Flag_Waving, Slogans);
  predicted positive when the score reaches ``settings.EVAL_SEMEVAL2023_THRESHOLD``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import settings
from .datasets import load_conll2010, load_semeval2023
from .errors import UnknownNameError
from .lexicon import Lexicon
from .metrics import binary_metrics
from .registry import Dimension, DimensionResult, create
from .textunits import Document


def hedge_score(result: DimensionResult) -> float:
    """Summed weight of hedge-family evidence ("hedge.*", including negated boosters)."""
    return sum(e.weight for e in result.evidence if e.category.startswith("hedge"))


def evidence_weight(result: DimensionResult) -> float:
    """Summed weight of all evidence."""
    return sum(e.weight for e in result.evidence)


def score_texts(
    dim: Dimension, texts: Sequence[str], score: Callable[[DimensionResult], float]
) -> list[float]:
    """One score per text, each text analysed as its own document."""
    return [score(dim.analyze(Document.from_text(text))) for text in texts]


@dataclass(frozen=True)
class Kind:
    """A dataset kind: what it measures by default and how."""

    dimension: str
    run: Callable[[str | Path, Dimension], tuple[int, dict[str, Any]]]
    description: str


def _run_conll2010(path: str | Path, dim: Dimension) -> tuple[int, dict[str, Any]]:
    frame = load_conll2010(path)
    scores = score_texts(dim, frame["sentence"].tolist(), hedge_score)
    metrics = binary_metrics(frame["uncertain"], scores, settings.EVAL_CONLL2010_THRESHOLD)
    return len(frame), metrics


def _run_semeval2023(path: str | Path, dim: Dimension) -> tuple[int, dict[str, Any]]:
    frame = load_semeval2023(path)
    scores = score_texts(dim, frame["text"].tolist(), evidence_weight)
    threshold = settings.EVAL_SEMEVAL2023_THRESHOLD
    metrics: dict[str, Any] = {"threshold": threshold}
    for prefix, column in (("any", "any_technique"), ("loaded", "loaded_group")):
        m = binary_metrics(frame[column], scores, threshold)
        for key in ("auc", "f1", "precision", "recall", "accuracy", "positives"):
            metrics[f"{prefix}_{key}"] = m[key]
    return len(frame), metrics


#: Dataset kinds that ``evaluate`` knows.
KINDS: dict[str, Kind] = {
    "conll2010": Kind(
        "hedging", _run_conll2010, "CoNLL-2010 Wikipedia sentences: uncertain vs certain"
    ),
    "semeval2023": Kind(
        "promotional", _run_semeval2023,
        "SemEval-2023 Task 3 paragraphs: any technique and the loaded-language group",
    ),
}


def evaluate(
    kind: str,
    path: str | Path,
    *,
    dimension: str | Dimension | None = None,
    lexicons: Sequence[str | Path | Lexicon] = (),
) -> dict[str, Any]:
    """Score every item of a dataset and compare with its labels.

    ``dimension`` is a registered name (default: the kind's own) or an already built
    dimension; ``lexicons`` are extra lexicon files or names added to a dimension built here.
    Returns ``{"dataset", "path", "dimension", "lexicons", "n", "metrics"}``.
    """
    if kind not in KINDS:
        raise UnknownNameError("dataset kind", kind, KINDS)
    spec = KINDS[kind]
    if dimension is None or isinstance(dimension, str):
        dim = create(dimension or spec.dimension, lexicons=tuple(lexicons))
    else:
        if lexicons:
            raise ValueError("pass lexicons when naming a dimension, not with a built one")
        dim = dimension
    n, metrics = spec.run(path, dim)
    described = dim.describe()
    return {
        "dataset": kind,
        "path": str(path),
        "dimension": dim.name,
        "lexicons": list(described.get("lexicons", [])),
        "n": n,
        "metrics": metrics,
    }
