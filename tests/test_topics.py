import numpy as np

from contradict.topics import cluster_topics, label_topics


def test_clustering_is_deterministic_and_numbered_in_reading_order():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 16))
    vectors = np.vstack([centres[k] + 0.05 * rng.normal(size=16) for k in [2, 2, 0, 1, 0, 2]])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    first = cluster_topics(vectors.astype(np.float32))
    assert first.tolist() == [0, 0, 1, 2, 1, 0]
    assert cluster_topics(vectors.astype(np.float32)).tolist() == first.tolist()


def test_any_sklearn_clusterer_can_be_passed():
    from sklearn.cluster import KMeans

    vectors = np.array([[1, 0], [0.98, 0.05], [0, 1], [0.05, 0.99]], dtype=np.float32)
    ids = cluster_topics(vectors, clusterer=KMeans(n_clusters=2, n_init=1, random_state=0))
    assert ids.tolist() == [0, 0, 1, 1]


def test_tiny_inputs():
    assert cluster_topics(np.zeros((0, 4), dtype=np.float32)).tolist() == []
    assert cluster_topics(np.ones((1, 4), dtype=np.float32)).tolist() == [0]


def test_labels_name_the_distinctive_words_and_a_recurring_number():
    texts = [
        "More than 100,000 Russian troops massed at the border.",
        "The troops at the border numbered 100,000.",
        "Talks are planned in Geneva next month.",
        "Putin hopes the Geneva talks start in January.",
    ]
    labels = label_topics(texts, [0, 0, 1, 1])
    assert "troops" in labels[0] and "border" in labels[0] and "100,000" in labels[0]
    assert "geneva" in labels[1] and "talks" in labels[1]
    assert "the" not in labels[0].split(" / ")


def test_zero_vectors_get_topics_of_their_own():
    vectors = np.array([[1, 0], [0, 0], [0.99, 0.05], [0, 0]], dtype=np.float32)
    assert cluster_topics(vectors).tolist() == [0, 1, 0, 2]


def test_default_clustering_groups_exactly_as_scikit_learn_average_linkage():
    # The default computes distances by matrix product for speed; the grouping must be the one
    # AgglomerativeClustering(metric="cosine", linkage="average") gives, including repeated sentences.
    from sklearn.cluster import AgglomerativeClustering

    from contradict.topics import _renumber_by_first_appearance

    rng = np.random.default_rng(1)
    for trial in range(60):
        vectors = rng.normal(size=(int(rng.integers(2, 50)), 8)).astype(np.float32)
        if trial % 3 == 0:  # syndicated copies: identical rows
            vectors = np.vstack([vectors, vectors[:4]])
        threshold = float(rng.uniform(0.2, 1.2))
        expected = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                           distance_threshold=threshold).fit(vectors).labels_
        got = cluster_topics(vectors, distance_threshold=threshold)
        assert got.tolist() == _renumber_by_first_appearance(np.asarray(expected)).tolist(), trial


def test_vectors_at_exactly_the_threshold_distance_stay_apart():
    # scikit-learn merges only below distance_threshold; cosine distance here is exactly 1.0.
    vectors = np.array([[1, 0], [0, 1]], dtype=np.float32)
    assert cluster_topics(vectors, distance_threshold=1.0).tolist() == [0, 1]
    assert cluster_topics(vectors, distance_threshold=1.0001).tolist() == [0, 0]
