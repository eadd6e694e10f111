"""Model-free rules that turn scores into verdicts: per pair, then per topic.

A pair's verdict is ``agree``, ``conflict`` or ``unrelated``, decided in this order:

1. **Numbers first.** When both claims count the same thing, the interval comparison
   decides: disjoint intervals are a ``conflict`` even when NLI says neutral; equal,
   nested or overlapping intervals are never a conflict, whatever NLI says, and are an
   ``agree`` when the sentences are about the same thing (cosine at least
   ``numeric_agreement_cosine``). Numbers that are ``not comparable`` (a projection
   against a fact, different moments, different events, an unknown count) make the
   pair ``unrelated``, with the reason, because NLI is least reliable exactly there.
2. **Then NLI.** p(contradiction) (the larger of both directions) at or above
   ``contradiction`` on sentences about the same subject (cosine at least
   ``conflict_min_cosine``) is a ``conflict``. With a model that has an entailment class,
   p(entailment) at or above the same threshold is an ``agree``.
3. **Then similarity.** Near-paraphrases (cosine at least ``agreement_cosine``) that NLI
   does not contradict (below ``agreement_max_contradiction``) ``agree``.
4. Everything else is ``unrelated``.

``confidence`` is in [0, 1]: for NLI verdicts the model's probability, for numeric
verdicts a fixed high value scaled by how clear-cut the numbers are, for similarity
agreements the cosine discounted by p(contradiction).

Example:
    >>> from contradict.types import PairScores, NumericComparison
    >>> decide_pair(PairScores(cosine=0.6, contradiction_ab=0.1, contradiction_ba=0.2),
    ...             NumericComparison("conflict", "60,000-90,000 vs >100,000: disjoint")).verdict
    'conflict'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from .models import Thresholds
from .types import NumericComparison, PairScores, PairVerdict

AGREE = "agree"
CONFLICT = "conflict"
UNRELATED = "unrelated"
VERDICTS = (CONFLICT, AGREE, UNRELATED)

#: Confidence of a verdict decided by the interval rules: they are exact arithmetic, but the
#: reading of a sentence into intervals can be wrong, so they are not given certainty.
NUMERIC_CONFIDENCE = {"conflict": 0.9, "equal": 0.9, "entails": 0.8, "compatible": 0.7}


def decide_pair(scores: PairScores, numeric: NumericComparison, thresholds: Thresholds = Thresholds()) -> PairVerdict:
    """The verdict on one cross-outlet pair (see the module docstring for the rules)."""
    contradiction = scores.contradiction
    if numeric.status == "conflict":
        return PairVerdict(CONFLICT, NUMERIC_CONFIDENCE["conflict"], f"numbers disagree: {numeric.explanation}")
    if numeric.status in ("equal", "entails", "compatible"):
        if scores.cosine >= thresholds.numeric_agreement_cosine:
            return PairVerdict(AGREE, NUMERIC_CONFIDENCE[numeric.status], f"numbers agree ({numeric.status}): {numeric.explanation}")
        return PairVerdict(UNRELATED, round(1 - scores.cosine, 4),
                           f"numbers are compatible but the sentences are about different things: {numeric.explanation}")
    if numeric.status == "not comparable":
        return PairVerdict(UNRELATED, 0.5, f"not comparable: {numeric.explanation}")

    if contradiction >= thresholds.contradiction and scores.cosine >= thresholds.conflict_min_cosine:
        return PairVerdict(CONFLICT, round(contradiction, 4), f"NLI contradiction {contradiction:.2f}")
    entailment = scores.entailment
    if entailment is not None and entailment >= thresholds.contradiction and contradiction < thresholds.agreement_max_contradiction:
        return PairVerdict(AGREE, round(entailment, 4), f"NLI entailment {entailment:.2f}")
    if scores.cosine >= thresholds.agreement_cosine and contradiction < thresholds.agreement_max_contradiction:
        return PairVerdict(AGREE, round(scores.cosine * (1 - contradiction), 4),
                           f"same claim in other words (cosine {scores.cosine:.2f}, NLI contradiction {contradiction:.2f})")
    return PairVerdict(UNRELATED, round(1 - max(contradiction if scores.cosine >= thresholds.conflict_min_cosine else 0,
                                                scores.cosine), 4), "no clear agreement or conflict")


@dataclass(frozen=True)
class AgreementGroup:
    """Outlets that agree on a claim within one topic, with the sentences that show it."""

    sources: tuple[str, ...]
    sentence_ids: tuple[str, ...]
    pair_ids: tuple[str, ...]
    confidence: float


def agreement_groups(edges: Iterable[tuple[str, str, str, str, str, float]]) -> list[AgreementGroup]:
    """Group agreeing pairs into sets of outlets (connected components of the agreement graph).

    Each edge is ``(pair_id, sentence_a, source_a, sentence_b, source_b, confidence)``. A group
    exists only when at least two outlets are in it. Groups are sorted by size, then confidence.

    Example:
        >>> groups = agreement_groups([("p1", "s1", "Fox", "s2", "BBC", 0.8), ("p2", "s2", "BBC", "s3", "AFP", 0.7)])
        >>> groups[0].sources
        ('AFP', 'BBC', 'Fox')
    """
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    source_of: dict[str, str] = {}
    edge_list = list(edges)
    for _pair, sentence_a, source_a, sentence_b, source_b, _confidence in edge_list:
        source_of[sentence_a], source_of[sentence_b] = source_a, source_b
        root_a, root_b = find(sentence_a), find(sentence_b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    members: dict[str, list[str]] = {}
    for sentence in sorted(source_of):
        members.setdefault(find(sentence), []).append(sentence)
    groups = []
    for root, sentences in members.items():
        inside = set(sentences)
        pairs = [edge for edge in edge_list if edge[1] in inside]
        sources = tuple(sorted({source_of[s] for s in sentences}))
        if len(sources) < 2:
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
    kinds = set(verdicts) - {UNRELATED}
    if kinds == {CONFLICT}:
        return CONFLICT
    if kinds == {AGREE}:
        return AGREE
    if kinds:
        return "mixed"
    return UNRELATED
