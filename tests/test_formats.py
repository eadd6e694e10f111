"""Every output format, from one Report: structure with fake models (fast), content on seeds/ (real models).

The troop-count conflict ("60,000 to 90,000" against "More than 100,000") must reach every
format; hostile article text must stay text in every format.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from typer.testing import CliRunner

from contradict import Article, InputError
from contradict.cli import app
from contradict.formats import (
    FINDING_SCHEMA_PATH, REPORT_SCHEMA_PATH, REPORT_V1_SCHEMA_PATH, REPORT_V3_SCHEMA_PATH, RENDERERS, Format,
    claimreview_items, escape_markdown, finding_records, outlet_topic_stances, render, write_report,
)
from contradict.formats import _CSS, _SCRIPT

from conftest import AFP, BBC, FOX

EXPRESS = Article(id="express", source="Express", date="2021-12-25", url="https://express.example/troops", text=(
    "Estimates for the number of Russian troops at the border vary from 60,000 to 90,000.\n\n"
    "Talks with Germany are planned in Geneva next month.\n\n"
    "The Kremlin declined to comment on the hypersonic missile programme.\n"))
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# Conflicts with Express on troop numbers, so the hostile sentence is quoted in every finding-based format.
HOSTILE = Article(id="hostile", source="Evil <b>Post</b>", date="2022-02-16", title=SCRIPT, url="javascript:alert(1)", text=(
    f"More than 100,000 Russian troops at the border {SCRIPT}, Russian troops at the border {IMG} "
    "[a link](http://evil.example) @everyone =cmd|' /C calc'!A0.\n"))

TROOP_NUMBERS = ("60,000 to 90,000", "More than 100,000")


#: ClaimReview publishes only confirmed findings; these tests of every format read its unreviewed draft.
DRAFT = {"claimreview": {"draft": True}}


def flat(text: str) -> str:
    """Whitespace runs made one space: wrapped text lines must not hide a quote."""
    return " ".join(text.split())


@pytest.fixture
def report(fake_pipeline):
    return fake_pipeline.analyze([FOX, BBC, EXPRESS, AFP])


@pytest.fixture
def hostile_report(fake_pipeline):
    return fake_pipeline.analyze([EXPRESS, HOSTILE])


def schema_validator(path):
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in (REPORT_SCHEMA_PATH, REPORT_V3_SCHEMA_PATH, REPORT_V1_SCHEMA_PATH,
                                                                     FINDING_SCHEMA_PATH)]
    registry = Registry().with_resources([(schema["$id"], Resource.from_contents(schema)) for schema in schemas])
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry)


def schema_errors(path, document) -> list[str]:
    return [f"{error.json_path}: {error.message[:200]}" for error in schema_validator(path).iter_errors(document)]


# ---------------------------------------------------------------------- one registry, every command


def test_every_format_is_registered_and_listed():
    assert list(RENDERERS) == [member.value for member in Format]
    result = CliRunner().invoke(app, ["formats"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines() if line.strip()] == list(RENDERERS)


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_troop_conflict_reaches_every_format(report, fmt):
    text = flat(render(report, fmt, **DRAFT.get(fmt, {})))
    for number in TROOP_NUMBERS:
        assert number in text


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_cli_writes_every_format_to_a_file(fmt, tmp_path, monkeypatch, fake_embedder, fake_nli):
    import contradict.pipeline as pipeline

    monkeypatch.setattr(pipeline, "load_embedder", lambda *a, **k: fake_embedder)
    monkeypatch.setattr(pipeline, "load_nli", lambda *a, **k: fake_nli)
    (tmp_path / "express.txt").write_text("---\nsource: Express\n---\n" + EXPRESS.text)
    (tmp_path / "afp.txt").write_text("---\nsource: AFP\n---\n" + AFP.text)
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(app, ["report", str(tmp_path / "express.txt"), str(tmp_path / "afp.txt"),
                                      "--format", fmt, "--output", str(out), "--quiet"] + (["--draft"] if fmt in DRAFT else []))
    assert result.exit_code == 0, result.output
    assert all(number in flat(out.read_text(encoding="utf-8")) for number in TROOP_NUMBERS)


def test_unknown_format_is_refused(report):
    with pytest.raises(ValueError, match="choose from"):
        render(report, "pdf")


def test_report_convenience_methods_match_render(report, tmp_path):
    assert report.to_html() == render(report, "html")
    assert report.to_markdown(top=1) == render(report, "markdown", top=1)
    report.to_html(tmp_path / "r.html")
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == render(report, "html")


# ---------------------------------------------------------------------- text


def test_text_summary_first_conflicts_before_agreements_with_outlet_and_date(report):
    text = render(report, "text")
    assert text.startswith("contradict report\nOutlets (4): AFP, BBC, Express, Fox News")
    assert text.index("conflicts:") < text.index("CONFLICT") < text.index("AGREE")
    assert "Express (2021-12-25):  express:0-84" in text and "AFP (2022-02-17):  afp:0-59" in text


def test_text_has_colour_on_a_terminal_only(report, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    piped, terminal = io.StringIO(), Terminal()
    write_report(report, "text", stream=piped)
    write_report(report, "text", stream=terminal)
    assert "\x1b[" not in piped.getvalue()
    assert "\x1b[1;31mCONFLICT" in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    no_colour = Terminal()
    write_report(report, "text", stream=no_colour)
    assert "\x1b[" not in no_colour.getvalue()


def test_text_never_passes_terminal_escapes_from_articles(fake_pipeline):
    # In-memory text is cleaned by the loader; a Report built by hand must be just as safe to print.
    report = fake_pipeline.analyze([EXPRESS, AFP])
    report.pairs.loc[:, "reason"] = "numbers \x1b]0;owned\x07disagree \x1b[2J"
    text = render(report, "text", colour=True)
    assert "\x1b]" not in text and "\x1b[2J" not in text and "numbers disagree" in text


def test_top_and_topic_select_findings_in_every_finding_format(report):
    assert len(finding_records(report)) > 1
    first = finding_records(report, top=1)
    assert len(first) == 1 and first[0]["kind"] == "conflict"
    assert render(report, "jsonl", top=1).count("\n") == 1
    assert flat(render(report, "text", top=1)).count("CONFLICT (") == 1
    assert flat(render(report, "markdown", top=1)).count("### ") == 1
    assert render(report, "text", topic="no such topic").count("No conflicts or agreements") == 1
    topic = first[0]["topic"]
    assert {r["topic"] for r in finding_records(report, topic=topic.upper())} == {topic}


# ---------------------------------------------------------------------- markdown


def test_markdown_sections_and_quotes(report):
    markdown = render(report, "markdown")
    assert markdown.startswith("# contradict report\n")
    assert re.search(r"^## Topic: ", markdown, re.M)
    conflict, agreement = markdown.index("### Conflict"), markdown.index("### Agreement")
    assert conflict < agreement
    assert "- **Express** (2021\\-12\\-25)" not in markdown  # dates are not over-escaped
    assert "- **Express** (2021-12-25) · `express:0-84`" in markdown


def test_markdown_escapes_article_text(hostile_report):
    markdown_it = pytest.importorskip("markdown_it")
    markdown = render(hostile_report, "markdown")
    rendered = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    soup = BeautifulSoup(rendered, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None and soup.find("b") is None
    assert soup.find("a") is None  # neither [text](url) nor <autolinks> survive
    assert not any(attribute.startswith("on") for tag in soup.find_all(True) for attribute in tag.attrs)
    assert SCRIPT in soup.get_text() and "[a link](http://evil.example)" in soup.get_text()
    assert "\\@everyone" in markdown and "http\\:\\/\\/evil" in markdown  # no GitHub mention, no bare-URL autolink


def test_escape_markdown_round_trips_as_plain_text():
    markdown_it = pytest.importorskip("markdown_it")
    hostile = "*bold* _it_ `code` [x](y) ![i](j) <i>x</i> | $x$ ~~s~~ &amp; \\ # 1. - + ="
    rendered = markdown_it.MarkdownIt("commonmark").render(escape_markdown(hostile))
    assert BeautifulSoup(rendered, "html.parser").get_text().strip() == hostile


# ---------------------------------------------------------------------- html


def test_html_is_self_contained(report):
    page = render(report, "html")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("link") is None and soup.find("iframe") is None
    assert not soup.find_all(src=True)
    # One inline script, the report's own (filters and search), allowed by its hash and nothing else.
    (script,) = soup.find_all("script")
    digest = base64.b64encode(hashlib.sha256(script.string.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "fetch(" not in script.string and "XMLHttpRequest" not in script.string and "http" not in script.string.replace("history", "")
    external = [a["href"] for a in soup.find_all("a", href=True) if not a["href"].startswith("#")]
    assert set(external) == {"https://express.example/troops"}  # only the article's own link leaves the page
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert "default-src 'none'" in csp["content"]


def test_html_matrix_cells_follow_topic_stance(fake_pipeline):
    from dataclasses import replace

    # Thresholds for an NLI model trusted on its own (the packaged one is not), so the fake NLI's
    # 0.97 both ways makes the Fox/BBC denial a conflict and the matrix has two conflict rows.
    fake_pipeline.settings = replace(fake_pipeline.settings,
                                     thresholds=replace(fake_pipeline.settings.thresholds, nli_conflict=0.95))
    report = fake_pipeline.analyze([FOX, BBC, EXPRESS, AFP])
    soup = BeautifulSoup(render(report, "html"), "html.parser")
    outlets = [th.get_text() for th in soup.select("table.matrix")[0].select("th.outlet")]
    assert outlets == ["AFP", "BBC", "Express", "Fox News"]
    cells = {}
    for row in soup.select("table.matrix tbody tr"):  # both tables: shared topics, and single-source ones folded away
        topic_id = int(row.select_one(".topic a")["href"].removeprefix("#topic-"))
        label = row.select_one(".topic").get_text().split(" · ")[0].strip()
        assert label == report.topics.set_index("topic_id").loc[topic_id, "label"]
        cells[topic_id] = {outlet: cell["class"][1] for outlet, cell in zip(outlets, row.select("td.cell"))}
    # Topics found by a sentence they hold, not by a label copied from output.
    topic_of = dict(zip(report.sentences["text"], report.sentences["topic_id"]))
    troops = topic_of["Estimates for the number of Russian troops at the border vary from 60,000 to 90,000."]
    invasion = topic_of["Putin has repeatedly denied plans to invade Ukraine."]
    kremlin = topic_of["The Kremlin declined to comment on the hypersonic missile programme."]
    # The troop topic is "mixed" overall, but each outlet's cell has only the verdicts of its own pairs:
    # Express and AFP conflict on the count, Fox and BBC agree on the withdrawal.
    assert cells[troops] == {"AFP": "conflict", "BBC": "agree", "Express": "conflict", "Fox News": "agree"}
    assert cells[invasion] == {"AFP": "absent", "BBC": "conflict", "Express": "absent", "Fox News": "conflict"}
    assert cells[kremlin] == {"AFP": "absent", "BBC": "absent", "Express": "single-source", "Fox News": "absent"}
    stances = outlet_topic_stances(report)
    assert {topic_id: {o: s for o, s in row.items() if s != "absent"} for topic_id, row in cells.items()} == {
        int(topic_id): stances[topic_id] for topic_id in report.topics["topic_id"]}


_FUNCTION_WORDS = {"the", "a", "an", "of", "to", "in", "on", "at", "and", "or", "has", "have", "is", "are", "with", "from"}


def test_topic_labels_are_words_of_their_own_sentences(report):
    """A label tells a reader what a topic is about: each part is a word (or number) that occurs in the
    topic's sentences, none is a function word, and no two topics share a label."""
    used = report.sentences[report.sentences["status"] == "used"]
    assert report.topics["label"].is_unique
    for topic in report.topics.itertuples():
        text = " ".join(used.loc[used["topic_id"] == topic.topic_id, "text"]).lower()
        parts = topic.label.split(" / ")
        assert parts and all(parts), topic.label
        for part in parts:
            assert re.search(rf"(?<!\w)(?<!\d,){re.escape(part)}(?!\w|,\d)", text), (part, topic.label, text)
            assert part not in _FUNCTION_WORDS, topic.label


