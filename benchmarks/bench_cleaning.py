"""Benchmark: milliseconds per text of page cleaning (``clean_text``), and a fingerprint of
every result so that two source trees can be shown to clean alike.

Texts: the bundled sample articles, the seeds and the PolNeAR texts of ../shared when present
(raw, as ``framing score`` reads them). Each text is cleaned several rounds and its best time
kept, so a busy machine inflates the figure less.

    python benchmarks/bench_cleaning.py
    python benchmarks/bench_cleaning.py --source /tmp/before --texts 300 --rounds 5
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--texts", type=int, default=300, help="at most this many PolNeAR texts")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--source", type=Path,
                        help="import framing from this source tree instead of the installed one")
    args = parser.parse_args(argv)
    if args.source:
        sys.meta_path[:] = [f for f in sys.meta_path
                            if not getattr(f, "__module__", "").startswith("__editable__")]
        sys.path.insert(0, str(args.source.resolve()))
    import framing
    from framing.ingest.cleaning import clean_text

    paths = sorted((Path(framing.__file__).parent / "data" / "sample" / "articles").glob("*"))
    paths += sorted((args.shared / "seeds").glob("*.txt"))
    paths += sorted((args.shared / "eval" / "polnear").glob("*/text/*.txt"))[: args.texts]
    raws = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    best = [float("inf")] * len(raws)
    for _ in range(args.rounds):
        for k, raw in enumerate(raws):
            t = time.perf_counter()
            clean_text(raw)
            best[k] = min(best[k], time.perf_counter() - t)
    digest = hashlib.sha256()
    for raw in raws:
        cleaned = clean_text(raw)
        digest.update(repr((cleaned.text, cleaned.removed)).encode())
    words = sum(len(r.split()) for r in raws)
    print(f"framing from {Path(framing.__file__).parent.parent}; {len(raws)} texts, "
          f"{words / len(raws):.0f} words each; best of {args.rounds} rounds; load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"cleaning: {1000 * sum(best) / len(raws):.2f} ms/text; "
          f"results {digest.hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
