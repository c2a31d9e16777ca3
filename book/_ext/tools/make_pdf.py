"""Make the book's PDFs from the built HTML: one per chapter and appendix, and the whole book.

    .venv/bin/python book/_ext/tools/make_pdf.py [_build/html] [--out DIR] [--url URL]

Writes ``<html>/pdf/`` (or ``--out``):

* ``<page>.pdf`` for every page of ``_toc.yml`` (``ch01_weakness.pdf``, ``glossary.pdf``, ...);
  ``<page>-questions.pdf`` as well for a page with exercises (no solutions: to hand out);
* ``book.pdf``: cover (title, what the book is, licence, address of the interactive
  version), table of contents with page numbers, every page of the TOC, bookmarks for
  parts, chapters and sections; ``book-questions.pdf`` the same without solutions.

How: the pages are served on 127.0.0.1 and printed by Debian's ``/usr/bin/chromium``
through Playwright (``page.pdf``), the same way as the browser tests. For each PDF the
articles of its pages are put into one HTML document (ids prefixed per page, links
between pages turned into links inside the PDF, links to anything else into the
address of the online book), in the pages' own theme, with ``_static/print.css`` and
print media. Before printing, every plotly figure is drawn (each is scrolled into view,
for figures that draw only near the viewport) at the width of the printed text, at its
default slider position; lines that differ only by colour get dash patterns, so that
a black-and-white copy still tells them apart. Exercise solutions are moved out of
their (closed) dropdowns to the end of their chapter ("अभ्यासों के हल"), or left out.
Running header (the chapter's title) and page numbers are CSS ``@page`` margin boxes
(one named page per chapter). The whole book is printed twice: the first print tells
on which page each chapter and section begins (Chromium writes a named destination
for every link target), the second prints those numbers in the table of contents.
pypdf then writes the bookmarks (parts > chapters > sections) and the metadata.

Needs: ``chromium`` and ``fonts-noto-core`` (Debian), ``playwright`` and ``pypdf``
(requirements.txt). Nothing is fetched from the network.
"""

from __future__ import annotations

import argparse
import copy
import html as htmlmod
import posixpath
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup, Tag

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

# A4 text width in CSS px (96 px per inch): 210 mm less 25 mm + 18 mm of margins.
# Figures are drawn at this width, so that they print at their drawn size.
TEXT_WIDTH_PX = round((210 - 25 - 18) / 25.4 * 96)
VIEWPORT = {"width": TEXT_WIDTH_PX, "height": 1100}
FIGURE_TIMEOUT_S = 60

SOLUTIONS_TITLE = "अभ्यासों के हल"
TOC_TITLE = "विषय-सूची"
QUESTIONS_SUFFIX = "-questions"
QUESTIONS_LABEL = "केवल प्रश्न, हल के बिना"
BOOK_NAME = "book"
PDF_DIR = "pdf"


# --------------------------------------------------------------------------- the book


@dataclass
class Doc:
    """One page of _toc.yml."""

    docname: str  # "book/ch01_weakness"
    part: str | None  # part caption, None for the root page
    numbered: bool = False  # in a numbered part (a chapter, not an appendix)
    title: str = ""  # "1. कमजोरी: वास्तविक और कथित" (with the chapter number)
    slug: str = ""  # "ch01_weakness"
    has_solutions: bool = False
    sections: list[tuple[str, str]] = field(default_factory=list)  # (prefixed id, title)

    def __post_init__(self):
        self.slug = pdf_name(self.docname)

    @property
    def anchor(self) -> str:
        return f"pdf--{self.slug}"


def pdf_name(docname: str) -> str:
    """The PDF file name (without .pdf) of a page: the last part of its docname."""
    return docname.rsplit("/", 1)[-1]


