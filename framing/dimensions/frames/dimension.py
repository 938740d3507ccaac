"""News frames: which of the 14 policy frames an article uses, with the sentences that carry them.

The frames are those of the Policy Frames Codebook (Boydstun et al. 2014; Card et al. 2015):
economic, capacity and resources, morality, fairness and equality, legality, policy
prescription and evaluation, crime and punishment, security and defense, health and safety,
quality of life, cultural identity, public opinion, political, external regulation and
reputation. The article-level model of :mod:`framing.dimensions.frames.model` gives each frame
a calibrated probability; a frame at or above its threshold is "used".

Metrics: ``frames_<frame>`` the probability of each frame, ``frames_used`` how many frames
reach their threshold and ``frames_primary`` the primary frame (the most probable used frame,
or the most probable frame when none is used). The record's ``frames`` key holds the same with
each frame's cue density.

Evidence: for each used frame, up to :data:`SENTENCES_PER_FRAME` sentences that carry most of
its score (each at least :data:`MIN_SHARE` of it) among those holding one of its cue words:
a frame a reader is shown must be visible in the words. The row spans the sentence; its reason
names the frame, the codebook definition, the cue words found in the sentence and the model's
strongest words there. ``weight`` is
the frame's probability for the article; ``extra`` holds the sentence's share of the score
(``contribution``), the cue spans (``cues``: [start, end, text]), ``top_features``, the
``threshold`` and whether it is the ``primary`` frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import FramingError
from ...evidence import Evidence
from ...lexicon import Lexicon
from ...record import part_of
from ...registry import DimensionResult, register
from ...textunits import Document
from ..lexical import per_1k
from .model import FrameCues

#: Sentences shown per used frame, and the model features listed per sentence.
SENTENCES_PER_FRAME = 3
TOP_FEATURES = 5
#: A sentence is shown for a frame only if it carries at least this share of the frame's
#: positive sentence contributions (a stray word in a short sentence is not evidence).
MIN_SHARE = 0.15


#: The field of the scored record this dimension writes: the primary frame, the frames used,
#: each frame's probability and its cue words per 1,000 words (None for an empty text).
PART = "frames"


def frames_of(record: Any) -> dict[str, Any] | None:
    """The frames part of a scored record (a ScoredArticle or a JSONL record); None when the
    frames dimension did not run on it or the text was empty."""
    return part_of(record, PART)


@register("frames", order=60, assigns=(PART,))
class Frames:
    """Policy frames per article (a trained model and the frames cue lexicon)."""

    name = "frames"

    def __init__(self, *, lexicons: Sequence[str | Path | Lexicon] = (),
                 model: str | Path | Any = None):
        """``lexicons``: extra frames lexicons (their cues add to the shipped ones);
        ``model``: a frames model file or a loaded model (default: the shipped one)."""
        from .model import FRAME_IDS, FrameModel, load_frame_model, shipped_frame_model_path

        self.cues = FrameCues(lexicons=lexicons)
        unknown = sorted({c for c in self.cues.categories if c not in FRAME_IDS})
        if unknown:
            raise FramingError(f"frames lexicon category {unknown[0]!r} is not a frame. "
                               f"Available names: {', '.join(FRAME_IDS)}")
        if model is None:
            found = shipped_frame_model_path()
            if found is None:
                raise FramingError("the frames model is not installed (framing/data/models/"
                                   "frames.npz); train one with 'framing train "
                                   "semeval2023-frames PATH -o frames.npz'")
            with __import__("importlib").resources.as_file(found) as path:
                model = load_frame_model(path)
        elif not isinstance(model, FrameModel):
            model = load_frame_model(model)
        self.model: FrameModel = model
        shipped = self.cues.lexicons[0]
        #: frame id -> (title, codebook definition), from the lexicon's category lines
        self.definitions = {}
        for f in FRAME_IDS:
            title, _, definition = shipped.categories.get(f, f).partition(": ")
            self.definitions[f] = (title, definition or title)

    def describe(self) -> dict[str, Any]:
        return {"dimension": self.name,
                "lexicons": [lex.id for lex in self.cues.lexicons] + [self.model.id]}

    def analyze(self, doc: Document) -> DimensionResult:
        model = self.model
        cue_evidence = self.cues.analyze(doc).evidence
        item = self.cues.article_input(doc, cue_evidence)
        frames = model.frames
        if not doc.sentences:
            metrics: dict[str, Any] = {f"frames_{f}": None for f in frames}
            metrics.update({"frames_used": 0, "frames_primary": None})
            return DimensionResult([], metrics, {PART: None})
        ex = model.explain(item)
        prob = ex.prob
        used = [j for j in range(len(frames)) if prob[j] >= model.thresholds[j]]
        pool = used or list(range(len(frames)))
        primary = max(pool, key=lambda j: (prob[j], -j))
        by_sentence: dict[int, list[Evidence]] = {}
        for ev in cue_evidence:
            by_sentence.setdefault(ev.sentence, []).append(ev)
        evidence: list[Evidence] = []
        for j in used:
            evidence.extend(self._rows(doc, ex, j, j == primary, by_sentence))
        cue_totals = item.cues.sum(axis=0)
        metrics = {f"frames_{f}": round(float(prob[j]), 4) for j, f in enumerate(frames)}
        metrics["frames_used"] = len(used)
        metrics["frames_primary"] = frames[primary]
        record = {PART: {
            "primary": frames[primary],
            "used": [frames[j] for j in used],
            "probabilities": {f: round(float(prob[j]), 4) for j, f in enumerate(frames)},
            "cues_per_1k": {f: per_1k(float(cue_totals[j]), doc.n_words)
                            for j, f in enumerate(frames)},
        }}
        return DimensionResult(evidence, metrics, record)

    def _rows(self, doc: Document, ex: Any, j: int, primary: bool,
              by_sentence: dict[int, list[Evidence]]) -> list[Evidence]:
        frame = self.model.frames[j]
        title, definition = self.definitions.get(frame, (frame, frame))
        p = float(ex.prob[j])
        threshold = float(self.model.thresholds[j])
        contrib = ex.contrib[:, j]
        floor = MIN_SHARE * float(contrib[contrib > 0].sum())
        # sentences that carry the frame and hold one of its cues, strongest first
        order = [int(s) for s in np.argsort(-contrib, kind="stable")
                 if contrib[s] > 0 and contrib[s] >= floor
                 and any(e.category == frame for e in by_sentence.get(int(s), ()))]
        rows = []
        for s in sorted(order[:SENTENCES_PER_FRAME]):
            sent = doc.sentences[s]
            cues = [e for e in by_sentence[s] if e.category == frame]
            top = ex.top(s, j, TOP_FEATURES)
            words = [name for name, _ in top if not name.startswith("cues:")]
            parts = [f"{title} frame ({p:.0%} likely for this article): {definition}."]
            seen: dict[str, int] = {}
            for e in cues:
                seen[e.text.lower()] = seen.get(e.text.lower(), 0) + 1
            parts.append("Cue words here: " + ", ".join(
                f"'{w}'" + (f" (×{n})" if n > 1 else "") for w, n in seen.items()) + ".")
            if words:
                parts.append("The model's strongest words here: " + ", ".join(
                    f"'{w}'" for w in words[:4]) + ".")
            rows.append(Evidence(
                dimension=self.name, category=frame, start=sent.start, end=sent.end,
                text=doc.text[sent.start:sent.end], weight=round(p, 4),
                reason=" ".join(parts), entry="sentence",
                lexicon=self.model.id, voice=doc.voice(sent.start, sent.end), sentence=s,
                extra={"frame": title, "primary": primary, "threshold": threshold,
                       "contribution": round(float(contrib[s]), 4),
                       "cues": [[e.start, e.end, e.text] for e in cues],
                       "cue_entries": [[e.entry, e.lexicon] for e in cues],
                       "top_features": [[n, c] for n, c in top]},
            ))
        return rows
