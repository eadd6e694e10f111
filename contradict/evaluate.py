"""Score the pipeline against labels: labelled sentence pairs (JSON Lines), or labelled events.

Two kinds of gold are read:

- **labelled pairs** (:func:`evaluate_file`): sentence pairs scored one by one, beside NLI alone;
- **labelled events** (:func:`evaluate_events`): folders of articles about one event each, and a
  labels file per event naming sentence pairs by outlet file and verbatim quote (the format of
  ``../shared/news-dev``, see below). Every event is reported in full, as ``contradict report``
  would, and the report's pairs are matched to the labelled items.

A labelled pairs file is JSON Lines, one pair per line::

    {"premise": "...", "hypothesis": "...", "label": "contradiction", "source_a": "Express", "source_b": "BBC", "why": "..."}

``label`` is ``entailment``, ``neutral`` or ``contradiction``; other keys are optional
(``date_a``/``date_b`` are passed to the claim comparison when given). Each pair gets:

- **pipeline**: the verdict :meth:`Pipeline.score_sentence_pairs` gives it (the same code
  as a report pair: cosine, NLI both ways, claim reading and comparison, ``decide_pair``),
  mapped agree -> entailment, conflict -> contradiction, unrelated -> neutral;
- **nli_argmax**: the NLI model alone, premise -> hypothesis, the most probable of its labels
  mapped to the three classes. A 2-label model (``other``/``contradiction``, like the
  packaged one) can only say contradiction (p >= 0.5) or neutral: it never predicts entailment;
- **nli_threshold_0.7**: the NLI model alone, contradiction when p(contradiction) >= 0.7,
  else entailment when the model has that class and p(entailment) >= 0.7, else neutral.

Example:
    >>> result = evaluate_file("benchmarks/data/seed_pairs.jsonl")
    >>> result.systems["pipeline"].accuracy, result.systems["nli_argmax"].accuracy
    (0.82, 0.41)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .errors import InputError

LABELS = ("entailment", "neutral", "contradiction")
VERDICT_TO_LABEL = {"agree": "entailment", "conflict": "contradiction", "dispute": "contradiction", "unrelated": "neutral"}
NLI_THRESHOLD = 0.7
SYSTEMS = ("pipeline", "nli_argmax", f"nli_threshold_{NLI_THRESHOLD}")


@dataclass(frozen=True)
class LabelledPair:
    """One labelled sentence pair."""

    premise: str
    hypothesis: str
    label: str
    source_a: str | None = None
    source_b: str | None = None
    date_a: str | None = None
    date_b: str | None = None
    why: str | None = None


@dataclass
class Scores:
    """Accuracy, per-class precision/recall/F1/support and the confusion matrix (gold -> predicted -> count)."""

    accuracy: float
    per_class: dict[str, dict[str, float]]
    confusion: dict[str, dict[str, int]]

    def to_dict(self) -> dict:
        return {"accuracy": self.accuracy, "per_class": self.per_class, "confusion": self.confusion}


@dataclass
class Evaluation:
    """Scores per system (``pipeline`` first) and the per-pair predictions."""

    systems: dict[str, Scores]
    predictions: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The pipeline's figures at the top level, every system under ``systems``, and each pair."""
        pipeline = self.systems["pipeline"].to_dict()
        return {**pipeline, "pairs": len(self.predictions), "labels": list(LABELS),
                "systems": {name: scores.to_dict() for name, scores in self.systems.items()},
                "predictions": self.predictions}


