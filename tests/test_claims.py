"""Tests of the claim reading (contradict.claims): every number of the seed articles,
each qualifier and vague word, what is not a count, time anchors, modality, attribution,
negation, "the number is unknown", and property tests that the reader never fails."""

from __future__ import annotations

import doctest
import math
import re
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import contradict.claims
from contradict.claims import (
    APPROXIMATE_TOLERANCE,
    normalise_counted,
    parse_quantities,
    read_claim,
    says_quantity_unknown,
    unknown_quantity_subject,
)
from contradict.types import Claim, Quantity

INF = math.inf
SEEDS = Path(__file__).resolve().parents[1] / "seeds"  # the repository's copy: runs everywhere


def only(text: str) -> Quantity:
    quantities = parse_quantities(text)
    assert len(quantities) == 1, f"expected one quantity in {text!r}, got {quantities}"
    return quantities[0]


def interval(q: Quantity) -> tuple:
    return (q.low, q.high, q.low_open, q.high_open)


# ----------------------------------------------------------------------------- seed articles

# Every sentence of the seed articles that has a digit or a number word, verbatim, with every
# quantity read from it: (text, low, high, low_open, high_open, kind, counted, event, modality, unit).
SEED_SENTENCES: dict[str, list[tuple]] = {
    # Fox News, 2021-12-25
    "Russia withdraws 10,000 troops from Ukrainian border ahead of planned negotiations next month": [
        ("10,000", 10_000, 10_000, False, False, "exact", "troops", "withdrawal", "fact", None)],
    "Russia has withdrawn over 10,000 troops from the Ukrainian border as it prepares to enter security discussions "
    "with the Biden administration in the new year.": [
        ("over 10,000", 10_000, INF, True, True, "lower_bound", "troops", "withdrawal", "fact", None)],
    "Russian President Vladimir Putin gives a thumbs-up as he attends a foundation-laying ceremony for the third "
    "reactor of the Akkuyu nuclear plant in Turkey, via a video link in Moscow, Russia, March 10, 2021. "
    "(Sputnik/Alexei Druzhinin/Kremlin via REUTERS )": [],
    "More than 10,000 military servicemen … will march to their permanent deployment from the territory of the "
    "combined arms’ area of drills,” Interfax quoted the army as saying.": [
        ("More than 10,000", 10_000, INF, True, True, "lower_bound", "troops", None, "projection", None)],
    "Western nations worried for the past few months over the troop buildup, which totaled around 100,000 troops "
    "at its peak in November.": [
        ("around 100,000", 90_000, 110_000, False, False, "approximate", "troops", "build-up", "fact", None)],
    "Some nations started to caution that Russia might be in the middle of preparing to invade the Ukraine in a "
    "similar fashion to its annexation of Crimea in 2014.": [],
    "In this photo taken from video distributed by Russian Defense Ministry Press Service, a new Zircon hypersonic "
    "cruise missile is launched by the frigate Admiral Gorshkov of the Russian navy from the White Sea, north of "
    "Russia, July 19, 2021. (Russian Defense Ministry Press Service via AP)": [],
    "Ukrainian President Volodymyr Zelensky takes part at a commemoration ceremony at a monument of Heroes of "
    "Heavenly Hundred, activists who were killed during the anti-government protest the Euro Maidan revolution in "
    "2014, in Kyiv, Ukraine, in November 2021. (STR/NurPhoto via Getty Images)": [],
    # Express, 2021-12-25
    "Putin blinks first: Russia pulls back 10,000 troops ahead of crunch talks | World | News": [
        ("10,000", 10_000, 10_000, False, False, "exact", "troops", "withdrawal", "fact", None)],
    "The drills were held in several regions near Ukraine, including in Crimea, which Russia annexed in 2014, as "
    "well as in the southern Russian regions of Rostov and Kuban.": [],
    "Russia’s deployment of tens of thousands of troops to the north, east and south of Ukraine has fuelled fears "
    "in Kiev and Western capitals that Moscow was planning an attack, and possibly even a full-scale invasion.": [
        ("tens of thousands", 20_000, 100_000, False, True, "approximate", "troops", "build-up", "fact", None)],
    "Estimates for the number of Russian troops recently moved closer to Ukraine vary from 60,000 to 90,000, with "
    "one US intelligence document suggesting that number could be ramped up as high as 175,000.": [
        ("from 60,000 to 90,000", 60_000, 90_000, False, False, "range", "troops", "build-up", "estimate", None),
        ("as high as 175,000", 175_000, 175_000, False, False, "exact", "troops", "build-up", "projection", None)],
    "“More than 10,000 military servicemen will march to their permanent deployment from the territory of the "
    "combined arms’ area of drills.”": [
        ("More than 10,000", 10_000, INF, True, True, "lower_bound", "troops", None, "projection", None)],
    "In-person meetings between senior Western and Russian government officials have been few and far between, "
    "although US President Joe Biden held talks with President Putin in Geneva last June.": [],
    "Berlin is more sceptical than about the possibility of Russia attacking Ukraine and is keen to de-escalate "
    "tensions, two government sources said, also speaking on condition of anonymity.": [
        ("two", 2, 2, False, False, "exact", "source", None, "fact", None)],
    "Critics have accused Germany of being beholden to Putin because of its need for Russian gas, pointing to the "
    "construction of the Nord Stream 2 pipeline between the countries, which bypasses Ukraine, as a key area of "
    "concern.": [],
    # BBC, 2022-02-15
    "More than 100,000 Russian troops have masse at Ukraine’s border.": [
        ("More than 100,000", 100_000, INF, True, True, "lower_bound", "troops", None, "fact", None)],
    "Some exercises are continuing, such as a large joint Russia-Belarus drill, due to end on 20 February.": [],
    "In another development, the Russian parliament has voted in favour of asking Mr Putin to recognise the two "
    "self-declared republics of Donetsk and Luhansk in eastern Ukraine as independent.": [
        ("two", 2, 2, False, False, "exact", "republic", "vote", "fact", None)],
    "Russia has granted citizenship to at least 720,000 people in the two areas, which are in the Donbas region "
    "where Russian-backed separatists have been fighting Ukrainian forces since 2014.": [
        ("at least 720,000", 720_000, INF, False, True, "lower_bound", "people", None, "fact", None),
        ("two", 2, 2, False, False, "exact", "area", None, "fact", None)],
    "But if Mr Putin were to approve the decision and recognise the two breakaway regions, it would violate peace "
    "agreements.": [
        # "would" after the comma belongs to the next clause ("it would violate"), not to the count
        ("two", 2, 2, False, False, "exact", "region", None, "fact", None)],
    "He has refused to commit publicly to scrapping the Nord Stream 2 gas pipeline connecting Russia and Germany in "
    "the event of Russian aggression against Ukraine, saying only that all sanctions options remain on the table.": [],
    # ZeroHedge, 2021-12-26
    "Russia Withdraws 10,000 Troops From “Drills” Near Ukraine In Christmas De-escalation": [
        ("10,000", 10_000, 10_000, False, False, "exact", "troops", "withdrawal", "fact", None)],
    "For weeks Kiev officials and many corners of Western media and the Washington national security establishment "
    "have hyped the Russian troop build-up in regions of Russia that are within 400km of Ukraine’s border, accusing "
    "the Kremlin of planning an invasion of Donbass sometime in January.": [
        ("within 400km", 0, 400, False, False, "upper_bound", None, "build-up", "fact", "km")],
    "This month started, for example, with The Washington Post citing US intelligence to claim this would involve a "
    "whopping 175,000 Russian troops mustered near the border.": [
        ("a whopping 175,000", 175_000, 175_000, False, False, "exact", "troops", None, "projection", None)],
    "But like with prior similar instances (such as failed predictions last spring that never materialized), it’s "
    "looking like the opposite is set to happen, with on Saturday Reuters reporting a draw down of at least 10,000 "
    "troops back to their permanent bases.": [
        ("at least 10,000", 10_000, INF, False, True, "lower_bound", "troops", "withdrawal", "fact", None)],
    "It’s being widely perceived as the clearest sign yet that the “invasion” being talked about for the past nearly "
    "two months is not going to happen.": [
        ("nearly two months", 1.8, 2, False, False, "approximate", None, None, "fact", "months")],
    "More than 10,000 military servicemen… will march to their permanent deployment from the territory of the "
    "combined arms’ area of drills,” the Russian army announced this weekend, according to Interfax.": [
        ("More than 10,000", 10_000, INF, True, True, "lower_bound", "troops", None, "projection", None)],
    "Meanwhile, on Sunday Anadolu Agency is reporting that NATO Secretary General Jens Stoltenberg is convening a "
    "meeting of the NATO-Russia Council (NRC) on January 12.": [],
    "The Russian draw down of 10,000 troops from near the Ukraine border region is perhaps a Kremlin good faith "
    "action to ensure the continued momentum of the recent flurry of diplomatic activity geared toward "
    "deconfliction.": [
        ("10,000", 10_000, 10_000, False, False, "exact", "troops", "withdrawal", "fact", None)],
    "Earlier, the NATO press service said that on January 12-13, Brussels would host a meeting of the NATO Military "
    "Committee at the level of the Chiefs of Defense of the member states.": [],
    "On Tuesday, Stoltenberg stated that NATO offered Moscow to hold a meeting of the NATO-Russia Council in early "
    "2022 to address the developments in Ukraine.": [],
    "Of course, this current chapter of the rise in Russia-Ukraine tensions, which drew vague threats issued from "
    "President Biden two weeks ago, is far from closed.": [],
    "Views: 0": [("0", 0, 0, False, False, "exact", None, None, "fact", None)],
    # Brazilian outlet (AFP), 2022-02-17
    "date 2022-02-17 Russia announced on Thursday that it has begun withdrawing more troops from the border with "
    "Ukraine, while the US government insists that Moscow continues to increase its contingent for a possible "
    "invasion of the former Soviet republic.": [],
    "Since Tuesday (15), Russian authorities have announced the withdrawal of part of the military and equipment "
    "stationed on the Russia-Ukraine border and in Crimea, a Ukrainian peninsula annexed by Moscow.": [],
    "On Tuesday (15), Russia announced that some military units stationed on the border with Ukraine, whose presence "
    "raised fears of an imminent military operation in the neighboring country, had begun to return to their "
    "barracks.": [],
    "Russia has deployed more than 100,000 troops on the border with Ukraine since December.": [
        ("more than 100,000", 100_000, INF, True, True, "lower_bound", "troops", "build-up", "fact", None)],
    "At the same time, Russia maintains military drills in Belarus, Ukraine’s neighbor, which should continue until "
    "February 20.": [],
    "Belarus announced that no Russian soldiers will remain on its territory at the end of the maneuvers of the "
    "Russian and Belarusian armies on February 20.": [],
}

