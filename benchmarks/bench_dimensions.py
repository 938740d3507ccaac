"""Benchmark: milliseconds per article spent in each dimension, and what one adds to the rest.

Whole-run timings (bench_score.py --without D) swing by tens of percent on a shared machine.
This script times inside one process instead: for every article (the sample corpus and, when
present, the PolNeAR texts of ../shared/eval) it builds the document and runs every dimension
in registry order, several rounds, and keeps each step's best time per article. The steps of
an article run back to back, so a busy machine slows them alike and their ratio holds.

    python benchmarks/bench_dimensions.py                 # every dimension, 5 rounds
    python benchmarks/bench_dimensions.py --dimension frames --rounds 7 --articles 60
    python benchmarks/bench_dimensions.py --polnear /path/to/eval/polnear
    python benchmarks/bench_dimensions.py --source /tmp/old  # another commit's tree (git archive)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _use_source(argv: list[str]) -> None:
    """With ``--source DIR``, import framing from DIR (before anything imports it): an
    editable install's finder comes before sys.path, so it is taken out."""
    if "--source" in argv:
        source = Path(argv[argv.index("--source") + 1]).resolve()
        sys.meta_path[:] = [f for f in sys.meta_path
                            if not getattr(f, "__module__", "").startswith("__editable__")]
        sys.path.insert(0, str(source))


_use_source(sys.argv)

import bench_score  # noqa: E402

from framing import __version__  # noqa: E402
from framing.scoring import Scorer  # noqa: E402
from framing.textunits import Document  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--articles", type=int, default=40, help="at most this many articles")
    parser.add_argument("--dimension", default="frames",
                        help="the dimension whose share of the rest is printed")
    parser.add_argument("--polnear", type=Path, default=bench_score.POLNEAR,
                        help="PolNeAR folder whose texts are mixed in (default: ../shared)")
    parser.add_argument("--cpu", action="store_true",
                        help="time CPU seconds of this process (steadier on a busy machine)")
    parser.add_argument("--source", type=Path, metavar="DIR",
                        help="import framing from this source tree (read before the import)")
    args = parser.parse_args(argv)
    clock = time.process_time if args.cpu else time.perf_counter
    bench_score.POLNEAR = args.polnear
    texts = [text for _, text in bench_score.base_articles()][: args.articles]
    scorer = Scorer()
    names = ["document"] + [d.name for d in scorer.dimensions]
    best = {n: [float("inf")] * len(texts) for n in names}
    for _ in range(args.rounds):
        for i, text in enumerate(texts):
            # free the previous article's document and results before the clock starts: the
            # assignment below would otherwise charge that to the document step (0.2-0.5 ms)
            doc = None
            t = clock()
            doc = Document.from_text(text)
            best["document"][i] = min(best["document"][i], clock() - t)
            for dim in scorer.dimensions:
                t = clock()
                doc.results[dim.name] = dim.analyze(doc)
                best[dim.name][i] = min(best[dim.name][i], clock() - t)
    words = sum(len(t.split()) for t in texts)
    import framing

    print(f"framing {__version__} from {Path(framing.__file__).parent}; {len(texts)} articles, "
          f"{words / len(texts):.0f} words each "
          f"on average; best of {args.rounds} rounds{' (CPU time)' if args.cpu else ''}; "
          "load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    total = {n: 1000 * sum(v) / len(texts) for n, v in best.items()}
    for n in names:
        print(f"  {n:<12} {total[n]:8.2f} ms/article")
    rest = sum(v for n, v in total.items() if n != args.dimension)
    if args.dimension in total:
        print(f"{args.dimension}: {total[args.dimension]:.2f} ms/article, the rest of scoring "
              f"{rest:.2f} ms: adds {100 * total[args.dimension] / rest:.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
