"""The shared text pass: every matcher reads one vocabulary per document, and finds exactly
what a walk of its trie from every token would find (which overlapping match wins included)."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from framing import lexicon
from framing.lexicon import Entry, Lexicon, Match, Matcher, token_index, vocabulary
from framing.textunits import Document


def lexicon_of(patterns: list[tuple[str, str]], name: str = "t") -> Lexicon:
    lex = Lexicon(name=name, version="1", dimension="test", path=f"{name}.tsv")
    for k, (pattern, category) in enumerate(patterns):
        lex.entries.append(Entry(pattern, category, 1.0, (), "", "", k + 1, lex.id, category))
    return lex


def walk_every_token(matcher: Matcher, doc: Document) -> list[Match]:
    """The matcher's trie walked from every token in turn (no index), as before the shared
    pass: the reference the indexed find must agree with."""
    norms, n = doc.norms, len(doc.norms)
    out, i = [], 0
    while i < n:
        best_j, best = -1, None
        stack = [(kid, i + 1) for kid in matcher._children(matcher._root, norms[i])]
        while stack:
            node, j = stack.pop()
            if node.entry is not None and j > best_j:
                best_j, best = j, node.entry
            if j < n and doc.token_sentence[j] == doc.token_sentence[i]:
                stack.extend((kid, j + 1) for kid in matcher._children(node, norms[j]))
        if best is None:
            i += 1
        else:
            out.append(Match(i, best_j, best))
            i = best_j
    return out


def test_overlapping_patterns_keep_their_winner():
    # "soar*" and "soaring" both match "soaring"; "soaring prices" is longer than both
    matcher = Matcher([lexicon_of([("soaring", "word"), ("soar*", "prefix"),
                                   ("soaring prices", "phrase"), ("prices [rose]", "tail")])])
    doc = Document.from_text("Soaring costs. Soaring prices rose. Prices rose, soaring.")
    found = [(m.i, m.j, m.entry.category) for m in matcher.find(doc)]
    assert found == [(m.i, m.j, m.entry.category) for m in walk_every_token(matcher, doc)]
    assert [c for _, _, c in found] == ["prefix", "phrase", "tail", "prefix"]


def test_one_vocabulary_per_document_shared_by_matchers():
    doc = Document.from_text("Officials said the soaring prices were remarkable.")
    first = Matcher([lexicon_of([("said", "cue")])])
    second = Matcher([lexicon_of([("remark*", "promo")])])
    assert [m.entry.category for m in first.find(doc)] == ["cue"]
    vocab = vocabulary(doc)
    assert [m.entry.category for m in second.find(doc)] == ["promo"]
    assert vocabulary(doc) is vocab
    assert list(vocab) == doc.norms  # every word once, in order (here each occurs once)
    assert first.starts(doc) == [1] and second.starts(doc) == [6]
    # a document whose tokens were replaced gets a new vocabulary, not the stale one
    doc.norms = ["remarkable", "said"]
    doc.token_sentence = [0, 0]
    assert vocabulary(doc) is not vocab
    assert [(m.i, m.entry.category) for m in first.find(doc)] == [(1, "cue")]


def test_token_index_lists_every_occurrence():
    doc = Document.from_text("Prices rose, prices fell and prizes were remarkable.")
    at_word, at_prefix = token_index(doc)
    assert at_word["prices"] == [0, 3] and at_prefix["pri"] == [0, 3, 6]
    assert token_index(doc)[0] is at_word


WORDS = ["soar", "soaring", "soared", "price", "prices", "rose", "not", "very", "high", "."]
PATTERNS = st.lists(
    st.tuples(
        st.lists(st.sampled_from(["soar*", "soaring", "price(s)", "prices", "[not]", "rose",
                                  "very|high", "[very] high", "soa*", "pri*"]),
                 min_size=1, max_size=3).map(" ".join),
        st.sampled_from(["a", "b"]),
    ),
    min_size=1, max_size=6, unique_by=lambda p: p[0],
)


@settings(max_examples=150, deadline=None)
@given(patterns=PATTERNS, words=st.lists(st.sampled_from(WORDS), max_size=30))
def test_indexed_find_equals_a_walk_from_every_token(patterns, words):
    try:
        matcher = Matcher([lexicon_of(patterns)])
    except ValueError:  # every word optional: not a pattern the format accepts
        return
    doc = Document.from_text(" ".join(words))
    walked = walk_every_token(matcher, doc)
    assert matcher.find(doc) == walked
    for few in (0, 10**6):  # its tokens found by one pass, or by a scan per word
        with mock.patch.object(lexicon, "FEW_WORDS", few):
            assert matcher.find(doc) == walked


def test_a_first_word_that_a_wildcard_also_begins_is_walked():
    # "prices" begins only the longer "prices rose", but "pri*" matches it alone: the start
    # must not be passed over for want of "rose" after it
    matcher = Matcher([lexicon_of([("prices rose", "phrase"), ("pri*", "prefix")])])
    doc = Document.from_text("Prices fell. Prices rose.")
    found = [(m.i, m.j, m.entry.category) for m in matcher.find(doc)]
    assert found == [(m.i, m.j, m.entry.category) for m in walk_every_token(matcher, doc)]
    assert [c for _, _, c in found] == ["prefix", "phrase"]
