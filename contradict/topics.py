"""Group claim sentences into topics, and name each topic from its words.

Clustering is deterministic: agglomerative clustering on cosine distance with a
distance threshold (no random seeds, no preset number of topics). Any scikit-learn
style clusterer (``fit`` then ``labels_``) can be passed instead, as in BERTopic.

Example:
    >>> labels = cluster_topics(np.eye(3, dtype=np.float32))
    >>> len(set(labels))
    3
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

import numpy as np

from .types import Clusterer

#: Words that never make a topic label: function words and newsroom filler.
STOP_WORDS = frozenset("""
a about above after again against all also although am an and any are as at be because been before being
below between both but by can could did do does doing down during each even ever every few for from further
had has have having he her here hers him his how however i if in into is it its itself just last later least
less like made make many may me might more most much must my near new next no nor not now of off on once only
or other our out over own part per put quite rather said same say says saying she should since so some still
such than that the their them then there these they this those though through thus to told too under until
up upon us very was we were what when where whether which while who whom whose why will with within without
would yet you your mr mrs ms one two also week weeks month months day days year years time recent recently
including according reported report reports news statement announced told saying
""".split())

_WORD = re.compile(r"[A-Za-z][A-Za-z\-’']+|\d[\d,\.]*\d|\d")


def cluster_topics(embeddings: np.ndarray, *, distance_threshold: float = 0.6,
                   clusterer: Clusterer | None = None) -> np.ndarray:
    """Topic id per row of ``embeddings`` (ids are numbered by first appearance, from 0).

    Example:
        >>> cluster_topics(np.array([[1, 0], [0.99, 0.1], [0, 1]], dtype=np.float32)).tolist()
        [0, 0, 1]
    """
    count = len(embeddings)
    if count == 0:
        return np.zeros(0, dtype=int)
    if count == 1:
        return np.zeros(1, dtype=int)
    # A zero vector has no direction, so no cosine distance: such a sentence is a topic of its own.
    usable = np.linalg.norm(embeddings, axis=1) > 0
    raw = np.arange(count) + count  # distinct labels that cannot clash with the clusterer's
    if usable.sum() >= 2:
        if clusterer is None:
            raw[usable] = average_linkage_labels(embeddings[usable], distance_threshold)
        else:
            raw[usable] = np.asarray(clusterer.fit(embeddings[usable]).labels_)
    return _renumber_by_first_appearance(raw)


def average_linkage_labels(embeddings: np.ndarray, distance_threshold: float) -> np.ndarray:
    """Flat clusters of average-linkage clustering on cosine distance, cut below ``distance_threshold``.

    The same clusters as scikit-learn's ``AgglomerativeClustering(metric="cosine", linkage="average",
    distance_threshold=...)`` (merges strictly below the threshold), computed faster, which matters
    because the stage is quadratic in sentences:

    - identical rows (syndicated copies of a sentence) are clustered once, weighted by their number
      of copies: copies merge first at distance 0, after which average linkage treats them exactly
      as one point of that weight;
    - distances come from one matrix product instead of a per-pair ``pdist``;
    - merging stops for a cluster as soon as nothing is nearer than the threshold.

    Rows must be non-zero. Label values are arbitrary; only the grouping counts.

    Example:
        >>> average_linkage_labels(np.array([[1, 0], [0.99, 0.1], [0, 1]]), 0.6).tolist()
        [1, 1, 2]
    """
    rows = np.ascontiguousarray(embeddings, dtype=np.float64)
    point_by_bytes: dict[bytes, int] = {}
    first_rows: list[int] = []
    point_of = np.empty(len(rows), dtype=np.intp)
    for index, row in enumerate(rows):
        point = point_by_bytes.setdefault(row.tobytes(), len(first_rows))
        if point == len(first_rows):
            first_rows.append(index)
        point_of[index] = point
    points = rows[first_rows]
    weights = np.bincount(point_of, minlength=len(points)).astype(np.float64)
    unit = points / np.linalg.norm(points, axis=1, keepdims=True)
    # numpy computes a matrix times its own transpose with a symmetric kernel (half the work,
    # exactly symmetric); the check keeps a distance matrix symmetric should that ever not hold.
    distances = unit @ unit.T
    if not np.array_equal(distances, distances.T):
        distances = (distances + distances.T) / 2
    np.subtract(1.0, distances, out=distances)
    np.maximum(distances, 0.0, out=distances)  # float noise below 0
    return _weighted_average_linkage(distances, weights, distance_threshold)[point_of]


def _weighted_average_linkage(distances: np.ndarray, weights: np.ndarray, threshold: float) -> np.ndarray:
    """Average-linkage (UPGMA) merges strictly below ``threshold`` of weighted points; a cluster id per point.

    Nearest-neighbour-chain algorithm with the Lance-Williams update for average linkage, where a
    point of weight w counts as w identical points. ``distances`` is overwritten.
    """
    size = weights.copy()
    matrix = distances
    np.fill_diagonal(matrix, np.inf)
    members: dict[int, list[int]] = {k: [k] for k in range(len(weights))}  # cluster (its row) -> points
    still_open = set(members)
    chain: list[int] = []
    while len(still_open) > 1:
        if not chain:
            chain.append(min(still_open))
        a = chain[-1]
        row = matrix[a]
        b = int(np.argmin(row))
        if len(chain) > 1 and row[chain[-2]] <= row[b]:
            b = chain[-2]  # ties go back along the chain, which guarantees progress
        if not row[b] < threshold:
            # Nothing is within the threshold of a, nor (distances shrink along the chain) of anything
            # on the chain: those clusters are final. Close them so no later step looks at them.
            for closed in chain:
                matrix[closed, :] = np.inf
                matrix[:, closed] = np.inf
                still_open.discard(closed)
            chain.clear()
        elif len(chain) > 1 and b == chain[-2]:
            del chain[-2:]
            merged = (size[a] * matrix[a] + size[b] * matrix[b]) / (size[a] + size[b])
            size[a] += size[b]
            matrix[a, :] = merged
            matrix[:, a] = merged
            matrix[a, a] = np.inf
            matrix[b, :] = np.inf
            matrix[:, b] = np.inf
            members[a].extend(members.pop(b))
            still_open.discard(b)
        else:
            chain.append(b)
    cluster = np.empty(len(weights), dtype=np.intp)
    for head, points in members.items():
        cluster[points] = head
    return cluster


def _renumber_by_first_appearance(raw: np.ndarray) -> np.ndarray:
    # Stable ids that follow reading order make reports and diffs stable too.
    mapping: dict[int, int] = {}
    for value in raw.tolist():
        if value not in mapping:
            mapping[value] = len(mapping)
    return np.array([mapping[value] for value in raw.tolist()], dtype=int)


def label_topics(texts: Sequence[str], topic_ids: Sequence[int], *, words_per_label: int = 3) -> dict[int, str]:
    """A readable label per topic from its most distinctive words (class TF-IDF), e.g. "troops / border / 100,000".

    A number that recurs within the topic is kept in the label because it is often what the topic is about.

    Example:
        >>> label_topics(["Troops left the border.", "More troops at the border.", "Talks in Geneva."], [0, 0, 1])
        {0: 'troops / border', 1: 'talks / geneva'}
    """
    per_topic: dict[int, Counter] = {}
    for text, topic in zip(texts, topic_ids):
        tokens = [_normalise(token) for token in _WORD.findall(text)]
        per_topic.setdefault(int(topic), Counter()).update(t for t in tokens if t and t not in STOP_WORDS)
    topic_count = len(per_topic)
    document_frequency: Counter = Counter()
    for counts in per_topic.values():
        document_frequency.update(counts.keys())
    labels = {}
    for topic, counts in per_topic.items():
        def weight(word: str) -> float:
            idf = np.log(1 + topic_count / document_frequency[word])
            return counts[word] * idf
        ranked = sorted(counts, key=lambda word: (-weight(word), word))
        words = [w for w in ranked if not w[0].isdigit()][:words_per_label]
        numbers = [w for w in ranked if w[0].isdigit() and counts[w] > 1 and len(w) > 2][:1]
        chosen = words[: max(1, words_per_label - len(numbers))] + numbers if numbers else words
        labels[topic] = " / ".join(chosen) if chosen else f"topic {topic}"
    return labels


def _normalise(token: str) -> str:
    token = token.strip("’'-.,").lower()
    if token.endswith("’s") or token.endswith("'s"):
        token = token[:-2]
    return token
