"""Who says what: when two outlets quote different parties on opposite sides (a ``dispute``).

Most disagreement in political news is not between outlets but between the people they quote.
A ``dispute`` is two claims whose contents are incompatible while their speakers differ: each
outlet may report accurately, and the disagreement is the parties'. This module decides it
without a model, from the speakers :func:`contradict.claims.read_speakers` finds:

==================  ================================================================================
rule                a dispute
==================  ================================================================================
``opposed events``  different parties, each in their own part of the sentence, name opposed events
                    about one subject ("Russia says it is pulling back" / "the US government
                    insists Moscow continues to increase its contingent")
``denial``          different parties, both named, say one word about one thing, one of them
                    negated ("Ana Ruiz says the city will not pay for the bridge" / "Mayor Kane
                    insists the city will pay for the bridge"); the words around it are shared
==================  ================================================================================

Speakers are compared by ``key`` (a surname, an organisation). A pronoun ("he said") names
nobody: it is a party, but never the same one as another. A part with no speaker is the outlet's
own voice. Two claims by different parties never agree (see :func:`different_parties`).

Example:
    >>> from contradict.claims import read_claim
    >>> a = read_claim("Russia says it is pulling back some of its troops from the border.")
    >>> b = read_claim("Russia says troops are leaving, while the US government insists Moscow keeps increasing its troops at the border.")
    >>> found = find_dispute(a, b, cosine=0.6)
    >>> found.rule, found.speaker_a, found.speaker_b
    ('opposed events', 'Russia', 'the US government')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .claims.cues import OPPOSED_EVENT_KINDS, _event_cues
from .slots import content_stems, stem
from .slots.words import _STOP, _TOKEN_RE, _window
from .types import Claim, Speaker

#: Words of speaker keys that name no side ("the US government" and "the Mexican government" differ).
_GENERIC_KEY_WORDS = frozenset(stem(w) for w in """government officials official authorities ministry department office
spokesman spokeswoman spokesperson campaign aide aides sources source one two senior top press""".split())
#: Parts of two sentences share at least this many content words to be about one subject.
MIN_SHARED_WORDS = 2
#: ...and the sentences are at least this related.
MIN_COSINE = 0.45


@dataclass(frozen=True)
class Dispute:
    """Two parties on opposite sides: which rule found it, who each is, and on what."""

    rule: str
    speaker_a: str
    speaker_b: str
    part_a: str
    part_b: str
    explanation: str


def _parts(claim: Claim) -> list[tuple[Speaker | None, str]]:
    """``(speaker, text)`` for each attributed part of a claim; one ``(None, text)`` in the outlet's voice."""
    if not claim.speakers:
        return [(None, claim.text)]
    parts = []
    first = claim.speakers[0].start
    if first > 0 and claim.text[:first].strip(" ,;—–-"):
        parts.append((None, claim.text[:first]))
    parts += [(speaker, claim.text[speaker.start:speaker.end] or claim.text) for speaker in claim.speakers]
    return parts


def same_party(a: Speaker, b: Speaker) -> bool:
    """Whether two speakers are one party: the same key; a pronoun is never known to be anyone.

    >>> from contradict.types import Speaker
    >>> same_party(Speaker("Nancy Pelosi", "pelosi"), Speaker("Pelosi", "pelosi"))
    True
    >>> same_party(Speaker("he", "", resolved=False), Speaker("Pelosi", "pelosi"))
    False
    >>> same_party(Speaker("Russia", "russia"), Speaker("Russian authorities", "russian authorities"))
    True
    """
    if not a.key or not b.key:
        return False
    # "Russia" and "Russian authorities", "Democrats" and "House Democrats": a shared name word is one side
    return a.key == b.key or bool({stem(w) for w in a.key.split()} & {stem(w) for w in b.key.split()} - _GENERIC_KEY_WORDS)


def different_parties(a: Claim, b: Claim) -> bool:
    """Whether every speaker of ``a`` differs from every speaker of ``b`` (both attributed).

    Claims in the outlets' own voice (no speaker) are no party: they agree with anyone.

    >>> from contradict.claims import read_claim
    >>> different_parties(read_claim("Pelosi said the bill is dead."), read_claim("Trump said the bill is alive."))
    True
    >>> different_parties(read_claim("Pelosi said the bill is dead."), read_claim("The bill is dead."))
    False
    """
    if not a.speakers or not b.speakers:
        return False
    return not any(same_party(x, y) for x in a.speakers for y in b.speakers)


