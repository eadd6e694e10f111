"""Aligned-slot rules on invented news sentences: one table per failure class seen on real stories.

Every sentence here is written for the test; none is copied from an article.
"""

import pytest

from contradict.claims import parse_quantities, read_claim
from contradict.slots import (compare_slots, opposed_events, quoted_passages, same_word, slot_keys,
                              written_precision)


def verdict_of(a, b, cosine=0.6, date_a="2024-03-05", date_b="2024-03-05"):
    found = compare_slots(read_claim(a), read_claim(b), cosine=cosine, date_a=date_a, date_b=date_b)
    return None if found is None else found.verdict


# 1. Numbers that do not count the same thing are never set against each other.
@pytest.mark.parametrize("a, b", [
    ("The measure needed a two-thirds majority in the chamber.", "The measure won 2 more votes than last year."),
    ("The memorial honours victims of the 9/11 attacks.", "Nine people attended the memorial service."),
    ("The council passed the budget 212 to 198 on Monday.", "The budget passed with 212 votes."),
    ("Councillor Ames, 51, voted against the plan.", "The plan drew 51 votes in favour."),
    ("The party held 40 seats before the election.", "The party gained 12 seats in the election."),
    ("The $900 million package failed in the senate.", "A $60 million piece of the package was approved."),
    ("The agency's budget rose 12 percent in 2019.", "From 2015 through 2019 the budget rose 14 percent on average."),
])
def test_values_of_different_slots_never_conflict(a, b):
    assert verdict_of(a, b) != "conflict"


# 2. Days of one event are compared; days of different events are not.
@pytest.mark.parametrize("a, b, expected", [
    ("The city council voted on Tuesday to approve the harbour zoning plan.",
     "On Wednesday, the city council voted to approve the harbour zoning plan.", "conflict"),
    ("The city council voted on Tuesday to approve the harbour zoning plan.",
     "The mayor said Wednesday that the harbour zoning plan was a mistake.", None),
    ("The city council voted on Tuesday to approve the harbour zoning plan.",
     "On Tuesday the city council approved the harbour zoning plan.", "agree"),
])
def test_days_of_one_event(a, b, expected):
    assert verdict_of(a, b) == expected


def test_days_in_articles_weeks_apart_are_not_compared():
    a = "The city council voted on Tuesday to approve the harbour zoning plan."
    b = "On Wednesday, the city council voted to approve the harbour zoning plan."
    assert verdict_of(a, b, date_a="2024-03-05", date_b="2024-04-20") != "conflict"


# 3. Places, amounts and counts in the same slot are compared at the precision they were written with.
@pytest.mark.parametrize("a, b, expected", [
    ("The senator said he misspoke at a 2012 event in Springfield about his record.",
     "The senator said he misspoke about his record during the Shelbyville event.", "conflict"),
    ("The mayor demanded $5.7 billion for the new stadium.", "The mayor demanded $5.6 billion for the new stadium.",
     "conflict"),
    ("The class action covers 1.5 million nurses across the state.",
     "The class action was filed on behalf of up to 1.6 million nurses across the state.", "conflict"),
    ("The chain runs more than 4,300 pharmacies across the country.", "Staff at 3,400 pharmacies joined the strike.",
     "conflict"),
    # rounding and truncation are the same figure
    ("The couple paid $13.6 million in state taxes.", "The couple paid $13,625,777 in state taxes.", "agree"),
    ("The couple paid $43 million in federal taxes.", "The couple paid $43,885,310 in federal taxes.", "agree"),
    ("Critics said the plan took $700 billion from the fund.", "The plan cut $716 billion from the fund.", "agree"),
    # a bound that holds the other figure is no conflict
    ("He demanded more than $5 billion for the stadium.", "He demanded $5.7 billion for the stadium.", None),
    # no shared words around the figures, but both follow one kind of event: a demand
    ("The governor is insisting that lawmakers approve $2.4 billion for the tunnel.",
     "“We are asking for $2.3 billion,” the governor told reporters about the tunnel.", "conflict"),
    # two amounts after different kinds of event are different facts
    ("The governor is insisting that lawmakers approve $2.4 billion for the tunnel.",
     "The tunnel has already cost $2.3 billion, the governor told reporters.", None),
    # figures next to opposed events count different things
    ("The carmaker laid off 3,000 workers at the plant this year.", "The carmaker hired 3,100 workers at the plant this year.",
     "unrelated"),
    # a figure hyphened to a noun counts that noun, of the thing named after it
    ("The governor read the 42-word pledge on the courthouse steps.", "On the courthouse steps the governor read the 45-word pledge.",
     "conflict"),
    ("The council released a six-page report on the flooding.", "The six-page report on the flooding was released by the council.",
     "agree"),
    ("The governor read the 42-word pledge on the courthouse steps.", "The governor read a 45-word statement on the courthouse steps.",
     None),
])
def test_values_in_one_slot(a, b, expected):
    assert verdict_of(a, b) == expected


