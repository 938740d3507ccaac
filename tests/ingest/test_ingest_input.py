"""framing reads exactly what it is given, or says in one line why not (issues 17, 18, 22).

CSV rows that do not parse as the header says, stray bytes and legacy encodings, manifests
that name files by path, JSON beyond what Python's parser takes, DataFrame input, ids from file
names. Every test builds its own bytes.
"""

import io
import json
import logging

import pytest

import framing as fr
from framing.cli import main
from framing.errors import InputError
from framing.ingest.reading import iter_articles

ARTICLE = (
    "Leaders met in Astana\n\n"
    "Leaders of China and five Central Asian states met in Astana on Tuesday to sign a treaty. "
    "Trade between the two sides reached about 95 billion dollars last year, officials said.\n\n"
    "Critics warned that debt to Chinese banks keeps growing."
)
BODY = ARTICLE.split("\n\n", 1)[1].replace("\n\n", " ")


def name(item):
    return item.source.replace("\\", "/").rsplit("/", 1)[-1]


def warnings_of(caplog):
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


# --------------------------------------------------------------------------------------------
# 1. CSV rows that do not parse as the header says


def test_unescaped_inner_quotes_are_an_error_not_a_shorter_article(tmp_path):
    cut = ('b,B,"The minister said "it is historic," and then left. Critics warned that the '
           'debt keeps growing."\n')
    (tmp_path / "c.csv").write_text(
        f'id,outlet,text\na,A,"{BODY}"\n{cut}c,C,"{BODY} Third."\n', encoding="utf-8")
    corpus = fr.load_corpus(tmp_path / "c.csv")
    assert [(a.id, name(a)) for a in corpus] == [("a", "c.csv:2"), ("c", "c.csv:4")]
    (err,) = corpus.errors
    assert err.line == 3 and err.path.endswith("c.csv")
    assert "quote inside a quoted field" in err.message and "\n" not in str(err)


def test_inner_quotes_in_a_field_over_several_lines_skip_the_whole_row(tmp_path):
    (tmp_path / "c.csv").write_text(
        "id,text\n"
        'a,"He said "yes" and\nmore text, here."\n'  # the bad row runs to the next line
        f'b,"{BODY}"\n', encoding="utf-8")
    corpus = fr.load_corpus(tmp_path / "c.csv")
    assert [(a.id, name(a)) for a in corpus] == [("b", "c.csv:4")]
    assert [e.line for e in corpus.errors] == [2]


def test_ragged_rows_are_errors_and_blank_lines_are_not(tmp_path):
    (tmp_path / "c.csv").write_text(
        "id,outlet,text\n"
        f'a,A,"{BODY}",extra cell\n'
        "b,B\n"
        "\n   \n,,\n"
        f'c,C,"{BODY} Third."\n', encoding="utf-8")
    corpus = fr.load_corpus(tmp_path / "c.csv")
    assert [a.id for a in corpus] == ["c"]
    assert [(e.line, e.message.split(" but")[0]) for e in corpus.errors] == [
        (2, "row has 4 cells"), (3, "row has 2 cells"), (6, "field 'text' is empty or not text")]


def test_unclosed_quote_names_the_row_it_opens(tmp_path):
    (tmp_path / "c.csv").write_text(f'id,text\na,"{BODY}"\nb,"never closed.\nc,d\n',
                                    encoding="utf-8")
    corpus = fr.load_corpus(tmp_path / "c.csv")
    assert [a.id for a in corpus] == ["a"]
    (err,) = corpus.errors
    assert err.line == 3 and "never closed" in err.message


def test_header_naming_a_column_twice(tmp_path):
    (tmp_path / "c.csv").write_text(f'id,text,text\na,"{BODY}",other\n', encoding="utf-8")
    (err,) = fr.load_corpus(tmp_path / "c.csv").errors
    assert err.line == 1 and "'text' twice" in err.message


