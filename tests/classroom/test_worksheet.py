"""Worksheets: every sample article gets a worksheet and key; tasks point without answering;
explanations come from the evidence (and the sample key's notes); hostile text is escaped;
a focus whose dimension is missing is skipped with one line."""

import json
import re

import pytest
from markupsafe import escape

import framing as fr
from framing import dimensions as catalogue
from framing.classroom.worksheet import (
    FOCUSES,
    build_worksheet,
    key_items,
    make_worksheet,
    numbered_paragraphs,
)
from framing.cli import main
from framing.scoring import Scorer


@pytest.fixture(scope="module")
def sample():
    corpus = fr.load_sample()
    scorer = Scorer(["promotional", "hedging"])
    return {a.id: scorer.score(a) for a in corpus}


@pytest.fixture
def all_focuses(monkeypatch):
    """Pretend every focus dimension is registered (their output is synthetic in these tests)."""
    monkeypatch.setattr(catalogue, "available", lambda: list(FOCUSES))


def _synthetic_record():
    """A record following the attribution and criticism contracts, on a fictional story."""
    text = ("Officials hailed the new rail deal as a golden era for the region.\n\n"
            "Analyst Dana Orlova of the Steppe Institute said the loans may saddle the country "
            "with debt it cannot repay.\n\n"
            "Such concerns are unnecessary, deputy minister Bo Linnik told reporters.")
    record = Scorer(["promotional", "hedging"]).score(
        fr.Article("syn-1", text, "synthetic", {"title": "Rail deal signed",
                                                "outlet": "Example Courier"}))

    def span(words, sentence):
        start = text.index(words)
        return {"start": start, "end": start + len(words), "text": words, "sentence": sentence,
                "voice": "author", "weight": 1.0, "entry": "", "lexicon": "test@0"}

    ev = [
        {**span("hailed", 0), "dimension": "attribution", "category": "endorsing",
         "reason": "endorsing: the verb shows the writer agrees",
         "extra": {"attribution": 0, "role": "cue"}},
        {**span("Officials", 0), "dimension": "attribution", "category": "source",
         "reason": "source: unnamed officials",
         "extra": {"attribution": 0, "role": "source", "source_type": "official",
                   "named": False, "vague": True}},
        {**span("said", 1), "dimension": "attribution", "category": "neutral",
         "reason": "neutral: a plain reporting verb", "extra": {"attribution": 1, "role": "cue"}},
        {**span("Analyst Dana Orlova", 1), "dimension": "attribution", "category": "source",
         "reason": "source: a named expert",
         "extra": {"attribution": 1, "role": "source", "source_type": "expert", "named": True,
                   "vague": False}},
        {**span("the loans may saddle the country with debt", 1), "dimension": "attribution",
         "category": "content", "reason": "what is said",
         "extra": {"attribution": 1, "role": "content"}},
        {**span("saddle the country with debt it cannot repay", 1), "dimension": "criticism",
         "category": "debt_financing", "reason": "a concern about debt",
         "extra": {"status": "dismissed", "aspect": "debt_financing", "role": "raise"}},
        {**span("Such concerns are unnecessary", 2), "dimension": "criticism",
         "category": "debt_financing", "reason": "the concern is waved away",
         "extra": {"status": "dismissed", "aspect": "debt_financing", "role": "rebuttal"}},
    ]
    record["evidence"] = sorted(record["evidence"] + ev, key=lambda e: (e["start"], e["end"]))
    record["versions"]["dimensions"] = list(FOCUSES)
    record["attributions"] = [
        {"id": 0, "direct": False, "cue": {"start": 10, "end": 16, "text": "hailed",
                                           "class": "endorsing"},
         "source": {"text": "Officials", "vague": True, "type": "official"}},
        {"id": 1, "direct": False, "cue": {**{k: span("said", 1)[k] for k in ("start", "end")},
                                           "text": "said", "class": "neutral"},
         "source": {"text": "Analyst Dana Orlova", "vague": False, "type": "expert"}},
    ]
    record["aspects"] = [
        {"aspect": "debt_financing", "label": "Debt and financing terms", "status": "dismissed",
         "voiced_by": "Dana Orlova", "dismissed_by": "Bo Linnik", "sentences": []},
        {"aspect": "environment", "label": "Environmental harm", "status": "absent",
         "voiced_by": None, "dismissed_by": None, "sentences": []},
    ]
    return record


