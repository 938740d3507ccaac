"""The promotional sense model: which hits of two-sense words are reported, and why."""

from __future__ import annotations

import json

import pytest

from framing.dimensions import create
from framing.dimensions.sense import FORMAT, features_of, load_sense_model, read_sense_model
from framing.errors import FramingError
from framing.lexicon import RULES, load_lexicon
from framing.textunits import Document

LOADED = "Such actions are sinful and scandalous and we cannot allow anyone to use their position."
# a TUNE sentence (SemEval-2023 article 779394730) where "sweeping" is the plain word for wide
PLAIN = ("Intelligence agencies were scrambling Tuesday to comply with a sweeping order by "
         "President Trump to declassify key documents")


def _found(dim, text):
    return {e.text: e for e in dim.analyze(Document.from_text(text)).evidence}


def test_shipped_model_is_plain_parameters():
    model = load_sense_model()
    assert model.id.startswith("promotional-sense@")
    assert 0.0 < model.threshold < 1.0
    assert model.weights and all(isinstance(w, float) for w in model.weights.values())
    assert "trained_on" in model.meta and "cross_validated" in model.meta


def test_the_model_reads_the_sense_of_a_checked_word():
    dim = create("promotional")
    kept = _found(dim, LOADED)["sinful"]
    assert "sense model promotional-sense@" in kept.reason and "% likely" in kept.reason
    assert 0.0 <= kept.extra["sense_probability"] <= 1.0
    assert "sweeping" not in _found(dim, PLAIN)
    # without the model every lexicon hit is reported, as before
    assert "sweeping" in _found(create("promotional", sense=None), PLAIN)


def test_entries_without_the_rule_are_never_judged(tmp_path):
    never = tmp_path / "never.json"
    never.write_text(json.dumps({"format": FORMAT, "meta": {"name": "never", "version": "0"},
                                 "intercept": -50.0, "threshold": 0.5, "weights": {}}))
    dim = create("promotional", sense=never)
    found = _found(dim, LOADED)
    assert "sinful" not in found  # checked: the model says no
    assert found["scandalous"].extra is None  # not checked: reported as the lexicon says
    assert dim.describe()["sense_model"] == "never@0"
    assert create("promotional", sense=None).describe()["sense_model"] is None


def test_lexicon_marks_which_entries_the_model_judges():
    lex = load_lexicon("promotional")
    checked = [e.pattern for e in lex.entries if "sense" in e.rules]
    assert "sinful" in checked and "fake news" not in checked
    assert "sense model" in RULES["sense"].__doc__


def test_features_are_the_same_for_training_and_scoring():
    from framing.lab import sense as lab

    assert lab.features_of is features_of
    doc = Document.from_text(LOADED)
    dim = create("promotional", sense=None)
    hits = lab.lexicon_hits(dim, doc)
    model = load_sense_model()
    assert model.probabilities(doc, hits) == [model.probability(f)
                                              for f in features_of(doc, hits)]


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not a readable sense model"),
    (json.dumps({"format": "other"}), "not a sense model"),
    (json.dumps({"format": FORMAT, "weights": {}}), "sense model is incomplete"),
    (json.dumps({"format": FORMAT, "weights": [], "intercept": 0, "threshold": 0.5}),
     "sense model is incomplete"),
])
def test_a_bad_model_file_is_one_line_naming_it(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(FramingError) as info:
        read_sense_model(path)
    text = str(info.value)
    assert text.startswith(str(path)) and message in text and "\n" not in text