def test_written_precision():
    assert written_precision(parse_quantities("$13.6 million")[0]) == pytest.approx(100_000)
    assert written_precision(parse_quantities("43,885,317 dollars")[0]) == 1
    # a round figure covers at most 5% around it: 100,000 is not 120,000
    assert written_precision(parse_quantities("100,000 troops")[0]) == pytest.approx(5_000)


# 4. Quotes: a content word swapped is a conflict; a word added, dropped or inflected is the same quote.
@pytest.mark.parametrize("a, b, expected", [
    ('"What have you all been building, Maria?" the governor asked.',
     '"What have you all been selling, Maria?" the governor asked.', "conflict"),
    ('"We are asking the board to reopen the library," she said.',
     '"We\'re asking the board to reopen up the library," she said.', None),
    ('"The decision is incompatible with your duty as chair of this panel," he wrote.',
     '"The decision is incompatible with your duties as chair of this panel," he wrote.', "agree"),
    ('"I went too far and I was wrong about the ad," she said.',
     '"I went way too far and I was wrong about the ad," she said.', None),
])
def test_quotes(a, b, expected):
    assert verdict_of(a, b) in ((expected,) if expected else (None, "agree"))


def test_a_quote_split_across_sentences_is_still_read():
    assert quoted_passages('"We will rebuild the bridge by spring.') == ["We will rebuild the bridge by spring."]
    assert same_word("duty", "duties") and not same_word("building", "selling")


# 5. Opposite events share a figure but never agree (issue 12).
@pytest.mark.parametrize("a, b", [
    ("The carmaker laid off 10,000 workers last year.", "The carmaker hired 10,000 workers last year."),
    ("The board approved the 40 new routes.", "The board rejected the 40 new routes."),
    ("Exports rose 5 percent in May.", "Exports fell 5 percent in May."),
    ("The city opened 12 shelters this winter.", "The city closed 12 shelters this winter."),
])
def test_opposite_events_never_agree(a, b):
    assert opposed_events(a, b) is not None
    assert verdict_of(a, b, cosine=0.9) != "agree"


# ... read from verb forms, not from any word that starts like one.
@pytest.mark.parametrize("a, b, opposed", [
    ("Park was defeated in the primary.", "Park won the primary.", True),
    ("The senators voted against the 40 new routes.", "The senators supported the 40 new routes.", True),
    ("Lee was expected to defeat Park by a wide margin.", "Lee was expected to win the seat.", False),   # one win
    ("The agency's employees were told the 40 staff would stay.", "The agency fired 40 staff.", False),   # employees
    ("Deputy Attorney General Rod Rosenstein said exports were flat.", "Exports fell 5 percent.", False),
    ("The mayor, a close ally of the governor, spoke about 12 shelters.", "The mayor opened 12 shelters.", False),
    ("The department released a report on 40 people.", "Police arrested 40 people.", False),
    ("A lawsuit against the city names 12 officers.", "The union supports the 12 officers.", False),
    # a negated stance, vote or result is the other side: "do not favor" is opposing
    ("The mayor opposes the 12 new towers.", "“We do not favor the 12 new towers,” the mayor said.", False),
    ("The 12 new towers did not pass the council.", "The 12 new towers passed the council.", True),
    ("The mayor could not confirm the 12 new towers.", "The mayor said he couldn’t “confirm” the 12 new towers.", False),
])
def test_opposed_events_are_verb_forms(a, b, opposed):
    assert (opposed_events(a, b) is not None) is opposed


