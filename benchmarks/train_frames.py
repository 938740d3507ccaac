"""Train the shipped frames model and measure it: development grid, held-out check, final CV.

1. The SemEval-2023 subtask 2 articles are split once (seed 0) into a development part and a
   held-out 20% (whole title groups, so a story published twice stays on one side).
2. On the development part only, 5-fold grouped cross-validation compares settings (C, with and
   without the cue features) by macro-F1; the best is kept.
3. The held-out 20% is scored once by a model fitted on the development part with that setting,
   beside the majority-frames baseline and the lexicon alone (cuts chosen on the development
   part).
4. The shipped model is fitted on every article; its cross-validated figures (model, majority
   baseline, lexicon alone, same folds) are printed and stored in the file's info.

The figures go into framing/data/models/MODEL_CARD.md by hand: this script prints them.

    python benchmarks/train_frames.py                    # ../shared/eval/semeval2023
    python benchmarks/train_frames.py --eval DIR --out framing/data/models/frames.npz
    python benchmarks/train_frames.py --no-grid          # skip step 2, use the defaults
    python benchmarks/train_frames.py --no-grid --no-final   # the held-out check only

Equivalent command for step 4: framing train semeval2023-frames ../shared/eval/semeval2023
-o frames.npz
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from framing.dimensions.frames import model as fm
from framing.lab.datasets import load_semeval_frames

ROOT = Path(__file__).resolve().parent.parent
GRID = [(C, cues) for C in (1.0, 4.0, 16.0) for cues in (True, False)] + [(0.1, True)]
#: per-frame C chosen inside the folds among these (the shipped setting since frames@1.1.0)
GRID.append((fm.DEFAULTS["C"], True))


def table(name: str, m: dict) -> str:
    lines = [f"{name}: micro-F1 {m['micro_f1']:.3f}  macro-F1 {m['macro_f1']:.3f}  (n={m['n']})"]
    for frame, v in m["frames"].items():
        auc = "  -  " if v["auc"] is None else f"{v['auc']:.3f}"
        lines.append(f"  {frame:<24} pos {v['positives']:>4}  P {v['precision']:.3f}  "
                     f"R {v['recall']:.3f}  F1 {v['f1']:.3f}  AUC {auc}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    with fm._one_thread():
        return _main(argv)


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--out", type=Path, default=ROOT / "framing" / "data" / "models"
                        / "frames.npz")
    parser.add_argument("--no-grid", action="store_true")
    parser.add_argument("--no-final", action="store_true", help="skip step 4 (no model written)")
    args = parser.parse_args(argv)
    path = args.eval / "semeval2023"
    d = fm.DEFAULTS
    t0 = time.perf_counter()
    frame = load_semeval_frames(path)
    texts = frame["text"].tolist()
    items = fm.article_inputs(texts)
    Y = fm.label_matrix(frame["frames"].tolist())
    groups = fm.group_ids(texts)
    print(f"{len(items)} articles ({len(frame.attrs['missing'])} labelled but missing), "
          f"{len(np.unique(groups))} title groups; read in {time.perf_counter() - t0:.1f}s")
    held = fm.held_out_split(groups, d["held_out"], d["seed"])
    dev = ~held
    print(f"development {dev.sum()} articles, held out {held.sum()}")
    dev_items = [it for it, k in zip(items, dev) if k]
    common = dict(folds=d["folds"], seed=d["seed"], max_terms=d["max_terms"],
                  min_df=d["min_df"])
    best = (d["C"], d["cues"])
    if not args.no_grid:
        results = {}
        for C, cues in GRID:
            m = fm.cross_validated(dev_items, Y[dev], groups[dev], C=C, cues=cues, **common)
            results[(C, cues)] = m
            print(f"dev CV  C={C!s:<5} cues={cues!s:<5} model macro-F1 "
                  f"{m['model']['macro_f1']:.3f} micro-F1 {m['model']['micro_f1']:.3f}  "
                  f"lexicon macro-F1 {m['lexicon']['macro_f1']:.3f}  majority macro-F1 "
                  f"{m['majority']['macro_f1']:.3f}")
        best = max(results, key=lambda k: results[k]["model"]["macro_f1"])
        print(f"best on development CV: C={best[0]} cues={best[1]}")
        print(table("dev CV model", results[best]["model"]))
    C, cues = best
    # held-out check: fit on the development part, score the held-out articles once
    dev_model = fm.fit_model(dev_items, Y[dev], groups[dev], C=C, cues=cues, info={},
                             **common)
    held_items = [it for it, k in zip(items, held) if k]
    explained = [dev_model.explain(it) for it in held_items]
    prob = np.vstack([ex.prob for ex in explained])
    pred = prob >= dev_model.thresholds
    # ROC AUC from the decision scores: a frame without signal has a constant probability
    decision = np.vstack([ex.decision for ex in explained])
    lex_cuts = fm.best_cuts(fm.cue_scores(dev_items), Y[dev])
    lex = fm.cue_scores(held_items)
    base = fm.majority_baseline(Y[dev], int(held.sum()))
    print(table("held-out model", fm.frame_metrics(Y[held], decision, pred)))
    print(table("held-out lexicon alone", fm.frame_metrics(Y[held], lex, lex >= lex_cuts)))
    print(table("held-out majority", fm.frame_metrics(Y[held], base.astype(float), base)))
    if args.no_final:
        return 0
    # the shipped model: every article
    t1 = time.perf_counter()
    model, metrics = fm.train_frames(path, seed=d["seed"], folds=d["folds"], C=C, cues=cues)
    print(f"final model trained in {time.perf_counter() - t1:.1f}s")
    for key in ("model", "lexicon", "majority"):
        print(table(f"all-data CV {key}", metrics[key]))
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB, "
          f"{len(model.terms)} terms)")
    print(json.dumps({"C": C, "cues": cues, "thresholds": model.thresholds.round(4).tolist()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
