"""The article record that every stage passes on: cleaned text plus metadata with provenance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Metadata fields every article has (``None`` when unknown), in output order.
CORE_FIELDS = ("title", "outlet", "author", "published", "url")


@dataclass
class Article:
    """One news article after ingestion and cleaning.

    ``text`` is what a reader of the article reads; everything kept out of it is listed in
    ``removed`` with a reason. ``meta`` holds the core fields and any extra manifest columns;
    ``provenance`` says where each metadata value came from ("manifest", "byline", ...).
    """

    id: str
    text: str
    source: str
    meta: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)
    removed: list = field(default_factory=list)
    #: The file the article was read from (None for standard input and DataFrame rows).
    file: str | None = None

    def __post_init__(self) -> None:
        for name in CORE_FIELDS:
            self.meta.setdefault(name, None)

    @property
    def title(self) -> str | None:
        return self.meta.get("title")

    @property
    def outlet(self) -> str | None:
        return self.meta.get("outlet")

    @property
    def published(self) -> str | None:
        return self.meta.get("published")

    @property
    def n_words(self) -> int:
        return len(self.text.split())

    def removed_records(self) -> list[dict[str, Any]]:
        """What cleaning kept out of the text, as plain dicts (kind, reason, text, line)."""
        return [
            {"kind": r.kind, "reason": r.reason, "text": r.text, "line": r.line}
            for r in self.removed
        ]

    def _repr_html_(self) -> str | None:
        """In a notebook an article shows itself through the view set by
        :func:`set_html_view` (``import framing`` sets the scored, highlighted view)."""
        return None if _html_view is None else _html_view(self)


#: How notebooks show an article. The views depend on articles, never the other way round, so
#: the package sets this to its notebook view instead of this module importing it.
_html_view: Callable[[Article], str] | None = None


def set_html_view(view: Callable[[Article], str] | None) -> None:
    """Make ``view(article) -> HTML`` what notebooks show for an article (None: plain repr)."""
    global _html_view
    _html_view = view
