"""Shared fixtures. Tests that read ../shared skip cleanly when it is missing.

FRAMING_SHARED names another folder to use instead (a checkout that does not sit beside
shared/, such as a git worktree elsewhere)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FRAMING_SHARED") or PROJECT.parent / "shared")


def _shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is for developers and CI only)")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five raw seed articles and their manifest."""
    return _shared_path("seeds")


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    """Public labelled datasets for measuring the scorers."""
    return _shared_path("eval")
