"""Speed and scale: wall time per stage, throughput and peak memory for corpora of 5, 50 and 500 articles.

Each size runs in a fresh subprocess (so peak RSS, read with ``os.wait4``, is that run's own),
on a corpus from :mod:`make_corpus` (the seeds plus generated articles), with an empty cache,
then again with the cache warm, then with one article added. The ``--k-sweep`` mode compares
``neighbours_per_sentence`` values against the all-cross-outlet-pairs baseline (pairs scored
and share of the baseline's conflicts still found).

Example:
    $ python benchmarks/bench_scale.py --sizes 5 50 500
    $ python benchmarks/bench_scale.py --k-sweep --sizes 5 50 --ks 2 3 5 10
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def machine() -> dict:
    """nproc, CPU model, RAM and the load average right now (other people's jobs slow benchmarks)."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(ram, 1), "load_average": os.getloadavg()}


def run_measured(command: list[str], env: dict | None = None) -> tuple[dict, float, float]:
    """Run a child; return its JSON stdout, wall seconds and peak RSS in MiB (its own, via wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, cwd=ROOT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    text = output.decode()
    result = json.loads(text[text.index("{"):]) if "{" in text else {}
    return result, wall, usage.ru_maxrss / 1024  # Linux reports KiB


# ------------------------------------------------------------------ worker (runs in the child)


class NoContradictionNLI:
    """An NLI stand-in that never sees a contradiction: with it, the only conflicts are the numeric ones.

    Used by ``--k-sweep --numbers-only`` where the real model on every baseline pair would take hours on 2 cores.
    """

    name = "no-contradiction-nli"
    labels = ("other", "contradiction")
    max_tokens = 10_000

    def predict(self, pairs):
        import numpy as np

        return np.tile([1.0, 0.0], (len(pairs), 1))

    def is_truncated(self, premise, hypothesis):
        return False


def worker(size: int, cache_dir: str | None, k: int | None, extra: int, seed: int, numbers_only: bool = False) -> dict:
    from make_corpus import make_corpus

    from contradict.cache import Cache
    from contradict.pipeline import Pipeline

    start = time.perf_counter()
    articles = make_corpus(size + extra, seed=seed)
    corpus_seconds = time.perf_counter() - start
    cache = Cache(Path(cache_dir) / "cache.sqlite") if cache_dir else None
    options = {} if k == -1 else {"neighbours_per_sentence": k}
    pipeline = Pipeline(show_progress=False, cache=cache, nli=NoContradictionNLI() if numbers_only else None, **options)
    # Builds the model wrappers only: the weights load inside the embed and nli stages, and only
    # when something is not in the cache (a warm run never loads them).
    start = time.perf_counter()
    pipeline.embedder, pipeline.nli
    load_seconds = time.perf_counter() - start
    start = time.perf_counter()
    report = pipeline.analyze(articles)
    analyze_seconds = time.perf_counter() - start
    timings = report.meta["timings"]
    used = int((report.sentences["status"] == "used").sum())
    counts = report.meta["counts"]
    nli_pairs = counts["nli_pairs"]
    conflicts = report.pairs[report.pairs["verdict"] == "conflict"]
    return {
        "articles": len(articles), "sentences_used": used, "corpus_seconds": round(corpus_seconds, 2),
        "model_load_seconds": round(load_seconds, 2), "analyze_seconds": round(analyze_seconds, 2),
        "timings": timings, "candidate_pairs": counts["candidate_pairs"], "nli_pairs": nli_pairs,
        "topics": int(report.topics.shape[0]), "conflicts": int(len(conflicts)),
        "conflict_ids": sorted(f"{a}|{b}" for a, b in zip(conflicts["a_sentence_id"], conflicts["b_sentence_id"])),
        "k": pipeline.neighbours_per_sentence,
        "sentences_per_second_embed": round(used / timings["embed"], 1) if timings.get("embed") else None,
        # Each pair is scored in both directions, so the model runs 2 * nli_pairs times.
        "nli_pairs_per_second": round(nli_pairs / timings["nli"], 1) if timings.get("nli") else None,
        "cache_misses": dict(cache.misses) if cache else None, "cache_hits": dict(cache.hits) if cache else None,
    }


# ------------------------------------------------------------------ driver


def child(size: int, cache_dir: str | None, k: int | None = -1, extra: int = 0, seed: int = 7,
          numbers_only: bool = False) -> tuple[dict, float, float]:
    command = [sys.executable, __file__, "--worker", str(size), "--extra", str(extra), "--seed", str(seed),
               "--k", "default" if k == -1 else str(k)] + (["--numbers-only"] if numbers_only else [])
    if cache_dir:
        command += ["--cache-dir", cache_dir]
    return run_measured(command, env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})


def warm_cli(size: int, seed: int, cache_dir: str) -> dict:
    """What a user waits for: ``contradict report CORPUS`` in a new process on a warm cache, text and JSON output.

    Wall time includes the interpreter, imports, loading and writing the report (to a file, not a terminal).
    """
    from make_corpus import make_corpus, write_corpus

    result = {}
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(make_corpus(size, seed=seed), Path(folder) / "corpus")
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "CONTRADICT_CACHE_DIR": cache_dir}
        for fmt in ("text", "json"):
            output = Path(folder) / f"report.{fmt}"
            command = contradict_command() + ["report", str(Path(folder) / "corpus"), "--format", fmt, "-o", str(output), "-q"]
            _, wall, rss = run_measured(command, env=env)
            result[fmt] = {"wall": round(wall, 1), "peak_mib": round(rss), "output_mib": round(output.stat().st_size / 2**20, 1)}
    return result


def contradict_command() -> list[str]:
    """The ``contradict`` script of this interpreter's environment, else ``python -m contradict``."""
    script = Path(sys.executable).parent / "contradict"
    return [str(script)] if script.exists() else [sys.executable, "-m", "contradict"]


def scale(sizes: list[int], seed: int, numbers_only: bool = False) -> list[dict]:
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as cache_dir:
            cold, cold_wall, cold_rss = child(size, cache_dir, seed=seed, numbers_only=numbers_only)
            warm, warm_wall, warm_rss = child(size, cache_dir, seed=seed, numbers_only=numbers_only)
            # The CLI shares the cache file when run on the same cache dir (numbers-only runs use another model).
            cli = None if numbers_only else warm_cli(size, seed, cache_dir)
            plus_one, plus_wall, _ = child(size, cache_dir, extra=1, seed=seed, numbers_only=numbers_only)
        row = {"size": size, "cold": cold, "cold_wall": round(cold_wall, 1), "cold_peak_mib": round(cold_rss),
               "warm_wall": round(warm_wall, 1), "warm_analyze": warm["analyze_seconds"], "warm_misses": warm["cache_misses"],
               "warm_timings": warm["timings"], "warm_model_load": warm["model_load_seconds"], "warm_cli": cli,
               "plus_one_wall": round(plus_wall, 1), "plus_one_misses": plus_one["cache_misses"], "load": os.getloadavg()}
        row["numbers_only"] = numbers_only
        rows.append(row)
        print(json.dumps({key: value for key, value in row.items() if key != "cold"} | {
            "cold": {key: value for key, value in cold.items() if key != "conflict_ids"}}), flush=True)
    return rows


def _sentences(conflict_ids) -> set[str]:
    return {sentence for pair in conflict_ids for sentence in pair.split("|")}


def k_sweep(sizes: list[int], ks: list[int | None], seed: int, numbers_only: bool = False) -> list[dict]:
    rows = []
    for size in sizes:
        # One shared cache: the baseline's NLI scores serve every k, so the sweep costs one baseline run.
        with tempfile.TemporaryDirectory() as cache_dir:
            baseline, baseline_wall, _ = child(size, cache_dir, k=None, seed=seed, numbers_only=numbers_only)
            found = set(baseline["conflict_ids"])
            for k in ks:
                result, wall, _ = child(size, cache_dir, k=k, seed=seed, numbers_only=numbers_only)
                kept = set(result["conflict_ids"])
                row = {"size": size, "k": k, "candidate_pairs": result["candidate_pairs"], "nli_pairs": result["nli_pairs"],
                       "baseline_candidate_pairs": baseline["candidate_pairs"], "baseline_nli_pairs": baseline["nli_pairs"],
                       "conflicts": len(kept), "baseline_conflicts": len(found),
                       "conflict_recall": round(len(kept & found) / len(found), 3) if found else None,
                       "new_conflicts": len(kept - found),
                       # A user sees a conflicting claim if it is in at least one conflict pair.
                       "conflict_sentence_recall": round(len(_sentences(kept) & _sentences(found)) / len(_sentences(found)), 3)
                       if found else None, "numbers_only": numbers_only}
                rows.append(row)
                print(json.dumps(row), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", help="corpus sizes (default: 5 50 500; 5 50 with --k-sweep)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--k-sweep", action="store_true")
    parser.add_argument("--ks", type=int, nargs="+", default=[2, 3, 5, 10])
    parser.add_argument("--numbers-only", action="store_true",
                        help="an NLI stand-in that never contradicts (no NLI cost): the k-sweep then counts only "
                             "numeric conflicts, and scale runs time everything but NLI")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    parser.add_argument("--k", default="default", help=argparse.SUPPRESS)
    parser.add_argument("--extra", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        k = -1 if args.k == "default" else (None if args.k == "None" else int(args.k))
        print(json.dumps(worker(args.worker, args.cache_dir, k, args.extra, args.seed, args.numbers_only)))
        return
    print(json.dumps({"machine": machine()}), flush=True)
    if args.k_sweep:
        sizes = args.sizes or [5, 50]
        if max(sizes) > 100:
            # The baseline scores every cross-outlet pair of a topic: millions of pairs at 500 articles.
            raise SystemExit("--k-sweep needs the all-pairs baseline, which is quadratic: use sizes up to 100")
        k_sweep(sizes, args.ks, args.seed, args.numbers_only)
    else:
        scale(args.sizes or [5, 50, 500], args.seed, args.numbers_only)


if __name__ == "__main__":
    main()
