"""The framing command: every subcommand runs, exit codes, one-line errors, whole files."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from framing.cli import main

GOOD = "Leaders met in Astana.\n\nTrade soared to new heights, officials said, and may rise again."


def run(*args, stdin=None):
    """Run the installed command in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "framing", *args], capture_output=True, text=True, input=stdin,
        timeout=300,
    )


def test_version_and_help():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("framing ")
    out = run("--help")
    assert out.returncode == 0 and "examples:" in out.stdout and "score" in out.stdout


def test_usage_error_exits_2_in_one_line():
    out = run("score", "--format", "xml")
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


def test_score_sample_in_every_format(tmp_path):
    assert main(["score", "-o", str(tmp_path / "s.jsonl")]) == 0
    records = [json.loads(line) for line in (tmp_path / "s.jsonl").read_text().splitlines()]
    assert len(records) == 10
    for rec in records:
        for key in ("id", "outlet", "title", "published", "text", "metrics", "evidence", "sentences"):
            assert key in rec
        for ev in rec["evidence"]:
            assert ev["text"] == rec["text"][ev["start"]:ev["end"]]  # the evidence format
            assert ev["voice"] in ("author", "quoted") and ev["reason"]
    assert main(["score", "--evidence", "full", "-o", str(tmp_path / "f.jsonl")]) == 0
    full = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text().splitlines()]
    for rec, whole in zip(records, full):
        _check_slim_against_full(rec, whole)
    assert len((tmp_path / "s.jsonl").read_bytes()) < 0.75 * len((tmp_path / "f.jsonl")
                                                                 .read_bytes())
    assert main(["score", "-o", str(tmp_path / "s.csv")]) == 0
    frame = pd.read_csv(tmp_path / "s.csv")
    assert len(frame) == 10 and "promotional_per_1k" in frame.columns
    assert main(["score", "--format", "parquet", "-o", str(tmp_path / "s.parquet")]) == 0
    assert len(pd.read_parquet(tmp_path / "s.parquet")) == 10
    out = run("score")
    assert out.returncode == 0 and "promo/1k" in out.stdout


def _check_slim_against_full(slim, full):
    """A slim record is the full one without the rows it repeats: the classifier's rows (its
    field has every probability) and the attributions' content rows (their spans are in the
    attributions part); every key, and every other row, as scored."""
    assert list(slim) == list(full)  # the same keys in the same order
    for ev in full["evidence"]:
        assert full["text"][ev["start"]:ev["end"]] == ev["text"]
        assert ev["voice"] in ("author", "quoted") and ev["reason"]
    kept = [e for e in full["evidence"] if e["dimension"] != "classifier"
            and not (e["dimension"] == "attribution" and e["extra"].get("role") == "content")]
    assert slim == {**full, "evidence": kept}
    assert slim["metrics"] == full["metrics"] and slim["classifier"] == full["classifier"]
    for task, part in full["classifier"].items():  # rows: the sentences at the threshold
        rows = {e["sentence"] for e in full["evidence"]
                if e["dimension"] == "classifier" and e["category"] == task}
        probs, cut = part["probabilities"], part["threshold"]  # probabilities: 4 places
        assert {i for i, p in enumerate(probs) if p > cut + 5e-5} <= rows
        assert rows <= {i for i, p in enumerate(probs) if p >= cut - 5e-5}
        assert len(probs) == full["n_sentences"]
    content = [a["content"] for a in full.get("attributions", [])]
    for ev in full["evidence"]:
        if ev["dimension"] == "attribution" and ev["extra"].get("role") == "content":
            assert any(ev["start"] == p["start"] and ev["end"] == p["end"]
                       for c in content for p in c["parts"])


def test_score_stdin():
    out = run("score", "-", "--format", "jsonl", stdin=GOOD)
    assert out.returncode == 0
    (rec,) = [json.loads(line) for line in out.stdout.splitlines()]
    found = {rec["text"][e["start"]:e["end"]] for e in rec["evidence"]}
    assert {"soared", "new heights", "may"} <= found


def test_bad_file_exit_1_others_written(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD)
    (tmp_path / "in" / "empty.txt").write_text("")
    out = run("score", str(tmp_path / "in"), "-o", str(tmp_path / "out.jsonl"))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    (line,) = out.stderr.strip().splitlines()
    assert "empty.txt" in line and "empty file" in line
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1


def test_failure_leaves_no_partial_file(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# name: x\n# version: 1\n# dimension: promotional\n")
    out = run("score", "--lexicon", str(bad), "-o", str(tmp_path / "o.jsonl"))
    assert out.returncode == 1 and "bad.tsv" in out.stderr and "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == [bad]


def test_ingest_explain_sample(capsys):
    assert main(["ingest", "--explain"]) == 0
    out = capsys.readouterr().out
    assert out.count("== sample-") == 10
    assert "removed" in out and "flagged" in out


def test_ingest_jsonl_has_removed_with_explain(tmp_path):
    assert main(["ingest", "--explain", "-o", str(tmp_path / "i.jsonl")]) == 0
    rows = [json.loads(x) for x in (tmp_path / "i.jsonl").read_text().splitlines()]
    assert all("removed" in r and "provenance" in r for r in rows)


def test_lexicons_commands(tmp_path, capsys):
    assert main(["lexicons", "list"]) == 0
    listed = capsys.readouterr().out
    assert "promotional@" in listed and "hedging@" in listed
    assert main(["lexicons", "show", "hedging"]) == 0
    assert "not_month" in capsys.readouterr().out
    bad = tmp_path / "bad.tsv"
    bad.write_text("# name: b\n# version: 1\n# dimension: hedging\n# category: h = a hedge\n"
                   "pattern\tcategory\tweight\tnote\tsource\nmay\th\tlots\tx\ty\n")
    assert main(["lexicons", "validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:6:" in err and "weight" in err


def test_unknown_dimension_lists_available(capsys):
    assert main(["score", "--dimension", "sentiment"]) == 1
    err = capsys.readouterr().err
    assert "unknown dimension 'sentiment'" in err and "Available names: " in err


@pytest.mark.parametrize("kind", ["nonsense"])
def test_evaluate_unknown_kind(kind, tmp_path, capsys):
    assert main(["evaluate", kind, str(tmp_path)]) == 1
    assert "Available names" in capsys.readouterr().err


def test_score_help_lists_the_scale_options():
    out = run("score", "--help")
    assert out.returncode == 0
    for option in ("--jobs", "--engine", "--scheduler"):
        assert option in out.stdout


def test_score_table_fits_a_terminal(tmp_path, capsys):
    import json

    from framing.cli.score import TABLE_COLUMNS

    row = {"id": "a-very-long-article-identifier-" * 2, "outlet": "The Extremely Long Outlet " * 3,
           "text": "The minister hailed a historic, golden era. Critics may disagree."}
    (tmp_path / "c.jsonl").write_text(json.dumps(row) + "\n", "utf-8")
    assert main(["score", str(tmp_path / "c.jsonl")]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert lines[0].split()[:4] == ["id", "outlet", "words", "promo/1k"]
    assert "…" in lines[1] and "All metrics: framing score -o scores.csv" in out
    assert "promotional_per_1k" in TABLE_COLUMNS  # the CSV and JSONL keys are unchanged
