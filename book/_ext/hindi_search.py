"""A Sphinx search language for Hindi (``hi``): whole Devanagari words, light stemming.

Sphinx has no Hindi search. Its fallback splits text with ``\\w+`` (Python) and
``[^\\p{Letter}...]`` (JavaScript); both exclude the combining vowel signs and the
virama, so ``मांसपेशी`` was indexed as ``म``, ``सप``, ``श`` and nothing was found.

This language keeps whole words on both sides (letters *and* combining marks),
and applies the same light stemmer on both sides:

* Devanagari words lose a plural/oblique ending: ``मांसपेशियों`` and ``मांसपेशियाँ``
  become ``मांसपेशी``; ``कोशिकाओं``/``कोशिकाएँ`` become ``कोशिका``; ``प्रोटीनों``
  becomes ``प्रोटीन``. Only these noun endings are stripped (no verb morphology), so a
  query never matches an unrelated word by accident.
* Latin words (the English terms given in parentheses) use Sphinx's English Porter
  stemmer and English stop words, so ``calcium`` or ``creatine`` are found too.
"""

from __future__ import annotations

import re
import unicodedata

from sphinx.search import SearchLanguage
from sphinx.search.en import SearchEnglish, js_porter_stemmer

# (suffix, replacement), longest first; the same table is written into the JS below.
HINDI_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ियों", "ी"),
    ("ियाँ", "ी"),
    ("ियां", "ी"),
    ("ाओं", "ा"),
    ("ाएँ", "ा"),
    ("ाएं", "ा"),
    ("ुओं", "ु"),
    ("ूओं", "ू"),
    ("ओं", ""),
    ("ों", ""),
)
_MIN_STEM = 2  # characters that must remain


def _is_devanagari(word: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in word)


def stem_hindi(word: str) -> str:
    """Strip one plural/oblique noun ending from a Devanagari word."""
    word = unicodedata.normalize("NFC", word)
    for suffix, repl in HINDI_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)] + repl
    return word


_js_table = ", ".join(f'["{s}", "{r}"]' for s, r in HINDI_SUFFIXES)

JS_STEMMER = (
    js_porter_stemmer.replace("var Stemmer = function", "var EnglishStemmer = function")
    + f"""
var HINDI_SUFFIXES = [{_js_table}];
var Stemmer = function() {{
  var english = new EnglishStemmer();
  this.stemWord = function(w) {{
    w = w.normalize("NFC");
    if (!/[\\u0900-\\u097F]/.test(w)) return english.stemWord(w);
    for (var i = 0; i < HINDI_SUFFIXES.length; i++) {{
      var s = HINDI_SUFFIXES[i][0];
      if (w.endsWith(s) && w.length - s.length >= {_MIN_STEM}) {{
        return w.slice(0, w.length - s.length) + HINDI_SUFFIXES[i][1];
      }}
    }}
    return w;
  }};
}};
"""
)

# Letters, combining marks (matras, virama, anusvara, nukta) and digits stay in a word.
JS_SPLITTER = (
    "function splitQuery(query) {"
    " return query.normalize('NFC').split(/[^\\p{L}\\p{M}\\p{N}_]+/gu).filter(t => t); }"
)


class SearchHindi(SearchLanguage):
    lang = "hi"
    language_name = "Hindi"
    js_stemmer_code = JS_STEMMER
    js_splitter_code = JS_SPLITTER
    stopwords = SearchEnglish.stopwords

    # \w covers letters and digits; the Devanagari block adds its combining marks.
    _word_re = re.compile(r"[\w\u0900-\u0963\u0966-\u097F]+")

    def init(self, options) -> None:
        self._english = SearchEnglish(options)

    def split(self, input: str) -> list[str]:
        return self._word_re.findall(unicodedata.normalize("NFC", input))

    def stem(self, word: str) -> str:
        if _is_devanagari(word):
            return stem_hindi(word)
        return self._english.stem(word)

    def word_filter(self, word: str) -> bool:
        if _is_devanagari(word):
            return len(word) >= 2
        return self._english.word_filter(word)


def setup(app):
    app.add_search_language(SearchHindi)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
