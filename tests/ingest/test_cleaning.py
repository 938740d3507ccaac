"""Page cleaning: inline rule tables (run anywhere), the five seeds (need ../shared), HTML."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from framing.ingest.cleaning import (
    CAPTIONS,
    FURNITURE,
    INSERTED_BLOCKS,
    KINDS,
    LIST_HEADERS,
    NOTES,
    Cleaned,
    Removed,
    clean_text,
    normalize,
)
from framing.ingest.html import clean_html

# --------------------------------------------------------------------------------------------
# Inline table: (id, raw, must be in body, must not be in body, reasons that must be recorded)
# --------------------------------------------------------------------------------------------

PARA = "China and Kazakhstan agreed on Tuesday to expand rail freight through the Khorgos gateway, officials said."
PARA2 = "Trade between the two countries rose by a fifth last year, according to customs data released in January."

CASES = [
    (
        "share bar and body sentence with 'share'",
        f"Headline about rail freight\n\nShare Facebook Twitter Email WhatsApp\n\n{PARA}\n\nShare prices of logistics firms rose sharply after the announcement, traders said.\n",
        [
            PARA,
            "Share prices of logistics firms rose sharply after the announcement, traders said.",
        ],
        ["Share Facebook"],
        ["share bar", "headline"],
    ),
    (
        "'By blending …' is a body sentence, 'by Name' is a byline",
        f"by Serik Korzhumbayev\n\n{PARA}\n\nBy blending economic ambition, diplomatic finesse and cultural exchanges, China and Central Asia are crafting a model of cooperation.\n",
        ["By blending economic ambition, diplomatic finesse and cultural exchanges"],
        ["Serik Korzhumbayev"],
        ["byline"],
    ),
    (
        "comment form vs. a body sentence about comments",
        f"{PARA}\n\nThe ministry did not comment on the report, and no comments were posted on its website.\n\nLeave A Reply Cancel Reply\nAdd your comments...\nRacist, abusive and off-topic comments may be removed by the moderator.\n",
        ["The ministry did not comment on the report, and no comments were posted on its website."],
        ["Leave A Reply", "Add your comments", "moderator"],
        ["comment form"],
    ),
    (
        "related-posts list with dates goes as one block",
        f"{PARA}\n\n{PARA2}\n\nRelated Posts\n\nChina\n\nFrom savanna to mega market, African goods gain popularity in China-Xinhua\n\nJune 14, 2025\n\nAlong ancient Silk Road, Xi cultivates new bonds with Central Asia-Xinhua\n\nJune 13, 2025\n",
        [PARA, PARA2],
        ["Related Posts", "savanna", "June 14, 2025", "Along ancient Silk Road"],
        ["related-posts list"],
    ),
    (
        "navigation menu (run of short items with nav words)",
        f"Close Menu\n  • Home\n  • News\n  • Business\n  • Sports\n  • Contact us\nRail freight booms\n\n{PARA}\n",
        [PARA],
        ["• Home", "Contact us", "Close Menu", "Rail freight booms"],
        ["navigation menu", "headline"],
    ),
    (
        "a short bullet list that belongs to the article stays",
        f"{PARA}\n\nPotential Challenges:\n- Overcoming geopolitical tensions and maintaining regional stability.\n- Managing debt sustainability in BRI projects.\n\n{PARA2}\n",
        [
            "Potential Challenges:",
            "- Overcoming geopolitical tensions and maintaining regional stability.",
            "- Managing debt sustainability in BRI projects.",
        ],
        [],
        [],
    ),
    (
        "in-article headings and table rows stay, the table rule line goes",
        f"{PARA}\n\nECONOMIC SYNERGY DRIVES SHARED GROWTH\n\nCountry | Key BRI Project | Expected Outcome |\n---|---|---|\nKazakhstan | Khorgos Eastern Gate SEZ | Increased transit trade |\n\nCommon security interests \n\n{PARA2}\n",
        [
            "ECONOMIC SYNERGY DRIVES SHARED GROWTH",
            "Country | Key BRI Project | Expected Outcome |",
            "Kazakhstan | Khorgos Eastern Gate SEZ | Increased transit trade |",
            "Common security interests",
        ],
        ["---|"],
        ["markdown table rule line"],
    ),
    (
        "photo captions of three kinds",
        f"{PARA}\n\nWorkers inspect the compressor station in Horgos, Feb. 4, 2021. (Xinhua/Ding Lei)\n\nAn aerial view of the container terminal of Lianyungang port. [Photo/Xinhua]\n\nThe view of the logistics base, Lianyungang City, August 23, 2023. /CFP\n\n{PARA2}\n",
        [PARA, PARA2],
        ["Ding Lei", "[Photo/Xinhua]", "/CFP"],
        ["photo caption"],
    ),
    (
        "editor's note, disclaimer and author bio are notes",
        f"{PARA}\n\nEditor’s note: Korzhumbayev is the editor-in-chief of the Delovoy Kazakhstan newspaper.\n\nThe views expressed in this article are those of the author and do not necessarily reflect the positions of Xinhua News Agency.\n\nThe author is a foreign affairs commentator.\n",
        [PARA],
        ["Editor’s note", "views expressed", "The author is"],
        ["editor's note", "disclaimer", "author bio"],
    ),
    (
        "a body sentence that says 'do not necessarily reflect' is not a disclaimer",
        f"{PARA}\n\nThe figures do not necessarily reflect informal trade across the border, economists warned.\n",
        [
            "The figures do not necessarily reflect informal trade across the border, economists warned."
        ],
        [],
        [],
    ),
    (
        "inserted SEO blocks are flagged",
        f"{PARA}\n\nPro Tip: Companies can leverage the corridor to reduce transit times.\n\nDid You Know? Renewables made up 27% of generation.\n\nLSI Keywords: Belt and Road, trade agreements\n\n{PARA2}\n\nShare your thoughts and comments below to keep the conversation going!\n",
        [PARA, PARA2],
        ["Pro Tip", "Did You Know", "LSI Keywords", "Share your thoughts"],
        [
            "inserted block: Pro Tip",
            "inserted block: Did You Know?",
            "inserted block: LSI Keywords",
            "inserted block: comment prompt",
        ],
    ),
    (
        "'Did you know that …' inside a sentence stays",
        f"Did you know that the pipeline has delivered more than 500 billion cubic meters of gas since 2009, officials asked.\n\n{PARA}\n",
        ["Did you know that the pipeline has delivered"],
        [],
        [],
    ),
    (
        "FAQ block with its questions and answers is one flagged block",
        f"{PARA}\n\nFrequently Asked Questions\n\n  • What is the main goal?\n\n    The main goal is to enhance mutual trust.\n\n  • How does the BRI help?\n\n    It improves connectivity.\n\n{PARA2}\n",
        [PARA, PARA2],
        ["Frequently Asked", "main goal", "improves connectivity"],
        ["inserted block: FAQ"],
    ),
    (
        "reader-question prompts are flagged; a question answered by the next paragraph stays",
        f"{PARA}\n\nWhy does the Khorgos gateway matter so much to Kazakhstan?\n\n{PARA2}\n\nWhat steps beyond infrastructure could deepen cooperation?\n\nHow can local businesses best use these opportunities?\n\nEvergreen Insights\n\n{PARA}\n",
        ["Why does the Khorgos gateway matter so much to Kazakhstan?", PARA2],
        ["What steps beyond", "How can local businesses"],
        ["inserted block: reader question"],
    ),
    (
        "an article may end on a rhetorical question",
        f"{PARA}\n\n{PARA2}\n\nWill the region be able to afford the next decade of projects?\n",
        ["Will the region be able to afford the next decade of projects?"],
        [],
        [],
    ),
    (
        "stray widget lines, video durations, print and font controls",
        f"分享缩略图\nDownload\n01:50\nAdjust font size:\nPrint E-mail Bookmark and Share\n{PARA}\n\n01:33\n\n{PARA2}\n\nSearch Trends\n",
        [PARA, PARA2],
        ["分享缩略图", "01:50", "01:33", "Adjust font size", "Search Trends", "Download"],
        [
            "stray widget label",
            "video duration",
            "print/e-mail controls",
            "trending-searches widget",
        ],
    ),
    (
        "end of article: source link, then footer",
        f"{PARA}\n\n{PARA2}\n\n{PARA}\n\n{PARA2}\n\nSource link\n\ni2wtc\n\nWelcome to our site, your go-to source for the latest updates and insights on technology and news.\n\n© 2025 nabkanews. Designed by nabkanews.\n\nType above and press Enter to search. Press Esc to cancel.\n",
        [PARA, PARA2],
        ["Source link", "i2wtc", "go-to source", "©", "press Enter"],
        ["source link", "page footer (after end of article)", "copyright footer", "search box"],
    ),
    (
        "pull quote repeating a body sentence",
        f"A quiet diplomacy\n\nChina’s engagement with Central Asia is guided by a philosophy of mutual respect.\n\nby Serik Korzhumbayev\n\n{PARA}\n\nChina’s engagement with Central Asia is guided by a philosophy of mutual respect. {PARA2}\n",
        [
            f"China’s engagement with Central Asia is guided by a philosophy of mutual respect. {PARA2}"
        ],
        [],
        ["pull quote (repeats a sentence of the article)"],
    ),
    (
        "app promotion and social follow prompt; a body sentence about an app stays",
        f"{PARA}\n\nRiders can download the ministry's app to book freight slots, the statement said.\n\nFollow China.org.cn on Twitter and Facebook to join the conversation.\nChinaNews App Download\n",
        ["Riders can download the ministry's app to book freight slots, the statement said."],
        ["Follow China.org.cn", "ChinaNews App"],
        ["social follow prompt", "app promotion"],
    ),
    (
        "breadcrumb ends with the headline",
        f"Home » News » Rail freight booms on the steppe\n\nRail freight booms on the steppe\n\n{PARA}\n",
        [PARA],
        ["Home »", "Rail freight booms"],
        ["breadcrumb", "headline"],
    ),
    (
        "'About Us' blurb in the footer",
        f"{PARA}\n\n{PARA2}\n\nAbout Us\nAbout Us\n\nWelcome to NabkaNews, your go-to source for the latest updates and insights.\n\nAt NabkaNews, we understand the importance of staying informed in today’s fast-paced world.\n",
        [PARA, PARA2],
        ["About Us", "Welcome to NabkaNews", "At NabkaNews"],
        ["site blurb ('About Us')"],
    ),
    (
        "markdown heading run into a paragraph, citation marks",
        f"{PARA} Trade is rising [[2]].## Strengthening Eurasian Bonds\n### A Future Forged Through Collaboration\n{PARA2} [[3]]\n",
        [
            f"{PARA} Trade is rising.",
            "Strengthening Eurasian Bonds",
            "A Future Forged Through Collaboration",
            PARA2,
        ],
        ["[[", "##"],
        ["citation mark", "markdown heading mark"],
    ),
    (
        "inline 'READ ALSO:' link in the article",
        f"{PARA}\n\nREAD ALSO: Top 10 Silk Road Cities You Must Visit Before You Die\n\n{PARA2}\n",
        [PARA, PARA2],
        ["READ ALSO"],
        ["related-post link"],
    ),
    (
        "embedded posts flattened to tags, and a photo credit line",
        f'{PARA}\n\n<tweet tweet-id="783499116076687360"><tweet/>.\n\nGetty/Instagram.\n\n{PARA2}\n',
        [PARA, PARA2],
        ["tweet-id", "Getty/Instagram"],
        ["embedded-post placeholder", "photo credit"],
    ),
    (
        "a sentence that names Getty or mentions tags is prose, not furniture",
        f"{PARA}\n\nReuters reported the deal on Monday, citing two officials.\n\nUse <b> for bold, the editor said.\n",
        [PARA, "Reuters reported the deal", "Use <b> for bold"],
        [],
        [],
    ),
]


@pytest.mark.parametrize(
    ("raw", "keep", "drop", "reasons"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_inline_cases(raw: str, keep: list[str], drop: list[str], reasons: list[str]) -> None:
    cleaned = clean_text(raw)
    for text in keep:
        assert text in cleaned.text, f"{text!r} should stay in the body"
    for text in drop:
        assert text not in cleaned.text, f"{text!r} should not be in the body"
    got = {r.reason for r in cleaned.removed}
    for reason in reasons:
        assert reason in got, f"no removal recorded as {reason!r}; got {sorted(got)}"
    _check_invariants(raw, cleaned)


def _check_invariants(raw: str, cleaned: Cleaned) -> None:
    """Wording is never changed; every record says where it stood and is a known kind."""
    flat = normalize(re.sub(r"\s+", " ", raw))
    flat = re.sub(r" ?\[\[\d+\]\]", "", flat)
    flat = re.sub(r"#{1,6} ", "", flat)
    for paragraph in cleaned.paragraphs:
        assert paragraph == paragraph.strip() and "  " not in paragraph
        assert paragraph in flat, f"body paragraph not found verbatim in the input: {paragraph!r}"
    lines = raw.splitlines()
    for r in cleaned.removed:
        assert r.kind in KINDS and r.reason
        first = r.text.splitlines()[0].strip()
        assert first in lines[r.line - 1], (r, lines[r.line - 1])


def test_nothing_to_clean() -> None:
    cleaned = clean_text(f"{PARA}\n\n{PARA2}\n")
    assert cleaned.text == f"{PARA}\n\n{PARA2}"
    assert cleaned.removed == []
    assert cleaned.title is None and cleaned.byline is None
    assert clean_text("").text == ""


def test_only_trims_and_collapses_spaces() -> None:
    cleaned = clean_text("\ufeff  Teh  ancient\tcrossroads of Eurasia ,are witnessing it.   \n")
    assert cleaned.text == "Teh ancient crossroads of Eurasia ,are witnessing it."


def test_captions_are_deduplicated_but_every_copy_is_recorded() -> None:
    caption = "The construction site of the new North-South highway, Kyrgyzstan, October 27, 2020. /Xinhua"
    raw = f"{PARA}\n\n{caption}\n{caption}\n\n{caption}\n\n{PARA2}\n"
    cleaned = clean_text(raw)
    assert [c.text for c in cleaned.captions] == [caption]
    assert len(cleaned.of_kind("caption")) == 3
    assert "Xinhua" in cleaned.captions[0]  # Removed supports `in` on its text
    assert str(cleaned.captions[0]) == caption


def test_removed_records_are_in_input_order_with_line_numbers() -> None:
    raw = "Download\nA headline for the test\nCGTN\n01:50\n\n" + PARA + "\n\nSearch Trends\n"
    cleaned = clean_text(raw)
    assert [(r.line, r.kind, r.reason) for r in cleaned.removed] == [
        (1, "removed", "stray widget label"),
        (2, "title", "headline"),
        (3, "byline", "outlet credit line"),
        (4, "removed", "video duration"),
        (8, "removed", "trending-searches widget"),
    ]
    assert cleaned.title == "A headline for the test"
    assert cleaned.text == PARA


def test_removed_kind_is_checked() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        Removed("x", "because", "deleted", 1)


def test_flagged_label_alone_flags_the_next_paragraph() -> None:
    raw = f"{PARA}\n\nDid You Know?\n\nThe first pipeline opened in 2009.\n\n{PARA2}\n"
    cleaned = clean_text(raw)
    assert "The first pipeline opened" not in cleaned.text
    (block,) = cleaned.flagged
    assert block.reason == "inserted block: Did You Know?"
    assert "The first pipeline opened in 2009." in block.text


def test_rule_tables_are_well_formed() -> None:
    for table in (INSERTED_BLOCKS, NOTES, CAPTIONS, FURNITURE):
        for rule in table:
            assert rule.kind in KINDS and rule.reason and rule.max_words > 0
    assert all(r.reason.startswith("inserted block: ") for r in INSERTED_BLOCKS)
    assert all(r.kind == "flagged" for r in INSERTED_BLOCKS)
    assert all(reason for _, reason in LIST_HEADERS)


ADVERSARIAL = [
    "a" * 50_000,
    "a " * 25_000,
    "-" * 50_000 + "x",
    "(" * 20_000 + "Photo" + ")" * 20_000,
    "By " * 15_000 + "June 14, 2025",
    "1" * 50_000,
    "Home » " * 5_000,
    "| " * 20_000 + "x",
    "## " * 10_000,
    ". " * 25_000 + "?",
    "China.org.cn, " * 5_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_patterns_do_not_backtrack(text: str) -> None:
    start = time.perf_counter()
    clean_text(text + "\n" + text[:2000] + "\n" + PARA)
    # a hang guard, not a speed measurement: these take milliseconds, a backtracking
    # pattern takes minutes (benchmarks/bench_cleaning.py measures speed)
    assert time.perf_counter() - start < 30.0


def _calls_to_clean(lines: int) -> int:
    """Function calls (Python and C) made while cleaning a page of ``lines`` short lines: a
    count, not a time, so it is the same on any machine and under any load."""
    raw = "\n".join(f"Line {i} of a long page" if i % 3 else PARA for i in range(lines))
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(count)
    try:
        clean_text(raw)
    finally:
        sys.setprofile(None)
    return calls


def test_many_short_lines_cost_work_in_proportion() -> None:
    # ten times the lines, about ten times the work (measured 9.97x); a rule that rescans
    # every line for every line would be about a hundred times
    assert _calls_to_clean(6_000) < 12 * _calls_to_clean(600)


# --------------------------------------------------------------------------------------------
# Seeds (../shared/seeds): hand-checked whole outputs
# --------------------------------------------------------------------------------------------

NEVER_IN_BODY = [
    "Share Facebook",
    "Leave A Reply",
    "Related Posts",
    "Source link",
    "分享缩略图",
    "Adjust font size",
    "Print E-mail",
    "Type above and press Enter",
    "Most Popular",
    "Subscribe",
    "©",
]

SEEDS = {
    "000": {
        "paragraphs": 62,
        "first": "Teh ancient crossroads of Eurasia are witnessing a remarkable strengthening",
        "last": "with potential for even greater cooperation and development in the years to come.",
        "stay": [
            "Strengthening Eurasian Bonds: The Evolving China-central Asia Partnership",
            "Navigating Challenges and Ensuring Sustainable Growth",
            "a defining feature of the 21st-century international landscape.",
            "demonstrating the tangible economic benefits already being realized.",
            "Country | Key BRI Project | Expected Outcome |",
            "Turkmenistan | Central Asia-China Gas Pipeline | Ensured energy security for China and revenue for Turkmenistan |",
            "Potential Challenges:",
            "- Managing debt sustainability in BRI projects.",
            "- Networking: Attend industry events and conferences to build professional networks.",
            "the relationship between China and Central Asia is poised for continued growth",
        ],
        "go": ["Table of Contents", "[[", "##", "---|", "| Xinhua"],
    },
    "001": {
        "paragraphs": 22,
        "first": "In the heart of Eurasia, where ancient trade routes once wove a tapestry",
        "last": "The ancient Silk Road’s spirit of connection lives on, reimagined for a modern world.",
        "stay": [
            "By blending economic ambition, diplomatic finesse and cultural exchanges",
            "ECONOMIC SYNERGY DRIVES SHARED GROWTH",
            "MUTUAL TRUST BUILDS DIPLOMATIC COOPERATION",
            "CULTURAL EXCHANGES STRENGTHEN PEOPLE-TO-PEOPLE TIES",
            "STRATEGIC ALIGNMENT GUIDES MULTIPOLAR DEVELOPMENT",
        ],
        "go": [
            "Nabka News",
            "What's Hot",
            "Gujranwala",
            "i2wtc",
            "Follow Us",
            "Flipboard",
            "(Xinhua/Ding Lei)",
            "Photo by Roman",
            "by Serik Korzhumbayev",
            "Editor’s note",
            "views expressed",
            "Top Posts",
            "Don't Miss",
            "Our Picks",
            "Welcome to NabkaNews",
            "June 15, 2025",
            "Add A Comment",
            "Home »",
        ],
    },
    "002": {
        "paragraphs": 12,
        "first": "China-Central Asian ties have come a long way since diplomatic relations",
        "last": "emblematic of a relationship that has stood the test of time.",
        "stay": [
            "Stronger synergies in infrastructure development, energy, agriculture",
            '"The parties are unanimous that the development of fruitful multifaceted cooperation',
        ],
        "go": [
            "By Hannan Hussain",
            "China.org.cn, July 24, 2024",
            "[Photo/Xinhua]",
            "The author is",
            "Opinion articles reflect",
            "Follow China.org.cn",
            "ChinaNews App",
            "Go to Forum",
            "No comments.",
            "User Name Required",
            "moderator",
            "Send your stories",
            "China-Central Asia cooperation shows no signs of slowing",
        ],
    },
    "003": {
        "paragraphs": 19,
        "first": "China is to hold the first China-Central Asia Summit, a head-of-state level gathering",
        "last": 'we need to build a very good relationship with the country," Tokayev said.',
        "stay": [
            "China-Central Asia ties valuable",
            "Economic benefits",
            "Common security interests",
            'Experts say different from "isolating" or "decoupling"',
        ],
        "go": ["Download", "CGTN\n", "01:50", "01:33", "/Xinhua", "/CFP", "Search Trends"],
    },
    "004": {
        "paragraphs": 83,
        "first": "Xi Jinping’s Central Asia Summit: A New Era of Regional Cooperation and High-Quality Development",
        "last": "Keep up to date with changes in trade policies, incentives, and regulations through news and media.",
        "stay": [
            "President xi Jinping’s recent diplomatic engagement in Central Asia",
            "Key Outcomes of The China-Central Asia Summit",
            "Project Description Impact",
            "Cooperation Centers Focus on poverty reduction, education, and desertification control.",
            "Xi Jinping’s Central Asia Trip: Fostering Regional Cooperation and Boosting Trade",
            "the core objectives of Xi Jinping’s strategy revolve around several crucial areas:",
            "• Infrastructure Development: Building and enhancing infrastructure",
            "Table: Key Benefits of Regional Cooperation",
            "Enhanced Security Joint counter-terrorism and border security projects.",
            "Practical Tips for businesses",
        ],
        "go": [
            "Home »",
            "Pro Tip",
            "Did You Know",
            "LSI Keywords",
            "frequently Asked Questions",
            "What is the main goal of China-Central Asia cooperation?",
            "The main goal is to enhance strategic mutual trust",
            "Share your thoughts",
            "What steps beyond infrastructure investments",
            "What are the potential risks and challenges",
            "You may also like",
            "Leave a Comment",
            "Akismet",
            "Adblock",
        ],
    },
}


def _seed(seeds_dir: Path, prefix: str) -> tuple[str, Cleaned]:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    raw = path.read_text(encoding="utf-8")
    return raw, clean_text(raw)


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_whole_output(seeds_dir: Path, prefix: str) -> None:
    raw, cleaned = _seed(seeds_dir, prefix)
    want = SEEDS[prefix]
    paragraphs = cleaned.paragraphs
    assert len(paragraphs) == want["paragraphs"]
    assert paragraphs[0].startswith(want["first"])
    assert paragraphs[-1].endswith(want["last"])
    for text in want["stay"]:
        assert text in cleaned.text, f"{prefix}: {text!r} should stay"
    body = cleaned.text + "\n"
    for text in want["go"] + NEVER_IN_BODY:
        assert text not in body, f"{prefix}: {text!r} should be gone"
    _check_invariants(raw, cleaned)


def test_seed_001_pull_quote_byline_and_notes(seeds_dir: Path) -> None:
    _, cleaned = _seed(seeds_dir, "001")
    lede = "China’s engagement with Central Asia is guided by a philosophy of mutual respect"
    assert cleaned.text.count(lede) == 1
    reasons = {(r.line, r.reason) for r in cleaned.removed}
    assert (71, "pull quote (repeats a sentence of the article)") in reasons
    assert cleaned.byline == "by Serik Korzhumbayev"
    assert cleaned.title == "China, Central Asia solidify regional partnership in new era-Xinhua"
    assert [n.reason for n in cleaned.notes] == ["editor's note", "disclaimer"]
    assert len(cleaned.captions) == 3
    assert (61, "post meta line") in reasons
    lists = {r.reason for r in cleaned.removed if r.reason.endswith("list")}
    assert lists >= {
        "what's-hot list",
        "related-posts list",
        "'Top Posts' list",
        "'Don't Miss' list",
        "'Our Picks' list",
        "'Most Popular' list",
    }


def test_seed_002_controls_and_notes(seeds_dir: Path) -> None:
    _, cleaned = _seed(seeds_dir, "002")
    assert cleaned.byline == "By Hannan Hussain"
    assert [c.text[-14:] for c in cleaned.captions] == ["[Photo/Xinhua]"]
    assert [n.reason for n in cleaned.notes] == ["author bio", "disclaimer"]
    by_line = {r.line: r for r in cleaned.removed}
    assert by_line[1].reason == "stray widget label"
    assert by_line[7].reason.startswith("dateline")
    assert by_line[44].reason == "comment form" and "moderator" in by_line[44].text


def test_seed_003_cgtn_captions_deduplicated(seeds_dir: Path) -> None:
    _, cleaned = _seed(seeds_dir, "003")
    assert len(cleaned.of_kind("caption")) == 6
    assert len(cleaned.captions) == 2
    assert cleaned.captions[0].text.endswith("/Xinhua")
    assert cleaned.captions[1].text.endswith("/CFP")
    assert cleaned.title == "What do China-Central Asia ties mean for a turbulent world?"
    assert {r.text for r in cleaned.removed if r.reason == "video duration"} == {"01:50", "01:33"}


def test_seed_004_inserted_blocks_are_flagged(seeds_dir: Path) -> None:
    _, cleaned = _seed(seeds_dir, "004")
    flagged = cleaned.flagged
    assert all(r.kind == "flagged" for r in flagged)
    reasons = [r.reason for r in flagged]
    for reason in (
        "inserted block: Pro Tip",
        "inserted block: Did You Know?",
        "inserted block: LSI Keywords",
        "inserted block: FAQ",
        "inserted block: comment prompt",
    ):
        assert reason in reasons
    assert reasons.count("inserted block: reader question") == 3
    (faq,) = [r for r in flagged if r.reason == "inserted block: FAQ"]
    assert faq.line == 77
    assert faq.text.count("?") == 5
    assert faq.text.endswith("sustainable development initiatives.")
    assert cleaned.title == "Xi Jinping’s Central Asia Trip: Fostering Regional Cooperation"
    # Article content that looks list-like stays: "Evergreen Insights" bullets, practical tips
    assert "Evergreen Insights on China-central asia Cooperation" in cleaned.text
    assert "• Build partnerships:" in cleaned.text


def test_seed_000_markup(seeds_dir: Path) -> None:
    _, cleaned = _seed(seeds_dir, "000")
    marks = [(r.line, r.text) for r in cleaned.removed if r.reason == "citation mark"]
    assert marks == [(20, "[[2]]"), (24, "[[3]]"), (25, "[[1]]")]
    assert cleaned.title == "China & Central Asia: Strengthening Regional Ties | Xinhua"
    paragraphs = cleaned.paragraphs
    i = paragraphs.index(
        "Strengthening Eurasian Bonds: The Evolving China-central Asia Partnership"
    )
    assert paragraphs[i - 1].endswith("feature of the 21st-century international landscape.")


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Freight corridor gathers pace across the steppe | Steppe Wire</title>
<meta name="author" content="Aigerim Bekova">
<meta property="article:published_time" content="2025-06-18T08:00:00+00:00">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li><li><a href="/contact">Contact Us</a></li></ul></nav></header>
<main><article>
<div class="share-bar">Share <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
<p>Freight trains between China and Kazakhstan ran at record frequency in May, the railway operator said on Wednesday.</p>
<p>The operator said it expected volumes to keep rising through the summer, although customs checks at the border remain slow.</p>
<h2>Common security interests</h2>
<p>Officials in both countries say the corridor also needs closer police cooperation against smuggling, a point raised at the summit.</p>
<p>Pro Tip: Shippers can book slots online to save time.</p>
<p>Photo: Workers load containers at Khorgos. (Xinhua/Ding Lei)</p>
</article></main>
<footer><p>Copyright © 2025 Example Media. All rights reserved.</p>
<p><a href="/privacy">Privacy Policy</a> | <a href="/about">About Us</a></p></footer>
</body></html>"""

