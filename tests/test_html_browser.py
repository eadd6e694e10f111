"""The HTML report in a real headless Chromium: hostile article text never runs.

Scripts that did run would change the page title or add a marker element, so the DOM
Chromium dumps after loading tells whether anything executed. A control page with the
same payload left unescaped proves the check can see an execution.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from contradict import Article
from contradict.formats import render

CHROMIUM = Path("/usr/bin/chromium")
# The flags of `make screenshot`: no network, no first-run or background work.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs headless Chromium (apt-get install chromium)")]

# Each payload, if it ran, would retitle the page and leave a marker element behind.
RUN = "document.title='pwned';document.body.insertAdjacentHTML('beforeend','<p id=pwned></p>')"
PAYLOAD = f"<script>{RUN}</script> \"><img src=x onerror=\"{RUN}\"> <svg onload=\"{RUN}\"></svg>"
# The payloads of the issue: an alert() that fired would hold the headless page open until the timeout.
ALERTS = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'

EXPRESS = Article(id="express", source="Express", date="2021-12-25",
                  text="Estimates for the number of Russian troops at the border vary from 60,000 to 90,000.\n")
HOSTILE = Article(id="hostile", source=f"Post {PAYLOAD}", date="2022-02-16", title=PAYLOAD, url="javascript:alert(1)", text=(
    f"More than 100,000 Russian troops at the border {PAYLOAD}, Russian troops at the border.\n"))


def dump_dom(page: Path) -> BeautifulSoup:
    """The DOM after Chromium loaded the page and ran whatever it would run."""
    with tempfile.TemporaryDirectory() as profile:
        try:
            result = subprocess.run(
                [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=2000", "--dump-dom",
                 page.as_uri()],
                capture_output=True, text=True, timeout=60,
            )
        except subprocess.TimeoutExpired:
            pytest.fail("Chromium did not finish loading the page: a script probably opened an alert() dialog")
    assert result.returncode == 0, result.stderr[-2000:]
    return BeautifulSoup(result.stdout, "html.parser")


def test_hostile_article_text_does_not_run_in_a_browser(fake_pipeline, tmp_path):
    report = fake_pipeline.analyze([EXPRESS, HOSTILE])
    assert report.summary()["conflicts"] == 1  # the hostile sentence is quoted in a conflict card
    page = tmp_path / "report.html"
    page.write_text(render(report, "html"), encoding="utf-8")

    dom = dump_dom(page)
    assert dom.title.get_text() == "contradict report: 1 conflicts, 0 agreements"
    assert dom.find(id="pwned") is None
    assert dom.find("script") is None and dom.find("img") is None and dom.find("svg") is None
    assert any("<script>" in quote.get_text() for quote in dom.select(".conflict-finding blockquote"))
    assert dom.select("table.matrix td.cell.conflict")  # the page itself rendered: matrix and cards


def test_the_check_sees_a_payload_that_runs(tmp_path):
    control = tmp_path / "control.html"
    control.write_text(f"<!DOCTYPE html><html><head><title>control</title></head><body>{PAYLOAD}</body></html>")
    dom = dump_dom(control)
    assert dom.title.get_text() == "pwned" and dom.find(id="pwned") is not None


def test_chromium_can_screenshot_the_report(fake_pipeline, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render(fake_pipeline.analyze([EXPRESS, HOSTILE]), "html"), encoding="utf-8")
    shot = tmp_path / "report.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}", "--window-size=1280,1600", page.as_uri()],
                       capture_output=True, timeout=120, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000

