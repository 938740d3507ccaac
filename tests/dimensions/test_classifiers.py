"""Sentence classifiers: the lexicon transformer's contract, training on tiny synthetic data,
pickle-free files that round-trip exactly, clear errors for bad files, and the dimension's
evidence. Real datasets only in tests that skip without ../shared."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from framing.cli import main
from framing.dimensions.classifier.features import context_frame, grouped_context_frame
from framing.dimensions.classifier.models import FORMAT_VERSION, ModelError, load_model
from framing.errors import InputError
from framing.lab.datasets import load_annotations, load_babe, load_basil
from framing.lab.training import LexiconFeatures, train
from framing.scoring import Scorer
from framing.textunits import Document

# --------------------------------------------------------------------------------------------
# LexiconFeatures: the scikit-learn contract


@parametrize_with_checks([LexiconFeatures()])
def test_lexicon_features_sklearn_contract(estimator, check):
    check(estimator)


def test_lexicon_features_pandas_output_names_and_index():
    frame = pd.DataFrame(
        {"text": ["An unprecedented, historic deal.", "It may rain.", None]},
        index=["a", "b", "c"],
    )
    out = LexiconFeatures().set_output(transform="pandas").fit_transform(frame)
    assert isinstance(out, pd.DataFrame)
    assert list(out.index) == ["a", "b", "c"]
    assert "text__promotional:hyperbole" in out.columns
    assert "text__hedging:hedge.modal" in out.columns
    assert out.loc["a", "text__promotional:hyperbole"] == 2.0  # two full-weight hyperboles
    assert out.loc["a", "text__promotional:total"] == 2.0
    assert out.loc["b", "text__hedging:hedge.modal"] > 0
    assert out.loc["b", "text__promotional:total"] == 0
    assert (out.loc["c"] == 0).all()  # a missing cell counts as empty text


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("The results were unprecedented.", "promotional:hyperbole", 1.0),
        ("The results were not unprecedented.", "promotional:hyperbole", 0.0),  # negation
        ("The talks ended in May 2023.", "hedging:total", 0.0),  # a month, not a hedge
        ("It may possibly work.", "hedging:total", 1.5),  # "may" 0.5 + "possibly" 1.0
    ],
)
def test_lexicon_features_counts(text, column, expected):
    lf = LexiconFeatures().fit(pd.DataFrame({"t": [text]}))
    row = dict(zip(lf.categories_, lf.count(text)))
    assert row[column] == pytest.approx(expected)


def test_per_word_divides_by_word_count():
    text = "An unprecedented deal was signed today by both sides."
    plain = LexiconFeatures().fit(pd.DataFrame({"t": [text]}))
    dense = LexiconFeatures(per_word=True).fit(pd.DataFrame({"t": [text]}))
    words = Document.from_text(text).n_words
    np.testing.assert_allclose(dense.count(text), plain.count(text) / words)


def test_evidence_row_equals_count_of_the_same_findings():
    text = "Officials may reportedly hail an unprecedented, win-win golden era."
    lf = LexiconFeatures().fit(pd.DataFrame({"t": [text]}))
    doc = Document.from_text(text)
    np.testing.assert_array_equal(lf.evidence_row(lf.find(doc), doc.n_words), lf.count(text))


def test_fit_columns_equals_fit_on_a_table():
    """Loading a model fits its lexicon blocks from the column names alone."""
    table = pd.DataFrame({"context": ["It may be unprecedented."], "article": ["A deal."]})
    fitted = LexiconFeatures(per_word=True).fit(table)
    named = LexiconFeatures(per_word=True).fit_columns(["context", "article"])
    assert list(named.get_feature_names_out()) == list(fitted.get_feature_names_out())
    assert named.n_features_in_ == 2
    np.testing.assert_array_equal(named.transform(table), fitted.transform(table))


def test_context_frames():
    frame = context_frame(["One.", "Two.", "Three."])
    assert frame["context"].tolist() == ["Two.", "One. Three.", "Two."]
    assert set(frame["article"]) == {"One.\nTwo.\nThree."}
    table = pd.DataFrame({"text": ["a", "b", "c"], "art": ["x", "y", "x"]}, index=[5, 6, 7])
    grouped = grouped_context_frame(table, group="art")
    assert list(grouped.index) == [5, 6, 7]
    assert grouped["context"].tolist() == ["c", "", "a"]
    alone = grouped_context_frame(table)
    assert alone["context"].tolist() == ["", "", ""]


# --------------------------------------------------------------------------------------------
# Training on tiny synthetic data

HEDGED = [
    "Some experts believe the bridge may possibly have been built earlier.",
    "It is widely thought that the river perhaps changed its course.",
    "The painter might have lived in the city, according to some accounts.",
    "Critics suggest the figure is probably too high.",
    "The plan could arguably be seen as a success.",
    "Many people say the tower was likely the tallest of its time.",
    "The author apparently wrote the book in about two years.",
    "It seems the festival may have started in the north.",
    "Historians suspect the letter was possibly forged.",
    "The team reportedly considered moving to a larger stadium.",
    "It is believed that the coins might date from the third century.",
]
PLAIN = [
    "The bridge opened in 1932.",
    "The river flows through four countries.",
    "The painter was born in 1871 in a small village.",
    "The figure was published in the annual report.",
    "The plan was approved by the council in March.",
    "The tower is 120 metres tall.",
    "The author wrote twelve novels.",
    "The festival takes place every August.",
    "The letter is kept in the national archive.",
    "The team moved to a new stadium in 2004.",
    "The coins were found by a farmer in 1998.",
]


@pytest.fixture(scope="module")
def tiny_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("conll") / "tiny.csv"
    rows = [f'-1,"{s}"' for s in HEDGED] + [f'1,"{s}"' for s in PLAIN]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tiny_model(tiny_csv):
    model, metrics = train("conll2010", [tiny_csv], folds=2, seed=3)
    return model, metrics


def test_training_reports_cross_validated_metrics(tiny_model):
    model, metrics = tiny_model
    assert model.task == "uncertainty"
    assert metrics["n"] == len(HEDGED) + len(PLAIN)
    assert metrics["folds"] == 2
    for key in ("f1", "auc", "precision", "recall", "accuracy", "macro_f1"):
        assert 0.0 <= metrics[key] <= 1.0
    assert {"brier", "ece", "reliability"} <= set(metrics["calibration"])
    assert 0.0 < model.threshold < 1.0
    assert model.info["cv"] == metrics


def test_model_separates_the_training_sentences(tiny_model):
    model, _ = tiny_model
    prob = model.predict_proba(context_frame(["It may possibly be true.", "It opened in 1932."]))
    assert prob[0] > prob[1]


@pytest.mark.parametrize("metric", ["macro_f1", "accuracy"])
def test_best_threshold_maximises_the_metric(metric):
    from sklearn.metrics import accuracy_score, f1_score

    from framing.lab.training import best_threshold

    rng = np.random.default_rng(7)
    score = {"macro_f1": lambda y, p: f1_score(y, p, average="macro"),
             "accuracy": accuracy_score}[metric]
    for _ in range(20):
        y = rng.random(150) < 0.35
        prob = np.round(np.clip(rng.normal(0.35 + 0.25 * y, 0.2), 0, 1), 2)
        cuts = np.unique(prob)
        values = [score(y, prob >= c) for c in cuts]
        assert best_threshold(prob, y, metric) == round(float(cuts[int(np.argmax(values))]), 4)
    with pytest.raises(KeyError, match="threshold metric"):
        best_threshold(prob, y, "recall")


def test_threshold_metric_of_a_training(tiny_csv, tiny_model):
    model, metrics = tiny_model
    assert metrics["threshold_metric"] == "f1" and model.info["threshold_metric"] == "f1"
    again, cv = train("conll2010", [tiny_csv], folds=2, seed=3, threshold_metric="accuracy")
    assert cv["threshold_metric"] == "accuracy"
    np.testing.assert_array_equal(again.coef, model.coef)  # only the threshold may move
    from framing.lab.training import TASKS

    assert TASKS["bias"].threshold_metric == "macro_f1"


def test_training_is_reproducible(tiny_csv, tiny_model):
    again, _ = train("conll2010", [tiny_csv], folds=2, seed=3)
    model, _ = tiny_model
    np.testing.assert_array_equal(again.coef, model.coef)
    assert again.calibration == model.calibration
    assert again.threshold == model.threshold


@pytest.mark.parametrize("suffix", [".npz", ".json"])
def test_save_load_round_trip_gives_identical_probabilities(tiny_model, tmp_path, suffix):
    model, _ = tiny_model
    frame = context_frame(HEDGED[:3] + PLAIN[:3] + ["A new sentence nobody trained on."])
    path = model.save(tmp_path / f"m{suffix}")
    loaded = load_model(path)
    np.testing.assert_array_equal(loaded.predict_proba(frame), model.predict_proba(frame))
    assert loaded.explain(frame) == model.explain(frame)
    assert loaded.id == model.id and loaded.task == model.task
    assert loaded.threshold == model.threshold


def test_model_file_holds_no_pickle(tiny_model, tmp_path):
    model, _ = tiny_model
    path = model.save(tmp_path / "m.npz")
    with np.load(path, allow_pickle=False) as npz:  # would fail on any pickled object
        header = json.loads(str(npz["header"]))
        assert all(npz[k].dtype != object for k in npz.files)
    assert header["format"] == "framing-model"
    assert header["task"] == "uncertainty"
    assert {"intercept", "calibration", "threshold", "blocks"} <= set(header)


def test_tfidf_block_equals_scikit_learn(tiny_model, char_context_model):
    """A loaded TF-IDF block cuts the same n-grams and gives the same matrix as scikit-learn's
    TfidfVectorizer with its parameters (word and char_wb n-grams, accents, odd spacing)."""
    from framing.dimensions.classifier.models import TfidfBlock
    from framing.lab.training import sklearn_vectorizer

    texts = HEDGED + ["", "Words the vocabulary never saw.", "Café  naïve\tCOÖPERATION, x y",
                      "It  may\n\nbe   so."]
    shared: dict = {}
    blocks = [tr for m in (tiny_model[0], char_context_model) for _, _, tr in m.blocks
              if isinstance(tr, TfidfBlock)]
    assert {b.analyzer for b in blocks} == {"word", "char_wb"}
    for block in blocks:
        reference = sklearn_vectorizer(block)
        analyze = reference.build_analyzer()
        for text in texts:
            assert block.analyze(text) == analyze(text)
        expected = reference.transform(texts).toarray()
        np.testing.assert_array_equal(block.transform(texts, shared).toarray(), expected)
        np.testing.assert_array_equal(block.transform(texts, shared).toarray(), expected)
    for settings in ({"analyzer": "char", "ngram_range": (2, 3), "norm": "l1"},
                     {"strip_accents": "unicode", "ngram_range": (1, 3), "binary": True},
                     {"strip_accents": "ascii", "lowercase": False, "sublinear_tf": False}):
        from sklearn.feature_extraction.text import TfidfVectorizer

        from framing.lab.training import tfidf_block

        fitted = TfidfVectorizer(**settings).fit(texts)
        block = tfidf_block(fitted)
        for text in texts:
            assert block.analyze(text) == fitted.build_analyzer()(text)
        np.testing.assert_array_equal(block.transform(texts).toarray(),
                                      fitted.transform(texts).toarray())


@pytest.fixture(scope="module")
def char_context_model():
    """A model with every kind of block the shipped ones have: word and character TF-IDF,
    the sentence's lexicon counts and the per-word counts of its context and article."""
    from framing.dimensions.classifier.models import Task
    from framing.lab.training import build_pipeline, model_from_pipeline

    task = Task("loaded", "semeval2023", "y", "doc", True, "test", "test", C=2.0,
                max_word=300, max_char=400)
    texts = HEDGED + PLAIN
    frame = grouped_context_frame(
        pd.DataFrame({"text": texts, "doc": [i // 4 for i in range(len(texts))]}), group="doc"
    )
    y = np.array([True] * len(HEDGED) + [False] * len(PLAIN))
    pipe = build_pipeline(task, seed=0).fit(frame, y)
    return model_from_pipeline(pipe, "loaded", (1.3, -0.2), 0.5, {"trained": "test"})


def _reference(model, frame, k=5):
    """Probabilities and top features computed with scikit-learn's own transforms."""
    from scipy import sparse

    from framing.dimensions.classifier.models import TfidfBlock
    from framing.lab.training import sklearn_vectorizer

    parts = [sklearn_vectorizer(tr).transform(frame[cols[0]]) if isinstance(tr, TfidfBlock)
             else LexiconFeatures(tr.dimensions, tr.per_word).fit_columns(cols)
             .transform(frame[cols]) for _, cols, tr in model.blocks]
    X = sparse.hstack([sparse.csr_matrix(x) for x in parts], format="csr")
    prob = model.calibrate(np.asarray(X @ model.coef).ravel() + model.intercept)
    return prob, model._top(X, k)


def test_model_set_equals_scikit_learn_exactly(tiny_model, char_context_model):
    """The fast path (one union vocabulary, no pandas or scipy) gives bit-for-bit the
    probabilities and the same top features as the transforms of scikit-learn."""
    from framing.dimensions.classifier.models import ModelSet

    unc, _ = tiny_model
    texts = ["Some experts believe the bridge may possibly be older.",
             "The tower is 120 metres tall, the tallest, an unprecedented feat!",
             "", "The tower is 120 metres tall, the tallest, an unprecedented feat!",
             "Words   the vocabulary never saw: zyxw qqq.", "It opened in 1932.",
             "Critics suggest it is probably, arguably, a historic golden era."]
    frame = context_frame(texts)
    columns = {c: frame[c].tolist() for c in frame.columns}
    models = [char_context_model, unc]
    assert any(getattr(tr, "analyzer", None) == "char_wb"
               for _, _, tr in char_context_model.blocks)
    fast = ModelSet(models).predict_explain(columns, 5)
    for model, (prob, tops) in zip(models, fast):
        ref_prob, ref_tops = _reference(model, frame)
        np.testing.assert_array_equal(prob, ref_prob)
        assert tops == ref_tops
        assert any(tops)
        old_prob, old_tops = model.predict_explain(frame, 5)
        np.testing.assert_array_equal(prob, old_prob)
        assert tops == old_tops
    again = ModelSet(models).predict_explain(columns, 3)  # the word cache is per set
    assert [t[:3] for t in fast[0][1]] == again[0][1]
    assert ModelSet(models).predict_explain({"text": [], "context": [], "article": []}) == \
        [(pytest.approx(np.zeros(0)), []), (pytest.approx(np.zeros(0)), [])]


def _relabelled(model, permute: bool = True, token_pattern: str | None = None):
    """The model with its first TF-IDF block's columns in reverse term order (the same
    features, other column numbers) or with another token pattern."""
    from dataclasses import replace

    from framing.dimensions.classifier.models import TfidfBlock

    blocks, coef, offset = [], model.coef.copy(), 0
    for name, cols, tr in model.blocks:
        width = len(tr.categories_) * len(cols) if not isinstance(tr, TfidfBlock) else \
            len(tr.vocabulary_)
        if isinstance(tr, TfidfBlock) and not blocks:
            size = len(tr.vocabulary_)
            order = np.arange(size)[::-1] if permute else np.arange(size)
            params = tr.get_params()
            if token_pattern is not None:
                params["token_pattern"] = token_pattern
            idf = np.empty(size)
            idf[order] = tr.idf_
            coef[offset + order] = model.coef[offset:offset + size]
            tr = TfidfBlock({t: int(order[j]) for t, j in tr.vocabulary_.items()}, idf, **params)
        blocks.append((name, cols, tr))
        offset += width
    return replace(model, blocks=blocks, coef=coef, info=dict(model.info))


def test_model_set_with_columns_out_of_term_order_and_other_tokens(char_context_model):
    """Models scored side by side need each block's columns in term order (as scikit-learn
    numbers them); a set with a model whose columns are not falls back to one model at a
    time, and a token pattern other than the default is cut text by text: both still give
    exactly what each model gives alone."""
    from framing.dimensions.classifier.models import ModelSet

    texts = ["Some  experts\tbelieve the bridge may possibly be older.",
             "The tower_block is 120 metres tall, ISTANBUL İstanbul, a feat!", "",
             "Critics suggest it is probably, arguably, a historic golden era.", "a b c"]
    frame = context_frame(texts)
    columns = {c: frame[c].tolist() for c in frame.columns}
    for models, stacked in (([char_context_model], True),
                            ([_relabelled(char_context_model), char_context_model], False),
                            ([_relabelled(char_context_model, False, r"(?u)\b\w+\b")], True)):
        model_set = ModelSet(models)
        assert (model_set._stack is not None) == stacked
        for model, (prob, tops) in zip(models, model_set.predict_explain(columns, 5)):
            ref_prob, ref_tops = model.predict_explain(frame, 5)
            np.testing.assert_array_equal(prob, ref_prob)
            assert tops == ref_tops and any(tops)


def _shipped_against_scikit_learn(texts_of_articles):
    """The shipped models through the scoring path (ModelSet, no scikit-learn) against
    scikit-learn's own transforms of the same parameters, article by article."""
    from framing.dimensions.classifier.dimension import shipped_models
    from framing.dimensions.classifier.features import neighbours
    from framing.dimensions.classifier.models import ModelSet

    paths = shipped_models()
    if not paths:
        pytest.skip("no shipped models in framing/data/models")
    models = [load_model(p) for p in paths]
    checked = 0
    for text in texts_of_articles:
        doc = Document.from_text(text)
        sentences = [text[s.start:s.end] for s in doc.sentences]
        columns = {"text": sentences, "context": neighbours(sentences),
                   "article": [text] * len(sentences)}
        frame = pd.DataFrame(columns)
        fast = ModelSet(models).predict_explain(columns, 5)
        for model, (prob, tops) in zip(models, fast):
            ref_prob, ref_tops = _reference(model, frame)
            np.testing.assert_allclose(prob, ref_prob, rtol=0, atol=1e-12)
            assert tops == ref_tops
            checked += len(prob)
    assert checked


def test_shipped_models_equal_scikit_learn_on_the_sample():
    from framing import load_sample

    _shipped_against_scikit_learn([a.text for a in list(load_sample())[:4]])


def test_shipped_models_equal_scikit_learn_on_the_seeds(seeds_dir):
    _shipped_against_scikit_learn(
        [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))])


def test_model_set_with_article_lexicon_equals_each_model(tiny_model, char_context_model):
    """In the dimension, with lexicon rows taken from the article's findings, the set gives
    what each model gives on its own."""
    from framing import load_sample
    from framing.dimensions.classifier.dimension import _ArticleLexicon
    from framing.dimensions.classifier.features import neighbours
    from framing.dimensions.classifier.models import ModelSet

    scorer = Scorer(["promotional", "hedging"])
    models = [char_context_model, tiny_model[0]]
    for article in list(load_sample())[:2]:
        doc = Document.from_text(article.text)
        for dim in scorer.dimensions:
            doc.results[dim.name] = dim.analyze(doc)
        texts = [doc.text[s.start:s.end] for s in doc.sentences]
        columns = {"text": texts, "context": neighbours(texts),
                   "article": [doc.text] * len(texts)}
        frame = context_frame(texts, article=doc.text)
        fast = ModelSet(models).predict_explain(columns, 5, _ArticleLexicon(doc, columns))
        for model, (prob, tops) in zip(models, fast):
            ref_prob, ref_tops = model.predict_explain(frame, 5, _ArticleLexicon(doc, frame))
            np.testing.assert_array_equal(prob, ref_prob)
            assert tops == ref_tops


def test_explanations_name_words_that_push_up(tiny_model):
    model, _ = tiny_model
    tops = model.explain(context_frame(["Some experts believe it may possibly be true."]))[0]
    assert tops and all(c > 0 for _, c in tops)
    assert [c for _, c in tops] == sorted((c for _, c in tops), reverse=True)
    assert any(name.startswith(("word:", "lexicon:")) for name, _ in tops)


# --------------------------------------------------------------------------------------------
# Bad model files: one clear line naming the file


def _one_line(exc: Exception, path) -> str:
    message = str(exc)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_not_a_model_json(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"name": "something else"}', encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_model(path)
    assert "not a framing model" in _one_line(info.value, path)


def test_truncated_files(tiny_model, tmp_path):
    model, _ = tiny_model
    for suffix in (".json", ".npz"):
        full = model.save(tmp_path / f"full{suffix}").read_bytes()
        cut = tmp_path / f"cut{suffix}"
        cut.write_bytes(full[: len(full) // 2])
        with pytest.raises(ModelError) as info:
            load_model(cut)
        assert "truncated" in _one_line(info.value, cut)


def test_other_format_version(tiny_model, tmp_path):
    model, _ = tiny_model
    path = model.save(tmp_path / "m.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["format_version"] = FORMAT_VERSION + 1
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_model(path)
    assert f"version {FORMAT_VERSION + 1}" in _one_line(info.value, path)


def test_archive_without_header_and_missing_file(tmp_path):
    path = tmp_path / "plain.npz"
    np.savez(path, a=np.arange(3))
    with pytest.raises(ModelError) as info:
        load_model(path)
    assert "not a framing model" in _one_line(info.value, path)
    zipped = tmp_path / "z.npz"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(ModelError):
        load_model(zipped)
    with pytest.raises(ModelError) as info:
        load_model(tmp_path / "absent.npz")
    assert "no such model file" in str(info.value)


def test_damaged_arrays(tiny_model, tmp_path):
    model, _ = tiny_model
    path = model.save(tmp_path / "m.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["arrays"]["coef"]["data"] = doc["arrays"]["coef"]["data"][:-1]
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ModelError) as info:
        load_model(path)
    assert "damaged" in _one_line(info.value, path)


# --------------------------------------------------------------------------------------------
# The classifier dimension and the command line


def test_classifier_dimension_evidence_contract(tiny_model):
    model, _ = tiny_model
    scorer = Scorer(["promotional", "hedging", "classifier"],
                    options={"classifier": {"models": [model]}})
    from framing import load_sample

    article = next(iter(load_sample()))
    record = scorer.score(article)
    field = record["classifier"]["uncertainty"]
    probs = field["probabilities"]
    assert field["model"] == model.id and field["threshold"] == model.threshold
    assert len(probs) == record["n_sentences"]  # every sentence's probability
    rows = [e for e in record["evidence"] if e["dimension"] == "classifier"]
    frame = context_frame([record["text"][s["start"]:s["end"]] for s in record["sentences"]],
                          article=record["text"])
    exact = model.predict_proba(frame)
    assert probs == [round(p, 4) for p in exact.tolist()]
    high = [i for i, p in enumerate(exact) if p >= model.threshold]
    assert 0 < len(high) < len(probs)  # the test needs both kinds of sentence
    assert [e["sentence"] for e in rows] == high  # evidence rows: the high sentences only
    text = record["text"]
    hedge_sentences = {e["sentence"] for e in record["evidence"]
                       if e["dimension"] == "hedging" and e["category"].startswith("hedge")}
    for e in rows:
        assert e["category"] == "uncertainty"
        assert e["text"] == text[e["start"]:e["end"]]
        assert e["weight"] == probs[e["sentence"]]
        assert e["lexicon"] == model.id
        assert e["extra"]["high"] is True and e["extra"]["threshold"] == model.threshold
        assert isinstance(e["extra"]["lexicon_hits"], int)
        assert (e["extra"]["lexicon_hits"] > 0) == (e["sentence"] in hedge_sentences)
        assert e["extra"]["agreement"] == ("both" if e["extra"]["lexicon_hits"] else
                                           "model_only")
        assert e["extra"]["top_features"]
        for name, contribution in e["extra"]["top_features"]:
            assert isinstance(name, str) and contribution > 0
    metrics = record["metrics"]
    assert metrics["classifier_uncertainty_mean"] == pytest.approx(np.mean(probs), abs=1e-3)
    assert metrics["classifier_uncertainty_share_high"] == pytest.approx(
        len(high) / len(probs), abs=1e-3)
    assert model.id in record["versions"]["lexicons"]


def test_explanations_only_for_high_units_and_the_same_as_before(tiny_model,
                                                                  char_context_model):
    from framing.dimensions.classifier.models import ModelSet

    texts = HEDGED[:4] + PLAIN[:4] + ["Critics suggest it is probably a historic golden era."]
    frame = context_frame(texts)
    columns = {c: frame[c].tolist() for c in frame.columns}
    models = [char_context_model, tiny_model[0]]
    every = ModelSet(models).predict_explain(columns, 5)
    some = ModelSet(models).predict_explain(columns, 5, high_only=True)
    for model, (prob, tops), (prob2, tops2) in zip(models, every, some):
        np.testing.assert_array_equal(prob, prob2)
        assert tops2 == [t if p >= model.threshold else [] for p, t in zip(prob, tops)]
        assert any(tops2) and any(not t for t in tops2)


def test_article_evidence_gives_the_same_features_as_counting_alone(tiny_model):
    """The dimension reuses the article's lexicon findings; on plain sentences they equal
    counting each sentence on its own, as in training."""
    model, _ = tiny_model
    from framing.dimensions.classifier.dimension import _ArticleLexicon

    text = "Officials may hail the plan.\nIt opened in 1932. Some say it is possibly older."
    doc = Document.from_text(text)
    frame = context_frame([text[s.start:s.end] for s in doc.sentences], article=text)
    lookup = _ArticleLexicon(doc, frame)
    np.testing.assert_allclose(
        model.features(frame, lookup).toarray(), model.features(frame).toarray()
    )


def test_cli_train_score_and_evaluate(tiny_csv, tmp_path, capsys):
    out = tmp_path / "unc.npz"
    assert main(["train", "conll2010", str(tiny_csv), "-o", str(out), "--folds", "2"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["task"] == "uncertainty" and "f1" in summary["cv"]
    scores = tmp_path / "scores.jsonl"
    assert main(["score", "--dimension", "hedging,classifier", "--model", str(out),
                 "-o", str(scores)]) == 0
    record = json.loads(scores.read_text(encoding="utf-8").splitlines()[0])
    assert "classifier_uncertainty_mean" in record["metrics"]
    assert main(["evaluate", "conll2010", str(tiny_csv), "--model", str(out)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["task"] == "uncertainty" and result["n"] == len(HEDGED) + len(PLAIN)
    assert {"auc", "f1", "calibration"} <= set(result["metrics"])


def test_cli_bad_model_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    target = tmp_path / "scores.jsonl"
    code = main(["score", "--dimension", "classifier", "--model", str(bad), "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and str(bad) in err and "Traceback" not in err
    assert not target.exists()


def test_only_task_named_files_count_as_shipped_models(tmp_path):
    from framing.dimensions.classifier.dimension import shipped_models

    for name in ("bias.npz", "loaded.json", "attribution-cues.json", "MODEL_CARD.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    names = [Path(p).name for p in shipped_models(tmp_path)]
    assert names == ["bias.npz", "loaded.json"]


def test_shipped_models_load_and_cover_the_tasks():
    from framing.dimensions.classifier.dimension import shipped_models

    paths = shipped_models()
    if not paths:
        pytest.skip("no shipped models in framing/data/models")
    tasks = {load_model(p).task for p in paths}
    assert tasks == {"loaded", "persuasion", "bias", "uncertainty"}


# --------------------------------------------------------------------------------------------
# Loaders of the formats the models train and are measured on

BABE = (
    "text;news_link;outlet;topic;type;label_bias;label_opinion;biased_words\n"
    '"The reckless plan, critics say, will ""wreck"" the town.";http://a;Outlet A;x;left;'
    "Biased;Expresses writer’s opinion;['reckless', 'wreck']\n"
    "The council met on Monday.;http://a;Outlet A;x;left;Non-biased;Entirely factual;[]\n"
    "Nobody agreed on this.;http://b;Outlet B;x;right;No agreement;;[]\n"
)


def test_babe_loader(tmp_path):
    path = tmp_path / "babe.csv"
    path.write_text(BABE, encoding="utf-8")
    frame = load_babe(tmp_path)
    assert frame["biased"].tolist() == [True, False]  # "No agreement" is left out
    assert frame["biased_words"][0] == ["reckless", "wreck"]
    assert frame["text"][0] == 'The reckless plan, critics say, will "wreck" the town.'
    path.write_text(BABE.replace("Non-biased", "Neutral"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_babe(path)
    assert info.value.line == 3 and "label_bias 'Neutral'" in str(info.value)
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a BABE file"):
        load_babe(path)


def test_basil_loader(tmp_path):
    (tmp_path / "articles" / "2010").mkdir(parents=True)
    (tmp_path / "annotations" / "2010").mkdir(parents=True)
    article = {"source": "nyt", "triplet-uuid": "t1",
               "body-paragraphs": [["The senator gave a fiery speech.", "He left."],
                                   ["Aides said he was tired."]]}
    ann = {"phrase-level-annotations": [
        {"bias": "lex", "start": 19, "end": 25, "txt": "fiery", "quote": "no",
         "polarity": "pos"},
        {"bias": "inf", "start": 0, "end": 24, "txt": "Aides said he was tired.",
         "quote": "no", "polarity": "neg"},
    ]}
    (tmp_path / "articles" / "2010" / "t1_1.json").write_text(json.dumps(article))
    (tmp_path / "annotations" / "2010" / "t1_1_ann.json").write_text(json.dumps(ann))
    frame = load_basil(tmp_path)
    assert frame["lex"].tolist() == [True, False, False]
    assert frame["inf"].tolist() == [False, False, True]
    assert frame["paragraph"].tolist() == [0, 0, 1]
    span = frame["spans"][0][0]
    assert frame["text"][0][span["start"]:span["end"]] == "fiery"  # offsets fixed up
    with pytest.raises(InputError, match="not a BASIL folder"):
        load_basil(tmp_path / "articles")


def test_annotations_loader_reads_the_sample_key():
    from framing.ingest.reading import sample_dir

    frame = load_annotations(sample_dir() / "key.jsonl")
    assert list(frame.columns) == ["article", "dimension", "category", "text", "occurrence",
                                   "note", "attrs"]
    assert len(frame) > 0 and (frame["occurrence"] >= 1).all()


def test_annotations_loader_names_the_line(tmp_path):
    path = tmp_path / "key.jsonl"
    path.write_text('{"article": "a", "dimension": "d", "category": "c", "text": "t"}\n'
                    '{"article": "a", "dimension": "d", "text": "t"}\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_annotations(path)
    assert info.value.line == 2 and "category" in str(info.value)


# --------------------------------------------------------------------------------------------
# Real data (developers and CI only)


def test_babe_and_basil_evaluate_with_the_lexicon(eval_dir):
    from framing.lab.evaluate import evaluate

    result = evaluate("babe", eval_dir / "babe")
    assert result["n"] > 1000
    assert result["metrics"]["auc"] >= 0.6  # measured 0.655 with promotional@1.1.0


def test_uncertainty_model_floor_on_conll2010(eval_dir):
    _, metrics = train("conll2010", [eval_dir / "conll2010-wiki"], folds=5, seed=0)
    assert metrics["auc"] >= 0.85  # measured 0.863 (5-fold CV); only ever raise this floor
