"""Near-duplicate articles count once; different articles about the same event stay apart."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contradict.dedupe import (
    DEFAULT_THRESHOLD,
    DuplicateGroup,
    containment,
    duplicate_map,
    find_duplicate_articles,
    merge_duplicate_sentences,
    shingles,
)
from contradict.load import load_articles
from contradict.sentences import split_sentences
from contradict.types import MERGED, USED, Article

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    return list(load_articles([SEEDS], detect_language=False).articles)


def rewrite(text: str, every: int = 10) -> str:
    """A light rewrite: every ``every``-th word replaced, paragraphs in reverse order."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    changed = []
    for paragraph in paragraphs:
        words = paragraph.split(" ")
        changed.append(" ".join("reportedly" if i % every == every - 1 else w for i, w in enumerate(words)))
    return "\n\n".join(reversed(changed))


def test_rewritten_copy_is_merged_into_the_original(seeds):
    bbc = seeds[2]
    copy = Article(text=rewrite(bbc.text), source="Copycat Daily", id="copy")
    (group,) = find_duplicate_articles([bbc, copy])
    assert (group.kept_id, group.duplicate_ids) == (bbc.id, ("copy",))
    assert DEFAULT_THRESHOLD <= group.containment[0] < 1.0
    assert "copy" in group.reason


