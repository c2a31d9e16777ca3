"""One hook for the book's extensions that post-process every rendered HTML page.

Some strings and tags are hard-coded in the themes' templates, where no Sphinx event
reaches them. ``add_page_filter(app, f)`` runs ``f(html, context) -> html`` on every
page the HTML builder renders, after the templates; filters run in the order they
were added. The template renderer is wrapped once, however many extensions add a
filter.
"""

from __future__ import annotations

from collections.abc import Callable

PageFilter = Callable[[str, dict], str]


def add_page_filter(app, page_filter: PageFilter) -> None:
    filters = getattr(app, "_book_page_filters", None)
    if filters is None:
        filters = app._book_page_filters = []
        app.connect("builder-inited", _install)
    filters.append(page_filter)


def _install(app) -> None:
    if app.builder.format != "html" or not hasattr(app.builder, "templates"):
        return
    templates = app.builder.templates
    render = templates.render

    def render_filtered(template, context):
        html = render(template, context)
        for page_filter in app._book_page_filters:
            html = page_filter(html, context)
        return html

    templates.render = render_filtered
