"""The built book in a real browser (headless Debian Chromium driven by Playwright).

Every page of the TOC (plus the search page and the index) is opened at phone width
(412 px) and at desktop width from a local server on 127.0.0.1, and checked for:
figures drawn (an ``svg`` per plotly figure), sliders that change the plotted data,
Hindi search, console errors, requests leaving 127.0.0.1, horizontal scrolling,
page weight (gzip, everything the page loads), English interface strings and axe
(no serious or critical violation).

Needs ``/usr/bin/chromium`` (Debian package ``chromium``; ``fonts-noto-core`` for
Devanagari). Without it the tests are skipped locally and fail in CI (env ``CI``).
To run them against an already-built book instead of building one, set
``BOOK_HTML=/path/to/_build/html``.
"""

from __future__ import annotations

import gzip
import os
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from conftest import toc_files

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]
PHONE = {"width": 412, "height": 915}
DESKTOP = {"width": 1366, "height": 900}
# the interface and axe run twice per page: phone in the light theme, desktop in the
# dark theme (pydata-sphinx-theme follows the system's colour scheme)
DESKTOP_DARK = {**DESKTOP, "color_scheme": "dark"}

# page-weight budget, gzip bytes, everything the page loads (first visit)
BUDGET_TEXT_PAGE = 150 * 1024
BUDGET_MODEL_PAGE = 600 * 1024
# the search page is neither: it is the one page that loads the whole book's
# index (searchindex.js, about 30 KB gzip and growing with the book)
BUDGET_SEARCH_PAGE = 200 * 1024

PAGES = [f"{name}.html" for name in toc_files()] + ["search.html", "genindex.html"]

# Latin-script words allowed in the interface (names, file types, key labels)
ALLOWED_LATIN = {"pdf", "md", "ipynb", "binder", "jupyterlab", "ctrl", "k", "png", "svg", "json"}
# Interface strings the themes would otherwise show in English (the list checked
# explicitly on every page, in addition to the generic "no Latin word" check).
ENGLISH_UI_STRINGS = [
    "Search", "Contents", "On this page", "Print to PDF", "Fullscreen mode", "Download",
    "Launch", "previous page", "next page", "previous", "next", "By the", "By ",
    "Color mode", "Light", "Dark", "System Settings", "Skip to main content", "Back to top",
    "Show code cell", "Hide code cell", "Toggle", "Click to", "Copy", "Site navigation",
    "Section Navigation", "Home", "Index", "Zoom", "Pan", "Reset axes", "Autoscale",
    "Download plot", "Permalink", "Link to this",
]

# Hindi search words and the chapter each must find; an English term too
SEARCH_EXPECTATIONS = {
    "मांसपेशी": "book/ch01_weakness",
    "कैल्शियम": "book/ch07_calcium_leak",
    "क्रिएटिन": "book/ch08_energy",
    "थकान": "book/ch03_central_peripheral",
    "calcium": "book/ch07_calcium_leak",
}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def book_html(request) -> Path:
    override = os.environ.get("BOOK_HTML")
    if override:
        return Path(override)
    return request.getfixturevalue("built_html")


@pytest.fixture(scope="session")
def server(book_html):
    """The built book on http://127.0.0.1:<free port>/, stopped at the end."""
    handler = partial(_QuietHandler, directory=str(book_html))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output readable
        pass


