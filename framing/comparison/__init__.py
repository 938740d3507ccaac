"""Comparing outlets: per-outlet statistics, distinctive terms and reprints."""
