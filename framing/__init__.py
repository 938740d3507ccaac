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

#: Names loaded on first use, so ``import framing`` (and every CLI call and worker process)
#: does not pay for pandas, NLTK's Punkt, matplotlib, jinja2 or scikit-learn models it may not
#: need (``framing --version`` imports only this file's eager names).
_LAZY = {
    # reading and scoring
    "Corpus": "ingest.reading", "iter_articles": "ingest.reading",
    "load_corpus": "ingest.reading", "load_sample": "ingest.reading",
    "Analysis": "scoring", "Scorer": "scoring", "analyze": "scoring",
    "Document": "textunits",
    # notebooks: tables, inline articles, plots returning Axes
    "compare": "views.notebook", "show": "views.notebook", "score": "views.notebook",
    "plot_profile": "views.notebook", "plot_hedging": "views.notebook",
    "plot_sources": "views.notebook", "plot_cues": "views.notebook",
    "plot_criticism": "views.notebook", "plot_frames": "views.notebook",
    # omitted criticism
    "aspects_frame": "dimensions.criticism.gaps", "corpus_gaps": "dimensions.criticism.gaps",
    "load_profile": "dimensions.criticism.profiles",
    "shipped_profiles": "dimensions.criticism.profiles",
    # views
    "report": "views.report", "make_worksheet": "classroom.worksheet",
    "grade": "classroom.grading",
    # classifiers
    "load_model": "dimensions.classifier.models", "train": "lab.training",
    "LexiconFeatures": "lab.training",
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
    "__version__", "Article", "Evidence", "FramingError", "InputError", "UnknownNameError",
    *_LAZY,
]
