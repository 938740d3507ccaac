"""Reprints and rewrites: pairs of articles that share passages or paraphrase each other.

Three steps, so the work grows with the number of *similar* sentences, not with the square of
the number of articles:

1. **Fingerprint** each article once (:func:`fingerprint`): for every sentence with enough
   content, the set of its content-word stems (Snowball, stop words dropped) and of the numbers
   it states, each as a stable 32-bit hash. A rewording that swaps a few words or reorders a
   clause keeps most stems and every figure. Memory per article is a few bytes per content
   word (about 4 KB for an 800-word article); the text itself is not kept.
2. **Candidates** (:class:`ReprintFinder`): once all fingerprints are in, each sentence's
   rarer stems and figures (the ``rare_share`` used by the fewest articles) get a MinHash
   (datasketch) that goes into a MinHash LSH index; a pair of articles becomes a candidate only
   when at least ``min_candidate_sentences`` of their sentences collide in the index. No pair
   of articles is compared unless the index proposes it.
3. **Alignment** of candidate pairs: sentences are compared by TF–IDF cosine over stems (IDF
   from the whole corpus) plus a bonus for every figure both state; each sentence of the shorter
   side is aligned to its best partner above ``min_similarity``, and only the longest chain of
   aligned pairs that keeps both articles' order is kept. The pair reports the aligned
   sentence pairs, the share of each article's words that were reused, and whether it looks
   like a copy (near-identical sentences) or a rewrite.

Memory: the finder holds the fingerprints (linear in the corpus' content words) and a
document-frequency table (grows with the vocabulary, not the number of articles); while
candidates are generated, the LSH index adds ``num_perm / rows`` band keys per sentence.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH
from nltk.stem.snowball import SnowballStemmer
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .textunits import split_sentences

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_STEMMER = SnowballStemmer("english")

#: A sentence needs this many distinct content stems to be fingerprinted (shorter ones are
#: headings, captions and boilerplate that every article shares).
MIN_SENTENCE_STEMS = 6
#: Settings of candidate generation and alignment (one place; keyword options override them).
DEFAULTS = {
    "num_perm": 64,
    "lsh_threshold": 0.3,
    "rare_share": 0.5,
    "min_rare": 3,
    "min_candidate_sentences": 2,
    "min_similarity": 0.3,
    "number_bonus": 0.1,
    "min_aligned": 5,
    "min_share": 0.25,
    "copy_similarity": 0.9,
}


#: Sentence matrices kept while aligning candidate pairs (memory bound, not a result).
_CACHE_ARTICLES = 2048


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return _STEMMER.stem(word)


def _h(token: str) -> int:
    return zlib.crc32(token.encode("utf-8"))


@dataclass(frozen=True)
class SentencePrint:
    """One sentence's fingerprint: where it is, its words, its stem and number hashes."""

    start: int
    end: int
    n_words: int
    stems: tuple[int, ...]
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class Fingerprint:
    """What reprint detection keeps of one article."""

    article_id: str
    n_words: int
    sentences: tuple[SentencePrint, ...] = field(default_factory=tuple)


def _numbers(text: str) -> set[str]:
    out = set()
    for m in _NUMBER.finditer(text):
        value = m.group(0).replace(",", "")
        if len(value) >= 2 or value not in "0123456789":  # a lone digit says little
            out.add(value)
    return out


def fingerprint(article_id: str, text: str, sentences: Sequence[Any] | None = None) -> Fingerprint:
    """The fingerprint of one article; ``sentences`` are ``{start, end}`` spans (records carry
    them) or are split here."""
    if sentences is None:
        spans = [(s.start, s.end) for s in split_sentences(text)]
    else:
        spans = [(int(s["start"]), int(s["end"])) if isinstance(s, dict) else (s[0], s[1])
                 for s in sentences]
    prints = []
    total = 0
    for start, end in spans:
        chunk = text[start:end]
        words = _WORD.findall(chunk)
        total += len(words)
        stems = {_stem(w.lower()) for w in words if w.lower() not in ENGLISH_STOP_WORDS}
        stems = {s for s in stems if len(s) > 1}
        if len(stems) < MIN_SENTENCE_STEMS:
            continue
        prints.append(SentencePrint(
            start, end, len(words),
            tuple(sorted(_h(s) for s in stems)),
            tuple(sorted(_h(n) for n in _numbers(chunk))),
        ))
    return Fingerprint(str(article_id), total, tuple(prints))


