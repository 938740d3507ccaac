"""Attribution: cues, sources, content, unsourced claims, metrics, and PolNeAR evaluation."""

from __future__ import annotations

import pytest

import framing as fr
from framing.dimensions import create
from framing.errors import InputError
from framing.lab.datasets import load_polnear
from framing.lab.evaluate import evaluate, polnear_scores
from framing.scoring import Scorer
from framing.textunits import Document


@pytest.fixture(scope="module")
def dim():
    return create("attribution")


def attributions(dim, text, outlet=None):
    doc = Document.from_text(text, {"outlet": outlet} if outlet else {})
    return dim.analyze(doc)


# (text, outlet, expected attributions as (cue, class, source text, name, type, named, vague))
CASES = [
    ('"We will build the road together," said Aida Bekova, a farmer in Osh.', None,
     [("said", "neutral", "Aida Bekova", "Aida Bekova", "unknown", True, False)]),
    ("Experts say the new railway will change the region.", None,
     [("say", "neutral", "Experts", "", "anonymous", False, True)]),
    ("Analysts have praised the agreement as a model for the region.", None,
     [("praised", "endorsing", "Analysts", "", "anonymous", False, True)]),
    ("Minister Dana Orlova hailed the summit as a turning point for trade.", None,
     [("hailed", "endorsing", "Minister Dana Orlova", "Dana Orlova", "official", True, False)]),
    ("The company claimed that the mine had met every standard.", None,
     [("claimed", "distancing", "The company", "", "business", False, False)]),
    ("Trade doubled last year, according to the Ministry of Economy.", None,
     [("according to", "neutral", "the Ministry of Economy", "Ministry of Economy", "official",
       True, False)]),
    ("Professor Lin Wei stressed that the corridor needs more investment.", None,
     [("stressed", "emphatic", "Professor Lin Wei", "Lin Wei", "expert", True, False)]),
    ("Borders must stay open, Nurlan Sadykov told reporters on Monday.", None,
     [("told", "neutral", "Nurlan Sadykov", "Nurlan Sadykov", "unknown", True, False)]),
    ("Some observers insisted that the deal favours one side.", None,
     [("insisted", "distancing", "Some observers", "", "anonymous", False, True)]),
    ("Gulnara Ismail, a researcher at the Steppe Institute, said the loans are risky.", None,
     [("said", "neutral", "Gulnara Ismail", "Gulnara Ismail", "expert", True, False)]),
    ("One trader, who asked not to be named, said the border was closed.", None,
     [("said", "neutral", "One trader", "", "anonymous", False, True)]),
    ("The border was closed, attorneys for the family said.", None,
     [("said", "neutral", "attorneys for the family", "", "unknown", False, False)]),
    # issue 15: "Business leaders" are business, not officials
    ("Business leaders said the new tariff would hurt small exporters.", None,
     [("said", "neutral", "Business leaders", "", "business", False, True)]),
    # a year before a name is not part of it
    ("In 1998 Governor Ilse Varga warned that the dam was failing.", None,
     [("warned", "neutral", "Governor Ilse Varga", "Ilse Varga", "official", True, False)]),
]

