"""The shared machinery of lexicon-based dimensions: match, apply context rules, emit evidence."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..evidence import Evidence
from ..lexicon import Lexicon, Match, Matcher, apply_rules, load_for_dimension
from ..registry import DimensionResult
from ..textunits import Document


def per_1k(count: float, n_words: int) -> float | None:
    """A rate per 1,000 words; None (empty, not zero) for a text with no words."""
    return round(1000.0 * count / n_words, 4) if n_words else None


class LexicalDimension:
    """A dimension whose evidence comes from its lexicon family.

    Subclasses set ``name`` and ``lexicon_names`` and implement ``metrics``; they may override
    ``on_negated`` to say what a negation does to an entry of theirs.
    """

    name = ""
    lexicon_names: tuple[str, ...] = ()

    def __init__(self, *, lexicons: Sequence[str | Path | Lexicon] = ()):
        loaded = load_for_dimension(self.name, self.lexicon_names, lexicons)
        self.lexicons = loaded
        self.matcher = Matcher(loaded)
        #: Every category the loaded lexicons declare, in file order (stable metric columns).
        self.categories = list(dict.fromkeys(c for lex in loaded for c in lex.categories))

    def describe(self) -> dict[str, Any]:
        return {"dimension": self.name, "lexicons": [lex.id for lex in self.lexicons]}

    def on_negated(self, match: Match) -> tuple[str, str] | None:
        """(category, reason) for a negated match, or None to drop it."""
        return None

    def refine(self, doc: Document, matches: list[Match],
               evidence: list[Evidence]) -> list[Evidence]:
        """The evidence to report, given each finding's match (same order); all by default."""
        return evidence

    def analyze(self, doc: Document) -> DimensionResult:
        evidence = []
        kept: list[Match] = []
        for match in self.matcher.find(doc):
            outcome = apply_rules(doc, match)
            if outcome == "drop":
                continue
            category, reason = match.entry.category, match.entry.reason
            if outcome == "negated":
                flipped = self.on_negated(match)
                if flipped is None:
                    continue
                category, reason = flipped
            start = doc.token_starts[match.i]
            end = doc.token_ends[match.j - 1]
            evidence.append(
                Evidence(
                    dimension=self.name, category=category, start=start, end=end,
                    text=doc.text[start:end], weight=match.entry.weight, reason=reason,
                    entry=match.entry.pattern, lexicon=match.entry.lexicon,
                    voice=doc.voice(start, end), sentence=doc.token_sentence[match.i],
                )
            )
            kept.append(match)
        evidence = self.refine(doc, kept, evidence)
        return DimensionResult(evidence, self.metrics(evidence, doc))

    def metrics(self, evidence: list[Evidence], doc: Document) -> dict[str, float]:
        raise NotImplementedError