SEED_QUANTITY_CASES = [
    pytest.param(sentence, expected, id=f"{expected[0]}|{sentence[:40]}")
    for sentence, quantities in SEED_SENTENCES.items() for expected in quantities
]


@pytest.mark.parametrize("sentence, expected", SEED_QUANTITY_CASES)
def test_seed_quantity_reading(sentence, expected):
    text, low, high, low_open, high_open, kind, counted, event, modality, unit = expected
    matches = [q for q in parse_quantities(sentence) if q.text == text]
    assert len(matches) == 1, [q.text for q in parse_quantities(sentence)]
    q = matches[0]
    assert (q.low, q.high, q.low_open, q.high_open) == pytest.approx((low, high, low_open, high_open))
    assert (q.kind, q.counted, q.event, q.modality, q.unit) == (kind, counted, event, modality, unit)
    assert sentence[q.start:q.end] == q.text


@pytest.mark.parametrize("sentence", list(SEED_SENTENCES), ids=lambda s: s[:50])
def test_seed_sentence_has_exactly_the_expected_quantities(sentence):
    """Years, dates, ids and "one US document" are not read as counts; nothing else is missed."""
    assert [q.text for q in parse_quantities(sentence)] == [e[0] for e in SEED_SENTENCES[sentence]]


def test_every_number_of_the_seed_articles_is_in_the_table():
    """Each digit in the seed files lies in a sentence of SEED_SENTENCES, so the table covers them all."""
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5, f"expected the five seed articles in {SEEDS}"
    for path in paths:
        text = path.read_text(encoding="utf-8")
        covered = [(m.start(), m.end()) for s in SEED_SENTENCES for m in re.finditer(re.escape(s), text)]
        for digit in re.finditer(r"[0-9]+", text):
            assert any(s <= digit.start() < e for s, e in covered), (path.name, text[digit.start() - 60:digit.end() + 20])


