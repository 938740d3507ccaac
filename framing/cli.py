"""The ``framing`` command: ingest, score, evaluate and manage lexicons.

Exit codes: 0 success, 1 some input could not be processed (the rest was), 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import pkgutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from . import __version__
from .errors import FramingError, InputError
from .output import FORMATS, RowWriter, atomic_output, format_for

log = logging.getLogger("framing")

EPILOG = """examples:
  framing score                              score the bundled sample corpus (table)
  framing score articles/ --manifest m.csv -o scores.jsonl
  framing ingest ../shared/seeds --manifest ../shared/seeds/manifest.csv --explain
  framing evaluate conll2010 path/to/conll2010-wiki
  framing lexicons list
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="framing",
        description="Show how news articles frame a story, with the exact words as evidence.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="log to stderr (-vv for debug)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("ingest", help="read and clean articles", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    add_input_args(p)
    add_output_args(p, ("jsonl", "csv", "table"))
    p.add_argument("--explain", action="store_true",
                   help="list what cleaning removed or flagged in each article, and why")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("score", help="measure every dimension in every article")
    add_input_args(p)
    add_output_args(p, FORMATS)
    g = p.add_argument_group("scoring")
    g.add_argument("--dimension", action="append", metavar="D",
                   help="run only these dimensions (repeat or comma-separate)")
    g.add_argument("--lexicon", action="append", default=[], metavar="PATH",
                   help="add a lexicon file (its header names its dimension)")
    g.add_argument("--model", action="append", metavar="PATH",
                   help="classifier model file(s) from 'framing train' (repeatable; "
                   "default: the shipped models)")
    g.add_argument("--topic", metavar="NAME|PATH",
                   help="topic profile of the criticism dimension (default: chosen per "
                   "article when one clearly matches; see 'framing topics list')")
    g = p.add_argument_group("scale")
    g.add_argument("--jobs", type=_positive_int, metavar="N",
                   help="processes (Dask workers) to use; default: every core, 1: serial")
    g.add_argument("--engine", choices=("local", "dask"),
                   help="local processes (default) or Dask: pip install 'framing[dask]'")
    g.add_argument("--scheduler", metavar="ADDR",
                   help="with --engine dask: an existing cluster, e.g. tcp://host:8786 "
                   "(default: a local cluster)")
    p.set_defaults(func=cmd_score)

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

    p = sub.add_parser("lexicons", help="list, show or validate lexicons")
    lsub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=_Parser)
    lsub.add_parser("list", help="shipped lexicons with version and size").set_defaults(
        func=cmd_lexicons_list)
    q = lsub.add_parser("show", help="a lexicon's header, categories and entries")
    q.add_argument("name", help="shipped name or path to a .tsv file")
    q.set_defaults(func=cmd_lexicons_show)
    q = lsub.add_parser("validate", help="check lexicon files; errors name file:line")
    q.add_argument("files", nargs="+", metavar="FILE")
    q.set_defaults(func=cmd_lexicons_validate)

    # Further commands live in framing/commands/, one module each with ``add_command(sub)``.
    from . import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{info.name}").add_command(sub)
    return parser


def add_input_args(p: argparse.ArgumentParser) -> None:
    """The input arguments every corpus command shares (read them with input_articles)."""
    g = p.add_argument_group("input")
    g.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="files or folders (.txt .md .html .jsonl .csv), '-' for stdin; "
        "none: the bundled sample corpus",
    )
    g.add_argument("--manifest", metavar="M", help="CSV of outlet, title, author, date…")
    g.add_argument("--text-field", metavar="F", help="text column of JSONL/CSV inputs")
    g.add_argument("--no-clean", action="store_true", help="take text as it is")


