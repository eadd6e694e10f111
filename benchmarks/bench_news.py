"""Conflict precision and recall on hand-labelled real news (``make bench-news``), and the wall time.

Runs ``contradict eval --events NEWS/events --labels NEWS/labels`` in-process: one Pipeline, the
models loaded once and reused for every event, with an empty cache (a cold run; model loading is
included in the wall time). NEWS is ``../shared/news-dev`` beside the repository unless given;
its format and its score.py are described in its README. When the folder is absent there is
nothing to measure: the script says so and exits 0.

Example:
    $ python benchmarks/bench_news.py                      # what `make bench-news` runs
    $ python benchmarks/bench_news.py /data/my-news -v     # your own labelled events; list misses
    $ python benchmarks/bench_news.py --json news.json     # the figures, machine-readable, too
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NEWS = ROOT.parent / "shared" / "news-dev"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("news", nargs="?", type=Path, default=DEFAULT_NEWS,
                        help=f"folder holding events/ and labels/ (default: {DEFAULT_NEWS})")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list misses and false conflicts")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args()
    events, labels = args.news / "events", args.news / "labels"
    if not (events.is_dir() and labels.is_dir()):
        print(f"bench_news: {args.news} has no events/ and labels/ folders: nothing to measure")
        return 0

    from contradict.cache import Cache
    from contradict.errors import ContradictError
    from contradict.evaluate import evaluate_events, render_events_text
    from contradict.pipeline import Pipeline

    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(f"machine: {os.cpu_count()} cores; load average before: {' '.join(f'{x:.2f}' for x in load)}")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        pipeline = Pipeline(show_progress=False, cache=Cache(Path(folder) / "cache.sqlite"))
        try:
            evaluation = evaluate_events(labels, events, pipeline)
        except ContradictError as error:
            print(f"bench_news: error: {error}", file=sys.stderr)
            return 2
        wall = time.perf_counter() - start
    text = render_events_text(evaluation, verbose=args.verbose)
    print(text if args.verbose else text.splitlines()[-1])
    print(f"wall time: {wall:.1f} s for {evaluation.total.events} events, cold cache, models loaded once "
          f"({evaluation.seconds:.1f} s inside Pipeline.analyze)")
    if args.json:
        args.json.write_text(json.dumps({**evaluation.to_dict(), "wall_seconds": round(wall, 1)}, indent=2,
                                        ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
