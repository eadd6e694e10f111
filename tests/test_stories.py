"""Stories: a mixed feed is grouped into stories (content and dates, or the articles' `story` field), and each
story is compared on its own. Articles and sentences here are invented."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from contradict import Article
from contradict.cli import app
from contradict.formats import REPORT_SCHEMA_PATH, render
from contradict.load import load_articles
from contradict.pipeline import Pipeline
from contradict.stories import (BY_CLUSTERING, BY_METADATA, WHOLE_INPUT, Story, article_vectors, cluster_stories,
                                group_stories, spans_several_stories)

FLOOD_FOX = Article(id="fox-flood", source="Fox News", date="2024-03-04", title="River bursts its banks in Millbrook", text=(
    "The river burst its banks in Millbrook on Monday, flooding 300 homes along the valley.\n\n"
    "Rescue crews evacuated families from the flooded valley homes overnight.\n"))
FLOOD_BBC = Article(id="bbc-flood", source="BBC", date="2024-03-04", title="Millbrook flood", text=(
    "The river flooded 450 homes in Millbrook on Monday after it burst its banks.\n\n"
    "Rescue crews evacuated families from valley homes as the river rose.\n"))
TAX_FOX = Article(id="fox-tax", source="Fox News", date="2024-03-05", title="Senate passes the tax bill", text=(
    "Senators passed the tax bill by 52 votes to 48 on Tuesday after a long debate.\n\n"
    "The tax bill cuts the corporate rate and raises the payroll levy.\n"))
TAX_BBC = Article(id="bbc-tax", source="BBC", date="2024-03-05", title="Tax bill vote", text=(
    "Senators approved the tax bill by 51 votes to 49 on Tuesday after the debate.\n\n"
    "The bill cuts the corporate tax rate and raises the payroll levy.\n"))
FEED = [FLOOD_FOX, TAX_FOX, FLOOD_BBC, TAX_BBC]


# ---------------------------------------------------------------------- on arrays


def test_articles_alike_and_close_in_time_are_one_story():
    vectors = np.array([[1, 0], [0.99, 0.14], [0, 1]], dtype=np.float32)
    assert cluster_stories(vectors, ["2024-05-01", "2024-05-02", "2024-05-01"]).tolist() == [0, 0, 1]


def test_the_same_words_weeks_apart_are_two_stories_and_unknown_dates_do_not_separate():
    vectors = np.array([[1, 0], [1, 0], [1, 0]], dtype=np.float32)
    assert cluster_stories(vectors, ["2024-05-01", "2024-05-03", "2024-07-01"]).tolist() == [0, 0, 1]
    assert cluster_stories(vectors, ["2024-05-01", None, "2024-07-01"], distance_threshold=0.4).tolist()[:2] == [0, 0]


def test_complete_linkage_does_not_chain_two_stories_through_one_article():
    # b is close to both a and c, but a and c are far apart: one of them must stay out.
    vectors = np.array([[1, 0], [0.8, 0.6], [0.28, 0.96]], dtype=np.float32)
    labels = cluster_stories(vectors, [None] * 3, distance_threshold=0.4)
    assert labels[0] != labels[2]


@pytest.mark.parametrize("seed", range(6))
def test_complete_linkage_makes_the_clusters_scikit_learn_makes(seed):
    """The stories are scikit-learn's complete-linkage clusters, computed without importing it."""
    from sklearn.cluster import AgglomerativeClustering

    from contradict.stories import complete_linkage_labels

    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(60, 8)) + np.repeat(rng.normal(scale=3, size=(12, 8)), 5, axis=0)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    distance = 1.0 - np.clip(vectors @ vectors.T, -1.0, 1.0)
    distance += np.minimum(1.0, 0.05 * np.abs(np.subtract.outer(*(rng.integers(0, 30, 60),) * 2)))
    np.fill_diagonal(distance, 0.0)
    for threshold in (0.2, 0.4, 0.7, 1.2):
        expected = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="complete",
                                           distance_threshold=threshold).fit(distance).labels_
        found = complete_linkage_labels(distance, threshold)
        as_sets = lambda labels: sorted(sorted(np.flatnonzero(labels == label).tolist()) for label in set(labels.tolist()))
        assert as_sets(found) == as_sets(expected)


