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
    # Texts as integer ids (whitespace-normalised), so the work below is on int arrays.
    keys = [" ".join(t.split()) for t in texts] if texts is not None else None
    text_ids = (np.unique(np.asarray(keys, dtype=object), return_inverse=True)[1] if keys
                else np.arange(len(source_ids)))
    found: list[np.ndarray] = []
    for topic in np.unique(topic_ids):
        members = np.flatnonzero(topic_ids == topic)
        if len(members) < 2:
            continue
        cross = source_ids[members][:, None] != source_ids[members][None, :]
        if neighbours_per_sentence is not None:
            similarity = embeddings[members] @ embeddings[members].T
            cross &= _nearest_texts(similarity, cross, text_ids[members], neighbours_per_sentence)
        # A pair is kept when either side chose it.
        rows, columns = np.nonzero(np.triu(cross | cross.T, 1))
        found.append(np.stack([members[rows], members[columns]], axis=1))
    if not found:
        return []
    pairs = np.unique(np.concatenate(found), axis=0)  # sorted rows, so the result is deterministic
    return [(int(i), int(j)) for i, j in pairs.tolist()]


def _nearest_texts(similarity: np.ndarray, allowed: np.ndarray, text_ids: np.ndarray, k: int) -> np.ndarray:
    """Per row, which columns are copies of the row's ``k`` nearest distinct texts among ``allowed`` columns.

    A text ranks by its best allowed copy: highest similarity first, then the lowest column on ties,
    exactly as ordering the columns by (-similarity, column) and taking the first ``k`` distinct texts.
    """
    count = len(similarity)
    local_text = np.unique(text_ids, return_inverse=True)[1]  # texts numbered 0..T-1 within this topic
    text_count = int(local_text.max()) + 1
    order = np.argsort(local_text, kind="stable")  # columns grouped by text, in column order within a text
    starts = np.flatnonzero(np.r_[True, np.diff(local_text[order]) != 0])
    masked = np.where(allowed, similarity, -np.inf)[:, order]
    best = np.maximum.reduceat(masked, starts, axis=1)  # (rows, texts): each text's best allowed copy
    columns = np.broadcast_to(order, masked.shape)
    at_best = masked == np.repeat(best, np.diff(np.r_[starts, count]), axis=1)
    first = np.minimum.reduceat(np.where(at_best, columns, count), starts, axis=1)  # lowest column at that best
    rank = np.lexsort((first, -best), axis=-1)[:, :k]  # the k best texts per row
    chosen = np.zeros((count, text_count), dtype=bool)
    np.put_along_axis(chosen, rank, True, axis=1)
    chosen &= np.isfinite(best)  # a text with no allowed copy is never chosen
    return chosen[:, local_text]


#: Rows of the similarity matrix computed at once: bounds memory to block x sentences floats.
_BLOCK_ROWS = 512


