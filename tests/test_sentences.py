"""Sentence splitting and set-aside reasons, checked on the real seed lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contradict.load import load_articles
from contradict.sentences import (
    MAX_SENTENCE_CHARS,
    SET_ASIDE_REASONS,
    set_aside_reasons,
    sentences_to_frame,
    split_sentences,
)
from contradict.types import MERGED, SET_ASIDE, USED, Article, Sentence

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(Article(text=text, id="t", source="Test"))]


@pytest.fixture(scope="module")
def seed_sentences() -> dict[str, list[Sentence]]:
    return {a.id: split_sentences(a) for a in load_articles([SEEDS], detect_language=False).articles}


# --------------------------------------------------------------------------- splitting


@pytest.mark.parametrize(
    "text, expected",
    [
        # abbreviations and titles
        ("Mr. Putin spoke. Mrs. Smith left.", ["Mr. Putin spoke.", "Mrs. Smith left."]),
        ("Dr. Ruth met Gen. Milley and Sen. Rubio. They talked.", ["Dr. Ruth met Gen. Milley and Sen. Rubio.", "They talked."]),
        ("He lives on St. James Street. It is quiet.", ["He lives on St. James Street.", "It is quiet."]),
        ("Talks start on Jan. 10 in Geneva. Russia agreed.", ["Talks start on Jan. 10 in Geneva.", "Russia agreed."]),
        ("Troops left on Feb. 15. Kyiv doubted it.", ["Troops left on Feb. 15.", "Kyiv doubted it."]),
        ("It was resolution No. 5 of the day. Nobody voted.", ["It was resolution No. 5 of the day.", "Nobody voted."]),
        # dotted acronyms
        ("The U.S. and the U.K. agreed. Russia did not.", ["The U.S. and the U.K. agreed.", "Russia did not."]),
        ("The E.U. Commission said no. Paris agreed.", ["The E.U. Commission said no.", "Paris agreed."]),
        ("Putin claimed the U.S. had responded positively.", ["Putin claimed the U.S. had responded positively."]),
        # initials
        ("J. Smith wrote the report. It was long.", ["J. Smith wrote the report.", "It was long."]),
        ("George W. Bush spoke first. Then Obama.", ["George W. Bush spoke first.", "Then Obama."]),
        # numbers
        ("Russia moved 10,000 troops. NATO counted 1.2 million rounds.", ["Russia moved 10,000 troops.", "NATO counted 1.2 million rounds."]),
        ("Inflation rose 3.5 percent. Prices fell.", ["Inflation rose 3.5 percent.", "Prices fell."]),
        ("It happened in 2014. 10,000 troops stayed.", ["It happened in 2014.", "10,000 troops stayed."]),
        # quotes and brackets stay with their sentence
        ('"We will leave," he said. Then he left.', ['"We will leave," he said.', "Then he left."]),
        ("“We will leave.” Then he left.", ["“We will leave.”", "Then he left."]),
        ('"Why?" he asked. Nobody knew.', ['"Why?" he asked.', "Nobody knew."]),
        ("He said so (twice.) Then he left.", ["He said so (twice.)", "Then he left."]),
        (
            "“…from the territory of the combined arms’ area of drills,” Interfax quoted the army as saying.",
            ["“…from the territory of the combined arms’ area of drills,” Interfax quoted the army as saying."],
        ),
        # ellipses
        (
            "“A stage of combat coordination at motorized units … has been completed.",
            ["“A stage of combat coordination at motorized units … has been completed."],
        ),
        ("“Squads at motorized units… has been completed,” it said.", ["“Squads at motorized units… has been completed,” it said."]),
        ("“We tried… Nothing worked,” he said.", ["“We tried… Nothing worked,” he said."]),
        ("He paused... Then he left.", ["He paused...", "Then he left."]),
        ("Is it over? Yes! Troops left.", ["Is it over?", "Yes!", "Troops left."]),
        # paragraph breaks always end a sentence
        ("Russia withdraws troops\nMoscow said so", ["Russia withdraws troops", "Moscow said so"]),
        ("First paragraph\n\n\nSecond paragraph here", ["First paragraph", "Second paragraph here"]),
    ],
)
def test_split(text, expected):
    assert texts(text) == expected


def test_spans_index_into_the_text_and_ids_name_them():
    article = Article(text="  Troops left.  Tanks stayed.\n\nKyiv doubted it.", id="a1", source="BBC")
    sentences = split_sentences(article)
    for s in sentences:
        assert article.text[s.start: s.end] == s.text
        assert s.id == f"a1:{s.start}-{s.end}"
        assert (s.article_id, s.source) == ("a1", "BBC")
    assert [s.index for s in sentences] == [0, 1, 2]


def test_overlong_run_on_text_is_cut_into_bounded_pieces():
    text = " ".join(["word"] * 2000)
    sentences = split_sentences(Article(text=text, id="x"))
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")


def test_article_without_id_or_source_gets_content_id():
    (sentence,) = split_sentences(Article(text="Russia moved its troops back home."))
    assert len(sentence.article_id) == 12 and sentence.source == sentence.article_id


# --------------------------------------------------------------------------- set-aside reasons on real seed lines


def _status(seed_sentences, article_id: str, startswith: str) -> tuple[str, str | None]:
    matches = [s for s in seed_sentences[article_id] if s.text.startswith(startswith)]
    assert matches, f"no sentence starting {startswith!r}"
    return matches[0].status, matches[0].reason


FOX, EXPRESS, BBC, ZH, AFP = (
    "000_dc64c2a929cb3b3d",
    "001_01c9bb7f408eb690",
    "002_585f0ca8fba6610a",
    "003_31f45d9fd64353e7",
    "004_49c6faad3fe06aa2",
)


@pytest.mark.parametrize(
    "article_id, startswith, expected",
    [
        (FOX, "Russian President Vladimir Putin gives a thumbs-up", (SET_ASIDE, "photo caption")),
        (FOX, "(Sputnik/Alexei Druzhinin/Kremlin via REUTERS )", (SET_ASIDE, "photo caption")),
        (FOX, "In this photo taken from video", (SET_ASIDE, "photo caption")),
        (FOX, "(Russian Defense Ministry Press Service via AP)", (SET_ASIDE, "photo caption")),
        (FOX, "(STR/NurPhoto via Getty Images)", (SET_ASIDE, "photo caption")),
        (ZH, "Image source: AP", (SET_ASIDE, "photo caption")),
        (FOX, "CLICK HERE TO GET THE FOX NEWS APP", (SET_ASIDE, "promo")),
        (FOX, "PUTIN DEMANDS US ASSURANCES ON SECURITY", (SET_ASIDE, "promo")),
        (FOX, "PUTIN BLAMES WEST FOR TENSION", (SET_ASIDE, "promo")),
        (EXPRESS, "JUST IN:", (SET_ASIDE, "promo")),
        (EXPRESS, "Source link", (SET_ASIDE, "source link")),
        (ZH, "Source", (SET_ASIDE, "source link")),
        (AFP, "*With AFP", (SET_ASIDE, "source link")),
        (BBC, "Bocs news Sources: BBC", (SET_ASIDE, "source link")),
        (FOX, "Peter Aitken is a New York born-and-raised reporter", (SET_ASIDE, "byline")),
        (ZH, "Views: 0", (SET_ASIDE, "site footer")),
        (ZH, "You can skip to the end and leave a response.", (SET_ASIDE, "site footer")),
        (ZH, "Pinging is currently not allowed.", (SET_ASIDE, "site footer")),
        (ZH, "Leave a Reply", (SET_ASIDE, "site footer")),
        (ZH, "Powered by WordPress", (SET_ASIDE, "site footer")),
        (AFP, "date 2022-02-17", (SET_ASIDE, "metadata")),
        (AFP, "Russia announced on Thursday that it has begun withdrawing", (USED, None)),
        (AFP, "Announcement of withdrawal", (SET_ASIDE, "section heading")),
        (AFP, "Ukraine does not believe in withdrawal", (SET_ASIDE, "section heading")),
        (AFP, "Dialog sketch", (SET_ASIDE, "section heading")),
        (AFP, "Russian news agencies.", (SET_ASIDE, "too short")),
        (BBC, "Possibly.", (SET_ASIDE, "too short")),
        (BBC, "Russia pulls some troops back from border", (USED, None)),
        (BBC, "Russian pulling some troops back from border", (SET_ASIDE, "headline")),
        (FOX, "Russia withdraws 10,000 troops from Ukrainian border", (USED, None)),
        (EXPRESS, "Putin blinks first: Russia pulls back 10,000 troops", (USED, None)),
        (ZH, "Russia Withdraws 10,000 Troops From “Drills”", (USED, None)),
        (FOX, "“A stage of combat coordination", (USED, None)),
        (ZH, "Russia’s TASS news agency details as follows:", (USED, None)),
    ],
)
def test_seed_line_status(seed_sentences, article_id, startswith, expected):
    assert _status(seed_sentences, article_id, startswith) == expected


def test_repeated_headline_is_merged_with_the_first(seed_sentences):
    fox = seed_sentences[FOX]
    headline = "Russia withdraws 10,000 troops from Ukrainian border ahead of planned negotiations next month"
    first, second = [s for s in fox if s.text == headline]
    assert (first.status, first.reason) == (USED, None)
    assert (second.status, second.reason) == (MERGED, f"merged with {first.id}")


def test_only_the_listed_reasons_are_used(seed_sentences):
    assert set_aside_reasons() == SET_ASIDE_REASONS
    for sentences in seed_sentences.values():
        for s in sentences:
            if s.status == SET_ASIDE:
                assert s.reason in SET_ASIDE_REASONS
            elif s.status == MERGED:
                assert s.reason.startswith("merged with ")
            else:
                assert s.status == USED and s.reason is None


# The story's counts: 10,000 troops, 100,000, 175,000, 720,000 people...
_COUNT = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")


def test_no_seed_sentence_is_lost_and_no_count_is_swallowed(seed_sentences):
    """Guards against rules that quietly swallow real claims, without copying today's counts:
    every sentence is used, set aside for a listed reason, or merged into a used copy of itself;
    every sentence stating a count in thousands is kept; and a news article is mostly prose."""
    assert set(seed_sentences) == {FOX, EXPRESS, BBC, ZH, AFP}
    for article_id, sentences in seed_sentences.items():
        by_id = {s.id: s for s in sentences}
        for s in sentences:
            if s.status == MERGED:
                kept = by_id[s.reason.removeprefix("merged with ")]
                assert (kept.status, kept.text) == (USED, s.text), s.text
            elif s.status == SET_ASIDE:
                assert s.reason in SET_ASIDE_REASONS, s.text
            else:
                assert s.status == USED, s.text
        counts = [s for s in sentences if _COUNT.search(s.text)]
        assert counts, article_id  # each seed article reports at least one count
        assert all(s.status in (USED, MERGED) for s in counts), [(s.text, s.reason) for s in counts if s.status == SET_ASIDE]
        used = sum(s.status == USED for s in sentences)
        assert 2 * used >= len(sentences), f"{article_id}: only {used} of {len(sentences)} sentences kept as claims"


def _non_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_seed_character_is_in_exactly_one_sentence(seed_sentences):
    for article in load_articles([SEEDS], detect_language=False).articles:
        sentences = seed_sentences[article.id]
        assert _non_whitespace("".join(s.text for s in sentences)) == _non_whitespace(article.text)
        ends = [(s.start, s.end) for s in sentences]
        assert ends == sorted(ends) and all(a_end <= b_start for (_, a_end), (b_start, _) in zip(ends, ends[1:]))


# --------------------------------------------------------------------------- generic rules


@pytest.mark.parametrize(
    "line, reason",
    [
        ("By Peter Aitken | Fox News", "byline"),
        ("Reporting by Tom Balmforth; Editing by Frances Kerry", "byline"),
        ("READ MORE", "promo"),
        ("Sign up for our daily newsletter", "promo"),
        ("Copyright 2021 The Herald. All rights reserved.", "site footer"),
        ("FILE PHOTO: Russian tanks drive during drills", "photo caption"),
        ("Source: Reuters", "source link"),
    ],
)
def test_generic_boilerplate_lines(line, reason):
    text = "Russia pulls troops back\n\nMoscow said more than 10,000 troops returned.\n\n" + line
    last = split_sentences(Article(text=text, id="x"))[-1]
    assert (last.status, last.reason) == (SET_ASIDE, reason)


@pytest.mark.parametrize(
    "line, reason",
    [
        # Boilerplate recognised by how a line ends, whatever it starts with.
        ("Russian tanks are loaded onto a train in Crimea (Photo: Sergei Malgavko/TASS)", "photo caption"),
        ("Troops return to base after drills (Maxim Shemetov/REUTERS)", "photo caption"),
        ("The Herald 2021. All rights reserved.", "site footer"),
        # Cross-link teasers in capitals, down to 90% of the letters in upper case.
        ("PUTIN BLAMES WEST FOR TENSION WITH UKRAINE", "promo"),
        ("PUTIN BLAMES WEST FOR TENSION WITH UKRAINE, SAYS KYIV 'PROVOKES'", "promo"),
        ("ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ abcdefghij", "promo"),
        ("ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIJ ABCDEFGHIj abcdefghij", None),
        ("NATO says Russia has not pulled back any troops from the border", None),
    ],
)
def test_lines_set_aside_by_their_end_or_their_capitals(line, reason):
    text = "Russia pulls troops back\n\nMoscow said more than 10,000 troops returned.\n\n" + line
    last = split_sentences(Article(text=text, id="x"))[-1]
    expected = (SET_ASIDE, reason) if reason else (USED, None)
    assert (last.status, last.reason) == expected


def test_all_caps_first_line_is_a_headline_not_a_promo():
    first = split_sentences(Article(text="RUSSIA PULLS BACK 10,000 TROOPS\n\nMoscow said so on Saturday.", id="x"))[0]
    assert (first.status, first.reason) == (USED, None)


def test_short_sentences_are_too_short_but_short_headlines_are_kept():
    sentences = split_sentences(Article(text="Troops withdraw\n\nRussia said the troops left. It agreed. Yes.\nSource", id="x"))
    assert [(s.text, s.status, s.reason) for s in sentences] == [
        ("Troops withdraw", USED, None),
        ("Russia said the troops left.", USED, None),
        ("It agreed.", SET_ASIDE, "too short"),
        ("Yes.", SET_ASIDE, "too short"),
        ("Source", SET_ASIDE, "source link"),  # a credit line of its own, not a fragment
    ]


def test_sentences_to_frame_columns_match_fields():
    frame = sentences_to_frame(split_sentences(Article(text="Troops left the border on Saturday.", id="a")))
    assert list(frame.columns) == list(Sentence.__dataclass_fields__)
    assert frame.loc[0, "id"] == "a:0-35" and frame.loc[0, "status"] == USED
    assert list(sentences_to_frame([]).columns) == list(Sentence.__dataclass_fields__)


def test_splitting_is_fast_enough_for_hundreds_of_articles():
    import time

    articles = load_articles([SEEDS], detect_language=False).articles * 40  # 200 articles
    started = time.perf_counter()
    for article in articles:
        split_sentences(article)
    # About 0.1 s on 2 shared cores; ten times the old 2 s limit so a busy machine does not flake it
    # (benchmarks/ measures speed; this only catches a splitter gone pathological).
    assert time.perf_counter() - started < 20.0


# --------------------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(list("abc XYZ.!?…\"'“”’()[]\n\t,;:0123456789") + ["Mr.", "U.S.", "No. ", "...", "\n\n", " date 2022-01-01 "])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.one_of(_ALPHABET, st.text(max_size=5)), max_size=60))
def test_no_non_whitespace_character_is_ever_lost(parts):
    text = "".join(parts)
    article = Article(text=text, id="p", source="P")
    sentences = split_sentences(article)
    assert _non_whitespace("".join(s.text for s in sentences)) == _non_whitespace(text)
    for s in sentences:
        assert text[s.start: s.end] == s.text and s.text == s.text.strip() and s.text
        assert s.status in (USED, SET_ASIDE, MERGED)


@pytest.mark.parametrize("unit", ["a. ", "x… ", "Mr. ", "word "])
def test_pathological_long_lines_split_in_linear_time(unit):
    import time

    text = unit * 100_000  # one line of 300-500 KB
    started = time.perf_counter()
    sentences = split_sentences(Article(text=text, id="x"))
    # Well under 1 s on 2 shared cores; quadratic splitting of 100,000 units would take hours, so a
    # limit ten times the old 3 s still catches it without flaking on a busy machine.
    assert time.perf_counter() - started < 30.0
    assert _non_whitespace("".join(s.text for s in sentences)) == _non_whitespace(text)
