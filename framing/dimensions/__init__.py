"""The built-in dimensions, and the catalogue to find and build any registered dimension.

Importing this package declares the built-in ones (their modules load when a dimension is
first built or named here as an attribute, so a run of promotional and hedging never imports
the models of the others); :func:`available`, :func:`create`, :func:`plan`,
:func:`requires` and :func:`assigns` answer for every dimension registered with
:func:`framing.registry.register`, built-in or a user's.
"""

from ..registry import assigns, available, create, declare, plan, requires

# name, order, requires, assigns: as each module's @register says (register checks it)
_BUILT_IN = (
    ("promotional", 10, (), ()),
    ("hedging", 20, (), ()),
    ("attribution", 30, ("promotional",), ("attributions",)),
    ("criticism", 40, ("attribution",), ("topic", "topic_reason", "aspects")),
    ("classifier", 50, ("promotional", "hedging"), ("classifier",)),
    ("frames", 60, (), ("frames",)),
)
for _name, _order, _requires, _assigns in _BUILT_IN:
    declare(_name, f"{__name__}.{_name}", order=_order, requires=_requires, assigns=_assigns)
_SUBMODULES = tuple(row[0] for row in _BUILT_IN)


def __getattr__(name: str):
    if name in _SUBMODULES:
        from importlib import import_module

        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["assigns", "available", "create", "plan", "requires",
           "promotional", "hedging", "attribution", "classifier", "criticism", "frames"]
