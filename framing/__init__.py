"""framing: show how news articles frame a story, with the exact words as evidence.

>>> import framing as fr
>>> corpus = fr.load_sample()
>>> articles, evidence = fr.analyze(corpus)
"""

from __future__ import annotations

from ._version import __version__
from .article import Article, set_html_view
from .errors import FramingError, InputError, UnknownNameError
from .evidence import Evidence
from .ingest.reading import Corpus, iter_articles, load_corpus, load_sample
from .scoring import Analysis, Scorer, analyze
from .textunits import Document

#: Names loaded on first use, so ``import framing`` (and every CLI call and worker process)
#: does not pay for matplotlib, jinja2 or scikit-learn models it may not need.
_LAZY = {
    # notebooks: tables, inline articles, plots returning Axes
    "compare": "views.notebook", "show": "views.notebook", "score": "views.notebook",
    "plot_profile": "views.notebook", "plot_hedging": "views.notebook",
    "plot_sources": "views.notebook", "plot_cues": "views.notebook",
    "plot_criticism": "views.notebook",
    # omitted criticism
    "aspects_frame": "dimensions.criticism.gaps", "corpus_gaps": "dimensions.criticism.gaps",
    "load_profile": "dimensions.criticism.profiles",
    "shipped_profiles": "dimensions.criticism.profiles",
    # views
    "report": "views.report", "make_worksheet": "classroom.worksheet",
    "grade": "classroom.grading",
    # classifiers
    "load_model": "dimensions.classifier.models", "train": "dimensions.classifier.models",
    "LexiconFeatures": "dimensions.classifier.features",
    # scale
    "score_records": "engines.local",
}


def _article_html(article: Article) -> str:
    """An article in a notebook: scored, its evidence highlighted (the notebook view)."""
    from .views.notebook import show

    return show(article)._repr_html_()


set_html_view(_article_html)


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
