"""Where embedding and NLI batches run: in this process (the default), or on a Dask cluster.

A newsroom's day of news is CPU-heavy on one machine: NLI takes ~34 ms per sentence pair and
direction on 2 cores. :class:`DaskWorkers` sends the batches the pipeline would compute itself to
the workers of a Dask cluster (the optional ``dask`` extra: ``pip install 'contradict[dask]'``):

- the cache is consulted first, on the machine that runs the pipeline: only what is not cached is sent;
- batches are cut exactly as in-process (128 sentences to embed, 64 NLI inputs), and results come
  back in order, so a report is byte-identical to the in-process one;
- each worker loads the models once (per worker process) and keeps them: the default models are
  named, and each worker loads them from its own installed packages, which must be the same
  version of contradict and its models; a model object passed to the pipeline is sent to every
  worker once.

Example:
    >>> from contradict.workers import DaskWorkers
    >>> with DaskWorkers.connect("tcp://scheduler:8786") as workers:      # or DaskWorkers.local(2)
    ...     report = Pipeline(workers=workers).analyze(["feed/"])
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any, Callable, Sequence

import numpy as np

from .errors import ContradictError

#: The environment variable naming a scheduler, as ``--scheduler`` does.
SCHEDULER_ENV = "CONTRADICT_SCHEDULER"
#: Seconds to wait for a scheduler to answer before giving up.
CONNECT_TIMEOUT = 20.0
_MISSING = "the dask extra is not installed: pip install 'contradict[dask]' (dask and distributed)"

EMBED = "embed"
NLI = "nli"


class SchedulerError(ContradictError):
    """The Dask scheduler cannot be reached, or dask is not installed."""


def _client_class():
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise SchedulerError(_MISSING) from None
    return Client, LocalCluster


class DaskWorkers:
    """Embedding and NLI batches computed by the workers of a Dask cluster.

    Build one with :meth:`connect` (a running scheduler) or :meth:`local` (a cluster on this
    machine), or wrap a ``distributed.Client`` you made. Closing it closes what it opened.

    Example:
        >>> with DaskWorkers.local(2) as workers:
        ...     Pipeline(workers=workers).analyze(["seeds/"]).to_json() == Pipeline().analyze(["seeds/"]).to_json()
        True
    """

    def __init__(self, client, *, cluster=None, owns_client: bool = False):
        self.client = client
        self.cluster = cluster
        self._owns_client = owns_client
        self._scattered: dict[int, tuple[Any, Any]] = {}  # id(model) -> (model, its future on every worker)

    @classmethod
    def connect(cls, address: str, *, timeout: float | None = None) -> "DaskWorkers":
        """Workers of the scheduler at ``address`` (``tcp://host:8786``).

        Example:
            >>> workers = DaskWorkers.connect("tcp://10.0.0.5:8786")
        """
        Client, _ = _client_class()
        try:
            client = Client(address, timeout=timeout or CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise SchedulerError(f"cannot reach the Dask scheduler at {address}: {str(error).splitlines()[0]}") from None
        return cls(client, owns_client=True)

    @classmethod
    def local(cls, workers: int, *, processes: bool = True, threads_per_worker: int = 1) -> "DaskWorkers":
        """A Dask cluster of ``workers`` workers on this machine (``processes=False``: threads in this process).

        Example:
            >>> workers = DaskWorkers.local(2)
        """
        Client, LocalCluster = _client_class()
        # No dashboard: it would take a port, and a report needs none.
        cluster = LocalCluster(n_workers=workers, threads_per_worker=threads_per_worker, processes=processes,
                               dashboard_address=None, silence_logs=50)
        return cls(Client(cluster, set_as_default=False), cluster=cluster, owns_client=True)

    def __enter__(self) -> "DaskWorkers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the client and the local cluster this object opened (a wrapped client is left open)."""
        if self._owns_client:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()

    @property
    def worker_count(self) -> int:
        """How many workers the scheduler has now."""
        return len(self.client.scheduler_info().get("workers", {}))

    def map_batches(self, kind: str, model, batches: Sequence[Sequence], *, model_name: str | None = None,
                    batch_size: int | None = None, on_done: Callable[[], None] | None = None) -> list[np.ndarray]:
        """``kind`` (``"embed"`` or ``"nli"``) run on every batch by the workers; results in batch order.

        With ``model_name``, each worker loads that model itself (once: see
        :func:`contradict.models.load_embedder` and :func:`~contradict.models.load_nli`); otherwise
        ``model`` is sent to every worker once and reused. ``on_done`` is called as each batch ends.
        """
        if not batches:
            return []
        shared = None if model_name is not None else self._scatter(model)
        futures = [self.client.submit(_run_batch, kind, model_name, batch_size, shared, list(batch), pure=False)
                   for batch in batches]
        results = []
        for future in futures:  # in batch order; the workers compute them meanwhile
            results.append(np.asarray(future.result()))
            if on_done is not None:
                on_done()
        return results

    def _scatter(self, model):
        key = id(model)
        if key not in self._scattered:
            # broadcast: every worker holds the model once, instead of receiving it with every batch.
            self._scattered[key] = (model, self.client.scatter(model, broadcast=True, hash=False))
        return self._scattered[key][1]


def _run_batch(kind: str, model_name: str | None, batch_size: int | None, model, batch: list) -> np.ndarray:
    """On a worker: one batch through the model (loaded once per worker process when named)."""
    if model is None:
        model = _worker_model(kind, model_name, batch_size)
    if kind == EMBED:
        from .embed import embed

        return embed(batch, model)
    return np.asarray(model.predict(batch))


_LOADING = threading.Lock()


def _worker_model(kind: str, name: str, batch_size: int | None):
    # One lock: two threads of a worker asking at once must not load a model twice.
    with _LOADING:
        return _load_model(kind, name, batch_size)


@lru_cache(maxsize=4)
def _load_model(kind: str, name: str, batch_size: int | None):
    from .models import load_embedder, load_nli

    if kind == EMBED:
        return load_embedder(name) if batch_size is None else load_embedder(name, batch_size=batch_size)
    return load_nli(name) if batch_size is None else load_nli(name, batch_size=batch_size)


def open_workers(scheduler: str | None = None, workers: int | None = None) -> DaskWorkers | None:
    """The workers a command asked for: a scheduler address, else ``workers`` local worker processes, else None.

    Example:
        >>> open_workers(os.environ.get("CONTRADICT_SCHEDULER"), None)
    """
    if scheduler and workers:
        raise SchedulerError("give either --scheduler or --workers, not both")
    if scheduler:
        return DaskWorkers.connect(scheduler)
    if workers:
        return DaskWorkers.local(workers)
    return None