def add_output_args(p: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    g = p.add_argument_group("output")
    g.add_argument("-o", "--output", metavar="OUT", help="file to write ('-': stdout)")
    g.add_argument("--format", choices=formats, help="default: from OUT's suffix, else "
                   "jsonl to a file and table to the terminal")


# --------------------------------------------------------------------------------------------


def _paths(args: argparse.Namespace) -> tuple[list[str], str | None]:
    if args.paths:
        return args.paths, args.manifest
    from .ingest import sample_dir

    if args.manifest:
        raise FramingError("--manifest needs PATH arguments (the sample has its own manifest)")
    base = sample_dir()
    return [str(base / "articles")], str(base / "manifest.csv")


def input_articles(args: argparse.Namespace, failures: list[InputError], *,
                   build: bool = True) -> Iterator[Any]:
    """Articles named by add_input_args' arguments; bad inputs are reported on stderr (one
    line each) and appended to ``failures``, and the rest still come. ``build=False``: read
    but not cleaned, for score_records to clean on its workers."""
    from .ingest import iter_articles

    paths, manifest = _paths(args)
    items = iter_articles(paths, manifest=manifest, text_field=args.text_field,
                          clean=not args.no_clean, build=build)
    yield from _reported(items, failures)


def progress(items: Iterable[Any], enabled: bool) -> Iterable[Any]:
    if not enabled or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, unit=" articles", file=sys.stderr, leave=False)


def cmd_ingest(args: argparse.Namespace) -> int:
    failures: list[InputError] = []
    fmt = format_for(args.output, args.format, "table" if args.output in (None, "-") else "jsonl")
    articles = input_articles(args, failures)
    with atomic_output(args.output) as fh:
        if fmt == "table":
            for article in articles:
                fh.write(_explain_article(article, full=args.explain))
        else:
            writer = RowWriter(fh, fmt)
            for article in articles:
                row = {"id": article.id, "source": article.source, **article.meta,
                       "provenance": article.provenance, "n_words": article.n_words,
                       "text": article.text}
                if args.explain:
                    row["removed"] = article.removed_records()
                writer.write(row)
    return 1 if failures else 0


def _explain_article(article: Any, *, full: bool) -> str:
    meta = article.meta
    lines = [f"== {article.id}  {meta.get('title') or '(no title)'}"]
    for key, value in meta.items():
        if value not in (None, ""):
            where = article.provenance.get(key, "")
            lines.append(f"   {key}: {value}" + (f"  [{where}]" if where else ""))
    lines.append(f"   source: {article.source}   words: {article.n_words}")
    if full:
        lines.append("")
        lines.extend("   | " + para for para in article.text.split("\n") if para.strip())
        lines.append("")
        groups: dict[str, list[Any]] = {}
        for r in article.removed:
            groups.setdefault(r.kind, []).append(r)
        if not groups:
            lines.append("   nothing removed")
        for kind, items in groups.items():
            lines.append(f"   {kind} ({len(items)}):")
            for r in items:
                snippet = " ".join(r.text.split())
                snippet = snippet if len(snippet) <= 90 else snippet[:87] + "..."
                at = f" (line {r.line})" if r.line else ""
                lines.append(f"     - {r.reason}{at}: {snippet}")
    return "\n".join(lines) + "\n\n"


