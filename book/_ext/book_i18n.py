"""The book's interface in Hindi: theme buttons, search, code-cell toggles.

``language: hi`` gives Hindi for Sphinx itself, sphinx-togglebutton and
sphinx-exercise, but sphinx-book-theme, pydata-sphinx-theme and myst-nb ship no
Hindi. This extension supplies it:

* ``locale/hi/LC_MESSAGES/booktheme.po``: sphinx-book-theme's message domain
  (launch/download buttons, "Print to PDF", "Fullscreen mode", "By", ...).
* ``locale/hi/LC_MESSAGES/sphinx.po``: the ``sphinx`` domain strings that
  pydata-sphinx-theme uses ("Color mode", "Skip to main content", "Back to top")
  and that Sphinx's own Hindi catalogue lacks or words poorly (the search page).
  These entries take precedence; Sphinx's catalogue stays the fallback.
  The same entries are merged into ``_static/translations.js`` (the search
  script's messages).

Both ``.po`` files are compiled to ``.mo`` at build time with babel (a Sphinx
dependency) into the doctree directory: no binary is committed.

A few English strings are hard-coded in the themes' templates (tooltips such as
"Toggle primary sidebar", myst-nb's "Toggle hidden content"); :data:`HARD_CODED`
replaces them in every rendered page. myst-nb's "Show code cell source" prompts
come from ``nb_code_prompt_show``/``nb_code_prompt_hide`` in ``_config.yml``
(``{type} दिखाएँ``); :class:`HindiCellPrompts` turns the ``{type}`` word
(source/outputs/content) into Hindi.
"""

from __future__ import annotations

import gettext
import json
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx import locale
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from page_filters import add_page_filter

logger = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGE = "hi"

# English text hard-coded in templates or markup (not translatable), as it appears
# in the rendered HTML, and its Hindi replacement. A few entries (Search, Color mode,
# Site navigation...) are in the catalogue too: kept here as a safety net should a
# theme update bypass it; tests/test_browser.py finds any English left.
HARD_CODED: tuple[tuple[str, str], ...] = (
    ('title="Toggle primary sidebar"', 'title="विषय-सूची दिखाएँ या छिपाएँ"'),
    ('title="Toggle secondary sidebar"', 'title="इस पृष्ठ की सूची दिखाएँ या छिपाएँ"'),
    ('aria-label="Toggle hidden content"', 'aria-label="छिपा भाग दिखाएँ या छिपाएँ"'),
    ('aria-label="Main"', 'aria-label="मुख्य विषय-सूची"'),
    ('aria-label="Site navigation"', 'aria-label="पुस्तक की विषय-सूची"'),
    ('aria-label="Section Navigation"', 'aria-label="इस भाग के पृष्ठ"'),
    ('aria-label="Breadcrumb"', 'aria-label="पथ"'),
    ('aria-label="Search"', 'aria-label="खोजें"'),
    ('title="Search"', 'title="खोजें"'),
    ('aria-label="Color mode"', 'aria-label="रंग-रूप"'),
    ('title="Color mode"', 'title="रंग-रूप"'),
    ('aria-label="On this page"', 'aria-label="इस पृष्ठ पर"'),
    ('aria-label="Contents"', 'aria-label="इस पृष्ठ पर"'),
    ('aria-label="Page"', 'aria-label="इस पृष्ठ की सूची"'),
)

# English text hard-coded in the extensions' scripts: file in _static -> replacements
JS_HARD_CODED: dict[str, tuple[tuple[str, str], ...]] = {
    "togglebutton.js": (('"Toggle hidden content"', '"छिपा भाग दिखाएँ या छिपाएँ"'),),
}

# myst-nb's {type} words in the hidden-cell prompts
CELL_PROMPT_TYPES = {
    "source": "कोड",
    "outputs": "परिणाम",
    "output": "परिणाम",
    "content": "पूरा सेल",
}


def translate_hard_coded(html: str) -> str:
    """Replace the themes' hard-coded English interface strings in ``html``."""
    for english, hindi in HARD_CODED:
        html = html.replace(english, hindi)
    return html


