"""The same quoted words, or the same quote with one word swapped."""

from __future__ import annotations

import difflib
import os
import re

from ..types import Claim
from .base import AGREE, CONFLICT, SlotComparison
from .words import _STOP

#: A quote must share at least this many words in a row with the other to be the same quote...
QUOTE_MIN_SHARED = 5
#: ...and this share of the shorter quote's words in all.
QUOTE_MIN_OVERLAP = 0.6


_QUOTE_RE = re.compile(r"[“\"]([^“”\"]{12,}?)[”\"]")
_CONTRACTIONS = {"n't": " not", "'re": " are", "'s": " is", "'ve": " have", "'ll": " will", "'m": " am", "'d": " would"}
#: Spoken forms an outlet may transcribe either way: the same words, not a swapped one.
_SPOKEN_FORMS = {"gonna": "going to", "wanna": "want to", "gotta": "got to", "gimme": "give me", "lemme": "let me",
                 "kinda": "kind of", "sorta": "sort of", "outta": "out of", "cause": "because", "em": "them", "ya": "you"}


#: "[President] Obama's war": words in square brackets are the outlet's insertion, not the speaker's.
_EDITORIAL_INSERTION = re.compile(r"\[[^\[\]]{0,80}\]")


def _quote_words(quote: str) -> list[str]:
    text = _EDITORIAL_INSERTION.sub(" ", quote).lower().replace("’", "'").replace("‘", "'")
    for short, full in _CONTRACTIONS.items():
        text = text.replace(short, full)
    words = []
    for word in re.findall(r"[a-z0-9]+", text):
        words.extend(_SPOKEN_FORMS.get(word, word).split())
    return words


def quoted_passages(text: str) -> list[str]:
    """The passages of ``text`` inside double quotes (straight or curly), at least 12 characters long.

    >>> quoted_passages('He said: “We are asking the president to open the government,” and left.')
    ['We are asking the president to open the government,']
    """
    passages = [m.group(1) for m in _QUOTE_RE.finditer(text)]
    # A quote of several sentences is split into sentences: its first part opens a quote that
    # never closes, its last part closes one that never opened.
    marks = [m for m in re.finditer(r"[“”\"]", text)]
    if len(marks) % 2 == 1:
        if marks[0].group(0) in "“\"" and marks[0].start() <= 2 and len(marks) == 1:
            passages.append(text[marks[0].end():])
        elif marks[-1].group(0) in "”\"" and len(marks) == 1:
            passages.append(text[:marks[-1].start()])
    return [p for p in passages if len(p) >= 12]


def same_word(a: str, b: str) -> bool:
    """Whether two words are forms of one word ("duty"/"duties", "end"/"ending"), as far as spelling tells.

    >>> same_word("duty", "duties"), same_word("ending", "end"), same_word("debating", "doing")
    (True, True, False)
    """
    a, b = a.lower(), b.lower()
    if a == b or a.startswith(b) or b.startswith(a):
        return True
    prefix = len(os.path.commonprefix([a, b]))
    return prefix >= 4 or (prefix >= 3 and prefix >= min(len(a), len(b)) - 1)


def _quote_slots(a: Claim, b: Claim) -> SlotComparison | None:
    agreed = None
    for quote_a in quoted_passages(a.text):
        words_a = _quote_words(quote_a)
        for quote_b in quoted_passages(b.text):
            words_b = _quote_words(quote_b)
            matcher = difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False)
            blocks = matcher.get_matching_blocks()
            if max((block.size for block in blocks), default=0) < QUOTE_MIN_SHARED:
                continue
            matched = [block for block in blocks if block.size]
            # Only the stretch both outlets quote counts: one may start earlier or stop later.
            first, last = matched[0], matched[-1]
            span_a = last.a + last.size - first.a
            span_b = last.b + last.size - first.b
            shared = sum(block.size for block in matched)
            alignment = round(shared / max(1, min(span_a, span_b)), 4)
            if alignment < QUOTE_MIN_OVERLAP or "*" in quote_a + quote_b:
                continue  # two different passages that share a phrase, or a word censored in one of them
            swaps, other_changes = [], 0
            for op, a1, a2, b1, b2 in matcher.get_opcodes():
                if op == "equal" or a2 <= first.a or a1 >= last.a + last.size:
                    continue
                old = [w for w in words_a[a1:a2] if w not in _STOP]
                new = [w for w in words_b[b1:b2] if w not in _STOP]
                if op == "replace" and len(old) == 1 and len(new) == 1 and same_word(old[0], new[0]):
                    continue  # "duty" / "duties": one word, inflected
                # shared words each side of the swap: a content word, or both quotes open (close) alike
                inside = (any(w not in _STOP for w in words_a[first.a:a1]) or first.a == first.b == 0) and \
                    (any(w not in _STOP for w in words_a[a2:last.a + last.size])
                     or (last.a + last.size == len(words_a) and last.b + last.size == len(words_b)))
                if op == "replace" and len(old) == 1 and len(new) == 1 and not (old[0].isdigit() or new[0].isdigit()) \
                        and inside:
                    # a swap inside the shared words; at their edge ("readout of the meeting" / "details of
                    # the conversation") is where two different statements part
                    swaps.append((" ".join(words_a[a1:a2]), " ".join(words_b[b1:b2])))
                elif old or new:
                    other_changes += 1
            if other_changes:
                continue  # words added or dropped inside the quote: a different passage or a paraphrase
            if swaps:
                old, new = swaps[0]
                return SlotComparison(CONFLICT, "quote", "quoted words", old, new, alignment,
                                      f"the same quote with different words: '{old}' vs '{new}'")
            agreed = agreed or SlotComparison(AGREE, "quote", "quoted words", quote_a.strip(), quote_b.strip(), alignment,
                                              "the same words quoted")
    return agreed
