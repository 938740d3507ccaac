"""The built-in dimensions, and the catalogue to find and build any registered dimension.

Importing this package registers the built-in ones; :func:`available`, :func:`create`,
:func:`plan`, :func:`requires` and :func:`assigns` answer for every dimension registered with
:func:`framing.registry.register`, built-in or a user's.
"""

from ..registry import assigns, available, create, plan, requires
from . import attribution, classifier, criticism, frames, hedging, promotional  # noqa: F401

__all__ = ["assigns", "available", "create", "plan", "requires",
           "promotional", "hedging", "attribution", "classifier", "criticism", "frames"]
