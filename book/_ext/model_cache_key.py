"""No stale outputs: the notebook cache depends on the model code and data.

``execute_notebooks: cache`` keys jupyter-cache on the cells' source only, and Sphinx
re-reads a page only when its own file changes. After an edit to
``book/muscle_models/`` (or ``book/data/``) a build would therefore serve the old
figures and numbers. This extension hashes every ``book/muscle_models/**/*.py`` and
``book/data/**`` file (path and content) at the start of each build and, when the
hash differs from the one the cache was made with:

* clears the jupyter-cache (so every notebook is executed again), and
* marks every page with code cells as outdated (so Sphinx re-reads it).

The hash is stored next to the cache (``<cache>/muscle_models.sha256``) and in the
Sphinx environment. ``tests/test_build.py`` checks that editing a model constant
changes the rebuilt page.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

STAMP = "muscle_models.sha256"
# What the notebooks' outputs depend on besides their own source, relative to the book folder.
DEPENDENCIES = (("muscle_models", "*.py"), ("data", "*"))


def model_digest(book_dir: Path) -> str:
    """sha256 over the relative path and bytes of every dependency file (sorted)."""
    digest = hashlib.sha256()
    for folder, pattern in DEPENDENCIES:
        base = book_dir / folder
        files = sorted(
            p for p in base.rglob(pattern)
            if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts
        )
        for path in files:
            digest.update(path.relative_to(book_dir).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _book_dir(app) -> Path:
    return Path(app.srcdir) / "book"


def _cache_path(app) -> Path:
    nb_config = getattr(app.env, "mystnb_config", None)
    path = getattr(nb_config, "execution_cache_path", None) or app.config.nb_execution_cache_path
    return Path(path or Path(app.outdir).parent / ".jupyter_cache")


def _on_builder_inited(app) -> None:
    digest = model_digest(_book_dir(app))
    app.env.muscle_models_changed = getattr(app.env, "muscle_models_digest", None) != digest
    app.env.muscle_models_digest = digest
    if getattr(app.config, "nb_execution_mode", None) != "cache":
        return
    cache = _cache_path(app)
    stamp = cache / STAMP
    old = stamp.read_text(encoding="utf8").strip() if stamp.is_file() else None
    if cache.exists() and old != digest:
        logger.info("model_cache_key: muscle_models or data changed, clearing the notebook cache %s", cache)
        shutil.rmtree(cache)
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest + "\n", encoding="utf8")


def _on_env_get_outdated(app, env, added, changed, removed) -> list[str]:
    if not getattr(env, "muscle_models_changed", False):
        return []
    outdated = []
    for docname in sorted(env.found_docs - set(added) - set(changed) - set(removed)):
        path = Path(env.doc2path(docname))
        if path.suffix == ".md" and "{code-cell}" in path.read_text(encoding="utf8"):
            outdated.append(docname)
    if outdated:
        logger.info("model_cache_key: re-reading %d pages with code", len(outdated))
    return outdated


def setup(app):
    # after myst-nb's builder-inited handler (priority 500), which sets the cache path
    app.connect("builder-inited", _on_builder_inited, priority=600)
    app.connect("env-get-outdated", _on_env_get_outdated)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
