"""The built book in a real browser (headless Debian Chromium driven by Playwright).

Every page of the TOC (plus the search page and the index) is opened at phone width
(412 px) and at desktop width from a local server on 127.0.0.1, and checked for:
figures drawn when scrolled to (an ``svg`` per plotly figure; nothing before: no
render-blocking script, plotly.js not loaded until a figure nears the viewport),
every slider changing the plotted data by touch and by keyboard, a text alternative
per figure, maths as MathML, Hindi search (transliterations, ranking), console
errors, requests leaving 127.0.0.1, horizontal scrolling, page weight (gzip,
everything the page loads), English interface strings, axe (no serious or critical
violation) and the whole book saved for offline reading.

Needs ``/usr/bin/chromium`` (Debian package ``chromium``; ``fonts-noto-core`` for
Devanagari). Without it the tests are skipped locally and fail in CI (env ``CI``).
To run them against an already-built book instead of building one, set
``BOOK_HTML=/path/to/_build/html``.
"""

from __future__ import annotations

import gzip
import json
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
        self.weight_errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(f"page error: {exc}"))
        self.page.on("response", self._response)
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        # _static/figures.js draws figures near the viewport and re-stacks legends and
        # sliders with Plotly.relayout: wait until those in view are settled
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
        if urlparse(response.url).hostname != "127.0.0.1":
            return
        if 300 <= response.status < 400:  # a redirect has no body; its target is counted
            return
        try:
            self.bodies[response.url] = response.body()
        except Exception as exc:  # noqa: BLE001 - recorded, and fails the weight check
            self.weight_errors.append(f"{response.url}: {exc}")

    def gzip_bytes(self) -> int:
        assert not self.weight_errors, f"bodies not read, weight unknown: {self.weight_errors}"
        return sum(len(gzip.compress(body, compresslevel=6)) for body in self.bodies.values())

    def draw_figures(self) -> None:
        """Scroll to every figure in turn (they are drawn when near the viewport)."""
        for gd in self.page.locator("div.plotly-graph-div").all():
            gd.scroll_into_view_if_needed()
            self.page.wait_for_function(
                "(gd) => gd.dataset.bookDrawn === '1' && gd.dataset.bookRestacking !== '1'",
                arg=gd.element_handle(), timeout=30000,
            )
        self.page.wait_for_load_state("networkidle")

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
    if (el.closest('article.bd-article figure, article.bd-article img')) continue;   // figure text names its quantities (ATP, pH)
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
    v.draw_figures()
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


# every figure with a slider: figures.py writes one keyboard input per plotly slider
SLIDER_FIGURES_JS = """() => Array.from(new Set(Array.from(document.querySelectorAll('input.mm-slider-input'))
  .map(i => i.dataset.figure)))"""


def _slider_pages(book_html: Path) -> list[str]:
    return [p for p in PAGES if (book_html / p).is_file()
            and "mm-slider-input" in (book_html / p).read_text(encoding="utf8")]


def _pages_with_sliders() -> list[str]:
    root = Path(os.environ.get("BOOK_HTML", Path(__file__).resolve().parents[1] / "_build" / "html"))
    found = _slider_pages(root) if root.is_dir() else []
    return found or ["book/ch08_energy.html"]


