"""One registry of dimensions: every scorer plugs in here and yields the common evidence format.

A dimension is an object with a ``name``, a ``describe()`` method returning its versioned
resources, and ``analyze(doc) -> DimensionResult``. Its ``metrics(evidence, doc)`` must be a
pure function of the evidence and the document's sizes, so every number can be recomputed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from .errors import UnknownNameError
from .evidence import Evidence
from .textunits import Document


@dataclass
class DimensionResult:
    """What a dimension found in one document.

    ``metrics`` become article columns (prefixed by the dimension's name); ``record`` holds
    structured, dimension-specific fields that go into the article's JSONL record under their
    own keys (for example ``aspects`` of omitted criticism, ``attributions``), never over a
    core key.
    """

    evidence: list[Evidence] = field(default_factory=list)
    metrics: dict[str, float] = field(default_factory=dict)
    record: dict[str, Any] = field(default_factory=dict)


class Dimension(Protocol):
    name: str

    def describe(self) -> dict[str, Any]: ...

    def analyze(self, doc: Document) -> DimensionResult: ...


_FACTORIES: dict[str, Callable[..., Dimension]] = {}
_ORDER: dict[str, int] = {}


def register(
    name: str, *, order: int = 100
) -> Callable[[Callable[..., Dimension]], Callable[..., Dimension]]:
    """Class decorator: make a dimension available under ``name``.

    Dimensions run by ascending ``order`` (then name), so one that reads another's results
    from ``Document.results`` must have a larger order than the one it reads.
    """

    def wrap(factory: Callable[..., Dimension]) -> Callable[..., Dimension]:
        if name in _FACTORIES:
            raise ValueError(f"dimension {name!r} is registered twice")
        _FACTORIES[name] = factory
        _ORDER[name] = order
        return factory

    return wrap


def available() -> list[str]:
    """Names of the registered dimensions, in the order they run."""
    _load_builtin()
    return sorted(_FACTORIES, key=lambda n: (_ORDER[n], n))


def create(name: str, **options: Any) -> Dimension:
    """Build the dimension ``name``; unknown names list the available ones."""
    _load_builtin()
    if name not in _FACTORIES:
        raise UnknownNameError("dimension", name, _FACTORIES)
    return _FACTORIES[name](**options)


def _load_builtin() -> None:
    from . import dimensions  # noqa: F401  (importing registers the built-in dimensions)
