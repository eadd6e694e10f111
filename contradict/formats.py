"""Render a :class:`~contradict.report.Report` in each output format; one ``write_report`` for every command.

Example:
    >>> print(render(report, "text"))
    >>> write_report(report, "json", output="report.json")
"""

from __future__ import annotations

import re
import sys
import textwrap
from enum import Enum
from pathlib import Path
from typing import IO, Callable

from .report import Report
from .verdict import AGREE, CONFLICT


class Format(str, Enum):
    """Output formats shared by every command."""

    text = "text"
    json = "json"


# Control characters and ANSI escapes from article text must never reach a terminal.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str | None) -> str:
    """Article text made safe for a terminal: escape sequences and control characters removed.

    Example:
        >>> safe_text("red\\x1b[31m alert")
        'red alert'
    """
    return _CONTROL.sub("", text or "")


class _Style:
    """ANSI styling, or none when not writing to a terminal."""

    def __init__(self, colour: bool):
        self.colour = colour

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text


def _quote(text: str, width: int = 100, indent: str = "      ") -> str:
    return textwrap.fill(f"“{safe_text(text)}”", width=width, initial_indent=indent, subsequent_indent=indent + " ")


def _outlet(source: str, date: str | None) -> str:
    return f"{safe_text(source)} ({date})" if date else safe_text(source)


def render_text(report: Report, *, colour: bool = False, top: int | None = None, topic: str | None = None,
                show_dropped: bool = False) -> str:
    """The human report: summary first, then topic by topic, conflicts before agreements.

    ``top`` keeps the N strongest findings; ``topic`` keeps topics whose label contains the text.
    """
    style = _Style(colour)
    summary = report.summary()
    outlets = ", ".join(sorted(report.articles["source"].unique())) if len(report.articles) else "none"
    lines = [
        style("contradict report", "1"),
        f"Outlets ({summary['sources']}): {safe_text(outlets)}",
        f"Articles: {summary['articles']}   claim sentences: {summary['claims']}   set aside: {summary['set_aside']}",
        f"Topics: {summary['topics']}   pairs compared: {summary['pairs']}   "
        + style(f"conflicts: {summary['conflicts']}", "1;31") + "   " + style(f"agreements: {summary['agreements']}", "1;32"),
    ]
    for warning in report.warnings:
        lines.append(style(f"note: {safe_text(warning)}", "33"))

    findings = report.findings
    if topic:
        findings = findings[findings["topic"].str.contains(topic, case=False, regex=False)]
    if top is not None:
        findings = findings.head(top)
    pairs = report.pairs.set_index("pair_id") if len(report.pairs) else report.pairs
    sentences = report.sentences.set_index("id") if len(report.sentences) else report.sentences
    dates = dict(zip(report.articles["id"], report.articles["date"]))

    if findings.empty:
        lines += ["", "No conflicts or agreements found between outlets."]
    topic_order = list(dict.fromkeys(findings["topic_id"].tolist()))
    for topic_id in topic_order:
        own = findings[findings["topic_id"] == topic_id]
        label = own["topic"].iloc[0]
        lines += ["", style(f"■ Topic: {safe_text(label)}", "1;36")]
        for finding in own.itertuples():
            if finding.kind == CONFLICT:
                pair = pairs.loc[finding.pair_ids[0]]
                lines.append("  " + style(f"CONFLICT ({finding.confidence:.2f})", "1;31") + f"  {safe_text(pair['reason'])}")
                lines.append(f"    {_outlet(pair['a_source'], pair['a_date'])}:")
                lines.append(_quote(pair["a_text"]))
                lines.append(f"    {_outlet(pair['b_source'], pair['b_date'])}:")
                lines.append(_quote(pair["b_text"]))
            elif finding.kind == AGREE:
                lines.append("  " + style(f"AGREE ({finding.confidence:.2f})", "1;32") + f"  {safe_text(', '.join(finding.sources))}")
                shown = set()
                for sentence_id in finding.sentence_ids:
                    row = sentences.loc[sentence_id]
                    if row["source"] in shown:
                        continue  # one quote per outlet keeps an agreement short
                    shown.add(row["source"])
                    lines.append(f"    {_outlet(row['source'], dates.get(row['article_id']))}:")
                    lines.append(_quote(row["text"]))
    if show_dropped:
        dropped = report.set_aside()
        lines += ["", style(f"Set aside ({len(dropped)} sentences)", "1")]
        for row in dropped.itertuples():
            lines.append(f"  [{safe_text(row.source)}] {safe_text(row.status)}: {safe_text(row.text)[:120]}")
    return "\n".join(lines) + "\n"


def render_json(report: Report, **_options) -> str:
    return report.to_json() + "\n"


#: Renderer per format; each takes the report and keyword options it may ignore.
RENDERERS: dict[str, Callable[..., str]] = {
    Format.text.value: render_text,
    Format.json.value: render_json,
}


def render(report: Report, fmt: str | Format = "text", **options) -> str:
    """The report in one format, as a string."""
    name = fmt.value if isinstance(fmt, Format) else str(fmt)
    if name not in RENDERERS:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(RENDERERS)}")
    renderer = RENDERERS[name]
    if name != Format.text.value:
        options.pop("colour", None)
    return renderer(report, **options)


def write_report(report: Report, fmt: str | Format = "text", *, output: str | Path | None = None,
                 stream: IO[str] | None = None, **options) -> None:
    """Write the report to ``output`` (a file) or ``stream`` (default stdout).

    Colour is used only for text written to a terminal.
    """
    stream = stream or sys.stdout
    if output is None and options.get("colour") is None:
        options["colour"] = hasattr(stream, "isatty") and stream.isatty()
    elif output is not None:
        options["colour"] = False
    content = render(report, fmt, **options)
    if output is not None:
        Path(output).write_text(content, encoding="utf-8")
    else:
        stream.write(content)
