"""Benchmark helpers: the corpus generator (deterministic, the size asked for, with numbers that really conflict), the feed
benchmark's story score, and the dispute audit."""

from __future__ import annotations

import random
import re
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

make_corpus_module = pytest.importorskip("make_corpus")
make_corpus = make_corpus_module.make_corpus


def test_same_seed_same_corpus_other_seed_other_corpus():
    assert make_corpus(20, seed=3) == make_corpus(20, seed=3)
    assert make_corpus(20, seed=3) != make_corpus(20, seed=4)


@pytest.mark.parametrize("size", [3, 5, 12])
def test_corpus_has_the_size_asked_for_with_one_outlet_per_generated_article(size):
    articles = make_corpus(size)
    assert len(articles) == size
    assert len({a.source for a in articles}) == size
    assert all(a.text.strip() and a.date for a in articles)


def test_numbers_are_perturbed_so_conflicts_exist():
    seeds_text = " ".join(a.text for a in make_corpus(5))
    seed_numbers = set(re.findall(r"\d{1,3}(?:,\d{3})+", seeds_text))
    generated = " ".join(a.text for a in make_corpus(60)[5:])
    new_numbers = set(re.findall(r"\d{1,3}(?:,\d{3})+", generated)) - seed_numbers
    assert new_numbers, "no number was changed"


def test_a_range_keeps_its_order_and_years_stay():
    text = make_corpus_module.perturb_numbers("From 60,000 to 90,000 troops since 2014.", random.Random(2))
    low, high = (int(n.replace(",", "")) for n in re.findall(r"\d{1,3}(?:,\d{3})+", text))
    assert low < high and "2014" in text


def test_written_corpus_loads_with_its_sources(tmp_path):
    from contradict.load import load_articles

    articles = make_corpus(8)
    make_corpus_module.write_corpus(articles, tmp_path)
    loaded = load_articles([tmp_path]).articles
    assert [a.source for a in loaded] == [a.source for a in articles]


def test_the_feed_benchmark_scores_stories_against_the_truth_file(tmp_path):
    bench_feed = pytest.importorskip("bench_feed")
    (tmp_path / "stories.csv").write_text("file,story,source,date\na-1.md,x,Fox,2024-01-01\na-2.md,x,BBC,2024-01-01\n"
                                          "a-3.md,y,Fox,2024-01-02\na-4.md,y,BBC,2024-01-02\n")
    assert bench_feed.adjusted_rand(tmp_path, {"a-1": "s1", "a-2": "s1", "a-3": "s2", "a-4": "s2"}) == 1.0
    assert bench_feed.adjusted_rand(tmp_path, {"a-1": "s1", "a-2": "s2", "a-3": "s1", "a-4": "s2"}) < 0


def test_the_dispute_audit_lists_every_dispute_of_saved_reports_with_its_rule(tmp_path, monkeypatch, capsys):
    audit_disputes = pytest.importorskip("audit_disputes")
    import json

    from contradict.contract import UNRELATED_COLUMNS

    sentences = [("s-a", "art-1", "Ana Ruiz says the city will not pay for the bridge."),
                 ("s-b", "art-2", "Mayor Tom Kane insists the city will pay for the bridge."),
                 ("s-c", "art-2", "The bridge opened in 1990.")]
    report = {"articles": [{"id": "art-1", "source": "Daily One"}, {"id": "art-2", "source": "Daily Two"}],
              "sentences": [{"id": i, "article_id": a, "text": t} for i, a, t in sentences],
              "pairs": [{"id": "p1", "a": "s-a", "b": "s-c", "verdict": "agree", "scores": {"cosine": 0.5}}],
              # schema 3 keeps unrelated pairs as a table: the dispute hides there until the rules read it
              "unrelated_pairs": {"columns": list(UNRELATED_COLUMNS), "reasons": ["different subjects"],
                                  "rows": [["p2", "s1", 0, "s-a", "s-b", 0.5, 0, False, 0.8, None, None]]}}
    (tmp_path / "story.json").write_text(json.dumps(report))
    monkeypatch.setattr(sys, "argv", ["audit_disputes.py", str(tmp_path)])
    assert audit_disputes.main() == 0
    out = capsys.readouterr().out
    assert "[story] denial (cosine 0.80" in out and "Ana Ruiz: 'not pay' vs Mayor Tom Kane: 'pay'" in out
    assert "A (Daily One) Ana Ruiz says" in out
    assert out.splitlines()[-1] == "1 reports, 2 pairs read: disputes 1 (denial 1)"
    monkeypatch.setattr(sys, "argv", ["audit_disputes.py", str(tmp_path / "missing")])
    assert audit_disputes.main() == 2


def test_the_speaker_benchmark_scores_the_reader_against_labels_by_span(tmp_path, monkeypatch, capsys):
    bench_speakers = pytest.importorskip("bench_speakers")
    import json

    from contradict.load import load_articles
    from contradict.sentences import split_sentences

    articles = tmp_path / "feed" / "articles"
    articles.mkdir(parents=True)
    (articles / "article-1.md").write_text("---\nsource: Daily One\n---\nMayor Tom Kane said the bridge is safe. "
                                           "He said it would reopen in May. The bridge opened in 1990.\n")
    sentences = split_sentences(load_articles([articles / "article-1.md"]).articles[0])
    labels = [["kane"], ["PRON"], ["ruiz"]]  # the third is labelled wrong on purpose: a miss to report
    lines = [json.dumps({"article": "article-1", "start": s.start, "end": s.end, "speakers": label})
             for s, label in zip(sentences, labels)]
    (tmp_path / "labels.jsonl").write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(bench_speakers, "LABELS", tmp_path / "labels.jsonl")
    monkeypatch.setattr(sys, "argv", ["bench_speakers.py", str(tmp_path / "feed")])
    assert bench_speakers.main() == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "speakers: precision 1.00 (2/2), recall 0.67 (2/3), sentences exactly right 0.67 (2/3)"
    assert "labelled ['ruiz'] found []: The bridge opened in 1990." in out
    monkeypatch.setattr(sys, "argv", ["bench_speakers.py", str(tmp_path / "missing")])
    assert bench_speakers.main() == 2
