"""A day's feed of real news: ../shared/basil-feed (300 articles, 100 events x 3 outlets, shuffled).

Measures, each run in a fresh subprocess (peak RSS via ``os.wait4`` is that run's own):

- story grouping against the truth in ``stories.csv`` (adjusted Rand index; the file is read here
  only, never given to the tool);
- growth: a cold run (empty cache, models not loaded) on the first 100 articles (file order, which is
  shuffled), then on the first 299; per stage time, peak memory, stories, candidate pairs, NLI pairs;
- one added article: ``contradict report FEED -f json`` in a new process, as a user runs it, on the 300
  articles with the cache the 299 left (what a newsroom's next run costs);
- warm: the same 300 again, then ``contradict report FEED -f json`` and ``-f text`` in a new process;
- ``--dask 1 2``: a cold run of the first ``--dask-articles`` articles in process, then on a local
  Dask cluster of 1 and of 2 worker processes (fresh caches each), to say what a worker buys.

Example:
    $ python benchmarks/bench_feed.py                      # about 20-40 min on 2 cores
    $ python benchmarks/bench_feed.py --ari-only           # the grouping only (embeddings are cached)
    $ python benchmarks/bench_feed.py --dask 1 2 --dask-articles 30 --skip-feed
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import machine, run_measured  # noqa: E402

FEED = ROOT.parent / "shared" / "basil-feed"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def feed_files(feed: Path) -> list[Path]:
    return sorted((feed / "articles").glob("*.md"))


def adjusted_rand(feed: Path, story_of: dict[str, str]) -> float | None:
    """ARI of the tool's stories (article id = file stem) against ``stories.csv``, on the articles given."""
    from sklearn.metrics import adjusted_rand_score

    with open(feed / "stories.csv", newline="") as handle:
        truth = {Path(row["file"]).stem: row["story"] for row in csv.DictReader(handle)}
    ids = sorted(set(story_of) & set(truth))
    return round(float(adjusted_rand_score([truth[i] for i in ids], [story_of[i] for i in ids])), 4) if ids else None


# ------------------------------------------------------------------ worker (runs in the child)


def worker(files: list[str], cache_dir: str, dask_workers: int | None) -> dict:
    from contradict.cache import Cache
    from contradict.pipeline import Pipeline

    workers = None
    if dask_workers:
        from contradict.workers import DaskWorkers

        workers = DaskWorkers.local(dask_workers)
    cache = Cache(Path(cache_dir) / "cache.sqlite")
    pipeline = Pipeline(show_progress=False, cache=cache, workers=workers)
    start = time.perf_counter()
    report = pipeline.analyze(files)
    analyze_seconds = time.perf_counter() - start
    if workers is not None:
        workers.close()
    start = time.perf_counter()
    data = report._json_bytes(newline=True, version=3)  # the feed shape
    json_seconds = time.perf_counter() - start
    size, digest = len(data), hashlib.sha256(data).hexdigest()[:16]
    del data
    v2_size = len(report._json_bytes(newline=True, version=2))  # the default
    old_size = len(report._json_bytes(newline=True, version=1))
    counts = report.meta["counts"]
    return {
        "articles": int(len(report.articles)), "sentences_used": int((report.sentences["status"] == "used").sum()),
        "analyze_seconds": round(analyze_seconds, 1), "timings": report.meta["timings"],
        "stories": int(len(report.stories)), "candidate_pairs": counts["candidate_pairs"], "nli_pairs": counts["nli_pairs"],
        "conflicts": int((report.pairs["verdict"] == "conflict").sum()),
        "agreements": int((report.pairs["verdict"] == "agree").sum()),
        "json_mib": round(size / 2**20, 1), "json_seconds": round(json_seconds, 1), "json_sha256": digest,
        "json_v2_mib": round(v2_size / 2**20, 1), "json_v1_mib": round(old_size / 2**20, 1),
        "cache_misses": dict(cache.misses), "cache_hits": dict(cache.hits),
        "story_of": dict(zip(report.articles["id"].tolist(), report.articles["story_id"].tolist())),
    }


# ------------------------------------------------------------------ driver


def child(files: list[Path], cache_dir: str, dask_workers: int | None = None) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump([str(path) for path in files], handle)
    command = [sys.executable, __file__, "--worker", handle.name, "--cache-dir", cache_dir]
    if dask_workers:
        command += ["--dask-workers", str(dask_workers)]
    load_before = os.getloadavg()[0]
    result, wall, rss = run_measured(command, env=ENV)
    os.unlink(handle.name)
    result.update(wall=round(wall, 1), peak_mib=round(rss), load_before=round(load_before, 2),
                  load_after=round(os.getloadavg()[0], 2))
    return result


