"""Sentence classifiers: scikit-learn pipelines, honest cross-validation, and pickle-free files.

A model predicts one task for a unit of text (a sentence or a paragraph):

* ``loaded`` — the loaded-language group of SemEval-2023 Task 3 (Loaded_Language,
  Exaggeration-Minimisation, Flag_Waving, Slogans), trained on paragraphs;
* ``persuasion`` — any of the 19 SemEval-2023 persuasion techniques;
* ``bias`` — BABE's biased vs non-biased sentences (Spinde et al. 2021);
* ``uncertainty`` — CoNLL-2010 uncertain (hedged) Wikipedia sentences (Farkas et al. 2010).

Features are word TF-IDF n-grams of the unit (and character n-grams, except for CoNLL-2010
uncertainty, where they added nothing measurable and doubled the cost), the lexicon
categories of the unit
(:class:`framing.dimensions.classifier.features.LexiconFeatures`) and, for tasks whose data comes
as whole articles,
the lexicon density of the neighbouring units and of the article. A logistic regression weighs
them; Platt scaling on out-of-fold scores calibrates the probability, and the threshold that
gives the best out-of-fold F1 (macro-F1 for bias: ``Task.threshold_metric``) marks "high".
Cross-validation keeps every article's units on one side of each split.

Scoring an article runs every model through one :class:`ModelSet`: the models' n-gram
vocabularies merged into one, so each n-gram of a sentence is looked up once for all of them,
with results identical to each model's scikit-learn arithmetic.

Files hold parameters only — vocabularies, idf, coefficients, intercept, calibration,
threshold, task and format version — as one JSON document (``.json``) or a compressed NumPy
archive without pickled objects (``.npz``). :func:`load_model` reads either and refuses
anything else with a one-line :class:`ModelError`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline

from ..._version import __version__
from ...errors import FramingError, UnknownNameError
from .features import CONTEXT_COLUMNS, LexiconFeatures, grouped_context_frame

#: What the first key of every model file says, and the layout version this code reads.
FORMAT = "framing-model"
FORMAT_VERSION = 1
#: Parameters of a fitted TfidfVectorizer that change what transform() returns.
_TFIDF_PARAMS = (
    "analyzer", "ngram_range", "lowercase", "sublinear_tf", "norm", "use_idf", "smooth_idf",
    "token_pattern", "strip_accents", "binary",
)


#: ``lookup(transformer, text) -> row or None``: lexicon rows a caller already knows.
Lookup = Callable[[LexiconFeatures, str], "np.ndarray | None"]


class ModelError(FramingError):
    """A model file that cannot be used: not a framing model, truncated, or another version."""

    def __init__(self, path: str | Path, message: str):
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")


# --------------------------------------------------------------------------------------------
# Tasks and their training data


@dataclass(frozen=True)
class Task:
    """A label to learn: where it comes from, and the features that suit its data."""

    name: str
    kind: str  # dataset kind it is trained on by default
    label: str  # boolean column of the loader's table
    group: str | None  # column naming the article (units of one article stay together)
    context: bool  # use neighbouring units and the whole article
    description: str
    reason: str  # what a high score means, for the evidence row
    C: float = 4.0
    max_word: int = 6000
    max_char: int = 6000  # 0: no character n-grams
    #: What the "high" threshold maximises on out-of-fold scores: "f1" (of the label),
    #: "macro_f1" (both classes) or "accuracy" — the task's headline metric.
    threshold_metric: str = "f1"


TASKS: dict[str, Task] = {
    "loaded": Task(
        "loaded", "semeval2023", "loaded_group", "article_id", True,
        "SemEval-2023 loaded-language group (loaded language, exaggeration, flag-waving, "
        "slogans)",
        "the model rates this sentence as likely loaded or exaggerated language",
        C=2.0,
    ),
    "persuasion": Task(
        "persuasion", "semeval2023", "any_technique", "article_id", True,
        "SemEval-2023: any of 19 persuasion techniques",
        "the model rates this sentence as likely to use a persuasion technique",
        C=2.0,
    ),
    "bias": Task(
        "bias", "babe", "biased", "news_link", False,
        "BABE: sentence judged biased by expert annotators",
        "the model rates this sentence's wording as likely biased",
        C=1.0, threshold_metric="macro_f1",
    ),
    "uncertainty": Task(
        "uncertainty", "conll2010", "uncertain", None, False,
        "CoNLL-2010 Wikipedia: sentence hedged or uncertain",
        "the model rates this sentence as likely hedged or uncertain",
        max_char=0,
    ),
}

#: What a model's "high" threshold can maximise on out-of-fold scores.
THRESHOLD_METRICS = ("f1", "macro_f1", "accuracy")

#: Dataset kinds ``framing train`` reads, and the task each trains by default.
KIND_TASKS = {"semeval2023": "loaded", "babe": "bias", "conll2010": "uncertainty"}


def _task(name: str) -> Task:
    if name not in TASKS:
        raise UnknownNameError("task", name, TASKS)
    return TASKS[name]


def labelled_table(kind: str, paths: Sequence[str | Path]) -> pd.DataFrame:
    """The rows of one or more datasets of ``kind`` (one loader per format, from datasets)."""
    from ...lab import datasets

    loaders = {
        "semeval2023": datasets.load_semeval2023,
        "conll2010": datasets.load_conll2010,
    }
    if hasattr(datasets, "load_babe"):
        loaders["babe"] = datasets.load_babe
    if kind not in loaders:
        raise UnknownNameError("training data kind", kind, loaders)
    frames = [loaders[kind](p) for p in paths]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if kind == "conll2010":
        frame = frame.rename(columns={"sentence": "text"})
    return frame


def model_input(frame: pd.DataFrame, task: Task) -> pd.DataFrame:
    """The CONTEXT_COLUMNS table of a labelled dataset (neighbours within each article)."""
    return grouped_context_frame(frame, group=task.group if task.context else None)


# --------------------------------------------------------------------------------------------
# The pipeline


def build_pipeline(task: Task, *, seed: int = 0) -> Pipeline:
    """The untrained scikit-learn pipeline for a task (input: a CONTEXT_COLUMNS table)."""
    blocks: list[tuple[str, Any, Any]] = [
        ("word", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                 max_features=task.max_word), "text"),
    ]
    if task.max_char:
        blocks.append(("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=3,
                                               sublinear_tf=True, max_features=task.max_char),
                       "text"))
    blocks.append(("lexicon", LexiconFeatures(), ["text"]))
    if task.context:
        blocks.append(("context", LexiconFeatures(per_word=True), ["context", "article"]))
    return Pipeline([
        ("features", ColumnTransformer(blocks, sparse_threshold=1.0)),
        ("model", LogisticRegression(C=task.C, max_iter=2000, random_state=seed)),
    ])


def _f32(values: np.ndarray) -> np.ndarray:
    """Round to float32 precision (what files store), kept as float64 for computing."""
    return np.asarray(values, dtype=np.float32).astype(np.float64)


@dataclass
class TextModel:
    """A trained classifier as plain parameters; predicts exactly the same before and after
    a save/load round trip."""

    task: str
    blocks: list[tuple[str, list[str], Any]]  # (name, input columns, fitted transformer)
    coef: np.ndarray
    intercept: float
    calibration: tuple[float, float]  # Platt scaling: p = 1 / (1 + exp(-(a * score + b)))
    threshold: float
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Versioned id shown as the evidence's ``lexicon``: "classifier-loaded@2026-11-23"."""
        return f"classifier-{self.task}@{self.info.get('trained', 'unknown')}"

    def feature_names(self) -> list[str]:
        names: list[str] = []
        for name, _cols, tr in self.blocks:
            names.extend(f"{name}:{n}" for n in tr.get_feature_names_out())
        return names

    def features(
        self, X: pd.DataFrame, lookup: Lookup | None = None, analysed: dict | None = None
    ) -> sparse.csr_matrix:
        """The feature matrix of a CONTEXT_COLUMNS table (the fitted pipeline's columns).

        ``lookup(transformer, text)`` may return a lexicon row already known for a cell (from
        evidence of the whole article), or None to count the cell's text. ``analysed`` is a
        dict that several models scoring the same table share, so each text is cut into
        n-grams once per kind of n-gram (see :func:`tfidf_transform`).
        """
        analysed = {} if analysed is None else analysed
        parts = []
        for _name, cols, tr in self.blocks:
            if isinstance(tr, TfidfVectorizer):
                parts.append(tfidf_transform(tr, X[cols[0]].astype(str).tolist(), analysed))
            else:  # LexiconFeatures.transform without re-validating the table on every call
                rows = [np.concatenate([_lex_row(tr, _cell(v), lookup) for v in row])
                        for row in X[cols].itertuples(index=False)]
                parts.append(sparse.csr_matrix(np.vstack(rows)))
        return sparse.hstack(parts, format="csr")

    def decision(self, X: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.features(X) @ self.coef).ravel() + self.intercept

    def calibrate(self, score: np.ndarray) -> np.ndarray:
        a, b = self.calibration
        return 1.0 / (1.0 + np.exp(-(a * np.asarray(score) + b)))

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Calibrated probability of the task's label for each row of a CONTEXT_COLUMNS table."""
        return self.calibrate(self.decision(X))

    def explain(self, X: pd.DataFrame, k: int = 5) -> list[list[tuple[str, float]]]:
        """For each row, the ``k`` features that pushed its score up most (name, contribution)."""
        return self.predict_explain(X, k)[1]

    def predict_explain(
        self, X: pd.DataFrame, k: int = 5, lookup: Lookup | None = None,
        analysed: dict | None = None,
    ) -> tuple[np.ndarray, list[list[tuple[str, float]]]]:
        """Probabilities and top features from one pass over the features."""
        feats = self.features(X, lookup, analysed)
        prob = self.calibrate(np.asarray(feats @ self.coef).ravel() + self.intercept)
        return prob, self._top(feats, k)

    def _top(self, feats: sparse.csr_matrix, k: int) -> list[list[tuple[str, float]]]:
        names = self._names()
        feats = feats.tocsr()
        everything = feats.data * self.coef[feats.indices]
        out = []
        for i in range(feats.shape[0]):
            lo, hi = feats.indptr[i], feats.indptr[i + 1]
            contrib, indices = everything[lo:hi], feats.indices[lo:hi]
            order = np.argsort(-contrib, kind="stable")[:k]
            out.append([
                (names[indices[j]], round(float(contrib[j]), 4))
                for j in order if contrib[j] > 0
            ])
        return out

    def _names(self) -> list[str]:
        if "_names_cache" not in self.__dict__:
            self.__dict__["_names_cache"] = self.feature_names()
        return self.__dict__["_names_cache"]

    @classmethod
    def from_pipeline(
        cls, pipe: Pipeline, task: str, calibration: tuple[float, float], threshold: float,
        info: dict[str, Any],
    ) -> TextModel:
        """The fitted pipeline's parameters, rounded to the precision files store."""
        ct: ColumnTransformer = pipe.named_steps["features"]
        blocks = []
        for name, _tr, cols in ct.transformers:
            fitted = ct.named_transformers_[name]
            if isinstance(fitted, TfidfVectorizer):
                fitted.idf_ = _f32(fitted.idf_)
                fitted.stop_words_ = None  # the pruned terms: not needed to transform
            blocks.append((name, [cols] if isinstance(cols, str) else list(cols), fitted))
        lr: LogisticRegression = pipe.named_steps["model"]
        return cls(
            task=task, blocks=blocks, coef=_f32(lr.coef_.ravel()),
            intercept=float(_f32(lr.intercept_)[0]),
            calibration=(float(calibration[0]), float(calibration[1])),
            threshold=float(threshold), info=info,
        )

    # ----------------------------------------------------------------------------------------
    # Files

    def to_parts(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """(header, arrays): everything a file holds."""
        arrays: dict[str, np.ndarray] = {
            "coef": self.coef.astype(np.float32),
        }
        blocks = []
        for i, (name, cols, tr) in enumerate(self.blocks):
            if isinstance(tr, TfidfVectorizer):
                vocab = sorted(tr.vocabulary_, key=tr.vocabulary_.get)
                arrays[f"b{i}_vocabulary"] = np.asarray(vocab, dtype=str)
                arrays[f"b{i}_idf"] = tr.idf_.astype(np.float32)
                params = {k: tr.get_params()[k] for k in _TFIDF_PARAMS}
                params["ngram_range"] = list(params["ngram_range"])
                blocks.append({"type": "tfidf", "name": name, "columns": cols, "params": params})
            elif isinstance(tr, LexiconFeatures):
                blocks.append({
                    "type": "lexicon", "name": name, "columns": cols,
                    "params": {"dimensions": list(tr.dimensions), "per_word": tr.per_word},
                    "categories": [str(c) for c in tr.categories_],
                    "lexicons": list(tr.lexicons_),
                })
            else:  # pragma: no cover - build_pipeline makes only these two
                raise TypeError(f"cannot save a block of type {type(tr).__name__}")
        header = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "task": self.task,
            "intercept": self.intercept, "calibration": list(self.calibration),
            "threshold": self.threshold, "blocks": blocks, "info": self.info,
        }
        return header, arrays

    def save(self, path: str | Path) -> Path:
        """Write the model as ``.json`` or ``.npz`` (chosen by the suffix), atomically."""
        from ...output import atomic_output

        path = Path(path)
        header, arrays = self.to_parts()
        if path.suffix == ".json":
            doc = {**header, "arrays": {
                k: {"dtype": str(v.dtype) if v.dtype.kind != "U" else "str",
                    "data": v.tolist()} for k, v in arrays.items()
            }}
            with atomic_output(str(path)) as fh:
                json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"))
        elif path.suffix == ".npz":
            tmp = path.with_name(f".{path.name}.part")
            with open(tmp, "wb") as fh:
                np.savez_compressed(fh, header=np.asarray(json.dumps(header)), **arrays)
            tmp.replace(path)
        else:
            raise ModelError(path, "a model file must end in .json or .npz")
        return path


