"""Quantities in one slot: the same counted thing or currency, compared at the precision written."""

from __future__ import annotations

import math
import re

from ..claims import APPROXIMATE_TOLERANCE
from ..claims.cues import OPPOSED_EVENT_KINDS, events_near
from ..compare import CONFLICT as DISJOINT
from ..compare import compare_quantities, format_quantity
from ..types import Claim, Quantity
from .base import (
    AGREE,
    AGREEMENT_COSINE,
    CONFLICT,
    CONSISTENT,
    MIN_SUBJECT_COSINE,
    SlotComparison,
)
from .words import _NAME_RE, _YEAR_RE, _sentence_stems, _window, shared_share

#: Two values further apart than this ratio are about different things (a total and a part).
NEAR_RATIO = 1.5

#: Values this close are one fact misreported, enough to align two claims on one subject.
CLOSE_RATIO = 1.1

#: A round figure ("$700 billion", "100,000") may stand for a value up to this share away from it.
ROUND_FIGURE_SHARE = 0.05

#: Counted nouns too common to be a slot on their own: two counts of them need the same words around.
GENERIC_COUNTED = frozenset({
    "people", "troops", "year", "month", "week", "day", "time", "member", "official", "vote", "voter", "percent",
    "case", "state", "country", "point", "seat", "person", "other", "more", "number", "term", "hour", "minute",
})

#: How an amount is named when both figures follow one kind of event.
EVENT_AMOUNTS = {"demand": "amount asked for", "funding": "amount of funding or cost", "earning": "amount earned or raised",
                 "tax": "amount of tax"}

#: Two counts of one specific thing need only be in sentences this related.
SPECIFIC_COUNT_COSINE = 0.2



_MAXIMUM_WORDS = ("up to", "as many as", "as much as", "as high as")


def states_maximum(q: Quantity) -> bool:
    """Whether a figure is written as the most it reaches ("up to 1.6 million", "as many as 1.5 million").

    Such a figure states its value: two of them that differ, or one against a plain figure,
    disagree on what that most is.

    >>> from contradict.claims import parse_quantities
    >>> states_maximum(parse_quantities("up to 1.6 million women")[0])
    True
    """
    return q.text.lower().lstrip("$£€ ").startswith(_MAXIMUM_WORDS)


def written_precision(q: Quantity) -> float:
    """The step of the last digit a figure was written with: "1.5 million" -> 100,000; "43,885,310" -> 1.

    Trailing zeros count as rounding, but by at most :data:`ROUND_FIGURE_SHARE` of the figure
    ("$700 billion" covers $716 billion; "100,000" does not cover 120,000).

    >>> from contradict.claims import parse_quantities
    >>> written_precision(parse_quantities("$13.6 million")[0]), written_precision(parse_quantities("4,300 stores")[0])
    (100000.0, 100.0)
    >>> written_precision(parse_quantities("$700 billion")[0])
    35000000000.0
    """
    value = q.high if states_maximum(q) else q.low
    if value <= 0 or not math.isfinite(value):
        return 1.0
    digits = re.search(r"[0-9][0-9,.\u00a0\u202f\u2009]*", q.text)
    if not digits:
        return 1.0  # written in words: "seven years" is exact to one
    written = re.sub(r"[,\u00a0\u202f\u2009]", "", digits.group(0)).rstrip(".")
    scale = value / float(written) if float(written or 0) else 1.0
    if "." in written:
        step = 10.0 ** -len(written.split(".")[1]) * scale
    else:
        step = 10.0 ** (len(written) - len(written.rstrip("0"))) * scale
        if step > 1:
            step = min(step, ROUND_FIGURE_SHARE * value)
    return max(step, 1e-9)


def _point(q: Quantity) -> float | None:
    """The one value a figure states, or None when it states an interval (a bound, a range, a vague word)."""
    if states_maximum(q):
        return q.high
    if q.kind == "exact" and q.low == q.high:
        return q.low
    return None


def _specific_figure(q: Quantity) -> bool:
    """A figure precise enough that two outlets giving it give one fact: three significant digits or more."""
    value = _point(q) if _point(q) is not None else (q.low if q.kind == "lower_bound" else None)
    if value is None or value <= 0:
        return False
    digits = re.sub(r"[^0-9]", "", re.search(r"[0-9][0-9,.]*", q.text).group(0)) if re.search(r"[0-9]", q.text) else ""
    return len(digits.strip("0")) >= 3


def _stated(q: Quantity) -> float | None:
    """The figure as written: the point of an exact figure, the middle of "about X" (X itself), else None."""
    point = _point(q)
    if point is not None:
        return point
    if q.kind == "approximate" and math.isfinite(q.high) and q.high > q.low > 0:
        middle = (q.low + q.high) / 2
        if math.isclose(q.high - middle, APPROXIMATE_TOLERANCE * middle, rel_tol=1e-6):
            return middle  # symmetric: "about", "around", "some"; "nearly X" is not
    return None


