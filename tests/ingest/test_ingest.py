"""Ingestion: every input kind, the manifest, ids, and bad input that never stops the rest."""

import csv
import io
import json

import pytest

import framing as fr
from framing.errors import InputError
from framing.ingest import reading as ingest
from framing.ingest.reading import iter_articles

ARTICLE = (
    "Leaders met in Astana\n\n"
    "Leaders of China and five Central Asian states met in Astana on Tuesday to sign a treaty. "
    "Trade between the two sides reached about 95 billion dollars last year, officials said.\n\n"
    "Critics warned that debt to Chinese banks keeps growing."
)


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_folder_of_text_files_recursive(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "b.md", ARTICLE.replace("Astana", "Xi'an"))
    write(tmp_path / "notes.bin", b"\x00\x01")  # unknown suffix inside a folder: skipped
    corpus = fr.load_corpus(tmp_path)
    assert not corpus.errors
    assert [a.source.rsplit("/", 1)[-1] for a in corpus] == ["a.txt", "b.md"]
    assert [a.id for a in corpus] == ["a", "sub/b"]  # from the file names, below the folder
    assert corpus[0].file == str(tmp_path / "a.txt")
    assert "debt to Chinese banks" in corpus[0].text


def test_manifest_wins_and_extra_columns_are_kept(tmp_path):
    write(tmp_path / "a.txt", "By Jane Roe\n\n" + ARTICLE)
    write(tmp_path / "m.csv", "file,id,outlet,published,desk\na.txt,art-1,Steppe Wire,2025-06-17,Asia\n")
    (article,) = fr.load_corpus(tmp_path / "a.txt", manifest=tmp_path / "m.csv")
    assert article.id == "art-1"
    assert article.outlet == "Steppe Wire" and article.provenance["outlet"] == "manifest"
    assert article.meta["desk"] == "Asia"
    assert article.published == "2025-06-17"


def test_manifest_inside_the_folder_is_not_read_as_articles(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "meta.csv", "file,outlet\na.txt,Steppe Wire\n")
    write(tmp_path / "manifest.csv", "file,outlet\na.txt,Other\n")
    corpus = fr.load_corpus(tmp_path, manifest=tmp_path / "meta.csv")
    assert not corpus.errors, corpus.errors
    assert [a.outlet for a in corpus] == ["Steppe Wire"]
    # without --manifest a folder's manifest.csv is still passed over, not taken for a corpus
    (tmp_path / "meta.csv").unlink()
    corpus = fr.load_corpus(tmp_path)
    assert not corpus.errors and len(corpus) == 1


def test_jsonl_and_csv_corpora(tmp_path):
    lines = [{"id": "j1", "text": ARTICLE, "outlet": "A"}, {"id": "j2", "content": ARTICLE + " More.", "outlet": "B"}]
    write(tmp_path / "c.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    write(tmp_path / "c.csv", 'id,outlet,body\nc1,C,"' + ARTICLE.replace('"', '""') + ' Csv."\n')
    corpus = fr.load_corpus([tmp_path / "c.jsonl", tmp_path / "c.csv"])
    assert not corpus.errors
    assert [a.id for a in corpus] == ["j1", "j2", "c1"]
    assert [a.outlet for a in corpus] == ["A", "B", "C"]


def test_stdin(tmp_path):
    import io

    items = list(iter_articles(["-"], stdin=io.StringIO(ARTICLE)))
    assert items[0].source == "<stdin>" and "Astana" in items[0].text


def test_encodings_are_decoded(tmp_path):
    ru = "Торговля между Китаем и Казахстаном выросла. Эксперты говорят о новых проектах и долгах."
    write(tmp_path / "utf16.txt", ARTICLE, "utf-16")
    write(tmp_path / "cp1251.txt", ru * 3, "cp1251")
    write(tmp_path / "bom.txt", "\ufeff" + ARTICLE.replace("Tuesday", "Monday"))
    corpus = fr.load_corpus(tmp_path)
    assert not corpus.errors
    texts = {a.source.rsplit("/", 1)[-1]: a.text for a in corpus}
    assert "Astana" in texts["utf16.txt"] and "Astana" in texts["bom.txt"]
    assert "Казахстаном" in texts["cp1251.txt"]


BAD_INPUTS = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("binary.txt", b"PK\x03\x04\x00\x00\x14\x00" * 20, "binary file"),
    ("garbage.txt", bytes(range(0x80, 0x100)) * 3, "cannot decode"),
]


