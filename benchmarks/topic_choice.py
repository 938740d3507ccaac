"""Which topic profile the automatic choice gives real articles, and how often none.

Reads ../shared/eval (PolNeAR texts, BASIL and SemEval articles); prints per set the share of
articles that get each profile. Usage::

    python benchmarks/topic_choice.py [--split train|dev|all]

(FRAMING_SHARED names the shared folder when it is not ../shared.)

The climate set is chosen by file name (the headline slug names climate, carbon, coal or
power-plant rules), not by the profile's cues.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

from framing.dimensions.criticism.profiles import choose_profile, load_profile, shipped_profiles
from framing.textunits import Document

EVAL = Path(os.environ.get("FRAMING_SHARED")
            or Path(__file__).resolve().parents[1].parent / "shared") / "eval"
CLIMATE_SLUG = re.compile(r"climate|carbon|coal|power-plant", re.I)
FOREIGN = {"china-central-asia", "summits-diplomacy", "foreign-investment-megaprojects"}


def polnear(split: str):
    splits = ["train", "dev"] if split == "all" else [split]
    for s in splits:
        for path in sorted((EVAL / "polnear" / s / "text").glob("*.txt")):
            yield path.stem, path.read_text(encoding="utf-8")


def basil():
    for path in sorted((EVAL / "basil" / "articles").glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        body = data.get("body-paragraphs") or data.get("body") or []
        text = "\n\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in body)
        yield f"basil/{path.stem}:{data.get('title', '')}", text


def semeval():
    for path in sorted((EVAL / "semeval2023" / "train-articles-subtask-3").glob("*.txt")):
        yield f"semeval/{path.stem}", path.read_text(encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="all", choices=["train", "dev", "all"])
    ap.add_argument("--show", metavar="PROFILE", help="list the articles given this profile")
    args = ap.parse_args()
    if not EVAL.exists():
        print(f"{EVAL} is not here", file=sys.stderr)
        return 2
    profiles = [load_profile(n) for n in shipped_profiles()]
    sets = {"polnear-" + args.split: list(polnear(args.split)),
            "basil": list(basil()), "semeval": list(semeval())}
    climate = [(n, t) for n, t in sets["polnear-" + args.split] if CLIMATE_SLUG.search(n)]
    climate += [(n, t) for n, t in sets["basil"] if re.search(r"climate", n, re.I)]
    sets["climate (by headline)"] = climate
    for name, items in sets.items():
        counts: Counter[str] = Counter()
        for ident, text in items:
            prof = choose_profile(Document.from_text(text), profiles)
            pid = prof.id if prof else "(none)"
            counts[pid] += 1
            if args.show and pid == args.show:
                print(f"  {args.show}: {ident}")
        n = len(items)
        foreign = sum(v for k, v in counts.items() if k in FOREIGN)
        print(f"{name}: {n} articles; China/summit/megaproject {foreign} ({foreign / n:.1%})")
        for pid, v in counts.most_common():
            print(f"    {pid:<36} {v:>4}  {v / n:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
