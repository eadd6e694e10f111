"""Who a sentence attributes its claim to: "X said", "according to X", "X quoted Y as saying"."""

from __future__ import annotations

import re

from dataclasses import dataclass

from ..types import Speaker
from .cues import _CLAUSE_BOUNDARY_RE, _clause_bounds
from .time import _MONTHS, _WEEKDAYS

# ----------------------------------------------------------------------------- attribution

_SUBJECT_NOUNS = (
    "ministry|defen[cs]e|foreign|spokes(?:man|woman|person)|sources?|government|officials?|army|military|intelligence|"
    "agency|agencies|news|minister|secretary|president|chancellor|press|service|document|reports?|media|diplomats?|"
    "analysts?|experts?|authorities|state|senior|western|leaders?|commanders?|generals?|envoy|ambassador|adviser|"
    "advisor|aide|office|department|officers?|statement|spokesperson|company|firm|lawyers?|attorneys?|critics?|"
    "campaign|committee|court|police|prosecutors?|investigators?|lawmakers?|legislators?|plaintiffs?|opponents?|"
    "supporters?|advocates?|witnesses?|researchers?|scientists?|unions?|judges?|justices?|administration|spokesmen|hospitals?|coroner|"
    "boards?|councils?|groups?|organi[sz]ations?|schools?|universit(?:y|ies)|compan(?:y|ies)|activists?|"
    "economists?|officers?|candidates?|observers?|speaker|mayors?|governors?|senators?|congress(?:man|woman)|"
    "chair(?:man|woman)?|directors?|chiefs?|executives?")
_NAME_WORD = rf"(?!(?-i:{_WEEKDAYS}|{_MONTHS}|He|She|They|It|We|I|You|This|That|These|Those|There|But|And|Meanwhile|" \
             rf"However|Earlier|Later|Today|Now|Then|Also|When|While|If|As|Although|Though|Because|Since|Once|Until|" \
             rf"Unless)\b)(?!(?-i:The|An?)\s)(?-i:[A-Z][\w’'.\-]*)"  # "A." is an initial, "A " an article
_SUBJECT = rf"(?<![\w’'.\-])(?P<subj>(?:(?:the|a|an|one|two|three|several|some|many|senior)\s+)?" \
           rf"(?:(?:{_NAME_WORD}|(?:{_SUBJECT_NOUNS}))\s+){{0,7}}(?:{_NAME_WORD}|(?:{_SUBJECT_NOUNS}))" \
           rf"(?:\s+of\s+(?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD})?)"  # "Senator Ann Lee of Ohio"
_AUX = r"(?:(?:has|have|had|also|repeatedly|previously|later|earlier|again|already|publicly|officially|always|is|was|" \
       r"are|were|had|reportedly|then|now|once|just|" \
       r"(?!(?:family|ally|rally|assembly|supply|reply|anomaly|monopoly|italy|july|only|early)\b)[a-z]+ly)\s+)*"  # "sharply"
_SAY_VERB_RE = re.compile(
    r"\b(?:said|says|say|told\s+(?:reporters|journalists|news\s+agencies|the\s+[\w’']+|[A-Z][\w’']+)|reported|"
    # "report(s)" only where it is a verb: before "that", or "reports" before a colon, a comma or a name
    # ("Politico reports:", "the paper reports, ..."); "the Mueller report must" is a noun
    r"reports?\s+that|reports(?=\s*[:,]|\s+[A-Z])|"
    r"reporting|announced|announces|stated|states|claimed|claims|confirmed|confirms|warned|warns|added|adds|insisted|"
    r"insists|informed|explained|noted|denied|denies|suggested|suggests|suggesting|tweeted|wrote|writes|argued|argues|"
    r"contended|contends|countered|counters|maintained|maintains|asserted|asserts|acknowledged|acknowledges|admitted|"
    r"admits|responded|replied|retorted|complained|complains|accused|accuses|charged|charges|predicted|predicts|"
    r"insist|argue|deny|claim|warn|contend|maintain|admit|counter|accuse|predict|announce|confirm|"
    r"called\s+(?=(?:it|the|this|that|them|him|her)\b)|"
    # verbs that attribute a judgement or a demand ("X praised Y as", "X condemned the plan", "X vowed to")
    r"praised|criticized|criticised|blasted|slammed|lambasted|condemned|decried|denounced|described|urged|vowed|"
    r"pledged|demanded|disputed|fumed|scoffed|lamented|conceded|stressed|emphasized|emphasised|testified|joked|"
    r"quipped|mocked|castigated|derided|ridiculed|rebuked|faulted|hailed|applauded|"
    # rejecting a claim is saying it is false ("Obama rejected claims that ...")
    r"(?:rejected|rejects|dismissed|dismisses)\s+(?=(?:the\s+|those\s+|these\s+|such\s+)?(?:claims?|allegations?|"
    r"accusations?|charges|reports?|criticism|suggestions?|notion|idea)\b)|"
    # "told" with anyone as its object ("told a crowd", "told hundreds of supporters"); never "told to"
    r"told\s+(?!to\b)(?=[a-z])|"
    # headlines are written in title case ("Senator Says Deal Is Dead")
    r"(?-i:Says|Said|Tells|Told|Warns|Insists|Denies|Accuses|Admits|Argues|Predicts|Confirms))\b")
