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



def test_head_scripts_are_deferred_and_documentation_options_inline():
    html = (
        '<head><script src="../_static/documentation_options.js?v=1"></script>'
        "<script>DOCUMENTATION_OPTIONS.pagename = 'x';</script>"
        '<script src="../_static/doctools.js?v=2"></script>'
        '<script defer="defer" src="../_static/book.js"></script>'
        '<script async src="a.js"></script></head><body><script src="late.js"></script></body>'
    )
    out = book_assets.defer_head_scripts(html, "const DOCUMENTATION_OPTIONS = {};")
    head = out[: out.index("</head>")]
    assert "<script>const DOCUMENTATION_OPTIONS = {};</script>" in head
    assert '<script defer="defer" src="../_static/doctools.js?v=2"></script>' in head
    assert head.count("defer=\"defer\"") == 2 and "<script async src=\"a.js\">" in head
    assert '<script src="late.js"></script>' in out  # the body is left alone


def test_figure_data_moves_to_a_file():
    written = {}
    html = ('<figure><script type="application/json" class="mm-figure-data" data-figure="fig-0123456789ab">'
            '{"data":[]}</script></figure>')
    out = book_assets.externalize_figure_data(html, written.__setitem__, lambda name: "../_figures/" + name)
    assert written == {"fig-0123456789ab.json": '{"data":[]}'}
    assert 'data-src="../_figures/fig-0123456789ab.json"></script>' in out and '{"data"' not in out


def test_page_description_is_the_opening_paragraph():
    from docutils.core import publish_doctree

    doctree = publish_doctree(
        "शीर्षक\n======\n\nयह अध्याय पेशी की थकान के बारे में है, और बताता है कि बल क्यों घटता है। " * 1
        + "\n\nउपखंड\n------\n\nदूसरा अनुच्छेद।\n"
    )
    text = book_assets.page_description(doctree)
    assert text.startswith("यह अध्याय पेशी की थकान") and len(text) <= book_assets.DESCRIPTION_CHARS
    long = "शब्द " * 100
    assert len(book_assets.shorten(long)) <= book_assets.DESCRIPTION_CHARS and book_assets.shorten(long).endswith("…")


# ------------------------------------------------------------------ transliterations

GLOSSARY = """
```{glossary}
कैल्पेन
  *calpain* — Ca²⁺ से सक्रिय प्रोटिएज़।

थकान
  *fatigue* — बल का घटना।

फॉस्फोक्रिएटिन
  *phosphocreatine, PCr* — ADP को ATP में बदलने वाला भंडार; मांसपेशी के group III/IV तंतु।

मायस्थेनिया ग्रेविस
  *myasthenia gravis* — AChR घटाने वाला रोग।
```
"""


def _english_stem(word):
    return hindi_search.SearchHindi({}).stem(word)


def test_abbreviations_are_spelt_in_hindi_letter_names():
    assert hindi_search.spell_out("ATP") == "एटीपी"
    assert hindi_search.spell_out("ADP") == "एडीपी"
    assert hindi_search.spell_out("PCr") == "पीसीआर"
    assert hindi_search.spell_out("RyR1") == "आरवाईआर1"
    assert hindi_search.is_abbreviation("AChR") and not hindi_search.is_abbreviation("III")
    assert not hindi_search.is_abbreviation("Ca")


def test_glossary_transliterations_map_to_the_english_index_word():
    table = hindi_search.glossary_transliterations(GLOSSARY, _english_stem)
    assert table["एटीपी"] == _english_stem("atp") and table["पीसीआर"] == _english_stem("pcr")
    assert table["एडीपी"] == _english_stem("adp") and table["एसीएचआर"] == _english_stem("achr")
    assert table["कैल्पेन"] == _english_stem("calpain")
    assert table["मायस्थेनिया"] == _english_stem("myasthenia")
    assert "थकान" not in table  # a translation (fatigue), not a transliteration
    assert "आईआईआई" not in table  # Roman numerals are not abbreviations


def test_transliterations_stem_like_the_english(monkeypatch):
    table = hindi_search.glossary_transliterations(GLOSSARY, _english_stem)
    monkeypatch.setattr(hindi_search, "TRANSLITERATIONS", table)
    lang = hindi_search.SearchHindi({})
    assert lang.stem("एटीपी") == lang.stem("ATP".lower())
    assert lang.stem("कैल्पेन") == lang.stem("calpain")
    js = hindi_search.js_stemmer(table)
    assert '"एटीपी": "atp"' in js and "HINDI_TRANSLITERATIONS" in js


def test_the_book_glossary_gives_the_issue_examples():
    text = hindi_search._glossary_text(EXT.parents[1])
    table = hindi_search.glossary_transliterations(text, _english_stem)
    for hindi, english in (("एटीपी", "ATP"), ("एडीपी", "ADP"), ("पीसीआर", "PCr")):
        assert table.get(hindi) == _english_stem(english.lower()), hindi


def test_consecutive_stylesheets_are_bundled_in_order(tmp_path):
    static = tmp_path / "_static"
    static.mkdir()
    for name, body in (("a.css", ".a{}"), ("b.css", ".b{}"), ("c.css", ".c{}")):
        (static / name).write_text(body, encoding="utf8")
    page = tmp_path / "book" / "p.html"
    page.parent.mkdir()
    link = '<link rel="stylesheet" type="text/css" href="../_static/{}?v=12ab" />'
    page.write_text(
        "<head>" + link.format("a.css") + "\n" + link.format("b.css")
        + '<link media="print" rel="stylesheet" type="text/css" href="../_static/p.css" />'
        + link.format("c.css") + "</head><body></body>", encoding="utf8")
    assert book_assets.bundle_stylesheets(tmp_path) == 1
    html = page.read_text(encoding="utf8")
    bundles = list(static.glob("book-bundle-*.css"))
    assert len(bundles) == 1 and f"../_static/{bundles[0].name}" in html
    text = bundles[0].read_text(encoding="utf8")
    assert text.index(".a{}") < text.index(".b{}") and ".c{}" not in text
    assert "c.css" in html and "a.css" not in html and 'media="print"' in html
    # a second run (an incremental build) keeps the bundle the page uses
    assert book_assets.bundle_stylesheets(tmp_path) == 1 and bundles[0].is_file()