def _compile_catalogs(build_dir: Path) -> Path:
    """Compile every ``.po`` under LOCALE_DIR into ``build_dir``; return its root."""
    out_root = build_dir / "book_locale"
    for po_path in LOCALE_DIR.glob(f"{LANGUAGE}/LC_MESSAGES/*.po"):
        mo_path = out_root / LANGUAGE / "LC_MESSAGES" / (po_path.stem + ".mo")
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as fin:
            catalog = read_po(fin, locale=LANGUAGE)
        with mo_path.open("wb") as fout:
            write_mo(fout, catalog)
    return out_root


def _po_messages(domain: str) -> dict[str, str]:
    """Translated entries of ``locale/hi/LC_MESSAGES/<domain>.po``."""
    with (LOCALE_DIR / LANGUAGE / "LC_MESSAGES" / f"{domain}.po").open("rb") as fin:
        catalog = read_po(fin, locale=LANGUAGE)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and m.string}


def _put_sphinx_catalog_first(app, mo_root: Path) -> None:
    """Make the book's ``sphinx``-domain catalogue the first one consulted.

    Python code looks messages up in ``sphinx.locale.translators``; templates use
    ``app.translator`` (installed into Jinja when the builder starts, after this).
    Both get the book's catalogue, with Sphinx's own Hindi catalogue (and any
    catalogue a theme adds later) as the fallback.
    """
    key = ("general", "sphinx")
    with (mo_root / LANGUAGE / "LC_MESSAGES" / "sphinx.mo").open("rb") as fin:
        ours = gettext.GNUTranslations(fin)
    previous = locale.translators.get(key) or getattr(app, "translator", None)
    if previous is not None and previous.__class__ is not gettext.NullTranslations:
        ours.add_fallback(previous)
    locale.translators[key] = ours
    app.translator = ours


class HindiCellPrompts(SphinxPostTransform):
    """Hindi for the {type} word myst-nb puts into hidden-cell prompts."""

    default_priority = 205  # after myst-nb's HideInputCells (199)
    formats = ("html",)

    def run(self, **kwargs):
        from myst_nb.sphinx_ import HideCodeCellNode

        for node in self.document.findall(HideCodeCellNode):
            for attr in ("prompt_show", "prompt_hide"):
                text = node[attr]
                for english, hindi in CELL_PROMPT_TYPES.items():
                    if text.startswith(english + " ") or text.endswith(" " + english):
                        text = text.replace(english, hindi, 1)
                        break
                node[attr] = text


def _hindi_page(html: str, context: dict) -> str:
    return translate_hard_coded(html)


def _translate_scripts(app, exception) -> None:
    """Hindi for the English strings hard-coded in the extensions' scripts."""
    if exception is not None or app.builder.format != "html":
        return
    for name, pairs in JS_HARD_CODED.items():
        js = Path(app.outdir) / "_static" / name
        if js.is_file():
            text = js.read_text(encoding="utf8")
            for english, hindi in pairs:
                text = text.replace(english, hindi)
            js.write_text(text, encoding="utf8")


def _merge_js_translations(app, exception) -> None:
    """Add the book's ``sphinx`` messages to the search script's catalogue."""
    if exception is not None or app.builder.format != "html":
        return
    js = Path(app.outdir) / "_static" / "translations.js"
    if not js.is_file():
        return
    text = js.read_text(encoding="utf8")
    start, end = text.index("(") + 1, text.rindex(")")
    data = json.loads(text[start:end])
    data["messages"].update(_po_messages("sphinx"))
    js.write_text(
        "Documentation.addTranslations(" + json.dumps(data, ensure_ascii=False, indent=1) + ");\n",
        encoding="utf8",
    )


def setup(app):
    if app.config.language == LANGUAGE:
        mo_root = _compile_catalogs(Path(app.doctreedir))
        app.add_message_catalog("booktheme", str(mo_root))
        _put_sphinx_catalog_first(app, mo_root)
        add_page_filter(app, _hindi_page)
        app.connect("build-finished", _merge_js_translations)
        app.connect("build-finished", _translate_scripts)
        app.add_post_transform(HindiCellPrompts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
