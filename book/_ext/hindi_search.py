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
* Transliterations find the same pages as the English (:func:`glossary_transliterations`,
  made from the book's glossary at every build, not a hand list): each abbreviation
  spelt with the Hindi letter names (``एटीपी`` for ATP, ``पीसीआर`` for PCr) and each
  glossary term written in Devanagari as its English original sounds (``कैल्पेन`` and
  calpain) stem to the same index word as the English.
* Ranking (``_static/search_page.js``): a page that only defines a word (the glossary:
  ``BOOK_DEFINITION_PAGES``) ranks below a page whose title or headings hold it, and
  below a chapter that uses it in its text (``BOOK_TEACHING_PAGES``).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path

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


# Devanagari spelling (folded) -> the English index word (Porter stem of the
# lower-case English); filled from the glossary when the build starts
TRANSLITERATIONS: dict[str, str] = {}


def stem_hindi(word: str) -> str:
    """Fold spelling variants, strip one plural/oblique noun ending, map synonyms
    and transliterations."""
    word = fold_hindi(word)
    if word in TRANSLITERATIONS:
        return TRANSLITERATIONS[word]
    for suffix, repl in HINDI_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)] + repl
            break
    word = HINDI_SYNONYMS.get(word, word)
    return TRANSLITERATIONS.get(word, word)


# ------------------------------------------------------------------ transliterations

# how the English letters are read out in Hindi (ATP -> ए-टी-पी -> एटीपी)
LETTER_NAMES: dict[str, str] = {
    "A": "ए", "B": "बी", "C": "सी", "D": "डी", "E": "ई", "F": "एफ", "G": "जी", "H": "एच",
    "I": "आई", "J": "जे", "K": "के", "L": "एल", "M": "एम", "N": "एन", "O": "ओ", "P": "पी",
    "Q": "क्यू", "R": "आर", "S": "एस", "T": "टी", "U": "यू", "V": "वी", "W": "डब्ल्यू",
    "X": "एक्स", "Y": "वाई", "Z": "ज़ेड",
}
_ABBREVIATION = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]{1,6}(?![A-Za-z0-9])")
_ROMAN = re.compile(r"[IVX]+")


def is_abbreviation(token: str) -> bool:
    """ATP, PCr, AChR, RyR1: two or more capitals, not a Roman numeral."""
    return sum(ch.isupper() for ch in token) >= 2 and not _ROMAN.fullmatch(token)


def spell_out(abbreviation: str) -> str:
    """An abbreviation in Hindi letter names: ``PCr`` -> ``पीसीआर``; digits kept."""
    return "".join(LETTER_NAMES.get(ch.upper(), ch) for ch in abbreviation)


# a rough Latin consonant skeleton, to tell a transliteration (कैल्पेन, calpain)
# from a translation (थकान, fatigue)
_DEVANAGARI_SOUNDS = dict(zip(
    "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसहळ",
    "kkggnccjjnttddnttddnpfbbm rlvsssh l".replace(" ", "_"),
))
_DEVANAGARI_SOUNDS["य"] = ""  # a glide for English vowels (मायस्थेनिया, myasthenia)
_LATIN_SOUNDS = (("ch", "k"), ("ph", "f"), ("th", "t"), ("sh", "s"), ("ck", "k"), ("gh", "g"),
                 ("c", "k"), ("q", "k"), ("x", "ks"), ("w", "v"), ("z", "j"))


def _skeleton_hindi(word: str) -> str:
    out = []
    for ch in fold_hindi(word):
        sound = _DEVANAGARI_SOUNDS.get(ch)
        if sound and sound != "_":
            out.append(sound)
    return re.sub(r"(.)\1+", r"\1", "".join(out))


def _skeleton_latin(word: str) -> str:
    word = word.lower()
    for old, new in _LATIN_SOUNDS:
        word = word.replace(old, new)
    word = re.sub(r"[aeiouy]", "", word)
    return re.sub(r"(.)\1+", r"\1", word)


def sounds_alike(hindi: str, latin: str) -> bool:
    a, b = _skeleton_hindi(hindi), _skeleton_latin(latin)
    return bool(a and b) and a[0] == b[0] and difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


_GLOSSARY_BLOCK = re.compile(r"```\{glossary\}\n(.*?)```", re.S)
_DEVANAGARI_WORD = re.compile(r"[\u0900-\u0963\u0966-\u097F]+")


def glossary_entries(text: str) -> list[tuple[list[str], str]]:
    """(Hindi terms, English text in *…*) of each entry of a MyST ``{glossary}``."""
    entries: list[tuple[list[str], str]] = []
    for block in _GLOSSARY_BLOCK.findall(text):
        terms: list[str] = []
        for line in block.splitlines():
            if not line.strip():
                continue
            if not line[0].isspace():
                terms.append(line.strip())
            elif terms:
                m = re.match(r"\s*\*([^*]+)\*", line)
                entries.append((terms, m.group(1) if m else ""))
                terms = []
    return entries


