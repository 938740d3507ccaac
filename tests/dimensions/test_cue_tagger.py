"""The learned attribution tagger: features, training, saved parameters, and its place in the
attribution dimension."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from framing.article import Article
from framing.cli import main
from framing.dimensions.attribution.dimension import Attribution
from framing.dimensions.attribution.tagger import (
    FORMAT,
    ROLES,
    SpanTagger,
    TaggerError,
    fit,
    gold_labels,
    load_tagger,
    token_features,
)
from framing.errors import FramingError
from framing.lab.evaluate import evaluate
from framing.scoring import Scorer
from framing.textunits import Document

# A tiny made-up training set: "remarked" and "grumbled" report words; "painted" does not.
TRAIN = [
    ("Mara Velt remarked that the bridge was late.", [("cue", "remarked"), ("source", "Mara Velt"),
                                                      ("content", "the bridge was late")]),
    ("Olek Sten grumbled that the fares rose.", [("cue", "grumbled"), ("source", "Olek Sten"),
                                                 ("content", "the fares rose")]),
    ("Ina Dorr painted the bridge in May.", []),
    ("The council remarked that roads need work.", [("cue", "remarked"),
                                                   ("source", "The council"),
                                                   ("content", "roads need work")]),
    ("Farmers painted the fences last week.", []),
]


def _spans(text, marks):
    out = []
    for k, (role, words) in enumerate(marks):
        a = text.index(words)
        out.append({"id": f"T{k}", "type": role.title(), "parts": [(a, a + len(words))],
                     "text": words})
    return out


def _examples():
    for text, marks in TRAIN * 4:
        doc = Document.from_text(text)
        yield token_features(doc), gold_labels(doc, _spans(text, marks))


@pytest.fixture(scope="module")
def tiny() -> SpanTagger:
    return fit(_examples(), min_count=1, keep=0.0, alpha=1e-2, epochs=20, meta={"name": "tiny"})


def test_gold_labels_mark_overlapping_tokens():
    text = "Mara Velt remarked that the bridge was late."
    doc = Document.from_text(text)
    labels = gold_labels(doc, _spans(text, TRAIN[0][1]))
    words = [text[a:b] for a, b in zip(doc.token_starts, doc.token_ends)]
    assert [w for w, y in zip(words, labels["cue"]) if y] == ["remarked"]
    assert [w for w, y in zip(words, labels["source"]) if y] == ["Mara", "Velt"]
    assert [w for w, y in zip(words, labels["content"]) if y] == ["the", "bridge", "was",
                                                                   "late"]


def test_features_describe_token_and_neighbours():
    doc = Document.from_text('Mara Velt said: "It is far too late."')
    feats = token_features(doc, marks={"cue": {2}, "source": {0, 1}})
    said = feats[2]
    assert {"w=said", "w-1=velt", "w+1=:", "rule=cue", "s=x"} <= set(said)
    assert "rule=source" in feats[0]
    assert "inq" in feats[6] and "inq" not in feats[2]  # "is" lies inside the quotation
    assert "sq" in feats[0]  # the sentence holds a quotation


def test_features_of_wider_context_and_headlines():
    doc = Document.from_text('Senate Votes To Block The Arms Sale. '
                             'Mara Velt said "no" and Olek Sten agreed.')
    words = [doc.text[a:b] for a, b in zip(doc.token_starts, doc.token_ends)]
    said, no, and_ = words.index("said"), words.index("no"), words.index("and")
    feats = token_features(doc, marks={"cue": {said, words.index("agreed")},
                                       "source": {said - 2, said - 1}})
    assert {"hl", "hlw=votes"} <= set(feats[1])  # a sentence in headline case
    assert not any(x.startswith("hl") for x in feats[said])
    assert {"w-1w+1=velt|\"", "w-2w-1=mara|velt", "w+1w+2=\"|no", "w-3=<s>", "w+3=\"",
            "rulecuew=said", "srcL", "qR"} <= set(feats[said])
    assert "qL" not in feats[said] and {"qL", "qR"} <= set(feats[no])
    assert "rulesourcew=velt" in feats[said - 1] and "srcR" in feats[said - 2]
    # the nearest rule cue is "agreed" (the token lies 3 before it), not "said" (4 after)
    assert "rcue=-3" in feats[and_] and "rcue=+near" not in feats[and_]


def test_probability_table_matches_the_logistic_formula(tiny):
    """The fast path (one feature index, one weighted count per role) gives the same numbers
    as the plain formula: the logistic of the intercept plus the sum of feature weights."""
    import math

    doc = Document.from_text("The council grumbled that Mara Velt remarked on the fares. "
                             '"Roads need work," said Olek Sten, who painted the bridge.')
    for tagger, marks in ((tiny, None), (load_tagger(), {"cue": {12}, "source": {13, 14}})):
        feats = token_features(doc, marks=marks)
        table = tagger.probability_table(feats)
        assert set(table) == set(tagger.weights)
        for role, got in table.items():
            w, b = tagger.weights[role], tagger.intercepts[role]
            expected = []
            for token in feats:
                z = b + sum(w.get(x, 0.0) for x in token)
                expected.append(1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0)
            assert got == pytest.approx(expected, abs=1e-12, rel=1e-12)
            assert tagger.probabilities(feats, role) == got
    assert tiny.probability_table([], ("cue",)) == {"cue": []}


def test_probability_table_follows_new_weights(tiny):
    doc = Document.from_text("Pia Holm grumbled that the trains were slow.")
    feats = token_features(doc)
    before = tiny.probabilities(feats, "cue")
    changed = SpanTagger({**tiny.weights, "cue": {**tiny.weights["cue"], "w=trains": 50.0}},
                         tiny.intercepts, tiny.thresholds)
    after = changed.probabilities(feats, "cue")
    assert after[5] > 0.99 > before[5]
    assert tiny.probabilities(feats, "cue") == before


def test_tiny_tagger_learns_cue_and_source(tiny):
    doc = Document.from_text("Pia Holm grumbled that the trains were slow.")
    feats = token_features(doc)
    cue = tiny.spans(doc, tiny.probabilities(feats, "cue"), "cue")
    assert [doc.text[doc.token_starts[i]:doc.token_ends[j - 1]] for i, j, _ in cue] == [
        "grumbled"]
    painted = Document.from_text("Pia Holm painted the trains.")
    assert tiny.spans(painted, tiny.probabilities(token_features(painted), "cue"), "cue") == []


def test_round_trip_keeps_every_prediction(tiny, tmp_path):
    path = tiny.save(tmp_path / "tiny.json")
    back = load_tagger(path)
    assert back.meta["name"] == "tiny"
    doc = Document.from_text("The council grumbled that Mara Velt remarked on the fares.")
    feats = token_features(doc)
    for role in ROLES:
        assert back.thresholds[role] == tiny.thresholds[role]
        before = tiny.probabilities(feats, role)
        after = back.probabilities(feats, role)
        assert after == pytest.approx(before, abs=1e-3)


def test_training_is_deterministic(tiny):
    again = fit(_examples(), min_count=1, keep=0.0, alpha=1e-2, epochs=20, meta={"name": "tiny"})
    assert again.to_dict() == tiny.to_dict()


@pytest.mark.parametrize("content, words", [
    ('{"format": "framing-span-tagger/1", "roles": {"cue": {"weig', "not a complete JSON"),
    ('{"format": "something-else/2", "roles": {}}', "is not 'framing-span-tagger/1'"),
    ('[1, 2, 3]', "is not 'framing-span-tagger/1'"),
    (json.dumps({"format": FORMAT, "roles": {"cue": {"weights": {}, "intercept": 0,
                                                      "threshold": 3}}}), "between 0 and 1"),
    (json.dumps({"format": FORMAT, "roles": {"cue": {"weights": {"w=a": "x"},
                                                      "intercept": 0, "threshold": 0.5}}}),
     "bad tagger parameters"),
    (json.dumps({"format": FORMAT, "roles": {"source": {"weights": {}, "intercept": 0,
                                                         "threshold": 0.5}}}), "no cue weights"),
])
def test_bad_tagger_file_is_one_clear_line(tmp_path, content, words):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TaggerError) as err:
        load_tagger(path)
    message = str(err.value)
    assert isinstance(err.value, FramingError)
    assert "\n" not in message and str(path) in message and words in message


def test_missing_tagger_file(tmp_path):
    with pytest.raises(TaggerError, match="cannot read"):
        Attribution(tagger=tmp_path / "nope.json")


def test_shipped_tagger_is_small_json_with_provenance():
    resource = files("framing") / "data" / "models" / "attribution-cues.json"
    raw = resource.read_bytes()
    assert len(raw) < 3_000_000
    tagger = load_tagger()
    assert set(tagger.weights) == set(ROLES)
    assert "PolNeAR train" in tagger.meta["trained_on"]
    for role in ROLES:
        assert 0 < tagger.thresholds[role] < 1
        assert min(abs(w) for w in tagger.weights[role].values()) >= 0.05  # pruned
    card = (files("framing") / "data" / "models" / "attribution-cues.md").read_text("utf-8")
    assert "Newell" in card and "dev" in card


# --------------------------------------------------------------------------------------------
# In the attribution dimension


@pytest.fixture(scope="module")
def with_tagger():
    return Attribution()


@pytest.fixture(scope="module")
def rules_only():
    return Attribution(tagger=False)


TAGGER_TEXT = ("Senator Ray Okafor signalled that he would oppose the budget bill next week. "
               "Okafor voiced doubts that the budget bill would pass.")


@pytest.fixture
def adding(monkeypatch):
    """The tagger adds attributions (off by default: see TAGGER_ADDS)."""
    import framing.dimensions.attribution.rules as rules_module

    monkeypatch.setattr(rules_module, "TAGGER_ADDS", True)


def test_tagger_adds_nothing_by_default(with_tagger):
    result = with_tagger.analyze(Document.from_text(TAGGER_TEXT))
    assert result.record["attributions"] == []


def test_tagger_adds_cues_the_rules_miss(with_tagger, rules_only, adding):
    doc = Document.from_text(TAGGER_TEXT)
    base = rules_only.analyze(doc)
    assert not [e for e in base.evidence if (e.extra or {}).get("role") == "cue"]
    result = with_tagger.analyze(Document.from_text(TAGGER_TEXT))
    cues = [e for e in result.evidence if (e.extra or {}).get("role") == "cue"]
    assert cues
    for e in cues:
        assert e.extra["found_by"] == "tagger"
        assert e.category in {"neutral", "emphatic", "endorsing", "distancing"}
        assert "learned tagger" in e.reason and "probability" in e.reason
        assert e.text == TAGGER_TEXT[e.start:e.end]
        assert 0 < e.extra["probability"] <= 1
    records = result.record["attributions"]
    assert {r["found_by"] for r in records} == {"tagger"}
    assert with_tagger.describe()["tagger"].startswith("attribution-cues@")
    assert rules_only.describe()["tagger"] is None


def test_rule_cues_keep_their_rule_and_class(with_tagger):
    text = "Minister Dana Orlova hailed the summit as a turning point for trade."
    result = with_tagger.analyze(Document.from_text(text))
    cue = next(e for e in result.evidence if e.extra.get("role") == "cue" and e.text == "hailed")
    assert cue.category == "endorsing" and "found_by" not in cue.extra


def test_tagger_cue_class_comes_from_the_lexicon(with_tagger, adding):
    from framing.lexicon import load_lexicon

    lexicon = {e.pattern: e.category for e in load_lexicon("attribution_cues").entries}
    doc = Document.from_text(TAGGER_TEXT)
    for e in with_tagger.analyze(doc).evidence:
        if e.extra.get("found_by") == "tagger" and e.extra.get("role") == "cue":
            if e.entry in lexicon:
                assert e.category == lexicon[e.entry]
            else:
                assert e.category == "neutral" and e.lexicon.startswith("attribution-cues@")


def test_framing_score_records_tagger_attributions(tmp_path, adding):
    src = tmp_path / "a.txt"
    src.write_text(TAGGER_TEXT, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["score", str(src), "-o", str(out)]) == 0
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert any(a.get("found_by") == "tagger" for a in record["attributions"])
    off = Scorer(dimensions=["attribution"], options={"attribution": {"tagger": False}})
    assert off.score(Article(id="a", text=TAGGER_TEXT, source="a.txt"))["attributions"] == []


def test_polnear_dev_tagger_beats_rules(eval_dir, monkeypatch):
    import framing.dimensions.attribution.rules as rules_module

    path = eval_dir / "polnear"
    if not path.exists():
        pytest.skip("no PolNeAR here")
    rules = evaluate("polnear", path, dimension=Attribution(tagger=False))["metrics"]
    veto = evaluate("polnear", path)["metrics"]  # the tagger only vetoes rule cues
    assert veto["cue_overlap_precision"] >= rules["cue_overlap_precision"] + 0.02
    assert veto["cue_overlap_f1"] >= rules["cue_overlap_f1"] + 0.01
    monkeypatch.setattr(rules_module, "TAGGER_ADDS", True)
    both = evaluate("polnear", path)["metrics"]
    assert both["cue_overlap_recall"] >= rules["cue_overlap_recall"] + 0.04
    assert both["cue_overlap_f1"] >= rules["cue_overlap_f1"] + 0.04
    assert both["source_overlap_f1"] >= rules["source_overlap_f1"] + 0.04


# (the object of "continues" is read as a clause here: "he has" follows the noun)
VETOED = "Meanwhile Trump continues the adulation he has for Putin."


def test_tagger_drops_rule_cues_it_is_sure_are_not_cues(with_tagger, rules_only, monkeypatch):
    import framing.dimensions.attribution.rules as rules_module

    def cues(dim):
        return [e.text for e in dim.analyze(Document.from_text(VETOED)).evidence
                if (e.extra or {}).get("role") == "cue"]

    assert cues(rules_only) == ["continues"]
    assert cues(with_tagger) == []
    monkeypatch.setattr(rules_module, "VETO", 0.0)
    assert cues(with_tagger) == ["continues"]  # 0 keeps every rule cue


def test_tagger_cue_ending_a_headline_takes_the_words_before(with_tagger, rules_only, adding):
    text = "Former White House Doctor Hides Health Problems From Public, Lindsey Graham Says."
    assert rules_only.analyze(Document.from_text(text)).record["attributions"] == []
    (a,) = with_tagger.analyze(Document.from_text(text)).record["attributions"]
    assert a["found_by"] == "tagger" and a["cue"]["text"] == "Says"
    assert a["source"]["text"] == "Lindsey Graham"
    assert a["content"]["text"] == "Former White House Doctor Hides Health Problems From Public"


def test_tagger_cue_is_never_only_function_words(with_tagger, monkeypatch):
    import framing.dimensions.attribution.rules as rules_module

    monkeypatch.setattr(rules_module, "TAGGER_ADDS", True)
    text = ('"Central Asia is no longer a landlocked region but a land-linked one," Professor '
            "Han Jiawei of the Institute of Eurasian Connectivity Studies said in an interview "
            "with SRGTV.")

    def tagger_cues():
        return [e.text for e in with_tagger.analyze(Document.from_text(text)).evidence
                if e.extra.get("role") == "cue" and e.extra.get("found_by") == "tagger"]

    assert tagger_cues() == []
    monkeypatch.setattr(rules_module, "FUNCTION_WORDS", frozenset())
    assert tagger_cues() == ["an"]  # "said in an interview": the tagger's scrap "an"


@pytest.mark.parametrize("text", [
    "Marta Ilves pled guilty to two counts of fraud in March.",
    "The committee confirmed the nominees on Tuesday.",
    "The board approved the release of the files.",
    "Investigators pored over the records for weeks.",
    "The mayor will call it a victory for the town.",
    "We cannot say that.",
])
def test_tagger_cues_pass_the_rule_checks(with_tagger, adding, text):
    """Issue 15: what the tagger adds must be a report of words, with a source that can speak."""
    records = with_tagger.analyze(Document.from_text(text)).record["attributions"]
    assert [r for r in records if r["found_by"] == "tagger"] == []
