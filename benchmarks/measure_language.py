"""Measure: how often the "not English" check refuses real English text, and what it costs.

Runs ``framing.textunits.language_problem`` over every text of the English datasets in
../shared/eval (PolNeAR, SemEval-2023, BASIL articles; BABE and CoNLL-2010 sentences as
one-sentence texts, which are too short to be judged by the share of function words but are
still checked for their script) and the bundled sample corpus, and prints per dataset how
many texts were refused (each one with its reason), and the lowest share of English function
words among the texts long enough to be judged. The threshold in textunits.py must stay below
that lowest share.

    python benchmarks/measure_language.py [--eval ../shared/eval]

The numbers are printed, never checked.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections.abc import Callable
from pathlib import Path

from framing.textunits import (
    ENGLISH_FUNCTION_WORDS,
    MIN_WORDS,
    Document,
    language_problem,
)

HERE = Path(__file__).resolve().parent


def _files(pattern: str) -> Callable[[Path], list[str]]:
    return lambda base: [p.read_text(encoding="utf-8", errors="replace")
                         for p in sorted(base.glob(pattern))]


def _basil(base: Path) -> list[str]:
    texts = []
    for path in sorted(base.glob("basil/articles/*/*.json")):
        paragraphs = json.loads(path.read_text(encoding="utf-8")).get("body-paragraphs") or []
        texts.append("\n".join(" ".join(p) if isinstance(p, list) else str(p)
                               for p in paragraphs))
    return texts


def _csv_column(pattern: str, column: int | str, delimiter: str) -> Callable[[Path], list[str]]:
    """Column ``column`` (a header name, or a position in a file without a header)."""
    def read(base: Path) -> list[str]:
        texts = []
        for path in sorted(base.glob(pattern)):
            with path.open(encoding="utf-8-sig", newline="") as fh:
                if isinstance(column, str):
                    rows = csv.DictReader(fh, delimiter=delimiter)
                    texts += [row.get(column) or "" for row in rows]
                else:
                    texts += [row[column] for row in csv.reader(fh, delimiter=delimiter)
                              if len(row) > column]
        return texts
    return read


DATASETS: dict[str, Callable[[Path], list[str]]] = {
    "polnear": _files("polnear/*/text/*.txt"),
    "semeval2023": _files("semeval2023/train-articles-subtask-3/*.txt"),
    "basil": _basil,
    "babe (sentences)": _csv_column("babe/*.csv", "text", ";"),
    "conll2010-wiki (sentences)": _csv_column("conll2010-wiki/*.csv", 1, ","),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=HERE.parent.parent / "shared" / "eval")
    args = ap.parse_args()
    sample = HERE.parent / "framing" / "data" / "sample" / "articles"
    corpora = {"sample": [p.read_text(encoding="utf-8") for p in sorted(sample.glob("*.txt"))]}
    corpora.update((name, read(args.eval)) for name, read in DATASETS.items())
    total_time = total_texts = 0.0
    for name, texts in corpora.items():
        refused, shares = [], []
        for text in texts:
            doc = Document.from_text(text)
            t0 = time.perf_counter()
            reason = language_problem(doc)
            total_time += time.perf_counter() - t0
            if reason:
                refused.append(reason)
            words = [doc.norms[i] for i in doc.word_indices if doc.norms[i][:1].isalpha()]
            if len(words) >= MIN_WORDS:
                shares.append(sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words))
        total_texts += len(texts)
        lowest = f"{min(shares):.3f}" if shares else "-"
        print(f"{name:28} {len(texts):5} texts  refused {len(refused):3}  "
              f"judged by function words {len(shares):5}  lowest share {lowest}")
        for reason in refused[:10]:
            print(f"    {reason}")
    if total_texts:
        print(f"language_problem: {1000 * total_time / total_texts:.3f} ms per text")


if __name__ == "__main__":
    main()
