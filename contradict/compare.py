"""Comparing the numbers of two claim readings, and turning readings into JSON-ready dicts.

Two quantities are compared only when they are about the same thing: the same
``counted`` noun (both unstated counts as the same), units of one measure (km and
miles are converted; a count never meets a measure), compatible events (``withdrawal``
never meets ``build-up``; an unknown event meets either) and the same modality class
(``fact`` and ``estimate`` are *asserted*; ``projection`` and ``possibility`` are
*hypothetical*; an asserted number is never compared with a hypothetical one).
Intervals (see :mod:`contradict.claims`) then relate as:

- ``equal``: the same interval, open/closed bounds included;
- ``entails``: one lies inside the other ("over 10,000" inside "at least 10,000");
- ``compatible``: they overlap, neither inside the other ("around 100,000" and
  "more than 100,000"; "60,000 to 90,000" and "around 100,000" touch at 90,000);
- ``conflict``: disjoint, with the gap between them ("more than 25 km" and "no more
  than 25 km" are disjoint even with gap 0, because 25 is excluded from one side).

Touching edges: two intervals that only meet at an edge point which one of them
excludes (gap 0) conflict when both edges were written on purpose ("more than 25 km" vs
"no more than 25 km", "60,000 to 90,000" vs "more than 90,000", "nearly 100,000" vs
"more than 100,000"). When one side is a bare figure or a vague word they are
``compatible`` instead: outlets drop qualifiers and round ("Russia withdraws 10,000
troops" over a story saying "over 10,000"), and "tens of thousands" has no sharp edge
at 100,000.

Claims add two rules before their quantities are paired: a claim that says the count is
unknown makes a number for the same thing ``not comparable``, and two claims anchored to
different times ("at its peak in November" vs "since December") are ``not comparable``.
Among the pairs of quantities of two claims, any conflict wins (the widest gap first),
else the most specific agreement (equal > entails > compatible), else ``not comparable``
with the first reason, else ``no numbers``. Statuses are symmetric: comparing b with a
gives the status of comparing a with b.
"""

from __future__ import annotations

import math
import re

from .claims import EXACT, INF, UPPER_BOUND, is_vague, unknown_quantity_subject
from .types import Claim, NumericComparison, Quantity, Speaker

EQUAL, COMPATIBLE, ENTAILS, CONFLICT = "equal", "compatible", "entails", "conflict"
NOT_COMPARABLE, NO_NUMBERS = "not comparable", "no numbers"
#: Agreeing statuses, most specific first.
AGREEMENT_ORDER = (EQUAL, ENTAILS, COMPATIBLE)

#: Modality -> class; numbers are compared only within one class.
MODALITY_CLASS = {"fact": "asserted", "estimate": "asserted", "projection": "hypothetical", "possibility": "hypothetical"}
#: Unit -> (measure, factor to the measure's base unit). Units not listed meet only themselves.
UNIT_MEASURES = {
    "km": ("length", 1.0), "mi": ("length", 1.609344), "m": ("length", 0.001),
    "kg": ("mass", 1.0), "t": ("mass", 1000.0),
}
_UNIT_DISPLAY = {"percent": "%", "km": " km", "mi": " mi", "m": " m", "kg": " kg", "t": " t"}


# ----------------------------------------------------------------------------- formatting


def format_number(value: float) -> str:
    """A number for people: thousands separators, at most three decimals.

    >>> format_number(90000.0), format_number(1.8), format_number(float("inf"))
    ('90,000', '1.8', '∞')
    """
    if math.isinf(value):
        return "∞"
    if math.isnan(value):
        return "?"
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def format_interval(q: Quantity) -> str:
    """The interval of a quantity, written the way the report shows it.

    >>> from contradict.claims import parse_quantities
    >>> format_interval(parse_quantities("more than 100,000 troops")[0])
    '>100,000'
    >>> format_interval(parse_quantities("from 60,000 to 90,000 troops")[0])
    '60,000–90,000'
    """
    low, high = format_number(q.low), format_number(q.high)
    if q.high == INF or math.isinf(q.high):
        return f"{'>' if q.low_open else '≥'}{low}"
    if q.low == q.high and not q.low_open and not q.high_open:
        return low
    if q.kind == UPPER_BOUND and q.low == 0 and not q.low_open:
        return f"{'<' if q.high_open else '≤'}{high}"
    if q.low_open or q.high_open:
        return f"{'(' if q.low_open else '['}{low}, {high}{')' if q.high_open else ']'}"
    return f"{low}–{high}"


