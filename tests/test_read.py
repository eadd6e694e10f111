"""Reading a JSON report back: the same Report as the run that wrote it, any 1.x, 2.x or 3.x version, clear errors otherwise."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import contradict
from contradict import InputError
from contradict.read import READERS, read_report, report_from_dict
from contradict.report import Report

from conftest import AFP, BBC, EXPRESS, FOX

FRAMES = ("stories", "articles", "sentences", "topics", "pairs", "findings", "files")


@pytest.fixture
def report(fake_pipeline):
    return fake_pipeline.analyze([FOX, BBC, EXPRESS, AFP])


def assert_same_report(read: Report, written: Report) -> None:
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(read, name), getattr(written, name), obj=name)
    assert read.claims == written.claims
    assert read.comparisons == written.comparisons
    assert read.warnings == written.warnings
    assert read.to_json() == written.to_json()
    assert read.to_json(version=2) == written.to_json(version=2)
    assert read.to_json(version=1) == written.to_json(version=1)


@pytest.mark.parametrize("version", [3, 2, 1])
def test_round_trip_gives_the_in_memory_report(report, tmp_path, version):
    path = tmp_path / "report.json"
    report.to_json(path, version=version)
    read = contradict.read_report(path)
    assert set(read.findings["kind"]) == {"conflict", "agree"} and read.claims
    assert_same_report(read, report)
    assert_same_report(Report.from_json(path), report)
    assert read.embeddings is None and read.meta["models"] == report.meta["models"]


@pytest.mark.models
def test_round_trip_of_the_seeds_report(seed_report, tmp_path):
    path = tmp_path / "seeds.json"
    seed_report.to_json(path)
    assert_same_report(read_report(path), seed_report)


def test_a_feed_of_several_stories_reads_back(fake_pipeline, tmp_path):
    from test_stories import FEED

    feed = fake_pipeline.analyze(FEED)
    assert len(feed.stories) == 2
    feed.to_json(tmp_path / "feed.json")
    assert_same_report(read_report(tmp_path / "feed.json"), feed)


def test_fields_a_later_minor_version_adds_are_read_past(report):
    data = json.loads(report.to_json(version=1))
    data["schema_version"] = "1.9"
    data["provenance"] = {"run": "nightly"}
    for record in data["sentences"]:
        if record["claim"]:
            record["claim"]["speaker"] = "Kremlin spokesman"
            for quantity in record["claim"]["quantities"]:
                quantity["confidence"] = 0.5
    for record in data["findings"]:
        record["review"] = None
    for pair in data["pairs"]:
        pair["a"]["speaker"] = None
    read = report_from_dict(data)
    assert read.claims == report.claims
    pd.testing.assert_frame_equal(read.pairs, report.pairs)
    assert "review" in read.findings.columns  # a new finding key stays, after the known columns
    assert list(read.findings.columns[:len(report.findings.columns)]) == list(report.findings.columns)


def test_readers_are_chosen_by_major_version(report, monkeypatch):
    monkeypatch.setitem(READERS, 4, lambda data: "read by the 4.x reader")
    data = json.loads(report.to_json())
    data["schema_version"] = "4.0"
    assert report_from_dict(data) == "read by the 4.x reader"


@pytest.mark.parametrize("content, message", [
    (b"{not json", "not valid JSON"),
    (b'{"findings": []}', "not a contradict JSON report"),
    (b'[1, 2]', "not a contradict JSON report"),
    (b'{"schema_version": "99.0"}', "schema_version 99.0 is not one this contradict reads (1.x, 2.x, 3.x)"),
    (b'{"schema_version": "one"}', "is not MAJOR.MINOR"),
])
def test_what_is_not_a_report_is_a_one_line_error(tmp_path, content, message):
    path = tmp_path / "report.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(message)) as error:
        read_report(path)
    assert "\n" not in str(error.value) and str(path) in str(error.value)


def test_a_missing_file_is_a_one_line_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_report(tmp_path / "missing.json")


def test_fields_a_later_minor_version_of_schema_2_adds_are_read_past(report):
    data = json.loads(report.to_json(version=2))
    data["schema_version"] = "2.9"
    for pair in data["pairs"]:
        pair["speaker_a"] = None
    for story in data["stories"]:
        story["desk"] = "world"
    read = report_from_dict(data)
    pd.testing.assert_frame_equal(read.pairs, report.pairs)
    assert read.comparisons == report.comparisons and "desk" in read.stories.columns


def test_fields_a_later_minor_version_of_schema_3_adds_are_read_past(report):
    data = json.loads(report.to_json(version=3))
    assert data["pairs"] and data["unrelated_pairs"]["rows"]
    data["schema_version"] = "3.9"
    for pair in data["pairs"]:
        pair["speaker_a"] = None
    # A column added in a later minor version, even in the middle of the table, is read past by name.
    table = data["unrelated_pairs"]
    table["columns"].insert(3, "desk")
    for row in table["rows"]:
        row.insert(3, "world")
    read = report_from_dict(data)
    pd.testing.assert_frame_equal(read.pairs, report.pairs)
    assert read.comparisons == report.comparisons


def test_schema_3_lists_the_unrelated_pairs_as_a_table_in_the_runs_order(report):
    from contradict.contract import unrelated_pair_records

    data = json.loads(report.to_json(version=3))
    older = json.loads(report.to_json(version=2))
    assert {pair["verdict"] for pair in data["pairs"]} <= {"agree", "conflict", "dispute"}
    table = data["unrelated_pairs"]
    records = unrelated_pair_records(table)
    assert [table["reasons"][dict(zip(table["columns"], row))["reason_index"]] for row in table["rows"]] == \
        [record["reason"] for record in records]
    assert len(table["reasons"]) == len(set(table["reasons"])) < len(table["rows"])  # each reason written once
    # The same pairs as schema 2, each list in schema 2's order, nothing lost or repeated.
    assert records == [pair for pair in older["pairs"] if pair["verdict"] == "unrelated"]
    assert data["pairs"] == [pair for pair in older["pairs"] if pair["verdict"] != "unrelated"]
    assert len(data["pairs"]) + len(records) == data["summary"]["pairs"]
