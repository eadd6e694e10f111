import numpy as np
import pytest

from contradict.pairing import candidate_pairs


def unit(rows):
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_pairs_never_join_two_sentences_of_one_outlet():
    vectors = unit([[1, 0], [1, 0.1], [1, 0.2], [1, 0.3]])
    sources = ["Fox", "Fox", "BBC", "BBC"]
    pairs = candidate_pairs(vectors, [0, 0, 0, 0], sources)
    assert pairs == [(0, 2), (0, 3), (1, 2), (1, 3)]
    assert all(sources[i] != sources[j] for i, j in pairs)


def test_pairs_stay_within_a_topic():
    vectors = unit([[1, 0], [1, 0.1], [0, 1], [0.1, 1]])
    assert candidate_pairs(vectors, [0, 1, 0, 1], ["A", "B", "B", "A"]) == [(0, 2), (1, 3)]


def test_neighbour_bound_keeps_the_most_similar():
    vectors = unit([[1, 0], [1, 0.05], [1, 1], [0.2, 1]])
    pairs = candidate_pairs(vectors, [0] * 4, ["A", "B", "B", "B"], neighbours_per_sentence=1)
    # A's nearest is sentence 1; B sentences each choose A (the only other outlet)
    assert (0, 1) in pairs and len(pairs) == 3


@pytest.mark.parametrize("k", [None, 1, 2, 5])
def test_pairs_are_sorted_and_unique(k):
    rng = np.random.default_rng(0)
    vectors = unit(rng.normal(size=(30, 8)))
    topics = rng.integers(0, 3, size=30)
    sources = rng.choice(["A", "B", "C"], size=30)
    pairs = candidate_pairs(vectors, topics, sources, neighbours_per_sentence=k)
    assert pairs == sorted(set(pairs))
    assert all(i < j and topics[i] == topics[j] and sources[i] != sources[j] for i, j in pairs)


def test_bounded_pairs_grow_linearly():
    rng = np.random.default_rng(1)
    vectors = unit(rng.normal(size=(200, 8)))
    sources = rng.choice(list("ABCDE"), size=200)
    bounded = candidate_pairs(vectors, [0] * 200, sources, neighbours_per_sentence=5)
    assert len(bounded) <= 200 * 5
    assert len(candidate_pairs(vectors, [0] * 200, sources)) > 10 * len(bounded) / 2


def test_neighbour_places_go_to_distinct_texts_and_keep_every_copy():
    """Three outlets repeat a wire sentence; a fourth changed its number. With k=1 per sentence
    the copies must not crowd out the variant: the variant is a distinct text."""
    wire = "Russia withdrew 10,000 troops."
    texts = ["Russia withdrew over 10,000 troops.", wire, wire, wire, "Russia withdrew 30,000 troops."]
    vectors = unit([[1, 0], [1, 0.01], [1, 0.01], [1, 0.01], [1, 0.3]])
    sources = ["Fox", "AP", "Yahoo", "MSN", "Daily"]
    pairs = candidate_pairs(vectors, [0] * 5, sources, neighbours_per_sentence=1, texts=texts)
    assert {(0, 1), (0, 2), (0, 3)} <= set(pairs)            # every copy of the chosen wire text
    without_texts = candidate_pairs(vectors, [0] * 5, sources, neighbours_per_sentence=1)
    assert len(without_texts) < len(pairs)
    assert (1, 4) in pairs and (0, 4) in candidate_pairs(vectors, [0] * 5, sources, neighbours_per_sentence=2, texts=texts)
