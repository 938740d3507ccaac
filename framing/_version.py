"""framing's version, from the installed distribution's metadata (imports nothing of framing)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("framing")
except PackageNotFoundError:  # running from a source checkout that was never installed
    __version__ = "0+unknown"
