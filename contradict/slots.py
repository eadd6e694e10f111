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

import difflib
import math
import os
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .claims import APPROXIMATE_TOLERANCE, read_claim, unknown_quantity_subject
from .claims.cues import OPPOSED_EVENT_KINDS, events_near
from .compare import CONFLICT as DISJOINT, compare_quantities, format_quantity
from .types import Claim, Quantity

CONFLICT, AGREE, UNRELATED = "conflict", "agree", "unrelated"
#: Two quantities whose intervals overlap without stating the same value ("more than $5 billion", "$5.7 billion").
CONSISTENT = "consistent"

#: Two values further apart than this ratio are about different things (a total and a part).
NEAR_RATIO = 1.5
#: Values this close are one fact misreported, enough to align two claims on one subject.
CLOSE_RATIO = 1.1
#: Weekdays are compared only between articles dated at most this many days apart.
SAME_WEEK_DAYS = 6
#: A quote must share at least this many words in a row with the other to be the same quote...
QUOTE_MIN_SHARED = 5
#: ...and this share of the shorter quote's words in all.
QUOTE_MIN_OVERLAP = 0.6
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
#: Two sentences stating one value (a figure, a tally, a year, a quoted phrase, a day of one event) at
#: least this related agree on it.
AGREEMENT_COSINE = 0.3
#: Cosine below which two sentences are not taken to be about one subject.
MIN_SUBJECT_COSINE = 0.35


@dataclass(frozen=True)
class SlotComparison:
    """What the aligned-slot rules found for a pair of claims.

    ``rule`` is ``quantity``, ``day``, ``place``, ``quote``, ``role``, ``shared value`` or ``event``; ``slot`` names what is compared
    ("women", "USD", "day of the vote"); ``value_a``/``value_b`` are the values as written.
    """

    verdict: str
    rule: str
    slot: str
    value_a: str
    value_b: str
    alignment: float
    explanation: str


# ----------------------------------------------------------------------------- words

_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z’'\-]*")
_STOP = frozenset("""
a an the of to in on at by for from with without and or but nor as than that this these those which who whom whose
what when where while is are was were be been being has have had do does did will would shall should can could may
might must it its their his her our your my they them he she we you i there here not no so if then also only just
more less most least very such same other another some any each every all both either neither said says say told
according about into onto over under after before since until during per via up down out back off against among
between within ago later earlier now still yet again already mr mrs ms dr new one two three four five six seven
eight nine ten first last year years day days week weeks month months time times percent million billion thousand
hundred monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december including like well even much many us don't it's that's he's she's we're they're
""".split())
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    """A crude stem: lower case, a common suffix dropped, at most 6 letters (enough to match word forms).

    >>> stem("reaffirmed") == stem("reaffirming")
    True
    """
    word = word.lower().replace("’", "'")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:6]


def content_stems(text: str, skip: tuple[tuple[int, int], ...] = ()) -> frozenset[str]:
    """Stems of the words of ``text`` that carry content (stop words, numbers and ``skip`` spans left out).

    >>> sorted(content_stems("The House voted on the motto on Tuesday."))
    ['house', 'motto', 'voted']
    """
    stems = set()
    for match in _TOKEN_RE.finditer(text):
        if any(s <= match.start() < e for s, e in skip):
            continue
        word = match.group(0).lower().replace("’", "'").strip("'-")
        if len(word) < 3 or word in _STOP:
            continue
        stems.add(stem(word))
    return frozenset(stems)


@lru_cache(maxsize=16384)
def _sentence_stems(text: str) -> frozenset[str]:
    return content_stems(text)


def _window(text: str, start: int, end: int, words: int = 6) -> frozenset[str]:
    """Content stems of up to ``words`` words before ``start`` and after ``end``, within the sentence."""
    before = [m for m in _TOKEN_RE.finditer(text, 0, start)][-words:]
    after = [m for m in _TOKEN_RE.finditer(text, end)][:words]
    return frozenset(stem(m.group(0)) for m in before + after
                     if len(m.group(0)) >= 3 and m.group(0).lower().replace("’", "'") not in _STOP)


def _loose(stems: frozenset[str]) -> frozenset[str]:
    """Stems cut to four letters, so "served" meets "service" (to count shared subject words, not to compare values)."""
    return frozenset(s[:4] for s in stems)