def toc_docs(root: Path = ROOT) -> list[Doc]:
    """Every page of _toc.yml in reading order, with its part caption."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf8"))
    docs = [Doc(toc["root"], None)]

    def walk(entries, part, numbered):
        for entry in entries or []:
            if "file" in entry:
                docs.append(Doc(entry["file"], part, numbered))
            walk(entry.get("sections"), part, numbered)

    for part in toc.get("parts", []):
        walk(part.get("chapters"), part.get("caption") or "", bool(part.get("numbered")))
    walk(toc.get("chapters"), "", bool(toc.get("numbered")))
    return docs


def book_settings(root: Path = ROOT) -> dict:
    """Title, description, licence and the address of the online book, from _config.yml."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf8"))
    sphinx_config = (config.get("sphinx") or {}).get("config") or {}
    url = sphinx_config.get("html_baseurl") or ""
    if not url:  # GitHub Pages address of the repository (README: "For forks")
        repo = ((config.get("repository") or {}).get("url") or "").rstrip("/")
        match = re.match(r"https://github\.com/([^/]+)/([^/]+)$", repo)
        url = f"https://{match.group(1).lower()}.github.io/{match.group(2)}/" if match else ""
    if url and not url.endswith("/"):
        url += "/"
    return {
        "title": config.get("title", ""),
        "author": config.get("author", ""),
        "copyright": str(config.get("copyright", "")),
        "license": sphinx_config.get("book_license", ""),
        "description": sphinx_config.get("book_description", ""),
        "url": url,
    }


# --------------------------------------------------------------------------- composing


def _text(tag: Tag) -> str:
    tag = copy.copy(tag)
    for link in tag.select("a.headerlink"):
        link.decompose()
    return " ".join(tag.get_text(" ", strip=True).split())


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


