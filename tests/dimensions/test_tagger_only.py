"""The cue tagger's features for chosen tokens (the rules' cues) are exactly what the full
feature pass gives those tokens, with their probabilities, though only their sentences are read."""

from __future__ import annotations

import random

import framing as fr
from framing.dimensions.attribution.rules import Extractor, rule_marks
from framing.dimensions.attribution.tagger import load_tagger, token_features
from framing.lexicon import load_lexicon
from framing.textunits import Document


def test_features_of_chosen_tokens_equal_the_full_pass():
    tagger = load_tagger()
    extractor = Extractor([load_lexicon("attribution_cues")],
                          [load_lexicon("attribution_sources")])
    rng = random.Random(7)
    checked = 0
    for article in fr.load_sample():
        doc = Document.from_text(article.text)
        found = extractor.find(doc)
        marks = rule_marks(doc, found)
        full = token_features(doc, extractor.cue_matcher, marks)
        full_p = tagger.probability_table(full)
        n = len(doc.norms)
        # the rules' cues, and tokens at the edges of the text and of random sentences
        for only in (marks["cue"], {0, n - 1, *rng.sample(range(n), 12)}):
            part = token_features(doc, extractor.cue_matcher, marks, only=only)
            assert [list(f) for t, f in enumerate(part) if t in only] == \
                [f for t, f in enumerate(full) if t in only]
            assert all(f == () for t, f in enumerate(part) if t not in only)
            part_p = tagger.probability_table(part)
            for role, probs in part_p.items():
                assert [probs[t] for t in sorted(only)] == [full_p[role][t] for t in sorted(only)]
            checked += len(only)
    assert checked > 100


def test_features_near_sentence_edges_read_the_neighbouring_sentences():
    # quotation marks one and two tokens beyond a sentence's edges are features of its tokens
    text = ('Lena Voss said "no." "Never," Ivo Marr said. Then the vote came. A "yes" won. "Yes." '
            'It passed, "they said". "Fine" . A clerk wrote: "done" "." Done.')
    extractor = Extractor([load_lexicon("attribution_cues")],
                          [load_lexicon("attribution_sources")])
    doc = Document.from_text(text)
    marks = rule_marks(doc, extractor.find(doc))
    full = token_features(doc, extractor.cue_matcher, marks)
    assert len(doc.sentences) >= 5
    for s in range(len(doc.sentences)):
        only = {t for t, ts in enumerate(doc.token_sentence) if ts == s}
        part = token_features(doc, extractor.cue_matcher, marks, only=only)
        assert [list(part[t]) for t in sorted(only)] == [full[t] for t in sorted(only)]