@pytest.mark.parametrize("name, data, message", BAD_INPUTS)
def test_bad_file_is_one_error_and_others_survive(tmp_path, name, data, message):
    write(tmp_path / "good.txt", ARTICLE)
    write(tmp_path / name, data)
    corpus = fr.load_corpus(tmp_path)
    assert [a.source.rsplit("/", 1)[-1] for a in corpus] == ["good.txt"]
    (err,) = corpus.errors
    assert err.path.endswith(name) and message in str(err)
    assert "\n" not in str(err)


def test_malformed_jsonl_line_names_the_line(tmp_path):
    write(tmp_path / "c.jsonl", json.dumps({"id": "1", "text": ARTICLE}) + "\n{not json\n"
          + json.dumps({"id": "3", "text": ARTICLE + " Third."}) + "\n[1, 2]\n")
    corpus = fr.load_corpus(tmp_path / "c.jsonl")
    assert [a.id for a in corpus] == ["1", "3"]
    assert [(e.line, e.path.endswith("c.jsonl")) for e in corpus.errors] == [(2, True), (4, True)]
    assert "not valid JSON" in str(corpus.errors[0])


def test_csv_without_text_column(tmp_path):
    write(tmp_path / "c.csv", "id,headline\n1,Something\n")
    corpus = fr.load_corpus(tmp_path / "c.csv")
    assert not corpus
    assert "no text column" in str(corpus.errors[0]) and "--text-field" in str(corpus.errors[0])


def test_manifest_naming_a_missing_file(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "m.csv", "file,outlet\na.txt,A\nmissing.txt,B\n")
    corpus = fr.load_corpus(tmp_path / "a.txt", manifest=tmp_path / "m.csv")
    assert len(corpus) == 1
    (err,) = corpus.errors
    assert err.line == 3 and "missing.txt" in str(err)


def test_duplicate_ids(tmp_path, caplog):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.txt", ARTICLE)  # the same text: both read, and a warning
    corpus = fr.load_corpus(tmp_path)
    assert [a.id for a in corpus] == ["a", "b"] and not corpus.errors
    assert "b.txt: exact duplicate of" in caplog.text and "a.txt" in caplog.text
    write(tmp_path / "m.csv", "file,id\na.txt,x\nb.txt,x\n")  # the same id twice
    corpus = fr.load_corpus(tmp_path, manifest=tmp_path / "m.csv")
    assert len(corpus) == 1
    assert "duplicate id 'x'" in str(corpus.errors[0]) and "a.txt" in str(corpus.errors[0])


def test_missing_file_and_unknown_suffix(tmp_path):
    write(tmp_path / "x.pdf", b"%PDF-1.4")
    corpus = fr.load_corpus([tmp_path / "nope.txt", tmp_path / "x.pdf"])
    assert not corpus
    assert str(corpus.errors[0]).endswith("nope.txt: no such file or folder")
    assert "unknown file type .pdf" in str(corpus.errors[1])


def test_html_page_through_trafilatura(tmp_path):
    paras = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[1:])
    html = (
        "<html><head><title>Leaders met in Astana | Steppe Wire</title></head><body>"
        "<nav><ul><li>Home</li><li>News</li><li>Sports</li></ul></nav>"
        f"<article><h1>Leaders met in Astana</h1>{paras}</article>"
        "<footer>© 2025 Steppe Wire. All rights reserved.</footer></body></html>"
    )
    write(tmp_path / "page.html", html)
    (article,) = fr.load_corpus(tmp_path / "page.html")
    assert "debt to Chinese banks" in article.text
    assert "All rights reserved" not in article.text
    assert "Sports" not in article.text


def test_errors_are_input_errors():
    assert issubclass(InputError, fr.FramingError)


# --------------------------------------------------------------------------------------------
# JSONL, CSV and stdin are read a line at a time


class CountingStream(io.RawIOBase):
    """Bytes given on demand, counting how many were taken (a pipe into stdin)."""

    def __init__(self, data):
        self.data = memoryview(data)
        self.taken = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), len(self.data) - self.taken)
        buffer[:n] = self.data[self.taken:self.taken + n]
        self.taken += n
        return n


def jsonl_lines(n, start=0):
    return [json.dumps({"id": f"r{i}", "text": f"{ARTICLE} Report {i}, é."}, ensure_ascii=False)
            for i in range(start, start + n)]


