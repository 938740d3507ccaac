"""The article-level frames model: which of 14 policy frames an article uses, and why.

The frames are those of the Policy Frames Codebook (Boydstun et al. 2014) as labelled per
article in SemEval-2023 Task 3 subtask 2 (Piskorski et al. 2023). One logistic regression per
frame weighs two kinds of features of the whole article:

* word unigrams and bigrams (English stop words dropped, bigrams within a sentence), TF-IDF
  with sublinear term frequency and unit length;
* the density of each frame's cue words from the ``frames`` lexicon
  (``log(1 + weighted cues per 1,000 words)``), so the curated cues and the learned words sit
  side by side.

Because both feature kinds are sums over the article's sentences, the score of a frame splits
exactly into the contributions of its sentences (a term's value is shared equally among its
occurrences; a cue feature among the sentences holding the frame's cues in proportion to
their weight). :meth:`FrameModel.explain` returns the probability of every frame, these
sentence contributions and each sentence's strongest features: the evidence a reader can check.

Each frame's regularisation C is chosen among a few candidates by an inner grouped
cross-validation on the training articles (inside every outer fold too, so the measured
figures stay out of sample). Platt scaling on out-of-fold scores calibrates each frame's
probability, and the cut that gives the best out-of-fold F1 for that frame marks it "used".
A frame whose out-of-fold scores do not rise with the frame (a Platt slope at or below 0, or
a ROC AUC below ``min_auc``) gets its base rate as probability and is never "used": the model
has no signal for it. Files hold parameters only (vocabulary, idf, coefficients, intercepts,
calibration, thresholds) in a compressed NumPy archive read with ``allow_pickle=False``.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..._version import __version__
from ...errors import FramingError
from ...evidence import Evidence
from ...lab.datasets import SEMEVAL_FRAMES
from ...lexicon import Match
from ...textunits import Document
from ..lexical import LexicalDimension

#: Frame ids (the frames lexicon's categories), in SEMEVAL_FRAMES order.
FRAME_IDS = (
    "economic", "capacity_and_resources", "morality", "fairness_and_equality", "legality",
    "policy", "crime_and_punishment", "security_and_defense", "health_and_safety",
    "quality_of_life", "cultural_identity", "public_opinion", "political",
    "external_regulation",
)
#: Frame id -> the SemEval-2023 label spelling.
SEMEVAL_LABEL = dict(zip(FRAME_IDS, SEMEVAL_FRAMES))
FROM_SEMEVAL = {v: k for k, v in SEMEVAL_LABEL.items()}

FORMAT = "framing-frame-model"
FORMAT_VERSION = 1

#: Training settings (one place): regularisation, vocabulary size and minimum document
#: frequency, folds, the share of articles kept aside, seed. C and the use of cues were
#: chosen by cross-validated macro-F1 on the development part (see the model card). ``C``
#: lists candidates: each frame gets the one its inner cross-validation on the training
#: articles ranks best (:func:`choose_C`), inside every outer fold as in the final fit.
#: ``min_auc``: a frame whose out-of-fold scores rank its articles no better than this ROC
#: AUC has no usable signal: it gets its base rate and is never "used" (with 426 articles,
#: labels shuffled at random give 0.47–0.51 for policy's 61 positives).
DEFAULTS = {"C": (0.3, 1.0, 3.0), "max_terms": 20000, "min_df": 3, "folds": 5,
            "held_out": 0.2, "seed": 0, "cues": True, "min_auc": 0.6}

_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]")
_STOP: frozenset[str] | None = None


def _stop_words() -> frozenset[str]:
    """scikit-learn's English stop words. When scikit-learn is not imported yet, the one
    module that defines them is run on its own: importing the package would cost about 1.5 s
    of start-up (scipy.stats, pandas) that scoring does not need (issue 19)."""
    global _STOP
    if _STOP is None:
        import importlib.util
        import sys

        found = importlib.util.find_spec("sklearn") if "sklearn" not in sys.modules else None
        path = (Path(found.submodule_search_locations[0]) / "feature_extraction"
                / "_stop_words.py") if found and found.submodule_search_locations else None
        if path is not None and path.is_file():
            spec = importlib.util.spec_from_file_location("_framing_stop_words", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            _STOP = frozenset(module.ENGLISH_STOP_WORDS)
        else:
            from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

            _STOP = frozenset(ENGLISH_STOP_WORDS)
    return _STOP


def sentence_terms(text: str) -> list[str]:
    """The unigrams and bigrams of one sentence: lower-case words of two or more letters, stop
    words dropped before the bigrams are formed (as scikit-learn's vectorizers do)."""
    stop = _stop_words()
    # the pattern takes both apostrophes, so folding them first finds the same words
    words = [w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in stop]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def cue_features(weights: np.ndarray, n_words: int) -> np.ndarray:
    """The cue features of an article from its summed cue weight per frame."""
    return np.log1p(1000.0 * np.asarray(weights, dtype=float) / max(n_words, 1))


@dataclass
class ArticleInput:
    """What the model reads of one article: each sentence's terms, each sentence's summed cue
    weight per frame (sentences × frames) and the article's word count."""

    terms: list[list[str]]
    cues: np.ndarray
    n_words: int


@dataclass
class Explanation:
    """The model's reading of one article.

    ``prob`` and ``decision`` per frame; ``contrib`` (sentences × frames) the share of each
    frame's decision score carried by each sentence (rows sum to ``decision - intercept``);
    ``top(s, f)`` gives the features of sentence ``s`` that pushed frame ``f`` up most.
    """

    prob: np.ndarray
    decision: np.ndarray
    contrib: np.ndarray
    _occ: np.ndarray  # sentences × present terms: each term's value carried by the sentence
    _present: np.ndarray
    _cue_part: np.ndarray  # sentences × frames(features): cue feature value carried
    _model: FrameModel

    def top(self, s: int, f: int, k: int = 5) -> list[tuple[str, float]]:
        m = self._model
        V = len(m.terms)
        present = self._present
        parts = self._occ[s] * m.coef[f, present] if len(present) else np.zeros(0)
        cue = self._cue_part[s] * m.coef[f, V:]
        values = np.concatenate([parts, cue])
        order = np.argsort(-values, kind="stable")[:k]
        n = len(present)  # names only for the k shown, not for every present term
        return [(m.terms[present[i]] if i < n else f"cues:{m.frames[i - n]}",
                 round(float(values[i]), 4)) for i in order if values[i] > 0]


@dataclass
class FrameModel:
    """Trained frames model as plain parameters (see the module docstring)."""

    frames: list[str]
    terms: list[str]  # vocabulary, column order
    idf: np.ndarray  # (V,)
    coef: np.ndarray  # (F, V + F): terms, then the cue feature of each frame
    intercept: np.ndarray  # (F,)
    calibration: np.ndarray  # (F, 2): p = 1 / (1 + exp(-(a * score + b)))
    thresholds: np.ndarray  # (F,) probability at or above which a frame counts as used
    info: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.vocabulary = {t: i for i, t in enumerate(self.terms)}

    @property
    def id(self) -> str:
        return f"frames-model@{self.info.get('trained', 'unknown')}"

    # ----------------------------------------------------------------------------------------
    # Features

    def _term_matrix(self, item: ArticleInput) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(present term columns, article values x of those terms, occurrence matrix
        sentences × present with each occurrence's share of x)."""
        vocab = self.vocabulary
        get = vocab.get
        ids = [[j for j in map(get, terms) if j is not None] for terms in item.terms]
        cols = np.fromiter((j for row in ids for j in row), dtype=np.int64)
        rows = np.repeat(np.arange(len(ids)), [len(r) for r in ids])
        n = len(ids)
        if not len(cols):
            return cols, np.zeros(0), np.zeros((n, 0))
        present, local = np.unique(cols, return_inverse=True)
        counts = np.bincount(local, minlength=len(present)).astype(float)
        x = (1.0 + np.log(counts)) * self.idf[present]
        x /= np.sqrt((x * x).sum())
        occ = np.zeros((n, len(present)))
        np.add.at(occ, (rows, local), 1.0)
        occ *= x / counts
        return present, x, occ

    def explain(self, item: ArticleInput) -> Explanation:
        present, x, occ = self._term_matrix(item)
        V = len(self.terms)
        n = len(item.terms)
        weights = item.cues.sum(axis=0) if n else np.zeros(len(self.frames))
        xc = cue_features(weights, item.n_words)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(weights > 0, item.cues / np.where(weights > 0, weights, 1), 0.0)
        cue_part = share * xc if n else np.zeros((0, len(self.frames)))
        # einsum, not @: these products are small, and BLAS would start threads that spin on
        # the cores after each call, taking CPU from the rest of scoring and from the other
        # worker processes (measured: every other dimension about a third slower)
        used = self.coef[:, present]
        contrib = (np.einsum("ij,kj->ik", occ, used)
                   + np.einsum("ij,kj->ik", cue_part, self.coef[:, V:]))
        decision = np.einsum("kj,j->k", used, x) + np.einsum("kj,j->k", self.coef[:, V:], xc) \
            + self.intercept
        prob = self.calibrate(decision)
        return Explanation(prob, decision, contrib, occ, present, cue_part, self)

    def features(self, item: ArticleInput) -> np.ndarray:
        """The article's feature vector (V + F), dense (for tests and training checks)."""
        present, x, _ = self._term_matrix(item)
        out = np.zeros(len(self.terms) + len(self.frames))
        out[present] = x
        out[len(self.terms):] = cue_features(item.cues.sum(axis=0), item.n_words)
        return out

    def calibrate(self, decision: np.ndarray) -> np.ndarray:
        a, b = self.calibration[:, 0], self.calibration[:, 1]
        return 1.0 / (1.0 + np.exp(-(a * decision + b)))

    # ----------------------------------------------------------------------------------------
    # Files

    def save(self, path: str | Path) -> Path:
        """Write the parameters as a compressed ``.npz`` archive (no pickled objects)."""
        path = Path(path)
        if path.suffix != ".npz":
            raise FramingError(f"{path}: a frames model file must end in .npz")
        header = {"format": FORMAT, "format_version": FORMAT_VERSION,
                  "frames": list(self.frames), "info": self.info}
        tmp = path.with_name(f".{path.name}.part")
        with open(tmp, "wb") as fh:
            np.savez_compressed(
                fh, header=np.asarray(json.dumps(header)),
                terms=np.asarray(self.terms, dtype=str),
                idf=self.idf.astype(np.float32), coef=self.coef.astype(np.float32),
                intercept=self.intercept.astype(np.float32),
                calibration=self.calibration.astype(np.float64),
                thresholds=self.thresholds.astype(np.float64),
            )
        tmp.replace(path)
        return path


def load_frame_model(path: str | Path) -> FrameModel:
    """Read a file written by :meth:`FrameModel.save`; anything else is a one-line ModelError."""
    from ..classifier.models import ModelError, read_npz_archive

    path = Path(path)
    if not path.is_file():
        raise ModelError(path, "no such frames model file")
    header, arrays = read_npz_archive(path, "frames model")
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ModelError(path, f"not a framing frames model (no 'format: {FORMAT}' header)")
    if header.get("format_version") != FORMAT_VERSION:
        raise ModelError(path, f"frames model format version {header.get('format_version')}, "
                         f"but this framing reads version {FORMAT_VERSION}; retrain it with "
                         "'framing train semeval2023-frames'")
    try:
        frames = [str(f) for f in header["frames"]]
        terms = [str(t) for t in arrays["terms"]]
        model = FrameModel(
            frames=frames, terms=terms, idf=arrays["idf"].astype(np.float64),
            coef=arrays["coef"].astype(np.float64),
            intercept=arrays["intercept"].astype(np.float64),
            calibration=arrays["calibration"].astype(np.float64),
            thresholds=arrays["thresholds"].astype(np.float64),
            info=dict(header.get("info") or {}),
        )
        F, V = len(frames), len(terms)
        shapes = {"idf": (model.idf.shape, (V,)), "coef": (model.coef.shape, (F, V + F)),
                  "intercept": (model.intercept.shape, (F,)),
                  "calibration": (model.calibration.shape, (F, 2)),
                  "thresholds": (model.thresholds.shape, (F,))}
        for name, (got, want) in shapes.items():
            if got != want:
                raise ValueError(f"{name} has shape {got}, expected {want}")
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(path, f"damaged frames model: missing or bad field ({exc})") from None
    unknown = [f for f in frames if f not in FRAME_IDS]
    if unknown:
        raise ModelError(path, f"unknown frame {unknown[0]!r} in the model")
    return model


def shipped_frame_model_path() -> Any:
    """The frames model that ships in framing/data/models/ (a Traversable), or None."""
    from importlib import resources

    try:
        base = resources.files("framing.data").joinpath("models")
    except ModuleNotFoundError:  # pragma: no cover - source checkout without install
        base = Path(__file__).resolve().parents[2] / "data" / "models"
    found = base.joinpath("frames.npz")
    return found if found.is_file() else None


# --------------------------------------------------------------------------------------------
# Training and honest measurement


class FrameCues(LexicalDimension):
    """The cue words of the ``frames`` lexicon (and a user's frames lexicons) in a document."""

    name = "frames"
    lexicon_names = ("frames",)

    def on_negated(self, match: Match) -> tuple[str, str] | None:
        # "no threat to security" still talks in terms of security: a negated cue counts
        return match.entry.category, match.entry.reason

    def metrics(self, evidence: list[Evidence], doc: Document) -> dict[str, float]:
        return {}

    def article_input(self, doc: Document, evidence: list[Evidence] | None = None) -> Any:
        """What the frames model reads of a document (:class:`ArticleInput`)."""
        if evidence is None:
            evidence = self.analyze(doc).evidence
        index = {f: j for j, f in enumerate(FRAME_IDS)}
        cues = np.zeros((len(doc.sentences), len(FRAME_IDS)))
        for ev in evidence:
            j = index.get(ev.category)
            if j is not None and ev.sentence >= 0:
                cues[ev.sentence, j] += ev.weight
        terms = [sentence_terms(doc.text[s.start:s.end]) for s in doc.sentences]
        return ArticleInput(terms, cues, doc.n_words)


def article_inputs(texts: Sequence[str], cue_finder: Any = None) -> list[ArticleInput]:
    """Sentences, terms and cue weights of each text, as the frames dimension reads them."""
    from ...textunits import Document

    if cue_finder is None:
        cue_finder = FrameCues()
    out = []
    for text in texts:
        doc = Document.from_text(text)
        out.append(cue_finder.article_input(doc))
    return out


def fit_vocabulary(items: Sequence[ArticleInput], *, max_terms: int, min_df: int,
                   ) -> tuple[list[str], np.ndarray]:
    """Terms in at least ``min_df`` articles, the ``max_terms`` most frequent overall (ties by
    term), and their smoothed idf (scikit-learn's formula)."""
    from collections import Counter

    df: Counter[str] = Counter()
    tf: Counter[str] = Counter()
    for item in items:
        flat = [t for terms in item.terms for t in terms]
        tf.update(flat)
        df.update(set(flat))
    kept = [t for t, d in df.items() if d >= min_df]
    kept.sort(key=lambda t: (-tf[t], t))
    kept = sorted(kept[:max_terms])
    n = len(items)
    idf = np.array([np.log((1 + n) / (1 + df[t])) + 1.0 for t in kept])
    return kept, idf


def design_matrix(items: Sequence[ArticleInput], terms: list[str], idf: np.ndarray,
                  frames: Sequence[str], cues: bool | float = True):
    """The sparse feature matrix of articles (terms, then one cue column per frame).

    ``cues``: False (no cue columns), True, or a number that multiplies the cue features (a
    larger number lets the L2 penalty weigh the curated cues less than single words;
    :func:`fit_model` folds it back into the coefficients)."""
    scale = float(cues)
    from scipy import sparse

    shell = FrameModel(list(frames), terms, idf, np.zeros((len(frames), 0)),
                       np.zeros(len(frames)), np.zeros((len(frames), 2)),
                       np.zeros(len(frames)))
    rows, cols, vals = [], [], []
    V = len(terms)
    for i, item in enumerate(items):
        present, x, _ = shell._term_matrix(item)
        rows.extend([i] * len(present))
        cols.extend(present.tolist())
        vals.extend(x.tolist())
        if cues:
            xc = cue_features(item.cues.sum(axis=0) if len(item.terms) else
                              np.zeros(len(frames)), item.n_words)
            for g, v in enumerate(xc):
                if v:
                    rows.append(i)
                    cols.append(V + g)
                    vals.append(float(v) * scale)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(items), V + len(frames)))