@pytest.fixture(scope="module")  # Playwright's sync API allows one instance at a time:
def browser():                   # tests/test_jupyterlab.py starts its own after this module
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-core)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """One page opened in a fresh context: what it loaded, logged and shows."""

    def __init__(self, browser, url: str, viewport: dict):
        self.context = browser.new_context(
            viewport={"width": viewport["width"], "height": viewport["height"]},
            has_touch=viewport["width"] < 600,
            locale="hi-IN",
            color_scheme=viewport.get("color_scheme", "light"),
        )
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.console_errors: list[str] = []
        self.bodies: dict[str, bytes] = {}
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(f"page error: {exc}"))
        self.page.on("response", self._response)
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        # _static/figures.js re-stacks legends and sliders with Plotly.relayout
        self.page.wait_for_function(
            "() => Array.from(document.querySelectorAll('div.plotly-graph-div'))"
            ".every(g => g.dataset.bookRestacking !== '1')"
        )

    def _route(self, route):
        url = route.request.url
        self.requests.append(url)
        host = urlparse(url).hostname
        if url.startswith("data:") or host == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _console(self, msg):
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def _response(self, response):
        if urlparse(response.url).hostname == "127.0.0.1":
            try:
                self.bodies[response.url] = response.body()
            except Exception:  # redirects have no body
                pass

    def gzip_bytes(self) -> int:
        return sum(len(gzip.compress(body, compresslevel=6)) for body in self.bodies.values())

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, server):
    opened: list[Visit] = []

    def _open(path: str, viewport: dict = PHONE) -> Visit:
        v = Visit(browser, server + path, viewport)
        opened.append(v)
        return v

    yield _open
    for v in opened:
        v.close()


# --------------------------------------------------------------------------- helpers

FIGURES_JS = """() => Array.from(document.querySelectorAll('div.plotly-graph-div')).map(gd => ({
  id: gd.id,
  svg: gd.querySelectorAll('svg.main-svg').length,
  width: gd.getBoundingClientRect().width,
  right: gd.getBoundingClientRect().right,
  caption: (gd.closest('figure') && gd.closest('figure').querySelector('figcaption'))
           ? gd.closest('figure').querySelector('figcaption').innerText.trim() : '',
  sliders: gd.querySelectorAll('g.slider-container').length,
  overlaps: (() => {
    const figBox = gd.getBoundingClientRect();
    const box = sel => Array.from(gd.querySelectorAll(sel)).map(e => e.getBoundingClientRect())
                             .filter(r => r.width && r.height);
    const hit = (a, b) => a.some(r => b.some(s => !(r.right <= s.left + 1 || s.right <= r.left + 1
                                                   || r.bottom <= s.top + 1 || s.bottom <= r.top + 1)));
    const legend = box('g.legend'), slider = box('g.slider-container'), modebar = box('.modebar');
    const xtitles = box("g.infolayer > g[class^='g-x'][class$='title']"), title = box('g.g-gtitle');
    const out = [];
    if (hit(legend, slider)) out.push('legend/slider');
    if (hit(legend, xtitles)) out.push('legend/x-axis title');
    if (hit(title, modebar)) out.push('title/mode bar');
    if (slider.some(r => r.left < figBox.left - 1 || r.right > figBox.right + 1)) out.push('slider outside the figure');
    return out;
  })(),
  colours: (() => {
    const out = new Set();
    (gd._fullData || []).forEach(t => {
      for (const c of [t.line && t.line.color, t.marker && t.marker.color, t.fillcolor]) {
        if (typeof c === 'string') out.add(c);
      }
      for (const list of [t.marker && t.marker.colors, t.marker && t.marker.color]) {
        if (Array.isArray(list)) list.forEach(c => typeof c === 'string' && out.add(c));
      }
    });
    return Array.from(out);
  })(),
  minFontPx: Math.min(...Array.from(gd.querySelectorAll('svg text'))
                      .filter(t => t.textContent.trim())
                      .map(t => parseFloat(getComputedStyle(t).fontSize) || 99), 99),
}))"""

VISIBLE_DATA_JS = """(id) => {
  const gd = document.getElementById(id);
  return JSON.stringify(gd._fullData.filter(t => t.visible === true)
     .map(t => [t.name, Array.from(t.y || t.values || []).slice(0, 400)]));
}"""

UI_TEXT_JS = """() => {
  const out = [];
  const article = document.querySelector('article.bd-article');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || el.closest('script, style, noscript, svg.main-svg, math')) continue;
    if (article && article.contains(node)) continue;   // the book's own text may name English terms
    // links to the book's own sections carry their (Hindi) titles, which may contain
    // abbreviations such as MRC or W′: content, not interface
    if (el.closest('a.reference.internal, a.nav-link, .prev-next-title, .bd-toc-item, .toctree-wrapper')) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [data-title], [data-bs-title]')) {
    if (el.closest('.bd-article .bibtex, .citation, cite, span.cite')) continue;
    if (el.tagName === 'A' && el.closest('article.bd-article') && el.classList.contains('reference')
        && !el.classList.contains('headerlink')) continue;   // link titles name the target (papers, authors)
    for (const attr of ['aria-label', 'title', 'placeholder', 'alt', 'data-title', 'data-bs-title']) {
      const value = el.getAttribute(attr);
      if (value && value.trim()) out.push(value.trim());
    }
  }
  return out;
}"""


