"""Load news articles from files and folders into :class:`contradict.types.Article` records.

Every input gets an account: each file found gets a :class:`FileStatus` ("used" or
"set aside: <reason>") and every oddity the loader repaired (an encoding guess, a file
cut at ``max_bytes``, control characters removed, HTML stripped, a non-English text)
becomes a one-line warning, both on the article (``Article.warnings``) and on the
:class:`LoadResult`. Problems that make an input unreadable (a missing path, malformed
JSON, a binary file) raise :class:`contradict.errors.InputError` with one line naming
the file and, when there is one, the line.

Formats:

* ``.txt`` / ``.md``: plain text, optionally opened by ``---`` front matter with
  ``source:``, ``title:``, ``date:``, ``url:``, ``story:`` lines (``story`` names the event an
  article reports, so a mixed feed is compared story by story: see :mod:`contradict.stories`).
* ``.json`` (one object or a list of objects), ``.jsonl`` (one object per line) and
  ``.csv`` (a header row): each record needs a ``text`` field and may carry the same
  metadata fields.
* ``.html`` / ``.htm``: the article body (trafilatura, see :mod:`contradict.extract`) first,
  then every other visible block of the page (menus, reader comments, related stories, ...)
  as ``Article.set_aside_spans`` with its reason; title, site name, date, author and url
  become metadata. A charset the page declares (``<meta charset>``) is honoured.
* ``NAME.meta.json`` beside ``NAME.txt`` (or any other article file) is sidecar
  metadata with the keys ``source``, ``title``, ``date``, ``url``, ``story`` (other keys, such as
  ``note``, are ignored). It overrides front matter and page metadata; for record files
  (json/jsonl/csv) it only fills fields a record leaves empty.

Example:
    >>> result = load_articles(["seeds/"])
    >>> [a.source for a in result.articles][:2]
    ['Fox News', 'Express']
"""

from __future__ import annotations

import codecs
import csv
import errno
import hashlib
import io
import json
import os
import re
import sys
import unicodedata
import urllib.parse
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from contradict.errors import InputError
from contradict.extract import declared_charset, extract_page
from contradict.fetch import FetchError, Fetcher, is_url
from contradict.types import Article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ARTICLE_SUFFIXES",
    "SIDECAR_SUFFIX",
    "FileStatus",
    "LoadResult",
    "load_articles",
    "content_id",
    "sanitize_text",
]

#: Files larger than this are cut (text, markdown, HTML, JSONL) or refused (JSON, CSV).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: File name endings read as articles. Anything else found in a folder is set aside.
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".json", ".jsonl", ".csv", ".html", ".htm")
#: ``NAME.meta.json`` next to ``NAME.txt`` carries that article's metadata.
SIDECAR_SUFFIX = ".meta.json"
#: Metadata keys read from front matter, sidecars, records and HTML.
METADATA_KEYS = ("source", "title", "date", "url", "author", "story")
#: Only this many characters are given to the language detector (it is slow on long texts).
LANGUAGE_SAMPLE_CHARS = 2000
#: Below this many letters language detection is a guess, so it is not attempted.
LANGUAGE_MIN_LETTERS = 40

USED_STATUS = "used"
SET_ASIDE_PREFIX = "set aside: "


@dataclass(frozen=True)
class FileStatus:
    """What happened to one input file (or one in-memory :class:`Article`).

    ``status`` is ``"used"`` or ``"set aside: <reason>"`` (``"set aside: empty
    article"``, ``"set aside: not an article format"``, ``"set aside: sidecar
    metadata"``, ``"set aside: listed twice"``). ``article_ids`` are the ids of the
    articles the file produced. In-memory articles are listed with a path of
    ``"<Article id>"`` unless they carry their own ``path``.
    """

    path: str
    status: str
    article_ids: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    #: The sidecar ``NAME.meta.json`` whose metadata was applied, if any.
    metadata_path: str | None = None

    @property
    def used(self) -> bool:
        return self.status == USED_STATUS

    @property
    def reason(self) -> str | None:
        """The set-aside reason ("empty article"), or None when the file was used."""
        return self.status[len(SET_ASIDE_PREFIX):] if self.status.startswith(SET_ASIDE_PREFIX) else None


@dataclass(frozen=True)
class LoadResult:
    """The articles read, one status per input file, and every warning, in input order."""

    articles: tuple[Article, ...]
    files: tuple[FileStatus, ...]
    warnings: tuple[str, ...]

    def files_frame(self):
        """The file statuses as a pandas DataFrame, one column per :class:`FileStatus` field.

        Example:
            >>> load_articles(["seeds"]).files_frame()["status"].tolist()[:1]
            ['used']
        """
        import pandas as pd

        columns = [f.name for f in fields(FileStatus)]
        rows = [[list(v) if isinstance(v, tuple) else v for v in (getattr(s, c) for c in columns)] for s in self.files]
        return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- text hygiene

# ANSI/VT escape sequences: CSI (colours, cursor moves), OSC (window titles, hyperlinks),
# and two-character escapes. Removed whole so no parameter bytes are left behind.
_ANSI_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS/SOS/PM/APC strings
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# Control characters that have no place in article text: C0 except tab/newline, DEL, C1,
# and the bidirectional overrides that can make a terminal show text in a false order.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Unpaired UTF-16 surrogates (JSON "\\ud800", or an Article built in Python) are not characters:
# tokenizers and JSON writers refuse them, so each becomes U+FFFD, the replacement character.
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")


def sanitize_text(text: str) -> tuple[str, int]:
    """Normalise text for analysis and for safe printing; return it and the count of characters removed.

    Unicode NFC, every line-break style to ``\\n``, ANSI escape sequences and other
    control characters removed (tabs and newlines kept), unpaired surrogates replaced by U+FFFD
    (counted with the removed characters).

    Example:
        >>> sanitize_text("Troops\\r\\n\\x1b[31mleft\\x1b[0m")
        ('Troops\\nleft', 9)
    """
    text = _LINE_BREAKS.sub("\n", text)
    before = len(text)
    text = _ANSI_ESCAPE.sub("", text)
    text = _CONTROL_CHARS.sub("", text)
    text, replaced = _LONE_SURROGATES.subn("\ufffd", text)
    removed = before - len(text) + replaced
    return unicodedata.normalize("NFC", text), removed


def _one_line(message: str) -> str:
    """A message safe to print: control characters removed, all whitespace runs made one space."""
    return " ".join(sanitize_text(message)[0].split())