PAGE_PARAGRAPHS = [
    "Freight trains between China and Kazakhstan ran at record frequency in May, the railway operator said on Wednesday.",
    "The operator said it expected volumes to keep rising through the summer, although customs checks at the border remain slow.",
    "Common security interests",
    "Officials in both countries say the corridor also needs closer police cooperation against smuggling, a point raised at the summit.",
]


def _check_page(cleaned: Cleaned, meta: dict) -> None:
    for paragraph in PAGE_PARAGRAPHS:
        assert paragraph in cleaned.paragraphs
    for gone in (
        "Home",
        "Contact Us",
        "Share",
        "Facebook",
        "Privacy Policy",
        "©",
        "Pro Tip",
        "Ding Lei",
    ):
        assert gone not in cleaned.text
    assert all(r.line == 0 for r in cleaned.removed)
    assert "inserted block: Pro Tip" in {r.reason for r in cleaned.flagged}
    assert cleaned.title is not None and cleaned.title.startswith("Freight corridor gathers pace")
    assert meta["title"].value == "Freight corridor gathers pace across the steppe"
    assert meta["credited_source"].value == "Steppe Wire"
    assert meta["credited_source"].source == "title suffix"
    assert "outlet" not in meta or meta["outlet"].value != "Steppe Wire"
    assert meta["author"].value == "Aigerim Bekova"
    assert meta["published"].value == "2025-06-18"


