"""Compare two reports finding by finding: what is new, resolved, or changed verdict between two runs.

Findings are matched first by id (ids come from the findings' outlets and words, see
:mod:`contradict.identity`, so they survive a re-run and an added article), then by the claims
they share: an agreement group that an added article made grow past its old id, or two groups
that a new article joined, are the same findings changed, not one resolved and one new.

Statuses, in the order a diff lists them:

- ``new``: a finding of the new report that matches nothing in the old one;
- ``resolved``: a finding of the old report that matches nothing in the new one;
- ``verdict changed``: the same sentences, now another verdict (``conflict`` to ``agree``, ...);
- ``changed``: the same finding with other outlets, sentences, confidence or reason (``details`` says what);
- ``unchanged``: counted, listed only in the ``frame`` of :class:`ReportDiff`.

Example:
    >>> diff = diff_reports(read_report("old.json"), read_report("new.json"))
    >>> diff.counts
    {'new': 2, 'resolved': 0, 'verdict changed': 0, 'changed': 5, 'unchanged': 10}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..identity import claim_key
from ..report import Report

NEW, RESOLVED, VERDICT_CHANGED, CHANGED, UNCHANGED = "new", "resolved", "verdict changed", "changed", "unchanged"
STATUSES = (NEW, RESOLVED, VERDICT_CHANGED, CHANGED, UNCHANGED)

#: A confidence moving by less than this is rounding, not a change worth a reader's time.
CONFIDENCE_STEP = 0.01

DIFF_COLUMNS = ["status", "finding_id", "old_finding_id", "kind", "old_kind", "topic", "sources", "old_sources",
                "confidence", "old_confidence", "reason", "details", "review", "evidence"]


@dataclass(frozen=True)
class FindingView:
    """One finding as a diff sees it: what it says, and the claims (outlet and words) it is made of."""

    finding_id: str
    kind: str
    topic: str
    sources: tuple[str, ...]
    confidence: float
    reason: str
    claims: frozenset[str]
    #: The finding's sentences: ``{"sentence_id", "source", "date", "text"}``, in the finding's order.
    evidence: tuple[dict[str, Any], ...] = ()
    #: ``confirmed`` / ``rejected`` / ``unreviewed`` in a report run with decisions, else None.
    review: str | None = None


@dataclass
class ReportDiff:
    """What changed between two reports: one row per finding (``frame``), and the counts per status.

    ``frame`` has the columns of :data:`DIFF_COLUMNS`; for ``resolved`` rows ``finding_id`` is the old id.
    ``articles_added`` / ``articles_removed`` are article ids present in only one report.
    """

    frame: pd.DataFrame
    articles_added: list[str] = field(default_factory=list)
    articles_removed: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        found = self.frame["status"].value_counts() if len(self.frame) else {}
        return {status: int(found.get(status, 0)) for status in STATUSES}

    @property
    def changes(self) -> pd.DataFrame:
        """The rows a reader needs: every status except ``unchanged``."""
        return self.frame[self.frame["status"] != UNCHANGED]

    def to_dict(self) -> dict[str, Any]:
        """The diff as plain JSON values: ``counts``, the articles added and removed, and every change."""
        from ..report import _records

        return {"counts": self.counts, "articles_added": list(self.articles_added),
                "articles_removed": list(self.articles_removed), "changes": _records(self.changes)}


def finding_views(report: Report) -> dict[str, FindingView]:
    """Each finding of ``report`` by id, with its claim keys and quoted sentences.

    Example:
        >>> views = finding_views(report)
        >>> next(iter(views.values())).kind
        'conflict'
    """
    sentences = report.sentences
    text_of = dict(zip(sentences["id"].tolist(), sentences["text"].tolist()))
    source_of = dict(zip(sentences["id"].tolist(), sentences["source"].tolist()))
    article_of = dict(zip(sentences["id"].tolist(), sentences["article_id"].tolist()))
    date_of = dict(zip(report.articles["id"].tolist(), report.articles["date"].tolist())) if len(report.articles) else {}
    reason_of = dict(zip(report.pairs["pair_id"].tolist(), report.pairs["reason"].tolist()))
    views = {}
    for finding in report.findings.to_dict(orient="records"):
        ids = list(finding["sentence_ids"])
        pair_ids = list(finding["pair_ids"])
        evidence = tuple({"sentence_id": sid, "source": source_of.get(sid), "date": _plain(date_of.get(article_of.get(sid))),
                          "text": text_of.get(sid)} for sid in ids)
        views[finding["finding_id"]] = FindingView(
            finding_id=finding["finding_id"], kind=finding["kind"], topic=finding["topic"],
            sources=tuple(finding["sources"]), confidence=float(finding["confidence"]),
            # A pair finding's reason is its pair's; a group's is the outlets that agree (its summary).
            reason=reason_of.get(pair_ids[0], "") if len(pair_ids) == 1 else finding["summary"],
            claims=frozenset(claim_key(source_of.get(sid), text_of.get(sid)) for sid in ids),
            evidence=evidence,
            review=finding.get("review_status") if isinstance(finding.get("review_status"), str) else None,
        )
    return views


def _plain(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and value != value) else value


def match_findings(old: dict[str, FindingView], new: dict[str, FindingView]) -> list[tuple[str | None, str | None]]:
    """Pairs ``(old id, new id)``: same id first, then most shared claims (at least two), else unmatched (None).

    An old finding left over whose claims all sit in one new finding was merged into it (two
    groups an added article joined): it is paired with that finding too.

    Example:
        >>> match_findings(finding_views(old_report), finding_views(new_report))[:2]
        [('f-0497a0dd2c2f', 'f-0497a0dd2c2f'), ('f-e3b87ea03f0f', 'f-e3b87ea03f0f')]
    """
    pairs = [(finding, finding) for finding in sorted(set(old) & set(new))]
    old_left = sorted(set(old) - set(new))
    new_left = sorted(set(new) - set(old))
    candidates = sorted(((len(old[a].claims & new[b].claims), a, b) for a in old_left for b in new_left
                         if len(old[a].claims & new[b].claims) >= 2), key=lambda c: (-c[0], c[1], c[2]))
    taken_old: set[str] = set()
    taken_new: set[str] = set()
    for _shared, a, b in candidates:
        if a not in taken_old and b not in taken_new:
            pairs.append((a, b))
            taken_old.add(a)
            taken_new.add(b)
    for a in old_left:
        if a in taken_old:
            continue
        holders = sorted(b for b in new if old[a].claims <= new[b].claims)
        if holders:
            pairs.append((a, holders[0]))
            taken_old.add(a)
    pairs += [(a, None) for a in old_left if a not in taken_old]
    pairs += [(None, b) for b in new_left if b not in taken_new]
    return pairs


def _details(before: FindingView, after: FindingView) -> list[str]:
    """What differs between two matched findings, in words."""
    details = []
    if before.finding_id != after.finding_id:
        details.append(f"was {before.finding_id}")
    if before.kind != after.kind:
        details.append(f"verdict {before.kind} → {after.kind}")
    gained = sorted(set(after.sources) - set(before.sources))
    lost = sorted(set(before.sources) - set(after.sources))
    if gained:
        details.append(f"outlets gained: {', '.join(gained)}")
    if lost:
        details.append(f"outlets lost: {', '.join(lost)}")
    added, removed = len(after.claims - before.claims), len(before.claims - after.claims)
    if added or removed:
        details.append(f"sentences +{added} −{removed}")
    if abs(after.confidence - before.confidence) >= CONFIDENCE_STEP:
        details.append(f"confidence {before.confidence:.2f} → {after.confidence:.2f}")
    if before.kind == after.kind and before.reason != after.reason and len(after.evidence) == 2:
        details.append(f"reason was: {before.reason}")
    return details


def diff_reports(old: Report, new: Report) -> ReportDiff:
    """Findings of ``new`` against ``old``: new, resolved, verdict changed, changed or unchanged.

    Example:
        >>> diff = diff_reports(read_report("before.json"), read_report("after.json"))
        >>> diff.changes[["status", "finding_id", "kind", "topic", "details"]]
    """
    before, after = finding_views(old), finding_views(new)
    rows = []
    for old_id, new_id in match_findings(before, after):
        was, now = before.get(old_id), after.get(new_id)
        shown = now or was
        if was is None:
            status, details = NEW, []
        elif now is None:
            status, details = RESOLVED, []
        else:
            details = _details(was, now)
            status = VERDICT_CHANGED if was.kind != now.kind else CHANGED if details else UNCHANGED
        rows.append({
            "status": status, "finding_id": shown.finding_id, "old_finding_id": old_id,
            "kind": shown.kind, "old_kind": was.kind if was else None, "topic": shown.topic,
            "sources": list(shown.sources), "old_sources": list(was.sources) if was else None,
            "confidence": shown.confidence, "old_confidence": was.confidence if was else None,
            "reason": shown.reason, "details": details,
            # A reviewed finding that is resolved or changed is what an editor must look at again.
            "review": (now.review if now and now.review else was.review if was else None),
            "evidence": [dict(item) for item in shown.evidence],
        })
    merged: dict[str, list[str]] = {}  # new id -> the old findings now in it, when more than one
    for row in rows:
        if row["old_finding_id"] and row["status"] != RESOLVED:
            merged.setdefault(row["finding_id"], []).append(row["old_finding_id"])
    for row in rows:
        into = merged.get(row["finding_id"], [])
        if len(into) > 1 and row["status"] != RESOLVED:
            row["details"].insert(0, f"{', '.join(sorted(into))} merged into one finding")
    rank = {status: number for number, status in enumerate(STATUSES)}
    rows.sort(key=lambda row: (rank[row["status"]], row["kind"] != "conflict", -row["confidence"], row["finding_id"]))
    old_articles = set(old.articles["id"].tolist()) if len(old.articles) else set()
    new_articles = set(new.articles["id"].tolist()) if len(new.articles) else set()
    return ReportDiff(frame=pd.DataFrame(rows, columns=DIFF_COLUMNS),
                      articles_added=sorted(new_articles - old_articles),
                      articles_removed=sorted(old_articles - new_articles))
