"""Reading articles: files, folders, JSONL, CSV and stdin, decoded, cleaned and given metadata.

:mod:`.reading` finds and reads the inputs and builds articles, :mod:`.cleaning` keeps what a
reader of the article reads (and lists what it removed, with reasons), :mod:`.metadata` infers
title, outlet, date and byline where no manifest gives them.
"""

from .reading import (
    Corpus,
    IdCheck,
    Manifest,
    PendingArticle,
    build_article,
    iter_articles,
    load_corpus,
    load_sample,
    sample_dir,
)

__all__ = ["Corpus", "IdCheck", "Manifest", "PendingArticle", "build_article", "iter_articles",
           "load_corpus", "load_sample", "sample_dir"]
