"""framing never destroys what it did not write: report folders, special files, modes (issue 22)."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from framing.cli import main
from framing.errors import FramingError
from framing.output import FOLDER_MARK, atomic_directory, atomic_output, check_replaceable

ARTICLE = "Officials hailed the historic deal as a win-win. Critics said it may cost jobs.\n"


def _articles(folder):
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE)
    (folder / "b.txt").write_text("The minister said the talks would go on. " + ARTICLE)
    return folder


def _tree(folder):
    return sorted((str(p.relative_to(folder)), p.read_bytes() if p.is_file() else b"")
                  for p in folder.rglob("*"))


def _report(inputs, out, capsys):
    code = main(["report", *map(str, inputs), "-o", str(out), "--jobs", "1", "--no-parquet",
                 "--dimension", "promotional,hedging"])
    return code, capsys.readouterr().err


def test_report_refuses_to_write_over_its_input(tmp_path, capsys):
    articles = _articles(tmp_path / "articles")
    before = _tree(articles)
    code, err = _report([articles], articles, capsys)
    assert code != 0 and "input" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert _tree(articles) == before


def test_report_refuses_a_folder_that_holds_an_input(tmp_path, capsys):
    articles = _articles(tmp_path / "work" / "articles")
    code, err = _report([articles / "a.txt"], tmp_path / "work", capsys)
    assert code != 0 and "input" in err
    assert (articles / "a.txt").read_text() == ARTICLE


def test_report_refuses_a_folder_with_foreign_files(tmp_path, capsys):
    articles = _articles(tmp_path / "articles")
    out = tmp_path / "notes"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    code, err = _report([articles], out, capsys)
    assert code != 0 and "not written by framing" in err and "Traceback" not in err
    assert [p.name for p in out.iterdir()] == ["thesis.docx"]


def test_report_refuses_the_current_folder(tmp_path, capsys, monkeypatch):
    articles = _articles(tmp_path / "articles")
    monkeypatch.chdir(articles)
    before = _tree(articles)
    for out in (".", "..", str(tmp_path)):
        code, err = _report(["a.txt", "b.txt"], out, capsys)
        assert code != 0 and "current folder" in err and "Traceback" not in err
    assert _tree(articles) == before


def test_report_replaces_its_own_folder_but_not_what_was_added_to_it(tmp_path, capsys):
    articles = _articles(tmp_path / "articles")
    out = tmp_path / "report"
    assert _report([articles], out, capsys)[0] == 0
    mark = (out / FOLDER_MARK).read_text()
    assert '"kind": "report"' in mark and "report.html" in mark
    assert _report([articles], out, capsys)[0] == 0  # framing's own report: replaced
    (out / "my-notes.txt").write_text("mine")
    code, err = _report([articles], out, capsys)
    assert code != 0 and "my-notes.txt" in err
    assert (out / "my-notes.txt").read_text() == "mine"


def test_a_mark_of_another_kind_does_not_count(tmp_path):
    with atomic_directory(tmp_path / "d", kind="parquet dataset") as tmp:
        (tmp / "part-00000.parquet").write_bytes(b"x")
    with pytest.raises(FramingError, match="not written by framing as a report"):
        check_replaceable(tmp_path / "d", kind="report")
    check_replaceable(tmp_path / "d", kind="parquet dataset")


def test_an_empty_folder_may_be_filled(tmp_path):
    (tmp_path / "empty").mkdir()
    with atomic_directory(tmp_path / "empty", kind="report") as tmp:
        (tmp / "report.md").write_text("# r")
    assert sorted(p.name for p in (tmp_path / "empty").iterdir()) == [FOLDER_MARK, "report.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_score_writes_a_pipe_directly_and_leaves_it_a_pipe(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    with atomic_output(str(fifo)) as fh:
        fh.write('{"id": "a"}\n')
    reader.join(timeout=10)
    assert got == [b'{"id": "a"}\n']
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_score_into_a_folder_is_one_line(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "out").mkdir()
    code = main(["score", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--jobs", "1",
                 "--dimension", "promotional"])
    err = capsys.readouterr().err
    assert code != 0 and "is a folder" in err and "Traceback" not in err
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_output_files_follow_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        with atomic_output(str(tmp_path / "scores.jsonl")) as fh:
            fh.write("{}\n")
        with atomic_directory(tmp_path / "r", kind="report") as tmp:
            (tmp / "report.md").write_text("# r")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "scores.jsonl").st_mode) == mode
    assert stat.S_IMODE(os.stat(tmp_path / "r").st_mode) == mode | (mode & 0o444) >> 2
