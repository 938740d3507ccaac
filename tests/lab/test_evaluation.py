"""Dataset loaders, metrics and ``evaluate``: tiny inline fixtures always, real data when present."""

from __future__ import annotations

import pytest

from framing import settings
from framing.errors import InputError, UnknownNameError
from framing.lab.datasets import load_conll2010, load_semeval2023
from framing.lab.evaluate import KINDS, evaluate
from framing.lab.metrics import binary_metrics
from framing.lexicon import load_lexicon

# --------------------------------------------------------------------------------------------
# CoNLL-2010 loader

CONLL = (
    '-1,"Some historians believe he was born in Rome, perhaps in 1500."\n'
    "1,The bridge opened in 1932.\n"
    '-1,It is &quot;widely regarded&quot; as his best work.\n'
    "1,Prehistoric medicine\n"
)


def test_conll2010_loader_reads_file_and_folder(tmp_path):
    path = tmp_path / "uncertainty.csv"
    path.write_text(CONLL, encoding="utf-8")
    for where in (path, tmp_path, str(path)):
        frame = load_conll2010(where)
        assert list(frame.columns) == ["sentence", "label", "uncertain"]
        assert frame["label"].tolist() == [-1, 1, -1, 1]
        assert frame["uncertain"].tolist() == [True, False, True, False]
    assert frame["sentence"][0] == "Some historians believe he was born in Rome, perhaps in 1500."
    assert frame["sentence"][2] == 'It is "widely regarded" as his best work.'


