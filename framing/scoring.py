"""Run every registered dimension over articles and gather results as records and DataFrames."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from . import __version__, registry
from .article import CORE_FIELDS, Article
from .errors import InputError, LexiconError, UnknownNameError
from .evidence import EVIDENCE_COLUMNS
from .ingest import Corpus, build_article, load_corpus
from .lexicon import Lexicon, load_lexicon
from .textunits import Document, language_problem

#: Top-level keys of a scored article record (JSONL output), in order.
RECORD_KEYS = (
    "id", "source", *CORE_FIELDS, "meta", "provenance", "n_words", "n_sentences",
    "versions", "metrics", "evidence", "sentences", "removed", "text",
)


class Scorer:
    """Build the dimensions once, then score any number of articles.

    ``dimensions``: names from the registry (default: all). ``lexicons``: extra lexicon files
    (or loaded lexicons); each goes to the dimension its header names.

    An article that is not English (``textunits.language_problem``) is not scored: its record
    says why under ``not_scored``, has no evidence, and every metric is None, never a zero
    that would read as "neutral". ``check_language=False`` scores every text as English.
    """

    def __init__(
        self,
        dimensions: Sequence[str] | None = None,
        *,
        lexicons: Sequence[str | Path | Lexicon] = (),
        options: Mapping[str, Mapping[str, Any]] | None = None,
        check_language: bool = True,
    ):
        """``options`` maps a dimension name to keyword arguments for it (``{"criticism":
        {"topic": "china-central-asia"}}``); options for a dimension not being run are an
        error, so a misspelt name never goes unnoticed."""
        order = registry.available()
        if dimensions:
            for name in dimensions:
                if name not in order:
                    raise UnknownNameError("dimension", name, order)
            # run in registry order whatever order they were asked in: later ones may read
            # earlier ones' results
            names = [n for n in order if n in set(dimensions)]
        else:
            names = order
        extra: dict[str, list[Lexicon]] = {}
        for item in lexicons:
            lex = item if isinstance(item, Lexicon) else load_lexicon(item)
            if lex.dimension not in names:
                raise LexiconError(
                    lex.path, None,
                    f"lexicon {lex.id} is for dimension {lex.dimension!r}, which is not being "
                    f"run. Dimensions: {', '.join(names)}",
                )
            extra.setdefault(lex.dimension, []).append(lex)
        options = dict(options or {})
        for name in options:
            if name not in names:
                raise UnknownNameError("dimension", name, names)
        self._versions: dict[str, Any] | None = None
        self.check_language = check_language
        self._unscored: tuple[dict[str, Any], dict[str, Any]] | None = None
        self.dimensions = [
            registry.create(n, lexicons=extra.get(n, []), **options.get(n, {})) for n in names
        ]

    def describe(self) -> dict[str, Any]:
        """Versions of framing and of every resource that produced the numbers."""
        if self._versions is None:  # fixed once the dimensions are built; every record has it
            lexicons = [lid for d in self.dimensions for lid in d.describe().get("lexicons", [])]
            self._versions = {
                "framing": __version__,
                "dimensions": [d.name for d in self.dimensions],
                "lexicons": lexicons,
            }
        return copy.deepcopy(self._versions)

    def score(self, article: Article) -> dict[str, Any]:
        """One article as a record: metadata, metrics, evidence, sentences and text."""
        doc = Document.from_text(article.text, article.meta)
        metrics: dict[str, Any] = {}
        evidence = []
        extra_fields: dict[str, Any] = {}
        problem = language_problem(doc) if self.check_language else None
        if problem:
            metrics, extra_fields = self._empty_result()
        for dim in self.dimensions if not problem else ():
            result = dim.analyze(doc)
            doc.results[dim.name] = result
            metrics.update(result.metrics)
            evidence.extend(result.evidence)
            extra_fields.update(result.record)
        evidence.sort(key=lambda e: (e.start, e.end, e.dimension))
        extra_meta = {k: v for k, v in article.meta.items() if k not in CORE_FIELDS}
        record = {
            "id": article.id,
            "source": article.source,
            **{k: article.meta.get(k) for k in CORE_FIELDS},
            "meta": extra_meta,
            "provenance": dict(article.provenance),
            "n_words": doc.n_words,
            "n_sentences": len(doc.sentences),
            **({"not_scored": problem} if problem else {}),
            "versions": self.describe(),
            "metrics": metrics,
            "evidence": [e.to_dict() for e in evidence],
            "sentences": [{"start": s.start, "end": s.end} for s in doc.sentences],
            "removed": article.removed_records(),
            "text": article.text,
        }
        for key, value in extra_fields.items():
            if key in record:
                raise ValueError(f"a dimension's record field {key!r} would overwrite a core key")
            record[key] = value
        return record

    def _empty_result(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """Metric names (all None) and record fields of the dimensions on an empty text: what
        an article that is not scored carries, so its columns line up with the others'."""
        if self._unscored is None:
            doc = Document.from_text("")
            metrics: dict[str, Any] = {}
            fields: dict[str, Any] = {}
            for dim in self.dimensions:
                result = dim.analyze(doc)
                doc.results[dim.name] = result
                metrics.update(dict.fromkeys(result.metrics))
                fields.update(result.record)
            self._unscored = (metrics, fields)
        return copy.deepcopy(self._unscored)

    def score_all(self, articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
        for article in articles:
            yield self.score(article)


def article_row(record: dict[str, Any]) -> dict[str, Any]:
    """The flat row of a record: id, metadata, sizes and every metric as its own column."""
    row = {k: record[k] for k in ("id", *CORE_FIELDS, "n_words", "n_sentences")}
    if record.get("not_scored"):  # only then, so the columns of scored corpora do not change
        row["not_scored"] = record["not_scored"]
    row.update(record["metrics"])
    return row


def evidence_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"article_id": record["id"], **e} for e in record["evidence"]]


