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


def dump_dom(page: Path, fragment: str = "") -> BeautifulSoup:
    """The DOM after Chromium loaded the page (at ``#fragment``, if given) and ran whatever it would run."""
    with tempfile.TemporaryDirectory() as profile:
        try:
            result = subprocess.run(
                [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=2000", "--dump-dom",
                 page.as_uri() + fragment],
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
    assert len(dom.find_all("script")) == 1 and dom.find("img") is None and dom.find("svg") is None  # the report's own script
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



# ---------------------------------------------------------------------- a report at scale: 32 outlets, 100+ findings

_THINGS = ["homes", "ferries", "schools", "bridges", "buses", "flights", "trains", "shops", "farms", "boats", "clinics", "roads"]
_TEMPLATES = (
    "The storm damaged {n} {thing} across the {place} region, officials said.",
    "Officials in {place} counted {n} damaged {thing} after the storm.",
    "According to the council, {n} {thing} near {place} were hit by the storm.",
    "At least {n} {thing} in {place} suffered storm damage, emergency services reported.",
)


def storm_articles(outlets: int = 32) -> list[Article]:
    """Invented storm coverage: each outlet gives six damage counts, a third of them 30% higher than the rest."""
    import random

    rng = random.Random(7)
    articles = []
    for o in range(outlets):
        lines = []
        for t in rng.sample(range(len(_THINGS)), 6):
            figure = 100 + 37 * t if (o + t) % 3 else int((100 + 37 * t) * 1.3)
            place = ("Vellmar", "Ostrand", "Kelby", "Marrow")[t % 4]
            lines.append(rng.choice(_TEMPLATES).format(n=f"{figure:,}", thing=_THINGS[t], place=place))
        name = f"{('Daily', 'Evening', 'Morning', 'Weekly')[o % 4]} {chr(65 + o % 26)}{o:02d} News"
        articles.append(Article(id=f"outlet{o:02d}", source=name, date=f"2024-03-1{o % 9}", text="\n\n".join(lines)))
    return articles


@pytest.fixture(scope="module")
def storm_page(tmp_path_factory):
    from contradict.pipeline import Pipeline

    from conftest import FakeEmbedder, FakeNLI

    report = Pipeline(embedder=FakeEmbedder(), nli=FakeNLI(), show_progress=False).analyze(storm_articles())
    assert report.summary()["sources"] >= 30 and len(report.findings) >= 100
    page = tmp_path_factory.mktemp("storm") / "report.html"
    page.write_text(render(report, "html"), encoding="utf-8")
    return page, report


def test_report_at_32_outlets_has_sticky_matrix_and_working_filters(storm_page):
    page, report = storm_page
    dom = dump_dom(page)
    findings = dom.select(".finding[data-verdict]")
    assert len(findings) == len(report.findings)
    # The script ran (the CSP allowed it by its hash): the filter bar is shown and counts every finding.
    assert dom.find(id="filters").get("hidden") is None
    assert dom.find(id="f-shown").get_text() == f"{len(findings)} of {len(findings)} findings shown"
    assert len(dom.select("table.matrix")[0].select("th.outlet")) == 32
    assert "position:sticky" in dom.find("style").get_text().replace(" ", "")


def test_filters_from_the_address_show_only_matching_findings(storm_page):
    page, report = storm_page
    outlet = "Evening J09 News"
    dom = dump_dom(page, f"#q=ferries&verdict=conflict&outlet={outlet.replace(' ', '%20')}")
    visible = [f for f in dom.select(".finding[data-verdict]") if f.get("hidden") is None]
    assert visible, "some conflicts of that outlet are about ferries"
    for finding in visible:
        assert finding["data-verdict"] == "conflict"
        assert outlet in finding.get_text() and "ferries" in finding.get_text().lower()
    expected = [f for f in report.findings.itertuples() if f.kind == "conflict" and outlet in f.sources]
    assert len(visible) < len(expected) < len(report.findings)  # each filter narrowed the list
    assert dom.find(id="f-shown").get_text() == f"{len(visible)} of {len(report.findings)} findings shown"
    hidden_cards = [card for card in dom.select("details.card") if card.get("hidden") is not None]
    assert all(not card.select(".finding[data-verdict]:not([hidden])") for card in hidden_cards)
