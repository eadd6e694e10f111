"""Content words and stems: how two sentences are found to talk about the same thing."""

from __future__ import annotations

import re
from functools import lru_cache

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


_YEAR_RE = re.compile(r"\b(?:1[89][0-9]{2}|20[0-9]{2})\b")
#: A name of two or more capitalised words ("Dana Whitlow", "John Q. Public").
_NAME_RE = re.compile(r"(?-i:\b[A-Z][a-z]+(?:\s(?:[A-Z]\.\s)?[A-Z][a-z]+)+)")
