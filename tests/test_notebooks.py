"""Every notebook of the TOC runs under nbval, and nbval compares its quoted numbers.

The chapters are MyST Markdown; nbval reads .ipynb. Inside the test run each
chapter is converted with jupytext into a copy of ``book/`` in a temporary folder
(so relative paths and ``import muscle_models`` work as in the book), the reference
output of its check cell (``# NBVAL_CHECK_OUTPUT``, the numbers its text quotes) is
put into that cell from ``tests/nbval_reference/<chapter>.txt``, and nbval executes
the notebook with ``--nbval-lax``: every cell must run, and the check cell's output
must equal the reference. Nothing generated is written into the repository.
To regenerate the references after a deliberate change: ``tests/update_nbval_reference.py``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest

from conftest import ROOT, toc_files
from update_nbval_reference import (
    MARKER,
    NO_CHECK_CELL,
    REFERENCE_DIR,
    CheckCellError,
    check_cell_index,
    inject_reference,
    mirror_book,
    reference_path,
    validate_reference,
)

NOTEBOOKS = [f for f in toc_files() if "{code-cell}" in (ROOT / f"{f}.md").read_text(encoding="utf8")]
CHECKED = [f for f in NOTEBOOKS if f not in NO_CHECK_CELL]

NBVAL = [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
         "--nbval-cell-timeout=300", "-p", "no:cacheprovider", "-p", "no:randomly", "-vv"]


def _nbval(ipynb: Path) -> subprocess.CompletedProcess:
    # -c /dev/null: the repository's pytest.ini (testpaths, addopts) is not for this run
    return subprocess.run([*NBVAL, "-c", "/dev/null", "--rootdir", str(ipynb.parent), str(ipynb)],
                          cwd=ipynb.parent, capture_output=True, text=True)


def _cell_outcome(result: subprocess.CompletedProcess, cell: int) -> str | None:
    """nbval's verdict (``-v``) on code cell number ``cell``."""
    found = re.search(rf"::Cell {cell} (PASSED|FAILED|SKIPPED|ERROR)", result.stdout)
    return found and found.group(1)


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Path:
    return mirror_book(tmp_path_factory.mktemp("nbval") / "book")


def test_the_toc_has_notebooks():
    assert "book/intro" in CHECKED


def test_pages_without_a_check_cell_are_real_pages_with_code():
    assert set(NO_CHECK_CELL) <= set(NOTEBOOKS)


@pytest.mark.parametrize("page", CHECKED)
def test_chapter_has_one_check_cell_and_a_reference(page):
    nb = jupytext.read(ROOT / f"{page}.md")
    check_cell_index(nb, page)  # raises CheckCellError naming the chapter
    path = reference_path(page)
    assert path.is_file(), f"{path} missing: run tests/update_nbval_reference.py {Path(page).name}"
    validate_reference(path.read_text(encoding="utf8"), str(path))


def test_every_reference_belongs_to_a_chapter():
    expected = {reference_path(p).name for p in CHECKED}
    stale = sorted(p.name for p in REFERENCE_DIR.glob("*.txt") if p.name not in expected)
    assert not stale, f"reference files without a chapter: {stale}"


# --- the mechanism itself, on a small notebook ---------------------------------

def _toy_notebook(check_source: str | None) -> nbformat.NotebookNode:
    cells = [nbformat.v4.new_markdown_cell("# toy"), nbformat.v4.new_code_cell("x = 2")]
    if check_source is not None:
        cells.append(nbformat.v4.new_code_cell(check_source))
    return nbformat.v4.new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )


CHECK = f'{MARKER}\nprint(f"x = {{x}} mM")\nprint("y = 0.50 s")'


def test_a_chapter_with_code_and_no_check_cell_fails():
    with pytest.raises(CheckCellError, match="exactly one code cell"):
        check_cell_index(_toy_notebook(None))
    two = _toy_notebook(CHECK)
    two.cells.append(nbformat.v4.new_code_cell(CHECK))
    with pytest.raises(CheckCellError, match="exactly one code cell"):
        check_cell_index(two)


def test_the_marker_must_be_the_first_line_and_the_cell_must_print():
    with pytest.raises(CheckCellError, match="first line"):
        check_cell_index(_toy_notebook(f"y = 1\n{MARKER}\nprint(y)"))
    with pytest.raises(CheckCellError, match="prints nothing"):
        check_cell_index(_toy_notebook(f"{MARKER}\ny = 1"))
    assert check_cell_index(_toy_notebook(CHECK)) == 2


@pytest.mark.parametrize("text, problem", [
    ("", "empty"),
    ("\n", "empty"),
    ("x = 2 mM", "newline"),
    ("x: 2 mM\n", "name = value unit"),
    ("x = about two mM\n", "name = value unit"),
    ("x = 2 mM\nx = 3 mM\n", "twice"),
])
def test_an_empty_or_malformed_reference_is_refused(text, problem):
    with pytest.raises(CheckCellError, match=problem):
        inject_reference(_toy_notebook(CHECK), text)


@pytest.mark.parametrize("reference, passes", [
    ("x = 2 mM\ny = 0.50 s\n", True),
    ("x = 3 mM\ny = 0.50 s\n", False),     # a quoted number changed
    ("x = 2 mM\n", False),                 # a line the reference does not know
    ("x = 2 mM\ny = 0.50 s\nz = 1 s\n", False),  # a line the chapter no longer prints
])
def test_nbval_compares_the_check_cell_with_the_reference(reference, passes, tmp_path):
    nb = _toy_notebook(CHECK)
    cell = inject_reference(nb, reference)
    path = tmp_path / "toy.ipynb"
    nbformat.write(nb, path)
    result = _nbval(path)
    assert _cell_outcome(result, cell) == ("PASSED" if passes else "FAILED"), result.stdout[-3000:]
    assert (result.returncode == 0) == passes, result.stdout[-3000:]


# --- the chapters ------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("page", NOTEBOOKS)
def test_notebook_runs_under_nbval_and_prints_the_reference_numbers(page, mirror):
    notebook = jupytext.read(ROOT / f"{page}.md")
    target = mirror / Path(page).relative_to("book").with_suffix(".ipynb")
    cell = None
    if page not in NO_CHECK_CELL:
        cell = inject_reference(notebook, reference_path(page).read_text(encoding="utf8"), page)
    jupytext.write(notebook, target, fmt="ipynb")
    result = _nbval(target)
    report = result.stdout[-8000:] + result.stderr[-4000:]
    assert result.returncode == 0, report
    if cell is not None:  # the check cell was collected and compared, not skipped
        assert _cell_outcome(result, cell) == "PASSED", report
