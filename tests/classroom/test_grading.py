"""Grading: exact precision/recall on a hand-made class, agreement checked against an
independent formula and a case worked by hand, and bad answer files reported per row."""

import json
import math
from collections import Counter
from itertools import combinations

import pandas as pd
import pytest

from framing.classroom.grading import agreement, grade, overlap, phrases_match
from framing.cli import main
from framing.errors import FramingError

KEY = {
    "format": "framing-worksheet-key", "version": 1, "level": "intro",
    "focus": ["promotional", "hedging"], "skipped": {},
    "articles": [{"id": "t", "title": "Test story", "label": "", "sentences": [1, 5]}],
    "tasks": {"promotional": ["hyperbole", "slogan", "metaphor"],
              "hedging": ["hedge", "booster"]},
    "items": [
        {"id": "1", "article": "", "sentence": 1, "task": "promotional", "category": "slogan",
         "phrase": "win-win cooperation", "start": 0, "end": 19, "explanation": ""},
        {"id": "2", "article": "", "sentence": 2, "task": "promotional", "category": "hyperbole",
         "phrase": "historic milestone", "start": 30, "end": 48, "explanation": ""},
        {"id": "3", "article": "", "sentence": 3, "task": "hedging", "category": "hedge",
         "phrase": "may", "start": 60, "end": 63, "explanation": ""},
        {"id": "4", "article": "", "sentence": 4, "task": "hedging", "category": "booster",
         "phrase": "undoubtedly", "start": 70, "end": 81, "explanation": ""},
    ],
}

ANSWERS = [
    # Ann: both promotional items (one with the wrong kind), one hedge, one extra
    ("Ann", 1, "slogan", "win-win"),
    ("Ann", 2, "metaphor", "a historic milestone"),
    ("Ann", 3, "Hedges", "may"),
    ("Ann", 5, "hedge", "perhaps"),
    # Ben: one promotional item, both hedging items (one mis-sorted), the same extra
    ("Ben", 1, "slogan", "cooperation"),
    ("Ben", 3, "booster", "may"),
    ("Ben", 4, "booster", "undoubtedly"),
    ("Ben", 5, "hedge", "Perhaps"),
    # Cat: one promotional item found (plain-word category), one phrase not in the key
    ("Cat", 2, "exaggeration", "milestone"),
    ("Cat", 1, "slogan", "the summit"),
]


def _frame(rows):
    return pd.DataFrame(rows, columns=["student", "sentence", "category", "phrase"])


def _write(path, rows, header="student,sentence,category,phrase"):
    path.write_text(header + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows), "utf-8")
    return path


def krippendorff_alpha_nominal(table):
    """Independent implementation (coincidence matrix) for {coder: {unit: label}}."""
    units = sorted({u for labels in table.values() for u in labels})
    coincidence = Counter()
    for u in units:
        values = [labels[u] for labels in table.values() if u in labels]
        m = len(values)
        if m < 2:
            continue
        for i, j in ((i, j) for i in range(m) for j in range(m) if i != j):
            coincidence[(values[i], values[j])] += 1 / (m - 1)
    n_c = Counter()
    for (c, _), v in coincidence.items():
        n_c[c] += v
    n = sum(n_c.values())
    d_o = sum(v for (c, k), v in coincidence.items() if c != k) / n
    d_e = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k) / (n * (n - 1))
    return 1 - d_o / d_e


def davies_fleiss_kappa(table):
    """Independent multi-coder kappa: mean pairwise observed vs mean pairwise expected."""
    coders = sorted(table)
    units = sorted(table[coders[0]])
    pairs = list(combinations(coders, 2))
    a_o = sum(sum(table[a][u] == table[b][u] for u in units) / len(units)
              for a, b in pairs) / len(pairs)
    a_e = 0.0
    for a, b in pairs:
        ca, cb = Counter(table[a].values()), Counter(table[b].values())
        a_e += sum(ca[k] / len(units) * cb[k] / len(units) for k in ca)
    a_e /= len(pairs)
    return (a_o - a_e) / (1 - a_e)