def _ordered_chain(aligned: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The longest run of aligned pairs that keeps the order of both articles (ties: the larger
    total similarity). A copy or rewrite follows its original's order; chance matches between
    two articles on the same story do not, so this drops most of them."""
    n = len(aligned)
    if n == 0:
        return []
    best = [(1, aligned[k][2]) for k in range(n)]
    prev = [-1] * n
    for k in range(n):
        for m in range(k):
            if aligned[m][0] < aligned[k][0] and aligned[m][1] < aligned[k][1]:
                cand = (best[m][0] + 1, best[m][1] + aligned[k][2])
                if cand > best[k]:
                    best[k] = cand
                    prev[k] = m
    k = max(range(n), key=lambda x: (best[x], -x))
    chain = []
    while k != -1:
        chain.append(aligned[k])
        k = prev[k]
    return chain[::-1]


class ReprintFinder:
    """Collect fingerprints, then :meth:`pairs` finds reprinted or rewritten pairs."""

    def __init__(self, **options: Any):
        unknown = set(options) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"unknown option(s) {sorted(unknown)}; options: {sorted(DEFAULTS)}")
        self.options = {**DEFAULTS, **options}
        self.prints: list[Fingerprint] = []
        self.df: Counter[int] = Counter()
        self._candidates: dict[tuple[int, int], int] | None = None

    def add(self, fp: Fingerprint) -> None:
        """Keep one article's fingerprint and count its stems and figures."""
        self.prints.append(fp)
        seen: set[int] = set()
        for sp in fp.sentences:
            seen.update(sp.stems)
            seen.update(sp.numbers)
        self.df.update(seen)
        self._candidates = None

    def _rare(self, sp: SentencePrint) -> list[int]:
        """The rarest part of a sentence's stems and figures (at least ``min_rare``)."""
        items = sorted((*sp.stems, *sp.numbers), key=lambda h: (self.df[h], h))
        k = max(self.options["min_rare"], math.ceil(self.options["rare_share"] * len(items)))
        return items[:k]

    def candidates(self) -> dict[tuple[int, int], int]:
        """Pairs of article indices (earlier first) with the number of colliding sentences.

        Only the rarer part (``rare_share``) of a sentence's stems and figures goes into its
        MinHash, ranked by how many articles use them: the words every article on the story
        shares ("Trump", "summit") would make every pair collide, while the names, places and
        figures a copy carries over survive rewording. Ranking, not a fixed cut-off, keeps a
        piece reprinted by many outlets findable: its rare words are rare *within* each
        sentence even when many articles carry them.
        """
        if self._candidates is not None:
            return self._candidates
        n_perm = self.options["num_perm"]
        lsh = MinHashLSH(threshold=self.options["lsh_threshold"], num_perm=n_perm)
        hits: dict[tuple[int, int], set[int]] = defaultdict(set)
        for index, fp in enumerate(self.prints):
            keep = []
            for j, sp in enumerate(fp.sentences):
                keep.append((j, self._rare(sp)))
            if not keep:
                continue
            hashes = MinHash.bulk([[h.to_bytes(4, "little") for h in rare] for _, rare in keep],
                                  num_perm=n_perm)
            # query before inserting: each pair is found once, from its later article, and
            # no MinHash outlives this loop
            for (j, _), mh in zip(keep, hashes):
                for other, _ in lsh.query(mh):
                    hits[(other, index)].add(j)
            for (j, _), mh in zip(keep, hashes):
                lsh.insert((index, j), mh, check_duplication=False)
        need = self.options["min_candidate_sentences"]
        self._candidates = {pair: len(js) for pair, js in sorted(hits.items())
                            if len(js) >= need}
        return self._candidates

    def _arrays(self, fp: Fingerprint) -> tuple[np.ndarray, ...]:
        """Sentence rows, stem hashes and unit-length TF-IDF weights; rows and figure hashes."""
        n_docs = len(self.prints)
        rows, cols, vals, nrows, ncols = [], [], [], [], []
        for r, sp in enumerate(fp.sentences):
            weights = [math.log((1 + n_docs) / (1 + self.df[h])) + 1.0 for h in sp.stems]
            norm = math.sqrt(sum(w * w for w in weights)) or 1.0
            rows.extend([r] * len(sp.stems))
            cols.extend(sp.stems)
            vals.extend(w / norm for w in weights)
            nrows.extend([r] * len(sp.numbers))
            ncols.extend(sp.numbers)
        return (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64),
                np.asarray(vals, dtype=float), np.asarray(nrows, dtype=np.int64),
                np.asarray(ncols, dtype=np.int64))

    @staticmethod
    def _product(ra, ca, va, na, rb, cb, vb, nb) -> np.ndarray:
        """Dense (na × nb) product of two sparse row sets over a shared local vocabulary."""
        if not len(ca) or not len(cb):
            return np.zeros((na, nb))
        _, inv = np.unique(np.concatenate([ca, cb]), return_inverse=True)
        width = int(inv.max()) + 1
        a = sparse.csr_matrix((va, (ra, inv[:len(ca)])), shape=(na, width))
        b = sparse.csr_matrix((vb, (rb, inv[len(ca):])), shape=(nb, width))
        return (a @ b.T).toarray()

    def align(self, a: Fingerprint, b: Fingerprint, *, _cache: dict | None = None,
              ) -> list[tuple[int, int, float]]:
        """Aligned sentence pairs ``(i in a, j in b, similarity)``, each sentence used once,
        in the longest chain that keeps both articles' order."""
        cache = _cache if _cache is not None else {}
        for fp in (a, b):
            if fp.article_id not in cache:
                cache[fp.article_id] = self._arrays(fp)
        ra, ca, va, nra, nca = cache[a.article_id]
        rb, cb, vb, nrb, ncb = cache[b.article_id]
        n_a, n_b = len(a.sentences), len(b.sentences)
        if not n_a or not n_b:
            return []
        cos = self._product(ra, ca, va, n_a, rb, cb, vb, n_b)
        shared = self._product(nra, nca, np.ones(len(nca)), n_a, nrb, ncb, np.ones(len(ncb)), n_b)
        sim = np.minimum(1.0, cos + self.options["number_bonus"] * np.minimum(shared, 2))
        sim[cos < 0.2] = 0.0
        ii, jj = np.nonzero(sim >= self.options["min_similarity"])
        scored = sorted(zip((-sim[ii, jj]).tolist(), ii.tolist(), jj.tolist()))
        used_a: set[int] = set()
        used_b: set[int] = set()
        out = []
        for neg, i, j in scored:
            if i in used_a or j in used_b:
                continue
            used_a.add(i)
            used_b.add(j)
            out.append((i, j, round(-neg, 4)))
        return _ordered_chain(sorted(out))

    def pairs(self) -> pd.DataFrame:
        """One row per reprinted or rewritten pair (see :data:`PAIR_COLUMNS`)."""
        rows = []
        cache: dict[str, Any] = {}
        for (ia, ib), n_hits in self.candidates().items():
            a, b = self.prints[ia], self.prints[ib]
            if len(cache) > _CACHE_ARTICLES:  # candidates come sorted by their first article
                cache.clear()
            aligned = self.align(a, b, _cache=cache)
            if len(aligned) < self.options["min_aligned"]:
                continue
            words_a = sum(a.sentences[i].n_words for i, _, _ in aligned)
            words_b = sum(b.sentences[j].n_words for _, j, _ in aligned)
            share_a = words_a / a.n_words if a.n_words else 0.0
            share_b = words_b / b.n_words if b.n_words else 0.0
            if max(share_a, share_b) < self.options["min_share"]:
                continue
            mean_sim = sum(s for _, _, s in aligned) / len(aligned)
            rows.append({
                "article_a": a.article_id,
                "article_b": b.article_id,
                "kind": "copy" if mean_sim >= self.options["copy_similarity"] else "rewrite",
                "aligned_sentences": len(aligned),
                "share_a": round(share_a, 4),
                "share_b": round(share_b, 4),
                "mean_similarity": round(mean_sim, 4),
                "candidate_sentences": n_hits,
                "alignment": [
                    {"a_start": a.sentences[i].start, "a_end": a.sentences[i].end,
                     "b_start": b.sentences[j].start, "b_end": b.sentences[j].end,
                     "similarity": s}
                    for i, j, s in aligned
                ],
            })
        frame = pd.DataFrame(rows, columns=list(PAIR_COLUMNS))
        return frame.sort_values(["share_a", "article_a", "article_b"],
                                 ascending=[False, True, True], ignore_index=True)


#: Columns of :meth:`ReprintFinder.pairs`: ``share_a``/``share_b`` are the shares of each
#: article's words in aligned sentences; ``alignment`` lists the aligned spans.
PAIR_COLUMNS = (
    "article_a", "article_b", "kind", "aligned_sentences", "share_a", "share_b",
    "mean_similarity", "candidate_sentences", "alignment",
)


def find_reprints(items: Iterable[tuple[str, str]], **options: Any) -> pd.DataFrame:
    """Reprinted or rewritten pairs among ``(article_id, text)`` items."""
    finder = ReprintFinder(**options)
    for article_id, text in items:
        finder.add(fingerprint(article_id, text))
    return finder.pairs()


__all__ = ["Fingerprint", "ReprintFinder", "fingerprint", "find_reprints", "PAIR_COLUMNS",
           "DEFAULTS"]
