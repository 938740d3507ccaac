"""Ingestion: every input kind, the manifest, ids, and bad input that never stops the rest."""

import json

import pytest

import framing as fr
from framing.errors import InputError
from framing.ingest import content_id, iter_articles

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
    assert corpus[0].id == content_id(corpus[0].text)
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


def test_duplicate_ids(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.txt", ARTICLE)  # same text, same content hash
    corpus = fr.load_corpus(tmp_path)
    assert len(corpus) == 1
    assert "duplicate id" in str(corpus.errors[0]) and "a.txt" in str(corpus.errors[0])


def test_missing_file_and_unknown_suffix(tmp_path):
    write(tmp_path / "x.pdf", b"%PDF-1.4")
    corpus = fr.load_corpus([tmp_path / "nope.txt", tmp_path / "x.pdf"])
    assert not corpus
    assert "cannot read" in str(corpus.errors[0])
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