# ----------------------------------------------------------------------------- qualifiers

QUALIFIER_CASES = [
    ("more than 100 troops", (100, INF, True, True), "lower_bound"),
    ("over 100 troops", (100, INF, True, True), "lower_bound"),
    ("above 100 troops", (100, INF, True, True), "lower_bound"),
    ("in excess of 100 troops", (100, INF, True, True), "lower_bound"),
    ("100+ troops", (100, INF, False, True), "lower_bound"),
    ("at least 100 troops", (100, INF, False, True), "lower_bound"),
    ("no less than 100 troops", (100, INF, False, True), "lower_bound"),
    ("no fewer than 100 troops", (100, INF, False, True), "lower_bound"),
    ("100 or more troops", (100, INF, False, True), "lower_bound"),
    ("fewer than 100 troops", (0, 100, False, True), "upper_bound"),
    ("less than 100 troops", (0, 100, False, True), "upper_bound"),
    ("under 100 troops", (0, 100, False, True), "upper_bound"),
    ("below 100 troops", (0, 100, False, True), "upper_bound"),
    ("up to 100 troops", (0, 100, False, False), "upper_bound"),
    ("no more than 100 troops", (0, 100, False, False), "upper_bound"),
    ("at most 100 troops", (0, 100, False, False), "upper_bound"),
    ("within 100 km", (0, 100, False, False), "upper_bound"),
    ("around 100 troops", (90, 110, False, False), "approximate"),
    ("about 100 troops", (90, 110, False, False), "approximate"),
    ("roughly 100 troops", (90, 110, False, False), "approximate"),
    ("some 100 troops", (90, 110, False, False), "approximate"),
    ("approximately 100 troops", (90, 110, False, False), "approximate"),
    ("an estimated 100 troops", (90, 110, False, False), "approximate"),
    ("100 or so troops", (90, 110, False, False), "approximate"),
    ("nearly 100 troops", (90, 100, False, False), "approximate"),
    ("almost 100 troops", (90, 100, False, False), "approximate"),
    ("just over 100 troops", (100, 110, True, False), "approximate"),
    ("just under 100 troops", (90, 100, False, True), "approximate"),
    ("as high as 100 troops", (100, 100, False, False), "exact"),
    ("as many as 100 troops", (100, 100, False, False), "exact"),
    ("a whopping 100 troops", (100, 100, False, False), "exact"),
    ("100 troops", (100, 100, False, False), "exact"),
    ("More Than 100 troops", (100, INF, True, True), "lower_bound"),
]