def test_every_sample_article_gets_worksheet_and_key(sample, tmp_path):
    for article_id, record in sample.items():
        ws = build_worksheet([record])
        out = tmp_path / article_id
        written = ws.write(out)
        assert sorted(p.name for p in written) == [
            "answer_key.html", "answers_template.csv", "key.json", "worksheet.html"]
        key = json.loads((out / "key.json").read_text("utf-8"))
        assert key["items"], article_id
        assert (out / "answers_template.csv").read_text() == "student,sentence,category,phrase\n"
        sentences = record["sentences"]
        for item in key["items"]:
            # the phrase is the text at its offsets, inside the numbered sentence
            assert record["text"][item["start"]:item["end"]] == item["phrase"]
            s = sentences[item["sentence"] - 1]
            assert s["start"] <= item["start"] < s["end"] + 1
            assert item["explanation"]
        assert "@page" in ws.worksheet_html and str(escape(record["title"])) in ws.worksheet_html


def test_sentence_numbers_match_the_printed_text(sample):
    record = sample["sample-06"]
    paras = numbered_paragraphs(record["text"])
    printed = [s for p in paras for s in p["sentences"]]
    assert [s["number"] for s in printed] == list(range(1, len(record["sentences"]) + 1))
    assert [(s["start"], s["end"]) for s in printed] == [
        (s["start"], s["end"]) for s in record["sentences"]]
    assert '<span class="snum">1</span>' in build_worksheet([record]).worksheet_html


def test_tasks_point_at_sentences_without_giving_the_words(sample):
    record = sample["sample-01"]
    ws = build_worksheet([record], focus="promotional,hedging")
    tasks = ws.worksheet_html.split("<h2>Tasks", 1)[1]
    promo = [i for i in ws.items if i["task"] == "promotional" and i["part"] == "core"]
    assert len(promo) == 5  # the handout asks for a few; the others are an extension
    multiword = {i["phrase"] for i in ws.items if len(i["phrase"].split()) > 1}
    assert multiword and not any(p in tasks for p in multiword)
    sentences = sorted({i["sentence"] for i in promo})
    assert f"hold {len(promo)} promotional phrases" in tasks
    assert f"sentences {sentences[0]}" in tasks or f"sentences {sentences[0]}–" in tasks
    more = sum(i["task"] == "promotional" and i["part"] == "extension" for i in ws.items)
    assert f"Extension, if you finish early: {more} more promotional phrases in" in tasks
    advanced = build_worksheet([record], focus="promotional", level="advanced")
    adv_tasks = advanced.worksheet_html.split("<h2>Tasks", 1)[1]
    assert "appears in paragraph" in adv_tasks and "Read sentences" not in adv_tasks


def test_answer_key_uses_sample_notes_and_highlights(sample):
    ws = build_worksheet([sample["sample-01"]], focus="promotional")
    note = "A grand, warm-sounding label for the future"
    golden = [i for i in ws.items if i["phrase"] == "golden era"]
    assert golden and note in golden[0]["explanation"]
    assert note in ws.answer_key_html
    assert 'class="hl hl-promotional' in ws.answer_key_html
    assert "Discussion prompts" in ws.answer_key_html


def test_missing_dimension_is_skipped_with_one_line(sample, monkeypatch):
    ws = build_worksheet([sample["sample-02"]])  # scored without attribution and criticism
    assert set(ws.skipped) == {"attribution", "criticism"}
    assert all("\n" not in m and "not available" in m for m in ws.skipped.values())
    assert ws.key["focus"] == ["promotional", "hedging"]
    assert "skipping the attribution tasks" in ws.worksheet_html
    monkeypatch.setattr(catalogue, "available", lambda: ["promotional"])
    assert set(build_worksheet([sample["sample-02"]]).skipped) == {
        "hedging", "attribution", "criticism"}


