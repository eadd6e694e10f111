"""The JSON contract of a :class:`~contradict.report.Report`, in its three shapes.

Schema 2 (the default, ``contradict/schema/report.schema.json``) writes each sentence and its
claim reading once, in ``sentences``; ``pairs`` lists **every** pair scored, whatever its verdict,
one pair a line: a pair names its two sentences by id (``a``, ``b``) and the quantities it compared
by their position in those claims; a pair without two numbers to compare (status ``no numbers``,
most pairs) has ``numeric: null``. Stories are listed in ``stories`` and every record carries its
``story_id``.

Schema 3 (``report.schema.json``, ``--json-version 3``), for a day's feed: ``pairs`` holds only the
pairs with a verdict (``agree``, ``conflict``, ``dispute``); the ``unrelated`` pairs, 97% of a feed's,
are one table, ``unrelated_pairs`` (``columns`` and ``rows``: the same fields without ``verdict``,
``scores`` flattened, and the reason as its position in the table's ``reasons``, since a few thousand
reasons serve a hundred thousand pairs), one row a line: 22 MiB at 300 real articles, against 55 MiB
for schema 2 indented. Schema 1 (``report-v1.schema.json``, ``--json-version 1``) is the older shape
where every pair repeats both sentences, their outlets, dates and claim readings (247 MiB at 500
generated articles), written for one release so that pipelines can move at their pace.

Example:
    >>> data = report_dict(report)               # what Report.to_dict() returns
    >>> pair = data["pairs"][0]
    >>> sentences = {s["id"]: s for s in data["sentences"]}
    >>> sentences[pair["a"]]["text"], sentences[pair["b"]]["source"]
    >>> table = report_dict(report, version=3)["unrelated_pairs"]
    >>> unrelated = [dict(zip(table["columns"], row)) for row in table["rows"]]
    >>> table["reasons"][unrelated[0]["reason_index"]]
    'different subjects (cosine 0.30): too far apart for NLI to change the verdict, not sent to it'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import orjson

from .compare import NO_NUMBERS, claim_to_dict, comparison_to_dict, quantity_to_dict
from .report import JSON_VERSIONS, SCHEMA_2_VERSION, SCHEMA_VERSION, _columns, _finding_records, _records, json_bytes
from .types import Claim, NumericComparison, Quantity
from .verdict import UNRELATED

if TYPE_CHECKING:
    from .report import Report

#: The version string written by ``version=1`` (1.1: findings may carry a review).
LEGACY_SCHEMA_VERSION = "1.1"
#: The columns of schema 3's ``unrelated_pairs`` table: a pair record's keys without ``verdict``
#: (every row is ``unrelated``), ``reason`` as its position in the table's ``reasons``, and ``scores``
#: as its three columns.
UNRELATED_COLUMNS = ("id", "story_id", "topic_id", "a", "b", "confidence", "reason_index", "truncated", "cosine", "nli",
                     "numeric")
#: Keys that schema 1 never had: left out of its records so that it stays the old shape exactly.
_STORY_KEYS = ("story_id",)


def report_dict(report: Report, *, version: int = 2) -> dict[str, Any]:
    """The JSON contract of ``report`` as plain Python objects, in schema ``version`` (3, 2 or 1).

    Example:
        >>> [report_dict(report, version=v)["schema_version"] for v in (3, 2, 1)]
        ['3.0', '2.1', '1.1']
    """
    if version not in JSON_VERSIONS:
        raise ValueError(f"JSON schema version must be one of {', '.join(map(str, JSON_VERSIONS))}, not {version!r}")
    sources: dict[str, list[str]] = {}
    for source, article_id in zip(report.articles["source"].tolist(), report.articles["id"].tolist()):
        sources.setdefault(source, []).append(article_id)
    claim_of = _ClaimDicts(report.claims)
    head = {
        "schema_version": {3: SCHEMA_VERSION, 2: SCHEMA_2_VERSION}.get(version, LEGACY_SCHEMA_VERSION),
        "tool": report.meta.get("tool", {}),
        "models": report.meta.get("models", {}),
        "thresholds": report.meta.get("thresholds", {}),
        "summary": report.summary(),
        "sources": [{"source": name, "articles": ids} for name, ids in sorted(sources.items())],
    }
    if version == 1:
        head["summary"].pop("stories", None)
        return {
            **head,
            "files": _records(report.files),
            "articles": _without_story(_records(report.articles)),
            "sentences": [{**record, "claim": claim_of(record["id"])} for record in _without_story(_records(report.sentences))],
            "topics": _without_story(_records(report.topics)),
            "pairs": _pair_records_v1(report, claim_of),
            "findings": _without_story(_finding_records(report.findings)),
            "warnings": list(report.warnings),
            **_review(report),
        }
    pairs = _pair_records(report)
    if version == 3:
        reasons: dict[str, int] = {}
        rows = [_unrelated_row(pair, reasons) for pair in pairs if pair["verdict"] == UNRELATED]
        unrelated = {"columns": list(UNRELATED_COLUMNS), "reasons": list(reasons), "rows": rows}
        pairs = [pair for pair in pairs if pair["verdict"] != UNRELATED]
    return {
        **head,
        "stories": _records(report.stories),
        "files": _records(report.files),
        "articles": _records(report.articles),
        "sentences": [{**record, "claim": claim_of(record["id"])} for record in _records(report.sentences)],
        "topics": _records(report.topics),
        "pairs": pairs,
        **({"unrelated_pairs": unrelated} if version == 3 else {}),
        "findings": _finding_records(report.findings),
        "warnings": list(report.warnings),
        **_review(report),
    }


def _unrelated_row(pair: dict[str, Any], reasons: dict[str, int]) -> list[Any]:
    """A schema 2 pair record as a row of ``unrelated_pairs``; its reason is numbered in ``reasons`` (first seen, first)."""
    scores = pair["scores"]
    reason = reasons.setdefault(pair["reason"], len(reasons))
    return [pair["id"], pair["story_id"], pair["topic_id"], pair["a"], pair["b"], pair["confidence"], reason,
            pair["truncated"], scores["cosine"], scores["nli"], scores["numeric"]]


def unrelated_pair_records(table: dict[str, Any]) -> list[dict[str, Any]]:
    """Schema 3's ``unrelated_pairs`` table as the pair records schema 2 writes (``verdict`` ``unrelated``).

    Columns are taken by name, so columns a later MINOR version adds are read past.

    Example:
        >>> unrelated_pair_records(data["unrelated_pairs"])[0]["reason"]
        'different subjects (cosine 0.30): too far apart for NLI to change the verdict, not sent to it'
    """
    columns = list(table.get("columns") or ())
    reasons = table.get("reasons") or []
    at = [columns.index(name) for name in UNRELATED_COLUMNS]
    records = []
    for row in table.get("rows") or ():
        (pair_id, story_id, topic_id, a, b, confidence, reason, truncated, cosine, nli, numeric) = (row[k] for k in at)
        records.append({"id": pair_id, "story_id": story_id, "topic_id": topic_id, "a": a, "b": b, "verdict": UNRELATED,
                        "confidence": confidence, "reason": reasons[reason], "truncated": truncated,
                        "scores": {"cosine": cosine, "nli": nli, "numeric": numeric}})
    return records


#: Where each pair and each unrelated row goes in the indented layout of schema 3 (see :func:`report_json_bytes`).
_PAIRS_AT = b'\n  "pairs": []'
_UNRELATED_AT = b'\n  "unrelated_pairs": {'
_ROWS_AT = b'\n    "rows": []'


def report_json_bytes(report: Report, *, version: int = 3, indent: int | None = 2, newline: bool = False) -> bytes:
    """The JSON report as UTF-8 bytes; in schemas 2 and 3 with the default indent, one line per pair (and per unrelated row).

    A feed has about a thousand pairs per story: spread over twenty indented lines each they made
    most of the file (55 MiB at 300 articles). The rest of the report keeps the two-space layout.

    Example:
        >>> report_json_bytes(report).decode().splitlines()[0]
        '{'
    """
    if indent not in (2, None):
        raise ValueError(f"indent must be 2 or None, not {indent!r}")
    data = report_dict(report, version=version)
    if version == 1 or indent is None:
        return json_bytes(data, indent=indent, newline=newline)
    # The document is written with the long lists empty, then each list is put in its place, one item a line.
    # A top-level key is the only text on a line indented by exactly two spaces (strings hold no raw newline).
    pairs, data["pairs"] = data["pairs"], []
    if version == 2:
        return _put_one_per_line(json_bytes(data, indent=2, newline=newline), _PAIRS_AT, pairs, b"    ", b"  ")
    rows = data["unrelated_pairs"]["rows"]
    data["unrelated_pairs"] = {**data["unrelated_pairs"], "rows": []}
    text = json_bytes(data, indent=2, newline=newline)
    text = _put_one_per_line(text, _ROWS_AT, rows, b"      ", b"    ", after=text.index(_UNRELATED_AT))
    return _put_one_per_line(text, _PAIRS_AT, pairs, b"    ", b"  ")


def _put_one_per_line(text: bytes, marker: bytes, items: list[Any], indent: bytes, closing: bytes, *,
                      after: int = 0) -> bytes:
    """``text`` with the empty list that ends ``marker`` (first found from ``after``) filled with ``items``, one a line."""
    at = text.index(marker, after) + len(marker) - 2
    return text[:at] + _one_per_line(items, indent, closing) + text[at + 2:]


def _one_per_line(items: list[Any], indent: bytes, closing: bytes) -> bytes:
    if not items:
        return b"[]"
    from .report import _ORJSON_OPTIONS, _json_default

    dumps = orjson.dumps
    return (b"[\n" + indent + (b",\n" + indent).join(dumps(item, default=_json_default, option=_ORJSON_OPTIONS)
                                                    for item in items) + b"\n" + closing + b"]")


def _review(report: Report) -> dict[str, Any]:
    # Only a reviewed report (contradict.workflow.decisions) has one: others keep their bytes.
    return {"review": report.meta["review"]} if "review" in report.meta else {}


def _without_story(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for record in records:
        for key in _STORY_KEYS:
            record.pop(key, None)
    return records


def _pair_records(report: Report) -> list[dict[str, Any]]:
    """Schema 2 pairs: sentence ids, verdict and scores; quantities by their position in each claim."""
    column = _columns(report.pairs)
    comparisons = report.comparisons
    claims = report.claims
    records = []
    for (pair_id, story_id, topic_id, verdict, confidence, reason, truncated, cosine,
         contradiction_ab, contradiction_ba, entailment_ab, entailment_ba, a_id, b_id) in zip(
            *(column[name] for name in (
                "pair_id", "story_id", "topic_id", "verdict", "confidence", "reason", "truncated", "cosine",
                "contradiction_ab", "contradiction_ba", "entailment_ab", "entailment_ba",
                "a_sentence_id", "b_sentence_id"))):
        comparison = comparisons.get(pair_id)
        scored = contradiction_ab is not None or contradiction_ba is not None
        records.append({
            "id": pair_id,
            "story_id": story_id,
            "topic_id": topic_id,
            "a": a_id,
            "b": b_id,
            "verdict": verdict,
            "confidence": confidence,
            "reason": reason,
            "truncated": truncated,
            "scores": {
                "cosine": cosine,
                "nli": {"contradiction_ab": contradiction_ab, "contradiction_ba": contradiction_ba,
                        "entailment_ab": entailment_ab, "entailment_ba": entailment_ba} if scored else None,
                # Most pairs have no two numbers to compare: null says so in 4 bytes, not 200.
                "numeric": (_numeric_by_position(comparison, claims.get(a_id), claims.get(b_id))
                            if comparison is not None and comparison.status != NO_NUMBERS else None),
            },
        })
    return records


def _numeric_by_position(comparison: NumericComparison, claim_a: Claim | None, claim_b: Claim | None) -> dict[str, Any]:
    return {
        "status": comparison.status,
        "explanation": comparison.explanation,
        "a": _quantity_reference(comparison.a, claim_a),
        "b": _quantity_reference(comparison.b, claim_b),
        "gap": None if comparison.gap is None or not math.isfinite(comparison.gap) else float(comparison.gap),
    }


def _quantity_reference(quantity: Quantity | None, claim: Claim | None) -> int | dict[str, Any] | None:
    """The position of ``quantity`` in ``claim.quantities``; the quantity itself if it is not one of them."""
    if quantity is None:
        return None
    if claim is not None:
        for position, candidate in enumerate(claim.quantities):
            if candidate is quantity or candidate == quantity:
                return position
    return quantity_to_dict(quantity)


def _pair_records_v1(report: Report, claim_of: _ClaimDicts) -> list[dict[str, Any]]:
    # Column by column, not row by row: 100,000 pairs at 500 articles, and a pandas row costs
    # far more than a zip over plain lists.
    column = _columns(report.pairs)
    comparisons = report.comparisons
    records = []
    for (pair_id, topic, topic_id, verdict, confidence, reason, truncated, cosine,
         contradiction_ab, contradiction_ba, entailment_ab, entailment_ba,
         a_id, a_source, a_article, a_date, a_text, b_id, b_source, b_article, b_date, b_text) in zip(
            *(column[name] for name in (
                "pair_id", "topic", "topic_id", "verdict", "confidence", "reason", "truncated", "cosine",
                "contradiction_ab", "contradiction_ba", "entailment_ab", "entailment_ba",
                "a_sentence_id", "a_source", "a_article", "a_date", "a_text",
                "b_sentence_id", "b_source", "b_article", "b_date", "b_text"))):
        comparison = comparisons.get(pair_id)
        records.append({
            "id": pair_id,
            "topic": topic,
            "topic_id": topic_id,
            "a": {"sentence": a_id, "source": a_source, "article": a_article, "date": a_date, "text": a_text,
                  "claim": claim_of(a_id)},
            "b": {"sentence": b_id, "source": b_source, "article": b_article, "date": b_date, "text": b_text,
                  "claim": claim_of(b_id)},
            "verdict": verdict,
            "confidence": confidence,
            "reason": reason,
            "truncated": truncated,
            "scores": {
                "cosine": cosine,
                "nli": {"contradiction_ab": contradiction_ab, "contradiction_ba": contradiction_ba,
                        "entailment_ab": entailment_ab, "entailment_ba": entailment_ba},
                "numeric": comparison_to_dict(comparison) if comparison is not None else None,
            },
        })
    return records


class _ClaimDicts:
    """``claim_to_dict`` once per sentence id; None for a sentence without a claim reading."""

    def __init__(self, claims: dict[str, Claim]):
        self.claims = claims
        self.done: dict[str, dict[str, Any] | None] = {}

    def __call__(self, sentence_id: str) -> dict[str, Any] | None:
        if sentence_id not in self.done:
            claim = self.claims.get(sentence_id)
            self.done[sentence_id] = claim_to_dict(claim) if claim is not None else None
        return self.done[sentence_id]