def tfidf_transform(
    tr: TfidfVectorizer, texts: list[str], analysed: dict | None = None
) -> sparse.csr_matrix:
    """``tr.transform(texts)`` computed the same way, sharing the n-grams of each text between
    vectorizers with the same analyzer settings through the ``analysed`` dict (key: the
    settings and the texts). The tests check it against ``TfidfVectorizer.transform``."""
    from sklearn.preprocessing import normalize

    params = tr.get_params()
    key = (tuple(str(params[k]) for k in _TFIDF_PARAMS[:3] + _TFIDF_PARAMS[-3:]),
           tuple(texts))
    entry = analysed.get(key) if analysed is not None else None
    if entry is None:  # cut the texts into n-grams once; number the distinct n-grams
        analyze = tr.build_analyzer()
        distinct: dict[str, int] = {}
        ids = [np.fromiter((distinct.setdefault(g, len(distinct)) for g in analyze(t)),
                           dtype=np.int64) for t in texts]
        entry = (list(distinct), ids)
        if analysed is not None:
            analysed[key] = entry
    names, ids = entry
    vocab = tr.vocabulary_
    local = np.fromiter((vocab.get(g, -1) for g in names), dtype=np.int64, count=len(names))
    rows = np.repeat(np.arange(len(texts)), [len(i) for i in ids])
    cols = local[np.concatenate(ids)] if ids else np.zeros(0, dtype=np.int64)
    keep = cols >= 0
    X = sparse.csr_matrix(
        (np.ones(int(keep.sum())), (rows[keep], cols[keep])), shape=(len(texts), len(vocab))
    )  # repeated (row, column) pairs are summed: the counts
    X.sum_duplicates()
    X.sort_indices()
    if tr.binary:
        X.data[:] = 1.0
    if tr.sublinear_tf:
        np.log(X.data, X.data)
        X.data += 1.0
    if tr.use_idf:
        X.data *= tr.idf_[X.indices]
    if tr.norm:
        X = normalize(X, norm=tr.norm, copy=False)
    return X