def _same_stated_value(qa: Quantity, qb: Quantity) -> bool:
    """Whether two figures are written as one value ("about 800,000" and "800,000"; "$8 billion" twice)."""
    if (qa.low, qa.high, qa.low_open, qa.high_open, qa.kind) == (qb.low, qb.high, qb.low_open, qb.high_open, qb.kind):
        return True  # "just over $200,000" twice, "nearly two years" twice
    a, b = _stated(qa), _stated(qb)
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9)


def _same_thing(qa: Quantity, qb: Quantity, *, any_modality: bool = False) -> str | None:
    """What both quantities measure when it is one thing ("women", "USD", "percent of vote"), else None.

    A forecast is not an outcome: projected or possible figures are a slot of their own, unless
    ``any_modality`` (two outlets giving one figure, one as a forecast, still give the same figure).
    """
    if qa.unit != qb.unit:
        return None
    if not any_modality and (qa.modality in ("projection", "possibility") or qb.modality in ("projection", "possibility")):
        return None
    if qa.event and qb.event and frozenset({qa.event, qb.event}) in OPPOSED_EVENT_KINDS:
        return None  # "withdrew 10,000 troops" and "massed 100,000 troops" count different movements
    if qa.counted and qb.counted:
        return qa.counted if qa.counted == qb.counted else None
    if qa.counted or qb.counted:
        return None
    return qa.unit  # money, a measure or a duration with no noun: the unit is the slot


def _relation(qa: Quantity, qb: Quantity) -> tuple[str, float]:
    """``(conflict|agree|consistent, ratio of the larger value to the smaller)`` for two quantities of one slot."""
    if _same_stated_value(qa, qb):
        return AGREE, 1.0  # "about 800,000 employees" and "800,000 employees"
    pa, pb = _point(qa), _point(qb)
    if pa is not None and pb is not None:
        low, high = sorted((pa, pb))
        ratio = high / low if low > 0 else math.inf
        step = max(written_precision(qa), written_precision(qb))
        # A figure may be rounded or cut to the coarser precision: 43,885,310 is "$43 million".
        # (less a hair, so that 5.7e9 - 5.6e9, a float just under 1e8, still counts as one full step)
        return (AGREE if abs(pa - pb) < step * (1 - 1e-9) or math.isclose(pa, pb) else CONFLICT), ratio
    status = compare_quantities(qa, qb).status
    if status == DISJOINT:
        # How far apart the nearest edges are: "60,000 to 90,000" vs "more than 100,000" is 1.11.
        lower, upper = (qa, qb) if qa.high <= qb.low else (qb, qa)
        ratio = upper.low / lower.high if lower.high > 0 else math.inf
        return CONFLICT, ratio
    values = [v for v in (qa.low, qb.low, qa.high, qb.high) if math.isfinite(v) and v > 0]
    ratio = max(values) / min(values) if values else math.inf
    if status == "equal":
        return AGREE, 1.0
    return CONSISTENT, ratio  # overlapping intervals: neither a conflict nor the same stated value


