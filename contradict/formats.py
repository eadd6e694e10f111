"""Render a :class:`~contradict.report.Report` in each output format; one ``write_report`` for every command.

Formats (``contradict formats`` lists them):

- ``text``: for a terminal; colour only when writing to one (and ``NO_COLOR`` is unset);
- ``markdown``: the same content for a newsroom doc or a GitHub issue, article text escaped;
- ``html``: one self-contained page (no scripts, no external files): outlet-by-topic matrix, topic cards;
- ``json``: the full contract, described by ``contradict/schema/report.schema.json``;
- ``jsonl``: one finding per line, each line self-contained (``contradict/schema/finding.schema.json``);
- ``csv``: the pairs table for spreadsheets;
- ``claimreview``: findings a reviewer confirmed as schema.org ``ClaimReview`` JSON-LD items (a JSON array).

``top`` and ``topic`` select findings in the formats built from findings (text, markdown,
html, jsonl, claimreview); ``json`` and ``csv`` are always complete tables.

Example:
    >>> print(render(report, "text"))
    >>> write_report(report, "html", output="report.html")
"""

from __future__ import annotations

import csv
import html
import base64
import hashlib
import io
import json
import math
import os
import re
import sys
import textwrap
from enum import Enum
from pathlib import Path
from typing import IO, Any, Callable, Sequence

import pandas as pd

from .compare import claim_to_dict, comparison_to_dict
from .errors import OutputError
from .load import is_web_url, sanitize_text
from .parties import ANONYMOUS, PRONOUN, QuotedParties, who_is_quoted
from .report import JSON_VERSION, Report, _json_default, gc_paused, json_bytes
from .verdict import AGREE, CONFLICT, DISPUTE, DISTANT_DAYS, SAME_STORY_DAYS


class Format(str, Enum):
    """Output formats shared by every command."""

    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    claimreview = "claimreview"


#: One line per format, for ``contradict formats`` and help texts.
FORMAT_DESCRIPTIONS: dict[str, str] = {
    Format.text.value: "for a terminal: summary, then conflicts before agreements, each quoting both outlets",
    Format.markdown.value: "the text report as Markdown, for a newsroom doc or a GitHub issue",
    Format.html.value: "one self-contained page: outlet-by-topic matrix and a card per topic",
    Format.json.value: "the full report (schema: contradict/schema/report.schema.json)",
    Format.jsonl.value: "one finding per line, each line self-contained, for streaming",
    Format.csv.value: "the table of compared pairs, for spreadsheets",
    Format.claimreview.value: "confirmed findings as schema.org ClaimReview JSON-LD, for publishing (see --decisions, --draft)",
}

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
#: JSON Schema (draft 2020-12) of the ``json`` output: schema 2, the default.
REPORT_SCHEMA_PATH = SCHEMA_DIR / "report.schema.json"
REPORT_V2_SCHEMA_PATH = REPORT_SCHEMA_PATH
#: JSON Schema of schema 3 (``--json-version 3``: unrelated pairs as one table, for a day's feed).
REPORT_V3_SCHEMA_PATH = SCHEMA_DIR / "report-v3.schema.json"
#: JSON Schema of the old shape, written with ``--json-version 1`` for one release.
REPORT_V1_SCHEMA_PATH = SCHEMA_DIR / "report-v1.schema.json"
#: JSON Schema of one line of the ``jsonl`` output.
FINDING_SCHEMA_PATH = SCHEMA_DIR / "finding.schema.json"


def safe_text(text: str | None) -> str:
    """Article text made safe for a terminal: escape sequences and control characters removed.

    The same cleaning the loader applies (:func:`contradict.load.sanitize_text`), so a
    report built from in-memory text that skipped the loader is just as safe.

    Example:
        >>> safe_text("red\\x1b[31m alert")
        'red alert'
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return sanitize_text(str(text))[0]


def _present(value: Any) -> bool:
    """False for None, NaN and pd.NA (missing metadata comes back from DataFrames as any of them)."""
    if value is None or value is pd.NA:
        return False
    return not (isinstance(value, float) and math.isnan(value))


def _one_line(text: Any) -> str:
    return " ".join(safe_text(text).split())


# ---------------------------------------------------------------------- findings as records


def _select_findings(report: Report, top: int | None, topic: str | None, show_rejected: bool = False) -> pd.DataFrame:
    findings = report.findings
    if not show_rejected and "review_status" in findings.columns:
        findings = findings[findings["review_status"] != "rejected"]  # false alarms a reviewer rejected
    if topic:
        findings = findings[findings["topic"].str.contains(topic, case=False, regex=False)]
    if top is not None:
        findings = findings.head(top)
    return findings


class _Lookup:
    """Sentences, articles and pair reasons by id, built once per rendering."""

    def __init__(self, report: Report):
        self.report = report
        # Only the columns evidence() reads, as plain lists: reading 100,000 pairs row by row through
        # pandas took seconds, and a conflict needs only its pair's reason.
        self.sentences = _rows_by_id(report.sentences, "id", ("id", "article_id", "source", "start", "end", "text"))
        self.articles = _rows_by_id(report.articles, "id", ("id", "title", "date", "url"))
        self.reasons = dict(zip(report.pairs["pair_id"].tolist(), report.pairs["reason"].tolist()))
        self.claims: dict[str, dict[str, Any] | None] = {}  # claim_to_dict once per sentence

    def evidence(self, sentence_id: str) -> dict[str, Any]:
        """One quoted sentence with where it comes from (the jsonl ``evidence`` item)."""
        sentence = self.sentences.get(sentence_id, {})
        article = self.articles.get(sentence.get("article_id"), {})
        if sentence_id not in self.claims:
            claim = self.report.claims.get(sentence_id)
            self.claims[sentence_id] = claim_to_dict(claim) if claim is not None else None

        def meta(key: str) -> Any:
            value = article.get(key)
            return value if _present(value) else None

        return {
            "sentence_id": sentence_id,
            "source": sentence.get("source"),
            "article": sentence.get("article_id"),
            "title": meta("title"),
            "date": meta("date"),
            "url": _safe_url(meta("url")),
            "start": _int_or_none(sentence.get("start")),
            "end": _int_or_none(sentence.get("end")),
            "text": sentence.get("text"),
            "claim": self.claims[sentence_id],
        }


def _rows_by_id(frame: pd.DataFrame, key: str, columns: tuple[str, ...]) -> dict[Any, dict[str, Any]]:
    """``{row[key]: row}`` for the given columns (those present), the last row winning a repeated key."""
    present = [name for name in columns if name in frame.columns]
    values = [frame[name].tolist() for name in present]
    return {row[key]: row for row in (dict(zip(present, cells)) for cells in zip(*values))} if key in present else {}


def _int_or_none(value: Any) -> int | None:
    return int(value) if _present(value) else None


def finding_records(report: Report, *, top: int | None = None, topic: str | None = None,
                    show_rejected: bool = False) -> list[dict[str, Any]]:
    """Each finding as a self-contained dict: what the ``jsonl`` format writes, one per line.

    A conflict's ``evidence`` is its two sentences (``reason`` and ``numeric`` say why they
    conflict); an agreement's is every sentence of the group. Sentence ids are
    ``<article id>:<start>-<end>``, the character span in the article text. In a reviewed
    report (``--decisions``) each record has its ``review``, and rejected findings are left out
    unless ``show_rejected``.

    Example:
        >>> record = finding_records(report, top=1)[0]
        >>> record["kind"], [e["source"] for e in record["evidence"]]
        ('conflict', ['Express', 'BBC'])
    """
    lookup = _Lookup(report)
    records = []
    for finding in _select_findings(report, top, topic, show_rejected).to_dict(orient="records"):
        pair_id = finding["pair_ids"][0] if finding["kind"] in (CONFLICT, DISPUTE) else None
        known = pair_id in lookup.reasons
        comparison = report.comparisons.get(pair_id) if known else None
        records.append({
            "finding_id": finding["finding_id"],
            "kind": finding["kind"],
            "story_id": finding.get("story_id"),
            "topic_id": int(finding["topic_id"]),
            "topic": finding["topic"],
            "sources": list(finding["sources"]),
            "confidence": float(finding["confidence"]),
            "summary": finding["summary"],
            "reason": lookup.reasons[pair_id] if known else None,
            "numeric": comparison_to_dict(comparison) if comparison is not None else None,
            "pair_ids": list(finding["pair_ids"]),
            "evidence": [lookup.evidence(sentence_id) for sentence_id in finding["sentence_ids"]],
        })
        if "review_status" in finding:
            records[-1]["review"] = {key[len("review_"):]: (value if _present(value) else None)
                                     for key, value in finding.items() if key.startswith("review_")}
    return records


def review_tag(record: dict[str, Any]) -> str:
    """A finding's review in a few words ("confirmed by A. Editor, 2024-05-02: note"); "" when not reviewed.

    Example:
        >>> review_tag({"review": {"status": "rejected", "reviewer": "A. Editor", "date": None, "note": "two dates"}})
        'rejected by A. Editor: two dates'
    """
    review = record.get("review")
    if not review or review.get("status") in (None, "unreviewed"):
        return ""
    who = ", ".join(str(part) for part in (review.get("reviewer"), review.get("date")) if part)
    tag = review["status"] + (f" by {who}" if who else "")
    if review.get("rating"):
        tag += f" as “{review['rating']}”"
    return tag + (f": {review['note']}" if review.get("note") else "")


def _one_per_outlet(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first sentence of each outlet: one quote per outlet keeps an agreement short."""
    shown: dict[str, dict[str, Any]] = {}
    for item in evidence:
        shown.setdefault(item["source"], item)
    return list(shown.values())


