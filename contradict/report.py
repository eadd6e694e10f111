"""The :class:`Report`: every result of a run as DataFrames, and its JSON contract.

DataFrame columns are snake_case and match the JSON keys. The JSON is the contract for
pipelines (documented in the README, versioned by ``schema_version``):

- ``sources``: outlets and their articles; ``articles`` and ``files``: what was read;
- ``sentences``: every sentence of every article with its ``status`` (``used``,
  ``set aside: <reason>``, ``merged with <id>``), ``truncated`` (a model read only its first
  part) and, for claims, its ``claim`` reading;
- ``topics``: id, label, outlets, stance, agreements;
- ``pairs``: every cross-outlet pair scored, whatever its verdict: ``a`` and ``b``
  (``sentence``, ``source``, ``article``, ``date``, ``text``, ``claim``), ``topic``,
  ``verdict``, ``confidence``, ``reason`` and ``scores`` (cosine, NLI, numeric);
- ``findings``: conflicts and agreement groups, strongest first.

Example:
    >>> report = contradict.analyze(["seeds/"])
    >>> report.summary()["conflicts"]
    >>> report.to_json(path="report.json")
"""

from __future__ import annotations

import gc
import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd

from .identity import claim_key, finding_id, group_id, pair_key, unique_ids
from .types import MERGED, SET_ASIDE, USED, Article, Claim, Sentence
from .verdict import AGREE, CONFLICT, DISPUTE, agreement_groups, topic_stance

#: The version of schema 3 (``contradict/schema/report.schema.json``): the compact shape for feeds.
SCHEMA_VERSION = "3.0"
#: The version of schema 2 (``report.schema.json``), written by default.
SCHEMA_2_VERSION = "2.1"
#: The major version written by default, and the major versions :meth:`Report.to_json` can write.
#: Schema 2 is the default: ``pairs`` lists every pair scored, which is what pipelines and scorers
#: read ("was this pair compared, and how?"); schema 3 moves the unrelated ones to a table, 2.5x
#: smaller for a day's feed. Schema 1 is kept for one release.
JSON_VERSION = 2
JSON_VERSIONS = (3, 2, 1)

SENTENCE_COLUMNS = ["id", "article_id", "source", "index", "start", "end", "text", "status", "reason", "story_id",
                    "topic_id", "truncated"]
PAIR_COLUMNS = [
    "pair_id", "story_id", "topic_id", "topic", "a_sentence_id", "a_source", "a_article", "a_date", "a_text",
    "b_sentence_id", "b_source", "b_article", "b_date", "b_text", "verdict", "confidence", "reason",
    "cosine", "contradiction_ab", "contradiction_ba", "entailment_ab", "entailment_ba",
    "numeric_status", "numeric_explanation", "truncated",
]
FINDING_COLUMNS = ["finding_id", "kind", "story_id", "topic_id", "topic", "sources", "confidence", "summary", "pair_ids", "sentence_ids"]
TOPIC_COLUMNS = ["topic_id", "story_id", "label", "size", "sources", "stance", "conflicts", "agreements"]
ARTICLE_COLUMNS = ["id", "source", "title", "date", "url", "path", "language", "story_id", "status", "sentences", "claims", "warnings", "author"]
QUANTITY_COLUMNS = [
    "sentence_id", "source", "article_id", "date", "text", "quantity_text", "interval", "low", "high", "low_open",
    "high_open", "kind", "counted", "unit", "event", "modality", "topic_id",
]
STORY_COLUMNS = ["story_id", "label", "grouped_by", "articles", "sources", "claims", "topics", "pairs", "conflicts",
                 "agreements"]
READING_COLUMNS = [
    "sentence_id", "source", "date", "topic_id", "text", "modality", "time_anchor", "attribution", "speakers", "negated",
    "quantity_unknown", "numbers",
]


def sentence_status(sentence: Sentence) -> str:
    """The status string of the JSON: ``used``, ``set aside: <reason>`` or ``merged with <id>``."""
    if sentence.status == USED:
        return USED
    if sentence.status == MERGED:
        reason = sentence.reason or "merged"
        return reason if reason.startswith("merged with") else f"merged with {reason}"
    return f"{SET_ASIDE}: {sentence.reason or 'unspecified'}"


