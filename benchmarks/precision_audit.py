"""Precision by reading: draw random findings from real news, then count the judged-wrong ones.

framing's numbers are counts of findings, so the question a reader asks is "is this finding
right?". This script draws findings at random (fixed seed) from real news that is neither the
sample corpus nor what the lexicons and rules are tuned on, writes them as a TSV with empty
``judgement`` and ``reason`` columns for a person to fill in by reading each sentence, and then
scores a judged file.

Which articles are for what (see docs/quality.md):

* **audit** (measure only, never tune on): SemEval-2023 Task 3 English training articles whose
  numeric id is odd, and the BASIL articles of 2012.
* **tune** (read errors here, write rules and regression rows from them): SemEval articles with
  an even id, BASIL 2010 and 2011, PolNeAR train and dev, BABE sentences, CoNLL-2010.

Judgements: ``right``; ``wrong``; ``debatable`` (a careful reader could go either way). Strict
precision counts only ``right``; lenient counts ``right`` and ``debatable``.

What one finding is:

* promotional, hedging: one evidence row of that dimension;
* attribution: one attribution (source + cue + content); it is right when the source really
  is the one who says or thinks the content, the cue really is the verb or mark of saying, and
  the content is what is attributed.

Usage::

    python benchmarks/precision_audit.py draw promotional --eval ../shared/eval \\
        -n 120 --seed 2026 -o docs/audit/promotional.tsv
    python benchmarks/precision_audit.py score docs/audit/promotional.tsv

``draw --split tune`` draws from the tuning articles instead, for error analysis.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from framing.ingest.reading import build_article
from framing.scoring import Scorer

DIMENSIONS = ("promotional", "hedging", "attribution")
JUDGEMENTS = ("right", "wrong", "debatable")
#: The parts of an attribution finding's category: its source type, cue class, what found it,
#: the rule's form (subject, inverted, according to, possessive, ...) and whether its source is
#: named, described, vague or missing. Older samples have only the first three.
FACETS = ("source type", "cue class", "found by", "form", "naming")
COLUMNS = ("finding", "dimension", "category", "text", "sentence", "judgement", "reason")


def semeval_articles(root: Path, split: str) -> Iterator[tuple[str, str]]:
    """(name, text) of SemEval-2023 training articles: odd ids for audit, even for tune."""
    folder = root / "semeval2023" / "train-articles-subtask-3"
    for path in sorted(folder.glob("article*.txt")):
        number = int(re.sub(r"\D", "", path.stem))
        if (number % 2 == 1) == (split == "audit"):
            yield f"semeval:{path.stem}", path.read_text(encoding="utf-8")


def basil_articles(root: Path, split: str) -> Iterator[tuple[str, str]]:
    """(name, text) of BASIL articles: 2012 for audit, 2010 and 2011 for tune."""
    years = ("2012",) if split == "audit" else ("2010", "2011")
    for year in years:
        for path in sorted((root / "basil" / "articles" / year).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            # a paragraph is a string or, in the released files, a list of its sentences
            paragraphs = [p if isinstance(p, str) else " ".join(map(str, p))
                          for p in data.get("body-paragraphs", []) if isinstance(p, (str, list))]
            yield f"basil:{year}/{path.stem}", "\n\n".join(paragraphs)


def articles(root: Path, split: str) -> list[tuple[str, str]]:
    return [*semeval_articles(root, split), *basil_articles(root, split)]


def _sentence(text: str, sentences: list[dict], start: int) -> str:
    for s in sentences:
        if s["start"] <= start < s["end"]:
            return text[s["start"]:s["end"]]
    return ""


def findings(record: dict, name: str, dimension: str) -> Iterator[dict]:
    """Every finding of ``dimension`` in one scored record, as an audit row."""
    text, sentences = record["text"], record["sentences"]
    if dimension == "attribution":
        forms = {e["extra"].get("attribution"): e["extra"].get("form", "")
                 for e in record["evidence"]
                 if e["dimension"] == dimension and e["extra"].get("role") == "cue"}
        for a in record.get("attributions", []):
            src, cue, content = a.get("source") or {}, a["cue"], a.get("content") or {}
            naming = ("none" if not src else "vague" if src.get("vague") else
                      "named" if src.get("named") else "described")
            source = src.get("text", "")
            ante = src.get("resolved_from") or {}
            if source.lower() in {"who", "which", "that", "whom"} and ante.get("text"):
                source = f"{source} = {ante['text']}"  # as the report shows it
            parts = content.get("parts") or []
            words = " … ".join(p["text"] for p in parts) if len(parts) > 1 else content.get(
                "text", "")  # a content on both sides of its cue is highlighted in two parts
            yield {
                "finding": f"{name}:{cue['start']}-{cue['end']}",
                "dimension": dimension,
                "category": f"{src.get('type', '')}/{cue.get('class', '')}/{a.get('found_by')}"
                            f"/{forms.get(a['id'], '')}/{naming}",
                "text": f"[{source}] [{cue['text']}] [{words}]",
                "sentence": _sentence(text, sentences, cue["start"]),
            }
        return
    for e in record["evidence"]:
        if e["dimension"] != dimension:
            continue
        yield {
            "finding": f"{name}:{e['start']}-{e['end']}",
            "dimension": dimension,
            "category": e["category"],
            "text": e["text"],
            "sentence": _sentence(text, sentences, e["start"]),
        }


def draw(args: argparse.Namespace) -> int:
    scorer = Scorer(["promotional", "hedging", "attribution"])
    pool: list[dict] = []
    for name, text in articles(Path(args.eval), args.split):
        if not text.strip():
            continue
        record = scorer.score(build_article(text, name, record={"id": name}))
        pool.extend(findings(record, name, args.dimension))
    rng = random.Random(args.seed)
    chosen = rng.sample(pool, min(args.n, len(pool)))
    chosen.sort(key=lambda row: row["finding"])
    with contextlib.ExitStack() as stack:
        out = sys.stdout if args.output in (None, "-") else stack.enter_context(
            open(args.output, "w", newline="", encoding="utf-8"))
        writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in chosen:
            writer.writerow({**{k: " ".join(str(v).split()) for k, v in row.items()},
                             "judgement": "", "reason": ""})
    print(f"drew {len(chosen)} of {len(pool)} {args.dimension} findings "
          f"({args.split} split, seed {args.seed})", file=sys.stderr)
    return 0


def score(args: argparse.Namespace) -> int:
    with open(args.file, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    counts = Counter(r["judgement"].strip() for r in rows)
    unknown = sorted(set(counts) - set(JUDGEMENTS))
    if unknown:
        print(f"{args.file}: judgements must be one of {', '.join(JUDGEMENTS)}; found "
              f"{', '.join(repr(u) for u in unknown)}", file=sys.stderr)
        return 1
    judged = sum(counts.values())
    strict = counts["right"] / judged if judged else float("nan")
    lenient = (counts["right"] + counts["debatable"]) / judged if judged else float("nan")
    print(f"{args.file}: {judged} findings judged: {counts['right']} right, "
          f"{counts['debatable']} debatable, {counts['wrong']} wrong; strict precision "
          f"{strict:.3f}, lenient {lenient:.3f}")
    by_category = Counter((r["category"], r["judgement"]) for r in rows)
    for category in sorted({r["category"] for r in rows}):
        n = sum(v for (c, _), v in by_category.items() if c == category)
        print(f"  {category}: {by_category[(category, 'right')]}/{n} right")
    facets = [r["category"].split("/") for r in rows]
    if rows and all(len(f) == len(FACETS) for f in facets):
        for k, facet in enumerate(FACETS):
            print(f"by {facet}:")
            for value in sorted({f[k] for f in facets}):
                marks = [r["judgement"].strip() for r, f in zip(rows, facets) if f[k] == value]
                print(f"  {value or '-'}: {marks.count('right')}/{len(marks)} right, "
                      f"{marks.count('debatable')} debatable, {marks.count('wrong')} wrong "
                      f"(strict {marks.count('right') / len(marks):.2f})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="draw random findings to judge")
    d.add_argument("dimension", choices=DIMENSIONS)
    d.add_argument("--eval", default="../shared/eval", help="folder of the labelled data")
    d.add_argument("--split", choices=("audit", "tune"), default="audit")
    d.add_argument("-n", type=int, default=120, help="findings to draw")
    d.add_argument("--seed", type=int, default=2026)
    d.add_argument("-o", "--output", help="TSV to write (default: standard output)")
    d.set_defaults(func=draw)
    s = sub.add_parser("score", help="precision of a judged TSV")
    s.add_argument("file")
    s.set_defaults(func=score)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