def cmd_score(args: argparse.Namespace) -> int:
    from .article import CORE_FIELDS
    from .scoring import article_row

    dims = [d.strip() for spec in args.dimension or [] for d in spec.split(",") if d.strip()]
    options: dict[str, dict[str, Any]] = {}  # per-dimension Scorer options
    if args.model:
        options["classifier"] = {"models": args.model}
    if args.topic:
        options["criticism"] = {"topic": args.topic}
    failures: list[InputError] = []
    default = "table" if args.output in (None, "-") else "jsonl"
    fmt = format_for(args.output, args.format, default)
    if fmt == "parquet" and args.output in (None, "-"):
        raise FramingError("Parquet needs an output file: -o scores.parquet")
    scoring = {"dimensions": dims or None, "lexicons": args.lexicon,
               "options": options or None, "jobs": args.jobs}
    if args.scheduler and args.engine == "local":
        raise FramingError("--scheduler is for --engine dask")
    if args.engine == "dask" or args.scheduler:
        from . import dask_engine

        paths, manifest = _paths(args)
        items = dask_engine.score_records(
            paths, manifest=manifest, text_field=args.text_field, clean=not args.no_clean,
            scheduler=args.scheduler, **scoring,
        )
        if fmt == "parquet":
            dask_engine.write_parquet_dataset(progress(_reported(items, failures), True),
                                              args.output)
            return 1 if failures else 0
    else:
        from .parallel import score_records

        items = score_records(input_articles(args, failures, build=False), **scoring)
    records = progress(_reported(items, failures), True)
    if fmt == "parquet":
        from .parallel import ParquetRowWriter

        with atomic_output(args.output, binary=True) as fh:
            writer = ParquetRowWriter(fh, columns=("id", *CORE_FIELDS, "n_words", "n_sentences"),
                                      text_columns=("id", *CORE_FIELDS))
            for record in records:
                writer.write(article_row(record))
            writer.close()
    elif fmt == "table":
        import pandas as pd

        rows = [article_row(record) for record in records]  # no text or evidence kept
        frame = pd.DataFrame(rows, columns=None if rows else ["id", *TABLE_COLUMNS])
        with atomic_output(args.output) as fh:
            fh.write(_score_table(frame.set_index("id")) + "\n")
    else:
        with atomic_output(args.output) as fh:
            writer = RowWriter(fh, fmt)
            for record in records:
                writer.write(record if fmt == "jsonl" else article_row(record))
    return 1 if failures else 0


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def _reported(items: Iterable[Any], failures: list[InputError]) -> Iterator[Any]:
    """Records from ``items``; input errors among them are reported on stderr in their turn."""
    for item in items:
        if isinstance(item, InputError):
            failures.append(item)
            print(f"framing: {item}", file=sys.stderr)
        else:
            yield item


#: Columns of the terminal table of ``framing score``: the headline metric of each dimension.
TABLE_COLUMNS = (
    "outlet", "n_words", "promotional_per_1k", "promotional_sentence_share",
    "hedging_hedges_per_1k", "hedging_boosters_per_1k", "hedging_certainty_balance",
    "attribution_vague_share", "attribution_unsourced_share", "criticism_coverage",
    "criticism_dismissed_share", "frames_primary",
)


def _score_table(frame: Any) -> str:
    if frame.empty:
        return "no articles scored"
    cols = [c for c in TABLE_COLUMNS if c in frame.columns]
    shown = frame[cols].copy()
    if "outlet" in shown:
        shown["outlet"] = shown["outlet"].fillna("").astype(str).str.slice(0, 24)
    return shown.to_string(float_format=lambda v: f"{v:.2f}", na_rep="-")


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluation import evaluate

    result = evaluate(args.kind, args.path, dimension=args.dimension, lexicons=args.lexicon,
                      model=args.model)
    print(json.dumps(result, ensure_ascii=False))
    if result["dataset"] == "semeval2023-frames":
        from .evaluation import frames_table

        print(frames_table(result["metrics"]), file=sys.stderr)
    return 0


def cmd_lexicons_list(args: argparse.Namespace) -> int:
    from .lexicon import load_lexicon, shipped_lexicons

    for name in shipped_lexicons():
        lex = load_lexicon(name)
        print(f"{lex.id:<28} {lex.dimension:<14} {len(lex.entries):>5} entries  "
              f"{lex.description}")
    return 0


def cmd_lexicons_show(args: argparse.Namespace) -> int:
    from .lexicon import RULES, load_lexicon

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
    from .lexicon import read_lexicon

    return validate_files(
        args.files, read_lexicon, lambda lex: f"{lex.id}, {len(lex.entries)} entries"
    )


def validate_files(
    paths: Sequence[str], read: Callable[[str], Any], summary: Callable[[Any], str]
) -> int:
    """Read each file with ``read``; print "PATH: ok (summary)" or the one-line error.
    Exit code 1 when any file failed; a bad file never stops the others."""
    status = 0
    for path in paths:
        try:
            item = read(path)
        except FramingError as exc:
            print(f"framing: {exc}", file=sys.stderr)
            status = 1
        else:
            print(f"{path}: ok ({summary(item)})")
    return status


# --------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = {0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="framing: %(levelname)s: %(message)s",
                        stream=sys.stderr)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.func(args)
    except FramingError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("framing: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
