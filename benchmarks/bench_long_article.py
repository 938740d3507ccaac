"""Benchmark: seconds to score one long article with the attribution dimension (issue 22).

Builds one article of the requested sizes by repeating paragraphs of invented news (fictional
people and outlets, every paragraph with attributions, quotations, pronouns and "Name:" lines,
so that each attribution rule has work to do) and prints the seconds ``Scorer.score`` takes
for the attribution dimension alone and for all dimensions. Long articles used to take
quadratic time in the attribution rules (400 KB 25 s, 1 MB 168 s).

    python benchmarks/bench_long_article.py                 # 100 KB, 400 KB, 1 MB
    python benchmarks/bench_long_article.py --sizes 1000000 --all

Speed depends on the machine and on what else runs on it (the CPU seconds of this process
say less about the other processes): the numbers are printed, never checked.
"""

from __future__ import annotations

import argparse
import time

from framing.ingest import build_article
from framing.scoring import Scorer

PARAGRAPHS = (
    '"The new harbour will change how this town trades," Mayor Odile Fenwick told the '
    "Harlow Ledger on Tuesday, adding that the council had approved the budget.",
    "She said the work would start in spring. According to the port authority, the first "
    "berth opens next year, and officials say the cost has doubled since the plan began.",
    "Critics disagree. Tomas Brenner, a fisherman who has worked the bay for thirty years, "
    "said: \"Nobody asked us. They drew lines on a map and called it progress.\"",
    "The council, which met for three hours, said in a statement that it had heard every "
    "objection. Brenner later told reporters he would appeal.",
    "Fenwick: We listened to everyone, and we will keep listening as the berth is built.",
    "Experts at the Calder Institute warned that silt could close the channel within a decade; "
    "the institute's report claims dredging alone would cost more than the harbour itself.",
)


def long_article(size: int) -> str:
    """About ``size`` characters of paragraphs of invented news, with a headline."""
    parts = ["Harbour plan divides Harlow, residents say"]
    n = 0
    while sum(len(p) + 2 for p in parts) < size:
        parts.append(PARAGRAPHS[n % len(PARAGRAPHS)])
        n += 1
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 400_000, 1_000_000])
    parser.add_argument("--all", action="store_true", help="also time every dimension")
    args = parser.parse_args(argv)
    scorers = [("attribution", Scorer(["promotional", "attribution"]))]
    if args.all:
        scorers.append(("all dimensions", Scorer()))
    for size in args.sizes:
        text = long_article(size)
        for label, scorer in scorers:
            t, cpu = time.perf_counter(), time.process_time()
            article = build_article(text, "long", record={"id": "long"})
            record = scorer.score(article)
            seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
            print(f"{len(text):>9,} chars  {label:<15} {seconds:7.2f} s  "
                  f"({cpu:.2f} s of CPU)  {len(record.get('attributions', [])):>6} attributions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
