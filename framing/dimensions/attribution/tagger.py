"""A small learned tagger for attribution spans the rules miss.

Each token gets a set of string features (the word and up to three neighbours on each side,
word pairs around it, suffixes, shape, quotation marks nearby and in its sentence, headline
case, its place in the sentence, cue-lexicon words nearby and what the rules already found
around it). One logistic regression per role (cue, source, content) scores every token;
neighbouring tokens above the role's threshold become a span. Scoring looks every feature up
once in an index shared by the roles and sums each role's weights with one weighted count
(:meth:`SpanTagger.probability_table`), which gives the same numbers as the plain formula.

The shipped parameters (``framing/data/models/attribution-cues.json``) are a plain JSON table
of feature -> weight per role, with the intercept, the threshold and where the model came
from: no pickle. :func:`fit` trains a tagger from documents with gold spans (see
``benchmarks/train_cue_tagger.py``, which retrains the shipped file from PolNeAR train).
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from itertools import chain, repeat
from pathlib import Path
from typing import Any

from ...errors import FramingError
from ...lexicon import Match, Matcher
from ...output import atomic_output
from ...textunits import QUOTE_MARKS, Document

#: Written into every saved file; a file with another format is refused.
FORMAT = "framing-span-tagger/1"
ROLES = ("cue", "source", "content")
#: The shipped model, trained on PolNeAR train (see its model card beside it).
DEFAULT_MODEL = "attribution-cues.json"


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
        return "q" if word in QUOTE_MARKS else "p"
    if word.isupper() and len(word) > 1:
        return "X"
    return "Xx" if word[:1].isupper() else "x"


def _bucket(distance: int) -> str:
    d = abs(distance)
    size = str(d) if d <= 3 else ("near" if d <= 8 else "far")
    return ("-" if distance < 0 else "+") + size


#: word -> its own features ("w=", "p3=", "p2=", "b3="), shared by every document
_WORD_FEATURES: dict[str, tuple[str, str, str, str]] = {}


def _sentence_info(doc: Document, shapes: list[str], lex: dict[int, str], in_quote: list[bool],
                   rule_cue: set[int], wanted: set[int] | None = None
                   ) -> dict[int, tuple[int, int, list[str], str]]:
    """Per sentence (each of ``wanted``, else all): first and last token, its flags, and the
    context flags its tokens share."""
    info: dict[int, tuple[int, int, list[str], str]] = {}
    lex_tokens, rule_tokens = sorted(lex), sorted(rule_cue)
    for s, (first, last) in _sentence_bounds(doc, wanted).items():
        # sentence flags: it holds a speech quotation, a cue-lexicon word, a rule cue; in the
        # order of the first token of each (on a tie, in that order)
        hits = []
        if True in in_quote[first:last + 1]:
            hits.append((in_quote.index(True, first, last + 1), 0, "sq"))
        for order, (flag, tokens) in enumerate((("slex", lex_tokens), ("srule", rule_tokens))):
            k = bisect_left(tokens, first)
            if k < len(tokens) and tokens[k] <= last:
                hits.append((tokens[k], order + 1, flag))
        flags = [flag for _t, _order, flag in sorted(hits)]
        sentence_shapes = shapes[first:last + 1]
        caps = sentence_shapes.count("Xx") + sentence_shapes.count("X")
        words = caps + sentence_shapes.count("x")
        headline = words >= 3 and caps >= 0.7 * words
        info[s] = (first, last, flags, "long" if last - first >= 8 else "short", headline)
    return info


def _sentence_bounds(doc: Document, wanted: Collection[int] | None = None
                     ) -> dict[int, tuple[int, int]]:
    """First and last token of each sentence that has tokens (of ``wanted`` ones only, found
    by bisection: the tokens come in sentence order)."""
    token_sentence = doc.token_sentence
    if wanted is not None:
        out = {}
        for s in sorted(wanted):
            first = bisect_left(token_sentence, s)
            if first < len(token_sentence) and token_sentence[first] == s:
                out[s] = (first, bisect_right(token_sentence, s, first) - 1)
        return out
    bounds: dict[int, list[int]] = {}
    for t, s in enumerate(token_sentence):
        b = bounds.get(s)
        if b is None:
            bounds[s] = [t, t]
        else:
            b[1] = t
    return {s: (b[0], b[1]) for s, b in bounds.items()}


def token_features(
    doc: Document,
    cue_matcher: Matcher | None = None,
    marks: dict[str, set[int]] | None = None,
    *,
    cue_matches: Sequence[Match] | None = None,
    only: Collection[int] | None = None,
) -> list[Sequence[str]]:
    """Feature names for each token of ``doc``.

    ``only``: the tokens whose features are wanted; every other token gets no features (an
    empty tuple), which saves the time when only some tokens' probabilities are read: only
    their sentences are looked at.

    ``cue_matcher`` finds cue-lexicon words (their class becomes a feature); ``cue_matches``,
    when given, are its matches in ``doc`` already found; ``marks`` maps a role ("cue",
    "source", "content") to the tokens the rules put in that role.
    """
    text = doc.text
    n = len(doc.norms)
    norms = doc.norms
    starts, ends = doc.token_starts, doc.token_ends
    wanted = None if only is None else {doc.token_sentence[i] for i in only}
    if wanted is None:
        shapes = [_shape(text[a:b]) for a, b in zip(starts, ends)]
        spans = None
    else:
        # only the wanted sentences and two tokens either side (the features look that far)
        spans = _sentence_bounds(doc, wanted)
        shapes = [""] * n
        for first, last in spans.values():
            for t in range(max(first - 2, 0), min(last + 3, n)):
                if not shapes[t]:
                    shapes[t] = _shape(text[starts[t]:ends[t]])
    lex: dict[int, str] = {}
    if cue_matches is None and cue_matcher is not None:
        cue_matches = cue_matcher.find(doc)
    if cue_matches:
        for m in cue_matches:
            for t in range(m.i, m.j):
                lex[t] = m.entry.category
    marks = marks or {}
    rule_cue_set = set(marks.get("cue", ()))
    rule_source = set(marks.get("source", ()))
    rule_content = set(marks.get("content", ()))
    rule_cue = sorted(rule_cue_set)
    if spans is None:
        in_quote = [doc.quote_at(a, b) is not None for a, b in zip(starts, ends)]
        tokens: Iterable[int] = range(n)
    else:
        in_quote = [False] * n
        for first, last in spans.values():
            for t in range(first, last + 1):
                in_quote[t] = doc.quote_at(starts[t], ends[t]) is not None
        tokens = [t for first, last in sorted(spans.values()) for t in range(first, last + 1)]
    sentences = _sentence_info(doc, shapes, lex, in_quote, rule_cue_set, wanted)
    token_sentence = doc.token_sentence
    # quotation marks in each sentence: the first and the last
    qfirst: dict[int, int] = {}
    qlast: dict[int, int] = {}
    for t in tokens:
        if shapes[t] == "q":
            qfirst.setdefault(token_sentence[t], t)
            qlast[token_sentence[t]] = t
    # padded copies: index i + 3 is token i; outside the text the edge marks
    left = ["<s>"] * 3 + list(norms) + ["</s>"] * 3
    lshape = ["<s>"] * 3 + shapes + ["</s>"] * 3
    rshape = ["</s>"] * 3 + shapes + ["</s>"] * 3
    caps = ("Xx", "X")
    bucket = [_bucket(d) for d in range(-9, 10)]  # bucket[d + 9] for |d| <= 9

    def bk(d: int) -> str:
        return bucket[d + 9] if -9 <= d <= 9 else ("-far" if d < 0 else "+far")

    pos = ["pos=" + bk(d) for d in range(10)]  # pos[d] for 0 <= d <= 9
    rpos = ["rpos=" + bk(d) for d in range(-9, 1)]  # rpos[d + 9] for -9 <= d <= 0

    # a token left out shares the empty tuple: no list to allocate (and collect) per token
    out: list[Sequence[str]] = [()] * n
    for i in range(n) if only is None else sorted(t for t in only if 0 <= t < n):
        s = token_sentence[i]
        first, last, flags, length, headline = sentences[s]
        w = norms[i]
        sh = shapes[i]
        k = i + 3
        wm1 = left[k - 1] if i > first else "<s>"
        wp1 = left[k + 1] if i < last else "</s>"
        wp1_doc = left[k + 1] if i + 1 < n else "</s>"
        wm1_doc = left[k - 1]
        wm2_doc = left[k - 2]
        wp2_doc = left[k + 2] if i + 2 < n else "</s>"
        own = _WORD_FEATURES.get(w)
        if own is None:
            if len(_WORD_FEATURES) > 50_000:
                _WORD_FEATURES.clear()
            own = _WORD_FEATURES[w] = ("w=" + w, "p3=" + w[-3:], "p2=" + w[-2:], "b3=" + w[:3])
        f = [
            own[0], "s=" + sh, own[1], own[2], own[3],
            "w-1=" + wm1,
            "w-2=" + (wm2_doc if i - 1 > first else "<s>"),
            "w+1=" + wp1,
            "w+2=" + (wp2_doc if i + 1 < last else "</s>"),
            f"s-1={lshape[k - 1]}|{sh}",
            f"s+1={sh}|{rshape[k + 1] if i + 1 < n else '</s>'}",
            f"w-1w={wm1_doc}|{w}",
            f"ww+1={w}|{wp1_doc}",
            pos[min(i - first, 9)] if i - first <= 9 else "pos=+far",
            rpos[max(i - last, -9) + 9] if i - last >= -9 else "rpos=-far",
            "len=" + length,
        ]
        f.extend(flags)
        f.append(f"w-1w+1={wm1}|{wp1}")
        f.append(f"w+1w+2={wp1_doc}|{wp2_doc}")
        f.append(f"w-2w-1={wm2_doc}|{wm1_doc}")
        f.append("w-3=" + (left[k - 3] if i - 2 > first else "<s>"))
        f.append("w+3=" + ((left[k + 3] if i + 3 < n else "</s>") if i + 2 < last else "</s>"))
        if headline:
            f.append("hl")
            f.append("hlw=" + w)
        if s in qfirst:
            if qfirst[s] < i:
                f.append("qL")
            if qlast[s] > i:
                f.append("qR")
        if i in rule_cue_set:
            f.append("rulecuew=" + w)
        if i in rule_source:
            f.append("rulesourcew=" + w)
        if i - 1 in rule_source or i - 2 in rule_source:
            f.append("srcL")
        if i + 1 in rule_source:
            f.append("srcR")
        if sh in caps and i > first and (
                (i >= 1 and shapes[i - 1] in caps) or (i + 1 < n and shapes[i + 1] in caps)):
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
            f.append("lex=" + lex[i])
            f.append("lexw=" + w)
        if i in rule_cue_set:
            f.append("rule=cue")
        if i in rule_source:
            f.append("rule=source")
        if i in rule_content:
            f.append("rule=content")
        if rule_cue:
            # the nearest rule cue (the earlier one on a tie)
            x = bisect_left(rule_cue, i)
            near = rule_cue[x] if x < len(rule_cue) else rule_cue[-1]
            if x > 0 and (x == len(rule_cue) or i - rule_cue[x - 1] <= rule_cue[x] - i):
                near = rule_cue[x - 1]
            f.append("rcue=" + bk(i - near) if token_sentence[near] == s else "rcue=other")
        else:
            f.append("rcue=none")
        out[i] = f
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
        """Each token's probability of ``role``: the logistic of the intercept plus the
        weights of its features (features the role has no weight for count 0)."""
        return self.probability_table(features, (role,))[role]

    def probability_table(self, features: list[list[str]],
                          roles: Sequence[str] | None = None) -> dict[str, list[float]]:
        """:meth:`probabilities` for several roles (all by default) at once: every feature is
        looked up once in a shared index and each role's sums are one weighted count."""
        import numpy as np

        roles = tuple(self.weights) if roles is None else tuple(roles)
        index, table, order = self._compiled()
        columns = self.__dict__["_table"][2]  # each role's weights, contiguous
        n = len(features)
        # unknown features point at the table's last row, which is all zeros
        ids_a = np.fromiter(map(index.get, chain.from_iterable(features), repeat(len(index))),
                            dtype=np.intp)
        rows_a = np.repeat(np.arange(n, dtype=np.intp),
                           np.fromiter(map(len, features), np.intp, n))
        out = {}
        for role in roles:
            # summed in the tokens' feature order, then the intercept added, as in the formula
            z = np.bincount(rows_a, weights=columns[order[role]].take(ids_a), minlength=n)
            z = z + self.intercepts[role]
            with np.errstate(over="ignore"):
                p = 1.0 / (1.0 + np.exp(-np.maximum(z, -30.0)))
            out[role] = np.where(z > -30.0, p, 0.0).tolist()
        return out

    def _compiled(self) -> tuple[dict[str, int], Any, dict[str, int]]:
        """One index over the features of every role and a (features x roles) weight table,
        built on first use and kept while the weights stay the same objects."""
        import numpy as np

        key = tuple((role, id(w), len(w)) for role, w in self.weights.items())
        cached = self.__dict__.get("_table")
        if cached is not None and cached[0] == key:
            return cached[1]
        index: dict[str, int] = {}
        for w in self.weights.values():
            for x in w:
                index.setdefault(x, len(index))
        order = {role: c for c, role in enumerate(self.weights)}
        table = np.zeros((len(index) + 1, max(len(order), 1)))
        for role, w in self.weights.items():
            c = order[role]
            for x, v in w.items():
                table[index[x], c] = v
        # each role's column on its own, contiguous: a gather from it is a plain take
        self.__dict__["_table"] = (key, (index, table, order), table.T.copy())
        return index, table, order

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
