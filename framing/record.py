"""The scored article: one typed record from the scorer to every view, with its JSONL round trip.

A :class:`ScoredArticle` is what :class:`framing.scoring.Scorer` makes of an article: its
metadata, sizes, the versions that produced the numbers, the metrics, the evidence, the
sentence offsets, what cleaning removed, the text, and the parts that dimensions add under
their own keys (``attributions``; ``topic`` and ``aspects``), each dimension owning its part.
:meth:`to_dict` is the JSONL record (keys in a fixed order) and :meth:`from_dict` reads one
back, so a record written by ``framing score`` can be reported on later; :meth:`to_row` and
:meth:`evidence_rows` are the flat rows of the articles and evidence tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .article import CORE_FIELDS
from .errors import FramingError

#: Keys of the JSONL record before the dimensions' parts, in order.
RECORD_KEYS = (
    "id", "source", "file", *CORE_FIELDS, "meta", "provenance", "n_words", "n_sentences",
    "versions", "metrics", "evidence", "sentences", "removed", "text",
)


@dataclass
class ScoredArticle:
    """One scored article. ``parts`` maps a dimension's record key to its value."""

    id: str
    source: str
    file: str | None
    core: dict[str, Any]
    meta: dict[str, Any]
    provenance: dict[str, str]
    n_words: int
    n_sentences: int
    versions: dict[str, Any]
    metrics: dict[str, Any]
    evidence: list[dict[str, Any]]
    sentences: list[dict[str, int]]
    removed: list[dict[str, Any]]
    text: str
    parts: dict[str, Any] = field(default_factory=dict)
    #: why the article was not scored (not English), else None
    not_scored: str | None = None

    def __post_init__(self) -> None:
        clash = sorted(set(self.parts) & set(RECORD_KEYS))
        if clash:
            raise ValueError(f"a dimension's record field {clash[0]!r} would overwrite a core key")

    @classmethod
    def of(cls, record: ScoredArticle | Mapping[str, Any]) -> ScoredArticle:
        """``record`` as a ScoredArticle: itself, or a JSONL record read with :meth:`from_dict`
        (which shares its lists and dicts, so this costs no copy). Views take either."""
        return record if isinstance(record, ScoredArticle) else cls.from_dict(record)

    def part(self, key: str, default: Any = None) -> Any:
        """A dimension's part of the record (``default`` when that dimension did not run)."""
        return self.parts.get(key, default)

    def to_dict(self) -> dict[str, Any]:
        """The JSONL record: the keys of :data:`RECORD_KEYS` in order, then the parts."""
        return {
            "id": self.id, "source": self.source, "file": self.file,
            **{k: self.core.get(k) for k in CORE_FIELDS},
            "meta": self.meta, "provenance": self.provenance, "n_words": self.n_words,
            "n_sentences": self.n_sentences,
            **({"not_scored": self.not_scored} if self.not_scored else {}),
            "versions": self.versions, "metrics": self.metrics,
            "evidence": self.evidence, "sentences": self.sentences, "removed": self.removed,
            "text": self.text, **self.parts,
        }

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> ScoredArticle:
        """Read a record back (as :meth:`to_dict` wrote it); a missing key is an error naming
        it."""
        missing = [k for k in RECORD_KEYS if k not in record]
        if missing:
            raise FramingError(f"not a framing record: no {missing[0]!r} (records come from "
                               "'framing score -o FILE.jsonl')")
        return cls(
            id=record["id"], source=record["source"], file=record["file"],
            core={k: record[k] for k in CORE_FIELDS}, meta=record["meta"],
            provenance=record["provenance"], n_words=record["n_words"],
            n_sentences=record["n_sentences"], versions=record["versions"],
            metrics=record["metrics"], evidence=record["evidence"],
            sentences=record["sentences"], removed=record["removed"], text=record["text"],
            parts={k: v for k, v in record.items() if k not in (*RECORD_KEYS, "not_scored")},
            not_scored=record.get("not_scored"),
        )

    def to_row(self) -> dict[str, Any]:
        """The flat row: id, metadata, sizes and every metric as its own column."""
        return row_of(self.to_dict())

    def evidence_rows(self) -> list[dict[str, Any]]:
        """One flat row per finding, each with the article's id."""
        return evidence_rows_of({"id": self.id, "evidence": self.evidence})


