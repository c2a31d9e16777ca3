"""The whole book offline, on the reader's request: a button and a service worker.

Every page gets a button "पूरी पुस्तक ऑफलाइन सहेजें" in its footer, with the size of
the whole book (``_static/book.js`` runs it). Nothing is cached until it is pressed:
then ``book.js`` registers ``sw.js`` (at the root of the built book), whose install
step stores every file of the book in a cache named after the build's version, and
which from then on answers the book's requests from that cache (the network only
for what it does not hold).

``sw.js`` is written after each build (:func:`write_service_worker`) with

* the precache list: every HTML page (not ``_sources``, not ``_static``'s templates)
  and every local file those pages load: scripts (plotly.js too, named by
  ``figures.js``'s ``data-plotly``), the figures' data (``data-src``), stylesheets, images, preloads, the search index,
  and the fonts and images the stylesheets pull in with ``url(...)``
  (:func:`precache_files`);
* a version, a hash of those files' contents: a new build gives a new ``sw.js``,
  the browser installs it and the old copy is deleted when it takes over.

The size on the button (:data:`SIZE_SPAN`) is written into every page at the same
time, so it shows before anything is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from page_filters import add_page_filter

SW_FILE = "sw.js"
BUTTON_TEXT = "पूरी पुस्तक ऑफलाइन सहेजें"
# replaced after the build with the real numbers (write_service_worker)
BYTES_ATTR = re.compile(r'data-offline-bytes="\d*"')
SIZE_SPAN = re.compile(r'<span class="book-offline-size">[^<]*</span>')

_FOOTER_ANCHOR = '<div class="bd-footer-content__inner container">'
_SKIP_DIRS = ("_sources/", "_static/", ".doctrees/", "_downloads/")


def size_text(n_bytes: int) -> str:
    """The size as the button shows it, in Hindi: ``(लगभग 8.4 मेगाबाइट)``."""
    return f"(लगभग {n_bytes / 1e6:.1f} मेगाबाइट)"


def button_html(sw_url: str, n_bytes: int = 0) -> str:
    return (
        '<div class="footer-item book-offline d-print-none">'
        f'<button type="button" class="btn book-offline-button" data-sw="{sw_url}" '
        f'data-offline-bytes="{n_bytes}">{BUTTON_TEXT} '
        f'<span class="book-offline-size">{size_text(n_bytes)}</span></button>'
        '<p class="book-offline-status" role="status" aria-live="polite"></p></div>'
    )


class AssetRefs(HTMLParser):
    """URLs of the files a page loads: scripts, images, stylesheets, plotly.js and figure data.

    Shared with ``tests/benchmark.py`` (page weight), so both count the same files.
    """

    LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "source", "iframe", "video", "audio") and a.get("src"):
            self.urls.append(a["src"])
            if tag == "script" and a.get("data-plotly"):  # loaded by figures.js later
                self.urls.append(posixpath.join(posixpath.dirname(a["src"].split("?")[0]), a["data-plotly"]))
        elif tag == "script" and a.get("data-src"):  # a figure's data (figures.js fetches it)
            self.urls.append(a["data-src"])
        elif tag == "link" and a.get("href") and set((a.get("rel") or "").lower().split()) & self.LOADING_RELS:
            self.urls.append(a["href"])


CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)|@import\s+['\"]([^'\"]+)['\"]")


def _local(root: Path, base: str, ref: str) -> Path | None:
    url = urljoin(base, ref)
    parsed = urlparse(url)
    if parsed.scheme not in ("", "file") or parsed.netloc:
        return None
    path = root / unquote(parsed.path).lstrip("/")
    return path if path.is_file() else None


def precache_files(root: Path) -> list[Path]:
    """Every page of the built book and every local file its pages load."""
    root = Path(root)
    pages = sorted(
        p for p in root.rglob("*.html")
        if not p.relative_to(root).as_posix().startswith(_SKIP_DIRS)
    )
    seen: dict[Path, None] = dict.fromkeys(pages)
    queue: list[tuple[str, str]] = []
    for page in pages:
        parser = AssetRefs()
        parser.feed(page.read_text(encoding="utf8"))
        base = "/" + page.relative_to(root).as_posix()
        queue += [(base, ref) for ref in parser.urls]
    while queue:
        base, ref = queue.pop()
        if ref.startswith("data:"):
            continue
        path = _local(root, base, ref)
        if path is None or path in seen:
            continue
        seen[path] = None
        if path.suffix == ".css":
            css = path.read_text(encoding="utf8", errors="replace")
            css_base = "/" + path.relative_to(root).as_posix()
            for m in CSS_URL.finditer(css):
                queue.append((css_base, m.group(1) or m.group(2)))
    return sorted(seen)


SW_TEMPLATE = """/* The book's service worker, written by book/_ext/book_offline.py after each build.
 * Installed only when the reader presses "%(button)s": it stores every file of the
 * book in the cache of this build's version and answers the book's requests from
 * it; a new build (a new sw.js) replaces the old copy. */