@pytest.mark.parametrize("sep", [";", "\t"])
def test_csv_separated_by_semicolons_or_tabs(tmp_path, sep):
    from framing.ingest import reading as ingest

    rows = "".join(f'r{n}{sep}Desk, {n}{sep}"{BODY} Row {n}; ""{n}"""\r\n' for n in range(60))
    path = tmp_path / "c.csv"
    path.write_text(f"\ufeffid{sep}desk{sep}text\r\n" + rows + f"bad{sep}x\r\n",
                    encoding="utf-8")
    items = list(iter_articles([str(path)], clean=False))
    assert [a.meta["desk"] for a in items[:2]] == ["Desk, 0", "Desk, 1"]
    assert items[1].text.endswith('Row 1; "1"') and len(items) == 61
    assert items[-1].line == 62 and "2 cells" in items[-1].message
    parts = ingest.split_record_file(str(path), 2000)
    assert len(parts) > 2
    assert [str(x) for x in iter_articles(parts, clean=False)] == [str(x) for x in items]


# --------------------------------------------------------------------------------------------
# 2. Decoding

RU = ("Торговля между Китаем и Казахстаном выросла в прошлом году. Эксперты говорят о новых "
      "проектах, кредитах и долгах перед банками.\n")
ZH = "中国与中亚五国领导人在西安举行峰会，签署了多项合作协议。贸易额去年增长了百分之四十。批评者担心债务问题。\n"
JA = "首脳会議は火曜日に開かれ、両国は新しい協定に署名した。専門家は債務の増加を懸念している。\n"


def test_utf8_with_a_stray_byte_is_utf8_with_a_warning(tmp_path, caplog):
    text = "The minister’s plan, officials said, is “historic”. " + BODY
    data = text.encode("utf-8")
    cut = data.index(b"officials")
    data = data[:cut] + b"\x92" + data[cut:]  # one cp1252 apostrophe byte in UTF-8 text
    (tmp_path / "a.txt").write_bytes(data)
    (article,) = fr.load_corpus(tmp_path / "a.txt", clean=False)
    assert article.text.startswith("The minister’s plan, \ufffdofficials said, is “historic”.")
    (warning,) = warnings_of(caplog)
    assert "a.txt" in warning and f"byte offset {cut}" in warning


def test_legacy_codepage_without_utf8_is_still_detected(tmp_path):
    (tmp_path / "a.txt").write_bytes((BODY + " \u201cquoted\u201d caf\u00e9.").encode("cp1252"))
    (article,) = fr.load_corpus(tmp_path / "a.txt", clean=False)
    assert article.text.endswith("\u201cquoted\u201d caf\u00e9.")


@pytest.mark.parametrize("text, encoding", [
    (ARTICLE, "utf-32"), (RU * 2, "utf-32"), (ARTICLE, "utf-16"),
    (RU * 2, "cp1251"), (RU * 2, "koi8_r"), (ZH * 2, "gb18030"), (JA * 2, "shift_jis"),
    (ARTICLE, "utf_16_le"), (ARTICLE, "utf_16_be"), (RU * 2, "utf_16_le"), (ZH * 2, "utf_16_le"),
], ids=lambda v: v if len(v) < 12 else v[:2])
def test_encodings_are_detected(tmp_path, text, encoding):
    (tmp_path / "a.txt").write_bytes(text.encode(encoding))
    corpus = fr.load_corpus(tmp_path / "a.txt", clean=False)
    assert not corpus.errors
    assert corpus[0].text == text.strip()


def test_utf32_jsonl_with_bom(tmp_path):
    lines = [json.dumps({"id": f"r{i}", "text": RU}, ensure_ascii=False) for i in range(3)]
    (tmp_path / "c.jsonl").write_bytes(("\n".join(lines) + "\n").encode("utf-32"))
    corpus = fr.load_corpus(tmp_path / "c.jsonl", clean=False)
    assert not corpus.errors and [a.id for a in corpus] == ["r0", "r1", "r2"]
    assert corpus[0].text == RU.strip()


def test_undetectable_bytes_are_one_clear_line(tmp_path):
    (tmp_path / "a.txt").write_bytes(bytes(range(0x80, 0x100)) * 3)
    (err,) = fr.load_corpus(tmp_path / "a.txt").errors
    assert "cannot decode" in err.message and "save it as UTF-8" in err.message


# --------------------------------------------------------------------------------------------
# 4. Paths that do not exist; no empty output when every input fails


def test_missing_path_says_so(tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "no" / "such" / "path")]) == 1
    err = capsys.readouterr().err
    assert "no such file or folder" in err and "unknown file type" not in err


@pytest.mark.parametrize("command, out", [("score", "s.csv"), ("ingest", "i.csv"),
                                          ("ingest", "i.jsonl"), ("ingest", "i.txt")])
