"""The place of one event ("the event in X", "the X rally")."""

from __future__ import annotations

import re
from pathlib import Path

from ..types import Claim
from .base import CONFLICT, MIN_SUBJECT_COSINE, SlotComparison
from .words import _STOP, _loose, content_stems, stem

_EVENT_NOUNS = r"(?:event|rally|speech|meeting|summit|conference|debate|hearing|ceremony|fundraiser|convention|visit|protest|march|attack|shooting|bombing|concert)"
_PLACE = r"(?-i:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
_PLACE_AFTER_RE = re.compile(rf"\b(?P<noun>{_EVENT_NOUNS})s?\s+(?:in|at)\s+(?P<place>{_PLACE})", re.IGNORECASE)
_PLACE_BEFORE_RE = re.compile(rf"\b(?:the|a|an|that|this)\s+(?P<place>{_PLACE})\s+(?P<noun>{_EVENT_NOUNS})s?\b",
                              re.IGNORECASE)


#: Regions that hold many places: "the Connecticut shooting" and "the shooting in Newtown" may be one
#: event named at two scales, so a region never conflicts with a place. A gazetteer of US states (names
#: and AP abbreviations), continents and countries often in English news, one per line in regions.txt.
REGIONS = frozenset(line.strip() for line in (Path(__file__).with_name("regions.txt")).read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.startswith("#"))


def _is_region(place: str) -> bool:
    return place.lower() in REGIONS


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
            if _is_region(place_a) or _is_region(place_b):
                continue  # a state or a country holds the other place: one event at two scales
            shared = _loose(content_stems(a.text, (span_a,))) & _loose(content_stems(b.text, (span_b,)))
            shared -= {stem(noun_a)[:4]}
            if len(shared) < 2 or cosine < MIN_SUBJECT_COSINE:
                continue
            alignment = round(min(1.0, 0.5 * cosine + 0.1 * len(shared)), 4)
            return SlotComparison(CONFLICT, "place", f"place of the {noun_a}", place_a, place_b, alignment,
                                  f"place of the {noun_a}: {place_a} vs {place_b} (both about {', '.join(sorted(shared)[:4])})")
    return None
