"""Opposed events ("hired" / "laid off"): the same figure with opposite events is no agreement."""

from __future__ import annotations

import re
from functools import lru_cache

# Each side is a set of verb forms, written out: a bare stem also matches other words ("employ" in
# "employee", "rose" in "Rosenstein", "close" in "close ally", "releas" in "released a report",
# "against" in "a case against her"), and each false match blocked a real agreement.
_WIN_DEFEAT = r"(?<!was )(?<!were )(?<!been )(?<!being )(?<!a )(?<!the )\bdefeat(?:s|ed|ing)?\b(?! (?:by|of|for|in|at)\b)"

# The pairs whose sides a negation swaps (see _NEGATION_SWAPS).
_APPROVE_REJECT = (
    r"\b(?:approv(?:e|es|ed|ing|al)|pass(?:es|ed|ing)?|adopt(?:s|ed|ing)?|accept(?:s|ed|ing)?|ratif(?:y|ies|ied|ying)|"
    r"confirm(?:s|ed|ing)?)\b",
    r"\b(?:reject(?:s|ed|ing|ion)?|fail(?:s|ed|ing)?|defeat(?:s|ed|ing)?|veto(?:es|ed|ing)?|block(?:s|ed|ing)?)\b")
# "defeated her rival" is a win; "was defeated", "the defeat of" a loss
_WIN_LOSE = (r"\b(?:win(?:s|ning)?|won|victor(?:y|ies|ious))\b|" + _WIN_DEFEAT,
             r"\b(?:los(?:e|es|ing)|lost|(?:was|were|been|being) defeated|defeats? (?:of|for|in))\b")
_SUPPORT_OPPOSE = (
    r"\b(?:support(?:s|ed|ing)?|back(?:s|ed|ing)|endors(?:e|es|ed|ing|ements?)|favou?r(?:s|ed|ing)?)\b",
    r"\b(?:oppos(?:e|es|ed|ing|ition)|reject(?:s|ed|ing)?|(?:vot(?:e|es|ed|ing)|c[oa]me out|sp[eo]ak(?:s|ing)? out|"
    r"stand(?:s|ing)?|stood|argu(?:e|es|ed|ing)|is|are|was|were) against)\b")

#: Pairs of opposed events across domains, one regular expression per side (lower-case text): the same
#: figure with opposite events ("laid off 10,000 workers" / "hired 10,000 workers") is no agreement.
OPPOSED_EVENTS: tuple[tuple[str, str], ...] = (
    (r"\b(?:hir(?:e|es|ed|ing)|employ(?:s|ed|ing)?)\b",
     r"\b(?:laid off|lay(?:s|ing)? off|layoffs?|fir(?:ed|ing)|sack(?:s|ed|ing)?|cut(?:s|ting)? (?:\w+ ){0,2}?jobs)\b"),
    (r"\b(?:rais(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|ris(?:e|es|en|ing)|rose|grew|grow(?:s|n|ing)?|"
     r"gain(?:s|ed|ing)?|climb(?:s|ed|ing)?|jump(?:s|ed|ing)?|soar(?:s|ed|ing)?)\b",
     r"\b(?:cut(?:s|ting)?|lower(?:s|ed|ing)|reduc(?:e|es|ed|ing|tions?)|decreas(?:e|es|ed|ing)|(?<!the )fall(?:s|en|ing)?|"
     r"fell|drop(?:s|ped|ping)?|declin(?:e|es|ed|ing)|shr(?:ank|unk|ink|inks|inking)|lost|plung(?:e|es|ed|ing))\b"),
    _APPROVE_REJECT,
    _WIN_LOSE,
    (r"\b(?:deploy(?:s|ed|ing|ments?)?|sen[dt](?:s|ing)?|mass(?:es|ed|ing)|build(?:s|ing)? ?-?up|built up|"
     r"reinforc(?:e|es|ed|ing|ements?))\b",
     r"\b(?:withdr(?:aw|aws|awing|awn|ew|awals?)|pull(?:s|ed|ing)? (?:back|out)|retreat(?:s|ed|ing)?)\b"),
    (r"\b(?:reopen(?:s|ed|ing)?|open(?:s|ed)|(?:to|will|would) open)\b",
     r"\b(?:clos(?:es|ed|ing|ures?)|close (?:the|a|an|its|their|his|her|down|off)|shut(?:s|ting)?|shutdowns?)\b"),
    _SUPPORT_OPPOSE,
    (r"\b(?:buy(?:s|ing)?|bought|purchas(?:e|es|ed|ing)|acquir(?:e|es|ed|ing))\b",
     r"\b(?:sell(?:s|ing)?|sold|divest(?:s|ed|ing|iture)?)\b"),
    (r"\b(?:arrest(?:s|ed|ing)?|detain(?:s|ed|ing)?|charged with|convict(?:s|ed|ion)?)\b",
     r"\b(?:released (?:from|on)|freed|acquitt(?:ed|al)|cleared of)\b"),
)
#: Pairs whose sides a negation swaps: "did not favor" is opposing, "did not win" losing, "did not pass"
#: failing. (Not so for the others: "not hired" is not "laid off", "did not rise" not "fell".)
_NEGATION_SWAPS = frozenset({_APPROVE_REJECT, _WIN_LOSE, _SUPPORT_OPPOSE})
#: Each pair compiled, with whether a negation swaps its sides.
_OPPOSED_RES = tuple((re.compile(first), re.compile(second), (first, second) in _NEGATION_SWAPS)
                     for first, second in OPPOSED_EVENTS)
