"""SIGINT and SIGTERM stop `framing report` and `framing worksheet` cleanly: exit 128+signal,
one line on stderr, and the report folder or the worksheet whole or absent, nothing left over.
(A signal while the workers score: tests/engines/test_parallel.py, for score and report.)

Each run is a subprocess that sends the signal to itself at a chosen point (a function patched in
that process only), so that the moments that matter are hit every time: while the report's files
are written, between the renames that put them in place, between a worksheet's files."""

import json
import signal
import subprocess
import sys
from pathlib import Path

import framing as fr

#: Runs framing's CLI after patching one point to send the process a signal (argv: point,
#: signal name, then the framing arguments).
CHILD = r"""
import os, signal, sys
from pathlib import Path
point, sig, args = sys.argv[1], getattr(signal, sys.argv[2]), sys.argv[3:]
hit = []

def stop():
    if not hit:
        hit.append(1)
        os.kill(os.getpid(), sig)

if point == "report-files":  # while the report's files are being written
    import framing.views.report as report
    render = report._render_charts
    def rendering(*a, **k):
        stop()
        return render(*a, **k)
    report._render_charts = rendering
elif point == "renames":  # between the renames that put the output in place
    rename = os.replace
    def renaming(src, dst):
        if ".part" in str(src):
            stop()
        return rename(src, dst)
    os.replace = renaming
elif point == "worksheet-files":  # after the first of the worksheet's files is written
    chmod = os.chmod
    def chmodding(path, mode, *a, **k):
        chmod(path, mode, *a, **k)
        if ".part" in str(path):
            stop()
    os.chmod = chmodding
from framing.cli import main
code = main(args)
print("signal sent" if hit else "signal NOT sent", file=sys.stderr)
sys.exit(code)
"""


def _start(point: str, sig: signal.Signals, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, point, sig.name, *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        # a shell's background job starts with SIGINT ignored, and so would framing
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _finish(runs: dict) -> dict:
    """Wait for every run (at most 120 s); its stderr lines, after checking the exit code."""
    errors = {}
    try:
        for key, (proc, sig) in runs.items():
            err = proc.communicate(timeout=120)[1]
            assert proc.returncode == 128 + sig, (key, err)
            lines = err.strip().splitlines()
            assert "Traceback" not in err and lines[-1] == "signal sent", (key, err)
            errors[key] = lines[:-1]
    finally:
        for proc, _ in runs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return errors


def _said(sig: signal.Signals) -> str:
    return "framing: interrupted" if sig == signal.SIGINT else f"framing: stopped by {sig.name}"


def _old_report(folder: Path) -> dict[str, bytes]:
    """A report folder as a previous run left it: a later run may replace it."""
    folder.mkdir()
    (folder / "report.html").write_text("<p>the old report</p>\n", encoding="utf-8")
    (folder / ".framing-output.json").write_text(
        json.dumps({"kind": "report", "files": ["report.html"]}), encoding="utf-8")
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_report_is_whole_or_absent_when_a_signal_comes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for a in list(fr.load_sample())[:2]:
        (corpus / f"{a.id}.txt").write_text(a.text, encoding="utf-8")
    quick = [str(corpus), "--dimension", "promotional", "--no-parquet"]
    before = _old_report(tmp_path / "kept")
    runs = {
        # stopped while writing its files: the old report stays as it was, no folder is left
        "kept": (_start("report-files", signal.SIGINT, "report", *quick,
                        "-o", str(tmp_path / "kept")), signal.SIGINT),
        # a signal between the renames waits until both are done: the new report, whole
        "swapped": (_start("renames", signal.SIGTERM, "report", *quick,
                           "-o", str(tmp_path / "swapped")), signal.SIGTERM),
    }
    _old_report(tmp_path / "swapped")
    errors = _finish(runs)
    for key, (_, sig) in runs.items():
        assert errors[key][-1:] == [_said(sig)], (key, errors[key])
    assert _contents(tmp_path / "kept") == before
    swapped = _contents(tmp_path / "swapped")
    assert b"the old report" not in swapped["report.html"] and "report.md" in swapped
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "kept", "swapped"]


def test_worksheet_is_whole_or_absent_when_a_signal_comes(tmp_path):
    shared = tmp_path / "class"  # a folder the teacher keeps other files in, and an old sheet
    shared.mkdir()
    (shared / "answers-anna.csv").write_text("task,sentence\n1,2\n", encoding="utf-8")
    (shared / "worksheet.html").write_text("<p>last week's worksheet</p>\n", encoding="utf-8")
    before = _contents(shared)
    focus = ["--focus", "promotional,hedging"]
    runs = {
        # stopped after the first file is written: none of the four is put in place
        "new": (_start("worksheet-files", signal.SIGTERM, "worksheet", "sample-06", *focus,
                       "-o", str(tmp_path / "new" / "ws")), signal.SIGTERM),
        "shared": (_start("worksheet-files", signal.SIGINT, "worksheet", "sample-06", *focus,
                          "-o", str(shared)), signal.SIGINT),
        # a signal during the renames waits until all four are in place
        "renamed": (_start("renames", signal.SIGTERM, "worksheet", "sample-06", *focus,
                           "-o", str(tmp_path / "renamed")), signal.SIGTERM),
    }
    errors = _finish(runs)
    for key, (_, sig) in runs.items():
        assert errors[key][-1:] == [_said(sig)], (key, errors[key])
    assert not (tmp_path / "new").exists()  # the folders it made are gone too
    assert _contents(shared) == before
    renamed = _contents(tmp_path / "renamed")
    assert sorted(renamed) == ["answer_key.html", "answers_template.csv", "key.json",
                               "worksheet.html"]
    assert json.loads(renamed["key.json"])["format"] == "framing-worksheet-key"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class", "renamed"]
