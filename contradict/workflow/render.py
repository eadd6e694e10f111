"""A :class:`~contradict.workflow.diff.ReportDiff` in each output format of ``contradict diff``.

``text``, ``markdown`` and ``html`` list the changes for people, new findings first, quoting
the sentences; ``json`` is :meth:`ReportDiff.to_dict`; ``jsonl`` one change per line; ``csv`` one
row per change. Article text is made safe the way the report formats make it (see
:mod:`contradict.formats`). ClaimReview describes findings, not changes between runs: a diff
has no ``claimreview`` form.

Example:
    >>> print(render_diff(diff, "text", old_label="monday.json", new_label="tuesday.json"))
"""

from __future__ import annotations

import csv
import io
from typing import Any, Callable

from ..formats import (
    _CSS, _Style, _csv_cell, _dumps, _esc, _markdown_code, _one_line, _one_per_outlet, _quote, escape_markdown, safe_text,
)
from ..report import _records, json_bytes
from ..verdict import AGREE
from .diff import CHANGED, NEW, RESOLVED, STATUSES, UNCHANGED, VERDICT_CHANGED, ReportDiff

#: How each status is headed, and its terminal colour.
_HEADING = {NEW: ("New findings", "1;33"), RESOLVED: ("Resolved (no longer found)", "1;34"),
            VERDICT_CHANGED: ("Verdict changed", "1;35"), CHANGED: ("Changed", "1;36")}


def _quoted(row: dict[str, Any]) -> list[dict[str, Any]]:
    """A conflict's two sentences; one sentence per outlet for an agreement group."""
    return row["evidence"] if row["kind"] != AGREE else _one_per_outlet(row["evidence"])


def _counts_line(diff: ReportDiff) -> str:
    return "   ".join(f"{status}: {count}" for status, count in diff.counts.items())


def _articles_line(diff: ReportDiff) -> str:
    return (f"Articles added: {', '.join(diff.articles_added) or 'none'}   "
            f"removed: {', '.join(diff.articles_removed) or 'none'}")


def _grouped(diff: ReportDiff) -> list[tuple[str, list[dict[str, Any]]]]:
    rows = _records(diff.changes)
    return [(status, [row for row in rows if row["status"] == status]) for status in STATUSES
            if status != UNCHANGED and any(row["status"] == status for row in rows)]


def _head(row: dict[str, Any]) -> str:
    kind = f"{row['old_kind']} → {row['kind']}" if row["status"] == VERDICT_CHANGED else row["kind"]
    review = f"  [{row['review']}]" if row.get("review") and row["review"] != "unreviewed" else ""
    return f"{kind.upper()} ({row['confidence']:.2f})  {row['finding_id']}{review}  topic: {row['topic']}"


def render_diff_text(diff: ReportDiff, *, old_label: str = "old", new_label: str = "new", colour: bool = False,
                     **_options) -> str:
    """The changes for a terminal: counts, then new, resolved, verdict changed and changed findings, quoted."""
    style = _Style(colour)
    lines = [style(f"contradict diff: {safe_text(old_label)} → {safe_text(new_label)}", "1"),
             safe_text(_articles_line(diff)), _counts_line(diff)]
    groups = _grouped(diff)
    if not groups:
        lines += ["", "No finding is new, resolved or changed."]
    for status, rows in groups:
        heading, code = _HEADING[status]
        lines += ["", style(f"{heading} ({len(rows)})", code)]
        for row in rows:
            lines.append("  " + _one_line(_head(row)))
            if row["status"] != NEW and row["details"]:
                lines.append("    " + _one_line("; ".join(row["details"])))
            if row["kind"] != AGREE:
                lines.append("    " + _one_line(row["reason"]))
            for item in _quoted(row):
                date = f" ({safe_text(item['date'])})" if item["date"] else ""
                lines.append(f"    {safe_text(item['source'])}{date}:")
                lines.append(_quote(item["text"]))
    return "\n".join(lines) + "\n"


