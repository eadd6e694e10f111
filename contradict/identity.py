"""Ids of findings derived from what they say, so that they survive a re-run and an added article.

A finding's id must not depend on positions (topic numbers, a group's rank, a sentence's
character span): adding one article renumbers topics and shifts ranks, and a fact-checker's
decisions (see :mod:`contradict.review`) are keyed by finding id. So ids are built from content:

- a **claim key** is the outlet and the sentence text, normalised (Unicode NFKC, case folded,
  quotes and dashes unified, whitespace collapsed);
- a **pair key** is the two claim keys, in sorted order, hashed: the same two sentences from
  the same two outlets give the same key in any run, whatever their article files are called;
- a conflict's id is ``f-`` and its pair key;
- an agreement group's id is ``f-`` and a hash of its **anchor**, the sentence of its earliest
  article (the smallest claim key among equals; undated articles count as latest). A sentence is in
  one group only, so the anchor names the group; an article published after the anchor's never
  changes the id, whatever it adds to the group, and when two groups merge the earlier one's id stays.
  Stories grow by later articles: on the seeds, adding the latest article keeps every id but that of
  a group it merged into another. An earlier article can take the anchor: the grown group is then
  matched by its sentences (see :mod:`contradict.workflow.diff`).

A finding whose verdict changes between runs (a conflict that became an agreement) gets another
id; a diff matches it by its sentences and says its verdict changed.

Example:
    >>> a = claim_key("BBC", "More than 100,000 troops.")
    >>> b = claim_key("Express", "From 60,000 to 90,000 troops.")
    >>> finding_id([pair_key(a, b)]) == finding_id([pair_key(b, a)])
    True
    >>> group_id([("2022-02-15", a), ("2021-12-25", b)]) == group_id([("2021-12-25", b), (None, "0000")])
    True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable

# Typographic variants a re-published or re-encoded article may use for the same character.
_VARIANTS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                           "\u2212": "-", "\u00a0": " "})
_SPACE = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """Text as claim keys compare it: NFKC, case folded, curly quotes and dashes made plain, spaces collapsed.

    Example:
        >>> normalise("  “More than 100,000” – troops ")
        '"more than 100,000" - troops'
    """
    if not text:
        return ""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", str(text)).translate(_VARIANTS).casefold()).strip()


def claim_key(source: str | None, text: str | None) -> str:
    """A sentence's identity across runs: its outlet and its normalised text, hashed (16 hex digits).

    Example:
        >>> claim_key("BBC", "Troops  massed.") == claim_key("bbc", "troops massed.")
        True
    """
    return hashlib.sha1(f"{normalise(source)}\x1f{normalise(text)}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def pair_key(key_a: str, key_b: str) -> str:
    """Two claim keys as one, whichever side came first (12 hex digits).

    Example:
        >>> pair_key("aa", "bb") == pair_key("bb", "aa")
        True
    """
    first, second = sorted((key_a, key_b))
    return hashlib.sha1(f"{first}|{second}".encode()).hexdigest()[:12]


def finding_id(pair_keys: Iterable[str]) -> str:
    """The id of a pair finding (a conflict): ``f-`` and its pair key (the smallest, given several).

    Example:
        >>> finding_id(["b1", "a2"])
        'f-a2'
    """
    return f"f-{min(pair_keys)}"


def group_id(members: Iterable[tuple[str | None, str]]) -> str:
    """The id of an agreement group from its sentences' ``(article date, claim key)``: a hash of the earliest one.

    ISO dates sort as text; a sentence without a date sorts after every dated one.

    Example:
        >>> group_id([("2021-12-26", "b"), ("2021-12-25", "c")]) == group_id([("2021-12-25", "c"), ("2022-01-01", "a")])
        True
    """
    _date, anchor = min(members, key=lambda member: (member[0] is None, member[0] or "", member[1]))
    return "f-" + hashlib.sha1(f"group|{anchor}".encode()).hexdigest()[:12]


def unique_ids(ids: list[str]) -> list[str]:
    """``ids`` with repeats made distinct (``f-x``, ``f-x-2``, ...), first come first served.

    Two findings share a key only when one outlet printed the very same pair of sentences twice.

    Example:
        >>> unique_ids(["f-a", "f-b", "f-a"])
        ['f-a', 'f-b', 'f-a-2']
    """
    seen: dict[str, int] = {}
    out = []
    for value in ids:
        seen[value] = seen.get(value, 0) + 1
        out.append(value if seen[value] == 1 else f"{value}-{seen[value]}")
    return out