"use strict";
const VERSION = %(version)s;
const FILES = %(files)s;
const CACHE = "book-offline-" + VERSION;
const PREFIX = "book-offline-";

async function notify(message) {
  const clients = await self.clients.matchAll({ includeUncontrolled: true, type: "window" });
  clients.forEach((client) => client.postMessage(message));
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    let done = 0;
    for (let i = 0; i < FILES.length; i += 6) {
      await Promise.all(FILES.slice(i, i + 6).map(async (file) => {
        const url = new URL(file, self.registration.scope).href;
        const response = await fetch(url, { cache: "no-cache" });
        if (!response.ok) throw new Error(url + ": " + response.status);
        await cache.put(url, response);
        done += 1;
      }));
      notify({ type: "book-offline-progress", done, total: FILES.length });
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
    notify({ type: "book-offline-ready", version: VERSION });
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "book-offline-version" && event.source) {
    event.source.postMessage({ type: "book-offline-version", version: VERSION });
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(self.registration.scope)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    let url = request.url.split("#")[0];
    if (url.split("?")[0].endsWith("/")) url = url.split("?")[0] + "index.html";
    const hit = await cache.match(url, { ignoreSearch: true });
    return hit || fetch(request);
  })());
});
"""


def service_worker(root: Path, files: list[Path]) -> tuple[str, int, str]:
    """(the text of sw.js, the total size in bytes, the version) for ``files``."""
    digest = hashlib.sha256()
    total = 0
    names = []
    for path in files:
        name = path.relative_to(root).as_posix()
        data = path.read_bytes()
        digest.update(name.encode() + b"\0" + data)
        total += len(data)
        names.append(name)
    version = digest.hexdigest()[:16]
    text = SW_TEMPLATE % {
        "button": BUTTON_TEXT,
        "version": json.dumps(version),
        "files": json.dumps(names, ensure_ascii=False, indent=0),
    }
    return text, total, version


def write_service_worker(root: Path) -> tuple[int, str]:
    """Write ``sw.js`` and the book's size into every page; return (bytes, version)."""
    root = Path(root)
    total = -1
    for _ in range(3):  # writing the size changes the pages' sizes slightly: settle
        files = precache_files(root)
        text, new_total, version = service_worker(root, files)
        if new_total == total:
            break
        total = new_total
        for page in files:
            if page.suffix != ".html":
                continue
            html = page.read_text(encoding="utf8")
            new = BYTES_ATTR.sub(f'data-offline-bytes="{total}"', html)
            new = SIZE_SPAN.sub(f'<span class="book-offline-size">{size_text(total)}</span>', new)
            if new != html:
                page.write_text(new, encoding="utf8")
    (root / SW_FILE).write_text(text, encoding="utf8")
    return total, version


def _add_button(html: str, context: dict) -> str:
    sw_url = context.get("book_sw_url")
    if not sw_url or _FOOTER_ANCHOR not in html:
        return html
    return html.replace(_FOOTER_ANCHOR, _FOOTER_ANCHOR + button_html(sw_url), 1)


def _page_context(app, pagename, templatename, context, doctree):
    pathto = context.get("pathto")
    if callable(pathto):
        context["book_sw_url"] = pathto(SW_FILE, 1)


def _build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    write_service_worker(Path(app.outdir))


def setup(app):
    app.connect("html-page-context", _page_context)
    add_page_filter(app, _add_button)
    app.connect("build-finished", _build_finished, priority=900)  # after _static is final
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
