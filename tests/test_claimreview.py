"""ClaimReview for publishing: only confirmed findings, the fields Google's fact-check markup requires and recommends,
valid schema.org JSON-LD."""

from __future__ import annotations

import json

import pytest
import rdflib
from rdflib import namespace as rdf_namespace
from typer.testing import CliRunner

from contradict import Article, InputError
from contradict.cli import app
from contradict.formats import render
from contradict.workflow.claimreview import (
    DRAFT_RATING, GOOGLE_RECOMMENDED, GOOGLE_REQUIRED, SHORT_CLAIM, Publisher, claimreview_items, publisher_from_config,
    short_claim,
)
from contradict.workflow.decisions import apply_decisions, decision_for, write_decisions

from conftest import AFP, BBC, FOX

runner = CliRunner()
# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph inside: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
PUBLISHER = Publisher("Example Fact Check", "https://factcheck.example", "https://factcheck.example/2024/troops", "2024-05-03")
EXPRESS = Article(id="express", source="Express", date="2021-12-25", url="https://express.example/troops",
                  author="Jo Writer", text=(
                      "Estimates for the number of Russian troops at the border vary from 60,000 to 90,000.\n\n"
                      "Talks with Germany are planned in Geneva next month.\n"))


def conflict_of(report):
    return report.findings.loc[report.findings["kind"] == "conflict", "finding_id"].iloc[0]