def read_labelled_pairs(path: str | Path) -> list[LabelledPair]:
    """Read a JSON Lines file of labelled pairs; a bad line is an :class:`InputError` naming file and line.

    Example:
        >>> read_labelled_pairs("benchmarks/data/seed_pairs.jsonl")[0].label
        'contradiction'
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read ({error})") from None
    pairs = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{number}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise InputError(f"{path}:{number}: expected a JSON object")
        missing = [key for key in ("premise", "hypothesis", "label") if not isinstance(record.get(key), str)]
        if missing:
            raise InputError(f"{path}:{number}: missing or non-text {', '.join(missing)}")
        label = record["label"].strip().lower()
        if label not in LABELS:
            raise InputError(f"{path}:{number}: label {record['label']!r} is not one of {', '.join(LABELS)}")
        pairs.append(LabelledPair(record["premise"], record["hypothesis"], label,
                                  *(record.get(key) for key in ("source_a", "source_b", "date_a", "date_b", "why"))))
    if not pairs:
        raise InputError(f"{path}: no labelled pairs")
    return pairs


def score_predictions(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str] = LABELS) -> Scores:
    """Accuracy, per-class precision/recall/F1 and confusion matrix (precision of a never-predicted class is 0).

    Example:
        >>> score_predictions(["neutral", "contradiction"], ["neutral", "neutral"]).accuracy
        0.5
    """
    confusion = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, predicted):
        confusion[g][p] += 1
    per_class = {}
    for label in labels:
        true_positive = confusion[label][label]
        predicted_count = sum(confusion[g][label] for g in labels)
        support = sum(confusion[label].values())
        precision = true_positive / predicted_count if predicted_count else 0.0
        recall = true_positive / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                            "support": support}
    correct = sum(confusion[label][label] for label in labels)
    return Scores(round(correct / len(gold), 4) if len(gold) else 0.0, per_class, confusion)


def nli_label(probabilities: dict[str, float], threshold: float | None = None) -> str:
    """The 3-class label NLI alone gives a pair (argmax when ``threshold`` is None; see the module docstring).

    Example:
        >>> nli_label({"other": 0.4, "contradiction": 0.6})
        'contradiction'
        >>> nli_label({"other": 0.4, "contradiction": 0.6}, threshold=0.7)
        'neutral'
    """
    if threshold is not None:
        if probabilities.get("contradiction", 0.0) >= threshold:
            return "contradiction"
        if probabilities.get("entailment", 0.0) >= threshold:
            return "entailment"
        return "neutral"
    best = max(probabilities, key=lambda label: probabilities[label])
    # "other" (a 2-label model's "not contradiction") is read as neutral: it cannot tell entailment apart.
    return best if best in LABELS else "neutral"


def evaluate_pairs(pairs: Iterable[LabelledPair], pipeline=None) -> Evaluation:
    """Score the pipeline and NLI alone on labelled pairs.

    Example:
        >>> evaluation = evaluate_pairs(read_labelled_pairs("benchmarks/data/seed_pairs.jsonl"))
        >>> evaluation.systems["pipeline"].per_class["contradiction"]["recall"]
        0.9
    """
    from .pipeline import Pipeline

    pairs = list(pairs)
    pipeline = pipeline or Pipeline(show_progress=False)
    results = pipeline.score_sentence_pairs([(p.premise, p.hypothesis) for p in pairs],
                                            dates=[(p.date_a, p.date_b) for p in pairs], nli_for_every_pair=True)
    gold = [p.label for p in pairs]
    predicted = {name: [] for name in SYSTEMS}
    predictions = []
    for pair, result in zip(pairs, results):
        guesses = {"pipeline": VERDICT_TO_LABEL[result.verdict.verdict],
                   "nli_argmax": nli_label(result.nli_ab),
                   SYSTEMS[2]: nli_label(result.nli_ab, NLI_THRESHOLD)}
        for name, guess in guesses.items():
            predicted[name].append(guess)
        predictions.append({"premise": pair.premise, "hypothesis": pair.hypothesis, "label": pair.label,
                            "predicted": guesses, "verdict": result.verdict.verdict, "reason": result.verdict.reason,
                            "cosine": result.scores.cosine,
                            "nli_ab": {k: round(v, 4) for k, v in result.nli_ab.items()},
                            "nli_ba": {k: round(v, 4) for k, v in result.nli_ba.items()}})
    return Evaluation({name: score_predictions(gold, predicted[name]) for name in SYSTEMS}, predictions)


def evaluate_file(path: str | Path, pipeline=None) -> Evaluation:
    """:func:`evaluate_pairs` on a JSON Lines file (see :func:`read_labelled_pairs`).

    Example:
        >>> evaluate_file("benchmarks/data/seed_pairs.jsonl").systems["pipeline"].accuracy
        0.82
    """
    return evaluate_pairs(read_labelled_pairs(path), pipeline)


def render_evaluation_text(evaluation: Evaluation, *, show_errors: bool = False) -> str:
    """Accuracy, a per-class table and a confusion matrix per system, for people.

    Example:
        >>> print(render_evaluation_text(evaluate_file("benchmarks/data/seed_pairs.jsonl")))
    """
    lines = [f"{len(evaluation.predictions)} labelled pairs", ""]
    short = {"entailment": "entail", "neutral": "neutral", "contradiction": "contra"}
    for name, scores in evaluation.systems.items():
        lines.append(f"{name}: accuracy {scores.accuracy:.3f}")
        lines.append(f"  {'class':<14}{'precision':>10}{'recall':>8}{'F1':>8}{'support':>9}")
        for label, row in scores.per_class.items():
            lines.append(f"  {label:<14}{row['precision']:>10.3f}{row['recall']:>8.3f}{row['f1']:>8.3f}{row['support']:>9}")
        lines.append("  confusion (rows: gold, columns: predicted)")
        lines.append("  " + " " * 14 + "".join(f"{short[label]:>9}" for label in LABELS))
        for gold in LABELS:
            lines.append(f"  {gold:<14}" + "".join(f"{scores.confusion[gold][p]:>9}" for p in LABELS))
        lines.append("")
    if show_errors:
        wrong = [p for p in evaluation.predictions if p["predicted"]["pipeline"] != p["label"]]
        lines.append(f"pipeline errors ({len(wrong)}):")
        for p in wrong:
            lines.append(f"- gold {p['label']}, predicted {p['predicted']['pipeline']} ({p['reason']})")
            lines.append(f"    A: {p['premise']}")
            lines.append(f"    B: {p['hypothesis']}")
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- labelled events
#
# An events folder holds one folder per event (``events/<uuid>/fox.md``, ``hpo.md``, ...: articles with
# front matter ``source``/``title``/``date``/``url``); a labels folder holds ``labels/<uuid>.json``:
#
#     {"event": "<uuid>", "title": "...", "items": [
#         {"id": "0d10-1", "expect": "conflict", "kind": "number",
#          "a": ["fox", "<verbatim substring of one sentence of fox.md>"],
#          "b": ["nyt", "<verbatim substring of one sentence of nyt.md>"], "why": "..."}, ...]}
#
# ``expect`` is ``conflict`` (incompatible facts), ``dispute`` (accurate reports of parties who
# contradict each other), ``agree`` (the same checkable fact) or ``not-conflict`` (a trap: looks
# like a conflict, is compatible). Conflicts and disputes are listed exhaustively, so a reported
# conflict that matches none of them counts against precision. A report pair matches an item when
# its two sides are the item's two outlets (either order) and each side's sentence contains that
# outlet's quote, both normalised by :func:`normalise_quote`. The outlet of a file stem ("fox") is
# the ``source`` the loader gives that event's file with that stem, never a fixed table.

EXPECTS = ("conflict", "dispute", "agree", "not-conflict")
#: Pair verdicts that count as "flagged": reported as a disagreement.
FLAGGED = frozenset({"conflict", "dispute", "contradiction"})
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise_quote(text: object) -> str:
    """Curly quotes made straight and runs of whitespace made one space, for substring matching.

    Example:
        >>> normalise_quote("He said \u201cno\u201d,\\n  it\u2019s  over")
        'He said "no", it\\'s over'
    """
    return " ".join(str(text).translate(_QUOTES).split())


@dataclass(frozen=True)
class LabelItem:
    """One labelled sentence pair of an event.

    ``a`` and ``b`` are ``(side, quote)``: ``side`` is the file stem in a labels file (``"fox"``)
    and the outlet (``"Fox News"``) once :meth:`with_outlets` has resolved it; ``None`` is an
    outlet no article has (its file produced none), which matches no pair.

    Example:
        >>> item = LabelItem("ev-1", "conflict", ("fox", "voted on Tuesday"), ("nyt", "voted on Wednesday"))
        >>> item.with_outlets({"fox": "Fox News", "nyt": "New York Times"}).a
        ('Fox News', 'voted on Tuesday')
    """

    id: str
    expect: str
    a: tuple[str | None, str]
    b: tuple[str | None, str]
    kind: str | None = None
    why: str = ""
    event: str = ""

    def with_outlets(self, outlets: dict[str, str | None]) -> "LabelItem":
        """This item with each side's file stem replaced by the outlet ``outlets`` gives it (KeyError if absent)."""
        return LabelItem(self.id, self.expect, (outlets[self.a[0]], self.a[1]), (outlets[self.b[0]], self.b[1]),
                         self.kind, self.why, self.event)


