"""Find near-duplicate articles (the same story twice, a syndicated or lightly rewritten copy).

A wire story republished by three sites is one report, not three agreeing outlets, so
copies must count once. Detection is deterministic and model-free: each article
becomes the set of its word 5-grams ("shingles", lower-cased words), and two articles
are near-duplicates when the **containment** of the smaller set in the larger,
``|A ∩ B| / min(|A|, |B|)``, reaches the threshold.

Why containment and 0.4 (:data:`DEFAULT_THRESHOLD`): containment, unlike Jaccard,
also catches a copy that kept only part of the story. Each changed word breaks the
up to 5 shingles that contain it, so a copy keeps about ``(1 - f)**5`` of its
shingles when a share ``f`` of words is changed at random (one in seven changed:
0.46), and ``1 - 5f`` in the worst case of evenly spaced changes (one word in ten:
0.49 measured on the seeds; one in nine: 0.44; one in eight: 0.37, not merged).
Reordering paragraphs only breaks the few shingles that straddle a paragraph end.
Different articles about the same event share only quotes and stock phrases. Measured on
real news (../shared/basil-feed: 300 articles, 100 events, three outlets each), the highest
containment between two outlets' articles on one event is 0.35 (99th percentile 0.33; 18 of
300 pairs reach 0.2: long shared quotes and wire passages), and between articles on different
events 0.03: 0.4 merges none of them, with a margin of 0.05 that a story quoting more of one
speech could cross. Two rewrites of the same wire story by different outlets may pass the
threshold; that is intended (they are one report).

Groups are connected components of the "near-duplicate" relation (if A~B and B~C,
all three are one group even when A and C alone fall below the threshold). Each
group keeps its earliest article in input order, unless a member is more than 10%
longer (:data:`KEEP_LONGER_RATIO`: the full story beats an excerpt);
:func:`merge_duplicate_sentences` then marks the copies' sentences that repeat the
kept article as ``"merged"``.

Example:
    >>> groups = find_duplicate_articles(articles)  # doctest: +SKIP
    >>> [(g.kept_id, g.duplicate_ids) for g in groups]  # doctest: +SKIP
    [('reuters-1', ('yahoo-copy',))]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Sequence

import numpy as np

from contradict.types import MERGED, USED, Article, Sentence

__all__ = [
    "DEFAULT_THRESHOLD",
    "SHINGLE_SIZE",
    "KEEP_LONGER_RATIO",
    "DuplicateGroup",
    "shingles",
    "containment",
    "find_duplicate_articles",
    "duplicate_map",
    "merge_duplicate_sentences",
]

#: Containment of word 5-grams at or above which two articles are near-duplicates.
DEFAULT_THRESHOLD = 0.4
#: A group keeps its earliest article (input order) unless another member has more
#: than this many times its words: then the longer one, e.g. the full story over a
#: syndicated excerpt, is kept.
KEEP_LONGER_RATIO = 1.1
#: Words per shingle. Shorter shingles make unrelated articles on one event look alike.
SHINGLE_SIZE = 5
#: A copy's sentence is merged into the kept article's most similar sentence when
#: at least this share of its words (of the smaller sentence) occurs in that sentence.
SENTENCE_MATCH_OVERLAP = 0.7

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DuplicateGroup:
    """Articles that are copies of one another.

    ``kept_id`` is the id of the article that counts; ``duplicate_ids`` the ids merged
    into it, with ``containment`` (shingle containment against ``kept_id``, 0-1) in the same
    order. ``reason`` is a one-line explanation for the report.
    """

    kept_id: str
    duplicate_ids: tuple[str, ...]
    containment: tuple[float, ...]
    reason: str


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, size: int = SHINGLE_SIZE) -> frozenset[str]:
    """The set of word ``size``-grams of a text (lower-cased, punctuation ignored).

    A text shorter than ``size`` words gives one shingle of all its words, so short
    texts can still be compared.

    Example:
        >>> sorted(shingles("Russia withdrew 10,000 troops today", size=4))
        ['10 000 troops today', 'russia withdrew 10 000', 'withdrew 10 000 troops']
    """
    return _shingles_of(_words(text), size)


def _shingles_of(words: list[str], size: int) -> frozenset[str]:
    if not words:
        return frozenset()
    if len(words) < size:
        return frozenset([" ".join(words)])
    # zip of shifted views yields every window of ``size`` words without a Python-level loop.
    return frozenset(map(" ".join, zip(*(words[offset:] for offset in range(size)))))


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """``|a ∩ b| / min(|a|, |b|)``: 1.0 when the smaller set lies inside the larger; 0.0 if either is empty.

    Example:
        >>> containment(frozenset({"a", "b"}), frozenset({"a", "b", "c"}))
        1.0
    """
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _article_key(article: Article, position: int) -> str:
    return article.id if article.id is not None else f"#{position}"


def _kept_member(indices: list[int], word_counts: list[int]) -> int:
    """The earliest article of a group, unless a member is clearly longer (it has more claims)."""
    earliest = min(indices)
    longest = max(indices, key=lambda i: (word_counts[i], -i))
    return longest if word_counts[longest] > KEEP_LONGER_RATIO * word_counts[earliest] else earliest


def _shared_counts(sets: Sequence[frozenset[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of sets ``(first[k], second[k])``, ``first < second``, sharing ``count[k]`` shingles (0 never listed).

    Counted through an inverted index instead of comparing every pair. Articles about
    one event share many shingles (quotes, syndicated copies), and mostly the same
    ones: the shingles are first grouped by the exact set of articles holding them, so
    each group adds its size to its pairs once, in numpy, instead of once per shingle.

    Example:
        >>> first, second, count = _shared_counts([frozenset("ab"), frozenset("abc"), frozenset("c")])
        >>> list(zip(first.tolist(), second.tolist(), count.tolist()))
        [(0, 1, 2), (1, 2, 1)]
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for index, shingle_set in enumerate(sets):
        for shingle in shingle_set:
            postings[shingle].append(index)
    holder_groups = Counter(tuple(holders) for holders in postings.values() if len(holders) > 1)
    if not holder_groups:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    size = len(sets)
    upper: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # every (i < j) position pair, per group size
    codes, weights = [], []
    for holders, shingle_count in holder_groups.items():
        if len(holders) not in upper:
            upper[len(holders)] = np.triu_indices(len(holders), 1)
        rows, columns = upper[len(holders)]
        members = np.array(holders, dtype=np.int64)
        codes.append(members[rows] * size + members[columns])  # postings are ascending: first < second
        weights.append(np.full(len(rows), shingle_count, dtype=np.int64))
    pairs, position = np.unique(np.concatenate(codes), return_inverse=True)
    count = np.bincount(position, weights=np.concatenate(weights)).astype(np.int64)
    return pairs // size, pairs % size, count


def find_duplicate_articles(
    articles: Sequence[Article],
    threshold: float = DEFAULT_THRESHOLD,
    *,
    shingle_size: int = SHINGLE_SIZE,
) -> list[DuplicateGroup]:
    """Groups of near-duplicate articles; articles with no copy appear in no group.

    Deterministic: groups are ordered by the input position of their kept article.
    An inverted index over shingles keeps this fast for hundreds of articles.

    Example:
        >>> a = Article(text="Russia said on Saturday that more than 10,000 troops had returned to base.", id="a")
        >>> b = Article(text="Russia said on Saturday that more than 10,000 troops had returned to bases.", id="b")
        >>> [(g.kept_id, g.duplicate_ids) for g in find_duplicate_articles([a, b])]
        [('a', ('b',))]
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    keys = [_article_key(article, i) for i, article in enumerate(articles)]
    words = [_words(article.body) for article in articles]  # a page's menus and comments are no part of the story
    word_counts = [len(article_words) for article_words in words]
    sets = [_shingles_of(article_words, shingle_size) for article_words in words]
    first, second, shared = _shared_counts(sets)
    set_sizes = np.array([len(shingle_set) for shingle_set in sets], dtype=np.int64)
    # count / min(|A|, |B|): the same float division as containment(), done for all pairs at once.
    near = shared / np.minimum(set_sizes[first], set_sizes[second]) >= threshold

    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(first[near].tolist(), second[near].tolist()):
        parent[root(j)] = root(i)

    members: dict[int, list[int]] = defaultdict(list)
    for index in range(len(articles)):
        members[root(index)].append(index)

    groups = []
    for indices in members.values():
        if len(indices) < 2:
            continue
        kept = _kept_member(indices, word_counts)
        copies = [i for i in indices if i != kept]
        scores = tuple(round(containment(sets[kept], sets[i]), 3) for i in copies)
        names = ", ".join(f"{keys[i]} ({score:.0%})" for i, score in zip(copies, scores))
        groups.append(
            (
                kept,
                DuplicateGroup(
                    kept_id=keys[kept],
                    duplicate_ids=tuple(keys[i] for i in copies),
                    containment=scores,
                    reason=f"near-duplicate copies of {keys[kept]} (shared word {shingle_size}-grams): {names}",
                ),
            )
        )
    return [group for _, group in sorted(groups, key=lambda pair: pair[0])]


