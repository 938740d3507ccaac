"""Retrain the shipped attribution tagger from PolNeAR and print its dev metrics.

    python benchmarks/train_cue_tagger.py /work/shared/eval/polnear \
        [-o framing/data/models/attribution-cues.json] [--seed 0] [--no-threshold-search]

Trains on the PolNeAR ``train`` split only (Newell et al. 2018; one annotation file per text:
the first annotator's, when a text was annotated twice). The features include what the rules
find, so the rules run first on every training text. The only choice made on ``dev`` is each
role's probability threshold, from a small fixed grid (cue first, then source, then content),
by the span F1 (overlap) of rules + tagger together (with the tagger's veto of unlikely rule
cues, ``framing.dimensions.attribution.rules.VETO``, in place). Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from framing.dimensions.attribution.dimension import Attribution
from framing.dimensions.attribution.rules import rule_marks
from framing.dimensions.attribution.tagger import (
    DEFAULT_MODEL,
    SpanTagger,
    fit,
    gold_labels,
    token_features,
)
from framing.lab.datasets import load_polnear
from framing.lab.evaluate import attribution_spans, polnear_scores
from framing.textunits import Document

GRID = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)
OUT = Path(__file__).resolve().parents[1] / "framing" / "data" / "models" / DEFAULT_MODEL


def examples(frame, rules: Attribution):
    seen = set()
    for name, text, spans in zip(frame["name"], frame["text"], frame["spans"]):
        if name in seen:
            continue
        seen.add(name)
        doc = Document.from_text(text)
        found = rules.extractor.find(doc)
        feats = token_features(doc, rules.extractor.cue_matcher, rule_marks(doc, found))
        yield feats, gold_labels(doc, spans)


def scores(frame, dim: Attribution) -> dict[str, float]:
    predicted = {}
    for name, text in zip(frame["name"], frame["text"]):
        if name not in predicted:
            predicted[name] = attribution_spans(dim.analyze(Document.from_text(text)))
    return polnear_scores([
        (text, spans, rel, predicted[name])
        for name, text, spans, rel in zip(frame["name"], frame["text"], frame["spans"],
                                           frame["relations"])
    ])


def table(label: str, m: dict[str, float]) -> str:
    rows = [label]
    for role in ("cue", "source", "content"):
        rows.append(
            f"  {role:8s} overlap P {m[f'{role}_overlap_precision']:.3f} "
            f"R {m[f'{role}_overlap_recall']:.3f} F1 {m[f'{role}_overlap_f1']:.3f} | "
            f"exact F1 {m[f'{role}_exact_f1']:.3f}"
        )
    rows.append(f"  relation P {m['relation_precision']:.3f} R {m['relation_recall']:.3f} "
                f"F1 {m['relation_f1']:.3f}")
    return "\n".join(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", help="the PolNeAR folder holding train/ and dev/")
    ap.add_argument("-o", "--output", default=str(OUT))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-threshold-search", action="store_true",
                    help="keep every threshold at 0.5 instead of choosing it on dev")
    ap.add_argument("--train-metrics", action="store_true",
                    help="also score the train split with rules + tagger (slow)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    rules = Attribution(tagger=False)
    train = load_polnear(args.data, split="train")
    dev = load_polnear(args.data, split="dev")
    data = list(examples(train, rules))
    print(f"features for {len(data)} train texts, "
          f"{sum(len(f) for f, _ in data)} tokens: {time.perf_counter() - t0:.0f} s",
          file=sys.stderr)
    tagger: SpanTagger = fit(data, seed=args.seed, meta={
        "name": "attribution-cues",
        "version": "1.1.0",
        "trained_on": "PolNeAR train split (Newell et al. 2018), "
                      f"{len(data)} texts, first annotator per text",
        "trained": dt.date.today().isoformat(),
        "seed": args.seed,
        "learner": "scikit-learn SGDClassifier(loss='log_loss', alpha=1e-6, averaged), one "
                   "per role; features seen 20+ times, weights with |w| >= 0.05 kept",
    })
    print(f"trained: {time.perf_counter() - t0:.0f} s; weights kept: "
          + ", ".join(f"{r} {len(w)}" for r, w in tagger.weights.items()), file=sys.stderr)

    before = scores(dev, rules)
    print(table("dev, rules only", before))
    dim = Attribution(tagger=tagger)
    if not args.no_threshold_search:
        for role in ("cue", "source", "content"):
            best = None
            for cut in GRID:
                tagger.thresholds[role] = cut
                f1 = scores(dev, dim)[f"{role}_overlap_f1"]
                print(f"  threshold {role} {cut}: {role} F1 {f1:.4f}", file=sys.stderr)
                if best is None or f1 > best[0]:
                    best = (f1, cut)
            tagger.thresholds[role] = best[1]
    after = scores(dev, dim)
    print(table(f"dev, rules + tagger (thresholds {tagger.thresholds})", after))
    keys = [k for k in after if k.endswith(("_f1", "_precision", "_recall"))]
    tagger.meta["thresholds_chosen_on"] = (
        "fixed at 0.5" if args.no_threshold_search else "PolNeAR dev, grid " + str(GRID))
    tagger.meta["dev_rules_only"] = {k: before[k] for k in keys}
    tagger.meta["dev_rules_and_tagger"] = {k: after[k] for k in keys}
    if args.train_metrics:
        tr = scores(train, dim)
        print(table("train, rules + tagger", tr))
        tagger.meta["train_rules_and_tagger"] = {k: tr[k] for k in keys}
    path = tagger.save(args.output)
    print(f"saved {path} ({path.stat().st_size / 1e6:.2f} MB) in "
          f"{time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
