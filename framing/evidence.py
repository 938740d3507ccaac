"""The one evidence format every dimension produces and every view renders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

#: Column order of evidence tables (``extra`` is kept as a dict column).
EVIDENCE_COLUMNS = (
    "dimension", "category", "start", "end", "text", "weight", "reason",
    "entry", "lexicon", "voice", "sentence", "extra",
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One finding: the exact words (``text`` == article text[start:end]) and why they count.

    ``entry`` is the lexicon pattern or rule that fired, ``lexicon`` the versioned id of where
    it lives ("promotional@1.0.0"), ``voice`` whose words they are ("author" or "quoted"), and
    ``reason`` a sentence a student can read. ``extra`` carries dimension-specific links
    (for example the source and cue of an attribution).
    """

    dimension: str
    category: str
    start: int
    end: int
    text: str
    weight: float
    reason: str
    entry: str = ""
    lexicon: str = ""
    voice: str = "author"
    sentence: int = -1
    extra: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        # field by field, not dataclasses.asdict or fields(): this runs for every finding
        # of every article (about 200 per article with the classifier models)
        return {
            "dimension": self.dimension, "category": self.category, "start": self.start,
            "end": self.end, "text": self.text, "weight": self.weight, "reason": self.reason,
            "entry": self.entry, "lexicon": self.lexicon, "voice": self.voice,
            "sentence": self.sentence, "extra": dict(self.extra) if self.extra else {},
        }


assert tuple(f.name for f in fields(Evidence)) == EVIDENCE_COLUMNS
assert tuple(Evidence("d", "c", 0, 0, "", 0.0, "").to_dict()) == EVIDENCE_COLUMNS
