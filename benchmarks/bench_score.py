"""Benchmark: words per second of ``framing score`` against VADER on the same text.

Builds JSONL corpora of N articles by repeating the bundled sample corpus (and, when present,
the PolNeAR texts in ../shared/eval/polnear), runs the full
``framing score`` (ingestion, cleaning, every dimension, JSONL written to disk) in a fresh
process per size, and runs VADER sentence by sentence over the same texts in this process.
Prints words per second for both, their ratio, and framing's peak memory per size; then the
same by CPU seconds (framing's scoring process from the call of its CLI, without start-up;
VADER's own), which a busy shared machine disturbs less than wall time (with ``--jobs`` above
1 the workers' CPU is not counted, so read those columns with ``--jobs 1``).

    python benchmarks/bench_score.py                 # 100, 1,000 and 10,000 articles
    python benchmarks/bench_score.py --sizes 100 1000
    python benchmarks/bench_score.py --sizes 1000 --no-vader --without frames  # what it adds
    python benchmarks/bench_score.py --sizes 500 --jobs 1 --dimension promotional,hedging
    python benchmarks/bench_score.py --sizes 500 --jobs 1 --source /tmp/before  # older code

Needs the bench extra: pip install ".[bench]" (vaderSentiment).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Child-process code defining peak_kib(): the peak resident memory of this process image.
#: On Linux ru_maxrss of a child started with fork+exec also counts the parent's memory at the
#: fork (the benchmark holds the corpus texts for VADER), so /proc's VmHWM is read instead.
PEAK = """
import resource
def peak_kib():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

CHILD = PEAK + """
import sys, time
from framing.cli import main
t = time.perf_counter()
c = time.process_time()
rc = main(sys.argv[1:])
elapsed = time.perf_counter() - t
print(f"cpu {time.process_time() - c}", file=sys.stderr)
print(f"{elapsed} {peak_kib()} {rc}", file=sys.stderr)
"""
#: (The last line is what bench_grade.py reads; the CPU seconds of this process, workers not
#: included, come on the line before it.)


#: Put before CHILD to import framing from another folder (an editable install's finder
#: comes before sys.path, so it is taken out): {source} is the folder.
FROM_SOURCE = """
import sys
sys.meta_path[:] = [f for f in sys.meta_path
                    if not getattr(f, "__module__", "").startswith("__editable__")]
sys.path.insert(0, {source!r})
"""


#: News texts mixed into the synthetic corpora when present (development data, not shipped):
#: ../shared, or the folder FRAMING_SHARED names (a checkout elsewhere, such as a worktree).
POLNEAR = (Path(os.environ.get("FRAMING_SHARED")
                or Path(__file__).resolve().parents[1].parent / "shared") / "eval" / "polnear")


def base_articles(polnear: bool = True) -> list[tuple[str, str]]:
    """(outlet, text) of the bundled sample corpus and, when present, the PolNeAR texts."""
    import framing as fr

    bases = [(a.outlet or "", a.text) for a in fr.load_sample()]
    if polnear and POLNEAR.is_dir():
        for p in sorted(POLNEAR.glob("*/text/*.txt")):
            bases.append((p.name.split("_", 1)[0],
                          p.read_text(encoding="utf-8", errors="replace")))
    return bases


def build_corpus(n: int, path: Path, polnear: bool = True) -> tuple[list[str], int]:
    """Write n articles cycling through :func:`base_articles`, each with its own id."""
    bases = base_articles(polnear)
    texts = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            outlet, text = bases[i % len(bases)]
            texts.append(text)
            fh.write(json.dumps({"id": f"a{i}", "outlet": outlet, "text": text}) + "\n")
    words = sum(len(t.split()) for t in texts)
    return texts, words