# texts in which nothing is an attribution
MUST_NOT_FIND = [
    "The so-called corridor opened in May.",
    'The "decoupling" talk has faded.',
    "The said agreement was signed in 2023.",
    "He wants to say more about the plan later.",
    "It was reported in the press that talks stalled.",
    "The United States State Department issued visas.",
    "Pro Tip: Visit the summit pages for more.",
    "Republican claims as false outnumbered the others.",
    # line labels and dashes that introduce no one
    "NOTE: The figures were revised on Monday afternoon after a count.",
    "WASHINGTON: Lawmakers met on Monday.",
    "The meeting starts at 10:30 on Monday in the main hall.",
    "The plan — which few expected — passed on Monday.",
    "STAT OF THE WEEK: $43 million in subsidies went to the stadium.\n\n"
    "CORRECTION: An earlier version misspelt a name.",
    "Q: How do I register for the event?\n\nA: Use the form on the website.",
    "The Latest: Trump visits the border on Monday.\n\nThe Latest updates follow below.",
    "Results: Clinton: 1,769.\n\nSanders: 1,501.",
    "The hall was full.\n\n— White House Correspondent Julie Pace.",
    '"We will not give up on the farmers of this valley."\n\n'
    "– An immigrant himself –.\n\nHe moved here in 1990.",
    # issue 15 families: sentence-initial adverbs, prepositions and determiners are not names
    "Beyond gas, the pipeline deal underscores a shift in regional power.",
    "Aside from fishing, the town relies on tourism, adding jobs every summer.",
    "Such partnerships are expected to grow over the next decade.",
    "Simply remarking on the weather, the crowd drifted away.",
    # inanimate subjects of verbs that also describe a state
    "This remarkable growth underscores the strength of the new corridor.",
    "The receipt shows the number 2 next to the word Guests.",
    # imperatives, consent, negation, participles after a noun, credit lines
    "Note the change: the word independent is gone from the new text.",
    "You also agree to this site's Privacy Policy and Terms of Use.",
    "I am not questioning that the harbour needs repairs.",
    "Two more residents accusing the council of neglect spoke at the meeting.",
    "Article posted with permission from the Harlow Ledger.",
    "Time limits on the permits continue to make sense for the town.",
]


@pytest.mark.parametrize("text,outlet,expected", CASES)
def test_attribution_table(dim, text, outlet, expected):
    result = attributions(dim, text, outlet)
    got = [
        (a["cue"]["text"], a["cue"]["class"], a["source"]["text"], a["source"]["name"],
         a["source"]["type"], a["source"]["named"], a["source"]["vague"])
        for a in result.record["attributions"]
    ]
    assert got == expected


@pytest.mark.parametrize("text", MUST_NOT_FIND)
def test_must_not_find(dim, text):
    result = attributions(dim, text)
    assert result.record["attributions"] == []
    assert [e for e in result.evidence if e.dimension == "attribution"] == []


def test_role_and_affiliation_from_apposition(dim):
    text = ("Trade will grow, Ju Lan, associate research fellow in the Academy of Steppe "
            "Studies, told Silk Road Global Television (SRGTV) in an interview.")
    (a,) = attributions(dim, text, "Silk Road Global Television (SRGTV)").record["attributions"]
    assert a["source"]["name"] == "Ju Lan"
    assert a["source"]["role"] == "associate research fellow"
    assert a["source"]["affiliation"] == "Academy of Steppe Studies"
    assert a["source"]["type"] == "expert"
    assert a["self_citation"] is True
    assert a["content"]["text"] == "Trade will grow"


def test_self_citation_needs_the_outlet(dim):
    text = "Mira Tash told SRGTV that prices had fallen."
    assert attributions(dim, text, "SRGTV").record["attributions"][0]["self_citation"]
    assert not attributions(dim, text, "Other Paper").record["attributions"][0]["self_citation"]


def test_split_quote_has_two_content_parts(dim):
    text = '"The port is ready," Aliya Nur said, "and the trains are full every day."'
    result = attributions(dim, text)
    (a,) = result.record["attributions"]
    assert a["direct"] is True
    assert [p["text"] for p in a["content"]["parts"]] == [
        '"The port is ready,"', '"and the trains are full every day."'
    ]
    contents = [e for e in result.evidence if e.extra.get("role") == "content"]
    assert len(contents) == 2


def test_pronoun_and_surname_resolve_to_nearest_named_person(dim):
    text = ("Karim Osmon, a trader in Kashgar, said the border was busy. "
            "He predicted that prices would fall. Osmon added that he was hopeful.")
    records = attributions(dim, text).record["attributions"]
    assert [r["source"]["text"] for r in records] == ["Karim Osmon", "He", "Osmon"]
    assert all(r["source"]["name"] == "Karim Osmon" for r in records)
    assert records[1]["source"]["resolved_from"]["text"] == "Karim Osmon"


