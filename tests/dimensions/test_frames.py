"""The frames dimension: the cue lexicon, the shipped model and its file, evidence that slices
the text, the SemEval-2023 subtask 2 loader and evaluation on a tiny layout built here.
The articles below are fictional (invented places, people and outlets)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from framing import registry
from framing.cli import main
from framing.dimensions.classifier.models import ModelError
from framing.dimensions.frames.model import (
    FRAME_IDS,
    FrameCues,
    FrameModel,
    cross_validated,
    label_matrix,
    load_frame_model,
    shipped_frame_model_path,
)
from framing.errors import InputError
from framing.lab.datasets import load_semeval_frames
from framing.lab.evaluate import evaluate
from framing.lexicon import load_lexicon
from framing.textunits import Document

HEALTH = (
    "Hospital wards in Norvale overflowed on Tuesday as the fever outbreak spread.\n\n"
    "Doctors said more than 300 patients had been admitted with the virus since May, and "
    "nurses warned of a shortage of beds.\n\n"
    "The regional health agency urged families to get the new vaccine.\n\n"
    "The weather stayed mild all week."
)
COURT = (
    "The Supreme Court of Valdora ruled on Monday that the new ban on street markets was "
    "unconstitutional.\n\n"
    "Judges said the law violated the right to trade, and lawyers for the vendors called the "
    "verdict a victory for due process.\n\n"
    "Police arrested two men outside the court building on fraud charges.\n\n"
    "Lunch was served at noon."
)


@pytest.fixture(scope="module")
def frames_dim():
    return registry.create("frames")


# --- the cue lexicon ------------------------------------------------------------------------

def test_lexicon_declares_exactly_the_fourteen_frames_and_every_row_has_note_and_source():
    lex = load_lexicon("frames")
    assert lex.dimension == "frames" and lex.info.get("licence") == "MIT"
    assert list(lex.categories) == list(FRAME_IDS)
    assert all(e.note and e.source for e in lex.entries)
    counts = {f: sum(e.category == f for e in lex.entries) for f in FRAME_IDS}
    assert min(counts.values()) >= 12, counts


@pytest.mark.parametrize(("sentence", "frame"), [
    ("The plan will cost taxpayers two billion dollars.", "economic"),
    ("Police arrested the suspect on Friday.", "crime_and_punishment"),
    ("The court ruled the law unconstitutional.", "legality"),
    ("A new poll shows most voters oppose the plan.", "public_opinion"),
    ("NATO allies met at the summit in Brussels.", "external_regulation"),
    ("Hospitals face a shortage of beds.", "capacity_and_resources"),
])
def test_cues_must_find(sentence, frame):
    found = {e.category for e in FrameCues().analyze(Document.from_text(sentence)).evidence}
    assert frame in found


@pytest.mark.parametrize("sentence", [
    "She walked to the bakery and bought bread.",
    "Who will sing at the festival is not yet known.",  # "who" is not the WHO
    "The mayor thanked Bill Moreno for the flowers.",  # a name, not a bill
])
def test_cues_must_not_find(sentence):
    assert FrameCues().analyze(Document.from_text(sentence)).evidence == []


#: Real news (PolNeAR and BASIL sentences, shortened around the words): a cue that must be
#: found on exactly ``words`` (frame), or ``"not <frame>"``: no cue of that frame may cover
#: ``words``. Both senses of a word have rows: "allies" of a country and of a politician,
#: "faith" as religion and as trust, "virtue" as goodness and as an advantage.
REAL_CUES = [
    ("foreign policy that would insult our allies, not engage them", "our allies",
     "external_regulation"),
    ("President Obama came out of meetings with our closest allies in the world",
     "closest allies", "external_regulation"),
    ("Her allies, apparently, weren't sharing in the laugh", "allies", "not external_regulation"),
    ("Even some of Clinton's allies have described it as a serious lapse in judgment", "allies",
     "not external_regulation"),
    ("Trump and his right-wing allies continue to raise the issue", "allies",
     "not external_regulation"),
    ("The Wisconsin Alliance for Reform spent far more to help Bradley", "Alliance",
     "not external_regulation"),
    ("His Catholic faith is important to him", "Catholic faith", "morality"),
    ("for their faith-based opposition to same-sex marriage", "faith-based", "morality"),
    ("an administration at war with people of faith in this country", "people of faith",
     "morality"),
    ("I'm not ashamed to admit I'm a Christian", "a Christian", "morality"),
    ("Alicia Machado as a paragon of virtue", "virtue", "morality"),
    ("destroys credibility and faith in our justice system", "faith", "not morality"),
    ("the sentence, albeit severe, had confirmed my faith in America", "faith", "not morality"),
    ("I have observed firsthand the parties' good faith commitment", "faith", "not morality"),
    ("and extols the virtues of Russian President Vladimir Putin and other dictators", "virtues",
     "not morality"),
    ("It has the important virtue of being fiscally responsible", "virtue", "not morality"),
    ("However, Christian News Service reported that the administration", "Christian",
     "not morality"),
    ("in an interview with the Christian Broadcasting Network", "Christian", "not morality"),
    ("and cost her Christian Democratic Union in state elections", "Christian", "not morality"),
    ("Christian Estrosi, a former mayor of Nice", "Christian", "not morality"),
    # rows whose words were written as alternatives of whole phrases before frames@1.1.0 and so
    # never matched ("united nations|un" reads "united" then "nations" or "un")
    ("and is in clear breach of UN Security Council resolutions", "UN", "external_regulation"),
    ("For every Syrian sent back to Turkey, the EU will resettle one Syrian refugee", "EU",
     "external_regulation"),
    ("the balance between intelligence-gathering and civil liberties", "civil liberties",
     "legality"),
    ("stance on gun control and to say they support the Second Amendment", "Second Amendment",
     "legality"),
]


@pytest.mark.parametrize(("text", "words", "expected"), REAL_CUES)
def test_cues_on_real_sentences(text, words, expected):
    start = text.index(words)
    span = (start, start + len(words))
    found = [(e.category, e.start, e.end) for e in
             FrameCues().analyze(Document.from_text(text)).evidence]
    if expected.startswith("not "):
        frame = expected[4:]
        assert not [f for f in found if f[0] == frame and f[1] < span[1] and span[0] < f[2]]
    else:
        assert (expected, *span) in found, found


# --- the shipped model and its file ---------------------------------------------------------

def test_shipped_model_loads_from_package_data():
    found = shipped_frame_model_path()
    assert found is not None and found.name == "frames.npz"
    model = registry.create("frames").model
    assert model.frames == list(FRAME_IDS)
    assert model.coef.shape == (14, len(model.terms) + 14)
    assert set(model.info["prevalence"]) == set(FRAME_IDS)


def test_model_round_trip_and_bad_files(tmp_path, frames_dim):
    model = frames_dim.model
    item = frames_dim.cues.article_input(Document.from_text(HEALTH))
    path = model.save(tmp_path / "copy.npz")
    again = load_frame_model(path)
    np.testing.assert_allclose(again.explain(item).prob, model.explain(item).prob, rtol=1e-6)
    (tmp_path / "junk.npz").write_bytes(b"PK\x03\x04 not really")
    for bad in (tmp_path / "junk.npz", tmp_path / "missing.npz"):
        with pytest.raises(ModelError, match=bad.name):
            load_frame_model(bad)
    np.savez(tmp_path / "other.npz", header=np.asarray(json.dumps({"format": "x"})))
    with pytest.raises(ModelError, match="not a framing frames model"):
        load_frame_model(tmp_path / "other.npz")


def test_sentence_contributions_add_up_to_the_article_score(frames_dim):
    model = frames_dim.model
    item = frames_dim.cues.article_input(Document.from_text(COURT))
    ex = model.explain(item)
    np.testing.assert_allclose(ex.contrib.sum(axis=0), ex.decision - model.intercept,
                               atol=1e-9)
    dense = model.features(item)
    np.testing.assert_allclose(model.coef @ dense + model.intercept, ex.decision, atol=1e-9)


# --- the dimension --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "frame", "must", "must_not"), [
    (HEALTH, "health_and_safety", "Doctors said", "The weather stayed mild"),
    (COURT, "legality", "Judges said", "Lunch was served"),
])
def test_frame_found_with_its_sentences(frames_dim, text, frame, must, must_not):
    doc = Document.from_text(text)
    result = frames_dim.analyze(doc)
    assert result.metrics[f"frames_{frame}"] >= frames_dim.model.thresholds[
        FRAME_IDS.index(frame)]
    rows = [e for e in result.evidence if e.category == frame]
    assert any(e.text.startswith(must) for e in rows)
    assert not any(e.text.startswith(must_not) for e in result.evidence)
    for e in result.evidence:
        assert doc.text[e.start:e.end] == e.text
        for start, end, word in e.extra["cues"]:
            assert doc.text[start:end] == word
        assert e.reason.startswith(e.extra["frame"]) and "frame (" in e.reason
    assert result.record["frames"]["primary"] == result.metrics["frames_primary"]
    assert result.metrics["frames_used"] == len(result.record["frames"]["used"])


def test_empty_article_has_no_frames(frames_dim):
    result = frames_dim.analyze(Document.from_text(""))
    assert result.evidence == [] and result.metrics["frames_primary"] is None


def test_user_lexicon_with_an_unknown_frame_is_refused(tmp_path):
    from framing.errors import FramingError

    path = tmp_path / "mine.tsv"
    path.write_text("# name: mine\n# version: 0.1.0\n# dimension: frames\n"
                    "# category: sports = a sports frame\n"
                    "pattern\tcategory\tweight\tnote\tsource\n"
                    "football\tsports\t1.0\ta game\tteacher\n", encoding="utf-8")
    with pytest.raises(FramingError, match="'sports' is not a frame"):
        registry.create("frames", lexicons=[str(path)])


# --- data, training and evaluation on a tiny layout -----------------------------------------

def _layout(root: Path, folder: str = "dev-articles-subtask-2") -> Path:
    """Twelve fictional articles: six about health, six about a court case."""
    articles = root / folder
    articles.mkdir(parents=True)
    labels = []
    for i in range(12):
        health = i % 2 == 0
        text = (HEALTH if health else COURT).replace("Norvale", f"Norvale {i}")
        text = f"Story {i}\n\n" + text
        (articles / f"article{100 + i}.txt").write_text(text, encoding="utf-8")
        frames = "Health_and_safety,Quality_of_life" if health else \
            "Legality_Constitutionality_and_jurisprudence,Crime_and_punishment"
        labels.append(f"{100 + i}\t{frames}")
    labels.append("999\tPolitical")  # labelled, but its article is not shared
    (root / "dev-labels-subtask-2.txt").write_text("\n".join(labels) + "\n", encoding="utf-8")
    return root


def test_loader_reads_the_layout_and_counts_missing_articles(tmp_path):
    frame = load_semeval_frames(_layout(tmp_path))
    assert len(frame) == 12 and frame.attrs["missing"] == ["999"]
    assert frame.loc[0, "frames"] == ["Health_and_safety", "Quality_of_life"]


@pytest.mark.parametrize(("content", "message"), [
    ("100\tSports", "dev-labels-subtask-2.txt:1: unknown frame 'Sports'"),
    ("100\tPolitical\n100\tPolitical", "dev-labels-subtask-2.txt:2: article 100 is listed"),
])
def test_loader_errors_name_file_and_line(tmp_path, content, message):
    root = _layout(tmp_path)
    (root / "dev-labels-subtask-2.txt").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_semeval_frames(root)


def test_evaluate_on_a_tiny_layout_prints_model_lexicon_and_baseline(tmp_path, capsys):
    root = _layout(tmp_path)
    result = evaluate("semeval2023-frames", root)
    m = result["metrics"]
    assert result["n"] == 12 and m["missing_articles"] == 1
    assert m["model"]["frames"]["health_and_safety"]["auc"] == 1.0
    assert m["model"]["frames"]["health_and_safety"]["f1"] == 1.0
    assert set(m["majority_frames"]) <= set(FRAME_IDS)
    assert {"model", "lexicon", "majority"} <= set(m)
    assert main(["evaluate", "semeval2023-frames", str(root)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["dataset"] == "semeval2023-frames"
    assert "macro-F1" in err and "health_and_safety" in err


def test_train_command_on_a_tiny_layout(tmp_path, capsys):
    root = _layout(tmp_path / "data", folder="dev-articles-subtask-3")
    out = tmp_path / "tiny.npz"
    assert main(["train", "semeval2023-frames", str(root), "-o", str(out), "--folds", "3"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["cv"]["model"]["frames"]["legality"]["auc"] == 1.0
    model = load_frame_model(out)
    assert isinstance(model, FrameModel) and model.info["n"] == 12
    assert main(["evaluate", "semeval2023-frames", str(root), "--model", str(out)]) == 0
    assert main(["train", "semeval2023-frames", str(root), "-o", str(tmp_path / "x.json")]) != 0
    assert "must end in .npz" in capsys.readouterr().err


def test_cross_validation_is_honest_on_noise():
    """Random labels on random articles: the model must not look better than chance."""
    from framing.dimensions.frames.model import ArticleInput

    rng = np.random.default_rng(1)
    words = [f"w{i}" for i in range(60)]
    items = [ArticleInput([[str(w) for w in rng.choice(words, 8)] for _ in range(4)],
                          np.zeros((4, 14)), 32) for _ in range(80)]
    frames = [["Political"] if rng.random() < 0.5 else ["Economic"] for _ in range(80)]
    Y = label_matrix(frames)
    m = cross_validated(items, Y, np.arange(80), C=1.0, cues=False, folds=4, seed=0,
                        max_terms=500, min_df=2)
    assert m["model"]["frames"]["political"]["auc"] < 0.7


def _toy_articles(n: int, seed: int):
    """Random articles in which the word "tax" marks the economic frame most of the time."""
    from framing.dimensions.frames.model import ArticleInput

    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(60)]
    items, frames = [], []
    for _ in range(n):
        economic = rng.random() < 0.4
        sents = [[str(w) for w in rng.choice(words, 8)] for _ in range(4)]
        if economic == (rng.random() < 0.85):
            sents[0].append("tax")
        cues = np.zeros((4, 14))
        cues[0, 0] = float("tax" in sents[0])
        items.append(ArticleInput(sents, cues, 32))
        frames.append(["Economic"] if economic else ["Political"])
    return items, label_matrix(frames)


def test_per_frame_C_is_chosen_inside_the_folds_and_recorded():
    from framing.dimensions.frames.model import choose_C, design_matrix, fit_model, fit_vocabulary

    items, Y = _toy_articles(60, 2)
    terms, idf = fit_vocabulary(items, max_terms=500, min_df=2)
    X = design_matrix(items, terms, idf, FRAME_IDS, True)
    assert choose_C(X, Y[:, 0], np.arange(60), (0.5,), 0) == 0.5
    assert choose_C(X, Y[:, 0], np.arange(60), (0.01, 1.0, 100.0), 0) in (0.01, 1.0, 100.0)
    model = fit_model(items, Y, np.arange(60), C=(0.3, 3.0), cues=True, folds=3, seed=0,
                      max_terms=500, min_df=2, info={})
    assert set(model.info["C_per_frame"]) == set(FRAME_IDS)
    assert set(model.info["C_per_frame"].values()) <= {0.3, 3.0}


def test_a_cue_scale_is_folded_back_into_the_coefficients():
    """Trained with the cue features times 4, the file still reads unscaled cue features: its
    decision scores are those of the regression fitted on the scaled matrix."""
    from sklearn.linear_model import LogisticRegression

    from framing.dimensions.frames.model import design_matrix, fit_model

    items, Y = _toy_articles(50, 3)
    model = fit_model(items, Y, np.arange(50), C=1.0, cues=4.0, folds=3, seed=0,
                      max_terms=500, min_df=2, info={})
    X = design_matrix(items, model.terms, model.idf, FRAME_IDS, 4.0)
    lr = LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000,
                            random_state=0).fit(X, Y[:, 0])
    got = np.array([model.explain(it).decision[0] for it in items])
    assert np.allclose(got, lr.decision_function(X), atol=1e-3)
    assert model.coef[0, len(model.terms)] == pytest.approx(4.0 * lr.coef_[0, -14], rel=1e-3)


# --- the real data (skips without ../shared) -------------------------------------------------

def test_shipped_model_on_semeval_frames(eval_dir):
    """In-sample here (the shipped model was trained on these articles): a floor that catches
    a broken file, not a measure of quality (see the model card for cross-validated ones)."""
    result = evaluate("semeval2023-frames", eval_dir / "semeval2023")
    m = result["metrics"]
    assert m["model"]["macro_f1"] > m["majority"]["macro_f1"] + 0.3


# --- notebook: frame columns and the plot ---------------------------------------------------

def test_articles_table_has_frame_columns_and_plot_frames_returns_axes():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    import framing as fr

    scored = fr.score(fr.load_sample(), dimensions=["frames"])
    articles = scored.articles
    assert {f"frames_{f}" for f in FRAME_IDS} | {"frames_primary", "frames_used"} <= set(
        articles.columns)
    assert set(articles["frames_primary"]) <= set(FRAME_IDS)
    assert articles[[f"frames_{f}" for f in FRAME_IDS]].stack().between(0, 1).all()
    fig, ax = plt.subplots()
    assert fr.plot_frames(scored, ax=ax) is ax
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "economic" and len(labels) == 14
    plt.close(fig)
    ax = fr.plot_frames(scored.articles)
    assert isinstance(ax, Axes)
    plt.close(ax.figure)


def test_a_frame_without_signal_gets_its_base_rate_and_is_never_used():
    from framing.dimensions.frames.model import _cut_calibrated, _platt

    rng = np.random.default_rng(0)
    y = np.array([True] * 20 + [False] * 80)
    noise = rng.normal(size=100)  # ranks the articles at chance
    a, b = _platt(noise + 0.1 * y, y)
    assert a == 0.0 and 1 / (1 + np.exp(-b)) == pytest.approx(0.2)
    assert _cut_calibrated(a, np.full(100, 0.2), y) == 1.0
    a, b = _platt(noise + 3.0 * y, y)  # a real signal keeps its slope
    assert a > 0