class Composer:
    """Puts the articles of several pages into one printable HTML document."""

    def __init__(self, html_dir: Path, docs: list[Doc], settings: dict, load: list[Doc] | None = None):
        self.html_dir = html_dir
        self.docs = docs
        self.settings = settings
        self.by_path = {f"{d.docname}.html": d for d in docs}
        self.pages = {}
        docs = load or docs
        for doc in docs:
            path = html_dir / f"{doc.docname}.html"
            if not path.is_file():
                raise SystemExit(f"{path} is missing: build the book first")
            soup = BeautifulSoup(path.read_text(encoding="utf8"), "html.parser")
            self.pages[doc.docname] = soup
            h1 = soup.select_one("article.bd-article h1")
            doc.title = _text(h1) if h1 else doc.docname
            doc.has_solutions = bool(soup.select("article.bd-article div.solution"))
        # the theme shell (head: stylesheets and scripts) of a page with figures
        self.template = next(
            (d for d in docs if self.pages[d.docname].select_one("article.bd-article figure.mm-figure, .plotly-graph-div")),
            docs[0],
        )

    # one page's article, ready to join the others
    def article(self, doc: Doc, included: set[str], solutions: bool) -> Tag:
        soup = copy.copy(self.pages[doc.docname])
        art = soup.select_one("article.bd-article")
        page_dir = posixpath.dirname(doc.docname)
        prefix = f"{doc.slug}--"

        for sel in ("a.headerlink", ".toggle-button", "details.hide.above-input", "div.cell.tag_remove-input details"):
            for el in art.select(sel):
                el.decompose()
        # ids: unique across pages (plotly's figure divs keep theirs: their scripts use them)
        for el in art.select("[id]"):
            if "plotly-graph-div" in (el.get("class") or []):
                continue
            el["id"] = prefix + el["id"]
        for el in art.select("a[href]"):
            el["href"] = self.link(el["href"], page_dir, prefix, included)
        for el in art.select("[src]"):
            src = el["src"]
            if not urlsplit(src).scheme and not src.startswith(("/", "data:")):
                el["src"] = "/" + posixpath.normpath(posixpath.join(page_dir, src))

        section = soup.new_tag("section")
        section["class"] = ["pdf-doc"]
        section["id"] = doc.anchor
        section["data-title"] = doc.title
        for child in list(art.children):
            section.append(child.extract())

        # exercises: solutions out of their dropdowns, to the end of the chapter (or left out)
        found = section.select("div.solution")
        if found:
            gathered = soup.new_tag("section")
            gathered["class"] = ["pdf-solutions"]
            gathered["id"] = f"{prefix}pdf-solutions"
            heading = soup.new_tag("h2")
            heading.string = SOLUTIONS_TITLE
            gathered.append(heading)
            for sol in found:
                sol.extract()
                sol["class"] = [c for c in sol.get("class", []) if c not in ("dropdown", "toggle-hidden")]
                gathered.append(sol)
                # the exercise points to its solution (a link inside the PDF)
                back = sol.select_one("p.admonition-title a[href^='#']")
                exercise = section.find(id=back["href"][1:]) if back else None
                if solutions and exercise is not None and sol.get("id"):
                    note = soup.new_tag("p")
                    note["class"] = ["pdf-solution-link"]
                    link = soup.new_tag("a", href=f"#{sol['id']}")
                    link.string = f"हल: अध्याय के अंत में, “{SOLUTIONS_TITLE}” में"
                    note.append(link)
                    exercise.append(note)
            if solutions:
                section.append(gathered)

        doc.sections = []
        top = section.select_one("section")
        for sub in (top.find_all("section", recursive=False) if top else []):
            h2 = sub.find("h2", recursive=False)
            if h2 and sub.get("id"):
                doc.sections.append((sub["id"], _text(h2)))
        if found and solutions:
            doc.sections.append((gathered["id"], SOLUTIONS_TITLE))
        return section

    def link(self, href: str, page_dir: str, prefix: str, included: set[str]) -> str:
        parts = urlsplit(href)
        if parts.scheme or href.startswith(("mailto:", "//")):
            return href
        if not parts.path:  # "#id" on the same page
            return f"#{prefix}{parts.fragment}" if parts.fragment else href
        target = posixpath.normpath(posixpath.join(page_dir, parts.path))
        doc = self.by_path.get(target)
        if doc is not None and doc.docname in included:
            return f"#{doc.slug}--{parts.fragment}" if parts.fragment else f"#{doc.anchor}"
        url = self.settings["url"]  # a page not in this PDF: its address online
        return f"{url}{target}" + (f"#{parts.fragment}" if parts.fragment else "") if url else href

    def compose(self, docs: list[Doc], *, solutions: bool, front: bool) -> tuple[str, str]:
        """(HTML of the printable document, its path on the server)."""
        soup = copy.copy(self.pages[self.template.docname])
        art = soup.select_one("article.bd-article")
        art.clear()
        # the page's own navigation (its in-page contents link to ids this document renames)
        for el in soup.select(".bd-sidebar-secondary, .bd-sidebar-primary, .bd-header-article, .prev-next-area, "
                              "#jb-print-docs-body, .onlyprint, .pst-async-banner-revealer, .bd-header-announcement"):
            el.decompose()
        included = {d.docname for d in docs}
        sections = [self.article(d, included, solutions) for d in docs]
        if front:
            art.append(BeautifulSoup(self.cover_html(), "html.parser"))
            art.append(BeautifulSoup(self.toc_html(docs), "html.parser"))
        for sec in sections:
            art.append(sec)
        # every chapter and section is a link target: Chromium then writes a named
        # destination for each (bookmarks and table-of-contents page numbers use them)
        targets = ["pdf-cover", "pdf-toc"] if front else []
        for doc in docs:
            targets += [doc.anchor] + [sid for sid, _ in doc.sections]
        art.append(BeautifulSoup(
            '<div class="pdf-anchors" style="display:none">'
            + "".join(f'<a href="#{htmlmod.escape(t)}"></a>' for t in targets) + "</div>",
            "html.parser",
        ))
        head = soup.head
        if not soup.select_one('link[href*="print.css"]'):
            link = soup.new_tag("link", rel="stylesheet", href=self.static("print.css"))
            head.append(link)
        style = soup.new_tag("style")
        style.string = self.page_css(docs, front)
        head.append(style)
        html_tag = soup.find("html")
        html_tag["data-theme"] = "light"
        path = posixpath.join(posixpath.dirname(self.template.docname), "__pdf__.html")
        return str(soup), "/" + path

    def static(self, name: str) -> str:
        depth = self.template.docname.count("/")
        return "../" * depth + "_static/" + name

    def page_css(self, docs: list[Doc], front: bool) -> str:
        rules = [
            "html[data-theme] { color-scheme: light; }",
            "@page { @bottom-right { content: counter(page); font: 9pt 'Noto Sans', sans-serif; } }",
            "@page :left { @bottom-left { content: counter(page); font: 9pt 'Noto Sans', sans-serif; } "
            "@bottom-right { content: none; } }",
            "@page pdf-front { @top-center { content: none; } @bottom-right { content: none; } @bottom-left { content: none; } }",
            ".pdf-cover, .pdf-toc { page: pdf-front; }",
            ".sbt-scroll-pixel-helper, #pst-scroll-pixel-helper, .skip-link { display: none !important; }",
            # the first page takes the name of the first box: the document's ancestors too
            f"html, body, .bd-container, .bd-main, .bd-content, .bd-article-container, .bd-article "
            f"{{ page: {'pdf-front' if front else 'pdf-p0'}; }}",
            ".pdf-doc ~ .pdf-doc, .pdf-toc ~ .pdf-doc { break-before: page; }",
            ".pdf-cover { break-after: page; }",
            "section.pdf-solutions { break-before: page; }",
        ]
        for i, doc in enumerate(docs):
            name = f"pdf-p{i}"
            rules.append(
                f"@page {name} {{ @top-center {{ content: {_css_string(doc.title)}; "
                "font: 8.5pt 'Noto Sans Devanagari', 'Noto Sans', sans-serif; color: #444; } }"
            )
            rules.append(f'section.pdf-doc[id="{doc.anchor}"] {{ page: {name}; }}')
        return "\n".join(rules) + "\n" + FRONT_CSS

    def cover_html(self) -> str:
        s = self.settings
        e = htmlmod.escape
        url = (
            f'<p class="pdf-cover-url">इंटरैक्टिव (ऑनलाइन) संस्करण, स्लाइडर वाले चित्रों के साथ:<br>'
            f'<a href="{e(s["url"])}">{e(s["url"])}</a></p>' if s["url"] else ""
        )
        lic = f'<p class="pdf-cover-license">लाइसेंस: {e(s["license"])}</p>' if s["license"] else ""
        return (
            '<section class="pdf-cover" id="pdf-cover">'
            f'<h1 class="pdf-cover-title">{e(s["title"])}</h1>'
            f'<p class="pdf-cover-what">{e(s["description"])}</p>'
            f'<p class="pdf-cover-author">{e(s["author"])}</p>'
            f"{url}"
            f'<p class="pdf-cover-note">यह छपने योग्य संस्करण है: हर चित्र स्लाइडर की डिफ़ॉल्ट स्थिति में छपा है, '
            "और चित्र के नीचे लिखा है कि कौन-से मान दिखाए गए हैं। मॉडल चलाने और स्लाइडर बदलने के लिए ऑनलाइन संस्करण खोलें।</p>"
            f'<p class="pdf-cover-license">© {e(s["copyright"])} {e(s["author"])}</p>{lic}'
            "</section>"
        )

    def toc_html(self, docs: list[Doc]) -> str:
        e = htmlmod.escape

        def entry(cls, target, title):
            return (
                f'<li class="{cls}"><a href="#{e(target)}"><span class="pdf-toc-t">{e(title)}</span>'
                f'<span class="pdf-toc-pg" data-dest="{e(target)}">000</span></a></li>'
            )

        out = [f'<section class="pdf-toc" id="pdf-toc"><h1>{TOC_TITLE}</h1><ul class="pdf-toc-list">']
        part = None
        for doc in docs:
            if doc.part and doc.part != part:
                part = doc.part
                out.append(f'<li class="pdf-toc-part">{e(part)}</li>')
            out.append(entry("pdf-toc-ch", doc.anchor, doc.title))
            if doc.numbered:  # chapters: their sections too
                for sid, title in doc.sections:
                    out.append(entry("pdf-toc-sec", sid, title))
        out.append("</ul></section>")
        return "".join(out)