def test_html_cards_show_both_sentences_and_claim_readings(report):
    soup = BeautifulSoup(render(report, "html"), "html.parser")
    cards = soup.select("details.card")
    first = cards[0]  # conflicts first
    conflict = first.select_one(".conflict-finding")
    quotes = conflict.select(".quote")
    assert len(quotes) == 2
    troop = [q for q in soup.select(".conflict-finding .quote") if "60,000 to 90,000" in q.get_text()][0]
    reading = troop.select_one(".reading").get_text(" ")
    assert "60,000–90,000 troops" in reading and "range" in reading
    assert troop.select_one(".who").get_text(" ").split() == ["Express", "2021-12-25"]
    assert troop.select_one(".sid").get_text() == "express:0-84"
    assert soup.get_text().index("Strongest conflicts") < soup.get_text().index("Who says what")


def test_html_explains_confidence_as_the_verdict_rules_compute_it(report):
    from contradict.verdict import DISTANT_DAYS, SAME_STORY_DAYS, conflict_confidence

    soup = BeautifulSoup(render(report, "html"), "html.parser")
    explained = soup.select_one("details.explain").get_text(" ")
    assert f"1 up to {SAME_STORY_DAYS} days apart" in explained and f"0.5 at {DISTANT_DAYS} days" in explained
    assert "0.9" in explained and "About 0.6" in explained and "not how likely an outlet is to be wrong" in explained
    # What it says is what conflict_confidence does: full weight within a week, half from two months.
    assert conflict_confidence(0.8, SAME_STORY_DAYS) == 0.8 and conflict_confidence(0.8, DISTANT_DAYS + 30) == 0.4
    numbers = soup.select(".finding > p > strong")
    assert numbers and all(number["title"].startswith("confidence:") for number in numbers)