def test_synthetic_attribution_and_criticism_tasks(all_focuses):
    record = _synthetic_record()
    ws = build_worksheet([record])
    items = {(i["task"], i["category"], i["phrase"]) for i in ws.items}
    assert ("attribution", "endorsing", "hailed") in items
    assert ("attribution", "official", "Officials") in items
    assert ("attribution", "expert", "Analyst Dana Orlova") in items
    assert ("attribution", "neutral", "said") in items
    assert not any(i["category"] == "content" for i in ws.items)
    assert ("criticism", "debt_financing", "saddle the country with debt it cannot repay") in items
    assert ("criticism", "dismissal", "Such concerns are unnecessary") in items
    tasks = ws.worksheet_html.split("<h2>Tasks", 1)[1]
    assert "Bo Linnik" not in tasks  # who dismisses is the question, not the hint
    assert "Environmental harm" in tasks  # intro hint lists candidate perspectives
    assert "dismissed by: Bo Linnik" in ws.answer_key_html
    assert "leaves out: Environmental harm" in ws.answer_key_html
    dismissal = next(i for i in ws.items if i["category"] == "dismissal")
    assert dismissal["sentence"] == 3
    assert "wave a concern away" in dismissal["explanation"]


def test_hostile_text_is_escaped(tmp_path):
    text = 'The <script>alert("x")</script> deal is a <img src=x onerror=alert(1)> golden era.'
    article = fr.Article("evil", text, "test", {"title": "<b onmouseover=alert(1)>Hi</b>",
                                                 "outlet": "<script>bad()</script>"})
    ws = make_worksheet(article, focus="promotional")
    for html in (ws.worksheet_html, ws.answer_key_html):
        assert "<script>" not in html and "<img" not in html and "<b onmouseover" not in html
        assert "&lt;script&gt;" in html


def test_compare_numbers_sentences_on(sample):
    a, b = sample["sample-01"], sample["sample-06"]
    ws = build_worksheet([a, b], focus="promotional,hedging")
    first, second = ws.key["articles"]
    assert first["sentences"] == [1, len(a["sentences"])]
    assert second["sentences"] == [len(a["sentences"]) + 1,
                                   len(a["sentences"]) + len(b["sentences"])]
    assert {i["article"] for i in ws.items} == {"A", "B"}
    assert all(i["sentence"] > first["sentences"][1] for i in ws.items if i["article"] == "B")
    assert "Compare the two" in ws.worksheet_html and "Answer:" in ws.answer_key_html
    assert key_items(b, ["promotional"], first_sentence=1)[0]["sentence"] + len(
        a["sentences"]) == min(i["sentence"] for i in ws.items
                               if i["article"] == "B" and i["task"] == "promotional")


