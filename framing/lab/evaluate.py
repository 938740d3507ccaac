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
* ``semeval2023-frames`` — SemEval-2023 Task 3 subtask 2 whole articles and their 14 policy
  frames: the frames dimension's per-frame figures beside the lexicon alone and the
  majority-frames baseline (see :func:`_run_semeval_frames`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import settings
from ..dimensions import create
from ..errors import UnknownNameError
from ..lexicon import Lexicon
from ..registry import Dimension, DimensionResult
from ..textunits import Document
from .datasets import load_conll2010, load_semeval2023
from .metrics import binary_metrics


def hedge_score(result: DimensionResult) -> float:
    """Summed weight of hedge-family evidence ("hedge.*", including negated boosters)."""
    return sum(e.weight for e in result.evidence if e.category.startswith("hedge"))


def evidence_weight(result: DimensionResult) -> float:
    """Summed weight of all evidence."""
    return sum(e.weight for e in result.evidence)


def analyze_texts(dim: Dimension, texts: Sequence[str]) -> list[DimensionResult]:
    """The dimension's result for each text, each analysed as its own document."""
    return [dim.analyze(Document.from_text(text)) for text in texts]


def score_texts(
    dim: Dimension, texts: Sequence[str], score: Callable[[DimensionResult], float]
) -> list[float]:
    """One score per text, each text analysed as its own document."""
    return [score(result) for result in analyze_texts(dim, texts)]


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
    model: Any = None,
) -> dict[str, Any]:
    """Score every item of a dataset and compare with its labels.

    ``dimension`` is a registered name (default: the kind's own) or an already built
    dimension; ``lexicons`` are extra lexicon files or names added to a dimension built here.
    ``model`` (a model file or a loaded :class:`framing.dimensions.classifier.models.TextModel`)
    measures that classifier instead (see :func:`evaluate_model`); for ``semeval2023-frames``
    it is a frames model file that the frames dimension uses instead of the shipped one.
    Returns ``{"dataset", "path", "dimension", "lexicons", "n", "metrics"}``, and
    ``"sense_model"`` for the promotional dimension.
    """
    if kind not in KINDS:
        raise UnknownNameError("dataset kind", kind, KINDS)
    spec = KINDS[kind]
    if model is not None and spec.dimension == "frames":  # the frames model is the dimension's
        if dimension is not None:
            raise ValueError("give either a model or a dimension, not both")
        dimension = create("frames", lexicons=tuple(lexicons), model=model)
        lexicons = ()
    elif model is not None:
        if dimension is not None or lexicons:
            raise ValueError("give either a model or a dimension/lexicons, not both")
        return evaluate_model(kind, path, model)
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
        # the promotional sense model that filters the lexicon's two-sense hits, when there is one
        **({"sense_model": described["sense_model"]} if "sense_model" in described else {}),
        "n": n,
        "metrics": metrics,
    }


# --------------------------------------------------------------------------------------------
# BABE and BASIL (lexicon dimensions), and trained classifier models on any kind


def _words_in(text: str, spans: Sequence[tuple[int, int]]) -> set[tuple[int, str]]:
    """(position, lower-case word) of every word token inside the character spans."""
    import re

    out = set()
    for m in re.finditer(r"\w+(?:[-'’]\w+)*", text):
        if any(a <= m.start() and m.end() <= b for a, b in spans):
            out.add((m.start(), m.group().lower()))
    return out


def _loaded_words(results: Sequence[DimensionResult], texts: Sequence[str],
                  gold: Sequence[Sequence[tuple[int, int]]]) -> dict[str, float]:
    """Word-level precision and recall of the evidence spans against gold loaded-word spans."""
    tp = fp = fn = 0
    for result, text, spans in zip(results, texts, gold):
        found = _words_in(text, [(e.start, e.end) for e in result.evidence])
        truth = _words_in(text, spans)
        tp += len(found & truth)
        fp += len(found - truth)
        fn += len(truth - found)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"words_precision": round(precision, 4), "words_recall": round(recall, 4),
            "words_f1": round(f1, 4)}


