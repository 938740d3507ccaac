"""``framing evaluate``: measure a dimension on a labelled public dataset."""

from __future__ import annotations

import argparse
import sys

from ..output import dumps


def add_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate", help="measure a dimension on a labelled public dataset")
    p.add_argument("kind", metavar="KIND",
                   help="dataset format, e.g. conll2010, semeval2023, semeval2023-frames")
    p.add_argument("path", metavar="PATH", help="the dataset file or folder")
    p.add_argument("--dimension", metavar="D", help="dimension to measure (default: the kind's)")
    p.add_argument("--lexicon", action="append", default=[], metavar="PATH")
    p.add_argument("--model", metavar="MODEL",
                   help="measure a classifier model file instead of a lexicon dimension "
                   "(semeval2023-frames: a frames model file)")
    p.set_defaults(func=cmd_evaluate)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from ..lab.evaluate import evaluate

    result = evaluate(args.kind, args.path, dimension=args.dimension, lexicons=args.lexicon,
                      model=args.model)
    print(dumps(result))
    if result["dataset"] == "semeval2023-frames":
        from ..lab.evaluate import frames_table

        print(frames_table(result["metrics"]), file=sys.stderr)
    return 0
