"""Page assets of the book: only what a page uses, nothing from the network.

* Nothing blocks the first paint: every script in ``<head>`` is deferred, and
  ``documentation_options.js`` (which the theme's inline scripts extend at once) is
  written inline (:func:`defer_head_scripts`).
* plotly.js (``_static/plotly-book-*.min.js``: scatter, bar, pie, sunburst; built by
  ``book/_ext/tools/plotly/``) is not in the page: ``_static/figures.js`` (deferred, on
  exactly the pages whose body holds a figure) loads it when the first figure comes
  near the viewport (its ``data-plotly`` attribute names it), then draws each figure
  as it approaches, one per task; on a narrow screen it stacks x-axis title, legend
  and slider so that a legend wrapped into several rows covers neither.
* A figure's data is not in the page: each ``script.mm-figure-data`` is written to
  ``_figures/<figure id>.json`` and the page keeps only its address (``data-src``),
  fetched by ``figures.js`` when the figure nears the viewport
  (:func:`externalize_figure_data`): the page's first bytes are its text.
* ``<meta name="description">``: the page's opening paragraph (:func:`page_description`).
* Fewer stylesheet requests before the first paint: the theme's ``theme.css`` (only an
  ``@import`` of ``basic.css``) is replaced by ``basic.css`` itself, and each run of
  consecutive small stylesheets in ``_static/`` is joined into one file after the
  build (:func:`bundle_stylesheets`).
* ``book.css``, ``icons.css`` (the few theme icons as inline SVG masks) and ``book.js``
  (makes the visible sidebar buttons work on a phone) on every page;
  the theme stylesheet loses its embedded Font Awesome rules (:func:`trim_theme_css`).
* Dropped, because the book does not use them: the theme's ``fontawesome.js``
  (540 KB gzip; :data:`icons.css` replaces it), sphinx-thebe (no Thebe launch button,
  and it would fetch thebe from unpkg.com), sphinx-copybutton, and sphinx-design's
  files on pages without a sphinx-design component.
* ``searchtools.js``, ``language_data.js`` and ``searchindex.js`` are loaded by
  pydata-sphinx-theme on *every* page, although only the search page uses them
  (search-as-you-type is off): they are dropped from every other page.

Budget (tests/test_browser.py): ≤ 150 KB gzip for a text page, ≤ 600 KB for a
model chapter, counting every file the page loads (plotly.js included, once its
figures are drawn).
"""

from __future__ import annotations

import hashlib
import re
from html import escape as html_escape
from pathlib import Path

from page_filters import add_page_filter

PLOTLY_JS = "plotly-book-4.1.1.min.js"
FIGURES_JS = "figures.js"  # re-stacks legend and slider under a figure on a phone
SEARCH_PAGE_JS = "search_page.js"  # result summaries from the text, not the navigation
FIGURE_MARKER = 'class="plotly-graph-div'
SPHINX_DESIGN_MARKER = 'class="sd-'

# files added by extensions the book does not use (matched on the file name)
UNUSED_FILES = (
    "sphinx-thebe.js",
    "sphinx-thebe.css",
    "clipboard.min.js",
    "copybutton.js",
    "copybutton.css",
)
SPHINX_DESIGN_FILES = ("design-tabs.js", "sphinx-design.min.css")
# inline scripts of the same extensions (matched on their body)
UNUSED_INLINE = ("THEBE_JS_URL", "kernelName")

# <script>/<link> tags hard-coded in the themes' templates
_FONTAWESOME_TAG = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>')
_THEBE_CONFIG = re.compile(r'\s*<script type="text/x-thebe-config">.*?</script>', re.S)
_SEARCH_TAGS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>'
)


# pydata-sphinx-theme's stylesheet embeds Font Awesome's: ~1900 rules giving each icon
# class its glyph, and the icon fonts' @font-face. The book draws no icon with the
# font (icons.css), so they are cut from the copy in _static (-20 KB gzip per page).
THEME_CSS = "styles/pydata-sphinx-theme.css"
_FA_GLYPH_RULES = re.compile(r'(?:\.fa-[a-z0-9-]+:{1,2}(?:before|after),?)+\{content:"[^"]*"\}')
_FA_FONT_FACES = re.compile(r"@font-face\{[^}]*Font Awesome[^}]*\}")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")


def trim_theme_css(css: str) -> str:
    """The theme stylesheet without Font Awesome's glyph rules and font faces."""
    css = _FA_GLYPH_RULES.sub("", css)
    css = _FA_FONT_FACES.sub("", css)
    return _SOURCE_MAP.sub("", css)


