"""The README's command-line promises, each with a test that can fail.

Exit codes (3 on an internal error, CONTRADICT_DEBUG=1 for the traceback), --quiet, --fail-on,
--top, --topic, --config, --nli-model, progress bars only on a terminal, Pipeline(clusterer=...),
errors on stderr and results on stdout, and --help on every command and subcommand.

The CLI builds its own Pipeline: tests here run it on the fake models of conftest.py. The few
that need a real stderr (a terminal, a traceback printed by Python) run the CLI in a subprocess
that installs the same fakes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import contradict.pipeline as pipeline
from contradict.cli import app
from contradict.pipeline import Pipeline

from conftest import AFP, BBC, EXPRESS, FOX

runner = CliRunner()
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

DENIED = "Putin has repeatedly denied plans to invade Ukraine."
CONFIRMED = "Putin has confirmed plans to invade Ukraine."


def write_articles(folder: Path, articles) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for article in articles:
        (folder / f"{article.id}.txt").write_text(
            f"---\nsource: {article.source}\ndate: {article.date}\n---\n{article.text}", encoding="utf-8")
    return folder


@pytest.fixture
def story(tmp_path):
    """The four-outlet story of conftest: a troop-count conflict (Express/AFP), a denial conflict
    (Fox/BBC), agreements on the withdrawal and on the Geneva talks."""
    return write_articles(tmp_path / "story", [FOX, BBC, EXPRESS, AFP])


@pytest.fixture
def agreeing(tmp_path):
    """Two outlets that agree and nothing else: scored pairs, no conflict."""
    (tmp_path / "agreeing").mkdir()
    # Each has a sentence of its own, so the two are not merged as near-duplicate articles.
    (tmp_path / "agreeing" / "a.txt").write_text(
        "---\nsource: A\n---\nRussia has withdrawn over 10,000 troops from the Ukrainian border.\n\n"
        "The Kremlin said the winter drills had ended on schedule.\n")
    (tmp_path / "agreeing" / "b.txt").write_text(
        "---\nsource: B\n---\nRussia has withdrawn at least 10,000 troops from the Ukrainian border.\n\n"
        "Officials in Brussels said they would keep watching the region closely.\n")
    return tmp_path / "agreeing"


@pytest.fixture
def denial(tmp_path):
    """Two sentences without numbers that only NLI can call a conflict (the fake NLI says 0.97 both ways)."""
    (tmp_path / "denial").mkdir()
    (tmp_path / "denial" / "fox.txt").write_text(f"---\nsource: Fox News\n---\n{DENIED}\n")
    (tmp_path / "denial" / "bbc.txt").write_text(f"---\nsource: BBC\n---\n{CONFIRMED}\n")
    return tmp_path / "denial"


@pytest.fixture
def nli_config(tmp_path):
    """Thresholds under which the fake NLI's 0.97 both ways is a conflict (README rule 3), so tests
    that need a conflict, or need NLI to run, do not depend on the shipped defaults, which are being tuned."""
    config = tmp_path / "nli-conflicts.toml"
    config.write_text("[thresholds]\nnli_conflict = 0.9\nnli_conflict_cosine = 0.75\n")
    return config


@pytest.fixture
def with_notes(tmp_path):
    """One outlet and two blank files: the run has notes to print (single outlet, empty files)."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "fox.txt").write_text("---\nsource: Fox News\n---\n" + FOX.text)
    (folder / "blank1.txt").write_text("   \n")
    (folder / "blank2.txt").write_text("\n")
    return folder


def nonblank_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


# ----------------------------------------------------------------------------- running the CLI for real


