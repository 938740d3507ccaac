"""Start-up stays light (issue 19): what ``import framing`` and the CLI's parser load, and that
splitting sentences imports no part of NLTK (a later ``import nltk`` stays intact).

Each check runs in a fresh interpreter, since this test process has imported most things."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("nltk", "pandas", "sklearn", "scipy", "matplotlib", "jinja2")


def _loaded(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _heavy_after(code: str) -> list[str]:
    probe = (f"{code}\nimport json, sys\n"
             f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})))")
    return _loaded(probe)


def test_import_framing_loads_no_heavy_library():
    assert _heavy_after("import framing") == []


def test_the_parser_and_version_load_no_heavy_library():
    code = ("import contextlib, io\nfrom framing.cli import build_parser\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        build_parser().parse_args(['--version'])\n"
            "    except SystemExit:\n        pass")
    assert _heavy_after(code) == []


def test_lazy_names_still_resolve():
    assert _loaded("import json, framing as fr\n"
                   "print(json.dumps([fr.Document.__name__, fr.analyze.__name__, "
                   "fr.load_sample.__name__, fr.Scorer.__name__]))") == [
        "Document", "analyze", "load_sample", "Scorer"]


def test_sentences_split_without_nltk_and_nltk_still_imports_whole():
    """Punkt's decisions are made in textunits itself: no part of NLTK is imported to split
    sentences, and a later ``import nltk`` by the user runs the real package in full."""
    code = """
import json, sys
import framing.textunits as tu
before = sorted(m for m in sys.modules if m == "nltk" or m.startswith("nltk."))
spans = [(s.start, s.end) for s in tu.split_sentences("Mr. Smith left at 5 p.m. on Monday. He ran.")]
after_split = sorted(m for m in sys.modules if m == "nltk" or m.startswith("nltk."))
import nltk
whole = all(hasattr(nltk, n) for n in ("FreqDist", "corpus", "tokenize", "collocations"))
print(json.dumps([before, after_split, spans, whole]))
"""
    before, after_split, spans, whole = _loaded(code)
    assert before == [] and after_split == []
    assert spans == [[0, 35], [36, 43]]
    assert whole


def test_scoring_with_every_dimension_loads_no_heavy_library(tmp_path):
    """The classifier models score without scikit-learn (plain parameters), and no dimension
    loads pandas, scipy or nltk's package: ``framing score`` of a file needs none of them."""
    out = tmp_path / "short.jsonl"
    code = ("import contextlib, io\nfrom framing.cli import main\nfrom framing.ingest.reading "
            "import sample_dir\nshort = sample_dir() / 'articles' / '03_opinion_portal.txt'\n"
            f"assert main(['score', str(short), '-o', {str(out)!r}]) == 0")
    assert _heavy_after(code) == []
    assert out.read_text(encoding="utf-8").count("\n") == 1


def test_a_dataframe_still_brings_pandas():
    code = ("import framing as fr\nframes = fr.analyze([{'id': 'a', 'text': 'It may rain.'}], "
            "dimensions=['hedging'])\nassert len(frames.articles) == 1")
    assert _heavy_after(code) == ["pandas"]
