"""The weekday of one kind of event, in articles dated days apart at most."""

from __future__ import annotations

import re
from datetime import date

from ..types import Claim
from .base import CONFLICT, MIN_SUBJECT_COSINE, SlotComparison
from .words import _TOKEN_RE, content_stems, stem

#: Weekdays are compared only between articles dated at most this many days apart.
SAME_WEEK_DAYS = 6


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_RE = re.compile(r"\b(?P<day>" + "|".join(_WEEKDAYS) + r")\b")
#: Event kinds whose day two outlets can disagree on, by the stems of their verbs and nouns. Statements
#: are left out on purpose: people say things on many days, so two days of "said" are rarely one fact.
EVENT_KINDS: dict[str, tuple[str, ...]] = {
    "vote": ("vote", "voted", "voting", "pass", "passed", "passing", "approv", "adopt", "ratifi", "reject"),
    "meeting": ("meet", "met", "meetin", "summit", "talks", "gather"),
    "release": ("releas", "publis", "issued", "issue", "unveil", "filed", "file"),
    "ruling": ("ruled", "rule", "ruling", "decisi", "decide", "verdic", "sentenc"),
    "election": ("electi", "primar", "caucus", "won", "win", "elected"),
    "arrest": ("arrest", "charged", "charge", "indict", "detain"),
    "attack": ("attack", "struck", "strike", "bomb", "shot", "shooti", "killed", "kill"),
}
_EVENT_OF_STEM = {s: kind for kind, stems in EVENT_KINDS.items() for s in stems}


#: Verbs of saying: a day nearer to one of these than to an event word is the day something was said
#: ("said on Thursday ahead of the vote").
_STATEMENT_VERBS = frozenset("""
said says say told tells wrote writes tweeted tweets announced announces warned warns argued argues added adds noted
notes stated states declared declares insisted insists claimed claims explained explains spoke speaks testified
""".split())
#: Words that make a day relative to an event instead of its day: "ahead of the vote", "nearing a vote".
_RELATIVE_TO_EVENT = re.compile(r"\b(?:ahead\s+of|before|after|following|prior\s+to|nearing|awaiting|until|since)"
                                r"\s+(?:(?:the|a|an|its|their|his|her|this|that)\s+)?(?:\w+\s+)?$", re.IGNORECASE)


#: Words of one kind that name the same act ("voted" / "passed" / "approved"); any other event word of a
#: kind is an act of its own: "published" and "issued" are often two documents, a primary is not the
#: leadership election, being charged is not being arrested.
SAME_ACT: tuple[frozenset[str], ...] = (
    frozenset({"vote", "voted", "voting", "pass", "passed", "passing", "approv", "adopt", "ratifi"}),
    frozenset({"meet", "met", "meetin", "summit", "talks", "gather"}),
    frozenset({"ruled", "rule", "ruling", "decisi", "decide", "verdic"}),
    frozenset({"electi", "elected", "won", "win"}),
    frozenset({"arrest", "detain"}),
    frozenset({"attack", "struck", "strike", "bomb", "shot", "shooti"}),
)


def _act_of(word: str) -> str:
    key = word if word in _EVENT_OF_STEM else stem(word)
    for group in SAME_ACT:
        if key in group:
            return min(group)
    return key


def _one_act(word_a: str, word_b: str) -> bool:
    """Whether two event words name one act ("voted" / "passed"), not two acts of one kind ("published" / "issued").

    >>> _one_act("voted", "passed"), _one_act("published", "issued")
    (True, False)
    """
    return _act_of(word_a.lower()) == _act_of(word_b.lower())


def _event_near(text: str, start: int, end: int, reach: int = 5) -> str | None:
    """The kind of event the nearest event word within ``reach`` words of a span names.

    A verb of saying nearer than any event word makes it the day of a statement (None); an event
    word after "ahead of", "after", "nearing" ... is not the event the day is of.

    >>> _event_near("The House voted on Tuesday.", 15, 22)
    'vote'
    >>> _event_near("She said on Tuesday ahead of the vote.", 12, 19) is None
    True
    """
    found = _event_word_near(text, start, end, reach)
    return found[0] if found else None