def _input_error(message: str) -> InputError:
    # File names and JSON keys in messages come from the input: keep them to one safe line.
    return InputError(_one_line(message))


class _UnreadableFile(InputError):
    """A file that cannot be read as text at all (binary, no permission): named alone, an error;
    found in a folder, set aside with ``reason`` like an image."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class _NoRecords(InputError):
    """A json/jsonl/csv file that holds no record: set aside with a warning (``notes``: what reading it noted)."""

    def __init__(self, message: str, notes: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.notes = notes


def content_id(text: str) -> str:
    """A short stable id for text without a file name: the first 12 hex digits of its SHA-1.

    Example:
        >>> content_id("Russia withdrew 10,000 troops.")
        '3bd8e3dafae5'
    """
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


# --------------------------------------------------------------------------- reading bytes

# Binary detection looks at the first block only: enough for NUL-filled formats.
_BINARY_SAMPLE_BYTES = 8192
_BINARY_CONTROL_RATIO = 0.10
_TEXT_CONTROL_BYTES = {9, 10, 12, 13, 27}  # tab, LF, FF, CR, ESC (ESC is handled as ANSI)


def _read_capped(path: Path, max_bytes: int) -> tuple[bytes, bool]:
    """Read at most ``max_bytes`` bytes; say whether the file was longer. Never slurps a huge file."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise _UnreadableFile(_one_line(f"{path}: cannot read ({error.strerror or error})"), "unreadable") from None
    if len(data) > max_bytes:
        return data[:max_bytes], True
    return data, False


def _looks_binary(data: bytes) -> bool:
    sample = data[:_BINARY_SAMPLE_BYTES]
    if not sample:
        return False
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False  # UTF-16 text is full of NULs but is text
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROL_BYTES)
    return controls / len(sample) > _BINARY_CONTROL_RATIO


#: Up to this many offsets of bytes that are not UTF-8 are named in the warning (the rest are counted).
_OFFSETS_NAMED = 5


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when the bytes read as UTF-16 text without a byte-order mark, else None.

    Text in a Latin script stored as UTF-16 has a NUL in (nearly) every other byte and almost
    none in the others; no text in a one-byte encoding does, and binary files scatter them.
    """
    sample = data[:_BINARY_SAMPLE_BYTES]
    sample = sample[: len(sample) - len(sample) % 2]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, mostly_nul, rarely_nul in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if mostly_nul >= 0.6 * half and rarely_nul <= 0.02 * half:
            return encoding
    return None


def _decode_utf8_per_byte(data: bytes, final: bool) -> tuple[str, list[int], int]:
    """UTF-8 with each invalid byte sequence replaced by U+FFFD.

    Returns the text, the byte offsets of the invalid sequences, and how many valid
    non-ASCII characters were read (evidence that the file is UTF-8 after all). Stops early
    once invalid sequences plainly outnumber valid characters: the caller then tries other
    encodings, and a file of random bytes is not walked error by error.
    """
    view = memoryview(data)
    parts: list[str] = []
    offsets: list[int] = []
    valid_non_ascii = 0
    position = 0
    while True:
        try:
            part, _ = codecs.utf_8_decode(view[position:], "strict", final)
        except UnicodeDecodeError as error:
            part, _ = codecs.utf_8_decode(view[position:position + error.start], "strict", True)
            parts.append(part)
            valid_non_ascii += len(part) - len(part.encode("ascii", "ignore"))
            parts.append("\ufffd")
            offsets.append(position + error.start)
            position += error.end
            if len(offsets) > 200 and len(offsets) > 2 * valid_non_ascii:
                return "".join(parts), offsets, valid_non_ascii  # plainly not UTF-8: no need to read on
            continue
        parts.append(part)
        valid_non_ascii += len(part) - len(part.encode("ascii", "ignore"))
        return "".join(parts), offsets, valid_non_ascii


#: Above this share of "mess" (charset-normalizer's measure: odd symbols, mixed scripts, accents in
#: odd places), a decoding is not text: cp1252 French scores 0.0, a cp1252 file with one undefined
#: byte read as latin-1 0.13, Russian cp1251 read as cp1252 1.3, random bytes about 3.
LEGACY_MAX_MESS = 0.2
#: The mess of a long file is judged on its start.
_MESS_SAMPLE_CHARS = 20_000


def _legacy_decode(data: bytes, display: str) -> tuple[str, list[str]]:
    """Text in a one-byte encoding, or an error when no encoding reads the bytes as text.

    Windows-1252 first, then latin-1 (the usual Western ones, which charset-normalizer's ranking
    gets wrong on short texts: cp1250 for French turns "à" into "ŕ"), each kept only when the
    text it gives is not a mess (:data:`LEGACY_MAX_MESS`); else charset-normalizer's best guess
    (cp1251 Russian, ...). Random bytes read as a mess in every encoding and are refused.
    """
    try:
        from charset_normalizer import from_bytes
        from charset_normalizer.md import mess_ratio
    except ImportError:  # without charset-normalizer: the old rule, Windows-1252 else latin-1 (reads any byte)
        from_bytes = None

        def mess_ratio(text, maximum_threshold=LEGACY_MAX_MESS):
            return 0.0
    for encoding, name in (("cp1252", "cp1252 (Windows-1252)"), ("latin-1", "latin-1")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if mess_ratio(text[:_MESS_SAMPLE_CHARS], 1.0) < LEGACY_MAX_MESS:  # 1.0: measured in full, not cut short
            return text, [f"{display}: not UTF-8; decoded as {name}, check accented characters"]
    best = from_bytes(data).best() if from_bytes is not None else None
    if best is None or best.chaos >= LEGACY_MAX_MESS:
        raise _UnreadableFile(_one_line(f"{display}: not a text file (its bytes are not UTF-8 and read as no known text encoding)"),
                              "not a text file (no text encoding reads it)")
    return str(best), [f"{display}: not UTF-8; decoded as {best.encoding.replace('_', '-')}, check the characters"]


def _decode(data: bytes, display: str, truncated: bool) -> tuple[str, list[str]]:
    """Decode bytes as UTF-8 byte by byte: a stray invalid byte becomes U+FFFD (and is named), the rest stays UTF-8.

    A byte-order mark (UTF-8, UTF-16) is honoured, and UTF-16 without one is recognised. When
    invalid bytes outnumber the file's valid UTF-8 characters, the file is not UTF-8: another
    encoding is chosen (:func:`_legacy_decode`), or, when none reads it as text, it is refused.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif encoding := ("utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else _utf16_without_bom(data)):
        # A cut may split a UTF-16 code unit; drop the odd byte.
        data = data[: len(data) - len(data) % 2]
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            if encoding == "utf-16":
                raise _input_error(f"{display}: starts with a UTF-16 mark but is not valid UTF-16") from None
            return data.decode(encoding, errors="replace"), [f"{display}: read as {encoding.upper()} (no byte-order mark); "
                                                             "some code units were not valid and became U+FFFD"]
        return text, [] if encoding == "utf-16" else [f"{display}: read as {encoding.upper()} (no byte-order mark)"]
    # final=False when we cut the file: a multi-byte character split by the cut is dropped.
    text, offsets, valid_non_ascii = _decode_utf8_per_byte(data, final=not truncated)
    if not offsets:
        return text, []
    if valid_non_ascii and len(offsets) <= 2 * valid_non_ascii:
        named = ", ".join(str(offset) for offset in offsets[:_OFFSETS_NAMED])
        more = f" and {len(offsets) - _OFFSETS_NAMED} more" if len(offsets) > _OFFSETS_NAMED else ""
        return text, [f"{display}: {len(offsets)} invalid UTF-8 byte sequence(s) replaced by U+FFFD "
                      f"at byte offset {named}{more}; the rest read as UTF-8"]
    return _legacy_decode(data, display)


def _bytes_to_text(
    data: bytes, truncated: bool, display: str, max_bytes: int, *, allow_cut: bool, html: bool = False,
    content_type: str | None = None,
) -> tuple[str, list[str], bool]:
    """Binary-check and decode bytes read from a file or a URL; a page's declared charset is honoured.

    Returns (text, warnings, was_cut)."""
    if _looks_binary(data) and not _utf16_without_bom(data):
        raise _UnreadableFile(
            _one_line(f"{display}: not a text file (binary content: NUL bytes or control characters)"), "not a text file (binary content)"
        )
    if truncated and not allow_cut:
        raise _input_error(
            f"{display}: larger than max_bytes ({max_bytes} bytes) and cannot be cut without breaking it; "
            "raise max_bytes or split the file"
        )
    charset = declared_charset(data, content_type) if html else None
    if charset and charset != "utf-8" and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode(charset, errors="replace")
        notes = [f"{display}: decoded as {charset}, the charset the page declares"]
        if "\ufffd" in text:
            notes.append(f"{display}: {text.count(chr(0xfffd))} byte(s) are not valid {charset}; replaced by \ufffd")
    else:
        text, notes = _decode(data, display, truncated)
    if truncated:
        notes.append(f"{display}: file is larger than {max_bytes} bytes; only the first {max_bytes} bytes were read")
    return text, notes, truncated


# --------------------------------------------------------------------------- metadata

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:.*\n)*?)---[ \t]*(?:\n|\Z)")
_FRONT_MATTER_LINE = re.compile(r"^\s*(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
# " date 2022-02-17 Russia announced ..." - a scraper's leftover at the very start of a text.
_LEADING_DATE = re.compile(r"\A\s*(?:date|published|updated)\s*:?\s*(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?$")
_SLASH_DATE = re.compile(r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})\s*$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})\s*$")
_MONTH_DAY_YEAR = re.compile(r"^\s*([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\s*$")