def _unit_suffix(unit: str | None) -> str:
    if unit is None:
        return ""
    return _UNIT_DISPLAY.get(unit, f" {unit}")


def format_quantity(q: Quantity) -> str:
    """Interval, unit and counted thing, with the words as written when they were vague.

    >>> from contradict.claims import parse_quantities
    >>> format_quantity(parse_quantities("around 100,000 troops")[0])
    '90,000–110,000 troops (around 100,000)'
    """
    shown = format_interval(q) + _unit_suffix(q.unit)
    if q.counted:
        shown += f" {q.counted}"
    if q.kind == "approximate":
        shown += f" ({' '.join(q.text.split())})"
    return shown


# ----------------------------------------------------------------------------- intervals


def _in_base_unit(q: Quantity) -> tuple[float, float, bool, bool]:
    factor = UNIT_MEASURES[q.unit][1] if q.unit in UNIT_MEASURES else 1.0
    return q.low * factor, q.high * factor, q.low_open, q.high_open or math.isinf(q.high)


def _inside(inner: tuple, outer: tuple) -> bool:
    """Whether interval ``inner`` lies within ``outer`` (bounds as (low, high, low_open, high_open))."""
    i_low, i_high, i_low_open, i_high_open = inner
    o_low, o_high, o_low_open, o_high_open = outer
    lower_ok = i_low > o_low or (i_low == o_low and (i_low_open or not o_low_open))
    upper_ok = i_high < o_high or (i_high == o_high and (i_high_open or not o_high_open))
    return lower_ok and upper_ok


def _below(first: tuple, second: tuple) -> bool:
    """Whether every point of ``first`` lies below every point of ``second``."""
    return first[1] < second[0] or (first[1] == second[0] and (first[3] or second[2]))


def _soft_edge(q: Quantity) -> bool:
    """A bare figure or a vague word: its edge was not written on purpose (see the module docstring)."""
    return q.kind == EXACT or is_vague(q)


def _units_compatible(a: str | None, b: str | None) -> bool:
    if a == b:
        return True
    return a in UNIT_MEASURES and b in UNIT_MEASURES and UNIT_MEASURES[a][0] == UNIT_MEASURES[b][0]


def _reason_not_comparable(qa: Quantity, qb: Quantity) -> str | None:
    if qa.counted != qb.counted:
        return f"different things counted: {qa.counted or 'unstated'} vs {qb.counted or 'unstated'}"
    if not _units_compatible(qa.unit, qb.unit):
        return f"different units: {qa.unit or 'a count'} vs {qb.unit or 'a count'}"
    if qa.event and qb.event and qa.event != qb.event:
        return f"{qa.event} vs {qb.event}"
    class_a = MODALITY_CLASS.get(qa.modality, qa.modality)
    class_b = MODALITY_CLASS.get(qb.modality, qb.modality)
    if class_a != class_b:
        return f"{qa.modality} vs {qb.modality}"
    return None


