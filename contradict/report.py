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

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd

from .compare import claim_to_dict, comparison_to_dict
from .types import MERGED, SET_ASIDE, USED, Article, Claim, Sentence
from .verdict import AGREE, CONFLICT, agreement_groups, topic_stance

SCHEMA_VERSION = "1.0"

SENTENCE_COLUMNS = ["id", "article_id", "source", "index", "start", "end", "text", "status", "reason", "topic_id",
                    "truncated"]
PAIR_COLUMNS = [
    "pair_id", "topic_id", "topic", "a_sentence_id", "a_source", "a_article", "a_date", "a_text",
    "b_sentence_id", "b_source", "b_article", "b_date", "b_text", "verdict", "confidence", "reason",
    "cosine", "contradiction_ab", "contradiction_ba", "entailment_ab", "entailment_ba",
    "numeric_status", "numeric_explanation", "truncated",
]
FINDING_COLUMNS = ["finding_id", "kind", "topic_id", "topic", "sources", "confidence", "summary", "pair_ids", "sentence_ids"]
TOPIC_COLUMNS = ["topic_id", "label", "size", "sources", "stance", "conflicts", "agreements"]
ARTICLE_COLUMNS = ["id", "source", "title", "date", "url", "path", "language", "status", "sentences", "claims", "warnings"]
QUANTITY_COLUMNS = [
    "sentence_id", "source", "article_id", "date", "text", "quantity_text", "interval", "low", "high", "low_open",
    "high_open", "kind", "counted", "unit", "event", "modality", "topic_id",
]
READING_COLUMNS = [
    "sentence_id", "source", "date", "topic_id", "text", "modality", "time_anchor", "attribution", "negated",
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
                "attribution": claim.attribution if claim else None, "negated": bool(claim.negated) if claim else False,
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
        matrix = pd.DataFrame("absent", index=pd.Index(outlets, name="source"),
                              columns=pd.Index(topic_ids, name="topic_id"), dtype=object)
        for topic_id in topic_ids:
            members = used[used["topic_id"] == topic_id]
            topic_pairs = self.pairs[self.pairs["topic_id"] == topic_id]
            source_count = members["source"].nunique()
            for outlet in members["source"].unique():
                own = topic_pairs[(topic_pairs["a_source"] == outlet) | (topic_pairs["b_source"] == outlet)]
                matrix.loc[outlet, topic_id] = topic_stance(own["verdict"].tolist(), source_count)
        return matrix

    # ------------------------------------------------------------------ JSON

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract as plain Python objects."""
        sources: dict[str, list[str]] = {}
        for row in self.articles.itertuples():
            sources.setdefault(row.source, []).append(row.id)
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": self.meta.get("tool", {}),
            "models": self.meta.get("models", {}),
            "thresholds": self.meta.get("thresholds", {}),
            "summary": self.summary(),
            "sources": [{"source": name, "articles": ids} for name, ids in sorted(sources.items())],
            "files": _records(self.files),
            "articles": _records(self.articles),
            "sentences": [
                {**record, "claim": claim_to_dict(self.claims[record["id"]]) if record["id"] in self.claims else None}
                for record in _records(self.sentences)
            ],
            "topics": _records(self.topics),
            "pairs": [self._pair_dict(row) for row in _records(self.pairs)],
            "findings": _records(self.findings),
            "warnings": list(self.warnings),
        }

    def _pair_dict(self, row: dict) -> dict[str, Any]:
        def side(prefix: str) -> dict[str, Any]:
            sentence_id = row[f"{prefix}_sentence_id"]
            claim = self.claims.get(sentence_id)
            return {
                "sentence": sentence_id,
                "source": row[f"{prefix}_source"],
                "article": row[f"{prefix}_article"],
                "date": row[f"{prefix}_date"],
                "text": row[f"{prefix}_text"],
                "claim": claim_to_dict(claim) if claim is not None else None,
            }

        comparison = self.comparisons.get(row["pair_id"])
        return {
            "id": row["pair_id"],
            "topic": row["topic"],
            "topic_id": row["topic_id"],
            "a": side("a"),
            "b": side("b"),
            "verdict": row["verdict"],
            "confidence": row["confidence"],
            "reason": row["reason"],
            "truncated": row["truncated"],
            "scores": {
                "cosine": row["cosine"],
                "nli": {key: row[key] for key in ("contradiction_ab", "contradiction_ba", "entailment_ab", "entailment_ba")},
                "numeric": comparison_to_dict(comparison) if comparison is not None else None,
            },
        }

    def to_json(self, path: str | Path | None = None, *, indent: int | None = 2) -> str:
        """The JSON report as a string (byte-identical for identical inputs); also written to ``path`` if given.

        ``indent=2`` (the default) puts every key on its own line, so two reports diff line
        by line; ``indent=None`` writes one compact line. No other indent is offered.

        Example:
            >>> text = report.to_json("report.json")
            >>> json.loads(text)["schema_version"]
            '1.0'
        """
        data = self._json_bytes(indent=indent)
        if path is not None:
            Path(path).write_bytes(data + b"\n")
        return data.decode("utf-8")

    def _json_bytes(self, *, indent: int | None = 2) -> bytes:
        """:meth:`to_json` as UTF-8 bytes, for writers that need not build a 200 MB ``str``."""
        return json_bytes(self.to_dict(), indent=indent)

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

    def _render(self, fmt: str, path: str | Path | None, options: dict[str, Any]) -> str:
        from .formats import render, write_output  # formats imports this module: import on use

        text = render(self, fmt, **options)
        if path is not None:
            write_output(text, output=path)
        return text


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


def json_bytes(value: Any, *, indent: int | None = 2) -> bytes:
    """``value`` as UTF-8 JSON: two-space indent (or one compact line with ``indent=None``), keys in insertion order.

    The layout of ``json.dumps(value, indent=2, ensure_ascii=False)``: non-ASCII text written as
    itself, NaN and infinities as ``null``, NumPy scalars and arrays as plain numbers and lists.

    Example:
        >>> json_bytes({"a": [1, 2]}, indent=None)
        b'{"a":[1,2]}'
    """
    if indent not in (2, None):
        raise ValueError(f"indent must be 2 or None, not {indent!r}")
    options = _ORJSON_OPTIONS | (orjson.OPT_INDENT_2 if indent == 2 else 0)
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


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{key: _clean(value) for key, value in record.items()} for record in frame.to_dict(orient="records")]


# ---------------------------------------------------------------------- building


def build_report(*, articles: list[Article], files, sentences: list[Sentence], claims: dict[str, Claim],
                 topic_of: dict[str, int], topic_labels: dict[int, str], pairs: list, warnings: list[str],
                 embeddings: np.ndarray | None, meta: dict[str, Any]) -> Report:
    """Assemble the DataFrames of a :class:`Report` from the pipeline's records."""
    article_by_id = {article.id: article for article in articles}

    sentence_rows = [{
        "id": s.id, "article_id": s.article_id, "source": s.source, "index": s.index, "start": s.start, "end": s.end,
        "text": s.text, "status": sentence_status(s), "reason": s.reason, "topic_id": topic_of.get(s.id),
        "truncated": bool(s.truncated),  # a model read only the first part of this sentence
    } for s in sentences]
    sentence_frame = pd.DataFrame(sentence_rows, columns=SENTENCE_COLUMNS)
    sentence_frame["topic_id"] = sentence_frame["topic_id"].astype("Int64")

    pair_rows = []
    for pair in pairs:
        pair_rows.append({
            "pair_id": pair.id, "topic_id": pair.topic_id, "topic": topic_labels.get(pair.topic_id, ""),
            "a_sentence_id": pair.a.id, "a_source": pair.a.source, "a_article": pair.a.article_id,
            "a_date": article_by_id[pair.a.article_id].date, "a_text": pair.a.text,
            "b_sentence_id": pair.b.id, "b_source": pair.b.source, "b_article": pair.b.article_id,
            "b_date": article_by_id[pair.b.article_id].date, "b_text": pair.b.text,
            "verdict": pair.verdict.verdict, "confidence": pair.verdict.confidence, "reason": pair.verdict.reason,
            "cosine": pair.scores.cosine, "contradiction_ab": pair.scores.contradiction_ab,
            "contradiction_ba": pair.scores.contradiction_ba, "entailment_ab": pair.scores.entailment_ab,
            "entailment_ba": pair.scores.entailment_ba, "numeric_status": pair.numeric.status,
            "numeric_explanation": pair.numeric.explanation, "truncated": pair.truncated,
        })
    pair_frame = pd.DataFrame(pair_rows, columns=PAIR_COLUMNS)

    findings, topic_rows = _findings_and_topics(pair_frame, sentence_frame, topic_labels)

    article_rows = []
    for article in articles:
        own = sentence_frame[sentence_frame["article_id"] == article.id]
        merged = own["status"].str.startswith("merged with").all() and len(own) > 0
        article_rows.append({
            "id": article.id, "source": article.source, "title": article.title, "date": article.date, "url": article.url,
            "path": article.path, "language": article.language,
            "status": own["status"].iloc[0] if merged else USED,
            "sentences": int(len(own)), "claims": int((own["status"] == USED).sum()), "warnings": list(article.warnings),
        })
    file_rows = [_file_record(item) for item in files]
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
    )


