"""The glossary appendix (book/glossary.md) and the {term} links of the chapters.

Every ``{term}`` a page uses must be defined in the glossary; every glossary
entry must be used by some page; entries stay in Devanagari code-point order
(Python's ``sorted``); each entry gives the English term in italics and a
one-line definition: ``*english term* — परिभाषा।``
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BOOK

GLOSSARY = BOOK / "glossary.md"
# {term}`शब्द` or {term}`दिखने वाला पाठ <शब्द>`
TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")
DEFINITION = re.compile(r"^\*[^*\s][^*]*\* — \S.*$")


def parse_glossary(text: str) -> list[tuple[list[str], list[str]]]:
    """Entries of the ``{glossary}`` block: ([term lines], [definition lines])."""
    match = re.search(r"^```\{glossary\}[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    if match is None:
        raise AssertionError("glossary.md has no ```{glossary} block")
    entries: list[tuple[list[str], list[str]]] = []
    for line in match.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith(":"):  # blank or directive option
            continue
        if line[0].isspace():
            if not entries:
                raise AssertionError(f"definition before any term: {line!r}")
            entries[-1][1].append(line.strip())
        elif entries and not entries[-1][1]:
            entries[-1][0].append(line.strip())  # several term lines share one definition
        else:
            entries.append(([line.strip()], []))
    return entries


def term_of(role_text: str) -> str:
    explicit = re.fullmatch(r".*<([^<>]+)>\s*", role_text, flags=re.S)
    return (explicit.group(1) if explicit else role_text).strip()


def used_terms(book: Path = BOOK) -> dict[str, set[str]]:
    """Term -> pages that link to it (every .md of the book except the glossary)."""
    used: dict[str, set[str]] = {}
    for page in sorted(book.rglob("*.md")):
        if page == GLOSSARY or "_build" in page.parts:
            continue
        for role_text in TERM_ROLE.findall(page.read_text(encoding="utf8")):
            used.setdefault(term_of(role_text), set()).add(page.name)
    return used


@pytest.fixture(scope="module")
def entries():
    return parse_glossary(GLOSSARY.read_text(encoding="utf8"))


@pytest.fixture(scope="module")
def defined(entries):
    return [t for terms, _ in entries for t in terms]


def test_glossary_has_entries(entries):
    assert len(entries) >= 5


def test_entries_are_in_devanagari_order(entries):
    heads = [terms[0] for terms, _ in entries]
    out_of_order = [(a, b) for a, b in zip(heads, heads[1:]) if a >= b]
    assert not out_of_order, f"entries out of order (or duplicated): {out_of_order}"


def test_no_term_is_defined_twice(defined):
    duplicates = sorted({t for t in defined if defined.count(t) > 1})
    assert not duplicates, f"defined twice: {duplicates}"


def test_every_entry_has_english_term_and_definition(entries):
    bad = [terms[0] for terms, definition in entries
           if len(definition) != 1 or not DEFINITION.match(definition[0])]
    assert not bad, ("entries without one line '*english* — परिभाषा': " + ", ".join(bad))


def test_every_used_term_is_defined(defined):
    missing = {t: sorted(p) for t, p in used_terms().items() if t not in defined}
    assert not missing, f"{{term}} used but not in the glossary: {missing}"


def test_every_defined_term_is_used(defined):
    unused = sorted(set(defined) - set(used_terms()))
    assert not unused, f"glossary terms no page links to: {unused}"


def test_parser_catches_bad_glossaries():
    # The checks above must be able to fail: feed them a broken glossary.
    text = "```{glossary}\nथकान\n  *fatigue* — ठीक।\n\nकमजोरी\n  weakness - no italics\n```\n"
    entries = parse_glossary(text)
    assert [t[0] for t, _ in entries] == ["थकान", "कमजोरी"]
    assert sorted(["थकान", "कमजोरी"]) == ["कमजोरी", "थकान"]  # so this order is wrong
    assert not DEFINITION.match(entries[1][1][0])
    assert term_of("कमजोर पेशी <कमजोरी>") == "कमजोरी"
    assert term_of("थकान") == "थकान"
