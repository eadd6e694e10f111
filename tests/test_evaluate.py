"""Evaluation on labelled pairs: the figures are right, the shipped set is sound, the CLI reports both systems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contradict.cli import app
from contradict.errors import InputError
from contradict.evaluate import (LABELS, SYSTEMS, LabelledPair, evaluate_pairs, nli_label, read_labelled_pairs,
                                 render_evaluation_text, score_predictions)

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
    pairs = [LabelledPair("Russia withdrew its troops from the border today.",
                          "Russia never withdrew its troops from the border today.", "contradiction"),
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
