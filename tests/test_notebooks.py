"""Every notebook of the TOC runs without error under nbval.

The chapters are MyST Markdown; nbval reads .ipynb. Inside the test run each
chapter is converted with jupytext into a copy of ``book/`` in a temporary folder
(so relative paths and ``import muscle_models`` work as in the book), and nbval
executes it. Nothing generated is written into the repository.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

from conftest import BOOK, ROOT, toc_files

NOTEBOOKS = [f for f in toc_files() if "{code-cell}" in (ROOT / f"{f}.md").read_text(encoding="utf8")]


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("nbval") / "book"
    shutil.copytree(BOOK, dest, ignore=shutil.ignore_patterns("_build", "__pycache__", "*.ipynb"))
    return dest


def test_the_toc_has_notebooks():
    assert "book/intro" in NOTEBOOKS


@pytest.mark.slow
@pytest.mark.parametrize("page", NOTEBOOKS)
def test_notebook_runs_under_nbval(page, mirror):
    source = ROOT / f"{page}.md"
    target = mirror / Path(page).relative_to("book").with_suffix(".ipynb")
    notebook = jupytext.read(source)
    jupytext.write(notebook, target, fmt="ipynb")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
         "--nbval-cell-timeout=300", "-p", "no:cacheprovider", "-q", str(target)],
        cwd=target.parent, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-4000:]
