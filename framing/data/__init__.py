"""Bundled data: the sample corpus and shipped model parameters."""
