"""contradict diff: findings new, resolved, changed verdict or changed between two reports, in every format."""

from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from contradict import Article
from contradict.cli import app
from contradict.read import report_from_dict
from contradict.workflow.diff import diff_reports
from contradict.workflow.render import DIFF_RENDERERS, render_diff

from conftest import ADDED_SEED, AFP, BBC, EXPRESS, FOX

runner = CliRunner()


@pytest.fixture
def three(fake_pipeline):
    return fake_pipeline.analyze([FOX, BBC, EXPRESS])


@pytest.fixture
def four(fake_pipeline):
    return fake_pipeline.analyze([FOX, BBC, EXPRESS, AFP])


def sentences_of(report, article_id):
    return set(report.sentences.loc[report.sentences["article_id"] == article_id, "id"])


def test_an_added_article_brings_only_findings_with_its_sentences(three, four):
    diff = diff_reports(three, four)
    assert diff.articles_added == ["afp"] and diff.articles_removed == []
    assert diff.counts["resolved"] == 0 and diff.counts["verdict changed"] == 0
    afp = sentences_of(four, "afp")
    touched = {row.finding_id for row in four.findings.itertuples() if afp & set(row.sentence_ids)}
    changes = diff.changes
    assert set(changes["finding_id"]) == touched  # new or changed: exactly the findings AFP is in
    new = changes[changes["status"] == "new"]
    assert len(new) >= 1 and set(new["finding_id"]) <= set(four.findings["finding_id"]) - set(three.findings["finding_id"])
    unchanged = diff.frame[diff.frame["status"] == "unchanged"]
    assert len(unchanged) == len(set(three.findings["finding_id"]) - set(changes["old_finding_id"].dropna()))


def test_the_same_report_has_no_changes(four):
    diff = diff_reports(four, four)
    assert diff.counts["unchanged"] == len(four.findings) and len(diff.changes) == 0


def test_removed_article_resolves_its_findings(three, four):
    diff = diff_reports(four, three)
    resolved = diff.changes[diff.changes["status"] == "resolved"]
    assert len(resolved) >= 1 and diff.articles_removed == ["afp"]
    assert all("AFP" in sources for sources in resolved["sources"])


def test_with_decisions_a_change_says_whether_its_finding_was_reviewed(three, four, tmp_path):
    from contradict.workflow.decisions import decision_for, write_decisions

    old, new, decisions = tmp_path / "old.json", tmp_path / "new.json", tmp_path / "decisions.toml"
    four.to_json(old)
    three.to_json(new)
    conflict = four.findings.loc[four.findings["kind"] == "conflict", "finding_id"].iloc[0]
    write_decisions([decision_for(four, conflict, "confirmed")], decisions)
    result = runner.invoke(app, ["diff", str(old), str(new), "--decisions", str(decisions), "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["finding_id"]: row for row in json.loads(result.stdout)["changes"]}
    assert rows[conflict]["status"] == "resolved" and rows[conflict]["review"] == "confirmed"
    text = runner.invoke(app, ["diff", str(old), str(new), "--decisions", str(decisions)]).stdout
    assert f"{conflict} [confirmed]" in text


def test_a_verdict_that_flips_is_one_finding_changed(four):
    data = json.loads(four.to_json())
    conflict = next(f for f in data["findings"] if f["kind"] == "conflict")
    conflict["kind"] = "agree"
    diff = diff_reports(four, report_from_dict(data))
    row = diff.changes.set_index("finding_id").loc[conflict["finding_id"]]
    assert row["status"] == "verdict changed" and row["old_kind"] == "conflict" and row["kind"] == "agree"
    assert diff.counts["new"] == diff.counts["resolved"] == 0


def test_a_group_past_its_old_id_is_matched_by_its_sentences(four):
    data = json.loads(four.to_json())
    group = next(f for f in data["findings"] if f["kind"] == "agree")
    old_id, group["finding_id"] = group["finding_id"], "f-000000000000"
    diff = diff_reports(four, report_from_dict(data))
    row = diff.changes.set_index("finding_id").loc["f-000000000000"]
    assert row["status"] == "changed" and row["old_finding_id"] == old_id and f"was {old_id}" in row["details"]


@pytest.mark.parametrize("fmt", list(DIFF_RENDERERS))
def test_every_format_names_the_new_finding(three, four, fmt):
    diff = diff_reports(three, four)
    new_id = diff.changes.loc[diff.changes["status"] == "new", "finding_id"].iloc[0]
    text = render_diff(diff, fmt, old_label="three.json", new_label="four.json")
    assert new_id in text
    if fmt == "json":
        assert json.loads(text)["counts"]["new"] == diff.counts["new"]
    elif fmt == "jsonl":
        assert [json.loads(line)["status"] for line in text.splitlines()] == diff.changes["status"].tolist()
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [row["finding_id"] for row in rows] == diff.changes["finding_id"].tolist()
    elif fmt == "html":
        assert BeautifulSoup(text, "html.parser").find(id=new_id) is not None and "<script" not in text


def test_hostile_text_stays_text_in_a_diff(fake_pipeline):
    hostile = Article(id="hostile", source="Evil <b>Post</b>", date="2022-02-16", text=(
        "More than 100,000 Russian troops at the border <script>alert(1)</script> [x](http://evil.example).\n"))
    diff = diff_reports(fake_pipeline.analyze([EXPRESS, FOX]), fake_pipeline.analyze([EXPRESS, FOX, hostile]))
    assert "<script>" not in render_diff(diff, "html") and "\\<script\\>" in render_diff(diff, "markdown")


def test_cli_diff_writes_each_format_and_refuses_claimreview(three, four, tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    three.to_json(old)
    four.to_json(new)
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert "New findings" in result.stdout and "Articles added: afp" in result.stdout
    out = tmp_path / "changes.json"
    assert runner.invoke(app, ["diff", str(old), str(new), "-f", "json", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["articles_added"] == ["afp"]
    refused = runner.invoke(app, ["diff", str(old), str(new), "-f", "claimreview"])
    assert refused.exit_code == 2 and "diff writes" in refused.stderr


def test_cli_diff_of_a_file_that_is_not_a_report_is_one_line(tmp_path, four):
    new = tmp_path / "new.json"
    four.to_json(new)
    (tmp_path / "notes.json").write_text('{"a": 1}')
    result = runner.invoke(app, ["diff", str(tmp_path / "notes.json"), str(new)])
    assert result.exit_code == 2 and "not a contradict JSON report" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.models
def test_seeds_with_an_added_article_list_exactly_the_findings_it_brings(seed_report_without_added, seed_report):
    without = seed_report_without_added
    added = ADDED_SEED
    diff = diff_reports(without, seed_report)
    assert diff.articles_added == [added]
    assert diff.counts["resolved"] == 0 and diff.counts["verdict changed"] == 0
    brought = sentences_of(seed_report, added)
    touched = {row.finding_id for row in seed_report.findings.itertuples() if brought & set(row.sentence_ids)}
    assert set(diff.changes["finding_id"]) == touched
    new = set(diff.changes.loc[diff.changes["status"] == "new", "finding_id"])
    assert new and new <= set(seed_report.findings["finding_id"]) - set(without.findings["finding_id"])
    # Ids survive an article published later: the only old id that goes is one of two groups the article merged.
    changed_id = diff.changes[diff.changes["old_finding_id"].notna() & (diff.changes["old_finding_id"] != diff.changes["finding_id"])]
    assert all("merged into one finding" in details[0] for details in changed_id["details"])
    assert len(changed_id) <= 1
