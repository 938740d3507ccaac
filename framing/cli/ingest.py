"""``framing ingest``: read and clean articles, and show what cleaning removed and why."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from typing import Any

from .. import settings
from ..errors import InputError
from ..output import RowWriter, atomic_output, format_for
from . import (
    EPILOG,
    Counted,
    NothingWritten,
    add_input_args,
    add_output_args,
    check_output_file,
    input_articles,
    nothing_written,
)


def add_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="read and clean articles", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    add_input_args(p)
    add_output_args(p, ("jsonl", "csv", "table"))
    p.add_argument("--explain", action="store_true",
                   help="list what cleaning removed or flagged in each article, and why")
    p.set_defaults(func=cmd_ingest)


def cmd_ingest(args: argparse.Namespace) -> int:
    check_output_file(args.output)
    try:
        return _ingest(args)
    except NothingWritten:
        return nothing_written(args.output)


def _ingest(args: argparse.Namespace) -> int:
    failures: list[InputError] = []
    fmt = format_for(args.output, args.format,
                     "table" if args.output in (None, "-") else settings.DEFAULT_FORMAT)
    articles = Counted(input_articles(args, failures), failures)
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