@dataclass(frozen=True)
class EventLabels:
    """The labels of one event: its id (the events folder's sub-folder name), title, items and labels file."""

    event: str
    items: tuple[LabelItem, ...]
    title: str = ""
    path: str = ""

    def stems(self) -> list[str]:
        """The file stems the items name, sorted."""
        return sorted({side for item in self.items for side in (item.a[0], item.b[0])})


def _item_side(value: object, where: str, key: str) -> tuple[str, str]:
    if (not isinstance(value, (list, tuple)) or len(value) != 2
            or not all(isinstance(part, str) and part.strip() for part in value)):
        raise InputError(f'{where}: "{key}" must be ["<file stem>", "<quote>"]')
    return value[0].strip(), value[1]


def parse_event_labels(data: object, where: str = "labels") -> EventLabels:
    """Check one labels object (a parsed ``labels/<event>.json``); a problem is an :class:`InputError` naming ``where``.

    Example:
        >>> labels = parse_event_labels({"event": "ev", "items": [{"id": "ev-1", "expect": "agree",
        ...     "a": ["fox", "The bridge closed."], "b": ["nyt", "The bridge is closed."]}]})
        >>> labels.items[0].a, labels.stems()
        (('fox', 'The bridge closed.'), ['fox', 'nyt'])
    """
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object with event and items")
    event = data.get("event")
    if not isinstance(event, str) or not event.strip() or "/" in event or "\\" in event or event.strip() in (".", ".."):
        raise InputError(f'{where}: "event" must name the event\'s folder')
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        raise InputError(f'{where}: "items" must be a list')
    items = []
    for number, raw in enumerate(raw_items, start=1):
        here = f"{where}: item {number}"
        if not isinstance(raw, dict):
            raise InputError(f"{here}: expected an object")
        expect = raw.get("expect")
        if expect not in EXPECTS:
            raise InputError(f"{here}: expect {expect!r} is not one of {', '.join(EXPECTS)}")
        a, b = _item_side(raw.get("a"), here, "a"), _item_side(raw.get("b"), here, "b")
        item_id = raw.get("id")
        items.append(LabelItem(str(item_id) if item_id is not None else f"{event}-{number}", expect, a, b,
                               raw.get("kind") if isinstance(raw.get("kind"), str) else None,
                               raw.get("why") if isinstance(raw.get("why"), str) else "", event.strip()))
    title = data.get("title")
    return EventLabels(event.strip(), tuple(items), title if isinstance(title, str) else "", where)


