"""Read a JSON report back into a :class:`~contradict.report.Report`: the same DataFrames as the run that wrote it.

A saved report is what a fact-checking workflow keeps between runs: ``contradict diff`` compares
two, ``contradict review`` marks their findings. Readers are chosen by the MAJOR part of
``schema_version`` (see :data:`READERS`): a MINOR bump only adds keys, and every reader here
ignores keys it does not know, so a report from a newer 1.x still reads. A new MAJOR version
adds its reader to :data:`READERS`.

What the JSON does not hold is not restored: ``embeddings`` are None, ``meta`` has the
``tool``, ``models`` and ``thresholds`` the JSON records (no timings), and a claim's infinite
bound reads back as open (the JSON writes "more than" and "at least" alike: ``null``, open).

Example:
    >>> report = contradict.read_report("report.json")
    >>> report.conflicts[["a_source", "a_text", "b_source", "b_text"]]
"""

from __future__ import annotations

import heapq
from dataclasses import fields
from pathlib import Path
from typing import Any, Callable

import orjson
import pandas as pd

from .compare import NO_NUMBERS, with_article_dates
from .contract import unrelated_pair_records
from .errors import InputError
from .report import (
    ARTICLE_COLUMNS, FINDING_COLUMNS, PAIR_COLUMNS, REVIEW_PREFIX, SENTENCE_COLUMNS, STORY_COLUMNS, TOPIC_COLUMNS, Report,
)
from .types import Claim, NumericComparison, Quantity, Speaker


def read_report(path: str | Path) -> Report:
    """The :class:`Report` saved in a JSON file (``--format json`` or :meth:`Report.to_json`).

    Raises :class:`~contradict.errors.InputError` (one line) for a missing file, a file that is
    not JSON, not a contradict report, or a report of a MAJOR schema version this version cannot read.

    Example:
        >>> report = read_report("report.json")
        >>> report.to_json() == Path("report.json").read_text().rstrip("\\n")
        True
    """
    path = Path(path)
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a JSON report") from None
    except orjson.JSONDecodeError as error:
        raise InputError(f"{path}: not valid JSON ({error})") from None
    return report_from_dict(data, where=str(path))


def report_from_dict(data: Any, *, where: str = "report") -> Report:
    """The :class:`Report` of a parsed JSON report (what :meth:`Report.to_dict` returns).

    Example:
        >>> report_from_dict(report.to_dict()).findings.equals(report.findings)
        True
    """
    major = schema_major(data, where=where)
    if major not in READERS:
        known = ", ".join(f"{version}.x" for version in sorted(READERS))
        raise InputError(f"{where}: schema_version {data['schema_version']} is not one this contradict reads ({known}); "
                         "upgrade contradict to read it")
    return READERS[major](data)


def schema_major(data: Any, *, where: str = "report") -> int:
    """The MAJOR number of a report's ``schema_version`` ("1.3" -> 1).

    Example:
        >>> schema_major({"schema_version": "1.0"})
        1
    """
    version = data.get("schema_version") if isinstance(data, dict) else None
    if not isinstance(version, str):
        raise InputError(f"{where}: not a contradict JSON report (no schema_version; write one with --format json)")
    head = version.split(".", 1)[0]
    if not head.isdigit():
        raise InputError(f"{where}: schema_version {version!r} is not MAJOR.MINOR")
    return int(head)


# ---------------------------------------------------------------------- schema 1.x


def _known(cls, record: dict[str, Any]) -> dict[str, Any]:
    """The keys of ``record`` that are fields of dataclass ``cls``: keys added by a later MINOR version are skipped."""
    names = {field.name for field in fields(cls)}
    return {key: value for key, value in record.items() if key in names}


def _bound(value: float | None, infinite: float) -> float:
    return infinite if value is None else float(value)


def quantity_from_dict(record: dict[str, Any]) -> Quantity:
    """A :class:`Quantity` from its JSON form (``null`` bounds are infinite).

    Example:
        >>> quantity_from_dict({"text": "over 10", "start": 0, "end": 7, "low": 10.0, "high": None,
        ...                     "low_open": True, "high_open": True, "kind": "lower_bound"}).high
        inf
    """
    values = _known(Quantity, record)
    values["low"] = _bound(record.get("low"), float("-inf"))
    values["high"] = _bound(record.get("high"), float("inf"))
    return Quantity(**values)


def claim_from_dict(record: dict[str, Any]) -> Claim:
    """A :class:`Claim` from its JSON form (:func:`contradict.compare.claim_to_dict`).

    Example:
        >>> claim_from_dict({"text": "Troops left.", "quantities": [], "modality": "fact"}).modality
        'fact'
    """
    values = _known(Claim, record)
    values["quantities"] = tuple(quantity_from_dict(q) for q in record.get("quantities") or ())
    values["speakers"] = tuple(Speaker(**_known(Speaker, s)) for s in record.get("speakers") or ())
    return Claim(**values)