def test_relative_pronoun_keeps_its_span_and_names_the_antecedent(dim):
    text = "The rally ended with Aru Tole, who said the crowd had been peaceful."
    (a,) = attributions(dim, text).record["attributions"]
    assert a["source"]["text"] == "who"
    assert a["source"]["name"] == "Aru Tole"
    assert a["source"]["resolved_from"]["text"] == "Aru Tole"


def test_signed_quotation_and_colon_line(dim):
    text = ("Ana Ruiz: The border must stay open for traders.\n"
            "Ana Ruiz said the border must stay open.\n"
            "“He never listens to farmers like us.” ― Tomas Vega")
    records = attributions(dim, text).record["attributions"]
    got = [(a["cue"]["text"], a["source"]["text"]) for a in records]
    assert got == [(":", "Ana Ruiz"), ("said", "Ana Ruiz"), ("―", "Tomas Vega")]
    assert records[2]["direct"] is True


# (text, expected attributions as (cue, source, content, direct)): transcript speaker labels
# and dash signatures, marked as PolNeAR's annotators mark them (the colon or the dash is
# the cue, the label or the name the source)
LINE_CASES = [
    ('Partial transcript as follows:\n\n"WALLACE: Let\'s start with the news on the debate.'
     '\n\n"PENCE: Well, look, this is serious business for everyone.'
     '\n\n"WALLACE: Will she be there tomorrow night?',
     [(":", "WALLACE", "Let's start with the news on the debate.", True),
      (":", "PENCE", "Well, look, this is serious business for everyone.", True),
      (":", "WALLACE", "Will she be there tomorrow night?", True)]),
    ("JAKE TAPPER: Donald Trump released a video on Friday.\n\n"
     "FALLIN: Well, I think the whole nation needs to work together.",
     [(":", "JAKE TAPPER", "Donald Trump released a video on Friday.", True),
      (":", "FALLIN", "Well, I think the whole nation needs to work together.", True)]),
    # one label in capitals counts when the text names that person elsewhere
    ("Senator Lindsey Graham spoke on Sunday.\n\nSEN. GRAHAM: We will not accept this deal.",
     [(":", "SEN. GRAHAM", "We will not accept this deal.", True)]),
    # a headline label counts when the story names that person again
    ("Kasich: We Are Going All The Way To Cleveland.\n\n"
     "Ohio Gov. John Kasich won his home state on Tuesday.",
     [(":", "Kasich", "We Are Going All The Way To Cleveland.", False)]),
    # a reversed opening mark no longer hides the quotation from its signature
    ("Getty.\n\n”Fear. I am truly afraid that he will win.” ― Edwin G. Monroy",
     [("―", "Edwin G. Monroy", "”Fear. I am truly afraid that he will win.”", True)]),
    # the dash opens the line after a paragraph that is one quotation
    ('Intro.\n\n"Americans are worried about the future of their kids."\n\n'
     "- Bernie Sanders.\n\nThe senator is wrong.",
     [("-", "Bernie Sanders", '"Americans are worried about the future of their kids."',
       True)]),
]


@pytest.mark.parametrize("text,expected", LINE_CASES)
def test_speaker_labels_and_signatures(dim, text, expected):
    records = attributions(dim, text).record["attributions"]
    got = [(a["cue"]["text"], a["source"]["text"], a["content"]["text"], a["direct"])
           for a in records]
    assert got == expected
    assert all(a["found_by"] == "rules" for a in records)


def test_unresolved_pronoun_stays_unresolved(dim):
    (a,) = attributions(dim, "She said the talks had failed.").record["attributions"]
    assert a["source"]["resolved_from"] is None
    assert a["source"]["named"] is False and a["source"]["type"] == "unknown"


def test_document_as_source(dim):
    (a,) = attributions(
        dim, "The Tashkent Declaration states that both sides respect each other."
    ).record["attributions"]
    assert a["source"]["kind"] == "document"


def test_unclosed_quote_does_not_crash(dim):
    text = 'Bolat Kenes said: "The railway will change everything\n\nNobody knows when.'
    result = attributions(dim, text)
    for e in result.evidence:
        assert e.text == text[e.start:e.end]