def test_clean_html() -> None:
    cleaned, meta = clean_html(PAGE)
    _check_page(cleaned, meta)
    assert meta["author"].source == "html meta"


def test_clean_html_without_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    """If trafilatura cannot be imported (e.g. lxml_html_clean missing), lxml still works."""
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    cleaned, meta = clean_html(
        PAGE.replace(
            "<article>", "<article><h1>Freight corridor gathers pace across the steppe</h1>"
        )
    )
    _check_page(cleaned, meta)


SAMPLE = Path(__file__).resolve().parents[2] / "framing" / "data" / "sample" / "articles"


@pytest.mark.skipif(
    not (SAMPLE / "04_contentfarm_reprint.html").exists(), reason="no sample corpus"
)
def test_sample_contentfarm_page() -> None:
    cleaned, meta = clean_html((SAMPLE / "04_contentfarm_reprint.html").read_text(encoding="utf-8"))
    assert cleaned.paragraphs[0].startswith("XI'AN, May 19 -- Leaders of China")
    assert cleaned.paragraphs[-1].endswith("write a new chapter in their shared history.")
    for gone in ("READ ALSO", "Related Posts", "Leave A Reply", "Share", "Privacy Policy", "Tags:"):
        assert gone not in cleaned.text
    assert meta["outlet"].value == "AsiaBuzz Daily"
    assert meta["credited_source"].value == "Eastern Star"
    assert meta["author"].value == "Liang Wenhao"
    assert meta["published"].value == "2023-05-21"