def _normalise_date(value: str) -> str | None:
    """ISO ``YYYY-MM-DD`` from the common ways dates are written, or None when not understood."""
    year = month = day = None
    if match := (_ISO_DATE.match(value) or _SLASH_DATE.match(value)):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_MONTH_YEAR.match(value):
        day, month, year = int(match[1]), _MONTHS.get(match[2].lower()), int(match[3])
    elif match := _MONTH_DAY_YEAR.match(value):
        month, day, year = _MONTHS.get(match[1].lower()), int(match[2]), int(match[3])
    if not month or not (1 <= month <= 12) or not (1 <= (day or 0) <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _clean_metadata(raw: dict, display: str, notes: list[str]) -> dict[str, str | None]:
    """Keep the known keys as stripped strings; normalise the date; note what could not be used."""
    cleaned: dict[str, str | None] = {}
    for key in METADATA_KEYS:
        if key not in raw or raw[key] is None:
            continue
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise _input_error(f"{display}: metadata field {key!r} must be text, not {type(value).__name__}")
        value, _ = sanitize_text(str(value))
        value = " ".join(value.split())
        if not value:
            continue
        if key == "date":
            iso = _normalise_date(value)
            if iso is None:
                notes.append(f"{display}: date {value!r} not understood (want YYYY-MM-DD); date left unknown")
                continue
            value = iso
        if key == "url" and not is_web_url(value):
            notes.append(f"{display}: url {value[:80]!r} is not an http(s) address; dropped")
            continue
        cleaned[key] = value
    return cleaned


_WEB_URL = re.compile(r"https?://[^\s/?#]+", re.IGNORECASE)


def is_web_url(value: object) -> bool:
    """Whether ``value`` is an http(s) address with a host: the only urls any output format writes.

    Example:
        >>> is_web_url("https://www.bbc.co.uk/news/1"), is_web_url("javascript:alert(1)")
        (True, False)
    """
    return isinstance(value, str) and _WEB_URL.match(value) is not None


def safe_name(name: str) -> str:
    """A file name or id made safe to print: the loader's text hygiene, tabs and line breaks made spaces.

    Names reach ids, outlets and every output format: an escape byte in a file name must not.

    Example:
        >>> safe_name("evil\x1b[2Jname.txt")
        'evilname.txt'
    """
    return re.sub(r"[\t\n]", " ", sanitize_text(name)[0])


def _split_front_matter(text: str, display: str, notes: list[str]) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    raw: dict[str, str] = {}
    for line in match["body"].splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        field = _FRONT_MATTER_LINE.match(line)
        if field:
            value = field["value"]
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            raw[field["key"].lower()] = value
    return _clean_metadata(raw, display, notes), text[match.end():]


_SIDECAR_MAX_BYTES = 1_000_000


def _read_sidecar(path: Path, display: str, notes: list[str]) -> dict:
    sidecar = _sidecar_path(path)
    if not sidecar.is_file():
        return {}
    sidecar_display = _sibling_display(display, sidecar)
    data, too_long = _read_capped(sidecar, _SIDECAR_MAX_BYTES)
    if too_long:
        raise _input_error(f"{sidecar_display}: sidecar metadata larger than {_SIDECAR_MAX_BYTES} bytes; is it really metadata?")
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise _input_error(f"{sidecar_display}: cannot read sidecar metadata ({error})") from None
    except json.JSONDecodeError as error:
        raise _input_error(f"{sidecar_display}:{error.lineno}: not valid JSON ({error.msg})") from None
    except (ValueError, RecursionError) as error:
        raise _input_error(f"{sidecar_display}: not valid JSON ({type(error).__name__})") from None
    if not isinstance(raw, dict):
        raise _input_error(f"{sidecar_display}: sidecar metadata must be a JSON object with source/title/date/url")
    return _clean_metadata(raw, sidecar_display, notes)


def _sidecar_path(path: Path) -> Path:
    return path.with_name(path.name[: -len(path.suffix)] + SIDECAR_SUFFIX) if path.suffix else path.with_name(path.name + SIDECAR_SUFFIX)


def _sibling_display(display: str, sibling: Path) -> str:
    return os.path.join(os.path.dirname(display), sibling.name)


_HEADLINE_MAX_WORDS = 25
_HEADLINE_MAX_CHARS = 200


def with_headline(text: str, title: str | None) -> str:
    """The text opened by its title line, unless it already opens with it.

    A title given apart from the text (front matter, a sidecar, a record's field,
    ``Article.title``) is the outlet's headline, and a headline is a claim: the report reads it
    as the first sentence, as it does a headline written at the top of the text.

    Example:
        >>> with_headline("Troops left on Monday.", "Russia Pulls Back Troops")
        'Russia Pulls Back Troops\n\nTroops left on Monday.'
        >>> with_headline("# Russia Pulls Back Troops\n\nTroops left.", "Russia pulls back troops")
        '# Russia Pulls Back Troops\n\nTroops left.'
    """
    title = " ".join((title or "").split())
    if not title:
        return text
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if line:
            first, wanted = " ".join(line.split()).casefold(), title.casefold()
            if wanted in first or first in wanted:  # "Headline | World | News": the text has its headline
                return text
            break
    return f"{title}\n\n{text}"


def _headline_of(text: str) -> str | None:
    """The first non-empty line when it reads like a headline: short and without a final full stop."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if not line:
            continue
        words = line.split()
        if (
            len(line) <= _HEADLINE_MAX_CHARS
            and 2 <= len(words) <= _HEADLINE_MAX_WORDS
            and not line.endswith((".", ",", ";", ":"))
            and not line[0].islower()
        ):
            return line
        return None
    return None


def prettify_stem(stem: str) -> str:
    """A readable outlet name from a file name stem: ``fox_news`` -> ``Fox News``.

    Example:
        >>> prettify_stem("bbc-news")
        'Bbc News'
    """
    words = re.split(r"[\s_\-.]+", stem.strip())
    return " ".join(word.capitalize() if word.isalpha() and word.islower() else word for word in words if word) or stem


# --------------------------------------------------------------------------- HTML


def _page_text(markup: str, display: str, notes: list[str], *, url: str | None = None) -> tuple[str, tuple[tuple[int, int, str], ...], dict]:
    """An HTML page as article text: the body first, then every set-aside block with its span and reason.

    Each block is sanitised here, so the spans still hold after :func:`sanitize_text` runs on
    the whole text (which then has nothing left to change).
    """
    page = extract_page(markup, url=url)
    notes.extend(f"{display}: {note}" for note in page.notes)
    body = [sanitize_text(block.text)[0].strip() for block in page.blocks if block.reason is None]
    text = "\n\n".join(part for part in body if part)
    spans: list[tuple[int, int, str]] = []
    for block in page.blocks:
        if block.reason is None or not (clean := sanitize_text(block.text)[0].strip()):
            continue
        start = len(text) + 2 if text else 0
        text = f"{text}\n\n{clean}" if text else clean
        spans.append((start, len(text), block.reason))
    return text, tuple(spans), _clean_metadata(page.metadata, display, notes)


def _without_spans(text: str, spans) -> str:
    return Article(text=text, set_aside_spans=spans).body


# --------------------------------------------------------------------------- language


# langdetect costs several milliseconds per article (n-gram extraction plus seven random
# trials), and a corpus is nearly always English news. Text that is clearly English is
# therefore recognised by its function words first, and only the rest goes to langdetect.
# The words below are frequent in any English prose and rare as words in other languages
# written in Latin script ("at", "for", "her", "by" and "over" are left out: Danish and
# Norwegian words; "in", "is", "was", "an", "to", "on", "a" too: Dutch, German, Polish,
# French, Spanish words). English news has >= 18% of its words in this set (measured on
# 505 articles); news in French, German, Spanish, Italian, Portuguese, Dutch, Danish and
# Polish none, a French text quoting English 3% (tests/test_language.py): the threshold
# leaves a wide margin both ways.
_ENGLISH_MARKERS = frozenset(
    """
    the and of that with from this which have has had were are been being would could should
    their they them its it his him she said says not but be who whom after about than there
    these those what when where while into you your our more because between against during
    before since
    """.split()
)
#: Share of words that must be English markers for the text to count as English without langdetect.
ENGLISH_MARKER_SHARE = 0.15
#: Fewer words than this in the sample: too little evidence for the shortcut, ask langdetect.
ENGLISH_MIN_WORDS = 20
#: More than this share of non-ASCII letters (a long quote in another language): ask langdetect.
ENGLISH_MAX_NON_ASCII = 0.03
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _clearly_english(sample: str) -> bool:
    """Whether a text is English beyond doubt: many English function words, (nearly) only ASCII letters.

    Conservative: False sends the text to langdetect, so a miss only costs time.

    Example:
        >>> _clearly_english("Russia said on Tuesday that it had pulled back some of the troops it had massed near the border with Ukraine, but NATO said it saw no sign of it.")
        True
        >>> _clearly_english("La Russie a annoncé mardi le retrait d'une partie des troupes massées près de la frontière ukrainienne.")
        False
    """
    words = _LETTER_RUN.findall(sample.lower())
    if len(words) < ENGLISH_MIN_WORDS:
        return False
    markers = sum(1 for word in words if word in _ENGLISH_MARKERS)
    if markers < ENGLISH_MARKER_SHARE * len(words):
        return False
    if sample.isascii():
        return True
    letters = sum(map(len, words))
    non_ascii = sum(1 for word in words if not word.isascii() for ch in word if not ch.isascii())
    return non_ascii <= ENGLISH_MAX_NON_ASCII * letters


def _has_letters(sample: str, minimum: int) -> bool:
    """Whether the text has at least ``minimum`` letters (stops counting there)."""
    count = 0
    for ch in sample:
        if ch.isalpha():
            count += 1
            if count >= minimum:
                return True
    return False


def _detect_language(text: str) -> str | None:
    """ISO 639-1 code of the first ~2000 characters, or None when too little text.

    Clearly English text is recognised without langdetect (:func:`_clearly_english`);
    anything else is langdetect's answer with a fixed seed.

    Example:
        >>> _detect_language("Russland hat am Dienstag angekündigt, einen Teil der Truppen abzuziehen.")
        'de'
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if not _has_letters(sample, LANGUAGE_MIN_LETTERS):
        return None
    if _clearly_english(sample):
        return "en"
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect is randomised; a fixed seed makes runs repeatable
    try:
        return detect(sample)
    except LangDetectException:
        return None


_LANGUAGE_NAMES = {
    "de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese", "it": "Italian", "nl": "Dutch",
    "ru": "Russian", "uk": "Ukrainian", "pl": "Polish", "tr": "Turkish", "ar": "Arabic", "zh-cn": "Chinese",
    "zh-tw": "Chinese", "ja": "Japanese", "ko": "Korean", "sv": "Swedish", "da": "Danish", "no": "Norwegian",
    "fi": "Finnish", "cs": "Czech", "ro": "Romanian", "hu": "Hungarian", "el": "Greek", "he": "Hebrew",
}


# --------------------------------------------------------------------------- records


@dataclass
class _Draft:
    """An article before ids are final: text, metadata, notes, and where it came from."""

    text: str
    metadata: dict
    notes: list[str]
    stem: str
    record: int | None  # 1-based record number within a json/jsonl/csv file
    where: str  # "x.jsonl:3" for messages
    set_aside_spans: tuple[tuple[int, int, str], ...] = ()  # page furniture of an HTML page
    from_page: bool = False  # an HTML page: its title metadata is the page's, often with the site name


def _record_text(record: object, where: str) -> tuple[str | None, dict]:
    if not isinstance(record, dict):
        raise _input_error(f"{where}: each record must be a JSON object with a \"text\" field, not {type(record).__name__}")
    if "text" not in record:
        keys = ", ".join(sorted(map(str, record))[:8]) or "none"
        raise _input_error(f"{where}: record has no \"text\" field (fields: {keys})")
    text = record["text"]
    if text is not None and not isinstance(text, str):
        raise _input_error(f"{where}: \"text\" must be a string, not {type(text).__name__}")
    return text, record


def _parse_json(text: str, display: str) -> list[tuple[object, str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _input_error(f"{display}:{error.lineno}: not valid JSON ({error.msg})") from None
    except (ValueError, RecursionError) as error:
        raise _input_error(f"{display}: not valid JSON ({type(error).__name__}: {str(error)[:80]})") from None
    items = data if isinstance(data, list) else [data]
    return [(item, f"{display} record {n}") for n, item in enumerate(items, start=1)]


def _parse_jsonl(text: str, display: str) -> list[tuple[object, str]]:
    records = []
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append((json.loads(line), f"{display}:{line_number}"))
        except json.JSONDecodeError as error:
            raise _input_error(f"{display}:{line_number}: not valid JSON ({error.msg})") from None
        except (ValueError, RecursionError) as error:
            raise _input_error(f"{display}:{line_number}: not valid JSON ({type(error).__name__})") from None
    return records


def _parse_csv(text: str, display: str, max_bytes: int) -> list[tuple[object, str]]:
    csv.field_size_limit(max(max_bytes, 131072))
    # strict: an unclosed quote is an error, not a field that silently swallows the rest of the file.
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames
        if not header:
            raise _input_error(f"{display}:1: CSV has no header row (need a \"text\" column)")
        stripped = [name.strip().lower() if name else "" for name in header]
        if "text" not in stripped:
            shown = ", ".join(h for h in header if h)[:120] or "none"
            raise _input_error(f"{display}:1: CSV has no \"text\" column (columns: {shown})")
        reader.fieldnames = stripped
        records = []
        for row in reader:
            extra = [cell for cell in row.pop(None, None) or () if cell and cell.strip()]
            if extra:  # usually an unquoted comma inside the text: the rest of the text would be lost
                raise _input_error(
                    f"{display}:{reader.line_num}: row has more cells than the {len(header)} columns of the header; "
                    "quote text that contains commas"
                )
            records.append(({key: value for key, value in row.items() if key}, f"{display}:{reader.line_num}"))
        return records
    except csv.Error as error:
        # line_num counts the lines of complete records, so the bad record starts on the next line.
        raise _input_error(f"{display}:{reader.line_num + 1}: not valid CSV ({error})") from None


# --------------------------------------------------------------------------- walking inputs


# A README or LICENSE inside a corpus folder describes the corpus; it is not an article.
_FOLDER_DOCUMENTATION = re.compile(r"^(?:readme|license|licence|changelog|contributing)(?:\.[^.]+)?$", re.IGNORECASE)


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


def _walk_folder(folder: Path, display: str, hidden: list[str], linked: list[str]) -> Iterator[tuple[Path, str]]:
    """Files under a folder in sorted order; hidden entries and symlinked folders skipped (and counted).

    Symlinked folders are not followed: a link to a parent folder would loop forever.
    """

    def unreadable(error: OSError) -> None:
        raise _input_error(f"{error.filename or display}: cannot read folder ({error.strerror or error})")

    for root, dirs, files in os.walk(folder, followlinks=False, onerror=unreadable):
        hidden.extend(os.path.join(root, d) for d in dirs if _is_hidden(d))
        linked.extend(os.path.join(root, d) for d in dirs if not _is_hidden(d) and os.path.islink(os.path.join(root, d)))
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d) and not os.path.islink(os.path.join(root, d)))
        relative_root = os.path.relpath(root, folder)
        for name in sorted(files):
            if _is_hidden(name):
                hidden.append(os.path.join(root, name))
                continue
            relative = name if relative_root == "." else os.path.join(relative_root, name)
            yield Path(root) / name, os.path.join(display, relative)


def _missing_reason(path: Path) -> str:
    """Why a path that does not exist cannot be read: a link loop, a broken link, or nothing there."""
    if os.path.islink(path):
        try:
            os.stat(path)
        except OSError as error:
            if error.errno == errno.ELOOP:
                return "symbolic link loop (the link leads back to itself)"
        return f"broken symbolic link (it points to {os.readlink(path)}, which does not exist)"
    return "no such file or folder"


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(SIDECAR_SUFFIX):
        return SIDECAR_SUFFIX
    return path.suffix.lower()


def load_articles(
    paths: Iterable[str | Path | Article] | str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    detect_language: bool = True,
    fetcher: Fetcher | None = None,
    stdin: BinaryIO | None = None,
) -> LoadResult:
    """Read articles from files, folders (recursively, in sorted order), URLs, stdin and in-memory Articles.

    An ``http(s)://`` string is fetched with ``fetcher`` (default: a :class:`Fetcher` that
    keeps no copy); a URL that cannot be fetched is set aside with a one-line warning and
    the other inputs are still read. ``"-"`` reads ``stdin`` (default: the process's
    standard input): HTML when it looks like a page, else text with optional front matter.

    Raises :class:`InputError` for inputs that cannot be read (a missing path, a folder
    with no article, malformed JSON/JSONL/CSV, a binary file); everything else is
    repaired and reported as a warning, and every file gets a :class:`FileStatus`.

    Example:
        >>> result = load_articles(["seeds/000_dc64c2a929cb3b3d.txt"])
        >>> result.articles[0].source, result.articles[0].date
        ('Fox News', '2021-12-25')
        >>> result.files[0].status
        'used'
    """
    if isinstance(paths, (str, Path, Article)):
        paths = [paths]
    if not isinstance(max_bytes, int) or max_bytes <= 0:
        raise _input_error(f"max_bytes must be positive, not {max_bytes}")

    entries: list[tuple[FileStatus | None, list[_Draft], Article | None]] = []
    warnings: list[str] = []
    seen_files: set[Path] = set()
    any_input = False

    for item in paths:
        any_input = True
        if isinstance(item, Article):
            entries.append((None, [], item))
            continue
        if not isinstance(item, (str, Path)):
            raise _input_error(f"cannot load {type(item).__name__} {item!r}: give a file or folder path, or an Article")
        if is_url(item):
            entries.append((*_load_url(str(item), max_bytes, fetcher or Fetcher()), None))
            continue
        if str(item) == "-":
            entries.append((*_load_stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes), None))
            continue
        display = str(item)
        path = Path(item).expanduser()
        if not path.exists():
            raise _input_error(f"{display}: {_missing_reason(path)}")
        if path.is_dir():
            hidden: list[str] = []
            linked: list[str] = []
            folder_entries = []
            for file_path, file_display in _walk_folder(path, display, hidden, linked):
                status, drafts = _load_file(file_path, file_display, max_bytes, seen_files, in_folder=True)
                if status is not None:
                    folder_entries.append((status, drafts))
            if hidden:
                warnings.append(f"{display}: skipped {len(hidden)} hidden file(s) or folder(s)")
            if linked:
                warnings.append(f"{display}: did not follow {len(linked)} symlinked folder(s): {', '.join(linked)[:200]}")
            if not folder_entries:
                raise _input_error(f"{display}: folder has no article files")
            if not any(sanitize_text(d.text)[0].strip() for _, drafts in folder_entries for d in drafts):
                reasons = sorted({status.reason or "empty article" for status, _ in folder_entries})
                raise _input_error(f"{display}: folder has no readable article (files set aside: {', '.join(reasons)})")
            skipped_formats = sorted(
                {Path(status.path).suffix or "(no extension)" for status, _ in folder_entries if status.reason == "not an article format"}
            )
            if skipped_formats:
                count = sum(status.reason == "not an article format" for status, _ in folder_entries)
                warnings.append(
                    f"{display}: set aside {count} file(s) that are not an article format ({', '.join(skipped_formats)}); "
                    f"readable: {', '.join(ARTICLE_SUFFIXES)}"
                )
            entries.extend((status, drafts, None) for status, drafts in folder_entries)
        else:
            status, drafts = _load_file(path, display, max_bytes, seen_files, in_folder=False)
            entries.append((status, drafts, None))

    if not any_input:
        raise _input_error("no input given: name at least one file or folder")

    articles, statuses, more_warnings = _finish(entries, detect_language)
    all_warnings = tuple(_one_line(w) for w in warnings + more_warnings)
    if not articles:
        reasons = "; ".join(f"{s.path} ({s.reason})" for s in statuses if s.reason)[:300]
        raise _input_error(f"no readable article in the input: {reasons or 'nothing found'}")
    return LoadResult(articles=tuple(articles), files=tuple(statuses), warnings=all_warnings)


