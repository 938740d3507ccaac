"""A pattern with many optional words or alternatives is refused before it is expanded.

``[w0] [w1] … [w29] end`` stands for 2**30 word sequences; expanding it used to take all the
memory there was. These tests finish in milliseconds because nothing is expanded.
"""

from __future__ import annotations

import tracemalloc

import pytest

from framing.cli import main
from framing.dimensions.criticism.profiles import ProfileError, read_profile
from framing.errors import LexiconError
from framing.lexicon import MAX_SEQUENCES, parse_pattern, read_lexicon

HUGE = " ".join(f"[w{i}]" for i in range(30)) + " end"
WIDE = " ".join("|".join(f"a{i}x{k}" for k in range(12)) for i in range(12))  # 12**12

LEXICON = """# name: tiny
# version: 0.0.1
# dimension: promotional
# category: hyperbole = a hyperbole
pattern\tcategory\tweight\trules\tnote\tsource
amazing\thyperbole\t1.0\t\tbig\ttest
{pattern}\thyperbole\t1.0\t\tbig\ttest
"""

PROFILE = """\
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
cues = ["resettle*", "{pattern}"]
references = ["World Commission on Dams (2000). Dams and Development."]
"""


@pytest.mark.parametrize("pattern", [HUGE, WIDE])
def test_parse_pattern_refuses_an_explosion_without_expanding_it(pattern):
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=f"more than {MAX_SEQUENCES} word sequences"):
            parse_pattern(pattern)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000  # bytes: the sequences were counted, never built


def test_patterns_at_the_cap_still_expand():
    nine = " ".join(f"[w{i}]" for i in range(9)) + " end"  # 2**9 = 512 sequences
    assert len(parse_pattern(nine)) == 512
    ten = " ".join(f"[w{i}]" for i in range(10)) + " end"  # 1024: one doubling too many
    with pytest.raises(ValueError):
        parse_pattern(ten)


def test_a_lexicon_line_that_explodes_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "huge.tsv"
    path.write_text(LEXICON.format(pattern=HUGE), encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        read_lexicon(path)
    message = str(info.value)
    assert message.startswith(f"{path}:7: pattern '[w0] [w1]")
    assert "split it into several entries" in message
    assert "\n" not in message


def test_a_lexicon_file_with_too_many_sequences_in_all_is_refused(tmp_path):
    rows = "".join(
        f"{'|'.join(f'r{i}w{k}' for k in range(40))} [x] [y] [z]\thyperbole\t1.0\t\t\ttest\n"
        for i in range(400)  # 320 sequences a line, each allowed; 128,000 in all
    )
    path = tmp_path / "long.tsv"
    path.write_text(LEXICON.format(pattern="huge") + rows, encoding="utf-8")
    with pytest.raises(LexiconError, match=r"long\.tsv:320: .*split the lexicon"):
        read_lexicon(path)


def test_validate_and_score_refuse_the_file_in_one_line(tmp_path, capsys):
    bad = tmp_path / "huge.tsv"
    bad.write_text(LEXICON.format(pattern=HUGE), encoding="utf-8")
    good = tmp_path / "fine.tsv"
    good.write_text(LEXICON.format(pattern="[truly] stunning"), encoding="utf-8")
    assert main(["lexicons", "validate", str(bad), str(good)]) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and f"{bad}:7:" in err
    assert f"{good}: ok" in out
    article = tmp_path / "a.txt"
    article.write_text("An amazing day.\n", encoding="utf-8")
    out_file = tmp_path / "scores.jsonl"
    assert main(["score", str(article), "--lexicon", str(bad), "-o", str(out_file)]) != 0
    _, err = capsys.readouterr()
    assert f"{bad}:7:" in err and "Traceback" not in err
    assert not out_file.exists()


def test_a_topic_cue_that_explodes_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_text(PROFILE.format(pattern=HUGE), encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        read_profile(path, base_discourse={})
    message = str(info.value)
    assert "huge.toml:13:" in message and "more than" in message
