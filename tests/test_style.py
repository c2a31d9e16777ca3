"""The book's pages follow its style sheet (book/STYLE.md).

The table of rival terms is read from STYLE.md itself (one source for the sheet, this test and
book/_ext/tools/fix_style.py). A page (every book/*.md but the sheet: prose, code cells and
figure strings alike) fails if it uses a rival, a nukta on क ख ग ज फ, or a chandrabindu on a
vowel sign above the top line. The failure names file, line and the canonical form; running
``.venv/bin/python book/_ext/tools/fix_style.py --write`` fixes all of them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import BOOK

_spec = importlib.util.spec_from_file_location("fix_style", BOOK / "_ext" / "tools" / "fix_style.py")
fix_style = importlib.util.module_from_spec(_spec)
sys.modules["fix_style"] = fix_style  # dataclasses look their module up here
_spec.loader.exec_module(fix_style)

PAGES = fix_style.pages(BOOK)


@pytest.fixture(scope="module")
def rules():
    return fix_style.load_rules(BOOK / "STYLE.md")


def test_style_sheet_has_a_rival_table(rules):
    rivals = {r.rival for r in rules}
    # the examples the style issue named must be in the sheet
    for rival in ["अम्लता", "सच्ची कमजोरी", "कथित कमजोरी", "बीज-पाठ", "आधार-पाठ", "मूल लेख",
                  "ओपिऑयड", "क्रोनिक", "त्वचा-रहित", "मस्तिष्क का प्रेरक प्रांतस्था"]:
        assert rival in rivals, f"STYLE.md has no row for the rival {rival!r}"
    canonical = {r.canonical for r in rules}
    assert not canonical & rivals, f"a term is both canonical and a rival: {canonical & rivals}"


def test_style_sheet_is_not_a_book_page():
    assert BOOK / "STYLE.md" not in PAGES
    assert "STYLE" not in (BOOK.parent / "_toc.yml").read_text(encoding="utf8")


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_follows_the_style_sheet(page: Path, rules):
    findings = fix_style.check_text(page.read_text(encoding="utf8"), rules, page)
    assert not findings, (
        f"{len(findings)} style findings (fix: .venv/bin/python book/_ext/tools/fix_style.py "
        f"{page.relative_to(BOOK.parent)} --write):\n" + "\n".join(str(f) for f in findings[:40]))


# --- the matcher itself must be able to fail, and must not over-match ---------------------------

SHEET = """
<!-- rivals:start -->
| canonical | rivals (do not use) | English | note |
|---|---|---|---|
| रिसाव | लीक | leak | |
| मूल पाठ | बीज-पाठ, मूल लेख | seed | |
| उद्दीप्त कर* | उत्तेजित कर* | stimulate | |
| थकान | — | fatigue | |
<!-- rivals:end -->
"""


def test_parser_reads_rows_and_skips_rows_without_rivals():
    rules = fix_style.parse_rules(SHEET)
    assert {(r.canonical, r.rival, r.stem) for r in rules} == {
        ("रिसाव", "लीक", False), ("मूल पाठ", "बीज-पाठ", False), ("मूल पाठ", "मूल लेख", False),
        ("उद्दीप्त कर", "उत्तेजित कर", True)}
    with pytest.raises(ValueError):
        fix_style.parse_rules("no table here")


def test_rival_is_found_with_file_line_and_canonical():
    rules = fix_style.parse_rules(SHEET)
    text = "पहली पंक्ति।\nबीज-पाठ कहता है कि Ca²⁺ लीक होता है।\n"
    found = fix_style.check_text(text, rules, Path("x.md"))
    assert [(f.line, f.found, f.canonical) for f in found] == [
        (2, "बीज-पाठ", "मूल पाठ"), (2, "लीक", "रिसाव")]
    assert "x.md:2" in str(found[0]) and "मूल पाठ" in str(found[0])


def test_rival_inside_a_longer_word_is_not_a_use():
    rules = fix_style.parse_rules(SHEET)
    # "सलीका", "ठीक" contain the letters of the rival "लीक"; "मूल लेखक" (author) contains "मूल लेख"
    text = "वह सलीके से बैठा, ठीक है; मूल लेखक ने लिखा; लीकेज नहीं।"
    assert fix_style.check_text(text, rules) == []
    assert fix_style.fix_text(text, rules) == text


def test_stem_rule_keeps_the_ending_and_needs_the_stem():
    rules = fix_style.parse_rules(SHEET)
    assert fix_style.fix_text("तंत्रिका को उत्तेजित करने पर", rules) == "तंत्रिका को उद्दीप्त करने पर"
    # "उत्तेजित होती" (is excited) is a different phrase and stays
    assert fix_style.check_text("कोशिकाएँ उत्तेजित होती हैं", rules) == []


def test_nukta_rule_spares_the_letters_ड़_and_ढ़():
    found = fix_style.check_text("कमज़ोर पेशी तेज़ी से थकती है, बढ़ता बल, पड़ता असर", [])
    assert [(f.found, f.canonical, f.kind) for f in found] == [
        ("कमज़ोर", "कमजोर", "nukta"), ("तेज़ी", "तेजी", "nukta")]
    # precomposed ज़ (U+095B) is caught too; precomposed ड़ (U+095C) is a letter and stays
    assert fix_style.fix_text("\u095Bरूरी \u095C", []) == "जरूरी \u0921\u093C"


def test_chandrabindu_rule():
    found = fix_style.check_text("नहीँ, मेँ; पर आँख और जाएँ ठीक हैं", [])
    assert [f.canonical for f in found] == ["नहीं", "में"]


def test_fixer_output_passes_the_checker():
    rules = fix_style.parse_rules(SHEET)
    text = "बीज-पाठ में तेज़ लीक, नहीँ; उत्तेजित करने से।"
    fixed = fix_style.fix_text(text, rules)
    assert fix_style.check_text(fixed, rules) == []
    assert fixed == "मूल पाठ में तेज रिसाव, नहीं; उद्दीप्त करने से।"


# --- strings the reader sees that do not live in a page -----------------------------------------
# Figure text and labels in the models, data files, interface catalogues and scripts. hindi_search.py
# is left out on purpose: it lists nukta letters in order to fold them in search queries.
READER_STRINGS = sorted(
    [*BOOK.glob("muscle_models/*.py"), *BOOK.glob("data/**/*.csv"), *BOOK.glob("_ext/quiz_assets/*.js"),
     *BOOK.glob("_ext/locale/hi/LC_MESSAGES/*.po"),
     *(p for p in BOOK.glob("_ext/*.py") if p.name != "hindi_search.py"),
     *(p for p in BOOK.glob("_static/*.js") if not p.name.endswith(".min.js"))]
)


@pytest.mark.parametrize("path", READER_STRINGS, ids=[str(p.relative_to(BOOK)) for p in READER_STRINGS])
def test_reader_visible_strings_follow_the_style_sheet(path: Path, rules):
    findings = fix_style.check_text(path.read_text(encoding="utf8"), rules, path)
    assert not findings, (
        f"{len(findings)} style findings (fix: .venv/bin/python book/_ext/tools/fix_style.py "
        f"{path.relative_to(BOOK.parent)} --write):\n" + "\n".join(str(f) for f in findings[:40]))
