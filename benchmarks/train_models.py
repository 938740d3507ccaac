"""Retrain the shipped classifier models from ../shared/eval and measure them.

Trains the four tasks with their fixed seeds (the same data gives the same files), prints
each model's cross-validated metrics next to the lexicon-only baseline measured with
``framing evaluate``, and writes the models to framing/data/models/. Then times scoring the
sample corpus with and without the models (``--no-timing`` skips it). The numbers go into
framing/data/models/MODEL_CARD.md by hand: this script prints them, it checks nothing.

    python benchmarks/train_models.py                       # ../shared/eval -> shipped models
    python benchmarks/train_models.py --eval DIR --out DIR --folds 5
    python benchmarks/train_models.py --tasks bias --no-baselines   # one model, then timing
    python benchmarks/train_models.py --no-baselines --tasks        # only time the files

Equivalent commands, one model each::

    framing train semeval2023 ../shared/eval/semeval2023 --task loaded -o loaded.npz
    framing train semeval2023 ../shared/eval/semeval2023 --task persuasion -o persuasion.npz
    framing train babe ../shared/eval/babe -o bias.npz
    framing train conll2010 ../shared/eval/conll2010-wiki -o uncertainty.npz

Training all four in one process is faster than four commands: lexicon counts of a text are
computed once and reused.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from framing.lab.training import train

ROOT = Path(__file__).resolve().parent.parent

#: (task, dataset kind, folder under eval/) of every shipped model.
PLAN = (
    ("loaded", "semeval2023", "semeval2023"),
    ("persuasion", "semeval2023", "semeval2023"),
    ("bias", "babe", "babe"),
    ("uncertainty", "conll2010", "conll2010-wiki"),
)
SEED = 0


def lexicon_baselines(eval_dir: Path) -> dict[str, dict]:
    """The lexicon-only numbers of ``framing evaluate`` on the same data."""
    from framing.lab.evaluate import evaluate

    out = {}
    sem = evaluate("semeval2023", eval_dir / "semeval2023")["metrics"]
    out["loaded"] = {"f1": sem["loaded_f1"], "auc": sem["loaded_auc"]}
    out["persuasion"] = {"f1": sem["any_f1"], "auc": sem["any_auc"]}
    babe = evaluate("babe", eval_dir / "babe")["metrics"]
    out["bias"] = {"f1": babe["f1"], "auc": babe["auc"], "macro_f1": babe["macro_f1"]}
    conll = evaluate("conll2010", eval_dir / "conll2010-wiki")["metrics"]
    out["uncertainty"] = {"f1": conll["f1"], "auc": conll["auc"],
                          "accuracy": conll["accuracy"]}
    return out


def time_scoring(models: list[Path], reps: int) -> dict[str, float]:
    """Milliseconds per article of scoring the bundled sample corpus in one process after a
    warm-up (best of ``reps`` for each article): every dimension without the classifier,
    every dimension with the models, and the classifier dimension's own share."""
    from framing.ingest.reading import load_sample
    from framing.registry import available
    from framing.scoring import Scorer

    articles = load_sample()
    others = [d for d in available() if d != "classifier"]
    without = Scorer(others)
    with_models = Scorer(others + ["classifier"],
                         options={"classifier": {"models": [str(m) for m in models]}})
    classifier = next(d for d in with_models.dimensions if d.name == "classifier")
    spent = [0.0]
    analyze = classifier.analyze

    def timed(doc):
        start = time.perf_counter()
        try:
            return analyze(doc)
        finally:
            spent[0] += time.perf_counter() - start

    classifier.analyze = timed
    best = {"without": [float("inf")] * len(articles), "with": [float("inf")] * len(articles),
            "classifier": [float("inf")] * len(articles)}
    for rep in range(reps + 1):  # the first round warms up
        for i, article in enumerate(articles):
            for name, scorer in (("without", without), ("with", with_models)):
                spent[0] = 0.0
                start = time.perf_counter()
                scorer.score(article)
                took = time.perf_counter() - start
                if rep:
                    best[name][i] = min(best[name][i], took)
                    if name == "with":
                        best["classifier"][i] = min(best["classifier"][i], spent[0])
    ms = {k: 1000 * sum(v) / len(articles) for k, v in best.items()}
    return {"without_ms": round(ms["without"], 2), "with_ms": round(ms["with"], 2),
            "classifier_ms": round(ms["classifier"], 2),
            "ratio": round(ms["with"] / ms["without"], 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--out", type=Path, default=ROOT / "framing" / "data" / "models")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--reps", type=int, default=5, help="timing repetitions")
    parser.add_argument("--tasks", nargs="*", choices=[t for t, _, _ in PLAN],
                        help="retrain only these (default: all four; none: only time the "
                             "shipped files)")
    parser.add_argument("--no-baselines", action="store_true",
                        help="skip the lexicon-only numbers")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args(argv)
    if not args.eval.is_dir():
        parser.error(f"{args.eval} is not here (../shared is for developers and CI only)")
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    written = []
    for task, kind, folder in PLAN:
        if args.tasks is not None and task not in args.tasks:
            written.append(args.out / f"{task}.npz")  # kept as it is, timed with the rest
            continue
        t0 = time.perf_counter()
        model, metrics = train(kind, [args.eval / folder], task=task, seed=SEED,
                               folds=args.folds)
        model.info["data"] = [f"../shared/eval/{folder}"]  # no developer's path in the file
        path = model.save(args.out / f"{task}.npz")
        written.append(path)
        shown = {k: metrics[k] for k in ("n", "positives", "accuracy", "precision", "recall",
                                         "f1", "macro_f1", "auc")}
        shown["ece"] = metrics["calibration"]["ece"]
        shown["brier"] = metrics["calibration"]["brier"]
        print(json.dumps({"task": task, "model": model.id, "threshold": model.threshold,
                          "file_kb": round(path.stat().st_size / 1024),
                          "seconds": round(time.perf_counter() - t0, 1), "cv": shown}),
              flush=True)
    print(json.dumps({"training_seconds": round(time.perf_counter() - started, 1)}))
    if not args.no_baselines:
        print(json.dumps({"lexicon_baselines": lexicon_baselines(args.eval)}))
    if not args.no_timing:
        print(json.dumps({"score_sample": time_scoring(written, args.reps)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