def test_html_keeps_hostile_text_as_text(hostile_report):
    page = render(hostile_report, "html")
    soup = BeautifulSoup(page, "html.parser")
    assert [s.string for s in soup.find_all("script")] == [_SCRIPT]  # the report's own script only
    assert soup.find("img") is None and soup.find("b", string="Post") is None
    assert not any(attribute.startswith("on") for tag in soup.find_all(True) for attribute in tag.attrs)
    assert not soup.find_all("a", href=re.compile("^javascript", re.I))
    quoted = " ".join(q.get_text() for q in soup.select("blockquote"))
    assert SCRIPT in quoted and IMG in quoted
    assert "Evil <b>Post</b>" in soup.select_one("table.matrix").get_text()


# ---------------------------------------------------------------------- json, jsonl


def test_json_validates_against_the_shipped_schema(report):
    document = json.loads(render(report, "json"))
    assert schema_errors(REPORT_SCHEMA_PATH, document) == []


def test_the_default_json_lists_every_pair_scored_in_pairs(report):
    # Pipelines and scorers ask "was this pair compared, and how?" of `pairs`: every verdict is there.
    document = json.loads(render(report, "json"))
    assert document["schema_version"] == "2.1" and "unrelated_pairs" not in document
    assert {p["verdict"] for p in document["pairs"]} >= {"unrelated"}
    assert len(document["pairs"]) == document["summary"]["pairs"]


