"""Scoring on several processes: same records in the same order, streaming, errors in place."""

import contextlib
import ctypes
import faulthandler
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import framing as fr
from framing.article import Article
from framing.cli import main
from framing.engines import local as parallel
from framing.engines.local import ParquetRowWriter, score_records
from framing.errors import InputError, UnknownNameError
from framing.ingest.reading import iter_articles

LEXICON = """# framing lexicon
# name: test_extra
# version: 0.1.0
# dimension: promotional
# category: test.word = a word this test adds
pattern\tcategory\tweight\tnote\tsource
leaders\ttest.word\t1.0\tadded by the test lexicon\ttest
"""


@pytest.fixture(scope="module")
def sample():
    return list(fr.load_sample())


def test_two_processes_give_the_serial_records_in_order(sample):
    serial = list(score_records(sample, jobs=1))
    both = list(score_records(sample, jobs=2, chunksize=3))
    assert [r["id"] for r in serial] == [a.id for a in sample]
    assert both == serial


def test_lexicons_reach_the_worker_processes(sample, tmp_path):
    lexicon = tmp_path / "extra.tsv"
    lexicon.write_text(LEXICON, encoding="utf-8")
    serial = list(score_records(sample, lexicons=[str(lexicon)], jobs=1))
    both = list(score_records(sample, lexicons=[str(lexicon)], jobs=2))
    assert both == serial
    found = [e for r in both for e in r["evidence"] if e["lexicon"] == "test_extra@0.1.0"]
    assert found and all(e["text"].lower() == "leaders" for e in found)


def test_worker_builds_its_scorer_from_the_options(sample, monkeypatch):
    """What a worker process runs at start and per chunk, here in this process."""
    monkeypatch.setattr(parallel, "_WORKER_SCORER", None)
    parallel._init_worker(["hedging"], [], {"hedging": {}})
    record = parallel._score_safely(parallel._WORKER_SCORER, sample[0])
    assert record["versions"]["dimensions"] == ["hedging"]
    with pytest.raises(TypeError):
        parallel._init_worker(["hedging"], [], {"hedging": {"no_such_option": 1}})


def test_input_errors_keep_their_place(sample):
    bad = [InputError("bad.txt", "empty file: nothing to read"), InputError("x.csv", "no", 3)]
    items = [sample[0], bad[0], sample[1], sample[2], sample[3], bad[1], sample[4]]
    out = list(score_records(items, jobs=2, chunksize=2))
    assert [x if isinstance(x, InputError) else x["id"] for x in out] == [
        x if isinstance(x, InputError) else x.id for x in items
    ]


def test_input_is_read_lazily_with_bounded_work_in_flight(sample):
    taken = 0

    def articles():
        nonlocal taken
        for i in range(1000):
            taken += 1
            a = sample[i % len(sample)]
            yield Article(id=f"a{i}", text=a.text, source=a.source, meta=dict(a.meta))

    stream = score_records(articles(), jobs=2, chunksize=2)
    first = next(stream)
    assert first["id"] == "a0"
    limit = 2 * parallel.WINDOW_PER_JOB * 2 + 2  # window of chunks, plus the one being filled
    assert taken <= limit
    ids = [first["id"]] + [next(stream)["id"] for _ in range(40)]
    assert ids == [f"a{i}" for i in range(41)] and taken <= 41 + limit
    stream.close()  # stops the workers; the rest is never read
    assert taken < 1000


def test_bad_names_fail_before_any_process_starts(sample):
    with pytest.raises(UnknownNameError, match="Available names"):
        list(score_records(sample, dimensions=["no_such_dimension"], jobs=2))
    with pytest.raises(ValueError):
        list(score_records(sample, jobs=0))


@pytest.fixture
def folder_with_a_bad_file(tmp_path):
    texts = {"a.txt": "Leaders met in Astana. Trade soared to new heights.",
             "b.txt": "   \n",
             "c.txt": "Officials said the project may be delayed.",
             "d.txt": "The unprecedented summit was a great success, experts said."}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_bad_file_among_good_ones_is_reported_in_order(folder_with_a_bad_file):
    items = list(score_records(iter_articles([folder_with_a_bad_file]), jobs=2, chunksize=1))
    kinds = [type(x).__name__ if isinstance(x, InputError) else x["source"].rsplit("/", 1)[-1]
             for x in items]
    assert kinds == ["a.txt", "InputError", "c.txt", "d.txt"]
    assert items[1].path.endswith("b.txt")


