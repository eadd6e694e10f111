"""Web-page loading time against nesting depth: linear, not quadratic (issue 17, point 3).

Writes pages of N nested <div>s around one paragraph, loads each with the loader used by
`contradict report`, and prints depth, page size, seconds and the 1-minute load average.
The old BeautifulSoup reader took 1.3 s at 5,000, 11.7 s at 20,000 and 92 s at 50,000 levels.

Example:
    python benchmarks/bench_html.py            # depths 5000 20000 50000 100000
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contradict.load import load_articles  # noqa: E402

PARAGRAPH = "<p>The river rose by two metres overnight and 300 homes were evacuated, the council said.</p>"


def main(depths: list[int]) -> None:
    print(f"{'depth':>8} {'KB':>8} {'seconds':>8}   load average")
    with tempfile.TemporaryDirectory() as folder:
        for depth in depths:
            page = Path(folder) / f"deep{depth}.html"
            page.write_text("<html><body>" + "<div>" * depth + PARAGRAPH + "</div>" * depth + "</body></html>")
            started = time.perf_counter()
            (article,) = load_articles([page]).articles
            elapsed = time.perf_counter() - started
            assert "300 homes" in article.text
            print(f"{depth:>8} {page.stat().st_size / 1024:>8.0f} {elapsed:>8.2f}   {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main([int(value) for value in sys.argv[1:]] or [5000, 20000, 50000, 100000])