def test_schema_3_validates_against_its_schema_and_is_written_once_asked(report):
    feed = json.loads(render(report, "json", json_version=3))
    assert feed["schema_version"] == "3.0" and schema_errors(REPORT_V3_SCHEMA_PATH, feed) == []
    assert feed["unrelated_pairs"]["rows"] and "unrelated" not in {p["verdict"] for p in feed["pairs"]}
    assert schema_errors(REPORT_SCHEMA_PATH, feed) != [] and schema_errors(REPORT_V3_SCHEMA_PATH, json.loads(render(report, "json"))) != []


def test_the_old_shape_validates_against_its_schema_and_is_written_once_asked(report):
    old = json.loads(render(report, "json", json_version=1))
    assert old["schema_version"] == "1.1" and schema_errors(REPORT_V1_SCHEMA_PATH, old) == []
    assert schema_errors(REPORT_SCHEMA_PATH, old) != []  # the two shapes are told apart by their schemas
    assert old["pairs"][0]["a"]["text"] and isinstance(json.loads(render(report, "json"))["pairs"][0]["a"], str)


def test_compact_json_writes_each_sentence_and_claim_once(report):
    text = render(report, "json")
    data = json.loads(text)
    pairs = data["pairs"]
    repeated = max(pairs, key=lambda pair: sum(pair["a"] in (p["a"], p["b"]) for p in pairs))["a"]
    sentence = next(s for s in data["sentences"] if s["id"] == repeated)
    assert sum(repeated in (p["a"], p["b"]) for p in pairs) > 1
    assert text.count(json.dumps(sentence["text"], ensure_ascii=False)) == 2  # the sentence's text, and its claim's
    assert len(text) < len(render(report, "json", json_version=1))


