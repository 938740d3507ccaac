"""Benchmark: what compiling framing's hot modules with Cython would give, measured, not shipped.

Issue 19 asks what a compiled hot path (page cleaning, the attribution rules) would give before
anyone adds a build step. This script copies the framing package (and its lexicons) to a
temporary folder once per variant, compiles chosen modules of the copy with Cython there, and
never touches the source tree or the installed package:

* ``pure``: the copy as it is (the baseline, imported from a folder like the others);
* ``cython``: cleaning, the attribution rules, textunits and lexicon compiled as they are
  (Cython's pure-Python mode, annotations ignored), everything else Python;
* ``typed``: the same four modules with a ``.pxd`` file next to each copy that declares a few
  C-typed locals and a cdef class (see ``TYPED``), annotations still ignored;
* ``wide``: every module on the scoring path compiled as it is (an upper bound of what plain
  compilation gives without rewriting code).

Each variant is first checked to score the corpus exactly like ``pure`` (the JSONL of
``framing score --evidence full`` and every cleaned text compared byte for byte), then timed:
rounds of one child process per variant, the variants' order rotated every round, each child
timing every stage in CPU seconds of its own process (cleaning, the document build, each
dimension, the attribution rules alone, ``framing score --jobs 1`` end to end with every
dimension and with promotional and hedging) and VADER over the same sentences in the same
process, so that every ratio to VADER is taken within one child. Medians over the rounds.

    python benchmarks/bench_compiled.py                       # 200 articles, 4 rounds
    python benchmarks/bench_compiled.py --variants pure cython --rounds 3 --articles 100
    python benchmarks/bench_compiled.py --keep /tmp/compiled  # keep the built copies

Needs Cython (pip install cython), a C compiler and the bench extra (vaderSentiment); without
Cython or a compiler it prints one line saying so and exits 0. Figures, costs and the verdict:
benchmarks/results.md, "A compiled hot path (Cython), measured and not shipped".
"""

from __future__ import annotations

import argparse
import ast
import gc
import hashlib
import json
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent

#: The modules the issue names (cleaning, attribution rules) and the document build and
#: lexicon matching they lean on.
HOT = ("framing/ingest/cleaning.py", "framing/dimensions/attribution/rules.py",
       "framing/textunits.py", "framing/lexicon.py")

#: Every module a ``framing score`` of JSONL input runs through (with ``HOT``): ``wide``.
WIDE = HOT + (
    "framing/article.py", "framing/evidence.py", "framing/record.py", "framing/registry.py",
    "framing/scoring.py", "framing/output.py", "framing/ingest/reading.py",
    "framing/ingest/metadata.py", "framing/dimensions/promotional.py",
    "framing/dimensions/hedging.py", "framing/dimensions/lexical.py",
    "framing/dimensions/attribution/dimension.py", "framing/dimensions/attribution/tagger.py",
    "framing/dimensions/criticism/dimension.py", "framing/dimensions/criticism/profiles.py",
    "framing/dimensions/criticism/gaps.py", "framing/dimensions/classifier/dimension.py",
    "framing/dimensions/classifier/models.py", "framing/dimensions/classifier/features.py",
    "framing/dimensions/frames/dimension.py", "framing/dimensions/frames/model.py",
    "framing/engines/local.py",
)

