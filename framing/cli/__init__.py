"""The ``framing`` command: ingest, score, evaluate and manage lexicons here; every further
command in a module of its own beside this file (report, worksheet, grade, topics, train).

Each command module defines ``add_command(sub)``, which adds its parser to the ``framing``
sub-parsers and sets ``func`` to a function ``(args) -> exit code``. The shared input and output
options and the article reader are here (``add_input_args``, ``add_output_args``,
``input_articles``, ``progress``). Exit codes: 0 success, 1 some input could not be processed
(the rest was), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import logging
import os
import pkgutil
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .. import settings
from .._version import __version__
from ..errors import FramingError, InputError
from ..output import FORMATS, RowWriter, atomic_output, dumps, format_for

if TYPE_CHECKING:  # scoring loads the dimensions: only commands that score need it
    from ..scoring import ScoringSpec

log = logging.getLogger("framing")

EPILOG = """examples:
  framing score                              score the bundled sample corpus (table)
  framing score articles/ --manifest m.csv -o scores.jsonl
  framing ingest ../shared/seeds --manifest ../shared/seeds/manifest.csv --explain
  framing evaluate conll2010 path/to/conll2010-wiki
  framing lexicons list
"""


class _Parser(argparse.ArgumentParser):
    #: Set by defer_arguments: adds this parser's arguments the first time it is used.
    _deferred: Callable[[argparse.ArgumentParser], None] | None = None

    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")

    def _complete(self) -> None:
        add, self._deferred = self._deferred, None
        if add is not None:
            add(self)

    def parse_known_args(self, args=None, namespace=None):
        self._complete()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self._complete()
        return super().format_usage()

    def format_help(self) -> str:
        self._complete()
        return super().format_help()


def defer_arguments(parser: argparse.ArgumentParser,
                    add: Callable[[argparse.ArgumentParser], None]) -> None:
    """Call ``add(parser)`` only when the command's parser is used (parsing its arguments or
    showing its help), so a command whose options need a slow import (scikit-learn, the
    dimensions) does not slow down ``framing --help``, ``--version`` and every other command."""
    if not isinstance(parser, _Parser):
        add(parser)
        return
    parser._deferred = add


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
    add_scoring_args(p, models=True)
    g = p.add_argument_group("scale")
    g.add_argument("--engine", choices=("local", "dask"),
                   help="local processes (default) or Dask: pip install 'news-framing[dask]'")
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

    # Further commands live beside this file in framing/cli/, one module each with
    # ``add_command(sub)``.
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{info.name}").add_command(sub)
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


def add_scoring_args(p: argparse.ArgumentParser, *, dimensions: bool = True,
                     models: bool = False, jobs: bool = True) -> None:
    """The scoring options the scoring commands share (read them with scoring_spec)."""
    g = p.add_argument_group("scoring")
    if dimensions:
        g.add_argument("--dimension", action="append", metavar="D",
                       help="run only these dimensions (repeat or comma-separate)")
    g.add_argument("--lexicon", action="append", default=[], metavar="PATH",
                   help="add a lexicon file (its header names its dimension)")
    if models:
        g.add_argument("--model", action="append", metavar="PATH",
                       help="classifier model file(s) from 'framing train' (repeatable; "
                       "default: the shipped models)")
    g.add_argument("--topic", metavar="NAME|PATH",
                   help="topic profile of the criticism dimension (default: chosen per "
                   "article when one clearly matches; see 'framing topics list')")
    if jobs:
        g.add_argument("--jobs", type=_positive_int, metavar="N",
                       help="processes (Dask workers) to use; default: every core, 1: serial")


def scoring_spec(args: argparse.Namespace) -> ScoringSpec:
    """The ScoringSpec that add_scoring_args' options ask for; a --topic for a run without the
    criticism dimension is a usage error."""
    from ..dimensions import available, plan
    from ..scoring import ScoringSpec

    dims = [d.strip() for spec in getattr(args, "dimension", None) or [] for d in spec.split(",")
            if d.strip()]
    options: dict[str, dict[str, Any]] = {}
    if getattr(args, "model", None):
        options["classifier"] = {"models": args.model}
    if args.topic:
        run = plan(dims) if dims and set(dims) <= set(available()) else available()
        if "criticism" not in run:
            raise FramingError("--topic is for the criticism dimension, which is not being run")
        options["criticism"] = {"topic": args.topic}
    return ScoringSpec(tuple(dims) or None, tuple(args.lexicon), options or None,
                       getattr(args, "jobs", None))
#: Help of ``--csv-raw``, the same on every command that writes CSV.
CSV_RAW_HELP = ("write CSV text cells byte for byte; by default a cell that begins with = + - @ "
                "tab or CR (and is not a number) gets a leading ' so a spreadsheet shows it as "
                "text instead of running it as a formula")


def add_output_args(p: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    g = p.add_argument_group("output")
    g.add_argument("-o", "--output", metavar="OUT", help="file to write ('-': stdout)")
    g.add_argument("--format", choices=formats, help="default: from OUT's suffix, else "
                   "jsonl to a file and table to the terminal")
    if "csv" in formats:
        g.add_argument("--csv-raw", action="store_true", help=CSV_RAW_HELP)


# --------------------------------------------------------------------------------------------


def _paths(args: argparse.Namespace) -> tuple[list[str], str | None]:
    if args.paths:
        return args.paths, args.manifest
    from ..ingest.reading import sample_dir

    if args.manifest:
        raise FramingError("--manifest needs PATH arguments (the sample has its own manifest)")
    base = sample_dir()
    return [str(base / "articles")], str(base / "manifest.csv")


def input_articles(args: argparse.Namespace, failures: list[InputError], *,
                   build: bool = True) -> Iterator[Any]:
    """Articles named by add_input_args' arguments; bad inputs are reported on stderr (one
    line each) and appended to ``failures``, and the rest still come. ``build=False``: read
    but not cleaned, for score_records to clean on its workers."""
    from ..ingest.reading import iter_articles

    paths, manifest = _paths(args)
    items = iter_articles(paths, manifest=manifest, text_field=args.text_field,
                          clean=not args.no_clean, build=build)
    yield from _reported(items, failures)


def progress(items: Iterable[Any], enabled: bool) -> Iterable[Any]:
    if not enabled or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, unit=" articles", file=sys.stderr, leave=False)


def check_output_file(path: str | None) -> None:
    """Refuse, before any work, an output file name that is an existing folder."""
    if path not in (None, "-") and os.path.isdir(path):
        raise FramingError(f"{path}: is a folder; name a file to write, e.g. "
                           f"-o {os.path.join(path, 'scores.jsonl')}")


class _NothingWritten(Exception):
    """Raised inside ``atomic_output`` when every input failed: no empty file is left."""


class _Counted:
    """Items passed through, counted; :meth:`check` raises _NothingWritten when there were none
    and some input failed."""

    def __init__(self, items: Iterable[Any], failures: list[InputError]):
        self.items, self.failures, self.n = items, failures, 0

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.n += 1
            yield item

    def check(self, output: str | None) -> None:
        if not self.n and self.failures and output not in (None, "-"):
            raise _NothingWritten


def _nothing_written(output: str) -> int:
    print(f"framing: every input failed: {output} not written", file=sys.stderr)
    return 1


def cmd_ingest(args: argparse.Namespace) -> int:
    check_output_file(args.output)
    try:
        return _ingest(args)
    except _NothingWritten:
        return _nothing_written(args.output)


def _ingest(args: argparse.Namespace) -> int:
    failures: list[InputError] = []
    fmt = format_for(args.output, args.format,
                     "table" if args.output in (None, "-") else settings.DEFAULT_FORMAT)
    articles = _Counted(input_articles(args, failures), failures)
    with atomic_output(args.output) as fh:
        if fmt == "table":
            for article in articles:
                fh.write(_explain_article(article, full=args.explain))
        elif fmt == "csv":
            _write_ingest_csv(fh, articles, explain=args.explain)
        else:
            writer = RowWriter(fh, fmt, csv_raw=args.csv_raw)
            for article in articles:
                writer.write(_ingest_row(article, explain=args.explain))
        articles.check(args.output)
    return 1 if failures else 0


#: Columns of ``framing ingest`` output that metadata never overwrites: a record's own field
#: of one of these names is written as ``meta_<name>``.
INGEST_OWN_COLUMNS = ("id", "source", "file", "provenance", "n_words", "text", "removed")


def _ingest_row(article: Any, *, explain: bool) -> dict[str, Any]:
    meta = {(f"meta_{k}" if k in INGEST_OWN_COLUMNS else k): v for k, v in article.meta.items()}
    row = {"id": article.id, "source": article.source, "file": article.file, **meta,
           "provenance": article.provenance, "n_words": article.n_words, "text": article.text}
    if explain:
        row["removed"] = article.removed_records()
    return row


def _write_ingest_csv(fh: Any, articles: Iterable[Any], *, explain: bool) -> None:
    """CSV whose columns are those of every article (not only the first's): rows are spooled
    to a temporary file while the columns are gathered, then written."""
    import tempfile

    columns: dict[str, None] = {}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for article in articles:
            row = _ingest_row(article, explain=explain)
            columns.update(dict.fromkeys(row))
            spool.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        tail = [c for c in ("provenance", "n_words", "text", "removed") if c in columns]
        order = [*(c for c in columns if c not in tail), *tail]
        spool.seek(0)
        writer = RowWriter(fh, "csv")
        for line in spool:
            row = json.loads(line)
            writer.write({c: row.get(c) for c in order})


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
    try:
        return _score(args)
    except _NothingWritten:
        return _nothing_written(args.output)


def _score(args: argparse.Namespace) -> int:
    from ..article import CORE_FIELDS
    from ..dimensions.criticism.profiles import TopicTally
    from ..scoring import article_row, score_row

    spec = scoring_spec(args)
    failures: list[InputError] = []
    default = "table" if args.output in (None, "-") else settings.DEFAULT_FORMAT
    fmt = format_for(args.output, args.format, default)
    if fmt == "parquet" and args.output in (None, "-"):
        raise FramingError("Parquet needs an output file: -o scores.parquet")
    if not (fmt == "parquet" and (args.engine == "dask" or args.scheduler)):
        check_output_file(args.output)  # the Dask engine writes Parquet as a folder
    if args.scheduler and args.engine == "local":
        raise FramingError("--scheduler is for --engine dask")
    if args.engine == "dask" or args.scheduler:
        from ..engines import dask as dask_engine

        paths, manifest = _paths(args)
        items = dask_engine.score_records(
            paths, manifest=manifest, text_field=args.text_field, clean=not args.no_clean,
            scheduler=args.scheduler, **spec.engine_args(),
        )
        if fmt == "parquet":
            dask_engine.write_parquet_dataset(progress(_reported(items, failures), True),
                                              args.output)
            return 1 if failures else 0
    else:
        from ..engines.local import score_records

        items = score_records(input_articles(args, failures, build=False), **spec.engine_args())
    tally = TopicTally()
    records = _Counted(progress(tally.count(_reported(items, failures)), True), failures)
    if fmt == "parquet":
        from ..engines.local import ParquetRowWriter

        with atomic_output(args.output, binary=True) as fh:
            writer = ParquetRowWriter(fh, columns=("id", "file", *CORE_FIELDS, "n_words",
                                                   "n_sentences"),
                                      text_columns=("id", "file", *CORE_FIELDS))
            for record in records:
                writer.write(score_row(record))
            records.check(args.output)
            writer.close()
    elif fmt == "table":
        import pandas as pd

        rows = [article_row(record) for record in records]  # no text or evidence kept
        frame = pd.DataFrame(rows, columns=None if rows else ["id", *TABLE_COLUMNS])
        with atomic_output(args.output) as fh:
            records.check(args.output)
            fh.write(_score_table(frame.set_index("id")) + "\n")
    else:
        with atomic_output(args.output) as fh:
            writer = RowWriter(fh, fmt, csv_raw=args.csv_raw)
            for record in records:
                writer.write(record if fmt == "jsonl" else score_row(record))
            records.check(args.output)
    if "criticism" in (spec.dimensions or ()) or sys.stderr.isatty():  # for people, not pipes
        tally.report()
    return 1 if failures else 0


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def _reported(items: Iterable[Any], failures: list[InputError]) -> Iterator[Any]:
    """Records from ``items``; input errors among them are reported on stderr in their turn.
    Strings with lone surrogates (a JSON "\\ud800" escape) are repaired on the way, so that no
    writer (UTF-8 files, pandas, Parquet) fails on them."""
    from ..article import Article
    from ..output import repair_strings

    for item in items:
        if isinstance(item, InputError):
            failures.append(item)
            print(f"framing: {repair_strings(str(item))}", file=sys.stderr)
        elif isinstance(item, dict):
            if item.get("not_scored"):
                print(f"framing: {item.get('source') or item.get('id')}: {item['not_scored']}: "
                      "not scored", file=sys.stderr)
            yield repair_strings(item)
        else:
            if isinstance(item, Article):
                item.id, item.text, item.source = repair_strings([item.id, item.text, item.source])
                item.meta = repair_strings(item.meta)
            yield item


#: Columns of the terminal table of ``framing score``: the headline metric of each dimension.
TABLE_COLUMNS = (
    "outlet", "n_words", "promotional_per_1k", "promotional_sentence_share",
    "hedging_hedges_per_1k", "hedging_boosters_per_1k", "hedging_certainty_balance",
    "attribution_vague_share", "attribution_unsourced_share", "criticism_coverage",
    "criticism_dismissed_share",
)


#: The terminal table as shown: (column, header, width, format). At most 100 characters wide;
#: every metric is in the CSV/JSONL output (framing score -o scores.csv).
TABLE_VIEW = (
    ("outlet", "outlet", 21, ""), ("n_words", "words", 6, ".0f"),
    ("promotional_per_1k", "promo/1k", 8, ".1f"), ("hedging_hedges_per_1k", "hedge/1k", 8, ".1f"),
    ("hedging_boosters_per_1k", "boost/1k", 8, ".1f"), ("attribution_vague_share", "vague", 5,
                                                         ".2f"),
    ("attribution_unsourced_share", "unsrc", 5, ".2f"), ("criticism_coverage", "crit", 5, ".2f"),
    ("criticism_dismissed_share", "dism", 5, ".2f"),
)
TABLE_LEGEND = (
    "promo/1k, hedge/1k, boost/1k: promotional phrases, hedges, boosters per 1,000 words; "
    "vague, unsrc:\nshare of sources that are vague, of claims with no source; crit: share of "
    "the topic's concerns\nraised; dism: share of those dismissed. - = no base. All metrics: "
    "framing score -o scores.csv"
)
#: Widest id shown (longer ones are cut with "…").
TABLE_ID_WIDTH = 18


def _cell(value: Any, width: int, fmt: str) -> str:
    if fmt:
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        text = "-" if number != number else format(number, fmt)
        return text.rjust(width)
    text = "" if value is None or value != value else str(value)
    text = " ".join(text.split())
    return (text[:width - 1] + "…" if len(text) > width else text).ljust(width)


def _score_table(frame: Any) -> str:
    """The articles as a table that fits a terminal of 100 columns, with a legend."""
    if frame.empty:
        return "no articles scored"
    view = [(c, h, w, f) for c, h, w, f in TABLE_VIEW if c in frame.columns]
    ids = [str(i) for i in frame.index]
    width = min(max([len(i) for i in ids] + [2]), TABLE_ID_WIDTH)
    lines = [" ".join(["id".ljust(width), *(h.rjust(w) if f else h.ljust(w)
                                          for _, h, w, f in view)]).rstrip()]
    for ident, (_, row) in zip(ids, frame.iterrows()):
        cells = [_cell(ident, width, "")] + [_cell(row[c], w, f) for c, _, w, f in view]
        lines.append(" ".join(cells).rstrip())
    return "\n".join(lines) + "\n\n" + TABLE_LEGEND


def cmd_evaluate(args: argparse.Namespace) -> int:
    from ..lab.evaluate import evaluate

    result = evaluate(args.kind, args.path, dimension=args.dimension, lexicons=args.lexicon,
                      model=args.model)
    print(dumps(result))
    if result["dataset"] == "semeval2023-frames":
        from ..lab.evaluate import frames_table

        print(frames_table(result["metrics"]), file=sys.stderr)
    return 0


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
        with _signals_interrupt():
            return args.func(args)
    except FramingError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP (see _signals_interrupt)
        signum = getattr(exc, "signum", signal.SIGINT)
        if signum == signal.SIGINT:
            print("framing: interrupted", file=sys.stderr)
        else:
            print(f"framing: stopped by {signal.Signals(signum).name}", file=sys.stderr)
        return 128 + signum
    except BrokenPipeError:
        return 0
    except OSError as exc:  # the environment: permissions, a folder in the way, a full disk
        print(f"framing: error: {os_error_message(exc)}", file=sys.stderr)
        return 1


class Stopped(KeyboardInterrupt):
    """A signal asked framing to stop: handled as Ctrl-C is (workers stopped, no partial
    output file), with exit code 128 + the signal's number."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum: int, frame: Any) -> None:
    raise Stopped(signum)


@contextlib.contextmanager
def _signals_interrupt() -> Iterator[None]:
    """While a command runs, SIGTERM (and SIGHUP) stop it the way Ctrl-C does, instead of
    killing this process at once and leaving its workers and temporary files behind. Only
    signals left at their default are taken (not one that nohup ignores), in the main thread,
    and the previous handlers come back afterwards."""
    taken = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            sig = getattr(signal, name, None)
            if sig is not None and signal.getsignal(sig) is signal.SIG_DFL:
                taken[sig] = signal.signal(sig, _raise_stopped)
    try:
        yield
    finally:
        for sig, previous in taken.items():
            signal.signal(sig, previous)


def os_error_message(exc: OSError) -> str:
    """One line for an error the system gave: the file it concerns, what happened and what to
    do (a rename names its target, not the temporary file)."""
    import errno

    name = exc.filename2 if exc.filename2 is not None else exc.filename
    where = f"{os.fsdecode(name)}: " if name is not None else ""
    what = exc.strerror or str(exc)
    hint = {
        errno.EACCES: "write elsewhere (-o) or change the folder's permissions",
        errno.EPERM: "write elsewhere (-o) or change the folder's permissions",
        errno.EROFS: "the file system is read-only: write elsewhere (-o)",
        errno.EISDIR: "name a file to write, e.g. -o scores.jsonl",
        errno.EEXIST: "a file is where the output needs a folder: choose another -o",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.ENOSPC: "the disk is full: free some space or write elsewhere (-o)",
        errno.EDQUOT: "the disk quota is used up: free some space or write elsewhere (-o)",
    }.get(exc.errno or 0)
    return f"{where}{what.lower() if what[:1].isupper() else what}" + (f"; {hint}" if hint else "")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