def read_event_labels(labels_dir: str | Path) -> list[EventLabels]:
    """Read every ``*.json`` of a labels folder, sorted by name (an :class:`InputError` names a bad file).

    Example:
        >>> [labels.event[:4] for labels in read_event_labels("../shared/news-dev/labels")][:2]
        ['0d10', '2058']
    """
    folder = Path(labels_dir)
    if not folder.is_dir():
        raise InputError(f"{labels_dir}: no such labels folder")
    files = sorted(folder.glob("*.json"))
    if not files:
        raise InputError(f"{labels_dir}: labels folder has no .json file")
    result = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise InputError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"{path}: cannot read ({error})") from None
        result.append(parse_event_labels(data, str(path)))
    seen: dict[str, str] = {}
    for labels in result:
        if labels.event in seen:
            raise InputError(f"{labels.path}: event {labels.event} is also labelled in {seen[labels.event]}")
        seen[labels.event] = labels.path
    return result


def check_event_files(labels: EventLabels, events_dir: str | Path) -> Path:
    """The event's folder, after checking that it exists and holds a file for every stem the items name.

    Example:
        >>> check_event_files(read_event_labels("../shared/news-dev/labels")[0], "../shared/news-dev/events").name
        '0d10341a-9dba-4374-a524-814c300d1611'
    """
    from .load import ARTICLE_SUFFIXES

    folder = Path(events_dir) / labels.event
    if not folder.is_dir():
        raise InputError(f"{labels.path}: event folder {folder} not found")
    for stem in labels.stems():
        if not any((folder / (stem + suffix)).is_file() for suffix in ARTICLE_SUFFIXES):
            raise InputError(f"{labels.path}: names file {stem!r}, but {folder} has no {stem}.md (or other article file)")
    return folder