_SUBJECT_BEFORE_VERB_RE = re.compile(_SUBJECT + r"\s+" + _AUX + r"$", re.IGNORECASE)
#: An aside between a speaker and the verb: a parenthesis ("Sen. Ann Lee (D-Ohio) said"), or up to three
#: phrases between commas ("Ann Lee, the panel's chair, said"; "Lee, asked about the vote, said"; "the mayor,
#: though, said"; "Ann Lee, R-Ohio, who chairs the panel, said").
_ASIDE = r"(?:\s*\([^()]{1,40}\),?|(?:,\s+[^,;:()“”\"]{1,120}?){1,3},)"
#: The speaker before an aside opens its clause: the sentence, or after a comma, a colon, a dash, a quote
#: ("..., Ann Lee, the chair, said"), never inside a phrase ("lower Manhattan, including X, say").
_CLAUSE_OPENING = r"(?:^[“\"‘']?|(?<=[,;:—–]\s)|(?<=[”\"’]\s)|(?<=(?-i:But)\s)|(?<=(?-i:And)\s)|(?<=(?-i:Still)\s)|(?<=(?-i:Yet)\s))"
_SUBJECT_ASIDE_BEFORE_VERB_RE = re.compile(_CLAUSE_OPENING + _SUBJECT + r"(?P<aside>" + _ASIDE + r")\s+" + _AUX + r"$",
                                           re.IGNORECASE)
#: ...or a phrase on how or where it was said, without commas ("Mr. Lee in a statement said", "Lee on Twitter
#: wrote", "Lee during the hearing told reporters").
_SUBJECT_MEDIUM_BEFORE_VERB_RE = re.compile(
    _CLAUSE_OPENING + _SUBJECT + r"\s+(?:in|during|at|on|through)\s+(?:(?:a|an|the|his|her|their|its)\s+)?"
    r"[^,;:()“”\"]{1,60}?\s+" + _AUX + r"$", re.IGNORECASE)
#: An aside that is itself a name names the speaker better than the words before it ("Another Republican,
#: Rep. Ann Lee of Ohio, said"; "Her spokesman, Tom Kirsch, said"); a party and state ("R-Ohio") is no name.
_NAME_ASIDE_RE = re.compile(r",\s+(?P<name>(?:(?-i:[A-Z][\w’'.\-]*)\s+){1,5}(?-i:[A-Z][\w’'.\-]*)"
                            r"(?:\s+of\s+(?:(?-i:[A-Z][\w’'.\-]*)\s+){0,3}(?-i:[A-Z][\w’'.\-]*))?),")
_PARTY_STATE_RE = re.compile(r"\b[DRI]-[A-Z]")
_ACCORDING_TO_RE = re.compile(
    r"\baccording\s+to\s+(?P<src>(?:[\w’'.\-]+\s+){0,5}?[\w’'.\-]+?)(?=\s*(?:[,.;:“”\"()]|$)|\s+(?:who|which|that|as|on|in|at|for)\b)",
    re.IGNORECASE)
_QUOTED_RE = re.compile(_SUBJECT + r"\s+quot(?:ed|es|ing)\s+(?P<spk>(?:[\w’'.\-]+\s+){0,5}?[\w’'.\-]+)\s+as\s+saying\b",
                        re.IGNORECASE)
