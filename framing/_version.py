"""framing's version, from the metadata of its distribution, news-framing (imports nothing of
framing; the name framing on the package index belongs to an unrelated project)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("news-framing")
except PackageNotFoundError:  # running from a source checkout that was never installed
    __version__ = "0+unknown"
