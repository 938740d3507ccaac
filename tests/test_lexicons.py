"""The shipped lexicons: they load, they follow the format, and they hit (and miss) the right words."""

from __future__ import annotations

import pytest

from framing.dimensions import create
from framing.errors import LexiconError
from framing.lexicon import RULES, load_lexicon, read_lexicon, shipped_lexicons
from framing.textunits import Document

PROMOTIONAL_CATEGORIES = {
    "hyperbole", "glittering_generality", "slogan", "metaphor", "flag_waving", "pr_language",
    "loaded",
}
HEDGING_CATEGORIES = {
    "hedge.modal", "hedge.epistemic_verb", "hedge.epistemic_adverb", "hedge.approximator",
    "hedge.shield", "hedge.vague_source", "hedge.phrase",
    "booster.adverb", "booster.verb", "booster.phrase",
}


@pytest.fixture(scope="module")
def hedging():
    return create("hedging")


@pytest.fixture(scope="module")
def promotional():
    return create("promotional")


def hits(dim, text: str) -> list[tuple[str, str]]:
    """(category, exact words) of every piece of evidence in ``text``."""
    return [(e.category, e.text) for e in dim.analyze(Document.from_text(text)).evidence]


# --------------------------------------------------------------------------------------------
# Every shipped lexicon loads and follows the format


@pytest.mark.parametrize("name", sorted(shipped_lexicons()))
def test_shipped_lexicon_loads_and_validates(name):
    lex = load_lexicon(name)
    assert lex.entries
    assert lex.version and lex.dimension
    for entry in lex.entries:
        assert entry.category in lex.categories
        assert 0 < entry.weight <= 5
        assert set(entry.rules) <= set(RULES)


def test_lexicon_readme_table_matches_the_files():
    """lexicons/README.md lists every shipped lexicon with its real number of entries."""
    import re
    from pathlib import Path

    readme = Path(__file__).parents[1] / "lexicons" / "README.md"
    if not readme.exists():  # an installed package without the source tree
        pytest.skip("lexicons/README.md is not beside the tests")
    rows = dict(re.findall(r"^\| `(\w+)\.tsv` \| `\w+` \| (\d+) \|", readme.read_text(),
                           flags=re.M))
    assert {n: int(c) for n, c in rows.items()} == {
        name: len(load_lexicon(name).entries) for name in shipped_lexicons()}


@pytest.mark.parametrize(
    ("name", "categories", "minimum"),
    [("hedging", HEDGING_CATEGORIES, 150), ("promotional", PROMOTIONAL_CATEGORIES, 320)],
)
def test_curated_lexicon_header_and_size(name, categories, minimum):
    lex = load_lexicon(name)
    assert lex.version.count(".") == 2 and all(part.isdigit() for part in lex.version.split("."))
    assert lex.dimension == name
    assert lex.info.get("licence") == "MIT"
    assert lex.description and lex.provenance
    assert set(lex.categories) == categories
    assert len(lex.entries) >= minimum
    used = {e.category for e in lex.entries}
    assert used == categories, f"categories without entries: {categories - used}"
    for entry in lex.entries:
        assert entry.note, f"{name}:{entry.line} has no note"
        assert entry.source, f"{name}:{entry.line} has no source"
        assert 0.25 <= entry.weight <= 2.0
    # no wildcard bucket that every common word would have to scan
    prefixes = [e.pattern for e in lex.entries if e.pattern.split()[0].endswith("*")]
    assert len(prefixes) < len(lex.entries) / 3


# --------------------------------------------------------------------------------------------
# Hedging: what must be found