@pytest.mark.parametrize("text, expected, kind", QUALIFIER_CASES, ids=[c[0] for c in QUALIFIER_CASES])
def test_qualifier_interval(text, expected, kind):
    q = only(text)
    assert interval(q) == pytest.approx(expected)
    assert q.kind == kind
    assert text.startswith(q.text) or q.text in text


def test_tolerance_is_the_module_constant():
    q = only("around 1,000 troops")
    assert (q.low, q.high) == (1_000 * (1 - APPROXIMATE_TOLERANCE), 1_000 * (1 + APPROXIMATE_TOLERANCE))
    assert only("around 100,000 troops").low == 90_000.0  # exact, so "60,000 to 90,000" touches it


# ----------------------------------------------------------------------------- numbers as written

NUMBER_FORMS = [
    ("10,000 troops", 10_000, 10_000, "exact"),
    ("10000 troops", 10_000, 10_000, "exact"),
    ("100k troops", 100_000, 100_000, "exact"),
    ("1.2 million people", 1_200_000, 1_200_000, "exact"),
    ("1.2m people", 1_200_000, 1_200_000, "exact"),
    ("3bn people", 3_000_000_000, 3_000_000_000, "exact"),
    ("10 thousand troops", 10_000, 10_000, "exact"),
    ("ten thousand troops", 10_000, 10_000, "exact"),
    ("Ten thousand troops", 10_000, 10_000, "exact"),
    ("twenty-five thousand troops", 25_000, 25_000, "exact"),
    ("one hundred and fifty troops", 150, 150, "exact"),
    ("a dozen troops", 12, 12, "exact"),
    ("two dozen troops", 24, 24, "exact"),
    ("half a million people", 500_000, 500_000, "exact"),
    ("a hundred troops", 100, 100, "exact"),
    ("dozens of troops", 24, 100, "approximate"),
    ("hundreds of troops", 200, 1_000, "approximate"),
    ("thousands of troops", 2_000, 10_000, "approximate"),
    ("tens of thousands of troops", 20_000, 100_000, "approximate"),
    ("hundreds of thousands of people", 200_000, 1_000_000, "approximate"),
    ("millions of people", 2_000_000, 10_000_000, "approximate"),
    ("tens of people", 20, 100, "approximate"),
    ("several thousand troops", 3_000, 9_000, "approximate"),
    ("a few hundred troops", 200, 500, "approximate"),
    ("a couple of thousand troops", 2_000, 3_000, "approximate"),
    ("several hundred thousand people", 300_000, 900_000, "approximate"),
    ("60k–175k troops", 60_000, 175_000, "range"),
    ("from 60,000 to 90,000 troops", 60_000, 90_000, "range"),
    ("vary from 60,000 to 90,000 troops", 60_000, 90_000, "range"),
    ("between 60,000 and 90,000 troops", 60_000, 90_000, "range"),
    ("60,000-90,000 troops", 60_000, 90_000, "range"),
    ("60,000–90,000 troops", 60_000, 90_000, "range"),
    ("60,000 to 90,000 troops", 60_000, 90_000, "range"),
    ("1.2 to 1.5 million people", 1_200_000, 1_500_000, "range"),
    ("two to three thousand troops", 2_000, 3_000, "range"),
    ("between 60 and 90 thousand troops", 60_000, 90_000, "range"),
    ("60-90,000 troops", 60_000, 90_000, "range"),
    ("around 60,000 to 90,000 troops", 54_000, 99_000, "approximate"),
    ("10\u202f000 troops", 10_000, 10_000, "exact"),
]


@pytest.mark.parametrize("text, low, high, kind", NUMBER_FORMS, ids=[c[0] for c in NUMBER_FORMS])
def test_number_forms(text, low, high, kind):
    q = only(text)
    assert (q.low, q.high, q.kind) == (pytest.approx(low), pytest.approx(high), kind)
    assert q.counted in ("troops", "people")


@pytest.mark.parametrize("text", ["dozens of troops", "hundreds of troops", "tens of thousands of troops",
                                  "about hundreds of troops", "up to thousands of troops"])
def test_vague_plurals_stop_short_of_the_next_power(text):
    q = only(text)
    assert q.high_open and not q.low_open
    assert q.high in (100, 1_000, 10_000, 100_000)


def test_a_change_from_one_figure_to_another_is_not_a_range():
    quantities = parse_quantities("The contingent rose from 60,000 to 90,000 troops.")
    assert [(q.low, q.high) for q in quantities] == [(60_000, 60_000), (90_000, 90_000)]


# ----------------------------------------------------------------------------- not counts