def _event_word_near(text: str, start: int, end: int, reach: int = 5) -> tuple[str, str] | None:
    """``(kind, word)`` of the event word a day belongs to (see :func:`_event_near`), or None."""
    before = [m for m in _TOKEN_RE.finditer(text, 0, start)][-reach:]
    after = [m for m in _TOKEN_RE.finditer(text, end)][:reach]
    ranked = sorted([(start - m.end(), m) for m in before] + [(m.start() - end, m) for m in after], key=lambda x: x[0])
    for _, match in ranked:
        word = match.group(0).lower()
        if word in _STATEMENT_VERBS:
            return None
        kind = _EVENT_OF_STEM.get(word) or _EVENT_OF_STEM.get(stem(word))
        if kind and not _RELATIVE_TO_EVENT.search(text, max(0, match.start() - 30), match.start()):
            return kind, word
    return None


def days_apart(date_a: str | None, date_b: str | None) -> int | None:
    """Days between two ISO dates (None when either is missing or unreadable).

    >>> days_apart("2019-01-02", "2019-01-04"), days_apart(None, "2019-01-04")
    (2, None)
    """
    try:
        return abs((date.fromisoformat(str(date_a)[:10]) - date.fromisoformat(str(date_b)[:10])).days)
    except (TypeError, ValueError):
        return None


#: "the second time in a week", "met again", "another vote": the event happens more than once, so two days
#: may be two occurrences.
_REPEATED_EVENT = re.compile(r"\b(?:(?:first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))\s+time|again|another|once\s+more)\b",
                             re.IGNORECASE)


def _day_slots(a: Claim, b: Claim, cosine: float, date_a: str | None, date_b: str | None) -> SlotComparison | None:
    days_a = [(m, _event_word_near(a.text, *m.span())) for m in _WEEKDAY_RE.finditer(a.text)]
    days_b = [(m, _event_word_near(b.text, *m.span())) for m in _WEEKDAY_RE.finditer(b.text)]
    days_a, days_b = [d for d in days_a if d[1]], [d for d in days_b if d[1]]
    if not days_a or not days_b or _REPEATED_EVENT.search(a.text) or _REPEATED_EVENT.search(b.text):
        return None
    apart = days_apart(date_a, date_b)
    if apart is None or apart > SAME_WEEK_DAYS:
        return None  # "Tuesday" in articles a week apart may be two different Tuesdays
    skip_a = tuple(m.span() for m, _ in days_a)
    skip_b = tuple(m.span() for m, _ in days_b)
    subject_a = content_stems(a.text, skip_a) - set(_EVENT_OF_STEM)
    subject_b = content_stems(b.text, skip_b) - set(_EVENT_OF_STEM)
    shared = subject_a & subject_b
    if len(shared) < 2 or cosine < MIN_SUBJECT_COSINE:
        return None
    for match_a, (kind_a, _) in days_a:
        if any(m.group("day") == match_a.group("day") and k == kind_a for m, (k, _) in days_b):
            return None  # the other outlet gives this day for this kind of event
    for match_a, (kind_a, word_a) in days_a:
        for match_b, (kind_b, word_b) in days_b:
            # One kind holds different acts ("the story was published" / "a statement issued", "a
            # primary" / "the leadership elections"): only days of one act are one fact.
            if kind_a == kind_b and _one_act(word_a, word_b) and match_a.group("day") != match_b.group("day"):
                alignment = round(min(1.0, 0.5 * cosine + 0.1 * len(shared)), 4)
                day_a, day_b = match_a.group("day"), match_b.group("day")
                return SlotComparison(CONFLICT, "day", f"day of the {kind_a}", day_a, day_b, alignment,
                                      f"day of the {kind_a}: {day_a} vs {day_b} (both about {', '.join(sorted(shared)[:4])})")
    return None
