"""The built-in dimensions, and the catalogue to find and build any registered dimension.

Importing this package declares the built-in ones (their modules load when a dimension is
first built or named here as an attribute, so a run of promotional and hedging never imports
the models of the others); :func:`available`, :func:`create`, :func:`plan`,
:func:`requires` and :func:`assigns` answer for every dimension registered with
:func:`framing.registry.register`, built-in or a user's.
"""

from ..registry import assigns, available, create, declare, plan, requires

# name, order, requires, assigns: as each module's @register says (register checks it)
declare("promotional", f"{__name__}.promotional", order=10)
declare("hedging", f"{__name__}.hedging", order=20)
declare("attribution", f"{__name__}.attribution", order=30, requires=("promotional",),
        assigns=("attributions",))
declare("criticism", f"{__name__}.criticism", order=40, requires=("attribution",),
        assigns=("topic", "topic_reason", "aspects"))
declare("classifier", f"{__name__}.classifier", order=50, requires=("promotional", "hedging"),
        assigns=("classifier",))
declare("frames", f"{__name__}.frames", order=60, assigns=("frames",))

_SUBMODULES = ("promotional", "hedging", "attribution", "classifier", "criticism", "frames")


def __getattr__(name: str):
    if name in _SUBMODULES:
        from importlib import import_module

        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["assigns", "available", "create", "plan", "requires",
           "promotional", "hedging", "attribution", "classifier", "criticism", "frames"]
