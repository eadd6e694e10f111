"""Aligned slots: two claims are compared on a value only when they state the same kind of fact about the same thing.

News sentences are full of values that do not count the same thing: an age beside a vote
count, a package's total beside one of its parts, the day of a speech beside the day of a
vote. Comparing every number with every number gives one false alarm after another. This
module decides, without a model, when two claims put a value in the *same slot*, and only
then compares the values:

================  ==============================================  =====================================
rule              the slot                                        a conflict
================  ==============================================  =====================================
``quantity``      the same counted thing or currency, with the    the stated values differ beyond the
                  words around the figure shared (or the figures  precision they were written with, and
                  within 10% of each other), in two sentences     lie within a factor 1.5 of each other
                  about one subject                               ("1.5 million" vs "1.6 million women")
``day``           the weekday of one kind of event (a vote, a     the weekdays differ, in articles dated
                  ruling, a meeting ...) in two sentences         at most 6 days apart ("voted Tuesday"
                  sharing their subject words                     vs "voted Wednesday")
``place``         the place of one event noun ("the event in X",  the places differ ("event in Norfolk"
                  "the X rally")                                  vs "the Norwalk event")
``quote``         the same quoted words (at least five in a row   one content word is swapped for a
                  shared)                                         different one ("debating" vs "doing");
                                                                  a word added, dropped or inflected is
                                                                  the same quote
``role``          one person's role ("former executive X" /       one says "former", the other a present
                  "X, the CEO of ..."), roles by class            description, in articles at most 6
                                                                  days apart
``medium``        one item, described in the same words around    one calls it a photo, the other a
                  its medium word ("a video showing her ...")     video (not a video someone spoke in)
================  ==============================================  =====================================

A figure's words around it may also be the kind of event named before it ("asked for", "cost",
"laid off": :data:`contradict.claims.cues.EVENT_CUES`): one kind before both lines two figures
up; disjoint kinds keep them apart; opposed kinds (a withdrawal, a build-up) never meet.

Values far apart (a ratio above :data:`NEAR_RATIO`) are taken to be about different things:
outlets that report one fact differently are off by a little (a misread figure, an update),
while a total and its part, or two different measures, differ by a lot.

``alignment`` in [0, 1] says how well the two slots line up (shared subject words, closeness);
it feeds the confidence of the verdict (see :mod:`contradict.verdict`).

Example:
    >>> from contradict.claims import read_claim
    >>> a = read_claim("The lawsuit covers 1.5 million women who worked at the chain.")
    >>> b = read_claim("The suit was filed on behalf of up to 1.6 million women at the chain.")
    >>> found = compare_slots(a, b, cosine=0.7)
    >>> found.verdict, found.rule, found.value_a, found.value_b
    ('conflict', 'quantity', '1.5 million', 'up to 1.6 million')
"""

from __future__ import annotations

from ..claims import read_claim, unknown_quantity_subject
from ..types import Claim
from .base import (
    AGREE,
    AGREEMENT_COSINE,
    CONFLICT,
    CONSISTENT,
    UNRELATED,
    SlotComparison,
)
from .days import (
    _WEEKDAY_RE,
    EVENT_KINDS,
    SAME_WEEK_DAYS,
    _day_slots,
    _event_near,
    days_apart,
)
from .events import OPPOSED_EVENTS, opposed_events
from .media import MEDIA_KINDS, _medium_slots
from .places import _place_slots, _places
from .quantities import (
    CLOSE_RATIO,
    NEAR_RATIO,
    _quantity_slots,
    states_maximum,
    written_precision,
)
from .quotes import (
    QUOTE_MIN_SHARED,
    _quote_slots,
    _quote_words,
    quoted_passages,
    same_word,
)
from .roles import ROLE_CLASSES, _role_slots
from .shared import _shared_values
from .words import content_stems, shared_share, stem

__all__ = [
    "AGREE",
    "AGREEMENT_COSINE",
    "CLOSE_RATIO",
    "CONFLICT",
    "CONSISTENT",
    "EVENT_KINDS",
    "MEDIA_KINDS",
    "NEAR_RATIO",
    "OPPOSED_EVENTS",
    "QUOTE_MIN_SHARED",
    "ROLE_CLASSES",
    "SAME_WEEK_DAYS",
    "UNRELATED",
    "SlotComparison",
    "compare_slots",
    "content_stems",
    "days_apart",
    "opposed_events",
    "quoted_passages",
    "read_claim",
    "same_word",
    "shared_share",
    "slot_keys",
    "states_maximum",
    "stem",
    "written_precision",
]


def slot_keys(claim: Claim) -> frozenset[str]:
    """Keys of the slots a claim fills: two sentences that share one should meet, however else they differ.

    Used by pairing (see :func:`contradict.pairing.shared_slot_pairs`): a counted thing, the day of a
    kind of event, the place of an event noun, a run of five quoted words.

    >>> sorted(slot_keys(read_claim("The House voted on Tuesday to pass 15 bills.")))
    ['count:bills', 'day:vote']
    """
    keys = {f"count:{q.counted}" for q in claim.quantities if q.counted}
    if claim.quantity_unknown:  # "the number of troops is unclear" meets the outlets that give one
        counted, _ = unknown_quantity_subject(claim.text)
        if counted:
            keys.add(f"count:{counted}")
    keys |= {f"amount:{q.unit}" for q in claim.quantities if q.unit and not q.counted and q.unit != "percent"}
    keys |= {f"day:{kind}" for m in _WEEKDAY_RE.finditer(claim.text) if (kind := _event_near(claim.text, *m.span()))}
    keys |= {f"place:{noun}" for noun, _, _ in _places(claim.text)}
    for quote in quoted_passages(claim.text):
        words = _quote_words(quote)
        keys |= {"quote:" + " ".join(words[k:k + QUOTE_MIN_SHARED]) for k in range(len(words) - QUOTE_MIN_SHARED + 1)}
    return frozenset(keys)


def compare_slots(a: Claim, b: Claim, *, cosine: float, date_a: str | None = None,
                  date_b: str | None = None) -> SlotComparison | None:
    """The strongest aligned-slot finding for two claims, conflicts first, or None (see the module docstring).

    Example:
        >>> from contradict.claims import read_claim
        >>> a = read_claim("The House voted on Tuesday on a resolution reaffirming the national motto.")
        >>> b = read_claim("On Wednesday, the House voted on a bill that reaffirmed the motto.")
        >>> compare_slots(a, b, cosine=0.8, date_a="2011-11-02", date_b="2011-11-02").explanation
        'day of the vote: Tuesday vs Wednesday (both about house, motto, reaffi)'
    """
    found = [_quote_slots(a, b), _quantity_slots(a, b, cosine), _day_slots(a, b, cosine, date_a, date_b),
             _place_slots(a, b, cosine), _role_slots(a, b, date_a, date_b), _medium_slots(a, b, cosine)]
    if not any(f is not None and f.verdict == CONFLICT for f in found):
        found.append(_shared_values(a, b, cosine, date_a, date_b))
    found = [f for f in found if f is not None]
    conflicts = [f for f in found if f.verdict == CONFLICT]
    if conflicts:
        return max(conflicts, key=lambda f: f.alignment)
    opposed = opposed_events(a.text, b.text)
    if opposed:
        # Opposite events are no agreement, whatever figure they share; nor a conflict the rules can vouch for.
        return SlotComparison(UNRELATED, "event", "event", opposed[0], opposed[1], 0.5,
                              f"opposite events: '{opposed[0]}' vs '{opposed[1]}'")
    if not found:
        return None
    return max(found, key=lambda f: f.alignment)