def test_jsonl_stdin_is_read_as_it_is_consumed():
    data = ("\n".join(jsonl_lines(3000)) + "\n").encode("utf-8")
    stream = CountingStream(data)
    items = iter_articles(["-"], stdin=stream, clean=False)
    first = next(items)
    assert first.id == "r0" and first.source == "<stdin>:1"
    assert stream.taken < len(data) / 4  # the sample and a buffer, not the whole input
    assert [a.id for a in items] == [f"r{i}" for i in range(1, 3000)]
    assert stream.taken == len(data)


def test_stray_bytes_after_the_sample_are_replaced_with_a_warning(tmp_path, caplog):
    head = "\n".join(jsonl_lines(400)) + "\n"  # UTF-8, longer than the sample read to detect it
    assert len(head.encode()) > ingest.SAMPLE_BYTES
    bad = json.dumps({"id": "cp", "text": ARTICLE + " \x93quoted\x94"}).encode()
    bad = bad.replace(b"\\u0093", b"\x93").replace(b"\\u0094", b"\x94")  # cp1252 quote bytes
    tail = "\n".join(jsonl_lines(2, start=400)) + "\n"
    write(tmp_path / "c.jsonl", head.encode() + bad + b"\n" + tail.encode())
    corpus = fr.load_corpus(tmp_path / "c.jsonl")
    assert not corpus.errors
    assert [a.id for a in corpus] == [f"r{i}" for i in range(400)] + ["cp", "r400", "r401"]
    assert corpus[400].text.endswith("\ufffdquoted\ufffd")
    offset = len(head.encode()) + bad.index(b"\x93")
    (warning,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert "c.jsonl:401:" in warning and f"byte offset {offset}, {offset + 7}" in warning


def test_undecodable_line_in_csv_ends_the_file_with_its_line(tmp_path):
    rows = "".join(f'c{i},"{ARTICLE} Row {i}, \u201cé\u201d."\n' for i in range(300))
    assert len(rows) > ingest.SAMPLE_BYTES  # 5 lines a row
    data = ("id,text\n" + rows).encode("cp1252") + b'bad,"a \x81 b"\n' + b'late,"' \
        + ARTICLE.encode() + b'"\n'  # 0x81: no character in cp1252
    write(tmp_path / "c.csv", data)
    corpus = fr.load_corpus(tmp_path / "c.csv")
    assert [a.id for a in corpus] == [f"c{i}" for i in range(300)]
    (err,) = corpus.errors
    assert err.line == 1 + 300 * 5 + 1 and "rest of the file is not read" in err.message
    assert [a.source.rsplit(":", 1)[-1] for a in corpus][:2] == ["6", "11"]  # a row's last line


def test_csv_rows_across_lines_keep_the_file_line_numbers(tmp_path):
    text = ARTICLE.replace('"', '""')
    write(tmp_path / "c.csv", "\ufeffid,outlet,text\r\n"
          f'a,A,"{text}"\r\n'
          'b,B,""\r\n'  # empty text: an error naming its line
          f'c,C,"{text} Third."\r\n')
    corpus = fr.load_corpus(tmp_path / "c.csv")
    assert [(a.id, a.outlet, a.source.rsplit(":", 1)[-1]) for a in corpus] == [
        ("a", "A", "6"), ("c", "C", "12")]
    (err,) = corpus.errors
    assert err.line == 7 and "empty" in err.message


def test_record_files_in_other_encodings(tmp_path):
    lines = jsonl_lines(3)
    write(tmp_path / "u16.jsonl", "\n".join(lines) + "\n", "utf-16")
    write(tmp_path / "cp.jsonl", "\n".join(lines).replace("é", "\u201cé\u201d") + "\n", "cp1252")
    corpus = fr.load_corpus([tmp_path / "u16.jsonl", tmp_path / "cp.jsonl"])
    assert [a.id for a in corpus] == ["r0", "r1", "r2"]  # the second file's ids: duplicates
    assert len(corpus.errors) == 3 and all("duplicate id" in str(e) for e in corpus.errors)
    (first,) = fr.load_corpus(tmp_path / "cp.jsonl", clean=False)[:1]
    assert first.text.endswith("Report 0, \u201cé\u201d.")


def test_line_separator_inside_a_json_string_is_not_a_line_break(tmp_path):
    record = {"id": "ls", "text": ARTICLE.replace("\n\n", "\u2028")}
    write(tmp_path / "c.jsonl", json.dumps(record, ensure_ascii=False) + "\n")
    corpus = fr.load_corpus(tmp_path / "c.jsonl", clean=False)
    assert not corpus.errors and corpus[0].id == "ls"


def test_stdin_jsonl_text_and_bytes():
    text = "\n" + "\n".join(jsonl_lines(2)) + "\n[1]\n"
    for stdin in (io.StringIO(text), io.BytesIO(text.encode("utf-16"))):
        items = list(iter_articles(["-"], stdin=stdin))
        assert [a.source for a in items[:2]] == ["<stdin>:2", "<stdin>:3"]
        assert items[2].line == 4 and "must be an object" in str(items[2])
    (article,) = iter_articles(["-"], stdin=io.BytesIO(ARTICLE.encode("cp1252")))
    assert article.source == "<stdin>" and "Astana" in article.text
    (err,) = iter_articles(["-"], stdin=io.BytesIO(b" \n"))
    assert "empty file" in str(err)


@pytest.mark.parametrize("name", ["c.jsonl", "c.csv"])
def test_parts_of_a_file_read_in_order_give_the_whole_file(tmp_path, name):
    lines = jsonl_lines(120)
    lines[7], lines[30], lines[31] = "{not json", "", json.dumps({"id": "r1", "text": ARTICLE})
    if name == "c.jsonl":
        data = "\n".join(lines) + "\n"
    else:
        rows = [json.loads(x) if x.startswith('{"') else {"id": "", "text": ""} for x in lines]
        data = "\ufeffid,text\r\n" + "".join(
            f'{r["id"]},"{r["text"]}"\r\n' for r in rows)  # every text spans several lines
    write(tmp_path / name, data)
    shown = [str(x) if isinstance(x, InputError) else (x.id, x.source, x.text)
             for x in iter_articles([tmp_path / name])]
    assert any(isinstance(x, str) for x in shown)
    for size in (1, 2000, 9000):
        parts = ingest.split_record_file(str(tmp_path / name), size)
        assert len(parts) > 1 and parts[0].start == 0
        assert all(a.end == b.start for a, b in zip(parts, parts[1:]))
        assert [str(x) if isinstance(x, InputError) else (x.id, x.source, x.text)
                for x in iter_articles(parts)] == shown
    assert ingest.split_record_file(str(tmp_path / name), 10**9) == []  # small: read whole


def test_files_that_are_not_cut(tmp_path):
    write(tmp_path / "c.csv", "id,headline\n" + "1,Something\n" * 100)  # no text column
    write(tmp_path / "u.jsonl", "\n".join(jsonl_lines(20)) + "\n", "utf-16")
    write(tmp_path / "a.txt", ARTICLE * 20)
    for name in ("c.csv", "u.jsonl", "a.txt", "missing.jsonl"):
        assert ingest.split_record_file(str(tmp_path / name), 100) == []


def test_csv_article_longer_than_csv_default_field_limit(tmp_path):
    long_text = "The council debated the budget at length. " * 5000  # about 210,000 characters
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text"])
        writer.writerow(["long-1", long_text])
    items = list(iter_articles([str(path)], clean=False))
    assert [type(x).__name__ for x in items] == ["Article"]
    assert len(items[0].text) > 200_000


def test_manifest_matches_by_path_then_id_then_unique_name(tmp_path, caplog):
    from framing.ingest.reading import Manifest

    path = tmp_path / "manifest.csv"
    path.write_text("file,id,outlet\nsub/a.txt,,First\n,x9,ById\na.txt,,Second\n,,Blank\n"
                    "c/unique.txt,,Fourth\n", encoding="utf-8")
    manifest = Manifest.read(path)
    assert manifest.match(file="/data/other/a.txt") is None  # two rows name a.txt
    assert manifest.match(file=str(tmp_path / "sub" / "a.txt"))["outlet"] == "First"
    assert manifest.match(file="/data/in/sub/a.txt", root="/data/in")["outlet"] == "First"
    assert manifest.match(file="/data/in/a.txt", root="/data/in")["outlet"] == "Second"
    assert manifest.match(file="/data/ba.txt") is None  # a name that only ends the same
    assert manifest.match(id="x9")["outlet"] == "ById"
    assert manifest.match(file="/data/in/a.txt", root="/data/in", id="x9")["outlet"] == "ById"
    assert manifest.match(file="/data/c.txt", id="nope") is None
    assert manifest.match(file="/elsewhere/unique.txt")["outlet"] == "Fourth"  # unique name
    assert manifest.match(file="/elsewhere/unique.txt")["outlet"] == "Fourth"  # the same file
    assert manifest.match(file="/other/unique.txt") is None  # a second file of that name
    assert "matches both /elsewhere/unique.txt and /other/unique.txt" in caplog.text
    assert sorted(manifest.used) == [0, 1, 2, 4]
    assert [e.line for e in manifest.unused()] == [5]