_CITING_RE = re.compile(
    _SUBJECT + r",?\s+cit(?:ed|es|ing)\s+(?P<spk>(?:[\w’'.\-]+\s+){0,4}?[\w’'.\-]+?)(?=\s+(?:to|that|as|and|which|who|"
    r"for|in|on|at|with|saying)\b|\s*[,.;:“”\"]|$)",
    re.IGNORECASE)
_SAID_NAME_RE = re.compile(r"[,”\"]\s*(?:said|says|added|adds)\s+(?P<spk>(?:(?-i:[A-Z][\w’'.\-]*)\s+){0,3}(?-i:[A-Z][\w’'.\-]*))")
#: Words inside a speaker's phrase that show it is not one: "the proposal and said" is a second verb of
#: the sentence's subject, "the sources who informed it" a relative clause, not parties.
_NOT_INSIDE_SUBJECT = r"(?!(?:and|or|but|nor|then|to|that|which|who|whom|have|has|had|is|was|are|were|will|would|" \
                      r"could|should|may|might|said|says|say)\b)"
#: ...and words that never end one ("a spokesman for her" is one; "the release of the" is not).
_NOT_A_SUBJECT_WORD = _NOT_INSIDE_SUBJECT + r"(?!(?:of|in|on|at|for|with|from|by|as|than|the|a|an|their|its|" \
                                            r"other|such)\b)"
_COMMON_SUBJECT_RE = re.compile(r"(?<![\w’'])(?P<subj>(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+(?:"
                                + _NOT_INSIDE_SUBJECT + r"[a-z][\w\-]*\s+){0,2}?"
                                + _NOT_A_SUBJECT_WORD + r"[a-z][\w\-]*)\s+" + _AUX + r"$")
#: ...and "the <noun>" before an aside ("The mayor, though, said").
_COMMON_SUBJECT_ASIDE_RE = re.compile(_CLAUSE_OPENING + r"(?P<subj>(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+(?:"
                                      + _NOT_INSIDE_SUBJECT + r"[a-z][\w\-]*\s+){0,2}?" + _NOT_A_SUBJECT_WORD
                                      + r"[a-z][\w\-]*)(?P<aside>" + _ASIDE + r")\s+" + _AUX + r"$")
#: "X rejected the plan and insisted ...": a say verb coordinated with an earlier verb of the clause's subject.
_COORDINATED_RE = re.compile(r"\sand\s+" + _AUX + r"$", re.IGNORECASE)
#: The subject that opens a clause, then its verb in the past tense ("rejected", "made"): news reports in it,
#: and a present tense "-s" would take nouns ("leaders", "requests") for verbs.
_OPENING_VERB = r"(?:[a-z]{2,}ed|made|took|gave|met|told|wrote|sent|held|led|left|spoke|went|came|kept|stood|won|lost|" \
                r"brought|thought|sought|began|ran|saw|put|set|cut|hit|read|said)\b"
_OPENING_SUBJECT_RE = re.compile(r"[\s“\"']*(?:" + _SUBJECT + r"|(?P<common>(?:[Tt]he|[Aa]n?)\s+(?:" + _NOT_INSIDE_SUBJECT
                                 + r"[a-z][\w\-]*\s+)?" + _NOT_A_SUBJECT_WORD + r"[a-z][\w\-]*))\s+" + _AUX + _OPENING_VERB)
#: Words that open a clause without being its subject.
_NOT_SPEAKERS = frozenset("the a an this that these those two three four five six seven eight nine ten some many".split())
_GENERIC_SOURCES = frozenset({"estimates", "estimate", "reports", "report", "data", "figures", "him", "her", "them",
                              "it", "me", "us", "sources", "media reports", "the data", "the figures"})
#: Verbs whose passive ("was told", "were praised") is said to or of the subject, not by it.
_PASSIVE_PRONE = frozenset("""told praised criticized criticised blasted slammed lambasted condemned decried denounced
described urged disputed mocked castigated derided ridiculed rebuked faulted hailed applauded""".split())
#: Verbs of saying whose passive is read only after a form of "be" ("were announced", "was reported").
_PASSIVE_ONLY_AFTER_BE = frozenset("""announced reported confirmed stated claimed denied noted predicted warned informed
suggested""".split())
#: "was told", "had been told": the subject was told, it did not tell.
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:was|were|been|being|be|is|are|get|got|gets)\s+(?:\w+\s+)?$", re.IGNORECASE)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "this", "that", "there", "who", "which"})