def test_unsourced_claims_need_promotional_and_no_attribution():
    text = ("The summit was a historic triumph of win-win cooperation. "
            "Officials said the talks were a historic success.")
    record = Scorer(dimensions=["promotional", "attribution"]).score(
        fr.Article(id="x", text=text, source="test")
    )
    claims = [e for e in record["evidence"] if e["category"] == "unsourced_claim"]
    assert [c["text"] for c in claims] == [
        "The summit was a historic triumph of win-win cooperation."
    ]
    assert record["metrics"]["attribution_unsourced_share"] == 0.5


# --------------------------------------------------------------------------------------------
# The sample corpus: offsets, record fields, metrics from evidence


@pytest.fixture(scope="module")
def sample():
    corpus = fr.load_sample()
    scorer = Scorer(dimensions=["promotional", "attribution"])
    return [scorer.score(a) for a in corpus]


def test_offsets_always_slice_the_text(sample):
    for record in sample:
        for e in record["evidence"]:
            assert e["text"] == record["text"][e["start"]:e["end"]]
        for a in record["attributions"]:
            for part in ("source", "cue", "content"):
                span = a[part]
                assert span["text"] == record["text"][span["start"]:span["end"]]


def test_evidence_rows_link_to_records(sample):
    for record in sample:
        rows = [e for e in record["evidence"] if e["dimension"] == "attribution"
                and e["extra"].get("role") in {"cue", "source", "content"}]
        ids = {e["extra"]["attribution"] for e in rows}
        assert ids == {a["id"] for a in record["attributions"]}
        for e in rows:
            if e["extra"]["role"] == "cue":
                assert e["category"] in {"neutral", "emphatic", "endorsing", "distancing"}
            if e["extra"]["role"] == "source":
                assert e["category"] == "source"
                assert {"source_type", "named", "vague", "name", "affiliation",
                        "self_citation"} <= set(e["extra"])


def test_metrics_recompute_from_evidence(sample):
    for record in sample:
        ev = record["evidence"]
        cues = [e for e in ev if e["extra"].get("role") == "cue"]
        sources = [e for e in ev if e["extra"].get("role") == "source"]
        claims = [e for e in ev if e["category"] == "unsourced_claim"]
        evaluative = {e["sentence"] for e in ev
                      if e["dimension"] == "promotional" and e["voice"] == "author"}
        m = record["metrics"]
        n = len(cues)
        assert m["attribution_count"] == n
        if n:
            assert m["attribution_vague_share"] == round(
                sum(e["extra"]["vague"] for e in sources) / n, 4)
            assert m["attribution_endorsing_share"] == round(
                sum(e["category"] == "endorsing" for e in cues) / n, 4)
        assert m["attribution_self_citations"] == sum(
            e["extra"]["self_citation"] for e in sources)
        assert m["attribution_unsourced_share"] == (
            round(len(claims) / len(evaluative), 4) if evaluative else None)


def test_sample_state_broadcaster_cites_itself(sample):
    record = next(r for r in sample if r["id"] == "sample-02")
    selfs = [a for a in record["attributions"] if a["self_citation"]]
    assert len(selfs) >= 3
    vague = [a for a in record["attributions"] if a["source"]["vague"]]
    assert sum(a["source"]["text"] == "Experts" for a in vague) >= 2


# --------------------------------------------------------------------------------------------
# The real seeds (skipped without ../shared)


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    root = seeds_dir
    corpus = fr.load_corpus(str(root), manifest=str(root / "manifest.csv"))
    scorer = Scorer(dimensions=["promotional", "attribution"])
    return {a.meta.get("outlet") or a.id: scorer.score(a) for a in corpus}