def test_cli_bad_file_reported_and_the_rest_written(folder_with_a_bad_file, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["score", str(folder_with_a_bad_file), "--jobs", "2", "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "b.txt" in err[0] and "Traceback" not in err[0]
    names = [json.loads(line)["source"].rsplit("/", 1)[-1] for line in out.read_text().splitlines()]
    assert names == ["a.txt", "c.txt", "d.txt"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
def test_cli_output_is_the_same_for_any_number_of_jobs(tmp_path, fmt):
    outputs = []
    for jobs in ("1", "2"):
        path = tmp_path / f"s{jobs}.{fmt if fmt != 'table' else 'txt'}"
        assert main(["score", "--jobs", jobs, "--format", fmt, "-o", str(path)]) == 0
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 1000


def test_cli_full_evidence_made_in_the_workers_is_what_one_process_writes(tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        path = tmp_path / f"s{jobs}.jsonl"
        assert main(["score", "--jobs", jobs, "--evidence", "full", "-o", str(path)]) == 0
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1] and b'"dimension": "classifier"' in outputs[0]


def test_cli_parquet_is_streamed_and_the_same_for_any_number_of_jobs(tmp_path):
    frames = []
    for jobs in ("1", "2"):
        path = tmp_path / f"s{jobs}.parquet"
        assert main(["score", "--jobs", jobs, "-o", str(path)]) == 0
        frames.append(pd.read_parquet(path))
    pd.testing.assert_frame_equal(frames[0], frames[1])
    assert list(frames[0].columns[:2]) == ["id", "file"]
    assert frames[0]["file"].str.endswith("01_state_agency.txt")[0]
    expected = fr.analyze(fr.load_sample()).articles.reset_index()
    pd.testing.assert_frame_equal(frames[0].drop(columns="file"), expected, check_dtype=False)


def test_cli_rejects_zero_jobs(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["score", "--jobs", "0"])
    assert exc.value.code == 2 and "--jobs" in capsys.readouterr().err


def test_parquet_writer_batches_keep_one_schema(tmp_path):
    rows = [{"id": "a", "title": None, "x": None}, {"id": "b", "title": None, "x": None},
            {"id": "c", "title": "T", "x": 1.5}, {"id": "d", "title": "U", "x": 2.0, "new": 1}]
    path = tmp_path / "rows.parquet"
    with path.open("wb") as fh:
        writer = ParquetRowWriter(fh, batch_size=2, columns=("id", "title"),
                                  text_columns=("id", "title"))
        for row in rows:
            writer.write(row)
        writer.close()
    frame = pd.read_parquet(path)
    assert list(frame.columns) == ["id", "title", "x"]  # columns fixed by the first batch
    assert frame["title"].tolist()[2:] == ["T", "U"] and frame["x"].tolist()[2:] == [1.5, 2.0]


def test_parquet_writer_writes_an_empty_file_with_the_columns(tmp_path):
    path = tmp_path / "empty.parquet"
    with path.open("wb") as fh:
        writer = ParquetRowWriter(fh, columns=("id", "n_words"), text_columns=("id",))
        writer.close()
    frame = pd.read_parquet(path)
    assert frame.empty and list(frame.columns) == ["id", "n_words"]


def test_dask_engine_without_dask_says_what_to_install(monkeypatch, capsys):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    assert main(["score", "--engine", "dask", "-o", "-"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["framing: error: the Dask engine needs Dask: pip install 'news-framing[dask]'"]


class _Pipe(io.RawIOBase):
    """Bytes handed out on demand, counting how many were taken (a pipe into stdin)."""

    def __init__(self, data):
        self.data, self.taken = data, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.data[self.taken:self.taken + len(buffer)]
        buffer[:len(chunk)] = chunk
        self.taken += len(chunk)
        return len(chunk)


def test_a_large_jsonl_input_streams_through_the_processes(sample):
    text = sample[0].text.replace("\n", " ")
    data = "".join(json.dumps({"id": f"a{i}", "text": f"{text} ({i})"}) + "\n"
                   for i in range(3000)).encode("utf-8")
    pipe = _Pipe(data)
    stream = score_records(iter_articles(["-"], stdin=pipe), jobs=2, chunksize=2)
    assert next(stream)["id"] == "a0"
    assert pipe.taken < len(data) / 4  # a sample, a buffer and the chunks in flight
    stream.close()
    assert pipe.taken < len(data)


def _cleaning_cases(tmp_path):
    """A JSONL file whose records clean in the workers: one leaves no text (only a share bar),
    one repeats an id, one repeats a text with no id (scored twice, with a warning)."""
    story = "Leaders met in Astana. Trade soared to new heights, officials said."
    rows = [{"id": "a", "text": story},
            {"id": "b", "text": "Share on Facebook\nShare on Twitter"},
            {"text": "Officials said the project may be delayed."},
            {"id": "a", "text": "Another story. It may rain."},
            {"text": "Officials said the project may be delayed."},
            {"id": "c", "text": "The unprecedented summit was a great success."}]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_articles_cleaned_in_the_workers_give_the_records_and_errors_of_reading_first(
        tmp_path, jobs):
    path = _cleaning_cases(tmp_path)
    built = list(score_records(iter_articles([path]), jobs=1))
    pending = list(iter_articles([path], build=False))
    assert all(isinstance(p, fr.ingest.PendingArticle) for p in pending)
    late = list(score_records(pending, jobs=jobs, chunksize=1))
    assert [str(x) if isinstance(x, InputError) else x for x in late] == [
        str(x) if isinstance(x, InputError) else x for x in built]
    errors = [str(x) for x in late if isinstance(x, InputError)]
    assert len(errors) == 2 and errors[0].startswith(f"{path}:2: no article text left")
    assert errors[1].startswith(f"{path}:4: duplicate id 'a'")
    assert [x["id"] for x in late if isinstance(x, dict)] == ["a", "in-3", "in-5", "c"]


def test_cli_cleans_in_the_workers_and_reports_bad_records_by_line(tmp_path, capsys, caplog):
    path = _cleaning_cases(tmp_path)
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        assert main(["score", str(path), "--jobs", jobs, "-o", str(out)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert [line.split(": ")[1] for line in err] == [f"{path}:{n}" for n in (2, 4)]
        assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
            f"{path}:5: exact duplicate of {path}:3 (the same text); both are scored"]
        caplog.clear()
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0].count(b"\n") == 4


def test_errors_and_pending_articles_cross_process_boundaries_whole():
    import pickle

    from framing.ingest.reading import PendingArticle

    error = pickle.loads(pickle.dumps(InputError("x.csv", "no text", line=7)))
    assert (error.path, error.message, error.line, str(error)) == (
        "x.csv", "no text", 7, "x.csv:7: no text")
    pending = PendingArticle("   ", "x.csv:7", record={}, path="x.csv", line=7)
    with pytest.raises(InputError, match=r"^x.csv:7: no article text left"):
        pickle.loads(pickle.dumps(pending)).build()


@pytest.mark.parametrize("jobs", [1, 2])
def test_built_articles_are_scored_as_given_even_with_repeated_ids(sample, jobs):
    """Only articles that score_records builds itself have their ids checked; articles built
    by the caller (a DataFrame's rows, say) come back as they were given."""
    twice = [sample[0], sample[0]]
    out = list(score_records(twice, jobs=jobs, chunksize=1))
    assert [r["id"] for r in out] == [sample[0].id] * 2


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_sigint_and_sigterm_stop_the_workers_and_leave_no_partial_file(sample, tmp_path):
    """score (both signals) and report (SIGTERM), stopped while their workers score."""
    corpus = tmp_path / "many.jsonl"
    with open(corpus, "w", encoding="utf-8") as fh:
        for k in range(2000):  # far more than can be scored before the signal comes
            a = sample[k % len(sample)]
            text = f"{a.text}\n\nCopy {k}."  # all different: no duplicate warnings
            fh.write(json.dumps({"id": f"x{k}", "text": text}) + "\n")
    workers = min(2, parallel.default_jobs())
    runs = {}  # one run per command and signal, side by side
    try:
        for command, sig in (("score", signal.SIGINT), ("score", signal.SIGTERM),
                             ("report", signal.SIGTERM)):
            folder = tmp_path / f"{command}-{sig.name}"
            folder.mkdir()
            out = folder / ("out.jsonl" if command == "score" else "report")
            runs[command, sig] = (folder, subprocess.Popen(
                [sys.executable, "-m", "framing", command, str(corpus), "--jobs", "2",
                 "--dimension", "promotional,hedging", "-o", str(out)],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                # a shell's background job starts with SIGINT ignored, and so would framing
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)))
        waiting = dict(runs)
        deadline = time.monotonic() + 120
        while waiting and time.monotonic() < deadline:
            for key, (folder, proc) in list(waiting.items()):
                if proc.poll() is not None:
                    pytest.fail(f"finished before the signal: {proc.stderr.read()}")
                kids = [k for k in _children(proc.pid) if _alive(k)]
                writing = key[0] == "report" or list(folder.glob(".out.jsonl.*.part"))
                if writing and len(kids) >= workers:
                    del waiting[key]
            time.sleep(0.1)
        assert not waiting, "the workers did not start"
        time.sleep(0.5)  # let them take some chunks
        kids = {key: _children(proc.pid) for key, (_, proc) in runs.items()}
        for (_, sig), (_, proc) in runs.items():
            proc.send_signal(sig)  # to the parent only, as kill(1) and service managers send it
        errors = {key: proc.communicate(timeout=60)[1] for key, (_, proc) in runs.items()}
    finally:
        for _, proc in runs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for (command, sig), (folder, proc) in runs.items():
        err = errors[command, sig]
        assert proc.returncode == 128 + sig, err
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
        assert list(folder.iterdir()) == []  # no output, no .part file or folder
    deadline = time.monotonic() + 15
    left = [k for ks in kids.values() for k in ks]
    while any(_alive(k) for k in left) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [k for k in left if _alive(k)], "a worker outlived framing"


# --- Worker processes that die, readers that stop early, interrupts: all end in bounded time.
# A worker is made to die by a function patched here before the pool forks it (no hook in
# framing). Each test runs under a deadline: a hang fails it instead of holding the suite.

needs_fork = pytest.mark.skipif(
    parallel.default_jobs() < 2 or not hasattr(signal, "setitimer")
    or __import__("multiprocessing").get_start_method() != "fork",
    reason="needs two cores and forked worker processes")


@contextlib.contextmanager
def _deadline(seconds: float):
    """Fail the block with TimeoutError if it runs longer than ``seconds``."""
    def hung(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _workers_end(before: set[int], within: float = 10.0) -> None:
    """Every child process started since ``before`` has ended (or ends within ``within`` s)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        left = [k for k in _children(os.getpid()) if k not in before and _alive(k)]
        if not left:
            return
        time.sleep(0.05)
    pytest.fail(f"worker processes outlived the stream: {left}")


@pytest.fixture(scope="module")
def corpus(sample, tmp_path_factory):
    """A JSONL file of 12 articles; lines 3, 6 and 10 hold "exit", "segfault" and "kill"."""
    path = tmp_path_factory.mktemp("deaths") / "in.jsonl"
    fatal = {2: "exit", 5: "segfault", 9: "kill"}
    rows = [{"id": fatal.get(k, f"a{k}"), "text": f"{sample[k % 10].text}\n\n({k})"}
            for k in range(12)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _die_on(monkeypatch, ids: set[str], once: Path | None = None) -> None:
    """Make Scorer.score end its process (in a worker only) on the articles with these ids,
    as each id says: ``exit`` (exit code 3), ``segfault`` or ``kill`` (SIGKILL, as the
    out-of-memory killer sends). With ``once``, only the first time (a file marks it)."""
    from framing.scoring import Scorer

    parent, score = os.getpid(), Scorer.score

    def dying(self, article):
        dies = once is None or not once.exists()
        if article.id in ids and os.getpid() != parent and dies:
            if once is not None:
                once.touch()
            if article.id == "exit":
                os._exit(3)
            if article.id == "segfault":
                faulthandler.disable()  # pytest's, inherited: no stack dump on the terminal
                ctypes.string_at(0)
            os.kill(os.getpid(), signal.SIGKILL)
        return score(self, article)

    monkeypatch.setattr(Scorer, "score", dying)


def _shown(items):
    return [str(x) if isinstance(x, InputError) else x for x in items]


@pytest.fixture(scope="module")
def expected(corpus):
    """The corpus's records and errors scored in this process."""
    return _shown(score_records(iter_articles([corpus], build=False), jobs=1))


@needs_fork
def test_a_worker_that_dies_on_an_article_costs_only_that_article(corpus, expected,
                                                                  monkeypatch):
    _die_on(monkeypatch, {"exit", "segfault", "kill"})
    before = set(_children(os.getpid()))
    with _deadline(60):
        out = _shown(score_records(iter_articles([corpus], build=False), jobs=2, chunksize=2))
    fatal = {2: "exit code 3", 5: "killed by SIGSEGV", 9: "killed by SIGKILL: out of memory?"}
    assert [x for k, x in enumerate(out) if k not in fatal] == [
        x for k, x in enumerate(expected) if k not in fatal]  # the others, whole and in order
    for k, why in fatal.items():
        assert out[k] == (f"{corpus}:{k + 1}: not scored: the process scoring it died ({why}), "
                          "also when it was tried again alone")
    _workers_end(before)


@needs_fork
def test_a_worker_killed_once_loses_nothing(corpus, expected, monkeypatch, tmp_path):
    """The out-of-memory killer may pick a worker for another's sins: the article is tried
    again alone, and scores."""
    _die_on(monkeypatch, {"kill"}, once=tmp_path / "killed")
    with _deadline(60):
        out = _shown(score_records(iter_articles([corpus], build=False), jobs=2, chunksize=3))
    assert out == expected and (tmp_path / "killed").exists()


@needs_fork
def test_a_worker_that_cannot_start_stops_the_run_in_one_line(sample, monkeypatch):
    monkeypatch.setattr(parallel, "_work", lambda *args: os._exit(5))
    before = set(_children(os.getpid()))
    with _deadline(30), pytest.raises(fr.errors.FramingError,
                                      match=r"worker process died as it started \(exit code 5"):
        list(score_records(sample, jobs=2, chunksize=2))
    _workers_end(before)


@needs_fork
def test_cli_a_worker_death_is_one_line_and_the_rest_is_written(corpus, monkeypatch, tmp_path,
                                                                 capsys):
    _die_on(monkeypatch, {"segfault"})
    out = tmp_path / "out.jsonl"
    with _deadline(60):
        assert main(["score", str(corpus), "--jobs", "2", "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"framing: {corpus}:6: not scored: ") and \
        "SIGSEGV" in err[0]
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == [f"a{k}" if k not in (2, 9) else ("exit", "kill")[k > 2]
                   for k in range(12) if k != 5]
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no .part left


@needs_fork
def test_a_reader_that_stops_early_ends_the_workers_at_once(sample):
    many = (Article(id=f"a{i}", text=f"{sample[i % 10].text} ({i})", source=f"s{i}")
            for i in range(2000))
    before = set(_children(os.getpid()))
    with _deadline(30):
        stream = score_records(many, jobs=2, chunksize=2)
        assert [next(stream)["id"] for _ in range(5)] == [f"a{i}" for i in range(5)]
        # workers busy on the chunks read ahead; some records wait to be handed on
        started = time.monotonic()
        stream.close()
        assert time.monotonic() - started < parallel.STOP_WAIT + 1
    _workers_end(before, within=1)


@needs_fork
def test_ctrl_c_while_waiting_for_records_ends_the_workers(sample, monkeypatch):
    many = (Article(id=f"a{i}", text=f"{sample[i % 10].text} ({i})", source=f"s{i}")
            for i in range(2000))
    before = set(_children(os.getpid()))
    taken = []
    with _deadline(30):
        stream = score_records(many, jobs=2, chunksize=2)
        with pytest.raises(KeyboardInterrupt):
            for record in stream:
                taken.append(record["id"])
                if len(taken) == 3:  # Ctrl-C, while the parent waits on its workers
                    threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGINT)).start()
    assert taken[:3] == ["a0", "a1", "a2"] and len(taken) < 2000
    _workers_end(before)