# --------------------------------------------------------------------------------------------
# Several models scoring the same units at once


#: Words whose character n-gram ids :class:`ModelSet` remembers (cleared past this many;
#: about 10 MB at the limit).
_WORD_CACHE_LIMIT = 50_000


class _Analysis:
    """The TF-IDF blocks of several models that cut the same column into n-grams the same
    way: one union vocabulary, so each n-gram of a text is looked up once for all of them."""

    def __init__(self, column: str, tr: TfidfVectorizer):
        self.column = column
        self.analyzer = tr.analyzer
        self.union: dict[str, int] = {}
        self.maps: list[np.ndarray] = []  # per block: union id -> the block's column, or -1
        self._vocabs: list[dict[str, int]] = []
        if tr.analyzer == "char_wb":
            self._preprocess = tr.build_preprocessor()
            self._spaces = tr._white_spaces
            self._word_ngrams = tr._char_wb_ngrams
            self._words: dict[str, tuple[int, ...]] = {}
        else:  # word n-grams, made as TfidfVectorizer makes them (no stop words)
            self._preprocess = tr.build_preprocessor()
            self._tokenize = tr.build_tokenizer()
            self._ngram_range = tuple(tr.ngram_range)

    def add(self, tr: TfidfVectorizer) -> int:
        """Take in one block's vocabulary; returns the block's number in this analysis."""
        union = self.union
        for term in tr.vocabulary_:
            union.setdefault(term, len(union))
        self._vocabs.append(tr.vocabulary_)
        return len(self._vocabs) - 1

    def freeze(self) -> None:
        size = len(self.union)
        self.maps = []
        for vocab in self._vocabs:
            local = np.full(size, -1, dtype=_small(len(vocab)))
            local[np.fromiter((self.union[t] for t in vocab), np.int64, len(vocab))] = \
                np.fromiter(vocab.values(), np.int64, len(vocab))
            self.maps.append(local)

    def ids(self, text: str, out: list[int]) -> None:
        """Append to ``out`` the union id of every n-gram of a text, with repeats (-1: an
        n-gram no block knows)."""
        get = self.union.get
        if self.analyzer == "char_wb":  # the n-grams of a word depend only on the word
            words = self._words
            for word in self._spaces.sub(" ", self._preprocess(text)).split():
                known = words.get(word)
                if known is None:
                    known = tuple(u for u in map(get, self._word_ngrams(word)) if u is not None)
                    if len(words) >= _WORD_CACHE_LIMIT:
                        words.clear()
                    words[word] = known
                out.extend(known)
            return
        tokens = self._tokenize(self._preprocess(text))
        low, high = self._ngram_range
        for n in range(low, high + 1):
            grams = tokens if n == 1 else map(" ".join, zip(*(tokens[i:] for i in range(n))))
            out.extend(map(get, grams, repeat(-1)))

    def counts(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, union id, count) of every known n-gram of every text."""
        flat: list[int] = []
        ends = []
        for text in texts:
            self.ids(text, flat)
            ends.append(len(flat))
        uids = np.array(flat, dtype=np.int64)
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), np.diff(ends, prepend=0))
        known = uids >= 0
        size = max(len(self.union), 1)
        keys, counts = np.unique(rows[known] * size + uids[known], return_counts=True)
        return keys // size, keys % size, counts.astype(np.float64)


def _small(size: int) -> type:
    """The narrowest signed integer type holding 0..size (numpy sorts 16-bit keys by radix)."""
    return np.int16 if size < 2**15 else np.int64


def _fast_tfidf(tr: Any) -> bool:
    """Whether :class:`ModelSet` computes this block exactly as ``tr.transform`` would."""
    if not isinstance(tr, TfidfVectorizer) or not hasattr(tr, "vocabulary_"):
        return False
    p = tr.get_params()
    return (p["analyzer"] in ("word", "char_wb") and p["input"] == "content"
            and p["preprocessor"] is None and p["tokenizer"] is None
            and p["stop_words"] is None and p["norm"] in (None, "l1", "l2"))


class ModelSet:
    """Models that score the same units together, with the same results as each model's
    :meth:`TextModel.predict_explain` (the tests compare them) at a fraction of the cost.

    At load time the TF-IDF vocabularies of blocks that cut a column into n-grams the same
    way are merged into one union vocabulary, so every n-gram of a text is looked up once for
    all models (the character n-grams of a word are remembered between calls); lexicon rows
    are counted once per kind of block and shared. No pandas and no scipy on the way: each
    model's features are (row, column, value) arrays summed in the same order as the sparse
    product, so probabilities are bit-for-bit those of the pipeline's arithmetic.
    """

    def __init__(self, models: Sequence[TextModel]):
        self.models = list(models)
        analyses: dict[tuple, _Analysis] = {}
        self._plans: list[list[tuple] | None] = []
        for model in self.models:
            if not all(_fast_tfidf(tr) or isinstance(tr, LexiconFeatures)
                       for _n, _c, tr in model.blocks):
                self._plans.append(None)  # scored on its own, the ordinary way
                continue
            plan: list[tuple] = []
            offset = 0
            for _name, cols, tr in model.blocks:
                if isinstance(tr, TfidfVectorizer):
                    p = tr.get_params()
                    key = (cols[0], p["analyzer"], tuple(p["ngram_range"]), p["lowercase"],
                           p["token_pattern"], str(p["strip_accents"]))
                    analysis = analyses.setdefault(key, _Analysis(cols[0], tr))
                    plan.append(("tfidf", analysis, analysis.add(tr), offset, tr))
                    offset += len(tr.vocabulary_)
                else:
                    plan.append(("lexicon", tr, list(cols), offset))
                    offset += len(tr.categories_) * len(cols)
            self._plans.append(plan)
        for analysis in analyses.values():
            analysis.freeze()
        self._analyses = list(analyses.values())

    def predict_explain(
        self, columns: dict[str, Sequence[str]], k: int = 5, lookup: Lookup | None = None,
    ) -> list[tuple[np.ndarray, list[list[tuple[str, float]]]]]:
        """For each model, in order: the probabilities of the units and their top ``k``
        features (as :meth:`TextModel.predict_explain`). ``columns`` maps each of
        CONTEXT_COLUMNS to one text per unit; ``lookup`` as in :meth:`TextModel.features`."""
        n = len(columns["text"])
        if n == 0:
            return [(np.zeros(0), []) for _ in self.models]
        counted = {id(a): a.counts([str(v) for v in columns[a.column]])  # as astype(str)
                   for a in self._analyses}
        lexicon: dict[tuple, np.ndarray] = {}
        out = []
        for model, plan in zip(self.models, self._plans):
            if plan is None:
                frame = pd.DataFrame({c: list(v) for c, v in columns.items()})
                out.append(model.predict_explain(frame, k, lookup))
                continue
            out.append(self._one(model, plan, n, k, counted, lexicon, columns, lookup))
        return out

    @staticmethod
    def _lexicon(tr: LexiconFeatures, column: str, cells: Sequence[str], memo: dict,
                 lookup: Lookup | None) -> np.ndarray:
        key = (tuple(tr.dimensions), bool(tr.per_word), column)
        if key not in memo:
            rows: dict[str, np.ndarray] = {}
            for text in map(_cell, cells):
                if text not in rows:
                    rows[text] = _lex_row(tr, text, lookup)
            memo[key] = (np.vstack([rows[_cell(v)] for v in cells]) if len(cells)
                         else np.zeros((0, len(tr.categories_))))
        return memo[key]

    def _one(self, model: TextModel, plan: list[tuple], n: int, k: int, counted: dict,
             lexicon: dict, columns: dict[str, Sequence[str]], lookup: Lookup | None,
             ) -> tuple[np.ndarray, list[list[tuple[str, float]]]]:
        # Each block's entries column by column (rows interleaved), blocks in order: within
        # every row that is the column order of the CSR matrix the pipeline builds, so the
        # sums below add the same numbers in the same order as the sparse arithmetic.
        rows, cols, vals = [], [], []
        for block in plan:
            if block[0] == "tfidf":
                _, analysis, index, offset, tr = block
                r, u, c = counted[id(analysis)]
                local = analysis.maps[index][u]
                keep = np.flatnonzero(local >= 0)
                keep = keep[np.argsort(local[keep], kind="stable")]  # small ints: radix sort
                r, j, v = r[keep], local[keep].astype(np.int64), c[keep]
                if tr.binary:
                    v[:] = 1.0
                if tr.sublinear_tf:
                    np.log(v, v)
                    v += 1.0
                if tr.use_idf:
                    v *= tr.idf_[j]
                if tr.norm == "l2":
                    v /= np.sqrt(np.bincount(r, v * v, minlength=n))[r]
                elif tr.norm == "l1":
                    v /= np.bincount(r, np.abs(v), minlength=n)[r]
            else:
                _, tr, names, offset = block
                dense = np.hstack([self._lexicon(tr, c, columns[c], lexicon, lookup)
                                   for c in names])
                r, j = np.nonzero(dense)
                r, j = r.astype(np.int64), j.astype(np.int64)
                v = dense[r, j]
            rows.append(r)
            cols.append(j + offset)
            vals.append(v)
        R, G, V = (np.concatenate(x) for x in (rows, cols, vals))
        contrib = V * model.coef[G]
        prob = model.calibrate(np.bincount(R, contrib, minlength=n) + model.intercept)
        # top features: per row, contributions high to low (ties: column order), positive only
        pos = np.flatnonzero(contrib > 0)  # within each row: column order
        by_value = pos[np.argsort(-contrib[pos], kind="stable")]
        top = by_value[np.argsort(R[by_value].astype(_small(n)), kind="stable")]
        R, G, C = R[top], G[top], contrib[top]
        rank = np.arange(len(R)) - np.searchsorted(R, np.arange(n))[R]
        chosen = np.flatnonzero(rank < k)
        names = model._names()
        tops: list[list[tuple[str, float]]] = [[] for _ in range(n)]
        for i, g, c in zip(R[chosen].tolist(), G[chosen].tolist(), C[chosen].tolist()):
            tops[i].append((names[g], round(c, 4)))
        return prob, tops


def _lex_row(tr: LexiconFeatures, text: str, lookup: Lookup | None) -> np.ndarray:
    if lookup is not None:
        row = lookup(tr, text)
        if row is not None:
            return row
    return tr.count(text)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def _check_header(path: Path, header: Any) -> dict[str, Any]:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ModelError(path, "not a framing model file (no 'format: framing-model' header)")
    version = header.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelError(
            path, f"model format version {version}, but this framing reads version "
            f"{FORMAT_VERSION}; retrain it with 'framing train'",
        )
    return header


def _read_json(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(path, f"not a framing model: unreadable or truncated JSON ({exc})") \
            from None
    header = _check_header(path, doc)
    arrays = {}
    for key, item in (doc.get("arrays") or {}).items():
        dtype = str if item["dtype"] == "str" else np.dtype(item["dtype"])
        arrays[key] = np.asarray(item["data"], dtype=dtype)
    return header, arrays


def read_npz_archive(path: Path, what: str = "model"
                     ) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """(JSON header, arrays) of a framing .npz file, read without pickle; a file that is not
    one is a one-line ModelError naming ``what`` it should have been."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            if "header" not in npz.files:
                raise ModelError(path, f"not a framing {what} (no header in this .npz archive)")
            header = json.loads(str(npz["header"]))
            arrays = {k: npz[k] for k in npz.files if k != "header"}
    except ModelError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise ModelError(path, f"not a framing {what}: unreadable or truncated archive "
                               f"({exc})") from None
    return header, arrays


