"""Hedging and certainty after Hyland (2005): hedges against boosters, with negation handled.

Not every hedge is doubt. The certainty balance weighs the *epistemic* hedges (may, might,
perhaps, reportedly, it seems, it is unclear) against the boosters; approximators ("many",
"several", "almost"), vague sources ("experts say", "others") and "potential" are counted as
their own metrics, because they make a text vague or unsourced without making it unsure.
"""

from __future__ import annotations

from ..evidence import Evidence
from ..lexicon import Match
from ..registry import register
from ..textunits import Document
from .lexical import LexicalDimension, per_1k

#: What each kind of hedging finding is, for the metrics, the chart and the worksheets.
KINDS = ("epistemic", "approximator", "vague_source", "potential", "booster")


def family(category: str) -> str:
    """'hedge' or 'booster' from a category such as 'booster.adverb'."""
    return category.split(".", 1)[0]


def kind(category: str, text: str = "") -> str:
    """The kind of a hedging finding: one of ``KINDS``.

    ``hedge.approximator`` is an approximator and ``hedge.vague_source`` a vague source; a hedge
    whose words start with "potential" ("potential buyers") is "potential"; every other hedge
    (modal, epistemic verb or adverb, shield, phrase, negated booster) is epistemic."""
    if family(category) == "booster":
        return "booster"
    if category == "hedge.approximator":
        return "approximator"
    if category == "hedge.vague_source":
        return "vague_source"
    if text[:9].lower() == "potential":
        return "potential"
    return "epistemic"


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
        by_kind: dict[str, list[Evidence]] = {k: [] for k in KINDS}
        for e in evidence:
            by_kind[kind(e.category, e.text)].append(e)
        doubt, boosters = by_kind["epistemic"], by_kind["booster"]
        d_auth = [e for e in doubt if e.voice == "author"]
        b_auth = [e for e in boosters if e.voice == "author"]

        def weight(items: list[Evidence]) -> float:
            return sum(e.weight for e in items)

        return {
            "hedging_hedges_per_1k": per_1k(len(doubt), n),
            "hedging_boosters_per_1k": per_1k(len(boosters), n),
            "hedging_certainty_balance": certainty_balance(weight(boosters), weight(doubt)),
            "hedging_author_hedges_per_1k": per_1k(len(d_auth), n),
            "hedging_author_boosters_per_1k": per_1k(len(b_auth), n),
            "hedging_author_certainty_balance": certainty_balance(
                weight(b_auth), weight(d_auth)),
            "hedging_approximators_per_1k": per_1k(len(by_kind["approximator"]), n),
            "hedging_vague_sources_per_1k": per_1k(len(by_kind["vague_source"]), n),
            "hedging_potential_per_1k": per_1k(len(by_kind["potential"]), n),
        }
