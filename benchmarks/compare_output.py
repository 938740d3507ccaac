"""Check that a change leaves ``framing score``'s output unchanged: this tree against another.

Scores the same inputs with every dimension, once with this tree's code and once with another
source tree's (for example main's code before a speed-up, unpacked with
``git archive COMMIT | tar -x -C /tmp/before``), and compares the JSONL line by line, byte
for byte, after replacing each tree's own folder in the ``source`` paths by one placeholder
(the bundled sample corpus lives inside the tree). Inputs: the sample corpus, the seed
articles with their manifest, the first N PolNeAR texts (../shared/eval/polnear), the first
N SemEval-2023 articles and the BASIL articles (one JSONL record each, paragraphs joined by
blank lines), each when present.

    python benchmarks/compare_output.py --before /tmp/before
    python benchmarks/compare_output.py --before /tmp/before --polnear-texts 50 --jobs 2
    python benchmarks/compare_output.py --before /tmp/before --shared /work/shared
    python benchmarks/compare_output.py --before /tmp/before --semeval-texts 0 --basil-texts 0
    python benchmarks/compare_output.py --before /tmp/before --dimension promotional,hedging

Prints one line per input (lines compared, lines that differ, the first difference) and
exits 1 when any line differs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

#: Run ``python -m framing`` from a given source tree: an editable install's finder comes
#: before PYTHONPATH on sys.meta_path, so it is taken out and the folder put first.
LAUNCH = """
import runpy, sys
source = sys.argv.pop(1)
sys.meta_path[:] = [f for f in sys.meta_path
                    if not getattr(f, '__module__', '').startswith('__editable__')]
sys.path.insert(0, source)
sys.argv = ['framing', *sys.argv[1:]]
runpy.run_module('framing', run_name='__main__', alter_sys=True)
"""


def inputs(tmp: Path, polnear_texts: int, shared: Path = SHARED, semeval_texts: int = 0,
           basil_texts: int = 0) -> dict[str, list[str]]:
    """Name -> the ``framing score`` arguments of each input that exists here."""
    out: dict[str, list[str]] = {"sample": []}
    seeds = shared / "seeds"
    if (seeds / "manifest.csv").is_file():
        out["seeds"] = [str(seeds), "--manifest", str(seeds / "manifest.csv")]
    polnear = sorted((shared / "eval" / "polnear").glob("*/text/*.txt"))[:polnear_texts]
    semeval = sorted((shared / "eval" / "semeval2023" / "train-articles-subtask-3")
                     .glob("article*.txt"))[:semeval_texts]
    for name, texts in (("polnear", polnear), ("semeval", semeval)):
        if texts:  # a folder of links to the texts, scored as a folder
            folder = tmp / name
            folder.mkdir()
            for p in texts:
                (folder / p.name).symlink_to(p)
            out[name] = [str(folder)]
    basil = sorted((shared / "eval" / "basil" / "articles").rglob("*.json"))[:basil_texts]
    if basil:
        import json

        path = tmp / "basil.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for p in basil:
                paragraphs = json.loads(p.read_text(encoding="utf-8"))["body-paragraphs"]
                text = "\n\n".join(" ".join(map(str, para)) for para in paragraphs)
                fh.write(json.dumps({"id": p.stem, "text": text}) + "\n")
        out["basil"] = [str(path)]
    return out


def score(source: Path, args: list[str], out: Path, jobs: int,
          dimension: str | None = None) -> list[str]:
    chosen = ["--dimension", dimension] if dimension else []
    proc = subprocess.run(
        [sys.executable, "-c", LAUNCH, str(source), "score", *args, "-o", str(out),
         "--format", "jsonl", "--jobs", str(jobs), *chosen],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"framing score from {source} failed:\n{proc.stderr}")
    text = out.read_text(encoding="utf-8")
    return text.replace(str(source.resolve()), "<TREE>").splitlines()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other source tree")
    parser.add_argument("--after", type=Path, default=ROOT, help="default: this tree")
    parser.add_argument("--polnear-texts", type=int, default=200)
    parser.add_argument("--semeval-texts", type=int, default=446,
                        help="SemEval-2023 articles (default: all 446)")
    parser.add_argument("--basil-texts", type=int, default=108,
                        help="BASIL articles (default: all 108)")
    parser.add_argument("--dimension", metavar="D",
                        help="score only these dimensions (comma-separated; default: all)")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--shared", type=Path, default=SHARED,
                        help="folder with seeds/ and eval/ (default: ../shared)")
    args = parser.parse_args(argv)
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        found = inputs(Path(tmp), args.polnear_texts, args.shared, args.semeval_texts,
                       args.basil_texts)
        for name, score_args in found.items():
            old = score(args.before, score_args, Path(tmp) / f"{name}.before.jsonl", args.jobs,
                        args.dimension)
            new = score(args.after, score_args, Path(tmp) / f"{name}.after.jsonl", args.jobs,
                        args.dimension)
            bad = [k for k, (a, b) in enumerate(zip(old, new)) if a != b]
            if len(old) != len(new):
                bad.append(min(len(old), len(new)))
            differ += len(bad)
            print(f"{name}: {len(old)} lines before, {len(new)} after, {len(bad)} differ")
            if bad:
                k = bad[0]
                a = old[k] if k < len(old) else ""
                b = new[k] if k < len(new) else ""
                at = next((c for c, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                print(f"  line {k + 1}, character {at}:\n  before …{a[max(0, at - 80):at + 80]}"
                      f"\n  after  …{b[max(0, at - 80):at + 80]}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
