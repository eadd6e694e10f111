"""Context cues of a sentence: clauses, events, modality (estimate, projection, possibility) and negation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: Events (``Quantity.event``).
WITHDRAWAL, BUILD_UP = "withdrawal", "build-up"
#: Modalities (``Quantity.modality``, ``Claim.modality``).
FACT, ESTIMATE, PROJECTION, POSSIBILITY = "fact", "estimate", "projection", "possibility"

# ----------------------------------------------------------------------------- context cues

_WITHDRAWAL_RE = re.compile(
    r"\b(?:withdr[ae]w\w*|pull(?:s|ed|ing)?\s+(?:[\w’',.]+\s+){0,3}?(?:back|out)\b|pull-?backs?|pull-?outs?"
    r"|draw(?:s|n|ing)?[\s-]?downs?|drew\s+down|return(?:s|ed|ing)?\s+(?:[\w’']+\s+){0,2}?to\s+(?:their\s+|its\s+|the\s+)?"
    r"(?:bases?|barracks|garrisons?|home)|back\s+to\s+(?:their\s+|its\s+)?(?:bases?|barracks|garrisons?)"
    r"|leav(?:e|es|ing)\b|retreat\w*|reduc(?:e|es|ed|ing|tions?)\b|scal(?:e|es|ed|ing)\s+back|sen[dt]\s+back"
    r"|head(?:s|ed|ing)?\s+(?:back\s+)?home|go(?:es|ing)?\s+home|demobili[sz]\w*|disengag\w*)",
    re.IGNORECASE)
_BUILD_UP_RE = re.compile(
    r"\b(?:mass(?:ed|es|ing)?\b|amass\w*|(?<!permanent\s)deploy(?:s|ed|ing|ments?)?\b|build(?:s|ing)?[\s-]?ups?\b"
    r"|built[\s-]?up\b|buildups?\b|gather\w*|station(?:s|ed|ing)?\b|ramp(?:s|ed|ing)?\s+up|concentrat\w*"
    r"|reinforc\w*|increas\w*|bolster\w*|surg(?:e|ed|es|ing)\b)",
    re.IGNORECASE)
#: Kinds of event a figure can be about, by the words that name them (``Quantity.event`` is the
#: nearest one). Earlier kinds win where two overlap. Two figures of one counted thing next to
#: opposed events (:data:`OPPOSED_EVENT_KINDS`) never state one fact; two figures next to one kind
#: of event ("asked for $5.7 billion", "is asking for $5.6 billion") line up on it.
EVENT_CUES: dict[str, re.Pattern] = {
    WITHDRAWAL: _WITHDRAWAL_RE,
    BUILD_UP: _BUILD_UP_RE,
    "layoff": re.compile(r"\b(?:la(?:id|ys?|ying)\s+off|lay-?offs?|job\s+cuts|cut(?:s|ting)?\s+(?:\w+\s+){0,2}?jobs)\b",
                         re.IGNORECASE),
    "hiring": re.compile(r"\b(?:hir(?:e|es|ed|ing)|recruit\w*|add(?:s|ed|ing)?\s+(?:\w+\s+){0,2}?jobs)\b", re.IGNORECASE),
    "demand": re.compile(r"\b(?:ask(?:s|ed|ing)?\s+(?:\w+\s+){0,2}?for|demand\w*|request\w*|seek(?:s|ing)?|sought"
                         r"|insist\w*|call(?:s|ed|ing)?\s+for|want(?:s|ed|ing)?|propos(?:e|es|ed|ing|al|als)\b)",
                         re.IGNORECASE),
    "funding": re.compile(r"\b(?:fund(?:s|ed|ing)?\b|appropriat\w*|allocat\w*|budget\w*|spen[dt]\w*|cost(?:s|ing)?\b"
                          r"|price\s+tag|pa(?:y|ys|id|ying)\s+for)", re.IGNORECASE),
    "earning": re.compile(r"\b(?:earn\w*|income|rais(?:e|es|ed|ing)\b|donat\w*|revenue\w*|salar\w*)", re.IGNORECASE),
    "tax": re.compile(r"\b(?:tax(?:es|ed)?\b|taxpayers?)", re.IGNORECASE),
    "casualty": re.compile(r"\b(?:kill(?:s|ed|ing)?|dead|deaths?|die[ds]?|dying|fatalit\w*|lives)\b", re.IGNORECASE),
    "injury": re.compile(r"\b(?:injur\w*|wound\w*|hurt)\b", re.IGNORECASE),
    "arrest": re.compile(r"\b(?:arrest\w*|detain\w*|charged)\b", re.IGNORECASE),
    "vote": re.compile(r"\b(?:vot(?:e|es|ed|ing)|ballots?)\b", re.IGNORECASE),
}
#: Events with a direction: figures next to opposed ones are about different facts.
OPPOSED_EVENT_KINDS = frozenset({frozenset({WITHDRAWAL, BUILD_UP}), frozenset({"hiring", "layoff"})})
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
#: ...or one that ends a relative clause right after it ("19 actions the president could take",
#: "the 10,000 troops they may send"): a subject, then the modal, within this many characters.
_MODAL_REACH_RELATIVE = 30
_RELATIVE_SUBJECT_RE = re.compile(r"^\s+(?:the|a|an|his|her|its|their|our|he|she|it|they|we|you|i)\s(?:[\w.'’-]+\s){0,3}$",
                                  re.IGNORECASE)
# How far before a quantity a modal still governs it: farther back it belongs to another verb.
_MODAL_REACH_BEFORE = 80
#: A conjunction or relative word between a noun and a modal starts another verb phrase.
_COORDINATION_RE = re.compile(r"\b(?:and|or|but|that|which|who)\b|[,;]", re.IGNORECASE)

_NEGATION_RE = re.compile(
    r"\b(?:not(?!\s+(?:only|least|more\s+than|less\s+than|fewer\s+than)\b)|no(?!\s+(?:more|less|fewer)\s+than\b)"
    r"(?!\s+doubt\b)|never|none|nobody|nothing|neither|nor|without(?!\s+doubt\b)|den(?:y|ies|ied|ying)|refus(?:e|es|ed|ing))\b"
    r"|\b\w+n['’]t\b",
    re.IGNORECASE)

@lru_cache(maxsize=8192)
def _clause_bounds(text: str) -> tuple[int, ...]:
    """Start offsets of the clauses of ``text`` (always begins with 0); cached, as slot rules ask per figure pair."""
    return (0, *(m.start() for m in _CLAUSE_BOUNDARY_RE.finditer(text)))


def _clause_of(bounds: tuple[int, ...], position: int) -> tuple[int, int]:
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

    bounds: tuple[int, ...]
    text: str
    events: tuple[tuple[int, int, str], ...]
    modal: list[tuple[int, int, str]]


@lru_cache(maxsize=8192)
def _event_cues(text: str) -> tuple[tuple[int, int, str], ...]:
    """``(start, end, kind)`` of every event word in ``text``; an earlier kind masks a later one it overlaps.

    Cached: the reader, the slot rules (for every pair of figures) and the dispute rules all ask.
    """
    found: list[tuple[int, int, str]] = []
    for kind, pattern in EVENT_CUES.items():
        found += [(s, e, kind) for s, e in _cues(pattern, text, [(s, e) for s, e, _ in found])]
    return tuple(sorted(found))


def _read_context(text: str) -> _Context:
    modal = ([(s, e, ESTIMATE) for s, e in _cues(_ESTIMATE_RE, text)]
             + [(s, e, PROJECTION) for s, e in _cues(_PROJECTION_RE, text)]
             + [(s, e, POSSIBILITY) for s, e in _cues(_POSSIBILITY_RE, text)])
    return _Context(_clause_bounds(text), text, _event_cues(text), sorted(modal))


def _event_for(context: _Context, start: int, end: int) -> str | None:
    """The kind of the nearest event word in the figure's clause, else in the sentence."""
    clause_start, clause_end = _clause_of(context.bounds, start)
    in_clause = [(s, e) for s, e, _ in context.events if clause_start <= s < clause_end]
    for spans in (in_clause, [(s, e) for s, e, _ in context.events]):
        found = _nearest(spans, start, end)
        if found:
            return next(kind for s, e, kind in context.events if (s, e) == found[1])
    return None


def events_near(text: str, start: int, end: int, words: int = 8) -> frozenset[str]:
    """Kinds of event named within ``words`` words before a figure (or right after it), in its clause.

    >>> sorted(events_near("Trump insisted that Congress appropriate $5.7 billion.", 40, 52))
    ['demand', 'funding']
    """
    bounds = _clause_bounds(text)
    clause_start, clause_end = _clause_of(bounds, start)
    tokens = [m.start() for m in re.finditer(r"\S+", text[clause_start:start])]
    reach_start = clause_start + tokens[-words] if len(tokens) >= words else clause_start
    reach_end = min(clause_end, end + 25)
    return frozenset(kind for s, e, kind in _event_cues(text) if reach_start <= s < reach_end)


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
        elif cue_start >= end and cue_start - end <= _MODAL_REACH_RELATIVE \
                and _RELATIVE_SUBJECT_RE.match(context.text[end:cue_start]):
            distance = cue_start - end  # "19 actions the president could take", not "two months is not going to"
        else:
            continue
        if best is None or distance < best[0]:
            best = (distance, modality)
    return best[1] if best else FACT