def outlets_by_file(report) -> dict[str, str | None]:
    """File stem -> outlet of the article(s) read from that file, from a Report, its ``to_dict()`` or its articles frame.

    The outlet is the article's ``source`` as the loader set it (front matter ``source:``, else the
    file name). A file whose articles name several outlets maps to None (its items match nothing).

    Example:
        >>> outlets_by_file({"articles": [{"id": "fox", "source": "Fox News", "path": "events/e1/fox.md"}]})
        {'fox': 'Fox News'}
    """
    if isinstance(report, dict):
        rows = [(a.get("path"), a.get("source")) for a in report.get("articles", [])]
    else:
        frame = getattr(report, "articles", report)
        rows = list(zip(frame["path"].tolist(), frame["source"].tolist())) if len(frame) else []
    found: dict[str, set] = {}
    for path, source in rows:
        if path and not str(path).startswith("<"):
            found.setdefault(Path(str(path)).stem, set()).add(source)
    return {stem: next(iter(sources)) if len(sources) == 1 else None for stem, sources in found.items()}


@dataclass(frozen=True)
class PairView:
    """The parts of a report pair that scoring needs: each side's outlet and normalised sentence, verdict, reason."""

    a_source: str | None
    a_text: str
    b_source: str | None
    b_text: str
    verdict: str
    reason: str = ""

    def matches(self, item: LabelItem) -> bool:
        """True when the two sides are the item's two outlets (either order) and contain their quotes.

        Example:
            >>> pair = PairView("Fox News", "The vote was on Tuesday.", "NYT", "It was on Wednesday.", "conflict")
            >>> pair.matches(LabelItem("1", "conflict", ("NYT", "on Wednesday"), ("Fox News", "on Tuesday")))
            True
        """
        (outlet_a, quote_a), (outlet_b, quote_b) = item.a, item.b
        if outlet_a is None or outlet_b is None:
            return False
        quote_a, quote_b = normalise_quote(quote_a), normalise_quote(quote_b)
        return ((self.a_source == outlet_a and quote_a in self.a_text and self.b_source == outlet_b and quote_b in self.b_text)
                or (self.a_source == outlet_b and quote_b in self.a_text and self.b_source == outlet_a and quote_a in self.b_text))