def _word_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of each listed word in the sentence (every whole-word occurrence)."""
    import re

    spans = []
    for word in words:
        if word.strip():
            for m in re.finditer(r"(?<!\w)" + re.escape(word.strip()) + r"(?!\w)", text,
                                 flags=re.IGNORECASE):
                spans.append((m.start(), m.end()))
    return spans


def _run_babe(path: str | Path, dim: Dimension) -> tuple[int, dict[str, Any]]:
    from sklearn.metrics import f1_score

    from .datasets import load_babe

    frame = load_babe(path)
    texts = frame["text"].tolist()
    gold = [_word_spans(t, w) for t, w in zip(texts, frame["biased_words"])]
    metrics, scores = _loaded_sentences(dim, texts, frame["biased"], gold)
    pred = [s >= settings.EVAL_SEMEVAL2023_THRESHOLD for s in scores]
    metrics["macro_f1"] = round(float(f1_score(frame["biased"], pred, average="macro")), 4)
    return len(frame), metrics


def _run_basil(path: str | Path, dim: Dimension) -> tuple[int, dict[str, Any]]:
    from .datasets import load_basil

    frame = load_basil(path)
    gold = [[(s["start"], s["end"]) for s in spans if s["bias"] == "lex"]
            for spans in frame["spans"]]
    metrics, _ = _loaded_sentences(dim, frame["text"].tolist(), frame["lex"], gold)
    return len(frame), metrics


def _loaded_sentences(
    dim: Dimension, texts: list[str], labels: Any, gold: list[list[tuple[int, int]]]
) -> tuple[dict[str, Any], list[float]]:
    """Sentence metrics of the summed evidence weight against ``labels``, plus word-level
    precision/recall of the evidence against the ``gold`` loaded-word spans; and the scores."""
    results = analyze_texts(dim, texts)
    scores = [evidence_weight(r) for r in results]
    metrics: dict[str, Any] = binary_metrics(labels, scores, settings.EVAL_SEMEVAL2023_THRESHOLD)
    metrics.update(_loaded_words(results, texts, gold))
    return metrics, scores


KINDS["babe"] = Kind(
    "promotional", _run_babe,
    "BABE sentences: biased vs non-biased, and the marked loaded words",
)
KINDS["basil"] = Kind(
    "promotional", _run_basil,
    "BASIL sentences: with a lexical-bias span or not, and the words of those spans",
)


# --------------------------------------------------------------------------------------------
# PolNeAR (attribution relations)

POLNEAR_ROLES = ("source", "cue", "content")
#: The PolNeAR part measured when the folder holds dev/ and train/: rules were tuned on dev.
POLNEAR_SPLIT = "dev"
_EDGE = " \t\n,.;:!?\"'“”‘’()[]—–-"


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """A span without spaces, quotation marks and punctuation at its edges."""
    while a < b and text[a] in _EDGE:
        a += 1
    while b > a and text[b - 1] in _EDGE:
        b -= 1
    return a, b


def _span_key(text: str, parts: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    return tuple(sorted(_trim(text, a, b) for a, b in parts))


def _overlaps(x: Sequence[tuple[int, int]], y: Sequence[tuple[int, int]]) -> bool:
    return any(a < d and c < b for a, b in x for c, d in y)


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def attribution_spans(result: DimensionResult) -> list[dict[str, Any]]:
    """The attributions in a result as {"source", "cue", "content"} lists of (start, end)."""
    relations: dict[int, dict[str, list[tuple[int, int]]]] = {}
    for e in result.evidence:
        extra = e.extra or {}
        role = extra.get("role")
        if role in POLNEAR_ROLES:
            rel = relations.setdefault(extra["attribution"], {r: [] for r in POLNEAR_ROLES})
            rel[role].append((e.start, e.end))
    return [relations[k] for k in sorted(relations)]


def polnear_scores(
    items: Sequence[tuple[str, list[dict], list[dict], list[dict[str, Any]]]],
) -> dict[str, Any]:
    """Span and relation precision/recall/F1 from (text, gold spans, gold relations, predicted
    relations) per annotated document.

    Spans are compared per role (Source, Cue, Content). *Exact*: the same character spans
    once spaces, quotation marks and punctuation at the edges are trimmed (a discontinuous
    span must match in every part). *Overlap*: a predicted span counts as correct when it
    shares a character with a gold span of the same role, and a gold span counts as found when
    some predicted span shares a character with it. A *relation* is correct when its cue,
    source and content each overlap those of one gold relation (a gold relation with no source
    needs none).
    """
    counts = {
        (role, mode): [0, 0, 0, 0] for role in POLNEAR_ROLES for mode in ("exact", "overlap")
    }
    rel_counts = [0, 0, 0, 0]
    for text, spans, gold_rel, predicted in items:
        by_id = {s["id"]: s for s in spans}
        for role in POLNEAR_ROLES:
            gold = [s["parts"] for s in spans if s["type"].lower() == role]
            pred = [p[role] for p in predicted if p[role]]
            gold_keys = {_span_key(text, g) for g in gold}
            pred_keys = {_span_key(text, p) for p in pred}
            c = counts[(role, "exact")]
            c[0] += len(pred_keys & gold_keys)
            c[1] += len(pred_keys)
            c[2] += len(pred_keys & gold_keys)
            c[3] += len(gold_keys)
            c = counts[(role, "overlap")]
            c[0] += sum(any(_overlaps(p, g) for g in gold) for p in pred)
            c[1] += len(pred)
            c[2] += sum(any(_overlaps(p, g) for p in pred) for g in gold)
            c[3] += len(gold)
        gold_triples = []
        for r in gold_rel:
            triple = {}
            for role in POLNEAR_ROLES:
                ident = r.get(role)
                triple[role] = by_id[ident]["parts"] if ident in by_id else None
            gold_triples.append(triple)

        def match(p: dict, g: dict) -> bool:
            return all(
                g[role] is None or (p[role] and _overlaps(p[role], g[role]))
                for role in POLNEAR_ROLES
            )

        rel_counts[0] += sum(any(match(p, g) for g in gold_triples) for p in predicted)
        rel_counts[1] += len(predicted)
        rel_counts[2] += sum(any(match(p, g) for p in predicted) for g in gold_triples)
        rel_counts[3] += len(gold_triples)
    metrics: dict[str, Any] = {}
    for (role, mode), c in counts.items():
        for key, value in _prf(*c).items():
            metrics[f"{role}_{mode}_{key}"] = value
    for key, value in _prf(*rel_counts).items():
        metrics[f"relation_{key}"] = value
    metrics["gold_relations"] = rel_counts[3]
    metrics["predicted_relations"] = rel_counts[1]
    return metrics


def _run_polnear(path: str | Path, dim: Dimension) -> tuple[int, dict[str, Any]]:
    from .datasets import load_polnear

    frame = load_polnear(path, split=POLNEAR_SPLIT)
    predicted: dict[str, list[dict[str, Any]]] = {}
    for name, text in zip(frame["name"], frame["text"]):
        if name not in predicted:
            predicted[name] = attribution_spans(dim.analyze(Document.from_text(text)))
    items = [
        (text, spans, relations, predicted[name])
        for name, text, spans, relations in zip(
            frame["name"], frame["text"], frame["spans"], frame["relations"]
        )
    ]
    metrics = polnear_scores(items)
    metrics["split"] = str(frame["split"].iloc[0])
    metrics["documents"] = len(predicted)
    metrics["per_text"] = polnear_scores(one_annotation_per_text(frame["name"], items))
    return len(frame), metrics


def one_annotation_per_text(names: Sequence[str], items: Sequence[Any]) -> list[Any]:
    """The item of each text's first annotation file (by sorted file name), in text order.

    The main PolNeAR scores count every annotation file, so a text that several annotators
    marked counts several times (two dev texts have six files each: 12 of 94 rows). This
    counts each text once. The first file is taken, not the one that best matches the
    predictions, so the choice does not depend on the system being measured."""
    first: dict[str, Any] = {}
    for name, item in zip(names, items):
        first.setdefault(name, item)
    return list(first.values())


KINDS["polnear"] = Kind(
    "attribution", _run_polnear,
    "PolNeAR political news: source, cue and content spans and whole attribution relations",
)

# --------------------------------------------------------------------------------------------
# SemEval-2023 subtask 2 (the frames of whole articles)


def _run_semeval_frames(path: str | Path, dim: Dimension) -> tuple[int, dict[str, Any]]:
    """Per-frame precision, recall, F1 and ROC AUC and micro-/macro-F1 of the frames
    dimension, beside the lexicon alone (each frame's cue density, cut where it gave the best
    F1 on the model's training data) and the majority-frames baseline (the frames that more
    than half of the model's training articles have, given to every article)."""
    import numpy as np

    from ..dimensions.frames.dimension import frames_of
    from ..dimensions.frames.model import (
        cue_features,
        frame_metrics,
        label_matrix,
        majority_baseline,
    )
    from ..errors import FramingError
    from .datasets import load_semeval_frames

    model = getattr(dim, "model", None)
    if model is None or not hasattr(model, "thresholds"):
        raise FramingError("semeval2023-frames measures the frames dimension; "
                           f"{dim.name!r} gives no frames")
    frame = load_semeval_frames(path)
    frames = list(model.frames)
    Y = label_matrix(frame["frames"].tolist(), frames)
    prob = np.zeros(Y.shape)
    lex = np.zeros(Y.shape)
    for i, text in enumerate(frame["text"]):
        record = frames_of(dim.analyze(Document.from_text(text)).record)
        if record is None:  # an empty article: no frame
            continue
        prob[i] = [record["probabilities"][f] for f in frames]
        lex[i] = cue_features(np.array([record["cues_per_1k"][f] for f in frames]), 1000)
    info = model.info
    cuts = np.array([info.get("lexicon_thresholds", {}).get(f, np.inf) for f in frames])
    prevalence = np.array([info.get("prevalence", {}).get(f, 0.0) for f in frames])
    base = majority_baseline(prevalence[None, :], len(Y))
    metrics = {
        "model": frame_metrics(Y, prob, prob >= model.thresholds, frames),
        "lexicon": frame_metrics(Y, lex, lex >= cuts, frames),
        "majority": frame_metrics(Y, base.astype(float), base, frames),
        "majority_frames": [f for f, on in zip(frames, base[0] if len(base) else []) if on],
        "missing_articles": len(frame.attrs.get("missing", [])),
        "model_trained_on": info.get("data"),
    }
    return len(frame), metrics


def frames_table(metrics: dict[str, Any]) -> str:
    """The figures of a semeval2023-frames evaluation as a plain-text table: per frame the
    model's precision, recall, F1 and ROC AUC, with the lexicon's and the baseline's F1."""
    m, lex, base = metrics["model"], metrics["lexicon"], metrics["majority"]
    lines = [f"{'frame':<24} {'n':>4} {'P':>6} {'R':>6} {'F1':>6} {'AUC':>6} "
             f"{'lex F1':>7} {'lex AUC':>7} {'base F1':>7}"]
    for name, v in m["frames"].items():
        lv, bv = lex["frames"][name], base["frames"][name]

        def num(x: Any) -> str:
            return "-" if x is None else f"{x:.3f}"

        lines.append(f"{name:<24} {v['positives']:>4} {num(v['precision']):>6} "
                     f"{num(v['recall']):>6} {num(v['f1']):>6} {num(v['auc']):>6} "
                     f"{num(lv['f1']):>7} {num(lv['auc']):>7} {num(bv['f1']):>7}")
    for key in ("micro_f1", "macro_f1"):
        lines.append(f"{key.replace('_f1', '-F1'):<24} {m['n']:>4} {'':>6} {'':>6} {m[key]:>6.3f} "
                     f"{'':>6} {lex[key]:>7.3f} {'':>7} {base[key]:>7.3f}")
    return "\n".join(lines)


KINDS["semeval2023-frames"] = Kind(
    "frames", _run_semeval_frames,
    "SemEval-2023 Task 3 subtask 2 articles: the 14 policy frames of each article",
)

#: For each dataset kind, the label column a classifier task is compared with, and the
#: column that groups units into articles (context and the neighbouring units).
MODEL_LABELS: dict[str, tuple[dict[str, str], str | None]] = {
    "semeval2023": ({"loaded": "loaded_group", "persuasion": "any_technique"}, "article_id"),
    "conll2010": ({"uncertainty": "uncertain"}, None),
    "babe": ({"bias": "biased"}, None),
    "basil": ({"bias": "lex", "loaded": "lex"}, "article_id"),
}


def evaluate_model(kind: str, path: str | Path, model: Any) -> dict[str, Any]:
    """Measure a trained classifier on a dataset: precision, recall, F1 at the model's
    calibrated threshold, ROC AUC, macro-F1 and a calibration summary."""
    from sklearn.metrics import f1_score

    from ..dimensions.classifier.features import grouped_context_frame
    from ..dimensions.classifier.models import TextModel, load_model
    from ..errors import FramingError
    from .training import calibration_summary, labelled_table

    if not isinstance(model, TextModel):
        model = load_model(model)
    if kind not in MODEL_LABELS:
        raise UnknownNameError("dataset kind for a model", kind, MODEL_LABELS)
    labels, group = MODEL_LABELS[kind]
    if model.task not in labels:
        raise FramingError(
            f"a {model.task!r} model cannot be measured on {kind} data, which labels "
            f"{', '.join(sorted(labels))}"
        )
    if kind == "basil":
        from .datasets import load_basil

        frame = load_basil(path)
    else:
        frame = labelled_table(kind, [path])
    uses_context = any(len(cols) > 1 or cols[0] != "text" for _n, cols, _t in model.blocks)
    X = grouped_context_frame(frame, group=group if uses_context else None)
    prob = model.predict_proba(X)
    truth = frame[labels[model.task]].to_numpy(dtype=bool)
    metrics: dict[str, Any] = binary_metrics(truth, prob, model.threshold)
    metrics["macro_f1"] = round(
        float(f1_score(truth, prob >= model.threshold, average="macro")), 4
    )
    metrics["calibration"] = calibration_summary(truth, prob)
    return {
        "dataset": kind, "path": str(path), "dimension": "classifier", "model": model.id,
        "task": model.task, "lexicons": [model.id], "n": len(frame), "metrics": metrics,
    }