def evidence_rows_of(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The evidence rows of a JSONL record, as :meth:`ScoredArticle.evidence_rows` gives them:
    each finding's dict with the article's id first."""
    return [{"article_id": record["id"], **e} for e in record["evidence"]]


def part_of(record: ScoredArticle | Mapping[str, Any], key: str, default: Any = None) -> Any:
    """A dimension's part of a scored record, a :class:`ScoredArticle` or a JSONL record read
    as a dict. The dimension that writes a part gives it a typed reader built on this one
    (``attributions_of``, ``criticism_of``, ``frames_of``), so no view spells its keys."""
    if isinstance(record, ScoredArticle):
        return record.parts.get(key, default)
    return record.get(key, default)


def row_of(record: Mapping[str, Any]) -> dict[str, Any]:
    """The flat row of a JSONL record, as :meth:`ScoredArticle.to_row` gives it, without
    building the record type (views run it once per article)."""
    row = {k: record[k] for k in ("id", *CORE_FIELDS, "n_words", "n_sentences")}
    if record.get("not_scored"):  # only then, so the columns of scored corpora do not change
        row["not_scored"] = record["not_scored"]
    row.update(record["metrics"])
    return row


#: How much evidence ``framing score`` writes to JSONL (``--evidence``): "slim" (the default,
#: see :func:`slim_record`) or "full" (every evidence row as the scorer made it).
EVIDENCE_MODES = ("slim", "full")


def slim_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """The default JSONL record: the full one without the evidence rows that another field of
    the record already holds (about half the full record's size). Every key and every row
    that stays is as the scorer made it, text included:

    * no evidence rows of the classifier: its ``classifier`` field holds every sentence's
      probability with the model's id and threshold, and the rows were the sentences at or
      above it (with the features that pushed them up: ``--evidence full`` keeps them);
    * no attribution rows of role ``content``: the same spans are the attributions'
      ``content.parts``, and the report does not highlight them.

    ``framing score --evidence full`` writes the full record instead."""
    out = dict(record)
    out["evidence"] = [e for e in record.get("evidence") or []
                       if e.get("dimension") != "classifier"
                       and (e.get("dimension") != "attribution"
                            or (e.get("extra") or {}).get("role") != "content")]
    return out


#: The keys of a record that the process writing JSONL still reads once the line is made: the
#: id checks (id, source, text), the lines on stderr (not_scored) and the topic tally (topic,
#: topic_reason, aspects).
ENCODED_KEYS = ("id", "source", "text", "not_scored", "topic", "topic_reason", "aspects")


class EncodedRecord(dict):
    """A scored record already written as its JSONL line (``line``, no newline), with only the
    keys in :data:`ENCODED_KEYS`. Worker processes make these for ``framing score -o x.jsonl``
    (:func:`encoded_record`), so the parent only writes lines instead of receiving, encoding
    and repairing whole records: with two processes it had been a third of a core."""

    line: str


def encoded_record(record: Mapping[str, Any], evidence: str = "slim") -> EncodedRecord:
    """``record`` as an :class:`EncodedRecord`: its line is what ``framing score`` writes for it
    (``output.dumps`` of :func:`slim_record`, or of the record with ``evidence="full"``)."""
    from .output import dumps

    out = EncodedRecord((k, record[k]) for k in ENCODED_KEYS if k in record)
    out.line = dumps(slim_record(record) if evidence == "slim" else record)
    return out


__all__ = ["EVIDENCE_MODES", "ENCODED_KEYS", "EncodedRecord", "ScoredArticle", "RECORD_KEYS",
           "encoded_record", "evidence_rows_of", "part_of", "row_of", "slim_record"]
