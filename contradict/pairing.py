"""Candidate sentence pairs: within a topic, across outlets, nearest neighbours first.

Works on arrays only (embeddings, topic ids, source names), like
sentence-transformers' ``paraphrase_mining_embeddings``.

Example:
    >>> vectors = np.array([[1, 0], [0.9, 0.1], [1, 0.05]], dtype=np.float32)
    >>> candidate_pairs(vectors, [0, 0, 0], ["Fox", "Fox", "BBC"])
    [(0, 2), (1, 2)]
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def candidate_pairs(embeddings: np.ndarray, topic_ids: Sequence[int], sources: Sequence[str], *,
                    neighbours_per_sentence: int | None = None, texts: Sequence[str] | None = None) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` with ``i < j`` from the same topic and different sources.

    With ``neighbours_per_sentence=k`` each sentence keeps only its ``k`` most similar
    cross-outlet sentences of the topic (a pair is kept when either side chose it), so the
    number of pairs grows linearly with the corpus instead of quadratically. When ``texts``
    are given, the ``k`` places go to ``k`` *distinct* texts and every copy of a chosen text
    is kept: syndicated outlets repeat a wire sentence word for word, and those copies would
    otherwise take all the places from the rewritten variant that changed a number.
    ``None`` keeps every cross-outlet pair of the topic. The result is sorted, so it is deterministic.
    """
    topic_ids = np.asarray(topic_ids)
    _, source_ids = np.unique(np.asarray(sources, dtype=object), return_inverse=True)
    # Texts as integer ids (whitespace-normalised), so the per-row work below is on int arrays.
    keys = [" ".join(t.split()) for t in texts] if texts is not None else None
    text_ids = (np.unique(np.asarray(keys, dtype=object), return_inverse=True)[1] if keys
                else np.arange(len(source_ids)))
    pairs: set[tuple[int, int]] = set()
    for topic in np.unique(topic_ids):
        members = np.flatnonzero(topic_ids == topic)
        if len(members) < 2:
            continue
        similarity = embeddings[members] @ embeddings[members].T
        member_sources = source_ids[members]
        member_texts = text_ids[members]
        for row, i in enumerate(members):
            options = np.flatnonzero(member_sources != member_sources[row])
            if neighbours_per_sentence is not None and len(options) > neighbours_per_sentence:
                # Most similar first; ties broken by position so the choice is deterministic.
                order = options[np.lexsort((options, -similarity[row, options]))]
                ordered_texts = member_texts[order]
                # The k distinct texts that appear first in that order, and every copy of them.
                _, first_seen = np.unique(ordered_texts, return_index=True)
                chosen_texts = ordered_texts[np.sort(first_seen)[:neighbours_per_sentence]]
                options = order[np.isin(ordered_texts, chosen_texts)]
            j = members[options]
            pairs.update(zip(np.minimum(i, j).tolist(), np.maximum(i, j).tolist()))
    return sorted(pairs)