NOT_COUNTS = [
    "Crimea was annexed in 2014.",
    "Fighting has gone on since 2014.",
    "The drill is due to end on 20 February.",
    "The meeting is on January 12-13.",
    "The meeting is on 12-13 January.",
    "Since Tuesday (15), units have left.",
    "He spoke on March 10, 2021.",
    "The report is dated 2022-02-17.",
    "The talks start at 10:30 GMT.",
    "The talks start at 10 am.",
    "A 45-year-old man was arrested.",
    "He was aged 45.",
    "It was the 3rd day of talks.",
    "The 1990s were different.",
    "The Nord Stream 2 pipeline is finished.",
    "Article 5 applies.",
    "COVID-19 slowed the drills.",
    "F-16 jets flew over.",
    "Flight MH17 was shot down.",
    "No. 5 was the answer.",
    "Biden spoke two weeks ago.",
    "One US intelligence document says so.",
    "One of them left.",
    "It happened in the 2014-15 season.",
    "The talks run from 2014 to 2016.",
]


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_years_dates_times_ages_ordinals_and_ids_are_not_counts(text):
    assert parse_quantities(text) == []


MEASURES = [
    ("within 400km of the border", "km", None, (0, 400)),
    ("a 25 km zone", "km", None, (25, 25)),
    ("30 miles away", "mi", None, (30, 30)),
    ("10% of the troops", "percent", "troops", (10, 10)),
    ("a rise of 10 per cent", "percent", None, (10, 10)),
    ("$10 million in aid", "USD", None, (10_000_000, 10_000_000)),
    ("£5m in aid", "GBP", None, (5_000_000, 5_000_000)),
    ("3 billion roubles", "RUB", None, (3_000_000_000, 3_000_000_000)),
    ("for three days", "days", None, (3, 3)),
    ("a 10-day drill", "days", None, (10, 10)),
]


@pytest.mark.parametrize("text, unit, counted, bounds", MEASURES, ids=[c[0] for c in MEASURES])
def test_measures_keep_their_unit(text, unit, counted, bounds):
    q = only(text)
    assert (q.unit, q.counted, (q.low, q.high)) == (unit, counted, bounds)


def test_a_year_followed_by_a_counted_noun_is_a_count():
    assert only("about 2000 troops").low == pytest.approx(1_800)
    assert only("the 2000 troops").counted == "troops"


# ----------------------------------------------------------------------------- what is counted

COUNTED = [
    ("100,000 Russian troops", "troops", "Russian troops"),
    ("10,000 military servicemen", "troops", "military servicemen"),
    ("10,000 soldiers", "troops", "soldiers"),
    ("10,000 service members", "troops", "service members"),
    ("10,000 military personnel", "troops", "military personnel"),
    ("10,000 Russian forces", "troops", "Russian forces"),
    ("a 100,000-strong force", "troops", "force"),
    ("720,000 people", "people", "people"),
    ("720,000 citizens", "people", "citizens"),
    ("720,000 residents", "people", "residents"),
    ("10,000 of its troops", "troops", "troops"),
    ("tens of thousands of troops", "troops", "troops"),
    ("400 tanks", "tank", "tanks"),
    ("10 military vehicles", "vehicle", "military vehicles"),
    ("two government sources said", "source", "government sources"),
    # a dotted abbreviation before the noun modifies it
    ("three G.O.P. senators", "senator", "senators"),
    ("five U.S. officials", "official", "officials"),
    # a figure hyphened to a noun: that noun, of the thing after it; adjectives and units are not counted nouns
    ("the 42-word pledge", "word pledge", "word pledge"),
    ("a three-judge panel", "judge panel", "judge panel"),
    ("a 12-page", "page", "page"),
]


@pytest.mark.parametrize("text, counted, counted_text", COUNTED, ids=[c[0] for c in COUNTED])
def test_counted_noun(text, counted, counted_text):
    q = only(text)
    assert (q.counted, q.counted_text) == (counted, counted_text)


@pytest.mark.parametrize("text, figures", [
    ("The senator gave her party a one-in-three chance of losing the seat.", []),
    ("There is a 1 in 3 chance that the levee fails.", []),
    ("Two out of five voters backed the measure.", []),
    ("Three in 10 residents, or 30 percent, oppose the plan.", ["30 percent"]),
    ("The club won 2 in 2019 and 3 in 2020.", ["2", "3"]),          # a year is no denominator
    ("About 5,000 in Ohio protested.", ["About 5,000"]),
    ("The couple reported $139 million in seven years.", ["$139 million", "seven years"]),   # amounts and units
])
def test_the_figures_of_a_ratio_are_not_counts(text, figures):
    assert [q.text for q in parse_quantities(text)] == figures


def test_counted_comes_from_the_number_of_when_no_noun_follows():
    q = only("The number of soldiers at the border has reached 60,000.")
    assert q.counted == "troops"


def test_normalise_counted():
    assert normalise_counted("military servicemen") == "troops"
    assert normalise_counted("Belarusian citizens") == "people"
    assert normalise_counted("armoured divisions") == "division"


@pytest.mark.xfail(reason="anaphora: 'that number' with no 'number of <noun>' in the same sentence is not resolved",
                   strict=True)
