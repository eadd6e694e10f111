"""The verdict rules are model-free: tables of cases."""

import pytest

from contradict.models import Thresholds
from contradict.types import NumericComparison, PairScores
from contradict.verdict import agreement_groups, decide_pair, topic_stance

T = Thresholds()


def scores(cosine, contradiction=0.1, entailment=None):
    return PairScores(cosine=cosine, contradiction_ab=contradiction, contradiction_ba=contradiction / 2,
                      entailment_ab=entailment, entailment_ba=entailment)


NONE = NumericComparison("no numbers")


@pytest.mark.parametrize("pair_scores, numeric, expected", [
    # numbers decide first: disjoint intervals conflict even when NLI is calm
    (scores(0.55, 0.05), NumericComparison("conflict", "60,000-90,000 vs >100,000"), "conflict"),
    # compatible numbers are never a conflict, whatever NLI says
    (scores(0.8, 0.99), NumericComparison("compatible", "overlap"), "agree"),
    (scores(0.8, 0.99), NumericComparison("entails", ">10,000 inside >=10,000"), "agree"),
    (scores(0.8, 0.99), NumericComparison("equal", "175,000"), "agree"),
    # ...but compatible numbers in sentences about different things are not an agreement
    (scores(0.2, 0.01), NumericComparison("equal", "10,000"), "unrelated"),
    # not comparable (projection vs fact, other moments, unknown count) is never a conflict
    (scores(0.9, 0.99), NumericComparison("not comparable", "projection vs fact"), "unrelated"),
    # no numbers: NLI on the same subject
    (scores(0.6, 0.95), NONE, "conflict"),
    (scores(0.3, 0.95), NONE, "unrelated"),  # NLI contradiction on different subjects is not trusted
    (scores(0.6, 0.69), NONE, "unrelated"),  # just under the threshold
    (scores(0.6, 0.70), NONE, "conflict"),   # at the threshold
    # agreement from an entailment class
    (scores(0.5, 0.05, entailment=0.9), NONE, "agree"),
    # agreement from paraphrase similarity without contradiction
    (scores(0.85, 0.2), NONE, "agree"),
    (scores(0.85, 0.6), NONE, "unrelated"),
    (scores(0.69, 0.1), NONE, "unrelated"),
])
def test_decide_pair(pair_scores, numeric, expected):
    verdict = decide_pair(pair_scores, numeric, T)
    assert verdict.verdict == expected
    assert 0 <= verdict.confidence <= 1
    assert verdict.reason


def test_numeric_conflict_reason_quotes_the_numbers():
    verdict = decide_pair(scores(0.5), NumericComparison("conflict", "60,000–90,000 vs >100,000: disjoint"), T)
    assert "60,000–90,000 vs >100,000" in verdict.reason


def test_thresholds_are_respected():
    strict = Thresholds(contradiction=0.99)
    assert decide_pair(scores(0.6, 0.95), NONE, strict).verdict == "unrelated"


def test_agreement_groups_join_outlets_transitively():
    groups = agreement_groups([
        ("p1", "fox:1", "Fox", "bbc:1", "BBC", 0.8),
        ("p2", "bbc:1", "BBC", "afp:1", "AFP", 0.6),
        ("p3", "x:1", "Express", "z:1", "ZeroHedge", 0.9),
    ])
    assert [g.sources for g in groups] == [("AFP", "BBC", "Fox"), ("Express", "ZeroHedge")]
    assert groups[0].pair_ids == ("p1", "p2")
    assert groups[0].confidence == pytest.approx(0.7)


def test_agreement_groups_need_two_outlets():
    assert agreement_groups([("p1", "a:1", "Fox", "a:2", "Fox", 0.9)]) == []


@pytest.mark.parametrize("verdicts, sources, expected", [
    (["agree", "agree", "unrelated"], 3, "agree"),
    (["conflict"], 2, "conflict"),
    (["agree", "conflict"], 2, "mixed"),
    (["unrelated"], 2, "unrelated"),
    ([], 1, "single-source"),
])
def test_topic_stance(verdicts, sources, expected):
    assert topic_stance(verdicts, sources) == expected