#: A subject pronoun right before the verb: "whom he accused of", "what she described as" (the object came first).
_PRONOUN_BEFORE_RE = re.compile(r"(?<![\w’'])(?:he|she|they|we|i)\s+" + _AUX + r"$", re.IGNORECASE)
#: A preposition right after such a verb makes it a passive participle: "the official described in the
#: filing", "Lee urged to resign" (the active verb has an object first: "described the plan as").
_PASSIVE_AFTER_RE = re.compile(r"\s+(?:by|as|in|to|for|with|at|on)\b")


def _said_to_or_of(text: str, verb: re.Match) -> bool:
    """Whether a verb of saying is passive: said to or of its subject, not by it.

    "was told", "were praised", "the official described in the filing", "senators accused of lying".
    """
    word = verb.group(0).split()[0]
    before = max(0, verb.start() - 60)
    passive = bool(_PASSIVE_BEFORE_RE.search(text, before, verb.start()))
    # "whom he accused of lying", "what she described as": the object comes first, the verb is active
    fronted_object = not passive and bool(_PRONOUN_BEFORE_RE.search(text, before, verb.start()))
    if word in ("accused", "charged") and text.startswith(" of", verb.end()):
        return not fronted_object
    if word in _PASSIVE_ONLY_AFTER_BE:
        return passive  # "the charges were announced"; but "Lee announced on Friday" is active
    if word not in _PASSIVE_PRONE:
        return False
    return passive or (word != "told" and not fronted_object and bool(_PASSIVE_AFTER_RE.match(text, verb.end())))


#: A preposition of place or time before a phrase makes it an adverbial, not the subject: "Democrats in
#: the room disputed it", "the congressman over the weekend joked", "protesters in Washington said".
#: ("for" and "of" are left out: "a spokesman for the mayor said" names the mayor's side.)
#: ("after", "before", "since" and "until" also open clauses: "after Lee said" is Lee's.)
_PLACE_OR_TIME_BEFORE_RE = re.compile(r"\b(?:in|on|at|over|during|into|near|like|across|behind|under|around|throughout|"
                                      r"inside|outside)\s+$", re.IGNORECASE)


def _after_place_word(text: str, start: int) -> bool:
    return bool(_PLACE_OR_TIME_BEFORE_RE.search(text, max(0, start - 15), start))


def _inside_quote(text: str, position: int) -> bool:
    """Whether ``position`` is inside quotation marks: an opening curly quote not closed before it, or an
    odd number of straight double quotes before it."""
    before = text[:position]
    return before.rfind("“") > before.rfind("”") or before.count('"') % 2 == 1


def _clean_source(phrase: str) -> str | None:
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,.;:“”\"'’")
    if not phrase or phrase.lower() in _PRONOUNS or phrase.lower() in _GENERIC_SOURCES:
        return None
    if phrase.endswith(("’s", "'s", "s’", "s'")):
        return None  # "Mueller's report and ...": an owner, not a speaker
    return phrase


@dataclass(frozen=True)
class _Mention:
    """One attribution found in a sentence: where it is, the phrase for the attribution column, the speaker."""

    position: int
    span: tuple[int, int]
    phrase: str
    speaker: str


_PRONOUN_SAYS_RE = re.compile(r"(?<![\w’'])(?P<pron>he|she|they|we|i)\s+" + _AUX + r"(?=" + _SAY_VERB_RE.pattern + r")",
                              re.IGNORECASE)