def test_schema_rejects_a_broken_report(report):
    document = json.loads(render(report, "json"))
    document["pairs"][0]["verdict"] = "maybe"
    document["sentences"][0]["id"] = "no span"
    del document["findings"][0]["sources"]
    errors = " ".join(schema_errors(REPORT_SCHEMA_PATH, document))
    assert "'maybe'" in errors and "'no span'" in errors and "'sources' is a required property" in errors


def test_sentence_ids_point_at_the_article_text(report):
    texts = {article.id: article.text for article in (FOX, BBC, EXPRESS, AFP)}
    for sentence in json.loads(render(report, "json"))["sentences"]:
        article, span = sentence["id"].rsplit(":", 1)
        start, end = map(int, span.split("-"))
        assert texts[article][start:end] == sentence["text"]


def test_jsonl_is_one_self_contained_finding_per_line(report):
    lines = render(report, "jsonl").splitlines()
    assert len(lines) == len(report.findings)
    findings = [json.loads(line) for line in lines]
    for finding in findings:
        assert schema_errors(FINDING_SCHEMA_PATH, finding) == []
    troop = next(f for f in findings if "60,000" in f["reason"] if f["kind"] == "conflict")
    assert [(e["source"], e["date"]) for e in troop["evidence"]] == [("Express", "2021-12-25"), ("AFP", "2022-02-17")]
    assert troop["numeric"]["status"] == "conflict" and troop["evidence"][0]["claim"]["quantities"][0]["low"] == 60000
    kinds = [f["kind"] for f in findings]
    assert kinds == sorted(kinds, key=lambda kind: kind != "conflict")


# ---------------------------------------------------------------------- csv, claimreview


def test_csv_is_the_pairs_table(report):
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert list(rows[0]) == list(report.pairs.columns)
    assert len(rows) == len(report.pairs)
    assert [row["verdict"] for row in rows] == report.pairs["verdict"].tolist()


def test_csv_cells_cannot_run_as_formulas(fake_pipeline):
    formula = Article(id="formula", source="=HYPERLINK(\"http://evil\")", date="2022-01-01",
                      text="More than 100,000 Russian troops have massed at the border.\n")
    rows = list(csv.DictReader(io.StringIO(render(fake_pipeline.analyze([EXPRESS, formula]), "csv"))))
    sources = {row["a_source"] for row in rows} | {row["b_source"] for row in rows}
    assert "'=HYPERLINK(\"http://evil\")" in sources
    assert not any(value.startswith(("=", "+", "@")) for row in rows for value in row.values())


def test_claimreview_draft_describes_each_conflict_as_unreviewed(report):
    items = json.loads(render(report, "claimreview", draft=True))
    assert len(items) == report.summary()["conflicts"]
    troop = next(item for item in items if "60,000 to 90,000" in item["reviewBody"])
    assert troop["@context"] == "https://schema.org" and troop["@type"] == "ClaimReview"
    assert troop["creativeWorkStatus"] == "Draft" and troop["reviewRating"]["alternateName"].startswith("Unreviewed")
    assert troop["itemReviewed"]["@type"] == "Claim"
    appearance = troop["itemReviewed"]["appearance"][0]
    assert (appearance["publisher"]["name"], appearance["datePublished"]) == ("Express", "2021-12-25")
    assert appearance["url"] == "https://express.example/troops"
    assert "More than 100,000" in troop["reviewBody"] and "60,000 to 90,000" in troop["claimReviewed"]


def test_claimreview_has_nothing_to_publish_without_confirmed_findings(fake_pipeline):
    assert claimreview_items(fake_pipeline.analyze([FOX]), draft=True) == []
    assert json.loads(render(fake_pipeline.analyze([FOX]), "claimreview", draft=True)) == []
    with pytest.raises(InputError, match="nothing confirmed to publish"):
        render(fake_pipeline.analyze([FOX]), "claimreview")