def _load_file(
    path: Path, display: str, max_bytes: int, seen: set[Path], *, in_folder: bool
) -> tuple[FileStatus | None, list[_Draft]]:
    """Read one file into drafts; a set-aside file returns a status and no drafts.

    The status is None only for a sidecar found in a folder beside its article file:
    that article's status names it in ``metadata_path``.
    """
    # The name shown, and the id and outlet made from it, never carry a control character.
    renamed = safe_name(display) != display
    display = safe_name(display)
    try:
        resolved = path.resolve()
    except OSError:
        resolved = path.absolute()
    if resolved in seen and _suffix(path) != SIDECAR_SUFFIX:
        return FileStatus(display, SET_ASIDE_PREFIX + "listed twice", warnings=(f"{display}: listed twice; read once",)), []
    suffix = _suffix(path)
    if suffix == SIDECAR_SUFFIX:
        stem = path.name[: -len(SIDECAR_SUFFIX)]
        if not any((path.with_name(stem + ending)).is_file() for ending in ARTICLE_SUFFIXES):
            return FileStatus(display, SET_ASIDE_PREFIX + "sidecar metadata without an article file"), []
        if in_folder:
            return None, []  # reported on its article file's status (metadata_path)
        return FileStatus(display, SET_ASIDE_PREFIX + "sidecar metadata (read with its article file)"), []
    seen.add(resolved)
    if suffix not in ARTICLE_SUFFIXES and in_folder:
        return FileStatus(display, SET_ASIDE_PREFIX + "not an article format"), []
    if in_folder and _FOLDER_DOCUMENTATION.match(path.name):
        return FileStatus(display, SET_ASIDE_PREFIX + "folder documentation"), []
    if not path.is_file():
        if in_folder:  # a broken link or a device file among articles: list it, go on
            return FileStatus(display, SET_ASIDE_PREFIX + "not a regular file"), []
        raise _input_error(f"{display}: not a regular file")

    try:
        return _read_file(path, display, suffix, max_bytes, renamed=renamed)
    except _UnreadableFile as error:
        if not in_folder:
            raise
        return FileStatus(display, SET_ASIDE_PREFIX + error.reason, warnings=(f"{error}; set aside",)), []