def report_pairs(report) -> list[PairView]:
    """Every scored pair of a report, as :class:`PairView`: from a Report, its pairs DataFrame, or the report JSON dict.

    In the JSON, a side may be compact (only a sentence id, as ``"a": "fox:0-40"``): its text and
    outlet are then looked up in ``sentences`` and ``articles``.

    Example:
        >>> report_pairs({"pairs": [{"a": {"source": "Fox News", "text": "It\u2019s  over."},
        ...                          "b": {"source": "NYT", "text": "Not over."}, "verdict": "conflict"}]})[0].a_text
        "It's over."
    """
    if isinstance(report, dict):
        text_of = {s.get("id"): s.get("text", "") for s in report.get("sentences", [])}
        source_of = {a.get("id"): a.get("source") for a in report.get("articles", [])}

        def side(value) -> tuple[str | None, str]:
            record = value if isinstance(value, dict) else {"sentence": value}
            sentence = record.get("sentence") or record.get("id") or ""
            text = record.get("text") or text_of.get(sentence, "")
            source = record.get("source") or source_of.get(record.get("article") or str(sentence).split(":")[0])
            return source, normalise_quote(text)

        views = []
        for pair in report.get("pairs", []):
            (a_source, a_text), (b_source, b_text) = side(pair.get("a")), side(pair.get("b"))
            views.append(PairView(a_source, a_text, b_source, b_text, str(pair.get("verdict") or "").lower(),
                                  str(pair.get("reason") or "")))
        return views
    frame = getattr(report, "pairs", report)
    if not len(frame):
        return []
    reasons = frame["reason"].tolist() if "reason" in frame else [""] * len(frame)
    return [PairView(a_source, normalise_quote(a_text), b_source, normalise_quote(b_text), str(verdict or "").lower(),
                     str(reason or ""))
            for a_source, a_text, b_source, b_text, verdict, reason in zip(
                frame["a_source"].tolist(), frame["a_text"].tolist(), frame["b_source"].tolist(),
                frame["b_text"].tolist(), frame["verdict"].tolist(), reasons)]


_COUNTS = ("events", "items", "compared", "reported", "reported_right", "reported_disputes", "reported_disputes_right",
           "conflicts", "conflicts_found", "disputes", "disputes_found", "agreements", "agreements_found",
           "traps", "traps_flagged")