def _mentions(text: str) -> list[_Mention]:
    found: list[_Mention] = []
    covered: list[tuple[int, int]] = []

    def add(position: int, span: tuple[int, int], phrase: str | None, speaker: str | None = None) -> None:
        if phrase and not is_covered(span[0]):
            found.append(_Mention(position, span, phrase, speaker or phrase))
            covered.append(span)

    def is_covered(position: int) -> bool:
        return any(s <= position < e for s, e in covered)

    def says_between(start: int, end: int) -> bool:
        """A say verb of its own between a subject and the verb: "Lee, Pike said, ..." is Pike's."""
        return any(start <= other.start() < end for other in say_verbs)

    # three readings below try each verb in turn; "was told" is said to the subject, not by it, and
    # "senators accused of lying" are said of, not by
    say_verbs = [verb for verb in _SAY_VERB_RE.finditer(text) if not _said_to_or_of(text, verb)]
    for match in _QUOTED_RE.finditer(text):
        speaker, channel = _clean_source(match.group("spk")), _clean_source(match.group("subj"))
        if speaker and channel:
            add(match.start(), match.span(), f"{speaker} (quoted by {channel})", speaker)
    for match in _CITING_RE.finditer(text):
        speaker, channel = _clean_source(match.group("spk")), _clean_source(match.group("subj"))
        if speaker and channel:
            add(match.start(), match.span(), f"{speaker} (cited by {channel})", speaker)
    for match in _ACCORDING_TO_RE.finditer(text):
        add(match.start("src"), match.span(), _clean_source(match.group("src")))
    for verb in say_verbs:
        if is_covered(verb.start()):
            continue
        left_start = max(0, verb.start() - 120)
        subject = _SUBJECT_BEFORE_VERB_RE.search(text, left_start, verb.start())
        if subject and _after_place_word(text, subject.start("subj")):
            subject = None  # "Lee in a statement said": the statement is where, Lee who (read below)
        if not subject:
            # "Ann Lee (D-Ohio) said", "Ann Lee, the panel's chair, said": the speaker before an aside,
            # unless the aside has a say verb of its own ("Lee, Pike said, ...")
            subject = (_SUBJECT_ASIDE_BEFORE_VERB_RE.search(text, max(0, verb.start() - 250), verb.start())
                       or _COMMON_SUBJECT_ASIDE_RE.search(text, max(0, verb.start() - 250), verb.start()))
            medium = None if subject else _SUBJECT_MEDIUM_BEFORE_VERB_RE.search(text, max(0, verb.start() - 150), verb.start())
            if medium and not says_between(medium.end("subj"), verb.start()):
                add(medium.start("subj"), (medium.start("subj"), verb.end()), _clean_source(medium.group("subj")))
                continue
            if subject and says_between(subject.end("subj"), verb.start()):
                subject = None
            if subject:
                named = _NAME_ASIDE_RE.match(subject.group("aside"))
                if named and not _PARTY_STATE_RE.search(named.group("name")):
                    add(subject.start("subj"), (subject.start("subj"), verb.end()), _clean_source(named.group("name")))
                    continue
        # (an aside's subject opens its clause, so no route leaves one after a place word: see _CLAUSE_OPENING)
        if subject and not _PARTY_STATE_RE.match(subject.group("subj")):
            add(subject.start("subj"), (subject.start("subj"), verb.end()), _clean_source(subject.group("subj")))
    for verb in say_verbs:
        # "X rejected the plan and said ...": the say verb's subject opens the clause
        if is_covered(verb.start()) or not _COORDINATED_RE.search(text, max(0, verb.start() - 60), verb.start()):
            continue
        clause_start = max((m.end() for m in _CLAUSE_BOUNDARY_RE.finditer(text, 0, verb.start())), default=0)
        if any(clause_start <= m.position < verb.start() for m in found):
            continue  # "..., even as Trump called it X and suggested Y": the nearer speaker's part goes on
        opening = _OPENING_SUBJECT_RE.match(text, clause_start)
        if opening and opening.end() <= verb.start():
            group = "subj" if opening.group("subj") else "common"
            subject = opening.group(group)
            # "The press conference ...", "Two days after ...", "Mr. Nunes’s work ...": no subject then a verb
            if subject.lower() not in _NOT_SPEAKERS and not subject.endswith(("’s", "'s")):
                add(opening.start(group), (opening.start(group), verb.end()), _clean_source(subject))
    for match in _SAID_NAME_RE.finditer(text):
        add(match.start("spk"), match.span("spk"), _clean_source(match.group("spk")))
    for verb in say_verbs:
        # any "the <noun>" right before the verb ("the rebels insist", "the mayor says")
        if is_covered(verb.start()):
            continue
        subject = _COMMON_SUBJECT_RE.search(text, max(0, verb.start() - 60), verb.start())
        if subject and not _after_place_word(text, subject.start("subj")):
            add(subject.start("subj"), (subject.start("subj"), verb.end()), _clean_source(subject.group("subj")))
    return sorted(found, key=lambda m: m.position)