def _read_file(path: Path, display: str, suffix: str, max_bytes: int, *, renamed: bool = False) -> tuple[FileStatus, list[_Draft]]:
    """Read a regular article file into drafts (several for json/jsonl/csv); ``renamed``: its name lost control characters."""
    notes: list[str] = [f"{display}: control characters removed from the file name"] if renamed else []
    stem = safe_name(path.name[: -len(path.suffix)] if path.suffix else path.name)
    sidecar = _read_sidecar(path, display, notes)
    metadata_path = _sibling_display(display, _sidecar_path(path)) if sidecar or _sidecar_path(path).is_file() else None
    data, truncated = _read_capped(path, max_bytes)
    try:
        drafts = _drafts_from_bytes(data, truncated, display, suffix, stem, sidecar, notes, max_bytes)
    except _NoRecords as empty:  # a header-only CSV, "[]": listed with the reason, like an empty article
        return FileStatus(display, SET_ASIDE_PREFIX + "no records", warnings=(*empty.notes, f"{empty}; set aside")), []
    return FileStatus(display, USED_STATUS, metadata_path=metadata_path), drafts


def _drafts_from_bytes(
    data: bytes, truncated: bool, display: str, suffix: str, stem: str, sidecar: dict, notes: list[str], max_bytes: int,
    *, content_type: str | None = None, url: str | None = None,
) -> list[_Draft]:
    """Drafts from the bytes of a file, a URL or stdin, read as ``suffix`` says (``.html``, ``.jsonl``, ...)."""
    drafts: list[_Draft] = []
    if suffix in (".json", ".jsonl", ".csv"):
        text, read_notes, was_cut = _bytes_to_text(data, truncated, display, max_bytes, allow_cut=suffix == ".jsonl")
        notes.extend(read_notes)
        if was_cut:  # keep whole lines only; the partial last JSON line is dropped, and said so
            cut_at = text.rfind("\n")
            text = text[: cut_at + 1] if cut_at >= 0 else ""
            notes.append(f"{display}: records after line {text.count(chr(10))} were not read")
        text, _ = _LINE_BREAKS.subn("\n", text)
        parse = {".json": _parse_json, ".jsonl": _parse_jsonl}.get(suffix)
        records = parse(text, display) if parse else _parse_csv(text, display, max_bytes)
        if not records:
            what = {".json": "an empty list", ".jsonl": "no JSON line", ".csv": "a header row only"}[suffix]
            raise _NoRecords(_one_line(f"{display}: no records ({what})"), tuple(notes))
        for number, (record, where) in enumerate(records, start=1):
            body, fields = _record_text(record, where)
            record_notes: list[str] = []
            metadata = _clean_metadata(fields, where, record_notes)
            for key, value in sidecar.items():
                metadata.setdefault(key, value)  # a record's own fields are more specific
            drafts.append(_Draft(body or "", metadata, record_notes, stem, number, where))
    else:
        is_html = suffix in (".html", ".htm")
        text, read_notes, _ = _bytes_to_text(data, truncated, display, max_bytes, allow_cut=True, html=is_html,
                                             content_type=content_type)
        notes.extend(read_notes)
        spans: tuple[tuple[int, int, str], ...] = ()
        if is_html:
            text, spans, metadata = _page_text(text, display, notes, url=url)
        else:
            text = _LINE_BREAKS.sub("\n", text)
            metadata, text = _split_front_matter(text, display, notes)
        metadata.update(sidecar)  # the sidecar is written by a person for this file: it wins
        drafts.append(_Draft(text, metadata, [], stem, None, display, spans, from_page=is_html))

    for draft in drafts:
        draft.notes[:0] = notes
    return drafts


