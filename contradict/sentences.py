"""Split an article into sentences and say, for each one, whether it is used as a claim.

Nothing is lost: every non-whitespace character of ``Article.text`` belongs to exactly
one returned :class:`~contradict.types.Sentence`, whose ``start``/``end`` index into
that text. Sentences that are not claims (photo captions, promos, bylines, site
footers, ...) are kept with status ``"set aside"`` and a ``reason`` from
:data:`SET_ASIDE_REASONS`; a sentence repeated verbatim inside one article is kept
once and later copies get status ``"merged"`` with reason ``"merged with <id>"``.

Splitting is regex-based (no model, no new dependency). Newlines always end a
sentence; inside a line a sentence ends at ``.``, ``!``, ``?`` or an ellipsis followed
by whitespace and a word that does not start in lower case, except after
abbreviations (Mr., Dr., Gen., Jan., No. 5, U.S., initials such as J. Smith).
Closing quotes and brackets stay with their sentence.

Example:
    >>> from contradict.types import Article
    >>> article = Article(text="Mr. Putin spoke. “We will leave,” he said.", source="X", id="a")
    >>> [s.text for s in split_sentences(article)]
    ['Mr. Putin spoke.', '“We will leave,” he said.']
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Iterable

from contradict.extract import PAGE_SET_ASIDE_REASONS
from contradict.types import MERGED, SET_ASIDE, USED, Article, Sentence

__all__ = [
    "SET_ASIDE_REASONS",
    "MERGED_REASON_PREFIX",
    "MAX_SENTENCE_CHARS",
    "set_aside_reasons",
    "split_sentences",
    "split_spans",
    "sentences_to_frame",
]

PHOTO_CAPTION = "photo caption"
PROMO = "promo"
SOURCE_LINK = "source link"
BYLINE = "byline"
SITE_FOOTER = "site footer"
METADATA = "metadata"
HEADLINE = "headline"
SECTION_HEADING = "section heading"
TOO_SHORT = "too short"

#: Every reason a sentence can be set aside for, in the order the rules are tried.
#: ``"headline"`` is a repeat or variant of the title line; the first headline itself is used.
#: The page reasons (``"reader comments"``, ``"navigation"``, ...) come from
#: ``Article.set_aside_spans``, the page furniture the loader found around an HTML article.
SET_ASIDE_REASONS: tuple[str, ...] = (
    *PAGE_SET_ASIDE_REASONS,
    PHOTO_CAPTION,
    PROMO,
    SOURCE_LINK,
    BYLINE,
    SITE_FOOTER,
    METADATA,
    HEADLINE,
    SECTION_HEADING,
    TOO_SHORT,
)
#: Reason of a ``"merged"`` sentence: ``"merged with <id of the first occurrence>"``.
MERGED_REASON_PREFIX = "merged with "

#: A "sentence" longer than this (text without punctuation, a table dump) is cut at a
#: space so later stages, whose models read a few hundred tokens, see bounded pieces.
MAX_SENTENCE_CHARS = 1500
#: Sentences with fewer words than this are set aside as "too short" (unless a headline).
MIN_CLAIM_WORDS = 4
#: Lines up to this many words without final punctuation are section headings.
SECTION_HEADING_MAX_WORDS = 8


def set_aside_reasons() -> tuple[str, ...]:
    """The reasons a sentence can be set aside for (see :data:`SET_ASIDE_REASONS`).

    Example:
        >>> "photo caption" in set_aside_reasons()
        True
    """
    return SET_ASIDE_REASONS


# --------------------------------------------------------------------------- splitting

# Terminal punctuation, then closing quotes/brackets, then the whitespace before the next sentence.
_CANDIDATE_END = re.compile(r"(?P<punct>\.{3}|…|[.!?]+)(?P<close>[”’\"'»)\]]*)(?P<space>\s+)(?=\S)")
_LAST_TOKEN = re.compile(r"(\S+)$")
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # "U.S" of "U.S.", "E.U" of "E.U."
_OPENING_PUNCTUATION = "\"'“‘«([{"

# Abbreviations after which a full stop does not end a sentence (compared case-insensitively).
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms messrs dr prof st sr jr gen sen rep gov lt col capt cmdr cdr sgt maj adm rev hon pres supt insp
    gen lt.col brig fr mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    e.g i.e vs approx est dept univ assn bros inc corp ltd co plc
    """.split()
)
# Abbreviations that are only abbreviations before a number: "No. 5", "Art. 5", "p. 12".
_NUMBER_ABBREVIATIONS = frozenset("no nos art arts p pp vol vols fig figs ch sec para".split())

