"""The whole pipeline once, with the real packaged models, on seeds/: the findings the issues promise."""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.models


def _pairs_between(report, source_a, source_b, text_a, text_b):
    pairs = report.pairs
    forward = (pairs["a_source"] == source_a) & (pairs["b_source"] == source_b) \
        & pairs["a_text"].str.contains(text_a, regex=False) & pairs["b_text"].str.contains(text_b, regex=False)
    backward = (pairs["a_source"] == source_b) & (pairs["b_source"] == source_a) \
        & pairs["a_text"].str.contains(text_b, regex=False) & pairs["b_text"].str.contains(text_a, regex=False)
    return pairs[forward | backward]


class PairNotCompared(AssertionError):
    """The two sentences were never scored against each other (e.g. they landed in different topics)."""


def _the_pair(report, source_a, source_b, text_a, text_b):
    """The one scored pair of these two sentences; PairNotCompared if the pipeline never paired them.

    A check that a pair is "not a conflict" must first find the pair: on an empty table it would pass
    whatever the verdict rules do.
    """
    pair = _pairs_between(report, source_a, source_b, text_a, text_b)
    if pair.empty:
        raise PairNotCompared(f"{source_a} {text_a!r} and {source_b} {text_b!r} were never compared")
    assert len(pair) == 1, pair[["a_text", "b_text"]]
    return pair.iloc[0]


def test_troop_count_conflict_express_vs_bbc_with_both_dates(seed_report):
    pair = _pairs_between(seed_report, "Express", "BBC", "vary from 60,000 to 90,000", "More than 100,000")
    assert len(pair) == 1
    row = pair.iloc[0]
    assert row["verdict"] == "conflict"
    assert "60,000–90,000" in row["reason"] and ">100,000" in row["reason"]
    # dated differently: the report says so
    assert "2021-12-25" in row["reason"] and "2022-02-15" in row["reason"]


def test_more_than_10000_withdrawn_agreement_fox_zerohedge_express(seed_report):
    agreements = seed_report.findings[seed_report.findings["kind"] == "agree"]
    withdrawn = agreements[agreements["sources"].apply(lambda s: {"Fox News", "ZeroHedge", "Express"} <= set(s))]
    sentences = seed_report.sentences.set_index("id")
    assert any(
        all("10,000" in sentences.loc[sid, "text"] for sid in row.sentence_ids) for row in withdrawn.itertuples()
    ), "no agreement group of Fox News, ZeroHedge and Express quoting 10,000"


def test_russia_denies_planning_an_attack_agreement_across_three_outlets(seed_report):
    sentences = seed_report.sentences.set_index("id")
    groups = seed_report.findings[seed_report.findings["kind"] == "agree"]
    denial_groups = [
        row for row in groups.itertuples()
        if sum("denie" in sentences.loc[sid, "text"] for sid in row.sentence_ids) >= 3
    ]
    assert denial_groups
    assert max(len(row.sources) for row in denial_groups) >= 3


def test_projections_of_175000_agree(seed_report):
    pair = _the_pair(seed_report, "Express", "ZeroHedge", "as high as 175,000", "175,000 Russian troops")
    assert pair["verdict"] == "agree"
    assert pair["numeric_status"] == "equal"


def test_10000_is_not_in_conflict_with_an_unclear_number(seed_report):
    pair = _the_pair(seed_report, "Fox News", "BBC", "withdrawn over 10,000", "is unclear")
    assert pair["verdict"] != "conflict", pair["reason"]


def test_no_false_conflict_between_withdrawal_and_build_up(seed_report):
    pair = _the_pair(seed_report, "Fox News", "BBC", "withdrawn over 10,000", "More than 100,000")
    assert pair["verdict"] != "conflict", pair["reason"]


def test_json_accounts_for_every_sentence_and_every_pair(seed_report):
    data = json.loads(seed_report.to_json())
    from contradict.load import load_articles

    for article in load_articles([Path(__file__).resolve().parent.parent / "seeds"]).articles:
        spans = [s for s in data["sentences"] if s["article_id"] == article.id]
        covered = "".join(article.text[s["start"]:s["end"]] for s in spans)
        assert "".join(covered.split()) == "".join(article.text.split())
    pairs = data["pairs"]  # every pair scored, whatever its verdict
    assert len(pairs) == len(seed_report.pairs) > 0
    assert {p["verdict"] for p in pairs} == {"agree", "conflict", "dispute", "unrelated"}
    source_of = {s["id"]: s["source"] for s in data["sentences"]}
    assert all(source_of[p["a"]] != source_of[p["b"]] for p in pairs)