_NEGATED_BEFORE_RE = re.compile(r"(?:\b(?:not|never|no longer)|n['’]t)\s+(?!only\b)(?:[\w“”\"']+\s+){0,1}[“\"‘']?$")


def _named(text: str, pattern: re.Pattern) -> list[tuple[str, bool]]:
    """Each event ``pattern`` finds in ``text``: its words, and whether a negation stands right before it."""
    return [(found.group(0), bool(_NEGATED_BEFORE_RE.search(text, max(0, found.start() - 25), found.start())))
            for found in pattern.finditer(text)]


@lru_cache(maxsize=8192)
def _event_sides(text: str) -> tuple[tuple[str | None, str | None], ...]:
    """Per pair of :data:`OPPOSED_EVENTS`, the first words of each side that ``text`` (lower case) names.

    A negated event of a pair in :data:`_NEGATION_SWAPS` counts on the other side ("do not favor").
    Read once per sentence: a sentence sits in dozens of pairs, and scanning it for every pair was
    most of the pair-scoring time of a cold report.
    """
    sides = []
    for first, second, negation_swaps in _OPPOSED_RES:
        on_side: dict[bool, str] = {}  # second side? -> the first words named on it
        for pattern, is_second in ((first, False), (second, True)):
            for words, negated in _named(text, pattern):
                swapped = negated and negation_swaps
                on_side.setdefault(is_second != swapped, f"not {words}" if swapped else words)
        sides.append((on_side.get(False), on_side.get(True)))
    return tuple(sides)


def opposed_events(a: str, b: str) -> tuple[str, str] | None:
    """The two opposed event words when one sentence names one side and the other only the other side.

    >>> opposed_events("The firm laid off 10,000 workers.", "The firm hired 10,000 workers.")
    ('laid off', 'hired')
    >>> opposed_events("The firm hired 10,000 workers.", "It hired 10,000 staff.") is None
    True
    >>> opposed_events("Lee was expected to defeat Park.", "Lee was expected to win.") is None   # one win
    True
    >>> opposed_events("Lee opposes the plan.", "Lee does not favor the plan.") is None   # one stance
    True
    """
    for (a_first, a_second), (b_first, b_second) in zip(_event_sides(a.lower()), _event_sides(b.lower())):
        if a_first and not a_second and b_second and not b_first:
            return a_first, b_second
        if a_second and not a_first and b_first and not b_second:
            return a_second, b_first
    return None