# What a URL's content type says it is; anything else is set aside.
_CONTENT_TYPE_SUFFIXES = {
    "text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt", "text/markdown": ".md",
    "application/json": ".json", "application/x-ndjson": ".jsonl", "application/jsonl": ".jsonl", "text/csv": ".csv",
}
_LOOKS_LIKE_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<!--)", re.IGNORECASE)


def _load_url(url: str, max_bytes: int, fetcher: Fetcher) -> tuple[FileStatus, list[_Draft]]:
    """One URL: fetched (or read from the fetcher's copy) and read as its content type says."""
    try:
        page = fetcher.fetch(url, max_bytes=max_bytes)
    except FetchError as error:
        message = _one_line(str(error))
        reason = message[len(url) + 2:] if message.startswith(url + ": ") else message
        return FileStatus(url, SET_ASIDE_PREFIX + reason, warnings=(f"{message}; set aside",)), []
    media_type = page.content_type.split(";")[0].strip().lower()
    path_suffix = Path(urllib.parse.urlsplit(page.final_url).path).suffix.lower()
    suffix = _CONTENT_TYPE_SUFFIXES.get(media_type) or (path_suffix if path_suffix in ARTICLE_SUFFIXES else None)
    if suffix is None and _LOOKS_LIKE_HTML.match(page.data[:1024]):
        suffix = ".html"
    if suffix is None:
        return FileStatus(url, SET_ASIDE_PREFIX + f"not an article format (content type {media_type or 'unknown'})"), []
    host = (urllib.parse.urlsplit(page.final_url).hostname or "").removeprefix("www.")
    stem = Path(urllib.parse.urlsplit(page.final_url).path.rstrip("/")).stem or host or "page"
    notes = [f"{url}: fetched from {page.final_url}" if page.final_url != url else None,
             f"{url}: read from the copy kept by an earlier run (--no-cache fetches again)" if page.from_cache else None]
    notes = [note for note in notes if note]
    try:
        drafts = _drafts_from_bytes(page.data, page.truncated, url, suffix, stem, {}, notes, max_bytes,
                                    content_type=page.content_type, url=page.final_url)
    except _UnreadableFile as error:
        return FileStatus(url, SET_ASIDE_PREFIX + error.reason, warnings=(f"{error}; set aside",)), []
    for draft in drafts:
        draft.metadata.setdefault("url", page.final_url)
        if host:
            draft.metadata.setdefault("source", host)  # the site, when the page names no outlet
    return FileStatus(url, USED_STATUS), drafts


