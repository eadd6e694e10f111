"""Embedding speed of the default embedder: the numpy engine against sentence-transformers (torch).

Encodes the distinct claim sentences of a generated corpus (``make_corpus``: the seeds retold by
generated outlets) with each engine, after a warm-up (weights read, torch imported), and prints
sentences per second, wall and CPU time, and the load average, which on a shared machine matters
as much as the engine. ``--blas-threads 2`` also times the numpy engine with two BLAS threads.

Example:
    $ python benchmarks/bench_embed.py                    # 2,000 sentences, both engines
    $ python benchmarks/bench_embed.py --sentences 200 --blas-threads 2
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import machine  # noqa: E402
from make_corpus import make_corpus  # noqa: E402

from contradict.models import load_embedder  # noqa: E402
from contradict.sentences import split_sentences  # noqa: E402
from contradict.types import USED  # noqa: E402


def corpus_sentences(count: int) -> list[str]:
    """``count`` distinct claim sentences of a generated corpus (as many articles as it takes)."""
    articles = 50
    while True:
        texts = list(dict.fromkeys(s.text for a in make_corpus(articles, seed=7) for s in split_sentences(a)
                                   if s.status == USED))
        if len(texts) >= count or articles > 5000:
            return texts[:count]
        articles *= 2


def timed(label: str, embedder, texts: list[str]) -> None:
    embedder.encode(texts[:2])  # warm-up: weights read, libraries imported
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    embedder.encode(texts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<34} {len(texts) / wall:7.1f} sentences/s  {wall:6.1f} s wall  {cpu:6.1f} s CPU  "
          f"(load average before {load:.2f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--blas-threads", type=int, default=1, help="also time numpy with this many BLAS threads")
    args = parser.parse_args()
    texts = corpus_sentences(args.sentences)
    info = machine()
    print(f"machine: {info['nproc']} cores, {info['cpu']}; {len(texts)} distinct sentences")
    import contradict.numpy_bert as numpy_bert

    timed("numpy engine, 1 BLAS thread", load_embedder(), texts)
    if args.blas_threads != 1:
        numpy_bert.BLAS_THREADS = args.blas_threads
        timed(f"numpy engine, {args.blas_threads} BLAS threads", load_embedder(), texts)
        numpy_bert.BLAS_THREADS = 1
    timed("sentence-transformers (torch)", load_embedder(engine="sentence-transformers"), texts)


if __name__ == "__main__":
    main()
