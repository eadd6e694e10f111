"""Evaluation on labelled pairs and on labelled events: the figures are right, the shipped set is sound, the CLI
reports both systems and scores events like news-dev's score.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contradict.cli import app
from contradict.errors import InputError
from contradict.evaluate import (LABELS, SYSTEMS, EventScores, LabelItem, LabelledPair, evaluate_events, evaluate_pairs,
                                 nli_label, normalise_quote, outlets_by_file, parse_event_labels, read_event_labels,
                                 read_labelled_pairs, render_evaluation_text, render_events_text, report_pairs,
                                 score_event, score_predictions)

from conftest import ROOT, SEEDS

SEED_PAIRS = ROOT / "benchmarks" / "data" / "seed_pairs.jsonl"


def test_scores_match_a_hand_count():
    gold = ["entailment", "entailment", "neutral", "contradiction", "contradiction"]
    predicted = ["entailment", "neutral", "neutral", "contradiction", "neutral"]
    scores = score_predictions(gold, predicted)
    assert scores.accuracy == 0.6
    assert scores.per_class["neutral"] == {"precision": round(1 / 3, 4), "recall": 1.0, "f1": 0.5, "support": 1}
    assert scores.per_class["contradiction"]["recall"] == 0.5 and scores.per_class["contradiction"]["precision"] == 1.0
    assert scores.confusion["contradiction"] == {"entailment": 0, "neutral": 1, "contradiction": 1}


def test_a_class_never_predicted_scores_zero_not_an_error():
    scores = score_predictions(["entailment"], ["neutral"])
    assert scores.per_class["entailment"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}


def test_nli_alone_with_a_two_label_model_never_says_entailment():
    assert nli_label({"other": 0.3, "contradiction": 0.7}) == "contradiction"
    assert nli_label({"other": 0.9, "contradiction": 0.1}) == "neutral"
    assert nli_label({"other": 0.35, "contradiction": 0.65}, threshold=0.7) == "neutral"
    assert nli_label({"entailment": 0.8, "neutral": 0.1, "contradiction": 0.1}) == "entailment"
    assert nli_label({"entailment": 0.6, "neutral": 0.1, "contradiction": 0.3}, threshold=0.7) == "neutral"


@pytest.mark.parametrize("line, message", [
    ('{"premise": "a", "hypothesis": "b"', "pairs.jsonl:2: not valid JSON"),
    ('{"premise": "a", "hypothesis": "b", "label": "maybe"}', "pairs.jsonl:2: label 'maybe'"),
    ('{"premise": "a", "label": "neutral"}', "pairs.jsonl:2: missing or non-text hypothesis"),
])
def test_bad_lines_name_file_and_line(tmp_path, line, message):
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"premise": "a", "hypothesis": "b", "label": "neutral"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_labelled_pairs(path)


def test_shipped_seed_pairs_are_quoted_from_the_seeds_and_justified():
    pairs = read_labelled_pairs(SEED_PAIRS)
    seeds = "\n".join(path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt"))
    assert 40 <= len(pairs) <= 60
    assert {pair.label for pair in pairs} == set(LABELS)
    for pair in pairs:
        assert pair.premise in seeds and pair.hypothesis in seeds
        assert pair.why and len(pair.why) > 20


def test_evaluation_runs_every_system_on_fakes(fake_pipeline):
    # A conflict of numbers: NLI alone (here the fake, which flags one-sided negation) no longer calls a conflict.
    pairs = [LabelledPair("Organisers counted from 6,000 to 9,000 marchers in the square.",
                          "More than 10,000 marchers filled the square, organisers counted.", "contradiction"),
             LabelledPair("Russia withdrew troops from the border.", "Russia withdrew troops from the border area.",
                          "entailment"),
             LabelledPair("Talks are planned in Geneva.", "Citizenship was granted to 720,000 people.", "neutral")]
    evaluation = evaluate_pairs(pairs, fake_pipeline)
    assert list(evaluation.systems) == list(SYSTEMS)
    assert [p["predicted"]["pipeline"] for p in evaluation.predictions] == ["contradiction", "entailment", "neutral"]
    data = evaluation.to_dict()
    assert data["accuracy"] == 1.0 and set(data["per_class"]) == set(LABELS) and data["confusion"]["neutral"]["neutral"] == 1
    assert "accuracy" in render_evaluation_text(evaluation)


def test_cli_eval_json_has_the_figures(monkeypatch, tmp_path, fake_embedder, fake_nli):
    import contradict.pipeline as pipeline_module

    original = pipeline_module.Pipeline
    monkeypatch.setattr(pipeline_module, "Pipeline",
                        lambda **options: original(**{**options, "embedder": fake_embedder, "nli": fake_nli}))
    monkeypatch.setenv("CONTRADICT_CACHE_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["eval", str(SEED_PAIRS), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"accuracy", "per_class", "confusion", "systems"} <= set(data)
    assert set(data["systems"]) == set(SYSTEMS) and data["pairs"] == len(read_labelled_pairs(SEED_PAIRS))
    text = CliRunner().invoke(app, ["eval", str(SEED_PAIRS)]).stdout
    assert "pipeline: accuracy" in text and "nli_argmax: accuracy" in text and "confusion" in text


def test_cli_eval_missing_file_is_one_line_exit_2(tmp_path):
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2 and "file not found" in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.models
def test_claim_model_beats_nli_alone_on_the_seed_pairs(real_pipeline):
    evaluation = evaluate_pairs(read_labelled_pairs(SEED_PAIRS), real_pipeline)
    pipeline = evaluation.systems["pipeline"]
    assert pipeline.accuracy > evaluation.systems["nli_argmax"].accuracy
    assert pipeline.accuracy > evaluation.systems[SYSTEMS[2]].accuracy
    # The number conflicts are what the claim model exists for.
    express_bbc = next(p for p in evaluation.predictions if "60,000 to 90,000" in p["premise"] and "100,000" in p["hypothesis"])
    assert express_bbc["predicted"]["pipeline"] == "contradiction"


# ---------------------------------------------------------------- labelled events (the news-dev format)

NEWS_DEV = ROOT.parent / "shared" / "news-dev"


def pair(a_source, a_text, b_source, b_text, verdict, reason=""):
    return {"a": {"source": a_source, "text": a_text}, "b": {"source": b_source, "text": b_text},
            "verdict": verdict, "reason": reason}


def item(expect, a, b, item_id="x-1"):
    return LabelItem(item_id, expect, a, b, why=f"{expect} item")


TUESDAY = ("Planet", "The council voted on Tuesday to close the ferry.")
WEDNESDAY = ("Gazette", "Councillors voted on Wednesday to close the ferry.")
VOTE_CONFLICT = item("conflict", ("Planet", "voted on Tuesday"), ("Gazette", "voted on Wednesday"))

# Each row: the report's pairs, the label items, and the counts they must give.
SCORING_TABLE = {
    "a flagged pair that matches a conflict item is right and finds it": (
        [pair(*TUESDAY, *WEDNESDAY, "conflict")], [VOTE_CONFLICT],
        dict(reported=1, reported_right=1, conflicts=1, conflicts_found=1, compared=1)),
    "sides match in either order": (
        [pair(*WEDNESDAY, *TUESDAY, "conflict")], [VOTE_CONFLICT],
        dict(reported=1, reported_right=1, conflicts_found=1, compared=1)),
    "a flagged pair matching no conflict or dispute item counts against precision": (
        [pair(*TUESDAY, *WEDNESDAY, "conflict"),
         pair("Planet", "The ferry carried 300 people a day.", "Gazette", "The ferry is 30 years old.", "conflict")],
        [VOTE_CONFLICT], dict(reported=2, reported_right=1, conflicts_found=1)),
    "a flagged trap counts as a trap flagged and as a false conflict": (
        [pair("Planet", "The ferry carried 300 people a day.", "Gazette", "The ferry is 30 years old.", "conflict")],
        [item("not-conflict", ("Planet", "300 people a day"), ("Gazette", "30 years old"))],
        dict(reported=1, reported_right=0, traps=1, traps_flagged=1, compared=1)),
    "a trap compared but not flagged is not counted": (
        [pair("Planet", "The ferry carried 300 people a day.", "Gazette", "The ferry is 30 years old.", "unrelated")],
        [item("not-conflict", ("Planet", "300 people a day"), ("Gazette", "30 years old"))],
        dict(reported=0, traps=1, traps_flagged=0, compared=1)),
    "an item no pair matches is not compared, and a missed conflict": (
        [pair("Planet", "The ferry carried 300 people a day.", "Gazette", "The ferry is 30 years old.", "agree")],
        [VOTE_CONFLICT], dict(compared=0, conflicts=1, conflicts_found=0, items=1)),
    "the quote must be in the side of its own outlet": (
        [pair("Gazette", TUESDAY[1], "Planet", WEDNESDAY[1], "conflict")], [VOTE_CONFLICT],
        dict(compared=0, reported=1, reported_right=0)),
    "a dispute verdict is flagged, and a right one is counted apart": (
        [pair(*TUESDAY, *WEDNESDAY, "dispute")],
        [item("dispute", ("Planet", "voted on Tuesday"), ("Gazette", "voted on Wednesday"))],
        dict(reported=1, reported_right=1, reported_disputes=1, reported_disputes_right=1, disputes=1, disputes_found=1)),
    "contradiction counts as flagged": (
        [pair(*TUESDAY, *WEDNESDAY, "Contradiction")], [VOTE_CONFLICT], dict(reported=1, conflicts_found=1)),
    "an agreement needs an agree verdict, not just a pair": (
        [pair(*TUESDAY, *WEDNESDAY, "unrelated")],
        [item("agree", ("Planet", "close the ferry"), ("Gazette", "close the ferry"))],
        dict(agreements=1, agreements_found=0, compared=1)),
    "curly quotes and spacing in the label match straight ones in the report": (
        [pair("Planet", 'The mayor\'s office said "no" twice.', "Gazette", "It's closed.", "agree")],
        [item("agree", ("Planet", "mayor\u2019s office said \u201cno\u201d"), ("Gazette", "It\u2019s  closed"))],
        dict(agreements_found=1, compared=1)),
    "curly quotes in the report match straight ones in the label": (
        [pair("Planet", "The mayor\u2019s office said \u201cno\u201d twice.", "Gazette", "It\u2019s\nclosed.", "agree")],
        [item("agree", ("Planet", 'mayor\'s office said "no"'), ("Gazette", "It's closed"))],
        dict(agreements_found=1, compared=1)),
    "an outlet no article has matches nothing": (
        [pair(*TUESDAY, *WEDNESDAY, "conflict")],
        [item("conflict", (None, "voted on Tuesday"), ("Gazette", "voted on Wednesday"))],
        dict(compared=0, reported_right=0)),
}


@pytest.mark.parametrize("pairs, items, expected", SCORING_TABLE.values(), ids=list(SCORING_TABLE))
def test_scoring_table(pairs, items, expected):
    scores = score_event({"pairs": pairs}, items, event="ev")
    assert {key: getattr(scores, key) for key in expected} == expected
    # The false conflicts are exactly the flagged pairs that are not right.
    assert len(scores.false_conflicts) == scores.reported - scores.reported_right


def test_precision_recall_and_misses_over_two_events():
    right = score_event({"pairs": [pair(*TUESDAY, *WEDNESDAY, "conflict")]}, [VOTE_CONFLICT], event="e1")
    wrong = score_event({"pairs": [pair("Planet", "The ferry carried 300 people a day.", "Gazette",
                                        "The ferry is 30 years old.", "conflict", "numbers disagree")]},
                        [VOTE_CONFLICT, item("not-conflict", ("Planet", "300 people"), ("Gazette", "30 years"), "e2-2")],
                        event="e2")
    total = right + wrong
    assert (total.events, total.reported, total.reported_right, total.conflicts, total.conflicts_found) == (2, 2, 1, 2, 1)
    assert total.conflict_precision == 0.5 and total.conflict_recall == 0.5 and total.traps_flagged == 1
    assert [(m["event"], m["expect"], m["verdicts"]) for m in total.misses] == [
        ("e2", "conflict", []), ("e2", "not-conflict", ["conflict"])]
    assert total.false_conflicts[0]["reason"] == "numbers disagree"
    line = total.figures_line(12.4)
    assert line == ("news gold (2 events, 12 s): conflict precision 0.50 (1/2), conflict recall 0.50 (1/2), "
                    "dispute recall 0/0 (reported disputes right 0/0), agree recall 0/0, traps flagged 1/1, "
                    "labelled pairs compared 2/3")
    data = total.to_dict()
    assert data["conflict_precision"] == 0.5 and data["traps_flagged"] == 1 and data["compared"] == 2


def test_no_flagged_pair_is_precision_zero_not_an_error():
    assert EventScores().conflict_precision == 0.0 and EventScores().conflict_recall == 0.0


def test_compact_sides_are_looked_up_in_sentences_and_articles():
    report = {"articles": [{"id": "planet", "source": "Planet"}, {"id": "gazette", "source": "Gazette"}],
              "sentences": [{"id": "planet:0-48", "text": TUESDAY[1]}, {"id": "gazette:0-50", "text": WEDNESDAY[1]}],
              "pairs": [{"a": "planet:0-48", "b": {"sentence": "gazette:0-50", "article": "gazette"}, "verdict": "conflict"}]}
    view = report_pairs(report)[0]
    assert (view.a_source, view.b_source, view.verdict) == ("Planet", "Gazette", "conflict")
    assert score_event(report, [VOTE_CONFLICT]).conflicts_found == 1


def test_report_pairs_reads_a_dataframe_like_the_json():
    import pandas as pd

    frame = pd.DataFrame([{"a_source": "Planet", "a_text": "It\u2019s  open.", "b_source": "Gazette",
                           "b_text": "It is open.", "verdict": "AGREE", "reason": "same"}])
    assert report_pairs(frame) == report_pairs({"pairs": [pair("Planet", "It's open.", "Gazette", "It is open.", "agree", "same")]})


def test_normalise_quote():
    assert normalise_quote("\u201cYes,\u201d she said \u2018twice\u2019\n\t ok") == "\"Yes,\" she said 'twice' ok"


def test_outlets_come_from_the_articles_not_the_file_names():
    report = {"articles": [{"id": "a", "source": "Daily Planet", "path": "events/e1/daily.md"},
                           {"id": "b", "source": "Gotham Gazette", "path": "events/e1/gaz.md"},
                           {"id": "c1", "source": "One", "path": "events/e1/feed.jsonl"},
                           {"id": "c2", "source": "Two", "path": "events/e1/feed.jsonl"}]}
    assert outlets_by_file(report) == {"daily": "Daily Planet", "gaz": "Gotham Gazette", "feed": None}
    resolved = item("agree", ("daily", "x"), ("gaz", "y")).with_outlets(outlets_by_file(report))
    assert (resolved.a, resolved.b) == (("Daily Planet", "x"), ("Gotham Gazette", "y"))


@pytest.mark.parametrize("data, message", [
    ([], "expected a JSON object"),
    ({"items": []}, '"event" must name'),
    ({"event": "../up", "items": []}, '"event" must name'),
    ({"event": "e1"}, '"items" must be a list'),
    ({"event": "e1", "items": [{"expect": "maybe", "a": ["x", "q"], "b": ["y", "q"]}]}, "item 1: expect 'maybe'"),
    ({"event": "e1", "items": [{"expect": "agree", "a": ["x"], "b": ["y", "q"]}]}, 'item 1: "a" must be'),
    ({"event": "e1", "items": [{"expect": "agree", "a": ["x", "q"], "b": "y"}]}, 'item 1: "b" must be'),
])
def test_bad_labels_are_input_errors(data, message):
    with pytest.raises(InputError, match=message):
        parse_event_labels(data, "labels/e1.json")


# Invented events: two outlets whose files are named unlike the outlets, so outlets must come from front matter.
PLANET_MD = """---
source: Daily Planet
title: March in the square
date: 2031-05-02
url: https://example.org/planet/march
---
Organisers counted from 6,000 to 9,000 marchers in the square.

