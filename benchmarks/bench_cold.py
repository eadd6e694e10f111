"""Cold ``contradict report`` wall time on one three-outlet event and on the seeds (issue 11's speed target).

Cold means a new process (models loaded, modules imported) and ``--no-cache`` with an empty cache
folder. Each run is a subprocess; its CPU time and peak RSS come from ``os.wait4``. The machine
is shared, so the 1-minute load average is printed before every run, and the median of the runs
is the figure to quote (with its load). The targets: <= 15 s for one event, <= 30 s for the seeds,
on 2 cores.

Example:
    $ python benchmarks/bench_cold.py                   # 3 runs each: the first news-dev event, seeds/
    $ python benchmarks/bench_cold.py --runs 5 seeds/   # any folders or files
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import machine  # noqa: E402

NEWS_EVENTS = ROOT.parent / "shared" / "news-dev" / "events"
TARGETS_SECONDS = {"event": 15.0, "seeds": 30.0}


def default_targets() -> list[Path]:
    """The first event of ../shared/news-dev (when present) and the seeds."""
    events = sorted(path for path in NEWS_EVENTS.iterdir() if path.is_dir()) if NEWS_EVENTS.is_dir() else []
    return events[:1] + [ROOT / "seeds"]


def cold_run(target: Path) -> dict:
    """One ``contradict report TARGET --no-cache --format json`` in a new process with an empty cache folder."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "CONTRADICT_CACHE_DIR": folder, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        command = [sys.executable, "-m", "contradict", "report", str(target), "--no-cache", "--format", "json",
                   "-o", str(Path(folder) / "report.json"), "-q"]
        load = os.getloadavg()[0]
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024, "load": load}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", type=Path, help="folders or files (default: one news-dev event, seeds/)")
    parser.add_argument("--runs", type=int, default=3, help="cold runs per target (default 3)")
    args = parser.parse_args()
    info = machine()
    print(f"machine: {info['nproc']} cores, {info['cpu']}, {info['ram_gib']} GiB RAM")
    for target in args.targets or default_targets():
        runs = []
        for number in range(args.runs):
            run = cold_run(target)
            runs.append(run)
            print(f"  {target.name}: run {number + 1}: {run['wall']:.1f} s wall, {run['cpu']:.1f} s CPU, "
                  f"peak {run['peak_mib']:.0f} MiB, load average before {run['load']:.2f}", flush=True)
        kind = "seeds" if target.name == "seeds" else "event"
        median = statistics.median(run["wall"] for run in runs)
        loads = ", ".join(f"{run['load']:.1f}" for run in runs)
        print(f"{target.name}: median {median:.1f} s wall over {len(runs)} cold runs (target {TARGETS_SECONDS[kind]:.0f} s), "
              f"median CPU {statistics.median(run['cpu'] for run in runs):.1f} s; loads {loads}")


if __name__ == "__main__":
    main()