def find_dispute(a: Claim, b: Claim, *, cosine: float) -> Dispute | None:
    """The dispute between two claims, or None (see the module docstring for the rules).

    Two values that differ are left to :mod:`contradict.slots`, a ``conflict`` even between
    parties: which name or title is which party ("Blumenthal", "the attorney general") is not in
    the sentences, and a dispute said wrongly hides a real conflict.
    """
    if cosine < MIN_COSINE:
        return None
    inside = _carried_dispute(a, b)
    if inside:
        return inside
    inside = _carried_dispute(b, a)
    if inside:  # found from b's side: name a's party first
        return replace(inside, speaker_a=inside.speaker_b, speaker_b=inside.speaker_a, part_a=inside.part_b,
                       part_b=inside.part_a)
    for speaker_a, part_a in _parts(a):
        for speaker_b, part_b in _parts(b):
            if speaker_a is None or speaker_b is None or same_party(speaker_a, speaker_b):
                continue
            if not (speaker_a.resolved and speaker_b.resolved):
                continue  # "he said": who it is is in another sentence, maybe the other party itself
            shared = content_stems(part_a) & content_stems(part_b)
            if len(shared) < MIN_SHARED_WORDS:
                continue
            # the reader's event kinds, which see "pulling back" and the build-up it follows alike
            opposed = _opposed_kinds(part_a, part_b)
            # what the two events are about, the parties' own names left out: "Mr Scholz on Russia's build-up"
            # and "the Russian government on the West's withdrawal" share only "Russia", one of the parties
            if opposed and not ((_around_events(part_a, opposed[0]) & _around_events(part_b, opposed[1]))
                                - _name_stems(speaker_a, speaker_b)):
                opposed = None  # "tax increases" and "deficit reduction": opposed words about different things
            if opposed:
                return Dispute("opposed events", speaker_a.name, speaker_b.name, part_a.strip(" ,;"), part_b.strip(" ,;"),
                               f"{speaker_a.name} ('{opposed[0]}') vs {speaker_b.name} ('{opposed[1]}')")
            denial = _denial(speaker_a, part_a, speaker_b, part_b)
            if denial:
                return Dispute("denial", speaker_a.name, speaker_b.name, part_a.strip(" ,;"), part_b.strip(" ,;"), denial)
    return None


@dataclass(frozen=True)
class Parties:
    """Who speaks in two claims, as the verdict needs it.

    ``different`` is True when both are attributed and no speaker is shared (see
    :func:`different_parties`); ``speaker_a``/``speaker_b`` name the first speaker of each (None in
    the outlet's own voice); ``dispute`` is what :func:`find_dispute` found.
    """

    different: bool
    speaker_a: str | None
    speaker_b: str | None
    dispute: Dispute | None = None

    #: A side is said by someone the sentence does not name ("he added"): who, is unknown.
    unnamed: bool = False


def read_parties(a: Claim, b: Claim, *, cosine: float) -> Parties:
    """The :class:`Parties` of two claims.

    >>> from contradict.claims import read_claim
    >>> read_parties(read_claim("Pelosi said the vote failed."), read_claim("The vote failed."), cosine=0.9).different
    False
    """
    unnamed = any(claim.speakers and not any(s.resolved for s in claim.speakers) for claim in (a, b))
    return Parties(different_parties(a, b), a.speakers[0].name if a.speakers else None,
                   b.speakers[0].name if b.speakers else None, find_dispute(a, b, cosine=cosine), unnamed)


def _name_stems(a: Speaker, b: Speaker) -> set[str]:
    """The stems of two parties' names: never what their words are about (a party names itself)."""
    return {stem(m.group(0)) for m in _TOKEN_RE.finditer(f"{a.name} {b.name}")}


def _kinds(text: str) -> set[str]:
    return {kind for _, _, kind in _event_cues(text)}


