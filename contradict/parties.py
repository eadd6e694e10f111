"""Who is quoted: the parties the claims are attributed to, and which outlets quote each.

A fact-checker's first question is who said it. Every claim carries its speakers (see
:func:`contradict.claims.read_speakers`); this module gathers them across a report:

- :func:`parties`: one row per (party, outlet), the tidy table behind ``Report.parties()``;
- :func:`party_summary`: one row per party, the outlets quoting it (the reports' "Who is quoted");
- :func:`dispute_parties`: every ``dispute`` finding with the party on each side (``Report.disputes()``).

Two mentions are one party when :func:`contradict.disputes.same_party` says so (the rule the
verdicts use): "Nancy Pelosi" and "Pelosi", "Russia" and "Russian authorities". Mentions that
name nobody are kept, marked unresolved with the reason: a pronoun ("he said": who it is is in
another sentence) and an anonymous attribution ("officials said", "a source"). They are counted
per outlet, never merged across outlets: two outlets' "he" or "a source" need not be one person.
Nothing here needs a model: it reads the claims a run (or :func:`contradict.read_report`) holds.

Example:
    >>> frame = report.parties()
    >>> frame[["party", "source", "sentences", "example"]].head(3)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

import pandas as pd

from .disputes import _GENERIC_KEY_WORDS, find_dispute, same_party
from .slots import stem
from .types import USED, Claim, Speaker
from .verdict import DISPUTE

if TYPE_CHECKING:  # report imports this module on use
    from .report import Report

PARTY_COLUMNS = ["party", "party_key", "resolved", "reason", "source", "role", "names", "sentences", "sentence_ids",
                 "example", "disputes"]
SUMMARY_COLUMNS = ["party", "party_key", "resolved", "reason", "sources", "outlets", "sentences", "disputes"]
DISPUTE_COLUMNS = ["finding_id", "pair_id", "story_id", "topic_id", "topic", "confidence",
                   "a_party", "a_speaker", "a_source", "a_sentence_id", "a_text",
                   "b_party", "b_speaker", "b_source", "b_sentence_id", "b_text", "reason"]

#: Why a row's party is not known (the ``reason`` column).
PRONOUN = "a pronoun: who it is is in another sentence"
ANONYMOUS = "unnamed: the text does not say who"

_LEADING_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _unresolved_reason(speaker: Speaker) -> str | None:
    """None for a named party; else why the speaker names nobody (a pronoun, "officials", "a source")."""
    if not speaker.resolved or not speaker.key:
        return PRONOUN
    # Only words that name no side ("officials", "two government sources", "the ministry"): the
    # same words the dispute rules set aside when they compare two parties.
    if all(stem(word) in _GENERIC_KEY_WORDS for word in speaker.key.split()):
        return ANONYMOUS
    return None


def _display_name(speaker: Speaker) -> str:
    """A speaker's name for a table: no leading article, no title before a name ("Nancy Pelosi", "White House")."""
    name = _LEADING_ARTICLE_RE.sub("", " ".join(speaker.name.split()))
    role = speaker.role and _LEADING_ARTICLE_RE.sub("", speaker.role)
    if role and name.startswith(role + " "):
        return name[len(role) + 1:]  # "House Speaker Nancy Pelosi" -> "Nancy Pelosi" (the role has its own column)
    return name


class _PartyIndex:
    """Named speaker keys grouped into parties by :func:`same_party`, most mentioned keys first.

    A key joins the first party whose head key is the same party; it never chains through another
    member ("White House" ~ "House Democrats" ~ "Democrats" stays two parties, not one).
    """

    def __init__(self, keys: Iterable[str]):
        counts = Counter(keys)
        self.head_of: dict[str, str] = {}
        heads: list[Speaker] = []
        by_stem: dict[str, list[int]] = {}  # stem -> heads with that word: same_party needs a shared word
        for key in sorted(counts, key=lambda k: (-counts[k], k)):
            speaker = Speaker(key, key)
            candidates = sorted({h for word in key.split() for h in by_stem.get(stem(word), ())})
            head = next((heads[h] for h in candidates if same_party(speaker, heads[h])), None)
            if head is None:
                head = speaker
                for word in key.split():
                    by_stem.setdefault(stem(word), []).append(len(heads))
                heads.append(speaker)
            self.head_of[key] = head.key

    def key(self, speaker: Speaker) -> str:
        """The party key of a named speaker: the head key of its party."""
        return self.head_of.get(speaker.key, speaker.key)