FRONT_CSS = """
.pdf-cover { display: flex; flex-direction: column; justify-content: center; min-height: 235mm;
  break-after: page; text-align: center; }
.pdf-cover h1.pdf-cover-title { font-size: 2.6rem; margin-bottom: 1.5rem; }
.pdf-cover .pdf-cover-what { font-size: 1.25rem; margin: 0 auto 2.5rem; max-width: 130mm; }
.pdf-cover .pdf-cover-author, .pdf-cover .pdf-cover-url { margin-bottom: 1.2rem; }
.pdf-cover .pdf-cover-note { font-size: 0.9rem; color: #333; max-width: 130mm; margin: 2rem auto 1rem; }
.pdf-cover .pdf-cover-license { font-size: 0.9rem; margin: 0.2rem 0; }
.pdf-toc h1 { margin-top: 0; }
.pdf-toc ul { list-style: none; padding: 0; margin: 0; }
.pdf-toc li { break-inside: avoid; }
.pdf-toc li a { display: flex; align-items: baseline; color: #000 !important; text-decoration: none; }
.pdf-toc li a .pdf-toc-t { flex: 0 1 auto; }
.pdf-toc li a::after { content: ""; flex: 1 1 auto; order: 1; border-bottom: 1px dotted #888; margin: 0 0.4em; }
.pdf-toc li a .pdf-toc-pg { order: 2; flex: 0 0 2.5em; text-align: right; font-variant-numeric: tabular-nums; }
.pdf-toc-part { font-weight: 700; font-size: 1.15rem; margin: 1rem 0 0.3rem; break-after: avoid; }
.pdf-toc-ch { font-weight: 600; margin-top: 0.45rem; }
.pdf-toc-sec { padding-left: 1.8em; font-size: 0.92rem; }
.pdf-solution-link { font-size: 0.85rem; margin: 0.3rem 0 0; }
"""