def _load_stdin(stream: BinaryIO, max_bytes: int) -> tuple[FileStatus, list[_Draft]]:
    """Standard input (``-``): an HTML page when it looks like one, else text with optional front matter."""
    data = stream.read(max_bytes + 1)
    truncated = len(data) > max_bytes
    data = data[:max_bytes]
    suffix = ".html" if _LOOKS_LIKE_HTML.match(data[:1024]) else ".txt"
    return FileStatus("<stdin>", USED_STATUS), _drafts_from_bytes(data, truncated, "<stdin>", suffix, "stdin", {}, [], max_bytes)


def _finish(entries, detect_language: bool) -> tuple[list[Article], list[FileStatus], list[str]]:
    """Turn drafts into Articles: sanitise, detect language, assign unique ids, build statuses."""
    articles: list[Article] = []
    statuses: list[FileStatus] = []
    warnings: list[str] = []
    used_ids: set[str] = set()

    def unique(candidate: str, where: str, notes: list[str]) -> str:
        if candidate not in used_ids:
            used_ids.add(candidate)
            return candidate
        n = 2
        while f"{candidate}~{n}" in used_ids:
            n += 1
        chosen = f"{candidate}~{n}"
        used_ids.add(chosen)
        notes.append(f"{where}: id {candidate!r} already taken by another input; using {chosen!r}")
        return chosen

    for status, drafts, given in entries:
        if given is not None:
            article, file_warnings = _finish_given(given, detect_language, unique)
            warnings.extend(file_warnings)
            label = safe_name(given.path) if isinstance(given.path, str) and given.path else (
                f"<Article {article.id if article else safe_name(given.id or '') or content_id(given.text or '')}>")
            if article is None:
                statuses.append(FileStatus(label, SET_ASIDE_PREFIX + "empty article", warnings=tuple(file_warnings)))
            else:
                articles.append(article)
                statuses.append(FileStatus(label, USED_STATUS, (article.id,), tuple(file_warnings)))
            continue

        if not drafts:
            warnings.extend(status.warnings)
            statuses.append(status)
            continue

        file_ids: list[str] = []
        file_warnings: list[str] = []
        many = len(drafts) > 1 or drafts[0].record is not None
        for draft in drafts:
            text, removed = sanitize_text(draft.text)
            notes = list(draft.notes)
            if removed:
                notes.append(f"{draft.where}: removed or replaced {removed} control character(s), terminal escape code(s) or unpaired surrogate(s) in the text")
            if not text.strip():
                notes.append(f"{draft.where}: empty article; set aside")
                file_warnings.extend(n for n in map(_one_line, notes) if n not in file_warnings)
                continue
            metadata = dict(draft.metadata)
            if "date" not in metadata and (leading := _LEADING_DATE.match(text)):
                if iso := _normalise_date(leading[1]):
                    metadata["date"] = iso
                    notes.append(f"{draft.where}: date {iso} taken from a 'date' fragment at the start of the text")
            if metadata.get("title") and not draft.from_page:
                text = with_headline(text, metadata["title"])
            title = metadata.get("title") or _headline_of(text)
            source = metadata.get("source")
            if not source:
                source = prettify_stem(draft.stem) + (f" #{draft.record}" if many else "")
            base_id = draft.stem + (f"#{draft.record}" if many else "")
            article_id = unique(base_id, draft.where, notes)
            # The body only: a page's menus and comments say nothing of the article's language.
            language = _detect_language(_without_spans(text, draft.set_aside_spans)) if detect_language else None
            if language and language != "en":
                name = _LANGUAGE_NAMES.get(language, language)
                notes.append(f"{draft.where}: looks like {name} ({language}), not English; results may be poor")
            notes = [_one_line(note) for note in notes]
            articles.append(
                Article(
                    text=text,
                    source=source,
                    title=title,
                    date=metadata.get("date"),
                    url=metadata.get("url"),
                    story=metadata.get("story"),
                    id=article_id,
                    path=status.path,
                    warnings=tuple(notes),
                    language=language,
                    author=metadata.get("author"),
                    set_aside_spans=draft.set_aside_spans,
                )
            )
            file_ids.append(article_id)
            file_warnings.extend(n for n in notes if n not in file_warnings)

        warnings.extend(file_warnings)
        if file_ids:
            statuses.append(replace(status, article_ids=tuple(file_ids), warnings=tuple(file_warnings)))
        else:
            statuses.append(replace(status, status=SET_ASIDE_PREFIX + "empty article", warnings=tuple(file_warnings)))
    return articles, statuses, warnings