def test_cli_worksheet(tmp_path, capsys):
    out = tmp_path / "ws"
    assert main(["worksheet", "sample-08", "--focus", "promotional", "-o", str(out)]) == 0
    key = json.loads((out / "key.json").read_text("utf-8"))
    assert key["focus"] == ["promotional"] and key["articles"][0]["id"] == "sample-08"
    bad = tmp_path / "bad"
    assert main(["worksheet", "no-such-article", "-o", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "no-such-article" in err and len(err.strip().splitlines()) == 1
    assert not bad.exists()
    assert main(["worksheet", "sample-01", "--compare", "sample-01", "sample-02",
                 "-o", str(bad)]) == 1
    assert main(["worksheet", "sample-01", "--focus", "spin", "-o", str(bad)]) == 1
    assert "Available names" in capsys.readouterr().err
    # a teacher's own lexicon reaches the key
    own = tmp_path / "own.tsv"
    own.write_text("# framing lexicon\n# name: class-words\n# version: 0.1.0\n"
                   "# dimension: promotional\n# category: hyperbole = an exaggeration\n"
                   "pattern\tcategory\tweight\tnote\tsource\n"
                   "treaty\thyperbole\t1.0\tour class calls this an exaggeration\tclass\n",
                   "utf-8")
    out2 = tmp_path / "own"
    assert main(["worksheet", "sample-06", "--focus", "promotional", "--lexicon", str(own),
                 "-o", str(out2)]) == 0
    items = json.loads((out2 / "key.json").read_text("utf-8"))["items"]
    assert any(i["phrase"].lower() == "treaty" and "our class" in i["explanation"].lower()
               for i in items)


def test_worksheet_for_a_seed(seeds_dir, tmp_path):
    seed = sorted(seeds_dir.glob("*.txt"))[1]
    out = tmp_path / "seed"
    code = main(["worksheet", str(seed), "--manifest", str(seeds_dir / "manifest.csv"),
                 "--level", "advanced", "-o", str(out)])
    assert code == 0
    html = (out / "worksheet.html").read_text("utf-8")
    assert re.search(r'<span class="snum">\d+</span>', html)
    assert json.loads((out / "key.json").read_text("utf-8"))["level"] == "advanced"


# ------------------------------------------------------------------------------------------
# the bundled lesson's key, reviewed against the text (issue 18)

#: The reviewed sample key's source types, as the worksheet names them.
_KEY_TYPES = {"government": "official"}


@pytest.fixture(scope="module")
def full():
    from framing.classroom.worksheet import score_articles

    corpus = fr.load_sample()
    return {r["id"]: r for r in score_articles(corpus)}


def _reviewed(article_id):
    from framing.classroom.items import _sample_key

    return [k for k in _sample_key() if k["article"] == article_id]


def test_key_agrees_with_the_categories_the_worksheet_offers(full):
    """Every key item's category is offered by its task, and every kind the reviewed key
    finds in the text (cue classes, source kinds, concerns, dismissals) has key items."""
    for article_id, record in full.items():
        ws = build_worksheet([record])
        offered = ws.key["tasks"]
        for item in ws.items:
            assert item["category"] in offered[item["task"]], (article_id, item)
        got = {(i["task"], i["category"]) for i in ws.items}
        for k in _reviewed(article_id):
            attrs = k.get("attrs") or {}
            if k["dimension"] == "attribution":
                want = {("attribution", k["category"])}
                kind = _KEY_TYPES.get(attrs.get("source_type"), attrs.get("source_type"))
                if kind in offered["attribution"]:
                    want.add(("attribution", kind))
            elif k["dimension"] == "criticism":
                want = {("criticism", k["category"])}
                if attrs.get("rebuttal"):
                    want.add(("criticism", "dismissal"))
            else:
                want = {(k["dimension"], k["category"])}
            assert want <= got, (article_id, k["text"], want - got)


@pytest.mark.parametrize("article_id, words, task, category", [
    # an industry spokesman answering the environmental complaint waves it away
    ("sample-06", '"Every project has passed an environmental review," he said.', "criticism",
     "dismissal"),
    ("sample-06", "Chinese officials have repeatedly rejected the idea that Beijing sets",
     "criticism", "dismissal"),
    ("sample-06", "Beijing has said the facilities in Xinjiang", "criticism", "dismissal"),
    ("sample-06", "Environmental campaigners say mining", "criticism", "environment"),
    ("sample-02", "Such concerns are unnecessary", "criticism", "dismissal"),
    # the founder of an environmental group is civil society, not business
    ("sample-06", "Aizada Temirova", "attribution", "civil_society"),
    ("sample-06", "Temirova", "attribution", "civil_society"),
    ("sample-06", "Bolot Sydykov", "attribution", "business"),
    ("sample-06", "Rustam Aliyev", "attribution", "expert"),
    ("sample-01", "unleash enormous potential", "promotional", "pr_language"),
    ("sample-01", "historic milestone", "promotional", "hyperbole"),
    ("sample-01", "golden artery of friendship", "promotional", "metaphor"),
])
def test_reviewed_items(full, article_id, words, task, category):
    ws = build_worksheet([full[article_id]])
    hits = [i for i in ws.items if i["task"] == task and words in i["phrase"]]
    assert hits and all(i["category"] == category for i in hits), hits


def test_what_would_teach_errors_is_not_in_the_key(full):
    ws = build_worksheet([full["sample-01"]])
    # "The summit … showed the world": a summit is not a source
    assert not [i for i in ws.items if i["task"] == "attribution" and i["sentence"] == 16]
    # "potential" in "unleash enormous potential" is sales talk, not doubt
    assert not [i for i in ws.items if i["task"] == "hedging" and i["phrase"] == "potential"]
    assert not [i for i in ws.items if i["task"] == "hedging" and i["phrase"] == "never"]
    both = build_worksheet([full["sample-01"], full["sample-06"]])
    text = " ".join(i["explanation"] for i in both.items)
    assert "s's words" not in text and "Analysts' words" in text
    assert all(i["category"] != "unknown" for i in both.items)


def test_handout_asks_for_a_few_items_and_offers_the_rest(full):
    from framing.classroom.items import CORE_ITEMS

    for record in full.values():
        ws = build_worksheet([record])
        for task, n in CORE_ITEMS.items():
            core = [i for i in ws.items if i["task"] == task and i["part"] == "core"]
            if task == "attribution":
                core = [i for i in core if i["category"] in
                        ("neutral", "emphatic", "endorsing", "distancing")]
            assert len(core) <= n, (record["id"], task)
            if any(i["task"] == task for i in ws.items):
                assert core, (record["id"], task)
        rows = ws.worksheet_html.split("Answer sheet", 1)[1].count("<tr>") - 1
        assert 2 * rows >= sum(i["part"] == "core" for i in ws.items)
        assert ws.worksheet_html.count('class="pnum"') == len(
            numbered_paragraphs(record["text"]))
    # the paragraph numbers sit in a margin the article leaves free, also in print
    assert ".article { margin-left: 2.4em; }" in ws.worksheet_html
    assert ".article { margin-right" not in ws.worksheet_html.split("@media print", 1)[1]


def test_one_very_long_article_is_refused_quickly(tmp_path, capsys):
    import time

    from framing.errors import InputError

    big = tmp_path / "long.txt"
    big.write_text("Headline\n\n" + "The minister hailed a historic day. " * 30_000, "utf-8")
    started = time.perf_counter()
    code = main(["worksheet", str(big), "-o", str(tmp_path / "ws")])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "at most 60,000" in err and str(big) in err
    assert not (tmp_path / "ws").exists()
    assert time.perf_counter() - started < 60  # a hang guard, not a speed measurement
    with pytest.raises(InputError, match="cut it to the passage"):
        build_worksheet([{"id": "x", "text": "word " * 20_000, "sentences": []}])


# --- the optional frames task -------------------------------------------------------------------

_FRAMES_TEXT = (
    "The council of Port Vessel voted to cut the harbour budget by $12 million. Taxpayers will "
    "bear the cost of the new loans, and wages at the port will fall.\n\n"
    "Police arrested three men on smuggling charges at the harbour. Prosecutors said they face "
    "long prison sentences for the crimes.\n\n"
    "Parents said the closure of the clinic means children must travel hours to see a doctor. "
    "Nurses warned that patients with illness would be put at risk.")


@pytest.fixture(scope="module")
def framed():
    return Scorer(["promotional", "frames"]).score(
        fr.Article("fr-1", _FRAMES_TEXT, "synthetic", {"title": "Harbour cuts",
                                                       "outlet": "Example Courier"}))


def test_frames_task_is_off_by_default_and_added_by_name(framed):
    from framing.classroom.worksheet import resolve_focus

    assert "frames" not in resolve_focus(None)
    assert resolve_focus("frames,promotional") == ["promotional", "frames"]
    with pytest.raises(fr.UnknownNameError, match="frames"):
        resolve_focus("framez")
    plain = build_worksheet([framed], focus="promotional")
    assert "frames" not in plain.key["tasks"] and "labels" not in plain.key
    assert "Which frame does this paragraph use?" not in plain.worksheet_html


def test_frames_task_asks_per_paragraph_and_keys_the_models_frame(framed):
    ws = build_worksheet([framed], focus="promotional,frames")
    assert list(ws.key["tasks"]["frames"])[:2] == ["economic", "capacity_and_resources"]
    assert len(ws.key["tasks"]["frames"]) == 14
    assert ws.key["labels"]["legality"] == "Legality, constitutionality and jurisprudence"
    frames = [i for i in ws.key["items"] if i["task"] == "frames"]
    # one item per paragraph, each spanning the paragraph's sentences (1-based)
    assert [i["paragraph"] for i in frames] == [[1, 2], [3, 4], [5, 6]]
    assert [i["category"] for i in frames] == ["economic", "crime_and_punishment",
                                               "health_and_safety"]
    assert all(i["paragraph"][0] <= i["sentence"] <= i["paragraph"][1] for i in frames)
    first = frames[0]
    # the answer key: the model's frame and probability, the cue words, the codebook definition
    assert first["phrase"] == "Taxpayers, cost, wages"
    assert re.search(r"Economic frame \(\d+% likely for this article\): the story as a matter "
                     r"of money", first["explanation"])
    assert "Cue words here: 'taxpayers', 'cost', 'wages'" in first["explanation"]
    assert first["accept"] == ["political"] and "also carries political" in first["explanation"]
    html = ws.worksheet_html
    assert "Which frame does this paragraph use?" in html and "Read paragraphs 1–3." in html
    # the handout lists every frame with its definition, and never gives the answer words
    assert "<code>security_and_defense</code> = Security and defense" in html
    assert "Taxpayers, cost, wages" not in html
    assert "likely for this article" in ws.answer_key_html and "(any of 1–2)" in \
        ws.answer_key_html
