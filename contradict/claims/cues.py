"""Context cues of a sentence: clauses, events, modality (estimate, projection, possibility) and negation."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Events (``Quantity.event``).
WITHDRAWAL, BUILD_UP = "withdrawal", "build-up"
#: Modalities (``Quantity.modality``, ``Claim.modality``).
FACT, ESTIMATE, PROJECTION, POSSIBILITY = "fact", "estimate", "projection", "possibility"

# ----------------------------------------------------------------------------- context cues

_WITHDRAWAL_RE = re.compile(
    r"\b(?:withdr[ae]w\w*|pull(?:s|ed|ing)?\s+(?:[\w’',.]+\s+){0,3}?(?:back|out)\b|pull-?backs?|pull-?outs?"
    r"|draw(?:s|n|ing)?[\s-]?downs?|drew\s+down|return(?:s|ed|ing)?\s+(?:[\w’']+\s+){0,2}?to\s+(?:their\s+|its\s+|the\s+)?"
    r"(?:permanent\s+)?(?:bases?|barracks|garrisons?|home|deployment)|back\s+to\s+(?:their\s+|its\s+)?(?:permanent\s+)?"
    r"(?:bases?|barracks|garrisons?)|march(?:es|ed|ing)?\s+to\s+(?:their\s+|its\s+)?permanent\s+deployment"
    r"|permanent\s+deployment|pack(?:s|ed|ing)?\s+up|mov(?:e|es|ed|ing)\s+back|leav(?:e|es|ing)\b|retreat\w*"
    r"|reduc(?:e|es|ed|ing|tions?)\b|scal(?:e|es|ed|ing)\s+back|sen[dt]\s+back|head(?:s|ed|ing)?\s+(?:back\s+)?home"
    r"|go(?:es|ing)?\s+home|demobili[sz]\w*|disengag\w*)",
    re.IGNORECASE)
_BUILD_UP_RE = re.compile(
    r"\b(?:mass(?:ed|es|ing)?\b|masse\b|amass\w*|deploy(?:s|ed|ing|ments?)?\b|build(?:s|ing)?[\s-]?ups?\b"
    r"|built[\s-]?up\b|buildups?\b|gather\w*|mov(?:e|es|ed|ing)\s+(?:[\w’']+\s+)?closer|muster\w*"
    r"|at\s+its\s+(?:peak|height)|station(?:s|ed|ing)?\b|ramp(?:s|ed|ing)?\s+up|concentrat\w*|reinforc\w*"
    r"|increas\w*|bolster\w*|surg(?:e|ed|es|ing)\b)",
    re.IGNORECASE)
_ESTIMATE_RE = re.compile(r"\b(?:estimat\w*|believed\s+to|thought\s+to|assess(?:ed|ments?)\b)", re.IGNORECASE)
_PROJECTION_RE = re.compile(
    r"\b(?:will|would|shall|could|should)\b|[’']ll\b|\bwon['’]t\b"
    r"|\b(?:expected|projected|forecast|planned|scheduled|set|going|intends?|intended|plans?|planning|aims?)\s+to\b"
    r"|\bdue\s+to\s+(?!the\b|a\b|an\b|its\b|their\b|his\b|her\b|this\b|that\b)\w+",
    re.IGNORECASE)
_POSSIBILITY_RE = re.compile(r"\b(?:might|(?-i:may)|possibly|perhaps|maybe|potentially|likely|unlikely|probably)\b",
                             re.IGNORECASE)
_CLAUSE_BOUNDARY_RE = re.compile(
    r";|:(?![0-9])|[()]|\s[–—]\s|,\s+(?:with|while|whereas|but|and|although|though|as|yet|so|whilst)\b"
    r"|\s(?:while|whereas|but|although|though|whilst)\s",
    re.IGNORECASE)
# How far after a quantity's noun a modal still governs it ("10,000 servicemen … will march").
# Only a modal right after the noun ("servicemen … will march") governs it: farther on it
# usually belongs to another verb ("two months is not going to happen").
_MODAL_REACH_AFTER = 6
# How far before a quantity a modal still governs it: farther back it belongs to another verb.
_MODAL_REACH_BEFORE = 80
#: A conjunction or relative word between a noun and a modal starts another verb phrase.
_COORDINATION_RE = re.compile(r"\b(?:and|or|but|that|which|who)\b|[,;]", re.IGNORECASE)

_NEGATION_RE = re.compile(
    r"\b(?:not(?!\s+(?:only|least|more\s+than|less\s+than|fewer\s+than)\b)|no(?!\s+(?:more|less|fewer)\s+than\b)"
    r"(?!\s+doubt\b)|never|none|nobody|nothing|neither|nor|without(?!\s+doubt\b)|den(?:y|ies|ied|ying)|refus(?:e|es|ed|ing))\b"
    r"|\b\w+n['’]t\b",
    re.IGNORECASE)

def _clause_bounds(text: str) -> list[int]:
    """Start offsets of the clauses of ``text`` (always begins with 0)."""
    return [0] + [m.start() for m in _CLAUSE_BOUNDARY_RE.finditer(text)]


def _clause_of(bounds: list[int], position: int) -> tuple[int, int]:
    start = 0
    end = None
    for bound in bounds:
        if bound <= position:
            start = bound
        else:
            end = bound
            break
    return start, end if end is not None else 1 << 62

def _cues(pattern: re.Pattern, text: str, masked: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    spans = []
    for match in pattern.finditer(text):
        if any(s <= match.start() < e or s < match.end() <= e for s, e in masked):
            continue
        spans.append(match.span())
    return spans


def _nearest(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, tuple[int, int]] | None:
    best = None
    for span in spans:
        distance = start - span[1] if span[1] <= start else max(0, span[0] - end)
        if best is None or distance < best[0]:
            best = (distance, span)
    return best


@dataclass
class _Context:
    """Cues of one sentence, found once and shared by all its quantities."""

    bounds: list[int]
    text: str
    withdrawal: list[tuple[int, int]]
    build_up: list[tuple[int, int]]
    modal: list[tuple[int, int, str]]


def _read_context(text: str) -> _Context:
    withdrawal = _cues(_WITHDRAWAL_RE, text)
    # "march to their permanent deployment" is a withdrawal; its "deployment" is not a build-up
    build_up = _cues(_BUILD_UP_RE, text, withdrawal)
    modal = ([(s, e, ESTIMATE) for s, e in _cues(_ESTIMATE_RE, text)]
             + [(s, e, PROJECTION) for s, e in _cues(_PROJECTION_RE, text)]
             + [(s, e, POSSIBILITY) for s, e in _cues(_POSSIBILITY_RE, text)])
    return _Context(_clause_bounds(text), text, withdrawal, build_up, sorted(modal))


def _event_for(context: _Context, start: int, end: int) -> str | None:
    clause_start, clause_end = _clause_of(context.bounds, start)
    candidates = []
    for event, spans in ((WITHDRAWAL, context.withdrawal), (BUILD_UP, context.build_up)):
        in_clause = [s for s in spans if clause_start <= s[0] < clause_end]
        for scope, chosen in ((0, in_clause), (1, spans)):
            found = _nearest(chosen, start, end)
            if found:
                candidates.append((scope, found[0], found[1][0], event))
                break
    if not candidates:
        return None
    return min(candidates)[3]


def _modality_for(context: _Context, start: int, end: int) -> str:
    clause_start, clause_end = _clause_of(context.bounds, start)
    best = None
    for cue_start, cue_end, modality in context.modal:
        if not clause_start <= cue_start < clause_end:
            continue
        if cue_end <= start:
            if start - cue_end > _MODAL_REACH_BEFORE:
                continue  # "Although she may side with them, ... the suit that covers 1.5 million women"
            distance = start - cue_end
        elif cue_start < end:
            distance = 0  # inside the quantity: "an estimated 100,000"
        elif cue_start >= end and cue_start - end <= _MODAL_REACH_AFTER \
                and not _COORDINATION_RE.search(context.text[end:cue_start]):
            distance = cue_start - end  # "10,000 troops will march", not "1.5 million women and could cost"
        else:
            continue
        if best is None or distance < best[0]:
            best = (distance, modality)
    return best[1] if best else FACT