def _mentions(report: "Report", story_id: Any = None,
              topic_ids: Iterable[int] | None = None) -> list[tuple[str, str, Speaker, str]]:
    """``(sentence id, outlet, speaker, the part it says)`` for every speaker of every claim sentence kept."""
    sentences = report.sentences
    if not len(sentences):
        return []
    used = sentences[sentences["status"] == USED]
    if story_id is not None:
        used = used[used["story_id"] == story_id]
    if topic_ids is not None:
        used = used[used["topic_id"].isin(list(topic_ids))]
    found = []
    for sentence_id, source in zip(used["id"].tolist(), used["source"].tolist()):
        claim: Claim | None = report.claims.get(sentence_id)
        for speaker in claim.speakers if claim is not None else ():
            part = claim.text[speaker.start:speaker.end].strip(" ,;") if speaker.end > speaker.start else ""
            found.append((sentence_id, source, speaker, part or claim.text))
    return found


def _most_common(values: Iterable[str]) -> str | None:
    """The most frequent value, the longest (most complete) on a tie, then the first alphabetically."""
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], -len(v), v)) if counts else None


def parties(report: "Report", *, story_id: Any = None, topic_id: int | None = None) -> pd.DataFrame:
    """Who is quoted, by whom: one row per (party, outlet).

    Columns: ``party`` (a display name, the same in every outlet's row), ``party_key`` (what the
    mentions of one party share, lower case: "pelosi", "white house"; ``""`` when unresolved),
    ``resolved`` and ``reason`` (why not: a pronoun, or an anonymous "officials said"), ``source``
    (the outlet quoting it), ``role`` (the title that outlet gives most often, if any), ``names``
    (the names as that outlet writes them), ``sentences`` and ``sentence_ids`` (its claim
    sentences attributed to the party), ``example`` (the part of the first one the party says) and
    ``disputes`` (dispute findings, not rejected in review, in which that outlet quotes the party
    on one side). Named parties come first, the most quoted first; unresolved rows last. A
    sentence naming two parties is in both rows. Parties are matched across the whole report (or
    the ``story_id``/``topic_id`` given): in a feed, one surname in two stories is one row.

    Works on a fresh report and on one read back with :func:`contradict.read_report`.

    Example:
        >>> frame = report.parties()
        >>> frame.loc[frame["party_key"] == "russia", ["party", "source", "sentences", "example"]]
        >>> frame.pivot_table(index="party", columns="source", values="sentences", fill_value=0)  # who quotes whom
    """
    topic_ids = None if topic_id is None else [topic_id]
    mentions = _mentions(report, story_id, topic_ids)
    return _party_frame(mentions, _index(mentions), _dispute_sides(report))


def _index(mentions: list[tuple[str, str, Speaker, str]]) -> _PartyIndex:
    return _PartyIndex(s.key for _, _, s, _ in mentions if _unresolved_reason(s) is None)


def _party_frame(mentions: list[tuple[str, str, Speaker, str]], index: _PartyIndex,
                 sides: list[dict[str, Any]]) -> pd.DataFrame:
    """The :func:`parties` frame of these mentions, parties grouped by ``index``, disputes counted from ``sides``."""
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}  # (party key or unresolved name, reason, outlet) -> row
    names_of: dict[str, list[tuple[bool, str]]] = {}  # party key -> (writes the name?, display) of its head key's mentions
    for sentence_id, source, speaker, part in mentions:
        reason = _unresolved_reason(speaker)
        display = _display_name(speaker)
        if reason is None:
            key = index.key(speaker)
            if speaker.key == key:  # the party is named as its most mentioned key writes it ("US government")
                # ...by a mention that writes the name: "the president" (a title its article gives Mr. Kane)
                # names the party only when nothing else does
                names_of.setdefault(key, []).append((speaker.key.split()[-1] in display.lower(), display))
            row_key = (key, "", source)
        else:
            key = ""
            # unresolved mentions are one row per outlet and wording ("he", "officials"): never one party
            row_key = (display.lower(), reason, source)
        row = rows.setdefault(row_key, {
            "party": display.lower() if reason else display, "party_key": key, "resolved": reason is None,
            "reason": reason, "source": source, "roles": [], "names": [], "sentence_ids": [], "example": part})
        if speaker.role and speaker.role != display:
            row["roles"].append(speaker.role)
        if speaker.name not in row["names"]:
            row["names"].append(speaker.name)
        if sentence_id not in row["sentence_ids"]:
            row["sentence_ids"].append(sentence_id)
    party_name = {key: _most_common([name for written, name in names if written] or [name for _, name in names])
                  for key, names in names_of.items()}
    dispute_counts = _dispute_counts(sides, index, {sentence_id for sentence_id, _, _, _ in mentions})
    records = []
    for row in rows.values():
        if row["resolved"]:
            row["party"] = party_name[row["party_key"]]
        records.append({
            "party": row["party"], "party_key": row["party_key"], "resolved": row["resolved"], "reason": row["reason"],
            "source": row["source"], "role": _most_common(row["roles"]), "names": sorted(row["names"]),
            "sentences": len(row["sentence_ids"]), "sentence_ids": row["sentence_ids"], "example": row["example"],
            "disputes": dispute_counts.get((row["party_key"], row["source"]), 0) if row["resolved"] else 0,
        })
    frame = pd.DataFrame(records, columns=PARTY_COLUMNS)
    if not len(frame):
        return frame
    total = frame.groupby("party_key")["sentences"].transform("sum").where(frame["resolved"], 0)
    order = frame.assign(_unresolved=~frame["resolved"], _total=-total, _count=-frame["sentences"])
    order = order.sort_values(["_unresolved", "_total", "party", "_count", "source"], kind="stable")
    return frame.loc[order.index].reset_index(drop=True)


