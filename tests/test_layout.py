"""The house plan: no import circles inside the package, and the public API stays as it is."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import framing as fr

PACKAGE = Path(fr.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _resolve(name: str, node: ast.ImportFrom, modules: dict[str, Path]) -> list[str]:
    """The package modules one ``from … import …`` (anywhere in ``name``) reaches."""
    if node.level:
        package = name if modules[name].name == "__init__.py" else name.rpartition(".")[0]
        base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if not target.startswith("framing"):
        return []
    out = []
    for alias in node.names:
        sub = f"{target}.{alias.name}"
        out.append(sub if sub in modules else target)
    return out


def import_graph() -> dict[str, set[str]]:
    """Every import between the package's modules, at module level or inside functions.

    Importing ``a.b.c`` runs the subpackage ``a.b``'s ``__init__`` first, so from outside
    ``a.b`` it is also an edge to ``a.b``. The root package ``framing`` counts only where it is
    imported by name (``from .. import x`` of a name it defines): it assembles the public API,
    and nothing inside should need it."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                targets = _resolve(name, node, modules)
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("framing")]
            for target in targets:
                if target == "framing" and name != "framing":
                    graph[name].add(target)
                while target and target != "framing":
                    inside = name == target or name.startswith(target + ".")
                    if target in modules and not inside:
                        graph[name].add(target)
                    target = target.rpartition(".")[0]
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules (Tarjan), shortest path shown."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return groups


def test_no_import_circles():
    found = cycles(import_graph())
    assert not found, "modules that import each other: " + "; ".join(
        " <-> ".join(group) for group in found)


def test_the_cycle_finder_finds_a_planted_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


#: The public API of ``import framing as fr`` (issue 14: kept as it is across the re-layout).
PUBLIC = [
    "__version__", "Article", "Corpus", "Document", "Evidence", "Analysis", "Scorer",
    "FramingError", "InputError", "UnknownNameError",
    "load_corpus", "load_sample", "iter_articles", "analyze",
    "compare", "show", "score", "plot_profile", "plot_hedging", "plot_sources", "plot_cues",
    "plot_criticism", "plot_frames", "aspects_frame", "corpus_gaps", "load_profile", "shipped_profiles",
    "report", "make_worksheet", "grade", "load_model", "train", "LexiconFeatures",
    "score_records",
]


def test_public_api_is_pinned():
    import framing.views.notebook  # noqa: F401  (imports every subpackage the views use)
    import framing.views.report  # noqa: F401

    assert set(PUBLIC) <= set(fr.__all__)
    for name in PUBLIC[1:]:
        # a subpackage named like a public function would replace it once imported
        assert callable(getattr(fr, name)) and not inspect.ismodule(getattr(fr, name)), name


def test_views_read_dimension_parts_through_their_readers():
    """A view that spells a dimension's record field ("aspects", "attributions", ...) breaks
    when that dimension changes its part: views use attributions_of, criticism_of, frames_of."""
    import re

    from framing import registry

    fields = {f for name in registry.available() for f in registry.assigns(name)}
    names = "|".join(sorted(fields))
    records = r"\b(?:record|rec|r)"  # what the views call a scored record
    pattern = re.compile(records + r"""\s*(?:\.get\(|\[)\s*["'](?:""" + names + r""")["']"""
                         r"""|["'](?:""" + names + r""")["']\s+in\s+""" + records + r"\b")
    offenders = []
    for folder in ("views", "classroom", "comparison"):
        for path in sorted((PACKAGE / folder).glob("*.py")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_no_module_imports_another_modules_private_names():
    """What one module takes from another is that module's public API (issue 14: commands used
    cli's private helpers, grading the worksheet's); a leading underscore means "mine"."""
    import ast

    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level and node.module != "_version":
                offenders += [f"{path.relative_to(PACKAGE)}:{node.lineno}: {a.name}"
                              for a in node.names if a.name.startswith("_")]
    assert not offenders, "\n".join(offenders)