def run_framing(corpus: Path, out: Path, dimensions: list[str] | None = None,
                *, jobs: int | None = None, source: Path | None = None,
                ) -> tuple[float, float, float]:
    """(wall seconds, peak MiB, CPU seconds of the scoring process) of one framing score."""
    chosen = ["--dimension", ",".join(dimensions)] if dimensions else []
    chosen += ["--jobs", str(jobs)] if jobs else []
    proc = subprocess.run(
        [sys.executable, "-c",
         (FROM_SOURCE.format(source=str(source.resolve())) if source else "") + CHILD,
         "score", str(corpus), "-o", str(out), *chosen],
        capture_output=True, text=True, check=False,
    )
    *_, cpu_line, last = proc.stderr.strip().splitlines()
    elapsed, peak_kib, rc = last.split()
    if rc != "0":
        raise SystemExit(f"framing score failed:\n{proc.stderr}")
    return float(elapsed), int(peak_kib) / 1024, float(cpu_line.split()[1])


def run_vader(texts: list[str], clock=time.perf_counter) -> float:
    """Seconds (of ``clock``) VADER takes over the texts' sentences."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from framing.textunits import split_sentences

    sentences = [t[s.start:s.end] for t in texts for s in split_sentences(t)]
    analyzer = SentimentIntensityAnalyzer()
    start = clock()
    for sentence in sentences:
        analyzer.polarity_scores(sentence)
    return clock() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--no-vader", action="store_true", help="skip the VADER comparison")
    parser.add_argument("--without", nargs="+", metavar="D", default=[],
                        help="also time framing score without these dimensions (for example "
                        "frames) and print what they add")
    parser.add_argument("--dimension", metavar="D",
                        help="score only these dimensions (comma-separated), as framing score")
    parser.add_argument("--jobs", type=int, help="framing score --jobs (default: its own)")
    parser.add_argument("--source", type=Path,
                        help="run framing from this source tree (for example another commit "
                        "unpacked with git archive) instead of the installed one")
    parser.add_argument("--polnear", type=Path, default=POLNEAR,
                        help="PolNeAR folder whose texts are mixed in (default: ../shared)")
    args = parser.parse_args(argv)
    globals()["POLNEAR"] = args.polnear
    chosen = args.dimension.split(",") if args.dimension else None
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average "
          f"{os.getloadavg()[0]:.1f}; dimensions: {args.dimension or 'every one'}; jobs: "
          f"{args.jobs or 'default'}; framing from {args.source or 'the installed tree'}")
    header = (f"{'articles':>9} {'words':>10} {'framing w/s':>12} {'vader w/s':>10} "
              f"{'ratio':>6} {'peak MiB':>9} {'framing CPU w/s':>16} {'vader CPU w/s':>14} "
              f"{'CPU ratio':>9}")
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            corpus = Path(tmp) / f"corpus_{n}.jsonl"
            texts, words = build_corpus(n, corpus)
            elapsed, peak, cpu = run_framing(corpus, Path(tmp) / f"scores_{n}.jsonl", chosen,
                                             jobs=args.jobs, source=args.source)
            fw, fc = words / elapsed, words / cpu
            if args.no_vader:
                vw = vc = float("nan")
            else:
                vw = words / run_vader(texts)
                vc = words / run_vader(texts, time.process_time)
            print(f"{n:>9} {words:>10} {fw:>12.0f} {vw:>10.0f} {fw / vw:>6.2f} {peak:>9.1f} "
                  f"{fc:>16.0f} {vc:>14.0f} {fc / vc:>9.2f}")
            if args.without:
                from framing import registry

                rest = [d for d in registry.available() if d not in args.without]
                bare, bare_peak, _ = run_framing(corpus, Path(tmp) / f"bare_{n}.jsonl", rest,
                                              jobs=args.jobs, source=args.source)
                print(f"{'':>9} without {', '.join(args.without)}: {words / bare:.0f} w/s, "
                      f"{elapsed:.1f}s vs {bare:.1f}s: +{100 * (elapsed / bare - 1):.1f}% "
                      f"time, peak {bare_peak:.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
