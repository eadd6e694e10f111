"""The terminal loop of ``contradict review``: show each unreviewed finding, ask confirm / reject / skip, save at once.

Every answer is written to the decisions file before the next finding is shown, so quitting
(``q`` or Ctrl-C) loses nothing. Decisions already in the file, stale ones included, are kept.

Example:
    >>> review_loop(read_report("report.json"), "decisions.toml", ask=input, say=print, reviewer="A. Editor")
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Callable

from ..formats import _one_line, _one_per_outlet, finding_records, safe_text
from ..report import Report
from ..verdict import AGREE
from .claimreview import DEFAULT_RATING, short_claim
from .decisions import CONFIRMED, REJECTED, UNREVIEWED, apply_decisions, decision_for, read_decisions, write_decisions

#: What each answer does; the first letter is enough.
CHOICES = {"c": "confirm", "r": "reject", "s": "skip", "q": "quit"}


def describe(record: dict) -> str:
    """One finding for the terminal: id, verdict, confidence, why, and the quoted sentences."""
    lines = [f"{record['finding_id']}  {record['kind'].upper()} ({record['confidence']:.2f})  topic: {safe_text(record['topic'])}"]
    if record["reason"]:
        lines.append(textwrap.fill(_one_line(record["reason"]), width=100, initial_indent="  ", subsequent_indent="  "))
    quoted = record["evidence"] if record["kind"] != AGREE else _one_per_outlet(record["evidence"])
    for item in quoted:
        date = f" ({item['date']})" if item["date"] else ""
        lines.append(f"  {safe_text(item['source'])}{date}:")
        lines.append(textwrap.fill(f"“{_one_line(item['text'])}”", width=100, initial_indent="    ", subsequent_indent="     "))
    return "\n".join(lines)


def review_loop(report: Report, decisions_path: str | Path, *, ask: Callable[[str], str], say: Callable[[str], None],
                reviewer: str | None = None, today: str | None = None, include_agreements: bool = False) -> dict[str, int]:
    """Ask about each unreviewed finding (conflicts and other pair findings; agreement groups too with
    ``include_agreements``) and save each answer.

    ``ask(question)`` returns the answer typed (an empty answer takes the default shown in
    brackets); ``say`` prints. Returns how many findings were confirmed, rejected and skipped.

    Example:
        >>> review_loop(report, "decisions.toml", ask=input, say=print)
        {'confirmed': 1, 'rejected': 0, 'skipped': 2}
    """
    path = Path(decisions_path)
    decisions = read_decisions(path)
    reviewed = apply_decisions(report, decisions)
    status = dict(zip(reviewed.findings["finding_id"], reviewed.findings["review_status"]))
    waiting = [record for record in finding_records(report)
               if status.get(record["finding_id"]) == UNREVIEWED and (include_agreements or record["kind"] != AGREE)]
    today = today or dt.date.today().isoformat()
    done = {"confirmed": 0, "rejected": 0, "skipped": 0}
    say(f"{len(waiting)} findings to review; answers are saved to {path} as you go.")
    for number, record in enumerate(waiting, start=1):
        say(f"\n[{number}/{len(waiting)}] " + describe(record))
        answer = _choice(ask)
        if answer == "q":
            break
        if answer == "s":
            done["skipped"] += 1
            continue
        details = {"reviewer": reviewer or None, "date": today}
        if answer == "c":
            default_rating = DEFAULT_RATING.get(record["kind"], "Reviewed")
            details["rating"] = ask(f"rating shown when published [{default_rating}]: ").strip() or default_rating
            default_claim = short_claim(record["evidence"][0]["text"])
            details["claim"] = ask(f"short claim reviewed [{default_claim}]: ").strip() or default_claim
        details["note"] = ask("note (why; Enter for none): ").strip() or None
        decision = decision_for(report, record["finding_id"], CONFIRMED if answer == "c" else REJECTED, **details)
        decisions = [d for d in decisions if d.finding != decision.finding] + [decision]
        write_decisions(decisions, path)
        done["confirmed" if answer == "c" else "rejected"] += 1
    say(f"\n{done['confirmed']} confirmed, {done['rejected']} rejected, {done['skipped']} skipped; decisions in {path}")
    return done


def _choice(ask: Callable[[str], str]) -> str:
    while True:
        answer = ask("[c]onfirm, [r]eject, [s]kip, [q]uit: ").strip().lower()[:1]
        if answer in CHOICES:
            return answer

