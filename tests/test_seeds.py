"""The five real seed articles score end to end (skipped when ../shared is missing)."""

import framing as fr


def test_seeds_score_and_offsets_slice_text(seeds_dir):
    corpus = fr.load_corpus(seeds_dir, manifest=seeds_dir / "manifest.csv")
    assert len(corpus) == 5 and not corpus.errors
    articles, evidence = fr.analyze(corpus)
    texts = {a.id: a.text for a in corpus}
    assert len(evidence) > 50
    for row in evidence.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text
    by_outlet = articles.set_index("outlet")
    # the China.org.cn column is a promotional piece: "golden era", "win-win", "a given"
    assert by_outlet.loc["China.org.cn", "promotional_per_1k"] > 10
    assert by_outlet.loc["China.org.cn", "hedging_boosters_per_1k"] > 0
    china_org = evidence[evidence.article_id == articles.index[articles.outlet == "China.org.cn"][0]]
    found = set(china_org.text.str.lower())
    assert {"win-win", "a given"} <= found
