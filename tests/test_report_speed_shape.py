"""The fast paths of the report keep its shape: the JSON text.

At 500 articles the report is written by orjson; each test holds it against what the json
module wrote.
"""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest

from contradict import Article
from contradict.formats import render, write_report
from contradict.report import json_bytes

FOX = Article(id="fox", source="Fox News", date="2021-12-25", text=(
    "Russia has withdrawn over 10,000 troops from the Ukrainian border.\n\n"
    "Putin has repeatedly denied plans to invade Ukraine.\n"))
BBC = Article(id="bbc", source="BBC", date="2022-02-15", text=(
    "Russia has withdrawn at least 10,000 troops from the Ukrainian border.\n\n"
    "Putin has confirmed plans to invade Ukraine.\n"))
EXPRESS = Article(id="express", source="Express", date="2021-12-25", text=(
    "Estimates for the number of Russian troops at the border vary from 60,000 to 90,000.\n\n"
    "Talks with Germany are planned in Geneva next month.\n"))
AFP = Article(id="afp", source="AFP", date="2022-02-17", text=(
    "More than 100,000 Russian troops have massed at the border.\n\n"
    "Talks with Germany are planned in Geneva next month.\n"))
REUTERS = Article(id="reuters", source="Reuters", title="Ünïcode “quotes” \\ and \"escapes\"", text=(
    "More than 100,000 Russian troops have gathered at the border, officials said.\n\n"
    "Talks with Germany are planned in Geneva next month — 😀 é ß.\n"))
SKY = Article(id="sky", source="Sky", date="2022-02-18",
              text="Estimates for the number of Russian troops at the border reach 150,000.\n")
FOX_COPY = Article(id="fox-copy", source="Fox Syndicate", text=FOX.text.replace("Ukrainian", "Ukraine"))


def same(a, b, path="$"):
    """Equal values of equal types all the way down (1 != 1.0, True != 1); the first difference, or None."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} {a!r} != {type(b).__name__} {b!r}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} != {list(b)}"
        return next((d for key in a if (d := same(a[key], b[key], f"{path}.{key}"))), None)
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        return next((d for i, (x, y) in enumerate(zip(a, b)) if (d := same(x, y, f"{path}[{i}]"))), None)
    if a is b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)):  # NaN and NaT equal themselves here
        return None
    return None if a == b and repr(a) == repr(b) else f"{path}: {a!r} != {b!r}"


@pytest.fixture
def small_report(fake_pipeline):
    # Express's troop count conflicts with Reuters' and Sky's; the Fox copy is merged away.
    return fake_pipeline.analyze([FOX, FOX_COPY, BBC, EXPRESS, AFP, SKY, REUTERS])


# ---------------------------------------------------------------------- JSON text


def test_to_json_is_the_two_space_layout_of_json_dumps(small_report):
    data = small_report.to_dict()
    text = small_report.to_json()
    assert "Ünïcode “quotes” \\\\ and \\\"escapes\\\"" in text and "😀" in text  # written as itself, escaped as JSON
    assert text == json.dumps(data, indent=2, ensure_ascii=False)
    assert same(json.loads(text), data) is None


def test_compact_json_is_one_line_and_other_indents_are_refused(small_report):
    compact = small_report.to_json(indent=None)
    assert "\n" not in compact and json.loads(compact) == json.loads(small_report.to_json())
    with pytest.raises(ValueError, match="indent must be 2 or None"):
        small_report.to_json(indent=4)


def test_json_bytes_writes_numpy_values_non_finite_numbers_and_non_string_keys():
    value = {"n": np.int64(3), "x": np.float64(0.5), "nan": np.float64("nan"), "inf": float("inf"),
             "flag": np.bool_(True), "array": np.arange(3), "pair": (1, 2), 7: "seven", "empty": [], "none": {}}
    assert json.loads(json_bytes(value)) == {"n": 3, "x": 0.5, "nan": None, "inf": None, "flag": True,
                                             "array": [0, 1, 2], "pair": [1, 2], "7": "seven", "empty": [], "none": {}}
    assert json_bytes(value).decode("utf-8").startswith('{\n  "n": 3,\n  "x": 0.5,')
    with pytest.raises(TypeError):
        json_bytes({"when": object()})


def test_every_way_of_writing_json_writes_the_same_text(small_report, tmp_path):
    text = render(small_report, "json")
    assert text == small_report.to_json() + "\n"
    write_report(small_report, "json", output=tmp_path / "cli.json")
    small_report.to_json(path=tmp_path / "api.json")
    stream = io.StringIO()
    write_report(small_report, "JSON", stream=stream)
    assert (tmp_path / "cli.json").read_bytes() == (tmp_path / "api.json").read_bytes() == text.encode("utf-8")
    assert stream.getvalue() == text