def _carried_dispute(a: Claim, b: Claim) -> Dispute | None:
    """A dispute ``a`` carries ("X says A, while Y insists not-A") against ``b``'s X saying A.

    The other outlet quoting X is on X's side of the carried dispute: Y (in ``a``) against X (in ``b``).
    """
    parts = [(speaker, text) for speaker, text in _parts(a) if speaker is not None and speaker.resolved]
    for speaker_x, part_x in parts:
        for speaker_y, part_y in parts:
            if same_party(speaker_x, speaker_y) or not _opposed_kinds(part_x, part_y):
                continue
            kinds_x = _kinds(part_x) - _kinds(part_y)
            for speaker_b in b.speakers:
                text_b = b.text[speaker_b.start:speaker_b.end]
                if same_party(speaker_b, speaker_x) and kinds_x & _kinds(text_b):
                    event = sorted(kinds_x & _kinds(text_b))[0]
                    return Dispute("opposed events", speaker_y.name, speaker_b.name, part_y.strip(" ,;"),
                                   text_b.strip(" ,;"),
                                   f"{speaker_y.name} against {speaker_x.name} on the {event}: one outlet quotes both, "
                                   f"the other quotes {speaker_b.name}")
    return None


#: Words each side of an event word that say what rises or falls ("increase its contingent", "troops pulled back").
EVENT_OBJECT_WORDS = 4


def _around_events(text: str, kind: str) -> frozenset[str]:
    """Content stems within a few words of each event word of ``kind``: what the event is about."""
    return frozenset().union(*(_window(text, start, end, EVENT_OBJECT_WORDS)
                               for start, end, found in _event_cues(text) if found == kind))


def _opposed_kinds(a: str, b: str) -> tuple[str, str] | None:
    """Opposed kinds of event (a withdrawal, a build-up) named by each text and not by the other."""
    kinds_a, kinds_b = _kinds(a), _kinds(b)
    for pair in OPPOSED_EVENT_KINDS:
        x, y = sorted(pair)
        if x in kinds_a - kinds_b and y in kinds_b - kinds_a:
            return x, y
        if y in kinds_a - kinds_b and x in kinds_b - kinds_a:
            return y, x
    return None


# ---------------------------------------------------------------------- denial: one word, negated by one party only

#: Words that negate the word after them ("will not pay", "won't pay", "never paid").
_NEGATORS = frozenset({"not", "never", "cannot"})
#: Words allowed between a negator and the word it negates ("not going to pay", "has not ever been paid").
_NEGATION_BRIDGE = frozenset("be been being have ever even going to actually really yet".split())
#: Words that make the next few words a question, not a claim ("an inquiry into whether laws were broken").
_HEDGES = frozenset({"whether", "if"})
#: A person as the subject ("she will not run" / "he will run"): each may speak of themself, not of one thing.
_PERSONAL_RE = re.compile(r"(?:i|we|you|he|she|they)(?:['’](?:m|re|s|ll|d|ve))?")
#: Words before a word that argue against it: "wrong to end the program" is no assertion that it ends.
_COUNTER_FRAMES = frozenset("""wrong against oppose opposes opposed opposing stop stops stopping block blocks blocking
prevent prevents preventing refuse refuses refused reject rejects rejected fight fights""".split())
#: Negators of ability: "you cannot end it by decree" denies a means, not what the other side wants done,
#: so it disputes only a claim that it can be done.
_ABILITY_NEGATORS = frozenset({"cannot", "can't", "can’t", "couldn't", "couldn’t"})
_ABILITY_WORDS = frozenset({"can", "could", "able"})
#: Content words each side of a word that say what it is about ("Mexico will not pay for the wall").
DENIAL_CONTEXT_WORDS = 4
#: A speaker named by a proper name ("Mr. Trump", "the Obama campaign", "a White House official"),
#: not a phrase the speaker reader took for one ("the full", "a week ago"); its key must also hold
#: a word that names a side ("officials" alone does not).
_NAMED_RE = re.compile(r"\b[A-Z][a-z]")