@dataclass
class Report:
    """Everything a run found, as DataFrames, with renderers.

    Attributes:
        articles, sentences, topics, pairs, findings, files: DataFrames (snake_case columns = JSON keys).
        warnings: one-line notes about the input (encodings, duplicates, a single outlet, ...).
        meta: tool version, models, thresholds, stage timings.
        claims: claim reading per sentence id; comparisons: numeric comparison per pair id.
        embeddings: one row per used sentence (same order as ``sentences.query("status == 'used'")``).
        stories: one row per story (``story_id``, ``label``, ``grouped_by``, its ``articles`` and
            ``sources``, counts); every other frame has a ``story_id`` column. A run that does not
            group stories has one story, ``s1``, holding every article.
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    topics: pd.DataFrame
    pairs: pd.DataFrame
    findings: pd.DataFrame
    files: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict, repr=False)
    comparisons: dict[str, Any] = field(default_factory=dict, repr=False)
    embeddings: np.ndarray | None = field(default=None, repr=False)
    stories: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=STORY_COLUMNS))

    # ------------------------------------------------------------------ summaries

    def summary(self) -> dict[str, int]:
        """Counts for the head of a report.

        Example:
            >>> report.summary()
            {'articles': 5, 'sources': 5, 'sentences': 140, 'claims': 112, 'set_aside': 28, 'topics': 20, ...}
        """
        used = self.sentences[self.sentences["status"] == USED] if len(self.sentences) else self.sentences
        verdicts = self.pairs["verdict"].value_counts() if len(self.pairs) else {}
        return {
            "stories": int(len(self.stories)),
            "articles": int(len(self.articles)),
            "sources": int(self.articles["source"].nunique()) if len(self.articles) else 0,
            "sentences": int(len(self.sentences)),
            "claims": int(len(used)),
            "set_aside": int(len(self.sentences) - len(used)),
            "topics": int(len(self.topics)),
            "pairs": int(len(self.pairs)),
            "conflicts": int(verdicts.get(CONFLICT, 0)),
            "agreements": int(verdicts.get(AGREE, 0)),
        }

    @property
    def conflicts(self) -> pd.DataFrame:
        """The conflicting pairs, strongest first."""
        return self.pairs[self.pairs["verdict"] == CONFLICT].sort_values(["confidence", "pair_id"], ascending=[False, True])

    def set_aside(self) -> pd.DataFrame:
        """Sentences that were not used as claims, with the reason (the ``--show-dropped`` view)."""
        return self.sentences[self.sentences["status"] != USED][["id", "source", "status", "text"]]

    # ------------------------------------------------------------------ exploration views

    def quantities(self) -> pd.DataFrame:
        """Every number read in a claim sentence: one row per quantity, in sentence order.

        ``low``/``high`` are the interval (``high`` is ``inf`` for "more than ..."), and
        ``low_open``/``high_open`` say whether a bound is excluded. ``modality`` is the
        quantity's own (``fact``, ``estimate``, ``projection``, ``possibility``), ``date``
        the article's, ``topic_id`` the sentence's topic (``<NA>`` when it has none).

        Example:
            >>> troops = report.quantities().query("counted == 'troops'")
            >>> troops[["source", "date", "interval", "kind", "event", "modality"]]
        """
        from .compare import format_interval  # the interval as the report writes it (">100,000")

        dates = dict(zip(self.articles["id"], self.articles["date"])) if len(self.articles) else {}
        rows = []
        used = self.sentences[self.sentences["status"] == USED] if len(self.sentences) else self.sentences
        for sentence in used.itertuples(index=False):
            claim = self.claims.get(sentence.id)
            for quantity in claim.quantities if claim is not None else ():
                rows.append({
                    "sentence_id": sentence.id, "source": sentence.source, "article_id": sentence.article_id,
                    "date": dates.get(sentence.article_id), "text": sentence.text, "quantity_text": quantity.text,
                    "interval": format_interval(quantity),
                    "low": float(quantity.low), "high": float(quantity.high),
                    "low_open": bool(quantity.low_open), "high_open": bool(quantity.high_open or math.isinf(quantity.high)),
                    "kind": quantity.kind, "counted": quantity.counted, "unit": quantity.unit, "event": quantity.event,
                    "modality": quantity.modality, "topic_id": sentence.topic_id,
                })
        frame = pd.DataFrame(rows, columns=QUANTITY_COLUMNS)
        frame["topic_id"] = frame["topic_id"].astype("Int64")
        return frame

    def claim_readings(self, topic_id: int | None = None) -> pd.DataFrame:
        """How each claim sentence was read: modality, time, attribution, negation and its numbers.

        One row per used sentence (of one topic when ``topic_id`` is given); ``numbers`` lists
        the quantities as the report writes them ("60,000–90,000 troops").

        Example:
            >>> report.claim_readings(topic_id=0)[["source", "text", "modality", "numbers"]]
        """
        from .compare import format_quantity  # only this view needs the people-facing number format

        dates = dict(zip(self.articles["id"], self.articles["date"])) if len(self.articles) else {}
        used = self.sentences[self.sentences["status"] == USED] if len(self.sentences) else self.sentences
        if topic_id is not None:
            used = used[used["topic_id"] == topic_id]
        rows = []
        for sentence in used.itertuples(index=False):
            claim = self.claims.get(sentence.id)
            rows.append({
                "sentence_id": sentence.id, "source": sentence.source, "date": dates.get(sentence.article_id),
                "topic_id": sentence.topic_id, "text": sentence.text,
                "modality": claim.modality if claim else None, "time_anchor": claim.time_anchor if claim else None,
                "attribution": claim.attribution if claim else None,
                "speakers": "; ".join(s.name if s.resolved else f"{s.name} (unnamed)" for s in claim.speakers) if claim else "",
                "negated": bool(claim.negated) if claim else False,
                "quantity_unknown": bool(claim.quantity_unknown) if claim else False,
                "numbers": [format_quantity(q) for q in claim.quantities] if claim else [],
            })
        frame = pd.DataFrame(rows, columns=READING_COLUMNS)
        frame["topic_id"] = frame["topic_id"].astype("Int64")
        return frame

    def stance_matrix(self) -> pd.DataFrame:
        """Outlet-by-topic stances: how each outlet's claims on a topic fare against the other outlets.

        Rows are outlets (sorted), columns topic ids. A cell is ``conflict``, ``agree`` or
        ``mixed`` (from the verdicts of the pairs that outlet takes part in on that topic),
        ``unrelated`` (its pairs were all judged unrelated), ``single-source`` (no other
        outlet speaks on the topic) or ``absent`` (the outlet says nothing on it).

        Example:
            >>> matrix = report.stance_matrix()
            >>> matrix.loc["Express", 0]  # on the seeds: Express conflicts with BBC and AFP, agrees with others
            'mixed'
            >>> matrix.isin(["conflict", "mixed"]).sum(axis=1)  # topics where each outlet meets a conflict
        """
        used = self.sentences[self.sentences["status"] == USED] if len(self.sentences) else self.sentences
        outlets = sorted(used["source"].unique().tolist()) if len(used) else []
        topic_ids = [int(t) for t in self.topics["topic_id"]] if len(self.topics) else []
        # From plain lists in one pass each: a frame filter per topic and outlet took seconds at 500 articles.
        speakers: dict[int, set[str]] = {}  # topic id -> outlets with a claim on it
        for topic_id, source in zip(used["topic_id"].tolist(), used["source"].tolist()):
            if topic_id is not pd.NA:
                speakers.setdefault(topic_id, set()).add(source)
        verdicts: dict[tuple[int, str], list[str]] = {}  # (topic id, outlet) -> verdicts of the pairs it is in
        for topic_id, a_source, b_source, verdict in zip(self.pairs["topic_id"].tolist(), self.pairs["a_source"].tolist(),
                                                         self.pairs["b_source"].tolist(), self.pairs["verdict"].tolist()):
            for outlet in {a_source, b_source}:
                verdicts.setdefault((topic_id, outlet), []).append(verdict)
        cells = {(outlet, topic_id): topic_stance(verdicts.get((topic_id, outlet), []), len(sources))
                 for topic_id in topic_ids for sources in [speakers.get(topic_id, set())] for outlet in sources}
        return pd.DataFrame([[cells.get((outlet, topic_id), "absent") for topic_id in topic_ids] for outlet in outlets],
                            index=pd.Index(outlets, name="source"), columns=pd.Index(topic_ids, name="topic_id"),
                            dtype=object)

    def parties(self, *, story_id: str | None = None, topic_id: int | None = None) -> pd.DataFrame:
        """Who is quoted, by which outlet: one row per (party, outlet) (see :func:`contradict.parties.parties`).

        Columns: ``party``, ``party_key``, ``resolved``, ``reason``, ``source``, ``role``, ``names``,
        ``sentences``, ``sentence_ids``, ``example``, ``disputes``. Pronouns ("he said") and anonymous
        attributions ("officials said") are rows of their own, ``resolved`` False, with the reason.

        Example:
            >>> report.parties()[["party", "source", "sentences", "example"]].head()
            >>> report.parties().pivot_table(index="party", columns="source", values="sentences", fill_value=0)
        """
        from .parties import parties  # the speakers view reads the dispute rules: import on use

        return parties(self, story_id=story_id, topic_id=topic_id)

    def disputes(self) -> pd.DataFrame:
        """Each dispute finding with both parties: who each outlet quotes and the words each says.

        See :func:`contradict.parties.dispute_parties` for the columns.

        Example:
            >>> report.disputes()[["a_party", "a_source", "b_party", "b_source", "topic"]]
        """
        from .parties import dispute_parties

        return dispute_parties(self)

    # ------------------------------------------------------------------ JSON

    def to_dict(self, *, version: int = JSON_VERSION) -> dict[str, Any]:
        """The JSON contract as plain Python objects (see :mod:`contradict.contract`).

        ``version`` is the schema's major version: 2 (the default: sentences and claims written
        once, every pair a record in ``pairs`` naming them by id), 3 (for a feed: the ``unrelated``
        pairs as one table, ``unrelated_pairs``) or 1 (the old shape, every pair repeating both
        sentences; kept for one release). A sentence's ``claim`` dict is shared by every record
        that holds it: copy a record before changing it in place.

        Example:
            >>> data = report.to_dict()
            >>> sorted(data["pairs"][0])
            ['a', 'b', 'confidence', 'id', 'reason', 'scores', 'story_id', 'topic_id', 'truncated', 'verdict']
            >>> data["pairs"][0]["a"]            # a sentence id: the sentence and its claim are in data["sentences"]
            'fox:0-67'
        """
        from .contract import report_dict  # the contract reads this module's frames: import on use

        with gc_paused():
            return report_dict(self, version=version)

    def to_json(self, path: str | Path | None = None, *, indent: int | None = 2, version: int = JSON_VERSION) -> str:
        """The JSON report as a string (byte-identical for identical inputs); also written to ``path`` if given.

        ``indent=2`` (the default) puts every key on its own line, so two reports diff line
        by line, except that each pair (and in schema 3 each row of ``unrelated_pairs``) is one
        line; ``indent=None`` writes one compact line. No other indent is offered. ``version=3``
        writes the feed shape, ``version=1`` the old one (see :meth:`to_dict`).

        Example:
            >>> text = report.to_json("report.json")
            >>> json.loads(text)["schema_version"]
            '2.1'
        """
        data = self._json_bytes(indent=indent, version=version)
        if path is not None:
            Path(path).write_bytes(data + b"\n")
        return data.decode("utf-8")

    @classmethod
    def from_json(cls, path: str | Path) -> "Report":
        """The report saved in a JSON file: the same DataFrames as the run that wrote it (see :mod:`contradict.read`).

        Example:
            >>> Report.from_json("report.json").findings
        """
        from .read import read_report  # read imports this module

        return read_report(path)

    def _json_bytes(self, *, indent: int | None = 2, newline: bool = False, version: int = JSON_VERSION) -> bytes:
        """:meth:`to_json` as UTF-8 bytes, for writers that need not build a 200 MB ``str``."""
        from .contract import report_json_bytes  # the contract reads this module's frames: import on use

        with gc_paused():
            return report_json_bytes(self, version=version, indent=indent, newline=newline)

    # ------------------------------------------------------------------ other formats (see contradict.formats)

    def to_html(self, path: str | Path | None = None, **options: Any) -> str:
        """The self-contained HTML report (matrix and topic cards); also written to ``path`` if given.

        Example:
            >>> report.to_html("report.html", top=20)
        """
        return self._render("html", path, options)

    def to_markdown(self, path: str | Path | None = None, **options: Any) -> str:
        """The report as Markdown with article text escaped; also written to ``path`` if given.

        Example:
            >>> print(report.to_markdown(top=5))
        """
        return self._render("markdown", path, options)

    def _repr_html_(self) -> str:
        """A compact summary for Jupyter: the counts, the strongest conflicts and the notes.

        The full page is :meth:`to_html`; this one is a few lines in a notebook cell, with
        every piece of article text HTML-escaped.
        """
        from .formats import repr_html  # formats imports this module: import on use

        return repr_html(self)

    def _render(self, fmt: str, path: str | Path | None, options: dict[str, Any]) -> str:
        from .formats import render, write_output  # formats imports this module: import on use

        text = render(self, fmt, **options)
        if path is not None:
            write_output(text, output=path)
        return text


@contextmanager
def gc_paused():
    """Pause Python's cyclic garbage collector for a block that builds many objects and no cycles.

    Building a report makes about a million dicts and lists; each batch of new objects triggers a
    collection, and the full ones walk every object alive (the whole run's sentences, claims and
    pairs), which took longer than building the dicts. Reference counting still frees everything.

    Example:
        >>> with gc_paused():
        ...     records = [{"id": n} for n in range(1_000_000)]
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _json_default(value: Any) -> Any:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if not math.isfinite(float(value)) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# orjson, not the json module: with an indent, json falls back to its pure-Python encoder
# (about 20 s for the 250 MB report of 500 articles); orjson writes the same two-space layout in
# under a second. Non-string keys become strings, as json.dumps makes them.
_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS


