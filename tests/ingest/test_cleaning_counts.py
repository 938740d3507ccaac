"""Cleaning counts a unit's words once for all its rules: the count with or without a bullet
mark is the same, so the rules see the numbers they saw when each counted for itself."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from framing.ingest.cleaning import _bare, _words, classify_line, clean_text

PIECES = ["•", "·", "▪", "◦", "●", "■", "►", "▸", "*", "-", " ", "  ", "\t", "Pro Tip:",
          "Photo:", "By Ana Lind", "Share", "Facebook", "Twitter", "2024", "it's", "U.S.",
          "e-mail", "_", "word", "Word.", "…", "...", ";", "Read more", "Reuters", "—"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join))
def test_a_bullet_mark_holds_no_word(text):
    assert _words(_bare(text)) == _words(text)
    assert classify_line(text) == classify_line(text, n_words=_words(text))


def test_rules_still_read_word_counts():
    raw = ("Pro Tip: compare prices before you book a flight to the coast this year.\n\n"
           "Share Facebook Twitter Email WhatsApp\n\n"
           "The council voted on Tuesday to keep the old bridge open for another year, "
           "after engineers said the repairs would hold.\n\n"
           "Photo: Ana Lind for the Harbour Gazette\n")
    cleaned = clean_text(raw)
    assert cleaned.text.startswith("The council voted")
    assert [(r.kind, r.reason) for r in cleaned.removed] == [
        ("flagged", "inserted block: Pro Tip"), ("removed", "share bar"),
        ("caption", "photo caption")]
