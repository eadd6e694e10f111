"""The on-disk cache: re-runs compute only what is new, results stay identical, a broken file is not fatal."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from contradict.cache import Cache, default_cache_path, model_key, rules_digest
from contradict.cli import app
from contradict.formats import render
from contradict.pipeline import Pipeline
from contradict.types import Article

from conftest import FakeEmbedder, FakeNLI

ARTICLES = [
    Article(text="Russia withdrew 10,000 troops from the border. Talks are planned in Geneva in January.",
            source="Fox", id="fox"),
    Article(text="Russia pulled back more than 10,000 troops from the border. Russia did not withdraw any tanks.",
            source="BBC", id="bbc"),
    Article(text="Moscow withdrew about 60,000 troops from the border. Negotiations are planned in Geneva in January.",
            source="AFP", id="afp"),
]
EXTRA = Article(text="Russia has not withdrawn troops from the border. Geneva talks are planned for January.",
                source="Reuters", id="reuters")


class CountingEmbedder(FakeEmbedder):
    def __init__(self):
        self.texts_encoded = 0

    def encode(self, texts):
        self.texts_encoded += len(texts)
        return super().encode(texts)


@pytest.fixture
def cache_path(tmp_path):
    return tmp_path / "cache.sqlite"


def run(cache, articles=ARTICLES, embedder=None, nli=None):
    embedder, nli = embedder or CountingEmbedder(), nli or FakeNLI()
    report = Pipeline(embedder=embedder, nli=nli, cache=cache, show_progress=False).analyze(articles)
    return report, embedder, nli


def test_second_run_computes_nothing_new(cache_path):
    first, embedder, nli = run(Cache(cache_path))
    assert embedder.texts_encoded > 0 and nli.calls > 0
    second, embedder, nli = run(Cache(cache_path))
    assert embedder.texts_encoded == 0 and nli.calls == 0


def test_cached_run_gives_a_byte_identical_report(cache_path):
    uncached, _, _ = run(None)
    cold, _, _ = run(Cache(cache_path))
    warm, _, _ = run(Cache(cache_path))
    assert render(cold, "json") == render(warm, "json") == render(uncached, "json")


def test_adding_one_article_computes_only_the_new_sentences_and_pairs(cache_path):
    run(Cache(cache_path))
    _, embedder, nli = run(None, ARTICLES + [EXTRA])           # what a run from scratch costs
    _, cached_embedder, cached_nli = run(Cache(cache_path), ARTICLES + [EXTRA])
    assert cached_embedder.texts_encoded == 2                    # the two sentences of the new article
    assert 0 < cached_nli.calls < nli.calls
    cache = Cache(cache_path)
    run(cache, ARTICLES + [EXTRA])
    assert cache.misses == {"embeddings": 0, "nli": 0, "verdicts": 0, "claims": 0, "story_pairs": 0}


def test_a_warm_run_decides_no_pair_again_and_an_added_article_only_its_pairs(cache_path, monkeypatch):
    import contradict.pipeline as pipeline_module

    decided = []
    real = pipeline_module.decide_pair
    monkeypatch.setattr(pipeline_module, "decide_pair", lambda *args, **kwargs: decided.append(1) or real(*args, **kwargs))
    cold_cache = Cache(cache_path)
    cold, _, _ = run(cold_cache)
    assert decided and 0 < cold_cache.misses["verdicts"] <= len(cold.pairs)
    decided.clear()
    warm_cache = Cache(cache_path)
    warm, _, _ = run(warm_cache)
    assert decided == [] and warm_cache.misses["verdicts"] == 0 and warm_cache.hits["verdicts"] == len(warm.pairs)
    assert render(warm, "json") == render(cold, "json")
    added_cache = Cache(cache_path)
    added, _, _ = run(added_cache, ARTICLES + [EXTRA])
    assert 0 < added_cache.misses["verdicts"] < len(added.pairs)   # the new outlet's pairs only
    assert len(decided) == added_cache.misses["verdicts"]
    assert render(added, "json") == render(run(None, ARTICLES + [EXTRA])[0], "json")


def test_a_warm_run_reads_no_claim_and_chooses_no_pair_again(cache_path, monkeypatch):
    import contradict.pipeline as pipeline_module

    read, chosen = [], []
    real_read, real_choose = pipeline_module.read_claim, Pipeline._candidate_pairs
    monkeypatch.setattr(pipeline_module, "read_claim", lambda text: read.append(text) or real_read(text))
    monkeypatch.setattr(Pipeline, "_candidate_pairs", lambda self, *args: chosen.append(1) or real_choose(self, *args))
    cold, _, _ = run(Cache(cache_path))
    assert read and chosen
    read.clear(), chosen.clear()
    warm_cache = Cache(cache_path)
    warm, _, _ = run(warm_cache)
    assert read == [] and chosen == [] and warm_cache.hits["claims"] > 0 and warm_cache.hits["story_pairs"] == 1
    assert warm.claims == cold.claims and render(warm, "json") == render(cold, "json")
    # Vectors the caller passes are not the embedder's: their candidate pairs are chosen, not taken from the cache.
    passed = Cache(cache_path)
    Pipeline(embedder=FakeEmbedder(), nli=FakeNLI(), cache=passed, show_progress=False).analyze(
        ARTICLES, embeddings=np.asarray(cold.embeddings))
    assert chosen and passed.hits["story_pairs"] == passed.misses["story_pairs"] == 0


def test_claim_readings_are_stored_exactly():
    import orjson

    from contradict.claims import read_claim
    from contradict.claims.stored import claim_from_row, claim_row
    from contradict.load import load_articles
    from contradict.sentences import split_sentences
    from pathlib import Path

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    texts = [s.text for article in load_articles([seeds]).articles for s in split_sentences(article)]
    texts += ["More than 100,000 troops massed.", "At most 5 km of the road, he said.", "Nobody knows how many died."]
    for text in texts:
        claim = read_claim(text)
        stored = claim_from_row(orjson.loads(orjson.dumps(claim_row(claim))))
        assert stored == claim and repr(stored) == repr(claim)  # same values, same types (10000 is not 10000.0)
    assert any(q.high == float("inf") for text in texts for q in read_claim(text).quantities)
    for damaged in (["text"], ["t", [], None, "fact", None, "no", False, []], ["t", [[1]], None, "fact", None, False, False, []]):
        with pytest.raises(ValueError):
            claim_from_row(damaged)


def test_other_thresholds_or_other_code_do_not_reuse_verdicts(cache_path, tmp_path):
    from dataclasses import replace

    from contradict.models import load_settings
    from contradict.pipeline import verdict_rules_key

    run(Cache(cache_path))
    settings = load_settings()
    stricter = replace(settings, thresholds=replace(settings.thresholds, agreement_cosine=0.99))
    cache = Cache(cache_path)
    report = Pipeline(embedder=FakeEmbedder(), nli=FakeNLI(), cache=cache, settings=stricter,
                      show_progress=False).analyze(ARTICLES)
    assert cache.misses["verdicts"] > 0
    assert render(report, "json") == render(Pipeline(embedder=FakeEmbedder(), nli=FakeNLI(), settings=stricter,
                                                     show_progress=False).analyze(ARTICLES), "json")
    assert verdict_rules_key(settings, ("contradiction",)) != verdict_rules_key(stricter, ("contradiction",))
    # The code is part of the key: any edit to any module of the package gives another digest.
    package = tmp_path / "package"
    (package / "claims").mkdir(parents=True)
    (package / "verdict.py").write_text("THRESHOLD = 0.5\n")
    (package / "claims" / "numbers.py").write_text("UNITS = ()\n")
    before = rules_digest(package)
    (package / "claims" / "numbers.py").write_text("UNITS = ('km',)\n")
    rules_digest.cache_clear()
    assert rules_digest(package) != before
    assert rules_digest() == rules_digest()  # this package's digest is stable within a process


def test_verdicts_of_older_code_are_deleted_when_new_ones_are_stored(cache_path):
    keys = [b"k" * 32]
    Cache(cache_path).verdicts(keys, "rules:old|thresholds=a", lambda positions: [("agree", 0.9, "same figure")])
    assert Cache(cache_path).info()["verdicts"] == 1
    cache = Cache(cache_path)
    assert cache.verdicts(keys, "rules:new|thresholds=a", lambda positions: [("unrelated", 0.5, "far apart")]) == \
        [("unrelated", 0.5, "far apart")]
    cache.verdicts(keys, "rules:new|thresholds=b", lambda positions: [("conflict", 1.0, "values differ")])
    info = Cache(cache_path).info()
    assert info["verdicts"] == 2   # the old code's row is gone; both settings of the new code stay
    stored = Cache(cache_path).verdicts(keys * 2, "rules:new|thresholds=b", lambda positions: pytest.fail("recomputed"))
    assert stored == [("conflict", 1.0, "values differ")] * 2 and isinstance(stored[0][1], float)


def test_without_cache_everything_is_computed(cache_path):
    run(Cache(cache_path))
    _, embedder, nli = run(None)
    _, counted_embedder, counted_nli = run(None)
    assert counted_embedder.texts_encoded == embedder.texts_encoded > 0 and counted_nli.calls == nli.calls > 0


def test_a_different_model_does_not_reuse_scores(cache_path):
    run(Cache(cache_path))
    other = FakeNLI()
    other.name = "another-nli"
    _, _, nli = run(Cache(cache_path), nli=other)
    assert nli.calls > 0


def test_model_key_names_model_window_and_labels():
    nli = FakeNLI()
    key = model_key(nli, "nli")
    assert "fake-nli" in key and "max_tokens=40" in key and "entailment,neutral,contradiction" in key
    nli.max_tokens = 80
    assert model_key(nli, "nli") != key
    assert model_key(FakeEmbedder(), "embedder") != model_key(FakeEmbedder(), "nli")


def test_stored_values_round_trip_exactly(cache_path):
    vectors = np.random.default_rng(0).random((3, 5)).astype(np.float32)
    cache = Cache(cache_path)
    cache.embeddings(["a", "b", "c"], FakeEmbedder(), lambda texts: vectors[[ord(t) - 97 for t in texts]])
    again = Cache(cache_path).embeddings(["c", "a", "b", "a"], FakeEmbedder(), lambda texts: pytest.fail("recomputed"))
    assert again.dtype == np.float32 and again.tobytes() == vectors[[2, 0, 1, 0]].tobytes()


def test_duplicates_within_one_call_are_computed_once(cache_path):
    asked = []
    Cache(cache_path).nli_scores([("a", "b"), ("a", "b"), ("b", "a")], FakeNLI(),
                                 lambda pairs: asked.extend(pairs) or np.ones((len(pairs), 3)))
    assert asked == [("a", "b"), ("b", "a")]


def test_corrupt_cache_file_warns_once_and_the_run_continues(cache_path):
    cache_path.write_bytes(b"this is not a database" * 100)
    warnings = []
    cache = Cache(cache_path, on_warning=warnings.append)
    report, embedder, nli = run(cache)
    assert len(warnings) == 1 and "unusable" in warnings[0] and "contradict cache clear" in warnings[0]
    assert "\n" not in warnings[0]
    assert embedder.texts_encoded > 0 and nli.calls > 0 and len(report.pairs) > 0


# ------------------------------------------------------------------ CLI


@pytest.fixture
def fake_cli(monkeypatch, tmp_path):
    """The CLI with fake models, and its cache in a temporary folder; returns the pipelines it built."""
    import contradict.pipeline as pipeline_module

    monkeypatch.setenv("CONTRADICT_CACHE_DIR", str(tmp_path / "cache"))
    built = []

    class FakePipeline(Pipeline):
        def __init__(self, **options):
            options.update(embedder=CountingEmbedder(), nli=FakeNLI())
            super().__init__(**options)
            built.append(self)

    monkeypatch.setattr(pipeline_module, "Pipeline", FakePipeline)
    folder = tmp_path / "articles"
    folder.mkdir()
    for article in ARTICLES:
        (folder / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
    return folder, built


def test_cli_report_uses_the_cache_and_no_cache_disables_it(fake_cli):
    folder, built = fake_cli
    runner = CliRunner()
    assert runner.invoke(app, ["report", str(folder), "-q"]).exit_code == 0
    assert runner.invoke(app, ["report", str(folder), "-q"]).exit_code == 0
    assert runner.invoke(app, ["report", str(folder), "-q", "--no-cache"]).exit_code == 0
    first, second, no_cache = built
    assert first._embedder.texts_encoded > 0 and first._nli.calls > 0
    assert second._embedder.texts_encoded == 0 and second._nli.calls == 0
    assert no_cache.cache is None
    assert no_cache._embedder.texts_encoded == first._embedder.texts_encoded and no_cache._nli.calls == first._nli.calls


def test_cli_corrupt_cache_prints_one_warning_line_and_reports(fake_cli):
    folder, _ = fake_cli
    default_cache_path().parent.mkdir(parents=True, exist_ok=True)
    default_cache_path().write_bytes(b"garbage" * 500)
    result = CliRunner().invoke(app, ["report", str(folder), "-q", "--format", "json"])
    assert result.exit_code == 0
    warning_lines = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warning_lines) == 1 and "cache" in warning_lines[0]
    assert json.loads(result.stdout)["pairs"]


def test_cli_cache_info_and_clear(fake_cli):
    folder, _ = fake_cli
    runner = CliRunner()
    runner.invoke(app, ["report", str(folder), "-q"])
    info = json.loads(runner.invoke(app, ["cache", "info", "--format", "json"]).stdout)
    assert info["path"] == str(default_cache_path()) and info["embeddings"] > 0 and info["nli"] > 0 and info["bytes"] > 0
    assert info["verdicts"] > 0 and "verdicts:" in runner.invoke(app, ["cache", "info"]).stdout
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0 and "cleared" in cleared.stdout
    assert not default_cache_path().exists()
    assert "not created yet" in runner.invoke(app, ["cache", "info"]).stdout


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CONTRADICT_CACHE_DIR", str(tmp_path))
    assert default_cache_path() == tmp_path / "cache.sqlite"
    monkeypatch.delenv("CONTRADICT_CACHE_DIR")
    assert default_cache_path().name == "cache.sqlite" and "contradict" in str(default_cache_path())


# ------------------------------------------------------------------ stale and damaged values


class FolderEmbedder(CountingEmbedder):
    """A fake embedder read from a folder, as a local sentence-transformers model is."""

    name = "/models/my-embedder"

    def __init__(self, folder):
        super().__init__()
        self.model_files = (folder,)


def _model_folder(tmp_path):
    folder = tmp_path / "my-embedder"
    (folder / "1_Pooling").mkdir(parents=True)
    (folder / "model.safetensors").write_bytes(b"weights" * 100)
    (folder / "1_Pooling" / "config.json").write_text('{"pooling_mode_mean_tokens": true}')
    return folder


def test_a_model_folder_changed_in_place_is_not_served_from_the_cache(cache_path, tmp_path):
    folder = _model_folder(tmp_path)
    run(Cache(cache_path), embedder=FolderEmbedder(folder))
    _, embedder, _ = run(Cache(cache_path), embedder=FolderEmbedder(folder))
    assert embedder.texts_encoded == 0                         # same files: served from the cache
    (folder / "1_Pooling" / "config.json").write_text('{"pooling_mode_cls_token": true}')  # same name, new pooling
    _, embedder, _ = run(Cache(cache_path), embedder=FolderEmbedder(folder))
    assert embedder.texts_encoded > 0                          # ... is another model: computed again


def test_model_key_digests_file_content_not_only_the_name(tmp_path):
    folder = _model_folder(tmp_path)
    before = model_key(FolderEmbedder(folder), "embedder")
    assert "files=" in before
    (folder / "model.safetensors").write_bytes(b"other weights" * 100)
    assert model_key(FolderEmbedder(folder), "embedder") != before


def test_file_digests_are_remembered_in_the_cache_file(cache_path, tmp_path, monkeypatch):
    import contradict.cache as cache_module

    folder = _model_folder(tmp_path)
    run(Cache(cache_path), embedder=FolderEmbedder(folder))
    cache_module._file_digest.cache_clear()
    monkeypatch.setattr(cache_module, "_file_digest", lambda *args: pytest.fail("a model file was read again"))
    _, embedder, _ = run(Cache(cache_path), embedder=FolderEmbedder(folder))
    assert embedder.texts_encoded == 0


def _damage(cache_path, table, update):
    import sqlite3

    connection = sqlite3.connect(cache_path)
    with connection:
        connection.execute(f"UPDATE {table} SET {update}")
    connection.close()


@pytest.mark.parametrize("table, update", [
    ("embeddings", "value = substr(value, 1, 16)"),              # rows cut to 16 bytes
    ("embeddings", "dtype = '<f8'"),                             # the wrong type for the bytes
    ("nli", "dtype = '<f4'"),                                    # an NLI row read with the wrong type
    ("nli", "value = substr(value, 1, 8)"),                      # one probability instead of three
    ("nli", "value = x'000000000000F87F000000000000F87F000000000000F87F'"),  # NaN probabilities
    ("embeddings", "value = 'not bytes'"),                       # text where bytes belong
    ("verdicts", "value = x'00'"),                               # not a verdict row
    ("verdicts", """value = CAST('["conflict", 7, "x"]' AS BLOB)"""),   # a confidence outside [0, 1]
    ("verdicts", """value = CAST('["maybe", 0.5, "x"]' AS BLOB)"""),    # no such verdict
    ("claims", "value = x'00'"),                                 # not a claim row
    ("claims", """value = CAST('["text", [], null, "fact", null, 1, false, []]' AS BLOB)"""),  # 1 is not a bool
    ("story_pairs", """value = CAST('[[0, 99]]' AS BLOB)"""),    # a position past the story's sentences
])
def test_damaged_values_are_computed_again_with_one_warning(cache_path, table, update):
    uncached, _, _ = run(None)
    run(Cache(cache_path))
    _damage(cache_path, table, update)
    warnings = []
    repaired, embedder, nli = run(Cache(cache_path, on_warning=warnings.append))
    assert len(warnings) == 1 and "damaged" in warnings[0] and "computed them again" in warnings[0]
    if table in ("embeddings", "nli"):
        assert (embedder.texts_encoded if table == "embeddings" else nli.calls) > 0
    assert render(repaired, "json") == render(uncached, "json")
    again = []
    _, embedder, nli = run(Cache(cache_path, on_warning=again.append))  # replaced in the file: no warning now
    assert again == [] and embedder.texts_encoded == 0 and nli.calls == 0


def test_a_cache_of_the_older_layout_is_emptied_and_reused(cache_path):
    import sqlite3

    connection = sqlite3.connect(cache_path)
    with connection:
        connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        connection.execute("INSERT INTO meta VALUES ('schema', '1')")
        connection.execute("CREATE TABLE embeddings (model TEXT, key BLOB, dtype TEXT, value BLOB, PRIMARY KEY (model, key))")
        connection.execute("INSERT INTO embeddings VALUES ('embedder:old', x'00', '<f4', x'0000803f')")
    connection.close()
    warnings = []
    _, embedder, _ = run(Cache(cache_path, on_warning=warnings.append))
    assert warnings == [] and embedder.texts_encoded > 0
    assert Cache(cache_path).info()["models"] and "embedder:old" not in Cache(cache_path).info()["models"]


def test_a_cache_of_a_newer_layout_is_left_alone_with_one_warning(cache_path):
    import sqlite3

    connection = sqlite3.connect(cache_path)
    with connection:
        connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        connection.execute("INSERT INTO meta VALUES ('schema', '99')")
    connection.close()
    warnings = []
    report, _, _ = run(Cache(cache_path, on_warning=warnings.append))
    assert len(warnings) == 1 and "schema version 99" in warnings[0] and len(report.pairs)


def test_cli_cache_clear_on_a_read_only_cache_is_one_line_exit_2(fake_cli, monkeypatch):
    from pathlib import Path

    folder, _ = fake_cli
    runner = CliRunner()
    runner.invoke(app, ["report", str(folder), "-q"])

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    result = runner.invoke(app, ["cache", "clear"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Permission denied" in result.stderr and "Traceback" not in result.stderr
    assert default_cache_path().exists()