def _trim_theme_css_file(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / "_static" / THEME_CSS
    if path.is_file():
        path.write_text(trim_theme_css(path.read_text(encoding="utf8")), encoding="utf8")
    path = Path(app.outdir) / "_static" / THEME_JS
    if path.is_file():
        text = path.read_text(encoding="utf8")
        fixed = batch_tab_stops(text)
        if fixed != text:
            path.write_text(fixed, encoding="utf8")
    bundle_stylesheets(Path(app.outdir))


# pydata-sphinx-theme.js gives every scrollable code block or output a tab stop, at
# load and again (debounced) whenever the article's DOM changes (each figure drawn):
# it reads one element's size and writes its tabIndex in turn, so every element
# forces a new layout of the page: a long task on a phone. The same check with
# every size read first and a tabIndex written only where it changes.
THEME_JS = "scripts/pydata-sphinx-theme.js"
_TAB_STOPS_LOOP = ".forEach(e=>{e.tabIndex=e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1})"
_TAB_STOPS_BATCHED = (
    ".forEach((e,i,all)=>{if(i)return;const v=Array.from(all,x=>x.scrollWidth>x.clientWidth||"
    "x.scrollHeight>x.clientHeight?0:-1);all.forEach((x,j)=>{if(x.tabIndex!==v[j])x.tabIndex=v[j]})})"
)


def batch_tab_stops(js: str) -> str:
    """pydata-sphinx-theme.js with its tab-stop loop reading all sizes before writing."""
    return js.replace(_TAB_STOPS_LOOP, _TAB_STOPS_BATCHED)


def _name(asset) -> str:
    return getattr(asset, "filename", str(asset)) or ""


def _keep(asset, body: str) -> bool:
    name = _name(asset).split("?")[0].rsplit("/", 1)[-1]
    if name in UNUSED_FILES:
        return False
    if name in SPHINX_DESIGN_FILES:
        return SPHINX_DESIGN_MARKER in body
    inline = getattr(asset, "attributes", {}).get("body", "")
    return not any(marker in inline for marker in UNUSED_INLINE)


def _static_version(name: str) -> str:
    path = Path(__file__).resolve().parent.parent / "_static" / name
    return hashlib.sha1(path.read_bytes()).hexdigest()[:8] if path.is_file() else "0"


DESCRIPTION_CHARS = 155  # what search engines show


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:—–-") + "…"


LEARNING_GOALS = "सीखने के उद्देश्य"  # a chapter's goals section: not its opening
_MIN_DESCRIPTION = 40  # characters: shorter paragraphs are lead-ins ("इस अध्याय के बाद आप")


def page_description(doctree) -> str:
    """The page's opening paragraph, shortened: the first paragraph of its top section
    or, if the page opens otherwise, its first prose paragraph of some length outside
    notes, figures and the learning goals."""
    from docutils import nodes

    if doctree is None:
        return ""
    for section in doctree.findall(nodes.section):
        for child in section.children:
            if isinstance(child, nodes.paragraph) and len(child.astext().strip()) >= _MIN_DESCRIPTION:
                return shorten(child.astext())
        break  # only the top section's own paragraphs open the page

    def skipped(node) -> bool:
        for parent in _ancestors(node):
            if isinstance(parent, (nodes.Admonition, nodes.figure, nodes.table, nodes.list_item)):
                return True
            if isinstance(parent, nodes.section) and parent.children and \
                    LEARNING_GOALS in parent.children[0].astext():
                return True
        return False

    for paragraph in doctree.findall(nodes.paragraph):
        text = paragraph.astext().strip()
        if len(text) >= _MIN_DESCRIPTION and not skipped(paragraph):
            return shorten(text)
    return ""


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _description(app, pagename, context, doctree) -> str:
    text = page_description(doctree)
    if text:
        return text
    # pages without text of their own (search, index): their title and the book's opening
    root = app.config.root_doc
    try:
        opening = page_description(app.env.get_doctree(root))
    except Exception:  # noqa: BLE001 - no root page (a partial build): the title alone
        opening = ""
    title = re.sub(r"<[^>]+>", "", context.get("title") or "") or {"search": "खोजें", "genindex": "अनुक्रमणिका"}.get(pagename, "")
    book = app.config.html_title or app.config.project
    return shorten(" — ".join(part for part in (title, book, opening) if part))


def _page_assets(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    if FIGURE_MARKER in body:
        app.add_js_file(
            FIGURES_JS, priority=201, loading_method="defer",
            **{"data-plotly": f"{PLOTLY_JS}?v={_static_version(PLOTLY_JS)}"},
        )
    description = _description(app, pagename, context, doctree)
    if description:
        meta = f'<meta name="description" content="{html_escape(description)}" />\n'
        context["metatags"] = context.get("metatags", "") + meta
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if isinstance(files, list):
            files[:] = [f for f in files if _keep(f, body)]
    context["book_is_search_page"] = pagename == "search"
    context["book_documentation_options"] = _documentation_options(app, context)
    if pagename == "search":
        app.add_js_file(SEARCH_PAGE_JS, loading_method="defer")


# markup fixes for accessibility checkers (axe): docutils' bibliography is a
# role="list" whose entries carry the deprecated role "doc-biblioentry", which
# is not a list item (axe: aria-required-children, critical); a table wrapper that
# scrolls sideways on a phone must be reachable by keyboard (scrollable-region-focusable)
# The theme's first inline script leaves data-theme="auto" (no such theme in its CSS)
# until its deferred script runs: a flash of the light colours on a dark phone, and
# colours in transition when a checker reads them. Resolve "auto" at once instead.
_RESOLVED_THEME = (
    'document.documentElement.dataset.theme = localStorage.getItem("theme") || '
    '(window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");'
)
MARKUP_FIXES: tuple[tuple[str, str], ...] = (
    ('document.documentElement.dataset.theme = localStorage.getItem("theme") || "auto";', _RESOLVED_THEME),
    ('role="doc-biblioentry"', 'role="listitem"'),
    ('<div class="mm-table-wrap">', '<div class="mm-table-wrap" tabindex="0" role="region" aria-label="तालिका">'),
)


def clean_page_html(html: str, search_page: bool) -> str:
    """Remove the template-hard-coded tags of files the page does not need; fix markup."""
    for old, new in MARKUP_FIXES:
        html = html.replace(old, new)
    if 'rel="icon"' not in html and "</head>" in html:
        # no favicon: without this the browser asks for /favicon.ico (a 404 in the console)
        html = html.replace("</head>", '<link rel="icon" href="data:,">\n</head>', 1)
    html = _FONTAWESOME_TAG.sub("", html)
    html = _THEBE_CONFIG.sub("", html)
    if not search_page:
        html = _SEARCH_TAGS.sub("", html)
    return html


_HEAD_SCRIPT = re.compile(r"<script\b([^>]*)\bsrc=\"([^\"]+)\"([^>]*)></script>")
_DOC_OPTIONS_TAG = re.compile(r'<script src="[^"]*_static/documentation_options\.js[^"]*"></script>')


def defer_head_scripts(html: str, documentation_options: str | None = None) -> str:
    """No script in ``<head>`` blocks rendering: ``defer`` on each, in the same order.

    Deferred scripts still run in document order, before ``DOMContentLoaded``. The
    theme's inline scripts extend ``DOCUMENTATION_OPTIONS`` at once, so that file is
    written inline (``documentation_options``: its rendered text) instead.
    """
    end = html.find("</head>")
    if end < 0:
        return html
    head, rest = html[:end], html[end:]
    if documentation_options is not None:
        head = _DOC_OPTIONS_TAG.sub(lambda m: f"<script>{documentation_options.strip()}</script>", head)

    def defer(match):
        before, src, after = match.groups()
        attrs = before + after
        if re.search(r"\b(defer|async)\b", attrs) or re.search(r'type="module"', attrs):
            return match.group(0)
        return f'<script{before}defer="defer" src="{src}"{after}></script>'

    return _HEAD_SCRIPT.sub(defer, head) + rest


_DOC_OPTIONS_TEMPLATE = None


def _documentation_options(app, context) -> str | None:
    global _DOC_OPTIONS_TEMPLATE
    if _DOC_OPTIONS_TEMPLATE is None:
        import sphinx

        path = Path(sphinx.__file__).parent / "themes" / "basic" / "static" / "documentation_options.js.jinja"
        _DOC_OPTIONS_TEMPLATE = path.read_text(encoding="utf8")
    return app.builder.templates.render_string(_DOC_OPTIONS_TEMPLATE, context)


FIGURE_DIR = "_figures"
_FIGURE_DATA = re.compile(
    r'<script type="application/json" class="mm-figure-data" data-figure="(fig-[0-9a-f]+)">(.*?)</script>', re.S
)


def externalize_figure_data(html: str, write, url_for) -> str:
    """Move each figure's inline JSON to a file: ``write(name, text)`` stores it,
    ``url_for(name)`` is its address from the page; the page keeps ``data-src``."""

    def move(match):
        fig_id, text = match.groups()
        name = f"{fig_id}.json"
        write(name, text)
        return (f'<script type="application/json" class="mm-figure-data" data-figure="{fig_id}" '
                f'data-src="{url_for(name)}"></script>')

    return _FIGURE_DATA.sub(move, html)


def _figure_files(app):
    folder = Path(app.outdir) / FIGURE_DIR

    def write(name: str, text: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf8") != text:
            path.write_text(text, encoding="utf8")

    def page_filter(html: str, context: dict) -> str:
        pathto = context.get("pathto")
        if "mm-figure-data" not in html or not callable(pathto):
            return html
        return externalize_figure_data(html, write, lambda name: pathto(f"{FIGURE_DIR}/{name}", 1))

    return page_filter


# pydata-sphinx-theme's theme.css holds only ``@import "../basic.css"``: a stylesheet
# found only after another has arrived (one more round trip before the first paint)
_THEME_CSS_LINK = re.compile(r'href="([^"]*_static/)styles/theme\.css[^"]*"')


def _light_page(html: str, context: dict) -> str:
    html = clean_page_html(html, bool(context.get("book_is_search_page")))
    html = _THEME_CSS_LINK.sub(r'href="\1basic.css"', html, count=1)
    return defer_head_scripts(html, context.get("book_documentation_options"))


# Small stylesheets next to each other in <head> (the extensions' and the book's,
# all in _static/) become one file: fewer requests before the first paint. Only
# consecutive links are joined, so the cascade keeps its order.
_STYLESHEET = re.compile(
    r'<link rel="stylesheet" type="text/css" href="((?:\.\./)*)_static/([A-Za-z0-9_.-]+\.css)(?:\?v=[0-9a-f]+)?" />'
)
BUNDLE_PREFIX = "book-bundle-"


def bundle_stylesheets(outdir: Path) -> int:
    """Join each run of consecutive ``_static/*.css`` links in every page; return the
    number of bundle files written."""
    outdir = Path(outdir)
    static = outdir / "_static"
    written = set()
    for page in outdir.rglob("*.html"):
        rel = page.relative_to(outdir).as_posix()
        if rel.startswith(("_static/", "_sources/")):
            continue
        html = page.read_text(encoding="utf8")
        end = html.find("</head>")
        if end < 0:
            continue
        head = html[:end]
        runs: list[list[re.Match]] = []
        for m in _STYLESHEET.finditer(head):
            if runs and head[runs[-1][-1].end():m.start()].strip() == "" and m.group(1) == runs[-1][-1].group(1):
                runs[-1].append(m)
            else:
                runs.append([m])
        new_head = head
        # a page left from an earlier build keeps its bundle
        written |= {m.group(2) for m in _STYLESHEET.finditer(head) if m.group(2).startswith(BUNDLE_PREFIX)}
        for run in reversed(runs):
            names = [m.group(2) for m in run if not m.group(2).startswith(BUNDLE_PREFIX)]
            if len(names) < 2 or len(names) != len(run) or not all((static / n).is_file() for n in names):
                continue
            text = "".join(f"/* {n} */\n" + (static / n).read_text(encoding="utf8") + "\n" for n in names)
            name = BUNDLE_PREFIX + hashlib.sha1(text.encode()).hexdigest()[:12] + ".css"
            if name not in written:
                (static / name).write_text(text, encoding="utf8")
                written.add(name)
            link = f'<link rel="stylesheet" type="text/css" href="{run[0].group(1)}_static/{name}" />'
            new_head = new_head[: run[0].start()] + link + new_head[run[-1].end():]
        if new_head != head:
            page.write_text(new_head + html[end:], encoding="utf8")
    for old in static.glob(BUNDLE_PREFIX + "*.css"):
        if old.name not in written:
            old.unlink()
    return len(written)


def extensions_digest() -> str:
    """Hash of the book's extensions, catalogues (``book/_ext``) and ``book/_static``."""
    here = Path(__file__).resolve().parent
    files = [p for p in here.rglob("*") if p.suffix in (".py", ".po")]
    files += [p for p in (here.parent / "_static").rglob("*") if p.is_file()]
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def setup(app):
    # Sphinx does not notice when a local extension changes, and an incremental
    # build with no changed page does not even copy _static; as a config value
    # (rebuild "env"), a change re-reads every page (execution stays cached), so the
    # search index, every page and _static follow the new code.
    app.add_config_value("book_extensions_digest", extensions_digest(), "env")
    app.add_css_file("book.css")
    app.add_css_file("icons.css")
    app.add_js_file("book.js", loading_method="defer")  # visible sidebar buttons work
    # after every extension's own html-page-context handler (default priority 500)
    app.connect("html-page-context", _page_assets, priority=900)
    add_page_filter(app, _light_page)
    add_page_filter(app, _figure_files(app))
    app.connect("build-finished", _trim_theme_css_file)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