# ---------------------------------------------------------------------- the real models on seeds/ (one run)


@pytest.fixture(scope="module")
def seed_outputs(seed_report):
    """Every format of the one seeds/ report (the pipeline runs once per session)."""
    return {name: render(seed_report, name, **DRAFT.get(name, {})) for name in RENDERERS}


@pytest.mark.models
@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_seed_troop_conflict_in_every_format(seed_outputs, fmt):
    text = flat(seed_outputs[fmt])
    for number in TROOP_NUMBERS:
        assert number in text, f"{number!r} missing from {fmt}"


@pytest.mark.models
def test_seed_json_and_jsonl_validate(seed_outputs, seed_report):
    assert schema_errors(REPORT_SCHEMA_PATH, json.loads(seed_outputs["json"])) == []
    lines = seed_outputs["jsonl"].splitlines()
    assert len(lines) == len(seed_report.findings)
    for line in lines:
        assert schema_errors(FINDING_SCHEMA_PATH, json.loads(line)) == []


@pytest.mark.models
def test_seed_structured_formats_name_the_troop_conflict(seed_outputs):
    # The conflict must be a conflict in the machine formats, not just quoted somewhere.
    rows = list(csv.DictReader(io.StringIO(seed_outputs["csv"])))
    troop_rows = [r for r in rows if "60,000 to 90,000" in r["a_text"] + r["b_text"]
                  and "More than 100,000" in r["a_text"] + r["b_text"]]
    assert troop_rows and {r["verdict"] for r in troop_rows} == {"conflict"}
    reviews = [i for i in json.loads(seed_outputs["claimreview"])
               if "60,000 to 90,000" in i["reviewBody"] and "More than 100,000" in i["reviewBody"]]
    assert reviews and all("Express (" in r["reviewBody"] and "BBC (" in r["reviewBody"] for r in reviews)
    soup = BeautifulSoup(seed_outputs["html"], "html.parser")
    assert any("60,000 to 90,000" in f.get_text() and "More than 100,000" in f.get_text()
               for f in soup.select(".conflict-finding"))


def test_reports_for_people_fold_many_notes_and_the_json_keeps_them_all(fake_pipeline):
    from html import escape

    # Fourteen empty articles make fourteen "set aside" notes: readers see ten and a count, JSON all.
    empties = [Article(id=f"empty{k:02d}", source=f"Blank {k}", text="   \n") for k in range(14)]
    report = fake_pipeline.analyze([FOX, BBC, *empties])
    assert len(report.warnings) >= 14
    hidden = len(report.warnings) - 10
    text = render(report, "text")
    assert text.count("note: ") == 11 and f"{hidden} more notes: the JSON report lists them all" in text
    markdown = render(report, "markdown")
    assert markdown.count("> **Note:**") == 11 and f"{hidden} more notes" in markdown
    html = render(report, "html")
    assert f"<details><summary>{len(report.warnings)} notes</summary>" in html
    assert all(escape(note, quote=True) in html for note in report.warnings)  # folded, not dropped
    assert json.loads(render(report, "json"))["warnings"] == list(report.warnings)
    few = fake_pipeline.analyze([FOX, BBC, *empties[:2]])
    assert "more notes" not in render(few, "text") and not re.search(r"<details><summary>\d+ notes</summary>",
                                                                     render(few, "html"))


def test_report_header_names_twenty_outlets_and_counts_the_rest(fake_pipeline):
    articles = [Article(id=f"o{k:02d}", source=f"Outlet {k:02d}", text=f"Talks on the border crisis resume in Geneva on day {k}.\n")
                for k in range(23)]
    report = fake_pipeline.analyze(articles)
    header = render(report, "text").splitlines()[1]
    assert header.startswith("Outlets (23): Outlet 00, Outlet 01") and header.endswith("Outlet 19 and 3 more")
    assert "Outlet 19 and 3 more" in render(report, "html")
    assert len({a["source"] for a in json.loads(render(report, "json"))["articles"]}) == 23