@pytest.mark.parametrize("path", _pages_with_sliders())
def test_every_slider_changes_the_plotted_data(visit, path):
    """Every figure with a slider (from its data, drawn or not): a tap on the rail
    changes the data it plots."""
    v = visit(path)
    slider_figures = v.page.evaluate(SLIDER_FIGURES_JS)
    assert slider_figures, f"{path}: no figure with a slider"
    for fig_id in slider_figures:
        gd = v.page.locator(f"#{fig_id}")
        gd.scroll_into_view_if_needed()
        v.page.wait_for_function("(id) => document.getElementById(id).dataset.bookDrawn === '1'", arg=fig_id)
        v.page.wait_for_function("(id) => document.getElementById(id).dataset.bookRestacking !== '1'", arg=fig_id)
        gd.scroll_into_view_if_needed()
        before = v.page.evaluate(VISIBLE_DATA_JS, fig_id)
        active = v.page.evaluate("(id) => document.getElementById(id).layout.sliders[0].active || 0", fig_id)
        rail = gd.locator("rect.slider-rail-touch-rect").first.bounding_box()
        assert rail and rail["height"] >= 40 and rail["width"] >= 0.6 * PHONE["width"] - 80, (
            f"{path}: slider of {fig_id} too small for a thumb: {rail}"
        )
        # tap the far end (or the start, if the slider already sits at the end)
        n_steps = v.page.evaluate("(id) => document.getElementById(id).layout.sliders[0].steps.length", fig_id)
        x = rail["x"] + (0.05 if active == n_steps - 1 else 0.97) * rail["width"]
        v.page.touchscreen.tap(x, rail["y"] + rail["height"] / 2)
        v.page.wait_for_function(
            "([id, before]) => document.getElementById(id).dataset.bookRestacking !== '1'", arg=[fig_id, before])
        v.page.wait_for_timeout(300)
        after = v.page.evaluate(VISIBLE_DATA_JS, fig_id)
        assert after != before, f"{path}: moving the slider of {fig_id} changed nothing"
        # the keyboard input follows the plotly slider
        moved_to = v.page.evaluate("(id) => document.getElementById(id).layout.sliders[0].active", fig_id)
        value = v.page.locator(f"#{fig_id}-slider-0").input_value()
        assert int(value) == moved_to, f"{path}: {fig_id}: keyboard slider at {value}, plotly slider at {moved_to}"
    assert not v.console_errors, f"{path}: {v.console_errors}"


KEYBOARD_STATE_JS = """(id) => {
  const gd = document.getElementById(id);
  const input = document.getElementById(id + '-slider-0');
  const slider = gd.layout.sliders[0];
  return {active: slider.active || 0, value: Number(input.value), text: input.getAttribute('aria-valuetext'),
          label: String(slider.steps[slider.active || 0].label), n: slider.steps.length,
          focused: document.activeElement === input};
}"""


@pytest.mark.parametrize("path", _pages_with_sliders())
def test_sliders_work_by_keyboard(visit, path):
    """Tab reaches every figure's slider (a native range input, announced with its
    step label); the arrow keys move it and the figure's data changes."""
    v = visit(path, DESKTOP)
    slider_figures = v.page.evaluate(SLIDER_FIGURES_JS)
    assert slider_figures
    # Tab from the top of the page reaches the first slider (nothing traps the focus)
    first = f"{slider_figures[0]}-slider-0"
    v.page.locator("body").focus()
    for _ in range(400):
        v.page.keyboard.press("Tab")
        if v.page.evaluate("(id) => document.activeElement && document.activeElement.id === id", first):
            break
    else:
        pytest.fail(f"{path}: Tab never reached the slider {first}")
    for fig_id in slider_figures:
        inputs = v.page.locator(f'input.mm-slider-input[data-figure="{fig_id}"]')
        v.page.locator(f"#{fig_id}").scroll_into_view_if_needed()
        v.page.wait_for_function("(id) => document.getElementById(id).dataset.bookDrawn === '1'", arg=fig_id,
                                 timeout=30000)
        n_sliders = v.page.evaluate("(id) => (document.getElementById(id).layout.sliders || []).length", fig_id)
        assert inputs.count() == n_sliders, f"{path}: {fig_id}: not one keyboard input per slider"
        role = v.page.evaluate("(id) => { const i = document.getElementById(id + '-slider-0');"
                               " return [i.type, i.tabIndex, i.disabled, i.getAttribute('aria-label')]; }", fig_id)
        assert role[0] == "range" and role[1] >= 0 and not role[2] and role[3], f"{path}: {fig_id}: {role}"
        v.page.locator(f"#{fig_id}-slider-0").focus()
        v.page.wait_for_function("(id) => document.getElementById(id).dataset.bookDrawn === '1'", arg=fig_id,
                                 timeout=30000)
        state = v.page.evaluate(KEYBOARD_STATE_JS, fig_id)
        assert state["focused"] and state["value"] == state["active"] and state["text"] == state["label"], state
        before = v.page.evaluate(VISIBLE_DATA_JS, fig_id)
        key = "ArrowLeft" if state["active"] == state["n"] - 1 else "ArrowRight"
        v.page.keyboard.press(key)
        v.page.wait_for_function(
            "([id, old]) => (document.getElementById(id).layout.sliders[0].active || 0) !== old",
            arg=[fig_id, state["active"]], timeout=10000)
        after_state = v.page.evaluate(KEYBOARD_STATE_JS, fig_id)
        assert after_state["value"] == after_state["active"] and after_state["text"] == after_state["label"], after_state
        assert v.page.evaluate(VISIBLE_DATA_JS, fig_id) != before, f"{path}: {key} on {fig_id} changed nothing"
    assert not v.console_errors, f"{path}: {v.console_errors}"