class _Constant:
    """The "model" of a frame that the training articles all have or all lack."""

    def __init__(self, n_features: int, positive: bool):
        self.coef_ = np.zeros((1, n_features))
        self.intercept_ = np.array([_EDGE if positive else -_EDGE])

    def decision_function(self, X) -> np.ndarray:
        return np.full(X.shape[0], self.intercept_[0])


#: Decision score (and calibration offset) given to a frame with one class in training.
_EDGE = 5.0


def _fit_lr(X, y: np.ndarray, C: float, seed: int):
    from sklearn.linear_model import LogisticRegression

    if len(np.unique(y)) < 2:
        return _Constant(X.shape[1], bool(y[0]) if len(y) else False)
    return LogisticRegression(C=C, class_weight="balanced", max_iter=3000,
                              random_state=seed).fit(X, y)


#: Inner folds used to choose a frame's C when ``C`` is a tuple of candidates.
INNER_FOLDS = 3


def choose_C(X, y: np.ndarray, groups: np.ndarray, candidates: Sequence[float], seed: int,
             ) -> float:
    """The candidate C whose inner grouped cross-validation (on these training articles only)
    ranks the frame's articles best (ROC AUC of the pooled inner out-of-fold scores); ties go
    to the smaller C. The vocabulary is the caller's (learnt from the same training articles)."""
    from sklearn.metrics import roc_auc_score

    if len(candidates) == 1 or len(np.unique(y)) < 2:
        return float(candidates[0])
    inner = [t for t in _folds(groups, INNER_FOLDS, seed + 1) if len(t)]
    best, best_auc = float(candidates[0]), -1.0
    for C in sorted(candidates):
        scores = np.zeros(len(y))
        for test in inner:
            train = np.setdiff1d(np.arange(len(y)), test)
            scores[test] = _fit_lr(X[train], y[train], C, seed).decision_function(X[test])
        auc = roc_auc_score(y, scores)
        if auc > best_auc + 1e-9:
            best, best_auc = float(C), auc
    return best