def comparison_from_dict(record: dict[str, Any]) -> NumericComparison:
    """A :class:`NumericComparison` from its JSON form (:func:`contradict.compare.comparison_to_dict`)."""
    values = _known(NumericComparison, record)
    for side in ("a", "b"):
        if record.get(side) is not None:
            values[side] = quantity_from_dict(record[side])
    return NumericComparison(**values)


def _frame(records: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Records as the frame ``build_report`` makes: its columns in its order; columns of a later MINOR version kept after them."""
    extra = [key for record in records[:1] for key in record if key not in columns]
    return pd.DataFrame(records, columns=columns + extra)


def _flat_review(record: dict[str, Any]) -> dict[str, Any]:
    """A reviewed finding's ``review`` object as the ``review_*`` columns of ``Report.findings``."""
    review = record.get("review")
    if not isinstance(review, dict):
        return record
    flat = {key: value for key, value in record.items() if key != "review"}
    flat.update({f"{REVIEW_PREFIX}{key}": value for key, value in review.items()})
    return flat


#: Schema 1 reports were never grouped into stories: read back, they are one story, as a run without grouping.
_ONE_STORY = "s1"


def _one_story(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [record if "story_id" in record else {**record, "story_id": _ONE_STORY} for record in records]


def _story_frame(data: dict[str, Any]) -> pd.DataFrame:
    """Schema 1 has no stories: every article in one, counted as a run without grouping counts it."""
    from .stories import WHOLE_INPUT

    articles, pairs = data.get("articles", []), data.get("pairs", [])
    findings = data.get("findings", [])
    row = {"story_id": _ONE_STORY, "label": "", "grouped_by": WHOLE_INPUT,
           "articles": [a["id"] for a in articles], "sources": sorted({a["source"] for a in articles}),
           "claims": sum(s.get("status") == "used" for s in data.get("sentences", [])),
           "topics": len(data.get("topics", [])), "pairs": len(pairs),
           "conflicts": sum(p["verdict"] == "conflict" for p in pairs), "agreements": sum(f["kind"] == "agree" for f in findings)}
    if articles:
        # The label a run gives: the earliest article's title (the first in the input on a tie; undated last).
        first = min(range(len(articles)), key=lambda k: (articles[k].get("date") is None, articles[k].get("date") or "", k))
        row["label"] = articles[first].get("title") or articles[first]["id"]
    return pd.DataFrame([row] if articles else [], columns=STORY_COLUMNS)


def _read_v1(data: dict[str, Any]) -> Report:
    sentence_records = _one_story(data.get("sentences", []))
    claims = {record["id"]: claim_from_dict(record["claim"]) for record in sentence_records if record.get("claim")}
    sentences = _frame([{key: value for key, value in record.items() if key != "claim"} for record in sentence_records],
                       SENTENCE_COLUMNS)
    sentences["topic_id"] = sentences["topic_id"].astype("Int64")

    pair_rows, comparisons = [], {}
    for pair in data.get("pairs", []):
        a, b, scores = pair["a"], pair["b"], pair.get("scores") or {}
        nli = scores.get("nli") or {}
        numeric = scores.get("numeric")
        if numeric is not None:
            comparisons[pair["id"]] = comparison_from_dict(numeric)
        # In PAIR_COLUMNS order, as build_report writes its rows.
        pair_rows.append((
            pair["id"], _ONE_STORY, pair.get("topic_id"), pair.get("topic", ""),
            a["sentence"], a["source"], a["article"], a.get("date"), a["text"],
            b["sentence"], b["source"], b["article"], b.get("date"), b["text"],
            pair["verdict"], pair["confidence"], pair.get("reason", ""),
            scores.get("cosine"), nli.get("contradiction_ab"), nli.get("contradiction_ba"),
            nli.get("entailment_ab"), nli.get("entailment_ba"),
            numeric["status"] if numeric else None, numeric["explanation"] if numeric else None, pair.get("truncated", False),
        ))
    return Report(
        articles=_frame(_one_story(data.get("articles", [])), ARTICLE_COLUMNS),
        sentences=sentences,
        topics=_frame(_one_story(data.get("topics", [])), TOPIC_COLUMNS),
        pairs=pd.DataFrame(pair_rows, columns=PAIR_COLUMNS),
        findings=_frame([_flat_review(record) for record in _one_story(data.get("findings", []))], FINDING_COLUMNS),
        files=pd.DataFrame(data.get("files", [])),
        warnings=list(data.get("warnings", [])),
        meta={key: data[key] for key in ("tool", "models", "thresholds", "review") if key in data},
        claims=claims,
        comparisons=comparisons,
        stories=_story_frame(data),
    )


# ---------------------------------------------------------------------- schema 2.x


def _quantity_at(reference: int | dict[str, Any] | None, claim: Claim | None) -> Quantity | None:
    """Schema 2 names a compared quantity by its position in the sentence's claim (or writes it out)."""
    if reference is None:
        return None
    if isinstance(reference, dict):
        return quantity_from_dict(reference)
    return claim.quantities[reference]


def _no_numbers(claim_a: Claim, claim_b: Claim, date_a: str | None, date_b: str | None) -> NumericComparison:
    """The comparison schema 2 writes as ``numeric: null``: what :func:`contradict.compare.compare_claims` says when
    neither claim, or only one, gives a number (dated as the pipeline dates it)."""
    said = ("neither claim gives a number" if not claim_a.quantities and not claim_b.quantities
            else "only one claim gives a number")
    return with_article_dates(NumericComparison(NO_NUMBERS, said), date_a, date_b)


def _read_v2(data: dict[str, Any]) -> Report:
    sentence_records = data.get("sentences", [])
    claims = {record["id"]: claim_from_dict(record["claim"]) for record in sentence_records if record.get("claim")}
    sentences = _frame([{key: value for key, value in record.items() if key != "claim"} for record in sentence_records],
                       SENTENCE_COLUMNS)
    sentences["topic_id"] = sentences["topic_id"].astype("Int64")
    # A pair names its sentences: their outlet, article, date and text come from the records written once.
    sentence_of = {record["id"]: record for record in sentence_records}
    date_of = {record["id"]: record.get("date") for record in data.get("articles", [])}
    label_of = {record["topic_id"]: record.get("label", "") for record in data.get("topics", [])}

    pair_rows, comparisons = [], {}
    for pair in data.get("pairs", []):
        a, b, scores = sentence_of[pair["a"]], sentence_of[pair["b"]], pair.get("scores") or {}
        nli = scores.get("nli") or {}
        numeric = scores.get("numeric")
        if numeric is not None:
            values = _known(NumericComparison, numeric)
            values["a"] = _quantity_at(numeric.get("a"), claims.get(pair["a"]))
            values["b"] = _quantity_at(numeric.get("b"), claims.get(pair["b"]))
            comparisons[pair["id"]] = NumericComparison(**values)
        elif pair["a"] in claims and pair["b"] in claims:
            comparisons[pair["id"]] = _no_numbers(claims[pair["a"]], claims[pair["b"]],
                                                  date_of.get(a["article_id"]), date_of.get(b["article_id"]))
        numeric = comparisons.get(pair["id"])
        pair_rows.append((
            pair["id"], pair.get("story_id"), pair.get("topic_id"), label_of.get(pair.get("topic_id"), ""),
            a["id"], a["source"], a["article_id"], date_of.get(a["article_id"]), a["text"],
            b["id"], b["source"], b["article_id"], date_of.get(b["article_id"]), b["text"],
            pair["verdict"], pair["confidence"], pair.get("reason", ""),
            scores.get("cosine"), nli.get("contradiction_ab"), nli.get("contradiction_ba"),
            nli.get("entailment_ab"), nli.get("entailment_ba"),
            numeric.status if numeric else None, numeric.explanation if numeric else None, pair.get("truncated", False),
        ))
    return Report(
        articles=_frame(data.get("articles", []), ARTICLE_COLUMNS),
        sentences=sentences,
        topics=_frame(data.get("topics", []), TOPIC_COLUMNS),
        pairs=pd.DataFrame(pair_rows, columns=PAIR_COLUMNS),
        findings=_frame([_flat_review(record) for record in data.get("findings", [])], FINDING_COLUMNS),
        files=pd.DataFrame(data.get("files", [])),
        warnings=list(data.get("warnings", [])),
        meta={key: data[key] for key in ("tool", "models", "thresholds", "review") if key in data},
        claims=claims,
        comparisons=comparisons,
        stories=_frame(data.get("stories", []), STORY_COLUMNS),
    )


# ---------------------------------------------------------------------- schema 3.x


def _read_v3(data: dict[str, Any]) -> Report:
    """Schema 3 is schema 2 with the ``unrelated`` pairs as a table: merged back, in the run's order, and read as 2."""
    unrelated = unrelated_pair_records(data.get("unrelated_pairs") or {})
    return _read_v2({**data, "pairs": _in_run_order(data.get("pairs", []), unrelated, data.get("sentences", []))})


def _in_run_order(pairs: list[dict[str, Any]], unrelated: list[dict[str, Any]],
                  sentences: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The two lists of pairs (each in the run's order) as one, in the run's order.

    A run lists the pairs it scored by their sentences' order in the report (sentence ``a``, then
    ``b``), then each syndicated copy's pair in the order of the copies.
    """
    position = {record["id"]: k for k, record in enumerate(sentences)}
    copied = {record["id"] for record in sentences if str(record.get("status", "")).startswith("merged")}

    def order(pair: dict[str, Any]) -> tuple[int, int, int]:
        if pair["b"] in copied:
            return 1, position.get(pair["b"], -1), 0
        return 0, position.get(pair["a"], -1), position.get(pair["b"], -1)

    return list(heapq.merge(pairs, unrelated, key=order))


#: Reader per MAJOR schema version. A reader takes the parsed JSON and returns a Report.
READERS: dict[int, Callable[[dict[str, Any]], Report]] = {1: _read_v1, 2: _read_v2, 3: _read_v3}
