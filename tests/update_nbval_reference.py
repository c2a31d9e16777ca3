"""The reference outputs nbval compares each chapter's check cell with.

Every chapter with code has one cell whose first line is ``# NBVAL_CHECK_OUTPUT``
(usually tagged ``remove-cell``, so the book hides it). It prints, one per line, the
key numbers the chapter's text quotes, as ``name = value unit``, rounded to the
precision the text states. A MyST ``.md`` chapter carries no outputs, so the
expected output lives here, in ``tests/nbval_reference/<chapter>.txt`` (committed
text). ``tests/test_notebooks.py`` converts each chapter to ``.ipynb`` with
jupytext, puts the reference text into the check cell's outputs and runs nbval
(``--nbval-lax`` compares exactly the cells marked ``# NBVAL_CHECK_OUTPUT``). A model
change that moves a quoted number therefore fails until the text and the reference
are updated together.

After a deliberate change (and after correcting the chapter's text), regenerate
the references by executing the chapters::

    .venv/bin/python tests/update_nbval_reference.py                 # every chapter
    .venv/bin/python tests/update_nbval_reference.py ch08_energy     # some chapters
    .venv/bin/python tests/update_nbval_reference.py --check         # compare only, write nothing

then read ``git diff tests/nbval_reference/`` before committing it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
REFERENCE_DIR = ROOT / "tests" / "nbval_reference"
MARKER = "# NBVAL_CHECK_OUTPUT"

# Pages with code that quote no model number in their text: generated appendices,
# whose tables and figures are made from the code and the registry at build time.
NO_CHECK_CELL = {
    "book/model_reference": "generated from the code (docstrings, signatures, parameter tables)",
    "book/validation": "generated from the validation registry; its text quotes no model number",
}

# One printed line: an English name, " = ", a number, optionally a unit.
LINE = re.compile(r"^[A-Za-z][A-Za-z0-9_]* = [-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?( \S.*)?$")


class CheckCellError(ValueError):
    """A chapter's check cell or reference is missing or malformed."""


def toc_pages() -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import toc_files  # noqa: PLC0415

    return toc_files()


def has_code(page: str) -> bool:
    return "{code-cell}" in (ROOT / f"{page}.md").read_text(encoding="utf8")


def reference_path(page: str) -> Path:
    return REFERENCE_DIR / f"{Path(page).name}.txt"


def check_cell_index(nb: nbformat.NotebookNode, name: str = "notebook") -> int:
    """Index (among all cells) of the one code cell whose first line is the marker."""
    found = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and cell.source.strip().splitlines()[:1] == [MARKER]
    ]
    stray = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and MARKER.lstrip("# ") in cell.source and i not in found
    ]
    if stray:
        raise CheckCellError(f"{name}: NBVAL_CHECK_OUTPUT must be the first line of its cell (cells {stray})")
    if len(found) != 1:
        raise CheckCellError(
            f"{name}: needs exactly one code cell whose first line is '{MARKER}' "
            f"(printing the numbers its text quotes), found {len(found)}"
        )
    cell = nb.cells[found[0]]
    if "print(" not in cell.source:
        raise CheckCellError(f"{name}: the check cell prints nothing")
    return found[0]


def validate_reference(text: str, name: str = "reference") -> None:
    """A reference is non-empty and every line is ``name = value unit``."""
    lines = text.splitlines()
    if not text.strip() or not lines:
        raise CheckCellError(f"{name}: the reference is empty (nothing would be compared)")
    if not text.endswith("\n"):
        raise CheckCellError(f"{name}: the reference must end with a newline (as print writes)")
    bad = [line for line in lines if not LINE.match(line)]
    if bad:
        raise CheckCellError(f"{name}: lines not of the form 'name = value unit': {bad}")
    names = [line.split(" = ", 1)[0] for line in lines]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise CheckCellError(f"{name}: names printed twice: {dupes}")


def read_notebook(page: str) -> nbformat.NotebookNode:
    return jupytext.read(ROOT / f"{page}.md")


def inject_reference(nb: nbformat.NotebookNode, text: str, name: str = "notebook") -> int:
    """Put ``text`` as the stored stdout of the check cell; return the cell's code-cell number
    (nbval's ``Cell N``)."""
    validate_reference(text, name)
    index = check_cell_index(nb, name)
    nb.cells[index].outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    nb.cells[index].execution_count = 1  # nbval refuses outputs of a cell never run
    return sum(1 for cell in nb.cells[:index] if cell.cell_type == "code")


def mirror_book(dest: Path) -> Path:
    """A copy of book/ (so relative paths and ``import muscle_models`` work as in the book)."""
    shutil.copytree(BOOK, dest, ignore=shutil.ignore_patterns("_build", "__pycache__", "*.ipynb"))
    return dest


def execute_check_output(page: str, book_copy: Path) -> str:
    """Run the chapter (in ``book_copy``) and return what its check cell printed."""
    from nbclient import NotebookClient  # noqa: PLC0415

    nb = read_notebook(page)
    index = check_cell_index(nb, page)
    workdir = book_copy / Path(page).relative_to("book").parent
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(workdir)}}).execute()
    outputs = nb.cells[index].outputs
    other = [o.output_type for o in outputs if not (o.output_type == "stream" and o.name == "stdout")]
    if other:
        raise CheckCellError(f"{page}: the check cell must only print (found {other})")
    text = "".join(o.text for o in outputs)
    validate_reference(text, page)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", help="chapter names (e.g. ch08_energy); default: all")
    parser.add_argument("--check", action="store_true", help="compare only, write nothing")
    args = parser.parse_args(argv)
    pages = [p for p in toc_pages() if has_code(p) and p not in NO_CHECK_CELL]
    if args.chapters:
        wanted = {Path(c).stem for c in args.chapters}
        unknown = wanted - {Path(p).name for p in pages}
        if unknown:
            parser.error(f"not a chapter with a check cell: {sorted(unknown)}")
        pages = [p for p in pages if Path(p).name in wanted]
    REFERENCE_DIR.mkdir(exist_ok=True)
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        book_copy = mirror_book(Path(tmp) / "book")
        for page in pages:
            text = execute_check_output(page, book_copy)
            path = reference_path(page)
            old = path.read_text(encoding="utf8") if path.is_file() else None
            if old == text:
                print(f"{path.relative_to(ROOT)}: unchanged")
                continue
            status = 1 if args.check else status
            print(f"{path.relative_to(ROOT)}: {'differs' if args.check else 'written'}")
            for line in sorted(set((old or "").splitlines()) ^ set(text.splitlines())):
                print(("  + " if line in text.splitlines() else "  - ") + line)
            if not args.check:
                path.write_text(text, encoding="utf8")
    return status


if __name__ == "__main__":
    sys.exit(main())
