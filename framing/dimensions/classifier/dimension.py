"""Learned sentence scores beside the lexicon evidence: loaded language, persuasion, bias, doubt.

Each model (:mod:`framing.dimensions.classifier.models`) gives every sentence a calibrated
probability for its task. The record's ``classifier`` field holds them all: for each task the
model's id, its threshold and one probability per sentence (rounded to 4 places, in the order
of the record's ``sentences``).

Evidence rows are made for the sentences at or above a model's calibrated threshold only
("high"). The row spans the sentence, its ``weight`` is the probability, its ``lexicon`` the
model's versioned id, and ``extra`` holds the features that pushed the score up most
(``top_features``, computed for these sentences only), the number of lexicon findings in the
sentence (``lexicon_hits``), ``high`` and ``threshold``, and how model and lexicon agree
(``agreement``: both or model_only here; for the other sentences lexicon_only or neither follow
from the probabilities and the lexicon's evidence). A sentence the model rates high with no
lexicon hit, or one the lexicon flags that the model rates low, is where a reader learns what
each method sees.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import FramingError
from ...evidence import Evidence
from ...record import part_of
from ...registry import DimensionResult, register
from ...textunits import Document

if TYPE_CHECKING:  # scikit-learn is imported only when a model is used
    from .models import TextModel

#: Which lexicon findings count as "the lexicon fired" for each task: (dimension, category
#: prefix). The disagreement between the model and these is shown, not hidden.
LEXICON_SIDE = {
    "loaded": ("promotional", ""),
    "persuasion": ("promotional", ""),
    "bias": ("promotional", ""),
    "uncertainty": ("hedging", "hedge"),
}
#: Features listed per sentence in ``extra["top_features"]``.
TOP_FEATURES = 5


def shipped_models(base: Any = None) -> list[str]:
    """Paths of the model files that ship in framing/data/models/ (none if not trained).

    Only files named after a task (``loaded.npz``, ``bias.json``, …) count: the folder also
    holds other components' parameters and the model card.
    """
    from .models import TASKS

    if base is None:
        try:
            base = resources.files("framing.data").joinpath("models")
        except ModuleNotFoundError:  # pragma: no cover - source checkout without install
            base = Path(__file__).resolve().parents[2] / "data" / "models"
    if not base.is_dir():
        return []
    return sorted(
        str(p) for p in base.iterdir()
        if p.name.endswith((".npz", ".json")) and p.name.rsplit(".", 1)[0] in TASKS
    )


#: The field of the scored record this dimension writes: per model task, the model's id, its
#: calibrated threshold and every sentence's probability, in sentence order.
PART = "classifier"


def classifier_of(record: Any) -> dict[str, Any] | None:
    """The classifier part of a scored record (a ScoredArticle or a JSONL record); None when
    the classifier dimension did not run on it (or had no models)."""
    return part_of(record, PART)


@register("classifier", order=50, requires=("promotional", "hedging"), assigns=(PART,))
class Classifier:
    """Sentence probabilities from trained models (default: the shipped ones)."""

    name = "classifier"

    def __init__(
        self, *, lexicons: Sequence[Any] = (),
        models: Sequence[str | Path | TextModel] | None = None,
    ):
        """``models``: model files or loaded models, one per task (default: the shipped
        ones; an empty list runs none)."""
        if lexicons:
            raise FramingError("the classifier dimension takes models (--model), not lexicons")
        chosen = shipped_models() if models is None else list(models)
        if chosen:
            from .models import TextModel, load_model
        self.models: list[TextModel] = []
        seen: dict[str, str] = {}
        for item in chosen:
            model = item if isinstance(item, TextModel) else load_model(item)
            if model.task in seen:
                raise FramingError(
                    f"two models for task {model.task!r} ({seen[model.task]} and {model.id}); "
                    "give one per task"
                )
            seen[model.task] = model.id
            self.models.append(model)

    def describe(self) -> dict[str, Any]:
        return {"dimension": self.name, "lexicons": [m.id for m in self.models]}

    def analyze(self, doc: Document) -> DimensionResult:
        if not self.models:
            return DimensionResult()
        if not doc.sentences:
            return DimensionResult([], self._empty_metrics(), {PART: {
                m.task: {"model": m.id, "threshold": m.threshold, "probabilities": []}
                for m in self.models}})
        from .features import neighbours

        texts = [doc.text[s.start:s.end] for s in doc.sentences]
        columns = {"text": texts, "context": neighbours(texts), "article": [doc.text] * len(texts)}
        lookup = _ArticleLexicon(doc, columns)
        scored = self._model_set().predict_explain(columns, TOP_FEATURES, lookup, high_only=True)
        evidence: list[Evidence] = []
        metrics: dict[str, float] = {}
        field: dict[str, Any] = {}
        for model, (probs, tops) in zip(self.models, scored):
            hits = self._lexicon_hits(doc, model.task)
            reason = model.info.get("reason") or f"the model's probability for {model.task}"
            threshold = model.threshold
            values = probs.tolist()
            field[model.task] = {"model": model.id, "threshold": threshold,
                                 "probabilities": [round(p, 4) for p in values]}
            for i in [i for i, p in enumerate(values) if p >= threshold]:
                sent, p, top = doc.sentences[i], values[i], tops[i]
                high = True
                level = "at or above"
                n_hits = None if hits is None else hits.get(i, 0)
                evidence.append(Evidence(
                    dimension=self.name, category=model.task, start=sent.start, end=sent.end,
                    text=texts[i], weight=round(p, 4),
                    reason=f"{model.task}: {reason} (probability {p:.2f}, {level} the "
                           f"calibrated threshold {threshold:.2f})",
                    entry="sentence", lexicon=model.id, voice=doc.voice(sent.start, sent.end),
                    sentence=i,
                    extra={"top_features": [[f, c] for f, c in top],
                           "lexicon_hits": n_hits, "high": high,
                           "agreement": _agreement(high, n_hits),
                           "threshold": threshold},
                ))
            metrics[f"classifier_{model.task}_mean"] = round(float(probs.mean()), 4)
            metrics[f"classifier_{model.task}_share_high"] = round(
                float((probs >= model.threshold).mean()), 4
            )
        return DimensionResult(evidence, metrics, {PART: field})

    def _model_set(self) -> Any:
        """The models as one :class:`framing.dimensions.classifier.models.ModelSet` (rebuilt if
        ``models`` changed)."""
        current = getattr(self, "_set", None)
        if current is None or len(current.models) != len(self.models) or any(
            a is not b for a, b in zip(current.models, self.models)
        ):
            from .models import ModelSet

            current = self._set = ModelSet(self.models)
        return current

    def _empty_metrics(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for model in self.models:
            out[f"classifier_{model.task}_mean"] = None  # type: ignore[assignment]
            out[f"classifier_{model.task}_share_high"] = None  # type: ignore[assignment]
        return out

    @staticmethod
    def _lexicon_hits(doc: Document, task: str) -> dict[int, int] | None:
        """Findings per sentence of the task's lexicon dimension; None when it did not run."""
        dim, prefix = LEXICON_SIDE.get(task, ("promotional", ""))
        result = doc.results.get(dim)
        counts: dict[int, int] = {}
        if result is None:
            return None
        for ev in result.evidence:
            if ev.category.startswith(prefix):
                counts[ev.sentence] = counts.get(ev.sentence, 0) + 1
        return counts