def test_slot_keys_make_sentences_meet():
    assert "count:pharmacy" in slot_keys(read_claim("Staff at 3,400 pharmacies joined the strike."))
    assert "day:vote" in slot_keys(read_claim("The council voted on Tuesday."))


# 5. A person in office in one outlet and "former" in the other, in articles days apart.
@pytest.mark.parametrize("a, b, expected", [
    ("The board hired former Acme Foods executive Dana Whitlow last year.", "Whitlow, the CEO of Acme Foods, declined to comment.",
     "conflict"),
    ("Whitlow, the chief executive of Acme Foods, declined to comment.", "Former Acme executive Dana Whitlow spoke first.",
     "conflict"),
    ("Former Acme executive Dana McAllister spoke first.", "McAllister, the CEO of Acme Foods, spoke next.", "conflict"),
    # the same role both times, or a different person, or "then"
    ("Former Acme executive Dana Whitlow spoke first.", "Whitlow, the former CEO of Acme Foods, spoke first.", None),
    ("Former Acme executive Dana Whitlow spoke first.", "Perez, the CEO of Acme Foods, spoke next.", None),
    ("Former Acme executive Dana Whitlow spoke first.", "Whitlow, then the CEO of Acme Foods, spoke first.", None),
])
def test_roles_of_one_person(a, b, expected):
    assert verdict_of(a, b) == expected


def test_roles_weeks_apart_are_not_compared():
    a = "The board hired former Acme Foods executive Dana Whitlow last year."
    b = "Whitlow, the CEO of Acme Foods, declined to comment."
    assert verdict_of(a, b, date_a="2024-03-05", date_b="2024-05-20") != "conflict"


# 6. One item called a photo by one outlet and a video by the other, described in the same words.
@pytest.mark.parametrize("a, b, expected", [
    ("The singer posed for a photo holding a burning guitar above the stage crowd.",
     "The singer was criticised for a video showing him holding a burning guitar above the crowd.", "conflict"),
    ("Footage shows the mayor cutting the ribbon at the new harbour bridge.",
     "A photograph shows the mayor cutting the ribbon at the harbour bridge.", "conflict"),
    # the medium someone spoke in is not the item the story is about
    ("The singer said in a video that the guitar stunt went too far.",
     "The singer posed for a photo holding a burning guitar above the stage crowd.", None),
    # two different items: what each shows shares no words
    ("A video of the storm flooding the harbour spread online on Monday.",
     "A photo of the mayor at the harbour meeting was shared by her office.", None),
    # one sentence names both media: no single kind to compare
    ("Photos and video of the burning guitar spread online.",
     "The singer was criticised for a video showing him holding a burning guitar.", None),
    ("The singer posed for a photo holding a burning guitar above the stage crowd.",
     "Another photo shows him holding a burning guitar above the crowd.", None),
])
def test_one_item_photo_in_one_outlet_video_in_the_other(a, b, expected):
    assert verdict_of(a, b) == expected


def test_medium_conflict_names_both_words():
    found = compare_slots(read_claim("Footage shows the mayor cutting the ribbon at the new harbour bridge."),
                          read_claim("A photograph shows the mayor cutting the ribbon at the harbour bridge."), cosine=0.7)
    assert (found.rule, found.value_a, found.value_b) == ("medium", "Footage", "photograph")
    assert "mayor, cutting, ribbon" in found.explanation  # words as written, not stems


def test_words_an_outlet_inserts_in_brackets_are_not_the_speakers():
    a = "“As mayor, I will end Smith's war on cyclists,” the candidate says in the ad."
    b = "The candidate pledges to end \"[Mayor Dana] Smith's war on cyclists\" in a new ad."
    assert verdict_of(a, b) != "conflict"


@pytest.mark.parametrize("a, b, expected", [
    ("Critics pointed to the shooting in Elmford, where 12 people died at the mall.",
     "Critics pointed to the Oregon shooting, where 12 people died at the mall.", False),
    ("The senator spoke after the rally in Belgium about the new trade pact.",
     "The senator spoke after the rally in Antwerp about the new trade pact.", False),
    ("The senator spoke after the rally in Norbury about the new trade pact.",
     "The senator spoke after the rally in Antwerp about the new trade pact.", True),
])
def test_a_region_never_conflicts_with_a_place_inside_it(a, b, expected):
    assert (verdict_of(a, b) == "conflict") is expected