def test_an_article_without_claim_sentences_is_a_story_of_its_own():
    vectors = article_vectors(np.array([[1, 0], [1, 0]], dtype=np.float32), ["a", "b"], ["a", "b", "empty"])
    assert vectors[2].tolist() == [0, 0]
    assert cluster_stories(vectors, [None] * 3).tolist() == [0, 0, 1]


def test_the_story_field_overrides_the_clustering_and_the_rest_is_clustered():
    articles = [Article(text="x", id="a", source="Fox", story="budget"), Article(text="x", id="b", source="BBC"),
                Article(text="x", id="c", source="AFP", story="budget"), Article(text="x", id="d", source="Fox")]
    vectors = np.array([[1, 0], [1, 0], [0, 1], [1, 0]], dtype=np.float32)  # a looks like b and d, not like c
    stories = group_stories(articles, vectors)
    assert [(s.id, s.article_ids, s.grouped_by) for s in stories] == [
        ("budget", ("a", "c"), BY_METADATA), ("s1", ("b", "d"), BY_CLUSTERING)]


def test_a_feed_is_several_stories_only_when_an_outlet_is_in_two_of_them():
    one_each = [Story("s1", "", ("fox", "bbc"), BY_CLUSTERING), Story("s2", "", ("afp",), BY_CLUSTERING)]
    assert not spans_several_stories(one_each, {"fox": "Fox", "bbc": "BBC", "afp": "AFP"})
    feed = [Story("s1", "", ("fox-1", "bbc-1"), BY_CLUSTERING), Story("s2", "", ("fox-2",), BY_CLUSTERING)]
    assert spans_several_stories(feed, {"fox-1": "Fox", "bbc-1": "BBC", "fox-2": "Fox"})


# ---------------------------------------------------------------------- the pipeline


@pytest.fixture
def feed_report(fake_embedder, fake_nli):
    return Pipeline(embedder=fake_embedder, nli=fake_nli).analyze(FEED)


def test_a_mixed_feed_is_grouped_and_no_pair_crosses_two_stories(feed_report):
    stories = feed_report.stories.set_index("story_id")
    assert sorted(map(sorted, stories["articles"])) == [["bbc-flood", "fox-flood"], ["bbc-tax", "fox-tax"]]
    assert set(stories["grouped_by"]) == {BY_CLUSTERING}
    story_of = dict(zip(feed_report.articles["id"], feed_report.articles["story_id"]))
    pairs = feed_report.pairs
    assert len(pairs) and all(story_of[a] == story_of[b] == story
                              for a, b, story in zip(pairs["a_article"], pairs["b_article"], pairs["story_id"]))
    assert any("spans 2 stories" in warning for warning in feed_report.warnings)
    # topics are clustered story by story, and their ids are unique in the report
    assert feed_report.topics["topic_id"].is_unique
    assert feed_report.topics.groupby("topic_id")["story_id"].nunique().max() == 1


def test_each_story_finds_its_own_conflicts(feed_report):
    conflicts = feed_report.conflicts
    by_story = dict(zip(feed_report.stories["story_id"], feed_report.stories["label"]))
    labels = {by_story[story] for story in conflicts["story_id"]}
    assert labels == {"River bursts its banks in Millbrook", "Senate passes the tax bill"}


def test_without_grouping_the_whole_input_is_one_story(fake_embedder, fake_nli):
    report = Pipeline(embedder=fake_embedder, nli=fake_nli, stories=False).analyze(FEED)
    assert report.stories["grouped_by"].tolist() == [WHOLE_INPUT] and report.summary()["stories"] == 1
    assert len(report.pairs) > len(Pipeline(embedder=fake_embedder, nli=fake_nli).analyze(FEED).pairs)


def test_one_story_told_by_several_outlets_is_not_split_unasked(fake_embedder, fake_nli):
    report = Pipeline(embedder=fake_embedder, nli=fake_nli).analyze([FLOOD_FOX, FLOOD_BBC, TAX_FOX.__class__(
        text=TAX_BBC.text, id="afp-tax", source="AFP", date="2024-03-05")])
    assert report.stories["grouped_by"].tolist() == [WHOLE_INPUT]


