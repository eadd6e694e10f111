"""Model-free reading of a claim sentence: its numbers as intervals, and what they are about.

NLI models are weak on numbers, qualifiers and time, so every claim sentence is read by
rules into a :class:`~contradict.types.Claim`: the quantities it states, the time it is
anchored to, its modality, who is quoted, whether it is negated, and whether it says a
count is unknown. :mod:`contradict.compare` then compares two readings.

Interval conventions
--------------------
Every quantity is an interval ``[low, high]`` with ``low_open``/``high_open`` marking an
excluded bound; an infinite upper bound is always open. Counts never go below 0, so an
upper bound reads as ``[0, X]``. ``kind`` says how the interval came about:

==============================================  ==========================  ===============
written                                         interval                    kind
==============================================  ==========================  ===============
``10,000`` / ``ten thousand`` / ``a dozen``     ``[X, X]``                  ``exact``
``a whopping X`` / ``as many as X`` /           ``[X, X]``                  ``exact``
``as high as X`` / ``as much as X``
``from X to Y``, ``between X and Y``,           ``[X, Y]``                  ``range``
``X-Y``, ``X–Y``, ``X to Y``, ``60k–175k``
``more than`` / ``over`` / ``above`` /          ``(X, inf)``                ``lower_bound``
``in excess of`` / ``upwards of`` / ``X+``
``at least`` / ``no less than`` /               ``[X, inf)``                ``lower_bound``
``no fewer than`` / ``X or more``
``fewer than`` / ``less than`` / ``under`` /    ``[0, X)``                  ``upper_bound``
``below``
``up to`` / ``no more than`` / ``at most`` /    ``[0, X]``                  ``upper_bound``
``within`` / ``X or fewer``
``around`` / ``about`` / ``some`` /             ``[X(1-t), X(1+t)]``        ``approximate``
``roughly`` / ``approximately`` /
``an estimated`` / ``X or so``
``nearly`` / ``almost`` / ``close to``          ``[X(1-t), X]``             ``approximate``
``just over``                                   ``(X, X(1+t)]``             ``approximate``
``just under``                                  ``[X(1-t), X)``             ``approximate``
==============================================  ==========================  ===============

``t`` is :data:`APPROXIMATE_TOLERANCE` (10 %), the one place the tolerance is set. So
"around 100,000" is ``[90,000, 110,000]`` and touches "60,000 to 90,000" at 90,000:
the two are *compatible*, not in conflict. "nearly X" keeps X itself (closed) because
outlets round: "nearly 100,000" must not conflict with "100,000".

"as many as X", "as high as X" and "a whopping X" name the figure that is reached
rather than a ceiling: "as many as 175,000 troops" reports 175,000, and reading it
as ``[0, 175,000]`` would make it agree with "10 troops". "up to X" stays a ceiling.

Vague words (kind ``approximate``)
----------------------------------
A plural of a power of ten means at least two of it and less than the next power, the
range a writer would otherwise name with the next word up. The upper bound is excluded,
so "tens of thousands" holds the same whole numbers as 20,000 to 99,999 but has no
artificial one-unit gap to "more than 100,000":

==========================  =============================================================
``tens`` (of people)        ``[20, 100)``
``dozens``                  ``[24, 100)`` (two dozen up to where "hundreds" takes over)
``hundreds``                ``[200, 1,000)``
``thousands``               ``[2,000, 10,000)``
``tens of thousands``       ``[20,000, 100,000)``
``hundreds of thousands``   ``[200,000, 1,000,000)``
``millions``                ``[2,000,000, 10,000,000)``
``several X``               ``[3X, 9X]`` ("several thousand" = ``[3,000, 9,000]``)
``a few X``                 ``[2X, 5X]``
``a couple of X``           ``[2X, 3X]``
==========================  =============================================================

"a dozen" is 12, "two dozen" 24, "half a million" 500,000 (written numbers are exact).

What is not a count
-------------------
Years (``2014``, ``since 2014``, ``1990s``), dates (``20 February``, ``January 12-13``,
``March 10, 2021``, ``Tuesday (15)``, ``2022-02-17``), clock times, ages
(``45-year-old``, ``aged 45``), ordinals (``3rd``), spans ending in "ago" (``two weeks
ago``) and ids (``Nord Stream 2``, ``COVID-19``, ``MH17``, ``No. 5``) are skipped. A lone
"one" is skipped too ("one of", "one US document"). Percentages (unit ``percent``),
money (unit ``USD``, ``GBP``, ``EUR``, ``RUB``, ...), distances (``km``, ``mi``, ``m``),
weights and durations (``days``, ``weeks``, ``months``, ...) are kept with their unit, so
they are only ever compared with the same kind of measure, never with counts.

What is counted
---------------
The noun after the number, past adjectives ("100,000 Russian troops" -> ``troops``),
normalised by :data:`COUNTED_SYNONYMS` (soldiers, servicemen, service members, military
personnel, forces -> ``troops``; citizens, residents -> ``people``); other nouns are kept
in the singular ("two government sources" -> ``source``). With no noun after the number,
the sentence's "the number of <noun>" names it ("Estimates for the number of Russian
troops ... vary from 60,000 to 90,000" -> ``troops``).

Event, modality, time
---------------------
``event`` is the nearest cue in the quantity's clause (else in the sentence):
``withdrawal`` (withdraw, pull back, draw down, return to bases, march to permanent
deployment, packing up, moving back, leaving, reductions) or ``build-up`` (mass, deploy,
build-up, gather, moved closer, muster, at its peak, stationed, ramped up); ``None``
when the sentence gives none. ``modality`` is the nearest cue in the clause that comes
before the quantity or right after its noun: ``estimate`` (estimated, estimates),
``projection`` (will, would, could, should, expected to, set to, plans to) or
``possibility`` (might, may, possibly, perhaps, likely), else ``fact``. Clauses are split
at semicolons, dashes, brackets and ", with/while/but/and ...".
"""

