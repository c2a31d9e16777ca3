"""The book's Sphinx extensions (book/_ext) as plain functions: no build needed."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

EXT = Path(__file__).resolve().parents[1] / "book" / "_ext"
sys.path.insert(0, str(EXT))

import book_assets  # noqa: E402
import book_i18n  # noqa: E402
import hindi_search  # noqa: E402


# ------------------------------------------------------------------ Hindi search


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("मांसपेशियों", "पेशी"),  # oblique plural + synonym
        ("मांसपेशियाँ", "पेशी"),
        ("मांसपेशी", "पेशी"),
        ("पेशियों", "पेशी"),
        ("कोशिकाओं", "कोशिका"),
        ("कोशिकाएँ", "कोशिका"),
        ("प्रोटीनों", "प्रोटीन"),
        ("थकान", "थकान"),  # no ending: unchanged
        ("कमज़ोरी", "कमजोरी"),  # optional nukta folded
        ("पहुँच", "पहुंच"),  # chandrabindu -> anusvara
        ("पढ़ना", "पढ़ना"),  # ड़ is a letter of its own: kept
    ],
)
def test_hindi_stemmer(word, stem):
    assert hindi_search.stem_hindi(word) == stem


def test_stem_keeps_short_words():
    assert hindi_search.stem_hindi("दों") == "दों"  # would leave a single letter


def test_splitter_keeps_whole_devanagari_words():
    lang = hindi_search.SearchHindi({})
    words = lang.split("मांसपेशी की थकान (muscle fatigue) और कैल्शियम-रिसाव")
    assert {"मांसपेशी", "थकान", "muscle", "fatigue", "कैल्शियम", "रिसाव"} <= set(words)
    assert "सप" not in words


def test_index_filter_drops_function_words_and_bare_numbers():
    lang = hindi_search.SearchHindi({})
    assert not lang.word_filter("की") and not lang.word_filter("है")
    assert not lang.word_filter("00140130903389068")
    assert lang.word_filter("1993")  # a year stays findable
    assert lang.word_filter("थकान") and lang.word_filter("calcium")
    assert not lang.word_filter("the")


def test_english_words_use_porter():
    lang = hindi_search.SearchHindi({})
    assert lang.stem("muscles") == lang.stem("muscle")


def test_js_stemmer_has_the_same_tables():
    js = hindi_search.JS_STEMMER
    for suffix, _ in hindi_search.HINDI_SUFFIXES:
        assert f'"{suffix}"' in js
    for word, target in hindi_search.HINDI_SYNONYMS.items():
        assert word in js and target in js


# ------------------------------------------------------------------ Hindi interface


def _catalogue(domain):
    with (book_i18n.LOCALE_DIR / "hi" / "LC_MESSAGES" / f"{domain}.po").open("rb") as fin:
        return read_po(fin, locale="hi")


@pytest.mark.parametrize("domain", ["booktheme", "sphinx"])
def test_catalogues_are_complete_hindi(domain):
    catalogue = _catalogue(domain)
    assert len(catalogue) > 20
    for message in catalogue:
        if not message.id:
            continue
        assert message.string, f"{domain}: {message.id!r} has no translation"
        assert re.search("[\u0900-\u097F]", message.string), f"{domain}: {message.id!r} -> {message.string!r}"
        for placeholder in re.findall(r"%\(\w+\)s|\$\{\w+\}", message.id):
            assert placeholder in message.string, f"{domain}: {message.id!r} loses {placeholder}"


def test_catalogues_compile(tmp_path):
    root = book_i18n._compile_catalogs(tmp_path)
    assert (root / "hi" / "LC_MESSAGES" / "booktheme.mo").stat().st_size > 500
    assert (root / "hi" / "LC_MESSAGES" / "sphinx.mo").stat().st_size > 500


def test_hard_coded_strings_are_replaced():
    html = '<button title="Toggle primary sidebar"><nav aria-label="Main">'
    out = book_i18n.translate_hard_coded(html)
    assert "Toggle" not in out and "Main" not in out


# ------------------------------------------------------------------ light pages


def test_unused_tags_are_removed_except_search_on_the_search_page():
    html = (
        '<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>'
        '<script src="../_static/searchtools.js"></script>'
        '<script src="../searchindex.js"></script>'
        '<div class="citation" role="doc-biblioentry"></div>'
    )
    page = book_assets.clean_page_html(html, search_page=False)
    assert "fontawesome" not in page and "searchindex" not in page and "searchtools" not in page
    assert 'role="listitem"' in page
    search = book_assets.clean_page_html(html, search_page=True)
    assert "searchindex.js" in search and "fontawesome" not in search


def test_theme_css_loses_font_awesome_only():
    css = (
        '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.bd-header{color:red}'
        '@font-face{font-family:Font Awesome\\ 6 Free;src:url(../vendor/x.woff2)}'
        "/*# sourceMappingURL=x.map*/"
    )
    out = book_assets.trim_theme_css(css)
    assert out == ".bd-header{color:red}"


def test_plotly_bundle_named_in_the_extension_exists():
    static = EXT.parent / "_static"
    assert (static / book_assets.PLOTLY_JS).is_file()
    assert (static / book_assets.FIGURES_JS).is_file()
    assert (static / "icons.css").is_file()