def test_no_output_file_when_every_input_fails(tmp_path, capsys, command, out):
    (tmp_path / "empty.txt").write_text("")
    jobs = ["--jobs", "1"] if command == "score" else []
    assert main([command, str(tmp_path / "empty.txt"), str(tmp_path / "gone.txt"), *jobs,
                 "-o", str(tmp_path / out)]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]
    err = capsys.readouterr().err
    assert "every input failed" in err and "Traceback" not in err


# --------------------------------------------------------------------------------------------
# 3. Manifests match paths


def test_manifest_rows_for_files_of_the_same_name_in_two_folders(tmp_path):
    for folder, outlet in (("a", "Alpha"), ("b", "Beta")):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "x.txt").write_text(f"{BODY} {outlet}.", encoding="utf-8")
    (tmp_path / "m.csv").write_text("file,outlet\nb/x.txt,Beta\na/x.txt,Alpha\n",
                                    encoding="utf-8")
    corpus = fr.load_corpus(tmp_path / "in", manifest=tmp_path / "m.csv")
    assert not corpus.errors
    assert [(a.source.split("/in/")[1], a.outlet) for a in corpus] == [
        ("a/x.txt", "Alpha"), ("b/x.txt", "Beta")]


def test_manifest_paths_relative_to_its_own_folder_and_unique_names(tmp_path):
    (tmp_path / "articles").mkdir()
    for stem in ("one", "two"):
        (tmp_path / "articles" / f"{stem}.txt").write_text(f"{BODY} {stem}.", encoding="utf-8")
    (tmp_path / "m.csv").write_text("file,outlet\narticles/one.txt,One\ntwo.txt,Two\n",
                                    encoding="utf-8")
    corpus = fr.load_corpus(tmp_path / "articles", manifest=tmp_path / "m.csv")
    assert not corpus.errors and [a.outlet for a in corpus] == ["One", "Two"]


# --------------------------------------------------------------------------------------------
# 5. JSON beyond Python's parser, and standard input that is not JSON Lines


def jsonl(tmp_path, *lines):
    path = tmp_path / "c.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_json_limits_are_one_line_each_and_the_rest_come(tmp_path):
    good = json.dumps({"id": "ok", "text": BODY})
    path = jsonl(tmp_path,
                 '{"id": "big", "n": ' + "9" * 5000 + ', "text": "x"}',
                 '{"id": "inf", "n": Infinity, "text": "x"}',
                 '{"id": "huge", "n": 1e400, "text": "x"}',
                 '{"id": "deep", "n": ' + "[" * 100_000 + "]" * 100_000 + ', "text": "x"}',
                 good)
    corpus = fr.load_corpus(path)
    assert [a.id for a in corpus] == ["ok"]
    assert [e.line for e in corpus.errors] == [1, 2, 3, 4]
    messages = [e.message for e in corpus.errors]
    assert "5,000 digits" in messages[0] and "Infinity" in messages[1]
    assert "out of range" in messages[2] and "nested too deeply" in messages[3]
    assert all("\n" not in str(e) for e in corpus.errors)


def test_nan_is_missing_and_lone_surrogates_are_replaced(tmp_path, caplog):
    path = jsonl(tmp_path, '{"id": "a", "score": NaN, "text": "' + BODY + ' \\ud800 end."}')
    (article,) = fr.load_corpus(path)
    assert article.meta.get("score") is None
    assert article.text.endswith("\ufffd end.")
    found = warnings_of(caplog)
    assert any("c.jsonl:1: NaN read as null" in w for w in found)
    assert any("c.jsonl:1: lone surrogates" in w for w in found)


def test_scoring_json_with_nan_and_surrogates_writes_valid_json(tmp_path, capsys):
    path = jsonl(tmp_path, '{"id": "a", "score": NaN, "text": "' + BODY + ' \\udfff end."}')
    out = tmp_path / "i.jsonl"
    assert main(["ingest", str(path), "-o", str(out)]) == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record.get("score") is None and record["text"].endswith("\ufffd end.")


def test_null_id_gets_a_made_id(tmp_path):
    path = jsonl(tmp_path, json.dumps({"id": None, "text": BODY}),
                 json.dumps({"id": 12345, "text": BODY + " Two."}))
    corpus = fr.load_corpus(path)
    assert not corpus.errors
    assert corpus[0].id not in ("None", "") and corpus[1].id == "12345"


