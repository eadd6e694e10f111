"""The rules must not know the seed stories: no string in contradict/'s code names their places,
people or typos (docstrings may use them as examples; language names, and the gazetteer of every state and
country in slots/regions.txt, are data)."""

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "contradict"
#: Proper nouns and a typo of the five seed articles (a troop build-up on the Russia-Ukraine border). Wire and
#: photo agencies (Reuters, AFP, Sputnik, ...) in photo-credit rules are general, not seed words.
SEED_WORDS = re.compile(r"russia|ukrain|putin|zelensk|kremlin|moscow|crimea|donetsk|luhansk|donbas|maxar|\bmasse\b|"
                        r"biden|\bnato\b|peskov|belarus|\bexpress\b|zerohedge", re.IGNORECASE)
LANGUAGE_NAMES = {"Russian", "Ukrainian", "Belarusian"}


def strings_in_code(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and ast.get_docstring(node, clean=False) is not None}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_rule_names_a_seed_place_person_or_typo():
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {text[:60]!r}"
             for path in sorted(PACKAGE.rglob("*.py")) for line, text in strings_in_code(path)
             if text not in LANGUAGE_NAMES and SEED_WORDS.search(text)]
    assert found == []


def test_the_scan_sees_strings_in_code():
    # the scan itself can fail: a rule naming a seed place is found
    sample = PACKAGE.parent / "tests" / "_seed_rule_sample.py"
    sample.write_text('"""Docstring about Russia is fine."""\nPATTERN = r"\\bRussia[\'’]s\\b"\n', encoding="utf-8")
    try:
        assert [text for _, text in strings_in_code(sample) if SEED_WORDS.search(text)] == ["\\bRussia['’]s\\b"]
    finally:
        sample.unlink()
