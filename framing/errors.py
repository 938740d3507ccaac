"""Errors that framing reports to users as one line: what went wrong, where, and what to do."""

from __future__ import annotations

from collections.abc import Iterable


class FramingError(Exception):
    """Base class: the message is a complete, one-line explanation for a user."""


class InputError(FramingError):
    """A file (or one line/row of it) that cannot be read as an article."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # pickled whole when a worker process hands one back
        return (type(self), (self.path, self.message, self.line))


class UnknownNameError(FramingError, KeyError):
    """A lexicon, dimension, profile or model name that does not exist."""

    def __init__(self, kind: str, name: str, available: Iterable[str]):
        self.kind = kind
        self.name = name
        self.available = sorted(available)
        names = ", ".join(self.available) or "(none)"
        super().__init__(f"unknown {kind} {name!r}. Available names: {names}")

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.args[0]


class LexiconError(FramingError):
    """A lexicon file with a problem at a given line."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")
