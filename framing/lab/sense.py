"""Training the promotional sense model (:mod:`framing.dimensions.sense`) with scikit-learn.

Two kinds of examples, both from the TUNE split of ``benchmarks/precision_audit.py`` (the
AUDIT split is kept for measuring):

* every hit of the promotional lexicon in the SemEval-2023 Task 3 English training articles
  with an **even** id; label: the hit overlaps a span that the annotators marked with one of
  :data:`LOADED_TECHNIQUES` (loaded language, name calling, exaggeration, flag-waving,
  slogans, appeal to fear);
* the findings of judged TUNE samples (``docs/audit/promotional-tune-*.tsv``, read one by one
  by the developers); label: judged ``right``; each counts ``--judged-weight`` times.

The features are :func:`framing.dimensions.sense.features_of`; the learner is an L2 logistic
regression. Only features seen in at least three training hits are kept, and weights smaller
than ``0.01`` are dropped, so the shipped JSON stays small. The figures printed (and written
into the file's ``meta``) are out-of-fold, with 5 folds grouped by article, and on the odd-id
SemEval articles, which the model never saw. The threshold is not learned: it is the highest
that keeps the SemEval-2023 loaded-language AUC at 0.72 or more (docs/quality.md).

Run (the command that made the shipped file)::

    python -m framing.lab.sense --eval ../shared/eval \
        --judged docs/audit/promotional-tune-3101.tsv docs/audit/promotional-tune-3102.tsv \
        docs/audit/promotional-tune-3103.tsv --judged-weight 3 --C 0.1 --threshold 0.3 \
        -o framing/data/models/promotional-sense.json

It prints the cross-validated figures it also writes into the file's ``meta``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..dimensions.promotional import Promotional
from ..dimensions.sense import SenseModel, features_of
from ..lexicon import apply_rules
from ..textunits import Document

#: Techniques whose spans make a hit "used in its loaded sense".
LOADED_TECHNIQUES = frozenset({
    "Loaded_Language", "Name_Calling-Labeling", "Exaggeration-Minimisation", "Flag_Waving",
    "Slogans", "Appeal_to_Fear-Prejudice",
})
ARTICLES = "semeval2023/train-articles-subtask-3"
SPANS = "semeval2023/train-labels-subtask-3-spans"


@dataclass
class Hit:
    article: str
    start: int
    end: int
    entry: str
    text: str
    features: list[str]
    label: bool
    #: The entry has the rule ``sense``: the model decides whether the hit is reported.
    checked: bool = True


def lexicon_hits(dim: Promotional, doc: Document) -> list[tuple[int, int, Any]]:
    """(i, j, entry) of every hit the promotional dimension reports before its sense model."""
    out = []
    for match in dim.matcher.find(doc):
        outcome = apply_rules(doc, match)
        if outcome == "drop" or (outcome == "negated" and dim.on_negated(match) is None):
            continue
        out.append((match.i, match.j, match.entry))
    return out


def semeval_articles(root: Path, parity: str) -> Iterator[tuple[str, str, list[tuple[int, int]]]]:
    """(id, text, loaded spans) of SemEval training articles with an even or odd id."""
    for path in sorted((root / ARTICLES).glob("article*.txt")):
        ident = re.sub(r"\D", "", path.stem)
        if (int(ident) % 2 == 0) != (parity == "even"):
            continue
        spans = []
        labels = root / SPANS / f"article{ident}-labels-subtask-3.txt"
        if labels.exists():
            for line in labels.read_text(encoding="utf-8").splitlines():
                cells = line.split("\t")
                if len(cells) == 4 and cells[1] in LOADED_TECHNIQUES:
                    spans.append((int(cells[2]), int(cells[3])))
        yield ident, path.read_text(encoding="utf-8"), spans


def collect(root: Path, parity: str, dim: Promotional | None = None) -> list[Hit]:
    dim = dim or Promotional(sense=None)
    out = []
    for ident, text, spans in semeval_articles(root, parity):
        doc = Document.from_text(text)
        hits = lexicon_hits(dim, doc)
        for (i, j, entry), feats in zip(hits, features_of(doc, hits)):
            a, b = doc.token_starts[i], doc.token_ends[j - 1]
            label = any(s < b and a < e for s, e in spans)
            out.append(Hit(ident, a, b, entry.pattern, text[a:b], feats, label,
                           "sense" in entry.rules))
    return out


def tune_text(root: Path, name: str) -> str:
    """The cleaned text of a TUNE article named as ``benchmarks/precision_audit.py`` names it
    ("semeval:article123", "basil:2010/5"), read the way that script reads it."""
    from ..ingest.reading import build_article

    kind, _, rest = name.partition(":")
    if kind == "semeval":
        raw = (root / ARTICLES / f"{rest}.txt").read_text(encoding="utf-8")
    elif kind == "basil":
        path = root / "basil" / "articles" / f"{rest}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        raw = "\n\n".join(p for p in data.get("body-paragraphs", []) if isinstance(p, str))
    else:
        raise ValueError(f"unknown article {name!r}")
    return build_article(raw, name, record={"id": name}).text


def judged_hits(root: Path, files: Sequence[Path], dim: Promotional | None = None) -> list[Hit]:
    """The findings of judged TUNE samples (``docs/audit/promotional-tune-*.tsv``) as examples:
    label = judged ``right``. A finding the lexicon no longer makes is left out."""
    import csv

    dim = dim or Promotional(sense=None)
    wanted: dict[str, dict[tuple[int, int], bool]] = {}
    for path in files:
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                name, _, span = row["finding"].rpartition(":")
                a, b = (int(x) for x in span.split("-"))
                wanted.setdefault(name, {})[(a, b)] = row["judgement"].strip() == "right"
    out = []
    for name, spans in sorted(wanted.items()):
        doc = Document.from_text(tune_text(root, name))
        hits = lexicon_hits(dim, doc)
        for (i, j, entry), feats in zip(hits, features_of(doc, hits)):
            a, b = doc.token_starts[i], doc.token_ends[j - 1]
            if (a, b) in spans:
                out.append(Hit(name, a, b, entry.pattern, doc.text[a:b], feats, spans[(a, b)],
                               "sense" in entry.rules))
    return out


def _matrix(hits: Sequence[Hit], vocab: dict[str, int]):
    from scipy import sparse

    rows, cols = [], []
    for r, h in enumerate(hits):
        for f in set(h.features):
            c = vocab.get(f)
            if c is not None:
                rows.append(r)
                cols.append(c)
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(hits), len(vocab)))


def fit(hits: Sequence[Hit], C: float, min_count: int = 3,
        weights: Sequence[float] | None = None) -> SenseModel:
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for h in hits for f in set(h.features))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    vocab = {f: k for k, f in enumerate(names)}
    y = np.array([h.label for h in hits])
    clf = LogisticRegression(C=C, max_iter=3000).fit(_matrix(hits, vocab), y,
                                                     sample_weight=weights)
    weights = {f: round(float(w), 4) for f, w in zip(names, clf.coef_[0]) if abs(w) >= 0.01}
    return SenseModel(weights, round(float(clf.intercept_[0]), 4), 0.5, {})


def probabilities(model: SenseModel, hits: Sequence[Hit]) -> np.ndarray:
    return np.array([model.probability(h.features) for h in hits])


def cross_validate(hits: Sequence[Hit], weights: Sequence[float], C: float, folds: int = 5,
                   seed: int = 0) -> np.ndarray:
    """Out-of-fold probabilities, folds grouped by article."""
    articles = sorted({h.article for h in hits})
    rng = np.random.default_rng(seed)
    fold_of = dict(zip(articles, rng.permutation(len(articles)) % folds))
    w = np.asarray(weights, dtype=float)
    prob = np.zeros(len(hits))
    for k in range(folds):
        train = [n for n, h in enumerate(hits) if fold_of[h.article] != k]
        test = [n for n, h in enumerate(hits) if fold_of[h.article] == k]
        model = fit([hits[n] for n in train], C, weights=w[train])
        prob[test] = probabilities(model, [hits[n] for n in test])
    return prob


def auc(labels: np.ndarray, scores: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(labels, scores)), 4)


def _kept(hits: Sequence[Hit], prob: np.ndarray, threshold: float) -> dict[str, float]:
    """Share of hits kept and share labelled right before and after, where the model decides
    only for the entries with the rule ``sense``; and the model's AUC on those."""
    labels = np.array([h.label for h in hits])
    checked = np.array([h.checked for h in hits])
    keep = ~checked | (prob >= threshold)
    return {"checked": round(float(checked.mean()), 4),
            "auc_checked": auc(labels[checked], prob[checked]),
            "kept": round(float(keep.mean()), 4), "right_before": round(float(labels.mean()), 4),
            "right_kept": round(float(labels[keep].mean()), 4) if keep.any() else 0.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval", default="../shared/eval", help="folder of the labelled data")
    parser.add_argument("-o", "--output", required=True, help="model JSON to write")
    parser.add_argument("--judged", nargs="*", default=[], type=Path,
                        help="judged TUNE samples (docs/audit/promotional-tune-*.tsv)")
    parser.add_argument("--judged-weight", type=float, default=3.0)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--C", type=float, default=0.1)
    parser.add_argument("--version", default="1.0.0")
    args = parser.parse_args(argv)
    root = Path(args.eval)
    dim = Promotional(sense=None)
    span = collect(root, "even", dim)
    for h in span:
        h.article = f"semeval:article{h.article}"
    judged = judged_hits(root, args.judged, dim)
    hits = span + judged
    weights = [1.0] * len(span) + [args.judged_weight] * len(judged)
    y = np.array([h.label for h in span])
    n = len(span)
    print(f"{len(span)} hits in even-id articles ({int(y.sum())} in a loaded span), "
          f"{len(judged)} judged hits", file=sys.stderr)
    prob = cross_validate(hits, weights, args.C)
    cv: dict[str, Any] = {"span_auc": auc(y, prob[:n]),
                          "span": _kept(span, prob[:n], args.threshold)}
    if judged:
        yj = np.array([h.label for h in judged])
        cv["judged_auc"] = auc(yj, prob[n:])
        cv["judged"] = _kept(judged, prob[n:], args.threshold)
    print(f"cross-validated (5 folds by article): {cv}", file=sys.stderr)
    model = fit(hits, args.C, weights=weights)
    odd = collect(root, "odd", dim)
    yo = np.array([h.label for h in odd])
    po = probabilities(model, odd)
    held = {"hits": len(odd), "auc": auc(yo, po), **_kept(odd, po, args.threshold)}
    print(f"odd-id articles (not trained on), span labels: {held}", file=sys.stderr)
    meta = {
        "name": "promotional-sense", "version": args.version,
        "lexicon": dim.lexicons[0].id,
        "trained_on": "SemEval-2023 Task 3 English training articles with an even id "
                      f"(Piskorski et al. 2023): {len(span)} hits of the lexicon, label = "
                      "the hit overlaps a span of " + ", ".join(sorted(LOADED_TECHNIQUES))
                      + f"; and {len(judged)} hits of judged TUNE samples "
                      f"({', '.join(p.name for p in args.judged)}), label = judged right, "
                      f"weight {args.judged_weight:g}",
        "learner": f"scikit-learn LogisticRegression(C={args.C}), features seen 3+ times",
        "trained": _dt.date.today().isoformat(),
        "threshold": "chosen so that the SemEval-2023 loaded-language AUC stays >= 0.72",
        "cross_validated": cv,
        "odd_ids": held,
    }
    model = SenseModel(model.weights, model.intercept, args.threshold, meta)
    Path(args.output).write_text(json.dumps(model.to_json(), indent=0, sort_keys=True) + "\n",
                                 encoding="utf-8")
    print(f"wrote {args.output}: {len(model.weights)} weights", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