def test_story_metadata_groups_even_unasked(fake_embedder, fake_nli):
    articles = [FLOOD_FOX.__class__(**{**FLOOD_FOX.__dict__, "story": "floods"}),
                FLOOD_BBC.__class__(**{**FLOOD_BBC.__dict__, "story": "floods"})]
    report = Pipeline(embedder=fake_embedder, nli=fake_nli).analyze(articles)
    assert report.stories[["story_id", "grouped_by"]].values.tolist() == [["floods", BY_METADATA]]


def test_the_json_lists_stories_and_validates(feed_report):
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry, Resource

    data = json.loads(feed_report.to_json())
    schemas = [json.loads(path.read_text(encoding="utf-8")) for path in REPORT_SCHEMA_PATH.parent.glob("*.schema.json")]
    registry = Registry().with_resources((schema["$id"], Resource.from_contents(schema)) for schema in schemas)
    schema = json.loads(REPORT_SCHEMA_PATH.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema, registry=registry).iter_errors(data)) == []
    assert [story["story_id"] for story in data["stories"]] == ["s1", "s2"]
    assert sum(story["pairs"] for story in data["stories"]) == len(data["pairs"])
    assert {record["story_id"] for key in ("articles", "topics", "pairs", "findings") for record in data[key]} == {"s1", "s2"}
    assert {pair["story_id"] for pair in data["pairs"]} <= {"s1", "s2"}


@pytest.mark.parametrize("fmt, heading", [("text", "══ Story s1: River bursts its banks in Millbrook"),
                                          ("markdown", "## Story s1: River bursts its banks in Millbrook"),
                                          ("html", 'id="story-s1">Story s1: River bursts its banks in Millbrook')])
def test_every_report_for_people_has_a_section_per_story(feed_report, fmt, heading):
    text = render(feed_report, fmt)
    assert heading in text and text.count("Story s2: Senate passes the tax bill") >= 1
    # the flood findings sit under the flood story, before the tax story's section
    assert text.index("Story s1") < text.index("Millbrook on Monday") < text.index("Story s2: Senate")


def test_a_single_story_report_has_no_story_sections(fake_embedder, fake_nli):
    report = Pipeline(embedder=fake_embedder, nli=fake_nli).analyze([FLOOD_FOX, FLOOD_BBC])
    assert "Story s1" not in render(report, "text") and "Story s1" not in render(report, "markdown")


def test_the_loader_reads_a_story_field(tmp_path):
    (tmp_path / "a.md").write_text("---\nsource: Fox News\nstory: millbrook-flood\n---\nThe river rose on Monday.\n")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "The river rose.", "source": "BBC", "story": "millbrook-flood"}) + "\n")
    assert [a.story for a in load_articles([tmp_path]).articles] == ["millbrook-flood", "millbrook-flood"]


def test_cli_stories_and_no_stories(tmp_path, monkeypatch, fake_embedder, fake_nli):
    import contradict.pipeline as pipeline_module

    monkeypatch.setattr(pipeline_module, "load_embedder", lambda *a, **k: fake_embedder)
    monkeypatch.setattr(pipeline_module, "load_nli", lambda *a, **k: fake_nli)
    for article in FEED:
        (tmp_path / f"{article.id}.md").write_text(
            f"---\nsource: {article.source}\ndate: {article.date}\ntitle: {article.title}\n---\n{article.text}")
    runner = CliRunner()
    grouped = runner.invoke(app, ["report", str(tmp_path), "-f", "json", "-q", "--no-cache"])
    whole = runner.invoke(app, ["report", str(tmp_path), "-f", "json", "-q", "--no-cache", "--no-stories"])
    assert grouped.exit_code == whole.exit_code == 0, grouped.output + whole.output
    assert json.loads(grouped.stdout)["summary"]["stories"] == 2 and json.loads(whole.stdout)["summary"]["stories"] == 1
    old = runner.invoke(app, ["report", str(tmp_path), "-f", "json", "-q", "--no-cache", "--json-version", "1"])
    assert json.loads(old.stdout)["schema_version"] == "1.1" and "stories" not in json.loads(old.stdout)