@dataclass(frozen=True)
class _Word:
    """One content word of a sentence part: as written, negated or not, and the stems around it."""

    text: str
    negated: bool
    hedged: bool
    context: frozenset[str]
    #: A personal pronoun stands in the few words before it ("she will not run").
    personal: bool = False
    #: A word of :data:`_COUNTER_FRAMES` stands just before it ("wrong to end").
    countered: bool = False
    #: The negator denies an ability ("cannot end"); or, unnegated, "can"/"could"/"able" stands before it.
    ability: bool = False


def _is_negator(token: str) -> bool:
    token = token.lower().replace("’", "'")
    return token in _NEGATORS or token.endswith("n't")


def _is_content(token: str) -> bool:
    token = token.lower().replace("’", "'").strip("'-")
    return len(token) >= 3 and token not in _STOP and not _is_negator(token)


def _words(text: str) -> list[_Word]:
    """The lower-case content words of ``text`` (names are context, never a negated word), read for :func:`_denial`."""
    tokens = list(_TOKEN_RE.finditer(text))
    words = []
    for i, match in enumerate(tokens):
        token = match.group(0)
        if not _is_content(token) or token[0].isupper():
            continue
        j = i - 1
        while j >= 0 and i - j <= 3 and tokens[j].group(0).lower() in _NEGATION_BRIDGE:
            j -= 1
        near = [m.group(0) for m in tokens[max(0, i - DENIAL_CONTEXT_WORDS):i]]
        after = [m.group(0) for m in tokens[i + 1:i + 1 + DENIAL_CONTEXT_WORDS]]
        negated = j >= 0 and _is_negator(tokens[j].group(0))
        close = [w.lower() for w in near[-3:]]
        ability = (tokens[j].group(0).lower() in _ABILITY_NEGATORS) if negated else bool(_ABILITY_WORDS & set(close))
        words.append(_Word(token.lower(), negated, any(w.lower() in _HEDGES for w in near),
                           frozenset(stem(w) for w in near + after if _is_content(w)),
                           any(_PERSONAL_RE.fullmatch(w.lower()) for w in near),
                           bool(_COUNTER_FRAMES & set(close)), ability))
    return words


def _denial(speaker_a: Speaker, part_a: str, speaker_b: Speaker, part_b: str) -> str | None:
    """How one named party denies what another asserts, or None.

    The same word in both parts, negated in one only ("will not pay" / "to pay"), not inside a
    question ("whether") nor argued against ("wrong to pay"), with at least one content word within a
    few words of it shared by both parts (what is paid for), the parties' own names left out; not when
    both say it of a person ("she will not run for governor" / "he will run for governor": two people,
    two claims); a denied ability ("cannot pay") disputes only a claim that it can be done.

    >>> from contradict.types import Speaker
    >>> _denial(Speaker("Ana Ruiz", "ruiz"), "Ana Ruiz says the city will not pay for the bridge.",
    ...         Speaker("Mayor Kane", "kane"), "Mayor Kane insists the city will pay for the bridge.")
    "Ana Ruiz: 'not pay' vs Mayor Kane: 'pay' (about: city, bridge)"
    """
    if not all(_NAMED_RE.search(s.name) and {stem(w) for w in s.key.split()} - _GENERIC_KEY_WORDS for s in (speaker_a, speaker_b)):
        return None  # "Officials", "the full": no one the reader could name as a side
    names = _name_stems(speaker_a, speaker_b)
    words_a, words_b = _words(part_a), _words(part_b)
    for denier, words_x, words_y, asserter in ((speaker_a, words_a, words_b, speaker_b),
                                               (speaker_b, words_b, words_a, speaker_a)):
        for x in words_x:
            if not x.negated:
                continue
            for y in words_y:
                if y.text != x.text or y.negated or y.hedged or y.countered or (x.personal and y.personal):
                    continue
                if x.ability and not y.ability:
                    continue  # "cannot end it by decree" against "a bill to end it": a means, not the aim
                about = (x.context & y.context) - names
                if about:
                    part_x = part_a if denier is speaker_a else part_b
                    about = dict.fromkeys(m.group(0) for m in _TOKEN_RE.finditer(part_x) if stem(m.group(0)) in about)
                    said = (f"{denier.name}: 'not {x.text}'", f"{asserter.name}: '{y.text}'")
                    first, second = said if denier is speaker_a else said[::-1]
                    return f"{first} vs {second} (about: {', '.join(about)})"
    return None