def test_seed_cgtn_feature(seeds):
    record = seeds["CGTN"]
    atts = record["attributions"]
    names = {a["source"]["name"] for a in atts}
    assert {"Ju Hao", "Kassym-Jomart Tokayev"} <= names
    ju = next(a for a in atts if a["source"]["name"] == "Ju Hao")
    assert ju["source"]["affiliation"] == "Chinese Academy of Social Sciences"
    assert ju["self_citation"]
    experts = [a for a in atts if a["source"]["text"] == "Experts"]
    assert len(experts) == 2 and all(a["source"]["vague"] for a in experts)
    sarybay = [a for a in atts if a["source"]["name"] == "Kairat Sarybay"]
    assert sarybay[0]["source"]["role"] == "executive director"
    assert "(CICA)" in sarybay[0]["source"]["affiliation"]
    assert sarybay[0]["self_citation"]
    assert any(a["source"]["text"] == "Sarybay" for a in sarybay)  # surname resolved
    tokayev = [a for a in atts if a["source"]["name"] == "Kassym-Jomart Tokayev"]
    assert any(a["self_citation"] and "concerns are unnecessary" in a["content"]["text"]
               for a in tokayev)
    assert tokayev[0]["source"]["type"] == "official"


def test_seed_summit_piece_praising_voices(seeds):
    atts = seeds["unknown news site"]["attributions"]
    endorsing = {(a["source"]["name"] or a["source"]["text"], a["cue"]["text"])
                 for a in atts if a["cue"]["class"] == "endorsing"}
    assert {("International observers", "lauded"), ("Mahmoud Hassan Khan", "praised"),
            ("mutaki", "commended")} <= endorsing
    named = {a["source"]["name"] for a in atts if a["source"]["named"]}
    assert len(named) >= 8


@pytest.mark.parametrize("outlet", ["China.org.cn", "Nabka News"])
def test_seed_opinion_columns_mostly_unsourced(seeds, outlet):
    m = seeds[outlet]["metrics"]
    assert m["attribution_unsourced_share"] >= 0.6


# --------------------------------------------------------------------------------------------
# PolNeAR


def test_polnear_scores_exact_and_overlap():
    text = "Ann Lee said the plan works."
    spans = [
        {"id": "T1", "type": "Source", "parts": [(0, 7)], "text": "Ann Lee"},
        {"id": "T2", "type": "Cue", "parts": [(8, 12)], "text": "said"},
        {"id": "T3", "type": "Content", "parts": [(13, 27)], "text": "the plan works"},
    ]
    relations = [{"source": "T1", "cue": "T2", "content": "T3"}]
    predicted = [{"source": [(4, 7)], "cue": [(8, 12)], "content": [(13, 28)]}]
    m = polnear_scores([(text, spans, relations, predicted)])
    assert m["cue_exact_f1"] == 1.0
    assert m["content_exact_f1"] == 1.0  # the final full stop is trimmed
    assert m["source_exact_f1"] == 0.0 and m["source_overlap_f1"] == 1.0
    assert m["relation_f1"] == 1.0


def test_load_polnear_reads_brat(tmp_path):
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    text = "Ann Lee said the plan works.\nIt will, she added."
    (split / "text" / "doc.txt").write_text(text, encoding="utf-8")
    (split / "attributions" / "doc_ab12.ann").write_text(
        "T1\tSource 0 7\tAnn Lee\nT2\tCue 8 12\tsaid\n"
        "T3\tContent 13 27;29 36\tthe plan works\nIt will\n"
        "T4\tAttribution 8 12\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
        encoding="utf-8",
    )
    frame = load_polnear(tmp_path)
    (row,) = frame.to_dict("records")
    assert (row["name"], row["annotator"], row["split"]) == ("doc", "ab12", "dev")
    assert [s["type"] for s in row["spans"]] == ["Source", "Cue", "Content"]
    assert row["spans"][2]["parts"] == [(13, 27), (29, 36)]
    assert row["relations"] == [{"source": "T1", "cue": "T2", "content": "T3"}]