@dataclass
class EventScores:
    """The figures of ``news-dev/score.py`` for one event or summed over events (``+`` adds them).

    Counts: ``reported`` flagged pairs (verdict conflict, dispute or contradiction), ``reported_right``
    of them matching a conflict or dispute item; ``conflicts``/``conflicts_found`` conflict items and
    those with a flagged matching pair (likewise disputes); ``agreements_found`` agree items with a
    matching ``agree`` pair; ``traps_flagged`` not-conflict items with a flagged matching pair;
    ``compared`` items with any matching pair. ``misses`` are the items not got right,
    ``false_conflicts`` the flagged pairs that match no conflict or dispute item.

    Example:
        >>> scores = score_event({"pairs": []}, [LabelItem("1", "conflict", ("A", "x"), ("B", "y"))])
        >>> scores.conflicts, scores.conflicts_found, scores.compared, scores.misses[0]["verdicts"]
        (1, 0, 0, [])
    """

    events: int = 0
    items: int = 0
    compared: int = 0
    reported: int = 0
    reported_right: int = 0
    reported_disputes: int = 0
    reported_disputes_right: int = 0
    conflicts: int = 0
    conflicts_found: int = 0
    disputes: int = 0
    disputes_found: int = 0
    agreements: int = 0
    agreements_found: int = 0
    traps: int = 0
    traps_flagged: int = 0
    misses: list[dict] = field(default_factory=list)
    false_conflicts: list[dict] = field(default_factory=list)

    def __add__(self, other: "EventScores") -> "EventScores":
        return EventScores(*(getattr(self, name) + getattr(other, name) for name in _COUNTS),
                           self.misses + other.misses, self.false_conflicts + other.false_conflicts)

    @property
    def conflict_precision(self) -> float:
        """Flagged pairs that match a conflict or dispute item, over flagged pairs (0 when none is flagged)."""
        return self.reported_right / max(self.reported, 1)

    @property
    def conflict_recall(self) -> float:
        """Conflict items with a flagged matching pair, over conflict items."""
        return self.conflicts_found / max(self.conflicts, 1)

    @property
    def dispute_recall(self) -> float:
        return self.disputes_found / max(self.disputes, 1)

    @property
    def agreement_recall(self) -> float:
        return self.agreements_found / max(self.agreements, 1)

    def to_dict(self) -> dict:
        """Rates (4 decimals), every count, the misses and the false conflicts."""
        return {"conflict_precision": round(self.conflict_precision, 4),
                "conflict_recall": round(self.conflict_recall, 4),
                "dispute_recall": round(self.dispute_recall, 4),
                "agreement_recall": round(self.agreement_recall, 4),
                "traps_flagged_rate": round(self.traps_flagged / max(self.traps, 1), 4),
                "compared_rate": round(self.compared / max(self.items, 1), 4),
                **{name: getattr(self, name) for name in _COUNTS},
                "misses": self.misses, "false_conflicts": self.false_conflicts}

    def figures_line(self, seconds: float | None = None) -> str:
        """The summary line of ``score.py``: ``news gold (N events, S s): conflict precision ...``.

        Example:
            >>> EventScores(events=1, items=2, compared=1, conflicts=1, traps=1).figures_line()[:48]
            'news gold (1 events): conflict precision 0.00 (0'
        """
        timing = f", {seconds:.0f} s" if seconds is not None else ""
        return (f"news gold ({self.events} events{timing}): conflict precision {self.conflict_precision:.2f} "
                f"({self.reported_right}/{self.reported}), conflict recall {self.conflict_recall:.2f} "
                f"({self.conflicts_found}/{self.conflicts}), dispute recall {self.disputes_found}/{self.disputes} "
                f"(reported disputes right {self.reported_disputes_right}/{self.reported_disputes}), "
                f"agree recall {self.agreements_found}/{self.agreements}, traps flagged {self.traps_flagged}/{self.traps}, "
                f"labelled pairs compared {self.compared}/{self.items}")


def score_event(report, items: Iterable[LabelItem], *, event: str = "") -> EventScores:
    """Score one event's report against its label items (sides already resolved to outlets), as ``score.py`` does.

    ``report`` is a Report, its pairs DataFrame or the report JSON dict (see :func:`report_pairs`).

    Example:
        >>> report = {"pairs": [{"a": {"source": "Fox News", "text": "The vote was on Tuesday."},
        ...                      "b": {"source": "NYT", "text": "They voted on Wednesday."}, "verdict": "conflict"}]}
        >>> scores = score_event(report, [LabelItem("1", "conflict", ("Fox News", "on Tuesday"), ("NYT", "on Wednesday"))])
        >>> scores.conflict_precision, scores.conflict_recall, scores.compared
        (1.0, 1.0, 1)
    """
    pairs = report_pairs(report)
    items = list(items)
    scores = EventScores(events=1)
    truth = [item for item in items if item.expect in ("conflict", "dispute")]
    for pair in pairs:
        if pair.verdict not in FLAGGED:
            continue
        right = any(pair.matches(item) for item in truth)
        scores.reported += 1
        scores.reported_right += right
        if pair.verdict == "dispute":
            scores.reported_disputes += 1
            scores.reported_disputes_right += right
        if not right:
            scores.false_conflicts.append({"event": event, "verdict": pair.verdict, "reason": pair.reason,
                                           "a": {"source": pair.a_source, "text": pair.a_text},
                                           "b": {"source": pair.b_source, "text": pair.b_text}})
    for item in items:
        verdicts = {pair.verdict for pair in pairs if pair.matches(item)}
        scores.items += 1
        scores.compared += bool(verdicts)
        flagged = bool(verdicts & FLAGGED)
        if item.expect == "conflict":
            scores.conflicts += 1
            hit = flagged
            scores.conflicts_found += hit
        elif item.expect == "dispute":
            scores.disputes += 1
            hit = flagged
            scores.disputes_found += hit
        elif item.expect == "agree":
            scores.agreements += 1
            hit = "agree" in verdicts
            scores.agreements_found += hit
        else:
            scores.traps += 1
            hit = not flagged
            scores.traps_flagged += not hit
        if not hit:
            scores.misses.append({"event": event or item.event, "id": item.id, "expect": item.expect, "kind": item.kind,
                                  "verdicts": sorted(verdicts), "why": item.why})
    return scores


