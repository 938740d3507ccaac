"""Defaults, each stated once. Command-line flags and function arguments fall back to these."""

from __future__ import annotations

#: Output format of ``framing ingest`` and ``framing score`` when -o names a file with no
#: telling suffix (the terminal gets a table).
DEFAULT_FORMAT = "jsonl"

#: Evaluation (framing.lab.evaluate): a CoNLL-2010 sentence is predicted "uncertain" when the summed
#: weight of its hedge evidence reaches this (one full hedge, or two weak ones; boosters are not
#: subtracted). Best accuracy on the development data (0.80; 0.75 at 0.5, 0.64 at 1.5).
EVAL_CONLL2010_THRESHOLD = 1.0

#: Evaluation (framing.lab.evaluate): a SemEval-2023 paragraph is predicted to use a technique
#: (and loaded language) when the summed weight of its promotional evidence reaches this, i.e.
#: when it has any promotional evidence (lightest weight 0.5). Best F1 on the development data.
EVAL_SEMEVAL2023_THRESHOLD = 0.5

#: What a classifier model's "high" threshold can maximise on out-of-fold scores when it is
#: trained (framing train --threshold-metric; framing.lab.metrics.best_threshold).
THRESHOLD_METRICS = ("f1", "macro_f1", "accuracy")
