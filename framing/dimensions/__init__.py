"""The built-in dimensions. Importing this package registers them, in the order they run."""

from . import attribution, classifier, criticism, frames, hedging, promotional  # noqa: F401

__all__ = ["promotional", "hedging", "attribution", "classifier", "criticism", "frames"]
