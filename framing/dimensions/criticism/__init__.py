"""Omitted criticism: topic profiles, each article's critical aspects, and gaps across outlets."""

from .dimension import Criticism  # importing the package registers the dimension

__all__ = ["Criticism"]
