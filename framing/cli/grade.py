"""``framing grade``: grade students' worksheet answers against the worksheet's key.json."""

from __future__ import annotations

import argparse
import sys

HELP = """examples:
  framing grade ws/key.json answers/*.csv -o grades
"""


def add_command(sub: argparse._SubParsersAction) -> None:
    from ..cli import CSV_RAW_HELP

    p = sub.add_parser(
        "grade", help="grade students' answer sheets against a worksheet key",
        description="Match answer sheets (CSV: student, sentence, category, phrase) to a "
        "worksheet's key.json; write grades.html, grades.csv, items.csv, overflagged.csv and "
        "agreement.csv.", epilog=HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("key", metavar="KEY", help="key.json written by framing worksheet")
    p.add_argument("answers", nargs="+", metavar="ANSWERS",
                   help="answer CSV files, or folders of them")
    p.add_argument("-o", "--output", metavar="DIR", default="grades",
                   help="folder to write into (default: ./grades)")
    p.add_argument("--csv-raw", action="store_true", help=CSV_RAW_HELP)
    p.set_defaults(func=cmd_grade)


def cmd_grade(args: argparse.Namespace) -> int:
    from ..classroom.grading import grade

    result = grade(args.key, args.answers)
    for err in result.errors:
        print(f"framing: {err}", file=sys.stderr)
    for path in result.write(args.output, csv_raw=args.csv_raw):
        print(path)
    for row in result.agreement.itertuples():
        if row.task == "all":
            print(row.meaning, file=sys.stderr)
    return 1 if result.errors else 0
