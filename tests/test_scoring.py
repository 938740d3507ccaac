"""The scoring spine: DataFrames, evidence that slices the text, metrics recomputed from evidence."""

import pandas as pd
import pytest

import framing as fr
from framing.dimensions.hedging import certainty_balance, kind
from framing.registry import available, create


@pytest.fixture(scope="module")
def sample_analysis():
    corpus = fr.load_sample()
    assert not corpus.errors
    return corpus, fr.analyze(corpus)


def test_analyze_returns_articles_and_evidence(sample_analysis):
    corpus, (articles, evidence) = sample_analysis
    assert list(articles.index) == [a.id for a in corpus]
    assert {"outlet", "n_words", "promotional_per_1k", "hedging_certainty_balance"} <= set(articles.columns)
    assert list(evidence.columns[:6]) == ["article_id", "dimension", "category", "start", "end", "text"]
    texts = {a.id: a.text for a in corpus}
    for row in evidence.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text


def test_metrics_recomputed_from_evidence(sample_analysis):
    corpus, (articles, evidence) = sample_analysis
    for article in corpus:
        ev = evidence[evidence.article_id == article.id]
        n_words = articles.loc[article.id, "n_words"]
        promo = ev[ev.dimension == "promotional"]
        assert articles.loc[article.id, "promotional_per_1k"] == pytest.approx(1000 * len(promo) / n_words, abs=1e-3)
        hedging = ev[ev.dimension == "hedging"]
        kinds = [kind(c, t) for c, t in zip(hedging.category, hedging.text)]
        doubt = hedging[[k == "epistemic" for k in kinds]]
        boost = hedging[[k == "booster" for k in kinds]]
        h = len(doubt)
        assert articles.loc[article.id, "hedging_hedges_per_1k"] == pytest.approx(1000 * h / n_words, abs=1e-3)
        approx = kinds.count("approximator")
        assert articles.loc[article.id, "hedging_approximators_per_1k"] == pytest.approx(1000 * approx / n_words, abs=1e-3)
        balance = articles.loc[article.id, "hedging_certainty_balance"]
        expected = certainty_balance(boost.weight.sum(), doubt.weight.sum())
        assert (pd.isna(balance) and expected is None) or balance == pytest.approx(expected)


def test_state_agency_is_more_promotional_than_academic_blog(sample_analysis):
    _, (articles, _) = sample_analysis
    agency = articles[articles.outlet_type == "state_agency"] if "outlet_type" in articles else None
    by_file = articles["promotional_per_1k"]
    assert by_file.loc["sample-01"] > 2 * by_file.loc["sample-09"]
    assert articles.loc["sample-09", "hedging_hedges_per_1k"] > articles.loc["sample-01", "hedging_hedges_per_1k"]
    del agency


def test_analyze_dataframe_keeps_index():
    frame = pd.DataFrame({"text": ["A remarkable win-win deal.", "Growth may slow, reportedly."]},
                         index=["x", "y"])
    articles, evidence = fr.analyze(frame)
    assert list(articles.index) == ["x", "y"]
    assert set(evidence.article_id) == {"x", "y"}


def test_registry_names():
    assert available()[:2] == ["promotional", "hedging"]
    with pytest.raises(fr.UnknownNameError, match="Available names: "):
        create("sentiment")
