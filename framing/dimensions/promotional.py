"""Promotional phrasing: hyperbole, glittering generalities, slogans, metaphors, flag-waving."""

from __future__ import annotations

from ..evidence import Evidence
from ..registry import register
from ..textunits import Document
from .lexical import LexicalDimension, per_1k


@register("promotional", order=10)
class Promotional(LexicalDimension):
    """Loaded, hyperbolic and slogan language and how dense it is."""

    name = "promotional"
    lexicon_names = ("promotional",)

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
