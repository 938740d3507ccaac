"""Benchmark: reprint detection (framing.comparison.reprints) on large synthetic corpora.

Scoring is measured by bench_score.py and bench_scale.py; this script measures the one
cross-article step whose naive form is quadratic. It builds N articles whose sentences are
drawn from a pool (the bundled sample corpus and, when present, the PolNeAR texts in
../shared/eval/polnear) with four words in five replaced by words drawn from the pool's own
word frequencies, so that articles share topics, vocabulary and some phrasing but are not
reprints of each other (with fewer words replaced, every article becomes a partial rewrite of
the dozens of others drawn from the same pool sentences, and the number of near-duplicate
pairs grows with the square of the corpus, which real news does not do). Into that corpus it
plants reprints: for one article in every ``--plant-every``, a copy with a tenth of its
sentences dropped and one word in twenty replaced, and for another, a rewrite with three words
in ten replaced. It then times the three steps of
:class:`framing.comparison.reprints.ReprintFinder` (fingerprints, LSH candidates, alignment) and
prints how many planted pairs were found, how many other pairs were reported, and peak memory.

    python benchmarks/bench_reprints.py                      # 1,000, 10,000 and 100,000
    python benchmarks/bench_reprints.py --sizes 1000 10000 --write results-reprints.md

Each size runs in a fresh process, so its peak resident memory is its own. The numbers are
printed (and written with --write), never checked.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_score import PEAK  # noqa: E402

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "polnear"
_WORD = re.compile(r"[A-Za-z]+")

CHILD = PEAK + """
import json, sys, time
from framing.comparison.reprints import ReprintFinder, fingerprint
path, planted_path = sys.argv[1], sys.argv[2]
planted = {tuple(p[1:]): p[0] for p in json.load(open(planted_path))}
finder = ReprintFinder()
t0 = time.perf_counter()
n = 0
with open(path, encoding="utf-8") as fh:
    for line in fh:
        rec = json.loads(line)
        finder.add(fingerprint(rec["id"], rec["text"], rec["sentences"]))
        n += 1
t1 = time.perf_counter()
cands = finder.candidates()
t2 = time.perf_counter()
pairs = finder.pairs()
t3 = time.perf_counter()
found = {tuple(sorted((a, b))) for a, b in zip(pairs["article_a"], pairs["article_b"])}
copies = sum(1 for p in found if planted.get(p) == "copy")
rewrites = sum(1 for p in found if planted.get(p) == "rewrite")
n_copies = sum(1 for kind in planted.values() if kind == "copy")
peak = peak_kib() / 1024
print(json.dumps({"articles": n, "fingerprint_s": t1 - t0, "candidates_s": t2 - t1,
                  "align_s": t3 - t2, "candidates": len(cands), "copies": f"{copies}/{n_copies}",
                  "rewrites": f"{rewrites}/{len(planted) - n_copies}",
                  "other": len(found - set(planted)), "peak_mib": peak}))
"""


def sentence_pool(limit_files: int | None = None) -> list[str]:
    """Sentences of the sample corpus and, when present, of the PolNeAR texts."""
    from framing.ingest.reading import load_sample
    from framing.textunits import split_sentences

    texts = [a.text for a in load_sample()]
    if POLNEAR.is_dir():
        files = sorted(POLNEAR.glob("*/text/*.txt"))[:limit_files]
        texts.extend(p.read_text(encoding="utf-8", errors="replace") for p in files)
    pool = []
    for text in texts:
        for s in split_sentences(text):
            chunk = " ".join(text[s.start:s.end].split())
            if len(_WORD.findall(chunk)) >= 8:
                pool.append(chunk)
    return pool


def mutate(sentence: str, share: float, vocab: list[str], rng: random.Random) -> str:
    """Replace about ``share`` of the words of a sentence with words drawn from ``vocab``."""
    return _WORD.sub(lambda m: rng.choice(vocab) if rng.random() < share else m.group(0),
                     sentence)


def article(sentences: list[str]) -> tuple[str, list[dict[str, int]]]:
    """Join sentences into a text with their spans (records carry spans, as here)."""
    spans, parts, pos = [], [], 0
    for s in sentences:
        parts.append(s)
        spans.append({"start": pos, "end": pos + len(s)})
        pos += len(s) + 1
    return " ".join(parts), spans


def build(n: int, path: Path, plant_every: int, seed: int = 0) -> tuple[list, int]:
    """Write n articles (plus planted copies and rewrites) as JSONL; return the planted pairs
    as [kind, id, id] and the number of words."""
    rng = random.Random(seed)
    pool = sentence_pool()
    vocab = [w for s in pool for w in _WORD.findall(s)]
    planted = []
    words = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            chosen = [mutate(rng.choice(pool), 0.8, vocab, rng)
                      for _ in range(rng.randint(12, 30))]
            text, spans = article(chosen)
            words += len(text.split())
            fh.write(json.dumps({"id": f"a{i}", "text": text, "sentences": spans}) + "\n")
            if not plant_every:
                continue
            if i % plant_every == plant_every - 1:
                kind, changed = "copy", [mutate(s, 0.05, vocab, rng) for s in chosen
                                         if rng.random() >= 0.1]
            elif i % plant_every == plant_every // 2:
                kind, changed = "rewrite", [mutate(s, 0.3, vocab, rng) for s in chosen]
            else:
                continue
            text, spans = article(changed)
            fh.write(json.dumps({"id": f"a{i}-{kind}", "text": text, "sentences": spans}) + "\n")
            planted.append([kind, *sorted((f"a{i}", f"a{i}-{kind}"))])
    return planted, words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--plant-every", type=int, default=100,
                        help="plant a reprint of one article in this many (default 100)")
    parser.add_argument("--write", type=Path, help="also write the table (Markdown) here")
    args = parser.parse_args(argv)

    header = ("| articles | words | fingerprints s | candidates s | alignment s | total s "
              "| candidate pairs | copies found | rewrites found | other pairs | peak MiB |")
    lines = [f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, one process",
             "", header, "|" + "---|" * 11]
    print("\n".join(lines), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            corpus, planted_file = Path(tmp) / f"c{n}.jsonl", Path(tmp) / f"p{n}.json"
            planted, words = build(n, corpus, args.plant_every)
            planted_file.write_text(json.dumps(planted), encoding="utf-8")
            proc = subprocess.run([sys.executable, "-c", CHILD, str(corpus), str(planted_file)],
                                  capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                raise SystemExit(f"reprint detection failed on {n} articles:\n{proc.stderr}")
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            total = r["fingerprint_s"] + r["candidates_s"] + r["align_s"]
            row = (f"| {r['articles']} | {words} | {r['fingerprint_s']:.1f} "
                   f"| {r['candidates_s']:.1f} | {r['align_s']:.1f} | {total:.1f} "
                   f"| {r['candidates']} | {r['copies']} | {r['rewrites']} | {r['other']} "
                   f"| {r['peak_mib']:.0f} |")
            lines.append(row)
            print(row, flush=True)
    if args.write:
        args.write.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
