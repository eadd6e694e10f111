"""Time in a claim: month and weekday words, and the time anchor that dates a stated figure."""

from __future__ import annotations

import re

from ..types import Quantity
from .cues import ESTIMATE, FACT

_FULL_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_SHORT_MONTHS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_MONTHS = f"{_FULL_MONTHS}|{_SHORT_MONTHS}"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# Month and weekday names are matched case-sensitively: "march" and "may" are verbs too.
_MONTH = rf"(?-i:(?:{_FULL_MONTHS})\b|(?:{_SHORT_MONTHS})\b\.?)"
_WEEKDAY = rf"(?-i:(?:{_WEEKDAYS})\b)"

_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2})"
_DAY_DATE = rf"(?:[0-9]{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*[0-9]{{1,2}})?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?" \
            rf"|{_MONTH}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*[0-9]{{1,2}})?(?:,?\s+{_YEAR})?)"
_WEEKDAY_DATE = rf"{_WEEKDAY}(?:\s*\(\s*[0-9]{{1,2}}\s*\)|,?\s+{_DAY_DATE})?"
_HOLIDAY = r"(?:Christmas|New\s+Year['’]s|Easter)(?:\s+(?:Eve|Day))?\b"
_TIME_ANCHOR_RE = re.compile(
    "|".join([
        rf"\bat\s+its\s+(?:peak|height|highest)(?:\s+(?:in|on)\s+(?:{_MONTH}(?:\s+{_YEAR})?|{_YEAR}|{_DAY_DATE}))?",
        rf"\b(?:on|since|until|till|by|from|before|after|as\s+of)\s+(?:{_WEEKDAY_DATE}|{_DAY_DATE}|{_HOLIDAY}"
        rf"|{_MONTH}(?:\s+{_YEAR})?|{_YEAR}\b)",
        rf"\b(?:in|during)\s+(?:early\s+|late\s+|mid-?\s*)?(?:{_MONTH}(?:\s+{_YEAR})?|{_YEAR}\b)",
        rf"\b(?:(?:earlier|later)\s+this|early\s+next|late\s+last|last|this|next)\s+(?:weekend|week|month|year|spring|"
        rf"summer|autumn|fall|winter|{_MONTH}|{_WEEKDAY})\b",
        r"\b(?:in|over|during)\s+(?:the\s+)?(?:recent|past|last|coming|next)\s+(?:(?:few|two|three|four|several|couple\s+of|"
        r"[0-9]+)\s+)?(?:days|weeks|months|years|day|week|month|year)\b",
        r"\bfor\s+the\s+(?:past|last)\s+(?:(?:few|nearly|almost|two|three|four|several|[0-9]+)\s+)*"
        r"(?:days|weeks|months|years|day|week|month|year)\b",
        r"\b(?:a|one|two|three|four|five|six|several|few|[0-9]+)\s+(?:days|weeks|months|years|day|week|month|year)\s+ago\b",
        r"\b(?:for|in)\s+(?:weeks|months|days|years)\b",
        r"\bin\s+the\s+new\s+year\b",
        r"\b(?:today|yesterday|tomorrow|tonight)\b",
        rf"\b(?:at|over|during|before|after|until|since|on)\s+{_HOLIDAY}",
        rf"\b{_WEEKDAY}\b(?:\s*\(\s*[0-9]{{1,2}}\s*\))?",
    ]),
    re.IGNORECASE)

_FUTURE_ANCHOR_RE = re.compile(r"(?:early\s+next|next|later\s+this|in\s+the\s+new\s+year|tomorrow|tonight|"
                               r"(?:in|over|during)\s+the\s+(?:coming|next))\b", re.IGNORECASE)



def _time_anchor(text: str, quantities: tuple[Quantity, ...]) -> str | None:
    anchors = [m for m in _TIME_ANCHOR_RE.finditer(text)]
    if quantities and quantities[0].modality in (FACT, ESTIMATE):
        # a stated count has happened: "next month" or "in the new year" dates something else in
        # the sentence ("withdrawn 10,000 troops as it prepares for talks in the new year")
        anchors = [m for m in anchors if not _FUTURE_ANCHOR_RE.match(m.group(0))]
    if not anchors:
        return None
    if quantities:
        first = quantities[0]
        # the anchor nearest the first number is the one that dates it
        anchor = min(anchors, key=lambda m: (first.start - m.end() if m.end() <= first.start
                                             else max(0, m.start() - first.end), m.start()))
    else:
        anchor = anchors[0]
    return re.sub(r"\s+", " ", anchor.group(0)).strip()


