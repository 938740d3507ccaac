"""Promotional phrasing: hyperbole, glittering generalities, slogans, metaphors, flag-waving."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..evidence import Evidence
from ..lexicon import Lexicon, Match
from ..registry import register
from ..textunits import Document
from .lexical import LexicalDimension, per_1k
from .sense import SenseModel, load_sense_model, read_sense_model


@register("promotional", order=10)
class Promotional(LexicalDimension):
    """Loaded, hyperbolic and slogan language and how dense it is."""

    name = "promotional"
    lexicon_names = ("promotional",)

    def __init__(self, *, lexicons: Sequence[str | Path | Lexicon] = (),
                 sense: str | Path | SenseModel | None = "shipped"):
        """``sense``: the sense model that keeps only hits used in their loaded sense
        (:mod:`framing.dimensions.sense`): "shipped", a path to a model file, or None to
        report every lexicon hit."""
        super().__init__(lexicons=lexicons)
        if sense == "shipped":
            sense = load_sense_model()
        elif isinstance(sense, (str, Path)):
            sense = read_sense_model(sense)
        self.sense: SenseModel | None = sense

    def describe(self) -> dict[str, Any]:
        out = super().describe()
        out["sense_model"] = self.sense.id if self.sense is not None else None
        return out

    def refine(self, doc: Document, matches: list[Match],
               evidence: list[Evidence]) -> list[Evidence]:
        """Of the hits of entries with the rule ``sense`` (a loaded and a plain sense), keep
        those the sense model reads as loaded; their reason says how likely."""
        wanted = [k for k, m in enumerate(matches) if "sense" in m.entry.rules]
        if self.sense is None or not wanted:
            return evidence
        probs = dict(zip(wanted, self.sense.probabilities(
            doc, [(m.i, m.j, m.entry) for m in matches], wanted)))
        cut, model = self.sense.threshold, self.sense.id
        out = []
        for k, e in enumerate(evidence):
            p = probs.get(k)
            if p is None:
                out.append(e)
            elif p >= cut:
                out.append(dataclasses.replace(
                    e, reason=f"{e.reason} (sense model {model}: loaded sense {p:.0%} likely)",
                    extra={"sense_probability": round(p, 3)}))
        return out

    def metrics(self, evidence: list[Evidence], doc: Document) -> dict[str, float | None]:
        n = doc.n_words
        m = {
            "promotional_per_1k": per_1k(len(evidence), n),
            "promotional_weight_per_1k": per_1k(sum(e.weight for e in evidence), n),
            "promotional_author_per_1k": per_1k(
                sum(e.voice == "author" for e in evidence), n
            ),
            "promotional_quoted_per_1k": per_1k(
                sum(e.voice == "quoted" for e in evidence), n
            ),
            "promotional_sentence_share": (
                round(len({e.sentence for e in evidence}) / len(doc.sentences), 4)
                if doc.sentences else None
            ),
        }
        for cat in self.categories:
            m[f"promotional_{cat}_per_1k"] = per_1k(
                sum(e.category == cat for e in evidence), n
            )
        return m
