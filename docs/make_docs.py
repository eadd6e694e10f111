"""Write the report examples in docs/ from one run on seeds/ (used by `make screenshot`).

- ``docs/report-excerpt.txt``: the head of the text report (the three strongest findings);
- the HTML report, to the path given (``make screenshot`` photographs it into ``docs/report.png``).

Example:
    python docs/make_docs.py /tmp/report.html
"""

import os
import sys
from pathlib import Path

import contradict
from contradict.formats import render

ROOT = Path(__file__).resolve().parent.parent


def main(html_path: str) -> None:
    os.chdir(ROOT)  # paths in the report read "seeds/...", as in the README's commands
    report = contradict.analyze(["seeds/"], show_progress=False)
    excerpt = render(report, "text", top=3)
    Path("docs/report-excerpt.txt").write_text("$ contradict report seeds/ --top 3\n" + excerpt, encoding="utf-8")
    report.to_html(html_path)


if __name__ == "__main__":
    main(sys.argv[1])