HEDGING_HITS = [
    ("The results may change next year.", "hedge.modal", "may"),
    ("It might rain tomorrow.", "hedge.modal", "might"),
    ("The plan could fail.", "hedge.modal", "could"),
    ("The fossil may have been moved.", "hedge.modal", "may have"),
    ("The data suggest a link.", "hedge.epistemic_verb", "suggest"),
    ("Prices seem stable.", "hedge.epistemic_verb", "seem"),
    ("The ship appears to have sunk.", "hedge.epistemic_verb", "appears to"),
    ("Perhaps the talks will resume.", "hedge.epistemic_adverb", "Perhaps"),
    ("The bill will probably pass.", "hedge.epistemic_adverb", "probably"),
    ("The deal is likely to fail.", "hedge.epistemic_adverb", "likely"),
    ("He was arguably the best.", "hedge.epistemic_adverb", "arguably"),
    ("About 40 people came.", "hedge.approximator", "About"),
    ("They waited around three hours.", "hedge.approximator", "around"),
    ("Roughly half of them agreed.", "hedge.approximator", "Roughly"),
    ("The town has several churches.", "hedge.approximator", "several"),
    ("The minister reportedly resigned.", "hedge.shield", "reportedly"),
    ("It is believed to be the oldest bridge.", "hedge.shield", "It is believed"),
    ("It has been suggested that the map is fake.", "hedge.shield", "It has been suggested"),
    ("According to some, the plan failed.", "hedge.shield", "According to some"),
    ("He is said to have fled.", "hedge.shield", "is said"),
    ("Some experts warn of a slowdown.", "hedge.vague_source", "Some experts"),
    ("Critics say the law is flawed.", "hedge.vague_source", "Critics say"),
    ("Many believe the vote was unfair.", "hedge.vague_source", "Many believe"),
    ("Observers noted a change.", "hedge.vague_source", "Observers noted"),
    ("The rule is widely regarded as unfair.", "hedge.vague_source", "widely regarded"),
    ("This is not necessarily true.", "hedge.phrase", "not necessarily"),
    ("To some extent, that is right.", "hedge.phrase", "To some extent"),
    ("It is possible that he knew.", "hedge.phrase", "It is possible that"),
    ("Scientists are not certain.", "hedge.phrase", "not certain"),
    ("The outcome is not without doubt.", "hedge.negated_booster", "without doubt"),
    ("The claim is not clearly false.", "hedge.negated_booster", "clearly"),
    ("Undoubtedly, the plan works.", "booster.adverb", "Undoubtedly"),
    ("She clearly lied.", "booster.adverb", "clearly"),
    ("She is definitely right.", "booster.adverb", "definitely"),
    ("The study shows that sugar is harmful.", "booster.verb", "shows that"),
    ("The tests demonstrate that it works.", "booster.verb", "demonstrate that"),
    ("There is no doubt about it.", "booster.phrase", "There is no doubt"),
    ("No doubt he will win.", "booster.phrase", "No doubt"),
    ("Victory is a given.", "booster.phrase", "a given"),
    ("Of course, they agreed.", "booster.phrase", "Of course"),
    ("It is clear that the policy failed.", "booster.phrase", "It is clear that"),
    ("The result could not have been more decisive.", "booster.phrase",
     "could not have been more"),
    ("The message could not be clearer.", "booster.phrase", "could not be clearer"),
    ("The message couldn't be clearer.", "booster.phrase", "couldn't be clearer"),
    ("The claim isn't clearly false.", "hedge.negated_booster", "clearly"),
    ("Turnout was about a third of voters.", "hedge.approximator", "about"),
    ("Opinions differ on the cause.", "hedge.vague_source", "Opinions differ"),
    ("Historians disagree about his role.", "hedge.vague_source", "Historians disagree"),
    ("The bird was once thought to be extinct.", "hedge.shield", "was once thought"),
    ("Corruption is widespread.", "hedge.approximator", "widespread"),
]


@pytest.mark.parametrize(("text", "category", "words"), HEDGING_HITS)
def test_hedging_finds(hedging, text, category, words):
    assert (category, words) in hits(hedging, text)


# Hedging: what must NOT be found (category prefix that must be absent)
HEDGING_MISSES = [
    ("The law took effect in May 2023.", "hedge"),
    ("In May, prices rose by 3%.", "hedge"),
    ("May 5 was a holiday.", "hedge"),
    ("She can swim across the lake.", "hedge"),
    ("We can confirm the figures.", "hedge"),
    ("The result could not have been more decisive.", "hedge"),
    ("The message could not be clearer.", "hedge"),
    ("They talked about the plan.", "hedge.approximator"),
    ("They talked about a plan.", "hedge.approximator"),
    ("The result couldn't have been more decisive.", "hedge"),
    ("The claim isn't clearly false.", "booster"),
    ("He walked around the town.", "hedge.approximator"),
    ("There is no doubt about it.", "hedge"),
    ("Victory is certain.", "hedge"),
    ("The committee published its report on Tuesday.", "hedge"),
    ("The talks are not without doubt.", "booster"),
    ("This is not necessarily true.", "booster"),
    ("Savings accounts vary in their fees.", "hedge"),
    ("The historians met in Paris.", "hedge"),
]


@pytest.mark.parametrize(("text", "absent"), HEDGING_MISSES)
def test_hedging_does_not_flag(hedging, text, absent):
    found = hits(hedging, text)
    assert not [h for h in found if h[0].startswith(absent)], found


def test_may_as_a_modal_is_kept(hedging):
    assert ("hedge.modal", "may") in hits(hedging, "The talks may succeed where others failed.")
    # a capital "May" is a month, Theresa May or a wish ("May the talks succeed"), never doubt
    assert not hits(hedging, "May the talks succeed where others failed.")


# --------------------------------------------------------------------------------------------
# Promotional: what must be found


