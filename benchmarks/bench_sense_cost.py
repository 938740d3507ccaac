"""What the promotional sense model costs: promotional scoring per article with and without it.

Reads PolNeAR texts (real news, about 650 words each), builds each document once, then times
the promotional dimension's ``analyze`` over all of them with the shipped sense model and with
``sense=None`` (the lexicon alone), best of ``--repeat`` runs, and prints milliseconds per
article and the share of findings the model judged and dropped.

    python benchmarks/bench_sense_cost.py --eval ../shared/eval -n 300
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from framing.dimensions import create
from framing.textunits import Document


def _time(dim, docs, repeat: int) -> tuple[float, int]:
    best, found = float("inf"), 0
    for _ in range(repeat):
        t0 = time.process_time()
        found = sum(len(dim.analyze(doc).evidence) for doc in docs)
        best = min(best, time.process_time() - t0)
    return best, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval", default="../shared/eval")
    parser.add_argument("-n", type=int, default=300, help="articles")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    paths = sorted((Path(args.eval) / "polnear").glob("*/text/*.txt"))[: args.n]
    if not paths:
        parser.error(f"{args.eval}: no PolNeAR texts (polnear/*/text/*.txt)")
    docs = [Document.from_text(p.read_text(encoding="utf-8")) for p in paths]
    words = sum(d.n_words for d in docs)
    plain, n_plain = _time(create("promotional", sense=None), docs, args.repeat)
    sense, n_sense = _time(create("promotional"), docs, args.repeat)
    n = len(docs)
    print(f"{n} articles, {words / n:.0f} words each; CPU, best of {args.repeat}")
    print(f"lexicon alone:    {1000 * plain / n:.3f} ms/article, {n_plain} findings")
    print(f"with sense model: {1000 * sense / n:.3f} ms/article, {n_sense} findings "
          f"(+{1000 * (sense - plain) / n:.3f} ms, {n_plain - n_sense} dropped)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