def _frame_C(C: Any, X, y: np.ndarray, groups: np.ndarray, seed: int) -> float:
    """A fixed C, or the one chosen by :func:`choose_C` when ``C`` lists candidates."""
    if isinstance(C, (tuple, list)):
        return choose_C(X, y, groups, C, seed)
    return float(C)


def _cut(prob: np.ndarray, y: np.ndarray) -> float:
    """The probability cut with the best F1 (1.0 when no article has the frame)."""
    from ...lab.metrics import best_threshold

    if not y.any():
        return 1.0
    return best_threshold(prob, y, "f1")


def label_matrix(frame_lists: Sequence[Sequence[str]], frames: Sequence[str] = FRAME_IDS,
                 ) -> np.ndarray:
    """Articles × frames booleans from lists of SemEval frame labels."""
    index = {SEMEVAL_LABEL[f]: j for j, f in enumerate(frames)}
    Y = np.zeros((len(frame_lists), len(frames)), dtype=bool)
    for i, names in enumerate(frame_lists):
        for name in names:
            if name in index:
                Y[i, index[name]] = True
    return Y


def group_ids(texts: Sequence[str]) -> np.ndarray:
    """Articles with the same first line (title) form one group, so a story published twice
    never sits on both sides of a split."""
    keys = [" ".join(t.strip().split("\n", 1)[0].lower().split()) for t in texts]
    index: dict[str, int] = {}
    return np.array([index.setdefault(k, len(index)) for k in keys])