# ---------------------------------------------------------------------- html: contrast, notebooks


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_html_colours_meet_wcag_aa_contrast():
    """Every badge and cell colour on its own background, and grey text on every page background: 4.5:1 or more."""
    colours = dict(re.findall(r"--([a-z-]+):(#[0-9a-f]{6})", _CSS))
    pairs = [(name, f"{name}-bg") for name in ("conflict", "agree", "mixed", "single", "none")]
    for foreground, background in pairs:
        assert _contrast(colours[foreground], colours[background]) >= 4.5, (foreground, background)
    for background in (colours["bg"], "#ffffff", "#fafbfc", "#eef0f4"):  # page, cards, card headers, table heads
        assert _contrast(colours["muted"], background) >= 4.5, background
        assert _contrast(colours["ink"], background) >= 4.5, background
    assert _contrast("#5c4a00", "#fffbe6") >= 4.5  # the notes box


def test_report_shows_a_compact_summary_in_jupyter(hostile_report):
    summary = hostile_report._repr_html_()
    soup = BeautifulSoup(summary, "html.parser")
    counts = hostile_report.summary()
    assert f"{counts['conflicts']} conflicts" in soup.get_text()
    assert soup.find("script") is None and soup.find("b", string="Post") is None  # article text stays text
    assert len(summary) < 20_000


# ------------------------------------------------------------------ one rule for every field of every format (issue 17)

# C0 and C1 controls (tab and newline aside), DEL, bidirectional overrides: what sanitize_text removes.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def escape_report(fake_pipeline, tmp_path):
    """Articles whose file names and metadata carry terminal escapes, and urls that are not web addresses."""
    (tmp_path / "evil\x1b]0;owned\x07name.txt").write_text(
        "---\nurl: javascript:alert(1)\ntitle: Title\x1b[2J here\n---\n"
        "Estimates for the number of Russian troops at the border vary from 60,000 to 90,000.\n", encoding="utf-8")
    (tmp_path / "bbc\x9b31m.txt").write_text(
        "---\nsource: BBC\x1b[31m News\nurl: data:text/html,<script>alert(1)</script>\n---\n"
        "More than 100,000 Russian troops have massed at the border.\n", encoding="utf-8")
    return fake_pipeline.analyze([tmp_path])


@pytest.mark.parametrize("fmt", list(RENDERERS))
def test_no_control_character_and_no_unsafe_url_reaches_any_format(escape_report, fmt):
    output = render(escape_report, fmt, colour=False, **({"draft": True} if fmt == "claimreview" else {}))
    decoded = (json.loads(output) if fmt in ("json", "claimreview")
               else [json.loads(line) for line in output.splitlines()] if fmt == "jsonl" else None)
    for value in _strings(decoded) if decoded is not None else [output]:
        assert not _CONTROL.search(value.replace("\n", " ").replace("\t", " ")), (fmt, value)
    # The dropped urls are named in a note (as text); no url field or link carries them.
    urls = list(_url_values(decoded)) if decoded is not None else [
        link["href"] for link in BeautifulSoup(output, "html.parser").find_all(href=True)] if fmt == "html" else []
    assert all(url.startswith(("https://", "http://", "#")) for url in urls), urls
    assert any("not an http(s) address; dropped" in warning for warning in escape_report.warnings)


def _entries(value, key=None):
    """Every ``(key, value)`` in a decoded JSON value, nested ones included (list items under their list's key)."""
    yield key, value
    if isinstance(value, dict):
        for inner_key, item in value.items():
            yield from _entries(item, inner_key)
    elif isinstance(value, list):
        for item in value:
            yield from _entries(item, key)


def _strings(value):
    """Every string in a decoded JSON value, keys included (a consumer prints any of them)."""
    for key, item in _entries(value):
        yield from (text for text in (key, item) if isinstance(text, str))


def _url_values(value):
    return [item for key, item in _entries(value) if key == "url" and item is not None]


def test_claimreview_writes_only_web_urls_even_for_a_report_built_by_hand(hostile_report):
    hostile_report.articles.loc[:, "url"] = "javascript:alert(1)"   # a Report edited after the loader checked it
    items = claimreview_items(hostile_report, draft=True)
    assert items and all("url" not in work for item in items for work in item["itemReviewed"]["appearance"])
    assert all(evidence["url"] is None for record in finding_records(hostile_report) for evidence in record["evidence"])