def test_stdin_that_is_not_json_lines():
    rows = [json.dumps({"id": f"r{i}", "text": f"{BODY} {i}."}) for i in range(3)]
    # a stray first line before JSON Lines: an error in its place, the records still come
    for stdin in (io.StringIO("id,text\n" + "\n".join(rows)),
                  io.BytesIO(("id,text\n" + "\n".join(rows)).encode())):
        items = list(iter_articles(["-"], stdin=stdin))
        assert isinstance(items[0], InputError) and items[0].line == 1
        assert [a.id for a in items[1:]] == ["r0", "r1", "r2"]
    # one JSON array: refused in one line
    array = json.dumps([{"id": "a", "text": BODY}], indent=2)
    for stdin in (io.StringIO(array), io.BytesIO(array.encode())):
        (err,) = iter_articles(["-"], stdin=stdin)
        assert "JSON array, not JSON Lines" in str(err)
    # prose, even prose that starts with a bracket, is one article
    (article,) = iter_articles(["-"], stdin=io.StringIO("[Update] " + ARTICLE))
    assert article.source == "<stdin>" and "Astana" in article.text


# --------------------------------------------------------------------------------------------
# 7. ingest -o x.csv: every article's columns, and fields that never overwrite framing's own


def test_ingest_csv_has_the_union_of_columns_and_keeps_its_own(tmp_path):
    path = jsonl(tmp_path,
                 json.dumps({"id": "a", "text": BODY, "outlet": "A"}),
                 json.dumps({"id": "b", "text": BODY + " Two.", "desk": "Asia",
                             "source": "wire copy", "removed": "yes"}))
    out = tmp_path / "i.csv"
    assert main(["ingest", str(path), "-o", str(out)]) == 0
    import pandas as pd

    frame = pd.read_csv(out, dtype=str, keep_default_na=False).set_index("id")
    assert list(frame.columns[:2]) == ["source", "file"] and frame.columns[-1] == "text"
    assert frame.loc["b", "desk"] == "Asia" and frame.loc["a", "desk"] == ""
    assert frame.loc["b", "source"].endswith("c.jsonl:2")
    assert frame.loc["b", "meta_source"] == "wire copy" and frame.loc["b", "meta_removed"] == "yes"


# --------------------------------------------------------------------------------------------
# 8. Without a manifest: ids from file names, a file column, duplicates both scored


