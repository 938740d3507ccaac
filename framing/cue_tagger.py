"""A small learned tagger for attribution spans the rules miss.

Each token gets a set of string features (the word and its two neighbours on each side,
suffixes, shape, quotation marks nearby, its place in the sentence, cue-lexicon words nearby
and what the rules already found around it). One logistic regression per role (cue, source,
content) scores every token; neighbouring tokens above the role's threshold become a span.

The shipped parameters (``framing/data/models/attribution-cues.json``) are a plain JSON table
of feature -> weight per role, with the intercept, the threshold and where the model came
from: no pickle. :func:`fit` trains a tagger from documents with gold spans (see
``benchmarks/train_cue_tagger.py``, which retrains the shipped file from PolNeAR train).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from .errors import FramingError
from .lexicon import Matcher
from .output import atomic_output
from .textunits import Document

#: Written into every saved file; a file with another format is refused.
FORMAT = "framing-span-tagger/1"
ROLES = ("cue", "source", "content")
#: The shipped model, trained on PolNeAR train (see its model card beside it).
DEFAULT_MODEL = "attribution-cues.json"
_QUOTE_CHARS = frozenset("“”\"‘’«»„")


class TaggerError(FramingError):
    """A tagger file that cannot be used (missing, truncated, or of another format)."""

    def __init__(self, path: str | Path, message: str):
        self.path = str(path)
        super().__init__(f"{path}: {message}")


# --------------------------------------------------------------------------------------------
# Features


def _shape(word: str) -> str:
    if word[:1].isdigit():
        return "d"
    if not word[:1].isalnum():
        return "q" if word in _QUOTE_CHARS else "p"
    if word.isupper() and len(word) > 1:
        return "X"
    return "Xx" if word[:1].isupper() else "x"


def _bucket(distance: int) -> str:
    d = abs(distance)
    size = str(d) if d <= 3 else ("near" if d <= 8 else "far")
    return ("-" if distance < 0 else "+") + size


def token_features(
    doc: Document,
    cue_matcher: Matcher | None = None,
    marks: dict[str, set[int]] | None = None,
) -> list[list[str]]:
    """Feature names for each token of ``doc``.

    ``cue_matcher`` finds cue-lexicon words (their class becomes a feature); ``marks`` maps a
    role ("cue", "source", "content") to the tokens the rules put in that role.
    """
    text = doc.text
    n = len(doc.norms)
    words = [text[a:b] for a, b in zip(doc.token_starts, doc.token_ends)]
    norms = doc.norms
    shapes = [_shape(w) for w in words]
    lex: dict[int, str] = {}
    if cue_matcher is not None:
        for m in cue_matcher.find(doc):
            for t in range(m.i, m.j):
                lex[t] = m.entry.category
    marks = marks or {}
    rule_cue = sorted(marks.get("cue", ()))
    in_quote = [doc.quote_at(a, b) is not None for a, b in zip(doc.token_starts, doc.token_ends)]
    sent_first: dict[int, int] = {}
    sent_last: dict[int, int] = {}
    for t, s in enumerate(doc.token_sentence):
        sent_first.setdefault(s, t)
        sent_last[s] = t
    # sentence flags: it holds a speech quotation, a cue-lexicon word, a rule cue
    sent_flags: dict[int, list[str]] = {}
    for t, s in enumerate(doc.token_sentence):
        flags = sent_flags.setdefault(s, [])
        for flag, hit in (("sq", in_quote[t]), ("slex", t in lex),
                          ("srule", t in marks.get("cue", ()))):
            if hit and flag not in flags:
                flags.append(flag)

    def at(seq: Sequence[str], i: int, edge: str) -> str:
        return seq[i] if 0 <= i < n else edge

    out = []
    for i in range(n):
        s = doc.token_sentence[i]
        first, last = sent_first[s], sent_last[s]
        w = norms[i]
        f = [
            f"w={w}", f"s={shapes[i]}", f"p3={w[-3:]}", f"p2={w[-2:]}", f"b3={w[:3]}",
            f"w-1={at(norms, i - 1, '<s>') if i > first else '<s>'}",
            f"w-2={at(norms, i - 2, '<s>') if i - 1 > first else '<s>'}",
            f"w+1={at(norms, i + 1, '</s>') if i < last else '</s>'}",
            f"w+2={at(norms, i + 2, '</s>') if i + 1 < last else '</s>'}",
            f"s-1={at(shapes, i - 1, '<s>')}|{shapes[i]}",
            f"s+1={shapes[i]}|{at(shapes, i + 1, '</s>')}",
            f"w-1w={at(norms, i - 1, '<s>')}|{w}",
            f"ww+1={w}|{at(norms, i + 1, '</s>')}",
            f"pos={_bucket(i - first)}", f"rpos={_bucket(i - last)}",
            f"len={'short' if last - first < 8 else 'long'}",
        ]
        f.extend(sent_flags[s])
        if shapes[i] in ("Xx", "X") and i > first and (
                at(shapes, i - 1, "") in ("Xx", "X") or at(shapes, i + 1, "") in ("Xx", "X")):
            f.append("caprun")
        if in_quote[i]:
            f.append("inq")
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n and shapes[j] == "q":
                f.append(f"q{off:+d}")
            if j in lex:
                f.append(f"lex{off:+d}={lex[j]}")
        if i in lex:
            f.append(f"lex={lex[i]}")
            f.append(f"lexw={w}")
        for role in ("cue", "source", "content"):
            if i in marks.get(role, ()):
                f.append(f"rule={role}")
        if rule_cue:
            near = min(rule_cue, key=lambda c: abs(c - i))
            if doc.token_sentence[near] == s:
                f.append(f"rcue={_bucket(i - near)}")
            else:
                f.append("rcue=other")
        else:
            f.append("rcue=none")
        out.append(f)
    return out


def gold_labels(doc: Document, spans: Iterable[dict[str, Any]]) -> dict[str, list[int]]:
    """Per role, 1 for every token that overlaps a gold span of that role (brat ``parts``)."""
    labels = {role: [0] * len(doc.norms) for role in ROLES}
    starts, ends = doc.token_starts, doc.token_ends
    from bisect import bisect_left, bisect_right

    for span in spans:
        role = str(span["type"]).lower()
        if role not in labels:
            continue
        for a, b in span["parts"]:
            lo = bisect_right(ends, a)
            hi = bisect_left(starts, b)
            for t in range(lo, hi):
                labels[role][t] = 1
    return labels


# --------------------------------------------------------------------------------------------
# The model


@dataclass
class SpanTagger:
    """Per-role feature weights, intercepts and thresholds; ``meta`` says where they came from."""

    weights: dict[str, dict[str, float]]
    intercepts: dict[str, float]
    thresholds: dict[str, float]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.meta.get('name', 'attribution-cues')}@{self.meta.get('version', '1')}"

    def probabilities(self, features: list[list[str]], role: str) -> list[float]:
        w = self.weights[role]
        b = self.intercepts[role]
        out = []
        for feats in features:
            z = b + sum(w.get(x, 0.0) for x in feats)
            out.append(1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0)
        return out

    def top_features(self, feats: list[str], role: str, k: int = 3) -> list[tuple[str, float]]:
        """The features that pushed a token most towards ``role``."""
        w = self.weights[role]
        scored = sorted(((x, w[x]) for x in feats if w.get(x, 0.0) > 0), key=lambda p: -p[1])
        return [(x, round(v, 3)) for x, v in scored[:k]]

    def spans(self, doc: Document, probs: Sequence[float], role: str
              ) -> list[tuple[int, int, float]]:
        """Runs of tokens above the role's threshold inside one sentence, as (first token,
        one past the last, mean probability); punctuation never starts or ends a span."""
        cut = self.thresholds[role]
        out: list[tuple[int, int, float]] = []
        i, n = 0, len(probs)
        while i < n:
            if probs[i] < cut or not doc.norms[i][:1].isalnum():
                i += 1
                continue
            j = i + 1
            while (j < n and probs[j] >= cut
                   and doc.token_sentence[j] == doc.token_sentence[i]):
                j += 1
            while j > i + 1 and not doc.norms[j - 1][:1].isalnum():
                j -= 1
            out.append((i, j, sum(probs[i:j]) / (j - i)))
            i = j
        return out

    # ----------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "meta": self.meta,
            "roles": {
                role: {
                    "intercept": round(self.intercepts[role], 6),
                    "threshold": self.thresholds[role],
                    "weights": {k: round(v, 4) for k, v in sorted(self.weights[role].items())},
                }
                for role in self.weights
            },
        }

    def save(self, path: str | Path) -> Path:
        with atomic_output(str(path)) as fh:
            json.dump(self.to_dict(), fh, ensure_ascii=False, separators=(",", ":"))
            fh.write("\n")
        Path(path).chmod(0o644)  # the temporary file atomic_output writes is private
        return Path(path)


def load_tagger(path: str | Path | None = None) -> SpanTagger:
    """Read a tagger saved by :meth:`SpanTagger.save`; ``None`` loads the shipped one."""
    if path is None:
        resource = files("framing") / "data" / "models" / DEFAULT_MODEL
        label: str | Path = f"framing/data/models/{DEFAULT_MODEL}"
        try:
            raw = resource.read_text(encoding="utf-8")
        except OSError as exc:
            raise TaggerError(label, f"cannot read the shipped tagger ({exc.strerror})") from None
    else:
        label = path
        try:
            raw = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TaggerError(path, f"cannot read the tagger file ({exc})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise TaggerError(label, f"not a complete JSON tagger file (line {exc.lineno}: "
                                 f"{exc.msg}); retrain it with benchmarks/train_cue_tagger.py"
                          ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise TaggerError(label, f"format {found!r} is not {FORMAT!r}")
    weights, intercepts, thresholds = {}, {}, {}
    try:
        for role, part in data["roles"].items():
            if role not in ROLES:
                raise ValueError(f"unknown role {role!r}")
            weights[role] = {str(k): float(v) for k, v in part["weights"].items()}
            intercepts[role] = float(part["intercept"])
            thresholds[role] = float(part["threshold"])
            if not 0.0 < thresholds[role] < 1.0:
                raise ValueError(f"threshold of {role} must lie between 0 and 1")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise TaggerError(label, f"bad tagger parameters ({exc})") from None
    if "cue" not in weights:
        raise TaggerError(label, "the tagger has no cue weights")
    return SpanTagger(weights, intercepts, thresholds, dict(data.get("meta") or {}))


# --------------------------------------------------------------------------------------------
# Training


def fit(
    examples: Iterable[tuple[list[list[str]], dict[str, list[int]]]],
    *,
    roles: Sequence[str] = ROLES,
    min_count: int = 20,
    alpha: float = 1e-6,
    penalty: str = "l2",
    l1_ratio: float = 0.15,
    epochs: int = 8,
    seed: int = 0,
    keep: float = 0.05,
    thresholds: dict[str, float] | None = None,
    meta: dict[str, Any] | None = None,
) -> SpanTagger:
    """Train one logistic regression per role from (token features, gold labels) pairs.

    Features seen fewer than ``min_count`` times are dropped; weights with an absolute value
    under ``keep`` are pruned from the saved table. Deterministic for a given ``seed``.
    """
    import numpy as np
    from scipy import sparse
    from sklearn.linear_model import SGDClassifier

    examples = list(examples)
    counts: dict[str, int] = {}
    for feats, _ in examples:
        for token in feats:
            for x in token:
                counts[x] = counts.get(x, 0) + 1
    vocab = {x: k for k, x in enumerate(sorted(x for x, c in counts.items() if c >= min_count))}
    names = sorted(vocab, key=vocab.get)
    indptr, indices = [0], []
    y = {role: [] for role in roles}
    for feats, labels in examples:
        for t, token in enumerate(feats):
            cols = sorted({vocab[x] for x in token if x in vocab})
            indices.extend(cols)
            indptr.append(len(indices))
            for role in roles:
                y[role].append(labels[role][t])
    X = sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), np.array(indices, dtype=np.int64),
         np.array(indptr, dtype=np.int64)),
        shape=(len(indptr) - 1, len(vocab)),
    )
    weights, intercepts = {}, {}
    for role in roles:
        target = np.array(y[role], dtype=np.int8)
        if target.min() == target.max():
            raise ValueError(f"the training data has only one class for {role}")
        clf = SGDClassifier(loss="log_loss", alpha=alpha, penalty=penalty, l1_ratio=l1_ratio,
                            max_iter=epochs, tol=None, random_state=seed, average=True)
        clf.fit(X, target)
        coef = clf.coef_[0]
        weights[role] = {names[k]: float(coef[k]) for k in np.flatnonzero(np.abs(coef) >= keep)}
        intercepts[role] = float(clf.intercept_[0])
    cuts = {role: 0.5 for role in roles}
    cuts.update(thresholds or {})
    return SpanTagger(weights, intercepts, cuts, dict(meta or {}))