def _rgb(colour: str) -> tuple[int, int, int] | None:
    colour = colour.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{6}", colour):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    m = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*[\d.]+\s*)?\)", colour)
    return tuple(int(v) for v in m.groups()) if m else None


def _colour_blind_safe(colour: str) -> bool:
    """An Okabe-Ito colour (muscle_models.figures.PALETTE, any opacity) or a grey."""
    from muscle_models.figures import PALETTE

    rgb = _rgb(colour)
    if rgb is None:
        return False
    return rgb[0] == rgb[1] == rgb[2] or rgb in {_rgb(c) for c in PALETTE}


def _latin_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in ALLOWED_LATIN]


def _is_model_page(v: Visit) -> bool:
    return v.page.locator("div.plotly-graph-div").count() > 0


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("path", PAGES)
def test_page_on_a_phone(visit, path):
    """Loads locally only, no console error, no sideways scroll, within budget, figures drawn."""
    v = visit(path)
    assert not v.blocked, f"{path} requested outside 127.0.0.1: {v.blocked}"
    assert not v.console_errors, f"{path}: console errors {v.console_errors}"

    overflow = v.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {PHONE['width']}px"

    weight = v.gzip_bytes()
    budget = BUDGET_MODEL_PAGE if _is_model_page(v) else BUDGET_TEXT_PAGE
    if path == "search.html":
        budget = BUDGET_SEARCH_PAGE
    assert weight <= budget, f"{path}: {weight / 1024:.0f} KB gzip > {budget / 1024:.0f} KB"

    for fig in v.page.evaluate(FIGURES_JS):
        assert fig["svg"] >= 1, f"{path}: figure {fig['id']} was not drawn"
        assert fig["caption"], f"{path}: figure {fig['id']} has no caption (text alternative)"
        assert fig["right"] <= PHONE["width"] + 1, f"{path}: figure {fig['id']} is wider than the phone"
        assert not fig["overlaps"], f"{path}: figure {fig['id']} at {PHONE['width']}px: {fig['overlaps']} overlap"
        unsafe = [c for c in fig["colours"] if not _colour_blind_safe(c)]
        assert not unsafe, f"{path}: figure {fig['id']} uses colours outside the Okabe-Ito palette: {unsafe}"
        # 10.5 px is plotly's smallest: the in-between labels of a log axis (0.75 × 14 px)
        assert fig["minFontPx"] >= 10, f"{path}: figure {fig['id']} has {fig['minFontPx']}px text"


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP_DARK], ids=["phone-light", "desktop-dark"])
def test_interface_is_hindi_and_accessible(visit, path, viewport):
    from axe_playwright_python.sync_playwright import Axe

    v = visit(path, viewport)
    texts = v.page.evaluate(UI_TEXT_JS)
    english = sorted({t for t in texts if _latin_words(t)})
    assert not english, f"{path}: English interface strings {english}"
    for needle in ENGLISH_UI_STRINGS:  # the explicit list (already covered above)
        assert not any(needle in t for t in texts), f"{path}: {needle!r} in the interface"

    results = Axe().run(v.page)
    serious = [
        f"{item['id']} ({item['impact']}): {item['help']} -> "
        + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"]) for n in item["nodes"][:5])
        for item in results.response["violations"]
        if item.get("impact") in ("serious", "critical")
    ]
    theme = viewport.get("color_scheme", "light")
    assert not serious, f"{path} at {viewport['width']}px, {theme}:\n" + "\n".join(serious)