def test_scores_csv_without_manifest_has_file_ids_a_file_column_and_both_duplicates(
        tmp_path, caplog):
    (tmp_path / "in").mkdir()
    for stem in ("harbour-story", "harbour-copy"):
        (tmp_path / "in" / f"{stem}.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "scores.csv"
    assert main(["score", str(tmp_path / "in"), "--jobs", "1", "-o", str(out)]) == 0
    import pandas as pd

    frame = pd.read_csv(out)
    assert list(frame["id"]) == ["harbour-copy", "harbour-story"]
    assert list(frame.columns[:2]) == ["id", "file"]
    assert [f.rsplit("/", 1)[-1] for f in frame["file"]] == ["harbour-copy.txt",
                                                             "harbour-story.txt"]
    assert "harbour-story.txt: exact duplicate of" in caplog.text


def test_file_ids_stay_unique(tmp_path):
    for rel in ("a/x.txt", "b/x.txt", "a/x.md"):
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_text(f"{BODY} {rel}.", encoding="utf-8")
    assert [a.id for a in fr.load_corpus(tmp_path)] == ["a/x", "a/x.txt", "b/x"]
    # the folder's files listed first and then read (as the Dask engine does): the same ids
    from framing.ingest.reading import expand_paths

    files = list(expand_paths([tmp_path]))
    assert [a.id for a in fr.load_corpus(files)] == ["a/x", "a/x.txt", "b/x"]
    assert [a.id for a in fr.load_corpus(files[2:])] == ["b/x"]
    corpus = fr.load_corpus([tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"])
    assert [a.id for a in corpus] == ["x", "x.txt"]
    records = jsonl(tmp_path, json.dumps({"text": BODY}), json.dumps({"text": BODY + " 2."}))
    assert [a.id for a in fr.load_corpus(records)] == ["c-1", "c-2"]


# --------------------------------------------------------------------------------------------
# 6. DataFrames and dicts


def test_analyze_refuses_text_that_is_not_text_and_keeps_ids_and_columns():
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame({
        "id": ["k1", "k2", "k3", "k4", None],
        "text": [BODY, np.nan, None, 12345, BODY + " Five."],
        "desk": ["Asia", "Asia", "Europe", "Asia", "Europe"],
        "rating": [1, 2, 3, 4, 5],
    }, index=[10, 11, 12, 13, 14])
    with pytest.warns(UserWarning) as caught:
        articles, evidence = fr.analyze(frame, dimensions=["promotional"])
    messages = [str(w.message) for w in caught]
    assert messages == ["row 11: 'text' is missing (nan), not text; row skipped",
                        "row 12: 'text' is missing (None), not text; row skipped",
                        "row 13: 'text' is a number (12345), not text; row skipped"]
    assert list(articles.index) == ["k1", "row-14"]  # the id column kept; a missing id made
    assert list(articles["desk"]) == ["Asia", "Europe"]
    assert list(articles["rating"]) == [1, 5]
    joined = frame.set_index("id").join(articles[["promotional_per_1k"]], how="inner")
    assert list(joined["desk"]) == ["Asia"]  # joins back on the id


def test_load_corpus_takes_dicts_and_frames_with_errors_per_row():
    import pandas as pd

    corpus = fr.load_corpus([{"id": None, "text": BODY}, {"id": 7, "text": float("nan")},
                             {"id": 8.0, "text": BODY + " Two.", "outlet": "Gamma"}])
    assert [a.id for a in corpus] == ["record-0", "8"] and corpus[1].outlet == "Gamma"
    assert [str(e) for e in corpus.errors] == [
        "record 1: 'text' is missing (nan), not text; record skipped"]
    (article,) = fr.load_corpus({"text": BODY})
    assert article.id == "record-0"
    frame = pd.DataFrame({"text": [BODY, ""]}, index=["a", "b"])
    corpus = fr.load_corpus(frame)
    assert [a.id for a in corpus] == ["a"] and "row b: 'text' is empty" in str(corpus.errors[0])


def test_compare_groups_a_dataframe_by_its_own_column():
    import pandas as pd

    frame = pd.DataFrame({"id": ["a", "b", "c"], "text": [BODY, BODY + " Two.", BODY + " 3."],
                          "desk": ["Asia", "Europe", "Asia"]})
    from framing.views.notebook import score

    table = fr.compare(score(frame, dimensions=["promotional"]), by="desk")
    assert list(table.index) == ["Asia", "Europe"] and list(table["n_articles"]) == [2, 1]


def test_manifest_rows_that_do_not_parse_are_errors_and_the_rest_join(tmp_path):
    for stem in ("one", "two", "three"):
        (tmp_path / f"{stem}.txt").write_text(f"{BODY} {stem}.", encoding="utf-8")
    (tmp_path / "m.csv").write_text(
        'file;outlet;title\none.txt;One;"A "quoted" title"\ntwo.txt;Two;Second\n'
        "three.txt;Three;Third;extra\n", encoding="utf-8")
    corpus = fr.load_corpus(
        [tmp_path / "one.txt", tmp_path / "two.txt", tmp_path / "three.txt"],
        manifest=tmp_path / "m.csv")
    assert [a.outlet for a in corpus] == [None, "Two", None]
    assert [(e.path.endswith("m.csv"), e.line) for e in corpus.errors] == [(True, 2), (True, 4)]


def test_utf8_lines_in_a_file_that_starts_in_a_legacy_codepage(tmp_path, caplog):
    from framing.ingest import reading as ingest

    head = [json.dumps({"id": f"r{n}", "text": f"{BODY} caf\u00e9 \u201c{n}\u201d"},
                       ensure_ascii=False).encode("cp1252") for n in range(600)]
    assert sum(map(len, head)) > ingest.SAMPLE_BYTES  # the sample is all cp1252
    late = json.dumps({"id": "u", "text": f"{BODY} na\u00efve \u2014 Z\u00fcrich"},
                      ensure_ascii=False).encode("utf-8")
    (tmp_path / "c.jsonl").write_bytes(b"\n".join([*head, late, head[0]]) + b"\n")
    items = list(iter_articles([str(tmp_path / "c.jsonl")], clean=False))
    assert items[0].text.endswith("caf\u00e9 \u201c0\u201d")
    assert items[600].text.endswith("na\u00efve \u2014 Z\u00fcrich")
    assert "c.jsonl:601: this line (and any like it) is UTF-8" in caplog.text