#: The ``typed`` variant: for each module, a ``.pxd`` file placed next to its copy (Cython's
#: "augmenting" declarations: a class made a cdef class with C-typed attributes, a method's
#: locals typed) and edits of the copy's text that add pure-mode decorators, each as (pattern,
#: replacement, how many times it must match), so a change upstream fails the build loudly.
#: Chosen from a profile of the pure tree: the lexicon trie walk (every matcher of every
#: dimension), the attribution rules' per-token lookups on their context, the token loop of
#: the document build.
TYPED: dict[str, tuple[str, list[tuple[str, str, int]]]] = {
    "framing/lexicon.py": ("""\
cimport cython

cdef class _Node:
    cdef public dict words
    cdef public dict prefixes
    cdef public object entry

cdef class Matcher:
    cdef public list lexicons
    cdef public _Node _root
    @cython.locals(n=Py_ssize_t, i=Py_ssize_t, j=Py_ssize_t, start=Py_ssize_t,
                   best_j=Py_ssize_t, sentence=Py_ssize_t, node=_Node, kid=_Node, root=_Node,
                   norms=list, sentence_of=list, stack=list, matches=list, tok=str)
    cpdef list find(self, doc)
""", [(r'\n    __slots__ = \("words", "prefixes", "entry"\)\n', "\n", 1)]),
    "framing/dimensions/attribution/rules.py": ("""\
cimport cython

cdef class _Context:
    cdef public object doc, cue_matches
    cdef public str text
    cdef public Py_ssize_t n
    cdef public dict sent_first, sent_last, source_cat, source_word, by_sentence, subjects
    cdef public dict antecedents, tagger_probs, cache, quote_by_end, quote_by_start
    cdef public set cue_tokens
    cdef public list speech
    cpdef str tok(self, Py_ssize_t t)
    cpdef str norm(self, Py_ssize_t t)
    cpdef bint is_word(self, Py_ssize_t t)
    cpdef bint cap(self, Py_ssize_t t)
    cpdef Py_ssize_t sent(self, Py_ssize_t t)
    cpdef bint sentence_first(self, Py_ssize_t t)
    cpdef Py_ssize_t start(self, Py_ssize_t t)
    cpdef Py_ssize_t end(self, Py_ssize_t t)
""", [(r"\nfrom __future__ import annotations\n", "\\g<0>\nimport cython\n", 1),
      (r"^def (\w+)\(ctx: _Context", "@cython.locals(ctx=_Context)\ndef \\1(ctx: _Context", 0)]),
    "framing/textunits.py": ("", [
        (r"\nfrom __future__ import annotations\n", "\\g<0>\nimport cython\n", 1),
        (r"    @classmethod\n    def from_text\(",
         "    @classmethod\n    @cython.locals(si=cython.Py_ssize_t, n_sent=cython.Py_ssize_t)"
         "\n    def from_text(", 1)]),
}

#: Cython directives: annotations are not read as C types (several hints here say ``int`` for
#: values that may be None or bool), so a compiled copy cannot refuse what Python accepts.
DIRECTIVES = {"language_level": "3", "annotation_typing": False, "binding": True,
              "embedsignature": False}

SETUP = """
import json, sys
from setuptools import Extension, setup
from Cython.Build import cythonize
modules, directives = json.loads(sys.argv[1])
exts = [Extension(m[:-3].replace("/", "."), [m]) for m in modules]
setup(name="framing-compiled-bench", ext_modules=cythonize(exts, compiler_directives=directives,
      quiet=True, nthreads=0), script_args=["build_ext", "--inplace"])
"""

VARIANTS = {"pure": (), "cython": HOT, "typed": HOT, "wide": WIDE}


def missing_tools() -> str | None:
    """Why compiling cannot run here (one line), or None."""
    try:
        import Cython  # noqa: F401
    except ImportError:
        return "Cython is not installed (pip install cython)"
    cc = shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc")
    if not cc or shutil.which(cc[0]) is None:
        return f"no C compiler: {cc[0] if cc else 'CC'} is not on PATH"
    include = sysconfig.get_paths()["include"]
    if not (Path(include) / "Python.h").is_file():
        return f"no Python headers: {include}/Python.h is missing (python3-dev)"
    return None


def copy_tree(dest: Path) -> None:
    """framing/ and lexicons/ of this checkout, without caches or built files."""
    skip = shutil.ignore_patterns("__pycache__", "*.so", "*.c", "*.pyd", "build")
    shutil.copytree(ROOT / "framing", dest / "framing", ignore=skip)
    shutil.copytree(ROOT / "lexicons", dest / "lexicons", ignore=skip)