def test_every_figure_has_a_text_alternative(book_html):
    """Each figure points (aria-describedby) to a Hindi description of what it shows."""
    from bs4 import BeautifulSoup

    missing = []
    n_figures = 0
    for path in PAGES:
        page = book_html / path
        if not page.is_file():
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf8"), "html.parser")
        for gd in soup.select("div.plotly-graph-div"):
            n_figures += 1
            figure = gd.find_parent("figure")
            target = figure.get("aria-describedby") if figure else None
            desc = soup.find(id=target) if target else None
            text = desc.get_text(" ", strip=True) if desc else ""
            if len(text) < 20 or not re.search("[\u0900-\u097F]", text):
                missing.append(f"{path}#{gd.get('id')}")
    assert n_figures, "the book has no figure"
    assert not missing, f"figures without a Hindi text alternative (show(..., description=...)): {missing}"


def _head_scripts(html: str) -> list[str]:
    head = html[: html.find("</head>")]
    return re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head)


@pytest.mark.parametrize("path", PAGES)
def test_no_render_blocking_script(book_html, path):
    """Every script in <head> is deferred (or async); plotly.js is not in the page."""
    html = (book_html / path).read_text(encoding="utf8")
    blocking = [tag for tag in _head_scripts(html) if not re.search(r"\b(defer|async)\b|type=\"module\"", tag)]
    assert not blocking, f"{path}: render-blocking scripts {blocking}"
    assert not re.search(r'<script[^>]*src="[^"]*plotly[^"]*"', html), f"{path} loads plotly.js up front"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_hindi_description(book_html, path):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((book_html / path).read_text(encoding="utf8"), "html.parser")
    metas = soup.find_all("meta", attrs={"name": "description"})
    assert len(metas) == 1, f"{path}: {len(metas)} meta descriptions"
    content = metas[0].get("content", "")
    assert 40 <= len(content) <= 160 and re.search("[\u0900-\u097F]{3}", content), f"{path}: {content!r}"


FIGURE_STATE_JS = """() => Array.from(document.querySelectorAll('div.plotly-graph-div')).map(gd => ({
  id: gd.id, drawn: gd.querySelectorAll('svg.main-svg').length > 0,
  top: gd.getBoundingClientRect().top, height: gd.parentElement.getBoundingClientRect().height}))"""


def test_figure_below_the_fold_is_drawn_only_when_scrolled_to(visit):
    """Nothing of plotly at load (the first figure is below the fold); the box keeps its
    height; scrolled to, the figure is drawn and its slider works."""
    path = "book/ch08_energy.html"
    v = visit(path)
    figures = v.page.evaluate(FIGURE_STATE_JS)
    below = [f for f in figures if f["top"] > PHONE["height"] + 700]
    assert below, f"{path}: no figure far below the fold"
    assert not any("plotly" in url for url in v.requests), "plotly.js loaded before any figure was near"
    assert not any(f["drawn"] for f in below), "a figure far below the fold was drawn at load"
    target = next((f for f in below if v.page.evaluate(
        "(id) => !!document.getElementById(id + '-slider-0')", f["id"])), below[0])
    reserved = target["height"]
    assert reserved >= 300, f"no height reserved for {target['id']}: {reserved}"
    v.page.locator(f"#{target['id']}").scroll_into_view_if_needed()
    v.page.wait_for_function("(id) => document.getElementById(id).dataset.bookDrawn === '1'", arg=target["id"],
                             timeout=30000)
    assert any("plotly" in url for url in v.requests)
    state = {f["id"]: f for f in v.page.evaluate(FIGURE_STATE_JS)}
    assert state[target["id"]]["drawn"]
    if v.page.evaluate("(id) => !!document.getElementById(id + '-slider-0')", target["id"]):
        v.page.wait_for_function("(id) => document.getElementById(id).dataset.bookRestacking !== '1'",
                                 arg=target["id"])
        before = v.page.evaluate(VISIBLE_DATA_JS, target["id"])
        at_end = v.page.evaluate(KEYBOARD_STATE_JS, target["id"])
        v.page.locator(f"#{target['id']}-slider-0").focus()
        v.page.keyboard.press("Home" if at_end["active"] == at_end["n"] - 1 else "End")
        v.page.wait_for_timeout(500)
        assert v.page.evaluate(VISIBLE_DATA_JS, target["id"]) != before
    assert not v.console_errors, v.console_errors


