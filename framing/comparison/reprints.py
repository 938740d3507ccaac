"""Reprints and rewrites: pairs of articles that share passages or paraphrase each other.

Three steps, so the work grows with the number of *similar* sentences, not with the square of
the number of articles:

1. **Fingerprint** each article once (:func:`fingerprint`): for every sentence with enough
   content, the set of its content-word stems (Snowball, stop words dropped) and of the numbers
   it states, each as a stable 32-bit hash, packed in a few arrays. A rewording that swaps a
   few words or reorders a clause keeps most stems and every figure. Memory per article is
   about 4 bytes per content word plus a few hundred bytes; the text itself is not kept.
2. **Candidates** (:class:`ReprintFinder`): once all fingerprints are in, each sentence's
   rarer stems and figures (the ``rare_share`` used by the fewest articles) get a MinHash
   (datasketch), cut into the bands datasketch's MinHashLSH chooses for ``lsh_threshold``; the
   band keys are kept as one array (4 bytes per sentence and band) and sorted, and sentences
   of different articles that share a key collide. A pair of articles becomes a candidate only
   when at least ``min_candidate_sentences`` of their sentences collide. No pair of articles is
   compared unless the index proposes it.
3. **Alignment** of candidate pairs: sentences are compared by TF–IDF cosine over stems (IDF
   from the whole corpus) plus a bonus for every figure both state; each sentence of the shorter
   side is aligned to its best partner above ``min_similarity``, and only the longest chain of
   aligned pairs that keeps both articles' order is kept. The pair reports the aligned
   sentence pairs, the share of each article's words that were reused, and whether it looks
   like a copy (near-identical sentences) or a rewrite.

Memory: the finder holds the fingerprints (linear in the corpus' content words) and a
document-frequency table (grows with the vocabulary, not the number of articles); candidate
generation adds the band keys (``4 × bands`` bytes per sentence, 128 bytes with the defaults).

Scale: the work grows with the number of sentences plus the number of candidate pairs. Chance
candidates (two unrelated articles whose sentences share a rare name or two) grow with the
square of the corpus but with a small constant. The defaults (128 permutations, 32 bands of 4
rows for ``lsh_threshold`` 0.4) were chosen on the 924 PolNeAR articles: 1,268 candidate pairs
and 11 reprint pairs, where 21 bands of 3 rows (64 permutations, threshold 0.3) let 7,620
candidates through for 12 pairs, and 16 bands of 4 rows gave 405 candidates but 9 pairs, with
the sample corpus' rewrites colliding on only two sentences (see benchmarks/results.md for
100,000 articles).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH
from nltk.stem.snowball import SnowballStemmer
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..textunits import split_sentences

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_STEMMER = SnowballStemmer("english")

#: A sentence needs this many distinct content stems to be fingerprinted (shorter ones are
#: headings, captions and boilerplate that every article shares).
MIN_SENTENCE_STEMS = 6
#: Settings of candidate generation and alignment (one place; keyword options override them).
DEFAULTS = {
    "num_perm": 128,
    "lsh_threshold": 0.4,
    "rare_share": 0.5,
    "min_rare": 3,
    "min_candidate_sentences": 2,
    "min_similarity": 0.3,
    "number_bonus": 0.1,
    "min_aligned": 5,
    "min_share": 0.25,
    "copy_similarity": 0.9,
    "max_bucket": 500,
}


#: Sentence matrices kept while aligning candidate pairs (memory bound, not a result).
_CACHE_ARTICLES = 2048


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return _STEMMER.stem(word)


#: Multiplier folding a band's MinHash rows into one key (an odd 64-bit constant).
_MIX = 0x9E3779B97F4A7C15


def _as_is(value: int) -> int:
    """Items are already 32-bit hashes: MinHash takes them as they are."""
    return value


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


class Fingerprint:
    """What reprint detection keeps of one article, packed in a few small arrays.

    ``spans`` holds (start, end, words) per fingerprinted sentence; ``stems`` and ``numbers``
    hold the sorted 32-bit hashes of all sentences one after another, cut by ``stem_cuts`` and
    ``number_cuts`` (sentence i's stems are ``stems[stem_cuts[i]:stem_cuts[i + 1]]``). About
    4 bytes per content word plus a few hundred bytes per article, whatever the corpus size.
    """

    __slots__ = ("article_id", "n_words", "spans", "stems", "stem_cuts", "numbers", "number_cuts")

    def __init__(self, article_id: str, n_words: int, sentences: Sequence[SentencePrint] = ()):
        self.article_id = str(article_id)
        self.n_words = int(n_words)
        self.spans = np.array([(s.start, s.end, s.n_words) for s in sentences],
                              dtype=np.int64).reshape(-1, 3)
        self.stems, self.stem_cuts = _pack([s.stems for s in sentences])
        self.numbers, self.number_cuts = _pack([s.numbers for s in sentences])

    def __len__(self) -> int:
        return len(self.spans)

    @property
    def sentences(self) -> tuple[SentencePrint, ...]:
        """The sentence fingerprints as objects (built on demand, not stored)."""
        return tuple(
            SentencePrint(
                int(start), int(end), int(words),
                tuple(int(h) for h in self.stems[self.stem_cuts[i]:self.stem_cuts[i + 1]]),
                tuple(int(h) for h in self.numbers[self.number_cuts[i]:self.number_cuts[i + 1]]),
            )
            for i, (start, end, words) in enumerate(self.spans)
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fingerprint):
            return NotImplemented
        return (self.article_id, self.n_words) == (other.article_id, other.n_words) and all(
            np.array_equal(getattr(self, k), getattr(other, k)) for k in self.__slots__[2:]
        )

    def __repr__(self) -> str:
        return f"Fingerprint({self.article_id!r}, words={self.n_words}, sentences={len(self)})"


def _pack(groups: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Concatenated uint32 values and the cut points between groups."""
    cuts = np.zeros(len(groups) + 1, dtype=np.int64)
    if groups:
        cuts[1:] = np.cumsum([len(g) for g in groups])
    flat = np.fromiter((h for g in groups for h in g), dtype=np.uint32, count=int(cuts[-1]))
    return flat, cuts


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
    return Fingerprint(str(article_id), total, prints)


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
        self.df.update(set(fp.stems.tolist()) | set(fp.numbers.tolist()))
        self._candidates = None

    def _rare(self, items: list[int]) -> list[int]:
        """The rarest part of a sentence's stems and figures (at least ``min_rare``)."""
        df = self.df
        items = sorted(items, key=lambda h: (df[h], h))
        k = max(self.options["min_rare"], math.ceil(self.options["rare_share"] * len(items)))
        return items[:k]

    def _band_keys(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One 32-bit key per sentence and LSH band, with each sentence's article and index.

        The MinHash of each sentence's rare items comes from datasketch (its items are already
        32-bit hashes, so they go in as they are); the bands and rows are those datasketch's
        MinHashLSH chooses for ``lsh_threshold``. The index itself is kept as plain arrays, 4
        bytes per sentence and band, rather than as Python objects.
        """
        n_perm = self.options["num_perm"]
        lsh = MinHashLSH(threshold=self.options["lsh_threshold"], num_perm=n_perm)
        bands, rows = lsh.b, lsh.r
        total = sum(len(fp) for fp in self.prints)
        keys = np.empty((total, bands), dtype=np.uint32)
        owner = np.empty(total, dtype=np.int64)
        local = np.empty(total, dtype=np.int64)
        mh = MinHash(num_perm=n_perm, hashfunc=_as_is)
        mix = np.array([pow(_MIX, rows - 1 - i, 1 << 64) for i in range(rows)], dtype=np.uint64)
        g = 0
        for index, fp in enumerate(self.prints):
            if not len(fp):
                continue
            stems, numbers = fp.stems.tolist(), fp.numbers.tolist()
            sigs = np.empty((len(fp), bands * rows), dtype=np.uint64)
            for j in range(len(fp)):
                items = (stems[fp.stem_cuts[j]:fp.stem_cuts[j + 1]]
                         + numbers[fp.number_cuts[j]:fp.number_cuts[j + 1]])
                mh.clear()
                mh.update_batch(self._rare(items))
                sigs[j] = mh.hashvalues[:bands * rows]
            # a band's rows folded into one number (uint64 arithmetic wraps), then 32 bits of it
            folded = (sigs.reshape(len(fp), bands, rows) * mix).sum(axis=2)
            keys[g:g + len(fp)] = (folded ^ (folded >> np.uint64(32))).astype(np.uint32)
            owner[g:g + len(fp)] = index
            local[g:g + len(fp)] = np.arange(len(fp))
            g += len(fp)
        return keys[:g], owner[:g], local[:g]

    def candidates(self) -> dict[tuple[int, int], int]:
        """Pairs of article indices (earlier first) with the number of colliding sentences.

        Only the rarer part (``rare_share``) of a sentence's stems and figures goes into its
        MinHash, ranked by how many articles use them: the words every article on the story
        shares ("Trump", "summit") would make every pair collide, while the names, places and
        figures a copy carries over survive rewording. Ranking, not a fixed cut-off, keeps a
        piece reprinted by many outlets findable: its rare words are rare *within* each
        sentence even when many articles carry them.

        Sentences collide when they share a bucket in any band. A bucket holding sentences of
        more than ``max_bucket`` articles is boilerplate the corpus shares (a sign-off, a
        standard disclaimer), not evidence about any pair, and is passed over. A pair counts
        the distinct sentences of its later article that collide with the earlier one.
        """
        if self._candidates is not None:
            return self._candidates
        keys, owner, local = self._band_keys()
        width = int(local.max()) + 1 if len(local) else 1
        n_articles = max(len(self.prints), 1)
        found = []
        for band in range(keys.shape[1]):
            order = np.argsort(keys[:, band], kind="stable")
            col = keys[order, band]
            starts = np.flatnonzero(np.r_[True, col[1:] != col[:-1]])
            sizes = np.diff(np.r_[starts, len(col)])
            codes = []
            for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
                members = order[start:start + size]
                arts = owner[members]
                if len(np.unique(arts)) > self.options["max_bucket"]:
                    continue
                # every member against every earlier member of another article
                i, k = np.triu_indices(size, 1)
                first, second = members[i], members[k]
                swap = owner[first] > owner[second]
                first, second = np.where(swap, second, first), np.where(swap, first, second)
                keep = owner[first] != owner[second]
                codes.append((owner[first[keep]] * n_articles + owner[second[keep]]) * width
                             + local[second[keep]])
            if codes:
                found.append(np.unique(np.concatenate(codes)))
        if found:
            pair_codes, counts = np.unique(np.unique(np.concatenate(found)) // width,
                                           return_counts=True)
        else:
            pair_codes, counts = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        need = self.options["min_candidate_sentences"]
        self._candidates = {
            (int(code // n_articles), int(code % n_articles)): int(count)
            for code, count in zip(pair_codes.tolist(), counts.tolist()) if count >= need
        }
        return self._candidates

    def _arrays(self, fp: Fingerprint) -> tuple[np.ndarray, ...]:
        """Sentence rows, stem hashes and unit-length TF-IDF weights; rows and figure hashes."""
        n_docs = len(self.prints)
        df = self.df
        rows = np.repeat(np.arange(len(fp)), np.diff(fp.stem_cuts))
        cols = fp.stems.astype(np.int64)
        weights = np.log((1 + n_docs) / (1.0 + np.fromiter(
            (df[h] for h in fp.stems.tolist()), dtype=float, count=len(cols)))) + 1.0
        norms = np.sqrt(np.bincount(rows, weights * weights, minlength=len(fp)))
        vals = weights / np.where(norms > 0, norms, 1.0)[rows]
        nrows = np.repeat(np.arange(len(fp)), np.diff(fp.number_cuts))
        return rows, cols, vals, nrows, fp.numbers.astype(np.int64)

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
        n_a, n_b = len(a), len(b)
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
            words_a = int(sum(a.spans[i, 2] for i, _, _ in aligned))
            words_b = int(sum(b.spans[j, 2] for _, j, _ in aligned))
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
                    {"a_start": int(a.spans[i, 0]), "a_end": int(a.spans[i, 1]),
                     "b_start": int(b.spans[j, 0]), "b_end": int(b.spans[j, 1]),
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