def build(name: str, dest: Path) -> dict:
    """Copy the tree to ``dest`` and compile the variant's modules there; build figures.
    A copy built before from the same sources (``--keep``) is reused."""
    modules = list(VARIANTS[name])
    pxds = TYPED if name == "typed" else {}
    key = hashlib.sha256(repr((modules, pxds, DIRECTIVES)).encode())
    for path in sorted([*(ROOT / "framing").rglob("*"), *(ROOT / "lexicons").rglob("*")]):
        if path.is_file() and "__pycache__" not in path.parts:  # code, lexicons and models
            key.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    stamp = dest / "built.json"
    if stamp.is_file():
        done = json.loads(stamp.read_text(encoding="utf-8"))
        if done.get("key") == key.hexdigest():
            return {**done["figures"], "reused": True}
    if dest.exists():
        shutil.rmtree(dest)
    copy_tree(dest)
    figures = _compile(name, dest, modules, pxds) if modules else {"modules": 0}
    stamp.write_text(json.dumps({"key": key.hexdigest(), "figures": figures}), encoding="utf-8")
    return figures


def _compile(name: str, dest: Path, modules: list[str], typed: dict) -> dict:
    for module, (pxd, edits) in typed.items():
        if pxd:
            (dest / module).with_suffix(".pxd").write_text(pxd, encoding="utf-8")
        source = (dest / module).read_text(encoding="utf-8")
        for pattern, replacement, count in edits:
            if not count:  # every function it matches, except those with a closure
                source, count = _decorate(source, pattern, replacement)
            source, made = re.subn(pattern, replacement, source, flags=re.M)
            if made != count:
                raise SystemExit(f"typed {module}: {pattern!r} matched {made} times, not "
                                 f"{count}: the source changed; update TYPED")
        (dest / module).write_text(source, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", SETUP, json.dumps([modules, DIRECTIVES])],
                          cwd=dest, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
        raise SystemExit(f"building {name} failed:\n" + "\n".join(tail))
    built = [p for m in modules for p in (dest / m).parent.glob(Path(m).stem + ".*.so")]
    if len(built) != len(modules):
        raise SystemExit(f"building {name}: {len(built)} of {len(modules)} modules built")
    csize = sum((dest / m).with_suffix(".c").stat().st_size for m in modules)
    return {"modules": len(modules), "build wall s": round(wall, 1),
            "build CPU s": round(after.ru_utime + after.ru_stime
                                 - before.ru_utime - before.ru_stime, 1),
            "C source MiB": round(csize / 2**20, 1),
            ".so MiB": round(sum(p.stat().st_size for p in built) / 2**20, 2),
            ".so MiB stripped": round(_stripped(built) / 2**20, 2)}


def _decorate(source: str, pattern: str, replacement: str) -> tuple[str, int]:
    """Mark the top-level functions ``pattern`` matches whose body makes a closure (a lambda,
    a generator expression, a nested function: Cython cannot type an argument they capture)
    so that the pattern skips them; return the source and how many matches are left."""
    closures = (ast.Lambda, ast.GeneratorExp, ast.FunctionDef)
    lines = source.splitlines(keepends=True)
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and any(
                isinstance(inner, closures) for inner in ast.walk(node) if inner is not node):
            first = node.lineno - 1
            lines[first] = lines[first].replace("def ", "def  ", 1)  # no longer "^def (\w+)("
    source = "".join(lines)
    return source, len(re.findall(pattern, source, flags=re.M))


def _stripped(paths: list[Path]) -> int:
    """Bytes of the extensions without debug symbols (what a release wheel would hold)."""
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for p in paths:
            copy = Path(tmp) / p.name
            shutil.copy(p, copy)
            if shutil.which("strip"):
                subprocess.run(["strip", "--strip-unneeded", str(copy)], check=False)
            total += copy.stat().st_size
    return total


# ------------------------------------------------------------------------------------------------
# The child: one round of every stage, framing imported from one variant's folder


def child(tree: Path, corpus: Path, out: Path, verify: bool) -> dict:
    sys.meta_path[:] = [f for f in sys.meta_path
                        if not getattr(f, "__module__", "").startswith("__editable__")]
    sys.path.insert(0, str(tree))
    sys.path.insert(1, str(BENCH))
    import bench_score

    from framing.cli import main as cli
    from framing.dimensions.attribution.dimension import Attribution
    from framing.ingest.cleaning import clean_text
    from framing.lexicon import Matcher
    from framing.scoring import Scorer
    from framing.textunits import Document

    compiled = sorted(m for m in VARIANTS["wide"]
                      if sys.modules.get(m[:-3].replace("/", "."))
                      and sys.modules[m[:-3].replace("/", ".")].__file__.endswith(".so"))
    raws = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    scorer = Scorer()
    for raw in raws[:5]:  # lazy loads (lexicons, models, profiles) before any clock starts
        doc = Document.from_text(clean_text(raw).text)
        for dim in scorer.dimensions:
            doc.results[dim.name] = dim.analyze(doc)
    clock = time.process_time
    extractor = next(d for d in scorer.dimensions if isinstance(d, Attribution)).extractor
    # every lexicon trie the scorer holds (the dimensions' and the topic profiles' matchers)
    matchers = [m for m in gc.get_objects() if isinstance(m, Matcher)]
    stages = ["cleaning", "document", *(d.name for d in scorer.dimensions), "attribution rules",
              f"lexicon matching ({len(matchers)} tries)"]
    cpu = dict.fromkeys(stages, 0.0)
    digest = hashlib.sha256()
    for raw in raws:  # one article at a time, as framing score streams them
        t = clock()
        cleaned = clean_text(raw)
        cpu["cleaning"] += clock() - t
        digest.update(repr((cleaned.text, cleaned.removed)).encode())
        t = clock()
        doc = Document.from_text(cleaned.text)
        cpu["document"] += clock() - t
        for dim in scorer.dimensions:
            t = clock()
            doc.results[dim.name] = dim.analyze(doc)
            cpu[dim.name] += clock() - t
        t = clock()
        extractor.find(doc)
        cpu["attribution rules"] += clock() - t
        t = clock()
        for matcher in matchers:  # the document's token index is built by now
            matcher.find(doc)
        cpu[stages[-1]] += clock() - t
    runs = {"every dimension": [], "promotional,hedging": ["--dimension", "promotional,hedging"]}
    outputs = {}
    for label, extra in runs.items():
        t = clock()
        rc = cli(["score", str(corpus), "-o", str(out), "--jobs", "1", *extra]
                 + (["--evidence", "full"] if verify else []))
        cpu[f"score: {label}"] = clock() - t
        if rc != 0:
            raise SystemExit(f"framing score failed in {tree} ({label})")
        outputs[label] = hashlib.sha256(out.read_bytes()).hexdigest()[:16]
    cpu["vader"] = bench_score.run_vader(raws, clock)
    return {"cpu": cpu, "cleaned": digest.hexdigest()[:16], "outputs": outputs,
            "compiled": compiled, "articles": len(raws),
            "words": sum(len(r.split()) for r in raws), "load": os.getloadavg()[0]}


def run_child(tree: Path, corpus: Path, verify: bool = False) -> dict:
    out = tree / "scores.jsonl"
    proc = subprocess.run([sys.executable, __file__, "--child", str(tree), str(corpus),
                           str(out)] + (["--verify"] if verify else []),
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"round in {tree} failed:\n{proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        tree, corpus, out = (Path(a) for a in argv[1:4])
        print(json.dumps(child(tree, corpus, out, "--verify" in argv)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=4,
                        help="timed rounds (0: build and check only)")
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS),
                        default=["pure", "cython", "typed"])
    parser.add_argument("--polnear", type=Path,
                        default=Path(os.environ.get("FRAMING_SHARED") or ROOT.parent / "shared")
                        / "eval" / "polnear",
                        help="PolNeAR folder whose texts are mixed in (default: ../shared, or "
                        "$FRAMING_SHARED)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build the copies in DIR and keep them (default: a temporary folder)")
    args = parser.parse_args(argv)
    why = missing_tools()
    if why:
        print(f"bench_compiled: skipped: {why}")
        return 0
    if "pure" not in args.variants:
        args.variants.insert(0, "pure")
    sys.path.insert(0, str(BENCH))
    import bench_score

    bench_score.POLNEAR = args.polnear
    polnear = len(list(args.polnear.glob("*/text/*.txt")))
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        corpus = base / "corpus.jsonl"
        bench_score.build_corpus(args.articles, corpus)
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
              f"{sysconfig.get_config_var('CC')}; load average {os.getloadavg()[0]:.1f}; corpus: "
              f"the sample articles and {polnear} PolNeAR texts from {args.polnear}, cycled")
        if not polnear:
            print("  (no PolNeAR texts: the sample's few articles repeat; pass --polnear)")
        trees = {}
        for name in args.variants:
            trees[name] = base / name
            figures = build(name, trees[name])
            print(f"built {name}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
        check = {name: run_child(trees[name], corpus, verify=True) for name in args.variants}
        ref = check["pure"]
        for name, got in check.items():
            same = got["cleaned"] == ref["cleaned"] and got["outputs"] == ref["outputs"]
            print(f"identical to pure: {name}: {'yes' if same else 'NO'} (cleaned "
                  f"{got['cleaned']}, score --evidence full {got['outputs']}; "
                  f"{len(got['compiled'])} compiled modules loaded)")
            if not same:
                raise SystemExit(f"{name} does not score like pure: its figures would mislead")
        results: dict[str, list[dict]] = {name: [] for name in args.variants}
        loads = []
        for r in range(args.rounds):
            k = r % len(args.variants)
            for name in args.variants[k:] + args.variants[:k]:
                got = run_child(trees[name], corpus)
                results[name].append(got)
                loads.append(got["load"])
        if args.rounds:
            report(results, loads)
    return 0


def report(results: dict[str, list[dict]], loads: list[float]) -> None:
    first = next(iter(results.values()))[0]
    n, words = first["articles"], first["words"]
    names = list(results)
    stages = [s for s in first["cpu"] if s != "vader"]
    med = {name: {s: statistics.median(g["cpu"][s] for g in got) for s in first["cpu"]}
           for name, got in results.items()}
    rounds = len(results[names[0]])
    print(f"\n{n} articles, {words / n:.0f} words each; CPU ms per article, median of "
          f"{rounds} rounds; load average {min(loads):.1f}-{max(loads):.1f}")
    print(f"{'stage':<26}" + "".join(f"{name:>10}" for name in names)
          + "".join(f"{name + '/pure':>13}" for name in names[1:]))
    for s in stages:
        row = [1000 * med[name][s] / n for name in names]
        print(f"{s:<26}" + "".join(f"{v:>10.2f}" for v in row)
              + "".join(f"{row[0] / v if v else float('nan'):>12.2f}x" for v in row[1:]))
    # VADER runs in every child; its median over all of them is the yardstick of every column
    vader_s = statistics.median(g["cpu"]["vader"] for got in results.values() for g in got)
    print("\nwords per CPU second (median of rounds), and the ratio to VADER's (median of every "
          "child of the run)")
    print(f"{'run':<32}" + "".join(f"{name:>18}" for name in names))
    for s in ("score: every dimension", "score: promotional,hedging"):
        cells = [f"{words / med[name][s]:>9,.0f} {vader_s / med[name][s]:>6.3f}x"
                 for name in names]
        print(f"{s:<32}" + "".join(f"{c:>18}" for c in cells))
    vader = [words / g["cpu"]["vader"] for got in results.values() for g in got]
    print(f"{'VADER words/s':<32}{words / vader_s:>18,.0f} (median of every child; "
          f"{min(vader):,.0f}-{max(vader):,.0f})")


if __name__ == "__main__":
    raise SystemExit(main())