def _read_npz(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    header, arrays = read_npz_archive(path)
    _check_header(path, header)
    return header, arrays


def load_model(path: str | Path) -> TextModel:
    """Read a model file written by :meth:`TextModel.save`; anything else is a ModelError."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(path, "no such model file")
    with open(path, "rb") as fh:
        magic = fh.read(4)
    reader = _read_npz if magic.startswith(b"PK") else _read_json
    header, arrays = reader(path)
    try:
        return _from_parts(path, header, arrays)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ModelError(path, f"damaged framing model: missing or bad field ({exc})") from None


def _from_parts(path: Path, header: dict[str, Any], arrays: dict[str, np.ndarray]) -> TextModel:
    blocks = []
    n_features = 0
    for i, spec in enumerate(header["blocks"]):
        cols = list(spec["columns"])
        if spec["type"] == "tfidf":
            params = dict(spec["params"])
            params["ngram_range"] = tuple(params["ngram_range"])
            tr = TfidfVectorizer(**params)
            vocab = arrays[f"b{i}_vocabulary"]
            tr.vocabulary_ = {str(t): j for j, t in enumerate(vocab)}
            tr.idf_ = arrays[f"b{i}_idf"].astype(np.float64)
            n_features += len(vocab)
        elif spec["type"] == "lexicon":
            tr = LexiconFeatures(
                dimensions=tuple(spec["params"]["dimensions"]),
                per_word=bool(spec["params"]["per_word"]),
            )
            tr.fit_columns(cols)
            if [str(c) for c in tr.categories_] != list(spec["categories"]):
                raise ModelError(
                    path, f"the model was trained with lexicons {', '.join(spec['lexicons'])} "
                    f"whose categories differ from the installed {', '.join(tr.lexicons_)}; "
                    "retrain it with 'framing train'",
                )
            n_features += len(tr.categories_) * len(cols)
        else:
            raise ValueError(f"unknown block type {spec['type']!r}")
        blocks.append((spec["name"], cols, tr))
    coef = arrays["coef"].astype(np.float64)
    if coef.shape != (n_features,):
        raise ValueError(f"{coef.size} coefficients for {n_features} features")
    a, b = header["calibration"]
    return TextModel(
        task=str(header["task"]), blocks=blocks, coef=coef,
        intercept=float(header["intercept"]), calibration=(float(a), float(b)),
        threshold=float(header["threshold"]), info=dict(header.get("info") or {}),
    )


# --------------------------------------------------------------------------------------------
# Training with honest numbers


def _folds(y: np.ndarray, groups: np.ndarray | None, n_splits: int, seed: int):
    if groups is None:
        return StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(y, y)
    return StratifiedGroupKFold(n_splits, shuffle=True, random_state=seed).split(y, y, groups)


def _platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(scores.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def best_threshold(prob: np.ndarray, y: np.ndarray, metric: str = "f1") -> float:
    """The probability cut that gives the best ``metric`` ("f1" of the label, "macro_f1" or
    "accuracy"); among equally good cuts, the lowest."""
    from sklearn.metrics import precision_recall_curve

    if metric == "f1":
        precision, recall, cuts = precision_recall_curve(y, prob)
        f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
        i = int(np.nanargmax(f1[:-1])) if len(cuts) else 0
        return round(float(cuts[i]), 4) if len(cuts) else 0.5
    if metric not in ("macro_f1", "accuracy"):
        raise UnknownNameError("threshold metric", metric, THRESHOLD_METRICS)
    prob = np.asarray(prob, dtype=float)
    y = np.asarray(y, dtype=bool)
    cuts = np.unique(prob)
    if len(cuts) == 0:
        return 0.5
    # predictions prob >= cut: counts of positives and negatives at or above each cut
    tp = len(prob[y]) - np.searchsorted(np.sort(prob[y]), cuts, side="left")
    fp = len(prob[~y]) - np.searchsorted(np.sort(prob[~y]), cuts, side="left")
    fn, tn = y.sum() - tp, (~y).sum() - fp
    if metric == "accuracy":
        score = (tp + tn) / len(y)
    else:
        score = (tp / np.maximum(2 * tp + fp + fn, 1) + tn / np.maximum(2 * tn + fn + fp, 1))
    return round(float(cuts[int(np.argmax(score))]), 4)


def calibration_summary(y: np.ndarray, prob: np.ndarray, bins: int = 5) -> dict[str, Any]:
    """Brier score, expected calibration error and a reliability table (mean predicted vs
    observed rate per probability bin)."""
    y = np.asarray(y, dtype=float)
    prob = np.asarray(prob, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(prob, edges[1:-1]), 0, bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        mask = which == b
        if not mask.any():
            continue
        mean_p, rate = float(prob[mask].mean()), float(y[mask].mean())
        ece += mask.mean() * abs(mean_p - rate)
        table.append({"bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}", "n": int(mask.sum()),
                      "mean_prob": round(mean_p, 4), "observed": round(rate, 4)})
    return {"brier": round(float(np.mean((prob - y) ** 2)), 4), "ece": round(float(ece), 4),
            "reliability": table}


def cross_validate(
    X: pd.DataFrame, y: np.ndarray, groups: np.ndarray | None, task: Task, *,
    folds: int = 5, seed: int = 0,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Out-of-fold decision scores and metrics; each fold's threshold and calibration are
    chosen on the other folds' out-of-fold predictions, never on the fold itself."""
    from sklearn import metrics as skm

    scores = np.zeros(len(y))
    split = list(_folds(y, groups, folds, seed))
    for train, test in split:
        pipe = build_pipeline(task, seed=seed).fit(X.iloc[train], y[train])
        scores[test] = pipe.decision_function(X.iloc[test])
    pred = np.zeros(len(y), dtype=bool)
    prob = np.zeros(len(y))
    for _train, test in split:
        rest = np.setdiff1d(np.arange(len(y)), test)
        a, b = _platt(scores[rest], y[rest])
        p_rest = 1 / (1 + np.exp(-(a * scores[rest] + b)))
        cut = best_threshold(p_rest, y[rest], task.threshold_metric)
        prob[test] = 1 / (1 + np.exp(-(a * scores[test] + b)))
        pred[test] = prob[test] >= cut
    metrics = {
        "n": int(len(y)), "positives": int(y.sum()), "folds": folds,
        "grouped_by": task.group if groups is not None else None,
        "threshold_metric": task.threshold_metric,
        "accuracy": round(float(skm.accuracy_score(y, pred)), 4),
        "precision": round(float(skm.precision_score(y, pred, zero_division=0)), 4),
        "recall": round(float(skm.recall_score(y, pred, zero_division=0)), 4),
        "f1": round(float(skm.f1_score(y, pred, zero_division=0)), 4),
        "macro_f1": round(float(skm.f1_score(y, pred, average="macro")), 4),
        "auc": round(float(skm.roc_auc_score(y, scores)), 4),
        "calibration": calibration_summary(y, prob),
    }
    return scores, metrics


def train(
    kind: str, paths: Sequence[str | Path], *, task: str | None = None, seed: int = 0,
    folds: int = 5, evaluate: bool = True, threshold_metric: str | None = None,
) -> tuple[TextModel, dict[str, Any]]:
    """Train a task's model on datasets of ``kind``; returns the model and its CV metrics.

    The same data and seed give the same model. Calibration and threshold come from the
    out-of-fold scores (when ``evaluate``; else from the training scores); the threshold
    maximises ``threshold_metric`` (default: the task's own, see :data:`THRESHOLD_METRICS`).
    """
    spec = _task(task or KIND_TASKS.get(kind, ""))
    if threshold_metric is not None:
        if threshold_metric not in THRESHOLD_METRICS:
            raise UnknownNameError("threshold metric", threshold_metric, THRESHOLD_METRICS)
        spec = dataclasses.replace(spec, threshold_metric=threshold_metric)
    frame = labelled_table(kind, paths)
    if spec.label not in frame.columns:
        raise FramingError(f"task {spec.name!r} needs a {spec.label!r} column, which "
                           f"{kind} data does not have")
    X = model_input(frame, spec)
    y = frame[spec.label].to_numpy(dtype=bool)
    if len(np.unique(y)) < 2:
        raise FramingError(f"task {spec.name!r}: the training data has only one class")
    groups = frame[spec.group].astype(str).to_numpy() if spec.group in frame.columns else None
    metrics: dict[str, Any] = {}
    if evaluate:
        scores, metrics = cross_validate(X, y, groups, spec, folds=folds, seed=seed)
    pipe = build_pipeline(spec, seed=seed).fit(X, y)
    if not evaluate:
        scores = pipe.decision_function(X)
    a, b = _platt(scores, y)
    threshold = best_threshold(1 / (1 + np.exp(-(a * scores + b))), y, spec.threshold_metric)
    info = {
        "description": spec.description, "reason": spec.reason, "kind": kind,
        "data": [str(p) for p in paths], "n": int(len(y)), "seed": seed,
        "threshold_metric": spec.threshold_metric,
        "trained": _dt.date.today().isoformat(), "framing": __version__,
        "cv": metrics,
    }
    model = TextModel.from_pipeline(pipe, spec.name, (a, b), threshold, info)
    return model, metrics


__all__ = [
    "CONTEXT_COLUMNS", "FORMAT", "FORMAT_VERSION", "ModelError", "ModelSet", "TASKS",
    "THRESHOLD_METRICS", "Task", "TextModel", "best_threshold", "build_pipeline",
    "cross_validate", "load_model", "train",
]
