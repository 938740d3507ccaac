"""``framing worksheet``: turn an article (or two, compared) into a classroom exercise."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import FramingError, InputError

HELP = """examples:
  framing worksheet sample-06 -o ws06                  a sample article, by id
  framing worksheet article.html --level advanced -o ws
  framing worksheet corpus.jsonl --id a17 --focus promotional,hedging -o ws
  framing worksheet --compare sample-01 sample-06 -o compare
  framing worksheet sample-07 --focus promotional,frames -o ws07   with the frames task
"""


def add_command(sub: argparse._SubParsersAction) -> None:
    from . import defer_arguments

    p = sub.add_parser(
        "worksheet", help="make a worksheet, answer key and gradable key from an article",
        description="Write worksheet.html, answer_key.html, key.json and answers_template.csv "
        "for one article (a file, or the id of a sample article), or a two-outlet version "
        "with --compare.", epilog=HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    defer_arguments(p, _add_arguments)  # the worksheet module loads every dimension
    p.set_defaults(func=cmd_worksheet)


def _add_arguments(p: argparse.ArgumentParser) -> None:
    from ..classroom.worksheet import FOCUSES, LEVELS, OPTIONAL_FOCUSES, PAPERS
    from . import add_scoring_args

    p.add_argument("article", nargs="?", metavar="ARTICLE",
                   help="a file (.txt .html .md, or a .jsonl/.csv corpus with --id) or a "
                   "sample article id such as sample-01")
    p.add_argument("--compare", nargs=2, metavar=("A", "B"),
                   help="two articles on the same story, side by side")
    p.add_argument("--id", metavar="ID", help="which article of a corpus file or folder")
    p.add_argument("--manifest", metavar="M", help="CSV of outlet, title, author, date…")
    p.add_argument("--focus", default=",".join(FOCUSES), metavar="F",
                   help=f"comma-separated, from: {', '.join(FOCUSES + OPTIONAL_FOCUSES)} "
                   f"(default: {', '.join(FOCUSES)}; add frames for the task 'which frame does "
                   "this paragraph use?')")
    p.add_argument("--level", choices=LEVELS, default="intro",
                   help="intro: tasks name the sentences to read; advanced: only paragraphs")
    p.add_argument("--paper", choices=sorted(PAPERS), default="a4", help="print page size")
    p.add_argument("-o", "--output", metavar="DIR", default="worksheet",
                   help="folder to write into (default: ./worksheet)")
    add_scoring_args(p, dimensions=False, jobs=False)


def find_article(spec: str, *, id: str | None = None, manifest: str | None = None):
    """One article from a path or a sample id; a corpus file needs ``id`` when it holds more."""
    from ..ingest.reading import iter_articles, load_sample

    if not Path(spec).exists() and spec != "-":
        sample = {a.id: a for a in load_sample()}
        if spec in sample:
            return sample[spec]
        raise InputError(spec, "no such file, and no sample article has this id "
                         f"(sample ids: {', '.join(sorted(sample))})")
    articles = []
    for item in iter_articles([spec], manifest=manifest):
        if isinstance(item, InputError):
            if manifest is not None and item.path == str(manifest):
                continue  # other rows of a shared manifest are not an error here
            raise item
        articles.append(item)
    if id is not None:
        articles = [a for a in articles if a.id == id]
        if not articles:
            raise InputError(spec, f"no article with id {id!r}")
    if not articles:
        raise InputError(spec, "no article found")
    if len(articles) > 1:
        ids = ", ".join(a.id for a in articles[:8]) + (" …" if len(articles) > 8 else "")
        raise InputError(spec, f"holds {len(articles)} articles; choose one with --id ({ids})")
    return articles[0]


def cmd_worksheet(args: argparse.Namespace) -> int:
    from ..classroom.worksheet import make_worksheet, resolve_focus
    from . import scoring_spec

    if args.compare and args.article:
        raise FramingError("give either ARTICLE or --compare A B, not both")
    specs = args.compare or ([args.article] if args.article else [])
    if not specs:
        raise FramingError("name an article (a file or a sample id such as sample-01), "
                           "or two with --compare A B")
    articles = [find_article(s, id=args.id if not args.compare else None,
                             manifest=args.manifest) for s in specs]
    spec = scoring_spec(args)
    ws = make_worksheet(articles, focus=resolve_focus(args.focus), level=args.level,
                        paper=args.paper, lexicons=list(spec.lexicons), options=spec.options)
    for message in ws.skipped.values():
        print(f"framing: {message}", file=sys.stderr)
    for path in ws.write(args.output):
        print(path)
    return 0
