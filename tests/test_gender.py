"""The first-name list (extract.gender): what it says, what it will not say,
and that the developer tool that builds it keeps only near-certain names."""

from __future__ import annotations

import json

from reportedly.extract.gender import build, first_name_gender, honorific_before


def test_first_names_say_little_and_only_when_nearly_certain():
    assert first_name_gender("Ivanka Trump") == "f"
    assert first_name_gender("Donald Trump") == "m"
    assert first_name_gender("Leslie Wimes") is None  # given to both
    assert first_name_gender("Trump") is None  # no first name
    assert first_name_gender("J. Smith") is None  # an initial
    assert first_name_gender("Sheikh Hasina") is None  # a title, and then no first name
    assert first_name_gender("Gen. Mark Milley") == "m"
    assert first_name_gender("Xqzt Lorn") is None  # not in the list


def test_honorific_before_a_name():
    text = "Mrs. Novak and Mr Holm and Dr. Berg"
    assert honorific_before(text, text.index("Novak")) == "f"
    assert honorific_before(text, text.index("Holm")) == "m"
    assert honorific_before(text, text.index("Berg")) is None


def test_build_keeps_frequent_near_certain_names(tmp_path):
    data = {"anna": [9, 5000, 0.99, 3], "tom": [9, 5000, 0.02, 3], "kim": [9, 5000, 0.6, 3],
            "rare": [1, 12, 1.0, 3], "o'neil": [3, 900, 0.0, 3]}
    src = tmp_path / "name_data.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "first_names.json"
    assert build(src, out) == 2
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["f"] == "anna" and got["m"] == "tom"