def test_polnear_per_text_counts_each_text_once(tmp_path):
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    ann = ("T1\tSource 0 7\tAnn Lee\nT2\tCue 8 12\tsaid\nT3\tContent 13 27\tthe plan works\n"
           "T4\tAttribution 8 12\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n")
    # a second annotator of the same text also marks "works" as a cue with no source
    extra = ("T5\tCue 22 27\tworks\nT6\tContent 13 21\tthe plan\n"
             "T7\tAttribution 22 27\tworks\nE2\tAttribution:T7 Content:T6 Cue:T5\n")
    (split / "text" / "one.txt").write_text("Ann Lee said the plan works.", encoding="utf-8")
    (split / "text" / "two.txt").write_text("Bo Park said the road is open.", encoding="utf-8")
    (split / "attributions" / "one_aa.ann").write_text(ann, encoding="utf-8")
    (split / "attributions" / "one_bb.ann").write_text(ann + extra, encoding="utf-8")
    (split / "attributions" / "two_aa.ann").write_text(
        "T1\tSource 0 7\tBo Park\nT2\tCue 8 12\tsaid\nT3\tContent 13 29\tthe road is open\n"
        "T4\tAttribution 8 12\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
        encoding="utf-8")
    result = evaluate("polnear", tmp_path)
    m = result["metrics"]
    assert result["n"] == 3 and m["documents"] == 2
    # every annotation file counts in the main scores: "one" twice, with the extra cue once
    assert m["gold_relations"] == 4 and m["predicted_relations"] == 3
    assert m["cue_overlap_recall"] == 0.75
    # per_text: each text once, through its first annotation file by name (one_aa, two_aa)
    per = m["per_text"]
    assert per["gold_relations"] == 2 and per["predicted_relations"] == 2
    assert per["cue_overlap_recall"] == 1.0 and per["relation_f1"] == 1.0
    assert set(per) == set(m) - {"split", "documents", "per_text"}


def test_polnear_bad_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        load_polnear(tmp_path)


#: Measured on PolNeAR dev (overlap F1 and precision); floors are only ever raised, except
#: once (issue 15): the learned tagger no longer adds attributions (a reader found 5 in 18 of
#: them right) and rule cues pass stricter checks, which raised precision (cue 0.84 -> 0.91,
#: relation 0.74 -> 0.87) and lowered recall (cue F1 0.768 -> 0.704, source 0.781 -> 0.733).
#: And once more in issue 15's second round: the object of an act-like verb ("admitted the
#: relationship", "tweeted a photo") is no longer content, which PolNeAR's annotators count
#: (cue F1 0.704 -> 0.698, source 0.733 -> 0.727, content 0.740 -> 0.736, per text 0.698 ->
#: 0.694 and 0.726 -> 0.723; see docs/quality.md for the precision by reading it bought).
#: And in the third round: a verb of stance with only an object ("denied the allegations",
#: "defended the process") and a topic ("spoke about X", "reported on X") are no longer
#: attributions, and "would like to" is a wish (cue F1 0.698 -> 0.690, source 0.727 -> 0.7203,
#: content 0.736 -> 0.729, relation 0.671 -> 0.663; per text cue 0.694 -> 0.687, source 0.723
#: -> 0.716).
#: And in the fifth round (attribution-rules@1.4.0): nouns after their modifiers, gapped
#: objects ("which advocates say disadvantages …"), the writer's own "I believe", contents of
#: two words and adverbials are no longer attributions (cue F1 0.690 -> 0.684, source 0.721 ->
#: 0.715, content 0.729 -> 0.720, relation 0.664 -> 0.664, relation precision 0.875 -> 0.893;
#: per text cue 0.687 -> 0.680, source 0.717 -> 0.710).
POLNEAR_FLOORS = {"cue_overlap_f1": 0.68, "source_overlap_f1": 0.71,
                  "content_overlap_f1": 0.715, "relation_f1": 0.66,
                  "cue_overlap_precision": 0.91, "source_overlap_precision": 0.90,
                  "relation_precision": 0.88}
#: The same with each text counted once (its first annotation file), measured on dev.
POLNEAR_PER_TEXT_FLOORS = {"cue_overlap_f1": 0.675, "source_overlap_f1": 0.705,
                           "relation_f1": 0.655}


def test_polnear_dev_floors(eval_dir):
    path = eval_dir / "polnear"
    if not path.exists():
        pytest.skip("no PolNeAR here")
    m = evaluate("polnear", path)["metrics"]
    assert m["split"] == "dev"
    for key, floor in POLNEAR_FLOORS.items():
        assert m[key] >= floor, key
    for key, floor in POLNEAR_PER_TEXT_FLOORS.items():
        assert m["per_text"][key] >= floor, f"per_text {key}"