# A scraper's metadata left at the start of a line: " date 2022-02-17 Russia announced ...".
_LEADING_METADATA = re.compile(
    r"^\s*(?:date|published|updated|posted)\s*:?\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?(?=\s|$)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


# Look-behind windows keep splitting linear on pathological lines (a megabyte without a
# single sentence end); abbreviations and quotations are far shorter than these.
_TOKEN_WINDOW = 64
_QUOTE_WINDOW = 2000


def _quote_is_open(line: str, position: int) -> bool:
    """Whether a quotation opened shortly before ``position`` in this line is still open."""
    before = line[max(0, position - _QUOTE_WINDOW): position]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _ends_sentence(line: str, match: re.Match, segment_start: int) -> bool:
    """Decide whether a candidate end (punctuation + whitespace) really ends a sentence."""
    next_char = line[match.end()]
    if next_char.islower() or next_char in ",;:%":
        return False  # "units… has been completed", "the U.S. and", "(see p. 4)"
    punct, close = match["punct"], match["close"]
    if punct in ("…", "..."):
        # An ellipsis inside a quotation usually marks an omission, not an end.
        return close != "" or not _quote_is_open(line, match.start())
    if punct != "." or close:
        return True
    token_match = _LAST_TOKEN.search(line, max(segment_start, match.start() - _TOKEN_WINDOW), match.start())
    if not token_match:
        return True
    token = token_match[1].lstrip(_OPENING_PUNCTUATION)
    lowered = token.lower()
    if lowered in _ABBREVIATIONS:
        return False
    if lowered in _NUMBER_ABBREVIATIONS and next_char.isdigit():
        return False
    if _DOTTED_ACRONYM.match(token):
        return False
    if len(token) == 1 and token.isupper():
        return False  # an initial: "J. Smith"
    return True


def _cap_length(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """Cut an over-long span at spaces so no piece exceeds MAX_SENTENCE_CHARS (when a space allows)."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            break
        pieces.append((start, cut))
        start = cut + 1
        while start < end and text[start].isspace():
            start += 1
    pieces.append((start, end))
    return pieces


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_spans(text: str) -> list[tuple[int, int, int, bool]]:
    """Sentence spans of a text as ``(start, end, line_number, is_metadata)`` tuples.

    ``line_number`` counts non-empty lines from 0; ``is_metadata`` marks a leading
    ``date 2022-02-17`` fragment split off its line. Spans cover every non-whitespace
    character exactly once.

    Example:
        >>> [text[s:e] for text in ["Dr. Who came. He left."] for s, e, _, _ in split_spans(text)]
        ['Dr. Who came.', 'He left.']
    """
    spans: list[tuple[int, int, int, bool]] = []
    line_number = 0
    offset = 0
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        if not line.strip():
            continue
        segment_start = 0
        metadata = _LEADING_METADATA.match(line)
        if metadata:
            if trimmed := _trimmed(text, line_start, line_start + metadata.end()):
                spans.append((*trimmed, line_number, True))
            segment_start = metadata.end()
        for match in _CANDIDATE_END.finditer(line, segment_start):
            if match.start() < segment_start:
                continue
            if _ends_sentence(line, match, segment_start):
                end = match.end() - len(match["space"])
                if trimmed := _trimmed(text, line_start + segment_start, line_start + end):
                    spans.extend((*piece, line_number, False) for piece in _cap_length(*trimmed, text))
                segment_start = match.end()
        if trimmed := _trimmed(text, line_start + segment_start, line_start + len(line)):
            spans.extend((*piece, line_number, False) for piece in _cap_length(*trimmed, text))
        line_number += 1
    return spans


# --------------------------------------------------------------------------- classifying lines

# Each rule is one regex of alternatives anchored at the line start (``^``: the regex engine
# then tries position 0 only) and, where a rule also looks at the line end, a second regex
# for that: one unanchored alternative in the same regex would make every line be scanned
# at every position for all the anchored ones (most of the time of splitting 500 articles).
_CAPTION_CREDIT = re.compile(
    r"\([^()]{0,200}?(?:\bvia\s+(?:REUTERS|Reuters|AP|AFP|Getty\s+Images|EPA|TASS|Sputnik|Bloomberg|Shutterstock)"
    r"|\bAP\s+Photo\b|/(?:REUTERS|Reuters|AFP|AP|EPA|Getty\s+Images)\b|\bGetty\s+Images\b|\bPhoto(?:\s+by)?\s*:)[^()]{0,80}\)\s*$",
    re.IGNORECASE,
)
_CAPTION_PATTERNS = re.compile(
    r"^(?:Image|Photo|Picture|Photograph|Video)(?:\s+(?:source|credit|caption))?\s*:"
    r"|^In\s+(?:this|these)\s+(?:\w+\s+){0,2}(?:photo|photos|image|images|picture|file\s+photo|video\s+grab|frame\s+grab|handout)\b"
    r"|^(?:FILE\s+PHOTO|FILE)\s*[:\-–—]"
    r"|^(?:Photo\s+)?credit\s*:",
    re.IGNORECASE,
)
_PROMO_PATTERNS = re.compile(
    r"^(?:CLICK\s+HERE|Click\s+here)\b"
    r"|^(?:JUST\s+IN|BREAKING(?:\s+NEWS)?|READ\s+MORE|READ\s+ALSO|ALSO\s+READ|RELATED|MORE|WATCH|LISTEN|SEE\s+ALSO)\s*[:\-–—]"
    r"|^(?:Read\s+more|Read\s+also|Also\s+read|Related|See\s+also|Watch|Listen)\s*:"
    r"|^(?:READ\s+MORE|Read\s+more)\s*$"
    r"|^(?:Sign\s+up|Subscribe)\b"
    r"|^(?:Advertisement|ADVERTISEMENT|Story\s+continues\s+below)"
    r"|^Follow\s+(?:us|\S+(?:\s+\S+)?)\s+on\s+(?:Twitter|X|Facebook|Instagram|Telegram)\b"
    r"|^Download\s+(?:the|our)\s+\w+\s+app\b"
)
_SOURCE_LINK_PATTERNS = re.compile(
    r"^(?:Source\s+link|Sources?|Original\s+source|Read\s+the\s+original(?:\s+article)?)\s*[.:]?\s*$"
    r"|^Source\s*:\s*\S.{0,80}$"
    r"|^\*?\s*\(?\s*(?:With|Additional\s+reporting\s+from|Source)\s+(?:AFP|Reuters|AP|agencies|Agencies|wires|[A-Z][A-Za-z]{1,10})\s*\)?\.?\s*$"
    r"|^[\w .,'’&-]{0,40}\bSources?\s*:\s*[\w .,'’&/-]{1,80}$",
)
_BYLINE_PATTERNS = re.compile(
    r"^By\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|de|van|von|da|al|bin|del))*\s*(?:[,|–—-].{0,80})?$"
    r"|^(?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled|Edited|Written|Reported)\s+by\s+[A-Z]"
    r"|^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}\s+(?:is|was)\s+(?:a|an|the)\s.{0,160}?"
    r"\b(?:reporter|correspondent|journalist|writer|editor|contributor|columnist|producer|anchor)\b",
)
_SITE_FOOTER_PATTERNS = re.compile(
    r"^(?:Views|Hits|Reads)\s*:\s*[\d,]+\s*$"
    r"|^You\s+can\s+skip\s+to\s+the\s+end\s+and\s+leave\s+a\s+response"
    r"|^(?:You\s+can\s+)?(?:Pinging|Comments\s+and\s+pings|Both\s+comments\s+and\s+pings|Responses)\s+(?:is|are)\s+currently\s+(?:not\s+allowed|closed)"
    r"|^Leave\s+a\s+(?:Reply|Comment|Response)\b"
    r"|^(?:Powered\s+by|Designed\s+by|Theme\s+by)\b"
    r"|^(?:Copyright|©|\(c\)\s*\d{4})"
    r"|^(?:Share\s+this|Like\s+this|Related\s+posts?|Post\s+navigation|Comments?)\s*:?\s*$"
    r"|^(?:Filed\s+under|Posted\s+in|Tags?\s*:|Categories\s*:)"
    r"|^Comments\s+are\s+closed"
    r"|^You\s+must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment",
    re.IGNORECASE,
)
_RIGHTS_RESERVED = re.compile(r"All\s+rights\s+reserved\.?\s*$", re.IGNORECASE)  # a site footer, anywhere in the line
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]\s|\d+[.)]\s)")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+\S")
_FINAL_PUNCTUATION = tuple(".!?…:;,”\"’'")
_ALL_CAPS_MIN_LETTERS = 10
_ALL_CAPS_RATIO = 0.9
_ASCII_LOWER = b"abcdefghijklmnopqrstuvwxyz"
_HEADLINE_MAX_WORDS = 30
_HEADLINE_VARIANT_OVERLAP = 0.6


def _boilerplate_reason(line: str, first_line: bool) -> str | None:
    """A set-aside reason that applies to every sentence of the line, or None."""
    stripped = line.strip()
    if _CAPTION_PATTERNS.search(stripped) or _CAPTION_CREDIT.search(stripped):
        return PHOTO_CAPTION
    if _PROMO_PATTERNS.search(stripped):
        return PROMO
    if not first_line and _is_all_caps(stripped):
        return PROMO  # cross-link teasers: "PUTIN BLAMES WEST FOR TENSION WITH UKRAINE, ..."
    if _SOURCE_LINK_PATTERNS.search(stripped):
        return SOURCE_LINK
    if _BYLINE_PATTERNS.search(stripped) and len(stripped) <= 400:
        return BYLINE
    if _SITE_FOOTER_PATTERNS.search(stripped) or _RIGHTS_RESERVED.search(stripped):
        return SITE_FOOTER
    return None


def _is_all_caps(line: str) -> bool:
    # Fast exit for ordinary prose: lower-case ASCII letters are letters that are not upper
    # case, so when they alone exceed the allowed share of all characters (letters are
    # fewer), the exact count below could only say False. (+1: clear of float rounding.)
    encoded = line.encode("utf-8", "surrogatepass")  # a-z bytes only ever stand for a-z in UTF-8
    lower_ascii = len(encoded) - len(encoded.translate(None, _ASCII_LOWER))
    if lower_ascii > (1 - _ALL_CAPS_RATIO) * len(line) + 1:
        return False
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) < _ALL_CAPS_MIN_LETTERS or len(line.split()) < 3:
        return False
    return sum(ch.isupper() for ch in letters) / len(letters) >= _ALL_CAPS_RATIO


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _normalised(text: str) -> str:
    # str.split() and the regex \s agree on what whitespace is; joining the split is the faster way.
    return " ".join(text.split()).casefold()


def _looks_like_headline(text: str) -> bool:
    stripped = text.strip()
    return (
        bool(stripped)
        and not stripped.endswith((".", "!", "?", ";", ","))
        and 1 <= _word_count(stripped) <= _HEADLINE_MAX_WORDS
    )


def _is_section_heading(text: str) -> bool:
    stripped = text.strip()
    if _MARKDOWN_HEADING.match(stripped):
        return _word_count(stripped) <= 20
    if _LIST_ITEM.match(stripped) or stripped.endswith(_FINAL_PUNCTUATION):
        return False
    first = stripped.lstrip(_OPENING_PUNCTUATION)[:1]
    return bool(first) and (first.isupper() or first.isdigit()) and _word_count(stripped) <= SECTION_HEADING_MAX_WORDS


def _word_overlap(a: str, b: str) -> float:
    """Share of the smaller word set found in the other: 'Russian pulling ...' vs 'Russia pulls ...'."""
    words_a, words_b = set(_WORD.findall(a.casefold())), set(_WORD.findall(b.casefold()))
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / min(len(words_a), len(words_b))


# --------------------------------------------------------------------------- public


def split_sentences(article: Article) -> list[Sentence]:
    """Every sentence of an article, in order, each with a status and (when set aside) a reason.

    The first headline line is used (headlines often carry the key claim); later
    repeats or variants of it are set aside as ``"headline"``; verbatim repeats of a
    used sentence are ``"merged"``. ``Sentence.source`` is the article's source, or its
    id when the source is unknown (so two unnamed articles never count as one outlet).

    Example:
        >>> from contradict.types import Article
        >>> text = "Russia withdraws troops\\n\\nRussia said 10,000 troops left.\\n\\nCLICK HERE TO GET THE APP"
        >>> [(s.text, s.status, s.reason) for s in split_sentences(Article(text=text, id="a", source="X"))]
        [('Russia withdraws troops', 'used', None), ('Russia said 10,000 troops left.', 'used', None), ('CLICK HERE TO GET THE APP', 'set aside', 'promo')]
    """
    text = article.text
    article_id = article.id or _content_id(text)
    source = article.source or article_id
    title = _normalised(article.title) if article.title else None

    spans = split_spans(text)
    furniture = sorted(article.set_aside_spans)
    lines: dict[int, list[tuple[int, int, bool]]] = {}
    for start, end, line_number, is_metadata in spans:
        lines.setdefault(line_number, []).append((start, end, is_metadata))

    sentences: list[Sentence] = []
    first_used_by_text: dict[str, str] = {}
    headline_text: str | None = None
    body_started = False  # a sentence with final punctuation was used: headline variants end there

    next_furniture = 0
    for line_number in sorted(lines):
        pieces = lines[line_number]
        # Lines come in text order, so one cursor walks the page-furniture spans in step.
        while next_furniture < len(furniture) and furniture[next_furniture][1] <= pieces[0][0]:
            next_furniture += 1
        if next_furniture < len(furniture) and furniture[next_furniture][0] <= pieces[0][0]:
            page_reason = furniture[next_furniture][2]
            for start, end, _ in pieces:
                sentences.append(Sentence(
                    id=f"{article_id}:{start}-{end}", article_id=article_id, source=source, text=text[start:end],
                    start=start, end=end, index=len(sentences), status=SET_ASIDE, reason=page_reason,
                ))
            continue
        content = [(s, e) for s, e, is_meta in pieces if not is_meta]
        line_text = text[content[0][0]: content[-1][1]] if content else ""
        line_reason = _boilerplate_reason(line_text, first_line=headline_text is None and not body_started) if content else None
        single = len(content) == 1

        for start, end, is_metadata in pieces:
            sentence_text = text[start:end]
            status, reason = USED, None
            key = _normalised(sentence_text)
            if is_metadata:
                status, reason = SET_ASIDE, METADATA
            elif line_reason:
                status, reason = SET_ASIDE, line_reason
            elif key in first_used_by_text:
                status, reason = MERGED, MERGED_REASON_PREFIX + first_used_by_text[key]
            elif single and headline_text is None and not body_started and (
                key == title or _looks_like_headline(sentence_text)
            ):
                headline_text = sentence_text  # the first headline is used as a claim
            elif single and not body_started and headline_text is not None and (
                key == title or (_looks_like_headline(sentence_text) and _word_overlap(sentence_text, headline_text) >= _HEADLINE_VARIANT_OVERLAP)
            ):
                status, reason = SET_ASIDE, HEADLINE
            elif single and _is_section_heading(sentence_text):
                status, reason = SET_ASIDE, SECTION_HEADING
            elif _word_count(sentence_text) < MIN_CLAIM_WORDS:
                status, reason = SET_ASIDE, TOO_SHORT

            sentence_id = f"{article_id}:{start}-{end}"
            if status == USED:
                first_used_by_text.setdefault(key, sentence_id)
                if sentence_text != headline_text:
                    body_started = True
            sentences.append(
                Sentence(
                    id=sentence_id,
                    article_id=article_id,
                    source=source,
                    text=sentence_text,
                    start=start,
                    end=end,
                    index=len(sentences),
                    status=status,
                    reason=reason,
                )
            )
    return sentences


def _content_id(text: str) -> str:
    from contradict.load import content_id

    return content_id(text)


_SENTENCE_COLUMNS = tuple(f.name for f in fields(Sentence))


def sentences_to_frame(sentences: Iterable[Sentence]):
    """A pandas DataFrame with one row per sentence and one column per Sentence field.

    Example:
        >>> frame = sentences_to_frame(split_sentences(Article(text="Troops left the border.", id="a")))
        >>> list(frame.columns)[:4]
        ['id', 'article_id', 'source', 'text']
    """
    import pandas as pd

    return pd.DataFrame([[getattr(s, name) for name in _SENTENCE_COLUMNS] for s in sentences], columns=list(_SENTENCE_COLUMNS))