def run_cli_process(args, tmp_path, *, env=None, stderr_tty=False, setup=""):
    """Run ``contradict ARGS`` in a fresh Python with conftest's fake models installed.

    ``setup`` is Python run after the fakes are installed (e.g. to inject a failure). With
    ``stderr_tty`` stderr is a pseudo-terminal, as when a person runs the command.
    Returns (exit code, stdout, stderr).
    """
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(TESTS)!r})
        import conftest
        import contradict.pipeline as pipeline
        pipeline.load_embedder = lambda *a, **k: conftest.FakeEmbedder()
        pipeline.load_nli = lambda *a, **k: conftest.FakeNLI()
    """) + textwrap.dedent(setup) + textwrap.dedent(f"""
        from contradict.cli import main
        sys.argv = ["contradict", *{list(map(str, args))!r}]
        main()
    """)
    environment = {key: value for key, value in os.environ.items() if key != "CONTRADICT_DEBUG"}
    environment.update({"CONTRADICT_CACHE_DIR": str(tmp_path / "process-cache"), "PYTHONPATH": str(ROOT),
                        "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **(env or {})})
    if not stderr_tty:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment,
                              cwd=tmp_path, timeout=120)
        return done.returncode, done.stdout, done.stderr
    import fcntl, pty, struct, termios  # POSIX only, and only here

    controller, terminal = pty.openpty()
    # A real terminal has a size; a fresh pty is 0 columns wide, and tqdm draws nothing in 0 columns.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=terminal,
                               stdin=subprocess.DEVNULL, env=environment, cwd=tmp_path)
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # EIO: the child closed its end of the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    stdout = process.stdout.read().decode()
    process.stdout.close()
    return process.wait(timeout=120), stdout, b"".join(chunks).decode(errors="replace")


# ----------------------------------------------------------------------------- exit code 3 and CONTRADICT_DEBUG


def test_internal_error_exits_3_with_one_line_on_stderr(story, monkeypatch, cli_fake_models):
    def broken_stage(self, texts):
        raise RuntimeError("injected failure")

    monkeypatch.delenv("CONTRADICT_DEBUG", raising=False)
    monkeypatch.setattr(Pipeline, "encode", broken_stage)
    result = runner.invoke(app, ["report", str(story)])
    assert result.exit_code == 3
    assert result.stdout == ""
    lines = nonblank_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("contradict: error: internal error (RuntimeError: injected failure)")
    assert "CONTRADICT_DEBUG=1" in lines[0] and "Traceback" not in result.stderr


_INJECT_FAILURE = """
    def broken_stage(self, texts):
        raise RuntimeError("injected failure")
    pipeline.Pipeline.encode = broken_stage