The mayor\u2019s office reopened the old ferry on Monday.
"""
GAZETTE_MD = """---
source: Gotham Gazette
title: Crowds fill the square
date: 2031-05-02
url: https://example.org/gazette/march
---
More than 10,000 marchers filled the square, organisers counted.

The mayor\u2019s office reopened the old ferry on Monday.
"""
EVENT_LABELS = {"event": "ev-one", "title": "March", "items": [
    {"id": "ev-1", "expect": "conflict", "kind": "number", "a": ["planet", "from 6,000 to 9,000 marchers"],
     "b": ["gazette", "More than 10,000 marchers"], "why": "crowd sizes do not overlap"},
    {"id": "ev-2", "expect": "agree", "kind": "event", "a": ["planet", "mayor's office reopened the old ferry"],
     "b": ["gazette", "reopened the old ferry on Monday"], "why": "same reopening, same day"},
]}


@pytest.fixture
def labelled_events(tmp_path):
    events, labels = tmp_path / "events", tmp_path / "labels"
    for event, title in (("ev-one", "March"), ("ev-two", "March again")):
        (events / event).mkdir(parents=True)
        (events / event / "planet.md").write_text(PLANET_MD, encoding="utf-8")
        (events / event / "gazette.md").write_text(GAZETTE_MD, encoding="utf-8")
    labels.mkdir()
    (labels / "ev-one.json").write_text(json.dumps(EVENT_LABELS), encoding="utf-8")
    (labels / "ev-two.json").write_text(json.dumps({**EVENT_LABELS, "event": "ev-two", "title": "March again"}),
                                        encoding="utf-8")
    return events, labels


def test_evaluate_events_in_process_reuses_one_pipeline(labelled_events, fake_pipeline, fake_nli):
    events, labels = labelled_events
    seen = []
    evaluation = evaluate_events(labels, events, fake_pipeline, on_event=lambda labels, scores: seen.append(labels.event))
    assert seen == ["ev-one", "ev-two"]
    total = evaluation.total
    assert (total.events, total.items, total.conflicts, total.conflicts_found) == (2, 4, 2, 2)
    assert (total.agreements, total.agreements_found) == (2, 2)
    assert total.reported_right == 2 and total.compared == 4
    # The in-process figures are score_event's on the same report's JSON.
    report = fake_pipeline.analyze(events / "ev-one")
    outlets = outlets_by_file(report.to_dict())
    assert outlets == {"planet": "Daily Planet", "gazette": "Gotham Gazette"}
    items = [i.with_outlets(outlets) for i in read_event_labels(labels)[0].items]
    assert score_event(report.to_dict(), items).to_dict() == evaluation.per_event[0][1].to_dict()


def test_cli_eval_events_json_and_verbose_text(labelled_events, cli_fake_models):
    events, labels = labelled_events
    result = CliRunner().invoke(app, ["eval", "--events", str(events), "--labels", str(labels), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["conflict_precision"], data["conflict_recall"], data["agreement_recall"]) == (1.0, 1.0, 1.0)
    assert (data["events"], data["items"], data["compared"], data["traps_flagged"]) == (2, 4, 4, 0)
    assert [e["event"] for e in data["per_event"]] == ["ev-one", "ev-two"] and data["misses"] == []

    # A label expecting a conflict where the outlets agree shows up as a miss in -v, and the agreement as a false conflict
    # is absent: the report flags no such pair.
    wrong = {**EVENT_LABELS, "items": [{**EVENT_LABELS["items"][1], "expect": "conflict", "why": "invented miss"}]}
    (labels / "ev-two.json").write_text(json.dumps({**wrong, "event": "ev-two"}), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--events", str(events), "--labels", str(labels), "-v"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "  MISS ev-2 conflict (agree): invented miss" in lines
    assert lines[-2] == "misses: ev-2:conflict:agree"
    assert lines[-1].startswith("news gold (2 events, ") and lines[-1].endswith(
        "conflict precision 0.50 (1/2), conflict recall 0.50 (1/2), dispute recall 0/0 (reported disputes right 0/0), "
        "agree recall 1/1, traps flagged 0/0, labelled pairs compared 3/3")
    assert "FALSE ev-t" in result.stdout  # ev-two's crowd conflict is now labelled nowhere: a false conflict


def _break(events, labels, how):
    if how == "no events folder":
        return ["--events", str(events.parent / "nope"), "--labels", str(labels)], "nope: no such events folder"
    if how == "no labels folder":
        return ["--events", str(events), "--labels", str(labels.parent / "nope")], "no such labels folder"
    if how == "empty labels folder":
        for path in labels.glob("*.json"):
            path.unlink()
        return ["--events", str(events), "--labels", str(labels)], "labels folder has no .json file"
    if how == "label names a missing file":
        bad = {**EVENT_LABELS, "items": [{**EVENT_LABELS["items"][0], "b": ["nyt", "More than 10,000 marchers"]}]}
        (labels / "ev-one.json").write_text(json.dumps(bad), encoding="utf-8")
        return ["--events", str(events), "--labels", str(labels)], "names file 'nyt'"
    if how == "event folder missing":
        (labels / "ev-three.json").write_text(json.dumps({**EVENT_LABELS, "event": "ev-three"}), encoding="utf-8")
        return ["--events", str(events), "--labels", str(labels)], "ev-three.json: event folder"
    if how == "malformed JSON":
        (labels / "ev-one.json").write_text('{"event": "ev-one", "items": [', encoding="utf-8")
        return ["--events", str(events), "--labels", str(labels)], "ev-one.json:1: not valid JSON"
    if how == "only --events":
        return ["--events", str(events)], "--labels is missing"
    if how == "pairs file and events":
        return [str(SEED_PAIRS), "--events", str(events), "--labels", str(labels)], "not both"
    if how == "no input at all":
        return [], "give a labelled pairs file, or both --events and --labels"
    if how == "unsupported format":
        return ["--events", str(events), "--labels", str(labels), "--format", "csv"], "eval writes text or json"
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["no events folder", "no labels folder", "empty labels folder", "label names a missing file",
                                 "event folder missing", "malformed JSON", "only --events", "pairs file and events",
                                 "no input at all", "unsupported format"])
def test_cli_eval_events_bad_input_is_one_line_exit_2(labelled_events, cli_fake_models, how):
    arguments, message = _break(*labelled_events, how)
    result = CliRunner().invoke(app, ["eval", *arguments])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output and cli_fake_models[1].calls == 0  # checked before any model ran


@pytest.mark.slow
@pytest.mark.models
@pytest.mark.skipif(not (NEWS_DEV / "score.py").is_file(), reason="../shared/news-dev is not here")
def test_in_process_figures_equal_score_py_on_news_dev(real_pipeline, tmp_path):
    """score.py (a subprocess per event) and evaluate_events (one pipeline) agree figure for figure.

    Both runs read the working tree: run it on a tree nobody is editing, or the two halves (~6 min on
    2 cores) may measure different code."""
    import re
    import subprocess
    import sys

    evaluation = evaluate_events(NEWS_DEV / "labels", NEWS_DEV / "events", real_pipeline)
    result = subprocess.run([sys.executable, str(NEWS_DEV / "score.py"), str(NEWS_DEV / "labels"), str(NEWS_DEV / "events"),
                             "--contradict", str(Path(sys.executable).parent / "contradict"), "--out", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=3600)
    theirs = result.stdout.strip().splitlines()[-1]
    untimed = re.compile(r" events, \d+ s\)")
    assert untimed.sub(" events)", theirs) == evaluation.total.figures_line(), result.stderr[-500:]
    # And score_event on the very reports score.py read gives the same figures as the in-process run.
    labels = read_event_labels(NEWS_DEV / "labels")
    total = EventScores()
    for event_labels in labels:
        report = json.loads((tmp_path / "news_reports" / f"{event_labels.event}.json").read_text(encoding="utf-8"))
        outlets = outlets_by_file(report)
        total = total + score_event(report, [i.with_outlets({s: outlets.get(s) for s in event_labels.stems()})
                                             for i in event_labels.items], event=event_labels.event)
    assert total.to_dict() == evaluation.total.to_dict()
