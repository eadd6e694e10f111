"""Shared fixtures: fake models for fast tests, and the real packaged models once per session."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from contradict import Article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# A four-outlet story in miniature, shared by the tests of the report and its formats: Express's
# troop count conflicts with AFP's, Fox and BBC agree on the withdrawal and differ on the denial.
FOX = Article(id="fox", source="Fox News", date="2021-12-25", text=(
    "Russia has withdrawn over 10,000 troops from the Ukrainian border.\n\n"
    "Putin has repeatedly denied plans to invade Ukraine.\n"))
BBC = Article(id="bbc", source="BBC", date="2022-02-15", text=(
    "Russia has withdrawn at least 10,000 troops from the Ukrainian border.\n\n"
    "Putin has confirmed plans to invade Ukraine.\n"))
EXPRESS = Article(id="express", source="Express", date="2021-12-25", text=(
    "Estimates for the number of Russian troops at the border vary from 60,000 to 90,000.\n\n"
    "Talks with Germany are planned in Geneva next month.\n"))
AFP = Article(id="afp", source="AFP", date="2022-02-17", text=(
    "More than 100,000 Russian troops have massed at the border.\n\n"
    "Talks with Germany are planned in Geneva next month.\n"))
# Two outlets saying one thing in other words, with no figure, name, day or negation to decide it:
# the kind of pair only NLI is asked about (see contradict.verdict.needs_nli).
WIRE_A = Article(id="wire-a", source="Wire A", date="2022-02-15",
                 text="The talks went well for everyone involved, the officials say.\n")
WIRE_B = Article(id="wire-b", source="Wire B", date="2022-02-15",
                 text="The talks went well for all involved, officials say.\n")

_WORDS = re.compile(r"[a-z0-9]+")
_NEGATIONS = {"no", "not", "never", "denies", "denied", "nobody"}


class FakeEmbedder:
    """Bag-of-words vectors hashed into 64 dimensions: sentences sharing words are similar."""

    name = "fake-embedder"

    def encode(self, texts):
        vectors = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORDS.findall(text.lower()):
                vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


class FakeNLI:
    """Contradiction when exactly one side is negated; labels in an unusual order on purpose."""

    name = "fake-nli"
    labels = ("entailment", "neutral", "contradiction")
    max_tokens = 40

    def __init__(self):
        self.calls = 0

    def predict(self, pairs):
        self.calls += len(pairs)
        rows = []
        for premise, hypothesis in pairs:
            negated = [bool(_NEGATIONS & set(_WORDS.findall(t.lower()))) for t in (premise, hypothesis)]
            rows.append([0.01, 0.02, 0.97] if negated[0] != negated[1] else [0.3, 0.6, 0.1])
        return np.array(rows, dtype=float).reshape(-1, 3)

    def is_truncated(self, premise, hypothesis):
        return len((premise + " " + hypothesis).split()) > self.max_tokens


@pytest.fixture(autouse=True)
def _private_cache_dir(monkeypatch, tmp_path_factory):
    """The CLI caches embeddings and NLI scores by default: keep every test's cache out of ~/.cache and apart,
    so a test never reads scores another test (or a run with other fakes) stored."""
    monkeypatch.setenv("CONTRADICT_CACHE_DIR", str(tmp_path_factory.mktemp("contradict-cache")))


@pytest.fixture
def fake_embedder():
    return FakeEmbedder()


@pytest.fixture
def fake_nli():
    return FakeNLI()


@pytest.fixture
def cli_fake_models(monkeypatch, fake_embedder, fake_nli):
    """The CLI builds its own Pipeline: make it load the fake models so CLI tests stay fast."""
    import contradict.pipeline as pipeline

    monkeypatch.setattr(pipeline, "load_embedder", lambda *a, **k: fake_embedder)
    monkeypatch.setattr(pipeline, "load_nli", lambda *a, **k: fake_nli)
    return fake_embedder, fake_nli


@pytest.fixture
def fake_pipeline(fake_embedder, fake_nli):
    from contradict.pipeline import Pipeline

    return Pipeline(embedder=fake_embedder, nli=fake_nli, show_progress=False)


@pytest.fixture(scope="session")
def real_pipeline():
    """The packaged default models, built once for the whole session (their weights load on first use)."""
    from contradict.pipeline import Pipeline

    return Pipeline(show_progress=False)


@pytest.fixture(scope="session")
def sentence_transformers_embedder():
    """The packaged embedder run by sentence-transformers (torch): the reference the default numpy engine must match."""
    from contradict.models import load_embedder

    return load_embedder(engine="sentence-transformers")


@pytest.fixture(scope="session")
def seed_report(real_pipeline):
    """The report on seeds/ with the real packaged models (computed once)."""
    return real_pipeline.analyze([SEEDS])


#: The seed article that tests of the fact-check workflow add to a run of the other four.
ADDED_SEED = "004_49c6faad3fe06aa2"


@pytest.fixture(scope="session")
def seed_report_without_added(real_pipeline):
    """The report on seeds/ without ADDED_SEED (real models, computed once): a run before an article was added."""
    return real_pipeline.analyze(sorted(path for path in SEEDS.glob("*.txt") if not path.name.startswith(ADDED_SEED)))