def render_diff_markdown(diff: ReportDiff, *, old_label: str = "old", new_label: str = "new", **_options) -> str:
    """The changes as Markdown, article text escaped (see :func:`contradict.formats.escape_markdown`)."""
    lines = [f"# contradict diff: {escape_markdown(old_label)} → {escape_markdown(new_label)}", "",
             escape_markdown(_articles_line(diff)), "",
             "| " + " | ".join(STATUSES) + " |", "|" + "---:|" * len(STATUSES),
             "| " + " | ".join(str(count) for count in diff.counts.values()) + " |"]
    groups = _grouped(diff)
    if not groups:
        lines += ["", "No finding is new, resolved or changed."]
    for status, rows in groups:
        lines += ["", f"## {_HEADING[status][0]} ({len(rows)})"]
        for row in rows:
            lines += ["", f"### {escape_markdown(_head(row))}"]
            if row["status"] != NEW and row["details"]:
                lines += ["", escape_markdown("; ".join(row["details"]))]
            if row["kind"] != AGREE:
                lines += ["", escape_markdown(row["reason"])]
            for item in _quoted(row):
                date = f" ({escape_markdown(item['date'])})" if item["date"] else ""
                lines += ["", f"- **{escape_markdown(item['source'])}**{date} · {_markdown_code(item['sentence_id'])}",
                          "", f"  > “{escape_markdown(item['text'])}”"]
    return "\n".join(lines) + "\n"


def render_diff_html(diff: ReportDiff, *, old_label: str = "old", new_label: str = "new", **_options) -> str:
    """The changes as one self-contained page (no scripts; the report's styles and Content-Security-Policy)."""
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>contradict diff: {_esc(old_label)} → {_esc(new_label)}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f"<h1>contradict diff</h1><p class=\"sub\">{_esc(old_label)} → {_esc(new_label)}. {_esc(_articles_line(diff))}</p>",
        '<ul class="stats">' + "".join(f"<li><b>{count}</b><span>{_esc(status)}</span></li>"
                                       for status, count in diff.counts.items()) + "</ul>",
    ]
    groups = _grouped(diff)
    if not groups:
        parts.append("<p>No finding is new, resolved or changed.</p>")
    for status, rows in groups:
        parts.append(f'<h2>{_esc(_HEADING[status][0])} ({len(rows)})</h2>')
        for row in rows:
            css = "conflict-finding" if row["kind"] != AGREE else "agree-finding"
            details = "; ".join(row["details"]) if row["status"] != NEW else ""
            parts.append(
                f'<section class="card" id="{_esc(row["finding_id"])}"><div class="finding {css}">'
                f"<p><strong>{_esc(_head(row))}</strong>"
                + (f"<br>{_esc(details)}" if details else "")
                + (f"<br>{_esc(row['reason'])}" if row["kind"] != AGREE else "") + '</p><div class="side">'
                + "".join(f'<div class="quote"><div class="who"><strong>{_esc(item["source"])}</strong>'
                          + (f' <span class="date">{_esc(item["date"])}</span>' if item["date"] else "")
                          + f'</div><blockquote>{_esc(_one_line(item["text"]))}</blockquote>'
                          f'<div class="sid">{_esc(item["sentence_id"])}</div></div>' for item in _quoted(row))
                + "</div></div></section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def render_diff_json(diff: ReportDiff, **_options) -> str:
    """:meth:`ReportDiff.to_dict` as indented JSON."""
    return json_bytes(diff.to_dict(), indent=2, newline=True).decode("utf-8")


def render_diff_jsonl(diff: ReportDiff, **_options) -> str:
    """One change per line (the records of ``to_dict()["changes"]``)."""
    return "".join(_dumps(row) + "\n" for row in diff.to_dict()["changes"])


def render_diff_csv(diff: ReportDiff, **_options) -> str:
    """One row per change; lists joined with ``"; "``, the quotes as ``outlet: text``, formulas defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = [name for name in diff.frame.columns if name != "evidence"] + ["quotes"]
    writer.writerow(columns)
    for row in _records(diff.changes):
        row["quotes"] = [f"{item['source']}: {_one_line(item['text'])}" for item in row["evidence"]]
        writer.writerow(["" if row[name] is None else _csv_cell(row[name]) for name in columns])
    return buffer.getvalue()


#: Renderer per format name (the names of ``--format``); a diff has no claimreview form.
DIFF_RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_diff_text, "markdown": render_diff_markdown, "html": render_diff_html,
    "json": render_diff_json, "jsonl": render_diff_jsonl, "csv": render_diff_csv,
}


def render_diff(diff: ReportDiff, fmt: str = "text", **options: Any) -> str:
    """The diff in one format (see :data:`DIFF_RENDERERS`).

    Example:
        >>> render_diff(diff, "markdown", old_label="a.json", new_label="b.json").splitlines()[0]
        '# contradict diff: a.json → b.json'
    """
    if fmt not in DIFF_RENDERERS:
        raise ValueError(f"a diff is written as {', '.join(DIFF_RENDERERS)}, not {fmt}")
    if fmt != "text":
        options.pop("colour", None)
    return DIFF_RENDERERS[fmt](diff, **options)