def compare_quantities(qa: Quantity, qb: Quantity) -> NumericComparison:
    """How two quantities relate: equal, entails, compatible, conflict or not comparable.

    >>> from contradict.claims import parse_quantities
    >>> over, at_most = parse_quantities("more than 25 km")[0], parse_quantities("no more than 25 km")[0]
    >>> compare_quantities(over, at_most).status
    'conflict'
    >>> compare_quantities(parse_quantities("over 10,000 troops")[0],
    ...                    parse_quantities("at least 10,000 troops")[0]).status
    'entails'
    """
    shown = f"{format_quantity(qa)} vs {format_quantity(qb)}"
    reason = _reason_not_comparable(qa, qb)
    if reason:
        return NumericComparison(NOT_COMPARABLE, f"{reason} ({shown})", qa, qb, None)
    a, b = _in_base_unit(qa), _in_base_unit(qb)
    factor = UNIT_MEASURES[qa.unit][1] if qa.unit in UNIT_MEASURES else 1.0
    unit = _unit_suffix(qa.unit)
    if a == b:  # the same edges are the same interval, even one that a change of unit made empty
        return NumericComparison(EQUAL, f"{shown}: the same interval", qa, qb, 0.0)
    if _below(a, b) or _below(b, a):
        lower, upper = (a, b) if _below(a, b) else (b, a)
        gap = (upper[0] - lower[1]) / factor
        if gap == 0 and (_soft_edge(qa) or _soft_edge(qb)):
            edge = f"{format_number(upper[0] / factor)}{unit}"
            return NumericComparison(COMPATIBLE, f"{shown}: meeting at {edge}, an edge a bare or vague figure is not "
                                                 f"held to", qa, qb, 0.0)
        if gap == 0:
            detail = f"disjoint: both reach {format_number(upper[0] / factor)}{unit} but one of them excludes it"
        elif lower[3] or upper[2]:
            detail = f"disjoint by more than {format_number(gap)}{unit}"
        else:
            detail = f"disjoint by {format_number(gap)}{unit}"
        return NumericComparison(CONFLICT, f"{shown}: {detail}", qa, qb, gap)
    a_in_b, b_in_a = _inside(a, b), _inside(b, a)
    if a_in_b and b_in_a:
        return NumericComparison(EQUAL, f"{shown}: the same interval", qa, qb, 0.0)
    if a_in_b or b_in_a:
        inner, outer = (format_interval(qa), format_interval(qb)) if a_in_b else (format_interval(qb), format_interval(qa))
        return NumericComparison(ENTAILS, f"{shown}: one inside the other ({inner} within {outer})", qa, qb, 0.0)
    low = max(a[0], b[0]) / factor
    high = min(a[1], b[1]) / factor
    overlap = (f"touching at {format_number(low)}{unit}" if low == high
               else f"overlap {format_number(low)}–{format_number(high)}{unit}")
    return NumericComparison(COMPATIBLE, f"{shown}: {overlap}", qa, qb, 0.0)


# ----------------------------------------------------------------------------- claims


def _normal_anchor(anchor: str) -> str:
    # "on Wednesday" and "Wednesday", "on March 2" and "March 2" name one time
    return re.sub(r"^on\s+", "", " ".join(anchor.lower().replace("’", "'").strip(" .,;:").split()))


def _about_unknown(unknown_claim: Claim, q: Quantity) -> bool:
    """Whether a number is about what the other claim says is unknown."""
    counted, event = unknown_quantity_subject(unknown_claim.text)
    if counted is not None and q.counted is not None and counted != q.counted:
        return False
    return not (event is not None and q.event is not None and event != q.event)


def _compare_claim_numbers(a: Claim, b: Claim) -> NumericComparison:
    if not a.quantities and not b.quantities:
        return NumericComparison(NO_NUMBERS, "neither claim gives a number")
    if a.quantity_unknown != b.quantity_unknown:
        unknown, other, other_is_a = (a, b, False) if a.quantity_unknown else (b, a, True)
        for q in other.quantities:
            if _about_unknown(unknown, q):
                shown = format_quantity(q)
                return NumericComparison(NOT_COMPARABLE, f"one source says the number is unknown, the other gives {shown}",
                                         q if other_is_a else None, None if other_is_a else q)
    if not a.quantities or not b.quantities:
        return NumericComparison(NO_NUMBERS, "only one claim gives a number")
    if a.time_anchor and b.time_anchor and _normal_anchor(a.time_anchor) != _normal_anchor(b.time_anchor):
        return NumericComparison(NOT_COMPARABLE, f"different times: '{a.time_anchor}' vs '{b.time_anchor}'")
    results = [compare_quantities(qa, qb) for qa in a.quantities for qb in b.quantities]
    conflicts = [r for r in results if r.status == CONFLICT]
    if conflicts:
        return max(conflicts, key=lambda r: r.gap or 0.0)  # max keeps the first of equal gaps
    for status in AGREEMENT_ORDER:
        for result in results:
            if result.status == status:
                return result
    return results[0]


