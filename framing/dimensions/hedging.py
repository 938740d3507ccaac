"""Hedging and certainty after Hyland (2005): hedges against boosters, with negation handled."""

from __future__ import annotations

from ..evidence import Evidence
from ..lexicon import Match
from ..registry import register
from ..textunits import Document
from .lexical import LexicalDimension, per_1k


def family(category: str) -> str:
    """'hedge' or 'booster' from a category such as 'booster.adverb'."""
    return category.split(".", 1)[0]


def certainty_balance(boosters: float, hedges: float) -> float | None:
    """(boosters - hedges) / (boosters + hedges): +1 all certainty, -1 all doubt, None if none."""
    total = boosters + hedges
    return round((boosters - hedges) / total, 4) if total else None


@register("hedging", order=20)
class Hedging(LexicalDimension):
    """Hedges ("may", "reportedly") and boosters ("undoubtedly", "a given")."""

    name = "hedging"
    lexicon_names = ("hedging",)

    def on_negated(self, match: Match) -> tuple[str, str] | None:
        if family(match.entry.category) == "booster":
            return (
                "hedge.negated_booster",
                f"hedge: a negated booster ('not {match.entry.pattern}') admits doubt",
            )
        return match.entry.category, match.entry.reason  # "may not", "not likely": still doubt

    def metrics(self, evidence: list[Evidence], doc: Document) -> dict[str, float | None]:
        n = doc.n_words
        hedges = [e for e in evidence if family(e.category) == "hedge"]
        boosters = [e for e in evidence if family(e.category) == "booster"]
        h_auth = [e for e in hedges if e.voice == "author"]
        b_auth = [e for e in boosters if e.voice == "author"]
        return {
            "hedging_hedges_per_1k": per_1k(len(hedges), n),
            "hedging_boosters_per_1k": per_1k(len(boosters), n),
            "hedging_certainty_balance": certainty_balance(len(boosters), len(hedges)),
            "hedging_author_hedges_per_1k": per_1k(len(h_auth), n),
            "hedging_author_boosters_per_1k": per_1k(len(b_auth), n),
            "hedging_author_certainty_balance": certainty_balance(len(b_auth), len(h_auth)),
        }
