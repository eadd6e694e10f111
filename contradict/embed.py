"""Sentence embeddings: a model step (:class:`SentenceTransformerEmbedder`), then plain arrays.

Example:
    >>> from contradict.models import load_embedder
    >>> vectors = embed(["Russia withdrew 10,000 troops.", "Moscow pulled back troops."], load_embedder())
    >>> vectors.shape
    (2, 384)
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .errors import ModelError
from .types import Embedder


class SentenceTransformerEmbedder:
    """Wraps a sentence-transformers model (by hub name or local path); returns unit-length rows."""

    def __init__(self, name_or_path: str, *, name: str | None = None, batch_size: int = 64):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ModelError("sentence-transformers is not installed (it needs torch==2.13.0 installed first)") from None
        _quiet_model_loading()
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu")
        except Exception as error:  # hub/network/format errors: the user needs one line
            raise ModelError(f"could not load embedder {name_or_path!r}: {str(error).splitlines()[0]}") from None
        self.name = name or name_or_path
        self.batch_size = batch_size
        self.max_tokens = int(getattr(self._model, "max_seq_length", 256) or 256)

    def count_tokens(self, text: str) -> int:
        """Word pieces the model reads for ``text``, special tokens included (compare with ``max_tokens``).

        Example:
            >>> load_embedder().count_tokens("Russia withdrew troops.")
            6
        """
        # verbose=False: counting a long text is the point here, not a reason to log a warning.
        return len(self._model.tokenizer(text, add_special_tokens=True, verbose=False)["input_ids"])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._model.get_sentence_embedding_dimension() or 0), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True,
                                     normalize_embeddings=True, show_progress_bar=False)
        return vectors.astype(np.float32)


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
