"""Benchmark: ``framing grade`` on large synthetic classes (issue 22: grading must be linear).

Builds the bundled lesson's key (``framing worksheet --compare sample-01 sample-06``), then for
each class size writes one answer CSV in which every student gives ``--rows`` answers: about
half copy a key item's words (some with a wrong category, some in the wrong sentence), the rest
are phrases of the sentence that are not in the key, drawn so that students overlap as a real
class does. It then runs ``framing grade KEY ANSWERS -o DIR`` in a fresh process per size and
prints the wall time, peak resident memory and the number of answer rows.

    python benchmarks/bench_grade.py                       # 100, 1,000 and 10,000 students
    python benchmarks/bench_grade.py --students 1000 --rows 10

The numbers are printed, never checked.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_score import CHILD  # noqa: E402


def build_key(folder: Path) -> dict:
    from framing.cli import main

    main(["worksheet", "--compare", "sample-01", "sample-06", "-o", str(folder)])
    return json.loads((folder / "key.json").read_text("utf-8"))


def write_class(key: dict, students: int, rows: int, path: Path, seed: int = 1) -> int:
    rng = random.Random(seed)
    items = key["items"]
    cats = {t: c for t, c in key["tasks"].items()}
    words = [w for i in items for w in i["phrase"].split()] + "the summit leaders said".split()
    low = min(a["sentences"][0] for a in key["articles"])
    high = max(a["sentences"][1] for a in key["articles"])
    n = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["student", "sentence", "category", "phrase"])
        for s in range(students):
            for _ in range(rows):
                item = rng.choice(items)
                roll = rng.random()
                if roll < 0.5:
                    cat = item["category"] if rng.random() < 0.8 else rng.choice(
                        cats[item["task"]])
                    sentence = item["sentence"] if rng.random() < 0.9 else rng.randint(low, high)
                    out.writerow([f"student{s:05d}", sentence, cat, item["phrase"]])
                else:
                    phrase = " ".join(rng.sample(words, rng.randint(1, 3)))
                    out.writerow([f"student{s:05d}", rng.randint(low, high),
                                  rng.choice(cats[item["task"]]), phrase])
                n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--students", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--rows", type=int, default=10, help="answers per student (default 10)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        key = build_key(tmp / "lesson")
        print(f"key: {len(key['items'])} items")
        print(f"{'students':>9} {'rows':>8} {'seconds':>8} {'peak MiB':>9}")
        for students in args.students:
            answers = tmp / f"class{students}.csv"
            n = write_class(key, students, args.rows, answers)
            proc = subprocess.run(
                [sys.executable, "-c", CHILD, "grade", str(tmp / "lesson" / "key.json"),
                 str(answers), "-o", str(tmp / f"grades{students}")],
                capture_output=True, text=True)
            seconds, kib, rc = proc.stderr.strip().splitlines()[-1].split()
            print(f"{students:>9,} {n:>8,} {float(seconds):>8.2f} {int(kib) / 1024:>9.0f}"
                  + ("" if rc == "0" else f"  (exit {rc})"))


if __name__ == "__main__":
    main()