class Analysis(NamedTuple):
    """``articles``: one row per article (index ``id``); ``evidence``: one row per finding."""

    articles: pd.DataFrame
    evidence: pd.DataFrame


def _articles_from(corpus: Any, text: str, id: str | None) -> list[Article]:
    if isinstance(corpus, pd.DataFrame):
        if text not in corpus.columns:
            raise KeyError(f"no column {text!r}; columns are {', '.join(map(str, corpus.columns))}")
        out = []
        for idx, row in corpus.iterrows():
            meta = {k: v for k, v in row.items() if k != text and isinstance(v, (str, int, float))}
            meta["id"] = str(row[id]) if id else str(idx)
            out.append(build_article(str(row[text]), f"row {idx}", record=meta, clean=False))
        return out
    if isinstance(corpus, (str, Path)):
        corpus = load_corpus(corpus)
    if isinstance(corpus, Article):
        return [corpus]
    return list(corpus)


def analyze(
    corpus: Corpus | Iterable[Article] | pd.DataFrame | str | Path,
    *,
    dimensions: Sequence[str] | None = None,
    lexicons: Sequence[str | Path | Lexicon] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    text: str = "text",
    id: str | None = None,
) -> Analysis:
    """Score a corpus and return ``(articles_df, evidence_df)``.

    ``corpus`` may be a :class:`Corpus`, any iterable of articles, a path, or a DataFrame with
    a ``text`` column (its index, or the column ``id``, gives the article ids).
    """
    articles = _articles_from(corpus, text, id)
    scorer = Scorer(dimensions, lexicons=lexicons, options=options)
    records = list(scorer.score_all(articles))
    return records_to_frames(records)


def records_to_frames(records: Sequence[dict[str, Any]]) -> Analysis:
    rows = [article_row(r) for r in records]
    articles = pd.DataFrame(rows)
    if articles.empty:
        articles = pd.DataFrame(columns=["id", *CORE_FIELDS, "n_words", "n_sentences"])
    articles = articles.set_index("id")
    ev = [row for r in records for row in evidence_rows(r)]
    evidence = pd.DataFrame(ev, columns=["article_id", *EVIDENCE_COLUMNS])
    return Analysis(articles, evidence)


__all__ = ["Scorer", "Analysis", "analyze", "records_to_frames", "InputError"]