@dataclass
class EventsEvaluation:
    """The figures over all events (``total``), per event, and the seconds spent reporting."""

    total: EventScores
    per_event: list[tuple[EventLabels, EventScores]] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        """The total figures at the top level (no timing: the same inputs give the same JSON), and each event's counts."""
        return {**self.total.to_dict(),
                "per_event": [{"event": labels.event, "title": labels.title,
                               **{key: value for key, value in scores.to_dict().items()
                                  if key not in ("misses", "false_conflicts", "events")}}
                              for labels, scores in self.per_event]}


def evaluate_events(labels_dir: str | Path, events_dir: str | Path, pipeline=None, *, on_event=None) -> EventsEvaluation:
    """Report every labelled event with one pipeline (models load once) and score it like ``news-dev/score.py``.

    All labels files and event folders are checked before any model runs. ``on_event(labels, scores)``
    is called after each event (for progress).

    Example:
        >>> evaluation = evaluate_events("../shared/news-dev/labels", "../shared/news-dev/events")
        >>> print(evaluation.total.figures_line())
        news gold (12 events): conflict precision ...
    """
    import time

    from .pipeline import Pipeline

    all_labels = read_event_labels(labels_dir)
    if not Path(events_dir).is_dir():
        raise InputError(f"{events_dir}: no such events folder")
    folders = [check_event_files(labels, events_dir) for labels in all_labels]
    pipeline = pipeline or Pipeline(show_progress=False)
    total, per_event, seconds = EventScores(), [], 0.0
    for labels, folder in zip(all_labels, folders):
        start = time.perf_counter()
        report = pipeline.analyze(folder)
        seconds += time.perf_counter() - start
        outlets = outlets_by_file(report)
        items = [item.with_outlets({stem: outlets.get(stem) for stem in labels.stems()}) for item in labels.items]
        scores = score_event(report, items, event=labels.event)
        per_event.append((labels, scores))
        total = total + scores
        if on_event is not None:
            on_event(labels, scores)
    return EventsEvaluation(total, per_event, seconds)


def render_events_text(evaluation: EventsEvaluation, *, verbose: bool = False, max_misses: int = 60) -> str:
    """The ``score.py`` output: with ``verbose`` each event's false conflicts and misses, then the misses line and the figures.

    Example:
        >>> print(render_events_text(evaluate_events("labels/", "events/"), verbose=True))
    """
    lines = []
    if verbose:
        for labels, scores in evaluation.per_event:
            for pair in scores.false_conflicts:
                lines.append(f"  FALSE {labels.event[:4]}: {pair['a']['text'][:90]} || {pair['b']['text'][:90]} "
                             f"-- {pair['reason'][:100]}")
            for miss in scores.misses:
                lines.append(f"  MISS {miss['id']} {miss['expect']} ({'/'.join(miss['verdicts']) or 'no pair'}): "
                             f"{miss['why'][:140]}")
    misses = [f"{m['id']}:{m['expect']}:{'/'.join(m['verdicts']) or 'no pair'}" for m in evaluation.total.misses]
    lines.append(f"misses: {' '.join(misses[:max_misses])}" + (f" (+{len(misses) - max_misses} more)" if len(misses) > max_misses else ""))
    lines.append(evaluation.total.figures_line(evaluation.seconds))
    return "\n".join(lines) + "\n"
