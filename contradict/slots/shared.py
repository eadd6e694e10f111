"""Agreements on a value both sentences state word for word."""

from __future__ import annotations

import re

from ..types import Claim
from .base import AGREE, AGREEMENT_COSINE, SlotComparison
from .days import _WEEKDAY_RE, _WEEKDAYS, SAME_WEEK_DAYS, _event_near, days_apart
from .quotes import quoted_passages
from .words import _NAME_RE, _YEAR_RE, _loose, _sentence_stems

_TALLY_RE = re.compile(r"\b([0-9]{1,3})\s?(?:-|–|to)\s?([0-9]{1,3})\b")


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")))


#: How an agreement on a value both state word for word is explained ("both give the same name: Mary Lee").
SAME_VALUE = "both give the same {rule}: {value}"


def shared_names(text_a: str, text_b: str) -> set[str]:
    """The names (capitalised runs) both texts write.

    >>> shared_names("Ann Lee spoke on Monday.", "Critics of Ann Lee spoke.")
    {'Ann Lee'}
    """
    return set(_NAME_RE.findall(text_a)) & set(_NAME_RE.findall(text_b))


def _shared_values(a: Claim, b: Claim, cosine: float, date_a: str | None, date_b: str | None) -> SlotComparison | None:
    """An agreement on a value both sentences state word for word: a tally, a year, a quoted phrase, a day."""
    if cosine < AGREEMENT_COSINE:
        return None
    found = []
    tallies = {(x, y) for x, y in _TALLY_RE.findall(a.text) if int(x) > int(y)} & \
              {(x, y) for x, y in _TALLY_RE.findall(b.text) if int(x) > int(y)}
    for x, y in sorted(tallies):
        found.append(("tally", f"{x}-{y}"))
    normal_b = _normal(b.text)
    for quote in quoted_passages(a.text):
        words = _normal(quote).split()
        if len(words) >= 2 and len(" ".join(words)) >= 10 and f" {' '.join(words)} " in f" {normal_b} ":
            found.append(("quote", quote.strip()))
    for quote in quoted_passages(b.text):
        words = _normal(quote).split()
        if len(words) >= 2 and len(" ".join(words)) >= 10 and f" {' '.join(words)} " in f" {_normal(a.text)} ":
            found.append(("quote", quote.strip()))
    subject = _loose(_sentence_stems(a.text)) & _loose(_sentence_stems(b.text))
    if cosine >= 0.45:
        years = set(_YEAR_RE.findall(a.text)) & set(_YEAR_RE.findall(b.text))
        if years and len(subject) >= 2:
            found.append(("year", ", ".join(sorted(years))))
        names = shared_names(a.text, b.text)
        if names and len(subject) >= 3:
            found.append(("name", ", ".join(sorted(names))))
    apart = days_apart(date_a, date_b)
    if apart is not None and apart <= SAME_WEEK_DAYS:
        days_a = {(m.group("day"), _event_near(a.text, *m.span())) for m in _WEEKDAY_RE.finditer(a.text)}
        days_b = {(m.group("day"), _event_near(b.text, *m.span())) for m in _WEEKDAY_RE.finditer(b.text)}
        for day, kind in sorted((days_a & days_b) - {(d, None) for d in _WEEKDAYS}):
            if len(subject) >= 2:
                found.append((f"day of the {kind}", day))
    if not found:
        return None
    rule, value = found[0]
    alignment = round(min(1.0, 0.5 + 0.5 * cosine), 4)
    return SlotComparison(AGREE, "shared value", rule, value, value, alignment, SAME_VALUE.format(rule=rule, value=value))
