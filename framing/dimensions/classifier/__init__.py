"""Sentence classifiers: lexicon and n-gram features, shipped linear models, the dimension."""

from .dimension import Classifier  # importing the package registers the dimension

__all__ = ["Classifier"]
