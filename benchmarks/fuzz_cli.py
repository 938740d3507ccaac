"""Fuzz the framing command: run its commands on generated hostile inputs for as long as asked
and count what must never happen (a traceback, a hang, an exit code other than 0/1/2, a CSV
cell that a spreadsheet would run as a formula, a JSON file that is not strict JSON).

    python benchmarks/fuzz_cli.py --seconds 600 --seed 1 --keep /tmp/fuzz-failures

Each case is a fresh folder with a generated corpus (JSONL, CSV, text files; hostile strings,
lone surrogates, NaN/Infinity, big numbers, deep nesting, stray bytes, empty files), run as a
subprocess with a timeout, as a user would run it. Cases that fail are copied to --keep with
the command line, so each one can be replayed. The tests (tests/test_output_properties.py) run
a bounded, seeded sample of the same kind of inputs in-process on every CI run.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HOSTILE = [
    '=HYPERLINK("http://evil.example/","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
    "\t=1+1", "\r=1+1", "<script>alert(1)</script>", "<img src=x onerror=alert(2)>",
    "x` <img src=y onerror=alert(3)> ``", "[a](javascript:alert(4))", "&lt;b&gt;", "\\",
    "\x00", "\u2028", "\ufeff", "\u00ad", "\u200b", "ｆｕｌｌ", "\ud800", "\udfff", "😀",
    "Мир", "和平", "", " ", "\n\n", "NaN", "-1.5", "1e400", "../../etc/passwd",
]
SENTENCES = [
    "Officials said the summit was undoubtedly historic.",
    "Critics may warn that the debt is a burden.",
    "The railway reportedly could open soon, analysts claimed.",
    "Trade reached about 95 billion dollars, according to the ministry.",
    "A golden era of win-win cooperation has begun!",
]


def hostile_text(rng: random.Random, words: int = 12) -> str:
    parts = []
    for _ in range(rng.randint(0, words)):
        roll = rng.random()
        if roll < 0.4:
            parts.append(rng.choice(SENTENCES))
        elif roll < 0.75:
            parts.append(rng.choice(HOSTILE))
        else:
            parts.append("".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 8))))
    return " ".join(parts)


def field(rng: random.Random):
    roll = rng.random()
    if roll < 0.5:
        return hostile_text(rng, 3)
    return rng.choice([None, 0, -1, 10**30, float("nan"), float("inf"), -float("inf"), True,
                       [hostile_text(rng, 1)], {"k": hostile_text(rng, 1)}, ""])


def write_corpus(folder: Path, rng: random.Random) -> Path:
    """A folder of inputs of several kinds; returns it."""
    corpus = folder / "in"
    corpus.mkdir()
    lines = []
    for _ in range(rng.randint(1, 6)):
        record = {"text": hostile_text(rng, 20) if rng.random() < 0.85 else field(rng)}
        for key in ("id", "title", "outlet", "author", "published", "url", "extra"):
            if rng.random() < 0.6:
                record[key] = field(rng)
        line = json.dumps(record, allow_nan=True, ensure_ascii=rng.random() < 0.5)
        roll = rng.random()
        if roll < 0.05:
            line = "[" * 5000 + "]" * 5000  # deep nesting
        elif roll < 0.1:
            line = '{"text": "x", "n": ' + "9" * 5000 + "}"  # a very big integer
        elif roll < 0.15:
            line = hostile_text(rng, 3).replace("\n", " ")  # not JSON
        lines.append(line)
    (corpus / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8",
                                    errors="surrogatepass")
    with open(corpus / "b.csv", "w", encoding="utf-8", errors="surrogatepass",
              newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "outlet", "title", "text"])
        for _ in range(rng.randint(0, 4)):
            writer.writerow([hostile_text(rng, 1), hostile_text(rng, 1), hostile_text(rng, 2),
                             hostile_text(rng, 20)])
    for k in range(rng.randint(0, 3)):
        data = hostile_text(rng, 30).encode("utf-8", "surrogatepass")
        if rng.random() < 0.2:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
        (corpus / f"t{k}.txt").write_bytes(data)
    return corpus


def commands(case: Path, corpus: Path, rng: random.Random) -> list[list[str]]:
    """The command lines to run on one corpus."""
    out = case / "out"
    jobs = rng.choice(["1", "2", "1000"])
    runs = [
        ["ingest", str(corpus), "--explain", "-o", str(out / "i.jsonl")],
        ["ingest", str(corpus), "-o", str(out / "i.csv")],
        ["ingest", str(corpus)],
        *(["score", str(corpus), "--jobs", jobs, "--format", fmt, "-o", str(out / f"s.{fmt}")]
          for fmt in ("jsonl", "csv", "table", "parquet")),
        ["score", str(corpus), "--jobs", jobs, "-o", str(case)],  # a folder: refused
        ["report", str(corpus), "--jobs", "1", "--no-parquet", "-o", str(out / "report")],
        ["topics", "gaps", str(corpus), "--all", "--format", "csv", "-o", str(out / "g.csv")],
        ["worksheet", str(corpus / "a.jsonl"), "--id", "x", "-o", str(out / "ws")],
    ]
    lexicon = case / "lex.tsv"
    lexicon.write_text("# framing lexicon\n# name: fuzz\n# version: 1\n# dimension: promotional\n"
                       f"# category: c = {hostile_text(rng, 1)}\n"
                       "pattern\tcategory\tweight\tnote\tsource\n"
                       f"{hostile_text(rng, 1)}\tc\t1\tx\ty\n", encoding="utf-8",
                       errors="surrogatepass")
    runs.append(["lexicons", "validate", str(lexicon)])
    key = case / "key.json"
    key.write_text(json.dumps({"format": "framing-worksheet-key", "version": 1,
                               "items": [{"sentence": field(rng), "task": field(rng)}]},
                              allow_nan=True), encoding="utf-8", errors="surrogatepass")
    answers = case / "answers.csv"
    with open(answers, "w", encoding="utf-8", errors="surrogatepass", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student", "sentence", "category", "phrase"])
        for _ in range(rng.randint(0, 4)):
            writer.writerow([hostile_text(rng, 1), rng.choice(["1", "inf", "1e400", "-3", "x"]),
                             hostile_text(rng, 1), hostile_text(rng, 2)])
    runs.append(["grade", str(key), str(answers), "-o", str(out / "grades")])
    return runs


def problems(case: Path) -> list[str]:
    """What is wrong with the files a run wrote: formula cells, non-strict JSON."""
    found = []
    for path in (case / "out").rglob("*"):
        if path.suffix == ".csv":
            with open(path, encoding="utf-8", newline="") as fh:
                for row in csv.reader(fh):
                    for cell in row:
                        first = cell.lstrip(" \n")[:1]
                        if first in "=+-@\t\r" and first:
                            try:
                                float(cell)
                            except ValueError:
                                found.append(f"{path.name}: formula cell {cell[:40]!r}")
        elif path.suffix == ".json":  # one document (key.json, the report folder's mark)
            try:
                json.loads(path.read_text(encoding="utf-8"), parse_constant=lambda c: 1 / 0)
            except (ValueError, ZeroDivisionError):
                found.append(f"{path.name}: not strict JSON")
        elif path.suffix == ".jsonl":
            # JSON Lines end lines at \n only (a U+2028 inside a string is not a line break)
            for line in path.read_text(encoding="utf-8").split("\n")[:-1]:
                try:
                    json.loads(line, parse_constant=lambda c: 1 / 0)
                except (ValueError, ZeroDivisionError):
                    found.append(f"{path.name}: not strict JSON")
                    break
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long to run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=120, help="a run longer is a hang")
    parser.add_argument("--keep", metavar="DIR", help="copy failing cases here")
    parser.add_argument("--python", default=sys.executable, help="the interpreter to run")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    tally: Counter[str] = Counter()
    failures = []
    end = time.monotonic() + args.seconds
    n_case = 0
    while time.monotonic() < end:
        n_case += 1
        with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
            case = Path(tmp)
            corpus = write_corpus(case, rng)
            for argv_run in commands(case, corpus, rng):
                if time.monotonic() >= end:
                    break
                name = " ".join(argv_run[:2]) if argv_run[0] in ("topics", "lexicons") \
                    else argv_run[0]
                try:
                    done = subprocess.run([args.python, "-m", "framing", *argv_run],
                                          capture_output=True, text=True, errors="replace",
                                          timeout=args.timeout)
                except subprocess.TimeoutExpired:
                    what = "hang"
                else:
                    what = ("traceback" if "Traceback" in done.stderr else
                            f"exit {done.returncode}" if done.returncode not in (0, 1, 2)
                            else None)
                    bad = problems(case) if what is None else []
                    if bad:
                        what = "bad output: " + bad[0]
                tally[(name, what or f"exit {done.returncode}")] += 1
                if what is not None:
                    failures.append((name, what))
                    if args.keep:
                        keep = Path(args.keep) / f"case-{args.seed}-{n_case}-{len(failures)}"
                        shutil.copytree(case, keep, dirs_exist_ok=True)
                        (keep / "command.txt").write_text(
                            "framing " + " ".join(argv_run) + "\n"
                            + (done.stderr[-4000:] if what != "hang" else "hang\n"),
                            encoding="utf-8")
                shutil.rmtree(case / "out", ignore_errors=True)
    runs = sum(tally.values())
    print(f"{n_case} corpora, {runs} runs in {args.seconds:.0f} s (seed {args.seed})")
    for (name, what), n in sorted(tally.items()):
        print(f"  {name:<18} {what:<40} {n}")
    bad = Counter(what.split(":")[0] for _, what in failures)
    print(f"tracebacks: {bad['traceback']}  hangs: {bad['hang']}  "
          f"bad output: {bad['bad output']}  other exits: "
          f"{sum(n for w, n in bad.items() if w.startswith('exit'))}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
