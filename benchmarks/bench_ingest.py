"""Read real files through framing's ingestion and print what came of them, and how fast.

    python benchmarks/bench_ingest.py [FOLDER ...]   (default: ../shared/eval and ../shared/seeds)

For every .txt/.md/.html file below the folders (read whole) and every .csv/.jsonl file (read as
records, text column found as framing finds it): how many articles, errors and warnings, the
encodings used, and a fingerprint of all the texts read, so that two checkouts can be compared
(run it with PYTHONPATH pointing at the other checkout). Prints numbers; asserts nothing.
"""

from __future__ import annotations

import collections
import hashlib
import logging
import sys
import time
from pathlib import Path

from framing.ingest.reading import SUFFIXES, iter_articles

HERE = Path(__file__).resolve().parent.parent


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.kinds: collections.Counter[str] = collections.Counter()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.kinds[message.split(": ", 1)[-1][:60]] += 1


def main(folders: list[str]) -> None:
    files = sorted(p for folder in folders for p in Path(folder).rglob("*")
                   if p.is_file() and p.suffix.lower() in SUFFIXES)
    counter = _Count()
    logging.getLogger("framing").addHandler(counter)
    logging.getLogger("framing").propagate = False
    digest = hashlib.sha1()
    articles = 0
    errors: collections.Counter[str] = collections.Counter()
    start = time.perf_counter()
    for item in iter_articles([str(f) for f in files], clean=False):
        if hasattr(item, "text"):
            articles += 1
            digest.update(item.text.encode("utf-8", errors="replace"))
        else:
            errors[item.message.split(";")[0][:70]] += 1
    took = time.perf_counter() - start
    print(f"files: {len(files)}  articles: {articles}  errors: {sum(errors.values())}  "
          f"warnings: {sum(counter.kinds.values())}  seconds: {took:.1f}")
    print(f"texts sha1: {digest.hexdigest()[:16]}")
    for message, n in errors.most_common(8):
        print(f"  error x{n}: {message}")
    for message, n in counter.kinds.most_common(8):
        print(f"  warning x{n}: {message}")


if __name__ == "__main__":
    shared = HERE.parent / "shared"
    main(sys.argv[1:] or [str(shared / "eval"), str(shared / "seeds")])
