"""Page assets of the book: plotly.js once, only on pages with a figure; book.css.

Figures are emitted by ``muscle_models.show`` without plotly.js. This extension
adds the local bundle (``_static/plotly-basic-*.min.js``) to exactly the pages
whose body holds a plotly figure, in ``<head>`` and not deferred, because each
figure's inline script calls ``Plotly.newPlot`` as soon as it is parsed.
"""

from __future__ import annotations

PLOTLY_JS = "plotly-basic-4.1.1.min.js"
FIGURE_MARKER = 'class="plotly-graph-div'


def _page_assets(app, pagename, templatename, context, doctree):
    if FIGURE_MARKER in context.get("body", ""):
        app.add_js_file(PLOTLY_JS, priority=200)


def setup(app):
    app.add_css_file("book.css")
    app.connect("html-page-context", _page_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