def compare_claims(a: Claim, b: Claim, *, date_a: str | None = None, date_b: str | None = None) -> NumericComparison:
    """How the numbers of two claims relate (see the module docstring for the rules).

    ``date_a``/``date_b`` are the articles' dates: claims are still compared when they
    differ, and the explanation names both.

    >>> from contradict.claims import read_claim
    >>> express = read_claim("Estimates for the number of Russian troops recently moved closer to Ukraine "
    ...                      "vary from 60,000 to 90,000.")
    >>> bbc = read_claim("More than 100,000 Russian troops have massed at Ukraine's border.")
    >>> result = compare_claims(express, bbc, date_a="2021-12-25", date_b="2022-02-15")
    >>> result.status
    'conflict'
    >>> result.explanation
    '60,000–90,000 troops vs >100,000 troops: disjoint by more than 10,000; articles dated 2021-12-25 and 2022-02-15'
    """
    return with_article_dates(_compare_claim_numbers(a, b), date_a, date_b)


def with_article_dates(result: NumericComparison, date_a: str | None, date_b: str | None) -> NumericComparison:
    """``result`` with the two articles' dates named in its explanation when both are known and differ.

    Lets a caller compare two texts once and date the comparison per pair of articles.

    >>> with_article_dates(NumericComparison("equal", "10,000 troops vs 10,000 troops"), "2021-12-25", "2022-02-15").explanation
    '10,000 troops vs 10,000 troops; articles dated 2021-12-25 and 2022-02-15'
    """
    if date_a and date_b and date_a != date_b:
        # The constructor, not dataclasses.replace: this runs once per pair of articles, 80,000 times at 500 articles.
        return NumericComparison(result.status, f"{result.explanation}; articles dated {date_a} and {date_b}",
                                 result.a, result.b, result.gap)
    return result


# ----------------------------------------------------------------------------- JSON


def _json_float(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def quantity_to_dict(q: Quantity) -> dict:
    """A quantity as plain JSON values; an infinite bound is None with the bound marked open.

    >>> from contradict.claims import parse_quantities
    >>> d = quantity_to_dict(parse_quantities("more than 100,000 troops")[0])
    >>> d["low"], d["high"], d["high_open"], d["interval"]
    (100000.0, None, True, '>100,000')
    """
    low = _json_float(q.low)
    high = _json_float(q.high)
    return {
        "text": q.text,
        "start": int(q.start),
        "end": int(q.end),
        "low": low,
        "high": high,
        "low_open": bool(q.low_open or low is None),
        "high_open": bool(q.high_open or high is None),
        "kind": q.kind,
        "interval": format_interval(q),
        "counted": q.counted,
        "counted_text": q.counted_text,
        "event": q.event,
        "modality": q.modality,
        "unit": q.unit,
    }


def claim_to_dict(claim: Claim) -> dict:
    """A claim reading as plain JSON values (keys as in :class:`~contradict.types.Claim`).

    >>> from contradict.claims import read_claim
    >>> sorted(claim_to_dict(read_claim("Over 10,000 troops withdrew.")))
    ['attribution', 'modality', 'negated', 'quantities', 'quantity_unknown', 'speakers', 'text', 'time_anchor']
    """
    return {
        "text": claim.text,
        "quantities": [quantity_to_dict(q) for q in claim.quantities],
        "time_anchor": claim.time_anchor,
        "modality": claim.modality,
        "attribution": claim.attribution,
        "negated": bool(claim.negated),
        "quantity_unknown": bool(claim.quantity_unknown),
        "speakers": [speaker_to_dict(speaker) for speaker in claim.speakers],
    }


def speaker_to_dict(speaker: Speaker) -> dict:
    """A speaker as plain JSON values (keys as in :class:`~contradict.types.Speaker`).

    >>> from contradict.claims import read_claim
    >>> speaker_to_dict(read_claim("Mayor Joan Smith said the bridge is safe.").speakers[0])["key"]
    'smith'
    """
    return {"name": speaker.name, "key": speaker.key, "role": speaker.role, "start": speaker.start, "end": speaker.end,
            "resolved": bool(speaker.resolved)}


def comparison_to_dict(comparison: NumericComparison) -> dict:
    """A comparison as plain JSON values: status, explanation, both quantities and the gap.

    >>> comparison_to_dict(NumericComparison("no numbers", "neither claim gives a number"))
    {'status': 'no numbers', 'explanation': 'neither claim gives a number', 'a': None, 'b': None, 'gap': None}
    """
    return {
        "status": comparison.status,
        "explanation": comparison.explanation,
        "a": quantity_to_dict(comparison.a) if comparison.a is not None else None,
        "b": quantity_to_dict(comparison.b) if comparison.b is not None else None,
        "gap": _json_float(comparison.gap),
    }