"""


def test_contradict_debug_shows_the_traceback(story, tmp_path):
    code, stdout, stderr = run_cli_process(["report", story], tmp_path, env={"CONTRADICT_DEBUG": "1"},
                                           setup=_INJECT_FAILURE)
    assert code != 0 and stdout == ""
    assert "Traceback (most recent call last)" in stderr
    assert "in broken_stage" in stderr and "RuntimeError: injected failure" in stderr
    # ...and without it, the same failure is the one line of the test above.
    code, _, stderr = run_cli_process(["report", story], tmp_path, setup=_INJECT_FAILURE)
    assert code == 3 and "Traceback" not in stderr and len(nonblank_lines(stderr)) == 1


def test_contradict_debug_keeps_exit_code_3(story, tmp_path):
    code, _, stderr = run_cli_process(["report", story, "--fail-on", "conflict"], tmp_path,
                                      env={"CONTRADICT_DEBUG": "1"}, setup=_INJECT_FAILURE)
    assert "RuntimeError: injected failure" in stderr
    assert code == 3


# ----------------------------------------------------------------------------- --quiet


@pytest.mark.usefixtures("cli_fake_models")
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_quiet_leaves_stderr_empty(with_notes, fmt):
    loud = runner.invoke(app, ["report", str(with_notes), "--format", fmt])
    quiet = runner.invoke(app, ["report", str(with_notes), "--format", fmt, "--quiet"])
    assert loud.exit_code == quiet.exit_code == 0, loud.output
    if fmt == "json":  # the control: this input does have notes for stderr
        assert "contradict: note:" in loud.stderr
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout  # quiet silences stderr only: the results are the same


# ----------------------------------------------------------------------------- --fail-on conflict


@pytest.mark.usefixtures("cli_fake_models")
def test_fail_on_conflict_exits_0_when_there_is_no_conflict(agreeing, tmp_path, nli_config):
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["report", str(agreeing), "--fail-on", "conflict", "-q", "-f", "json", "-o", str(out),
                                 "--config", str(nli_config)])
    assert result.exit_code == 0, result.output
    summary = json.loads(out.read_text())["summary"]
    assert summary["pairs"] > 0 and summary["agreements"] > 0 and summary["conflicts"] == 0


@pytest.mark.usefixtures("cli_fake_models")
def test_fail_on_conflict_exits_1_when_there_is_one_and_still_reports_it(denial, nli_config):
    config = ["--config", str(nli_config)]
    result = runner.invoke(app, ["report", str(denial), "--fail-on", "conflict", "-q", *config])
    assert result.exit_code == 1
    assert "CONFLICT" in result.stdout and "denied plans" in result.stdout
    assert runner.invoke(app, ["report", str(denial), "-q", *config]).exit_code == 0  # without the gate, a conflict is fine


# ----------------------------------------------------------------------------- --top and --topic


def jsonl_findings(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.mark.usefixtures("cli_fake_models")
def test_top_keeps_the_n_strongest_findings(story, nli_config):
    config = ["--config", str(nli_config)]
    everything = jsonl_findings(runner.invoke(app, ["report", str(story), "-f", "jsonl", "-q", *config]).stdout)
    assert len(everything) > 2
    for n in (1, 2):
        result = runner.invoke(app, ["report", str(story), "-f", "jsonl", "-q", "--top", str(n), *config])
        assert result.exit_code == 0, result.output
        assert jsonl_findings(result.stdout) == everything[:n]  # the first n: conflicts first, strongest first
    assert everything[0]["kind"] == "conflict"
    result = runner.invoke(app, ["report", str(story), "--top", "0"])
    assert result.exit_code == 2 and result.stdout == ""


@pytest.mark.usefixtures("cli_fake_models")
def test_topic_keeps_only_topics_whose_label_contains_the_text(story, nli_config):
    config = ["--config", str(nli_config)]
    everything = jsonl_findings(runner.invoke(app, ["report", str(story), "-f", "jsonl", "-q", *config]).stdout)
    # A word of one finding's topic label that some other finding's label lacks: something to filter out.
    words = [w for f in everything for w in f["topic"].lower().split(" / ")
             if not all(w in g["topic"].lower() for g in everything)]
    assert words, [f["topic"] for f in everything]
    word = words[0]
    result = runner.invoke(app, ["report", str(story), "-f", "jsonl", "-q", "--topic", word.upper(), *config])
    assert result.exit_code == 0, result.output
    chosen = jsonl_findings(result.stdout)
    assert chosen and all(word in f["topic"].lower() for f in chosen)
    assert chosen == [f for f in everything if word in f["topic"].lower()]
    # --top and --topic together: the strongest finding on the topic
    both = jsonl_findings(runner.invoke(app, ["report", str(story), "-f", "jsonl", "-q", "--topic", word,
                                              "--top", "1", *config]).stdout)
    assert both == chosen[:1]


# ----------------------------------------------------------------------------- --config


def report_json(arguments) -> dict:
    result = runner.invoke(app, arguments + ["-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.usefixtures("cli_fake_models")
def test_config_thresholds_change_a_verdict(denial, tmp_path, nli_config):
    lenient = report_json(["report", str(denial), "--config", str(nli_config)])
    assert [p["verdict"] for p in lenient["pairs"]] == ["conflict"]  # the fake NLI: 0.97 both ways >= 0.9
    strict_config = tmp_path / "strict.toml"
    strict_config.write_text("[thresholds]\nnli_conflict = 0.99\nnli_conflict_cosine = 0.75\n")
    strict = report_json(["report", str(denial), "--config", str(strict_config)])
    assert [p["verdict"] for p in strict["pairs"]] == ["unrelated"]  # 0.97 < 0.99: unrelated
    assert strict["summary"]["conflicts"] == 0


@pytest.mark.usefixtures("cli_fake_models")
@pytest.mark.parametrize("content, message", [
    ("[thresholds]\nno_such_threshold = 1\n", "unknown threshold(s) no_such_threshold"),
    ("[thresholds\n", "not valid TOML"),
    (None, "config file not found"),
])
def test_bad_config_is_one_line_and_exit_2(denial, tmp_path, content, message):
    config = tmp_path / "bad.toml"
    if content is not None:
        config.write_text(content)
    result = runner.invoke(app, ["report", str(denial), "--config", str(config)])
    assert result.exit_code == 2 and result.stdout == ""
    lines = nonblank_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith("contradict: error:") and message in lines[0]


# ----------------------------------------------------------------------------- --nli-model


def test_nli_model_option_reaches_the_loader(denial, monkeypatch, cli_fake_models, nli_config):
    _, fake_nli = cli_fake_models
    asked = []
    monkeypatch.setattr(pipeline, "load_nli", lambda name, *a, **k: asked.append(name) or fake_nli)
    import contradict.models as models  # "my-org/my-nli" is in no hub cache: the CLI's fail-fast check would stop it

    monkeypatch.setattr(models, "check_model_available", lambda name, role: None)
    result = runner.invoke(app, ["report", str(denial), "--nli-model", "my-org/my-nli", "-q", "--config", str(nli_config)])
    assert result.exit_code == 0, result.output
    assert asked == ["my-org/my-nli"] and fake_nli.calls > 0


def test_nli_model_bad_path_is_one_line_and_exit_2(denial, tmp_path, monkeypatch, cli_fake_models, nli_config):
    pytest.importorskip("transformers")
    from contradict.models import load_nli

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setattr(pipeline, "load_nli", load_nli)  # the real loader; the embedder stays fake
    missing = tmp_path / "no-such-model"
    result = runner.invoke(app, ["report", str(denial), "--nli-model", str(missing), "--no-cache", "--config", str(nli_config)])
    assert result.exit_code == 2 and result.stdout == ""
    lines = nonblank_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("contradict: error:") and str(missing) in lines[0] and "Traceback" not in result.stderr


# ----------------------------------------------------------------------------- progress bars only on a terminal


BAR_WORDS = ("embedding", "NLI on", "it/s")


@pytest.mark.usefixtures("cli_fake_models")
def test_no_progress_bar_when_stderr_is_not_a_terminal(denial, nli_config):
    # not --quiet: bars are left to the terminal check; the config makes NLI run, so there would be two bars
    result = runner.invoke(app, ["report", str(denial), "--config", str(nli_config)])
    assert result.exit_code == 0, result.output
    assert not any(word in result.stderr for word in BAR_WORDS), result.stderr
    assert "\r" not in result.stderr


def test_progress_bars_on_a_terminal_and_quiet_hides_them(denial, tmp_path, nli_config):
    """The control for the test above: on a terminal the same run does draw bars, and --quiet hides them."""
    arguments = ["report", denial, "--config", nli_config, "--no-cache"]
    code, stdout, stderr = run_cli_process(arguments, tmp_path, stderr_tty=True)
    assert code == 0, stderr
    assert "embedding" in stderr and "NLI on" in stderr
    assert "contradict report" in stdout and "embedding" not in stdout
    code, stdout, stderr = run_cli_process([*arguments, "--quiet"], tmp_path, stderr_tty=True)
    assert code == 0 and "contradict report" in stdout
    assert stderr == ""


# ----------------------------------------------------------------------------- Pipeline(clusterer=...)


class OneTopicClusterer:
    """A scikit-learn style clusterer that puts every sentence in one topic, and remembers its input."""

    def __init__(self):
        self.fitted = []

    def fit(self, X):
        self.fitted.append(X.shape)
        self.labels_ = [7] * len(X)
        return self


def test_pipeline_uses_the_clusterer_given(fake_embedder, fake_nli):
    articles = [FOX, BBC, EXPRESS, AFP]
    default = Pipeline(embedder=fake_embedder, nli=fake_nli, show_progress=False).analyze(articles)
    assert len(default.topics) > 1  # the control: the default clustering finds several topics
    clusterer = OneTopicClusterer()
    report = Pipeline(embedder=fake_embedder, nli=fake_nli, clusterer=clusterer, show_progress=False).analyze(articles)
    used = report.sentences[report.sentences["status"] == "used"]
    assert clusterer.fitted == [(len(used), report.embeddings.shape[1])]
    assert len(report.topics) == 1 and set(used["topic_id"]) == {0}
    assert int(report.topics["size"].iloc[0]) == len(used)


# ----------------------------------------------------------------------------- stdout and stderr


@pytest.mark.usefixtures("cli_fake_models")
def test_results_on_stdout_notes_on_stderr(with_notes):
    result = runner.invoke(app, ["report", str(with_notes), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # stdout is the report and nothing else
    assert data["warnings"]
    notes = nonblank_lines(result.stderr)
    assert notes and all(line.startswith("contradict: note:") for line in notes)
    assert "{" not in result.stderr


@pytest.mark.usefixtures("cli_fake_models")
@pytest.mark.parametrize("arguments", [
    ["report", "no/such/folder"],
    ["report", ".", "--format", "pdf"],
    ["claims"],
])
def test_errors_on_stderr_nothing_on_stdout(arguments):
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip()


# ----------------------------------------------------------------------------- --help everywhere


def command_paths(command=None, path=()):
    command = command or typer.main.get_command(app)
    yield list(path)
    for name, sub in getattr(command, "commands", {}).items():
        yield from command_paths(sub, (*path, name))


@pytest.mark.parametrize("path", list(command_paths()), ids=lambda p: " ".join(p) or "contradict")
def test_every_command_and_subcommand_has_help(path):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout and result.stderr == ""
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    if not getattr(command, "commands", None):  # a command that runs (not a group) shows how to run it
        assert "Example" in result.stdout


def test_help_covers_nested_subcommands():
    assert ["cache", "info"] in list(command_paths()) and ["cache", "clear"] in list(command_paths())
