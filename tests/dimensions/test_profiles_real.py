"""The shipped topic profiles on real sentences from ../shared/eval (skipped without it).

Each case names the file a sentence comes from and checks that the sentence is really there,
so the tests cannot drift into invented text; then it scores the sentence alone with the
profile and checks which aspects it raises. The sentences were picked from held-out articles
(PolNeAR dev, BASIL, SemEval), not from the articles the cues were written from (PolNeAR
train).
"""

from __future__ import annotations

import json

import pytest

from framing.dimensions.criticism import Criticism
from framing.dimensions.criticism.profiles import load_profile, shipped_profiles
from framing.textunits import Document

DEV = "polnear/dev/text/"
SEMEVAL = "semeval2023/train-articles-subtask-3/article"

#: (profile, file under eval/, sentence, aspect it must raise, aspect it must not raise)
CASES = [
    ("climate-energy", DEV + "huff-post_2016-09-22_trump-the-dealmaker-could-addres.txt",
     "Trump has called climate change a hoax perpetrated by China to hurt U.S. manufacturing.",
     "science_doubt", None),
    ("climate-energy", DEV + "huff-post_2016-09-27_obama-power-plant-rules-face-key.txt",
     "Obama Power Plant Rules Face Key Test In U.S. Court.",
     "legal_political_durability", None),
    ("climate-energy", DEV + "nyt_2016-10-02_a-curious-plan-to-fight-climate-.txt",
     "The United States Bankruptcy Court in Manhattan was viewed as favorable to corporations "
     "looking to cut their debts.", None, "legal_political_durability"),
    ("elections-democracy", DEV + "wash-post_2016-09-25_federal-court-rules-against-ohio.txt",
     "Voting rights advocates have expressed deep concern about the policy.",
     "access_suppression", None),
    ("elections-democracy", DEV + "wash-post_2016-09-25_federal-court-rules-against-ohio.txt",
     "Republicans have expressed concern that changing the policy could lead to voter fraud.",
     "fraud_claims", None),
    ("elections-democracy", SEMEVAL + "786527921.txt",
     "Latino voters voted for Trump more in Florida than in other states (31%), and FL was "
     "critical by popular vote and the electoral college.", None, "fairness_of_rules"),
    ("migration", SEMEVAL + "711716996.txt",
     "At issue is a large group of Indonesian Chinese Christians who fled a pogrom in "
     "Indonesia directed against them in the 1990s.", "why_people_move", None),
    ("migration", "basil/articles/2019/3ae35b16-7f7f-4a5e-9f24-5ce724106a73_1.json",
     "gross abuse of the power of the presidency", None, "rights_conditions"),
    ("armed-conflict", SEMEVAL + "770156173.txt",
     "Why are we even talking about nuclear war in North Asia?", "escalation_risk", None),
    ("armed-conflict", DEV + "nyt_2016-09-20_examining-the-u-n-s-record-on-ur.txt",
     "A record 65 million people are displaced worldwide because of conflict, both within "
     "their countries and outside their borders.", "civilian_harm", None),
    ("armed-conflict", "polnear/train/text/wash-post_2016-01-13_democratic-tensions-escalate-ove.txt",
     "Democratic tensions escalate over deportation raids.", None, "escalation_risk"),
    ("public-health", SEMEVAL + "707566605.txt",
     "And experts continue to fear the healthcare system is on the brink of being "
     "overwhelmed.", "system_strain", None),
    ("public-health", SEMEVAL + "757843275.txt",
     "WHO said there should not be restrictions on international travel or trade.",
     "liberties_mandates", None),
    ("public-health", DEV + "nyt_2016-09-20_examining-the-u-n-s-record-on-ur.txt",
     "Veto Power Impedes Peace Efforts: Eliminating \"the scourge of war\" is one of the "
     "original goals of the United Nations, and the Security Council is the arm of the "
     "organization with the mandate, and the tools, to prevent and end conflict.",
     None, "liberties_mandates"),
    ("technology-regulation", SEMEVAL + "794344513.txt",
     "Indeed, we have reached the precipice of corporate-state censorship.",
     "speech_moderation", None),
    ("technology-regulation", SEMEVAL + "794344513.txt",
     "You also agree to this site's Privacy Policy and Terms of Use.",
     None, "privacy_surveillance"),
    ("trade-economy", DEV + "nyt_2016-09-28_what-mexico-could-do-when-up-aga.txt",
     "Mexico slapped retaliatory tariffs, ranging from 5 percent to 25 percent, on a list of "
     "products that amounted to over $2 billion in American exports to Mexico.",
     "retaliation", None),
    ("trade-economy", SEMEVAL + "761968851.txt",
     "Immigrants held 16.99% of total jobs in December, a significant drop from November’s "
     "17.16% share.", None, "job_losses"),
    ("policing-justice", DEV + "wash-post_2016-09-25_phone-video-is-first-public-look.txt",
     "Rakeyia Scott can be heard yelling to the officers that her husband was unarmed.",
     "use_of_force", None),
    ("policing-justice", SEMEVAL + "702077783.txt",
     "They compiled and released snippets of officers’ body camera footage.",
     "accountability", None),
    ("policing-justice", DEV + "wash-post_2016-09-25_phone-video-is-first-public-look.txt",
     "It also does not answer whether Scott had a gun, as police have said.",
     None, "use_of_force"),
]


def _text(eval_dir, name: str) -> str:
    path = eval_dir / name
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        data = json.loads(raw)
        raw = " ".join(" ".join(p) if isinstance(p, list) else str(p)
                       for p in data.get("body-paragraphs") or [])
    return " ".join(raw.split())


def _raised(profile: str, sentence: str) -> set[str]:
    result = Criticism(topic=profile).analyze(Document.from_text(sentence))
    return {a["aspect"] for a in result.record["aspects"] if a["status"] != "absent"}


@pytest.mark.parametrize("profile,name,sentence,must,must_not", CASES,
                         ids=[f"{c[0]}-{k}" for k, c in enumerate(CASES)])
def test_profile_on_real_sentence(eval_dir, profile, name, sentence, must, must_not):
    assert " ".join(sentence.split()) in _text(eval_dir, name)
    raised = _raised(profile, sentence)
    if must:
        assert must in raised
    if must_not:
        assert must_not not in raised


def test_every_new_profile_has_real_cases():
    covered = {c[0] for c in CASES}
    assert covered == set(shipped_profiles()) - {
        "china-central-asia", "foreign-investment-megaprojects", "summits-diplomacy"}
    for name in covered:
        prof = load_profile(name)
        assert all(a.critics and a.references for a in prof.aspects)
