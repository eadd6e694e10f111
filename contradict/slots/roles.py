"""One person's role: "former executive X" against "X, the CEO of ..."."""

from __future__ import annotations

import re

from ..types import Claim
from .base import CONFLICT, SlotComparison
from .days import SAME_WEEK_DAYS, days_apart

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