def held_out_split(groups: np.ndarray, share: float, seed: int) -> np.ndarray:
    """Boolean mask of the articles kept aside: whole groups in a seeded random order until
    ``share`` of the articles are reached."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(np.unique(groups))
    target = share * len(groups)
    mask = np.zeros(len(groups), dtype=bool)
    for g in order:
        if mask.sum() >= target:
            break
        mask |= groups == g
    return mask


def _folds(groups: np.ndarray, folds: int, seed: int) -> list[np.ndarray]:
    """Test indices of each fold: whole groups, shuffled with the seed, dealt round-robin."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(np.unique(groups))
    which = {g: i % folds for i, g in enumerate(order)}
    fold_of = np.array([which[g] for g in groups])
    return [np.flatnonzero(fold_of == k) for k in range(folds)]


def _platt(scores: np.ndarray, y: np.ndarray,
           min_auc: float = DEFAULTS["min_auc"]) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    if len(np.unique(y)) < 2 or len(np.unique(scores)) < 2:
        rate = float(np.clip(np.mean(y) if len(y) else 0.0, 0.01, 0.99))
        return 0.0, float(np.log(rate / (1 - rate)))  # the frame's base rate
    lr = LogisticRegression(C=1e6, max_iter=1000).fit(scores.reshape(-1, 1), y)
    a = float(lr.coef_[0, 0])
    if a <= 0 or roc_auc_score(y, scores) < min_auc:
        # out of fold, a higher score did not mean the frame more often (or hardly): no signal
        rate = float(np.clip(np.mean(y), 0.01, 0.99))
        return 0.0, float(np.log(rate / (1 - rate)))
    return a, float(lr.intercept_[0])


