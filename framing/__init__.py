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

__all__ = [
    "__version__", "Article", "Corpus", "Document", "Evidence", "Analysis", "Scorer",
    "FramingError", "InputError", "UnknownNameError",
    "load_corpus", "load_sample", "iter_articles", "analyze",
]
