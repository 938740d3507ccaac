"""Attribution: who is quoted or cited, with which verb, and what goes unsourced."""

from .dimension import Attribution  # importing the package registers the dimension

__all__ = ["Attribution"]
