"""Benchmark: how ``framing score`` scales with processes and corpus size, and its peak memory.

Builds JSONL corpora of N articles by repeating the bundled sample corpus and, when present,
the PolNeAR texts, with unique ids (bench_score.build_corpus), then runs the whole
``framing score CORPUS -o scores.jsonl`` in a fresh process for each size and each engine
setting: ``--jobs 1``, ``--jobs 2``, ``--jobs N`` (all cores) and, with
``--dask``, ``--engine dask --jobs N`` on a local cluster. Prints articles and words per
second, peak resident memory of the main process and of the largest worker process, and, on
the same texts in the same run, VADER's words per second sentence by sentence (one process), so
that each row shows framing's words per second per process against VADER's.

    python benchmarks/bench_scale.py                      # 100, 1,000, 10,000 articles
    python benchmarks/bench_scale.py --sizes 1000 --engines serial dask --write results.md
    python benchmarks/bench_scale.py --split 1000         # a folder of 1,000-article files
    python benchmarks/bench_scale.py --sizes 1000 --source /tmp/old  # another commit's tree

JSONL input is read a line at a time and the Dask engine cuts one large file into parts, so
one file and ``--split`` folders should give the same memory; ``--split`` checks that.

Speed depends on the machine and on what else runs on it: the numbers are printed (and
written with --write), never checked.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_score  # noqa: E402
from bench_score import PEAK, build_corpus, run_vader  # noqa: E402
from bench_startup import from_source  # noqa: E402

from framing.engines.local import default_jobs  # noqa: E402

CHILD = PEAK + """
import resource, sys, time
from framing.cli import main
t = time.perf_counter()
rc = main(sys.argv[1:])
elapsed = time.perf_counter() - t
main_kib = peak_kib()
worker_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{elapsed} {main_kib} {worker_kib} {rc}", file=sys.stderr)
"""


def run(corpus: Path, out: Path, extra: list[str], source: Path | None = None
        ) -> tuple[float, float, float]:
    """Seconds, main process peak MiB, largest worker peak MiB (0 when none ran)."""
    proc = subprocess.run(
        [sys.executable, "-c", from_source(source) + CHILD, "score", str(corpus), "-o", str(out),
         *extra],
        capture_output=True, text=True, check=False,
    )
    lines = proc.stderr.strip().splitlines()
    fields = lines[-1].split() if lines else []
    if len(fields) != 4 or fields[3] != "0":
        raise SystemExit(f"framing score {' '.join(extra)} failed:\n{proc.stderr}")
    elapsed, main_kib, worker_kib, _ = fields
    return float(elapsed), int(main_kib) / 1024, int(worker_kib) / 1024


def split_corpus(path: Path, k: int) -> Path:
    """The JSONL corpus at ``path`` as a folder of files of ``k`` lines each (in order)."""
    folder = path.with_suffix("")
    folder.mkdir()
    with path.open(encoding="utf-8") as fh:
        lines = fh.readlines()
    for i in range(0, len(lines), k):
        (folder / f"part-{i // k:05d}.jsonl").write_text("".join(lines[i:i + k]),
                                                        encoding="utf-8")
    path.unlink()
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--jobs", type=int, default=default_jobs(),
                        help="processes for the parallel runs (default: every core)")
    parser.add_argument("--engines", nargs="+", choices=("serial", "parallel", "dask"),
                        default=["serial", "parallel"],
                        help="jobs 1, jobs N, and the Dask engine on a local cluster")
    parser.add_argument("--split", type=int, metavar="K", default=0,
                        help="write the corpus as a folder of files of K articles each")
    parser.add_argument("--dimension", metavar="D",
                        help="score only these dimensions (comma-separated), as framing score")
    parser.add_argument("--no-polnear", action="store_true",
                        help="build the corpora from the sample corpus only")
    parser.add_argument("--polnear", type=Path, default=bench_score.POLNEAR,
                        help="PolNeAR folder whose texts are mixed in (default: ../shared)")
    parser.add_argument("--source", type=Path, metavar="DIR",
                        help="run framing from this source tree (for example another commit's, "
                        "unpacked with git archive), with the same interpreter")
    parser.add_argument("--no-vader", action="store_true", help="skip the VADER comparison")
    parser.add_argument("--write", metavar="MD", help="also write the table to this file")
    args = parser.parse_args(argv)
    bench_score.POLNEAR = args.polnear
    settings = []  # (name, processes scoring, flags)
    if "serial" in args.engines:
        settings.append(("jobs 1", 1, ["--jobs", "1"]))
    if "parallel" in args.engines:
        settings += [(f"jobs {j}", j, ["--jobs", str(j)])
                     for j in sorted({2, args.jobs}) if j > 1 and j <= args.jobs]
    if "dask" in args.engines:
        settings.append((f"dask {args.jobs}", args.jobs,
                         ["--engine", "dask", "--jobs", str(args.jobs)]))
    dims = f", dimensions {args.dimension}" if args.dimension else ", every dimension"
    split = f", input in files of {args.split} articles" if args.split else ", input in one file"
    machine = (f"machine: {os.cpu_count()} cores ({default_jobs()} usable), "
               f"Python {sys.version.split()[0]}{split}{dims}")
    header = ("| articles | words | engine | seconds | articles/s | words/s | speed-up "
              "| main MiB | worker MiB | VADER words/s | per process / VADER "
              "| JSONL KiB per 1,000 words |")
    lines = [machine, "", header, "|" + "---|" * 12]
    print(machine)
    print(header)
    print(lines[3])
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            corpus = Path(tmp) / f"corpus_{n}.jsonl"
            texts, words = build_corpus(n, corpus, polnear=not args.no_polnear)
            vader = None if args.no_vader else words / run_vader(texts)
            del texts
            if args.split:
                corpus = split_corpus(corpus, args.split)
            serial = None
            for name, processes, extra in settings:
                if args.dimension:
                    extra = [*extra, "--dimension", args.dimension]
                scores = Path(tmp) / "scores.jsonl"
                elapsed, main_mib, worker_mib = run(corpus, scores, extra, args.source)
                kib = scores.stat().st_size / 1024 / (words / 1000)
                serial = serial or elapsed
                speedup = f"{serial / elapsed:.2f}" if "serial" in args.engines else "-"
                ratio = "-" if vader is None else f"{words / elapsed / processes / vader:.3f}"
                row = (f"| {n} | {words} | {name} | {elapsed:.2f} | {n / elapsed:.1f} "
                       f"| {words / elapsed:.0f} | {speedup} | {main_mib:.1f} "
                       f"| {worker_mib:.1f} | {'-' if vader is None else f'{vader:.0f}'} "
                       f"| {ratio} | {kib:.1f} |")
                print(row, flush=True)
                lines.append(row)
    lines += ["", "main MiB: peak resident memory of the framing process (VmHWM); worker MiB: "
              "the largest peak (ru_maxrss) of the processes it started and waited for (pool "
              "workers; Dask nannies and their workers), which counts what the framing process "
              "held when they started. speed-up: seconds of jobs 1 over seconds of this run. VADER "
              "words/s: vaderSentiment's polarity_scores sentence by sentence over the same "
              "texts in one process; per process / VADER: framing's words per second divided "
              "by the number of scoring processes, over VADER's (the issue's target is 2). "
              "JSONL KiB per 1,000 words: size of the output over the corpus's words "
              "(whitespace-separated) / 1,000."]
    if args.write:
        Path(args.write).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
