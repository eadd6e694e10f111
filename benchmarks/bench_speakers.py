"""How well the speaker reader finds who says what, against speakers labelled by hand on real news.

``benchmarks/data/speakers_feed.jsonl`` names 76 sentences of the BASIL feed (``../shared/basil-feed``)
by article and character span, never by their text (the texts belong to their publishers), each
with the speakers a reader of the sentence alone gives it: a key (a surname, an organisation:
"pelosi", "obama administration"), ``"PRON"`` for a pronoun ("he said": who it is is in another
sentence), none in the outlet's own voice. They were drawn at random from the feed's sentences with
a verb of saying and labelled from the text alone, before looking at what the reader gives.

A found speaker matches a labelled one when their keys share a word ("senate president mike
thibodeau" / "thibodeau"); a pronoun matches a pronoun. The script prints precision (found
speakers that are labelled), recall (labelled speakers found) and the sentences read exactly right,
then every sentence where the reader and the label differ, to read.

Example:
    $ python benchmarks/bench_speakers.py ../shared/basil-feed
    speakers: precision 0.95 (...), recall 0.88 (...), sentences exactly right 0.86 (...)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the rules of the code beside this script, wherever contradict is installed from

from contradict.claims import read_speakers  # noqa: E402
from contradict.load import load_articles  # noqa: E402
from contradict.sentences import split_sentences  # noqa: E402

LABELS = ROOT / "benchmarks" / "data" / "speakers_feed.jsonl"
PRONOUN = "PRON"


def found_keys(text: str) -> list[str]:
    """The reader's speakers of one sentence as label keys: the key, or ``PRON`` for a pronoun."""
    return [speaker.key if speaker.resolved and speaker.key else PRONOUN for speaker in read_speakers(text)]


def _same(found: str, labelled: str) -> bool:
    if PRONOUN in (found, labelled):
        return found == labelled
    return bool(set(found.split()) & set(labelled.split()))


def score(rows: list[tuple[str, list[str], list[str]]]) -> dict[str, float | int]:
    """Precision, recall and exact sentences of ``(text, labelled, found)`` rows.

    >>> score([("Lee said.", ["lee"], ["lee"]), ("He said.", ["PRON"], [])])["recall"]
    0.5
    """
    found_total = sum(len(found) for _, _, found in rows)
    labelled_total = sum(len(labelled) for _, labelled, _ in rows)
    found_right = sum(any(_same(f, label) for label in labelled) for _, labelled, found in rows for f in found)
    labelled_found = sum(any(_same(f, label) for f in found) for _, labelled, found in rows for label in labelled)
    exact = sum(len(found) == len(labelled) and all(any(_same(f, label) for f in found) for label in labelled)
                for _, labelled, found in rows)
    return {"precision": found_right / found_total if found_total else 1.0, "found_right": found_right,
            "found": found_total, "recall": labelled_found / labelled_total if labelled_total else 1.0,
            "labelled_found": labelled_found, "labelled": labelled_total, "exact": exact, "sentences": len(rows)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("feed", type=Path, help="the BASIL feed folder (../shared/basil-feed)")
    parser.add_argument("--quiet", action="store_true", help="print the figures only, not the sentences that differ")
    args = parser.parse_args()
    articles_dir = args.feed / "articles"
    if not articles_dir.is_dir():
        print(f"error: {articles_dir} is not a folder of articles", file=sys.stderr)
        return 2
    labels = [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]
    wanted = {label["article"] for label in labels}
    loaded = load_articles(sorted(p for p in articles_dir.glob("*.md") if p.stem in wanted)).articles
    articles = {a.id: a for a in loaded}
    spans = {(a_id, s.start, s.end): s.text for a_id, a in articles.items() for s in split_sentences(a)}
    rows = []
    for label in labels:
        text = spans.get((label["article"], label["start"], label["end"]))
        if text is None:
            print(f"error: {label['article']}:{label['start']}-{label['end']} is no sentence of the feed", file=sys.stderr)
            return 2
        rows.append((text, label["speakers"], found_keys(text)))
    figures = score(rows)
    print(f"speakers: precision {figures['precision']:.2f} ({figures['found_right']}/{figures['found']}), "
          f"recall {figures['recall']:.2f} ({figures['labelled_found']}/{figures['labelled']}), "
          f"sentences exactly right {figures['exact'] / figures['sentences']:.2f} ({figures['exact']}/{figures['sentences']})")
    if not args.quiet:
        for text, labelled, found in rows:
            if not (len(found) == len(labelled) and all(any(_same(f, x) for f in found) for x in labelled)):
                print(f"  labelled {labelled} found {found}: {text[:140]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