def _quantity_slots(a: Claim, b: Claim, cosine: float) -> SlotComparison | None:
    stems_a, stems_b = _sentence_stems(a.text), _sentence_stems(b.text)
    subject = shared_share(stems_a, stems_b)
    years_a, years_b = set(_YEAR_RE.findall(a.text)), set(_YEAR_RE.findall(b.text))
    best: SlotComparison | None = None
    agreed_a: set[int] = set()
    agreed_b: set[int] = set()
    candidates = []
    for i, qa in enumerate(a.quantities):
        for j, qb in enumerate(b.quantities):
            slot = _same_thing(qa, qb)
            if slot is None:
                if (_specific_figure(qa) and _point(qa) == _point(qb) and qa.unit == qb.unit) or \
                        (_same_thing(qa, qb, any_modality=True) is not None and _same_stated_value(qa, qb)):
                    agreed_a.add(i)  # "at least 544 women" and "at least 544 store managers": one figure
                    agreed_b.add(j)
                    candidates.append((i, j, qa, qb, qa.unit or "figure", AGREE, 1.0, 0.0, None))
                continue
            verdict, ratio = _relation(qa, qb)
            if verdict == AGREE and not _same_stated_value(qa, qb) and \
                    (sum(_same_thing(q, qb) == slot for q in a.quantities) > 1 or
                     sum(_same_thing(qa, q) == slot for q in b.quantities) > 1):
                # "his rate was 36 percent, theirs 30 percent" against "their rate was 35.7 percent": with
                # two figures of one kind in a sentence, rounding cannot tell which one the other gives.
                verdict = CONSISTENT
            if verdict != CONFLICT:
                agreed_a.add(i)
                agreed_b.add(j)
            if verdict == CONSISTENT:
                continue
            local = shared_share(_window(a.text, qa.start, qa.end), _window(b.text, qb.start, qb.end))
            # The same kind of event named right before both figures ("asked for", "is asking for")
            events_a, events_b = events_near(a.text, qa.start, qa.end), events_near(b.text, qb.start, qb.end)
            if verdict == CONFLICT and events_a and events_b and not events_a & events_b:
                continue  # "asked for $2.4 billion" and "has cost $2.3 billion": two different amounts
            shared_events = sorted(events_a & events_b)
            # else the event each figure's clause or sentence names ("troops ... deployed", "troops ... ramped up")
            event = shared_events[0] if shared_events else (qa.event if qa.event and qa.event == qb.event else None)
            candidates.append((i, j, qa, qb, slot, verdict, ratio, local, event))
    for i, j, qa, qb, slot, verdict, ratio, local, event in candidates:
        if verdict == CONFLICT and (i in agreed_a or j in agreed_b):
            continue  # the other outlet states this value elsewhere in the sentence
        if verdict == AGREE:
            if slot == "percent" and local < 0.5:
                continue  # shares crowd a narrow range: "36 percent" (his rate) is not "35.7 percent" (theirs)
            if cosine >= AGREEMENT_COSINE:
                alignment = round(min(1.0, 0.5 + 0.5 * cosine), 4)
                found = SlotComparison(AGREE, "quantity", qa.counted or qa.unit or "figure", qa.text.strip(),
                                       qb.text.strip(), alignment, f"the same figure: {qa.text.strip()} and {qb.text.strip()}")
                if best is None or (best.verdict == AGREE and found.alignment > best.alignment):
                    best = found
            continue
        if verdict == CONFLICT and ratio > NEAR_RATIO:
            continue
        counted = qa.counted is not None
        if verdict == CONFLICT and years_a != years_b:
            continue  # "for 2014" vs "from 2007 through 2014": two periods
        if verdict == CONFLICT and (_listed(a, slot) or _listed(b, slot)):
            continue  # "Romney 17 percent, Palin 12 percent, Gingrich 9 percent": a table, each row its own frame
        if verdict == CONFLICT and _different_named_members(a.text, b.text):
            continue  # "three senators, A, B and C" and "two senators, D and E": two groups
        if slot == "percent":
            aligned = local >= 0.5 and cosine >= 0.5  # shares crowd a narrow range: need the same words
        elif ratio <= CLOSE_RATIO:
            aligned = cosine >= MIN_SUBJECT_COSINE and (local > 0 or event is not None or (counted and subject >= 0.2))
        elif counted and qa.counted not in GENERIC_COUNTED:
            # A specific thing counted ("stores", "women") in both: the count itself is the slot.
            aligned = cosine >= SPECIFIC_COUNT_COSINE
        else:
            aligned = counted and (local >= 0.25 or event is not None) and cosine >= 0.45
        if not aligned:
            continue
        alignment = round(min(1.0, 0.5 * cosine + 0.25 * local + 0.25 * subject + (0.1 if counted else 0.0)), 4)
        shown = slot if slot not in (None, "USD", "EUR", "GBP") else "amount"
        if event is not None and not counted:
            shown = EVENT_AMOUNTS.get(event, shown)
        explanation = (f"{shown}: {qa.text.strip()} vs {qb.text.strip()} "
                       f"({format_quantity(qa)} vs {format_quantity(qb)})")
        found = SlotComparison(verdict, "quantity", shown, qa.text.strip(), qb.text.strip(), alignment, explanation)
        if best is None or (found.verdict == CONFLICT, found.alignment) > (best.verdict == CONFLICT, best.alignment):
            best = found
    return best


#: A sentence giving this many figures of one kind is a list or a table (a poll's results, a tally per
#: state): each figure belongs to its own row, which the other sentence need not share.
LISTED_FIGURES = 3


def _listed(claim: Claim, slot: str) -> bool:
    return sum(_same_thing(q, q) == slot for q in claim.quantities) >= LISTED_FIGURES


def _different_named_members(text_a: str, text_b: str) -> bool:
    """Whether both sentences name two people or more and no surname is shared: two different groups."""
    names_a, names_b = set(_NAME_RE.findall(text_a)), set(_NAME_RE.findall(text_b))
    if len(names_a) < 2 or len(names_b) < 2:
        return False
    surnames_a = {name.split()[-1] for name in names_a}
    surnames_b = {name.split()[-1] for name in names_b}
    return not surnames_a & surnames_b
