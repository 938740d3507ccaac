"""The ``framing`` command: the parser, the options and helpers its commands share, and main();
each command in a module of its own beside this file (see COMMANDS).

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
import logging
import os
import pkgutil
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .._version import __version__
from ..errors import FramingError, InputError

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


#: The commands in the order ``framing --help`` lists them, one module each in framing/cli/.
COMMANDS = ("ingest", "score", "evaluate", "lexicons", "grade", "report", "topics", "train",
            "worksheet")


class CommandParser(argparse.ArgumentParser):
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
    if not isinstance(parser, CommandParser):
        add(parser)
        return
    parser._deferred = add


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog="framing",
        description="Show how news articles frame a story, with the exact words as evidence.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="log to stderr (-vv for debug)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)

    # Each command is a module beside this file with ``add_command(sub)``; COMMANDS gives the
    # order of --help, and a module not listed there comes after them.
    found = {info.name for info in pkgutil.iter_modules(__path__)}
    for name in [*(c for c in COMMANDS if c in found), *sorted(found - set(COMMANDS))]:
        importlib.import_module(f"{__name__}.{name}").add_command(sub)
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
        g.add_argument("--jobs", type=positive_int, metavar="N",
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


def input_paths(args: argparse.Namespace) -> tuple[list[str], str | None]:
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

    paths, manifest = input_paths(args)
    items = iter_articles(paths, manifest=manifest, text_field=args.text_field,
                          clean=not args.no_clean, build=build)
    yield from reported(items, failures)


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


class NothingWritten(Exception):
    """Raised inside ``atomic_output`` when every input failed: no empty file is left."""


class Counted:
    """Items passed through, counted; :meth:`check` raises NothingWritten when there were none
    and some input failed."""

    def __init__(self, items: Iterable[Any], failures: list[InputError]):
        self.items, self.failures, self.n = items, failures, 0

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.n += 1
            yield item

    def check(self, output: str | None) -> None:
        if not self.n and self.failures and output not in (None, "-"):
            raise NothingWritten


def nothing_written(output: str) -> int:
    print(f"framing: every input failed: {output} not written", file=sys.stderr)
    return 1


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def reported(items: Iterable[Any], failures: list[InputError], *,
             repair_records: bool = True) -> Iterator[Any]:
    """Records from ``items``; input errors among them are reported on stderr in their turn.
    Strings with lone surrogates (a JSON "\\ud800" escape) are repaired on the way, so that no
    writer (UTF-8 files, pandas, Parquet) fails on them. ``repair_records=False`` leaves
    scored records (dicts) as they come, for a writer that repairs its own text (JSONL:
    output.dumps)."""
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
            yield repair_strings(item) if repair_records else item
        else:
            if isinstance(item, Article):
                item.id, item.text, item.source = repair_strings([item.id, item.text, item.source])
                item.meta = repair_strings(item.meta)
            yield item


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
