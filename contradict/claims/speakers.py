"""Who a sentence attributes its claim to: "X said", "according to X", "X quoted Y as saying"."""

from __future__ import annotations

import re

from .time import _MONTHS, _WEEKDAYS

# ----------------------------------------------------------------------------- attribution

_SUBJECT_NOUNS = (
    "ministry|defen[cs]e|foreign|spokes(?:man|woman|person)|sources?|government|officials?|army|military|intelligence|"
    "agency|agencies|news|minister|secretary|president|chancellor|press|service|document|reports?|media|diplomats?|"
    "analysts?|experts?|authorities|state|senior|western|leaders?|commanders?|generals?|envoy|ambassador|adviser|"
    "advisor|aide|office|department|officers?|statement|spokesperson")
_NAME_WORD = rf"(?!(?-i:{_WEEKDAYS}|{_MONTHS}|He|She|They|It|We|I|You|This|That|These|Those|There|But|And|Meanwhile|" \
             rf"However|Earlier|Later|Today|Now|Then|Also)\b)(?-i:[A-Z][\w’'.\-]*)"
_SUBJECT = rf"(?<![\w’'.\-])(?P<subj>(?:(?:the|a|an|one|two|three|several|some|many|senior)\s+)?" \
           rf"(?:(?:{_NAME_WORD}|(?:{_SUBJECT_NOUNS}))\s+){{0,7}}(?:{_NAME_WORD}|(?:{_SUBJECT_NOUNS})))"
_AUX = r"(?:(?:has|have|had|also|repeatedly|previously|later|earlier|again|already|publicly|officially|always|is|was|" \
       r"are|were|had|reportedly|then|now|once|just)\s+)*"
_SAY_VERB_RE = re.compile(
    r"\b(?:said|says|say|told\s+(?:reporters|journalists|news\s+agencies|the\s+[\w’']+|[A-Z][\w’']+)|reported|reports|"
    r"reporting|announced|announces|stated|states|claimed|claims|confirmed|confirms|warned|warns|added|adds|insisted|"
    r"insists|informed|explained|noted|denied|denies|suggested|suggests|suggesting|tweeted|wrote|writes)\b")
_SUBJECT_BEFORE_VERB_RE = re.compile(_SUBJECT + r"\s+" + _AUX + r"$", re.IGNORECASE)
_ACCORDING_TO_RE = re.compile(
    r"\baccording\s+to\s+(?P<src>(?:[\w’'.\-]+\s+){0,5}?[\w’'.\-]+?)(?=\s*(?:[,.;:“”\"()]|$)|\s+(?:who|which|that|as|on|in|at|for)\b)",
    re.IGNORECASE)
_QUOTED_RE = re.compile(_SUBJECT + r"\s+quot(?:ed|es|ing)\s+(?P<spk>(?:[\w’'.\-]+\s+){0,5}?[\w’'.\-]+)\s+as\s+saying\b",
                        re.IGNORECASE)
_CITING_RE = re.compile(
    _SUBJECT + r",?\s+cit(?:ed|es|ing)\s+(?P<spk>(?:[\w’'.\-]+\s+){0,4}?[\w’'.\-]+?)(?=\s+(?:to|that|as|and|which|who|"
    r"for|in|on|at|with|saying)\b|\s*[,.;:“”\"]|$)",
    re.IGNORECASE)
_SAID_NAME_RE = re.compile(r"[,”\"]\s*(?:said|says|added|adds)\s+(?P<spk>(?:(?-i:[A-Z][\w’'.\-]*)\s+){0,3}(?-i:[A-Z][\w’'.\-]*))")
_GENERIC_SOURCES = frozenset({"estimates", "estimate", "reports", "report", "data", "figures", "him", "her", "them",
                              "it", "me", "us", "sources", "media reports", "the data", "the figures"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "this", "that", "there", "who", "which"})


def _clean_source(phrase: str) -> str | None:
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,.;:“”\"'’")
    if not phrase or phrase.lower() in _PRONOUNS or phrase.lower() in _GENERIC_SOURCES:
        return None
    return phrase


def _attribution(text: str) -> str | None:
    found: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []

    def add(position: int, span: tuple[int, int], phrase: str | None) -> None:
        if phrase and not any(s <= span[0] < e for s, e in covered):
            found.append((position, phrase))
            covered.append(span)

    for match in _QUOTED_RE.finditer(text):
        speaker, channel = _clean_source(match.group("spk")), _clean_source(match.group("subj"))
        if speaker and channel:
            add(match.start(), match.span(), f"{speaker} (quoted by {channel})")
    for match in _CITING_RE.finditer(text):
        speaker, channel = _clean_source(match.group("spk")), _clean_source(match.group("subj"))
        if speaker and channel:
            add(match.start(), match.span(), f"{speaker} (cited by {channel})")
    for match in _ACCORDING_TO_RE.finditer(text):
        add(match.start("src"), match.span(), _clean_source(match.group("src")))
    for verb in _SAY_VERB_RE.finditer(text):
        if any(s <= verb.start() < e for s, e in covered):
            continue
        left_start = max(0, verb.start() - 120)
        subject = _SUBJECT_BEFORE_VERB_RE.search(text, left_start, verb.start())
        if subject:
            add(subject.start("subj"), (subject.start("subj"), verb.end()), _clean_source(subject.group("subj")))
    for match in _SAID_NAME_RE.finditer(text):
        add(match.start("spk"), match.span("spk"), _clean_source(match.group("spk")))
    if not found:
        return None
    names: list[str] = []
    for _, phrase in sorted(found):
        if phrase not in names:
            names.append(phrase)
    return "; ".join(names)

