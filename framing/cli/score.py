"""``framing score``: measure every dimension in every article (JSONL, CSV, Parquet or a
terminal table)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .. import settings
from ..errors import FramingError, InputError
from ..output import FORMATS, RowWriter, atomic_output, format_for
from . import (
    Counted,
    NothingWritten,
    add_input_args,
    add_output_args,
    add_scoring_args,
    check_output_file,
    input_articles,
    input_paths,
    nothing_written,
    progress,
    reported,
    scoring_spec,
)


def add_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help="measure every dimension in every article")
    add_input_args(p)
    add_output_args(p, FORMATS)
    p.add_argument("--evidence", choices=("slim", "full"), default="slim",
                   help="JSONL records: slim (default) leaves out what the record already "
                   "holds (span texts, classifier rows: see the 'classifier' field, "
                   "attribution content rows); full: every evidence row as scored")
    add_scoring_args(p, models=True)
    g = p.add_argument_group("scale")
    g.add_argument("--engine", choices=("local", "dask"),
                   help="local processes (default) or Dask: pip install 'news-framing[dask]'")
    g.add_argument("--scheduler", metavar="ADDR",
                   help="with --engine dask: an existing cluster, e.g. tcp://host:8786 "
                   "(default: a local cluster)")
    p.set_defaults(func=cmd_score)


def cmd_score(args: argparse.Namespace) -> int:
    try:
        return _score(args)
    except NothingWritten:
        return nothing_written(args.output)


def _score(args: argparse.Namespace) -> int:
    from ..article import CORE_FIELDS
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

        paths, manifest = input_paths(args)
        items = dask_engine.score_records(
            paths, manifest=manifest, text_field=args.text_field, clean=not args.no_clean,
            scheduler=args.scheduler, **spec.engine_args(),
        )
        if fmt == "parquet":
            dask_engine.write_parquet_dataset(progress(reported(items, failures), True),
                                              args.output)
            return 1 if failures else 0
    else:
        from ..engines.local import score_records

        finish = None
        if fmt == "jsonl":  # lines made where articles are scored: the parent only writes them
            from functools import partial

            from ..record import encoded_record

            finish = partial(encoded_record, evidence=args.evidence)
        items = score_records(input_articles(args, failures, build=False), finish=finish,
                              **spec.engine_args())
    tally = _topic_tally(spec.dimensions)
    # JSONL lines are repaired as they are written (output.dumps), so records are not walked
    records = Counted(progress(tally.count(reported(items, failures,
                                                    repair_records=fmt != "jsonl")), True),
                      failures)
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
        from ..record import EncodedRecord, slim_record

        slim = fmt == "jsonl" and args.evidence == "slim"
        with atomic_output(args.output) as fh:
            writer = RowWriter(fh, fmt, csv_raw=args.csv_raw)
            for record in records:
                if isinstance(record, EncodedRecord):
                    fh.write(record.line + "\n")
                    continue
                writer.write((slim_record(record) if slim else record) if fmt == "jsonl"
                             else score_row(record))
            records.check(args.output)
    if "criticism" in (spec.dimensions or ()) or sys.stderr.isatty():  # for people, not pipes
        tally.report()
    return 1 if failures else 0


class _NoCriticism:
    """The topic tally of a run without the criticism dimension: nothing to count or say (and
    its modules, with every dimension they require, are not imported)."""

    def count(self, records: Any) -> Any:
        return records

    def report(self) -> None:
        pass


def _topic_tally(dimensions: tuple[str, ...] | None) -> Any:
    """The tally of records with no topic profile, when criticism is among the dimensions."""
    if dimensions and "criticism" not in dimensions:
        return _NoCriticism()
    from ..dimensions.criticism.profiles import TopicTally

    return TopicTally()


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
