"""Article text from a web page: the body a reader came for, every other visible block set aside with a reason.

A news page carries a cookie notice, share buttons, related-story headlines and reader
comments beside the article. Attributed to the outlet, their sentences would be false
claims ("at least 500,000 troops" from a reader's comment), so they must not become
claims; but nothing the user gave is silently dropped either. :func:`extract_page`
therefore returns **every** visible text block of the page, in page order, each either
part of the body (``reason`` is None) or set aside with a reason ("reader comments",
"navigation", "outside the article body", ...), plus the page's metadata.

Two readers, each doing what it is good at:

* A streaming reader (the standard library's :class:`html.parser.HTMLParser`, linear in
  the size of the page whatever its nesting depth) lists the visible blocks and the
  container each sits in (``<nav>``, ``class="comments"``, ``hidden``, ...).
* `trafilatura <https://trafilatura.readthedocs.io>`_ (Apache-2.0) decides which blocks
  are the article body and reads title, site name, date and author. A block is body when
  most of its words appear in trafilatura's text, in the same order.

When trafilatura finds no body (a page nested deeper than its parser goes, a page that
is only a list), the blocks outside navigation, comments and other page furniture are
the body, as a plain visible-text reader would keep them, and a note says so.

Example:
    >>> page = extract_page("<html><body><nav>Home</nav><article><p>Troops left the border on Monday, "
    ...                     "officials said.</p></article></body></html>")
    >>> [(block.text, block.reason) for block in page.blocks]
    [('Home', 'navigation'), ('Troops left the border on Monday, officials said.', None)]
"""

from __future__ import annotations

import re
import warnings as _warnings
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = [
    "PAGE_SET_ASIDE_REASONS",
    "OUTSIDE_BODY",
    "Block",
    "Page",
    "declared_charset",
    "extract_page",
]

NAVIGATION = "navigation"
COOKIE_NOTICE = "cookie notice"
SHARE_BUTTONS = "share buttons"
READER_COMMENTS = "reader comments"
RELATED_STORIES = "related stories"
PROMOTION = "promotion"
PAGE_HEADER = "page header"
PAGE_FOOTER = "page footer"
SIDEBAR = "sidebar"
PAGE_CONTROLS = "page controls"
HIDDEN = "hidden on the page"
OUTSIDE_BODY = "outside the article body"

#: Every reason a page block can be set aside for. The sentences of such a block are set
#: aside with the same reason (see :mod:`contradict.sentences`).
PAGE_SET_ASIDE_REASONS: tuple[str, ...] = (
    NAVIGATION, COOKIE_NOTICE, SHARE_BUTTONS, READER_COMMENTS, RELATED_STORIES, PROMOTION,
    PAGE_HEADER, PAGE_FOOTER, SIDEBAR, PAGE_CONTROLS, HIDDEN, OUTSIDE_BODY,
)

#: Containers whose text is never the article, whatever the page extractor kept: a short page
#: makes trafilatura fall back to generous readers that keep footers and menus.
ALWAYS_SET_ASIDE = frozenset(PAGE_SET_ASIDE_REASONS) - {PAGE_HEADER, SIDEBAR, OUTSIDE_BODY}
#: Deeper than this, lxml (and so trafilatura) stops building the tree: the page is read
#: by the streaming reader alone rather than half-read by trafilatura.
MAX_EXTRACTOR_DEPTH = 200
#: Share of a block's word 5-grams found in trafilatura's text for the block to be body.
BODY_SHARE = 0.5
_NGRAM = 5

