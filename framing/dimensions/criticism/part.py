"""The criticism dimension's part of the scored record, and its typed reader.

Kept apart from :mod:`.dimension` so that what only reads records (the topic tally, corpus
gaps, the views) need not load the dimension's rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...record import part_of

#: The fields of the scored record this dimension writes: ``topic`` (the profile used: id,
#: version, how it was chosen; None when none fits), ``topic_reason`` (why that profile, or why
#: none) and ``aspects`` (one dict per concern of the profile: aspect, label, status, voiced_by,
#: dismissed_by, sentences).
PARTS = ("topic", "topic_reason", "aspects")


@dataclass(frozen=True)
class CriticismPart:
    """The criticism dimension's part of one scored record."""

    topic: dict[str, Any] | None
    topic_reason: str | None
    aspects: list[dict[str, Any]]

    @property
    def topic_id(self) -> str | None:
        return (self.topic or {}).get("id")

    @property
    def topic_key(self) -> str | None:
        """``id@version`` of the profile, None when no profile fitted."""
        return f"{self.topic['id']}@{self.topic['version']}" if self.topic else None


def criticism_of(record: Any) -> CriticismPart | None:
    """The criticism part of a scored record (a ScoredArticle or a JSONL record); None when the
    criticism dimension did not run on it."""
    missing = object()
    topic, aspects = part_of(record, "topic", missing), part_of(record, "aspects", missing)
    if topic is missing and aspects is missing:
        return None
    return CriticismPart(None if topic is missing else topic, part_of(record, "topic_reason"),
                         list(aspects if aspects is not missing and aspects else []))
