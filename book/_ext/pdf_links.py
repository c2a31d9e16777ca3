"""Print styles on every page, and the PDFs in the theme's download menu.

* ``_static/print.css`` (media print) on every page: the browser's own print and
  ``book/_ext/tools/make_pdf.py`` print the text only, on A4.
* With ``book_pdf_links`` on, the download menu of every page of the TOC links to its
  PDF (``pdf/<page>.pdf``), to the same without solutions when the page has
  exercises, and to the whole book (``pdf/book.pdf``, ``pdf/book-questions.pdf``),
  all as relative links (they work offline and from ``file://``).

``book_pdf_links`` is on only when the environment variable ``BOOK_PDF=1`` is set,
which the README's PDF command does when it rebuilds before making the PDFs: a build
without the PDFs has no links to them, so none is ever broken. It is an ``html``
config value: switching it rewrites the pages (the notebooks are not executed again).

``book_license`` and ``book_description`` (``_config.yml``, ``sphinx.config``) are
printed on the cover of the whole-book PDF.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

_TOOL = Path(__file__).resolve().parent / "tools" / "make_pdf.py"


def _make_pdf():
    spec = importlib.util.spec_from_file_location("book_make_pdf", _TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


_mp = _make_pdf()

PDF_DIR = _mp.PDF_DIR
BOOK_NAME = _mp.BOOK_NAME
QUESTIONS_SUFFIX = _mp.QUESTIONS_SUFFIX
SOLUTION_MARKER = 'class="solution'


def pdf_buttons(pagename: str, pathto, body: str, is_chapter: bool) -> list[dict]:
    """The download-menu entries for one page (theme button dicts, Hindi labels)."""
    name = _mp.pdf_name(pagename)
    what = "यह अध्याय" if is_chapter else "यह पृष्ठ"

    def button(target, text, tooltip, label):
        return {
            "type": "link",
            "url": pathto(f"{PDF_DIR}/{target}.pdf", 1),
            "text": text,
            "tooltip": tooltip,
            "icon": "fas fa-file-pdf",
            "label": label,
        }

    buttons = [button(name, f"{what} (PDF)", f"{what} PDF में, छापने या साझा करने के लिए", "pdf-page-button")]
    if SOLUTION_MARKER in body:
        buttons.append(button(f"{name}{QUESTIONS_SUFFIX}", f"{what}, हल के बिना (PDF)",
                              "केवल प्रश्न: अभ्यासों के हल के बिना, कक्षा में बाँटने के लिए", "pdf-page-questions-button"))
    buttons.append(button(BOOK_NAME, "पूरी पुस्तक (PDF)", "पूरी पुस्तक एक PDF में, विषय-सूची के साथ", "pdf-book-button"))
    buttons.append(button(f"{BOOK_NAME}{QUESTIONS_SUFFIX}", "पूरी पुस्तक, हल के बिना (PDF)",
                          "पूरी पुस्तक, अभ्यासों के हल के बिना", "pdf-book-questions-button"))
    return buttons


def _add_pdf_links(app, pagename, templatename, context, doctree):
    if not app.config.book_pdf_links or doctree is None:
        return
    docs = {d.docname: d for d in _mp.toc_docs(Path(app.srcdir))}
    doc = docs.get(pagename)
    if doc is None:
        return
    for group in context.get("header_buttons") or []:
        if group.get("label") == "download-buttons":
            for entry in group["buttons"]:  # the theme's ".pdf" is the browser's print: say so
                if entry.get("label") == "download-pdf-button":
                    entry["text"] = "छापें"
            group["buttons"][:0] = pdf_buttons(pagename, context["pathto"], context.get("body", ""), doc.numbered)
            return


def setup(app):
    app.add_config_value("book_pdf_links", os.environ.get("BOOK_PDF") == "1", "html", types=[bool])
    app.add_config_value("book_license", "", "", types=[str])
    app.add_config_value("book_description", "", "", types=[str])
    app.add_css_file("print.css", media="print")
    # after sphinx-book-theme has made the download menu (priority 501)
    app.connect("html-page-context", _add_pdf_links, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
