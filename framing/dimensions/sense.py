"""Which sense a promotional word is used in: a small logistic regression over each lexicon hit.

A word list cannot tell "abortion is murder" (a charge) from "was murdered in Sweden" (a
report), or "a huge crowd" from "a huge betrayal". The sense model reads the words around each
hit and says how likely the hit is used in its loaded sense; the promotional dimension reports
only hits at or above the model's threshold, and says the probability in the finding's reason.

The parameters are plain JSON (``framing/data/models/promotional-sense.json``; model card
beside it): a table of feature -> weight, an intercept and a threshold. No pickle, numpy-free
even: scoring a hit is a sum of the weights of its features. The features of a hit are strings
(:func:`hit_features`), the same at training time (``framing.lab.sense``) and here:

* the lexicon entry, its category, the matched words;
* the words right before and after (two each side, within the sentence), and the other words
  within five tokens either side;
* whether the hit is inside a quotation of speech, inside scare quotes or is itself the whole
  of a quotation (a word quoted as a word), in a headline-case sentence, capitalised in the
  middle of a sentence, negated;
* its sentence: other promotional hits in it, its length, "!", "?", first and second person.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import FramingError
from ..textunits import Document

DEFAULT_MODEL = "promotional-sense.json"
FORMAT = "framing-sense-model/1"
#: Words on each side of a hit whose bag is a feature.
WINDOW = 5
FIRST_PERSON = frozenset({"i", "we", "our", "us", "my", "me", "ours"})
SECOND_PERSON = frozenset({"you", "your", "yours"})
NEGATORS = frozenset({"not", "n't", "no", "never", "nor", "without"})


def _word(norm: str) -> bool:
    return norm[:1].isalpha()


def _bucket(n: int, edges: Sequence[int]) -> int:
    for k, edge in enumerate(edges):
        if n <= edge:
            return k
    return len(edges)


def _sentence_bounds(doc: Document, i: int) -> tuple[int, int]:
    sent = doc.token_sentence[i]
    a = i
    while a > 0 and doc.token_sentence[a - 1] == sent:
        a -= 1
    b = i
    n = len(doc.norms)
    while b < n and doc.token_sentence[b] == sent:
        b += 1
    return a, b


def _sentence_features(doc: Document, a: int, b: int, hits: int) -> list[str]:
    norms = doc.norms[a:b]
    words = [w for w in norms if _word(w)]
    out = [f"s_len={_bucket(len(words), (6, 12, 25, 40))}", f"s_hits={min(hits, 4)}"]
    if "!" in norms:
        out.append("s_excl")
    if "?" in norms:
        out.append("s_quest")
    if FIRST_PERSON.intersection(norms):
        out.append("s_1p")
    if SECOND_PERSON.intersection(norms):
        out.append("s_2p")
    if any(w[:1].isdigit() for w in norms):
        out.append("s_num")
    caps = [doc.text[doc.token_starts[k]] for k in range(a, b) if _word(doc.norms[k])]
    if len(caps) >= 4 and sum(c.isupper() for c in caps) >= 0.75 * len(caps):
        out.append("s_headline")
    return out


def hit_features(doc: Document, i: int, j: int, entry: Any, bounds: tuple[int, int],
                 sentence: Sequence[str]) -> list[str]:
    """The feature strings of the hit on tokens ``i:j`` of ``entry`` (a lexicon ``Entry``).

    ``bounds`` are the sentence's first and one-past-last tokens, ``sentence`` its features
    (:func:`_sentence_features`, shared by every hit of the sentence)."""
    norms = doc.norms
    a, b = bounds
    matched = " ".join(norms[i:j])
    out = [f"e={entry.pattern}", f"c={entry.category}", f"m={matched}", *sentence]
    out.append(f"l1={norms[i - 1] if i - 1 >= a else '<s>'}")
    out.append(f"l2={norms[i - 2] if i - 2 >= a else '<s>'}")
    out.append(f"r1={norms[j] if j < b else '</s>'}")
    out.append(f"r2={norms[j + 1] if j + 1 < b else '</s>'}")
    for k in range(max(a, i - WINDOW), i):
        if _word(norms[k]):
            out.append(f"w={norms[k]}")
    for k in range(j, min(b, j + WINDOW)):
        if _word(norms[k]):
            out.append(f"w={norms[k]}")
    start, end = doc.token_starts[i], doc.token_ends[j - 1]
    if doc.quote_at(start, end) is not None:
        out.append("q=speech")
    for q in doc.quotes:
        if q.inner_start <= start and end <= q.inner_end and not q.speech:
            out.append("q=scare")
            if q.n_words <= (j - i) + 1:
                out.append("q=whole")
            break
    first = doc.text[start]
    if first.isupper() and i > a:
        out.append("cap")
    if any(norms[k] in NEGATORS for k in range(max(a, i - 3), i)):
        out.append("neg")
    return out


def features_of(doc: Document, hits: Sequence[tuple[int, int, Any]],
                wanted: Sequence[int] | None = None) -> list[list[str]]:
    """The features of every hit ``(i, j, entry)`` of one document (all its lexicon hits, in
    order), or of the hits at the positions ``wanted`` only (the counts still read every hit):
    :func:`hit_features` plus how many other hits share its paragraph, and how many of those
    are of entries without the rule ``sense`` (words that are loaded in any sense)."""
    per_sentence: dict[int, int] = {}
    per_paragraph: dict[int, list[int]] = {}
    sentences = doc.sentences
    for i, _, entry in hits:
        s = doc.token_sentence[i]
        per_sentence[s] = per_sentence.get(s, 0) + 1
        counts = per_paragraph.setdefault(sentences[s].paragraph, [0, 0])
        counts[0] += 1
        counts[1] += "sense" not in entry.rules
    cache: dict[int, tuple[tuple[int, int], list[str]]] = {}
    out = []
    for i, j, entry in (hits if wanted is None else [hits[k] for k in wanted]):
        s = doc.token_sentence[i]
        if s not in cache:
            bounds = _sentence_bounds(doc, i)
            cache[s] = (bounds, _sentence_features(doc, *bounds, per_sentence[s] - 1))
        bounds, sentence = cache[s]
        feats = hit_features(doc, i, j, entry, bounds, sentence)
        all_, sure = per_paragraph[sentences[s].paragraph]
        sure -= "sense" not in entry.rules
        feats.append(f"p_hits={min(all_ - 1, 4)}")
        feats.append(f"p_sure={min(sure, 3)}")
        out.append(feats)
    return out


@dataclass(frozen=True)
class SenseModel:
    """Feature weights, intercept and threshold of the sense model, and where they came from."""

    weights: dict[str, float]
    intercept: float
    threshold: float
    meta: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.meta.get('name', 'promotional-sense')}@{self.meta.get('version', '1')}"

    def probability(self, features: Sequence[str]) -> float:
        w = self.weights
        z = self.intercept + sum(w.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

    def probabilities(self, doc: Document, hits: Sequence[tuple[int, int, Any]],
                      wanted: Sequence[int] | None = None) -> list[float]:
        """The loaded-sense probability of each hit ``(i, j, entry)`` of one document (of the
        hits at the positions ``wanted`` only, when given; see :func:`features_of`)."""
        return [self.probability(f) for f in features_of(doc, hits, wanted)]

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "meta": self.meta, "intercept": self.intercept,
                "threshold": self.threshold, "weights": self.weights}


def _models_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "models"


def read_sense_model(path: str | Path) -> SenseModel:
    """A sense model from its JSON file; a one-line error naming the file if it is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FramingError(f"{path}: not a readable sense model ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FramingError(f"{path}: not a sense model (format {FORMAT!r} expected)")
    try:
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        return SenseModel(weights, float(data["intercept"]), float(data["threshold"]),
                          dict(data.get("meta") or {}))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise FramingError(f"{path}: sense model is incomplete ({exc})") from None


@lru_cache(maxsize=4)
def load_sense_model(path: str | None = None) -> SenseModel:
    """The shipped sense model (cached), or the one at ``path``."""
    return read_sense_model(path or _models_dir() / DEFAULT_MODEL)