def glossary_transliterations(text: str, english_stem) -> dict[str, str]:
    """Devanagari spellings -> English index words, made from a glossary's text.

    * every abbreviation in the glossary (:func:`is_abbreviation`), spelt out in Hindi
      letter names (:func:`spell_out`);
    * each word of a Hindi term paired, in order, with the word of its English term,
      when both have as many words and the two sound alike (:func:`sounds_alike`).

    A spelling that would lead to two different English words is left out.
    """
    found: dict[str, set[str]] = {}

    def add(hindi: str, english: str) -> None:
        found.setdefault(fold_hindi(hindi), set()).add(english_stem(english.lower()))

    for token in _ABBREVIATION.findall(text):
        if is_abbreviation(token) and token.lower() not in SearchEnglish.stopwords:
            add(spell_out(token), token)
    for terms, english in glossary_entries(text):
        english = re.split(r"[(,]", english)[0]
        latin = re.findall(r"[A-Za-z]+", english)
        for term in terms:
            hindi = _DEVANAGARI_WORD.findall(term)
            if len(hindi) != len(latin):
                continue
            for h, e in zip(hindi, latin):
                if len(e) >= 4 and sounds_alike(h, e):
                    add(h, e)
                    add(stem_hindi(h), e)
    return {hindi: next(iter(keys)) for hindi, keys in sorted(found.items()) if len(keys) == 1}


_js_table = ", ".join(f'["{s}", "{r}"]' for s, r in HINDI_SUFFIXES)
_js_synonyms = json.dumps(HINDI_SYNONYMS, ensure_ascii=False)


def js_stemmer(transliterations: dict[str, str]) -> str:
    """The JavaScript twin of :func:`stem_hindi` (queries), with the same tables."""
    table = json.dumps(transliterations, ensure_ascii=False, sort_keys=True)
    return (
        js_porter_stemmer.replace("var Stemmer = function", "var EnglishStemmer = function")
        + f"""
var HINDI_SUFFIXES = [{_js_table}];
var HINDI_SYNONYMS = {_js_synonyms};
var HINDI_TRANSLITERATIONS = {table};
var Stemmer = function() {{
  var english = new EnglishStemmer();
  var own = function(table, w) {{ return Object.prototype.hasOwnProperty.call(table, w); }};
  this.stemWord = function(w) {{
    if (!/[\\u0900-\\u097F]/.test(w)) return english.stemWord(w);
    w = w.normalize("NFD").replace(/\\u0901/g, "\\u0902")
         .replace(/([\\u0915\\u0916\\u0917\\u091C\\u092B])\\u093C/g, "$1").normalize("NFC");
    if (own(HINDI_TRANSLITERATIONS, w)) return HINDI_TRANSLITERATIONS[w];
    for (var i = 0; i < HINDI_SUFFIXES.length; i++) {{
      var s = HINDI_SUFFIXES[i][0];
      if (w.endsWith(s) && w.length - s.length >= {_MIN_STEM}) {{
        w = w.slice(0, w.length - s.length) + HINDI_SUFFIXES[i][1];
        break;
      }}
    }}
    if (own(HINDI_SYNONYMS, w)) w = HINDI_SYNONYMS[w];
    return own(HINDI_TRANSLITERATIONS, w) ? HINDI_TRANSLITERATIONS[w] : w;
  }};
}};
"""
    )


JS_STEMMER = js_stemmer({})

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


def _glossary_text(srcdir: Path) -> str:
    """The text of the book's glossary page(s): MyST files holding a ``{glossary}``."""
    import os

    texts = []
    for folder, dirs, files in os.walk(srcdir):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")) and d not in ("node_modules", "seeds", "tests"))
        for name in sorted(files):
            if name.endswith(".md"):
                text = (Path(folder) / name).read_text(encoding="utf8")
                if "```{glossary}" in text:
                    texts.append(text)
    return "\n".join(texts)


def _load_transliterations(app, config) -> None:
    english = SearchEnglish({})
    table = glossary_transliterations(_glossary_text(Path(app.srcdir)), english.stem)
    TRANSLITERATIONS.clear()
    TRANSLITERATIONS.update(table)
    SearchHindi.js_stemmer_code = js_stemmer(table)


def _definition_pages(app, pagename, templatename, context, doctree) -> None:
    """On the search page: which pages only define words (hold glossary terms) and
    which teach (the opening page and the numbered chapters), for the ranking."""
    if pagename != "search":
        return
    std = app.env.get_domain("std")
    defining = sorted({docname for (objtype, _name), (docname, _id) in std.objects.items() if objtype == "term"})
    teaching = sorted({app.config.root_doc} | {doc for doc, numbers in app.env.toc_secnumbers.items() if numbers})
    app.add_js_file(None, body=f"var BOOK_DEFINITION_PAGES = {json.dumps(defining)}; "
                               f"var BOOK_TEACHING_PAGES = {json.dumps(teaching)};")


def setup(app):
    app.add_search_language(SearchHindi)
    app.connect("config-inited", _load_transliterations)
    app.connect("html-page-context", _definition_pages)
    if not getattr(IndexBuilder.prune, "book_drops_empty", False):
        IndexBuilder.prune = _prune_empty_terms(IndexBuilder.prune)
    if not getattr(IndexBuilder._word_collector, "book_without_code", False):
        IndexBuilder._word_collector = _index_without_code(IndexBuilder._word_collector)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
