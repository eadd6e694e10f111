"""Confirmed findings as schema.org ``ClaimReview`` JSON-LD, ready to publish on a fact-check page.

Only findings a reviewer **confirmed** (see :mod:`contradict.workflow.decisions`) are published:
a machine verdict is a lead, not a fact check. Each item carries the fields Google's fact-check
markup documentation requires (``claimReviewed``, ``reviewRating`` with ``alternateName``,
``url``) and recommends (``author``, ``datePublished``, ``itemReviewed`` as a ``Claim`` with
``appearance``, ``author`` and ``datePublished``; ``name``), see :data:`GOOGLE_REQUIRED` and
:data:`GOOGLE_RECOMMENDED`. The numeric ``ratingValue`` / ``bestRating`` / ``worstRating`` are
left out: a decision's rating is text, and the text is what search results show.

The publisher (the fact-checking organisation, its url, the page the reviews are published on
and the date) comes from options or a ``[claimreview]`` section of the ``--config`` file::

    [claimreview]
    organisation = "Example Fact Check"
    organisation_url = "https://factcheck.example"
    review_url = "https://factcheck.example/2024/05/troops"   # each review gets #<finding id>
    review_date = "2024-05-02"                                  # else each decision's date

``draft=True`` writes every conflict (every finding but agreement groups) that is not rejected, unreviewed ones included, each marked
``"creativeWorkStatus": "Draft"`` with an "Unreviewed" rating: for an editor's eyes, not a page.

Example:
    >>> items = claimreview_items(reviewed, publisher=Publisher("Example Fact Check", review_url="https://factcheck.example/x"))
    >>> items[0]["reviewRating"]["alternateName"]
    'Conflicting accounts'
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..formats import _one_line, _safe_url, finding_records, safe_text
from ..report import Report
from ..verdict import AGREE, CONFLICT
from .decisions import CONFIRMED

#: Fields Google's fact-check (ClaimReview) documentation marks required, per type.
GOOGLE_REQUIRED = {"ClaimReview": ("claimReviewed", "reviewRating", "url"), "Rating": ("alternateName",)}
#: Fields it marks recommended that contradict fills (numeric rating fields aside: ratings here are text).
GOOGLE_RECOMMENDED = {"ClaimReview": ("author", "datePublished", "itemReviewed", "name"),
                      "Claim": ("appearance", "author", "datePublished")}
#: Google suggests a claimReviewed shorter than this, so that it does not wrap on a phone.
SHORT_CLAIM = 75

#: The rating a confirmed finding gets when its decision names none.
DEFAULT_RATING = {CONFLICT: "Conflicting accounts", AGREE: "Corroborated", "dispute": "Disputed"}
DRAFT_RATING = "Unreviewed (draft, not for publication)"


@dataclass(frozen=True)
class Publisher:
    """Who publishes the reviews, where and when (``review_date`` overrides each decision's date)."""

    organisation: str | None = None
    organisation_url: str | None = None
    review_url: str | None = None
    review_date: str | None = None

    def merged(self, **given: str | None) -> "Publisher":
        """This publisher with the values given (options override a config section)."""
        return replace(self, **{key: value for key, value in given.items() if value})


def publisher_from_config(path: str | Path | None) -> Publisher:
    """The ``[claimreview]`` section of a TOML config file (an empty :class:`Publisher` without one).

    Example:
        >>> publisher_from_config("contradict.toml").organisation
        'Example Fact Check'
    """
    if path is None:
        return Publisher()
    try:
        with open(path, "rb") as handle:
            section = tomllib.load(handle).get("claimreview", {})
    except FileNotFoundError:
        raise InputError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{path}: not valid TOML ({error})") from None
    known = {field.name for field in fields(Publisher)}
    unknown = sorted(set(section) - known)
    if unknown:
        raise InputError(f"{path}: unknown key(s) in [claimreview]: {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return Publisher(**{key: str(value) for key, value in section.items()})


def short_claim(text: str) -> str:
    """The clause of a sentence that states its figure (the whole sentence when no clause does).

    Example:
        >>> short_claim("Estimates vary from 60,000 to 90,000, with one document suggesting 175,000.")
        'Estimates vary from 60,000 to 90,000'
    """
    sentence = _one_line(text).strip()
    clauses = [clause.strip(" .") for clause in re.split(r",\s+|;\s+|\s+[–—]\s+", sentence) if clause.strip(" .")]
    with_figure = [clause for clause in clauses if re.search(r"\d", clause)]
    return with_figure[0] if with_figure else sentence.rstrip(".")


def _organisation(name: Any, url: Any = None) -> dict[str, str]:
    item = {"@type": "Organization", "name": safe_text(name)}
    if _safe_url(url):
        item["url"] = _safe_url(url)
    return item


def _claim(evidence: dict[str, Any], author: Any) -> dict[str, Any]:
    """The reviewed claim: where it appeared (the article), who wrote it (byline, else the outlet), and when."""
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if _safe_url(evidence["url"]):
        work["url"] = _safe_url(evidence["url"])
    if evidence["title"]:
        work["headline"] = safe_text(evidence["title"])
    if evidence["date"]:
        work["datePublished"] = evidence["date"]
    work["publisher"] = _organisation(evidence["source"])
    claim: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": "Person", "name": safe_text(author)} if author else _organisation(evidence["source"]),
        "appearance": [work],
    }
    if evidence["date"]:
        claim["datePublished"] = evidence["date"]
    return claim


def claimreview_items(report: Report, *, publisher: Publisher | None = None, draft: bool = False,
                      top: int | None = None, topic: str | None = None) -> list[dict[str, Any]]:
    """Confirmed findings as ClaimReview items (every unrejected conflict, marked draft, with ``draft``).

    Raises :class:`~contradict.errors.InputError` when nothing is confirmed, or when publishing
    without the organisation's name or the review url.

    Example:
        >>> claimreview_items(reviewed, publisher=Publisher("Example Fact Check", review_url="https://factcheck.example/x"))
    """
    publisher = publisher or Publisher()
    records = finding_records(report, top=top, topic=topic)
    status = {r["finding_id"]: (r.get("review") or {}).get("status") for r in records}
    if draft:
        chosen = [r for r in records if r["kind"] != AGREE or status[r["finding_id"]] == CONFIRMED]
    else:
        chosen = [r for r in records if status[r["finding_id"]] == CONFIRMED]
        if not chosen:
            raise InputError("nothing confirmed to publish: mark findings confirmed in a decisions file "
                             "(contradict review REPORT.json) and pass --decisions FILE, or add --draft for an unreviewed draft")
        missing = [option for option, value in (("--org-name", publisher.organisation), ("--review-url", publisher.review_url))
                   if not value]
        if missing:
            raise InputError(f"publishing ClaimReview needs {' and '.join(missing)} (or a [claimreview] section in --config)")
        if not _safe_url(publisher.review_url):
            raise InputError(f"--review-url must be an http(s) url, not {publisher.review_url!r}")
    authors = dict(zip(report.articles["id"], report.articles["author"])) if "author" in report.articles.columns else {}
    items = []
    for record in chosen:
        review = record.get("review") or {}
        confirmed = review.get("status") == CONFIRMED
        rating = (review.get("rating") or DEFAULT_RATING.get(record["kind"], "Reviewed")) if confirmed else DRAFT_RATING
        evidence = record["evidence"]
        chosen_source = review.get("claim_source")
        reviewed = next((item for item in evidence if item["source"] == chosen_source), evidence[0])
        claim_text = _one_line(review.get("claim")) if review.get("claim") else short_claim(reviewed["text"])
        author = authors.get(reviewed["article"])
        item: dict[str, Any] = {"@context": "https://schema.org", "@type": "ClaimReview"}
        url = _safe_url(publisher.review_url)
        if url:
            item["url"] = url if "#" in url else f"{url}#{record['finding_id']}"  # several reviews on one page
        item["name"] = f"{rating}: {claim_text}"
        date = publisher.review_date or review.get("date")
        if date:
            item["datePublished"] = str(date)
        item["author"] = (_organisation(publisher.organisation, publisher.organisation_url) if publisher.organisation
                          else _organisation("contradict (unreviewed draft)"))
        item["claimReviewed"] = claim_text
        item["itemReviewed"] = _claim(reviewed, author if isinstance(author, str) and author else None)
        item["reviewRating"] = {"@type": "Rating", "alternateName": rating, "name": rating,
                                "ratingExplanation": _one_line(review.get("note") or record["reason"] or record["summary"])}
        item["reviewBody"] = " ".join(
            f"{safe_text(e['source'])}{' (' + e['date'] + ')' if e['date'] else ''}: “{_one_line(e['text'])}”"
            for e in evidence) + (f" Why: {_one_line(record['reason'])}" if record["reason"] else "")
        item["identifier"] = record["finding_id"]
        if not confirmed:
            item["creativeWorkStatus"] = "Draft"
        items.append(item)
    return items


def long_claims(items: list[dict[str, Any]]) -> list[str]:
    """Notes for items whose ``claimReviewed`` is longer than Google suggests (:data:`SHORT_CLAIM`).

    Example:
        >>> long_claims(items)
        ['f-e3b87ea03f0f: claimReviewed is 104 characters (Google suggests under 75): set claim = "..." in its decision']
    """
    return [f"{item['identifier']}: claimReviewed is {len(item['claimReviewed'])} characters (Google suggests under "
            f"{SHORT_CLAIM}): set claim = \"...\" in its decision" for item in items if len(item["claimReviewed"]) > SHORT_CLAIM]

