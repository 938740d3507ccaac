"""Topic profiles: shipped ones load, bad files are refused with file:line, auto-choice, CLI."""

import pytest

from framing.cli import main
from framing.dimensions.criticism.profiles import (
    ProfileError,
    choose_profile,
    load_discourse,
    load_profile,
    read_profile,
    shipped_profiles,
    topic_choice,
)
from framing.errors import UnknownNameError
from framing.textunits import Document

GOOD = """\
[profile]
id = "class-topic"
version = "0.1.0"
title = "A class topic"

[topic]
cues = ["dam(s)", "river"]

[[aspect]]
id = "displacement"
label = "People moved"
description = "Villages flooded by the dam."
cues = ["resettle*", "displaced"]
weak_cues = ["villagers"]
context = ["moved"]
references = ["World Commission on Dams (2000). Dams and Development."]
"""

KEY_IDS = {
    "debt_financing", "environment", "labour_jobs", "land_protest_opinion", "human_rights",
    "corruption_transparency", "dependence_sovereignty", "security_military", "trade_imbalance",
}


def test_shipped_profiles_load_with_references():
    names = shipped_profiles()
    assert {"china-central-asia", "foreign-investment-megaprojects", "summits-diplomacy"} <= set(names)
    assert "discourse" not in names
    for name in names:
        prof = load_profile(name)
        assert prof.aspects and all(a.references and a.description for a in prof.aspects)
    assert {a.id for a in load_profile("china-central-asia").aspects} == KEY_IDS


def test_good_profile_reads(tmp_path):
    path = tmp_path / "class.toml"
    path.write_text(GOOD, encoding="utf-8")
    prof = read_profile(path, base_discourse=load_discourse())
    assert prof.versioned_id == "class-topic@0.1.0"
    assert prof.aspect("displacement").weak_cues == ("villagers",)


@pytest.mark.parametrize("change, line, message", [
    (('cues = ["resettle*", "displaced"]', 'cues = ["resettle*", "dis(placed"]'), 13, "dis(placed"),
    (('version = "0.1.0"', 'version = "first"'), 3, "write it like 1.0.0"),
    (('references = ["World Commission on Dams (2000). Dams and Development."]', ''), 9, "needs references"),
    (('id = "displacement"', 'id = "displacement"\nsize = 3'), 11, "unknown aspect key 'size'"),
    (('title = "A class topic"', 'title = "A class topic'), 4, "not valid TOML"),
    (('cues = ["resettle*", "displaced"]', 'cues = ["resettle*", "villagers"]'), 14, "already listed on line 13"),
    (('context = ["moved"]\n', ''), 14, "weak_cues need context"),
])
def test_bad_profiles_name_the_line(tmp_path, change, line, message):
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        read_profile(path, base_discourse={})
    assert f"bad.toml:{line}:" in str(err.value)
    assert message in str(err.value)


def test_unknown_profile_lists_the_available_ones():
    with pytest.raises(UnknownNameError, match="Available names: .*china-central-asia"):
        load_profile("china")


def test_auto_choice():
    doc = Document.from_text("China and Kazakhstan met in Astana; Uzbekistan and Kyrgyzstan joined the talks.")
    assert choose_profile(doc).id == "china-central-asia"
    doc = Document.from_text("Brazil and Argentina met at a summit. The summit ended with a "
                             "joint statement and a treaty on bilateral trade.")
    assert choose_profile(doc).id == "summits-diplomacy"
    assert choose_profile(Document.from_text("Rain is expected tomorrow.")) is None


def test_generic_political_words_choose_no_profile():
    """'signed', 'leaders', 'talks' are in every political story: no topical evidence."""
    doc = Document.from_text(
        "The governor signed the bill after talks with party leaders. Leaders of both "
        "chambers held talks on Monday, and the governor signed a second bill.")
    choice = topic_choice(doc)
    assert choice.profile is None and choice.record() == {}
    assert "no topic profile" in choice.reason


def test_auto_choice_records_confidence_and_terms():
    doc = Document.from_text("China and Kazakhstan met in Astana; Uzbekistan and Kyrgyzstan "
                             "joined the talks.")
    choice = topic_choice(doc)
    rec = choice.record()
    assert rec["id"] == "china-central-asia" and rec["chosen"] == "auto"
    assert 0.5 <= rec["confidence"] <= 1.0
    assert {"kazakhstan", "astana", "uzbekistan", "kyrgyzstan"} <= set(rec["terms"])


def test_cli_list_show_validate(tmp_path, capsys):
    assert main(["topics", "list"]) == 0
    assert "china-central-asia@1.0.0" in capsys.readouterr().out
    assert main(["topics", "show", "china-central-asia"]) == 0
    assert "Human Rights Watch" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace('version = "0.1.0"', 'version = "x"'), encoding="utf-8")
    assert main(["topics", "validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.toml:3:" in err


CLIMATE_ARTICLES = [
    "The Greywater offshore wind farm is now 40 percent over budget, an audit found. Local "
    "unions warned the project could cost jobs at the old coal plant.",
    "Residents of Ashby say the closure of the mine could cost jobs for hundreds of families. "
    "The bus depot in Westport is over budget by 3 million dollars.",
    "Opposition members said households would pay more for heating. Families may pay more "
    "than they receive in rebates, said an opposition member.",
    "Some landlords may pay more than they receive under the heat pump scheme, a consumer "
    "group said. The ministry expanded the subsidy on Friday.",
]


def test_cli_suggest_groups_critical_sentences_into_aspects(tmp_path, capsys, monkeypatch):
    for k, text in enumerate(CLIMATE_ARTICLES):
        (tmp_path / f"a{k}.txt").write_text(text, encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    assert main(["topics", "suggest", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# ") and "candidate aspects from" in out
    labels = [line.split(". ", 1)[1].split(" — ")[0] for line in out.splitlines()
              if line.startswith("## ")]
    assert {"over budget", "pay more", "cost jobs"} <= set(labels)
    assert "e.g. The Greywater offshore wind farm is now 40 percent over budget" in out
    assert sorted(tmp_path.iterdir()) == before


def test_cli_suggest_prints_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["topics", "suggest", "--top", "3"]) == 0
    assert "candidate aspects from" in capsys.readouterr().out
    assert main(["topics", "suggest", "--phrases", "--top", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# candidate cue phrases") and "group\tphrase\tcount" in out
    assert "critical sentences\t" in out
    assert main(["topics", "suggest", "--by-outlet", "--top", "2"]) == 0
    assert "Meridian Wire\t" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


def test_cli_score_topic_and_gaps(tmp_path, capsys):
    out = tmp_path / "s.csv"
    assert main(["score", "--dimension", "criticism", "--topic", "summits-diplomacy", "-o", str(out)]) == 0
    assert "criticism_coverage" in out.read_text().splitlines()[0]
    assert main(["score", "--dimension", "criticism", "--topic", "nope", "-o", str(out)]) == 1
    assert "Available names" in capsys.readouterr().err
    assert main(["topics", "gaps"]) == 0
    assert "other outlets, absent here" in capsys.readouterr().out


def test_score_says_when_no_profile_fits(tmp_path, capsys):
    import json

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "council.txt").write_text(
        "The city council voted to raise parking fees. Shop owners said the change would "
        "drive customers away.", encoding="utf-8")
    out = tmp_path / "s.jsonl"
    assert main(["score", str(tmp_path / "in"), "--dimension", "criticism", "-o", str(out)]) == 0
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "1 of 1 articles matched no topic profile" in line and "--topic" in line
    (record,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert record["topic"] is None and record["aspects"] == []
    assert record["topic_reason"].startswith("no topic profile")