@pytest.mark.skipif(not (SAMPLE / "05_spun_rewrite.txt").exists(), reason="no sample corpus")
def test_sample_spun_rewrite() -> None:
    cleaned = clean_text((SAMPLE / "05_spun_rewrite.txt").read_text(encoding="utf-8"))
    reasons = [r.reason for r in cleaned.flagged]
    assert reasons == [
        "inserted block: Did You Know?",
        "inserted block: Pro Tip",
        "inserted block: LSI Keywords",
        "inserted block: FAQ",
        "inserted block: comment prompt",
    ]
    assert "Q:" not in cleaned.text and "Bookmark this page" not in cleaned.text
    assert cleaned.byline == "By Admin"


# --------------------------------------------------------------------------------------------
# Other layouts: the rules are not tied to the seeds
# --------------------------------------------------------------------------------------------

WIRE_PAGE = """Skip to main content
Exclusive news, data and analytics for professionals
World
Asia Pacific
China signs pipeline deal with Kazakhstan
By Jane Smith and Tom Lee
June 14, 2025 3:45 AM
ASTANA, June 14 (Wire) - China and Kazakhstan signed a deal on Saturday to build a second gas pipeline, the two governments said.
Share prices of the state energy firm rose 2% in Astana trading after the announcement.
"This is a historic step," the minister told reporters. He did not comment on financing.
What happens next?
Construction is expected to start next year, officials said.
Reporting by Jane Smith; Editing by Tom Lee
Our Standards: The Wire Trust Principles.
Suggested Topics:
Asia Pacific
Advertisement · Scroll to continue
"""

