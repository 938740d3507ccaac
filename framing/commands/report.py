"""``framing report``: the outlet comparison report (HTML, Markdown, CSV) of a corpus."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

HELP = """examples:
  framing report -o reports/sample                      the bundled sample corpus
  framing report articles/ --manifest m.csv --topic china-central-asia -o reports/summit
  framing report corpus.jsonl --dimension promotional,hedging -o out --jobs 2
"""


def add_command(sub: argparse._SubParsersAction) -> None:
    from ..cli import CSV_RAW_HELP, _positive_int, add_input_args

    p = sub.add_parser(
        "report", help="compare outlets: self-contained HTML, Markdown and CSV tables",
        description="Write report.html (one self-contained file), report.md with PNG charts, "
        "and articles.csv, evidence.csv, outlets.csv, reprints.csv (+ Parquet with pyarrow) "
        "into a folder, replaced whole or not at all.",
        epilog=HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_args(p)
    p.add_argument("-o", "--output", metavar="DIR", required=True, help="report folder")
    p.add_argument("--topic", metavar="T", help="topic of the criticism dimension "
                   "(default: chosen from the text)")
    p.add_argument("--title", metavar="TEXT", help="the report's title")
    p.add_argument("--stamp", action="store_true",
                   help="print today's date in the report (off by default: reproducible files)")
    p.add_argument("--no-parquet", action="store_true",
                   help="skip the Parquet copies of the tables (written when pyarrow is installed)")
    p.add_argument("--csv-raw", action="store_true", help=CSV_RAW_HELP)
    g = p.add_argument_group("scoring")
    g.add_argument("--dimension", action="append", metavar="D",
                   help="run only these dimensions (repeat or comma-separate)")
    g.add_argument("--lexicon", action="append", default=[], metavar="PATH",
                   help="add a lexicon file (its header names its dimension)")
    g.add_argument("--jobs", type=_positive_int, metavar="N",
                   help="processes to use; default: every core, 1: serial")
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from ..cli import _reported, input_articles, progress
    from ..errors import FramingError, InputError
    from ..parallel import score_records
    from ..reporting import build_report

    dims = [d.strip() for spec in args.dimension or [] for d in spec.split(",") if d.strip()]
    options: dict[str, dict[str, Any]] = {}
    if args.topic:
        from .. import registry

        if (dims and "criticism" not in dims) or "criticism" not in registry.available():
            raise FramingError("--topic is for the criticism dimension, which is not being run")
        options["criticism"] = {"topic": args.topic}
    failures: list[InputError] = []
    items = score_records(input_articles(args, failures, build=False), dimensions=dims or None,
                          lexicons=args.lexicon, options=options or None, jobs=args.jobs)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d") if args.stamp else None
    out = build_report(progress(_reported(items, failures), True), args.output,
                       title=args.title, stamp=stamp,
                       parquet=False if args.no_parquet else None, csv_raw=args.csv_raw)
    print(f"framing: report written to {Path(out) / 'report.html'} (and report.md, CSV tables)",
          file=sys.stderr)
    return 1 if failures else 0