def _finish_given(given: Article, detect_language: bool, unique) -> tuple[Article | None, list[str]]:
    """Check and complete an Article passed in memory: same hygiene as files, id from content when missing."""
    if not isinstance(given.text, str):
        raise _input_error(f"Article {given.id or ''} has text of type {type(given.text).__name__}; text must be a string")
    text, removed = sanitize_text(given.text)
    base_id = safe_name(given.id) if given.id else content_id(text)
    path = safe_name(given.path) if isinstance(given.path, str) else given.path
    label = path or f"<Article {base_id}>"
    notes = list(given.warnings)
    if removed:
        notes.append(f"{label}: removed or replaced {removed} control character(s), terminal escape code(s) or unpaired surrogate(s) in the text")
    if not text.strip():
        notes.append(f"{label}: empty article; set aside")
        return None, notes
    article_id = unique(base_id, label, notes)
    if given.title and not given.set_aside_spans and isinstance(given.title, str):  # spans would need shifting
        text = with_headline(text, sanitize_text(given.title)[0])
    language = given.language
    if language is None and detect_language:
        language = _detect_language(text)
        if language and language != "en":
            notes.append(f"{label}: looks like {_LANGUAGE_NAMES.get(language, language)} ({language}), not English; results may be poor")
    notes = [_one_line(note) for note in notes]
    date = given.date
    if date is not None and (iso := _normalise_date(date)) != date:
        if iso is None:
            notes.append(f"{label}: date {date!r} not understood (want YYYY-MM-DD); date left unknown")
        date = iso
    def safe(value: str | None) -> str | None:  # metadata is printed too: same hygiene as text
        return _one_line(value) or None if isinstance(value, str) else value

    url = safe(given.url)
    if url is not None and not is_web_url(url):
        note = _one_line(f"{label}: url {url[:80]!r} is not an http(s) address; dropped")
        notes.append(note)
        url = None

    return (
        replace(
            given,
            text=text,
            id=article_id,
            source=safe(given.source) or article_id,
            title=safe(given.title) or _headline_of(text),
            url=url,
            author=safe(given.author),
            story=safe(given.story),
            path=path,
            date=date,
            warnings=tuple(notes),
            language=language,
        ),
        [n for n in notes if n not in given.warnings],
    )