# --------------------------------------------------------------------------- printing


class _Handler(SimpleHTTPRequestHandler):
    virtual: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        body = self.virtual.get(urlsplit(self.path).path)
        if body is None:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server:
    def __init__(self, html_dir: Path):
        handler = type("Handler", (_Handler,), {"virtual": {}})
        self.handler = handler
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(html_dir)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def put(self, path: str, html: str) -> str:
        self.handler.virtual[path] = html.encode("utf8")
        return self.base + path

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


# figures: drawn? (every figure.mm-figure and every plotly div needs plotly's SVG)
_FIGURE_STATE = """() => {
  const items = [...document.querySelectorAll('figure.mm-figure, div.plotly-graph-div')]
    .filter(el => !(el.matches('div.plotly-graph-div') && el.closest('figure.mm-figure')));
  return items.map((el, i) => {
    const gd = el.matches('div.plotly-graph-div') ? el : el.querySelector('div.plotly-graph-div, .js-plotly-plot');
    const drawn = !!(gd && gd._fullLayout && gd.querySelector('svg.main-svg'));
    const busy = !!(gd && gd.dataset && gd.dataset.bookRestacking === '1');
    return {i, drawn, busy, id: (gd && gd.id) || el.id || ''};
  });
}"""

_SCROLL_TO = """(i) => {
  const el = [...document.querySelectorAll('figure.mm-figure, div.plotly-graph-div')]
    .filter(el => !(el.matches('div.plotly-graph-div') && el.closest('figure.mm-figure')))[i];
  if (el) el.scrollIntoView({block: 'center'});
}"""

# the book's own draw routine (_static/figures.js draws a figure only near the viewport)
_DRAW_ALL = """() => {
  const api = window.bookFigures;
  if (!api || typeof api.drawAll !== 'function') return Promise.resolve(false);
  return Promise.race([
    Promise.resolve(api.drawAll()).then(() => true, () => false),
    new Promise(resolve => setTimeout(() => resolve(false), 30000)),
  ]);
}"""

# black-and-white print: solid lines that differ only by colour get dash patterns
# (one dash per colour, so a quantity keeps its dash across panels); explicit dashes stay
_DASH_LINES = """async () => {
  const DASHES = ['solid', 'dash', 'dot', 'dashdot', 'longdash', 'longdashdot'];
  for (const gd of document.querySelectorAll('div.plotly-graph-div')) {
    if (!gd._fullData || !window.Plotly) continue;
    const lines = gd._fullData.filter(t => t.type === 'scatter' && t.visible !== false
      && String(t.mode || '').includes('lines'));
    const used = new Set(lines.map(t => t.line && t.line.dash).filter(d => d && d !== 'solid'));
    const free = DASHES.filter(d => d === 'solid' || !used.has(d));
    const byColour = new Map();
    const idx = [], dash = [];
    for (const t of lines) {
      const d = t.line && t.line.dash;
      const userDash = gd.data[t.index] && gd.data[t.index].line && gd.data[t.index].line.dash;
      if (userDash && userDash !== 'solid') continue;
      const c = String((t.line && t.line.color) || '');
      if (!byColour.has(c)) byColour.set(c, free[byColour.size % free.length]);
      idx.push(t.index); dash.push(byColour.get(c));
    }
    if (byColour.size > 1) await window.Plotly.restyle(gd, {'line.dash': dash}, idx);
  }
}"""


