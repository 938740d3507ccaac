"""Benchmark: start-up time of ``import framing`` and of short CLI commands (issue 19).

Runs each command several times in a fresh process, in turn (so a load spike on a shared
machine hits every command alike), and prints the median and the fastest wall time and the
median CPU time (user + sys of the process and the children it waited for). On a busy machine
wall time includes waiting for a core; CPU time is the steadier figure.

    python benchmarks/bench_startup.py                    # this checkout, 7 rounds
    python benchmarks/bench_startup.py --rounds 11
    python benchmarks/bench_startup.py --source /tmp/old  # a copy of another commit's tree
    python benchmarks/bench_startup.py --importtime       # also: slowest imports of a command

``--source DIR`` imports ``framing`` from DIR (for example a copy of an older commit made with
``git archive COMMIT | tar -x -C DIR``) with the same interpreter and libraries.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The shortest article of the bundled sample corpus (412 words): "one short file".
SHORT = ROOT / "framing" / "data" / "sample" / "articles" / "03_opinion_portal.txt"


#: Run ``python -m framing`` the way ``-m`` does (runpy), optionally from another source tree.
LAUNCH = ("import runpy, sys\nsys.argv = ['framing', *sys.argv[1:]]\n"
          "runpy.run_module('framing', run_name='__main__', alter_sys=True)\n")


def from_source(source: Path | None) -> str:
    """Code that makes ``import framing`` read ``source``: an editable install's finder comes
    before PYTHONPATH on sys.meta_path, so it is taken out and the folder put first."""
    if source is None:
        return ""
    return ("import sys\nsys.meta_path[:] = [f for f in sys.meta_path if not "
            "getattr(f, '__module__', '').startswith('__editable__')]\n"
            f"sys.path.insert(0, {str(source.resolve())!r})\n")


def commands(out: Path, source: Path | None = None) -> list[tuple[str, list[str]]]:
    py = sys.executable
    fix = from_source(source)
    fr = [py, "-c", fix + LAUNCH]
    return [
        ("python -c pass (the interpreter alone)", [py, "-c", "pass"]),
        ("python -c 'import framing'", [py, "-c", fix + "import framing"]),
        ("framing --version", [*fr, "--version"]),
        ("framing --help", [*fr, "--help"]),
        ("framing score SHORT (every dimension)", [*fr, "score", str(SHORT), "-o", str(out)]),
        ("framing score SHORT --dimension promotional,hedging",
         [*fr, "score", str(SHORT), "--dimension", "promotional,hedging", "-o", str(out)]),
        ("python -c 'import nltk' (for scale)", [py, "-c", "import nltk"]),
    ]


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run; the CPU time counts the children it reaped."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {done.stderr.decode(errors='replace')[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def slowest_imports(cmd: list[str], env: dict[str, str], top: int = 12) -> list[str]:
    """The top-level imports with the largest cumulative time under ``-X importtime``."""
    done = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], env=env, cwd=ROOT,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self, cumulative, name = line.split("|")
        if name.startswith(" ") and not name.startswith("  "):  # top level: one space
            rows.append((int(cumulative), name.strip()))
    rows.sort(reverse=True)
    return [f"{us / 1000:8.1f} ms  {name}" for us, name in rows[:top]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--rounds", type=int, default=7, help="runs of each command (default 7)")
    ap.add_argument("--source", type=Path, help="import framing from this folder instead")
    ap.add_argument("--importtime", action="store_true",
                    help="also list the slowest top-level imports of each framing command")
    args = ap.parse_args(argv)
    env = dict(os.environ)
    where = subprocess.run(
        [sys.executable, "-c", from_source(args.source) + "import framing\n"
         "print(framing.__file__)"], env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    print(f"framing from {where}; {args.rounds} rounds; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the start")
    with tempfile.TemporaryDirectory() as tmp:
        cmds = commands(Path(tmp) / "out.jsonl", args.source)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in cmds}
        for _name, cmd in cmds:  # one unmeasured run each: warm the file cache
            run_once(cmd, env)
        for _ in range(args.rounds):
            for name, cmd in cmds:
                times[name].append(run_once(cmd, env))
        print(f"load average {os.getloadavg()[0]:.1f} at the end\n")
        print("| command | median wall s | fastest wall s | median CPU s (user+sys) |")
        print("|---|---|---|---|")
        for name, _ in cmds:
            walls = [w for w, _c in times[name]]
            cpus = [c for _w, c in times[name]]
            print(f"| {name} | {statistics.median(walls):.2f} | {min(walls):.2f} | "
                  f"{statistics.median(cpus):.2f} |")
        if args.importtime:
            for name, cmd in cmds[2:-1]:
                print(f"\nslowest top-level imports, {name}:")
                print("\n".join(slowest_imports(cmd, env)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
