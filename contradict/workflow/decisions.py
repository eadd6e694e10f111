"""A fact-checker's review decisions: findings marked ``confirmed`` or ``rejected``, kept across runs by finding id.

A decisions file is JSON (``{"decisions": [...]}``) or TOML (``[[decisions]]`` tables); each
decision names a finding and says what the reviewer made of it::

    [[decisions]]
    finding = "f-e3b87ea03f0f"
    status = "confirmed"                 # or "rejected" (a false alarm: hidden from later reports)
    rating = "Conflicting accounts"      # the rating text a published ClaimReview shows
    claim = "Express: 60,000 to 90,000 Russian troops at the border"   # claimReviewed, under 75 characters
    claim_source = "Express"             # whose sentence is the claim reviewed (default: the finding's first)
    note = "BBC counts February troops, Express December estimates"
    reviewer = "A. Editor"
    date = "2024-05-02"
    sentences = [{source = "Express", text = "..."}, {source = "BBC", text = "..."}]

``sentences`` (written by ``contradict review``) let a decision find its finding again when
the id changed (an agreement group that an added article joined); a decision whose finding is
gone is *stale*: the report says so and keeps it in ``review.stale``, never drops it silently.

:func:`apply_decisions` returns the report with each finding's review (``review_status``:
``confirmed``, ``rejected`` or ``unreviewed``, and the rating, note, reviewer and date).

Example:
    >>> decisions = read_decisions("decisions.toml")
    >>> reviewed = apply_decisions(report, decisions)
    >>> reviewed.findings[["finding_id", "kind", "review_status", "review_note"]]
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from ..identity import claim_key
from ..report import Report
from .diff import finding_views

CONFIRMED, REJECTED, UNREVIEWED = "confirmed", "rejected", "unreviewed"
DECISION_STATUSES = (CONFIRMED, REJECTED)

#: Review columns :func:`apply_decisions` adds to ``Report.findings`` (the JSON nests them as ``review``).
REVIEW_COLUMNS = ["review_status", "review_rating", "review_claim", "review_claim_source", "review_note", "review_reviewer",
                  "review_date", "review_decided_as"]


@dataclass(frozen=True)
class Decision:
    """What a reviewer decided about one finding.

    ``sentences`` are ``{"source", "text"}`` of the finding when it was decided: they find it
    again if its id changes. ``rating`` is the text a published ClaimReview gives as its rating,
    ``claim`` its short ``claimReviewed``, ``claim_source`` the outlet whose sentence is the claim.
    """

    finding: str
    status: str
    rating: str | None = None
    claim: str | None = None
    claim_source: str | None = None
    #: The finding's verdict when it was decided (``conflict``, ``agree``): a decision does not carry over to another verdict.
    kind: str | None = None
    note: str | None = None
    reviewer: str | None = None
    date: str | None = None
    sentences: tuple[dict[str, str], ...] = field(default=())

    def claim_keys(self) -> frozenset[str]:
        return frozenset(claim_key(item.get("source"), item.get("text")) for item in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        """The decision as the file writes it (empty fields left out)."""
        record = asdict(self)
        record["sentences"] = [dict(item) for item in self.sentences]
        return {key: value for key, value in record.items() if value not in (None, [], "")}


_FIELDS = tuple(f.name for f in fields(Decision))


def read_decisions(path: str | Path) -> list[Decision]:
    """The decisions in a JSON or TOML file (by its suffix; ``.toml`` is TOML, anything else JSON).

    A missing file is no decisions (``contradict review`` creates it). Errors name the file
    and the decision: ``decisions.toml: decision 3 (f-1a2b): status 'maybe' is not confirmed or rejected``.

    Example:
        >>> [d.status for d in read_decisions("decisions.toml")]
        ['confirmed', 'rejected']
    """
    path = Path(path)
    if not path.exists():
        return []
    try:
        if path.suffix.lower() == ".toml":
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        else:
            data = json.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: not valid {'TOML' if path.suffix.lower() == '.toml' else 'JSON'} ({error})") from None
    except OSError as error:  # a folder, no permission, ...
        raise InputError(f"{path}: cannot read the decisions file ({error.strerror or error})") from None
    records = data.get("decisions", []) if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise InputError(f"{path}: 'decisions' must be a list of decisions")
    decisions = [_decision(record, number, path) for number, record in enumerate(records, start=1)]
    seen: set[str] = set()
    for decision in decisions:
        if decision.finding in seen:
            raise InputError(f"{path}: finding {decision.finding} is decided twice; keep one decision per finding")
        seen.add(decision.finding)
    return decisions


def _decision(record: Any, number: int, path: Path) -> Decision:
    where = f"{path}: decision {number}"
    if not isinstance(record, dict):
        raise InputError(f"{where}: must be a table of finding, status, rating, note, reviewer, date")
    where += f" ({record.get('finding', 'no finding')})"
    unknown = sorted(set(record) - set(_FIELDS))
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(_FIELDS)}")
    if not isinstance(record.get("finding"), str) or not record["finding"]:
        raise InputError(f"{where}: 'finding' (a finding id such as f-e3b87ea03f0f) is missing")
    if record.get("status") not in DECISION_STATUSES:
        raise InputError(f"{where}: status {record.get('status')!r} is not confirmed or rejected")
    values = {key: (str(value) if key not in ("sentences",) and value is not None else value)
              for key, value in record.items()}  # a TOML date is a date object: keep it as ISO text
    sentences = values.pop("sentences", None) or ()
    if not all(isinstance(item, dict) for item in sentences):
        raise InputError(f"{where}: 'sentences' must be a list of {{source, text}} tables")
    return Decision(**values, sentences=tuple({"source": str(item.get("source", "")), "text": str(item.get("text", ""))}
                                              for item in sentences))


def write_decisions(decisions: Iterable[Decision], path: str | Path) -> None:
    """Write decisions as TOML (``.toml``) or JSON (anything else), one table per decision, in the order given.

    Example:
        >>> write_decisions([Decision("f-e3b87ea03f0f", "rejected", note="different dates")], "decisions.toml")
    """
    path = Path(path)
    records = [decision.to_dict() for decision in decisions]
    if path.suffix.lower() == ".toml":
        text = "# Review decisions of contradict findings (contradict report --decisions FILE)\n" + "".join(
            "\n[[decisions]]\n" + "".join(f"{key} = {_toml_value(value)}\n" for key, value in record.items())
            for record in records)
    else:
        text = json.dumps({"decisions": records}, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


def _toml_value(value: Any) -> str:
    # A JSON string is a TOML basic string (the same escapes); lists of tables are written inline.
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")  # TOML forbids a raw DEL
    if isinstance(value, list):
        return "[\n" + "".join("  {" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in item.items()) + "},\n"
                               for item in value) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def decision_for(report: Report, finding_id: str, status: str, **details: Any) -> Decision:
    """A decision on one finding of ``report``, with the finding's sentences so later runs can find it again.

    Example:
        >>> decision_for(report, "f-e3b87ea03f0f", "confirmed", reviewer="A. Editor", rating="Conflicting accounts")
    """
    views = finding_views(report)
    if finding_id not in views:
        raise InputError(f"no finding {finding_id} in this report")
    sentences = tuple({"source": item["source"], "text": item["text"]} for item in views[finding_id].evidence)
    return Decision(finding_id, status, kind=views[finding_id].kind, sentences=sentences, **details)


def match_decisions(report: Report, decisions: Iterable[Decision]) -> tuple[dict[str, list[Decision]], list[Decision]]:
    """The decisions on each finding (by id, else by their sentences), and the decisions that match none.

    A decision found by its sentences goes to the finding holding all of them (the one with the
    fewest other sentences when several do). Two decided groups an added article merged are one
    finding with two decisions: the one made on its id comes first.

    Example:
        >>> by_finding, stale = match_decisions(report, read_decisions("decisions.toml"))
    """
    keys_of = {fid: view.claims for fid, view in finding_views(report).items()}
    matched: dict[str, list[Decision]] = {}
    later, stale = [], []
    for decision in decisions:
        if decision.finding in keys_of:
            matched.setdefault(decision.finding, []).insert(0, decision)
        else:
            later.append(decision)
    for decision in later:
        wanted = decision.claim_keys()
        holders = sorted((len(keys), fid) for fid, keys in keys_of.items() if len(wanted) >= 2 and wanted <= keys)
        if holders:
            matched.setdefault(holders[0][1], []).append(decision)
        else:
            stale.append(decision)
    return matched, stale


def apply_decisions(report: Report, decisions: Iterable[Decision], *, source: str | None = None) -> Report:
    """``report`` with each finding's review, and a note per decision that matches no finding.

    The findings frame gains :data:`REVIEW_COLUMNS`; ``meta["review"]`` holds the counts and the
    stale decisions (the JSON's ``review``). Nothing is removed: formats for people hide rejected
    findings unless asked (``--show-rejected``). A finding two disagreeing decisions fall on (two
    groups merged), or whose verdict is not the one decided on, is unreviewed again, with a note.

    Example:
        >>> reviewed = apply_decisions(report, read_decisions("decisions.toml"), source="decisions.toml")
        >>> reviewed.meta["review"]["counts"]
        {'confirmed': 1, 'rejected': 1, 'unreviewed': 14}
    """
    matched, stale = match_decisions(report, decisions)
    where = f" ({source})" if source else ""
    notes = []
    rows: list[Decision | None] = []
    decided_as: list[str | None] = []
    for fid, kind in zip(report.findings["finding_id"].tolist(), report.findings["kind"].tolist()):
        on_it = matched.get(fid, [])
        for moved in [d for d in on_it if d.kind and d.kind != kind]:
            notes.append(f"decision{where} {moved.finding} ({moved.status}) was made on a {moved.kind}; "
                         f"its sentences are now {fid}, a {kind}: review it again")
        on_it = [d for d in on_it if not d.kind or d.kind == kind]
        if len({d.status for d in on_it}) > 1:
            notes.append(f"decisions{where} " + ", ".join(f"{d.finding} ({d.status})" for d in on_it)
                         + f" now fall on one finding {fid}: review it again")
            on_it = []
        rows.append(on_it[0] if on_it else None)
        others = sorted({d.finding for d in on_it} - {fid})
        decided_as.append(", ".join(others) if others else None)
    findings = report.findings.copy()
    findings["review_status"] = [d.status if d else UNREVIEWED for d in rows]
    for column in ("rating", "claim", "claim_source", "note", "reviewer", "date"):
        findings[f"review_{column}"] = [getattr(d, column) if d else None for d in rows]
    findings["review_decided_as"] = decided_as
    counts = {status: int((findings["review_status"] == status).sum()) for status in (CONFIRMED, REJECTED, UNREVIEWED)}
    notes.insert(0, f"review{where}: {counts[CONFIRMED]} confirmed, {counts[REJECTED]} rejected"
                 + (" (hidden; --show-rejected shows them)" if counts[REJECTED] else "") + f", {counts[UNREVIEWED]} unreviewed")
    notes += [f"stale decision{where}: {d.finding} ({d.status}{', ' + d.reviewer if d.reviewer else ''}"
              f"{', ' + d.date if d.date else ''}) matches no finding of this run" for d in stale]
    meta = {**report.meta, "review": {"source": source, "counts": counts, "stale": [d.to_dict() for d in stale]}}
    return replace(report, findings=findings, warnings=list(report.warnings) + notes, meta=meta)