def draw_figures(page, timeout_s: float = FIGURE_TIMEOUT_S) -> int:
    """Make every figure of the page draw (scrolling each into view), wait until all have."""
    deadline = time.monotonic() + timeout_s
    page.evaluate(_DRAW_ALL)  # then check every figure, scrolling to any still blank
    settled = 0
    while True:
        state = page.evaluate(_FIGURE_STATE)
        missing = [s for s in state if not s["drawn"]]
        if not missing and not any(s["busy"] for s in state):
            settled += 1
            if settled >= 3:  # a few quiet rounds: figures.js may re-stack after drawing
                break
        else:
            settled = 0
            for s in missing[:4]:
                page.evaluate(_SCROLL_TO, s["i"])
            page.evaluate("() => { const api = window.bookFigures; if (api && api.drawAll) api.drawAll(); }")
        if time.monotonic() > deadline:
            ids = ", ".join(s["id"] or f"#{s['i']}" for s in missing) or "(still re-stacking)"
            raise RuntimeError(f"figures not drawn after {timeout_s} s: {ids}")
        page.wait_for_timeout(150)
    page.evaluate(_DASH_LINES)
    quiet = 0
    while quiet < 3 and time.monotonic() < deadline:  # figures.js re-stacks after the restyle
        state = page.evaluate(_FIGURE_STATE)
        quiet = quiet + 1 if not any(s["busy"] or not s["drawn"] for s in state) else 0
        page.wait_for_timeout(100)
    page.evaluate("() => { window.scrollTo(0, 0); return document.fonts.ready.then(() => true); }")
    return len(state)


_DROP_SOLUTIONS = """() => {
  for (const sec of document.querySelectorAll('section.pdf-solutions')) {
    for (const el of document.querySelectorAll(`[data-dest="${sec.id}"], .pdf-anchors a[href="#${sec.id}"]`)) {
      (el.closest('li') || el).remove();
    }
    sec.remove();
  }
  for (const el of document.querySelectorAll('.pdf-solution-link')) el.remove();
}"""


def print_with_page_numbers(page, target: Path, front: bool) -> int:
    """Print; with a table of contents, write the page numbers into it and print again until they hold."""
    print_pdf(page, target)
    if not front:
        return 1
    for passes in range(2, 6):
        numbers = dest_pages(target)
        changed = page.evaluate(
            """(numbers) => { let changed = 0;
              for (const el of document.querySelectorAll('.pdf-toc-pg')) {
                const n = String(numbers[el.dataset.dest] ?? '?');
                if (el.textContent !== n) { el.textContent = n; changed++; } }
              return changed; }""",
            numbers,
        )
        if not changed:
            return passes - 1
        print_pdf(page, target)
    raise RuntimeError(f"{target.name}: table-of-contents page numbers do not settle")


def print_pdf(page, path: Path) -> None:
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True, tagged=True)


def dest_pages(pdf_path: Path) -> dict[str, int]:
    """Named destination (element id) -> 1-based page number."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_path))
    return {str(k).lstrip("/"): reader.get_destination_page_number(v) + 1 for k, v in reader.named_destinations.items()}


# --------------------------------------------------------------------------- bookmarks, metadata


def finish_pdf(path: Path, docs: list[Doc], settings: dict, *, book: bool, title: str) -> None:
    """Bookmarks (parts > chapters > sections), metadata, language, opening view.

    Positions come from the named destinations Chromium writes for every link target
    (the document links to each chapter and section, in a hidden list if not in a
    table of contents).
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import Fit, NameObject, TextStringObject

    reader = PdfReader(str(path))
    writer = PdfWriter(clone_from=reader)
    dests = {str(k).lstrip("/"): v for k, v in reader.named_destinations.items()}
    writer._root_object.pop(NameObject("/Outlines"), None)

    def where(anchor):
        dest = dests.get(anchor)
        if dest is None:
            raise RuntimeError(f"{path.name}: no destination for #{anchor}")
        top = dest.get("/Top")
        fit = Fit.xyz(left=dest.get("/Left"), top=top, zoom=None) if top is not None else Fit.fit()
        return {"page_number": reader.get_destination_page_number(dest), "fit": fit}

    def add_doc(doc, parent):
        item = writer.add_outline_item(title=doc.title, **where(doc.anchor), parent=parent)
        for sid, stitle in doc.sections:
            writer.add_outline_item(title=stitle, **where(sid), parent=item)

    if book:
        writer.add_outline_item(title="आवरण", **where("pdf-cover"))
        writer.add_outline_item(title=TOC_TITLE, **where("pdf-toc"))
    part, parent = None, None
    for doc in docs:
        if book and doc.part and doc.part != part:
            part = doc.part
            parent = writer.add_outline_item(title=part, **where(doc.anchor))
        add_doc(doc, parent if (book and doc.part) else None)

    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    writer._root_object[NameObject("/Lang")] = TextStringObject("hi")
    writer.add_metadata(
        {
            "/Title": title,
            "/Author": settings["author"],
            "/Subject": settings["description"],
            "/Creator": "book/_ext/tools/make_pdf.py (Chromium, pypdf)",
        }
    )
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        writer.write(fh)
    tmp.replace(path)


