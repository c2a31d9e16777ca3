"""The bibliography (book/references.bib) and the citations of the book.

Every entry has a DOI (or a PMID/ISBN where no DOI exists; or, where no DOI could be
confirmed, a PubMed Central id or URL with the note "DOI not confirmed") that looks valid, no
key appears twice, every entry is cited by some page (``{cite:p}``, ``{cite:t}``,
``{cite}``; several comma-separated keys allowed), every cited key exists, and
every parameter ``source`` of ``muscle_models`` that names a key names an
existing one. No page cites a source as plain author–year text.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from pybtex.database import parse_file

from conftest import BOOK

BIB = BOOK / "references.bib"
CITE_ROLE = re.compile(r"\{cite(?::[a-zA-Z]+)?\}`([^`]+)`")
INLINE_LITERAL = re.compile(r"``[^\n]+?``")  # one line
ENTRY_HEAD = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,", flags=re.M)
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^\d{1,9}$")
PMCID = re.compile(r"^PMC\d{5,9}$")
ISBN = re.compile(r"^(97[89][- ]?)?\d{1,5}[- ]?\d+[- ]?\d+[- ]?[\dX]$")
# What a BibTeX key of this book looks like (firstauthorYEAR, maybe a/b suffix)
KEY_LIKE = re.compile(r"^[a-z][a-z_-]*\d{4}[a-z]?$")


@pytest.fixture(scope="module")
def bib():
    return parse_file(str(BIB), bib_format="bibtex")


def cited_keys() -> dict[str, set[str]]:
    """Key -> pages citing it."""
    cited: dict[str, set[str]] = {}
    for page in sorted(BOOK.rglob("*.md")):
        if "_build" in page.parts:
            continue
        text = INLINE_LITERAL.sub(" ", page.read_text(encoding="utf8"))  # ``{cite:p}`…` `` is an example
        for group in CITE_ROLE.findall(text):
            for key in group.split(","):
                if key.strip():
                    cited.setdefault(key.strip(), set()).add(page.name)
    return cited


def test_no_duplicate_keys():
    keys = [k.lower() for _, k in ENTRY_HEAD.findall(BIB.read_text(encoding="utf8"))]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"duplicate keys: {duplicates}"


def test_every_entry_has_a_valid_identifier(bib):
    problems = []
    for key, entry in bib.entries.items():
        f = {name.lower(): value.strip() for name, value in entry.fields.items()}
        if "doi" in f:
            if not DOI.match(f["doi"]):
                problems.append(f"{key}: doi {f['doi']!r} is not 10.NNNN/...")
        elif "pmid" in f:
            if not PMID.match(f["pmid"]):
                problems.append(f"{key}: pmid {f['pmid']!r}")
        elif "isbn" in f:
            if not ISBN.match(f["isbn"]):
                problems.append(f"{key}: isbn {f['isbn']!r}")
        elif "pmcid" in f or "url" in f:
            # no DOI could be confirmed: a PubMed Central id or a page that shows the paper,
            # and a note that says so
            if "pmcid" in f and not PMCID.match(f["pmcid"]):
                problems.append(f"{key}: pmcid {f['pmcid']!r}")
            if "url" in f and not f["url"].startswith(("https://", "http://")):
                problems.append(f"{key}: url {f['url']!r}")
            if "doi not confirmed" not in f.get("note", "").lower():
                problems.append(f"{key}: pmcid/url without a note 'DOI not confirmed'")
        else:
            problems.append(f"{key}: no doi, pmid, isbn, pmcid or url")
    assert not problems, "\n".join(problems)


def test_every_entry_is_cited(bib):
    cited = {k.lower() for k in cited_keys()}
    uncited = sorted(k for k in bib.entries if k.lower() not in cited)
    assert not uncited, f"entries cited nowhere: {uncited}"


def test_every_cited_key_exists(bib):
    known = {k.lower() for k in bib.entries}
    missing = {k: sorted(p) for k, p in cited_keys().items() if k.lower() not in known}
    assert not missing, f"cited but not in references.bib: {missing}"


def test_parameter_sources_name_existing_keys(bib):
    from muscle_models import reference

    known = {k.lower() for k in bib.entries}
    modules, _ = reference.import_model_modules()
    missing = []
    for module in modules:
        for cls in reference.parameter_classes(module):
            for field in dataclasses.fields(cls):
                source = field.metadata.get("source", "")
                for token in re.split(r"[,;\s]+", source):
                    if KEY_LIKE.match(token) and token.lower() not in known:
                        missing.append(f"{module.__name__}.{cls.__name__}.{field.name}: {token}")
    assert not missing, "parameter sources naming unknown keys:\n" + "\n".join(missing)


def test_patterns_can_fail():
    assert CITE_ROLE.findall("{cite:p}`a2000, b2001` and {cite}`c2002`") == ["a2000, b2001", "c2002"]
    assert DOI.match("10.1152/jn.1993.70.6.2470")
    assert not DOI.match("https://doi.org/10.1152/jn.1993.70.6.2470")
    assert not DOI.match("10.12/short")
    assert ISBN.match("978-0-309-31689-7") and not ISBN.match("not an isbn")


def test_every_data_row_has_a_known_source(bib):
    """Data tables under book/data/ with a ``source`` column: every row sourced."""
    import csv

    known = {k.lower() for k in bib.entries}
    problems = []
    for path in sorted((BOOK / "data").glob("*.csv")):
        with path.open(encoding="utf8", newline="") as f:
            reader = csv.DictReader(f)
            if "source" not in (reader.fieldnames or []):
                continue
            for line, row in enumerate(reader, start=2):
                source = (row["source"] or "").strip()
                if not source:
                    problems.append(f"{path.name}:{line}: empty source")
                for token in re.split(r"[,;\s]+", source):
                    if KEY_LIKE.match(token) and token.lower() not in known:
                        problems.append(f"{path.name}:{line}: unknown key {token}")
    assert not problems, "\n".join(problems)


# --- no plain-text author–year citations ------------------------------------------------------
#
# A source is cited with a cite role, never as plain text ("Fabiato 1978", "Nielsen et al. 2001",
# "(Murphy, 2006)", "Fryer & Stephenson 1996", "फ़ेबियाटो और फ़ेबियाटो (1978, …)"). Checked in the
# prose of every page (code cells, math, roles and URLs are not prose).

from test_chapter_shape import outline  # noqa: E402

# a surname of three or more letters (so unit symbols such as Hz are not names)
_NAME = r"[A-Z][a-zà-ÿ'’\-]{2,}(?:[- ](?:van|de|der|von|den|'t|’t)?\s?[A-Z][a-zà-ÿ'’\-]{2,})?"
PLAIN_LATIN = re.compile(
    rf"\b{_NAME}(?:\s+(?:et\s+al\.?|(?:&|and|और)\s+{_NAME}))?,?\s+\(?(?:19|20)\d\d[a-z]?\b")
PLAIN_DEVANAGARI = re.compile(
    r"[\u0900-\u097F]+(?:\s+(?:और|व|एवं)\s+[\u0900-\u097F]+|\s+आदि|\s+व\s+साथी)?"
    r"\s*\((?:19|20)\d\d[a-z]?[,)]")
_ROLE = re.compile(r"\{[a-z:-]+\}`[^`]*`")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_NOT_PROSE = re.compile(r"https?://\S+|\$\$.*?\$\$|\$[^$\n]*\$")


def plain_citations(text: str) -> list[tuple[int, str]]:
    """(line, text) of every author–year citation written as plain text in the prose."""
    _, lines = outline(text)
    found = []
    for number, line in enumerate(lines, start=1):
        prose = _NOT_PROSE.sub(" ", _INLINE_CODE.sub(" ", _ROLE.sub(" ", INLINE_LITERAL.sub(" ", line))))
        for pattern in (PLAIN_LATIN, PLAIN_DEVANAGARI):
            found += [(number, m.group(0)) for m in pattern.finditer(prose)]
    return found


@pytest.mark.parametrize("page", [p for p in sorted(BOOK.glob("*.md")) if p.name != "STYLE.md"],
                         ids=lambda p: p.name)
def test_no_plain_text_author_year_citations(page):
    found = plain_citations(page.read_text(encoding="utf8"))
    assert not found, (f"{page.name}: cite these with a cite role and a references.bib key:\n"
                       + "\n".join(f"  line {n}: {t!r}" for n, t in found))


def test_plain_citation_patterns_can_fail():
    text = ("क Fabiato 1978 ने; Nielsen et al. 2001; (Murphy, 2006); Fryer & Stephenson 1996;\n"
            "Pestronk, Drachman और Self, 1985; फ़ेबियाटो और फ़ेबियाटो (1978, J Physiol) ने;\n"
            "```{code-cell}\n# Fabiato & Fabiato 1978 in a code comment is fine\n```\n"
            "ठीक: {cite:t}`fabiato1978` ने 2002 में 72 % कहा; pH 7.4, 25 Hz, https://x.org/Smith 2001;\n"
            "जैसे `(Allen et al., 2008)` दिखता है; ``{cite:p}`…` ``\n")
    hits = [t for _, t in plain_citations(text)]
    assert hits == ["Fabiato 1978", "Nielsen et al. 2001", "Murphy, 2006", "Fryer & Stephenson 1996",
                    "Drachman और Self, 1985", "फ़ेबियाटो और फ़ेबियाटो (1978,"], hits