def _file_record(item: Any) -> dict[str, Any]:
    if hasattr(item, "__dataclass_fields__"):
        record = {name: getattr(item, name) for name in item.__dataclass_fields__}
    else:
        record = dict(item)
    return {key: (list(value) if isinstance(value, tuple) else value) for key, value in record.items()}


def _findings_and_topics(pairs: pd.DataFrame, sentences: pd.DataFrame, labels: dict[int, str]):
    used = sentences[sentences["status"] == USED]
    findings: list[dict[str, Any]] = []
    topic_rows: list[dict[str, Any]] = []
    for topic_id in sorted(labels):
        members = used[used["topic_id"] == topic_id]
        topic_pairs = pairs[pairs["topic_id"] == topic_id]
        label = labels[topic_id]
        conflicts = topic_pairs[topic_pairs["verdict"] == CONFLICT].sort_values(["confidence", "pair_id"], ascending=[False, True])
        for row in conflicts.itertuples():
            findings.append({
                "finding_id": f"f-{row.pair_id}", "kind": CONFLICT, "topic_id": topic_id, "topic": label,
                "sources": sorted({row.a_source, row.b_source}), "confidence": row.confidence,
                "summary": f"{row.a_source} and {row.b_source} disagree: {row.reason}",
                "pair_ids": [row.pair_id], "sentence_ids": [row.a_sentence_id, row.b_sentence_id],
            })
        agreeing = topic_pairs[topic_pairs["verdict"] == AGREE]
        groups = agreement_groups(
            (r.pair_id, r.a_sentence_id, r.a_source, r.b_sentence_id, r.b_source, r.confidence) for r in agreeing.itertuples()
        )
        for number, group in enumerate(groups):
            findings.append({
                "finding_id": f"f-t{topic_id}-agree{number}", "kind": AGREE, "topic_id": topic_id, "topic": label,
                "sources": list(group.sources), "confidence": group.confidence,
                "summary": f"{', '.join(group.sources)} agree",
                "pair_ids": list(group.pair_ids), "sentence_ids": list(group.sentence_ids),
            })
        topic_rows.append({
            "topic_id": topic_id, "label": label, "size": int(len(members)),
            "sources": sorted(members["source"].unique().tolist()),
            "stance": topic_stance(topic_pairs["verdict"].tolist(), members["source"].nunique()),
            "conflicts": int(len(conflicts)),
            "agreements": [list(group.sources) for group in groups],
        })
    # Conflicts first, then agreements; strongest first within each; ids break ties for stable output.
    findings.sort(key=lambda f: (f["kind"] != CONFLICT, -f["confidence"], f["finding_id"]))
    return findings, topic_rows
