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


# --- every glossary term a chapter uses is linked in that chapter -----------------------------
#
# For each chapter, every glossary term (its head, as a whole word) that appears in the prose —
# outside code cells, headings, math and existing roles — and every English abbreviation of a
# glossary entry (MVC, PCr, SR, Pi, …, taken from the entry's English) must be linked with the
# term role at least once in that chapter.

from test_chapter_shape import outline  # noqa: E402

CHAPTERS = sorted(BOOK.glob("ch[0-9][0-9]_*.md"))
WORD = "\u0900-\u0963\u0971-\u097F\u200C\u200D"
ROLE = re.compile(r"\{[a-z:-]+\}`[^`]*`")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$", flags=re.S)
ENGLISH = re.compile(r"^\*([^*]+)\*")
# an abbreviation in the English of an entry: "(MVC)", ", PCr", "(³¹P-MRS)" -> MVC, PCr, MRS
ABBREVIATION = re.compile(r"(?:\(|, )(?:[\u00B9\u00B2\u00B3\u2070-\u2079]*[A-Za-z]?-)?"
                          r"([A-Z][A-Za-z0-9/′]*[A-Z0-9′][a-z0-9]*)(?=\)|,|$)")


# abbreviations that the chapters also use for something else (RNS: reactive nitrogen species)
AMBIGUOUS = {"RNS"}


def abbreviations(entries) -> dict[str, str]:
    """English abbreviation -> glossary head (only abbreviations that are not heads themselves)."""
    heads = {t for terms, _ in entries for t in terms}
    found: dict[str, str] = {}
    for terms, definition in entries:
        m = ENGLISH.match(definition[0]) if definition else None
        if m:
            for abbr in ABBREVIATION.findall(m.group(1)):
                if abbr not in heads and abbr not in AMBIGUOUS and len(abbr) >= 2:
                    found.setdefault(abbr, terms[0])
    return found


def plain_prose(text: str) -> str:
    """The chapter's running text: no front matter, code, headings, roles or math."""
    _, lines = outline(text)
    prose = "\n".join(ln for ln in lines if not ln.lstrip().startswith("#"))
    return MATH.sub(" ", ROLE.sub(" ", prose))


def unlinked_terms(text: str, heads: list[str], abbr: dict[str, str]) -> list[str]:
    linked = {term_of(r) for r in TERM_ROLE.findall(text)}
    prose = plain_prose(text)
    missing = []
    for head in heads:
        if head in linked:
            continue
        if re.search(rf"(?<![{WORD}A-Za-z0-9]){re.escape(head)}(?![{WORD}A-Za-z0-9])", prose):
            missing.append(head)
    for a, head in abbr.items():
        if head in linked or head in missing:
            continue
        if re.search(rf"(?<![A-Za-z0-9_]){re.escape(a)}(?![A-Za-z0-9_])", prose):
            missing.append(f"{head} ({a})")
    return missing


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[p.name for p in CHAPTERS])
def test_chapter_links_every_glossary_term_it_uses(chapter, entries, defined):
    missing = unlinked_terms(chapter.read_text(encoding="utf8"), defined, abbreviations(entries))
    assert not missing, (f"{chapter.name} uses these glossary terms but never links them "
                         f"with the term role: {missing}")


def test_unlinked_term_check_can_fail():
    entries = parse_glossary("```{glossary}\nथकान\n  *fatigue* — क।\n\n"
                             "फॉस्फोक्रिएटिन\n  *phosphocreatine, PCr* — ख।\n```\n")
    abbr = abbreviations(entries)
    assert abbr == {"PCr": "फॉस्फोक्रिएटिन"}
    heads = ["थकान", "फॉस्फोक्रिएटिन"]
    text = "# शीर्षक\n\nपेशी की थकान और PCr।\n\n```{code-cell}\n# थकान in code\n```\n"
    assert unlinked_terms(text, heads, abbr) == ["थकान", "फॉस्फोक्रिएटिन (PCr)"]
    linked = text.replace("पेशी की थकान", "पेशी की {term}`थकान`").replace(
        "PCr।", "{term}`PCr <फॉस्फोक्रिएटिन>`।")
    assert unlinked_terms(linked, heads, abbr) == []
    # a longer word containing the term, a heading, code and math are not uses
    assert unlinked_terms("# थकान\n\nथकानें नहीं; $PCr$\n", heads, abbr) == []