def _attribution(text: str) -> str | None:
    names: list[str] = []
    for mention in _mentions(text):
        if mention.phrase not in names:
            names.append(mention.phrase)
    return "; ".join(names) if names else None


#: Titles and roles written before a name ("House Speaker Nancy Pelosi", "Sen. Ted Cruz").
_ROLE_WORDS = frozenset("""
speaker senator sen sen. rep rep. representative congressman congresswoman president vice secretary minister
prime chancellor governor gov gov. mayor justice judge chief attorney general lawyer counsel spokesman spokeswoman
spokesperson official officials aide adviser advisor leader majority minority whip chairman chairwoman chair ceo
executive director commissioner ambassador envoy press former mr mr. mrs mrs. ms ms. dr dr.
""".split())
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."})
#: Last words of an organisation's name: the whole name is the key, not its last word.
_ORGANISATION_ENDS = frozenset("""
house department ministry committee court party campaign office agency council senate congress administration
government times news post journal network association union commission bureau service company corporation inc
group foundation institute university police army navy bank
""".split())
_DETERMINERS_RE = re.compile(r"^(?:(?:the|a|an|one|two|three|several|some|many|senior|top)\s+)+", re.IGNORECASE)


def _speaker_parts(phrase: str) -> tuple[str, str | None]:
    """``(key, role)`` of a speaker phrase: "House Speaker Nancy Pelosi" -> ("pelosi", "House Speaker")."""
    bare = _DETERMINERS_RE.sub("", phrase).strip()
    head, of, _ = bare.partition(" of ")
    last = head.split()[-1].strip(".,’'") if head.split() else ""
    if of and last[:1].isupper() and last.lower() not in _ROLE_WORDS | _ORGANISATION_ENDS:
        bare = head  # a person from a place ("Senator Ann Lee of Ohio"), not a body ("Bank of America")
    words = bare.split()
    tail: list[str] = []
    for word in reversed(words):
        clean = word.strip(".,’'").removesuffix("’s").removesuffix("'s")
        if not clean[:1].isupper() or clean.lower() in _ROLE_WORDS:
            break
        tail.insert(0, clean)
    if tail:
        if tail[-1].lower() in _ORGANISATION_ENDS:
            key = " ".join(tail).lower()  # "the White House", "the Justice Department"
        else:
            key = tail[-1].lower()  # a person: the surname ("Nancy Pelosi", "Mr. Trump", "Pelosi")
        role = " ".join(w for w in words[: len(words) - len(tail)] if w.lower() not in _HONORIFICS).strip() or None
        return key, role
    # no name: a role or a body in lower case ("a White House official", "the defence ministry")
    key = " ".join(w.strip(".,").lower() for w in words)
    return key, bare or None


def read_speakers(text: str) -> tuple[Speaker, ...]:
    """Who the sentence attributes its claims to, one :class:`~contradict.types.Speaker` per part.

    A sentence with two attributions ("X says A, while Y insists B") has two speakers, each with
    the span of its part. A pronoun ("he said") is kept as an unresolved speaker: who it is is
    not in the sentence. No speaker means the outlet speaks in its own voice.

    >>> [(s.key, s.role) for s in read_speakers("House Speaker Nancy Pelosi said the bill would pass.")]
    [('pelosi', 'House Speaker')]
    >>> [s.key for s in read_speakers("Russia says it is pulling back, while the US government insists it is not.")]
    ['russia', 'us government']
    >>> read_speakers("He said the bill would pass.")[0].resolved
    False
    """
    mentions = [(m.position, m.span, m.speaker, True) for m in _mentions(text)]
    for match in _PRONOUN_SAYS_RE.finditer(text):
        verb = _SAY_VERB_RE.match(text, match.end())
        if verb is not None and _said_to_or_of(text, verb):
            continue  # "he is described as": said of him
        if match.group("pron").lower() in ("i", "we") and _inside_quote(text, match.start()):
            continue  # '"Absolutely I said that," Lee confirmed': the quoted speaker, named outside the quote
        if not any(s <= match.start() < e for _, (s, e), _, _ in mentions):
            mentions.append((match.start(), match.span(), match.group("pron"), False))
    if not mentions:
        return ()
    mentions.sort()
    bounds = _clause_bounds(text)
    starts = [0]
    for (_, span_before, _, _), (position, _, _, _) in zip(mentions, mentions[1:]):
        # the part of the next speaker starts at the last clause boundary before its mention
        cut = max((b for b in bounds if span_before[1] <= b <= position), default=position)
        starts.append(cut)
    speakers: list[Speaker] = []
    for k, (_, _, phrase, resolved) in enumerate(mentions):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        if resolved:
            key, role = _speaker_parts(phrase)
        else:
            key, role = "", None
        if speakers and speakers[-1].key == key and key:
            speakers[-1] = Speaker(speakers[-1].name, key, speakers[-1].role, speakers[-1].start, end, True)
            continue
        speakers.append(Speaker(phrase, key, role, starts[k], end, resolved))
    return tuple(speakers)