PROMOTIONAL_HITS = [
    ("Exports soared last year.", "hyperbole", "soared"),
    ("It was an unprecedented crisis.", "hyperbole", "unprecedented"),
    ("The leaders held a historic meeting.", "hyperbole", "historic"),
    ("Prices skyrocketed overnight.", "hyperbole", "skyrocketed"),
    ("Growth was remarkable.", "hyperbole", "remarkable"),
    ("Ties rest on mutual respect.", "glittering_generality", "mutual respect"),
    ("The goal is shared prosperity.", "glittering_generality", "shared prosperity"),
    ("They promote common development.", "glittering_generality", "common development"),
    ("The deal brings mutual benefit.", "glittering_generality", "mutual benefit"),
    ("They pursue win-win cooperation.", "slogan", "win-win cooperation"),
    ("They hope to build a community with a shared future for mankind.", "slogan",
     "community with a shared future for mankind"),
    ("The province pursues high-quality development.", "slogan", "high-quality development"),
    ("Relations entered a golden era.", "slogan", "golden era"),
    ("More people-to-people exchanges are planned.", "slogan", "people-to-people"),
    ("Ties in the new era are strong.", "slogan", "new era"),
    ("They carry forward the Belt and Road spirit.", "slogan", "Belt and Road spirit"),
    ("His supporters chanted Make America Great Again.", "slogan", "Make America Great Again"),
    ("Voters wanted to take back control.", "slogan", "take back control"),
    ("The plan is to build back better.", "slogan", "build back better"),
    ("A party for the many, not the few.", "slogan", "for the many"),
    ("Friendship is blossoming.", "metaphor", "blossoming"),
    ("Trade reached new heights.", "metaphor", "new heights"),
    ("The visit opened a new chapter.", "metaphor", "new chapter"),
    ("Energy is the cornerstone of ties.", "metaphor", "cornerstone"),
    ("The railway is a bridge of friendship.", "metaphor", "bridge of friendship"),
    ("We are a great nation.", "flag_waving", "great nation"),
    ("Our proud people will prevail.", "flag_waving", "Our proud people"),
    ("Voting is our patriotic duty.", "flag_waving", "patriotic duty"),
    ("The merger creates synergy.", "pr_language", "synergy"),
    ("The chip is a game-changer.", "pr_language", "game-changer"),
    ("The port has world-class facilities.", "pr_language", "world-class"),
    ("They use cutting-edge technology.", "pr_language", "cutting-edge"),
    ("The fund will unlock value for investors.", "pr_language", "unlock value"),
    ("It was a brutal crackdown.", "loaded", "brutal"),
    ("These are heinous crimes.", "loaded", "heinous"),
    ("The slaughter went on for days.", "loaded", "slaughter"),
    ("It is an evil plan.", "loaded", "evil"),
    ("The policy was disastrous.", "loaded", "disastrous"),
    ("Thugs attacked the crowd.", "loaded", "Thugs"),
    ("The firefighters made a heroic effort.", "loaded", "heroic"),
]


@pytest.mark.parametrize(("text", "category", "words"), PROMOTIONAL_HITS)
def test_promotional_finds(promotional, text, category, words):
    assert (category, words) in hits(promotional, text)


PROMOTIONAL_MISSES = [
    "They drove across the Golden Gate Bridge.",
    "They stayed at the Golden Era Hotel in town.",
    "Protecting the environment is costly.",
    "The environment ministry met on Monday.",
    "He joined the Justice Department in 2010.",
    "Tourists visited the Statue of Liberty.",
    "The result was not remarkable.",
    "Sales were not unprecedented this year.",
    "The council approved the budget on Tuesday.",
]


@pytest.mark.parametrize("text", PROMOTIONAL_MISSES)
def test_promotional_does_not_flag(promotional, text):
    assert hits(promotional, text) == []


# --------------------------------------------------------------------------------------------
# Validation errors name the file and line

HEADER = """# name: tiny
# version: 0.0.1
# dimension: hedging
# category: hedge.modal = a modal
pattern\tcategory\tweight\trules\tnote\tsource
may\thedge.modal\t1.0\t\tpossible\ttest
"""


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("may\thedge.modal\t1.0\t\tagain\ttest", "duplicates the entry on line 6"),
        ("might\thedge.guess\t1.0\t\tpossible\ttest", "unknown category 'hedge.guess'"),
        ("might\thedge.modal\theavy\t\tpossible\ttest", "weight 'heavy'"),
        ("might\thedge.modal\t0\t\tpossible\ttest", "weight '0'"),
        ("might\thedge.modal\t9\t\tpossible\ttest", "weight '9'"),
        ("mi*\thedge.modal\t1.0\t\tpossible\ttest", "needs 3+ letters"),
        ("[might\thedge.modal\t1.0\t\tpossible\ttest", "pattern '[might'"),
        ("might(\thedge.modal\t1.0\t\tpossible\ttest", "pattern 'might('"),
        ("might\thedge.modal\t1.0\tnot_a_rule\tpossible\ttest", "unknown rule 'not_a_rule'"),
        ("might\thedge.modal\t1.0\tpossible\ttest", "expected 6 tab-separated cells"),
    ],
)
def test_validation_errors_give_file_and_line(tmp_path, row, message):
    path = tmp_path / "tiny.tsv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        read_lexicon(path)
    text = str(info.value)
    assert text.startswith(f"{path}:7: "), text
    assert message in text
    assert "\n" not in text


def test_a_valid_small_lexicon_reads(tmp_path):
    path = tmp_path / "tiny.tsv"
    path.write_text(HEADER, encoding="utf-8")
    lex = read_lexicon(path)
    assert lex.id == "tiny@0.0.1"
    assert [e.pattern for e in lex.entries] == ["may"]