def shared_share(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared stems over the smaller set (0 when either is empty).

    >>> shared_share(frozenset({"house", "motto"}), frozenset({"house", "motto", "vote"}))
    1.0
    """
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# ----------------------------------------------------------------------------- quantities

_YEAR_RE = re.compile(r"\b(?:1[89][0-9]{2}|20[0-9]{2})\b")
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


# ----------------------------------------------------------------------------- days

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_RE = re.compile(r"\b(?P<day>" + "|".join(_WEEKDAYS) + r")\b")
#: Event kinds whose day two outlets can disagree on, by the stems of their verbs and nouns. Statements
#: are left out on purpose: people say things on many days, so two days of "said" are rarely one fact.
EVENT_KINDS: dict[str, tuple[str, ...]] = {
    "vote": ("vote", "voted", "voting", "pass", "passed", "passing", "approv", "adopt", "ratifi", "reject", "resolu"),
    "meeting": ("meet", "met", "meetin", "summit", "talks", "gather"),
    "release": ("releas", "publis", "issued", "issue", "unveil", "filed", "file"),
    "ruling": ("ruled", "rule", "ruling", "decisi", "decide", "verdic", "sentenc"),
    "election": ("electi", "primar", "caucus", "won", "win", "elected"),
    "arrest": ("arrest", "charged", "charge", "indict", "detain"),
    "attack": ("attack", "struck", "strike", "bomb", "shot", "shooti", "killed", "kill"),
}
_EVENT_OF_STEM = {s: kind for kind, stems in EVENT_KINDS.items() for s in stems}


def _event_near(text: str, start: int, end: int, reach: int = 5) -> str | None:
    """The kind of event the nearest event word within ``reach`` words of a span names."""
    before = [m for m in _TOKEN_RE.finditer(text, 0, start)][-reach:]
    after = [m for m in _TOKEN_RE.finditer(text, end)][:reach]
    ranked = sorted([(start - m.end(), m) for m in before] + [(m.start() - end, m) for m in after], key=lambda x: x[0])
    for _, match in ranked:
        word = match.group(0).lower()
        kind = _EVENT_OF_STEM.get(word) or _EVENT_OF_STEM.get(stem(word))
        if kind:
            return kind
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


def _day_slots(a: Claim, b: Claim, cosine: float, date_a: str | None, date_b: str | None) -> SlotComparison | None:
    days_a = [(m, _event_near(a.text, *m.span())) for m in _WEEKDAY_RE.finditer(a.text)]
    days_b = [(m, _event_near(b.text, *m.span())) for m in _WEEKDAY_RE.finditer(b.text)]
    days_a, days_b = [d for d in days_a if d[1]], [d for d in days_b if d[1]]
    if not days_a or not days_b:
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
    for match_a, kind_a in days_a:
        if any(m.group("day") == match_a.group("day") and k == kind_a for m, k in days_b):
            return None  # the other outlet gives this day for this kind of event
    for match_a, kind_a in days_a:
        for match_b, kind_b in days_b:
            if kind_a == kind_b and match_a.group("day") != match_b.group("day"):
                alignment = round(min(1.0, 0.5 * cosine + 0.1 * len(shared)), 4)
                day_a, day_b = match_a.group("day"), match_b.group("day")
                return SlotComparison(CONFLICT, "day", f"day of the {kind_a}", day_a, day_b, alignment,
                                      f"day of the {kind_a}: {day_a} vs {day_b} (both about {', '.join(sorted(shared)[:4])})")
    return None


# ----------------------------------------------------------------------------- places

_EVENT_NOUNS = r"(?:event|rally|speech|meeting|summit|conference|debate|hearing|ceremony|fundraiser|convention|visit|protest|march|attack|shooting|bombing|concert)"
_PLACE = r"(?-i:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
_PLACE_AFTER_RE = re.compile(rf"\b(?P<noun>{_EVENT_NOUNS})s?\s+(?:in|at)\s+(?P<place>{_PLACE})", re.IGNORECASE)
_PLACE_BEFORE_RE = re.compile(rf"\b(?:the|a|an|that|this)\s+(?P<place>{_PLACE})\s+(?P<noun>{_EVENT_NOUNS})s?\b",
                              re.IGNORECASE)


def _places(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    found = []
    for pattern in (_PLACE_AFTER_RE, _PLACE_BEFORE_RE):
        for match in pattern.finditer(text):
            place = match.group("place")
            if place.split()[0].lower() in _STOP:
                continue
            found.append((match.group("noun").lower(), place, match.span("place")))
    return found


def _place_slots(a: Claim, b: Claim, cosine: float) -> SlotComparison | None:
    places_a, places_b = _places(a.text), _places(b.text)
    if not places_a or not places_b:
        return None
    names_b = {p for _, p, _ in places_b}
    for noun_a, place_a, span_a in places_a:
        for noun_b, place_b, span_b in places_b:
            if noun_a != noun_b or place_a == place_b or place_a in names_b:
                continue
            if place_a in b.text or place_b in a.text:
                continue  # each names the other's place too
            shared = _loose(content_stems(a.text, (span_a,))) & _loose(content_stems(b.text, (span_b,)))
            shared -= {stem(noun_a)[:4]}
            if len(shared) < 2 or cosine < MIN_SUBJECT_COSINE:
                continue
            alignment = round(min(1.0, 0.5 * cosine + 0.1 * len(shared)), 4)
            return SlotComparison(CONFLICT, "place", f"place of the {noun_a}", place_a, place_b, alignment,
                                  f"place of the {noun_a}: {place_a} vs {place_b} (both about {', '.join(sorted(shared)[:4])})")
    return None


# ----------------------------------------------------------------------------- roles

#: Roles whose holder two outlets can describe as in office or as "former", by class: "CEO" and
#: "executive" are one role.
ROLE_CLASSES: dict[str, str] = {
    **dict.fromkeys(["ceo", "chief executive", "executive", "chief executive officer"], "executive"),
    **dict.fromkeys(["chairman", "chairwoman", "chair"], "chair"),
    **{role: role for role in ("president", "secretary", "director", "governor", "senator", "mayor", "minister",
                               "spokesman", "spokeswoman", "coach", "manager", "commissioner", "ambassador")},
}
_ROLE = r"(?P<role>chief\s+executive(?:\s+officer)?|" + "|".join(sorted((r for r in ROLE_CLASSES if " " not in r),
                                                                          key=len, reverse=True)) + r")"
_SURNAME = r"(?-i:(?P<name>[A-Z][A-Za-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+){0,2}))"
# "former WWE wrestling executive Linda McMahon": up to three words between "former" and the role
_FORMER_RE = re.compile(r"\bformer\s+(?:[\w\-]+\s+){0,3}?" + _ROLE + r"\s+" + _SURNAME, re.IGNORECASE)
# "McMahon, the CEO of ...": a description in the present, never "then" or "former"
_CURRENT_RE = re.compile(_SURNAME + r",\s+(?:the|its|a)\s+(?!former\b|then\b|ex-)(?:[\w\-]+\s+){0,2}?" + _ROLE + r"\s+(?:of|at)\b",
                         re.IGNORECASE)


def _roles(text: str, pattern: re.Pattern) -> dict[tuple[str, str], str]:
    """``{(surname, role class): role as written}`` for the people a pattern describes."""
    found = {}
    for match in pattern.finditer(text):
        surname = match.group("name").split()[-1]
        role = " ".join(match.group("role").lower().split())
        found[(surname, ROLE_CLASSES.get(role, role))] = match.group("role")
    return found


def _role_slots(a: Claim, b: Claim, date_a: str | None, date_b: str | None) -> SlotComparison | None:
    """One person described as holding a role by one outlet and as its former holder by the other."""
    apart = days_apart(date_a, date_b)
    if apart is None or apart > SAME_WEEK_DAYS:
        return None  # people leave office: descriptions weeks apart may both be right
    for first, second, flipped in ((a, b, False), (b, a, True)):
        former = _roles(first.text, _FORMER_RE)
        current = _roles(second.text, _CURRENT_RE)
        for key in former.keys() & current.keys():
            surname, _ = key
            old, now = f"former {former[key]}", current[key]
            value_a, value_b = (now, old) if flipped else (old, now)
            return SlotComparison(CONFLICT, "role", f"role of {surname}", value_a, value_b, 0.6,
                                  f"role of {surname}: {value_a} vs {value_b}")
    return None


# ----------------------------------------------------------------------------- quotes

_QUOTE_RE = re.compile(r"[“\"]([^“”\"]{12,}?)[”\"]")
_CONTRACTIONS = {"n't": " not", "'re": " are", "'s": " is", "'ve": " have", "'ll": " will", "'m": " am", "'d": " would"}


def _quote_words(quote: str) -> list[str]:
    text = quote.lower().replace("’", "'").replace("‘", "'")
    for short, full in _CONTRACTIONS.items():
        text = text.replace(short, full)
    return re.findall(r"[a-z0-9]+", text)


def quoted_passages(text: str) -> list[str]:
    """The passages of ``text`` inside double quotes (straight or curly), at least 12 characters long.

    >>> quoted_passages('He said: “We are asking the president to open the government,” and left.')
    ['We are asking the president to open the government,']
    """
    passages = [m.group(1) for m in _QUOTE_RE.finditer(text)]
    # A quote of several sentences is split into sentences: its first part opens a quote that
    # never closes, its last part closes one that never opened.
    marks = [m for m in re.finditer(r"[“”\"]", text)]
    if len(marks) % 2 == 1:
        if marks[0].group(0) in "“\"" and marks[0].start() <= 2 and len(marks) == 1:
            passages.append(text[marks[0].end():])
        elif marks[-1].group(0) in "”\"" and len(marks) == 1:
            passages.append(text[:marks[-1].start()])
    return [p for p in passages if len(p) >= 12]


def same_word(a: str, b: str) -> bool:
    """Whether two words are forms of one word ("duty"/"duties", "end"/"ending"), as far as spelling tells.

    >>> same_word("duty", "duties"), same_word("ending", "end"), same_word("debating", "doing")
    (True, True, False)
    """
    a, b = a.lower(), b.lower()
    if a == b or a.startswith(b) or b.startswith(a):
        return True
    prefix = len(os.path.commonprefix([a, b]))
    return prefix >= 4 or (prefix >= 3 and prefix >= min(len(a), len(b)) - 1)


def _quote_slots(a: Claim, b: Claim) -> SlotComparison | None:
    agreed = None
    for quote_a in quoted_passages(a.text):
        words_a = _quote_words(quote_a)
        for quote_b in quoted_passages(b.text):
            words_b = _quote_words(quote_b)
            matcher = difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False)
            blocks = matcher.get_matching_blocks()
            if max((block.size for block in blocks), default=0) < QUOTE_MIN_SHARED:
                continue
            matched = [block for block in blocks if block.size]
            # Only the stretch both outlets quote counts: one may start earlier or stop later.
            first, last = matched[0], matched[-1]
            span_a = last.a + last.size - first.a
            span_b = last.b + last.size - first.b
            shared = sum(block.size for block in matched)
            alignment = round(shared / max(1, min(span_a, span_b)), 4)
            if alignment < QUOTE_MIN_OVERLAP or "*" in quote_a + quote_b:
                continue  # two different passages that share a phrase, or a word censored in one of them
            swaps, other_changes = [], 0
            for op, a1, a2, b1, b2 in matcher.get_opcodes():
                if op == "equal" or a2 <= first.a or a1 >= last.a + last.size:
                    continue
                old = [w for w in words_a[a1:a2] if w not in _STOP]
                new = [w for w in words_b[b1:b2] if w not in _STOP]
                if op == "replace" and len(old) == 1 and len(new) == 1 and same_word(old[0], new[0]):
                    continue  # "duty" / "duties": one word, inflected
                if op == "replace" and len(old) == 1 and len(new) == 1 and not (old[0].isdigit() or new[0].isdigit()):
                    swaps.append((" ".join(words_a[a1:a2]), " ".join(words_b[b1:b2])))
                elif old or new:
                    other_changes += 1
            if other_changes:
                continue  # words added or dropped inside the quote: a different passage or a paraphrase
            if swaps:
                old, new = swaps[0]
                return SlotComparison(CONFLICT, "quote", "quoted words", old, new, alignment,
                                      f"the same quote with different words: '{old}' vs '{new}'")
            agreed = agreed or SlotComparison(AGREE, "quote", "quoted words", quote_a.strip(), quote_b.strip(), alignment,
                                              "the same words quoted")
    return agreed


# ----------------------------------------------------------------------------- shared values

_TALLY_RE = re.compile(r"\b([0-9]{1,3})\s?(?:-|–|to)\s?([0-9]{1,3})\b")
_NAME_RE = re.compile(r"(?-i:\b[A-Z][a-z]+(?:\s(?:[A-Z]\.\s)?[A-Z][a-z]+)+)")


def _normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")))


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
        names = set(_NAME_RE.findall(a.text)) & set(_NAME_RE.findall(b.text))
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
    return SlotComparison(AGREE, "shared value", rule, value, value, alignment, f"both give the same {rule}: {value}")


# ----------------------------------------------------------------------------- opposed events

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


def opposed_events(a: str, b: str) -> tuple[str, str] | None:
    """The two opposed event words when one sentence names one side and the other only the other side.

    >>> opposed_events("The firm laid off 10,000 workers.", "The firm hired 10,000 workers.")
    ('laid off', 'hire')
    >>> opposed_events("The firm hired 10,000 workers.", "It hired 10,000 staff.") is None
    True
    """
    a, b = a.lower(), b.lower()
    for first, second in OPPOSED_EVENTS:
        a_first, a_second = _first_named(a, first), _first_named(a, second)
        b_first, b_second = _first_named(b, first), _first_named(b, second)
        if a_first and not a_second and b_second and not b_first:
            return a_first, b_second
        if a_second and not a_first and b_first and not b_second:
            return a_second, b_first
    return None


# ----------------------------------------------------------------------------- all rules


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
             _place_slots(a, b, cosine), _role_slots(a, b, date_a, date_b)]
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
