"""Sentences, tokens and quotations with offsets that slice the text exactly."""

import pytest

from framing.textunits import Document, find_quotes, split_sentences


def sentences(text):
    return [text[s.start:s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Trade rose 5 per cent to 95 billion U.S. dollars. It rose again.",
         ["Trade rose 5 per cent to 95 billion U.S. dollars.", "It rose again."]),
        ("Officials met on Feb. 4 in Astana. Talks went on.",
         ["Officials met on Feb. 4 in Astana.", "Talks went on."]),
        ("growth and technological advancement.In 2024, trade reached $95 billion.",
         ["growth and technological advancement.", "In 2024, trade reached $95 billion."]),
        ("ECONOMIC SYNERGY DRIVES SHARED GROWTH\nThe partnership has surged.",
         ["ECONOMIC SYNERGY DRIVES SHARED GROWTH", "The partnership has surged."]),
        ("  • Infrastructure Development: building roads.\n  • Trade: more of it.",
         ["• Infrastructure Development: building roads.", "• Trade: more of it."]),
        ("Project Description Impact\nGas Pipeline Transports gas. Ensures supply.",
         ["Project Description Impact", "Gas Pipeline Transports gas.", "Ensures supply."]),
        ("Visit China.org.cn for more. It is a portal.",
         ["Visit China.org.cn for more.", "It is a portal."]),
    ],
)
def test_sentences(text, expected):
    assert sentences(text) == expected


def test_missing_space_after_comma_keeps_one_sentence():
    assert sentences("expansion,driven by a shared desire.") == ["expansion,driven by a shared desire."]


def test_offsets_slice_text_exactly():
    text = "Teh ancient crossroads — “a remarkable era” — are here.\n\nKazakhstan,Kyrgyzstan rose 5.4%."
    doc = Document.from_text(text)
    for start, end, norm in zip(doc.token_starts, doc.token_ends, doc.norms):
        assert text[start:end].lower().replace("’", "'") == norm
    assert "5.4%" in doc.norms
    assert doc.n_words == 12
    for s in doc.sentences:
        assert text[s.start:s.end] == text[s.start:s.end].strip()


def test_quotes_straight_curly_split_and_scare():
    text = ('"We welcome the plan," she said, "and we will build it together with partners."\n'
            "Experts dismissed “decoupling” as a slogan.")
    quotes = find_quotes(text)
    inner = [text[q.inner_start:q.inner_end] for q in quotes]
    assert inner == ["We welcome the plan,", "and we will build it together with partners.",
                     "decoupling"]
    assert [q.speech for q in quotes] == [True, True, False]


def test_quote_running_across_paragraphs():
    text = "“The first paragraph of the quote goes on\n\n“and the second one ends here,” he said."
    (quote,) = find_quotes(text)
    assert quote.closed and quote.speech
    assert text[quote.inner_end - 10:quote.inner_end] == "ends here,"


def test_unbalanced_quote_is_best_effort():
    text = 'He said "this quote never closes and goes on\nNext paragraph.'
    (quote,) = find_quotes(text)
    assert not quote.closed
    assert text[quote.inner_start:quote.inner_end] == "this quote never closes and goes on"


def test_apostrophes_are_not_quotes():
    assert find_quotes("China’s role and Kazakhstan’s trade grew; the ‘Year of Development’.")[
        0].n_words == 3


def test_voice():
    text = 'Officials said: "This remarkable win-win plan will certainly succeed." It is remarkable.'
    doc = Document.from_text(text)
    first = text.index("remarkable")
    last = text.rindex("remarkable")
    assert doc.voice(first, first + 10) == "quoted"
    assert doc.voice(last, last + 10) == "author"


def test_token_spans_equal_nltk_regexp_tokenizer():
    from nltk.tokenize import RegexpTokenizer

    import framing as fr
    from framing.textunits import TOKEN_PATTERN, Document

    reference = RegexpTokenizer(TOKEN_PATTERN)
    for article in fr.load_sample():
        doc = Document.from_text(article.text)
        assert list(zip(doc.token_starts, doc.token_ends)) == list(
            reference.span_tokenize(article.text)
        )


# --------------------------------------------------------------------------------------------
# Matching sees through invisible characters, compatibility forms and look-alike letters,
# while every offset still slices what the reader sees.

