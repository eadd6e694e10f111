"""Build a deterministic corpus of N articles: the five seeds plus generated articles.

Each generated article is a new "outlet" that retells the story by mixing claim sentences
from the seed articles, lightly reworded (synonyms, a lead-in, an attribution) and with
some numbers changed, so the corpus holds real numeric conflicts as well as agreements.
The same ``seed`` always gives the same corpus, byte for byte.

Example:
    >>> articles = make_corpus(50, seed=7)
    >>> len(articles), articles[5].source
    (50, 'Outlet 005')

    $ python benchmarks/make_corpus.py 500 --seed 7 --out /tmp/corpus500
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contradict.load import load_articles  # noqa: E402
from contradict.sentences import split_sentences  # noqa: E402
from contradict.types import USED, Article  # noqa: E402

SEEDS = ROOT / "seeds"

#: Word swaps that keep a sentence's meaning (so generated outlets paraphrase rather than copy).
SYNONYMS = {
    "troops": ["soldiers", "servicemen", "forces"],
    "withdrawn": ["pulled back", "moved back"],
    "withdrawal": ["pull-back", "drawdown"],
    "border": ["frontier", "border area"],
    "said": ["stated", "told reporters"],
    "Russia": ["Moscow", "the Kremlin"],
    "talks": ["negotiations", "discussions"],
    "invasion": ["incursion", "attack"],
    "drills": ["exercises", "manoeuvres"],
}
LEAD_INS = ["According to officials, ", "Reports say ", "Sources said ", "It was reported that ", "Officials said "]
ATTRIBUTIONS = [", a spokesman said.", ", officials said.", ", according to reports.", ", sources told the outlet."]

_NUMBER = re.compile(r"(?<![\d,.])(\d{1,3}(?:,\d{3})+|\d+)(?![\d,]|\.\d)")


def seed_articles() -> list[Article]:
    """The seed articles, loaded with their metadata."""
    return list(load_articles([SEEDS]).articles)


def claim_sentences(articles: list[Article]) -> list[str]:
    """The claim sentences of the seeds (boilerplate set aside by the splitter)."""
    texts = []
    for article in articles:
        texts += [s.text for s in split_sentences(article) if s.status == USED]
    return list(dict.fromkeys(texts))


def perturb_numbers(text: str, rng: random.Random) -> str:
    """Change every number of 1,000 or more by a factor, as a different outlet's count would.

    Example:
        >>> perturb_numbers("More than 100,000 troops.", random.Random(1))
        'More than 130,000 troops.'
    """
    # One factor per sentence, so a range such as "60,000 to 90,000" stays a range.
    factor = rng.choice([0.5, 0.6, 0.7, 1.3, 1.5, 2.0])

    def change(match: re.Match) -> str:
        value = int(match.group(1).replace(",", ""))
        if value < 1000 or 1900 <= value <= 2100:  # small counts and years stay as they are
            return match.group(1)
        new = int(round(value * factor, -3 if value >= 10000 else -2))
        return f"{new:,}"
    return _NUMBER.sub(change, text)


def reword(text: str, rng: random.Random) -> str:
    """Swap a few words for synonyms and sometimes add a lead-in or an attribution."""
    words = text.split(" ")
    for position, word in enumerate(words):
        bare = word.strip(".,;:“”\"'’")
        if bare in SYNONYMS and rng.random() < 0.4:
            words[position] = word.replace(bare, rng.choice(SYNONYMS[bare]))
    text = " ".join(words)
    roll = rng.random()
    if roll < 0.2 and text[:1].isupper() and not text.startswith(("“", '"')):
        text = rng.choice(LEAD_INS) + text[0].lower() + text[1:]
    elif roll < 0.35 and text.endswith("."):
        text = text[:-1] + rng.choice(ATTRIBUTIONS)
    return text


def generated_article(number: int, pool: list[str], rng: random.Random) -> Article:
    """One generated outlet's article: 8-16 seed claims, reworded, a third with numbers changed."""
    count = rng.randint(8, 16)
    chosen = rng.sample(pool, count)
    sentences = []
    for text in chosen:
        if _NUMBER.search(text) and rng.random() < 0.35:
            text = perturb_numbers(text, rng)
        sentences.append(reword(text, rng))
    month, day = rng.choice([(12, rng.randint(24, 31)), (2, rng.randint(14, 20))])
    year = 2021 if month == 12 else 2022
    return Article(text="\n\n".join(sentences), source=f"Outlet {number:03d}", title=None,
                   date=f"{year}-{month:02d}-{day:02d}", id=f"gen{number:03d}")


def make_corpus(n_articles: int, *, seed: int = 7) -> list[Article]:
    """The five seeds plus ``n_articles - 5`` generated articles (fewer than 5: the first seeds).

    Example:
        >>> [a.source for a in make_corpus(6)][-1]
        'Outlet 005'
    """
    seeds = seed_articles()
    if n_articles <= len(seeds):
        return seeds[:n_articles]
    rng = random.Random(seed)
    pool = claim_sentences(seeds)
    return seeds + [generated_article(number, pool, rng) for number in range(len(seeds), n_articles)]


def write_corpus(articles: list[Article], folder: Path) -> None:
    """Write the articles as one JSON Lines file (the loader reads it with sources and dates)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "articles.jsonl", "w", encoding="utf-8") as handle:
        for article in articles:
            record = {"id": article.id, "source": article.source, "title": article.title, "date": article.date,
                      "text": article.text}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n_articles", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    articles = make_corpus(args.n_articles, seed=args.seed)
    write_corpus(articles, args.out)
    print(f"wrote {len(articles)} articles to {args.out / 'articles.jsonl'}")


if __name__ == "__main__":
    main()
