"""``framing train KIND PATH... -o MODEL``: train a sentence classifier and measure it honestly.

Training is seeded (the same data and ``--seed`` give the same file) and, unless ``--no-cv``,
prints the cross-validated metrics first: folds keep every article's units together.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import FramingError

#: The dataset kind that trains the frames model (framing.frame_model) instead of a sentence
#: classifier.
FRAMES_KIND = "semeval2023-frames"

EPILOG = """examples:
  framing train conll2010 ../shared/eval/conll2010-wiki -o uncertainty.npz
  framing train semeval2023 ../shared/eval/semeval2023 --task persuasion -o persuasion.npz
  framing train babe ../shared/eval/babe -o bias.json
  framing train semeval2023-frames ../shared/eval/semeval2023 -o frames.npz
  framing score articles/ --model bias.json
"""


def add_command(sub) -> None:
    from . import defer_arguments

    p = sub.add_parser(
        "train", help="train a sentence classifier on a labelled dataset",
        description=__doc__.split("\n", 1)[0], epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # The choices come from the models module, which loads scikit-learn (1.5 s or more):
    # only `framing train` itself pays for it, not --help, --version or the other commands.
    defer_arguments(p, _add_arguments)
    p.set_defaults(func=cmd_train)


def _add_arguments(p: argparse.ArgumentParser) -> None:
    from ..dimensions.classifier.models import KIND_TASKS, TASKS, THRESHOLD_METRICS

    kinds = sorted([*KIND_TASKS, FRAMES_KIND])
    p.add_argument("kind", metavar="KIND", choices=kinds,
                   help=f"dataset format: {', '.join(kinds)} (the last trains the "
                   "article-level frames model)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="dataset files or folders")
    p.add_argument("-o", "--output", metavar="MODEL", required=True,
                   help="model file to write (.npz compact, or .json)")
    p.add_argument("--task", choices=sorted(TASKS),
                   help="what to learn (default: the kind's own: "
                   + ", ".join(f"{k} -> {v}" for k, v in sorted(KIND_TASKS.items())) + ")")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    p.add_argument("--no-cv", action="store_true", help="skip cross-validation (faster)")
    p.add_argument("--threshold-metric", choices=THRESHOLD_METRICS,
                   help="what the 'high' threshold maximises on out-of-fold scores (default: "
                   "the task's own: " + ", ".join(f"{t.name} -> {t.threshold_metric}"
                                                  for t in TASKS.values()) + ")")


def cmd_train(args: argparse.Namespace) -> int:
    from ..lab.training import train

    if not args.output.endswith((".npz", ".json")):
        raise FramingError(f"{args.output}: the model file must end in .npz or .json")
    if args.folds < 2:
        raise FramingError("--folds must be at least 2")
    if args.kind == FRAMES_KIND:
        return _train_frames(args)
    model, metrics = train(args.kind, args.paths, task=args.task, seed=args.seed,
                           folds=args.folds, evaluate=not args.no_cv,
                           threshold_metric=args.threshold_metric)
    model.save(args.output)
    summary = {"model": model.id, "task": model.task, "output": args.output,
               "threshold": model.threshold, "cv": metrics}
    from ..output import dumps

    print(dumps(summary))  # strict JSON: an undefined metric (NaN) is null
    if metrics:
        print(f"framing: {model.task}: cross-validated F1 {metrics['f1']:.3f}, "
              f"macro-F1 {metrics['macro_f1']:.3f}, ROC AUC {metrics['auc']:.3f}, "
              f"accuracy {metrics['accuracy']:.3f} "
              f"({metrics['n']} units, {metrics['folds']} folds)", file=sys.stderr)
    return 0


def _train_frames(args: argparse.Namespace) -> int:
    from ..dimensions.frames.model import train_frames
    from ..output import dumps

    if not args.output.endswith(".npz"):
        raise FramingError(f"{args.output}: the frames model file must end in .npz")
    if args.task or args.threshold_metric:
        raise FramingError(f"{FRAMES_KIND} trains the frames model: --task and "
                           "--threshold-metric do not apply")
    if len(args.paths) != 1:
        raise FramingError(f"{FRAMES_KIND} takes one dataset folder or labels file")
    model, metrics = train_frames(args.paths[0], seed=args.seed, folds=args.folds,
                                  evaluate=not args.no_cv)
    model.save(args.output)
    print(dumps({"model": model.id, "task": "frames", "output": args.output,
                 "thresholds": dict(zip(model.frames, model.thresholds.tolist())),
                 "cv": metrics}))
    if metrics:
        m, b, lex = metrics["model"], metrics["majority"], metrics["lexicon"]
        print(f"framing: frames: cross-validated macro-F1 {m['macro_f1']:.3f} (lexicon alone "
              f"{lex['macro_f1']:.3f}, majority baseline {b['macro_f1']:.3f}), micro-F1 "
              f"{m['micro_f1']:.3f} ({m['n']} articles, {metrics['folds']} folds)",
              file=sys.stderr)
    return 0