def nearest_across_outlets(embeddings: np.ndarray, sources: Sequence[str], *, texts: Sequence[str] | None = None,
                           neighbours_per_outlet: int = 8, lexical_neighbours_per_outlet: int = 5) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` with ``i < j`` from different outlets, whatever their topics.

    Each sentence keeps, in every *other* outlet, its ``neighbours_per_outlet`` nearest sentences by
    embedding and its ``lexical_neighbours_per_outlet`` nearest by shared words (TF-IDF cosine over
    ``texts``), and a pair is kept when either side chose it. Two sentences that state the same fact
    with different values ("voted on Tuesday" / "passed Wednesday", "Norfolk" / "Norwalk") can land
    in different topics and sit far apart in embedding space, but share their rare words; and a
    bound per outlet means one wordy outlet cannot take every place. Work and pairs grow linearly
    with the number of sentences (times the number of outlets); the similarity matrix is computed in
    blocks of rows, so memory stays bounded too. The result is sorted, so it is deterministic.

    Example:
        >>> vectors = np.array([[1, 0], [0.9, 0.1], [0, 1]], dtype=np.float32)
        >>> nearest_across_outlets(vectors, ["Fox", "BBC", "BBC"], neighbours_per_outlet=1, lexical_neighbours_per_outlet=0)
        [(0, 1), (0, 2)]
    """
    count = len(sources)
    if count < 2:
        return []
    _, source_ids = np.unique(np.asarray(sources, dtype=object), return_inverse=True)
    matrices = [np.asarray(embeddings, dtype=np.float32)]
    budgets = [neighbours_per_outlet]
    if texts is not None and lexical_neighbours_per_outlet > 0:
        lexical = _lexical_vectors(texts)
        if lexical is not None:
            matrices.append(lexical)
            budgets.append(lexical_neighbours_per_outlet)
    outlet_columns = [np.flatnonzero(source_ids == s) for s in range(int(source_ids.max()) + 1)]
    found: list[np.ndarray] = []
    for matrix, k in zip(matrices, budgets):
        if k <= 0:
            continue
        for start in range(0, count, _BLOCK_ROWS):
            rows = np.arange(start, min(count, start + _BLOCK_ROWS))
            block = matrix[rows] @ matrix.T
            block = block.toarray() if hasattr(block, "toarray") else np.asarray(block)
            # A lexical neighbour must share at least one word.
            found.extend(_nearest_per_outlet(block, rows, start, source_ids, outlet_columns, k,
                                             positive_only=matrix is not matrices[0]))
    if not found:
        return []
    pairs = np.concatenate(found)
    pairs = np.sort(pairs, axis=1)
    pairs = np.unique(pairs[pairs[:, 0] != pairs[:, 1]], axis=0)
    return [(int(i), int(j)) for i, j in pairs.tolist()]


def _nearest_per_outlet(similarity: np.ndarray, rows: np.ndarray, offset: int, source_ids: np.ndarray,
                        outlet_columns: list[np.ndarray], k: int, *, positive_only: bool = False) -> list[np.ndarray]:
    """For each of ``rows`` (row ``r`` of ``similarity`` is ``rows[r - offset]``), its ``k`` most similar columns
    in every other outlet, as ``(row, column)`` arrays; ``positive_only`` drops similarities of 0 or less."""
    found = []
    for columns in outlet_columns:
        chosen_rows = rows[source_ids[rows] != source_ids[columns[0]]]
        if not len(chosen_rows):
            continue
        block = similarity[chosen_rows - offset][:, columns]
        take = min(k, len(columns))
        # Ties broken by the lower column, so the choice does not depend on the BLAS.
        order = np.lexsort((np.broadcast_to(columns, block.shape), -block), axis=-1)[:, :take]
        chosen = columns[order]
        if positive_only:
            keep = np.take_along_axis(block, order, axis=1) > 0
            found.append(np.stack([np.repeat(chosen_rows, take)[keep.ravel()], chosen[keep]], axis=1))
        else:
            found.append(np.stack([np.repeat(chosen_rows, take), chosen.ravel()], axis=1))
    return found


def _lexical_vectors(texts: Sequence[str]):
    """Unit-length TF-IDF rows over the texts' words (English stop words left out), or None when no word is left."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        return TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float32).fit_transform(list(texts)).tocsr()
    except ValueError:  # every text is empty or stop words only
        return None


def shared_slot_pairs(embeddings: np.ndarray, sources: Sequence[str], keys: Sequence[frozenset[str]], *,
                      per_outlet: int = 3) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of sentences from different outlets that fill one slot (share a key).

    ``keys`` are each sentence's slot keys (:func:`contradict.slots.slot_keys`: a counted thing, the
    day of a kind of event, a run of quoted words ...). Two sentences giving "4,300 stores" and
    "3,400 stores" must meet even when nothing else in them is alike. Each sentence keeps, per key
    and per other outlet, its ``per_outlet`` nearest sharers by embedding, so pairs stay bounded.

    Example:
        >>> vectors = np.eye(3, dtype=np.float32)
        >>> shared_slot_pairs(vectors, ["Fox", "BBC", "BBC"], [frozenset({"count:stores"}), frozenset(), frozenset({"count:stores"})])
        [(0, 2)]
    """
    holders: dict[str, list[int]] = {}
    for index, sentence_keys in enumerate(keys):
        for key in sentence_keys:
            holders.setdefault(key, []).append(index)
    _, source_ids = np.unique(np.asarray(sources, dtype=object), return_inverse=True)
    vectors = np.asarray(embeddings, dtype=np.float32)
    found: list[np.ndarray] = []
    for key in sorted(holders):
        members = np.asarray(holders[key])  # ascending sentence numbers
        if len(members) < 2:
            continue
        # One matrix product per key, not a dot product per pair: "count:people" can hold thousands.
        local = vectors[members] @ vectors[members].T
        # Work in local numbering (0..m-1), then map back to sentence numbers.
        local_sources = source_ids[members]
        columns = [np.flatnonzero(local_sources == s) for s in np.unique(local_sources)]
        for pairs in _nearest_per_outlet(local, np.arange(len(members)), 0, local_sources, columns, per_outlet):
            found.append(members[pairs])
    if not found:
        return []
    pairs = np.unique(np.sort(np.concatenate(found), axis=1), axis=0)
    return [(int(i), int(j)) for i, j in pairs.tolist()]