def _cut_calibrated(a: float, prob: np.ndarray, y: np.ndarray) -> float:
    """The cut of a calibrated frame; a frame without signal (``a == 0``) is never "used"."""
    return 1.0 if a == 0 else _cut(prob, y)


def out_of_fold(items: Sequence[ArticleInput], Y: np.ndarray, groups: np.ndarray, *,
                C: float, cues: bool, folds: int, seed: int, max_terms: int, min_df: int,
                ) -> np.ndarray:
    """Out-of-fold decision scores (articles × frames); the vocabulary of each fold is
    learnt from its training articles only."""
    scores = np.zeros(Y.shape, dtype=float)
    for test in _folds(groups, folds, seed):
        if not len(test):  # fewer groups than folds
            continue
        train = np.setdiff1d(np.arange(len(items)), test)
        tr_items = [items[i] for i in train]
        terms, idf = fit_vocabulary(tr_items, max_terms=max_terms, min_df=min_df)
        Xtr = design_matrix(tr_items, terms, idf, FRAME_IDS, cues)
        Xte = design_matrix([items[i] for i in test], terms, idf, FRAME_IDS, cues)
        for f in range(Y.shape[1]):
            C_f = _frame_C(C, Xtr, Y[train, f], groups[train], seed)
            lr = _fit_lr(Xtr, Y[train, f], C_f, seed)
            scores[test, f] = lr.decision_function(Xte)
    return scores


