"""``framing report``: the outlet comparison report (HTML, Markdown, CSV) of a corpus."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

HELP = """examples:
  framing report -o reports/sample                      the bundled sample corpus
  framing report articles/ --manifest m.csv --topic china-central-asia -o reports/summit
  framing report corpus.jsonl --dimension promotional,hedging -o out --jobs 2
"""


def add_command(sub: argparse._SubParsersAction) -> None:
    from . import CSV_RAW_HELP, add_input_args, add_scoring_args

    p = sub.add_parser(
        "report", help="compare outlets: self-contained HTML, Markdown and CSV tables",
        description="Write report.html (one self-contained file), report.md with PNG charts, "
        "and articles.csv, evidence.csv, outlets.csv, reprints.csv (+ Parquet with pyarrow) "
        "into a folder, replaced whole or not at all.",
        epilog=HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_args(p)
    p.add_argument("-o", "--output", metavar="DIR", required=True, help="report folder")
    p.add_argument("--title", metavar="TEXT", help="the report's title")
    p.add_argument("--stamp", action="store_true",
                   help="print today's date in the report (off by default: reproducible files)")
    p.add_argument("--no-parquet", action="store_true",
                   help="skip the Parquet copies of the tables (written when pyarrow is installed)")
    p.add_argument("--csv-raw", action="store_true", help=CSV_RAW_HELP)
    add_scoring_args(p)
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from ..dimensions.criticism.profiles import TopicTally
    from ..engines.local import score_records
    from ..errors import InputError
    from ..output import check_replaceable
    from ..views.report import build_report, corpus_title
    from . import input_articles, input_paths, progress, reported, scoring_spec

    spec = scoring_spec(args)
    check_replaceable(args.output, kind="report", inputs=args.paths)
    failures: list[InputError] = []
    tally = TopicTally()
    items = score_records(input_articles(args, failures, build=False), **spec.engine_args())
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d") if args.stamp else None
    title = args.title or corpus_title(input_paths(args)[0])
    out = build_report(progress(tally.count(reported(items, failures)), True),
                       args.output, title=title, stamp=stamp,
                       parquet=False if args.no_parquet else None, inputs=args.paths,
                       csv_raw=args.csv_raw)
    print(f"framing: report written to {Path(out) / 'report.html'} (and report.md, CSV tables)",
          file=sys.stderr)
    tally.report()
    return 1 if failures else 0