# Elements whose content is never shown as text.
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head", "title", "canvas"})
# Elements that cannot hold content: never pushed on the open-element stack.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})
_BLOCK = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
    "pre", "table", "tr", "td", "th", "figure", "figcaption", "dl", "dt", "dd", "hr", "address", "nav", "header",
    "footer", "aside", "form", "details", "summary", "body", "html", "button", "select", "option", "label", "caption",
})
_TAG_REASONS = {
    "nav": NAVIGATION, "header": PAGE_HEADER, "footer": PAGE_FOOTER, "aside": SIDEBAR, "form": PAGE_CONTROLS,
    "button": PAGE_CONTROLS, "select": PAGE_CONTROLS, "textarea": PAGE_CONTROLS, "label": PAGE_CONTROLS,
}
_ROLE_REASONS = {
    "navigation": NAVIGATION, "banner": PAGE_HEADER, "contentinfo": PAGE_FOOTER, "complementary": SIDEBAR,
    "search": PAGE_CONTROLS, "dialog": PAGE_CONTROLS, "alertdialog": PAGE_CONTROLS, "menu": NAVIGATION, "menubar": NAVIGATION,
}
# Words in class, id or aria-label that name page furniture, tried in this order. Whole
# words of the attribute ("comment-list", "js-share"), so "commentary" is not "comment".
_CLASS_REASONS = (
    (COOKIE_NOTICE, re.compile(r"(?:^|[\W_])(?:cookies?|consent|gdpr|cmp)(?:$|[\W_])")),
    (READER_COMMENTS, re.compile(r"(?:^|[\W_])(?:comments?|disqus|replies|discussion)(?:$|[\W_])")),
    (SHARE_BUTTONS, re.compile(r"(?:^|[\W_])(?:share|sharing|social|sharebar)(?:$|[\W_])")),
    (RELATED_STORIES, re.compile(
        r"(?:^|[\W_])(?:related|recommended|recommendations|more[\W_]stories|read[\W_]more|trending|most[\W_]read|"
        r"popular|outbrain|taboola|also[\W_]read)(?:$|[\W_])")),
    (PROMOTION, re.compile(r"(?:^|[\W_])(?:newsletter|subscribe|subscription|signup|promo|advert|advertisement|ad|ads|sponsored|paywall)(?:$|[\W_])")),
    (NAVIGATION, re.compile(r"(?:^|[\W_])(?:breadcrumbs?|menu|navbar|nav|navigation|skip[\W_]link)(?:$|[\W_])")),
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_WORD = re.compile(r"\w+")
_DATE_META = (
    ("property", "article:published_time"), ("property", "og:published_time"), ("name", "date"),
    ("name", "pubdate"), ("name", "publishdate"), ("name", "dc.date"), ("itemprop", "datepublished"),
)


@dataclass(frozen=True)
class Block:
    """One visible text block of a page: a paragraph, a heading, a list item, a menu.

    ``reason`` is None for the article body, else why the block is set aside.
    """

    text: str
    reason: str | None = None


@dataclass(frozen=True)
class Page:
    """What a page holds: its blocks in page order, its metadata, and notes on how it was read.

    ``metadata`` has the keys among ``title``, ``source`` (the site name), ``date``,
    ``author`` and ``url`` the page states, as written (dates not yet normalised).
    """

    blocks: tuple[Block, ...]
    metadata: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        """The body blocks as paragraphs separated by blank lines."""
        return "\n\n".join(block.text for block in self.blocks if block.reason is None)


# --------------------------------------------------------------------------- charset

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
#: Browsers look for a declared charset in the first 1024 bytes; pages written by hand put it later.
CHARSET_PRESCAN_BYTES = 4096


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The character encoding a page declares, as a Python codec name, or None.

    The HTTP ``Content-Type`` header wins (as in browsers), then ``<meta charset=...>`` or
    ``<meta http-equiv="Content-Type" content="...; charset=...">`` near the start of the
    page. Names Python does not know are ignored; ``iso-8859-1`` and ``us-ascii`` mean
    ``windows-1252``, as the WHATWG encoding standard says.

    Example:
        >>> declared_charset(b'<html><head><meta charset="windows-1251"><title>x</title>')
        'cp1251'
        >>> declared_charset(b"<p>no declaration</p>", "text/html; charset=UTF-8")
        'utf-8'
    """
    import codecs

    candidates = []
    if content_type and (match := _CONTENT_TYPE_CHARSET.search(content_type)):
        candidates.append(match[1])
    if match := _META_CHARSET.search(data[:CHARSET_PRESCAN_BYTES]):
        candidates.append(match[1].decode("ascii", "ignore"))
    for name in candidates:
        name = name.strip().lower()
        if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
            name = "windows-1252"
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return None


# --------------------------------------------------------------------------- streaming reader


class _BlockReader(HTMLParser):
    """Visible text blocks with the reason of the container each sits in; page metadata from meta tags.

    Linear in the page: every element is pushed and popped once. An end tag with no open
    element of that name is ignored (a count per tag name says so in O(1)); one that closes
    an element further down the stack closes those above it too, as browsers do.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []  # (tag, reason, invisible) per open element
        self.open_count: dict[str, int] = {}
        self.blocks: list[Block] = []
        self.pieces: list[str] = []
        self.piece_reason: str | None = None
        self.meta: dict[tuple[str, str], str] = {}
        self.title_parts: list[str] = []
        self.canonical: str | None = None
        self.time_datetime: str | None = None
        self.max_depth = 0

    # context of the innermost open element
    def _reason(self) -> str | None:
        return self.stack[-1][1] if self.stack else None

    def _invisible(self) -> bool:
        return self.stack[-1][2] if self.stack else False

    def flush(self) -> None:
        text = "\n".join(_SPACES.sub(" ", line).strip() for line in "".join(self.pieces).split("\n"))
        text = re.sub(r"\n{2,}", "\n", text).strip("\n ")
        if text:
            self.blocks.append(Block(text, self.piece_reason))
        self.pieces = []

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta":
            self._meta(attributes)
        elif tag == "link" and "canonical" in attributes.get("rel", "").lower().split() and self.canonical is None:
            self.canonical = attributes.get("href")
        elif tag == "time" and self.time_datetime is None and attributes.get("datetime"):
            self.time_datetime = attributes["datetime"]
        if tag == "br":
            self.pieces.append("\n")
            return
        if tag in _BLOCK:
            self.flush()
        if tag in _VOID:
            return
        # A menu inside the page header is navigation: a specific container names its text
        # better than the header or sidebar around it.
        inherited = self._reason()
        reason = inherited if inherited not in (None, PAGE_HEADER, SIDEBAR) else (self._own_reason(tag, attributes) or inherited)
        invisible = self._invisible() or tag in _INVISIBLE
        self.stack.append((tag, reason, invisible))
        self.open_count[tag] = self.open_count.get(tag, 0) + 1
        self.max_depth = max(self.max_depth, len(self.stack))

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open_count.get(tag):
            if tag in _BLOCK:
                self.flush()
            return
        if tag in _BLOCK:
            self.flush()
        while self.stack:
            closed, _, _ = self.stack.pop()
            self.open_count[closed] -= 1
            if closed in _BLOCK:
                self.flush()
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if not data:
            return
        in_title = bool(self.stack) and self.stack[-1][0] == "title"
        if in_title:
            self.title_parts.append(data)
            return
        if self._invisible():
            return
        reason = self._reason()
        if reason != self.piece_reason and "".join(self.pieces).strip():
            self.flush()
        if not "".join(self.pieces).strip():
            self.piece_reason = reason
        self.pieces.append(data.replace("\r", " ").replace("\n", " "))

    def close(self) -> None:
        super().close()
        self.flush()

    def _own_reason(self, tag: str, attributes: dict[str, str]) -> str | None:
        if "hidden" in attributes or attributes.get("aria-hidden", "").lower() == "true":
            return HIDDEN
        if _HIDDEN_STYLE.search(attributes.get("style", "").lower()):
            return HIDDEN
        if tag in ("html", "body", "main"):
            return None  # page-wide class names ("js-cookies-enabled", "has-share-bar") are no furniture
        # Class names first: <aside class="related"> says more than <aside>.
        words = " ".join((attributes.get("class", ""), attributes.get("id", ""), attributes.get("aria-label", ""))).lower()
        if words.strip():
            for reason, pattern in _CLASS_REASONS:
                if pattern.search(words):
                    return reason
        if tag in _TAG_REASONS:
            return _TAG_REASONS[tag]
        return _ROLE_REASONS.get(attributes.get("role", "").lower())

    def _meta(self, attributes: dict[str, str]) -> None:
        content = attributes.get("content", "").strip()
        if not content:
            return
        for key in ("property", "name", "itemprop"):
            if value := attributes.get(key):
                self.meta.setdefault((key, value.strip().lower()), content)


# --------------------------------------------------------------------------- extraction


def extract_page(markup: str, *, url: str | None = None) -> Page:
    """Every visible block of a page, the article body told from the rest, and the page metadata.

    ``url`` (where the page came from) helps trafilatura and fills ``metadata["url"]`` when
    the page names no canonical address.

    Example:
        >>> page = extract_page('<html><head><meta property="og:site_name" content="The Ledger"></head>'
        ...                     '<body><p>Ten ferries were cancelled on Monday because of the storm.</p></body></html>')
        >>> page.metadata["source"], page.body
        ('The Ledger', 'Ten ferries were cancelled on Monday because of the storm.')
    """
    reader = _BlockReader()
    reader.feed(markup)
    reader.close()
    metadata = _reader_metadata(reader, url)
    notes: list[str] = []
    blocks = reader.blocks
    body_text = None
    if reader.max_depth > MAX_EXTRACTOR_DEPTH:
        notes.append(
            f"page is nested {reader.max_depth} elements deep; the article body was told from page furniture "
            "by the page structure alone"
        )
    elif blocks:
        body_text, extracted = _trafilatura(markup, url)
        for key, value in extracted.items():
            metadata.setdefault(key, value)
    # Last resorts, after what trafilatura reads (it strips the site name from <title>).
    if "title" not in metadata and (title := " ".join("".join(reader.title_parts).split())):
        metadata["title"] = title
    if "date" not in metadata and reader.time_datetime:
        metadata["date"] = reader.time_datetime
        if body_text is None:
            notes.append("no article body found by the page extractor; kept the visible text outside navigation, comments and other page furniture")
    if body_text is not None:
        judged = _judge_blocks(blocks, body_text)
        if any(block.reason is None for block in judged):
            blocks = judged
        else:
            notes.append("the page extractor's text matched no block of the page; kept the visible text outside page furniture")
    set_aside = sum(block.reason is not None for block in blocks)
    notes.insert(0, f"HTML page; {len(blocks) - set_aside} of {len(blocks)} text blocks are the article body, the other "
                    f"{set_aside} (navigation, comments, related stories, ...) are set aside with their reason")
    return Page(blocks=tuple(blocks), metadata=metadata, notes=tuple(notes))


def _reader_metadata(reader: _BlockReader, url: str | None) -> dict[str, str]:
    meta = reader.meta
    metadata: dict[str, str] = {}
    if title := meta.get(("property", "og:title")):
        metadata["title"] = title
    if site := meta.get(("property", "og:site_name")):
        metadata["source"] = site
    for key in _DATE_META:
        if date := meta.get(key):
            metadata["date"] = date
            break

    if author := meta.get(("name", "author")) or meta.get(("property", "article:author")):
        if not author.lower().startswith(("http://", "https://")):
            metadata["author"] = author
    if page_url := meta.get(("property", "og:url")) or reader.canonical or url:
        metadata["url"] = page_url
    return metadata


def _trafilatura(markup: str, url: str | None) -> tuple[str | None, dict[str, str]]:
    """trafilatura's body text (None when it finds none) and the metadata it read."""
    import trafilatura

    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")  # lxml's FutureWarnings on element truth-testing inside trafilatura
        try:
            document = trafilatura.bare_extraction(
                markup, url=url, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except (ValueError, TypeError, RecursionError):  # lxml refuses some malformed pages outright
            return None, {}
    if document is None:
        return None, {}
    metadata = {}
    for key, attribute in (("title", "title"), ("source", "sitename"), ("date", "date"), ("author", "author"), ("url", "url")):
        value = getattr(document, attribute, None)
        if isinstance(value, str) and value.strip():
            metadata[key] = value.strip()
    text = document.text if isinstance(document.text, str) and document.text.strip() else None
    return text, metadata


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _judge_blocks(blocks: list[Block], body_text: str) -> list[Block]:
    """Blocks whose words run in ``body_text`` are body; the rest set aside with their container's reason.

    Blocks in a container that is never the article (:data:`ALWAYS_SET_ASIDE`: navigation,
    comments, share buttons, ...) stay set aside. Word n-grams in sets keep this linear: a block of 5+ words is body when at least
    :data:`BODY_SHARE` of its 5-grams occur in the body text; a shorter block (a heading,
    a menu item) only when it is a whole line of the body text, so that "Home" is not
    body because the word occurs in the article.
    """
    body_words = _words(body_text)
    body_grams = {tuple(body_words[i:i + _NGRAM]) for i in range(len(body_words) - _NGRAM + 1)}
    body_lines = {tuple(_words(line)) for line in body_text.split("\n")}
    judged = []
    for block in blocks:
        words = _words(block.text)
        if len(words) < _NGRAM:
            in_body = bool(words) and tuple(words) in body_lines
        else:
            own = [tuple(words[i:i + _NGRAM]) for i in range(len(words) - _NGRAM + 1)]
            in_body = sum(gram in body_grams for gram in own) >= BODY_SHARE * len(own)
        if block.reason in ALWAYS_SET_ASIDE:
            in_body = False
        judged.append(Block(block.text, None if in_body else (block.reason or OUTSIDE_BODY)))
    return judged