def test_phrase_overlap_is_tolerant_but_not_loose():
    assert phrases_match("a golden era", "golden era")
    assert phrases_match("may", "may well")
    assert phrases_match("Win-win", "win-win cooperation")
    assert not phrases_match("the summit", "the golden era")  # 'the' alone never matches
    assert overlap("historic milestone", "milestone") == 1.0
    assert overlap("", "milestone") == 0.0


def test_agreement_by_hand():
    # two students, three units: x x y / x y y
    # alpha: n=6, D_o = 2/6, D_e = 2*3*3/(6*5) = 0.6 -> 1 - (1/3)/0.6 = 4/9
    # kappa: A_o = 2/3, A_e = 2/3*1/3 + 1/3*2/3 = 4/9 -> (2/3-4/9)/(5/9) = 0.4
    alpha, kappa = agreement({"A": {"1": "x", "2": "x", "3": "y"},
                              "B": {"1": "x", "2": "y", "3": "y"}})
    assert alpha == pytest.approx(4 / 9)
    assert kappa == pytest.approx(0.4)
    assert agreement({"A": {"1": "x"}}) == (None, None)  # one student
    assert agreement({"A": {"1": "x"}, "B": {"1": "x"}}) == (None, None)  # one label


def test_grade_class_exact_numbers():
    result = grade(KEY, _frame(ANSWERS))
    assert not result.errors
    got = result.students.set_index(["student", "task"])
    expected = {
        ("Ann", "promotional"): (2, 2, 1, 1.0, 1.0, 1.0),
        ("Ann", "hedging"): (2, 1, 1, 0.5, 0.5, 0.5),
        ("Ben", "promotional"): (1, 1, 1, 1.0, 0.5, 2 / 3),
        ("Ben", "hedging"): (3, 2, 1, 2 / 3, 1.0, 0.8),
        ("Cat", "promotional"): (2, 1, 1, 0.5, 0.5, 0.5),
    }
    for where, (answers, matched, right, p, r, f1) in expected.items():
        row = got.loc[where]
        assert (row.answers, row.matched, row.category_correct) == (answers, matched, right), where
        assert (row.precision, row.recall, row.f1) == pytest.approx((p, r, f1)), where
    cat = got.loc[("Cat", "hedging")]
    assert cat.answers == 0 and math.isnan(cat.precision) and cat.recall == 0 and cat.f1 == 0

    items = result.items.set_index("item")
    assert items.found_by.to_dict() == {"1": 2, "2": 2, "3": 2, "4": 1}
    assert items.category_right_by.to_dict() == {"1": 2, "2": 1, "3": 1, "4": 1}
    assert result.most_missed(1).item.tolist() == ["4"]
    top = result.most_overflagged(2)
    assert top.phrase.tolist() == ["perhaps", "the summit"] and top.students.tolist() == [2, 1]


def test_grade_agreement_matches_independent_formulas():
    result = grade(KEY, _frame(ANSWERS))
    n = "none"
    # units anyone marked; each student's label (category, or none)
    promotional = {
        "Ann": {"k1": "slogan", "k2": "metaphor", "summit": n},
        "Ben": {"k1": "slogan", "k2": n, "summit": n},
        "Cat": {"k1": n, "k2": "hyperbole", "summit": "slogan"},
    }
    hedging = {
        "Ann": {"k3": "hedge", "k4": n, "perhaps": "hedge"},
        "Ben": {"k3": "booster", "k4": "booster", "perhaps": "hedge"},
        "Cat": {"k3": n, "k4": n, "perhaps": n},
    }
    both = {s: {**promotional[s], **hedging[s]} for s in promotional}
    rows = result.agreement.set_index("task")
    for task, table in (("promotional", promotional), ("hedging", hedging), ("all", both)):
        assert rows.loc[task, "units"] == len(table["Ann"])
        assert rows.loc[task, "alpha"] == pytest.approx(krippendorff_alpha_nominal(table))
        assert rows.loc[task, "kappa"] == pytest.approx(davies_fleiss_kappa(table))
        assert "alpha is" in rows.loc[task, "meaning"] and "chance" in rows.loc[task, "meaning"]