def test_maths_is_rendered_as_mathml(visit, book_html):
    """The book's maths is MathML rendered by the browser (book/_ext/mathml.py): every
    <math> element has a size, and no MathJax is loaded or defined."""
    pages = [p for p in PAGES if "<math" in (book_html / p).read_text(encoding="utf8")]
    assert pages, "no page of the book has maths"
    for path in pages:
        v = visit(path, DESKTOP)
        state = v.page.evaluate("""() => ({
            n: document.querySelectorAll('math').length,
            shown: Array.from(document.querySelectorAll('math')).filter(m => m.checkVisibility()).length,
            // maths in a closed solution or hidden block has no box; every other has one
            empty: Array.from(document.querySelectorAll('math')).filter(m => m.checkVisibility()).filter(m => {
                const r = m.getBoundingClientRect(); return !(r.width > 0 && r.height > 0); }).length,
            mathjax: typeof window.MathJax !== 'undefined',
            namespace: Array.from(document.querySelectorAll('math'))
                .every(m => m.namespaceURI === 'http://www.w3.org/1998/Math/MathML')})""")
        assert state["n"] >= 1 and state["shown"] >= 1 and state["namespace"], f"{path}: {state}"
        assert state["empty"] == 0, f"{path}: {state['empty']} of {state['n']} formulas have no size"
        assert not state["mathjax"], f"{path} defines MathJax"
        assert not any("mathjax" in url.lower() for url in v.requests), f"{path} requests MathJax"


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


# query -> the page expected first: a page whose title or headings hold the word ranks
# above the glossary, which only defines it; Hindi spellings of abbreviations and terms
SEARCH_FIRST = {
    "मायस्थेनिया": "book/ch01_weakness",
    "कैल्पेन": "book/ch07_calcium_leak",
    "एटीपी": "book/ch08_energy",
    "पीसीआर": "book/ch08_energy",
    "calpain": "book/ch07_calcium_leak",
}
# Hindi spelling -> English: the same pages
SEARCH_SAME_PAGES = {"एटीपी": "ATP", "एडीपी": "ADP", "पीसीआर": "PCr", "कैल्पेन": "calpain"}


@pytest.mark.parametrize("word", list(SEARCH_FIRST))
def test_search_ranks_the_teaching_page_first(visit, word):
    found = _search(visit, word)
    assert found and found[0] == SEARCH_FIRST[word], f"search {word!r}: {found}"


@pytest.mark.parametrize("hindi", list(SEARCH_SAME_PAGES))
def test_hindi_spelling_finds_the_same_pages_as_the_english(visit, hindi):
    english = SEARCH_SAME_PAGES[hindi]
    pages_hi, pages_en = set(_search(visit, hindi)), set(_search(visit, english))
    assert pages_en, f"{english!r} finds nothing"
    assert pages_hi == pages_en, f"{hindi!r}: {sorted(pages_hi)}; {english!r}: {sorted(pages_en)}"


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


# --------------------------------------------------------------------------- offline


def _fresh_context(browser, viewport: dict = PHONE):
    return browser.new_context(
        viewport={"width": viewport["width"], "height": viewport["height"]},
        has_touch=viewport["width"] < 600, locale="hi-IN",
    )


def test_nothing_is_cached_until_the_reader_saves(browser, server):
    """Without pressing the button: no service worker, no cache storage; the button
    shows the book's size."""
    context = _fresh_context(browser)
    try:
        page = context.new_page()
        page.goto(server + "book/ch08_energy.html", wait_until="load")
        page.wait_for_load_state("networkidle")
        button = page.locator("button.book-offline-button")
        assert button.count() == 1
        text = button.inner_text()
        assert "पूरी पुस्तक ऑफलाइन सहेजें" in text
        size = re.search(r"लगभग ([\d.]+) मेगाबाइट", text)
        assert size and float(size.group(1)) > 1.0, text
        state = page.evaluate("""async () => ({
            registrations: (await navigator.serviceWorker.getRegistrations()).length,
            caches: (await caches.keys()).length})""")
        assert state == {"registrations": 0, "caches": 0}, state
        assert not context.service_workers
        # and so, offline, the book is not there (the control for the offline test)
        context.set_offline(True)
        with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
            page.goto(server + "book/ch07_calcium_leak.html", wait_until="load")
    finally:
        context.set_offline(False)
        context.close()