# ----------------------------------------------------------------------------- titles named in the article

#: A run of capitalised words: a title and a name ("Attorney General Ann Lee", "House Speaker Nora Vance").
_CAPITALISED_RUN_RE = re.compile(r"(?<![\w’'.\-])(?:[A-Z][\w’'.\-]*[ \t]+){1,6}[A-Z][\w’'\-]+")  # one line
#: Abbreviated titles, written out, so "Sen. Lee" and "the senator" meet.
_TITLE_SPELLED = {"sen.": "senator", "sen": "senator", "gov.": "governor", "gov": "governor", "rep.": "representative",
                  "rep": "representative"}


#: Words of a title besides role words ("House Speaker", "Senate Majority Leader").
_TITLE_WORDS = _ROLE_WORDS | set(_TITLE_SPELLED) | {"house", "senate"}


def _title(role: str) -> str:
    """The title at the end of a role, lower case and spelled out: "Ohio Rep." -> "representative"."""
    words = [word for word in role.lower().split() if word not in _HONORIFICS]
    start = len(words)
    while start > 0 and words[start - 1] in _TITLE_WORDS:
        start -= 1
    return " ".join(_TITLE_SPELLED.get(word, word) for word in words[start:])


def article_titles(text: str) -> dict[str, frozenset[str]]:
    """Each title an article writes before a person's name, with the keys of the people it names so.

    ``text`` is the article's sentences, one per line: a name never runs on into the next sentence.

    >>> article_titles("Attorney General Ann Lee spoke. Later the attorney general said more.")
    {'attorney general': frozenset({'lee'})}
    """
    found: dict[str, set[str]] = {}
    for match in _CAPITALISED_RUN_RE.finditer(text):
        key, role = _speaker_parts(match.group(0))
        if not role or len(key.split()) != 1 or key in _ORGANISATION_ENDS or key in _ROLE_WORDS:
            continue  # no title, or a body ("the Justice Department"), not a person
        title = _title(role)
        if title and text[max(0, match.start() - 7):match.start()].lower() == "former ":
            title = f"former {title}"  # "former President Bill Clinton" is not "the president"
        if title and title.split()[-1] not in ("former", "vice"):  # "Fox News host": no title
            found.setdefault(title, set()).add(key)
    return {title: frozenset(keys) for title, keys in found.items()}


def is_bare_title(speaker: Speaker) -> bool:
    """Whether a speaker is named by a title alone, its whole key a title: "the senator", not "the Vermont
    senator" or "Republican senator".

    >>> from contradict.types import Speaker
    >>> is_bare_title(Speaker("the attorney general", "attorney general")), is_bare_title(Speaker("Ann Lee", "lee"))
    (True, False)
    """
    return speaker.resolved and bool(speaker.key) and _title(speaker.key) == speaker.key


def resolve_titles(speakers: tuple[Speaker, ...], titles: dict[str, frozenset[str]]) -> tuple[Speaker, ...]:
    """``speakers`` with a bare title ("the attorney general") keyed as the one person the article gives it.

    A title the article gives to two people, or to none, stays as it is: which one is not in the text.

    >>> from contradict.types import Speaker
    >>> resolve_titles((Speaker("the attorney general", "attorney general", "attorney general"),),
    ...                {"attorney general": frozenset({"lee"})})[0].key
    'lee'
    """
    resolved = []
    for speaker in speakers:
        names = titles.get(speaker.key) if is_bare_title(speaker) else None
        if names is not None and len(names) == 1:  # keys are lower case, so the title's key is the title
            speaker = Speaker(speaker.name, next(iter(names)), speaker.role, speaker.start, speaker.end, True)
        resolved.append(speaker)
    return tuple(resolved)