def test_wrong_sentence_is_not_a_match():
    result = grade(KEY, _frame([("Dee", 2, "slogan", "win-win cooperation")]))
    row = result.students.set_index(["student", "task"]).loc[("Dee", "promotional")]
    assert row.matched == 0 and row.precision == 0.0


def test_bad_files_are_reported_by_row_and_never_stop_others(tmp_path, capsys):
    good = _write(tmp_path / "ann.csv", [a for a in ANSWERS if a[0] == "Ann"])
    other = _write(tmp_path / "ben.csv", [a for a in ANSWERS if a[0] == "Ben"])
    bad = _write(tmp_path / "bad.csv", [("Eve", "three", "hedge", "may"),
                                        ("Eve", 3, "hedge", "may"),
                                        ("Eve", 99, "hedge", "may"),
                                        ("", 3, "hedge", "may")])
    nohead = _write(tmp_path / "nohead.csv", [("Fay", 3, "may")], header="student,sentence,phrase")
    key = tmp_path / "key.json"
    key.write_text(__import__("json").dumps(KEY), "utf-8")
    result = grade(key, [good, bad, nohead, other, tmp_path / "missing.csv"])
    messages = [str(e) for e in result.errors]
    assert f"{bad}:2: sentence 'three' is not a sentence number" in messages
    assert f"{bad}:4: sentence '99' is not on the worksheet (sentences 1–5)" in messages
    assert f"{bad}:5: no student name" in messages
    assert any(m.startswith(f"{nohead}:1: missing column(s) category") for m in messages)
    assert any(m.startswith(f"{tmp_path / 'missing.csv'}: no such file") for m in messages)
    # the good rows of a file with bad rows are graded: Eve's hedge in sentence 3
    assert sorted(result.students.student.unique()) == ["Ann", "Ben", "Eve"]
    eve = result.students.set_index(["student", "task"]).loc[("Eve", "hedging")]
    assert (eve.answers, eve.matched) == (1, 1)
    folder = tmp_path / "class"
    folder.mkdir()
    _write(folder / "ann.csv", [a for a in ANSWERS if a[0] == "Ann"])
    _write(folder / "cat.csv", [a for a in ANSWERS if a[0] == "Cat"])
    assert sorted(grade(key, [folder]).students.student.unique()) == ["Ann", "Cat"]

    out = tmp_path / "grades"
    code = main(["grade", str(key), str(good), str(bad), str(other), "-o", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:" in err and "Traceback" not in err
    assert {p.name for p in out.iterdir()} == {"grades.html", "grades.csv", "items.csv",
                                               "overflagged.csv", "agreement.csv",
                                               "overall.csv"}
    frame = pd.read_csv(out / "grades.csv")
    assert list(frame.columns)[:9] == ["student", "task", "answers", "key_items", "matched",
                                       "category_correct", "precision", "recall", "f1"]
    assert list(pd.read_csv(out / "overall.csv").student) == ["Ann", "Ben", "Eve"]
    html = (out / "grades.html").read_text("utf-8")
    assert "Krippendorff" in html and "bad.csv:2" in html


def test_grades_html_escapes_student_text(tmp_path):
    rows = [("<script>x()</script>", 1, "slogan", "<img src=x onerror=alert(1)>")]
    html = grade(KEY, _frame(rows)).to_html()
    assert "<script>x()" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_not_a_key(tmp_path):
    from framing.errors import InputError

    bad = tmp_path / "key.json"
    bad.write_text('{"items": []}', "utf-8")
    with pytest.raises(InputError, match="not a worksheet key"):
        grade(bad, _frame(ANSWERS))


def test_indexed_agreement_equals_plain_nltk():
    import random

    from nltk.metrics.agreement import AnnotationTask

    rng = random.Random(7)
    table = {f"s{i}": {f"u{j}": rng.choice(["slogan", "hedge", "none"]) for j in range(25)}
             for i in range(5)}
    plain = AnnotationTask(data=[(s, u, v) for s in table for u, v in table[s].items()])
    alpha, kappa = agreement(table)
    assert alpha == pytest.approx(plain.alpha()) and kappa == pytest.approx(plain.multi_kappa())
    assert alpha == pytest.approx(krippendorff_alpha_nominal(table))


# ------------------------------------------------------------------------------------------
# bad rows, categories, articles, one score per student (issue 18)

TWO = {
    **KEY,
    "articles": [{"id": "a", "title": "A", "label": "A", "sentences": [1, 3]},
                 {"id": "b", "title": "B", "label": "B", "sentences": [4, 6]}],
    "items": [
        {"id": "A1", "article": "A", "sentence": 1, "task": "promotional",
         "category": "slogan", "phrase": "win-win cooperation"},
        {"id": "A2", "article": "A", "sentence": 2, "task": "promotional",
         "category": "hyperbole", "phrase": "historic milestone"},
        {"id": "A3", "article": "A", "sentence": 3, "task": "promotional",
         "category": "metaphor", "phrase": "golden artery", "part": "extension"},
        {"id": "B1", "article": "B", "sentence": 4, "task": "hedging", "category": "hedge",
         "phrase": "may"},
        {"id": "B2", "article": "B", "sentence": 5, "task": "hedging", "category": "booster",
         "phrase": "undoubtedly"},
        {"id": "B3", "article": "B", "sentence": 6, "task": "promotional",
         "category": "slogan", "phrase": "shared future"},
    ],
}


def test_misspelt_category_is_an_error_line_and_the_other_rows_count():
    rows = [("Ann", 1, "slogen", "win-win"), ("Ann", 2, "hyperbole", "historic milestone"),
            ("Ann", 3, "", "may"), ("Ann", 3, "hedge", "may")]
    result = grade(KEY, _frame(rows))
    messages = [str(e) for e in result.errors]
    assert messages[0].startswith("answers (DataFrame):2: category 'slogen' is not one the "
                                  "worksheet offers (did you mean slogan?)")
    assert messages[1].startswith("answers (DataFrame):4: no category")
    got = result.students.set_index(["student", "task"])
    assert got.loc[("Ann", "promotional")].answers == 1
    assert got.loc[("Ann", "hedging")].matched == 1


def test_recall_per_article_and_one_overall_score():
    # Ann did task 1 (promotional) on article A and task 2 (hedging) on article B, as the
    # lesson asks; she is not marked down for promotional phrasing in B.
    rows = [("Ann", 1, "slogan", "win-win"), ("Ann", 2, "slogan", "historic milestone"),
            ("Ann", 4, "hedge", "may"), ("Ann", 5, "hedge", "clearly")]
    result = grade(TWO, _frame(rows))
    got = result.students.set_index(["student", "task", "article"])
    promo_a = got.loc[("Ann", "promotional", "A")]
    assert (promo_a.key_items, promo_a.matched, promo_a.recall) == (2, 2, 1.0)  # extension aside
    assert promo_a.category_correct == 1 and bool(promo_a.counted)
    promo_b = got.loc[("Ann", "promotional", "B")]
    assert promo_b.answers == 0 and not promo_b.counted
    hedge_b = got.loc[("Ann", "hedging", "B")]
    assert (hedge_b.precision, hedge_b.recall) == (0.5, 0.5)
    overall = result.overall.set_index("student").loc["Ann"]
    # 4 answers, 3 matched; 4 core key items in the two units she worked on
    assert (overall.answers, overall.matched, overall.key_items, overall.units) == (4, 3, 4, 2)
    assert overall.precision == pytest.approx(0.75) and overall.recall == pytest.approx(0.75)
    assert overall.score == 75
    # an extension item found counts for precision, never against recall
    more = grade(TWO, _frame(rows + [("Ann", 3, "metaphor", "golden artery")]))
    row = more.students.set_index(["student", "task", "article"]).loc[
        ("Ann", "promotional", "A")]
    assert (row.extension_found, row.precision, row.recall) == (1, 1.0, 1.0)
    assert "A3" not in more.most_missed(10).item.tolist()


@pytest.mark.parametrize("sentence", ["inf", "1e400", "-inf", "nan", "1.5", "-3", "0",
                                      "9" * 400])
def test_odd_sentence_numbers_are_one_line_each(sentence):
    result = grade(KEY, _frame([("Ann", sentence, "hedge", "may"), ("Ann", 3, "hedge", "may")]))
    assert len(result.errors) == 1 and "sentence" in str(result.errors[0])
    assert result.students.matched.sum() == 1


def _tampered():
    import copy

    def with_item(**change):
        key = copy.deepcopy(KEY)
        key["items"][0].update(change)
        return key

    deep = '{"format": "framing-worksheet-key", "items": ' + "[" * 100_000 + "]" * 100_000 + "}"
    return {
        "no items": {k: v for k, v in KEY.items() if k != "items"},
        "items not a list": {**KEY, "items": {"1": 2}},
        "item not an object": {**KEY, "items": [1, 2]},
        "no sentence": {**KEY, "items": [{k: v for k, v in KEY["items"][0].items()
                                           if k != "sentence"}]},
        "no task": {**KEY, "items": [{k: v for k, v in KEY["items"][0].items() if k != "task"}]},
        "sentence text": with_item(sentence="three"),
        "sentence huge": with_item(sentence=10 ** 30),
        "sentence float": with_item(sentence=2.5),
        "sentence bool": with_item(sentence=True),
        "phrase list": with_item(phrase=["a"]),
        "category null": with_item(category=None),
        "id twice": {**KEY, "items": [KEY["items"][0], KEY["items"][0]]},
        "tasks a list": {**KEY, "tasks": ["promotional"]},
        "task categories text": {**KEY, "tasks": {"hedging": "hedge"}},
        "articles text": {**KEY, "articles": "A"},
        "sentences reversed": {**KEY, "articles": [{"label": "", "sentences": [5, 1]}]},
        "sentences short": {**KEY, "articles": [{"label": "", "sentences": [5]}]},
        "not an object": [1, 2, 3],
        "deep": deep,
        "big integer": '{"format": "framing-worksheet-key", "items": [], "x": ' + "9" * 5000 + "}",
        "1e400": json.dumps(KEY).replace('"sentence": 1,', '"sentence": 1e400,', 1),
        "NaN": json.dumps(KEY).replace('"sentence": 1,', '"sentence": NaN,', 1),
    }


TAMPERED = _tampered()


@pytest.mark.parametrize("name", sorted(TAMPERED))
def test_tampered_key_is_one_line_never_a_traceback(name, tmp_path, capsys):
    data = TAMPERED[name]
    key = tmp_path / "key.json"
    key.write_text(data if isinstance(data, str) else json.dumps(data), "utf-8")
    answers = _write(tmp_path / "a.csv", ANSWERS)
    code = main(["grade", str(key), str(answers), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"framing: error: {key}"), err
    assert not (tmp_path / "out").exists()


def test_generated_keys_and_answer_sheets_never_crash():
    """Seeded, bounded property test: any key (valid or mangled) and any answer sheet give
    grades or one-line errors, and every non-blank row is either graded or reported."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from framing.errors import InputError

    scalar = st.one_of(st.none(), st.booleans(), st.integers(-10, 10 ** 20),
                       st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8))
    item = st.fixed_dictionaries(
        {"id": st.one_of(st.text(min_size=1, max_size=3), st.integers(0, 99)),
         "sentence": st.one_of(st.integers(1, 6), scalar),
         "task": st.sampled_from(["promotional", "hedging"]),
         "category": st.sampled_from(["slogan", "hyperbole", "hedge", "booster"]),
         "phrase": st.sampled_from(["win-win", "may", "golden era", "undoubtedly", "the"])},
        optional={"part": st.sampled_from(["core", "extension", "bonus"]),
                  "article": st.sampled_from(["", "A", 3])})
    key = st.fixed_dictionaries(
        {"format": st.just("framing-worksheet-key"),
         "items": st.one_of(st.lists(item, max_size=6), scalar)},
        optional={"tasks": st.one_of(st.just(KEY["tasks"]), scalar),
                  "articles": st.one_of(st.just(KEY["articles"]), st.just(TWO["articles"]),
                                        scalar)})
    cell = st.one_of(st.sampled_from(["1", "3", "6", "inf", "1e400", "", "x", "2.0"]),
                     st.text(max_size=6))
    row = st.tuples(st.sampled_from(["Ann", "Ben", ""]), cell,
                    st.sampled_from(["slogan", "hedge", "booster", "Hedges", "slogen", ""]),
                    st.sampled_from(["win-win", "may", "", "golden era", "x"]))

    @settings(max_examples=60, deadline=None, derandomize=True, database=None)
    @given(key, st.lists(row, max_size=12))
    def check(data, rows):
        try:
            result = grade(data, _frame(rows))
        except InputError as exc:
            assert "\n" not in str(exc)
            return
        except FramingError as exc:
            assert str(exc) == "no answers to grade"
            return
        nonblank = [r for r in rows if any(str(c).strip() for c in r)]
        assert len(nonblank) == result.students.groupby("student").answers.sum().sum() + len(
            result.errors)
        assert result.overall.score.dropna().between(0, 100).all()

    check()


FRAMES_KEY = {
    "format": "framing-worksheet-key", "version": 1, "level": "intro", "focus": ["frames"],
    "skipped": {}, "articles": [{"id": "t", "title": "Test", "label": "", "sentences": [1, 6]}],
    "tasks": {"frames": ["economic", "legality", "security_and_defense", "political"]},
    "labels": {"economic": "Economic", "legality": "Legality, constitutionality and "
               "jurisprudence", "security_and_defense": "Security and defense",
               "political": "Political"},
    "items": [
        {"id": "1", "article": "", "sentence": 2, "task": "frames", "category": "economic",
         "phrase": "taxpayers, cost", "start": 0, "end": 9, "explanation": "",
         "paragraph": [1, 2], "accept": ["political"]},
        {"id": "2", "article": "", "sentence": 4, "task": "frames",
         "category": "security_and_defense", "phrase": "troops", "start": 20, "end": 29,
         "explanation": "", "paragraph": [3, 5], "accept": []},
    ],
}


def test_frame_answers_by_paragraph_with_codebook_names():
    rows = [
        # Ann: the codebook's names, any sentence of the paragraph, no phrase needed
        ("Ann", 1, "Economic", ""), ("Ann", 5, "Security and defence", "troops"),
        # Ben: a frame the paragraph also carries counts; a wrong frame is found but wrong
        ("Ben", 2, "political", "voted"), ("Ben", 3, "legality, constitutionality and "
                                           "jurisprudence", ""),
        # Cy: an answer in no asked paragraph; a misspelt frame is one error line
        ("Cy", 6, "economic", "prices"), ("Cy", 4, "Securty and defense", "army"),
        ("Cy", 4, "Legality constitutionality jurisprudense", ""),
    ]
    result = grade(FRAMES_KEY, _frame(rows))
    got = result.students.set_index("student")
    assert got.loc["Ann", ["answers", "matched", "category_correct"]].tolist() == [2, 2, 2]
    assert got.loc["Ben", ["answers", "matched", "category_correct"]].tolist() == [2, 2, 1]
    assert got.loc["Cy", ["answers", "matched", "category_correct"]].tolist() == [1, 0, 0]
    messages = [str(e) for e in result.errors]
    assert len(messages) == 2
    assert "category 'Securty and defense' is not one the worksheet offers (did you mean " \
        "security_and_defense?)" in messages[0]
    assert "(did you mean legality?)" in messages[1]
    items = result.items.set_index("item")
    assert items.loc["1", "found_by"] == 2 and items.loc["1", "category_right_by"] == 2
    # outside the frames task a phrase is still required
    bad = grade(KEY, _frame([("Ann", 1, "slogan", "")]))
    assert "no phrase" in str(bad.errors[0])


def test_grades_are_written_all_or_none(tmp_path):
    result = grade(KEY, _frame(ANSWERS))
    out = tmp_path / "grades"
    written = result.write(out)
    assert sorted(p.name for p in written) == sorted(
        ["overall.csv", "grades.csv", "items.csv", "overflagged.csv", "agreement.csv",
         "grades.html"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / "grades.html").unlink()
    (out / "grades.html").mkdir()  # the last file cannot be written: none of them is
    other = grade(KEY, _frame(ANSWERS[:1]))  # other numbers: a partial write would show
    assert other.overall.to_csv() != result.overall.to_csv()
    with pytest.raises(FramingError):
        other.write(out)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == {
        k: v for k, v in before.items() if k != "grades.html"}
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
