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