def test_conll2010_loader_accepts_a_header(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("label,sentence\n" + CONLL, encoding="utf-8")
    assert len(load_conll2010(path)) == 4


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("1,fine\n0,bad label\n", 2, "label '0'"),
        ("1,fine\n1,a,b\n", 2, "expected 2 cells"),
        ("1,fine\nno label\n", 2, "expected 2 cells"),
    ],
)
def test_conll2010_loader_reports_file_and_line(tmp_path, text, line, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_conll2010(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_conll2010_loader_missing_or_empty(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_conll2010(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="exactly one"):
        load_conll2010(tmp_path)
    empty = tmp_path / "empty.csv"
    empty.write_text("label,sentence\n", encoding="utf-8")
    with pytest.raises(InputError, match="no labelled sentences"):
        load_conll2010(empty)


# --------------------------------------------------------------------------------------------
# SemEval-2023 loader

ARTICLE = (
    "Leaders hail historic win-win deal\n"
    "\n"
    "The deal was signed on Monday in Geneva.\n"
    "\n"
    "Critics called it a disastrous sellout by corrupt elites.\n"
)
LABELS = (
    "111\t1\tLoaded_Language,Slogans\n"
    "111\t3\t\n"
    "111\t5\tName_Calling-Labeling,Loaded_Language\n"
    "222\t1\tDoubt\n"
)


def semeval_folder(tmp_path, labels=LABELS):
    articles = tmp_path / "train-articles-subtask-3"
    articles.mkdir()
    (articles / "article111.txt").write_text(ARTICLE, encoding="utf-8")
    (articles / "article222.txt").write_text("\ufeffMaybe the vote was rigged.\n", encoding="utf-8")
    (tmp_path / "train-labels-subtask-3.txt").write_text(labels, encoding="utf-8")
    return tmp_path


def test_semeval2023_loader_reads_folder_and_labels_file(tmp_path):
    folder = semeval_folder(tmp_path)
    for where in (folder, folder / "train-labels-subtask-3.txt"):
        frame = load_semeval2023(where)
        for column in ("article_id", "line", "text", "techniques", "any_technique",
                       "loaded_group"):
            assert column in frame.columns
        assert len(frame) == 4
    assert frame["article_id"].tolist() == ["111", "111", "111", "222"]
    assert frame["line"].tolist() == [1, 3, 5, 1]
    assert frame["text"][1] == "The deal was signed on Monday in Geneva."
    assert frame["text"][3] == "Maybe the vote was rigged."  # byte-order mark removed
    assert frame["techniques"][0] == ["Loaded_Language", "Slogans"]
    assert frame["techniques"][1] == []
    assert frame["any_technique"].tolist() == [True, False, True, True]
    assert frame["loaded_group"].tolist() == [True, False, True, False]


@pytest.mark.parametrize(
    ("labels", "line", "message"),
    [
        ("111\t1\tSlogans\n333\t1\t\n", 2, "article333.txt is missing"),
        ("111\t1\tSlogans\n111\t9\t\n", 2, "line 9 is past the end"),
        ("111\tone\tSlogans\n", 1, "line number"),
        ("111\t1\tSlogans\textra\n", 1, "expected 3 tab-separated cells"),
    ],
)
def test_semeval2023_loader_reports_file_and_line(tmp_path, labels, line, message):
    folder = semeval_folder(tmp_path, labels)
    with pytest.raises(InputError) as info:
        load_semeval2023(folder)
    assert info.value.line == line
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_semeval2023_loader_needs_its_files(tmp_path):
    with pytest.raises(InputError, match="labels-subtask-3"):
        load_semeval2023(tmp_path)
    (tmp_path / "train-labels-subtask-3.txt").write_text(LABELS, encoding="utf-8")
    with pytest.raises(InputError, match="articles folder"):
        load_semeval2023(tmp_path)


# --------------------------------------------------------------------------------------------
# Metrics and evaluate


def test_binary_metrics():
    m = binary_metrics([True, True, False, False], [2.0, 0.0, 1.0, 0.0], 1.0)
    assert m["n"] == 4 and m["positives"] == 2
    assert m["accuracy"] == 0.5
    assert m["precision"] == 0.5 and m["recall"] == 0.5 and m["f1"] == 0.5
    assert m["auc"] == 0.625
    assert binary_metrics([True, True], [1.0, 0.0], 1.0)["auc"] is None
    assert binary_metrics([False, False], [0.0, 0.0], 1.0)["precision"] == 0.0


def test_evaluate_unknown_kind():
    with pytest.raises(UnknownNameError) as info:
        evaluate("imdb", ".")
    assert "dataset kind" in str(info.value)
    assert all(kind in str(info.value) for kind in KINDS)


def test_evaluate_conll2010_on_a_tiny_file(tmp_path, monkeypatch):
    path = tmp_path / "tiny.csv"
    path.write_text(CONLL, encoding="utf-8")
    result = evaluate("conll2010", path)
    assert result["dataset"] == "conll2010"
    assert result["dimension"] == "hedging"
    assert result["lexicons"] == [load_lexicon("hedging").id]
    assert result["n"] == 4
    assert result["metrics"]["accuracy"] == 1.0
    assert result["metrics"]["threshold"] == settings.EVAL_CONLL2010_THRESHOLD
    monkeypatch.setattr(settings, "EVAL_CONLL2010_THRESHOLD", 99.0)
    assert evaluate("conll2010", path)["metrics"]["recall"] == 0.0


def test_evaluate_semeval2023_on_a_tiny_folder(tmp_path):
    result = evaluate("semeval2023", semeval_folder(tmp_path))
    assert result["dataset"] == "semeval2023" and result["dimension"] == "promotional"
    assert result["sense_model"].startswith("promotional-sense@")  # which model filtered hits
    assert result["n"] == 4
    metrics = result["metrics"]
    for key in ("any_auc", "any_f1", "loaded_auc", "loaded_f1", "loaded_precision",
                "loaded_recall"):
        assert key in metrics
    assert metrics["loaded_auc"] == 1.0
    assert metrics["loaded_recall"] == 1.0
    assert metrics["threshold"] == settings.EVAL_SEMEVAL2023_THRESHOLD


def test_evaluate_with_an_extra_lexicon(tmp_path):
    lexicon = tmp_path / "extra.tsv"
    lexicon.write_text(
        "# name: extra\n# version: 0.1.0\n# dimension: hedging\n"
        "# category: hedge.shield = a shield\n"
        "pattern\tcategory\tweight\tnote\tsource\nopened\thedge.shield\t2.0\ttest\ttest\n",
        encoding="utf-8",
    )
    data = tmp_path / "tiny.csv"
    data.write_text(CONLL, encoding="utf-8")
    result = evaluate("conll2010", data, lexicons=[lexicon])
    assert result["lexicons"] == [load_lexicon("hedging").id, "extra@0.1.0"]
    assert result["metrics"]["accuracy"] == 0.75  # "opened" now marks a certain sentence


# --------------------------------------------------------------------------------------------
# Floors on the real development data (skipped when ../shared is missing)


def test_conll2010_floor(eval_dir):
    result = evaluate("conll2010", eval_dir / "conll2010-wiki")
    assert result["n"] > 900
    assert result["metrics"]["accuracy"] >= 0.80
    assert result["metrics"]["auc"] >= 0.83


def test_semeval2023_floor(eval_dir):
    result = evaluate("semeval2023", eval_dir / "semeval2023")
    assert result["n"] > 9000
    # Issue 15's recall floor is the loaded-language AUC >= 0.70; the lead's guard keeps a
    # margin over it. promotional@1.4.0 and its sense model traded recall for precision by
    # reading (docs/quality.md): loaded 0.744 -> 0.7229, any technique 0.7059 -> 0.6878.
    assert result["metrics"]["loaded_auc"] >= 0.72
    # The any-technique AUC is our own guard, not the floor: 0.715 -> 0.7097 with
    # promotional 1.2.0, 0.7059 with 1.3.0, 0.6878 with 1.4.0 (words left out because they are
    # mostly plain terms also sit in paragraphs that use some other technique); floor = the
    # measured figure minus a small margin, so a further loss is noticed
    assert result["metrics"]["any_auc"] >= 0.68