PLAIN = "The remarkable and unprecedented project is a world-class triumph of visionary leaders."
HIDDEN = {
    "soft hyphens": PLAIN.replace("remarkable", "remark\u00adable").replace(
        "visionary", "vision\u00adary"),
    "zero-width": PLAIN.replace("unprecedented", "un\u200bprece\u200ddented").replace(
        "triumph", "tri\u200cumph\u2060").replace("world", "\ufeffworld"),
    "full-width": PLAIN.replace("remarkable", "ｒｅｍａｒｋａｂｌｅ").replace(
        "visionary", "VＩSIONARY"),
    "look-alikes": PLAIN.replace("remarkable", "rеmаrkаble").replace(  # Cyrillic е, а
        "unprecedented", "unprecedεnted".replace("ε", "е")).replace("triumph", "triumρh"),
    "decomposed and ligature": PLAIN.replace("leaders", "ﬂeaders").replace(
        "visionary", "vi\u0332sionary"),  # a combining underline that composes with nothing
}


@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_hidden_characters_do_not_hide_words(name):
    text = HIDDEN[name]
    plain, doc = Document.from_text(PLAIN), Document.from_text(text)
    expected = plain.norms
    if name == "decomposed and ligature":
        expected = [n.replace("leaders", "fleaders") for n in expected]
    assert doc.norms == expected
    for s, e in zip(doc.token_starts, doc.token_ends):
        shown = text[s:e]
        assert shown == shown.strip() and shown  # a word as the reader sees it, nothing more
    # each token's slice is the plain token plus the characters that were folded away
    word = doc.norms.index("triumph")
    assert "umph" in text[doc.token_starts[word]:doc.token_ends[word]].replace("ρ", "p")


@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_hidden_characters_do_not_hide_promotional_findings(name):
    from framing.dimensions import create

    promo = create("promotional")
    text = HIDDEN[name]
    plain = [e.entry for e in promo.analyze(Document.from_text(PLAIN)).evidence]
    found = promo.analyze(Document.from_text(text)).evidence
    assert len(plain) >= 4
    assert [e.entry for e in found] == plain
    assert all(text[e.start:e.end] == e.text for e in found)


def test_text_without_such_characters_is_tokenised_as_before():
    # curly quotes, dashes, an ellipsis, a no-break space and a trade mark: non-ASCII, but
    # nothing hides a word, so tokens and spans are what they always were
    text = "“It is historic… truly” – the Acme™ plan costs 10\u00a0km² and ½ of it."
    doc = Document.from_text(text)
    pieces = [text[s:e] for s, e in zip(doc.token_starts, doc.token_ends)]
    assert "…" in pieces and "™" in pieces and "½" in pieces
    assert "Acme" in pieces
    assert [p.lower() for p in pieces] == [n if n != "km2" else "km²" for n in doc.norms]


def test_russian_words_are_left_alone():
    doc = Document.from_text("Проект сор рост, and a Cyrillic-free coda.")
    assert doc.norms[:3] == ["проект", "сор", "рост"]


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is in the test extras
    given = None

if given is not None:
    _INVISIBLES = st.sampled_from(["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
    _WORDS = st.lists(st.from_regex(r"[A-Za-z]{2,9}", fullmatch=True), min_size=1, max_size=12)

    @settings(max_examples=40, deadline=None)
    @given(_WORDS, st.lists(st.tuples(st.integers(0, 200), _INVISIBLES), max_size=10))
    def test_invisible_characters_inside_words_change_no_norm(words, inserts):
        plain = " ".join(words) + "."
        text = plain
        for at, ch in sorted(inserts, reverse=True):
            at %= len(text)
            if text[at - 1:at].isalpha() and text[at:at + 1].isalpha():  # inside a word only
                text = text[:at] + ch + text[at:]
        doc = Document.from_text(text)
        assert doc.norms == Document.from_text(plain).norms
        for s, e, n in zip(doc.token_starts, doc.token_ends, doc.norms):
            assert "".join(c for c in text[s:e] if c.isalnum() or c in ".").lower() == n


def test_british_single_quotes_are_quotations_and_apostrophes_are_not():
    """Issue 15: straight single marks quote speech in British style; apostrophes, plural
    possessives, "rock 'n' roll" and ''double single marks'' do not open one."""
    text = "'We will not give up on the farmers of this valley,' the minister said."
    (quote,) = find_quotes(text)
    assert text[quote.start:quote.end] == "'We will not give up on the farmers of this valley,'"
    assert quote.speech
    text = "The students' union didn't agree; rock 'n' roll in the '90s was loud."
    assert [q for q in find_quotes(text) if q.speech] == []
    assert find_quotes("''My family has all been factory workers,'' she said.") == []


def test_sentences_are_not_cut_inside_a_party_label():
    text = "Rep. Ada Lind (D-Wis.) said Friday the vote was close. The count went on."
    doc = Document.from_text(text)
    assert [text[s.start:s.end] for s in doc.sentences] == [
        "Rep. Ada Lind (D-Wis.) said Friday the vote was close.", "The count went on."]
