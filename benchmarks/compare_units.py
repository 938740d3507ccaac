"""Check that a change to framing/textunits.py leaves every text unit unchanged.

Loads ``framing/textunits.py`` from another source tree (for example main before the change,
unpacked with ``git archive COMMIT | tar -x -C /tmp/before``) beside this tree's, and compares
for every text: the sentence spans, the token spans, norms and sentences, the quotations,
the word indices and the language verdict (``Document.from_text`` and
``language_problem``), and ``split_sentences`` and ``find_quotes`` called on their own.

Texts: the bundled sample corpus, the seeds (with their manifest), the PolNeAR texts, the
SemEval-2023 articles and the BASIL articles (paragraphs joined by blank lines), each when
present under ``--shared``; each both as read from its file and as ``framing score`` cleans it.

    python benchmarks/compare_units.py --before /tmp/before --shared /work/shared

Prints one line per corpus (texts compared, texts that differ, the first difference) and exits
1 when any text differs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def load_textunits(tree: Path, name: str):
    """``framing/textunits.py`` of a source tree as a module of its own (it imports only the
    standard library and, in older trees, NLTK's Punkt)."""
    spec = importlib.util.spec_from_file_location(name, tree / "framing" / "textunits.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def raw_texts(shared: Path) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(corpus name, [(text id, text as read from its file)]) for each corpus present."""
    from framing.ingest.reading import sample_dir

    yield "sample", [(p.name, p.read_text(encoding="utf-8"))
                     for p in sorted((sample_dir() / "articles").iterdir())]
    groups = {
        "seeds": sorted((shared / "seeds").glob("*.txt")),
        "polnear": sorted((shared / "eval" / "polnear").glob("*/text/*.txt")),
        "semeval": sorted((shared / "eval" / "semeval2023" / "train-articles-subtask-3")
                          .glob("article*.txt")),
    }
    for name, paths in groups.items():
        if paths:
            yield name, [(p.name, p.read_text(encoding="utf-8", errors="replace"))
                         for p in paths]
    basil = sorted((shared / "eval" / "basil" / "articles").rglob("*.json"))
    if basil:
        texts = []
        for p in basil:
            paragraphs = json.loads(p.read_text(encoding="utf-8"))["body-paragraphs"]
            texts.append((p.name, "\n\n".join(" ".join(map(str, para)) for para in paragraphs)))
        yield "basil", texts


def cleaned(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The same texts as ``framing score`` reads them (HTML extracted, boilerplate cleaned)."""
    from framing.ingest.reading import build_article

    return [(name, build_article(text, name, file=name).text) for name, text in texts]


def units(tu, text: str) -> dict:
    doc = tu.Document.from_text(text)
    return {
        "sentences": [tuple(s) for s in doc.sentences],
        "tokens": list(zip(doc.token_starts, doc.token_ends, doc.norms, doc.token_sentence)),
        "quotes": [tuple(q) for q in doc.quotes],
        "word_indices": doc.word_indices,
        "language": tu.language_problem(doc),
        "split_sentences": [tuple(s) for s in tu.split_sentences(text)],
        "find_quotes": [tuple(q) for q in tu.find_quotes(text)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other source tree")
    parser.add_argument("--after", type=Path, default=ROOT, help="default: this tree")
    parser.add_argument("--shared", type=Path, default=SHARED,
                        help="folder with seeds/ and eval/ (default: ../shared)")
    args = parser.parse_args(argv)
    old = load_textunits(args.before, "textunits_before")
    new = load_textunits(args.after, "textunits_after")
    differ = 0
    for corpus, texts in raw_texts(args.shared):
        for form, items in (("raw", texts), ("cleaned", cleaned(texts))):
            bad = []
            n_sentences = n_tokens = 0
            for name, text in items:
                a, b = units(old, text), units(new, text)
                n_sentences += len(a["sentences"])
                n_tokens += len(a["tokens"])
                if a != b:
                    bad.append((name, next(k for k in a if a[k] != b[k])))
            differ += len(bad)
            print(f"{corpus} ({form}): {len(items)} texts, {n_sentences} sentences, "
                  f"{n_tokens} tokens; {len(bad)} differ"
                  + (f"; first: {bad[0][0]} ({bad[0][1]})" if bad else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