# --------------------------------------------------------------------------- main


def make_pdfs(html_dir: Path, out_dir: Path, *, url: str | None = None, only: list[str] | None = None,
              book: bool = True, log=print) -> list[Path]:
    from playwright.sync_api import sync_playwright

    html_dir = Path(html_dir).resolve()
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    settings = book_settings()
    if url is not None:
        settings["url"] = url if url.endswith("/") or not url else url + "/"
    docs = toc_docs()
    chosen = [d for d in docs if not only or d.slug in only]
    if only and len(chosen) != len(only):
        raise SystemExit(f"not pages of _toc.yml: {sorted(set(only) - {d.slug for d in chosen})}")
    composer = Composer(html_dir, docs, settings, load=chosen)
    written: list[Path] = []
    server = Server(html_dir)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-core)")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=VIEWPORT, color_scheme="light", service_workers="block")

            def render(docs_, *, front, stem, title):
                """Print docs_ once with solutions and, if they have any, once without."""
                t0 = time.monotonic()
                phases = {}
                html, path = composer.compose(docs_, solutions=True, front=front)
                page = context.new_page()
                errors = []
                page.on("pageerror", lambda exc: errors.append(f"{exc.message} {exc.stack[:300] if exc.stack else ''}"))
                page.emulate_media(media="print", color_scheme="light")
                page.goto(server.put(path, html), wait_until="load")
                phases["load"] = time.monotonic() - t0
                n_fig = draw_figures(page)
                phases["figures"] = time.monotonic() - t0 - phases["load"]
                targets = variants(docs_, stem, title)  # after compose: it lists the sections
                for target, variant_title, variant_docs in targets:
                    t1 = time.monotonic()
                    if variant_docs is not docs_:  # the questions-only variant: solutions out
                        page.evaluate(_DROP_SOLUTIONS)
                    passes = print_with_page_numbers(page, target, front)
                    if errors:
                        raise RuntimeError(f"{target.name}: script errors while printing: {errors}")
                    finish_pdf(target, variant_docs, settings, book=front, title=variant_title)
                    written.append(target)
                    log(f"{target.name}: {len(docs_)} page(s) of the TOC, {n_fig} figure(s), {passes} print(s), "
                        f"{target.stat().st_size / 1e6:.2f} MB; load {phases['load']:.1f} s, figures "
                        f"{phases['figures']:.1f} s, print {time.monotonic() - t1:.1f} s")
                page.close()

            def variants(docs_, stem, title):
                out = [(out_dir / f"{stem}.pdf", title, docs_)]
                if any(d.has_solutions for d in docs_):
                    without = [copy.copy(d) for d in docs_]
                    for d in without:
                        d.sections = [s for s in d.sections if not s[0].endswith("pdf-solutions")]
                    out.append((out_dir / f"{stem}{QUESTIONS_SUFFIX}.pdf", f"{title} ({QUESTIONS_LABEL})", without))
                return out

            for doc in chosen:
                render([doc], front=False, stem=doc.slug, title=doc.title)
            if book:
                render(docs, front=True, stem=BOOK_NAME, title=settings["title"])
            context.close()
            browser.close()
    finally:
        server.close()
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", nargs="?", default=str(ROOT / "_build" / "html"), help="the built book (default _build/html)")
    parser.add_argument("--out", help="where the PDFs go (default <html>/pdf)")
    parser.add_argument("--url", help="address of the online book printed on the cover (default from _config.yml)")
    parser.add_argument("--only", help="comma-separated page names (e.g. ch08_energy): only these, no whole book")
    args = parser.parse_args(argv)
    html_dir = Path(args.html)
    out = Path(args.out) if args.out else html_dir / PDF_DIR
    only = [s.strip() for s in args.only.split(",")] if args.only else None
    t0 = time.monotonic()
    written = make_pdfs(html_dir, out, url=args.url, only=only, book=not only)
    print(f"{len(written)} PDFs in {out} ({time.monotonic() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
