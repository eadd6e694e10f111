"""Wall time, peak memory and time per stage of a COLD ``contradict report seeds/`` (``make bench``).

Cold means a fresh process (model loading included) and an empty cache. The same command is
then run again with the cache warm. Each run is a subprocess; its peak RSS comes from
``os.wait4``. The machine (nproc, CPU, RAM) and its load average are printed with the figures,
because other jobs on a small machine change them a lot.

Example:
    $ python benchmarks/bench_report.py            # what `make bench` runs
    $ python benchmarks/bench_report.py --runs 3   # best and median of three cold runs
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import child, contradict_command, machine, run_measured  # noqa: E402

#: The target for a cold report on the seeds on a 2-core machine.
TARGET_SECONDS = 30.0


def report_once(cache_dir: str, output: Path) -> dict:
    """One ``contradict report seeds/ --format json`` in a subprocess with its cache in ``cache_dir``."""
    env = {**os.environ, "CONTRADICT_CACHE_DIR": cache_dir, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    command = contradict_command() + ["report", str(ROOT / "seeds"), "--format", "json", "-o", str(output), "-q"]
    _, wall, peak = run_measured(command, env=env)
    report = json.loads(output.read_text(encoding="utf-8"))
    return {"wall_seconds": round(wall, 2), "peak_rss_mib": round(peak), "summary": report.get("summary", {})}


def stages_once(cache_dir: str | None) -> dict:
    """Time per stage (``report.meta['timings']``, not in the JSON) from the same run done in Python."""
    result, wall, peak = child(5, cache_dir)  # 5 articles = the seeds
    return {**result, "wall_seconds": round(wall, 2), "peak_rss_mib": round(peak)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="cold runs (each with an empty cache)")
    args = parser.parse_args()
    info = machine()
    print(f"machine: {info['nproc']} cores, {info['cpu']}, {info['ram_gib']} GiB RAM; "
          f"load average before: {' '.join(f'{x:.2f}' for x in info['load_average'])}")
    cold_runs = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            cache_dir = Path(folder) / f"cache{run}"
            cold_runs.append(report_once(str(cache_dir), Path(folder) / "cold.json"))
        warm = report_once(str(Path(folder) / "cache0"), Path(folder) / "warm.json")
        stages_cold = stages_once(str(Path(folder) / "stages"))
        stages_warm = stages_once(str(Path(folder) / "stages"))
    cold = min(cold_runs, key=lambda run: run["wall_seconds"])
    walls = [run["wall_seconds"] for run in cold_runs]
    print(f"cold  contradict report seeds/: {cold['wall_seconds']:.1f} s wall"
          + (f" (best of {len(walls)}, median {statistics.median(walls):.1f} s)" if len(walls) > 1 else "")
          + f", peak memory {cold['peak_rss_mib']} MiB; target < {TARGET_SECONDS:.0f} s: "
          + ("met" if cold["wall_seconds"] < TARGET_SECONDS else "MISSED"))
    print(f"  summary: {cold['summary']}")
    print(f"warm  contradict report seeds/: {warm['wall_seconds']:.1f} s wall, peak memory {warm['peak_rss_mib']} MiB")
    for name, run in (("cold", stages_cold), ("warm", stages_warm)):
        stage_total = sum(run["timings"].values())
        print(f"{name}  same run in Python ({run['wall_seconds']:.1f} s wall): model wrappers {run['model_load_seconds']:.1f} s "
              "(weights load inside embed and nli, only when something is not cached), "
              f"stages {stage_total:.1f} s: " + ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in run["timings"].items()))
    print(f"  {stages_cold['sentences_used']} claim sentences, {stages_cold['candidate_pairs']} candidate pairs, "
          f"{stages_cold['nli_pairs']} sent to NLI (both directions: {2 * stages_cold['nli_pairs']} model runs)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
