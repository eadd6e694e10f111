"""Every dispute the current rules find in saved JSON reports, printed for reading by hand.

A dispute rule is judged on stories it was not built on, where no labels exist: someone has to read
each dispute it reports. This script makes that cheap. It takes JSON reports already written by
``contradict report --format json`` (schema 2 or 3, one per story: e.g. each event of a feed), reads
the claims of every scored pair again with the rules of the code it runs (no model: the pairs and
their cosines come from the reports), and prints each pair :func:`contradict.disputes.find_dispute`
calls a dispute, with its rule, its explanation and both sentences, then a count per rule.

So a rule can be changed and re-read over many stories in seconds, without running the pipeline
again. The reports' texts belong to their publishers: keep them, and this script's output, out of
the repository.

Example:
    $ for f in feed/*/; do contradict report "$f" --format json -o "reports/$(basename "$f").json"; done
    $ python benchmarks/audit_disputes.py reports/                 # every dispute, to read
    $ python benchmarks/audit_disputes.py reports/ --rule denial   # one rule's
    $ python benchmarks/audit_disputes.py reports/ --skip DEV-     # leave out the dev set's events
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the rules of the code beside this script, wherever contradict is installed from

from contradict.claims import read_claim
from contradict.contract import unrelated_pair_records
from contradict.disputes import find_dispute


def report_pairs(data: dict) -> list[dict]:
    """Every scored pair of a JSON report: ``pairs``, plus schema 3's ``unrelated_pairs`` table as records."""
    pairs = list(data.get("pairs", []))
    if isinstance(data.get("unrelated_pairs"), dict):
        pairs += unrelated_pair_records(data["unrelated_pairs"])
    return pairs


def audit(path: Path, rule: str | None = None) -> tuple[int, list[str], collections.Counter]:
    """``(pairs read, lines to print, disputes per rule)`` for one report file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    sentences = {s["id"]: s for s in data["sentences"]}
    source = {a["id"]: a.get("source") for a in data["articles"]}
    claims: dict[str, object] = {}

    def claim(sentence_id: str):
        if sentence_id not in claims:
            claims[sentence_id] = read_claim(sentences[sentence_id]["text"])
        return claims[sentence_id]

    pairs = report_pairs(data)
    lines, rules = [], collections.Counter()
    for pair in pairs:
        cosine = pair["scores"]["cosine"]
        found = find_dispute(claim(pair["a"]), claim(pair["b"]), cosine=float(cosine))
        if found is None or (rule and found.rule != rule):
            continue
        rules[found.rule] += 1
        a, b = sentences[pair["a"]], sentences[pair["b"]]
        verdict = pair.get("verdict", "unrelated")
        lines += [(f"[{path.stem}] {found.rule} (cosine {float(cosine):.2f}, verdict in the report: {verdict}):"
                   f" {found.speaker_a} vs {found.speaker_b}: {found.explanation}"),
                  f"   A ({source.get(a['article_id'])}) {a['text']}",
                  f"   B ({source.get(b['article_id'])}) {b['text']}"]
    return len(pairs), lines, rules


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="+", type=Path, help="JSON report files, or folders of them")
    parser.add_argument("--rule", help="only this rule's disputes (e.g. denial, 'opposed events')")
    parser.add_argument("--skip", action="append", default=[], metavar="PREFIX",
                        help="leave out report files whose name starts with PREFIX (repeatable)")
    args = parser.parse_args()
    missing = [str(p) for p in args.reports if not p.exists()]
    if missing:
        print(f"audit_disputes: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    files = sorted(f for p in args.reports for f in (sorted(p.glob("*.json")) if p.is_dir() else [p])
                   if not any(f.name.startswith(prefix) for prefix in args.skip))
    if not files:
        print("audit_disputes: no JSON report found", file=sys.stderr)
        return 2
    read, total_pairs, total = 0, 0, collections.Counter()
    for path in files:
        try:
            pairs, lines, rules = audit(path, args.rule)
        except (OSError, ValueError, KeyError) as error:
            print(f"audit_disputes: {path}: not a readable JSON report ({error})", file=sys.stderr)
            continue
        read += 1
        total_pairs += pairs
        total += rules
        if lines:
            print("\n".join(lines))
    counts = ", ".join(f"{name} {n}" for name, n in sorted(total.items())) or "none"
    print(f"{read} reports, {total_pairs} pairs read: disputes {sum(total.values())} ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
