"""The installed package carries everything the code needs: lexicons, sample corpus, models."""

import shutil
import subprocess
from importlib import metadata, resources

import pytest

import framing
from framing.lexicon import load_lexicon, shipped_lexicons

INSTALLED = "-packages" in framing.__file__  # site-packages or dist-packages, not the source tree


@pytest.mark.skipif(not INSTALLED, reason="framing is imported from the source tree (editable)")
def test_installed_copy_has_the_data():
    base = resources.files("framing.lexicons")
    assert "-packages" in str(base)
    names = {p.name for p in base.iterdir()}
    assert {"promotional.tsv", "hedging.tsv", "README.md"} <= names
    sample = resources.files("framing.data").joinpath("sample")
    assert {p.name for p in sample.iterdir()} >= {"manifest.csv", "key.jsonl", "README.md"}
    assert len([p for p in sample.joinpath("articles").iterdir() if p.is_file()]) == 10
    dist = next(d for d in metadata.distributions(name="news-framing") if "-packages" in str(d._path))
    recorded = {str(f) for f in dist.files}
    assert "framing/lexicons/promotional.tsv" in recorded


def test_every_shipped_lexicon_loads():
    names = shipped_lexicons()
    assert {"promotional", "hedging"} <= set(names)
    for name in names:
        lex = load_lexicon(name)
        assert lex.entries and lex.version and lex.categories


def test_sample_loads_from_package():
    corpus = framing.load_sample()
    assert len(corpus) == 10 and not corpus.errors
    assert {a.id for a in corpus} == {f"sample-{i:02d}" for i in range(1, 11)}


@pytest.mark.skipif(shutil.which("framing") is None, reason="console script not on PATH")
def test_console_script():
    out = subprocess.run(["framing", "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == f"framing {framing.__version__}"
