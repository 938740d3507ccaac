"""The Dask engine on a two-worker LocalCluster gives exactly the serial results."""

import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")

import framing as fr  # noqa: E402
from framing.cli import main  # noqa: E402
from framing.engines import dask as dask_engine  # noqa: E402
from framing.engines.local import score_records  # noqa: E402
from framing.errors import InputError  # noqa: E402
from framing.ingest.reading import iter_articles, sample_dir  # noqa: E402


@pytest.fixture(scope="module")
def scheduler():
    # threads, not processes: starts in a second; the engine's tasks are the same either way
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _sample_args():
    base = sample_dir()
    return [str(base / "articles")], str(base / "manifest.csv")


def _shown(items):
    return [("error", str(x)) if isinstance(x, InputError) else x for x in items]


def test_dask_gives_exactly_the_serial_records(scheduler):
    paths, manifest = _sample_args()
    serial = list(score_records(iter_articles(paths, manifest=manifest), jobs=1))
    on_dask = list(dask_engine.score_records(paths, manifest=manifest, scheduler=scheduler))
    assert len(serial) == 10
    assert on_dask == serial


def test_errors_duplicates_and_unused_manifest_rows_as_in_serial(scheduler, tmp_path):
    (tmp_path / "a.txt").write_text("Leaders met in Astana. Trade soared.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("  ", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "x1", "text": "Officials said it may rise."}) + "\n"
        + "{not json\n", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(  # same id as in c.jsonl, in another partition
        json.dumps({"id": "x1", "text": "A copy, said to be unprecedented."}) + "\n",
        encoding="utf-8")
    (tmp_path / "e.txt").write_text("Experts warned the plan could fail.", encoding="utf-8")
    manifest = tmp_path / "list.csv"
    manifest.write_text("file,outlet\na.txt,Paper A\nmissing.txt,Paper M\n", encoding="utf-8")
    serial = _shown(score_records(iter_articles([tmp_path], manifest=manifest), jobs=1))
    on_dask = _shown(dask_engine.score_records([tmp_path], manifest=manifest,
                                               scheduler=scheduler))
    assert on_dask == serial
    errors = [x[1] for x in serial if isinstance(x, tuple)]
    assert len(errors) == 4 and "duplicate id 'x1'" in errors[2] and "missing.txt" in errors[3]


def test_cli_writes_partitioned_parquet_equal_to_the_serial_table(scheduler, tmp_path):
    serial = tmp_path / "serial.parquet"
    assert main(["score", "--jobs", "1", "-o", str(serial)]) == 0
    folder = tmp_path / "dask.parquet"
    assert main(["score", "--scheduler", scheduler, "-o", str(folder)]) == 0
    assert folder.is_dir() and sorted(p.name for p in folder.iterdir()) == [
        ".framing-output.json", "part-00000.parquet"]
    pd.testing.assert_frame_equal(pd.read_parquet(folder), pd.read_parquet(serial))


def test_cli_jsonl_same_bytes_as_serial(scheduler, tmp_path):
    serial, on_dask = tmp_path / "serial.jsonl", tmp_path / "dask.jsonl"
    assert main(["score", "--jobs", "1", "-o", str(serial)]) == 0
    assert main(["score", "--engine", "dask", "--scheduler", scheduler, "-o", str(on_dask)]) == 0
    assert on_dask.read_bytes() == serial.read_bytes()


def test_parquet_dataset_splits_into_files_of_one_schema(tmp_path):
    paths, manifest = _sample_args()
    records = list(score_records(iter_articles(paths, manifest=manifest), jobs=1))
    folder = tmp_path / "out.parquet"
    assert dask_engine.write_parquet_dataset(records, folder, rows_per_file=4) == 10
    assert sorted(p.name for p in folder.iterdir()) == [
        ".framing-output.json", "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    frame = pd.read_parquet(folder)
    assert frame["id"].tolist() == [r["id"] for r in records]
    assert not list(tmp_path.glob(".out.parquet*"))  # no temporary folder left


ARTICLE = ("Leaders of China and five Central Asian states met in Astana on Tuesday. Trade "
           "reached about 95 billion dollars last year, officials said. Critics warned that "
           "debt keeps growing, and experts said the plan may be unprecedented.")


@pytest.fixture
def big_record_files(tmp_path):
    lines = [json.dumps({"id": f"j{i}", "outlet": f"O{i % 3}", "text": f"{ARTICLE} Report {i}."})
             for i in range(40)]
    lines[5] = "{not json"
    lines[17] = json.dumps({"id": "j3", "text": ARTICLE + " A copy."})  # duplicate, later part
    lines[26] = ""
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = "".join(f'c{i},"{ARTICLE}\n\nSecond paragraph {i}."\n' for i in range(30))
    (tmp_path / "big.csv").write_text("id,text\n" + rows + 'c30,""\n', encoding="utf-8")
    return tmp_path


def test_one_big_file_cut_into_parts_gives_the_serial_records(scheduler, big_record_files):
    for name in ("big.jsonl", "big.csv"):
        path = str(big_record_files / name)
        parts = dask_engine.split_files([path], workers=2, part_bytes=2000)
        assert len(parts) >= 3 and all(p.path == path for p in parts)
        serial = _shown(score_records(iter_articles([path]), jobs=1))
        on_dask = _shown(dask_engine.score_records([path], scheduler=scheduler, part_bytes=2000))
        assert on_dask == serial
        errors = [x[1] for x in serial if isinstance(x, tuple)]
        assert errors == (  # the lines of the whole file, whichever part they were in
            [f"{path}:6: not valid JSON (Expecting property name enclosed in double quotes)",
             f"{path}:18: duplicate id 'j3' (also {path}:4); give each article a unique id in "
             "the manifest, or remove the copy"] if name == "big.jsonl" else
            [f"{path}:92: field 'text' is empty or not text"])


def test_split_files_cuts_only_large_record_files(big_record_files):
    big = str(big_record_files / "big.jsonl")
    small = big_record_files / "small.jsonl"
    small.write_text(json.dumps({"id": "s", "text": ARTICLE}) + "\n", encoding="utf-8")
    items = dask_engine.split_files([big, str(small), "a.txt"], workers=2, part_bytes=3000)
    assert items[-2:] == [str(small), "a.txt"]
    assert [(p.start, p.line) for p in items[:2]][0] == (0, 1) and items[1].line > 1
    # by default the part size follows the corpus: never below MIN_PART_BYTES
    assert dask_engine.split_files([big, str(small)], workers=2) == [big, str(small)]
    groups = dask_engine.partition_files(items, workers=2)
    assert [g for g in groups if len(g) == 1 and g[0] in items[:-2]] == [[p] for p in items[:-2]]


def test_partitions_keep_order_and_give_record_files_their_own():
    files = ["a.txt", "b.txt", "c.jsonl", "d.txt", "e.html", "f.csv", "g.txt"]
    groups = dask_engine.partition_files(files, workers=1)
    assert [f for g in groups for f in g] == files
    assert ["c.jsonl"] in groups and ["f.csv"] in groups


def test_stdin_is_refused_in_one_line(capsys):
    assert main(["score", "-", "--engine", "dask"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "standard input" in err[0]


def test_scheduler_with_the_local_engine_is_refused(capsys):
    assert main(["score", "--engine", "local", "--scheduler", "tcp://127.0.0.1:1"]) == 1
    assert "--engine dask" in capsys.readouterr().err


def _dies_or_fails(groups, settings):
    """A partition task whose worker "dies" (as Dask reports it) on b.txt, always, and on
    e.txt the first time only (a task that waited on a worker another task killed); that
    raises on c.txt; and scores the rest."""
    names = [str(item).rsplit("/", 1)[-1] for group in groups for item in group]
    if "b.txt" in names:
        raise distributed.KilledWorker("b", SimpleNamespace(address="tcp://w"), 1)
    if "c.txt" in names:
        raise RuntimeError("no good\nsecond line")
    if "e.txt" in names:
        first = Path(settings["marker"])
        if not first.exists():
            first.write_text("once", encoding="utf-8")
            raise distributed.KilledWorker("e", SimpleNamespace(address="tcp://w"), 1)
    return dask_engine._score_partition(groups, settings)


def test_a_failing_file_costs_only_itself_and_is_not_retried_forever(scheduler, tmp_path):
    for name in ("a", "b", "c", "d", "e"):
        (tmp_path / f"{name}.txt").write_text(f"{ARTICLE} ({name})", encoding="utf-8")
    files = [str(tmp_path / f"{name}.txt") for name in ("a", "b", "c", "d", "e")]
    settings = {"scorer": {"dimensions": ["promotional"], "lexicons": [], "options": None},
                "manifest": None, "text_field": None, "clean": True,
                "marker": str(tmp_path / "e-failed-once")}
    with distributed.Client(scheduler) as client:
        summaries = list(dask_engine._in_order(client, [files[:4], files[4:]], settings, 2,
                                               task=_dies_or_fails))
    items = [item for s in summaries for item in s["items"]]
    assert [kind for kind, _ in items] == ["record", "error", "error", "record", "record"]
    (b_path, b_message, _), (c_path, c_message, _) = items[1][1], items[2][1]
    assert b_path == files[1] and "worker process died" in b_message
    assert c_path == files[2] and "RuntimeError: no good" in c_message
    assert "second line" not in c_message
    assert [r["source"] for kind, r in items if kind == "record"] == [files[0], files[3],
                                                                      files[4]]


class _Workerless:
    """A client whose cluster has lost every worker: futures never finish."""

    class _Future:
        def result(self, timeout=None):
            raise TimeoutError

        def release(self):
            pass

        def cancel(self):
            pass

    def submit(self, *args, **kwargs):
        return self._Future()

    def nthreads(self):
        return {}


def test_a_cluster_without_workers_ends_the_run_with_error_records(monkeypatch):
    monkeypatch.setattr(dask_engine, "POLL_SECONDS", 0.01)
    monkeypatch.setattr(dask_engine, "WORKERLESS_SECONDS", 0.03)
    groups = [["a.txt", "b.txt"], ["c.jsonl"], ["d.txt"]]
    summaries = list(dask_engine._in_order(_Workerless(), groups, {}, 2))
    errors = [value for s in summaries for kind, value in s["items"]]
    assert [e[0] for e in errors] == ["a.txt", "b.txt", "c.jsonl", "d.txt"]
    assert all("no worker left" in e[1] for e in errors)


def test_ids_from_file_names_are_those_of_the_local_engine(scheduler, tmp_path):
    """Ids made from file names are unique over all the inputs, as the local engine makes
    them, although each Dask partition reads only some of the files (x.txt and x.md used to
    be "x" twice, one a duplicate-id error). They depend on the names only: an empty y.md
    still takes "y", so y.txt is "y.txt" whatever y.md holds."""
    texts = [a.text for a in fr.load_sample()]
    (tmp_path / "sub").mkdir()
    for k, name in enumerate(["x.txt", "x.md", "y.txt", "sub/x.txt", "z.txt"]):
        (tmp_path / name).write_text(f"{texts[k]}\n\n({name})", encoding="utf-8")
    (tmp_path / "y.md").write_text("  \n", encoding="utf-8")  # empty: still takes "y"
    (tmp_path / "z.jsonl").write_text("".join(  # records without ids, cut into parts
        json.dumps({"text": f"{texts[5 + k]}\n\n(line {k + 1})"}) + "\n" for k in range(4)),
        encoding="utf-8")
    serial = _shown(score_records(iter_articles([tmp_path]), jobs=1))
    on_dask = _shown(dask_engine.score_records([tmp_path], scheduler=scheduler, part_bytes=200))
    assert on_dask == serial
    ids = [x["id"] for x in serial if isinstance(x, dict)]
    assert ids == ["sub/x", "x", "x.txt", "y.txt", "z-1", "z-2", "z-3", "z-4", "z.txt"]
    assert [x[1].split(": ", 1)[0] for x in serial if isinstance(x, tuple)] == [
        str(tmp_path / "y.md")]