def show(label: str, result: dict, feed: Path) -> dict:
    story_of = result.pop("story_of", {})
    result["ari"] = adjusted_rand(feed, story_of)
    print(json.dumps({"run": label, **result}), flush=True)
    return result


def warm_cli(files: list[Path], cache_dir: str, formats=("json", "text"), label: str = "warm CLI") -> dict:
    """``contradict report`` in a new process on the cache given, as a user runs it (each format to a file)."""
    result = {"load_before": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "feed"
        corpus.mkdir()
        for path in files:
            shutil.copy(path, corpus / path.name)
        env = {**ENV, "CONTRADICT_CACHE_DIR": cache_dir}
        for fmt in formats:
            output = Path(folder) / f"report.{fmt}"
            # python -m contradict from this checkout (run_measured runs in ROOT): the venv's script may import another tree.
            command = [sys.executable, "-m", "contradict", "report", str(corpus), "--format", fmt, "-o", str(output), "-q"]
            _, wall, rss = run_measured(command, env=env)
            result[fmt] = {"wall": round(wall, 1), "peak_mib": round(rss), "output_mib": round(output.stat().st_size / 2**20, 1)}
    print(json.dumps({"run": label, **result}), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feed", type=Path, default=FEED)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300], help="growth sizes; the last gets +1 and warm runs")
    parser.add_argument("--dask", type=int, nargs="*", default=[], help="local Dask worker counts to compare (e.g. 1 2)")
    parser.add_argument("--dask-articles", type=int, default=30)
    parser.add_argument("--skip-feed", action="store_true", help="only the --dask comparison")
    parser.add_argument("--ari-only", action="store_true", help="group the whole feed (cached embeddings) and print the ARI")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", help=argparse.SUPPRESS)
    parser.add_argument("--dask-workers", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        files = json.loads(Path(args.worker).read_text())
        print(json.dumps(worker(files, args.cache_dir, args.dask_workers)))
        return
    if not (args.feed / "stories.csv").is_file():
        raise SystemExit(f"{args.feed}: not found (the BASIL feed lives in ../shared/basil-feed)")
    files = feed_files(args.feed)
    print(json.dumps({"machine": machine(), "feed": str(args.feed), "articles": len(files)}), flush=True)
    if args.ari_only:
        print(json.dumps({"ari": ari_only(files, args.feed)}), flush=True)
        return
    if not args.skip_feed:
        *smaller, largest = args.sizes
        for size in smaller:
            with tempfile.TemporaryDirectory() as cache_dir:
                show(f"cold {size}", child(files[:size], cache_dir), args.feed)
        with tempfile.TemporaryDirectory() as cache_dir:
            show(f"cold {largest - 1}", child(files[:largest - 1], cache_dir), args.feed)
            warm_cli(files[:largest], cache_dir, formats=("json",), label=f"one added article ({largest}), CLI")
            show(f"warm {largest}", child(files[:largest], cache_dir), args.feed)
            warm_cli(files[:largest], cache_dir)
    for count in [None, *args.dask] if args.dask else []:
        with tempfile.TemporaryDirectory() as cache_dir:
            show(f"cold {args.dask_articles}, " + (f"Dask, {count} local worker(s)" if count else "in process"),
                 child(files[:args.dask_articles], cache_dir, count), args.feed)


def ari_only(files: list[Path], feed: Path) -> float | None:
    """Group the feed as the pipeline does (sentence embeddings through the user's cache) and score it."""
    from contradict.cache import Cache, default_cache_path
    from contradict.dedupe import find_duplicate_articles, merge_duplicate_sentences
    from contradict.pipeline import Pipeline
    from contradict.sentences import split_sentences

    pipeline = Pipeline(show_progress=None, cache=Cache(default_cache_path()), stories=True)
    articles = list(pipeline.load(files).articles)
    sentences = merge_duplicate_sentences([s for a in articles for s in split_sentences(a)], find_duplicate_articles(articles))
    used = [s for s in sentences if s.status == "used"]
    stories = pipeline.group_stories(articles, sentences, used, pipeline.encode([s.text for s in used]))
    return adjusted_rand(feed, {article_id: story.id for story in stories for article_id in story.article_ids})


if __name__ == "__main__":
    main()
