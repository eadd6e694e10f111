"""Stories: which articles of a mixed feed report the same event, so that each story is compared on its own.

A day's feed holds dozens of stories; comparing its sentences across stories wastes NLI and
finds false conflicts. Articles are grouped before any sentence pair is chosen:

- an article's ``story`` metadata field, when given, decides (a newsroom that already knows
  its stories keeps them);
- the other articles are clustered on their *article vectors* (the mean of their claim
  sentences' embeddings, which the pipeline has already computed) plus their dates:
  complete-linkage clustering on ``1 - cosine + per_day x days apart`` (the date term capped
  at 1), cut at ``story_distance``. Complete linkage means every two articles of a story are
  close, so two stories never chain together through one article that mentions both.

With the defaults (0.4, 0.05 per day), the 300 real articles of ``../shared/basil-feed``
(100 events x 3 outlets) are regrouped with an adjusted Rand index of 0.99
(benchmarks/RESULTS.md).

Works on arrays only, like :mod:`contradict.topics`.

Example:
    >>> vectors = np.array([[1, 0], [0.98, 0.2], [0, 1]], dtype=np.float32)
    >>> cluster_stories(vectors, ["2024-05-01", "2024-05-01", "2024-05-01"]).tolist()
    [0, 0, 1]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from typing import Sequence

import numpy as np

from .types import Article

#: How a story was formed: from the articles' ``story`` field, by clustering, or the whole input as one story.
BY_METADATA = "metadata"
BY_CLUSTERING = "clustering"
WHOLE_INPUT = "whole input"


@dataclass(frozen=True)
class Story:
    """One story: the articles that report one event.

    ``id`` is the ``story`` metadata value when the articles carried one, else ``s1``, ``s2``, ...
    in the order of each story's first article in the input. ``label`` is the title of the story's
    earliest article. ``grouped_by`` is :data:`BY_METADATA`, :data:`BY_CLUSTERING` or :data:`WHOLE_INPUT`.
    """

    id: str
    label: str
    article_ids: tuple[str, ...]
    grouped_by: str


def article_vectors(sentence_vectors: np.ndarray, sentence_articles: Sequence[str], article_ids: Sequence[str]) -> np.ndarray:
    """One unit-length row per article: the mean of its sentences' rows (zeros for an article without any).

    Example:
        >>> article_vectors(np.array([[1, 0], [0, 1], [0, 1]], dtype=np.float32), ["a", "a", "b"], ["a", "b"]).round(3)
        array([[0.707, 0.707],
               [0.   , 1.   ]], dtype=float32)
    """
    row_of = {article_id: row for row, article_id in enumerate(article_ids)}
    width = sentence_vectors.shape[1] if sentence_vectors.ndim == 2 else 0
    sums = np.zeros((len(article_ids), width), dtype=np.float64)
    if len(sentence_articles):
        np.add.at(sums, np.asarray([row_of[a] for a in sentence_articles], dtype=np.intp),
                  np.asarray(sentence_vectors, dtype=np.float64))
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return (sums / np.where(norms == 0, 1, norms)).astype(np.float32)


def _days(value: str | None) -> float:
    try:
        return float(Date.fromisoformat(value).toordinal()) if value else np.nan
    except (TypeError, ValueError):
        return np.nan


def cluster_stories(vectors: np.ndarray, dates: Sequence[str | None], *, distance_threshold: float = 0.4,
                    per_day: float = 0.05) -> np.ndarray:
    """A story number per article row (numbered by first appearance, from 0).

    The distance of two articles is ``1 - cosine`` of their vectors plus ``per_day`` for each day
    between their dates (at most 1; nothing when either date is unknown); complete-linkage
    clusters are cut below ``distance_threshold``. An article without a vector (all zeros: no
    claim sentence) is a story of its own.

    Example:
        >>> vectors = np.array([[1, 0], [1, 0], [1, 0]], dtype=np.float32)
        >>> cluster_stories(vectors, ["2024-05-01", "2024-05-02", "2024-07-01"]).tolist()  # same words, 2 months apart
        [0, 0, 1]
    """
    count = len(vectors)
    if count < 2:
        return np.zeros(count, dtype=int)
    vectors = np.asarray(vectors, dtype=np.float64)
    distance = 1.0 - np.clip(vectors @ vectors.T, -1.0, 1.0)
    days = np.array([_days(value) for value in dates])
    apart = np.abs(days[:, None] - days[None, :])
    distance += np.minimum(1.0, per_day * np.nan_to_num(apart, nan=0.0))
    empty = ~vectors.any(axis=1)
    distance[empty, :] = distance[:, empty] = 2.0 + distance_threshold  # never merged
    np.fill_diagonal(distance, 0.0)
    raw = complete_linkage_labels(distance, distance_threshold)
    first: dict[int, int] = {}
    return np.array([first.setdefault(label, len(first)) for label in raw.tolist()], dtype=int)


def complete_linkage_labels(distance: np.ndarray, distance_threshold: float) -> np.ndarray:
    """Flat clusters of complete linkage on a square distance matrix, merges strictly below ``distance_threshold``.

    What scikit-learn's ``AgglomerativeClustering(metric="precomputed", linkage="complete",
    distance_threshold=...)`` computes (it builds the same SciPy tree and undoes every merge at or
    above the threshold), without importing scikit-learn: about 1.5 s of a warm run. Label values
    are arbitrary; only the grouping counts.

    Example:
        >>> complete_linkage_labels(np.array([[0, 0.1, 0.9], [0.1, 0, 0.8], [0.9, 0.8, 0]]), 0.4).tolist()
        [0, 0, 1]
    """
    from scipy.cluster.hierarchy import linkage

    count = len(distance)
    tree = linkage(distance[np.triu_indices(count, k=1)], method="complete")
    merges = count - 1 - int(np.count_nonzero(tree[:, 2] >= distance_threshold))
    members: dict[int, list[int]] = {row: [row] for row in range(count)}
    for step in range(merges):
        members[count + step] = members.pop(int(tree[step, 0])) + members.pop(int(tree[step, 1]))
    labels = np.zeros(count, dtype=int)
    for label, rows in enumerate(members.values()):
        labels[rows] = label
    return labels


def group_stories(articles: Sequence[Article], vectors: np.ndarray, *, distance_threshold: float = 0.4,
                  per_day: float = 0.05) -> list[Story]:
    """The stories of ``articles`` (``vectors``: one row per article, see :func:`article_vectors`).

    Articles with a ``story`` field keep it; the rest are clustered among themselves
    (:func:`cluster_stories`). Stories are listed in the order of their first article.

    Example:
        >>> [story.article_ids for story in group_stories(articles, article_vectors(...))]
        [('fox-1', 'bbc-1'), ('fox-2',)]
    """
    given = [article.story for article in articles]
    open_rows = [row for row, story in enumerate(given) if not story]
    numbers = cluster_stories(vectors[open_rows], [articles[row].date for row in open_rows],
                              distance_threshold=distance_threshold, per_day=per_day) if open_rows else []
    taken = {story for story in given if story}
    names: dict[int, str] = {}
    counter = 0
    key_of: list[tuple[str, str]] = []  # per article: (how grouped, story id)
    number_of = dict(zip(open_rows, (int(n) for n in numbers)))
    for row, story in enumerate(given):
        if story:
            key_of.append((BY_METADATA, story))
            continue
        number = number_of[row]
        if number not in names:
            counter += 1
            while f"s{counter}" in taken:
                counter += 1
            names[number] = f"s{counter}"
        key_of.append((BY_CLUSTERING, names[number]))
    return _stories(articles, key_of)


def whole_input(articles: Sequence[Article]) -> list[Story]:
    """The whole input as one story (``s1``), for a run that does not group stories."""
    return _stories(articles, [(WHOLE_INPUT, "s1")] * len(articles)) if articles else []


def _stories(articles: Sequence[Article], key_of: list[tuple[str, str]]) -> list[Story]:
    members: dict[str, list[Article]] = {}
    how: dict[str, str] = {}
    for article, (grouped_by, story_id) in zip(articles, key_of):
        members.setdefault(story_id, []).append(article)
        how.setdefault(story_id, grouped_by)
    return [Story(story_id, _label(group), tuple(a.id for a in group), how[story_id]) for story_id, group in members.items()]


def _label(group: list[Article]) -> str:
    # The earliest article's title names the story (the first in the input on a tie); undated ones come last.
    _, _, first = min((article.date is None, article.date or "", position) for position, article in enumerate(group))
    return group[first].title or group[first].id or ""


def spans_several_stories(stories: Sequence[Story], source_of: dict[str, str]) -> bool:
    """Whether a grouping shows a feed rather than one story told by several outlets.

    True when there are at least two stories and some outlet's articles fall in two of them:
    an outlet rarely files two articles on one event in one batch, while one event told by
    several outlets can still look like two stories when its articles are weeks apart (as in
    ``seeds/``). Used to group stories automatically when neither ``--stories`` nor
    ``--no-stories`` is given.

    Example:
        >>> spans_several_stories([Story("s1", "", ("fox-1", "bbc-1"), "clustering"), Story("s2", "", ("fox-2",), "clustering")],
        ...                       {"fox-1": "Fox", "bbc-1": "BBC", "fox-2": "Fox"})
        True
    """
    if len(stories) < 2:
        return False
    seen: dict[str, str] = {}
    for story in stories:
        for article_id in story.article_ids:
            outlet = source_of.get(article_id)
            if seen.setdefault(outlet, story.id) != story.id:
                return True
    return False
