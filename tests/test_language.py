"""Articles that are not English are flagged, not scored as zeros; rates with no base are empty.

The foreign texts below were written for these tests (a fictional railway story); the English
ones are the bundled sample corpus and, when ../shared is here, real news from PolNeAR and
SemEval-2023 (the full count is measured by benchmarks/measure_language.py).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from framing.article import Article
from framing.cli import main
from framing.dimensions import create
from framing.scoring import Scorer, analyze
from framing.textunits import Document, language_problem

FOREIGN = {
    "Russian": (
        "Министерство транспорта сообщило в четверг, что строительство новой железной дороги "
        "завершится в следующем году. Местные жители выражают беспокойство по поводу шума."
    ),
    "Kazakh": (
        "Көлік министрлігі бейсенбі күні жаңа темір жолдың құрылысы келесі жылы аяқталатынын "
        "хабарлады. Жергілікті тұрғындар шу мен ағаштарды кесуге алаңдаушылық білдіруде."
    ),
    "Chinese": (
        "交通部周四表示，连接两个省份的新铁路将于明年完工。然而，当地居民对沿线的噪音和砍伐树木"
        "表示担忧。几个民间团体已致信省长，要求进行独立的环境评估。"
    ),
    "French": (
        "Le ministère des Transports a annoncé jeudi que la construction de la nouvelle ligne "
        "ferroviaire entre les deux régions serait achevée l'année prochaine. Selon un "
        "porte-parole, les travaux avancent selon le calendrier prévu et le financement est "
        "entièrement assuré par le budget de l'État. Les habitants de la vallée s'inquiètent "
        "toutefois du bruit et de l'abattage des arbres le long du tracé."
    ),
    "Kazakh in Latin letters": (
        "Kólik ministrligi beısenbi kúni eki oblys arasyndaǵy jańa temir joldyń qurylysy "
        "kelesi jyly aıaqtalatynyn habarlady. Vedomstvo ókiliniń aıtýynsha, jumystar kesteı "
        "boıynsha júrip jatyr, al qarjylandyrý tolyǵymen memlekettik bıýdjetten qamtamasyz "
        "etilgen. Alaıda jergilikti turǵyndar jol boıyndaǵy shý men aǵashtardy kesýge "
        "alańdaýshylyq bildirýde."
    ),
}

ENGLISH = {
    "short": "Officials hailed a historic deal.",
    "names": (
        "Astana, Almaty, Bishkek, Dushanbe, Tashkent: Kassym-Jomart Tokayev, Sadyr Japarov, "
        "Emomali Rahmon, Shavkat Mirziyoyev. Delegations: Kazakhstan 42, Kyrgyzstan 17, "
        "Tajikistan 12, Uzbekistan 31, China 88. Venue: the Palace of Independence. Dates: "
        "14-15 May. Host: the Ministry of Foreign Affairs of the Republic of Kazakhstan."
    ),
    "quoting Russian": (
        "The ministry said on Thursday that the new railway between the two regions would be "
        "finished next year. One local group posted its letter to the governor online: «Мы "
        "просим провести независимую экологическую экспертизу вдоль всей трассы». The "
        "governor's office has not replied to it."
    ),
}


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_foreign_languages_are_recognised(language):
    reason = language_problem(Document.from_text(FOREIGN[language]))
    assert reason and reason.startswith("not English (")


@pytest.mark.parametrize("name", sorted(ENGLISH))
def test_english_is_not_refused(name):
    assert language_problem(Document.from_text(ENGLISH[name])) is None


def test_the_sample_corpus_is_english():
    base = Path(__file__).parents[1] / "framing" / "data" / "sample" / "articles"
    for path in sorted(base.glob("*.txt")):
        assert language_problem(Document.from_text(path.read_text(encoding="utf-8"))) is None


def test_real_english_news_is_not_refused(eval_dir):
    """Every 8th PolNeAR text and every 8th SemEval article (all of them: the benchmark)."""
    texts = sorted((eval_dir / "polnear").glob("*/text/*.txt"))[::8]
    texts += sorted((eval_dir / "semeval2023" / "train-articles-subtask-3").glob("*.txt"))[::8]
    assert len(texts) > 100
    refused = [p.name for p in texts
               if language_problem(Document.from_text(p.read_text(encoding="utf-8")))]
    assert refused == []


@pytest.fixture(scope="module")
def scorer():
    return Scorer(["promotional", "hedging", "attribution"])


def test_a_foreign_article_is_flagged_with_empty_metrics(scorer):
    english = scorer.score(Article("en", ENGLISH["quoting Russian"], "en.txt"))
    russian = scorer.score(Article("ru", FOREIGN["Russian"], "ru.txt"))
    assert "not_scored" not in english
    assert russian["not_scored"].startswith("not English (")
    assert "Cyrillic" in russian["not_scored"]
    assert russian["evidence"] == []
    assert set(russian["metrics"]) == set(english["metrics"])  # the same columns ...
    assert all(v is None for v in russian["metrics"].values())  # ... all empty, none zero
    assert russian["attributions"] == []
    assert russian["n_words"] > 10 and russian["text"] == FOREIGN["Russian"]
    unchecked = Scorer(["promotional"], check_language=False).score(
        Article("ru", FOREIGN["Russian"], "ru.txt"))
    assert "not_scored" not in unchecked and unchecked["metrics"]["promotional_per_1k"] == 0.0


def test_dataframes_show_the_reason_and_empty_cells():
    articles = [Article("en", ENGLISH["quoting Russian"], "en.txt"),
                Article("zh", FOREIGN["Chinese"], "zh.txt")]
    frame = analyze(articles, dimensions=["promotional"]).articles
    assert math.isnan(frame.loc["zh", "promotional_per_1k"])
    assert frame.loc["en", "promotional_per_1k"] >= 0
    assert "Chinese" in frame.loc["zh", "not_scored"]


def test_cli_names_each_foreign_file_once_on_stderr(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "en.txt").write_text(ENGLISH["quoting Russian"], encoding="utf-8")
    (folder / "kk.txt").write_text(FOREIGN["Kazakh"], encoding="utf-8")
    (folder / "fr.txt").write_text(FOREIGN["French"], encoding="utf-8")
    out = tmp_path / "scores.jsonl"
    assert main(["score", str(folder), "--dimension", "promotional", "-o", str(out)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.endswith(": not scored") for line in err)
    assert any("kk.txt: not English (" in line for line in err)
    assert any("fr.txt: not English (" in line for line in err)
    records = {Path(r["source"]).name: r for r in map(json.loads, out.read_text().splitlines())}
    assert set(records) == {"en.txt", "kk.txt", "fr.txt"}
    assert records["kk.txt"]["metrics"]["promotional_per_1k"] is None
    assert records["en.txt"]["metrics"]["promotional_per_1k"] is not None


@pytest.fixture(scope="module")
def lexical():
    return {name: create(name) for name in ("promotional", "hedging")}


@pytest.mark.parametrize("text", ["", "   \n\n", "— … —"])
def test_rates_of_a_text_without_words_are_empty(lexical, text):
    doc = Document.from_text(text)
    for name in ("promotional", "hedging"):
        metrics = lexical[name].analyze(doc).metrics
        rates = {k: v for k, v in metrics.items() if k != "promotional_sentence_share"}
        assert rates and all(v is None for v in rates.values()), metrics
    share = lexical["promotional"].analyze(doc).metrics["promotional_sentence_share"]
    assert share == (0.0 if doc.sentences else None)  # "— … —" is a sentence with no finding


def test_the_report_says_why_an_article_was_not_scored(tmp_path):
    from framing.views.report import build_report

    scorer = Scorer(["promotional"])
    records = [scorer.score(Article("en", ENGLISH["quoting Russian"], "en.txt")),
               scorer.score(Article("ru", FOREIGN["Russian"], "ru.txt"))]
    out = build_report(records, tmp_path / "report", parquet=False)
    lines = [line for line in (out / "report.md").read_text(encoding="utf-8").splitlines()
             if "Not scored" in line]
    assert lines == ["**Not scored:** not English (100% of the letters are Cyrillic, not Latin)."]
    assert "Not scored:</strong> not English (100%" in (out / "report.html").read_text(
        encoding="utf-8")
