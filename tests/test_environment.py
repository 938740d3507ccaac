"""What the environment does to the output (issue 17): folders where files should be, folders
that cannot be written, and values JSON has no words for. One line each, nothing left behind."""

import json
import os
import tempfile

import pandas as pd
import pytest

from framing.cli import main

TEXT = "Officials said the summit was undoubtedly historic. Critics may disagree about the debt."


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n", encoding="utf-8")
    return path


def _one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("command", ["score", "ingest"])
def test_output_naming_a_folder_is_one_line(corpus, tmp_path, capsys, command):
    folder = tmp_path / "out.jsonl"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    jobs = ["--jobs", "1"] if command == "score" else []
    assert main([command, str(corpus), *jobs, "-o", str(folder)]) == 1
    line = _one_line(capsys)
    assert str(folder) in line and "is a folder" in line
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]


def test_output_under_a_file_is_one_line(corpus, capsys):
    assert main(["score", str(corpus), "--jobs", "1", "--dimension", "promotional",
                 "-o", str(corpus / "x.jsonl")]) == 1
    line = _one_line(capsys)
    assert str(corpus) in line


def _refuse(*args, **kwargs):
    folder = kwargs.get("dir") or (args[2] if len(args) > 2 else tempfile.gettempdir())
    raise PermissionError(13, "Permission denied", str(folder))


@pytest.mark.parametrize("argv", [
    ["score", "{corpus}", "--jobs", "1", "--dimension", "promotional", "-o", "{out}/s.jsonl"],
    ["score", "{corpus}", "--jobs", "1", "--dimension", "promotional", "-o", "{out}/s.parquet"],
    ["ingest", "{corpus}", "-o", "{out}/i.csv"],
    ["report", "{corpus}", "--jobs", "1", "--dimension", "promotional", "--no-parquet",
     "-o", "{out}/report"],
    ["worksheet", "{corpus}", "--id", "a", "-o", "{out}/ws"],
])
def test_a_folder_that_cannot_be_written_is_one_line(corpus, tmp_path, capsys, monkeypatch,
                                                      argv):
    # as root, a read-only folder can still be written: refuse the temporary files instead,
    # which is where a read-only folder stops every writer
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(tempfile, "mkstemp", _refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", _refuse)
    code = main([a.format(corpus=corpus, out=out) for a in argv])
    assert code == 1
    line = _one_line(capsys)
    assert "permission denied" in line and str(out) in line and "-o" in line
    assert [p for p in out.rglob("*") if not p.is_dir()] == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only folders")
def test_a_read_only_folder_is_one_line(corpus, tmp_path, capsys):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        assert main(["score", str(corpus), "--jobs", "1", "--dimension", "promotional",
                     "-o", str(out / "s.jsonl")]) == 1
        assert "permission denied" in _one_line(capsys)
    finally:
        out.chmod(0o755)


def _strict(text: str):
    return json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} written as JSON"))


def test_nan_infinity_and_lone_surrogates_never_stop_a_writer(tmp_path, capsys):
    corpus = tmp_path / "odd.jsonl"
    corpus.write_text(
        '{"id": "n\\ud800", "title": "T\\udc00", "text": "' + TEXT + '\\n\\nThe talks '
        '\\ud83d went on for three days in the capital, officials said.", "x": NaN}\n'
        '{"id": "i", "text": "' + TEXT + '", "y": Infinity, "z": [-Infinity, 1e400]}\n',
        encoding="utf-8")
    for fmt in ("jsonl", "csv", "table", "parquet"):
        out = tmp_path / f"s.{fmt}"
        code = main(["score", str(corpus), "--jobs", "1", "--dimension", "promotional,hedging",
                     "--format", fmt, "-o", str(out)])
        err = capsys.readouterr().err
        assert code in (0, 1) and "Traceback" not in err, (fmt, err)
        if fmt != "parquet":
            data = out.read_bytes().decode("utf-8")
        if fmt == "jsonl":
            records = [_strict(line) for line in data.splitlines()]
            assert records and all("\ud800" not in r["id"] for r in records)
        if fmt == "parquet":
            assert len(pd.read_parquet(out)) >= 1
    out = tmp_path / "i.jsonl"
    assert main(["ingest", str(corpus), "-o", str(out)]) in (0, 1)
    assert [_strict(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert "Traceback" not in capsys.readouterr().err


def test_a_value_parquet_cannot_hold_is_one_line(tmp_path, capsys):
    corpus = tmp_path / "big.jsonl"
    corpus.write_text(json.dumps({"id": "a", "title": 10**30, "text": TEXT}) + "\n",
                      encoding="utf-8")
    out = tmp_path / "s.parquet"
    code = main(["score", str(corpus), "--jobs", "1", "--dimension", "promotional",
                 "-o", str(out)])
    assert code in (0, 1)
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 1
    assert out.exists() or "Parquet" in err


def test_report_on_a_corpus_where_a_metric_is_empty_everywhere(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Hello.", encoding="utf-8")  # one word: no criticism topic
    (folder / "b.txt").write_text(TEXT, encoding="utf-8")
    assert main(["report", str(folder), "--jobs", "1", "--no-parquet",
                 "--dimension", "promotional,hedging,criticism", "-o", str(tmp_path / "r")]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert (tmp_path / "r" / "report.md").exists()
