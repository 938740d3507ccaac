"""The sample corpus key: every key passage is in the cleaned text, and the dimensions find them.

The floors are measured recall of the key's items (an item counts as found when evidence of the
same dimension overlaps it); they are only ever raised.
"""

import json
from importlib import resources

import pytest

import framing as fr

#: Measured share of key items found per dimension, rounded down; raise when the lexicons improve.
RECALL_FLOORS = {"promotional": 0.85, "hedging": 0.95, "attribution": 0.95, "criticism": 1.0}


def load_key():
    text = resources.files("framing.data").joinpath("sample/key.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def locate(text, item):
    pos = -1
    for _ in range(item.get("occurrence", 1)):
        pos = text.find(item["text"], pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(item["text"])


@pytest.fixture(scope="module")
def scored():
    corpus = fr.load_sample()
    return {a.id: a for a in corpus}, fr.analyze(corpus)


def test_every_key_item_is_in_the_cleaned_text(scored):
    articles, _ = scored
    missing = [(k["article"], k["text"]) for k in load_key() if locate(articles[k["article"]].text, k) is None]
    assert not missing


@pytest.mark.parametrize("dimension", sorted(RECALL_FLOORS))
def test_key_recall(scored, dimension):
    articles, (_, evidence) = scored
    items = [k for k in load_key() if k["dimension"] == dimension]
    found = 0
    for item in items:
        start, end = locate(articles[item["article"]].text, item)
        ev = evidence[(evidence.article_id == item["article"]) & (evidence.dimension == dimension)]
        ev = ev[ev.category != "unsourced_claim"]  # a whole sentence would overlap any cue
        if ((ev.start < end) & (ev.end > start)).any():
            found += 1
    recall = found / len(items)
    print(f"{dimension}: {found}/{len(items)} key items found ({recall:.2f})")
    assert recall >= RECALL_FLOORS[dimension]


def test_attribution_cue_class_matches_key(scored):
    """Where a key cue is found, its class (neutral, emphatic, endorsing, distancing) agrees."""
    articles, (_, evidence) = scored
    items = [k for k in load_key() if k["dimension"] == "attribution"]
    agree = found = 0
    for item in items:
        start, end = locate(articles[item["article"]].text, item)
        ev = evidence[(evidence.article_id == item["article"])
                      & (evidence.dimension == "attribution")
                      & (evidence.start < end) & (evidence.end > start)]
        cues = ev[ev.extra.map(lambda x: x.get("role") == "cue")]
        if len(cues):
            found += 1
            agree += cues.iloc[0].category == item["category"]
    print(f"attribution: cue class agrees on {agree}/{found} found key cues")
    assert found and agree / found >= 0.95
