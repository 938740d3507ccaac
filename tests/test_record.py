"""The scored article is one typed record with a JSONL round trip (issue 14)."""

import json

import pytest

import framing as fr
from framing.errors import FramingError
from framing.record import RECORD_KEYS, ScoredArticle
from framing.scoring import Scorer, article_row, evidence_rows


@pytest.fixture(scope="module")
def scored():
    scorer = Scorer()
    return [scorer.score_article(a) for a in fr.load_sample()[:3]]


def test_jsonl_round_trip_is_exact(scored):
    for article in scored:
        record = article.to_dict()
        line = json.dumps(record, ensure_ascii=False)
        back = ScoredArticle.from_dict(json.loads(line))
        assert back == article
        assert list(back.to_dict()) == list(record)  # same keys in the same order


def test_record_keys_come_first_and_dimensions_own_their_parts(scored):
    record = scored[0].to_dict()
    assert tuple(record)[: len(RECORD_KEYS)] == RECORD_KEYS
    assert {"attributions", "topic", "aspects"} <= set(scored[0].parts)
    assert scored[0].part("attributions") == record["attributions"]
    assert scored[0].part("no such part", []) == []


def test_rows_match_the_functions_views_use(scored):
    for article in scored:
        record = article.to_dict()
        assert article.to_row() == article_row(record)
        assert article.evidence_rows() == evidence_rows(record)
        assert list(article.to_row())[:8] == ["id", "title", "outlet", "author", "published",
                                              "url", "n_words", "n_sentences"]


def test_a_part_may_not_overwrite_a_core_key(scored):
    record = scored[0].to_dict()
    with pytest.raises(ValueError, match="'text' would overwrite"):
        ScoredArticle.from_dict(record).__class__(
            **{**ScoredArticle.from_dict(record).__dict__, "parts": {"text": "x"}})


def test_reading_something_else_names_what_is_missing():
    with pytest.raises(FramingError, match="no 'source'"):
        ScoredArticle.from_dict({"id": "a", "text": "x"})


def test_slim_record_leaves_out_only_rows_the_record_repeats():
    from framing import load_sample
    from framing.record import slim_record
    from framing.scoring import Scorer, records_to_frames

    article = next(iter(load_sample()))
    full = Scorer(["promotional", "hedging", "attribution"]).score(article)
    slim = slim_record(full)
    assert list(slim) == list(full)
    content = [e for e in full["evidence"] if e["extra"].get("role") == "content"]
    assert content  # the article has attribution content rows, which slim leaves out
    kept = [e for e in full["evidence"] if e not in content]
    assert slim == {**full, "evidence": kept}  # every other key and row as scored, text too
    assert all(e["text"] == full["text"][e["start"]:e["end"]] for e in slim["evidence"])
    assert ScoredArticle.from_dict(slim).metrics == full["metrics"]
    table = records_to_frames([slim]).evidence
    assert table["text"].tolist() == [e["text"] for e in kept]


@pytest.mark.parametrize("evidence", ["slim", "full"])
def test_an_encoded_record_is_the_line_the_writer_makes_and_the_keys_the_parent_reads(
        evidence):
    import pickle

    from framing import load_sample
    from framing.output import dumps
    from framing.record import ENCODED_KEYS, EncodedRecord, encoded_record, slim_record

    full = Scorer().score(next(iter(load_sample())))
    made = pickle.loads(pickle.dumps(encoded_record(full, evidence)))  # as a worker sends it
    assert isinstance(made, EncodedRecord)
    assert made.line == dumps(slim_record(full) if evidence == "slim" else full)
    assert dict(made) == {k: full[k] for k in ENCODED_KEYS if k in full}
    assert {"id", "source", "text", "topic"} <= set(made)
