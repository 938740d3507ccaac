"""Sentence classifiers at run time: pickle-free model files, loaded as plain parameters.

A model predicts one task for a unit of text (a sentence or a paragraph):

* ``loaded`` — the loaded-language group of SemEval-2023 Task 3 (Loaded_Language,
  Exaggeration-Minimisation, Flag_Waving, Slogans), trained on paragraphs;
* ``persuasion`` — any of the 19 SemEval-2023 persuasion techniques;
* ``bias`` — BABE's biased vs non-biased sentences (Spinde et al. 2021);
* ``uncertainty`` — CoNLL-2010 uncertain (hedged) Wikipedia sentences (Farkas et al. 2010).

Features are word TF-IDF n-grams of the unit (and character n-grams, except for CoNLL-2010
uncertainty, where they added nothing measurable and doubled the cost), the lexicon
categories of the unit
(:class:`framing.dimensions.classifier.features.LexiconCounter`) and, for tasks whose data comes
as whole articles,
the lexicon density of the neighbouring units and of the article. A logistic regression weighs
them; Platt scaling calibrates the probability and a threshold marks "high". Training, with
scikit-learn, lives in :mod:`framing.lab.training`; this module needs numpy only (and scipy
for :meth:`TextModel.features`), so scoring never imports scikit-learn.

A TF-IDF block is a :class:`TfidfBlock`: the vocabulary, the idf and the analyzer settings of
a fitted ``TfidfVectorizer``, with the same n-grams and the same arithmetic (the tests compare
both on real sentences).

Scoring an article runs every model through one :class:`ModelSet`: the models' n-gram
vocabularies merged into one, so each n-gram of a sentence is looked up once for all of them,
with results identical to each model's scikit-learn arithmetic.

Files hold parameters only — vocabularies, idf, coefficients, intercept, calibration,
threshold, task and format version — as one JSON document (``.json``) or a compressed NumPy
archive without pickled objects (``.npz``). :func:`load_model` reads either and refuses
anything else with a one-line :class:`ModelError`.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import FramingError, UnknownNameError
from ...settings import THRESHOLD_METRICS
from .features import CONTEXT_COLUMNS, LexiconCounter

if TYPE_CHECKING:  # scipy loads only when a caller asks for a feature matrix
    from scipy import sparse

#: What the first key of every model file says, and the layout version this code reads.
FORMAT = "framing-model"
FORMAT_VERSION = 1
#: Parameters of a fitted TfidfVectorizer that change what transform() returns.
TFIDF_PARAMS = (
    "analyzer", "ngram_range", "lowercase", "sublinear_tf", "norm", "use_idf", "smooth_idf",
    "token_pattern", "strip_accents", "binary",
)


#: ``lookup(transformer, text) -> row or None``: lexicon rows a caller already knows.
Lookup = Callable[[LexiconCounter, str], "np.ndarray | None"]


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


#: Dataset kinds ``framing train`` reads, and the task each trains by default.
KIND_TASKS = {"semeval2023": "loaded", "babe": "bias", "conll2010": "uncertainty"}


def task_named(name: str) -> Task:
    if name not in TASKS:
        raise UnknownNameError("task", name, TASKS)
    return TASKS[name]


_WHITE_SPACES = re.compile(r"\s\s+")


def _strip_accents_ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ASCII", "ignore").decode("ASCII")


def _strip_accents_unicode(text: str) -> str:
    try:
        text.encode("ASCII", errors="strict")
        return text
    except UnicodeEncodeError:
        normalized = unicodedata.normalize("NFKD", text)
        return "".join([c for c in normalized if not unicodedata.combining(c)])


_ACCENTS = {None: None, "ascii": _strip_accents_ascii, "unicode": _strip_accents_unicode}


class TfidfBlock:
    """A fitted TF-IDF vectorizer as plain parameters: the vocabulary (term -> column), the
    idf and the settings of scikit-learn's ``TfidfVectorizer`` that change what ``transform``
    returns (:data:`TFIDF_PARAMS`). :meth:`analyze` cuts a text into the same n-grams and
    :meth:`transform` gives the same matrix, without scikit-learn (the tests compare both)."""

    def __init__(
        self, vocabulary: Mapping[str, int], idf: Any = None, *, analyzer: str = "word",
        ngram_range: Sequence[int] = (1, 1), lowercase: bool = True, sublinear_tf: bool = False,
        norm: str | None = "l2", use_idf: bool = True, smooth_idf: bool = True,
        token_pattern: str = r"(?u)\b\w\w+\b", strip_accents: str | None = None,
        binary: bool = False,
    ):
        if analyzer not in ("word", "char", "char_wb"):
            raise ValueError(f"TF-IDF analyzer {analyzer!r} (word, char or char_wb)")
        if strip_accents not in _ACCENTS:
            raise ValueError(f"strip_accents {strip_accents!r} (None, ascii or unicode)")
        if norm not in (None, "l1", "l2"):
            raise ValueError(f"TF-IDF norm {norm!r} (None, l1 or l2)")
        low, high = (int(n) for n in ngram_range)
        if not 1 <= low <= high:
            raise ValueError(f"ngram_range {tuple(ngram_range)}")
        self.vocabulary_ = {str(t): int(j) for t, j in vocabulary.items()}
        self.idf_ = None if idf is None else np.asarray(idf, dtype=np.float64)
        if use_idf and (self.idf_ is None or self.idf_.shape != (len(self.vocabulary_),)):
            raise ValueError("the idf must have one value per vocabulary term")
        self.analyzer, self.ngram_range = analyzer, (low, high)
        self.lowercase, self.sublinear_tf, self.norm = bool(lowercase), bool(sublinear_tf), norm
        self.use_idf, self.smooth_idf, self.binary = bool(use_idf), bool(smooth_idf), bool(binary)
        self.token_pattern, self.strip_accents = token_pattern, strip_accents
        self._token_re = re.compile(token_pattern)
        if self._token_re.groups > 1:
            raise ValueError("more than 1 capturing group in the token pattern")

    def get_params(self) -> dict[str, Any]:
        """The settings, under the names of ``TfidfVectorizer``'s parameters."""
        return {k: getattr(self, k) for k in TFIDF_PARAMS}

    def preprocess(self, text: str) -> str:
        if self.lowercase:
            text = text.lower()
        strip = _ACCENTS[self.strip_accents]
        return strip(text) if strip is not None else text

    def tokenize(self, text: str) -> list[str]:
        return self._token_re.findall(text)

    def word_ngrams(self, tokens: list[str]) -> list[str]:
        low, high = self.ngram_range
        out = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high + 1, len(tokens) + 1)):
            out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        return out

    def char_wb_ngrams(self, text: str) -> list[str]:
        """Character n-grams inside words, each word padded with a space at both ends."""
        out: list[str] = []
        for word in _WHITE_SPACES.sub(" ", text).split():
            out.extend(self.word_char_ngrams(word))
        return out

    def word_char_ngrams(self, word: str) -> list[str]:
        """The char_wb n-grams of one word: every n-gram of " word " for each n, shortest
        first; a padded word no longer than n counts once, as itself, and ends the list."""
        w = f" {word} "
        size = len(w)
        low, high = self.ngram_range
        out: list[str] = []
        for n in range(low, high + 1):
            if size <= n:
                out.append(w)
                break
            out.extend([w[i:i + n] for i in range(size - n + 1)])
        return out

    def char_ngrams(self, text: str) -> list[str]:
        text = _WHITE_SPACES.sub(" ", text)
        low, high = self.ngram_range
        return [text[i:i + n] for n in range(low, min(high + 1, len(text) + 1))
                for i in range(len(text) - n + 1)]

    def analyze(self, text: str) -> list[str]:
        """The n-grams of a text, with repeats, as the vectorizer's analyzer cuts them."""
        text = self.preprocess(text)
        if self.analyzer == "char_wb":
            return self.char_wb_ngrams(text)
        if self.analyzer == "char":
            return self.char_ngrams(text)
        return self.word_ngrams(self.tokenize(text))

    def get_feature_names_out(self) -> np.ndarray:
        return np.asarray(sorted(self.vocabulary_, key=self.vocabulary_.get), dtype=object)

    def weigh(self, rows: np.ndarray, cols: np.ndarray, counts: np.ndarray,
              n_rows: int) -> np.ndarray:
        """TF-IDF values of (row, column, count) entries sorted by row then column: the same
        operations in the same order as the vectorizer, so the same floating-point values."""
        v = np.array(counts, dtype=np.float64)
        if self.binary:
            v[:] = 1.0
        if self.sublinear_tf:
            np.log(v, v)
            v += 1.0
        if self.use_idf:
            v *= self.idf_[cols]
        if self.norm == "l2":
            norms = np.sqrt(np.bincount(rows, v * v, minlength=n_rows))
            v /= np.where(norms == 0, 1.0, norms)[rows]
        elif self.norm == "l1":
            norms = np.bincount(rows, np.abs(v), minlength=n_rows)
            v /= np.where(norms == 0, 1.0, norms)[rows]
        return v

    def transform(self, texts: Sequence[str], analysed: dict | None = None
                  ) -> sparse.csr_matrix:
        """The TF-IDF matrix of the texts (``TfidfVectorizer.transform``). ``analysed``: a
        dict shared by blocks with the same analyzer settings, so each text is cut once."""
        from scipy import sparse

        texts = list(texts)
        key = (self.analyzer, self.ngram_range, self.lowercase, self.token_pattern,
               str(self.strip_accents), tuple(texts))
        entry = analysed.get(key) if analysed is not None else None
        if entry is None:  # cut the texts into n-grams once; number the distinct n-grams
            distinct: dict[str, int] = {}
            ids = [np.fromiter((distinct.setdefault(g, len(distinct)) for g in self.analyze(t)),
                               dtype=np.int64) for t in texts]
            entry = (list(distinct), ids)
            if analysed is not None:
                analysed[key] = entry
        names, ids = entry
        vocab = self.vocabulary_
        local = np.fromiter((vocab.get(g, -1) for g in names), dtype=np.int64, count=len(names))
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), [len(i) for i in ids])
        cols = local[np.concatenate(ids)] if ids else np.zeros(0, dtype=np.int64)
        keep = cols >= 0
        size = max(len(vocab), 1)
        keys, counts = np.unique(rows[keep] * size + cols[keep], return_counts=True)
        r, c = keys // size, keys % size
        v = self.weigh(r, c, counts, len(texts))
        indptr = np.concatenate([[0], np.cumsum(np.bincount(r, minlength=len(texts)))])
        return sparse.csr_matrix((v, c, indptr), shape=(len(texts), len(vocab)))


