"""Records passed between stages, and the small protocols that model wrappers satisfy.

Stages talk through these frozen dataclasses; DataFrames appear only at the edge
(:class:`contradict.report.Report`). Column names of those DataFrames match the
field names here and the JSON keys of the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

#: Sentence status values. A sentence is either used as a claim or set aside with a reason.
USED = "used"
SET_ASIDE = "set aside"
MERGED = "merged"


@dataclass(frozen=True)
class Article:
    """One news article.

    ``source`` is the outlet ("Fox News"); when it is not given it is derived from the
    file name by the loader. ``id`` is a stable identifier: the loader derives it from
    the file name, :func:`contradict.pipeline.analyze` from the content when it is None.

    Example:
        >>> Article(text="Russia withdrew 10,000 troops.", source="Fox News", date="2021-12-25")
        Article(text='Russia withdrew 10,000 troops.', source='Fox News', ...)
    """

    text: str
    source: str | None = None
    title: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD) when known
    url: str | None = None
    id: str | None = None
    path: str | None = None
    #: Notes the loader made about this article (decoded as cp1252, HTML stripped, ...).
    warnings: tuple[str, ...] = ()
    #: Detected language code ("en"), when detection ran.
    language: str | None = None
    author: str | None = None
    #: ``(start, end, reason)`` spans of ``text`` that are not the article: page furniture
    #: (navigation, reader comments, related stories, ...) kept so that nothing the user gave
    #: is silently dropped. Every sentence inside one is set aside with its reason.
    set_aside_spans: tuple[tuple[int, int, str], ...] = ()

    @property
    def body(self) -> str:
        """The text without its set-aside spans: what near-duplicate detection compares.

        Example:
            >>> Article(text="Troops left.\n\nShare this", set_aside_spans=((14, 24, "share buttons"),)).body
            'Troops left.\n\n'
        """
        if not self.set_aside_spans:
            return self.text
        parts, position = [], 0
        for start, end, _ in sorted(self.set_aside_spans):
            parts.append(self.text[position:start])
            position = max(position, end)
        parts.append(self.text[position:])
        return "".join(parts)
    #: The story (event) this article reports, when the input says so: articles with the same
    #: ``story`` are compared together and never with other stories' (see :mod:`contradict.stories`).
    story: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, with its character span in ``Article.text``.

    ``status`` is ``"used"`` for claim sentences, ``"set aside"`` for boilerplate and
    non-claims (``reason`` says why: "photo caption", "promo", ...), or ``"merged"``
    when the same sentence was already counted (``reason`` names the sentence it
    duplicates). The id is ``"<article id>:<start>-<end>"`` so a reader can jump to
    the exact place in the source.
    """

    id: str
    article_id: str
    source: str
    text: str
    start: int
    end: int
    index: int
    status: str = USED
    reason: str | None = None
    truncated: bool = False


# --------------------------------------------------------------------------- claims


@dataclass(frozen=True)
class Quantity:
    """A number in a sentence read as an interval ``[low, high]``.

    ``low_open``/``high_open`` say whether a bound is excluded ("more than 10,000"
    is ``(10000, inf)``). ``kind`` is one of ``exact``, ``approximate``, ``range``,
    ``lower_bound``, ``upper_bound``. ``counted`` is the normalised thing counted
    ("troops"), ``counted_text`` the words as written. ``event`` is what happens to
    the counted thing when the sentence says it ("withdrawal", "build-up").
    ``modality`` is ``fact``, ``estimate``, ``projection`` or ``possibility``.
    """

    text: str
    start: int
    end: int
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    kind: str = "exact"
    counted: str | None = None
    counted_text: str | None = None
    event: str | None = None
    modality: str = "fact"
    unit: str | None = None  # measure units such as "km"; None for plain counts


@dataclass(frozen=True)
class Speaker:
    """Who a part of a sentence is attributed to: a person or an organisation, as the text names it.

    ``name`` is as written ("House Speaker Nancy Pelosi", "a White House official", "he");
    ``key`` is what two mentions of one party share (a surname or an organisation, lower case:
    "pelosi", "white house official"), empty when the text names nobody (a pronoun: ``resolved``
    is False); ``role`` is the title the text gives ("House Speaker"), if any. ``start``/``end``
    is the span of the sentence this speaker says (the whole sentence when there is one speaker).
    """

    name: str
    key: str
    role: str | None = None
    start: int = 0
    end: int = 0
    resolved: bool = True


@dataclass(frozen=True)
class Claim:
    """The structured reading of one claim sentence, kept beside its text."""

    text: str
    quantities: tuple[Quantity, ...] = ()
    time_anchor: str | None = None
    modality: str = "fact"
    attribution: str | None = None
    negated: bool = False
    #: The sentence says a quantity is unknown ("the number ... is unclear").
    quantity_unknown: bool = False
    #: Who says what: one speaker per attributed part; empty when the outlet speaks in its own voice.
    speakers: tuple[Speaker, ...] = ()


@dataclass(frozen=True)
class NumericComparison:
    """How the numbers of two claims relate.

    ``status`` is one of ``equal``, ``compatible``, ``entails``, ``conflict``,
    ``not comparable`` or ``no numbers``. ``explanation`` is a sentence for people
    ("60,000-90,000 vs >100,000: disjoint by more than 10,000").
    """

    status: str
    explanation: str = ""
    a: Quantity | None = None
    b: Quantity | None = None
    gap: float | None = None


# --------------------------------------------------------------------------- protocols


@runtime_checkable
class Embedder(Protocol):
    """Turns sentences into unit-length vectors (rows)."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:  # (n, d) float32, L2-normalised
        ...


@runtime_checkable
class NLIScorer(Protocol):
    """Scores (premise, hypothesis) pairs.

    ``labels`` names the columns of :meth:`predict`'s output, normalised to
    ``contradiction``, ``entailment``, ``neutral`` (and ``other`` for a model's
    "not contradiction" class). A model without an entailment class simply has no
    ``entailment`` column.
    """

    name: str
    labels: tuple[str, ...]
    max_tokens: int

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:  # (n, len(labels)) probabilities
        ...

    def is_truncated(self, premise: str, hypothesis: str) -> bool:
        ...


@runtime_checkable
class Clusterer(Protocol):
    """Any scikit-learn style clusterer: ``fit`` then ``labels_``."""

    def fit(self, X: np.ndarray) -> "Clusterer":
        ...


@dataclass(frozen=True)
class PairScores:
    """Model scores of one sentence pair, NLI in both directions (None when NLI did not score it)."""

    cosine: float
    contradiction_ab: float | None = None
    contradiction_ba: float | None = None
    entailment_ab: float | None = None
    entailment_ba: float | None = None
    neutral_ab: float | None = None
    neutral_ba: float | None = None

    @property
    def nli_scored(self) -> bool:
        return self.contradiction_ab is not None and self.contradiction_ba is not None

    @property
    def contradiction_both(self) -> float | None:
        """p(contradiction) that holds in both directions (the smaller of the two)."""
        return min(self.contradiction_ab, self.contradiction_ba) if self.nli_scored else None

    @property
    def entailment_either(self) -> float | None:
        """p(entailment) in the more confident direction (None for models without entailment)."""
        if self.entailment_ab is None or self.entailment_ba is None:
            return None
        return max(self.entailment_ab, self.entailment_ba)


@dataclass(frozen=True)
class PairVerdict:
    """The verdict on one cross-outlet pair: ``agree``, ``conflict`` or ``unrelated``."""

    verdict: str
    confidence: float
    reason: str = ""