def test_quotation_of_an_earlier_paragraph_is_not_content(dim):
    text = ('"The bridge is safe," the engineer said.\n\n'
            "Mayor Odile Fenwick told the council that repairs were finished in May.")
    records = attributions(dim, text).record["attributions"]
    told = next(a for a in records if a["cue"]["text"] == "told")
    assert told["content"]["text"] == "repairs were finished in May"


def test_told_does_not_take_the_quotation_of_a_later_clause(dim):
    text = ('"Prices could rise again," Director Amaru Quispe told reporters in Lima, '
            'insisting that "the harvest is late."')
    told = next(a for a in attributions(dim, text).record["attributions"]
                if a["cue"]["text"] == "told")
    assert told["content"]["text"] == '"Prices could rise again,"'


def test_reason_of_a_plural_source_is_experts_words(dim):
    result = attributions(dim, "Experts say the new railway will change the region.")
    (cue,) = [e for e in result.evidence if e.extra.get("role") == "cue"]
    assert "Experts' words" in cue.reason and "Experts's" not in cue.reason


def test_shares_without_attributions_are_none_not_zero(dim):
    metrics = attributions(dim, "The harbour opened in May. It has two berths.").metrics
    assert metrics["attribution_count"] == 0.0
    assert metrics["attribution_direct_share"] is None
    assert metrics["attribution_vague_share"] is None
    assert metrics["attribution_type_official_share"] is None
    assert metrics["attribution_unsourced_share"] is None
    some = attributions(dim, "Experts say the new railway will change the region.").metrics
    assert some["attribution_direct_share"] == 0.0 and some["attribution_vague_share"] == 1.0


def test_one_megabyte_article_is_scored():
    """Issue 22: the attribution rules were quadratic (1 MB took 168 s). The time is measured
    by benchmarks/bench_long_article.py, not here; this checks that a long article with many
    attributions, pronouns and labels is scored whole and resolves as a short one does."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    try:
        from bench_long_article import long_article
    finally:
        sys.path.pop(0)
    text = long_article(1_000_000)
    assert len(text) >= 1_000_000
    result = Scorer(["attribution"]).score(fr.Article(id="long", text=text, source="long"))
    records = result["attributions"]
    assert len(records) > 10_000
    shes = [a for a in records if a["source"]["text"] == "She"]
    assert shes and all(a["source"]["name"] == "Mayor Odile Fenwick" or
                        a["source"]["name"] == "Odile Fenwick" for a in shes)


def test_relative_clause_content_ends_before_the_main_clause(dim):
    text = ("Odile Fenwick, a harbour pilot who says she saw the barge sink in March, was "
            "questioned on Friday.")
    (a,) = attributions(dim, text).record["attributions"]
    assert a["cue"]["text"] == "says"
    assert a["content"]["text"] == "she saw the barge sink in March"


@pytest.mark.parametrize("text", [
    "What did the harbour report tell the council about the silt?",
    "The town's appeal filed Tuesday says the berth breaks the planning rules.",
])
def test_questions_and_days_are_not_attributions(dim, text):
    records = attributions(dim, text).record["attributions"]
    assert [a for a in records if a["source"]["text"] in {"Tuesday", "the harbour report"}] == []


def test_a_lone_dash_ends_the_content_on_the_far_side_from_the_cue(dim):
    text = ("The inspectors disagreed — the bridge was unsafe, according to a report by the "
            "Dunmore council. Odile Fenwick said the repairs would take a year — a claim the "
            "council disputes. Amaru Quispe said the plan — a bold one — would fail.")
    contents = {a["source"]["text"]: a["content"]["text"]
                for a in attributions(dim, text).record["attributions"] if a["source"]}
    assert contents["a report by the Dunmore council"] == "the bridge was unsafe"
    assert contents["Odile Fenwick"] == "the repairs would take a year"
    assert contents["Amaru Quispe"] == "the plan — a bold one — would fail"