def test_the_whole_book_offline(browser, book_html):
    """Save with the button, go offline, open every page from the table of contents,
    move a slider, search a Hindi word.

    Offline twice over: the browser context is set offline and the book's own server
    (started for this test) is shut down, so nothing can come from the network
    (Chromium's offline emulation does not cover a service worker's own fetches).
    """
    handler = partial(_QuietHandler, directory=str(book_html))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    server = f"http://127.0.0.1:{httpd.server_address[1]}/"
    context = _fresh_context(browser)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        # saved from a page without figures: plotly.js and the figures' data can only
        # come from the saved copy later (not from the browser's ordinary cache)
        page.goto(server + "book/glossary.html", wait_until="load")
        assert not page.locator("div.plotly-graph-div").count()
        page.locator("button.book-offline-button").click()
        page.wait_for_function(
            "() => document.querySelector('button.book-offline-button').dataset.saved === '1'", timeout=120000)
        assert "हटाएँ" in page.locator("button.book-offline-button").inner_text()
        n_cached = page.evaluate("""async () => {
            const keys = await caches.keys();
            const cache = await caches.open(keys.find(k => k.startsWith('book-offline-')));
            return (await cache.keys()).length; }""")
        sw = (book_html / "sw.js").read_text(encoding="utf8")
        n_files = len(json.loads(re.search(r"const FILES = (\[.*?\]);", sw, re.S).group(1)))
        assert n_cached == n_files, f"{n_cached} of {n_files} files cached"
        files = set(json.loads(re.search(r"const FILES = (\[.*?\]);", sw, re.S).group(1)))
        needed = {f"{name}.html" for name in toc_files()} | {"search.html", "searchindex.js"}
        for html_page in book_html.glob("book/*.html"):
            needed |= {"_figures/" + m for m in re.findall(r'data-src="\.\./_figures/([^"]+)"',
                                                          html_page.read_text(encoding="utf8"))}
        assert any(f.startswith("_static/plotly-book-") for f in files), "plotly.js is not saved"
        assert needed <= files, f"not saved: {sorted(needed - files)}"

        context.set_offline(True)
        httpd.shutdown()
        httpd.server_close()
        page.reload(wait_until="load")  # from the cache now
        toc = page.eval_on_selector_all(
            "nav.bd-docs-nav a.reference.internal", "els => els.map(e => e.href.split('#')[0])")
        toc = list(dict.fromkeys(toc))
        assert len(toc) >= len(toc_files()) - 1, toc
        for url in toc:
            response = page.goto(url, wait_until="load")
            assert response is not None and response.ok, f"offline: {url} -> {response and response.status}"
            assert page.locator("h1").count() >= 1, f"offline: {url} has no title"
        # a slider, drawn and moved offline (plotly.js and the data from the cache)
        page.goto(server + "book/ch08_energy.html", wait_until="load")
        fig_id = page.locator("input.mm-slider-input").first.get_attribute("data-figure")
        page.locator(f"#{fig_id}").scroll_into_view_if_needed()
        page.wait_for_function("(id) => document.getElementById(id).dataset.bookDrawn === '1'", arg=fig_id,
                               timeout=30000)
        before = page.evaluate(VISIBLE_DATA_JS, fig_id)
        page.locator(f"#{fig_id}-slider-0").focus()
        state = page.evaluate(KEYBOARD_STATE_JS, fig_id)
        page.keyboard.press("ArrowLeft" if state["active"] == state["n"] - 1 else "ArrowRight")
        page.wait_for_function("([id, old]) => (document.getElementById(id).layout.sliders[0].active || 0) !== old",
                               arg=[fig_id, state["active"]], timeout=10000)
        assert page.evaluate(VISIBLE_DATA_JS, fig_id) != before, "offline: the slider changed nothing"
        # search
        page.goto(server + "search.html?q=" + quote("कैल्शियम"), wait_until="load")
        page.wait_for_function(
            "() => document.querySelectorAll('#search-results ul.search li a').length > 0", timeout=20000)
        assert not errors, errors
    finally:
        context.set_offline(False)
        context.close()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
