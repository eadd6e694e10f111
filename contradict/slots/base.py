"""What every slot rule returns, and the verdict words they share."""

from __future__ import annotations

from dataclasses import dataclass

CONFLICT, AGREE, UNRELATED = "conflict", "agree", "unrelated"
#: Two quantities whose intervals overlap without stating the same value ("more than $5 billion", "$5.7 billion").
CONSISTENT = "consistent"

#: Two sentences stating one value (a figure, a tally, a year, a quoted phrase, a day of one event) at
#: least this related agree on it.
AGREEMENT_COSINE = 0.3

#: Cosine below which two sentences are not taken to be about one subject.
MIN_SUBJECT_COSINE = 0.35


@dataclass(frozen=True)
class SlotComparison:
    """What the aligned-slot rules found for a pair of claims.

    ``rule`` is ``quantity``, ``day``, ``place``, ``quote``, ``role``, ``medium``, ``shared value`` or ``event``; ``slot`` names what is compared
    ("women", "USD", "day of the vote"); ``value_a``/``value_b`` are the values as written.
    """

    verdict: str
    rule: str
    slot: str
    value_a: str
    value_b: str
    alignment: float
    explanation: str
