"""Policy frames: which of the Policy Frames Codebook's 14 frames an article is told in, with
the sentences that carry them (a cue lexicon beside an article-level model)."""

from .dimension import Frames  # importing the package registers the dimension

__all__ = ["Frames"]
