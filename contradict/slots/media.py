"""One item called a photo by one outlet and a video by another."""

from __future__ import annotations

import re
from functools import lru_cache

from ..types import Claim
from .base import CONFLICT, SlotComparison
from .words import _STOP, _TOKEN_RE, _loose, _window, stem

#: The two kinds of recorded media an item can be: a still image or a moving one. ("image" and
#: "recording" are left out: a still from a video is an image, a video is a recording.)
MEDIA_KINDS: dict[str, re.Pattern] = {
    "photo": re.compile(r"\b(?:photos?|photograph(?:s|ed)?|pictures?|snapshots?|selfies?)\b", re.IGNORECASE),
    "video": re.compile(r"\b(?:videos?|videotaped?|footage|livestream(?:ed)?)\b", re.IGNORECASE),
}
#: "said in a video", "in a video statement": the medium a person spoke in, not an item the story is about.
_SPOKEN_IN = re.compile(r"\b(?:said|says|told|announced|apologi[sz]ed|posted|statement|message|address)\b", re.IGNORECASE)
#: Content words (media words aside) two sentences must share to describe one item: what it shows.
MEDIUM_MIN_SHARED = 3
MEDIUM_MIN_COSINE = 0.45
MEDIUM_WINDOW = 12  # words each side of the medium word


@lru_cache(maxsize=16384)
def _medium_of(text: str) -> tuple[str, tuple[tuple[int, int], ...]] | None:
    """The one kind of medium a sentence calls its item, and where, or None (none, both, or a spoken medium)."""
    kinds = {kind: tuple(m.span() for m in pattern.finditer(text)) for kind, pattern in MEDIA_KINDS.items()}
    named = [kind for kind, spans in kinds.items() if spans]
    if len(named) != 1:
        return None
    kind = named[0]
    start, end = kinds[kind][0]
    if _SPOKEN_IN.search(text, max(0, start - 40), min(len(text), end + 40)):
        return None
    return kind, kinds[kind]


def _medium_slots(a: Claim, b: Claim, cosine: float) -> SlotComparison | None:
    """A photo in one outlet, a video in the other, of one item described in the same words."""
    if cosine < MEDIUM_MIN_COSINE:
        return None
    medium_a, medium_b = _medium_of(a.text), _medium_of(b.text)
    if medium_a is None or medium_b is None or medium_a[0] == medium_b[0]:
        return None
    # What each item shows is told around its medium word ("a video showing her holding ..."), not anywhere in the sentence.
    around_a = frozenset().union(*(_window(a.text, start, end, MEDIUM_WINDOW) for start, end in medium_a[1]))
    around_b = frozenset().union(*(_window(b.text, start, end, MEDIUM_WINDOW) for start, end in medium_b[1]))
    shared = _loose(around_a) & _loose(around_b)
    if len(shared) < MEDIUM_MIN_SHARED:
        return None
    word_a = a.text[slice(*medium_a[1][0])]
    word_b = b.text[slice(*medium_b[1][0])]
    alignment = round(min(1.0, 0.5 * cosine + 0.05 * len(shared)), 4)
    return SlotComparison(CONFLICT, "medium", "kind of medium", word_a, word_b, alignment,
                          f"kind of medium: {word_a} vs {word_b} (both showing: {', '.join(_words_of(a.text, shared)[:4])})")


def _words_of(text: str, loose_stems: frozenset[str]) -> list[str]:
    """The words of ``text`` behind some loose stems, in text order: what a reader recognises, not "bloo"."""
    words = []
    for match in _TOKEN_RE.finditer(text):
        word = match.group(0).strip("'’-")
        if word.lower() not in _STOP and stem(word.lower())[:4] in loose_stems and word not in words:
            words.append(word)
    return words