PORTAL_PAGE = """Home
China
Politics
Society
Xi meets Kazakh president in Astana
By Zhang Yi | dailyportal.example | Updated: 2025-06-17 09:12
Share - WeChat
The two presidents met in Astana on Monday and agreed to deepen cooperation in energy and transport, officials said.
The two presidents shake hands in Astana, June 16, 2025. [Photo/Xinhua]
Both sides said they were ready to expand trade in agricultural products over the next five years.
Most Viewed in 24 Hours
Xi arrives in Astana for summit
China, Kazakhstan sign pacts
Copyright 1995 - 2025. All rights reserved. The content published in this site belongs to the portal.
"""


def test_wire_layout() -> None:
    cleaned = clean_text(WIRE_PAGE)
    assert cleaned.title == "China signs pipeline deal with Kazakhstan"
    assert cleaned.paragraphs[0].startswith("ASTANA, June 14 (Wire)")
    assert cleaned.paragraphs[-1] == "Construction is expected to start next year, officials said."
    assert "What happens next?" in cleaned.paragraphs  # answered by the next paragraph
    assert "Share prices of the state energy firm" in cleaned.text
    reasons = {r.reason for r in cleaned.removed}
    assert reasons >= {
        "navigation menu",
        "page header (before headline)",
        "section label",
        "byline",
        "date line",
        "reporting credits",
        "site standards link",
        "topic list",
        "advertisement label",
    }
    _check_invariants(WIRE_PAGE, cleaned)


