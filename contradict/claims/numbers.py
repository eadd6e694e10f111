"""Numbers in a sentence read as intervals, with what they count (see :mod:`contradict.claims`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..types import Quantity
from .cues import (
    BUILD_UP,
    WITHDRAWAL,
    _event_cues,
    _event_for,
    _modality_for,
    _read_context,
)
from .time import _MONTH, _MONTHS, _WEEKDAY, _WEEKDAYS

INF = float("inf")

#: Relative tolerance of approximate numbers ("around", "about", "some", "roughly",
#: "approximately", "an estimated", "X or so"): ±10 %. "nearly/almost X" is [X(1-t), X].
APPROXIMATE_TOLERANCE = 0.10

#: Kinds of quantity (``Quantity.kind``).
EXACT, APPROXIMATE, RANGE, LOWER_BOUND, UPPER_BOUND = "exact", "approximate", "range", "lower_bound", "upper_bound"
#: Counted nouns that mean the same thing, mapped to one name.
COUNTED_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        ["troops", "troop", "soldiers", "soldier", "servicemen", "serviceman", "servicewomen", "servicewoman",
         "service members", "service member", "servicemembers", "servicemember", "service personnel",
         "military personnel", "personnel", "forces", "force", "military", "militaries", "army personnel"],
        "troops"),
    **dict.fromkeys(
        ["people", "persons", "person", "citizens", "citizen", "residents", "resident", "individuals",
         "individual", "inhabitants", "inhabitant"],
        "people"),
    **dict.fromkeys(["bills", "bill", "measures", "measure", "pieces of legislation", "resolutions", "resolution"],
                    "bills"),
}

#: Vague plurals: ``[low, high)`` of the word alone, the upper bound excluded (see the module docstring).
VAGUE_PLURALS: dict[str, tuple[float, float]] = {
    "tens": (20, 100),
    "dozens": (24, 100),
    "hundreds": (200, 1_000),
    "thousands": (2_000, 10_000),
    "millions": (2_000_000, 10_000_000),
    "billions": (2_000_000_000, 10_000_000_000),
}
#: "several X", "a few X", "a couple of X": multiples of X.
VAGUE_MULTIPLES: dict[str, tuple[float, float]] = {"several": (3, 9), "a few": (2, 5), "a couple of": (2, 3), "a couple": (2, 3)}

_SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "dozen": 12}
#: Suffixes glued to digits ("100k", "1.2m", "3bn") and short scale words after them.
_SUFFIX_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "b": 1_000_000_000,
                  "bn": 1_000_000_000, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
                  "trillion": 1_000_000_000_000, "hundred": 100, "dozen": 12}
_UNIT_NAMES = {
    "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "mi": "mi", "mile": "mi", "miles": "mi", "metre": "m", "metres": "m", "meter": "m", "meters": "m",
    "kg": "kg", "kilogram": "kg", "kilograms": "kg", "kilogramme": "kg", "kilogrammes": "kg",
    "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t",
    "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months", "months": "months",
    "year": "years", "years": "years", "hour": "hours", "hours": "hours", "minute": "minutes",
    "minutes": "minutes", "decade": "decades", "decades": "decades",
}
_CURRENCIES = {
    "$": "USD", "us$": "USD", "a$": "AUD", "c$": "CAD", "£": "GBP", "€": "EUR", "₽": "RUB", "¥": "JPY", "₴": "UAH",
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "hryvnia": "UAH", "hryvnias": "UAH",
    "yuan": "CNY",
}

# Qualifier phrase -> how it shapes the interval (see the table in the module docstring).
_QUALIFIERS: dict[str, str] = {
    **dict.fromkeys(["more than", "over", "above", "in excess of", "upwards of", "well over", "well above",
                     "greater than", "higher than", "exceeding", "well in excess of"], "above"),
    **dict.fromkeys(["at least", "no less than", "not less than", "no fewer than", "not fewer than",
                     "a minimum of", "minimum of"], "at_least"),
    **dict.fromkeys(["fewer than", "less than", "under", "below", "lower than"], "below"),
    **dict.fromkeys(["up to", "no more than", "not more than", "at most", "a maximum of", "maximum of",
                     "within", "not exceeding"], "at_most"),
    **dict.fromkeys(["around", "about", "roughly", "some", "approximately", "approx.", "an estimated",
                     "estimated", "circa", "an approximate", "an average of"], "about"),
    **dict.fromkeys(["nearly", "almost", "close to", "just shy of", "nearing", "approaching"], "nearly"),
    **dict.fromkeys(["just over", "just above", "slightly more than", "slightly over", "a little over",
                     "a little more than", "just more than"], "just_over"),
    **dict.fromkeys(["just under", "just below", "slightly less than", "slightly fewer than", "a little under",
                     "a little less than", "just less than", "just fewer than"], "just_under"),
    **dict.fromkeys(["as high as", "as many as", "as much as", "a whopping", "whopping", "a staggering",
                     "as few as", "as low as", "a total of", "a record", "a reported"], "emphatic"),
}

# ----------------------------------------------------------------------------- number atoms

_DIGITS = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:[\u00a0\u202f\u2009][0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_NUMBER_WORD = ("(?:seventeen|thirteen|fourteen|eighteen|nineteen|fifteen|sixteen|eleven|twelve|twenty|thirty|"
                "forty|fifty|sixty|seventy|eighty|ninety|zero|one|two|three|four|five|six|seven|eight|nine|ten)")
_SCALE_WORD = "(?:hundred|thousand|million|billion|trillion|dozen)"
_ATOM_RE = re.compile(
    r"(?P<vague>\b(?:(?P<vmul>tens|hundreds|dozens)\s+of\s+(?P<vbase>thousands|millions|billions)"
    r"|(?P<fewword>several|a\s+few|a\s+couple\s+of|a\s+couple)\s+(?P<fewscale>dozen|hundred|thousand|million|billion)"
    r"(?:\s+(?P<fewscale2>thousand|million|billion))?"
    r"|(?P<vplain>dozens|hundreds|thousands|millions|billions)|(?P<vtens>tens)(?=\s+of\b))\b)"
    r"|(?P<digit>(?:(?P<cur>US\$|A\$|C\$|\$|£|€|₽|¥|₴)\s?)?(?<![\w.,])(?P<num>" + _DIGITS + r")(?![0-9]|[.,][0-9])"
    r"(?P<glued>[A-Za-z]+)?(?:[”\"’]?\s(?P<scale>thousand|million|billion|trillion|hundred|dozen|bn|mn|mln)\b)?)"
    r"|(?P<words>\b(?:(?:a|an|half\s+a|half\s+an)\s+" + _SCALE_WORD + "|" + _NUMBER_WORD + r")"
    r"(?:[\s-]+(?:and\s+)?(?:" + _NUMBER_WORD + "|" + _SCALE_WORD + r"))*\b)",
    re.IGNORECASE,
)

_QUALIFIER_BEFORE_RE = re.compile(
    r"(?<![\w’'])(?P<q>" + "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True)) + r")\s+$",
    re.IGNORECASE,
)
_RANGE_START_RE = re.compile(r"(?<![\w’'])(?P<w>from|between)\s+$", re.IGNORECASE)
# "rose from 60,000 to 90,000" is a change between two figures, not a range.
_CHANGE_VERB_RE = re.compile(
    r"\b(?:rose|risen|rise|rises|rising|increas\w*|grew|grown|grows|growing|fell|fallen|falls|falling|"
    r"drop\w*|declin\w*|reduc\w*|cut|cuts|jump\w*|climb\w*|doubl\w*|tripl\w*|went|gone|up|down|"
    r"shr[iu]nk\w*|swell\w*|swollen|soar\w*|plung\w*|slash\w*)\s+$",
    re.IGNORECASE,
)
_RANGE_CONNECTOR_RE = re.compile(r"\s*(?P<c>-|–|—|‒|−|to|and|through)\s*", re.IGNORECASE)
_DATE_BEFORE_RE = re.compile(rf"(?:\b{_MONTH}\s*(?:[0-9]{{1,2}}\s*(?:-|–)\s*)?|\b{_WEEKDAY}\s*(?:\(\s*|,\s*)?)$",
                             re.IGNORECASE)
_DATE_AFTER_RE = re.compile(rf"(?:st|nd|rd|th)?(?:\s+of)?\s*{_MONTH}", re.IGNORECASE)
_TIME_AFTER_RE = re.compile(
    r"(?::[0-5][0-9]|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|CET\b|MSK\b|EST\b|o['’]clock\b|hrs\b))",
    re.IGNORECASE)
_AGE_BEFORE_RE = re.compile(r"\b(?:aged|age|ages|age\s+of)\s+$", re.IGNORECASE)
# "Smith, 51, said": a bare two-digit number set off by commas right after a name is an age.
_AGE_APPOSITION_BEFORE_RE = re.compile(r"(?-i:[A-Z][\w’'.\-]+),\s+$")
_AGE_APPOSITION_AFTER_RE = re.compile(r",")
# "two-thirds", "three quarters": a fraction, not a count of two or three.
_FRACTION_AFTER_RE = re.compile(r"[\s-]*(?:thirds?|quarters?|fifths?|sixths?|eighths?|tenths?|halves)\b", re.IGNORECASE)
# "passed 212 to 198", "voted 396-9": the two sides of one vote, not two counts.
_TALLY_BEFORE_RE = re.compile(r"\b(?:vot(?:e|ed|es|ing)|pass(?:ed|es)?|approv(?:ed|es)|reject(?:ed|s)?|margin|tally|"
                              r"confirm(?:ed|s)?|defeat(?:ed|s)?|won|lost|split|by|of)\s+(?:a\s+|an\s+)?$", re.IGNORECASE)
_AGE_AFTER_RE = re.compile(r"\s*-?\s*years?[-\s]old\b", re.IGNORECASE)
_AGO_AFTER_RE = re.compile(r"\s*(?:days?|weeks?|months?|years?|hours?|minutes?|decades?)\s+(?:ago|earlier|later)\b",
                           re.IGNORECASE)
_ID_BEFORE_RE = re.compile(r"(?:\b(?:No\.?|Nos\.?|no\.|number|Number|page|Page)\s*|#\s*|[A-Za-z]-)$")
_NAME_BEFORE_RE = re.compile(r"(?<![\w’'\-])([A-Z][A-Za-z\-]*) $")
_PERCENT_AFTER_RE = re.compile(r"\s*(?:%|per\s?cent\b|percent\b|pct\b)", re.IGNORECASE)
_POINTS_AFTER_RE = re.compile(r"\s*percentage\s+points?\b", re.IGNORECASE)
_UNIT_AFTER_RE = re.compile(
    r"\s*-?\s*(?P<unit>kilomet(?:re|er)s?|kms?|miles?|mi|metres?|meters?|kilogram(?:me)?s?|kg|tonnes?|tons?|"
    r"days?|weeks?|months?|years?|hours?|minutes?|decades?)\b",
    re.IGNORECASE)
_CURRENCY_AFTER_RE = re.compile(r"\s*(?P<cur>dollars?|euros?|pounds|roubles?|rubles?|hryvnias?|yuan)\b", re.IGNORECASE)
_POSTFIX_RE = re.compile(
    r"\s*(?:(?P<at_least>or\s+(?:more|above|over|greater)\b|\+|-plus\b)|(?P<at_most>or\s+(?:fewer|less|under|below)\b)"
    r"|(?P<about>or\s+so\b))",
    re.IGNORECASE)
_STRONG_RE = re.compile(r"-strong\b", re.IGNORECASE)
# Dates, times and ids masked before reading numbers: their digits are never counts.
_MASK_RE = re.compile(
    r"\b[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\b|\b[0-9]{1,2}/[0-9]{1,2}(?:/[0-9]{2,4})?\b|\b[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}\b"
    r"|\b[0-9]{1,2}:[0-9]{2}\b|\b[0-9]+(?:\.[0-9]+){2,}\b|\+?[0-9]{1,3}[ -][0-9]{3}[ -][0-9]{3}[ -][0-9]{2,4}\b")
_YEAR_PREPOSITION_RE = re.compile(r"\b(?:in|since|from|by|until|till|of|early|late|mid|before|after|during|"
                                  r"throughout|year|and|to|between|summer|spring|autumn|fall|winter)\s+$",
                                  re.IGNORECASE)

# ----------------------------------------------------------------------------- nouns

_WORD_RE = re.compile(r"[ \t\u00a0]*([A-Za-z][A-Za-z’'\-]*)")
#: The two figures of a ratio ("a one-in-three chance", "1 in 3 voters", "two out of five"): neither is a
#: count of the noun after it (read as counts, the "three" of "one-in-three" agreed with that of "two-in-three").
_RATIO_NUMBER = r"(?:\d{1,3}(?![\d,.])|one|two|three|four|five|six|seven|eight|nine|ten|a hundred|a thousand)"
_RATIO_NEXT_RE = re.compile(r"[- ](?:in|out[- ]of)[- ]" + _RATIO_NUMBER + r"\b", re.IGNORECASE)
_RATIO_BEFORE_RE = re.compile(r"(?<![\w.,])" + _RATIO_NUMBER + r"[- ](?:in|out[- ]of)[- ]$", re.IGNORECASE)
#: A dotted abbreviation before the noun ("three G.O.P. senators", "five U.S. officials"): a modifier.
_DOTTED_ABBREVIATION_RE = re.compile(r"[ \t\u00a0]*(?:[A-Z]\.){2,}(?=[ \t\u00a0]+[A-Za-z])")
#: A figure joined to a noun by a hyphen ("a 35-word oath", "a 48-page indictment", "a three-judge
#: panel"): the noun is what is counted, of the thing named after it. Units ("22-month") are read before;
#: adjectives ("a 100,000-strong force", "a 10-fold rise") say nothing of what is counted.
_HYPHEN_COUNT_RE = re.compile(r"-(?!(?:to|and|or|plus|odd|year|old|something|some|strong|long|wide|high|deep|tall|fold|ish)\b)([a-z]{3,})\b(?!-)")
# "of the", "of their", "of Ohio's": a determiner or a possessive name before the counted noun
_OF_RE = re.compile(r"\s+of\s+(?:(?:the|its|their|his|her|these|those|our|(?-i:[A-Z][\w\-]*)['’]s)\s+)?", re.IGNORECASE)
_STOP_WORDS = frozenset("""
a an the of to in on at by for from with without and or but nor as than that this these those which who whom
whose what when where while is are was were be been being has have had do does did will would shall should can
could may might must it its their his her our your my they them he she we you i there here not no so if then
also only just more less most least very such same other another some any each every all both either neither said
says say told reported according near along across around about into onto over under after before since until
during per via up down out back off against among between within until till ago later earlier now still yet
again already each reportedly allegedly respectively total altogether apiece last next
""".split())
# Words that modify a counted noun but are not one themselves ("10 military vehicles").
_MODIFIER_ONLY = frozenset({"military", "force", "forces"})
_NUMBER_OF_RE = re.compile(r"\b(?:the\s+|that\s+|this\s+)?numbers?\s+of\s+", re.IGNORECASE)
_TROOP_COMPOUND_RE = re.compile(r"\btroop\s+(?:numbers|levels|strength|count|presence|build-?up|contingent)\b",
                                re.IGNORECASE)

_UNKNOWN_RES = [
    re.compile(r"\b(?:number|numbers|size|scale|extent|count)\s+of\b[^.;]{0,100}?\b(?:is|was|are|were|remains?|remained|"
               r"has\s+been|had\s+been)\s+(?:still\s+|also\s+|as\s+yet\s+)?(?:unclear|unknown|uncertain|undisclosed|"
               r"unconfirmed|not\s+(?:yet\s+)?(?:known|clear|disclosed|confirmed|specified|given))", re.IGNORECASE),
    re.compile(r"\b(?:unclear|unknown|not\s+(?:yet\s+)?(?:known|clear)|(?:impossible|not\s+possible|no\s+way|hard|"
               r"difficult)\s+to\s+(?:know|say|tell|determine|establish|confirm))\s+(?:[\w’']+\s+){0,2}?(?:how\s+many|"
               r"the\s+(?:exact\s+|precise\s+)?(?:number|numbers|size|scale|extent))\b", re.IGNORECASE),
    re.compile(r"\b(?:did|does|do|has|have|had|would|will)\s*(?:not|n['’]t)\s+(?:\w+\s+)?(?:explain|say|disclose|reveal|"
               r"give|specify|provide|state|indicate|confirm|detail|announce|mention)\s+(?:[\w’']+\s+){0,2}?(?:how\s+many|"
               r"the\s+(?:exact\s+|precise\s+)?(?:size|number|numbers|scale|extent))\b", re.IGNORECASE),
    re.compile(r"\bwithout\s+(?:saying|specifying|revealing|disclosing|giving|stating|explaining|indicating)\s+"
               r"(?:[\w’']+\s+){0,2}?(?:how\s+many|the\s+(?:exact\s+)?(?:size|number|scale|extent))\b", re.IGNORECASE),
    re.compile(r"\b(?:an?\s+)?(?:unknown|undisclosed|unspecified|unconfirmed)\s+number\s+of\b", re.IGNORECASE),
    re.compile(r"\bhow\s+many\b[^.;]{0,100}?\b(?:is|was|are|were|remains?|remained)\s+(?:still\s+)?(?:unclear|unknown|"
               r"not\s+(?:yet\s+)?(?:known|clear))", re.IGNORECASE),
    re.compile(r"\bwait(?:s|ing|ed)?\s+to\s+see\s+(?:the\s+)?(?:scale|size|extent|number)\b", re.IGNORECASE),
]
_UNKNOWN_SUBJECT_RE = re.compile(r"\b(?:number|numbers|size|scale|extent|count)\s+of\s+(?:the\s+)?|\bhow\s+many\s+",
                                 re.IGNORECASE)

# ----------------------------------------------------------------------------- atoms and helpers


@dataclass(frozen=True)
class _Atom:
    """One number as matched, before its context is read."""

    start: int
    end: int
    low: float
    high: float
    vague: bool
    plain_integer: bool  # digits only: no separators, decimals, suffix or scale (years and ids look like this)
    has_scale: bool
    currency: str | None
    glued_unit: str | None
    skip: str | None  # why this is not a quantity (ordinal, decade, time, id), or None
    scale: float
    words: str | None = None  # the written number, for "one" alone
    high_open: bool = False  # vague plurals stop short of the next power: "hundreds" is [200, 1,000)


_VAGUE_TEXT_RE = re.compile(r"\b(?:tens|dozens|hundreds|thousands|millions|billions|several|a\s+few|a\s+couple)\b",
                            re.IGNORECASE)


def is_vague(q: Quantity) -> bool:
    """Whether a quantity was written with a vague word ("tens of thousands", "several hundred").

    >>> is_vague(parse_quantities("tens of thousands of troops")[0]), is_vague(parse_quantities("10,000")[0])
    (True, False)
    """
    return q.kind == APPROXIMATE and _VAGUE_TEXT_RE.search(q.text) is not None


def _decimal_value(digits: str, multiplier: float) -> float | None:
    cleaned = re.sub(r"[,\u00a0\u202f\u2009]", "", digits)
    integer_part = cleaned.split(".")[0]
    if len(integer_part) > 15:  # longer runs of digits are ids, not amounts
        return None
    try:
        return float(Decimal(cleaned) * Decimal(multiplier))
    except (InvalidOperation, ValueError, OverflowError):
        return None


def _written_value(phrase: str) -> float | None:
    total = 0.0
    current = 0.0
    seen = False
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word in ("and", ""):
            continue
        if word in ("a", "an"):
            current = current or 1.0
        elif word == "half":
            current = 0.5
        elif word in _SMALL_NUMBERS:
            current += _SMALL_NUMBERS[word]
            seen = True
        elif word in ("hundred", "dozen"):
            current = (current or 1.0) * _SCALES[word]
            seen = True
        elif word in _SCALES:
            total += (current or 1.0) * _SCALES[word]
            current = 0.0
            seen = True
    return total + current if seen else None


def _make_atom(match: re.Match) -> _Atom | None:
    start, end = match.span()
    if match.group("vague"):
        if match.group("vmul"):
            base = _SCALES[match.group("vbase").lower()[:-1]]
            if match.group("vmul").lower() == "dozens":
                low, high = 24 * base, 100 * base
            else:
                step = 10 if match.group("vmul").lower() == "tens" else 100
                low, high = 2 * step * base, 10 * step * base
        elif match.group("fewword"):
            scale = _SCALES[match.group("fewscale").lower()]
            if match.group("fewscale2"):
                scale *= _SCALES[match.group("fewscale2").lower()]
            few_low, few_high = VAGUE_MULTIPLES[re.sub(r"\s+", " ", match.group("fewword").lower())]
            return _Atom(start, end, float(few_low * scale), float(few_high * scale), True, False, True, None, None,
                         None, 1.0)
        else:
            low, high = VAGUE_PLURALS[(match.group("vplain") or match.group("vtens")).lower()]
        return _Atom(start, end, float(low), float(high), True, False, True, None, None, None, 1.0, high_open=True)
    if match.group("digit"):
        glued = match.group("glued")
        glued_lower = glued.lower() if glued else None
        skip = None
        multiplier = 1.0
        glued_unit = None
        if glued_lower is not None:
            if glued_lower in ("st", "nd", "rd", "th"):
                skip = "ordinal"
            elif glued_lower == "s":
                skip = "decade"
            elif glued_lower in ("am", "pm", "h", "hrs", "gmt", "utc"):
                skip = "time"
            elif glued_lower in ("k", "m", "mn", "mln", "b", "bn"):
                multiplier = _SUFFIX_SCALES[glued_lower]
            elif glued_lower in _UNIT_NAMES and glued_lower in ("km", "kms", "mi", "kg"):
                glued_unit = _UNIT_NAMES[glued_lower]
            else:
                skip = "id"
        scale_word = match.group("scale")
        if scale_word:
            multiplier *= _SUFFIX_SCALES[scale_word.lower()]
        number = match.group("num")
        value = _decimal_value(number, multiplier)
        if value is None:
            return None
        currency = _CURRENCIES.get(match.group("cur").lower()) if match.group("cur") else None
        plain = number.isdigit() and not glued and not scale_word
        return _Atom(start, end, value, value, False, plain, bool(scale_word) or multiplier != 1.0, currency,
                     glued_unit, skip, multiplier)
    phrase = match.group("words")
    if phrase.lower() == "one":
        return None  # "one of", "one US document": a lone "one" is rarely a count
    value = _written_value(phrase)
    if value is None:
        return None
    last_word = re.split(r"[\s-]+", phrase.lower())[-1]
    # "two to three thousand": the trailing scale word is shared with a bare first number
    scale = float(_SCALES[last_word]) if last_word in _SCALES and last_word != "dozen" else 1.0
    has_scale = re.search(_SCALE_WORD, phrase, re.IGNORECASE) is not None
    return _Atom(start, end, value, value, False, False, has_scale, None, None, None, scale, words=phrase)


def _approximate(value: float, factor_sign: int) -> float:
    """``value`` moved by the tolerance, in decimal arithmetic so 100,000 -> 90,000 exactly."""
    factor = Decimal(1) + factor_sign * Decimal(str(APPROXIMATE_TOLERANCE))
    return float(Decimal(repr(value)) * factor)


def _apply_qualifier(category: str | None, low: float, high: float, high_open: bool,
                     kind: str) -> tuple[float, float, bool, bool, str]:
    """Interval and kind of a number under a qualifier (see the module docstring)."""
    if category == "above":
        return low, INF, True, True, LOWER_BOUND
    if category == "at_least":
        return low, INF, False, True, LOWER_BOUND
    if category == "below":
        if high <= 0:
            return 0.0, 0.0, False, False, UPPER_BOUND  # "fewer than 0" would be empty
        return 0.0, high, False, True, UPPER_BOUND
    if category == "at_most":
        return 0.0, high, False, high_open, UPPER_BOUND
    if category == "about":
        if kind == APPROXIMATE:  # vague words are already as wide as they get
            return low, high, False, high_open, APPROXIMATE
        return _approximate(low, -1), _approximate(high, +1), False, False, APPROXIMATE
    if category == "nearly":
        return _approximate(low, -1), high, False, high_open, APPROXIMATE
    if category == "just_over":
        if high <= 0 or high_open:
            return low, high, False, high_open, kind
        return high, _approximate(high, +1), True, False, APPROXIMATE
    if category == "just_under":
        if low <= 0:
            return low, high, False, high_open, kind
        return _approximate(low, -1), low, False, True, APPROXIMATE
    return low, high, False, high_open, kind



def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def normalise_counted(words: str) -> str | None:
    """The one name of a counted noun phrase's head.

    >>> normalise_counted("military servicemen")
    'troops'
    >>> normalise_counted("government sources")
    'source'
    """
    tokens = [w.lower().replace("’", "'") for w in words.split()]
    if not tokens:
        return None
    for size in (2, 1):
        for i in range(len(tokens) - size + 1):
            phrase = " ".join(tokens[i:i + size])
            if phrase in COUNTED_SYNONYMS and not (size == 1 and phrase in _MODIFIER_ONLY and i < len(tokens) - 1):
                return COUNTED_SYNONYMS[phrase]
    head = tokens[-1]
    if head.endswith("'s"):
        return None
    return COUNTED_SYNONYMS.get(head, _singular(head))


def _noun_run(text: str, position: int, allow_of: bool = True) -> tuple[str | None, int, int]:
    """The counted noun phrase starting at ``position``: (words as written, start, end)."""
    if allow_of:
        of_match = _OF_RE.match(text, position)
        if of_match:
            position = of_match.end()
    words: list[re.Match] = []
    cursor = position
    while len(words) < 5:
        abbreviation = _DOTTED_ABBREVIATION_RE.match(text, cursor)
        if abbreviation:
            cursor = abbreviation.end()  # not what is counted: the noun after it is
            continue
        match = _WORD_RE.match(text, cursor)
        if not match:
            break
        word = match.group(1)
        lower = word.lower()
        if lower == "and" and words and words[-1].group(1)[0].isupper():
            cursor = match.end()  # "4,300 Wal-Mart and Sam's Club stores": names joined before the noun
            continue
        if lower in _STOP_WORDS:
            break
        if words and lower.endswith(("ed", "ing")) and lower not in COUNTED_SYNONYMS:
            break  # a verb after the noun ("troops mustered", "troops packing up")
        words.append(match)
        cursor = match.end()
        if lower in COUNTED_SYNONYMS and lower not in _MODIFIER_ONLY:
            break  # the head noun: what follows is no longer the noun phrase
        if len(words) >= 2 and " ".join(w.group(1).lower() for w in words[-2:]) in COUNTED_SYNONYMS:
            break
    while words and words[-1].group(1).lower().endswith(("ed", "ing")) and words[-1].group(1).lower() not in COUNTED_SYNONYMS:
        words.pop()  # "5 died", "10,000 gathered": a verb, not what is counted
    if not words:
        return None, position, position
    return text[words[0].start(1):words[-1].end(1)], words[0].start(1), words[-1].end(1)


@lru_cache(maxsize=4096)
def _sentence_counted(text: str) -> tuple[str | None, str | None]:
    """What the sentence says is counted when a number stands alone ("the number of Russian troops ... 60,000")."""
    for match in _NUMBER_OF_RE.finditer(text):
        words, _, _ = _noun_run(text, match.end(), allow_of=False)
        if words:
            counted = normalise_counted(words)
            if counted:
                return counted, words
    match = _TROOP_COMPOUND_RE.search(text)
    if match:
        return "troops", match.group(0)
    return None, None


def _is_year(atom: _Atom, text: str, before: str) -> bool:
    if not atom.plain_integer or atom.currency or not 1800 <= atom.low <= 2100 or len(text[atom.start:atom.end]) != 4:
        return False
    if _QUALIFIER_BEFORE_RE.search(before) and not _YEAR_PREPOSITION_RE.search(before):
        return False
    if _YEAR_PREPOSITION_RE.search(before):
        return True
    words, _, _ = _noun_run(text, atom.end)
    return not (words and normalise_counted(words) in ("troops", "people"))


def _skip_reason(atom: _Atom, text: str, masked: list[tuple[int, int]]) -> str | None:
    """Why this number is not a quantity (a date, a year, an id ...), or None when it is one."""
    if atom.skip:
        return atom.skip
    if any(s <= atom.start < e for s, e in masked):
        return "date or time"
    if atom.vague:
        return None
    before = text[max(0, atom.start - 80):atom.start]
    after = text[atom.end:atom.end + 80]
    if _DATE_BEFORE_RE.search(before) or _DATE_AFTER_RE.match(after):
        return "date"
    if _TIME_AFTER_RE.match(after):
        return "time"
    if _AGE_BEFORE_RE.search(before) or _AGE_AFTER_RE.match(after):
        return "age"
    if (atom.plain_integer and 18 <= atom.low <= 99 and _AGE_APPOSITION_BEFORE_RE.search(before)
            and _AGE_APPOSITION_AFTER_RE.match(after)):
        return "age"
    if _FRACTION_AFTER_RE.match(after):
        return "fraction"
    if _AGO_AFTER_RE.match(after):
        return "time"
    if atom.words is None and _ID_BEFORE_RE.search(before):
        return "id"
    if _is_year(atom, text, before):
        return "year"
    if atom.plain_integer and not atom.currency:
        name = _NAME_BEFORE_RE.search(before)
        if name:
            word = name.group(1)
            lower = word.lower()
            if (lower not in _STOP_WORDS and lower not in _QUALIFIERS and lower not in ("some", "over", "nearly",
                                                                                        "almost", "around", "about")
                    and not re.fullmatch(_MONTHS + "|" + _WEEKDAYS, word)):
                return "id"  # "Nord Stream 2", "Article 5"
    return None


@dataclass
class _Reading:
    start: int
    end: int
    low: float
    high: float
    low_open: bool
    high_open: bool
    kind: str
    unit: str | None
    noun_from: int  # where to look for the counted noun, or -1 for none


def _read_units(atom_end: int, text: str, currency: str | None, glued_unit: str | None) -> tuple[str | None, int]:
    """Unit written after a number and where it ends."""
    if glued_unit:
        return glued_unit, atom_end
    if currency:
        return currency, atom_end
    points = _POINTS_AFTER_RE.match(text, atom_end)
    if points:
        return "percentage points", points.end()
    percent = _PERCENT_AFTER_RE.match(text, atom_end)
    if percent:
        return "percent", percent.end()
    unit = _UNIT_AFTER_RE.match(text, atom_end)
    if unit:
        if _AGE_AFTER_RE.match(text, atom_end):
            return None, atom_end
        return _UNIT_NAMES[unit.group("unit").lower()], unit.end()
    money = _CURRENCY_AFTER_RE.match(text, atom_end)
    if money:
        return _CURRENCIES[money.group("cur").lower()], money.end()
    return None, atom_end


def _read_atoms(text: str) -> list[_Reading]:
    masked = [m.span() for m in _MASK_RE.finditer(text)]
    atoms = [atom for atom in (_make_atom(m) for m in _ATOM_RE.finditer(text)) if atom is not None]
    readings: list[_Reading] = []
    consumed = -1
    for index, atom in enumerate(atoms):
        if index <= consumed:
            continue
        following = atoms[index + 1] if index + 1 < len(atoms) else None
        connector = _RANGE_CONNECTOR_RE.fullmatch(text, atom.end, following.start) if following else None
        before = text[max(0, atom.start - 80):atom.start]
        reason = _skip_reason(atom, text, masked)
        if reason:
            # "January 12-13", "2021-22", "2014 to 2015": the second number shares the first one's fate
            if connector and connector.group("c").lower() in ("-", "–", "—", "‒", "−", "to", "through"):
                consumed = index + 1
            continue
        start = atom.start
        low, high, kind = atom.low, atom.high, (APPROXIMATE if atom.vague else EXACT)
        high_open = atom.high_open
        end = atom.end
        currency, glued_unit = atom.currency, atom.glued_unit
        range_start = _RANGE_START_RE.search(before)
        if connector and following is not None:
            word = connector.group("c").lower()
            is_between = range_start is not None and range_start.group("w").lower() == "between"
            allowed = (word != "and" or is_between) and not (
                word == "to" and range_start is not None and range_start.group("w").lower() == "from"
                and _CHANGE_VERB_RE.search(before[:range_start.start()]))
            second_reason = _skip_reason(following, text, masked)
            if second_reason in ("date", "date or time", "time", "year") and word != "and":
                consumed = index + 1  # "12-13 January": a date range
                continue
            if allowed and second_reason is None and not following.vague and not atom.vague:
                first_low = atom.low
                # "1.2 to 1.5 million", "60-90k": the scale written once applies to both
                if not atom.has_scale and following.has_scale and atom.low * following.scale <= following.high:
                    first_low = atom.low * following.scale
                elif (atom.plain_integer and atom.low < 1000 and text[following.start:following.end].endswith(",000")
                      and following.high / 10 <= atom.low * 1000 <= following.high):
                    first_low = atom.low * 1000  # "60-90,000" is 60,000 to 90,000
                if first_low <= following.low:
                    low, high, kind = first_low, following.high, RANGE
                    end = following.end
                    currency = currency or following.currency
                    glued_unit = glued_unit or following.glued_unit
                    consumed = index + 1
                elif word in ("-", "–", "—", "‒", "−") or (word == "to" and _TALLY_BEFORE_RE.search(before)):
                    consumed = index + 1  # "5-3", "voted 212 to 198": a score or a tally, not a range
                    continue
        if kind == RANGE and range_start:
            start = range_start.start() + (atom.start - len(before))
        unit, end = _read_units(end, text, currency, glued_unit)
        qualifier = _QUALIFIER_BEFORE_RE.search(text[max(0, start - 80):start])
        category = None
        if qualifier:
            category = _QUALIFIERS[re.sub(r"\s+", " ", qualifier.group("q").lower())]
            start = start - (len(text[max(0, start - 80):start]) - qualifier.start())
        postfix = _POSTFIX_RE.match(text, end)
        if postfix and category is None:
            category = next(name for name in ("at_least", "at_most", "about") if postfix.group(name))
            end = postfix.end()
        strong = _STRONG_RE.match(text, end)
        noun_from = strong.end() if strong else end
        low, high, low_open, high_open, kind = _apply_qualifier(category, low, high, high_open, kind)
        if unit is not None and unit != "percent":
            noun_from = -1
        readings.append(_Reading(start, end, low, high, low_open, high_open, kind, unit, noun_from))
    return readings


def _parse(text: str) -> tuple[Quantity, ...]:
    if not isinstance(text, str) or not text:
        return ()
    readings = _read_atoms(text)
    if not readings:
        return ()
    context = _read_context(text)
    quantities = []
    for reading in readings:
        if reading.unit is None and (_RATIO_NEXT_RE.match(text, reading.end)
                                     or _RATIO_BEFORE_RE.search(text[max(0, reading.start - 20):reading.start])):
            continue  # one side of a ratio: not a count (see _RATIO_NUMBER); "$139 million in seven years" is no ratio
        counted = counted_text = None
        noun_end = reading.end
        compound = _HYPHEN_COUNT_RE.match(text, reading.end) if reading.unit is None else None
        if compound:
            # "the 35-word oath": 35 words of the oath, compared only with the words of an oath
            words, _, end = _noun_run(text, compound.end(), allow_of=False)
            head = normalise_counted(words) if words else None
            counted = f"{_singular(compound.group(1))} {head}" if head else _singular(compound.group(1))
            counted_text = text[compound.start(1):end if words else compound.end()]
            noun_end = end if words else compound.end()
        elif reading.noun_from >= 0:
            if reading.unit == "percent":
                of_match = _OF_RE.match(text, reading.noun_from)
                words, _, end = _noun_run(text, reading.noun_from) if of_match else (None, 0, 0)
            else:
                words, _, end = _noun_run(text, reading.noun_from)
            if words:
                counted, counted_text, noun_end = normalise_counted(words), words, end
            elif reading.unit is None:
                counted, counted_text = _sentence_counted(text)
        quantities.append(Quantity(
            text=text[reading.start:reading.end],
            start=reading.start,
            end=reading.end,
            low=float(reading.low),
            high=float(reading.high),
            low_open=reading.low_open,
            high_open=reading.high_open or reading.high == INF,
            kind=reading.kind,
            counted=counted,
            counted_text=counted_text,
            event=_event_for(context, reading.start, noun_end),
            modality=_modality_for(context, reading.start, noun_end),
            unit=reading.unit,
        ))
    return tuple(quantities)


@lru_cache(maxsize=8192)
def _parse_cached(text: str) -> tuple[Quantity, ...]:
    return _parse(text)


def parse_quantities(text: str) -> list[Quantity]:
    """The quantities a sentence states, each as an interval with what it counts.

    Years, dates, times, ages, ordinals and ids are skipped; measures keep their unit.
    Never raises; every interval has ``low <= high``.

    >>> q = parse_quantities("More than 100,000 Russian troops have massed at the border.")[0]
    >>> (q.low, q.high, q.low_open, q.kind, q.counted, q.event)
    (100000.0, inf, True, 'lower_bound', 'troops', 'build-up')
    >>> [(q.low, q.high, q.kind) for q in parse_quantities("Estimates vary from 60,000 to 90,000.")]
    [(60000.0, 90000.0, 'range')]
    >>> parse_quantities("Crimea was annexed in 2014, on 20 February.")
    []
    """
    if not isinstance(text, str):
        return []
    return list(_parse_cached(text))



def says_quantity_unknown(text: str) -> bool:
    """Whether the sentence says a count is unknown.

    >>> says_quantity_unknown("The number of troops packing up and moving back is unclear.")
    True
    """
    return any(pattern.search(text) for pattern in _UNKNOWN_RES)


@lru_cache(maxsize=4096)
def unknown_quantity_subject(text: str) -> tuple[str | None, str | None]:
    """What a "the number is unknown" sentence is about: (counted, event), each None when not said.

    ``counted`` is only given for nouns of :data:`COUNTED_SYNONYMS` ("the number of troops"),
    since "the size of the withdrawals" names no counted thing.

    >>> unknown_quantity_subject("The number of troops pulling back is unclear.")
    ('troops', 'withdrawal')
    """
    counted = None
    for match in _UNKNOWN_SUBJECT_RE.finditer(text):
        words, _, _ = _noun_run(text, match.end(), allow_of=False)
        if words:
            name = normalise_counted(words)
            if name in COUNTED_SYNONYMS.values():
                counted = name
                break
    kinds = {kind for _, _, kind in _event_cues(text) if kind in (WITHDRAWAL, BUILD_UP)}
    event = kinds.pop() if len(kinds) == 1 else None
    return counted, event