def test_that_number_refers_to_the_previous_sentence():
    assert only("That number has since fallen to 60,000.").counted == "troops"


# ----------------------------------------------------------------------------- events

EVENTS = [
    ("Russia withdrew 10,000 troops.", "withdrawal"),
    ("Russia pulled 10,000 troops back.", "withdrawal"),
    ("Russia is pulling back 10,000 troops.", "withdrawal"),
    ("A draw down of 10,000 troops began.", "withdrawal"),
    ("10,000 troops returned to their bases.", "withdrawal"),
    ("10,000 servicemen will return to their barracks.", "withdrawal"),
    ("10,000 troops are leaving Crimea.", "withdrawal"),
    ("Russia massed 100,000 troops.", "build-up"),
    ("Russia deployed 100,000 troops.", "build-up"),
    ("The build-up reached 100,000 troops.", "build-up"),
    ("The buildup reached 100,000 troops.", "build-up"),
    ("100,000 troops gathered near the border.", "build-up"),
    ("100,000 troops are stationed near the border.", "build-up"),
    # "permanent deployment" is where troops are based: going there is no build-up
    ("10,000 servicemen will march to their permanent deployment.", None),
    # events outside the military: what a figure is about lines two figures up
    ("The carmaker laid off 3,000 workers.", "layoff"),
    ("The carmaker hired 3,000 workers.", "hiring"),
    ("The mayor asked the council for $2 million.", "demand"),
    ("The governor is demanding $2 million for the bridge.", "demand"),
    ("The bridge will cost $2 million.", "funding"),
    ("The singer earned $12 million last year.", "earning"),
    ("The campaign raised $900,000 in March.", "earning"),
    ("The couple paid $400,000 in federal taxes.", "tax"),
    ("The storm killed 14 people.", "casualty"),
    ("The blast injured 40 people.", "injury"),
    ("Police arrested 23 protesters.", "arrest"),
    ("Russia has 100,000 troops.", None),
    ("Russia has granted citizenship to at least 720,000 people.", None),
]


@pytest.mark.parametrize("text, event", EVENTS, ids=[c[0] for c in EVENTS])
def test_event(text, event):
    assert only(text).event == event


@pytest.mark.xfail(reason="'sent ... to the border' is not read as a build-up (too often unrelated)", strict=True)
def test_sent_to_the_border_is_a_build_up():
    assert only("Russia sent 10,000 troops to the border.").event == "build-up"


def test_each_quantity_takes_the_event_nearest_to_it():
    withdrawn, massed = parse_quantities("Russia withdrew 10,000 soldiers; it had massed 100,000 troops.")
    assert (withdrawn.event, massed.event) == ("withdrawal", "build-up")


# ----------------------------------------------------------------------------- modality

MODALITIES = [
    ("Russia has 100,000 troops at the border.", "fact"),
    ("An estimated 100,000 troops are at the border.", "estimate"),
    ("Estimates of the troops vary from 60,000 to 90,000.", "estimate"),
    ("According to estimates, 100,000 troops are at the border.", "estimate"),
    ("The number could be ramped up as high as 175,000.", "projection"),
    ("The plan would involve 175,000 troops.", "projection"),
    ("Russia will deploy 175,000 troops.", "projection"),
    ("Russia is expected to deploy 175,000 troops.", "projection"),
    ("Russia might deploy 175,000 troops.", "possibility"),
    ("Russia may deploy 175,000 troops.", "possibility"),
    ("Russia possibly has 175,000 troops there.", "possibility"),
    ("More than 10,000 military servicemen … will march to their bases.", "projection"),
    # a modal ending a relative clause on the counted noun governs the count
    ("The plan lays out 19 separate steps the governor could take.", "projection"),
    ("The plan lists 12 sites the army may close.", "possibility"),
    ("The plan lays out 19 separate steps that the governor took.", "fact"),
    ("The past nearly two months is not going to be repeated.", "fact"),
]


@pytest.mark.parametrize("text, modality", MODALITIES, ids=[c[0] for c in MODALITIES])
def test_modality_per_quantity_and_per_claim(text, modality):
    claim = read_claim(text)
    assert claim.quantities[0].modality == modality
    assert claim.modality == modality


def test_a_sentence_can_hold_a_fact_and_a_projection():
    estimate, projection = parse_quantities(
        "Estimates for the number of Russian troops recently moved closer to Ukraine vary from 60,000 to 90,000, "
        "with one US intelligence document suggesting that number could be ramped up as high as 175,000.")
    assert (estimate.modality, projection.modality) == ("estimate", "projection")


def test_may_the_month_is_not_a_modal():
    assert read_claim("In May, 10,000 troops were at the border.").modality == "fact"


@pytest.mark.xfail(reason="'could' is always read as a projection, also where it means a possibility", strict=True)
def test_could_as_possibility():
    assert read_claim("An invasion involving 100,000 troops could be imminent.").modality == "possibility"


# ----------------------------------------------------------------------------- time anchors

