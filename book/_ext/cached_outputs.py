"""Keep the outputs in the executed notebooks the book publishes.

myst-nb 1.4 writes ``_build/jupyter_execute/<page>.ipynb`` (which sphinx-book-theme
copies to ``_sources/`` for the download button, and which tests/test_build.py reads)
from the notebook it *parsed*. When the outputs come from jupyter-cache (a page
re-read without re-execution: any config change, ``--all``, a touched file), that
object has no outputs: the downloadable notebook is empty although the page shows
every figure. After each page is read, this extension puts the cached outputs back.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _restore_outputs(app, doctree) -> None:
    config = app.config
    if getattr(config, "nb_execution_mode", None) != "cache":
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{app.env.docname}.ipynb"
    if not executed.is_file():
        return
    notebook = nbformat.read(executed, as_version=4)
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    if not code_cells or any(c.get("outputs") for c in code_cells):
        return  # executed just now, or nothing to restore
    from jupyter_cache import get_cache

    cache_path = config.nb_execution_cache_path or str(Path(app.outdir).parent / ".jupyter_cache")
    try:
        _, merged = get_cache(cache_path).merge_match_into_notebook(notebook)
    except KeyError:  # not in the cache (a notebook that is never executed)
        return
    executed.write_text(nbformat.writes(merged), encoding="utf8")


def setup(app):
    app.connect("doctree-read", _restore_outputs)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
