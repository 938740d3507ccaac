"""Cleaning's cheap tests before its patterns (issue 19) never change an answer: a rule whose
``needs`` a unit lacks could not have matched it, and the fast paths of normalize, _bare and
the sentence-end tests give what the patterns alone give."""

from __future__ import annotations

import re
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from framing.ingest import cleaning
from framing.ingest.cleaning import (
    _BULLET,
    _CASE_ODD,
    _ELLIPSIS_END,
    _PROSE_END,
    _SENTENCE_END,
    _SPACES,
    _WORD,
    CAPTIONS,
    FURNITURE,
    INSERTED_BLOCKS,
    NOTES,
    _bare,
    _ends,
    _words,
    classify_line,
    normalize,
)

RULES = INSERTED_BLOCKS + NOTES + CAPTIONS + FURNITURE

#: Pieces that make the rules with ``needs`` match, in odd cases and spellings among them.
PIECES = [
    "Copyright", "(c) 2024", "(C)", "©", "All Rights Reserved", "ADBLOCK", "ad-blocker",
    "Please disable your ad", "Comments are moderated", "akismet", "AKIſMET", "Privacy Policy",
    "About Us", "Contact us", "Terms of Use", "Advertise with", "RSS", "Subscribe",
    "newsletters", "Sign up for", "Download the app", "Get our App", "Google Play",
    "press Esc to cancel", "Type here and press enter", "Search", "search for …",
    "(Photo: AP)", "(Xinhua/Ding Lei)", "[Photo/Xinhua]", "[Reuters/Ann Lee]", " /Xinhua",
    "The views expressed", "does not necessarily reflect", "reflects the views of the author",
    "of this publication", "Leave a comment", "Your e-mail", "Name *", "Username (required)",
    "No comments yet.", "12 comments", "Comments (3)", "cancel reply", "go to forum",
    "Enter the code you see", "how your comment data is processed", "join the discussion",
    "İ", "ı", "ſ", "\u212a", "K", "•", "- ", "’", " ", "  ", "\t", "\u00a0", "word", "Word.",
    ".", ";", "…", "...", "\"", ")", "]", "\n", "?", "it's", "U.S.", "e-mail", "_", "x_y",
    "2024", "3.5", "don’t", "a--b", "Ünal", "Straße", "٣", "Ⅻ",
]
TEXTS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map("".join)


def test_case_odd_lists_every_character_taken_for_an_ascii_letter():
    letter = re.compile(r"[a-z]", re.IGNORECASE)
    odd = {chr(c) for c in range(128, 0x110000) if letter.fullmatch(chr(c))}
    assert odd == set(_CASE_ODD.pattern[1:-1])


def test_needs_are_lower_case():
    for rule in RULES:
        assert all(n and n == n.lower() for n in rule.needs), rule.reason


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_needs_never_change_what_a_rule_claims(text):
    with mock.patch.object(cleaning, "_folded", lambda text: None):  # every pattern searched
        plain = classify_line(text)
    assert classify_line(text) == plain
    folded = cleaning._folded(_bare(text))
    for rule in RULES:
        if rule.needs and folded is not None and rule.pattern.search(_bare(text)):
            assert any(n in folded for n in rule.needs), (rule.reason, text)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_fast_paths_equal_the_patterns(text):
    assert normalize(text) == _SPACES.sub(" ", text).strip()
    assert _bare(text) == _BULLET.sub("", text, count=1)
    assert _words(text) == len(_WORD.findall(text))
    for pattern in (_SENTENCE_END, _ELLIPSIS_END, _PROSE_END):
        assert _ends(pattern, text) == bool(pattern.search(text))
