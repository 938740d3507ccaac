"""``framing lexicons``: list the shipped lexicons, show one, validate lexicon files."""

from __future__ import annotations

import argparse

from . import CommandParser, validate_files


def add_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lexicons", help="list, show or validate lexicons")
    lsub = p.add_subparsers(dest="action", metavar="ACTION", required=True,
                            parser_class=CommandParser)
    lsub.add_parser("list", help="shipped lexicons with version and size").set_defaults(
        func=cmd_lexicons_list)
    q = lsub.add_parser("show", help="a lexicon's header, categories and entries")
    q.add_argument("name", help="shipped name or path to a .tsv file")
    q.set_defaults(func=cmd_lexicons_show)
    q = lsub.add_parser("validate", help="check lexicon files; errors name file:line")
    q.add_argument("files", nargs="+", metavar="FILE")
    q.set_defaults(func=cmd_lexicons_validate)


def cmd_lexicons_list(args: argparse.Namespace) -> int:
    from ..lexicon import load_lexicon, shipped_lexicons

    for name in shipped_lexicons():
        lex = load_lexicon(name)
        print(f"{lex.id:<28} {lex.dimension:<14} {len(lex.entries):>5} entries  "
              f"{lex.description}")
    return 0


def cmd_lexicons_show(args: argparse.Namespace) -> int:
    from ..lexicon import RULES, load_lexicon

    lex = load_lexicon(args.name)
    print(f"{lex.id}  (dimension {lex.dimension}, {len(lex.entries)} entries)")
    for key in ("description", "provenance", "licence"):
        if lex.info.get(key):
            print(f"{key}: {lex.info[key]}")
    print("categories:")
    for cat, desc in lex.categories.items():
        n = sum(e.category == cat for e in lex.entries)
        print(f"  {cat:<26} {n:>4}  {desc}")
    used = sorted({r for e in lex.entries for r in e.rules})
    if used:
        print("rules:")
        for name in used:
            print(f"  {name:<20} {(RULES[name].__doc__ or '').strip()}")
    print("entries:")
    for e in lex.entries:
        rules = f" [{', '.join(e.rules)}]" if e.rules else ""
        print(f"  {e.pattern:<36} {e.category:<24} {e.weight:<4g}{rules}  {e.note}")
    return 0


def cmd_lexicons_validate(args: argparse.Namespace) -> int:
    from ..lexicon import read_lexicon

    return validate_files(
        args.files, read_lexicon, lambda lex: f"{lex.id}, {len(lex.entries)} entries"
    )