def duplicate_map(groups: Iterable[DuplicateGroup]) -> dict[str, str]:
    """Map each merged article id to the id of the article kept in its place.

    Example:
        >>> duplicate_map([DuplicateGroup("a", ("b", "c"), (0.9, 0.8), "")])
        {'b': 'a', 'c': 'a'}
    """
    return {duplicate: group.kept_id for group in groups for duplicate in group.duplicate_ids}


_NUMBER = re.compile(r"\d[\d,.]*")


def _numbers(text: str) -> tuple[str, ...]:
    """The figures a sentence states, as written without separators (the same in a faithful copy)."""
    return tuple(sorted(match.group().rstrip(".,").replace(",", "") for match in _NUMBER.finditer(text)))


def merge_duplicate_sentences(
    sentences: Sequence[Sentence],
    groups: Iterable[DuplicateGroup] | Mapping[str, str],
    *,
    overlap: float = SENTENCE_MATCH_OVERLAP,
) -> list[Sentence]:
    """Mark used sentences of duplicate articles that repeat the kept article as ``"merged"``.

    A copy's used sentence becomes ``status="merged"`` with reason ``"merged with <id>"``
    (the kept article's sentence it repeats: identical words, or at least ``overlap``
    of the smaller sentence's words and the same figures). A copied sentence whose
    figures changed is a claim of its own and stays ``"used"``. Sentences a copy adds stay ``"used"``: they are
    that outlet's own claims. Sentences of other articles are returned unchanged.

    Example:
        >>> merged = merge_duplicate_sentences(sentences, find_duplicate_articles(articles))  # doctest: +SKIP
    """
    mapping = dict(groups) if isinstance(groups, Mapping) else duplicate_map(groups)
    if not mapping:
        return list(sentences)
    # Each kept sentence's words and figures are worked out once, not once per copy sentence.
    kept_sentences: dict[str, list[tuple[str, set[str], tuple[str, ...], Sentence]]] = defaultdict(list)
    kept_ids = set(mapping.values())
    for sentence in sentences:
        if sentence.article_id in kept_ids and sentence.status == USED:
            words = _words(sentence.text)
            kept_sentences[sentence.article_id].append((" ".join(words), set(words), _numbers(sentence.text), sentence))

    result = []
    for sentence in sentences:
        kept_article = mapping.get(sentence.article_id)
        if kept_article is None or sentence.status != USED:
            result.append(sentence)
            continue
        sentence_words = _words(sentence.text)
        normal, words = " ".join(sentence_words), set(sentence_words)
        numbers = _numbers(sentence.text)
        best, best_score = None, 0.0
        for kept_normal, kept_words, kept_numbers, candidate in kept_sentences.get(kept_article, ()):
            if kept_normal == normal:
                best, best_score = candidate, 1.0
                break
            # A copy that changed a figure makes a new claim: it must stay to be compared, not merged away.
            if numbers != kept_numbers:
                continue
            if words and kept_words:
                score = len(words & kept_words) / min(len(words), len(kept_words))
                if score > best_score:
                    best, best_score = candidate, score
        if best is not None and best_score >= overlap:
            result.append(replace(sentence, status=MERGED, reason=f"merged with {best.id}"))
        else:
            result.append(sentence)
    return result