def _by_topic(records: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Findings grouped by topic, topics in the order of their strongest finding (conflicts first)."""
    groups: dict[int, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(record["topic_id"], []).append(record)
    return [(group[0]["topic"], group) for group in groups.values()]


def story_sections(report: Report, records: list[dict[str, Any]], *,
                   every_story: bool = True) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Findings grouped by story: ``(story row, its findings)``, stories with findings first (in the order of
    their strongest finding), then, with ``every_story``, the other stories in input order.

    Reports give a section per story only when the input was grouped into several stories.

    Example:
        >>> [(story["story_id"], len(found)) for story, found in story_sections(report, finding_records(report))]
        [('s2', 3), ('s1', 1), ('s3', 0)]
    """
    stories = {row["story_id"]: row for row in report.stories.to_dict(orient="records")}
    found: dict[Any, list[dict[str, Any]]] = {}
    for record in records:
        found.setdefault(record.get("story_id"), []).append(record)
    sections = [(stories.get(story_id, {"story_id": story_id, "label": "", "sources": [], "articles": []}), group)
                for story_id, group in found.items()]
    if every_story:
        sections += [(row, []) for story_id, row in stories.items() if story_id not in found]
    return sections


def _several_stories(report: Report) -> bool:
    return len(report.stories) > 1


def _story_heading(story: dict[str, Any]) -> str:
    """``s3: <label> · 3 articles from Fox News, HuffPost, New York Times``"""
    articles = len(story.get("articles") or [])
    sources = _first_names(list(story.get("sources") or []), limit=6)
    return (f"{_one_line(story['story_id'])}: {_one_line(story.get('label') or '')} · "
            f"{articles} article{'s' if articles != 1 else ''} from {safe_text(sources) or 'no outlet'}")


def _outlets(report: Report) -> list[str]:
    return sorted(report.articles["source"].dropna().unique().tolist()) if len(report.articles) else []


# ---------------------------------------------------------------------- text


class _Style:
    """ANSI styling, or none when not writing to a terminal."""

    def __init__(self, colour: bool):
        self.colour = colour

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.colour else text


def _quote(text: str, width: int = 100, indent: str = "      ") -> str:
    return textwrap.fill(f"“{_one_line(text)}”", width=width, initial_indent=indent, subsequent_indent=indent + " ")


def _outlet(source: str, date: str | None) -> str:
    return f"{safe_text(source)} ({safe_text(date)})" if _present(date) and date else safe_text(source)


def render_text(report: Report, *, colour: bool = False, top: int | None = None, topic: str | None = None,
                show_dropped: bool = False, show_rejected: bool = False, **_options) -> str:
    """The human report: summary first, then topic by topic, conflicts before agreements.

    ``top`` keeps the N strongest findings; ``topic`` keeps topics whose label contains the text.
    Each quote names its outlet, the article date and the sentence id (``article:start-end``).

    Example:
        >>> print(render_text(report, top=3))
    """
    style = _Style(colour)
    summary = report.summary()
    lines = [
        style("contradict report", "1"),
        f"Outlets ({summary['sources']}): {safe_text(_first_names(_outlets(report)) or 'none')}",
        f"Articles: {summary['articles']}   claim sentences: {summary['claims']}   set aside: {summary['set_aside']}",
        f"Topics: {summary['topics']}   pairs compared: {summary['pairs']}   "
        + style(f"conflicts: {summary['conflicts']}", "1;31") + "   " + style(f"agreements: {summary['agreements']}", "1;32"),
    ]
    if _several_stories(report):
        lines.insert(2, f"Stories: {summary['stories']}, each compared on its own")
    for warning in notes_to_show(report.warnings):
        lines.append(style(f"note: {safe_text(warning)}", "33"))

    records = finding_records(report, top=top, topic=topic, show_rejected=show_rejected)
    if not records:
        lines += ["", "No conflicts or agreements found between outlets."]
    wrapped: dict[Any, str] = {}  # a sentence is quoted by every finding it is in: wrap it once
    # One section per story when the input was grouped into several; else the findings as they come.
    sections = (story_sections(report, records, every_story=top is None and not topic) if _several_stories(report)
                else [(None, records)])
    for story, story_records in sections:
        if story is not None:
            lines += ["", style(f"══ Story {_story_heading(story)}", "1;35")]
            if not story_records:
                lines.append("  No conflicts or agreements found between outlets.")
        lines += _text_topics(story_records, style, wrapped)
    quoted = who_is_quoted(report, topic=topic)
    if quoted.named or quoted.unresolved:
        lines += _quoted_text(quoted, style)
    if show_dropped:
        dropped = report.set_aside()
        lines += ["", style(f"Set aside ({len(dropped)} sentences)", "1")]
        for row in dropped.itertuples():
            lines.append(f"  [{safe_text(row.source)}] {safe_text(row.status)}: {_one_line(row.text)[:120]}")
    return "\n".join(lines) + "\n"


def _text_topics(records: list[dict[str, Any]], style: _Style, wrapped: dict[Any, str]) -> list[str]:
    """The text lines of findings, topic by topic: each finding and the sentences it quotes."""
    lines: list[str] = []
    for label, group in _by_topic(records):
        lines += ["", style(f"■ Topic: {safe_text(label)}", "1;36")]
        for record in group:
            if record["kind"] in (CONFLICT, DISPUTE):
                lines.append("  " + style(f"{record['kind'].upper()} ({record['confidence']:.2f})", "1;31" if record["kind"] == CONFLICT
                                          else "1;33") + f"  {_one_line(record['reason'])}")
                quoted = record["evidence"]
            else:
                lines.append("  " + style(f"AGREE ({record['confidence']:.2f})", "1;32") + f"  {safe_text(', '.join(record['sources']))}")
                quoted = _one_per_outlet(record["evidence"])
            tag = review_tag(record)  # the id is what a decisions file names (see contradict review)
            lines.append("    " + style(f"finding {record['finding_id']}", "2") + (f"  review: {_one_line(tag)}" if tag else ""))
            for item in quoted:
                lines.append(f"    {_outlet(item['source'], item['date'])}:  " + style(safe_text(item["sentence_id"]), "2"))
                if item["text"] not in wrapped:
                    wrapped[item["text"]] = _quote(item["text"])
                lines.append(wrapped[item["text"]])
    return lines


# ---------------------------------------------------------------------- markdown

# ASCII characters that can start Markdown or HTML syntax inside a line, including GitHub's
# extensions: ~ (strikethrough), | (tables), $ (math), @ (mentions), # (issue references).
# CommonMark renders a backslash-escaped ASCII punctuation character as itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}()<>#!|~$@&])")
# Bare URLs that GitHub would turn into links: escaping "://" and "www." keeps them plain text.
_BARE_URL = re.compile(r"(?i)\b(https?|ftp)://|\b(www)\.")


def escape_markdown(text: Any) -> str:
    """Text that renders as itself in Markdown: no links, images, HTML, emphasis or mentions.

    Newlines become spaces, so text cannot start a heading, list or quote of its own.

    Example:
        >>> print(escape_markdown("[x](http://e.com) <b>"))
        \\[x\\]\\(http\\:\\/\\/e.com\\) \\<b\\>
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", _one_line(text))
    return _BARE_URL.sub(lambda m: f"{m.group(1)}\\:\\/\\/" if m.group(1) else f"{m.group(2)}\\.", escaped)


def _markdown_code(text: Any) -> str:
    """An inline code span that no backtick in ``text`` can close early (CommonMark fences)."""
    content = _one_line(text)
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def render_markdown(report: Report, *, top: int | None = None, topic: str | None = None,
                    show_dropped: bool = False, show_rejected: bool = False, **_options) -> str:
    """The text report as Markdown: summary table, then topic sections, conflicts first.

    Article text, titles and outlet names are escaped, so nothing in an article can add a
    link, image, HTML or a GitHub mention to the document it is pasted into.

    Example:
        >>> Path("report.md").write_text(render_markdown(report, top=10))
    """
    summary = report.summary()
    lines = [
        "# contradict report",
        "",
        "| Outlets | Articles | Claim sentences | Set aside | Topics | Pairs compared | Conflicts | Agreements |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {summary['sources']} | {summary['articles']} | {summary['claims']} | {summary['set_aside']} | "
        f"{summary['topics']} | {summary['pairs']} | **{summary['conflicts']}** | {summary['agreements']} |",
        "",
        "| Outlet | Date | Title | Article |",
        "|---|---|---|---|",
    ]
    for row in report.articles.to_dict(orient="records"):
        lines.append(f"| {escape_markdown(row['source'])} | {escape_markdown(row['date'] if _present(row['date']) else '')} | "
                     f"{escape_markdown(row['title'] if _present(row['title']) else '')} | {_markdown_code(row['id'])} |")
    for warning in notes_to_show(report.warnings):
        lines += ["", f"> **Note:** {escape_markdown(warning)}"]

    records = finding_records(report, top=top, topic=topic, show_rejected=show_rejected)
    if not records:
        lines += ["", "No conflicts or agreements found between outlets."]
    if _several_stories(report):
        # One section per story: its topics one heading level down.
        for story, story_records in story_sections(report, records, every_story=top is None and not topic):
            lines += ["", f"## Story {escape_markdown(_story_heading(story))}"]
            if not story_records:
                lines += ["", "No conflicts or agreements found between outlets."]
            lines += _markdown_topics(story_records, "###")
    else:
        lines += _markdown_topics(records, "##")
    quoted = who_is_quoted(report, topic=topic)
    if quoted.named or quoted.unresolved:
        lines += _quoted_markdown(quoted)
    if show_dropped:
        dropped = report.set_aside()
        lines += ["", f"## Set aside ({len(dropped)} sentences)", ""]
        for row in dropped.itertuples():
            lines.append(f"- **{escape_markdown(row.source)}** {escape_markdown(row.status)}: {escape_markdown(_one_line(row.text)[:120])}")
    lines += ["", f"_Sentence ids are {_markdown_code('article id:start-end')}, the character span of the sentence in the article text._"]
    return "\n".join(lines) + "\n"


def _markdown_topics(records: list[dict[str, Any]], heading: str) -> list[str]:
    """Markdown lines of findings topic by topic; ``heading`` is the topics' level (``##``), findings one below."""
    lines: list[str] = []
    for label, group in _by_topic(records):
        lines += ["", f"{heading} Topic: {escape_markdown(label)}"]
        for record in group:
            if record["kind"] in (CONFLICT, DISPUTE):
                lines += ["", f"{heading}# {record['kind'].capitalize()} ({record['confidence']:.2f}): {escape_markdown(record['reason'])}"]
                quoted = record["evidence"]
            else:
                lines += ["", f"{heading}# Agreement ({record['confidence']:.2f}): {escape_markdown(', '.join(record['sources']))}"]
                quoted = _one_per_outlet(record["evidence"])
            tag = review_tag(record)
            lines += ["", f"Finding {_markdown_code(record['finding_id'])}" + (f" · **Review:** {escape_markdown(tag)}" if tag else "")]
            for item in quoted:
                date = f" ({escape_markdown(item['date'])})" if item["date"] else ""
                lines += ["", f"- **{escape_markdown(item['source'])}**{date} · {_markdown_code(item['sentence_id'])}",
                          "", f"  > “{escape_markdown(item['text'])}”"]
    return lines


# ---------------------------------------------------------------------- html

#: Cell and card stances, in the order the matrix lists topics.
STANCE_ORDER = (CONFLICT, "mixed", AGREE, "unrelated", "single-source")
_STANCE_LABEL = {CONFLICT: "conflict", AGREE: "agree", "mixed": "mixed", "unrelated": "no verdict",
                 "single-source": "single source"}
_STANCE_MARK = {CONFLICT: "✕", AGREE: "✓", "mixed": "±", "unrelated": "·", "single-source": "○"}


def _esc(value: Any) -> str:
    """Any value as HTML text: control characters removed, then every special character escaped."""
    return html.escape(safe_text(value) if _present(value) else "", quote=True)


def _safe_url(url: Any) -> str | None:
    """The url when it is http(s), else None: the loader drops any other url with a warning, and every
    format writes urls through this, so a ``javascript:`` or ``data:`` url never reaches an output."""
    if not _present(url):
        return None
    text = _one_line(url)
    return text if is_web_url(text) else None


def outlet_topic_stances(report: Report) -> dict[int, dict[str, str]]:
    """Stance of each outlet on each topic: ``topic id -> {outlet: stance}`` (outlets silent on a topic are absent).

    A cell is :func:`contradict.verdict.topic_stance` of the verdicts of the pairs that outlet
    takes part in on that topic: ``conflict``, ``agree``, ``mixed``, ``unrelated`` (all its
    pairs judged unrelated) or ``single-source`` (no other outlet speaks on the topic).

    Example:
        >>> outlet_topic_stances(report)[0]["Express"]
        'mixed'
    """
    matrix = report.stance_matrix()  # one implementation of the cell rule, shared with the notebooks' plots
    return {int(topic_id): {outlet: stance for outlet, stance in matrix[topic_id].items() if stance != "absent"}
            for topic_id in matrix.columns}


def claim_reading_parts(claim: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A claim reading (``claim_to_dict``) as ``(label, value, where it was read)`` rows for people.

    Example:
        >>> claim_reading_parts(claim_to_dict(read_claim("More than 100,000 troops massed.")))[0][:2]
        ('number', '>100,000 troops (lower bound, build-up)')
    """
    chips = []
    for quantity in claim["quantities"]:
        shown = quantity["interval"] + (f" {quantity['unit']}" if quantity["unit"] and quantity["unit"] != "percent" else "")
        shown += "%" if quantity["unit"] == "percent" else ""
        if quantity["counted"]:
            shown += f" {quantity['counted']}"
        detail = ", ".join(part for part in (quantity["kind"].replace("_", " "), quantity["event"],
                                             quantity["modality"] if quantity["modality"] != "fact" else None) if part)
        chips.append(("number", f"{shown} ({detail})", f"read from “{quantity['text']}”"))
    if claim["quantity_unknown"]:
        chips.append(("number", "count said to be unknown", ""))
    if claim["time_anchor"]:
        chips.append(("time", claim["time_anchor"], ""))
    chips.append(("modality", claim["modality"], ""))
    if claim["attribution"]:
        chips.append(("said by", claim["attribution"], ""))
    if claim["negated"]:
        chips.append(("negated", "yes", ""))
    return chips


def render_claims_text(sentences: Sequence[str], claims: Sequence[dict[str, Any]], comparison: dict[str, Any] | None = None) -> str:
    """How ``contradict claims`` prints readings: each sentence, then one aligned row per thing read from it.

    Example:
        >>> print(render_claims_text(["More than 100,000 troops massed."], [claim_to_dict(read_claim("More than 100,000 troops massed."))]))
        1. “More than 100,000 troops massed.”
           number    >100,000 troops (lower bound, build-up)   read from “More than 100,000”
           modality  fact
    """
    lines = []
    for number, (sentence, claim) in enumerate(zip(sentences, claims), start=1):
        lines.append(f"{number}. “{_one_line(sentence)}”")
        rows = claim_reading_parts(claim)
        value_width = max(len(value) for _, value, _ in rows)
        for key, value, where in rows:
            lines.append(f"   {key:<9} {value:<{value_width}}   {where}".rstrip())
    if comparison is not None:
        lines.append(f"1 vs 2: {comparison['status']}: {comparison['explanation']}")
    return "\n".join(lines) + "\n"


def _claim_reading_html(claim: dict[str, Any] | None) -> str:
    """The claim reading as small labelled chips: numbers as intervals, time, modality, who said it."""
    if claim is None:
        return ""
    chips = claim_reading_parts(claim)
    return '<ul class="reading">' + "".join(
        f'<li title="{_esc(title)}"><span class="k">{_esc(key)}</span> {_esc(value)}</li>' for key, value, title in chips
    ) + "</ul>"


def _quote_html(item: dict[str, Any], with_reading: bool = True) -> str:
    date = f' <span class="date">{_esc(item["date"])}</span>' if item["date"] else ""
    url = _safe_url(item["url"])
    source = _esc(item["source"])
    name = f'<a href="{_esc(url)}" rel="noopener noreferrer nofollow">{source}</a>' if url else source
    return (
        '<div class="quote">'
        f'<div class="who"><strong>{name}</strong>{date}</div>'
        f'<blockquote>{_esc(_one_line(item["text"]))}</blockquote>'
        + (_claim_reading_html(item["claim"]) if with_reading else "")
        + f'<div class="sid" title="sentence id: article id and character span">{_esc(item["sentence_id"])}</div>'
        "</div>"
    )


def _template(name: str) -> str:
    """A file of contradict/templates (the HTML report's stylesheet and script)."""
    return (Path(__file__).parent / "templates" / name).read_text(encoding="utf-8")


#: The HTML report's stylesheet and its one script (filters, search, folding), both inline:
#: the page works offline and fetches nothing. The Content-Security-Policy allows that script
#: by its SHA-256 hash and no other.
_CSS = _template("report.css")
_SCRIPT = _template("report.js")
_SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")
_CSP = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '{_SCRIPT_HASH}'"


#: What the number beside each finding means (README "How verdicts are decided"; contradict/verdict.py).
CONFIDENCE_TITLE = {
    CONFLICT: "confidence: how well the two values line up as one fact (sentence similarity, words shared around "
              f"the value and in the subject), lowered when the articles are more than {SAME_STORY_DAYS} days apart; not the "
              "probability that an outlet is wrong",
    AGREE: "confidence: how surely the sentences say the same (1.00: word for word; a group: the mean over its pairs)",
    DISPUTE: "confidence: 0.4 + 0.4 x how related the two sentences are; the outlets may both be right: the parties they "
             "quote disagree",
}
CONFIDENCE_HTML = (
    '<details class="explain"><summary>What the confidence numbers mean</summary>'
    "<p>A <b>conflict</b>'s confidence says how surely the two sentences state <em>the same fact</em> with different "
    "values, not how likely an outlet is to be wrong. It is how well the two slots align, times a factor for the "
    "articles' dates. Alignment, for figures: half the sentences' similarity, a quarter each for the words they share "
    "around the value and in the subject, plus 0.1 when both name the counted thing; for a day or a place: half the "
    "similarity plus 0.1 per shared subject word; for a quote: the share of quoted words in common. The date factor is "
    f"1 up to {SAME_STORY_DAYS} days apart, then falls to 0.5 at {DISTANT_DAYS} days and beyond (the facts may have "
    "changed in between).</p>"
    "<p><b>0.9</b> and above: nearly the same words around two different values, in articles a few days apart: a strong "
    "lead. <b>About 0.6</b>: the same subject in other words, or a close match between articles a month apart: read "
    "both before relying on it. <b>Below 0.5</b>: a loose match, or articles about two months apart.</p>"
    "<p>An <b>agreement</b>'s confidence: 1.00 for the same sentence word for word; 0.5 plus half the similarity for "
    "the same figure, name or quote; 0.7 to 0.9 for figures the interval rules match; the similarity, lowered by any "
    "NLI contradiction, for the same claim in other words. A group's is the mean over its pairs.</p></details>"
)


def _finding_meta_html(record: dict[str, Any]) -> str:
    """The finding id (what a decisions file names) and its review, after a finding's headline."""
    tag = review_tag(record)
    status = (record.get("review") or {}).get("status", "")
    review = f' <span class="review {_esc(status)}">{_esc(tag)}</span>' if tag else ""
    return f'{review} <span class="sid">{_esc(record["finding_id"])}</span>'


def _stance_badge(stance: str) -> str:
    return f'<span class="badge {_esc(stance)}">{_esc(_STANCE_LABEL.get(stance, stance))}</span>'


def _matrix_rows(topics: list[dict[str, Any]], cells: dict[int, dict[str, str]], outlets: list[str],
                 anchored: set[int]) -> str:
    rows = []
    for topic in topics:
        topic_id = int(topic["topic_id"])
        label = _esc(topic["label"])
        name = f'<a href="#topic-{topic_id}">{label}</a>' if topic_id in anchored else label
        row = [f'<th class="topic" scope="row">{name} <small>· {int(topic["size"])} sentences</small></th>']
        for outlet in outlets:
            stance = cells.get(topic_id, {}).get(outlet)
            if stance is None:
                row.append(f'<td class="cell absent" title="{_esc(outlet)}: says nothing on this topic"></td>')
            else:
                # The mark alone keeps 30+ outlet columns narrow; the word is there for screen readers and hovering.
                label = _esc(_STANCE_LABEL.get(stance, stance))
                row.append(f'<td class="cell {_esc(stance)}" title="{_esc(outlet)}: {label}">'
                           f'<span aria-hidden="true">{_STANCE_MARK.get(stance, "")}</span><span class="sr">{label}</span></td>')
        rows.append("<tr>" + "".join(row) + "</tr>")
    return "".join(rows)


def _stories_table(report: Report) -> str:
    """The stories of a mixed feed: label (a link to its section), outlets, articles, conflicts, agreement groups."""
    rows = []
    for story in report.stories.to_dict(orient="records"):
        rows.append(f'<tr><td><a href="#story-{_esc(story["story_id"])}">{_esc(story["story_id"])}: {_esc(story["label"])}</a></td>'
                    f'<td>{_esc(", ".join(story["sources"]))}</td><td>{len(story["articles"])}</td>'
                    f'<td>{int(story["conflicts"])}</td><td>{int(story["agreements"])}</td></tr>')
    return ('<table class="articles"><thead><tr><th>Story</th><th>Outlets</th><th>Articles</th><th>Conflicts</th>'
            "<th>Agreement groups</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _topic_cards(grouped: list[tuple[str, list[dict[str, Any]]]], stance_of: dict[int, str]) -> list[str]:
    """One HTML card per topic with findings: its conflicts and agreement groups, quotes side by side."""
    parts: list[str] = []
    for label, group in grouped:
        topic_id = group[0]["topic_id"]
        conflicts = sum(1 for r in group if r["kind"] in (CONFLICT, DISPUTE))
        # Topics with a conflict start open, the others folded: a long report reads as a list of topics.
        parts.append(f'<details class="card" id="topic-{topic_id}"{" open" if conflicts else ""}><summary><h3>{_esc(label)}</h3>'
                     f'{_stance_badge(stance_of.get(topic_id, ""))}'
                     f'<span class="count">{conflicts} conflicts or disputes · {len(group) - conflicts} agreement groups</span></summary>')
        for record in group:
            outlets_attribute = _esc(json.dumps(sorted({item["source"] for item in record["evidence"]}), ensure_ascii=True))
            if record["kind"] in (CONFLICT, DISPUTE):
                kind = record["kind"]
                badge = _stance_badge(CONFLICT) if kind == CONFLICT else '<span class="badge mixed">dispute</span>'
                parts.append(f'<div class="finding conflict-finding" id="{_esc(record["finding_id"])}" data-verdict="{kind}" '
                             f'data-outlets="{outlets_attribute}"><p>{badge}'
                             f'<strong title="{CONFIDENCE_TITLE[kind]}">{record["confidence"]:.2f}</strong> · {_esc(record["reason"])}'
                             f'{_finding_meta_html(record)}</p>'
                             '<div class="side">' + "".join(_quote_html(item) for item in record["evidence"]) + "</div></div>")
            else:
                parts.append(f'<div class="finding agree-finding" id="{_esc(record["finding_id"])}" data-verdict="agree" '
                             f'data-outlets="{outlets_attribute}"><p>{_stance_badge(AGREE)}'
                             f'<strong title="{CONFIDENCE_TITLE[AGREE]}">{record["confidence"]:.2f}</strong> · '
                             f'{_esc(", ".join(record["sources"]))}{_finding_meta_html(record)}</p>'
                             '<div class="side">' + "".join(_quote_html(item) for item in _one_per_outlet(record["evidence"]))
                             + "</div></div>")
        parts.append("</details>")
    return parts


def render_html(report: Report, *, top: int | None = None, topic: str | None = None,
                show_dropped: bool = False, show_rejected: bool = False, **_options) -> str:
    """One self-contained HTML page: summary, outlet-by-topic matrix, then a card per topic (conflicts first).

    Nothing is fetched from elsewhere and the only script that can run is the report's own
    (filters by verdict and outlet, text search, folding topics), allowed by its hash in the
    Content-Security-Policy; without it every finding is shown. Every piece of article text
    is HTML-escaped, and only http(s) URLs become links. The matrix scrolls in a frame under
    sticky outlet names and topic labels, so it stays readable at 30+ outlets.

    Example:
        >>> Path("report.html").write_text(render_html(report))
    """
    summary = report.summary()
    outlets = sorted(report.sentences.loc[report.sentences["status"] == "used", "source"].unique().tolist())
    cells = outlet_topic_stances(report)
    topics = report.topics.to_dict(orient="records")
    if topic:
        topics = [t for t in topics if topic.lower() in str(t["label"]).lower()]
    rank = {stance: number for number, stance in enumerate(STANCE_ORDER)}
    topics.sort(key=lambda t: (rank.get(t["stance"], len(rank)), -int(t["conflicts"]), -int(t["size"]), int(t["topic_id"])))
    records = finding_records(report, top=top, topic=topic, show_rejected=show_rejected)
    grouped = _by_topic(records)
    with_findings = {group[0]["topic_id"] for _, group in grouped}
    lookup = _Lookup(report)

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # Defence in depth: even if some text escaped escaping, no script runs and nothing is fetched.
        # The one script allowed is the report's own, by its hash (see _CSP).
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>contradict report: {summary['conflicts']} conflicts, {summary['agreements']} agreements</title>",
        f"<style>{_CSS}</style></head><body><main>",
        "<h1>contradict report</h1>",
        f'<p class="sub">{summary["articles"]} articles from {summary["sources"]} outlets: {_esc(_first_names(_outlets(report)))}</p>',
        '<ul class="stats">',
        f'<li class="conflict"><b>{summary["conflicts"]}</b><span>conflicting pairs</span></li>',
        f'<li class="agree"><b>{summary["agreements"]}</b><span>agreeing pairs</span></li>',
        f'<li><b>{summary["topics"]}</b><span>topics</span></li>',
        f'<li><b>{summary["claims"]}</b><span>claim sentences</span></li>',
        f'<li><b>{summary["set_aside"]}</b><span>set aside</span></li>',
        f'<li><b>{summary["pairs"]}</b><span>pairs compared</span></li>',
        "</ul>",
    ]
    conflict_records = [r for r in records if r["kind"] == CONFLICT][:5]
    dispute_records = [r for r in records if r["kind"] == DISPUTE][:5]
    if conflict_records:
        parts.append("<h2>Strongest conflicts</h2><ol class=\"top\">" + "".join(
            f'<li><a href="#{_esc(r["finding_id"])}">{_esc(" vs ".join(e["source"] for e in r["evidence"]))}</a>'
            f' <span class="topicname">({_esc(r["topic"])})</span>: {_esc(r["reason"])}</li>' for r in conflict_records) + "</ol>")
    if dispute_records:
        parts.append("<h2>Disputes: parties on opposite sides</h2><ol class=\"top\">" + "".join(
            f'<li><a href="#{_esc(r["finding_id"])}">{_esc(" and ".join(e["source"] for e in r["evidence"]))}</a>'
            f' <span class="topicname">({_esc(r["topic"])})</span>: {_esc(r["reason"])}</li>' for r in dispute_records) + "</ol>")
    if report.warnings:
        notes = '<ul class="notes">' + "".join(f"<li>{_esc(w)}</li>" for w in report.warnings) + "</ul>"
        if len(report.warnings) > NOTES_SHOWN:  # every note stays in the page, folded away
            notes = f"<details><summary>{len(report.warnings)} notes</summary>{notes}</details>"
        parts.append(notes)

    if _several_stories(report):
        parts.append(f"<h2>Stories ({len(report.stories)}), each compared on its own</h2>" + _stories_table(report))

    # ---- matrix: topics several outlets speak on first; topics only one outlet covers folded away
    shared = [t for t in topics if t["stance"] != "single-source"]
    single = [t for t in topics if t["stance"] == "single-source"]
    head = ('<tr><th class="topic" scope="col">Topic</th>'
            + "".join(f'<th class="outlet" scope="col" title="{_esc(o)}"><span>{_esc(o)}</span></th>' for o in outlets) + "</tr>")
    anchored = {int(t["topic_id"]) for t in topics}
    # In a frame that scrolls both ways under sticky outlet names and topic labels (report.css).
    parts += ["<h2>Who says what, topic by topic</h2>",
              f'<div class="matrix-wrap" tabindex="0"><table class="matrix"><thead>{head}</thead>'
              f'<tbody>{_matrix_rows(shared, cells, outlets, anchored)}</tbody></table></div>']
    if single:
        parts.append(f"<details><summary>{len(single)} topics only one outlet speaks on</summary>"
                     f'<div class="matrix-wrap" tabindex="0"><table class="matrix"><thead>{head}</thead>'
                     f'<tbody>{_matrix_rows(single, cells, outlets, anchored)}</tbody></table></div></details>')
    parts.append('<ul class="legend">' + "".join(
        f'<li class="{stance}">{_STANCE_MARK[stance]} {_STANCE_LABEL[stance]}</li>' for stance in STANCE_ORDER)
        + '<li class="absent">blank: says nothing on the topic</li></ul>')

    # ---- one card per topic with findings, in the order of their strongest finding
    parts.append("<h2>Findings, conflicts first</h2>")
    parts.append(CONFIDENCE_HTML)
    if not grouped:
        parts.append("<p>No conflicts or agreements found between outlets.</p>")
    else:
        parts.append(_filter_bar(records))
    stance_of = {int(t["topic_id"]): t["stance"] for t in report.topics.to_dict(orient="records")}
    if _several_stories(report):
        # A section per story: a heading (the stories table above links to it), then its topic cards.
        for story, story_records in story_sections(report, records, every_story=top is None and not topic):
            parts.append(f'<h2 class="story" id="story-{_esc(story["story_id"])}">Story {_esc(_story_heading(story))}</h2>')
            if not story_records:
                parts.append("<p>No conflicts or agreements found between outlets.</p>")
            parts += _topic_cards(_by_topic(story_records), stance_of)
    else:
        parts += _topic_cards(grouped, stance_of)

    # ---- topics without a finding: their sentences, folded away
    quiet = [t for t in topics if int(t["topic_id"]) not in with_findings]
    if quiet:
        used = report.sentences[report.sentences["status"] == "used"]
        parts.append(f"<h2>Topics without a finding</h2><details><summary>{len(quiet)} topics where no pair "
                     "was judged to agree or conflict</summary>")
        for row in quiet:
            topic_id = int(row["topic_id"])
            ids = used.loc[used["topic_id"] == topic_id, "id"].tolist()
            parts.append(f'<section class="card others" id="topic-{topic_id}"><header><h3>{_esc(row["label"])}</h3>'
                         f'{_stance_badge(row["stance"])}</header><div class="finding"><div class="side">'
                         + "".join(_quote_html(lookup.evidence(sid)) for sid in ids) + "</div></div></section>")
        parts.append("</details>")

    # ---- who is quoted: the parties the claims are attributed to, and the outlets quoting each
    quoted = who_is_quoted(report, topic=topic)
    if quoted.named or quoted.unresolved:
        parts.append(_quoted_html(quoted))

    # ---- the articles read
    parts.append("<h2>Articles</h2><table class=\"articles\"><thead><tr><th>Outlet</th><th>Date</th><th>Title</th>"
                 "<th>Sentences</th><th>Claims</th><th>Article id</th></tr></thead><tbody>")
    for row in report.articles.to_dict(orient="records"):
        url = _safe_url(row["url"])
        title = _esc(row["title"]) or "<em>untitled</em>"
        title = f'<a href="{_esc(url)}" rel="noopener noreferrer nofollow">{title}</a>' if url else title
        parts.append(f"<tr><td>{_esc(row['source'])}</td><td>{_esc(row['date'])}</td><td>{title}</td>"
                     f"<td>{int(row['sentences'])}</td><td>{int(row['claims'])}</td><td class=\"sid\">{_esc(row['id'])}</td></tr>")
    parts.append("</tbody></table>")
    if show_dropped:
        dropped = report.set_aside()
        parts.append(f"<details><summary>{len(dropped)} sentences set aside</summary><table><tbody>"
                     + "".join(f"<tr><td>{_esc(r.source)}</td><td>{_esc(r.status)}</td><td>{_esc(_one_line(r.text))}</td></tr>"
                               for r in dropped.itertuples()) + "</tbody></table></details>")

    tool = report.meta.get("tool", {})
    models = report.meta.get("models", {})
    parts.append(
        f"<footer>Made by {_esc(tool.get('name', 'contradict'))} {_esc(tool.get('version', ''))}"
        f" with {_esc(models.get('embedder', ''))} and {_esc(models.get('nli', ''))}. "
        "Sentence ids are <code>article id:start-end</code>, the character span of the sentence in the article text. "
        "A verdict is a machine reading: check the quoted sentences before you publish.</footer>")
    parts.append(f"</main><script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts) + "\n"


#: Conflicts a notebook summary lists; the full report (``Report.to_html()``) has them all.
REPR_CONFLICTS = 5


def repr_html(report: Report) -> str:
    """A compact summary of a report for a Jupyter cell (``Report._repr_html_``): counts, strongest conflicts, notes.

    Example:
        >>> report  # the last line of a notebook cell shows this summary
    """
    summary = report.summary()
    records = [r for r in finding_records(report, top=None) if r["kind"] == CONFLICT][:REPR_CONFLICTS]
    counts = (f"{summary['articles']} articles from {summary['sources']} outlets · {summary['claims']} claims · "
              f"{summary['topics']} topics · <b>{summary['conflicts']} conflicts</b> · {summary['agreements']} agreements")
    rows = "".join(
        f"<tr><td>{record['confidence']:.2f}</td><td>{_esc(' vs '.join(e['source'] for e in record['evidence']))}</td>"
        f"<td>{_esc(record['topic'])}</td><td style=\"text-align:left\">{_esc(record['reason'])}</td></tr>" for record in records)
    parts = [f'<div class="contradict-report"><p><b>contradict report</b>: {counts}</p>']
    if rows:
        parts.append("<table><thead><tr><th>confidence</th><th>outlets</th><th>topic</th><th style=\"text-align:left\">"
                     f"strongest conflicts</th></tr></thead><tbody>{rows}</tbody></table>")
    if report.warnings:
        parts.append(f"<details><summary>{len(report.warnings)} notes</summary><ul>"
                     + "".join(f"<li>{_esc(w)}</li>" for w in notes_to_show(report.warnings)) + "</ul></details>")
    parts.append("<p><small>report.to_html('report.html') for the full page; report.findings, "
                 "report.pairs for the tables.</small></p></div>")
    return "".join(parts)


def _filter_bar(records: list[dict[str, Any]]) -> str:
    """Search, verdict and outlet filters over the findings; hidden until the report's script shows it."""
    outlets = sorted({item["source"] for record in records for item in record["evidence"]})
    options = "".join(f'<option value="{_esc(name)}">{_esc(name)}</option>' for name in outlets)
    return (
        '<div class="filters" id="filters" role="search" hidden>'
        '<input type="search" id="f-search" placeholder="Search the findings" aria-label="Search the findings">'
        '<label><input type="checkbox" name="verdict" value="conflict" checked> conflicts</label>'
        '<label><input type="checkbox" name="verdict" value="dispute" checked> disputes</label>'
        '<label><input type="checkbox" name="verdict" value="agree" checked> agreements</label>'
        f'<select id="f-outlet" aria-label="Outlet"><option value="">every outlet</option>{options}</select>'
        '<button type="button" id="f-open">Open all</button><button type="button" id="f-close">Fold all</button>'
        '<button type="button" id="f-reset">Reset</button>'
        '<span class="shown" id="f-shown" aria-live="polite"></span></div>'
    )


# ---------------------------------------------------------------------- who is quoted (contradict.parties)

#: How the reports name a speaker the text does not name, by the reason contradict.parties gives.
_UNRESOLVED_LABEL = {PRONOUN: "a pronoun", ANONYMOUS: "an unnamed source"}
#: Outlets named on one party's line; the others are counted.
QUOTING_OUTLETS_NAMED = 6


def _claims(count: int) -> str:
    return f"{count} claim{'s' if count != 1 else ''}"


def _quoted_heading(quoted: QuotedParties) -> str:
    """``Who is quoted: 10 of 29 named parties, the most quoted first``"""
    shown = len(quoted.shown)
    count = f"{shown} of {quoted.named}" if shown < quoted.named else f"{quoted.named}"
    return f"Who is quoted: {count} named part{'ies' if quoted.named != 1 else 'y'}, the most quoted first"


def _quoting_outlets(row: dict[str, Any]) -> str:
    """``AFP 8, BBC 3, Express 1``: the outlets quoting a party, with their claims, the most first."""
    return _first_names([f"{source} {count}" for source, count in row["sources"]], limit=QUOTING_OUTLETS_NAMED)


def _unresolved_line(quoted: QuotedParties) -> str:
    """``Not named: 5 claims by a pronoun (he, we); 4 claims by an unnamed source (officials, source)``, or "".

    The speakers the text does not name are counted, never dropped: who "he" is, is in another sentence.
    """
    parts = [f"{_claims(count)} by {_UNRESOLVED_LABEL.get(reason, reason)} ({_first_names(wordings, limit=8)})"
             for reason, (count, wordings) in quoted.unresolved.items()]
    return "Not named: " + "; ".join(parts) if parts else ""


def _quoted_text(quoted: QuotedParties, style: _Style) -> list[str]:
    width = min(max((len(_one_line(row["party"])) for row in quoted.shown), default=0), 32)
    lines = ["", style(_quoted_heading(quoted), "1")]
    if quoted.shown:
        lines.append(style(f"  {'party':<{width}}  claims  disputes  quoted by (claims)", "2"))
    for row in quoted.shown:
        name = _one_line(row["party"])
        name = name if len(name) <= width else name[: width - 1] + "…"
        head = f"  {name:<{width}}  {row['sentences']:>6}  {row['disputes'] or '':>8}  "
        # a long list of outlets wraps under itself, not under the party names
        lines.append(textwrap.fill(safe_text(_quoting_outlets(row)), width=max(100, len(head) + 40),
                                   initial_indent=head, subsequent_indent=" " * len(head)))
    unresolved = _unresolved_line(quoted)
    return lines + ([textwrap.fill(safe_text(unresolved), width=100, initial_indent="  ", subsequent_indent="    ")]
                    if unresolved else [])


def _quoted_markdown(quoted: QuotedParties) -> list[str]:
    lines = ["", f"## {_quoted_heading(quoted)}"]
    if quoted.shown:
        lines += ["", "| Party | Claims | Quoted by (claims) | Disputes |", "|---|---:|---|---:|"]
        lines += [f"| {escape_markdown(row['party'])} | {row['sentences']} | {escape_markdown(_quoting_outlets(row))} | "
                  f"{row['disputes']} |" for row in quoted.shown]
    unresolved = _unresolved_line(quoted)
    return lines + (["", escape_markdown(unresolved)] if unresolved else [])


def _quoted_html(quoted: QuotedParties) -> str:
    parts = [f'<h2 id="who-is-quoted">{_esc(_quoted_heading(quoted))}</h2>']
    if quoted.shown:
        parts.append('<table class="articles parties" aria-labelledby="who-is-quoted"><thead><tr><th scope="col">Party</th>'
                     '<th scope="col">Claims</th><th scope="col">Quoted by (claims)</th><th scope="col">Disputes</th>'
                     "</tr></thead><tbody>" + "".join(
                         f'<tr><th scope="row">{_esc(row["party"])}</th><td>{row["sentences"]}</td>'
                         f'<td>{_esc(_quoting_outlets(row))}</td><td>{row["disputes"]}</td></tr>' for row in quoted.shown)
                     + "</tbody></table>")
    unresolved = _unresolved_line(quoted)
    if unresolved:
        parts.append(f"<p>{_esc(unresolved)}</p>")
    return "".join(parts)


# ---------------------------------------------------------------------- machine formats


#: The header of a report for people names at most this many outlets (the JSON names them all).
OUTLETS_NAMED = 20


def _first_names(names: Sequence[str], limit: int = OUTLETS_NAMED) -> str:
    """Names joined with commas; past ``limit``, the first ones and how many more (500 outlets fill a screen)."""
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


#: Reports for people list at most this many notes; the rest are counted, and the JSON lists them all.
NOTES_SHOWN = 10


def notes_to_show(warnings: Sequence[str], limit: int = NOTES_SHOWN) -> list[str]:
    """The report's notes for a reader: all of them up to ``limit``, else the first ones and a count of the rest.

    At 500 articles a corpus can give hundreds of "is a near-duplicate of" notes, which would
    push the findings off the screen; nothing is lost, since the JSON report keeps every one.

    Example:
        >>> notes_to_show([f"note {k}" for k in range(12)], limit=3)
        ['note 0', 'note 1', 'note 2', '9 more notes: the JSON report lists them all (--format json, "warnings")']
    """
    if len(warnings) <= limit:
        return list(warnings)
    hidden = len(warnings) - limit
    return list(warnings[:limit]) + [f'{hidden} more notes: the JSON report lists them all (--format json, "warnings")']


def render_json(report: Report, *, json_version: int = JSON_VERSION, **_options) -> str:
    """The full JSON report (``schema_version``; see :data:`REPORT_SCHEMA_PATH`); ``json_version`` 3: the feed shape, 1: the old one."""
    return _json_report(report, json_version).decode("utf-8")


def _json_report(report: Report, json_version: int = JSON_VERSION) -> bytes:
    """The ``json`` format as UTF-8 bytes: :func:`write_report` writes them without a 200 MB ``str`` copy."""
    return report._json_bytes(newline=True, version=json_version)


def _dumps(value: Any) -> str:
    # One compact line: the json module's C encoder, as fast as it gets for a line this size.
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def render_jsonl(report: Report, *, top: int | None = None, topic: str | None = None, show_rejected: bool = False,
                 **_options) -> str:
    """One finding per line (see :func:`finding_records`), conflicts first, for streaming consumers.

    Example:
        >>> for line in render_jsonl(report).splitlines():
        ...     finding = json.loads(line)
    """
    return "".join(_dumps(record) + "\n" for record in finding_records(report, top=top, topic=topic,
                                                                       show_rejected=show_rejected))


# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(item) for item in value)
    if isinstance(value, str):
        value = safe_text(value)
        if value.startswith(_FORMULA_START):
            return "'" + value  # article text must not run as a spreadsheet formula
    return value


def render_csv(report: Report, **_options) -> str:
    """The pairs table (columns of ``report.pairs``), lists joined with ``"; "``.

    Text cells that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``)
    get a leading apostrophe. A reviewed report (``--decisions``) adds ``finding_id`` and
    ``review_status`` for the pairs in a finding (every pair stays: the table is complete).

    Example:
        >>> pd.read_csv(io.StringIO(render_csv(report)))
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    frame = report.pairs
    if "review_status" in report.findings.columns:
        finding_of = {pair: (finding, status) for finding, status, pairs in zip(
            report.findings["finding_id"], report.findings["review_status"], report.findings["pair_ids"]) for pair in pairs}
        found = [finding_of.get(pair, (None, None)) for pair in frame["pair_id"].tolist()]
        frame = frame.assign(finding_id=[f for f, _ in found], review_status=[s for _, s in found])
    writer.writerow(list(frame.columns))
    writer.writerows(zip(*(_csv_column(frame.iloc[:, position].tolist()) for position in range(frame.shape[1]))))
    return buffer.getvalue()


def _csv_column(values: list[Any]) -> list[Any]:
    """One column's cells; each distinct string is cleaned once (a sentence's text fills thousands of pair rows)."""
    cleaned: dict[str, Any] = {}
    cells = []
    for value in values:
        if type(value) is str:
            if value not in cleaned:
                cleaned[value] = _csv_cell(value)
            cells.append(cleaned[value])
        else:
            cells.append("" if not _present(value) else _csv_cell(value))
    return cells


def claimreview_items(report: Report, **options) -> list[dict[str, Any]]:
    """Confirmed findings as schema.org ``ClaimReview`` items (see :mod:`contradict.workflow.claimreview`)."""
    from .workflow.claimreview import claimreview_items as items  # the workflow imports this module

    return items(report, **options)


def render_claimreview(report: Report, *, top: int | None = None, topic: str | None = None, publisher: Any = None,
                       draft: bool = False, **_options) -> str:
    """Confirmed findings as a JSON array of schema.org ``ClaimReview`` items; every unrejected conflict with ``draft``.

    Example:
        >>> render(reviewed, "claimreview", publisher=Publisher("Example Fact Check", review_url="https://factcheck.example/x"))
    """
    return json_bytes(claimreview_items(report, publisher=publisher, draft=draft, top=top, topic=topic),
                      indent=2, newline=True).decode("utf-8")


#: Renderer per format; each takes the report and keyword options it may ignore.
RENDERERS: dict[str, Callable[..., str]] = {
    Format.text.value: render_text,
    Format.markdown.value: render_markdown,
    Format.html.value: render_html,
    Format.json.value: render_json,
    Format.jsonl.value: render_jsonl,
    Format.csv.value: render_csv,
    Format.claimreview.value: render_claimreview,
}


def render(report: Report, fmt: str | Format = "text", **options) -> str:
    """The report in one format, as a string.

    Example:
        >>> render(report, "markdown", top=5).splitlines()[0]
        '# contradict report'
    """
    name = _format_name(fmt)
    if name not in RENDERERS:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(RENDERERS)}")
    renderer = RENDERERS[name]
    if name != Format.text.value:
        options.pop("colour", None)
    if name != Format.json.value:
        options.pop("json_version", None)
    with gc_paused():  # renderers build many small dicts and strings, no cycles
        return renderer(report, **options)


def write_report(report: Report, fmt: str | Format = "text", *, output: str | Path | None = None,
                 stream: IO[str] | None = None, **options) -> None:
    """Write the report to ``output`` (a file) or ``stream`` (default stdout).

    Colour is used only for text written to a terminal, and never when ``NO_COLOR`` is set.

    Example:
        >>> write_report(report, "csv", output="pairs.csv")
    """
    stream = stream or sys.stdout
    if output is not None or os.environ.get("NO_COLOR"):
        options["colour"] = False
    elif options.get("colour") is None:
        options["colour"] = hasattr(stream, "isatty") and stream.isatty()
    if _format_name(fmt) == Format.json.value:
        # The same text as render(), kept as bytes.
        write_output(_json_report(report, options.get("json_version") or JSON_VERSION), output=output, stream=stream)
    else:
        write_output(render(report, fmt, **options), output=output, stream=stream)


def _format_name(fmt: str | Format) -> str:
    return fmt.value if isinstance(fmt, Format) else str(fmt).lower()


def check_output_path(output: str | Path | None) -> None:
    """Raise :class:`~contradict.errors.OutputError` (one line) unless ``output`` can be written: its folder
    exists and is writable, and it is not itself a folder. Commands call it before they start any work.

    Example:
        >>> check_output_path("/no/such/dir/report.json")
        Traceback (most recent call last):
        contradict.errors.OutputError: /no/such/dir/report.json: folder /no/such/dir does not exist
    """
    if output is None or str(output) == "-":
        return
    path = Path(output).expanduser()
    shown = _one_line(str(output))
    folder = path.parent
    if path.is_dir():
        raise OutputError(f"{shown}: is a folder; give a file name to write to")
    if not folder.exists():
        raise OutputError(f"{shown}: folder {_one_line(str(folder))} does not exist")
    if not folder.is_dir():
        raise OutputError(f"{shown}: {_one_line(str(folder))} is not a folder")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"{shown}: file is not writable (permission denied)")
    if not path.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{shown}: cannot create a file in {_one_line(str(folder))} (permission denied)")


def write_output(content: str | bytes, *, output: str | Path | None = None, stream: IO[str] | None = None) -> None:
    """Write a command's result to ``output`` (a file) or ``stream`` (default stdout): the one place every command writes.

    ``content`` is text, or the same text already encoded as UTF-8.

    Example:
        >>> write_output('{"accuracy": 0.73}\n', output="eval.json")
    """
    if output is not None:
        try:
            if isinstance(content, bytes):
                Path(output).write_bytes(content)
            else:
                Path(output).write_text(content, encoding="utf-8")
        except OSError as error:  # a disk that filled up, a folder removed meanwhile: one line, not a traceback
            raise OutputError(f"{_one_line(str(output))}: cannot write ({_one_line(error.strerror or str(error))})") from None
    else:
        (stream or sys.stdout).write(content.decode("utf-8") if isinstance(content, bytes) else content)