def json_bytes(value: Any, *, indent: int | None = 2, newline: bool = False) -> bytes:
    """``value`` as UTF-8 JSON: two-space indent (or one compact line with ``indent=None``), keys in insertion order.

    ``newline`` ends the text with one (written by the encoder: no copy of a 250 MB result to add it).

    The layout of ``json.dumps(value, indent=2, ensure_ascii=False)``: non-ASCII text written as
    itself, NaN and infinities as ``null``, NumPy scalars and arrays as plain numbers and lists.

    Example:
        >>> json_bytes({"a": [1, 2]}, indent=None)
        b'{"a":[1,2]}'
    """
    if indent not in (2, None):
        raise ValueError(f"indent must be 2 or None, not {indent!r}")
    options = (_ORJSON_OPTIONS | (orjson.OPT_INDENT_2 if indent == 2 else 0)
               | (orjson.OPT_APPEND_NEWLINE if newline else 0))
    return orjson.dumps(value, default=_json_default, option=options)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return _clean(value.item())
    if isinstance(value, tuple):
        return list(value)
    return value


#: Findings columns of a review (contradict.workflow.decisions), nested in the JSON as ``review``.
REVIEW_PREFIX = "review_"


def _finding_records(findings: pd.DataFrame) -> list[dict[str, Any]]:
    """Findings as JSON records; the ``review_*`` columns of a reviewed report nested as one ``review`` object."""
    records = _records(findings)
    if "review_status" not in findings.columns:
        return records
    return [{**{key: value for key, value in record.items() if not key.startswith(REVIEW_PREFIX)},
             "review": {key[len(REVIEW_PREFIX):]: value for key, value in record.items() if key.startswith(REVIEW_PREFIX)}}
            for record in records]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame`` as JSON records: what ``_clean`` makes of each cell of ``frame.to_dict(orient="records")``."""
    column = _columns(frame)
    keys = list(column)
    return [dict(zip(keys, values)) for values in zip(*column.values())] if keys else [{} for _ in range(len(frame))]


def _columns(frame: pd.DataFrame) -> dict[str, list[Any]]:
    """Each column of ``frame`` as a list of JSON values (NaN, infinities and missing values as None).

    Cleaning a whole column at once keeps per-cell Python work to the columns that need it
    (object columns of lists); it gives the cells ``_records`` always gave.
    """
    columns: dict[str, list[Any]] = {}
    for position, name in enumerate(frame.columns):
        # A repeated name keeps its first place and its last column's values, as in a dict of records.
        columns[name] = _column_values(frame.iloc[:, position])
    return columns


#: Cell types that to_dict and _clean both leave as they are (NaN and tuples are not among them).
_PLAIN_TYPES = frozenset({str, int, bool, list, dict, type(None)})


def _column_values(series: pd.Series) -> list[Any]:
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return series.to_numpy().tolist()  # plain ints and bools, never missing
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        array = series.to_numpy()
        values = array.tolist()
        for index in np.flatnonzero(~np.isfinite(array)).tolist():
            values[index] = None
        return values
    if isinstance(dtype, pd.StringDtype) or isinstance(series.array, (pd.arrays.IntegerArray, pd.arrays.BooleanArray)):
        # str columns (missing as NaN or NA) and nullable Int64 / boolean columns (missing as NA)
        return series.to_numpy(dtype=object, na_value=None).tolist()
    if dtype == object:
        values = series.to_numpy().tolist()
        types = set(map(type, values))
        if types <= _PLAIN_TYPES:  # e.g. lists of outlets, or dates when no article has one
            return values
        if types <= _PLAIN_TYPES | {float}:  # e.g. NLI scores, None where a pair was not scored
            return [None if type(value) is float and not math.isfinite(value) else value for value in values]
    # Mixed object columns and rarer dtypes: the cells of to_dict, each through _clean.
    return [_clean(row[0]) for row in series.to_frame().to_dict(orient="split")["data"]]


# ---------------------------------------------------------------------- building


def build_report(*, articles: list[Article], files, sentences: list[Sentence], claims: dict[str, Claim],
                 topic_of: dict[str, int], topic_labels: dict[int, str], pairs: list, warnings: list[str],
                 embeddings: np.ndarray | None, meta: dict[str, Any], stories: list | None = None) -> Report:
    """Assemble the DataFrames of a :class:`Report` from the pipeline's records.

    ``stories`` are :class:`~contradict.stories.Story` records (default: the whole input as one story).
    """
    if stories is None:
        from .stories import whole_input

        stories = whole_input(articles)
    with gc_paused():
        return _build_report(articles=articles, files=files, sentences=sentences, claims=claims, topic_of=topic_of,
                             topic_labels=topic_labels, pairs=pairs, warnings=warnings, embeddings=embeddings, meta=meta,
                             stories=stories)


def _build_report(*, articles: list[Article], files, sentences: list[Sentence], claims: dict[str, Claim],
                  topic_of: dict[str, int], topic_labels: dict[int, str], pairs: list, warnings: list[str],
                  embeddings: np.ndarray | None, meta: dict[str, Any], stories: list) -> Report:
    story_of = {article_id: story.id for story in stories for article_id in story.article_ids}
    sentence_rows = [{
        "id": s.id, "article_id": s.article_id, "source": s.source, "index": s.index, "start": s.start, "end": s.end,
        "text": s.text, "status": sentence_status(s), "reason": s.reason, "story_id": story_of.get(s.article_id),
        "topic_id": topic_of.get(s.id),
        "truncated": bool(s.truncated),  # a model read only the first part of this sentence
    } for s in sentences]
    sentence_frame = pd.DataFrame(sentence_rows, columns=SENTENCE_COLUMNS)
    sentence_frame["topic_id"] = sentence_frame["topic_id"].astype("Int64")

    date_of = {article.id: article.date for article in articles}
    # Tuples in PAIR_COLUMNS order: the frame pandas builds from them is the one it builds from dicts.
    pair_rows = [(
        pair.id, story_of.get(pair.a.article_id), pair.topic_id, topic_labels.get(pair.topic_id, ""),
        pair.a.id, pair.a.source, pair.a.article_id, date_of[pair.a.article_id], pair.a.text,
        pair.b.id, pair.b.source, pair.b.article_id, date_of[pair.b.article_id], pair.b.text,
        pair.verdict.verdict, pair.verdict.confidence, pair.verdict.reason,
        pair.scores.cosine, pair.scores.contradiction_ab, pair.scores.contradiction_ba,
        pair.scores.entailment_ab, pair.scores.entailment_ba,
        pair.numeric.status, pair.numeric.explanation, pair.truncated,
    ) for pair in pairs]
    pair_frame = pd.DataFrame(pair_rows, columns=PAIR_COLUMNS)

    topic_story = {topic_of[s.id]: story_of.get(s.article_id) for s in sentences if s.id in topic_of}
    findings, topic_rows = _findings_and_topics(pair_frame, sentence_frame, topic_labels, topic_story)

    statuses_of: dict[str, list[str]] = {}  # article id -> its sentences' statuses, in sentence order
    for row in sentence_rows:
        statuses_of.setdefault(row["article_id"], []).append(row["status"])
    article_rows = []
    for article in articles:
        own = statuses_of.get(article.id, [])
        merged = len(own) > 0 and all(status.startswith("merged with") for status in own)
        article_rows.append({
            "id": article.id, "source": article.source, "title": article.title, "date": article.date, "url": article.url,
            "path": article.path, "language": article.language, "story_id": story_of.get(article.id),
            "status": own[0] if merged else USED,
            "sentences": len(own), "claims": sum(status == USED for status in own), "warnings": list(article.warnings),
            "author": article.author,
        })
    file_rows = [_file_record(item) for item in files]
    story_frame = pd.DataFrame(_story_rows(stories, article_rows, sentence_rows, topic_rows, pair_frame, findings),
                               columns=STORY_COLUMNS)
    return Report(
        articles=pd.DataFrame(article_rows, columns=ARTICLE_COLUMNS),
        sentences=sentence_frame,
        topics=pd.DataFrame(topic_rows, columns=TOPIC_COLUMNS),
        pairs=pair_frame,
        findings=pd.DataFrame(findings, columns=FINDING_COLUMNS),
        files=pd.DataFrame(file_rows),
        warnings=warnings,
        meta=meta,
        claims=claims,
        comparisons={pair.id: pair.numeric for pair in pairs},
        embeddings=embeddings,
        stories=story_frame,
    )


def _story_rows(stories: list, article_rows: list[dict], sentence_rows: list[dict], topic_rows: list[dict],
                pairs: pd.DataFrame, findings: list[dict]) -> list[dict[str, Any]]:
    """One row per story: its articles and outlets, and how many claims, topics, pairs and findings it holds."""
    source_of = {row["id"]: row["source"] for row in article_rows}

    def count(values) -> dict[Any, int]:
        counts: dict[Any, int] = {}
        for value in values:
            counts[value] = counts.get(value, 0) + 1
        return counts

    claims = count(row["story_id"] for row in sentence_rows if row["status"] == USED)
    topics = count(row["story_id"] for row in topic_rows)
    pair_counts = count(pairs["story_id"].tolist())
    conflicts = count(story for story, verdict in zip(pairs["story_id"].tolist(), pairs["verdict"].tolist())
                      if verdict == CONFLICT)
    agreements = count(f["story_id"] for f in findings if f["kind"] == AGREE)
    return [{
        "story_id": story.id, "label": story.label, "grouped_by": story.grouped_by, "articles": list(story.article_ids),
        "sources": sorted({source_of[a] for a in story.article_ids if a in source_of}),
        "claims": claims.get(story.id, 0), "topics": topics.get(story.id, 0), "pairs": pair_counts.get(story.id, 0),
        "conflicts": conflicts.get(story.id, 0), "agreements": agreements.get(story.id, 0),
    } for story in stories]


def _file_record(item: Any) -> dict[str, Any]:
    if hasattr(item, "__dataclass_fields__"):
        record = {name: getattr(item, name) for name in item.__dataclass_fields__}
    else:
        record = dict(item)
    return {key: (list(value) if isinstance(value, tuple) else value) for key, value in record.items()}


def _findings_and_topics(pairs: pd.DataFrame, sentences: pd.DataFrame, labels: dict[int, str],
                         topic_story: dict[int, str | None]):
    # Plain lists grouped by topic once: filtering the pairs frame per topic and reading rows through
    # pandas took seconds at 100,000 pairs.
    used = sentences[sentences["status"] == USED]
    member_sources: dict[int, list[str]] = {}
    for topic_id, source in zip(used["topic_id"].tolist(), used["source"].tolist()):
        if topic_id is not pd.NA:
            member_sources.setdefault(topic_id, []).append(source)
    column = {name: pairs[name].tolist() for name in (
        "pair_id", "topic_id", "verdict", "confidence", "reason", "a_sentence_id", "a_source", "b_sentence_id", "b_source",
        "a_date", "b_date")}
    rows_of: dict[int, list[int]] = {}  # topic id -> row numbers of its pairs, in frame order
    for row, topic_id in enumerate(column["topic_id"]):
        rows_of.setdefault(topic_id, []).append(row)
    pair_id, verdict, confidence, reason = column["pair_id"], column["verdict"], column["confidence"], column["reason"]
    a_sentence, a_source, b_sentence, b_source = (column["a_sentence_id"], column["a_source"], column["b_sentence_id"],
                                                  column["b_source"])

    # Finding ids come from the sentences' outlets and words, not positions (see contradict.identity).
    text_of = dict(zip(sentences["id"].tolist(), sentences["text"].tolist()))
    key_of: dict[str, str] = {}

    def key(sentence_id: str, source: str) -> str:
        if sentence_id not in key_of:
            key_of[sentence_id] = claim_key(source, text_of.get(sentence_id))
        return key_of[sentence_id]

    def row_key(row: int) -> str:
        return pair_key(key(a_sentence[row], a_source[row]), key(b_sentence[row], b_source[row]))

    date_of = {**dict(zip(b_sentence, column["b_date"])), **dict(zip(a_sentence, column["a_date"]))}
    source_of = {**dict(zip(b_sentence, b_source)), **dict(zip(a_sentence, a_source))}
    findings: list[dict[str, Any]] = []
    topic_rows: list[dict[str, Any]] = []
    # A group never holds both sentences of a conflict (see verdict.agreement_groups).
    conflicting_sentences = [(a_sentence[row], b_sentence[row]) for row in range(len(verdict))
                             if verdict[row] in (CONFLICT, DISPUTE)]
    for topic_id in sorted(labels):
        members = member_sources.get(topic_id, [])
        rows = rows_of.get(topic_id, [])
        label = labels[topic_id]
        conflicts = [row for row in rows if verdict[row] == CONFLICT]  # ordered by the sort of all findings below
        disputes = [row for row in rows if verdict[row] == DISPUTE]
        for row in conflicts + disputes:
            summary = (f"{a_source[row]} and {b_source[row]} disagree: {reason[row]}" if verdict[row] == CONFLICT else
                       f"{a_source[row]} and {b_source[row]} quote parties on opposite sides: {reason[row]}")
            findings.append({
                "finding_id": finding_id([row_key(row)]), "kind": verdict[row], "story_id": topic_story.get(topic_id),
                "topic_id": topic_id, "topic": label,
                "sources": sorted({a_source[row], b_source[row]}), "confidence": confidence[row],
                "summary": summary,
                "pair_ids": [pair_id[row]], "sentence_ids": [a_sentence[row], b_sentence[row]],
            })
        groups = agreement_groups(
            ((pair_id[row], a_sentence[row], a_source[row], b_sentence[row], b_source[row], confidence[row])
             for row in rows if verdict[row] == AGREE),
            conflicts=conflicting_sentences,
        )
        for group in groups:
            findings.append({
                "finding_id": group_id((date_of[s] if isinstance(date_of[s], str) else None, key(s, source_of[s]))
                                       for s in group.sentence_ids),
                "kind": AGREE, "story_id": topic_story.get(topic_id), "topic_id": topic_id, "topic": label,
                "sources": list(group.sources), "confidence": group.confidence,
                "summary": f"{', '.join(group.sources)} agree",
                "pair_ids": list(group.pair_ids), "sentence_ids": list(group.sentence_ids),
            })
        outlets = sorted(set(members))
        topic_rows.append({
            "topic_id": topic_id, "story_id": topic_story.get(topic_id), "label": label, "size": len(members),
            "sources": outlets,
            "stance": topic_stance([verdict[row] for row in rows], len(outlets)),
            "conflicts": len(conflicts),
            "agreements": [list(group.sources) for group in groups],
        })
    # Conflicts first, then agreements; strongest first within each; ids break ties for stable output.
    order = {CONFLICT: 0, DISPUTE: 1, AGREE: 2}
    findings.sort(key=lambda f: (order.get(f["kind"], 3), -f["confidence"], f["finding_id"]))
    for finding, unique in zip(findings, unique_ids([f["finding_id"] for f in findings])):
        finding["finding_id"] = unique
    return findings, topic_rows