def _agreement(high: bool, hits: int | None) -> str | None:
    """How the model and the lexicon agree on a sentence: "both", "model_only" (high with no
    lexicon hit), "lexicon_only" (the lexicon fires, the model rates it low) or "neither";
    None when the lexicon dimension did not run."""
    if hits is None:
        return None
    if high:
        return "both" if hits else "model_only"
    return "lexicon_only" if hits else "neither"


class _ArticleLexicon:
    """Lexicon feature rows of an article's sentences, their neighbours and the whole article,
    taken from the lexicon dimensions' findings in the article (already made when those
    dimensions ran) instead of analysing every sentence again on its own."""

    def __init__(self, doc: Document, frame: Any):
        self.doc = doc
        n = len(doc.sentences)
        per_sentence = Counter(map(doc.token_sentence.__getitem__, doc.word_indices))
        self.words = [per_sentence[i] for i in range(n)]
        # which sentences each distinct cell text stands for
        self.cells: dict[str, list[int]] = {}
        for i, text in enumerate(frame["text"]):
            self.cells.setdefault(text, [i])
        for i, text in enumerate(frame["context"]):
            self.cells.setdefault(text, [j for j in (i - 1, i + 1) if 0 <= j < n])
        self.cells.setdefault(doc.text, list(range(n)))
        self.found: dict[tuple[str, ...], dict[int, list[Evidence]]] = {}

    def _by_sentence(self, tr: Any) -> dict[int, list[Evidence]]:
        key = tuple(tr.dimensions)
        if key not in self.found:
            evidence: list[Evidence] = []
            for name in key:
                result = self.doc.results.get(name)
                if result is None:  # the dimension was not run: find its evidence once here
                    evidence.extend(e for e in tr.find(self.doc) if e.dimension == name)
                else:
                    evidence.extend(result.evidence)
            grouped: dict[int, list[Evidence]] = {}
            for ev in evidence:
                grouped.setdefault(ev.sentence, []).append(ev)
            self.found[key] = grouped
        return self.found[key]

    def matrix(self, tr: Any, cells: Sequence[str]):
        """The rows of many cells at once (``tr.evidence_rows``): the same values as calling
        this object for each cell; None when a cell is not one of the article's."""
        lists = [self.cells.get(text) for text in cells]
        if any(sentences is None for sentences in lists):
            return None
        grouped = self._by_sentence(tr)
        order = sorted(i for i in grouped if isinstance(i, int))
        evidence = [ev for i in order for ev in grouped[i]]
        first: dict[int, int] = {}
        at = 0
        for i in order:
            first[i] = at
            at += len(grouped[i])
        slot: dict[int, int] = {}
        which = [slot.setdefault(id(sentences), len(slot)) for sentences in lists]
        distinct = list({id(s): s for s in lists}.values())
        members: list[int] = []
        groups: list[int] = []
        for g, sentences in enumerate(distinct):
            for i in sentences:
                if i in first:
                    count = len(grouped[i])
                    members.extend(range(first[i], first[i] + count))
                    groups.extend([g] * count)
        words = [sum(self.words[i] for i in sentences) for sentences in distinct]
        return tr.evidence_rows(evidence, members, groups, words)[which]

    def __call__(self, tr: Any, text: str):
        sentences = self.cells.get(text)
        if sentences is None:
            return None
        grouped = self._by_sentence(tr)
        evidence = [ev for i in sentences for ev in grouped.get(i, ())]
        return tr.evidence_row(evidence, sum(self.words[i] for i in sentences))
