"""Opposed events ("hired" / "laid off"): the same figure with opposite events is no agreement."""

from __future__ import annotations

import re
from functools import lru_cache

#: Pairs of opposed events across domains, as word stems: the same figure with opposite events
#: ("laid off 10,000 workers" / "hired 10,000 workers") is no agreement.
OPPOSED_EVENTS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("hire", "hired", "hiring", "employ"), ("laid off", "lay off", "lays off", "layoff", "fire", "fired", "sack", "cut jobs")),
    (("raise", "raised", "rais", "increas", "rise", "rose", "risen", "grew", "grow", "gain", "climb", "jump", "soar"),
     ("cut", "lower", "reduc", "decreas", "fall", "fell", "fallen", "drop", "declin", "shrank", "shrink", "lost", "plung")),
    (("approv", "pass", "passed", "adopt", "accept", "ratif", "confirm"), ("reject", "fail", "failed", "defeat", "veto", "block")),
    (("win", "won", "wins", "winning", "victor"), ("lose", "lost", "loses", "losing", "defeat")),
    (("deploy", "sent", "send", "mass", "build", "reinforc"), ("withdr", "pull back", "pulled back", "pull out", "retreat")),
    (("open", "opened", "reopen"), ("close", "closed", "shut", "shutting")),
    (("support", "back", "endors", "favor", "favour"), ("oppos", "against", "reject")),
    (("buy", "bought", "purchas", "acquir"), ("sell", "sold", "divest")),
    (("arrest", "detain", "charg", "convict"), ("releas", "freed", "acquit", "cleared")),
)


def _first_named(text: str, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` that starts a word of ``text``, or None."""
    return next((word for word in words if re.search(rf"\b{re.escape(word)}", text)), None)


@lru_cache(maxsize=8192)
def _event_sides(text: str) -> tuple[tuple[str | None, str | None], ...]:
    """Per pair of :data:`OPPOSED_EVENTS`, the first word of each side that ``text`` (lower case) names.

    Read once per sentence: a sentence sits in dozens of pairs, and scanning it for every pair was
    most of the pair-scoring time of a cold report.
    """
    return tuple((_first_named(text, first), _first_named(text, second)) for first, second in OPPOSED_EVENTS)


def opposed_events(a: str, b: str) -> tuple[str, str] | None:
    """The two opposed event words when one sentence names one side and the other only the other side.

    >>> opposed_events("The firm laid off 10,000 workers.", "The firm hired 10,000 workers.")
    ('laid off', 'hire')
    >>> opposed_events("The firm hired 10,000 workers.", "It hired 10,000 staff.") is None
    True
    """
    for (a_first, a_second), (b_first, b_second) in zip(_event_sides(a.lower()), _event_sides(b.lower())):
        if a_first and not a_second and b_second and not b_first:
            return a_first, b_second
        if a_second and not a_first and b_first and not b_second:
            return a_second, b_first
    return None