def nodes_of_type(item, type_name):
    """Every dict in ``item`` (itself included) whose @type is ``type_name``."""
    found = []
    stack = [item]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("@type") == type_name:
                found.append(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def google_field_errors(item) -> list[str]:
    """Fields of Google's fact-check markup list that are missing or empty."""
    errors = []
    for fields, kind in ((GOOGLE_REQUIRED, "required"), (GOOGLE_RECOMMENDED, "recommended")):
        for type_name, names in fields.items():
            nodes = nodes_of_type(item, type_name)
            if not nodes:
                errors.append(f"no {type_name}")
            errors += [f"{type_name}.{name} ({kind})" for node in nodes for name in names if not node.get(name)]
    return errors


def schema_org_errors(items) -> list[str]:
    """Parse the JSON-LD (schema.org as the vocabulary, offline) and name any type or property schema.org lacks."""
    # Namespaces looked up here, not imported by name: pytest would probe a module-level SDO for mock attributes.
    RDF, SDO = rdf_namespace.RDF, rdf_namespace.SDO
    local = [{**item, "@context": {"@vocab": "https://schema.org/"}} for item in items]
    graph = rdflib.Graph().parse(data=json.dumps(local), format="json-ld")
    errors = [f"type {o}" for o in graph.objects(None, RDF.type) if o not in SDO]
    errors += [f"property {p}" for p in set(graph.predicates()) if p != RDF.type and p not in SDO]
    types = {str(o).rsplit("/", 1)[-1] for o in graph.objects(None, RDF.type)}
    if not {"ClaimReview", "Claim", "Rating", "Organization", "CreativeWork"} <= types:
        errors.append(f"types found: {sorted(types)}")
    return errors


@pytest.fixture
def report(fake_pipeline):
    return fake_pipeline.analyze([FOX, BBC, EXPRESS, AFP])


@pytest.fixture
def reviewed(report):
    return apply_decisions(report, [decision_for(report, conflict_of(report), "confirmed", rating="Conflicting accounts",
                                                 claim="Express: 60,000 to 90,000 Russian troops at the border",
                                                 note="Express gives December estimates, AFP February counts",
                                                 reviewer="A. Editor", date="2024-05-02")])


def test_a_confirmed_finding_has_every_required_and_recommended_field(reviewed):
    items = claimreview_items(reviewed, publisher=PUBLISHER)
    assert len(items) == 1
    item = items[0]
    assert google_field_errors(item) == []
    assert schema_org_errors(items) == []
    assert item["url"] == "https://factcheck.example/2024/troops#" + conflict_of(reviewed)
    assert item["author"] == {"@type": "Organization", "name": "Example Fact Check", "url": "https://factcheck.example"}
    assert item["datePublished"] == "2024-05-03"
    assert item["claimReviewed"] == "Express: 60,000 to 90,000 Russian troops at the border"
    assert len(item["claimReviewed"]) <= SHORT_CLAIM
    assert item["reviewRating"]["alternateName"] == "Conflicting accounts"
    assert item["reviewRating"]["ratingExplanation"] == "Express gives December estimates, AFP February counts"
    claim = item["itemReviewed"]
    assert claim["author"] == {"@type": "Person", "name": "Jo Writer"} and claim["datePublished"] == "2021-12-25"
    assert claim["appearance"][0]["url"] == "https://express.example/troops"
    assert claim["appearance"][0]["publisher"]["name"] == "Express"
    assert "More than 100,000" in item["reviewBody"] and "creativeWorkStatus" not in item


def test_without_a_claim_the_review_names_the_clause_with_the_figure_not_the_topic(report):
    reviewed = apply_decisions(report, [decision_for(report, conflict_of(report), "confirmed")])
    item = claimreview_items(reviewed, publisher=PUBLISHER)[0]
    topic = reviewed.findings.set_index("finding_id").loc[conflict_of(report), "topic"]
    assert not item["claimReviewed"].startswith(topic)
    assert "60,000 to 90,000" in item["claimReviewed"] or "100,000" in item["claimReviewed"]
    assert item["reviewRating"]["alternateName"] == "Conflicting accounts"  # a confirmed conflict's default rating


def test_the_claim_source_picks_whose_sentence_is_reviewed(report):
    reviewed = apply_decisions(report, [decision_for(report, conflict_of(report), "confirmed", claim_source="AFP")])
    claim = claimreview_items(reviewed, publisher=PUBLISHER)[0]["itemReviewed"]
    assert claim["author"] == {"@type": "Organization", "name": "AFP"} and "url" not in claim["appearance"][0]


def test_nothing_confirmed_is_nothing_to_publish(report):
    with pytest.raises(InputError, match="nothing confirmed to publish"):
        claimreview_items(report, publisher=PUBLISHER)
    rejected = apply_decisions(report, [decision_for(report, conflict_of(report), "rejected")])
    with pytest.raises(InputError, match="nothing confirmed to publish"):
        claimreview_items(rejected, publisher=PUBLISHER)
    assert claimreview_items(rejected, draft=True) == []  # a rejected finding is not even a draft


def test_a_draft_is_every_unreviewed_conflict_clearly_marked(report):
    items = claimreview_items(report, draft=True)
    assert len(items) == (report.findings["kind"] == "conflict").sum()
    assert all(item["creativeWorkStatus"] == "Draft" and item["reviewRating"]["alternateName"] == DRAFT_RATING
               for item in items)
    assert schema_org_errors(items) == []


def test_publishing_needs_the_organisation_and_the_page(reviewed):
    with pytest.raises(InputError, match="needs --org-name and --review-url"):
        claimreview_items(reviewed, publisher=Publisher())
    with pytest.raises(InputError, match="http"):
        claimreview_items(reviewed, publisher=Publisher("Example", review_url="javascript:alert(1)"))


def test_a_config_section_names_the_publisher_and_options_override_it(tmp_path):
    config = tmp_path / "contradict.toml"
    config.write_text('[claimreview]\norganisation = "Example Fact Check"\nreview_url = "https://factcheck.example/a"\n'
                      '[thresholds]\n')
    publisher = publisher_from_config(config)
    assert publisher == Publisher("Example Fact Check", review_url="https://factcheck.example/a")
    assert publisher.merged(review_url="https://factcheck.example/b", organisation=None).review_url.endswith("/b")
    config.write_text('[claimreview]\norganization = "typo"\n')
    with pytest.raises(InputError, match="unknown key"):
        publisher_from_config(config)


def test_the_schema_org_check_can_fail():
    assert schema_org_errors([{"@type": "ClaimReview", "claimReviewd": "typo"}, {"@type": "Claimm"}]) != []


def test_short_claim_keeps_the_clause_with_the_figure():
    assert short_claim("Estimates vary from 60,000 to 90,000, with one document suggesting more.") == \
        "Estimates vary from 60,000 to 90,000"
    assert short_claim("Putin denied it.") == "Putin denied it"


def test_cli_publishes_only_with_decisions(tmp_path, cli_fake_models, fake_pipeline):
    for article in (EXPRESS, AFP):
        (tmp_path / f"{article.id}.txt").write_text(f"---\nsource: {article.source}\ndate: {article.date}\n---\n{article.text}")
    paths = [str(tmp_path / "express.txt"), str(tmp_path / "afp.txt")]
    report = fake_pipeline.analyze([tmp_path / "express.txt", tmp_path / "afp.txt"])
    refused = runner.invoke(app, ["report", *paths, "-f", "claimreview"])
    assert refused.exit_code == 2 and "nothing confirmed to publish" in refused.stderr
    draft = runner.invoke(app, ["report", *paths, "-f", "claimreview", "--draft", "-q"])
    assert draft.exit_code == 0 and json.loads(draft.stdout)[0]["creativeWorkStatus"] == "Draft"
    decisions = tmp_path / "decisions.json"
    write_decisions([decision_for(report, conflict_of(report), "confirmed", rating="Conflicting accounts")], decisions)
    published = runner.invoke(app, ["report", *paths, "-f", "claimreview", "--decisions", str(decisions),
                                    "--org-name", "Example Fact Check", "--org-url", "https://factcheck.example",
                                    "--review-url", "https://factcheck.example/troops", "--review-date", "2024-05-03"])
    assert published.exit_code == 0, published.output
    items = json.loads(published.stdout)
    assert [google_field_errors(item) for item in items] == [[]]
    assert "claimReviewed is" in published.stderr  # no short claim given: the note says how to add one


@pytest.mark.models
def test_a_confirmed_seed_finding_publishes_with_every_field(seed_report):
    troop = conflict_of(seed_report)
    reviewed = apply_decisions(seed_report, [decision_for(seed_report, troop, "confirmed", rating="Conflicting accounts",
                                                          claim="Express: 60,000 to 90,000 Russian troops near Ukraine",
                                                          reviewer="A. Editor", date="2024-05-02")])
    items = json.loads(render(reviewed, "claimreview", publisher=PUBLISHER))
    assert [item["identifier"] for item in items] == [troop]
    assert google_field_errors(items[0]) == [] and schema_org_errors(items) == []
    assert items[0]["reviewBody"].startswith("Express (2021-12-25): “Estimates") and "BBC (2022-02-15)" in items[0]["reviewBody"]
    assert items[0]["itemReviewed"]["appearance"][0]["publisher"]["name"] == "Express"
