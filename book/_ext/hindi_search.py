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
* Spelling variants fold together: chandrabindu and anusvara (``पहुँच``/``पहुंच``), and
  the optional nukta of the Perso-Arabic letters (``ज़``/``ज``, ``फ़``/``फ``, ``क़ ख़ ग़``).
* Synonyms: ``मांसपेशी`` (muscle) is searched as ``पेशी``, the word the chapters use,
  so a reader who types either finds the same pages.
* Hindi function words (postpositions, pronouns, auxiliaries: :data:`HINDI_STOPWORDS`)
  and bare numbers (except four-digit years) are not indexed: a leaner
  ``searchindex.js``, and queries are not flooded by every page.
* Latin words (the English terms given in parentheses) use Sphinx's English Porter
  stemmer and English stop words, so ``calcium`` or ``creatine`` are found too.
"""

from __future__ import annotations

import json
import re
import unicodedata

from docutils import nodes
from sphinx.search import IndexBuilder, SearchLanguage
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

# after stemming: the book's word for the same concept
HINDI_SYNONYMS: dict[str, str] = {
    "मांसपेशी": "पेशी",
}

# frequent function words: no reader searches for them
HINDI_STOPWORDS: frozenset[str] = frozenset(
    """
    और या तथा एवं कि जो जिस जिसे जिसमें जिससे जिनमें जिनका जिसका जिसकी जिसके
    का की के को में से पर तक ने लिए द्वारा साथ बाद पहले
    है हैं था थी थे हो होता होती होते होना होने हुआ हुई हुए रहा रही रहे
    गया गई गए जाता जाती जाते जाना जाने करता करती करते करना करने किया की
    यह वह ये वे इस उस इन उन इसे उसे इसका उसका इसकी उसकी इसके उसके इनका उनका इनकी उनकी इनके उनके
    इसमें उसमें इनमें उनमें इससे उससे आप हम मैं तुम अपना अपनी अपने
    भी ही तो न नहीं ना क्या क्यों कैसे कब कहाँ कौन कुछ सब सभी बहुत कम अधिक
    एक दो जब तब फिर अब यहाँ वहाँ यदि अगर लेकिन परंतु किंतु मगर क्योंकि इसलिए
    """.split()
)


def _is_devanagari(word: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" for ch in word)


_OPTIONAL_NUKTA = re.compile("([\u0915\u0916\u0917\u091C\u092B])\u093C")


def fold_hindi(word: str) -> str:
    """One spelling for variants: anusvara for chandrabindu, no Perso-Arabic nukta."""
    word = unicodedata.normalize("NFD", word).replace("\u0901", "\u0902")
    return unicodedata.normalize("NFC", _OPTIONAL_NUKTA.sub(r"\1", word))


def stem_hindi(word: str) -> str:
    """Fold spelling variants, strip one plural/oblique noun ending, map synonyms."""
    word = fold_hindi(word)
    for suffix, repl in HINDI_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)] + repl
            break
    return HINDI_SYNONYMS.get(word, word)


_js_table = ", ".join(f'["{s}", "{r}"]' for s, r in HINDI_SUFFIXES)
_js_synonyms = json.dumps(HINDI_SYNONYMS, ensure_ascii=False)

JS_STEMMER = (
    js_porter_stemmer.replace("var Stemmer = function", "var EnglishStemmer = function")
    + f"""
var HINDI_SUFFIXES = [{_js_table}];
var HINDI_SYNONYMS = {_js_synonyms};
var Stemmer = function() {{
  var english = new EnglishStemmer();
  this.stemWord = function(w) {{
    if (!/[\\u0900-\\u097F]/.test(w)) return english.stemWord(w);
    w = w.normalize("NFD").replace(/\\u0901/g, "\\u0902")
         .replace(/([\\u0915\\u0916\\u0917\\u091C\\u092B])\\u093C/g, "$1").normalize("NFC");
    for (var i = 0; i < HINDI_SUFFIXES.length; i++) {{
      var s = HINDI_SUFFIXES[i][0];
      if (w.endsWith(s) && w.length - s.length >= {_MIN_STEM}) {{
        w = w.slice(0, w.length - s.length) + HINDI_SUFFIXES[i][1];
        break;
      }}
    }}
    return HINDI_SYNONYMS.hasOwnProperty(w) ? HINDI_SYNONYMS[w] : w;
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
    # written into language_data.js too: the search script drops them from queries
    stopwords = set(SearchEnglish.stopwords) | HINDI_STOPWORDS

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
        if word.isdigit():  # the search script ignores bare numbers in queries too
            return len(word) == 4  # years (1993, 2008) stay findable
        if _is_devanagari(word):
            return len(word) >= 2 and word not in HINDI_STOPWORDS
        return self._english.word_filter(word)


def _index_without_code(word_collector):
    """Wrap ``IndexBuilder._word_collector`` so Hindi pages index their prose only.

    Code cells and their printed output (``literal_block`` nodes) are identifiers,
    numbers and English keywords: noise in a search for Hindi concepts, and a
    third of ``searchindex.js``. They stay on the page, just not in the index.
    """

    def collect(self, doctree):
        if self.lang.lang == SearchHindi.lang:
            doctree = doctree.deepcopy()
            for node in list(doctree.findall(nodes.literal_block)):
                node.parent.remove(node)
        return word_collector(self, doctree)

    collect.book_without_code = True
    return collect


def _prune_empty_terms(prune):
    """Wrap ``IndexBuilder.prune``: also forget words left with no page.

    On an incremental build Sphinx empties the page lists of rebuilt pages but keeps
    the words, so ``searchindex.js`` fills with stale terms (``"word": []``).
    """

    def prune_and_drop(self, docnames):
        prune(self, docnames)
        for mapping in (self._mapping, self._title_mapping):
            for word in [w for w, pages in mapping.items() if not pages]:
                del mapping[word]

    prune_and_drop.book_drops_empty = True
    return prune_and_drop


def setup(app):
    app.add_search_language(SearchHindi)
    if not getattr(IndexBuilder.prune, "book_drops_empty", False):
        IndexBuilder.prune = _prune_empty_terms(IndexBuilder.prune)
    if not getattr(IndexBuilder._word_collector, "book_without_code", False):
        IndexBuilder._word_collector = _index_without_code(IndexBuilder._word_collector)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
