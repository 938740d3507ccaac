"""framing: show how news articles frame a story, with the exact words as evidence.

>>> import framing as fr
>>> corpus = fr.load_sample()
>>> articles, evidence = fr.analyze(corpus)
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("framing")
except PackageNotFoundError:  # running from a source checkout that was never installed
    __version__ = "0+unknown"

from .article import Article  # noqa: E402
from .errors import FramingError, InputError, UnknownNameError  # noqa: E402
from .evidence import Evidence  # noqa: E402
from .ingest import Corpus, iter_articles, load_corpus, load_sample  # noqa: E402
from .scoring import Analysis, Scorer, analyze  # noqa: E402
from .textunits import Document  # noqa: E402

#: Names loaded on first use, so ``import framing`` (and every CLI call and worker process)
#: does not pay for matplotlib, jinja2 or scikit-learn models it may not need.
_LAZY = {
    # notebooks: tables, inline articles, plots returning Axes
    "compare": "notebook", "show": "notebook", "score": "notebook",
    "plot_profile": "notebook", "plot_hedging": "notebook", "plot_sources": "notebook",
    "plot_cues": "notebook", "plot_criticism": "notebook", "plot_frames": "notebook",
    # omitted criticism
    "aspects_frame": "corpus_gaps", "corpus_gaps": "corpus_gaps",
    "load_profile": "topics", "shipped_profiles": "topics",
    # views
    "report": "reporting", "make_worksheet": "worksheet", "grade": "grading",
    # classifiers
    "load_model": "models", "train": "models", "LexiconFeatures": "features",
    # scale
    "score_records": "parallel",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'framing' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip this function (and beat the submodule)
    return value


__all__ = [
    "__version__", "Article", "Corpus", "Document", "Evidence", "Analysis", "Scorer",
    "FramingError", "InputError", "UnknownNameError",
    "load_corpus", "load_sample", "iter_articles", "analyze", *_LAZY,
]
