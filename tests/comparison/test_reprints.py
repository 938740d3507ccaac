"""Reprint and rewrite detection: candidates from MinHash LSH, then order-preserving alignment."""

from __future__ import annotations

import re

import numpy as np
import pytest

from framing.comparison.reprints import PAIR_COLUMNS, ReprintFinder, find_reprints, fingerprint

ORIGINAL = """The regional summit ended on Friday with leaders signing a long treaty on water sharing.
Officials said the agreement would allocate river quotas among the five neighbouring countries.
Trade between the partners reached 95 billion dollars last year, according to customs figures.
Farmers in the lower valley have complained for years about shrinking irrigation supplies.
Engineers plan to build three new reservoirs along the northern tributaries before 2030.
Environmental groups warned that the dams could damage fragile wetland habitats downstream.
The next ministerial meeting is scheduled for the spring in the eastern capital city.
Observers expect heated negotiations over the financing of the expensive construction works."""

REWORDED = """Leaders wrapped up the regional summit on Friday by signing a lengthy water-sharing treaty.
According to officials, the deal will allocate river quotas among the five neighbouring nations.
Customs figures show trade between the partners hit 95 billion dollars last year.
For years farmers in the lower valley complained about their shrinking irrigation supplies.
Before 2030 engineers intend to build three new reservoirs along the northern tributaries.
Dams could harm fragile wetland habitats downstream, environmental groups warned.
The spring ministerial meeting is scheduled to take place in the eastern capital city.
Heated negotiations over financing the costly construction works are expected by observers."""

OTHER = """A football club from the coastal city won the national cup after a dramatic penalty shootout.
The goalkeeper saved two shots while thousands of supporters sang in the rain-soaked stadium.
Coaches praised the young midfielders who had joined the squad from the academy last season.
The mayor promised a parade through the old town for the players and their families on Sunday.
Ticket prices for next season will rise slightly, the club's finance director told reporters.
Several veterans are expected to retire, making room for new signings from abroad this summer."""

SHARED_FACTS = """Sports fans cheered in the capital as the cycling tour passed the cathedral square.
Trade between the partners reached 95 billion dollars last year, according to customs figures.
The weather stayed dry although strong winds slowed the riders on the mountain stages.
Officials said the agreement would allocate river quotas among the five neighbouring countries.
Local bakeries sold out of pastries before noon because of the huge crowds in the streets.
A young rider from the south won the sprint and took the leader's jersey for the week.
Organisers hope to bring the race back next year with a longer route through the hills."""


def _pairs(items, **options):
    frame = find_reprints(items, **options)
    assert list(frame.columns) == list(PAIR_COLUMNS)
    return frame


def test_reworded_copy_is_found_as_rewrite_with_aligned_sentences():
    frame = _pairs([("orig", ORIGINAL), ("other", OTHER), ("spun", REWORDED)])
    assert list(zip(frame.article_a, frame.article_b)) == [("orig", "spun")]
    row = frame.iloc[0]
    assert row.kind == "rewrite" and row.aligned_sentences >= 6
    assert row.share_a > 0.7 and row.share_b > 0.7
    # aligned pairs are in order on both sides and point at the right sentences
    spans = row.alignment
    assert [a["a_start"] for a in spans] == sorted(a["a_start"] for a in spans)
    assert [a["b_start"] for a in spans] == sorted(a["b_start"] for a in spans)
    third = next(a for a in spans if "95 billion" in ORIGINAL[a["a_start"]:a["a_end"]])
    assert "95 billion" in REWORDED[third["b_start"]:third["b_end"]]


def test_exact_copy_is_a_copy():
    frame = _pairs([("a", ORIGINAL), ("b", "Breaking news. " + ORIGINAL + "\nShare this!")])
    assert frame.iloc[0].kind == "copy" and frame.iloc[0].mean_similarity > 0.95


def test_two_shared_facts_do_not_make_a_reprint():
    assert _pairs([("orig", ORIGINAL), ("race", SHARED_FACTS), ("other", OTHER)]).empty


def test_unrelated_articles_are_never_compared():
    finder = ReprintFinder()
    for aid, text in [("orig", ORIGINAL), ("other", OTHER)]:
        finder.add(fingerprint(aid, text))
    assert finder.candidates() == {}


def test_fingerprint_keeps_hashes_not_text():
    fp = fingerprint("x", ORIGINAL)
    assert fp.n_words == len(re.findall(r"[A-Za-z]+", ORIGINAL))  # words, not figures
    assert len(fp.sentences) == 8
    for sp in fp.sentences:
        assert all(isinstance(h, int) for h in sp.stems + sp.numbers)
    assert not any(isinstance(v, str) and len(v) > 5 for sp in fp.sentences for v in vars(sp)
                   .values() if not isinstance(v, tuple))
    # record sentence spans give the same fingerprint as splitting here
    from framing.textunits import split_sentences

    spans = [{"start": s.start, "end": s.end} for s in split_sentences(ORIGINAL)]
    assert fingerprint("x", ORIGINAL, spans) == fp


def test_unknown_option_is_refused():
    with pytest.raises(TypeError, match="min_share"):
        ReprintFinder(min_shar=0.2)


def test_seeds_rewrite_of_the_xinhua_piece_is_found(seeds_dir):
    from framing.ingest.reading import load_corpus

    corpus = load_corpus(str(seeds_dir), manifest=str(seeds_dir / "manifest.csv"))
    items = [(a.source.rsplit("/", 1)[-1][:3], a.text) for a in corpus]
    frame = find_reprints(items)
    # 001 is Nabka News' reprint of a Xinhua opinion piece; 000 (a page crediting Xinhua that
    # runs several pieces together) carries a reworded copy of it. No other pair qualifies.
    assert list(zip(frame.article_a, frame.article_b, frame.kind)) == [("000", "001", "rewrite")]
    assert frame.iloc[0].aligned_sentences >= 8 and frame.iloc[0].share_b > 0.25


def test_boilerplate_shared_by_many_articles_is_not_a_candidate():
    sign_off = ("Follow the Daily Lantern newsroom on every platform for breaking regional "
                "headlines and exclusive investigative reporting. Subscribers receive the "
                "weekend edition with puzzles, recipes and cartoons delivered before breakfast.")
    texts = [ORIGINAL, OTHER,
             "Volunteers restored the historic lighthouse on the rocky northern cape.",
             "Astronomers at the mountain observatory catalogued hundreds of faint comets."]
    items = [(f"t{i}", f"{text}\n{sign_off}") for i, text in enumerate(texts)]
    finder = ReprintFinder()
    for aid, text in items:
        finder.add(fingerprint(aid, text))
    by_sign_off = len(finder.candidates())
    assert by_sign_off >= 3  # the shared sign-off makes pairs collide
    strict = ReprintFinder(max_bucket=3)
    for aid, text in items:
        strict.add(fingerprint(aid, text))
    assert strict.candidates() == {}  # a sentence four articles share says nothing of a pair


def test_fingerprint_is_packed_in_arrays():
    fp = fingerprint("x", ORIGINAL)
    n_stems = sum(len(sp.stems) for sp in fp.sentences)
    assert fp.stems.dtype.itemsize == 4 and fp.stems.size == n_stems
    assert [len(sp.stems) for sp in fp.sentences] == list(np.diff(fp.stem_cuts))
    assert fp != fingerprint("y", ORIGINAL) and fp == fingerprint("x", ORIGINAL)
