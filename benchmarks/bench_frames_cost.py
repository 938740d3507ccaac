"""Benchmark: what the frames dimension adds to ``framing score`` end to end (read, clean, score,
slim JSON) on PolNeAR texts, CPU time of one process, best of 3 rounds in alternation with a run
without it. Prints numbers; asserts nothing.

    python benchmarks/bench_frames_cost.py [--polnear ../shared/eval/polnear] [--articles 200]
"""

import argparse
import glob
import time

from framing.dimensions import available
from framing.ingest.reading import iter_articles
from framing.output import dumps
from framing.record import slim_record
from framing.scoring import Scorer

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--polnear", default="../shared/eval/polnear")
parser.add_argument("--articles", type=int, default=200)
args = parser.parse_args()
files = sorted(glob.glob(f"{args.polnear}/**/*.txt", recursive=True))[:args.articles]
if not files:
    raise SystemExit(f"no .txt files under {args.polnear}")
dims_all = available()
scorers = {"without frames": Scorer([d for d in dims_all if d != "frames"]),
           "every dimension": Scorer(dims_all)}


def run(scorer):
    start = time.process_time()
    for article in iter_articles(files):  # read and clean, as framing score does
        dumps(slim_record(scorer.score(article)))
    return (time.process_time() - start) * 1000 / len(files)


for scorer in scorers.values():
    run(scorer)  # warm up: models and lexicons loaded, caches filled
times = {name: [] for name in scorers}
for _ in range(3):
    for name, scorer in scorers.items():
        times[name].append(run(scorer))
with_frames, without = min(times["every dimension"]), min(times["without frames"])
print({name: [round(t, 2) for t in ts] for name, ts in times.items()})
print(f"{len(files)} articles, CPU ms per article (best of 3): every dimension {with_frames:.2f}, "
      f"without frames {without:.2f}: frames adds {100 * (with_frames - without) / without:.1f}%")
