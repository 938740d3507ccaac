"""Run every registered dimension over articles and gather results as records and DataFrames."""

from __future__ import annotations

import copy
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import dimensions as catalogue
from ._version import __version__
from .article import CORE_FIELDS, Article
from .errors import InputError, LexiconError, UnknownNameError
from .evidence import EVIDENCE_COLUMNS
from .ingest.reading import Corpus, _is_records, load_corpus, records_corpus
from .lexicon import Lexicon, load_lexicon
from .record import ScoredArticle, row_of
from .textunits import Document, language_problem

if TYPE_CHECKING:  # pandas loads only where DataFrames are built (start-up time)
    import pandas as pd


@dataclass(frozen=True)
class ScoringSpec:
    """What to score with, as every command and both engines take it.

    ``dimensions``: names (None: all); ``lexicons``: extra lexicon files; ``options``: keyword
    arguments per dimension (``{"criticism": {"topic": ...}}``); ``jobs``: processes or workers
    (None: every core).
    """

    dimensions: tuple[str, ...] | None = None
    lexicons: tuple[str, ...] = ()
    options: Mapping[str, Mapping[str, Any]] | None = None
    jobs: int | None = None

    def engine_args(self) -> dict[str, Any]:
        """Keyword arguments of ``score_records`` (local or Dask engine)."""
        return {"dimensions": list(self.dimensions) if self.dimensions else None,
                "lexicons": list(self.lexicons), "options": self.options, "jobs": self.jobs}


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
        order = catalogue.available()
        if dimensions:
            for name in dimensions:
                if name not in order:
                    raise UnknownNameError("dimension", name, order)
            shown = set(dimensions)
        else:
            shown = set(order)
        # what was asked for and what it requires, each after what it reads
        names = catalogue.plan(shown)
        #: the dimensions whose metrics and evidence the records show (the others only feed them)
        self.shown = [n for n in names if n in shown]
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
            catalogue.create(n, lexicons=extra.get(n, []), **options.get(n, {})) for n in names
        ]

    def describe(self) -> dict[str, Any]:
        """Versions of framing and of every resource that produced the numbers."""
        if self._versions is None:  # fixed once the dimensions are built; every record has it
            lexicons = [lid for d in self.dimensions for lid in d.describe().get("lexicons", [])]
            self._versions = {
                "framing": __version__,
                "dimensions": list(self.shown),
                "lexicons": lexicons,  # of every dimension run, shown or only required
            }
        return copy.deepcopy(self._versions)

    def score(self, article: Article) -> dict[str, Any]:
        """One article as a JSONL record: metadata, metrics, evidence, sentences and text."""
        return self.score_article(article).to_dict()

    def score_article(self, article: Article) -> ScoredArticle:
        """One article as a :class:`~framing.record.ScoredArticle`."""
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
            if dim.name not in self.shown:  # run only for a dimension that reads it
                continue
            metrics.update(result.metrics)
            evidence.extend(result.evidence)
            extra_fields.update(result.record)
        evidence.sort(key=lambda e: (e.start, e.end, e.dimension))
        return ScoredArticle(
            id=article.id,
            source=article.source,
            file=article.file,
            core={k: article.meta.get(k) for k in CORE_FIELDS},
            meta={k: v for k, v in article.meta.items() if k not in CORE_FIELDS},
            provenance=dict(article.provenance),
            n_words=doc.n_words,
            n_sentences=len(doc.sentences),
            not_scored=problem,
            versions=self.describe(),
            metrics=metrics,
            evidence=[e.to_dict() for e in evidence],
            sentences=[{"start": s.start, "end": s.end} for s in doc.sentences],
            removed=article.removed_records(),
            text=article.text,
            parts=extra_fields,
        )

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
                if dim.name not in self.shown:
                    continue
                metrics.update(dict.fromkeys(result.metrics))
                fields.update(result.record)
            self._unscored = (metrics, fields)
        return copy.deepcopy(self._unscored)

    def score_all(self, articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
        for article in articles:
            yield self.score(article)


def article_row(record: dict[str, Any]) -> dict[str, Any]:
    """The flat row of a record: id, metadata, sizes and every metric as its own column."""
    return row_of(record)


def score_row(record: dict[str, Any]) -> dict[str, Any]:
    """A row of ``framing score``'s tables (CSV, Parquet): :func:`article_row` with the file the
    article came from after its id."""
    row = article_row(record)
    return {"id": row.pop("id"), "file": record.get("file"), **row}


def evidence_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per finding; a slim record's rows get their ``text`` back from the record's."""
    text = record.get("text") or ""
    return [{"article_id": record["id"], **e} if "text" in e else
            {"article_id": record["id"], **e, "text": text[e["start"]:e["end"]]}
            for e in record["evidence"]]


class Analysis(NamedTuple):
    """``articles``: one row per article (index ``id``); ``evidence``: one row per finding."""

    articles: pd.DataFrame
    evidence: pd.DataFrame


def _rows_from(corpus: Any, text: str, id: str | None) -> tuple[list[Article], list[int]]:
    """Articles from a DataFrame, a dict or a list of dicts (see
    :func:`framing.ingest.records_corpus`), and the positions of the rows they came from; a
    row that cannot be scored (its text missing, NaN or a number) is a warning naming it."""
    built, positions = records_corpus(corpus, text=text, id=id, clean=False)
    for error in built.errors:
        warnings.warn(str(error), stacklevel=4)
    return list(built), positions


def _articles_from(corpus: Any, text: str, id: str | None) -> list[Article]:
    if _is_records(corpus):
        return _rows_from(corpus, text, id)[0]
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

    ``corpus`` may be a :class:`Corpus`, any iterable of articles, a path, a dict or list of
    dicts, or a DataFrame with a ``text`` column: the column ``id`` (or the one named by
    ``id``), else its index, gives the article ids, and its other columns are carried into the
    articles table, so that it joins back. Rows whose text is missing or not text are left out
    with a warning naming them.
    """
    articles, extra = _articles_and_columns(corpus, text, id)
    scorer = Scorer(dimensions, lexicons=lexicons, options=options)
    records = list(scorer.score_all(articles))
    return _joined(records_to_frames(records), extra)


def _articles_and_columns(
    corpus: Any, text: str, id: str | None
) -> tuple[list[Article], pd.DataFrame | None]:
    """The articles of ``corpus``; for a DataFrame also its other columns, indexed by the ids
    of the rows that became articles (None otherwise)."""
    import pandas as pd

    if not isinstance(corpus, pd.DataFrame):
        return _articles_from(corpus, text, id), None
    articles, positions = _rows_from(corpus, text, id)
    extra = corpus.iloc[positions].drop(
        columns=[c for c in (text, id or "id") if c in corpus.columns])
    extra.index = pd.Index([a.id for a in articles], name="id")
    return articles, extra


def _joined(frames: Analysis, extra: pd.DataFrame | None) -> Analysis:
    """The articles table with a DataFrame's own columns added (none of its own replaced)."""
    if extra is None:
        return frames
    keep = [c for c in extra.columns if c not in frames.articles.columns]
    return Analysis(frames.articles.join(extra[keep]), frames.evidence)


def records_to_frames(records: Sequence[dict[str, Any]]) -> Analysis:
    import pandas as pd

    rows = [article_row(r) for r in records]
    articles = pd.DataFrame(rows)
    if articles.empty:
        articles = pd.DataFrame(columns=["id", *CORE_FIELDS, "n_words", "n_sentences"])
    articles = articles.set_index("id")
    ev = [row for r in records for row in evidence_rows(r)]
    evidence = pd.DataFrame(ev, columns=["article_id", *EVIDENCE_COLUMNS])
    return Analysis(articles, evidence)


__all__ = ["Scorer", "ScoringSpec", "Analysis", "analyze", "records_to_frames", "InputError"]