def cue_scores(items: Sequence[ArticleInput]) -> np.ndarray:
    """The lexicon alone: each frame's cue feature (articles × frames)."""
    return np.vstack([cue_features(it.cues.sum(axis=0) if len(it.terms) else
                                   np.zeros(len(FRAME_IDS)), it.n_words) for it in items])


def best_cuts(scores: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per frame, the score cut with the best F1 on these articles."""
    return np.array([_cut(scores[:, f], Y[:, f]) for f in range(Y.shape[1])])


def cv_predictions(scores: np.ndarray, Y: np.ndarray, groups: np.ndarray, folds: int,
                   seed: int, calibrate: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(probabilities, predictions) of out-of-fold scores where each fold's calibration and
    cut come from the other folds only (the same folds as the scores)."""
    prob = np.zeros(scores.shape)
    pred = np.zeros(scores.shape, dtype=bool)
    for test in _folds(groups, folds, seed):
        rest = np.setdiff1d(np.arange(len(Y)), test)
        for f in range(Y.shape[1]):
            a = 1.0
            if calibrate:
                a, b = _platt(scores[rest, f], Y[rest, f])
                p_rest = 1 / (1 + np.exp(-(a * scores[rest, f] + b)))
                p_test = 1 / (1 + np.exp(-(a * scores[test, f] + b)))
            else:
                p_rest, p_test = scores[rest, f], scores[test, f]
            cut = _cut_calibrated(a, p_rest, Y[rest, f]) if calibrate else _cut(p_rest,
                                                                                  Y[rest, f])
            prob[test, f] = p_test
            pred[test, f] = p_test >= cut
    return prob, pred


def frame_metrics(Y: np.ndarray, score: np.ndarray, pred: np.ndarray,
                  frames: Sequence[str] = FRAME_IDS) -> dict[str, Any]:
    """Per-frame precision, recall, F1 and ROC AUC; micro-F1 over all (article, frame) pairs
    and macro-F1, the mean F1 of the frames that occur in these articles."""
    from sklearn import metrics as skm

    per = {}
    for f, name in enumerate(frames):
        y, s, p = Y[:, f], score[:, f], pred[:, f]
        both = 0 < y.sum() < len(y)
        per[name] = {
            "positives": int(y.sum()),
            "precision": round(float(skm.precision_score(y, p, zero_division=0)), 4),
            "recall": round(float(skm.recall_score(y, p, zero_division=0)), 4),
            "f1": round(float(skm.f1_score(y, p, zero_division=0)), 4),
            "auc": round(float(skm.roc_auc_score(y, s)), 4) if both else None,
        }
    present = [v["f1"] for v in per.values() if v["positives"]]
    return {
        "n": int(len(Y)),
        "micro_f1": round(float(skm.f1_score(Y, pred, average="micro", zero_division=0)), 4),
        # over the frames that occur in these articles (a frame nobody uses has no F1)
        "macro_f1": round(float(np.mean(present)), 4) if present else 0.0,
        "frames_present": len(present),
        "frames": per,
    }


def majority_baseline(Y_train: np.ndarray, n: int) -> np.ndarray:
    """Predictions of the majority-frames baseline: every article gets the frames that more
    than half of the training articles have."""
    return np.tile(Y_train.mean(axis=0) > 0.5, (n, 1))


def fit_model(items: Sequence[ArticleInput], Y: np.ndarray, groups: np.ndarray, *,
              C: float, cues: bool, folds: int, seed: int, max_terms: int, min_df: int,
              info: dict[str, Any], oof: np.ndarray | None = None) -> FrameModel:
    """Fit on all ``items``; calibration and thresholds from out-of-fold scores (``oof``, or
    computed here with the same settings)."""
    if oof is None:
        oof = out_of_fold(items, Y, groups, C=C, cues=cues, folds=folds, seed=seed,
                          max_terms=max_terms, min_df=min_df)
    terms, idf = fit_vocabulary(items, max_terms=max_terms, min_df=min_df)
    X = design_matrix(items, terms, idf, FRAME_IDS, cues)
    F = len(FRAME_IDS)
    coef = np.zeros((F, len(terms) + F))
    intercept = np.zeros(F)
    calibration = np.zeros((F, 2))
    thresholds = np.zeros(F)
    chosen = []
    for f in range(F):
        C_f = _frame_C(C, X, Y[:, f], groups, seed)
        chosen.append(C_f)
        lr = _fit_lr(X, Y[:, f], C_f, seed)
        coef[f] = np.asarray(lr.coef_, dtype=np.float32).ravel()
        if cues:  # the file's cue features are unscaled: the scale goes into the weights
            coef[f, len(terms):] *= float(cues)
        intercept[f] = np.float32(lr.intercept_[0])
        a, b = _platt(oof[:, f], Y[:, f])
        calibration[f] = (a, b)
        thresholds[f] = _cut_calibrated(a, 1 / (1 + np.exp(-(a * oof[:, f] + b))), Y[:, f])
    if isinstance(C, (tuple, list)):
        info = {**info, "C_per_frame": dict(zip(FRAME_IDS, chosen))}
    return FrameModel(list(FRAME_IDS), terms, np.asarray(idf, dtype=np.float32).astype(float),
                      coef, intercept, calibration, thresholds, info)


def train_frames(path: str | Path, *, seed: int = DEFAULTS["seed"],
                 folds: int = DEFAULTS["folds"], C: Any = DEFAULTS["C"],
                 cues: bool = DEFAULTS["cues"], evaluate: bool = True,
                 ) -> tuple[FrameModel, dict[str, Any]]:
    """Train the frames model on a SemEval-2023 subtask 2 folder (every labelled article)
    and measure it: cross-validated per-frame figures beside the majority baseline and the
    lexicon alone (``evaluate``). The same data and seed give the same model."""
    with _one_thread():
        return _train_frames(path, seed=seed, folds=folds, C=C, cues=cues, evaluate=evaluate)


def _one_thread() -> Any:
    """Limit BLAS and OpenMP to one thread while training: hundreds of small fits on 2 shared
    cores ran about 20 times slower with a thread pool each (measured 2026-12-01)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - scikit-learn installs it
        import contextlib

        return contextlib.nullcontext()
    return threadpool_limits(1)


def _train_frames(path: str | Path, *, seed: int, folds: int, C: Any, cues: bool | float,
                  evaluate: bool) -> tuple[FrameModel, dict[str, Any]]:
    from ...lab.datasets import load_semeval_frames

    table = load_semeval_frames(path)
    texts = table["text"].tolist()
    items = article_inputs(texts)
    Y = label_matrix(table["frames"].tolist())
    groups = group_ids(texts)
    options = dict(C=C, cues=cues, folds=folds, seed=seed, max_terms=DEFAULTS["max_terms"],
                   min_df=DEFAULTS["min_df"])
    metrics: dict[str, Any] = {}
    oof = None
    if evaluate:
        metrics, oof = cross_validated(items, Y, groups, return_scores=True, **options)
    lexicon_cuts = best_cuts(cue_scores(items), Y)
    info = {
        "description": "SemEval-2023 Task 3 subtask 2: the 14 policy frames of an article",
        "data": [str(path)], "n": int(len(items)), "seed": seed, "C": C, "cues": cues,
        "trained": _dt.date.today().isoformat(), "framing": __version__,
        "prevalence": {f: round(float(Y[:, j].mean()), 4) for j, f in enumerate(FRAME_IDS)},
        "lexicon_thresholds": {f: float(lexicon_cuts[j]) for j, f in enumerate(FRAME_IDS)},
        "lexicon": _frames_lexicon_id(),
        "cv": metrics,
    }
    model = fit_model(items, Y, groups, info=info, oof=oof, **options)
    return model, metrics


def cross_validated(items: Sequence[ArticleInput], Y: np.ndarray, groups: np.ndarray, *,
                    C: float, cues: bool, folds: int, seed: int, max_terms: int, min_df: int,
                    return_scores: bool = False) -> Any:
    """Model, majority baseline and lexicon alone, cross-validated on the same folds (and the
    model's out-of-fold scores, with ``return_scores``)."""
    oof = out_of_fold(items, Y, groups, C=C, cues=cues, folds=folds, seed=seed,
                      max_terms=max_terms, min_df=min_df)
    _, pred = cv_predictions(oof, Y, groups, folds, seed)
    lex = cue_scores(items)
    _, lex_pred = cv_predictions(lex, Y, groups, folds, seed, calibrate=False)
    base = np.zeros(Y.shape, dtype=bool)
    for test in _folds(groups, folds, seed):
        rest = np.setdiff1d(np.arange(len(Y)), test)
        base[test] = majority_baseline(Y[rest], len(test))
    metrics = {
        "folds": folds, "grouped_by": "title", "seed": seed,
        # ROC AUC of the out-of-fold scores pooled over the folds: each fold's calibrated
        # probabilities would reorder articles across folds (a frame given its base rate in
        # one fold gets the other folds' rate, which runs against the test fold's own rate)
        "model": frame_metrics(Y, oof, pred),
        "lexicon": frame_metrics(Y, lex, lex_pred),
        "majority": frame_metrics(Y, base.astype(float), base),
    }
    return (metrics, oof) if return_scores else metrics


def _frames_lexicon_id() -> str:
    from ...lexicon import load_lexicon

    return load_lexicon("frames").id


__all__ = [
    "ArticleInput", "DEFAULTS", "Explanation", "FRAME_IDS", "FrameModel", "SEMEVAL_LABEL",
    "article_inputs", "cross_validated", "frame_metrics", "load_frame_model",
    "majority_baseline", "sentence_terms", "train_frames",
]
