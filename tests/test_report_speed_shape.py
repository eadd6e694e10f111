"""The fast paths of the report keep its shape: records, to_dict, build_report, stances, CSV and the JSON text.

At 500 articles the report is read column by column, built from plain lists and written by
orjson; each test holds one of those against the plain row-by-row reading it replaced.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from contradict import Article
from contradict.compare import claim_to_dict, comparison_to_dict
from contradict.formats import _csv_cell, _present, render, write_report
from contradict.identity import claim_key, group_id, pair_key
from contradict.report import SCHEMA_VERSION, USED, _clean, _records, gc_paused, json_bytes
from contradict.verdict import AGREE, CONFLICT, agreement_groups, topic_stance

from conftest import AFP, BBC, EXPRESS, FOX

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

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


def reference_records(frame: pd.DataFrame) -> list[dict]:
    """The row-by-row reading the column-wise one replaced."""
    return [{key: _clean(value) for key, value in record.items()} for record in frame.to_dict(orient="records")]


@pytest.fixture
def seeds_report(fake_pipeline):
    return fake_pipeline.analyze([SEEDS])


@pytest.fixture
def small_report(fake_pipeline):
    # Express's troop count conflicts with Reuters' and Sky's; the Fox copy is merged away.
    return fake_pipeline.analyze([FOX, FOX_COPY, BBC, EXPRESS, AFP, SKY, REUTERS])


# ---------------------------------------------------------------------- records


def test_records_clean_every_dtype_as_the_row_by_row_reading():
    frame = pd.DataFrame({
        "float": [1.5, float("nan"), float("inf"), -float("inf"), 0.0],
        "int": np.arange(5, dtype="int64"),
        "uint": np.arange(5, dtype="uint8"),
        "bool": [True, False, True, False, True],
        "float32": np.array([0.1, 2, np.nan, 3, 4], dtype="float32"),
        "Int64": pd.array([1, None, 3, None, 5], dtype="Int64"),
        "boolean": pd.array([True, None, False, True, None], dtype="boolean"),
        "str": ["a", None, "ü", "", "b"],
        "lists": [["x"], [], ["y", "z"], [1], []],
        "mixed": [("t", 1), np.int64(3), np.float64("nan"), pd.NA, {"k": 1}],
        "scores": pd.Series([0.25, None, float("nan"), 1.0, float("inf")], dtype=object),
        "nothing": [None] * 5,
        "plain": ["a", 1, True, None, [2]],
        "when": pd.to_datetime(["2022-01-01", None, "2022-01-03", "2022-01-04", "2022-01-05"]),
    })
    assert frame["scores"].dtype == object and frame["str"].dtype != object  # the dtypes the report meets
    assert same(_records(frame), reference_records(frame)) is None


def test_records_of_empty_and_column_less_frames():
    empty = pd.DataFrame([], columns=["a", "b"])
    assert _records(empty) == reference_records(empty) == []
    no_columns = pd.DataFrame(index=range(3))
    assert _records(no_columns) == reference_records(no_columns) == [{}, {}, {}]


@pytest.mark.filterwarnings("ignore:DataFrame columns are not unique")
def test_records_keep_a_repeated_column_name_where_a_dict_would():
    frame = pd.DataFrame([[1, "x", 2.5]], columns=["a", "b", "a"])
    assert same(_records(frame), reference_records(frame)) is None


# ---------------------------------------------------------------------- to_dict


def reference_to_dict(report) -> dict:
    """Report.to_dict(version=1) as it read the frames row by row, one claim_to_dict per mention."""
    def claim(sentence_id):
        return claim_to_dict(report.claims[sentence_id]) if sentence_id in report.claims else None

    def pair(row):
        comparison = report.comparisons.get(row["pair_id"])
        side = {prefix: {"sentence": row[f"{prefix}_sentence_id"], "source": row[f"{prefix}_source"],
                         "article": row[f"{prefix}_article"], "date": row[f"{prefix}_date"],
                         "text": row[f"{prefix}_text"], "claim": claim(row[f"{prefix}_sentence_id"])} for prefix in "ab"}
        return {"id": row["pair_id"], "topic": row["topic"], "topic_id": row["topic_id"], "a": side["a"], "b": side["b"],
                "verdict": row["verdict"], "confidence": row["confidence"], "reason": row["reason"],
                "truncated": row["truncated"],
                "scores": {"cosine": row["cosine"],
                           "nli": {key: row[key] for key in ("contradiction_ab", "contradiction_ba", "entailment_ab",
                                                             "entailment_ba")},
                           "numeric": comparison_to_dict(comparison) if comparison is not None else None}}

    def old(records):  # schema 1 has no stories
        return [{key: value for key, value in record.items() if key != "story_id"} for record in records]

    sources: dict[str, list[str]] = {}
    for row in report.articles.itertuples():
        sources.setdefault(row.source, []).append(row.id)
    summary = {key: value for key, value in report.summary().items() if key != "stories"}
    return {
        "schema_version": "1.1", "tool": report.meta.get("tool", {}), "models": report.meta.get("models", {}),
        "thresholds": report.meta.get("thresholds", {}), "summary": summary,
        "sources": [{"source": name, "articles": ids} for name, ids in sorted(sources.items())],
        "files": reference_records(report.files), "articles": old(reference_records(report.articles)),
        "sentences": [{**record, "claim": claim(record["id"])} for record in old(reference_records(report.sentences))],
        "topics": old(reference_records(report.topics)), "pairs": [pair(row) for row in reference_records(report.pairs)],
        "findings": old(reference_records(report.findings)), "warnings": list(report.warnings),
    }


@pytest.mark.parametrize("which", ["seeds_report", "small_report"])
def test_to_dict_is_the_row_by_row_reading(which, request):
    report = request.getfixturevalue(which)
    assert len(report.pairs) and report.claims
    assert same(report.to_dict(version=1), reference_to_dict(report)) is None


@pytest.mark.parametrize("which", ["seeds_report", "small_report"])
def test_schema_2_pairs_name_what_schema_1_pairs_repeat(which, request):
    report = request.getfixturevalue(which)
    old, new = report.to_dict(version=1), report.to_dict(version=2)
    assert new["schema_version"] == "2.1" and new["summary"]["stories"] == len(new["stories"]) == 1
    sentences = {record["id"]: record for record in new["sentences"]}
    articles = {record["id"]: record for record in new["articles"]}
    assert len(old["pairs"]) == len(new["pairs"]) > 0
    for before, after in zip(old["pairs"], new["pairs"]):
        for side in "ab":
            sentence = sentences[after[side]]
            assert before[side] == {"sentence": after[side], "source": sentence["source"], "article": sentence["article_id"],
                                    "date": articles[sentence["article_id"]]["date"], "text": sentence["text"],
                                    "claim": sentence["claim"]}
        nli = before["scores"]["nli"]
        assert after["scores"]["nli"] == (None if all(value is None for value in nli.values()) else nli)
        numeric_before, numeric_after = before["scores"]["numeric"], after["scores"]["numeric"]
        if numeric_before["status"] == "no numbers":  # most pairs: schema 2 writes null
            assert numeric_after is None
            continue
        for side in "ab":  # a quantity is named by its place in the claim of its own sentence
            position = numeric_after[side]
            quantities = sentences[after[side]]["claim"]["quantities"]
            assert (position is None and numeric_before[side] is None) or quantities[position] == numeric_before[side]
        assert {key: numeric_after[key] for key in ("status", "explanation", "gap")} == {
            key: numeric_before[key] for key in ("status", "explanation", "gap")}
        assert {key: after[key] for key in ("id", "topic_id", "verdict", "confidence", "reason", "truncated")} == {
            key: before[key] for key in ("id", "topic_id", "verdict", "confidence", "reason", "truncated")}


def test_a_sentence_claim_reads_the_same_in_its_record_and_in_every_pair(small_report):
    data = small_report.to_dict(version=1)
    claims = {record["id"]: record["claim"] for record in data["sentences"]}
    quoted = [(side["sentence"], side["claim"]) for pair in data["pairs"] for side in (pair["a"], pair["b"])]
    assert len({sentence for sentence, _ in quoted}) < len(quoted)  # some sentence is in several pairs
    for sentence, claim in quoted:
        reading = small_report.claims.get(sentence)  # None for a syndicated copy's merged sentence: not a claim
        assert claim == claims[sentence] == (claim_to_dict(reading) if reading is not None else None)
    assert sum(claim is not None for _, claim in quoted) > len(quoted) / 2


# ---------------------------------------------------------------------- build_report


def reference_findings_and_topics(pairs, sentences, labels):
    """Findings and topic rows as build_report made them by filtering the frames topic by topic."""
    used = sentences[sentences["status"] == USED]
    findings, topic_rows = [], []
    # no group holds both sentences of a conflict or a dispute
    disagreeing = [(r.a_sentence_id, r.b_sentence_id) for r in pairs[pairs["verdict"].isin([CONFLICT, "dispute"])].itertuples()]
    for topic_id in sorted(labels):
        members = used[used["topic_id"] == topic_id]
        topic_pairs = pairs[pairs["topic_id"] == topic_id]
        conflicts = topic_pairs[topic_pairs["verdict"] == CONFLICT].sort_values(["confidence", "pair_id"],
                                                                               ascending=[False, True])
        disputes = topic_pairs[topic_pairs["verdict"] == "dispute"]
        for row in list(conflicts.itertuples()) + list(disputes.itertuples()):
            findings.append({
                "finding_id": f"f-{pair_key(claim_key(row.a_source, row.a_text), claim_key(row.b_source, row.b_text))}",
                "kind": row.verdict, "story_id": "s1", "topic_id": topic_id, "topic": labels[topic_id],
                "sources": sorted({row.a_source, row.b_source}), "confidence": row.confidence,
                "summary": (f"{row.a_source} and {row.b_source} disagree: {row.reason}" if row.verdict == CONFLICT else
                            f"{row.a_source} and {row.b_source} quote parties on opposite sides: {row.reason}"),
                "pair_ids": [row.pair_id], "sentence_ids": [row.a_sentence_id, row.b_sentence_id]})
        groups = agreement_groups([(r.pair_id, r.a_sentence_id, r.a_source, r.b_sentence_id, r.b_source, r.confidence)
                                   for r in topic_pairs[topic_pairs["verdict"] == AGREE].itertuples()],
                                  conflicts=disagreeing)
        member = {}  # sentence id -> (article date, claim key)
        for r in topic_pairs.itertuples():
            member[r.a_sentence_id] = (r.a_date if isinstance(r.a_date, str) else None, claim_key(r.a_source, r.a_text))
            member[r.b_sentence_id] = (r.b_date if isinstance(r.b_date, str) else None, claim_key(r.b_source, r.b_text))
        for group in groups:
            findings.append({
                "finding_id": group_id(member[s] for s in group.sentence_ids), "kind": AGREE, "story_id": "s1", "topic_id": topic_id,
                "topic": labels[topic_id], "sources": list(group.sources), "confidence": group.confidence,
                "summary": f"{', '.join(group.sources)} agree", "pair_ids": list(group.pair_ids),
                "sentence_ids": list(group.sentence_ids)})
        topic_rows.append({
            "topic_id": topic_id, "story_id": "s1", "label": labels[topic_id], "size": int(len(members)),
            "sources": sorted(members["source"].unique().tolist()),
            "stance": topic_stance(topic_pairs["verdict"].tolist(), members["source"].nunique()),
            "conflicts": int(len(conflicts)), "agreements": [list(group.sources) for group in groups]})
    order = {CONFLICT: 0, "dispute": 1, AGREE: 2}
    findings.sort(key=lambda f: (order[f["kind"]], -f["confidence"], f["finding_id"]))
    return findings, topic_rows


@pytest.mark.parametrize("which", ["seeds_report", "small_report"])
def test_findings_topics_and_articles_are_those_of_the_frame_filtering(which, request):
    report = request.getfixturevalue(which)
    labels = dict(zip(report.topics["topic_id"].tolist(), report.topics["label"].tolist()))
    findings, topic_rows = reference_findings_and_topics(report.pairs, report.sentences, labels)
    assert len(findings) > 1
    pd.testing.assert_frame_equal(report.findings, pd.DataFrame(findings, columns=report.findings.columns))
    pd.testing.assert_frame_equal(report.topics, pd.DataFrame(topic_rows, columns=report.topics.columns))
    for article in report.articles.itertuples():
        own = report.sentences[report.sentences["article_id"] == article.id]
        merged = len(own) > 0 and own["status"].str.startswith("merged with").all()
        assert (article.sentences, article.claims) == (len(own), (own["status"] == USED).sum())
        assert article.status == (own["status"].iloc[0] if merged else USED)


def test_a_merged_article_keeps_its_merged_status(small_report):
    assert set(small_report.findings["kind"]) == {CONFLICT, AGREE}
    copy = small_report.articles.set_index("id").loc["fox-copy"]
    assert copy["status"].startswith("merged with fox:") and copy["claims"] == 0 and copy["sentences"] == 2


def reference_stance_matrix(report) -> pd.DataFrame:
    """Report.stance_matrix as it filtered the frames per topic and outlet."""
    used = report.sentences[report.sentences["status"] == USED] if len(report.sentences) else report.sentences
    outlets = sorted(used["source"].unique().tolist()) if len(used) else []
    topic_ids = [int(t) for t in report.topics["topic_id"]] if len(report.topics) else []
    matrix = pd.DataFrame("absent", index=pd.Index(outlets, name="source"),
                          columns=pd.Index(topic_ids, name="topic_id"), dtype=object)
    for topic_id in topic_ids:
        members = used[used["topic_id"] == topic_id]
        topic_pairs = report.pairs[report.pairs["topic_id"] == topic_id]
        for outlet in members["source"].unique():
            own = topic_pairs[(topic_pairs["a_source"] == outlet) | (topic_pairs["b_source"] == outlet)]
            matrix.loc[outlet, topic_id] = topic_stance(own["verdict"].tolist(), members["source"].nunique())
    return matrix


@pytest.mark.parametrize("which", ["seeds_report", "small_report", "one_outlet", "nothing"])
def test_stance_matrix_is_that_of_the_frame_filtering(which, request, fake_pipeline):
    report = {"one_outlet": lambda: fake_pipeline.analyze([FOX]),
              "nothing": lambda: fake_pipeline.analyze([Article(id="x", source="X", text="Hello.\n")])
              }.get(which, lambda: request.getfixturevalue(which))()
    matrix = report.stance_matrix()
    pd.testing.assert_frame_equal(matrix, reference_stance_matrix(report))
    if which == "small_report":
        assert {"conflict", "agree", "absent"} <= set(matrix.to_numpy().ravel())


def test_csv_is_the_row_by_row_table(small_report):
    small_report.pairs.loc[0, "a_text"] = "=HYPERLINK(\"http://evil.example\")"  # a formula must stay text
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(small_report.pairs.columns))
    for row in small_report.pairs.itertuples(index=False):
        writer.writerow(["" if not _present(value) else _csv_cell(value) for value in row])
    text = render(small_report, "csv")
    assert text == buffer.getvalue() and "'=HYPERLINK" in text


# ---------------------------------------------------------------------- JSON text


def test_to_json_is_the_two_space_layout_of_json_dumps(small_report):
    data = small_report.to_dict(version=1)
    text = small_report.to_json(version=1)
    assert "Ünïcode “quotes” \\\\ and \\\"escapes\\\"" in text and "😀" in text  # written as itself, escaped as JSON
    assert text == json.dumps(data, indent=2, ensure_ascii=False)
    assert same(json.loads(text), data) is None


def test_schema_2_writes_each_pair_on_one_line_and_the_rest_indented(small_report):
    data = small_report.to_dict()
    text = small_report.to_json()
    assert same(json.loads(text), data) is None
    pair_lines = [json.loads(line.strip().rstrip(",")) for line in text.splitlines() if line.startswith('    {"id":')]
    assert pair_lines == data["pairs"] and {pair["verdict"] for pair in pair_lines} >= {"unrelated"}
    for key in (key for key in data if key != "pairs"):
        assert json.dumps({key: data[key]}, indent=2, ensure_ascii=False)[2:-2] in text


def test_schema_3_writes_each_pair_and_unrelated_row_on_one_line_and_the_rest_indented(small_report):
    data = small_report.to_dict(version=3)
    text = small_report.to_json(version=3)
    assert same(json.loads(text), data) is None
    lines = text.splitlines()
    pair_lines = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith('    {"id":')]
    row_lines = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith('      ["p')]
    assert pair_lines == data["pairs"] and row_lines == data["unrelated_pairs"]["rows"] and row_lines
    # Everything else is the two-space layout of json.dumps.
    for key in (key for key in data if key not in ("pairs", "unrelated_pairs")):
        assert json.dumps({key: data[key]}, indent=2, ensure_ascii=False)[2:-2] in text
    assert "Ünïcode “quotes” \\\\ and \\\"escapes\\\"" in text and "😀" in text


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
    assert json_bytes(value, newline=True) == json_bytes(value) + b"\n"
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



# ---------------------------------------------------------------------- text and the collector


def test_a_sentence_in_several_findings_is_quoted_in_full_each_time(small_report):
    text = render(small_report, "text")
    express = "“Estimates for the number of Russian troops at the border vary from 60,000 to 90,000.”"
    conflicts = small_report.findings[small_report.findings["kind"] == CONFLICT]
    quoted_in = sum("express:0-" in " ".join(ids) for ids in conflicts["sentence_ids"].map(list))
    # Since values are compared only in aligned slots, the Express range conflicts with one claim here.
    assert quoted_in >= 1
    assert " ".join(text.split()).count(express) >= quoted_in


def test_gc_paused_restores_the_collector_even_on_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()