# A day belongs to the nearest act: a statement's day, or a day before or after an event, is not the event's.
@pytest.mark.parametrize("a, b", [
    ("The council approved the harbour budget on Friday after a long debate.",
     "The harbour budget is a first step, councillor Ames said on Thursday ahead of the vote."),
    ("The council approved the harbour budget on Friday after a long debate.",
     "It was on Wednesday, with the council nearing a vote on the harbour budget, that Ames wrote to the mayor."),
])
def test_the_day_of_a_statement_is_not_the_day_of_the_event(a, b):
    assert verdict_of(a, b, date_a="2024-03-08", date_b="2024-03-08") != "conflict"


def test_days_of_one_vote_still_conflict():
    a = "The council approved the harbour budget on Friday after a long debate."
    b = "On Thursday the council approved the harbour budget, councillors confirmed."
    assert verdict_of(a, b, date_a="2024-03-08", date_b="2024-03-08") == "conflict"


# A list of figures of one kind is a table: each row has its own frame (a subgroup, another poll).
@pytest.mark.parametrize("a, b, expected", [
    ("In the poll, Dana Whitlow took 11 percent of the vote, while Lee Marsh won 10 percent.",
     "Among union members, Whitlow took 9 percent, Marsh 12 percent, Ortiz 20 percent and Kane 17 percent of the vote.", False),
    # named members: three state senators and two other senators are two groups
    ("Their calls were echoed by three state senators, Adam Dorn, Steve Pike and Bob Worth.",
     "The state's two senators, Jeff Lake and John Mack, also echoed their calls.", False),
    # the same group counted differently is still a conflict
    ("Their calls were echoed by three state senators, Adam Dorn, Steve Pike and Bob Worth.",
     "Their calls were echoed by two state senators, Adam Dorn and Steve Pike.", True),
])
def test_figures_of_different_rows_or_groups_do_not_conflict(a, b, expected):
    assert (verdict_of(a, b) == "conflict") is expected


def test_spoken_forms_transcribed_either_way_are_the_same_quote():
    a = "“We're gonna go in there and we're gonna fix the budget,” the councillor told supporters."
    b = "“We're going to go in there and we're going to fix the budget,” the councillor told supporters."
    assert verdict_of(a, b) != "conflict"


def test_a_resolution_is_what_is_voted_on_not_the_vote():
    # "when the resolution was proposed" gives the day of the proposal, not of the vote
    a = "The council adopted a resolution on Tuesday condemning the closures at the harbour."
    b = "The mayor defended the harbour closures on Monday when the resolution was proposed."
    assert verdict_of(a, b) != "conflict"


def test_a_swap_at_the_edge_of_the_shared_words_is_two_statements():
    # the same closing phrase in two statements about two different calls
    a = "“There will be no further readout of the meeting, but lines of communication remain open,” aides said."
    b = "“We are not reading out details of the conversation, but lines of communication remain open,” aides said."
    assert verdict_of(a, b) != "conflict"


@pytest.mark.parametrize("a, b, expected", [
    # two acts of one kind: a story published, a statement issued about it
    ("The Ledger published the story on Thursday, citing two officials who said the mayor knew.",
     "In a statement issued Friday night, the mayor's office disputed the Ledger story that said the mayor knew.", False),
    # a primary is not the leadership election
    ("The defeat in Tuesday's primary of the majority leader stunned the House caucus.",
     "Members hoped the House leadership elections on Thursday would restore the caucus's majority leader.", False),
    # one act in other words: voted / passed
    ("On Wednesday, the council voted 9-2 on a measure that renamed the harbour park.",
     "The council measure renaming the harbour park passed Tuesday.", True),
])
def test_days_of_one_act_conflict_days_of_two_acts_do_not(a, b, expected):
    assert (verdict_of(a, b, date_a="2024-03-08", date_b="2024-03-08") == "conflict") is expected


def test_days_of_an_event_said_to_repeat_do_not_conflict():
    a = "Thursday night's meeting was the second time in a week the mayor and the council leader have met in person."
    b = "The mayor and the council leader met Sunday afternoon at city hall for the first time in weeks."
    assert verdict_of(a, b, date_a="2024-03-07", date_b="2024-03-04") != "conflict"