def test_portal_layout() -> None:
    cleaned = clean_text(PORTAL_PAGE)
    assert cleaned.title == "Xi meets Kazakh president in Astana"
    assert cleaned.paragraphs == [
        "The two presidents met in Astana on Monday and agreed to deepen cooperation in energy and transport, officials said.",
        "Both sides said they were ready to expand trade in agricultural products over the next five years.",
    ]
    reasons = [r.reason for r in cleaned.removed]
    assert "'Most Viewed in 24 Hours' list" in reasons
    assert "share bar" in reasons and "copyright footer" in reasons
    _check_invariants(PORTAL_PAGE, cleaned)


@pytest.mark.skipif(not (SAMPLE.parent / "key.jsonl").exists(), reason="no sample corpus")
def test_sample_key_evidence_survives_cleaning() -> None:
    """Every passage the sample answer key marks in an article is still in its cleaned body."""
    import csv
    import json

    base = SAMPLE.parent
    with (base / "manifest.csv").open(encoding="utf-8") as fh:
        files = {row["id"]: base / row["file"] for row in csv.DictReader(fh)}
    bodies = {}
    for article_id, path in files.items():
        raw = path.read_text(encoding="utf-8")
        bodies[article_id] = clean_html(raw)[0] if path.suffix == ".html" else clean_text(raw)
    missing = []
    for line in (base / "key.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            if entry["text"] not in bodies[entry["article"]].text:
                missing.append((entry["article"], entry["text"]))
    assert missing == []


# Issue 15: rhetorical questions in real opinion pieces and news (SemEval-2023 and PolNeAR
# articles lost "Do they think we are fools?" and the like as "reader question" inserts).
RHETORICAL = [
    # between two prose paragraphs
    f"{PARA}\n\nDo they think the farmers of the valley are fools?\n\n{PARA2}\n",
    # after a paragraph that ends with a colon, before one that ends with a question
    f"{PARA}\n\nThe council offered the fishermen only one answer to the silt in the harbour:\n"
    "Why should the town pay for a channel that nobody uses any more?\n"
    "Nobody on the council has explained how the berth will be paid for. Who will?\n",
    # a run of questions inside the argument
    f"{PARA}\n\nHave the ministers been had again?\n\nWill they pay for another decade of "
    f"projects?\n\n{PARA2}\n",
    # a quoted question is someone's words
    f"{PARA}\n\n\"Has the candidate ever fought for the valley when it looked hopeless?\n\n"
    f"Nobody on the panel answered that one.\n",
]


@pytest.mark.parametrize("raw", RHETORICAL)
def test_rhetorical_questions_stay_in_the_body(raw):
    cleaned = clean_text(raw)
    assert [r for r in cleaned.removed if r.reason == "inserted block: reader question"] == []
    for line in raw.split("\n"):
        if line.endswith("?") and not line.startswith('"'):
            assert line in cleaned.text


def test_a_prompt_that_asks_the_reader_still_goes():
    raw = f"{PARA}\n\n{PARA2}\n\nDo you agree with the call for a new harbour inquiry?\n"
    cleaned = clean_text(raw)
    assert [r.text for r in cleaned.flagged] == [
        "Do you agree with the call for a new harbour inquiry?"]
    assert "Do you agree" not in cleaned.text


@pytest.mark.parametrize("raw", [
    # one line with no final stop, as JSONL and CSV cells often hold a short article
    "The council voted on Tuesday to approve the budget after a long debate about road repairs",
    "The council voted on Tuesday to approve the budget after a long debate \ufffd",
    "The council voted on Tuesday. It approved the budget after a long debate about roads",
])
def test_a_text_that_is_one_headline_like_line_is_its_own_body(raw):
    cleaned = clean_text(raw)
    assert cleaned.text == raw and not cleaned.removed


def test_a_headline_above_a_body_is_still_taken():
    cleaned = clean_text("Council Approves Budget\n\nThe council voted on Tuesday to approve the "
                         "budget after a long debate about road repairs in the north.")
    assert [r.kind for r in cleaned.removed] == ["title"]
    assert cleaned.text.startswith("The council voted")