def party_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per party of a :func:`parties` frame: the outlets quoting it and how many claims.

    ``sources`` lists ``(outlet, sentences)`` pairs, the outlet quoting the party most first;
    ``outlets`` is how many outlets quote it, ``sentences`` its claim sentences in all, ``disputes``
    the dispute findings it is a side of (as quoted by any outlet). Unresolved speakers are one
    row per wording (every "he", every "officials"), after the named parties.

    Example:
        >>> party_summary(report.parties()).head(3)[["party", "outlets", "sentences", "sources"]]
    """
    records = []
    resolved = frame[frame["resolved"]] if len(frame) else frame
    unresolved = frame[~frame["resolved"]] if len(frame) else frame
    groups = [*(group for _, group in resolved.groupby("party_key", sort=False)),
              *(group for _, group in unresolved.groupby(["party", "reason"], sort=False))]
    for group in groups:
        group = group.sort_values(["sentences", "source"], ascending=[False, True], kind="stable")
        records.append({
            "party": group["party"].iloc[0], "party_key": group["party_key"].iloc[0],
            "resolved": bool(group["resolved"].iloc[0]), "reason": group["reason"].iloc[0],
            "sources": list(zip(group["source"].tolist(), [int(n) for n in group["sentences"]])),
            "outlets": int(group["source"].nunique()), "sentences": int(group["sentences"].sum()),
            "disputes": int(group["disputes"].sum()),
        })
    summary = pd.DataFrame(records, columns=SUMMARY_COLUMNS)
    if not len(summary):
        return summary
    order = summary.assign(_unresolved=~summary["resolved"], _sentences=-summary["sentences"],
                           _outlets=-summary["outlets"])
    order = order.sort_values(["_unresolved", "_sentences", "_outlets", "party"], kind="stable")
    return summary.loc[order.index].reset_index(drop=True)


#: The reports for people list this many parties; the rest are counted (``Report.parties()`` has them all).
PARTIES_SHOWN = 10


@dataclass(frozen=True)
class QuotedParties:
    """What the reports' "Who is quoted" section shows.

    ``shown``: the most quoted named parties (:func:`party_summary` records); ``named``: how many
    named parties there are in all; ``unresolved``: for each reason (:data:`PRONOUN`,
    :data:`ANONYMOUS`), how many claim sentences and the wordings ("he", "officials").
    """

    shown: list[dict[str, Any]]
    named: int
    unresolved: dict[str, tuple[int, list[str]]]


def who_is_quoted(report: "Report", *, topic: str | None = None, limit: int = PARTIES_SHOWN) -> QuotedParties:
    """The parties a report for people lists, of the topics whose label contains ``topic`` (every topic when None).

    Example:
        >>> quoted = who_is_quoted(report)
        >>> [(row["party"], row["sentences"]) for row in quoted.shown[:2]]
        [('Russia', 14), ('Putin', 4)]
    """
    topic_ids = None
    if topic:
        labels = report.topics
        topic_ids = labels.loc[labels["label"].str.contains(topic, case=False, regex=False), "topic_id"].tolist()
    mentions = _mentions(report, None, topic_ids)
    summary = party_summary(_party_frame(mentions, _index(mentions), _dispute_sides(report)))
    records = summary.to_dict(orient="records")
    named = [row for row in records if row["resolved"]]
    unresolved: dict[str, tuple[int, list[str]]] = {}
    for row in records:
        if not row["resolved"]:
            count, wordings = unresolved.get(row["reason"], (0, []))
            unresolved[row["reason"]] = (count + row["sentences"], wordings + [row["party"]])
    return QuotedParties(named[:limit], len(named), unresolved)


# ---------------------------------------------------------------------- disputes, party against party


def _dispute_sides(report: "Report") -> list[dict[str, Any]]:
    """Each dispute finding (not rejected in review) with the speaker on each side, as :func:`find_dispute` names them."""
    findings = report.findings
    if not len(findings) or "kind" not in findings.columns:
        return []
    disputes = findings[findings["kind"] == DISPUTE]
    if "review_status" in disputes.columns:
        disputes = disputes[disputes["review_status"] != "rejected"]
    cosine = dict(zip(report.pairs["pair_id"].tolist(), report.pairs["cosine"].tolist())) if len(report.pairs) else {}
    text_of = dict(zip(report.sentences["id"].tolist(), report.sentences["text"].tolist()))
    source_of = dict(zip(report.sentences["id"].tolist(), report.sentences["source"].tolist()))
    sides = []
    for finding in disputes.to_dict(orient="records"):
        a_id, b_id = finding["sentence_ids"][:2]
        pair_id = finding["pair_ids"][0]
        claim_a, claim_b = report.claims.get(a_id), report.claims.get(b_id)
        found = (find_dispute(claim_a, claim_b, cosine=float(cosine.get(pair_id, 1.0)))
                 if claim_a is not None and claim_b is not None else None)
        side = {"finding": finding, "pair_id": pair_id}
        for letter, sentence_id, claim, named in (("a", a_id, claim_a, found and found.speaker_a),
                                                  ("b", b_id, claim_b, found and found.speaker_b)):
            speakers = claim.speakers if claim is not None else ()
            # the speaker the rule named; else (a rule this module does not know) the sentence's first
            speaker = next((s for s in speakers if s.name == named), speakers[0] if speakers else None)
            part = found.part_a if found and letter == "a" else found.part_b if found else None
            side[letter] = (speaker, sentence_id, source_of.get(sentence_id), part or text_of.get(sentence_id))
        sides.append(side)
    return sides


def _dispute_counts(sides: list[dict[str, Any]], index: _PartyIndex,
                    sentence_ids: set[str]) -> dict[tuple[str, str], int]:
    """``(party key, outlet) -> dispute findings`` in which that outlet quotes the party on one side (in these sentences)."""
    counts: Counter = Counter()
    for side in sides:
        for letter in ("a", "b"):
            speaker, sentence_id, source, _ = side[letter]
            if speaker is not None and _unresolved_reason(speaker) is None and sentence_id in sentence_ids:
                counts[(index.key(speaker), source)] += 1
    return dict(counts)


def dispute_parties(report: "Report") -> pd.DataFrame:
    """Every ``dispute`` finding with both parties: who each outlet quotes, on which side, in which words.

    One row per dispute finding (rejected ones left out), strongest first: ``a_party``/``b_party``
    (the party as :func:`parties` names it), ``a_speaker``/``b_speaker`` (the name as that sentence
    writes it), ``a_source``/``b_source`` (the outlet quoting it), ``a_sentence_id``/``b_sentence_id``
    and ``a_text``/``b_text`` (the part each party says), with the finding's ``reason``.

    Example:
        >>> report.disputes()[["a_party", "a_source", "b_party", "b_source", "topic"]]
    """
    sides = _dispute_sides(report)
    mentions = _mentions(report)
    index = _index(mentions)
    frame = _party_frame(mentions, index, sides)
    name_of = dict(zip(frame["party_key"], frame["party"])) if len(frame) else {}
    reason_of = dict(zip(report.pairs["pair_id"].tolist(), report.pairs["reason"].tolist())) if len(report.pairs) else {}
    rows = []
    for side in sides:
        finding = side["finding"]
        row = {"finding_id": finding["finding_id"], "pair_id": side["pair_id"], "story_id": finding.get("story_id"),
               "topic_id": finding["topic_id"], "topic": finding["topic"], "confidence": finding["confidence"]}
        for letter in ("a", "b"):
            speaker, sentence_id, source, text = side[letter]
            named = speaker is not None and _unresolved_reason(speaker) is None
            row.update({
                f"{letter}_party": (name_of.get(index.key(speaker), _display_name(speaker)) if named
                                    else _display_name(speaker) if speaker is not None else None),
                f"{letter}_speaker": speaker.name if speaker is not None else None,
                f"{letter}_source": source, f"{letter}_sentence_id": sentence_id, f"{letter}_text": text,
            })
        row["reason"] = reason_of.get(side["pair_id"])
        rows.append(row)
    return pd.DataFrame(rows, columns=DISPUTE_COLUMNS)