TIME_ANCHORS = [
    ("Western nations worried for the past few months over the troop buildup, which totaled around 100,000 troops "
     "at its peak in November.", "at its peak in November"),
    ("Russia has deployed more than 100,000 troops on the border with Ukraine since December.", "since December"),
    ("Russia withdrew 10,000 troops on Thursday.", "on Thursday"),
    ("Biden held talks with Putin in Geneva last June.", "last June"),
    ("Russia handed a proposal to the United States this month.", "this month"),
    ("Russia has continued to build up its forces in recent weeks.", "in recent weeks"),
    ("Satellite images published on Christmas Eve show more tanks.", "on Christmas Eve"),
    ("The drill is due to end on 20 February.", "on 20 February"),
    ("Since Tuesday (15), Russian authorities have announced the withdrawal.", "Since Tuesday (15)"),
    ("Brussels would host a meeting on January 12-13.", "on January 12-13"),
    ("Separatists have been fighting since 2014.", "since 2014"),
    ("Russia pulled back 10,000 troops.", None),
]


@pytest.mark.parametrize("text, anchor", TIME_ANCHORS, ids=[c[1] or "none" for c in TIME_ANCHORS])
def test_time_anchor(text, anchor):
    assert read_claim(text).time_anchor == anchor


def test_a_future_anchor_does_not_date_a_stated_count():
    fox = read_claim("Russia has withdrawn over 10,000 troops from the Ukrainian border as it prepares to enter "
                     "security discussions with the Biden administration in the new year.")
    assert fox.time_anchor is None
    assert read_claim("Russia withdraws 10,000 troops ahead of talks next month").time_anchor is None
    assert read_claim("Russia will withdraw 10,000 troops next month.").time_anchor == "next month"
    assert read_claim("Talks are planned for next month.").time_anchor == "next month"


def test_time_anchor_nearest_the_number_wins():
    claim = read_claim("For weeks officials warned; the buildup totaled 100,000 troops at its peak in November.")
    assert claim.time_anchor == "at its peak in November"


# ----------------------------------------------------------------------------- attribution

ATTRIBUTIONS = [
    ("More than 10,000 military servicemen … will march to their permanent deployment,” Interfax quoted the army "
     "as saying.", ["army", "Interfax"]),
    ("This month started with The Washington Post citing US intelligence to claim this would involve 175,000 "
     "troops.", ["US intelligence"]),
    ("Ukrainian President Volodymyr Zelensky said he saw no signs of troop reductions.", ["Zelensky"]),
    ("10,000 troops will return to base, according to Interfax.", ["Interfax"]),
    ("Putin said he was hopeful, Reuters reported.", ["Putin", "Reuters"]),
    ("“It’s a process,” Dmitry Peskov told reporters.", ["Dmitry Peskov"]),
    ("The defence ministry said that some units were returning to their bases.", ["defence ministry"]),
    ("The two sides agreed to meet, a source said on condition of anonymity.", ["a source"]),
    ("Russia withdrew 10,000 troops.", []),
    ("He said 10,000 troops withdrew.", []),
]


@pytest.mark.parametrize("text, names", ATTRIBUTIONS, ids=[c[0][:40] for c in ATTRIBUTIONS])
def test_attribution(text, names):
    attribution = read_claim(text).attribution
    if not names:
        assert attribution is None
    else:
        assert attribution is not None and all(name in attribution for name in names), attribution


# ----------------------------------------------------------------------------- negation and unknown counts

NEGATIONS = [
    ("Ukrainian President Volodymyr Zelensky said he saw no signs of troop reductions at the border.", True),
    ("Russia has not withdrawn any troops.", True),
    ("Russia denies any such plans.", True),
    ("Russia has never planned an invasion.", True),
    ("Russia hasn’t withdrawn troops.", True),
    ("Russia withdrew 10,000 troops.", False),
    ("Russia deployed no more than 10,000 troops.", False),
    ("Russia deployed no less than 10,000 troops.", False),
]


@pytest.mark.parametrize("text, negated", NEGATIONS, ids=[c[0][:40] for c in NEGATIONS])
def test_negation(text, negated):
    assert read_claim(text).negated is negated


UNKNOWN = [
    ("The number of troops packing up and moving back is unclear.", True),
    ("Tuesday’s announcement was the first sign of détente on the part of Moscow, but the information was still "
     "vague and it is not possible to know the number of soldiers it affects.", True),
    ("Russian President Vladimir Putin did not explain the size of the withdrawals, nor their timing.", True),
    ("It is unclear how many troops have left.", True),
    ("The ministry did not say how many troops were leaving.", True),
    ("An unknown number of troops left.", True),
    ("Russia withdrew 10,000 troops.", False),
    ("The withdrawal is unclear in scope but began on Tuesday.", False),
]


@pytest.mark.parametrize("text, unknown", UNKNOWN, ids=[c[0][:40] for c in UNKNOWN])
def test_quantity_unknown(text, unknown):
    assert read_claim(text).quantity_unknown is unknown
    assert says_quantity_unknown(text) is unknown