def _column_texts(column: Any) -> list[str]:
    """A table column as text (``astype(str)`` for pandas, as the pipeline read it)."""
    if hasattr(column, "astype"):
        return column.astype(str).tolist()
    return [str(v) for v in column]


@dataclass
class TextModel:
    """A trained classifier as plain parameters; predicts exactly the same before and after
    a save/load round trip. Made by :func:`framing.lab.training.train` (or
    ``model_from_pipeline``) and by :func:`load_model`."""

    task: str
    blocks: list[tuple[str, list[str], Any]]  # (name, input columns, TfidfBlock/LexiconCounter)
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
        self, X: Any, lookup: Lookup | None = None, analysed: dict | None = None
    ) -> sparse.csr_matrix:
        """The feature matrix of a CONTEXT_COLUMNS table (a DataFrame, or a dict of one list
        per column).

        ``lookup(transformer, text)`` may return a lexicon row already known for a cell (from
        evidence of the whole article), or None to count the cell's text. ``analysed`` is a
        dict that several models scoring the same table share, so each text is cut into
        n-grams once per kind of n-gram (see :meth:`TfidfBlock.transform`).
        """
        from scipy import sparse

        analysed = {} if analysed is None else analysed
        parts = []
        for _name, cols, tr in self.blocks:
            if isinstance(tr, TfidfBlock):
                parts.append(tr.transform(_column_texts(X[cols[0]]), analysed))
            else:  # the lexicon counts of each cell, column after column
                rows = [np.concatenate([_lex_row(tr, _cell(v), lookup) for v in row])
                        for row in zip(*(X[c] for c in cols))]
                n_cols = len(tr.categories_) * len(cols)
                parts.append(sparse.csr_matrix(np.vstack(rows) if rows
                                               else np.zeros((0, n_cols))))
        return sparse.hstack(parts, format="csr")

    def decision(self, X: Any) -> np.ndarray:
        return np.asarray(self.features(X) @ self.coef).ravel() + self.intercept

    def calibrate(self, score: np.ndarray) -> np.ndarray:
        a, b = self.calibration
        return 1.0 / (1.0 + np.exp(-(a * np.asarray(score) + b)))

    def predict_proba(self, X: Any) -> np.ndarray:
        """Calibrated probability of the task's label for each row of a CONTEXT_COLUMNS table."""
        return self.calibrate(self.decision(X))

    def explain(self, X: Any, k: int = 5) -> list[list[tuple[str, float]]]:
        """For each row, the ``k`` features that pushed its score up most (name, contribution)."""
        return self.predict_explain(X, k)[1]

    def predict_explain(
        self, X: Any, k: int = 5, lookup: Lookup | None = None,
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

    # ----------------------------------------------------------------------------------------
    # Files

    def to_parts(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """(header, arrays): everything a file holds."""
        arrays: dict[str, np.ndarray] = {
            "coef": self.coef.astype(np.float32),
        }
        blocks = []
        for i, (name, cols, tr) in enumerate(self.blocks):
            if isinstance(tr, TfidfBlock):
                vocab = sorted(tr.vocabulary_, key=tr.vocabulary_.get)
                arrays[f"b{i}_vocabulary"] = np.asarray(vocab, dtype=str)
                arrays[f"b{i}_idf"] = tr.idf_.astype(np.float32)
                params = tr.get_params()
                params["ngram_range"] = list(params["ngram_range"])
                blocks.append({"type": "tfidf", "name": name, "columns": cols, "params": params})
            elif isinstance(tr, LexiconCounter):
                blocks.append({
                    "type": "lexicon", "name": name, "columns": cols,
                    "params": {"dimensions": list(tr.dimensions), "per_word": tr.per_word},
                    "categories": [str(c) for c in tr.categories_],
                    "lexicons": list(tr.lexicons_),
                })
            else:  # pragma: no cover - training makes only these two
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


# --------------------------------------------------------------------------------------------
# Several models scoring the same units at once


#: Words whose n-gram ids (or tokens and their ids) each analysis of a :class:`ModelSet`
#: remembers, cleared past this many (a 500-article run peaked 10 MiB higher with two memos).
_WORD_CACHE_LIMIT = 50_000


class _Analysis:
    """The TF-IDF blocks of several models that cut the same column into n-grams the same
    way: one union vocabulary, so each n-gram of a text is looked up once for all of them."""

    def __init__(self, column: str, tr: TfidfBlock):
        self.column = column
        self.analyzer = tr.analyzer
        self.union: dict[str, int] = {}
        self.maps: list[np.ndarray] = []  # per block: union id -> the block's column, or -1
        self._vocabs: list[dict[str, int]] = []
        self._preprocess = tr.preprocess
        self._settings = (tr.lowercase, str(tr.strip_accents))  # what preprocess does
        if tr.analyzer == "char_wb":
            self._word_ngrams = tr.word_char_ngrams
            self._per_word = True
        else:  # word n-grams, made as TfidfVectorizer makes them (no stop words)
            self._tokenize = tr.tokenize
            self._ngram_range = tuple(tr.ngram_range)
            self._per_word = tr.token_pattern in _WORD_PATTERNS
        self._memo = _Memo(self._word_tokens)

    def add(self, tr: TfidfBlock) -> int:
        """Take in one block's vocabulary; returns the block's number in this analysis."""
        union = self.union
        for term in tr.vocabulary_:
            union.setdefault(term, len(union))
        self._vocabs.append(tr.vocabulary_)
        return len(self._vocabs) - 1

    def freeze(self) -> None:
        # union ids in term order: a fitted vectorizer numbers its vocabulary in term order,
        # so each block's columns then rise with the union ids (see ``ordered``)
        self.union = {t: u for u, t in enumerate(sorted(self.union))}
        size = len(self.union)
        self.maps = []
        for vocab in self._vocabs:
            local = np.full(size, -1, dtype=_small(len(vocab)))
            local[np.fromiter((self.union[t] for t in vocab), np.int64, len(vocab))] = \
                np.fromiter(vocab.values(), np.int64, len(vocab))
            self.maps.append(local)
        # whether every block's columns rise with the union ids (:class:`_Stack` needs it)
        self.ordered = all(bool(np.all(np.diff(m[m >= 0]) > 0)) for m in self.maps)
        self._memo.clear()  # ids made before the union was numbered anew

    def _word_tokens(self, word: str) -> bytes | tuple[tuple[str, ...], bytes]:
        """What one word gives: the union ids of its character n-grams (those any block
        knows, as the bytes of C ints), or its tokens and the ids of those known."""
        get = self.union.get
        grams = self._word_ngrams(word) if self.analyzer == "char_wb" else self._tokenize(word)
        known = array("i", [u for u in map(get, grams) if u is not None]).tobytes()
        return known if self.analyzer == "char_wb" else (tuple(grams), known)

    def counts(self, texts: Sequence[str], split: dict | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, union id, count) of every known n-gram of every text, sorted by row and id.

        A text is cut at white space (once for the analyses that preprocess alike, through
        ``split``) and each word looked up in a memo: the ids of its known character n-grams,
        or its tokens and the ids of the known ones (for the default token pattern, whose
        tokens never span white space). A word seen before costs no Python call and no
        vocabulary lookup; the longer word n-grams of all the texts are looked up together,
        those that would cross two texts dropped."""
        words = self._words(texts, split)
        n_texts = len(texts)
        look = self._memo.__getitem__
        word_rows = np.repeat(np.arange(n_texts, dtype=np.int64), [len(w) for w in words])
        if self.analyzer == "char_wb":  # each word's known n-gram ids, as bytes
            found = list(map(look, chain.from_iterable(words)))
            uids, rows = _unpack(found, word_rows)
        else:
            low, high = self._ngram_range
            parts, where = [], []
            flat: list[str] = []
            ends = []
            if self._per_word:
                found = list(map(look, chain.from_iterable(words)))
                flat = list(chain.from_iterable(map(itemgetter(0), found)))
                if low == 1:  # the tokens' own ids come with the words
                    u, r = _unpack(list(map(itemgetter(1), found)), word_rows)
                    parts.append(u)
                    where.append(r)
                ends = np.cumsum(np.bincount(
                    word_rows, np.fromiter(map(len, map(itemgetter(0), found)), np.float64,
                                           len(found)), minlength=n_texts)).astype(np.int64)
            else:
                for text in texts:
                    flat.extend(self._tokenize(self._preprocess(text)))
                    ends.append(len(flat))
            rows = np.repeat(np.arange(n_texts, dtype=np.int64), np.diff(ends, prepend=0))
            get = self.union.get
            for n in range(low, high + 1):
                count = len(flat) - n + 1
                if count <= 0:
                    break
                if n == 1 and self._per_word:
                    continue
                grams = flat if n == 1 else map(" ".join, zip(*(flat[i:] for i in range(n))))
                u = np.fromiter(map(get, grams, repeat(-1)), np.int64, count)
                r = rows[:count]
                inside = (u >= 0) & (r == rows[n - 1:])  # known, and within one text
                parts.append(u[inside])
                where.append(r[inside])
            uids = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            rows = np.concatenate(where) if where else np.zeros(0, dtype=np.int64)
        size = max(len(self.union), 1)
        keys = rows * size + uids
        if n_texts * size < 2**31:  # 32-bit keys sort about twice as fast
            keys = keys.astype(np.int32)
        keys, counts = np.unique(keys, return_counts=True)
        keys = keys.astype(np.int64)
        return keys // size, keys % size, counts.astype(np.float64)

    def _words(self, texts: Sequence[str], split: dict | None) -> list[list[str]]:
        """Each text preprocessed and cut at white space (kept in ``split`` for the other
        analyses of the same column that preprocess alike)."""
        key = (self.column, self._settings)
        if split is not None and key in split:
            return split[key]
        pre = self._preprocess
        words = [pre(text).split() for text in texts]
        if split is not None:
            split[key] = words
        return words


def _unpack(found: list[bytes], word_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ids in each word's bytes, and the row of each id."""
    uids = np.frombuffer(b"".join(found), dtype=np.intc).astype(np.int64)  # array("i")
    per_word = np.fromiter(map(len, found), np.int64, len(found)) // np.intc().itemsize
    return uids, np.repeat(word_rows, per_word)


class _Memo(dict):
    """word -> what ``make`` gives for it, made on first use (all cleared past
    :data:`_WORD_CACHE_LIMIT` words); read with ``map(memo.__getitem__, words)``, so a word
    seen before costs no Python call."""

    def __init__(self, make: Callable[[str], Any]):
        super().__init__()
        self.make = make

    def __missing__(self, word: str) -> Any:
        if len(self) >= _WORD_CACHE_LIMIT:
            self.clear()
        value = self[word] = self.make(word)
        return value


#: Token patterns whose tokens never contain white space (runs of two or more word
#: characters): a text's tokens are then those of its words, one word at a time.
_WORD_PATTERNS = (r"(?u)\b\w\w+\b", r"\b\w\w+\b")


def _small(size: int) -> type:
    """The narrowest signed integer type holding 0..size (numpy sorts 16-bit keys by radix)."""
    return np.int16 if size < 2**15 else np.int64


def _fast_tfidf(tr: Any) -> bool:
    """Whether :class:`ModelSet` computes this block with its union vocabulary."""
    return isinstance(tr, TfidfBlock) and tr.analyzer in ("word", "char_wb")


class ModelSet:
    """Models that score the same units together, with the same results as each model's
    :meth:`TextModel.predict_explain` (the tests compare them) at a fraction of the cost.

    At load time the TF-IDF vocabularies of blocks that cut a column into n-grams the same
    way are merged into one union vocabulary, numbered in term order, so every n-gram of a
    text is looked up once for all models (each word's n-gram ids are remembered between
    calls); lexicon rows are counted once per kind of block and shared. No pandas and no scipy
    on the way: each model's features are (row, column, value) arrays summed in the same order
    as the sparse product, so probabilities are bit-for-bit those of the pipeline's
    arithmetic. Models whose blocks allow it are computed side by side (:class:`_Stack`), the
    others one at a time (:meth:`_one`).
    """

    def __init__(self, models: Sequence[TextModel]):
        self.models = list(models)
        analyses: dict[tuple, _Analysis] = {}
        self._plans: list[list[tuple] | None] = []
        for model in self.models:
            if not all(_fast_tfidf(tr) or isinstance(tr, LexiconCounter)
                       for _n, _c, tr in model.blocks):
                self._plans.append(None)  # scored on its own, the ordinary way
                continue
            plan: list[tuple] = []
            offset = 0
            for _name, cols, tr in model.blocks:
                if isinstance(tr, TfidfBlock):
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
        self._stack = _Stack.build(self.models, self._plans)

    def predict_explain(
        self, columns: dict[str, Sequence[str]], k: int = 5, lookup: Lookup | None = None,
        *, high_only: bool = False,
    ) -> list[tuple[np.ndarray, list[list[tuple[str, float]]]]]:
        """For each model, in order: the probabilities of the units and their top ``k``
        features (as :meth:`TextModel.predict_explain`). ``columns`` maps each of
        CONTEXT_COLUMNS to one text per unit; ``lookup`` as in :meth:`TextModel.features`.
        ``high_only``: top features only for units at or above the model's threshold (the
        others get an empty list), which spares sorting the contributions of the rest."""
        n = len(columns["text"])
        if n == 0:
            return [(np.zeros(0), []) for _ in self.models]
        split: dict = {}  # words of each column, cut once for the analyses alike
        counted = {id(a): a.counts([str(v) for v in columns[a.column]], split)  # as astype(str)
                   for a in self._analyses}
        lexicon: dict[tuple, np.ndarray] = {}
        stacked = {}
        if self._stack is not None:
            stacked = self._stack.run(n, k, counted, lexicon, columns, lookup, high_only)
        out = []
        for index, (model, plan) in enumerate(zip(self.models, self._plans)):
            if index in stacked:
                out.append(stacked[index])
                continue
            if plan is None:
                table = {c: list(v) for c, v in columns.items()}
                prob, tops = model.predict_explain(table, k, lookup)
                if high_only:
                    tops = [t if p >= model.threshold else [] for p, t in zip(prob, tops)]
                out.append((prob, tops))
                continue
            out.append(self._one(model, plan, n, k, counted, lexicon, columns, lookup,
                                 high_only))
        return out

    @staticmethod
    def _lexicon(tr: LexiconCounter, column: str, cells: Sequence[str], memo: dict,
                 lookup: Lookup | None) -> np.ndarray:
        key = (tuple(tr.dimensions), bool(tr.per_word), column)
        if key not in memo and hasattr(lookup, "matrix"):  # every cell's row at once
            matrix = lookup.matrix(tr, list(map(_cell, cells)))
            if matrix is not None:
                memo[key] = matrix
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
             high_only: bool = False) -> tuple[np.ndarray, list[list[tuple[str, float]]]]:
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
                r, j = r[keep], local[keep].astype(np.int64)
                v = tr.weigh(r, j, c[keep], n)
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
        tops: list[list[tuple[str, float]]] = [[] for _ in range(n)]
        if high_only:  # explain only the units at or above the model's threshold
            high = prob >= model.threshold
            if not high.any():
                return prob, tops
            pos = np.flatnonzero(high[R] & (contrib > 0))  # within each row: column order
        else:
            pos = np.flatnonzero(contrib > 0)
        by_value = pos[np.argsort(-contrib[pos], kind="stable")]
        top = by_value[np.argsort(R[by_value].astype(_small(n)), kind="stable")]
        R, G, C = R[top], G[top], contrib[top]
        rank = np.arange(len(R)) - np.searchsorted(R, np.arange(n))[R]
        chosen = np.flatnonzero(rank < k)
        names = model._names()
        for i, g, c in zip(R[chosen].tolist(), G[chosen].tolist(), C[chosen].tolist()):
            tops[i].append((names[g], round(c, 4)))
        return prob, tops


class _Stack:
    """The models of a :class:`ModelSet` computed side by side: one column per model in every
    array, so the whole set takes the same few array operations as one model.

    Every model reads each block of features (the n-grams of one analysis, the lexicon rows of
    some columns) in the same order, and a term a model does not know has idf and coefficient
    0 in its column. A sum that adds 0.0 is unchanged, and within each sentence every model's
    terms come in its own column order (union ids rise with each block's columns), so the
    sums, norms and top features are bit for bit those of :meth:`ModelSet._one`.
    """

    def __init__(self, members: list[int], models: list[TextModel], slots: list[tuple]):
        self.members = members
        self.models = models
        self.slots = slots

    @classmethod
    def build(cls, models: Sequence[TextModel], plans: Sequence[list[tuple] | None]
              ) -> _Stack | None:
        """The stack of the models that have a plan, or None when they cannot share one (a
        block whose columns are not in term order, blocks in different orders, tf-idf settings
        that differ within one analysis)."""
        members = [i for i, plan in enumerate(plans) if plan is not None]
        if not members:
            return None
        order: list[Any] = []  # the slots in the order every model reads them
        per_model: list[dict[Any, tuple]] = []
        for i in members:
            seen: dict[Any, tuple] = {}
            for block in plans[i]:
                if block[0] == "tfidf":
                    key: Any = id(block[1])
                    if not block[1].ordered:
                        return None
                else:
                    key = ("lexicon", tuple(block[1].dimensions), bool(block[1].per_word),
                           tuple(block[2]))
                if key in seen:
                    return None
                seen[key] = block
                if key not in order:
                    order.append(key)
            positions = [order.index(key) for key in seen]
            if positions != sorted(positions):
                return None
            per_model.append(seen)
        size = len(members)
        slots: list[tuple] = []
        for key in order:
            blocks = [(m, seen[key]) for m, seen in enumerate(per_model) if key in seen]
            if isinstance(key, tuple):  # lexicon rows of some columns
                tr, names = blocks[0][1][1], blocks[0][1][2]
                width = len(tr.categories_) * len(names)
                if any(len(b[1].categories_) != len(tr.categories_) for _m, b in blocks):
                    return None
                coef = np.zeros((width, size))
                name_index = np.full((width, size), -1, dtype=np.int64)
                for m, (_kind, _tr, _names, offset) in blocks:
                    coef[:, m] = models[members[m]].coef[offset:offset + width]
                    name_index[:, m] = np.arange(offset, offset + width)
                slots.append(("lexicon", tr, names, coef, name_index))
                continue
            analysis = blocks[0][1][1]
            trs = [block[4] for _m, block in blocks]
            settings = {(tr.binary, tr.sublinear_tf, tr.norm) for tr in trs}
            if len(settings) != 1:
                return None
            union = len(analysis.union)
            idf = np.zeros((union, size))
            coef = np.zeros((union, size))
            name_index = np.full((union, size), -1, dtype=np.int64)
            for m, (_kind, _analysis, index, offset, tr) in blocks:
                local = analysis.maps[index].astype(np.int64)
                known = np.flatnonzero(local >= 0)
                cols = local[known]
                idf[known, m] = tr.idf_[cols] if tr.use_idf else 1.0
                coef[known, m] = models[members[m]].coef[offset + cols]
                name_index[known, m] = offset + cols
            slots.append(("tfidf", analysis, trs[0], idf, coef, name_index))
        return cls(members, [models[i] for i in members], slots)

    def run(self, n: int, k: int, counted: dict, memo: dict, columns: dict[str, Sequence[str]],
            lookup: Lookup | None, high_only: bool
            ) -> dict[int, tuple[np.ndarray, list[list[tuple[str, float]]]]]:
        """Model number -> (probabilities, top features), as :meth:`ModelSet._one` gives."""
        size = len(self.members)
        lanes = np.arange(size)
        rows, contribs, parts = [], [], []
        for slot in self.slots:
            if slot[0] == "tfidf":
                _, analysis, tr, idf, coef, name_index = slot
                r, u, c = counted[id(analysis)]
                tf = np.array(c, dtype=np.float64)  # as TfidfBlock.weigh, for every model
                if tr.binary:
                    tf[:] = 1.0
                if tr.sublinear_tf:
                    np.log(tf, tf)
                    tf += 1.0
                v = tf[:, None] * np.take(idf, u, axis=0)
                if tr.norm is not None:
                    keys = (r[:, None] * size + lanes).ravel()
                    part = v * v if tr.norm == "l2" else np.abs(v)
                    norms = np.bincount(keys, part.ravel(), minlength=n * size)
                    if tr.norm == "l2":
                        norms = np.sqrt(norms)
                    v /= np.take(np.where(norms == 0, 1.0, norms).reshape(n, size), r, axis=0)
                rows.append(r)
                contribs.append(v * np.take(coef, u, axis=0))
                parts.append((name_index, u))
            else:
                _, tr, cols, coef, name_index = slot
                dense = np.hstack([ModelSet._lexicon(tr, c, columns[c], memo, lookup)
                                   for c in cols])
                width = dense.shape[1]
                rows.append(np.repeat(np.arange(n, dtype=np.int64), width))
                contribs.append((dense[:, :, None] * coef).reshape(n * width, size))
                parts.append((name_index, None))
        R = np.concatenate(rows)
        C = np.concatenate(contribs)
        sums = np.bincount((R[:, None] * size + lanes).ravel(), C.ravel(), minlength=n * size)
        sums = sums.reshape(n, size)
        probs = [model.calibrate(np.ascontiguousarray(sums[:, m]) + model.intercept)
                 for m, model in enumerate(self.models)]
        tops = self._top(probs, R, C, parts, n, k, high_only)
        return {index: (prob, top) for index, prob, top in zip(self.members, probs, tops)}

    def _top(self, probs: list[np.ndarray], R: np.ndarray, C: np.ndarray, parts: list[tuple],
             n: int, k: int, high_only: bool) -> list[list[list[tuple[str, float]]]]:
        """For every model, per row, its contributions high to low (ties: column order),
        positive only, at most ``k`` (as :meth:`ModelSet._one`): the ``k``-th largest of each
        row is found by a partition, and only the contributions at or above it are sorted."""
        size = len(self.models)
        tops: list[list[list[tuple[str, float]]]] = [[[] for _ in range(n)] for _ in probs]
        if k <= 0:
            return tops
        if high_only:
            high = np.column_stack([p >= model.threshold for p, model in zip(probs, self.models)])
            if not high.any():
                return tops
            wanted = (C > 0) & np.take(high, R, axis=0)
        else:
            wanted = C > 0
        flat = np.flatnonzero(wanted)  # entries in column order within each model
        if not len(flat):
            return tops
        e, m = flat // size, flat % size
        values = C.ravel()[flat]
        group = m * n + R[e]  # one group per model and row
        order = np.argsort(group.astype(_small(size * n)), kind="stable")
        e, m, values, group = e[order], m[order], values[order], group[order]
        new = np.flatnonzero(np.diff(group)) + 1
        starts = np.concatenate([[0], new])
        segment = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(group))))
        place = np.arange(len(group)) - starts[segment]
        longest = int(place.max()) + 1
        if longest > k:  # keep what reaches each row's k-th largest contribution
            table = np.full((len(starts), longest), np.inf)
            table[segment, place] = -values
            kth = -np.partition(table, k - 1, axis=1)[:, k - 1]
            keep = np.flatnonzero(values >= kth[segment])
            e, m, values, group, segment = (x[keep] for x in (e, m, values, group, segment))
        order = np.lexsort((-values, group))  # stable: ties stay in column order
        e, m, values, group = e[order], m[order], values[order], group[order]
        first = np.searchsorted(group, group)
        chosen = np.flatnonzero(np.arange(len(group)) - first < k)
        e, m, values = e[chosen], m[chosen], values[chosen]
        # each chosen entry's feature: the part it lies in and its place there
        features = np.empty(len(e), dtype=np.int64)
        start = 0
        for name_index, u in parts:
            length = len(u) if u is not None else n * name_index.shape[0]
            inside = np.flatnonzero((e >= start) & (e < start + length))
            place = e[inside] - start
            # a tf-idf entry's union id, or a lexicon entry's column (rows are row-major)
            at = u[place] if u is not None else place % name_index.shape[0]
            features[inside] = name_index[at, m[inside]]
            start += length
        labels = [model._names() for model in self.models]
        for i, j, g, c in zip(R[e].tolist(), m.tolist(), features.tolist(), values.tolist()):
            tops[j][i].append((labels[j][g], round(c, 4)))
        return tops


def _lex_row(tr: LexiconCounter, text: str, lookup: Lookup | None) -> np.ndarray:
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
            vocab = arrays[f"b{i}_vocabulary"]
            tr = TfidfBlock({str(t): j for j, t in enumerate(vocab.tolist())},
                            arrays[f"b{i}_idf"].astype(np.float64), **spec["params"])
            n_features += len(vocab)
        elif spec["type"] == "lexicon":
            tr = LexiconCounter(
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


__all__ = [
    "CONTEXT_COLUMNS", "FORMAT", "FORMAT_VERSION", "KIND_TASKS", "ModelError", "ModelSet",
    "TASKS", "THRESHOLD_METRICS", "Task", "TextModel", "TfidfBlock", "load_model",
    "read_npz_archive",
]
