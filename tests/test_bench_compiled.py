"""benchmarks/bench_compiled.py: its skip line when nothing can compile, and its typed edits
(the measurements themselves are in benchmarks/results.md)."""

import importlib.util
import sys
import types
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_compiled.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_compiled", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_compiler_is_one_line_and_exit_0(bench, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "Cython", types.ModuleType("Cython"))  # installed or not
    monkeypatch.setenv("CC", "no-such-compiler-here")
    assert bench.main([]) == 0
    out = capsys.readouterr().out
    assert out == "bench_compiled: skipped: no C compiler: no-such-compiler-here is not on PATH\n"


def test_no_cython_is_one_line_and_exit_0(bench, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "Cython", None)  # import Cython raises ImportError
    assert bench.main([]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "bench_compiled: skipped: Cython is not installed (pip install cython)"]


def test_functions_with_closures_are_not_typed(bench):
    source = (
        "def a(ctx: _Context, t: int) -> int:\n    return ctx.n + t\n\n\n"
        "def b(ctx: _Context) -> int:\n    return sum(ctx.n for _ in range(2))\n\n\n"
        "def c(ctx: _Context) -> list:\n    return sorted([1], key=lambda x: -x)\n"
    )
    pattern, replacement = r"^def (\w+)\(ctx: _Context", r"@cython.locals(ctx=_Context)\ndef \1("
    edited, count = bench._decorate(source, pattern, replacement)
    assert count == 1  # only a(): b() and c() make closures
    compile(edited, "<edited>", "exec")  # still Python