from __future__ import annotations

from functools import lru_cache

from ..types import Claim, Quantity
from .cues import (
    BUILD_UP,
    ESTIMATE,
    FACT,
    POSSIBILITY,
    PROJECTION,
    WITHDRAWAL,
    _ESTIMATE_RE,
    _NEGATION_RE,
    _POSSIBILITY_RE,
    _PROJECTION_RE,
)
from .numbers import (
    APPROXIMATE,
    APPROXIMATE_TOLERANCE,
    COUNTED_SYNONYMS,
    EXACT,
    INF,
    LOWER_BOUND,
    RANGE,
    UPPER_BOUND,
    VAGUE_MULTIPLES,
    VAGUE_PLURALS,
    _parse_cached,
    is_vague,
    normalise_counted,
    parse_quantities,
    says_quantity_unknown,
    unknown_quantity_subject,
)
from .speakers import _attribution, read_speakers
from .time import _time_anchor

__all__ = [
    "APPROXIMATE", "APPROXIMATE_TOLERANCE", "BUILD_UP", "COUNTED_SYNONYMS", "ESTIMATE", "EXACT", "FACT", "INF",
    "LOWER_BOUND", "POSSIBILITY", "PROJECTION", "RANGE", "UPPER_BOUND", "VAGUE_MULTIPLES", "VAGUE_PLURALS",
    "WITHDRAWAL", "is_vague", "normalise_counted", "parse_quantities", "read_claim", "read_speakers", "says_quantity_unknown",
    "unknown_quantity_subject",
]


def _claim_modality(text: str, quantities: tuple[Quantity, ...]) -> str:
    if quantities:
        return quantities[0].modality
    first = None
    for pattern, modality in ((_ESTIMATE_RE, ESTIMATE), (_PROJECTION_RE, PROJECTION), (_POSSIBILITY_RE, POSSIBILITY)):
        match = pattern.search(text)
        if match and (first is None or match.start() < first[0]):
            first = (match.start(), modality)
    return first[1] if first else FACT


@lru_cache(maxsize=8192)
def _read_claim_cached(text: str) -> Claim:
    quantities = _parse_cached(text)
    return Claim(
        text=text,
        quantities=quantities,
        time_anchor=_time_anchor(text, quantities),
        modality=_claim_modality(text, quantities),
        attribution=_attribution(text),
        negated=_NEGATION_RE.search(text) is not None,
        quantity_unknown=says_quantity_unknown(text),
        speakers=read_speakers(text),
    )


def read_claim(text: str) -> Claim:
    """The structured reading of one claim sentence. Pure, fast (cached), never raises.

    >>> claim = read_claim("Russia has deployed more than 100,000 troops on the border since December.")
    >>> claim.time_anchor, claim.quantities[0].counted, claim.quantities[0].event
    ('since December', 'troops', 'build-up')
    >>> read_claim("Zelensky said he saw no signs of troop reductions.").negated
    True
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return _read_claim_cached(text)

