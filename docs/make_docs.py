"""Write the report examples in docs/ from one run on seeds/ (used by `make screenshot`).

- ``docs/report-excerpt.txt``: the head of the text report (the three strongest findings);
- the HTML report, to the path given (``make screenshot`` photographs it into ``docs/report.png``);
- with a second path, the HTML report at scale: 32 invented outlets and 400 findings, made with the
  test suite's fake models in seconds (``make screenshot`` photographs it into ``docs/report-scale.png``).

Example:
    python docs/make_docs.py /tmp/report.html /tmp/report-scale.html
"""

import os
import sys
from pathlib import Path

import contradict
from contradict.formats import render

ROOT = Path(__file__).resolve().parent.parent


def main(html_path: str, scale_path: str | None = None) -> None:
    os.chdir(ROOT)  # paths in the report read "seeds/...", as in the README's commands
    report = contradict.analyze(["seeds/"], show_progress=False)
    excerpt = render(report, "text", top=3)
    Path("docs/report-excerpt.txt").write_text("$ contradict report seeds/ --top 3\n" + excerpt, encoding="utf-8")
    report.to_html(html_path)
    if scale_path:
        sys.path.insert(0, str(ROOT / "tests"))
        from conftest import FakeEmbedder, FakeNLI
        from test_html_browser import storm_articles

        pipeline = contradict.Pipeline(embedder=FakeEmbedder(), nli=FakeNLI(), show_progress=False)
        pipeline.analyze(storm_articles()).to_html(scale_path)


if __name__ == "__main__":
    main(*sys.argv[1:3])
