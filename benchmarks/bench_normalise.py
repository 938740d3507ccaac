"""Benchmark: what normalising text for matching costs per article (framing.textunits).

``Document.from_text`` tokenises a matching form of the text (invisible characters removed,
NFKC, look-alike letters made Latin; ``matching_text``). This times ``Document.from_text`` on
the bundled sample corpus and, when present, the PolNeAR and SemEval-2023 texts in
../shared/eval, with the normalisation on and switched off, and on the same texts with a soft
hyphen put inside every long word (the slow path: every offset goes through the map).

    python benchmarks/bench_normalise.py            # best of 5 rounds
    python benchmarks/bench_normalise.py --rounds 3

The numbers are printed, never checked.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from framing import textunits
from framing.textunits import Document

HERE = Path(__file__).resolve().parent
EVAL = HERE.parent.parent / "shared" / "eval"


def corpus(eval_dir: Path) -> list[str]:
    files = sorted((HERE.parent / "framing" / "data" / "sample" / "articles").glob("*.txt"))
    files += sorted(eval_dir.glob("polnear/*/text/*.txt"))
    files += sorted(eval_dir.glob("semeval2023/train-articles-subtask-3/*.txt"))
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def best(texts: list[str], rounds: int) -> float:
    """Seconds for one pass over ``texts``, the best of ``rounds``."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for text in texts:
            Document.from_text(text)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--eval", type=Path, default=EVAL, help="the shared eval folder")
    args = ap.parse_args()
    texts = corpus(args.eval)
    words = sum(len(t.split()) for t in texts)
    changed = sum(textunits.matching_text(t) is not None for t in texts)
    hyphened = [re.sub(r"\b(\w{4})(\w{3,})", "\\1\u00ad\\2", t) for t in texts]
    print(f"{len(texts)} articles, {words} words; {changed} need a matching form of their own")

    saved = textunits.matching_text, textunits._unconfuse
    on = off = on_hyphened = float("inf")
    for _ in range(args.rounds):  # interleaved, so a busy machine slows both alike
        on = min(on, best(texts, 1))
        on_hyphened = min(on_hyphened, best(hyphened, 1))
        textunits.matching_text, textunits._unconfuse = (lambda text: None), (lambda w: w)
        try:
            off = min(off, best(texts, 1))
        finally:
            textunits.matching_text, textunits._unconfuse = saved
    check = float("inf")
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for text in texts:
            textunits.matching_text(text)
        check = min(check, time.perf_counter() - t0)
    n = len(texts)
    print(f"Document.from_text, normalisation off: {1000 * off / n:.3f} ms per article")
    print(f"Document.from_text, normalisation on:  {1000 * on / n:.3f} ms per article "
          f"({100 * (on - off) / off:+.1f}%)")
    print(f"matching_text alone:                   {1000 * check / n:.3f} ms per article "
          f"({100 * check / off:.1f}% of Document.from_text)")
    print(f"a soft hyphen in every long word:      {1000 * on_hyphened / n:.3f} ms per article "
          f"({100 * (on_hyphened - off) / off:+.1f}% against plain text, normalisation off)")


if __name__ == "__main__":
    main()
