"""Who is quoted: the parties table, its summary, the disputes with both parties, and the reports' section.

Every sentence here is written for the test; none is copied from an article. Fast: fake models.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from contradict import Article
from contradict.cli import app
from contradict.formats import render
from contradict.parties import ANONYMOUS, PARTY_COLUMNS, PRONOUN, _PartyIndex, party_summary, who_is_quoted
from contradict.read import read_report

# A harbour strike told by three outlets: the union and the company on opposite sides (a dispute),
# one manager named three ways, pronouns and anonymous sources that name nobody.
HARBOUR = Article(id="ht", source="Harbour Times", date="2024-03-04", text=(
    "The union says the factory is hiring workers at the plant.\n\n"
    "Plant manager Ida Brenn said the night shift would end in March.\n\n"
    "He said the talks would resume next week.\n\n"
    "Officials said the harbour gates were closed on Monday.\n"))
COAST = Article(id="ch", source="Coast Herald", date="2024-03-05", text=(
    "The company said the factory laid off workers at the plant.\n\n"
    "Ida Brenn told reporters the night shift would end in March.\n\n"
    "She said the talks would resume next week.\n"))
VALLEY = Article(id="vp", source="Valley Post", date="2024-03-05", text=(
    "Manager Brenn said the night shift would end in March.\n\n"
    "A source said the harbour gates were closed on Monday.\n\n"
    "Ferry fares rose by 3 percent in February.\n"))


@pytest.fixture
def report(fake_pipeline):
    return fake_pipeline.analyze([HARBOUR, COAST, VALLEY])


def test_one_row_per_party_and_outlet_with_the_names_as_written(report):
    frame = report.parties()
    assert list(frame.columns) == PARTY_COLUMNS
    brenn = frame[frame["party_key"] == "brenn"]
    # "Ida Brenn" and "Manager Brenn" are one party (same_party): one name for it in every outlet's row
    assert sorted(brenn["source"]) == ["Coast Herald", "Harbour Times", "Valley Post"]
    assert set(brenn["party"]) == {"Ida Brenn"}
    assert brenn.set_index("source").loc["Valley Post", "names"] == ["Manager Brenn"]
    assert brenn["sentences"].tolist() == [1, 1, 1]
    assert brenn.set_index("source").loc["Coast Herald", "example"] == "Ida Brenn told reporters the night shift would end in March."
    assert brenn.set_index("source").loc["Coast Herald", "sentence_ids"] == ["ch:61-121"]
    # the most quoted party first, unresolved speakers last
    assert frame["party"].iloc[0] == "Ida Brenn"
    assert frame["resolved"].tolist() == sorted(frame["resolved"].tolist(), reverse=True)


def test_pronouns_and_anonymous_sources_are_kept_unresolved_with_the_reason(report):
    frame = report.parties()
    unresolved = frame[~frame["resolved"]].set_index(["source", "party"])
    assert unresolved.loc[("Harbour Times", "he"), "reason"] == PRONOUN
    assert unresolved.loc[("Coast Herald", "she"), "reason"] == PRONOUN
    assert unresolved.loc[("Harbour Times", "officials"), "reason"] == ANONYMOUS
    assert unresolved.loc[("Valley Post", "source"), "reason"] == ANONYMOUS
    # never one party across outlets: who "he" is, is in another sentence
    assert set(frame.loc[~frame["resolved"], "party_key"]) == {""}


def test_the_parties_of_a_dispute_count_it_and_name_both_sides(report):
    frame = report.parties().set_index("party_key")
    assert frame.loc["union", "disputes"] == 1 and frame.loc["company", "disputes"] == 1
    assert frame.loc["brenn", "disputes"].tolist() == [0, 0, 0]
    disputes = report.disputes()
    assert len(disputes) == 1
    row = disputes.iloc[0]
    assert {(row["a_party"], row["a_source"]), (row["b_party"], row["b_source"])} == {
        ("union", "Harbour Times"), ("company", "Coast Herald")}
    assert "hiring" in (row["a_text"] if row["a_party"] == "union" else row["b_text"])
    assert row["finding_id"] in set(report.findings["finding_id"])


def test_a_report_read_back_gives_the_same_tables(report, tmp_path):
    path = tmp_path / "report.json"
    report.to_json(path)
    back = read_report(path)
    assert back.parties().to_dict(orient="records") == report.parties().to_dict(orient="records")
    assert back.disputes().drop(columns=["confidence"]).equals(report.disputes().drop(columns=["confidence"]))


def test_the_summary_lists_the_outlets_quoting_each_party(report):
    summary = party_summary(report.parties()).set_index("party")
    assert summary.loc["Ida Brenn", "outlets"] == 3 and summary.loc["Ida Brenn", "sentences"] == 3
    assert summary.loc["Ida Brenn", "sources"] == [("Coast Herald", 1), ("Harbour Times", 1), ("Valley Post", 1)]
    assert summary.loc["union", "disputes"] == 1


def test_a_topic_or_story_narrows_the_parties(report):
    topic_id = int(report.sentences.set_index("id").loc["ht:0-58", "topic_id"])
    narrowed = report.parties(topic_id=topic_id)
    assert "union" in set(narrowed["party_key"]) and "he" not in set(narrowed["party"])
    assert report.parties(story_id="no such story").empty


def test_a_report_with_no_speaker_has_an_empty_table_and_no_section(fake_pipeline):
    quiet = fake_pipeline.analyze([
        Article(id="a", source="A", text="Ferry fares rose by 3 percent in February.\n"),
        Article(id="b", source="B", text="Ferry fares rose by 4 percent in February.\n")])
    assert quiet.parties().empty and list(quiet.parties().columns) == PARTY_COLUMNS
    assert quiet.disputes().empty
    assert party_summary(quiet.parties()).empty
    for fmt in ("text", "markdown", "html"):
        assert "Who is quoted" not in render(quiet, fmt)


def test_parties_join_on_a_shared_name_word_without_chaining():
    # "white house" is mentioned most: "house democrats" joins it (a shared word, as same_party says);
    # "democrats" shares no word with "white house", so it is its own party, not pulled in through the other
    index = _PartyIndex(["white house"] * 3 + ["house democrats"] * 2 + ["democrats"] + ["russia", "russian authorities"])
    assert index.head_of["house democrats"] == "white house"
    assert index.head_of["democrats"] == "democrats"
    assert index.head_of["russian authorities"] == index.head_of["russia"]


def test_the_reports_show_who_is_quoted(report):
    text = render(report, "text")
    rows = {line.split()[0]: line.split() for line in text[text.index("Who is quoted"):].splitlines()[2:]}
    # party, claims, disputes (blank when none), the outlets quoting it with their claims
    assert rows["Ida"][2:] == ["3", "Coast", "Herald", "1,", "Harbour", "Times", "1,", "Valley", "Post", "1"]
    assert rows["union"][1:] == ["1", "1", "Harbour", "Times", "1"]
    assert " ".join(rows["Not"]) == "Not named: 2 claims by a pronoun (he, she); 2 claims by an unnamed source (officials, source)"
    markdown = render(report, "markdown")
    assert "## Who is quoted: 3 named parties" in markdown and "| Ida Brenn | 3 |" in markdown
    html = render(report, "html")
    assert '<h2 id="who-is-quoted">' in html and 'aria-labelledby="who-is-quoted"' in html
    assert '<th scope="row">Ida Brenn</th>' in html


def test_the_section_lists_the_most_quoted_and_counts_the_rest(report):
    quoted = who_is_quoted(report, limit=1)
    assert [row["party"] for row in quoted.shown] == ["Ida Brenn"] and quoted.named == 3
    assert quoted.unresolved[PRONOUN] == (2, ["he", "she"])


def test_the_section_follows_the_topic_filter(report):
    label = report.topics.set_index("topic_id").loc[
        int(report.sentences.set_index("id").loc["ht:126-167", "topic_id"]), "label"]
    section = render(report, "text", topic=label)
    section = section[section.index("Who is quoted"):]
    assert "Ida Brenn" not in section and "a pronoun (he, she)" in section


def test_hostile_outlet_and_party_names_stay_text_in_html_and_markdown(fake_pipeline):
    hostile = fake_pipeline.analyze([
        Article(id="x", source="Post <img src=x onerror=alert(1)>", text="Mayor Dan_Vole_ said the bridge is safe.\n"),
        Article(id="y", source="Y", text="Mayor Dan_Vole_ said the bridge is safe.\n")])
    html, markdown = render(hostile, "html"), render(hostile, "markdown")
    html_section = html[html.index('id="who-is-quoted"'):html.index("<h2>Articles")]
    assert "Dan_Vole_" in html_section and "Post &lt;img src=x onerror=alert(1)&gt; 1" in html_section
    assert "<img" not in html_section
    markdown_section = markdown[markdown.index("## Who is quoted"):]
    assert "Dan\\_Vole\\_" in markdown_section and "\\<img" in markdown_section and "<img" not in markdown_section.replace("\\<img", "")


def test_the_cli_report_has_the_section(tmp_path, cli_fake_models):
    for article in (HARBOUR, COAST, VALLEY):
        (tmp_path / f"{article.id}.txt").write_text(f"---\nsource: {article.source}\ndate: {article.date}\n---\n{article.text}")
    runner = CliRunner()  # the text and markdown reports, through the command line
    result = runner.invoke(app, ["report", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Who is quoted: 3 named parties" in result.output and "Ida Brenn" in result.output
    result = runner.invoke(app, ["report", str(tmp_path), "-f", "markdown", "--quiet"])
    assert result.exit_code == 0 and "## Who is quoted" in result.output


def test_a_bare_title_joins_the_party_its_article_names_and_never_names_it(fake_pipeline):
    # "the mayor" is Mayor Tom Kane in this article: one party, named as the article writes his name
    paragraphs = {"City Daily": ["Mayor Tom Kane opened the bridge on Monday.",
                                 "The mayor said the bridge would carry 4,000 cars a day.",
                                 "The mayor said tolls would stay at one dollar."],
                  "Town News": ["Kane told reporters that some 4,000 cars would cross the new span daily.",
                                "The ferry will stop running in May."]}
    articles = [Article(id=source[:4].lower(), source=source, date="2024-03-05", text="\n\n".join(lines) + "\n")
                for source, lines in paragraphs.items()]
    frame = fake_pipeline.analyze(articles).parties()
    kane = frame[frame["party_key"] == "kane"].set_index("source")
    assert set(kane.index) == {"City Daily", "Town News"}
    assert set(kane["party"]) == {"Kane"}
    assert kane.loc["City Daily", "sentences"] == 2 and kane.loc["City Daily", "names"] == ["The mayor"]
