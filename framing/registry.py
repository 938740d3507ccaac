"""One registry of dimensions: every scorer plugs in here and yields the common evidence format.

A dimension is an object with a ``name``, a ``describe()`` method returning its versioned
resources, and ``analyze(doc) -> DimensionResult``. Its ``metrics(evidence, doc)`` must be a
pure function of the evidence and the document's sizes, so every number can be recomputed.

A dimension that reads another's results (from ``Document.results``) says so when it
registers (``requires=``, as spaCy components declare what they need); :func:`plan` then runs
the required ones first even when they were not asked for, so a number never depends on which
other dimensions happened to run. It also declares the fields of the scored record it writes
(``assigns=``, its part of :class:`~framing.record.ScoredArticle`); the scorer refuses a result
that writes any other, so two dimensions can never write the same field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
_REQUIRES: dict[str, tuple[str, ...]] = {}
_ASSIGNS: dict[str, tuple[str, ...]] = {}
#: Dimensions declared (:func:`declare`) and not imported yet: name -> the module whose import
#: registers it.
_DECLARED: dict[str, str] = {}


def declare(name: str, module: str, *, order: int = 100, requires: Sequence[str] = (),
            assigns: Sequence[str] = ()) -> None:
    """Make a dimension known by name before its module is imported: :func:`create` imports
    ``module`` (which registers it) on first use, so a run loads only the dimensions it needs
    (the built-in ones are declared by :mod:`framing.dimensions`). ``order``, ``requires`` and
    ``assigns`` are those the module's :func:`register` gives; it checks that they agree."""
    if name in _FACTORIES or name in _DECLARED:
        raise ValueError(f"dimension {name!r} is registered twice")
    _DECLARED[name] = module
    _ORDER[name] = order
    _REQUIRES[name] = tuple(requires)
    _ASSIGNS[name] = tuple(assigns)


def _known(name: str) -> bool:
    return name in _FACTORIES or name in _DECLARED


def register(
    name: str, *, order: int = 100, requires: Sequence[str] = (), assigns: Sequence[str] = ()
) -> Callable[[Callable[..., Dimension]], Callable[..., Dimension]]:
    """Class decorator: make a dimension available under ``name``.

    ``requires``: dimensions whose results this one reads from ``Document.results``; they run
    before it whenever it runs. Otherwise dimensions run by ascending ``order``, then name.
    ``assigns``: the record fields its ``DimensionResult.record`` holds (none for most).
    """

    def wrap(factory: Callable[..., Dimension]) -> Callable[..., Dimension]:
        if name in _FACTORIES:
            raise ValueError(f"dimension {name!r} is registered twice")
        if name in _DECLARED:  # its module, imported: what it registers must be what was said
            said = (_ORDER[name], _REQUIRES[name], _ASSIGNS[name])
            if said != (order, tuple(requires), tuple(assigns)):
                raise ValueError(f"dimension {name!r} registers (order, requires, assigns) "
                                 f"{(order, tuple(requires), tuple(assigns))}, not {said} as "
                                 "declared")
            _FACTORIES[name] = factory
            del _DECLARED[name]
            return factory
        owners = {field: other for other, fields in _ASSIGNS.items() for field in fields}
        taken = [f for f in assigns if f in owners]
        if taken:
            raise ValueError(f"dimension {name!r} assigns the record field {taken[0]!r}, which "
                             f"{owners[taken[0]]!r} assigns")
        _FACTORIES[name] = factory
        _ORDER[name] = order
        _REQUIRES[name] = tuple(requires)
        _ASSIGNS[name] = tuple(assigns)
        return factory

    return wrap


def available() -> list[str]:
    """Names of the registered dimensions, in the order they run.

    The built-in dimensions are known once :mod:`framing.dimensions` is imported (as
    scoring does); each one's module is imported when it is first built."""
    return plan([*_FACTORIES, *_DECLARED])


def requires(name: str) -> tuple[str, ...]:
    """The dimensions ``name`` reads results from (they run first)."""
    if not _known(name):
        raise _unknown(name)
    return _REQUIRES[name]


def assigns(name: str) -> tuple[str, ...]:
    """The record fields dimension ``name`` writes (its part of the scored record)."""
    if not _known(name):
        raise _unknown(name)
    return _ASSIGNS[name]


def check_assigns(name: str, result: DimensionResult) -> None:
    """Refuse a result whose record holds a field its dimension did not declare."""
    extra = [k for k in result.record if k not in _ASSIGNS.get(name, ())]
    if extra:
        raise ValueError(f"dimension {name!r} wrote the record field {extra[0]!r}, which it "
                         "does not declare: register it with assigns=(...)")


def plan(names: Iterable[str]) -> list[str]:
    """``names`` and everything they require, each after what it requires (then by order).

    Unknown names list the available ones; a requirement cycle is an error.
    """
    closure: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if not _known(name):
            raise _unknown(name)
        if name not in closure:
            closure.add(name)
            todo.extend(_REQUIRES[name])
    out: list[str] = []
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in out:
            return
        if name in visiting:
            raise ValueError(f"dimensions require each other: {' -> '.join(visiting + [name])}")
        visiting.append(name)
        for needed in sorted(_REQUIRES[name], key=lambda n: (_ORDER[n], n)):
            visit(needed)
        visiting.pop()
        out.append(name)

    for name in sorted(closure, key=lambda n: (_ORDER[n], n)):
        visit(name)
    return out


def create(name: str, **options: Any) -> Dimension:
    """Build the dimension ``name``; unknown names list the available ones."""
    if name in _DECLARED and name not in _FACTORIES:
        from importlib import import_module

        import_module(_DECLARED[name])  # registers it
    if name not in _FACTORIES:
        raise _unknown(name)
    return _FACTORIES[name](**options)


def _unknown(name: str) -> UnknownNameError:
    error = UnknownNameError("dimension", name, [*_FACTORIES, *_DECLARED])
    if not _FACTORIES and not _DECLARED:  # nothing registered yet: no catalogue imported
        error.args = (error.args[0] + " (the built-in dimensions register when "
                      "framing.dimensions is imported: use framing.dimensions.create)",)
    return error
