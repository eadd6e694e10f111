"""Review decisions: read and written as JSON or TOML, kept across re-runs and added articles, rejected ones hidden."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from contradict import Article, InputError
from contradict.cli import app
from contradict.formats import FINDING_SCHEMA_PATH, REPORT_SCHEMA_PATH, render
from contradict.read import report_from_dict
from contradict.workflow.decisions import (
    Decision, apply_decisions, decision_for, match_decisions, read_decisions, write_decisions,
)

from conftest import AFP, BBC, EXPRESS, FOX
from test_formats import schema_errors

runner = CliRunner()

# An invented wire story that repeats what Fox and Express say: it joins their findings.
WIRE = Article(id="wire", source="Wire", date="2021-12-26", text=(
    "Russia has withdrawn over 10,000 troops from the Ukrainian border, officials said.\n\n"
    "Talks with Germany are planned in Geneva next month.\n"))


@pytest.fixture
def four(fake_pipeline):
    return fake_pipeline.analyze([FOX, BBC, EXPRESS, AFP])


def first(report, kind):
    return report.findings.loc[report.findings["kind"] == kind, "finding_id"].iloc[0]


def review_of(report):
    return dict(zip(report.findings["finding_id"], report.findings["review_status"]))


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_decisions_round_trip_through_a_file(four, tmp_path, suffix):
    decisions = [
        decision_for(four, first(four, "conflict"), "confirmed", rating="Conflicting accounts", reviewer="A. Editor",
                     date="2024-05-02", note='Counts "at the border" differ\nby date \\ C:\\path \x7f é ✓', claim="60,000 to 90,000 troops"),
        Decision("f-000000000000", "rejected", note="a false alarm"),
    ]
    path = tmp_path / f"decisions{suffix}"
    write_decisions(decisions, path)
    assert read_decisions(path) == decisions


def test_a_toml_date_reads_as_iso_text(tmp_path):
    path = tmp_path / "decisions.toml"
    path.write_text('[[decisions]]\nfinding = "f-1"\nstatus = "confirmed"\ndate = 2024-05-02\n')
    assert read_decisions(path)[0].date == "2024-05-02"


@pytest.mark.parametrize("content, message", [
    ('[[decisions]]\nfinding = "f-1"\nstatus = "maybe"\n', "decision 1 (f-1): status 'maybe' is not confirmed or rejected"),
    ('[[decisions]]\nfinding = "f-1"\nstatus = "confirmed"\nreviwer = "A"\n', "unknown key(s) reviwer"),
    ('[[decisions]]\nstatus = "confirmed"\n', "'finding' (a finding id"),
    ('[[decisions]]\nfinding = "f-1"\nstatus = "confirmed"\n[[decisions]]\nfinding = "f-1"\nstatus = "rejected"\n',
     "finding f-1 is decided twice"),
    ('[[decisions]\n', "not valid TOML"),
])
def test_a_bad_decisions_file_is_a_one_line_error(tmp_path, content, message):
    path = tmp_path / "decisions.toml"
    path.write_text(content)
    with pytest.raises(InputError) as error:
        read_decisions(path)
    assert message in str(error.value) and str(path) in str(error.value) and "\n" not in str(error.value)


def test_a_folder_given_as_decisions_file_is_a_one_line_error(tmp_path):
    with pytest.raises(InputError, match="cannot read the decisions file"):
        read_decisions(tmp_path)


def test_applied_decisions_mark_every_finding_and_report_stale_ones(four):
    conflict, agreement = first(four, "conflict"), first(four, "agree")
    decisions = [decision_for(four, conflict, "confirmed", reviewer="A. Editor"),
                 decision_for(four, agreement, "rejected", note="not the same claim"),
                 Decision("f-000000000000", "confirmed", reviewer="B. Editor", date="2024-01-01")]
    reviewed = apply_decisions(four, decisions, source="decisions.toml")
    statuses = review_of(reviewed)
    assert statuses[conflict] == "confirmed" and statuses[agreement] == "rejected"
    assert set(statuses.values()) == {"confirmed", "rejected", "unreviewed"}
    assert reviewed.meta["review"]["stale"] == [decisions[2].to_dict()]
    assert any("f-000000000000 (confirmed, B. Editor, 2024-01-01) matches no finding" in w for w in reviewed.warnings)
    assert len(four.warnings) < len(reviewed.warnings)  # the report it came from is unchanged


def test_a_reviewed_report_validates_and_reads_back(four):
    reviewed = apply_decisions(four, [decision_for(four, first(four, "conflict"), "confirmed", rating="False")])
    data = json.loads(render(reviewed, "json"))
    assert schema_errors(REPORT_SCHEMA_PATH, data) == []
    for line in render(reviewed, "jsonl").splitlines():
        assert schema_errors(FINDING_SCHEMA_PATH, json.loads(line)) == []
    conflict = next(f for f in data["findings"] if f["kind"] == "conflict")
    assert conflict["review"]["status"] == "confirmed" and conflict["review"]["rating"] == "False"
    again = report_from_dict(data)
    assert again.findings.equals(reviewed.findings) and again.to_json() == reviewed.to_json()
    assert "review" not in json.loads(render(four, "json"))  # an unreviewed report keeps its bytes


def test_decisions_survive_a_rerun_and_an_added_article(four, fake_pipeline):
    decisions = [decision_for(four, first(four, "conflict"), "confirmed"),
                 decision_for(four, first(four, "agree"), "rejected")]
    expected = {decisions[0].finding: "confirmed", decisions[1].finding: "rejected"}
    again = apply_decisions(fake_pipeline.analyze([FOX, BBC, EXPRESS, AFP]), decisions)
    assert {fid: s for fid, s in review_of(again).items() if s != "unreviewed"} == expected
    grown = apply_decisions(fake_pipeline.analyze([FOX, BBC, EXPRESS, AFP, WIRE]), decisions)
    assert grown.meta["review"]["stale"] == []
    assert sorted(s for s in review_of(grown).values() if s != "unreviewed") == ["confirmed", "rejected"]
    assert review_of(grown)[decisions[0].finding] == "confirmed"


def test_a_decision_finds_its_finding_by_its_sentences_when_the_id_changed(four):
    agreement = first(four, "agree")
    moved = decision_for(four, agreement, "rejected")
    moved = Decision("f-0123456789ab", moved.status, sentences=moved.sentences)
    matched, stale = match_decisions(four, [moved])
    assert stale == [] and matched[agreement] == [moved]
    reviewed = apply_decisions(four, [moved])
    row = reviewed.findings.set_index("finding_id").loc[agreement]
    assert row["review_status"] == "rejected" and row["review_decided_as"] == "f-0123456789ab"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "jsonl"])
def test_a_rejected_finding_is_hidden_unless_asked(four, fmt):
    conflict = first(four, "conflict")
    reviewed = apply_decisions(four, [decision_for(four, conflict, "rejected", note="different dates")])
    assert conflict in render(four, fmt)
    assert conflict not in render(reviewed, fmt)
    shown = render(reviewed, fmt, show_rejected=True)
    assert conflict in shown and "different dates" in shown


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "jsonl", "json"])
def test_every_format_shows_the_review(four, fmt):
    reviewed = apply_decisions(four, [decision_for(four, first(four, "conflict"), "confirmed", reviewer="A. Editor",
                                                   note="checked with both newsrooms")])
    text = render(reviewed, fmt)
    assert "confirmed" in text and "A. Editor" in text and "checked with both newsrooms" in text


def test_csv_names_each_pair_s_finding_and_review(four):
    conflict = first(four, "conflict")
    reviewed = apply_decisions(four, [decision_for(four, conflict, "rejected")])
    rows = list(csv.DictReader(io.StringIO(render(reviewed, "csv"))))
    assert len(rows) == len(four.pairs)  # the pairs table stays complete
    assert {row["review_status"] for row in rows if row["finding_id"] == conflict} == {"rejected"}


def test_cli_applies_decisions_and_a_rejected_conflict_no_longer_fails_the_gate(tmp_path, cli_fake_models, fake_pipeline):
    for article in (EXPRESS, AFP):
        (tmp_path / f"{article.id}.txt").write_text(f"---\nsource: {article.source}\n---\n{article.text}")
    report = fake_pipeline.analyze([tmp_path / "express.txt", tmp_path / "afp.txt"])
    conflict = first(report, "conflict")
    decisions = tmp_path / "decisions.toml"
    write_decisions([decision_for(report, conflict, "rejected", note="two dates")], decisions)
    args = ["report", str(tmp_path / "express.txt"), str(tmp_path / "afp.txt"), "--fail-on", "conflict"]
    assert runner.invoke(app, args).exit_code == 1
    result = runner.invoke(app, args + ["--decisions", str(decisions)])
    assert result.exit_code == 0, result.output
    assert conflict not in result.stdout and "1 rejected (hidden" in result.stdout
    missing = runner.invoke(app, args + ["--decisions", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 2 and "no such decisions file" in missing.stderr


@pytest.mark.models
def test_seed_decisions_survive_adding_an_article(seed_report_without_added, seed_report):
    without = seed_report_without_added
    decisions = [decision_for(without, fid, "confirmed" if kind == "conflict" else "rejected")
                 for fid, kind in zip(without.findings["finding_id"], without.findings["kind"])]
    reviewed = apply_decisions(seed_report, decisions)
    assert reviewed.meta["review"]["stale"] == []
    statuses = review_of(reviewed)
    conflict = first(without, "conflict")
    assert statuses[conflict] == "confirmed"
    # Every finding of the smaller run keeps its decision, by id or (a group the new article merged) by sentences.
    kept = {fid for fid in without.findings["finding_id"] if statuses.get(fid) not in (None, "unreviewed")}
    by_sentences = {fid for found in reviewed.findings["review_decided_as"].dropna() for fid in found.split(", ")}
    assert kept | by_sentences == set(without.findings["finding_id"])
    assert len(kept) >= len(without.findings) - 2


def test_a_decision_on_a_conflict_does_not_carry_over_to_an_agreement(four):
    data = json.loads(four.to_json())
    conflict = next(f for f in data["findings"] if f["kind"] == "conflict")
    decision = decision_for(four, conflict["finding_id"], "confirmed")
    assert decision.kind == "conflict"
    conflict["kind"] = "agree"  # the same two sentences, now judged to agree
    reviewed = apply_decisions(report_from_dict(data), [decision])
    assert review_of(reviewed)[conflict["finding_id"]] == "unreviewed"
    assert any("was made on a conflict" in note and "review it again" in note for note in reviewed.warnings)


def test_two_merged_groups_with_opposite_decisions_are_reviewed_again(four):
    agreement = first(four, "agree")
    original = decision_for(four, agreement, "confirmed")
    twin = Decision("f-0123456789ab", "rejected", sentences=original.sentences)
    reviewed = apply_decisions(four, [original, twin])
    assert review_of(reviewed)[agreement] == "unreviewed"
    assert any("now fall on one finding" in note and "review it again" in note for note in reviewed.warnings)


def test_review_loop_saves_each_answer_and_asks_only_about_unreviewed_findings(four, tmp_path):
    report_path, decisions = tmp_path / "report.json", tmp_path / "decisions.toml"
    four.to_json(report_path)
    conflicts = four.findings.loc[four.findings["kind"] == "conflict", "finding_id"].tolist()
    answers = "c\n\nExpress: 60,000 to 90,000 troops\nboth sourced\n" + "s\n" * (len(conflicts) - 1)
    result = runner.invoke(app, ["review", str(report_path), "--decisions", str(decisions), "--reviewer", "A. Editor"],
                           input=answers)
    assert result.exit_code == 0, result.output
    saved = read_decisions(decisions)
    assert [(d.finding, d.status, d.rating, d.claim, d.note, d.reviewer) for d in saved] == [
        (conflicts[0], "confirmed", "Conflicting accounts", "Express: 60,000 to 90,000 troops", "both sourced", "A. Editor")]
    assert saved[0].sentences and saved[0].date
    again = runner.invoke(app, ["review", str(report_path), "--decisions", str(decisions)], input="q\n")
    assert f"{len(conflicts) - 1} findings to review" in again.stdout
    stopped = runner.invoke(app, ["review", str(report_path), "--decisions", str(decisions), "--agreements"], input="r\n")
    assert stopped.exit_code == 0 and "stopped" in stopped.stderr  # input ran out mid-question: what was saved stays
    assert read_decisions(decisions) == saved