def test_what_the_unknown_number_is_about():
    assert unknown_quantity_subject("The number of troops pulling back is unclear.") == ("troops", "withdrawal")
    assert unknown_quantity_subject("Putin did not explain the size of the withdrawals.") == (None, "withdrawal")


# ----------------------------------------------------------------------------- the Claim record


def test_read_claim_keeps_the_text_and_is_a_claim():
    text = "Russia has withdrawn over 10,000 troops."
    claim = read_claim(text)
    assert isinstance(claim, Claim) and claim.text == text
    assert read_claim(text) is claim  # cached: the pipeline reads repeated sentences for free


def test_docstring_examples_hold():
    assert doctest.testmod(contradict.claims).failed == 0


def test_read_claim_accepts_odd_input():
    assert read_claim("").quantities == ()
    assert parse_quantities("") == []
    assert parse_quantities(None) == []  # type: ignore[arg-type]


def test_reading_is_fast():
    sentences = [f"{s} ({i})" for i in range(12) for s in SEED_SENTENCES]
    started = time.perf_counter()
    for sentence in sentences:
        read_claim(sentence)
    per_sentence = (time.perf_counter() - started) / len(sentences)
    # Under 1 ms per sentence on 2 shared cores; the limit is ten times the old 5 ms so a busy
    # machine does not flake it, and still catches a reader gone pathological (benchmarks measure speed).
    assert per_sentence < 0.05, f"{per_sentence * 1000:.2f} ms per sentence"


# ----------------------------------------------------------------------------- properties

# Digit-heavy phrases built from parts: much faster to draw than st.from_regex, same coverage.
NUMBERS = st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(0, 10**12).map("{:,}".format),
    st.floats(0, 1e6, allow_nan=False).map("{:.2f}".format),
    st.sampled_from(["10,000", "1.2", "9" * 20, "2014", "007", "1,00", "10\u202f000", "0.0", "12-13", "2022-02-17"]),
)
NUMBERISH = st.builds(
    lambda qualifier, number, suffix, second, tail: f"{qualifier}{number}{suffix}{second}{tail}",
    st.sampled_from(["", "more than ", "over ", "about ", "around ", "nearly ", "up to ", "at least ", "no more than ",
                     "fewer than ", "between ", "from ", "some ", "a whopping ", "as high as ", "within ", "tens of ",
                     "several ", "a few ", "$", "£"]),
    NUMBERS,
    st.sampled_from(["", "k", "m", "bn", "km", "%", "st", "s", "+", "-strong"]),
    st.one_of(st.just(""), st.builds("{}{}".format, st.sampled_from([" - ", "-", "–", " to ", " and "]), NUMBERS)),
    st.sampled_from(["", " million", " thousand", " dozen", " troops", " people", " km", " percent", " years old",
                     " January", " Tuesday", " weeks ago", " or more", " or so", " of the troops"]),
)
WORDISH = st.sampled_from(
    ["one", "two", "a dozen", "dozens", "hundreds of thousands", "tens of", "half a", "million", "thousand", "and",
     "more than", "no more than", "between", "from", "to", "-", "–", "(", ")", "Tuesday", "March", "2014", "troops",
     "withdrew", "massed", "will", "may", "estimated", "said", "according to", "the number of", "is unclear", "not",
     ",", ".", ";", "…", "’s", "$", "£", "%", "\u202f", "0", "9" * 20, "1,000,000,000,000,000"])
SENTENCES = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
    NUMBERISH,
    st.lists(st.one_of(NUMBERISH, WORDISH, st.text(max_size=5)), max_size=12).map(" ".join),
)


def _valid_interval(q: Quantity) -> bool:
    nonempty = q.low < q.high or (q.low == q.high and not q.low_open and not q.high_open)
    return (not math.isnan(q.low) and not math.isnan(q.high) and q.low <= q.high and nonempty and q.low >= 0
            and math.isfinite(q.low) and (math.isfinite(q.high) or q.high_open))


@settings(max_examples=200, deadline=None)
@given(SENTENCES)
@example("VOTE:0")   # found by Hypothesis: a figure after an event word of a kind added since
def test_parse_quantities_never_raises_and_intervals_are_well_formed(text):
    from contradict.claims.cues import EVENT_CUES

    for q in parse_quantities(text):
        assert _valid_interval(q), q
        assert 0 <= q.start <= q.end <= len(text) and text[q.start:q.end] == q.text
        assert q.kind in ("exact", "approximate", "range", "lower_bound", "upper_bound")
        assert q.modality in ("fact", "estimate", "projection", "possibility")
        assert q.event is None or q.event in EVENT_CUES   # every kind of event the cues know


@settings(max_examples=200, deadline=None)
@given(SENTENCES)
def test_read_claim_never_raises(text):
    claim = read_claim(text)
    assert claim.text == text
    assert claim.modality in ("fact", "estimate", "projection", "possibility")
    assert claim.attribution is None or isinstance(claim.attribution, str)
    assert claim.time_anchor is None or claim.time_anchor in " ".join(text.split())
    assert all(_valid_interval(q) for q in claim.quantities)