def test_partial_syndicated_copy_is_merged_and_the_longer_article_kept(seeds):
    fox = seeds[0]
    half = Article(text=fox.text[: len(fox.text) // 2], id="half")
    (group,) = find_duplicate_articles([half, fox])  # the copy comes first in input order
    assert (group.kept_id, group.duplicate_ids) == (fox.id, ("half",))
    assert group.containment == (1.0,)


def test_different_seed_articles_are_never_merged(seeds):
    assert find_duplicate_articles(seeds) == []
    # Even the pair sharing the Interfax quote stays far below the threshold.
    for a, b in combinations(seeds, 2):
        assert containment(shingles(a.text), shingles(b.text)) < DEFAULT_THRESHOLD / 4, (a.id, b.id)


@pytest.mark.parametrize("every", [3, 5, 8])
def test_heavily_rewritten_text_is_not_merged(seeds, every):
    bbc = seeds[2]
    loose = Article(text=rewrite(bbc.text, every=every), id="loose")
    assert find_duplicate_articles([bbc, loose]) == []


def test_equal_length_copy_keeps_the_first_given(seeds):
    bbc = seeds[2]
    copy = Article(text=rewrite(bbc.text, every=12), id="copy")
    (group,) = find_duplicate_articles([copy, bbc])
    assert (group.kept_id, group.duplicate_ids) == ("copy", (bbc.id,))


def test_one_group_collects_every_copy_deterministically(seeds):
    original = seeds[3]
    copies = [Article(text=rewrite(original.text, every=n), id=f"c{n}") for n in (12, 14)]
    inputs = [original, *copies, seeds[0]]
    groups = find_duplicate_articles(inputs)
    assert groups == find_duplicate_articles(inputs)
    (group,) = groups
    assert group.kept_id == original.id and set(group.duplicate_ids) == {"c12", "c14"}
    assert duplicate_map(groups) == {"c12": original.id, "c14": original.id}


def test_exact_copy_and_short_texts():
    a = Article(text="Troops left.", id="a")
    b = Article(text="Troops left.", id="b")
    c = Article(text="Tanks stayed.", id="c")
    (group,) = find_duplicate_articles([a, b, c])
    assert (group.kept_id, group.duplicate_ids, group.containment) == ("a", ("b",), (1.0,))
    assert find_duplicate_articles([Article(text="", id="e"), Article(text="  ", id="f")]) == []


def test_threshold_must_be_a_share():
    with pytest.raises(ValueError):
        find_duplicate_articles([], threshold=0)


def test_merge_duplicate_sentences_marks_repeats_and_keeps_new_claims(seeds):
    bbc = seeds[2]
    copy_text = rewrite(bbc.text, every=12) + "\n\nThe copy adds that Moscow will hold a parade on Friday."
    copy = Article(text=copy_text, source="Copycat Daily", id="copy")
    sentences = split_sentences(bbc) + split_sentences(copy)
    merged = merge_duplicate_sentences(sentences, find_duplicate_articles([bbc, copy]))

    assert len(merged) == len(sentences)
    original = [s for s in merged if s.article_id == bbc.id]
    assert original == [s for s in sentences if s.article_id == bbc.id]  # the kept article is untouched
    copies = {s.text: s for s in merged if s.article_id == "copy"}
    added = copies["The copy adds that Moscow will hold a parade on Friday."]
    assert (added.status, added.reason) == (USED, None)
    repeated = copies["Mr Scholz has faced criticism for his response to the tensions."]
    kept_twin = next(s for s in original if s.text == repeated.text)
    assert (repeated.status, repeated.reason) == (MERGED, f"merged with {kept_twin.id}")
    copied_used = [s for s in merged if s.article_id == "copy" and s.status == USED]
    assert len(copied_used) <= 3  # nearly all of the copy's claims point back to the original


def test_merge_accepts_a_plain_mapping_and_no_groups():
    sentences = split_sentences(Article(text="Russia moved its troops back home.", id="a"))
    assert merge_duplicate_sentences(sentences, []) == sentences
    assert merge_duplicate_sentences(sentences, {"b": "a"}) == sentences
    assert duplicate_map([DuplicateGroup("k", ("x",), (0.9,), "")]) == {"x": "k"}


def brute_force_groups(articles: list[Article], threshold: float) -> set[frozenset[str]]:
    """The groups by definition: connected components of "containment >= threshold", every pair compared."""
    sets = [shingles(a.text) for a in articles]
    component = {a.id: {a.id} for a in articles}
    for (i, a), (j, b) in combinations(enumerate(articles), 2):
        if containment(sets[i], sets[j]) >= threshold and component[a.id] is not component[b.id]:
            joined = component[a.id] | component[b.id]
            for member in joined:
                component[member] = joined
    return {frozenset(c) for c in component.values() if len(c) > 1}


# Articles drawn from a few shared "paragraphs" (wire copy, stock quotes) plus their own words:
# many shingles are held by the same several articles, the case the shared-shingle count groups.
PARAGRAPHS = [
    "Russia said on Tuesday that more than 10,000 troops had returned to their bases after drills.",
    "NATO said it had seen no sign of de-escalation on the ground near the border with Ukraine.",
    "The defence ministry released footage of tanks being loaded onto trains in Crimea.",
    "Western leaders said they would judge Moscow by its actions rather than by its words.",
    "Officials in Kyiv said the situation remained tense but under control on Wednesday.",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.lists(st.integers(0, len(PARAGRAPHS) - 1), min_size=1, max_size=4), st.integers(0, 3)),
        min_size=2,
        max_size=9,
    ),
    st.sampled_from([0.2, DEFAULT_THRESHOLD, 0.7, 1.0]),
)
def test_groups_are_the_connected_components_of_pairwise_containment(recipes, threshold):
    articles = [
        Article(text=" ".join(PARAGRAPHS[p] for p in paragraphs) + f" Own report number {n} by outlet {n * 7}." * extra, id=f"a{n}")
        for n, (paragraphs, extra) in enumerate(recipes)
    ]
    groups = find_duplicate_articles(articles, threshold)
    assert {frozenset((g.kept_id, *g.duplicate_ids)) for g in groups} == brute_force_groups(articles, threshold)
    for group in groups:
        kept = shingles(next(a.text for a in articles if a.id == group.kept_id))
        copies = [shingles(next(a.text for a in articles if a.id == d)) for d in group.duplicate_ids]
        assert group.containment == tuple(round(containment(kept, c), 3) for c in copies)