def test_every_slider_changes_the_plotted_data(visit):
    moved = 0
    for path in PAGES:
        v = visit(path)
        for fig in v.page.evaluate(FIGURES_JS):
            if not fig["sliders"]:
                continue
            gd = v.page.locator(f"#{fig['id']}")
            gd.scroll_into_view_if_needed()
            before = v.page.evaluate(VISIBLE_DATA_JS, fig["id"])
            active = v.page.evaluate(
                "(id) => document.getElementById(id).layout.sliders[0].active || 0", fig["id"]
            )
            rail = gd.locator("rect.slider-rail-touch-rect").first.bounding_box()
            assert rail and rail["height"] >= 40 and rail["width"] >= 0.6 * PHONE["width"] - 80, (
                f"{path}: slider of {fig['id']} too small for a thumb: {rail}"
            )
            # tap the far end (or the start, if the slider already sits at the end)
            n_steps = v.page.evaluate(
                "(id) => document.getElementById(id).layout.sliders[0].steps.length", fig["id"]
            )
            x = rail["x"] + (0.05 if active == n_steps - 1 else 0.97) * rail["width"]
            v.page.touchscreen.tap(x, rail["y"] + rail["height"] / 2)
            v.page.wait_for_timeout(400)
            after = v.page.evaluate(VISIBLE_DATA_JS, fig["id"])
            assert after != before, f"{path}: moving the slider of {fig['id']} changed nothing"
            moved += 1
        assert not v.console_errors, f"{path}: {v.console_errors}"
    assert moved >= 1, "no slider figure in the book"


def _search(visit, word: str) -> list[str]:
    v = visit(f"search.html?q={quote(word)}", DESKTOP)
    v.page.wait_for_function(
        """() => { const s = document.querySelector('#search-results .search-summary, #search-results p');
                   return s && s.innerText && !s.innerText.includes('जारी'); }""",
        timeout=20000,
    )
    hrefs = v.page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    assert not v.console_errors, v.console_errors
    return [h.split("#")[0].split("?")[0].removesuffix(".html") for h in hrefs]


@pytest.mark.parametrize("word", list(SEARCH_EXPECTATIONS))
def test_search_finds_the_chapter(visit, word):
    found = _search(visit, word)
    assert SEARCH_EXPECTATIONS[word] in found, f"search {word!r} found {found}"


def test_search_finds_plural_forms(visit):
    """The light stemmer: मांसपेशियों (oblique plural) finds the pages of मांसपेशी."""
    singular = set(_search(visit, "मांसपेशी"))
    plural = set(_search(visit, "मांसपेशियों"))
    assert singular and singular == plural


def test_every_icon_has_a_shape(book_html):
    """The theme's fontawesome.js is not loaded: each icon class used needs icons.css."""
    css = (book_html / "_static" / "icons.css").read_text(encoding="utf8")
    defined = set(re.findall(r"\.fa-([a-z0-9-]+) \{ --book-icon:", css))
    modifiers = {"solid", "regular", "brands", "lg", "sm", "xs", "fw", "2x", "3x"}
    used = set()
    for page in book_html.rglob("*.html"):
        for classes in re.findall(r'class="([^"]*\bfa-[^"]*)"', page.read_text(encoding="utf8")):
            used |= {c[3:] for c in classes.split() if c.startswith("fa-")} - modifiers
    missing = sorted(used - defined)
    assert not missing, f"icons without a shape in icons.css (book/_ext/tools/make_icons_css.py): {missing}"


def test_phone_menu_buttons_open_the_contents(visit):
    """The visible header buttons open the book's and the page's contents on a phone."""
    v = visit("book/ch01_weakness.html")
    for name, dialog in (("primary-toggle", "pst-primary-sidebar-modal"),
                         ("secondary-toggle", "pst-secondary-sidebar-modal")):
        v.page.locator(f"button.{name}:visible").first.tap()
        v.page.wait_for_function(f"() => document.getElementById('{dialog}').open", timeout=5000)
        links = v.page.locator(f"#{dialog} a:visible").count()
        assert links >= 3, f"{name}: the opened contents has {links} links"
        v.page.keyboard.press("Escape")
        v.page.wait_for_function(f"() => !document.getElementById('{dialog}').open", timeout=5000)
    assert not v.console_errors, v.console_errors
