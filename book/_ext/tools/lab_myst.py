"""Citations and glued values that read well in JupyterLab, with the .md chapters unchanged.

jupyterlab-myst renders the chapters' MyST (terms, maths, exercises with folded
solutions), but it has no bibliography: ``{cite:p}`allen2008``` shows as an error
icon and the key (its ``addCiteChildrenTransform`` marks every citation an error),
and ``{glue:text}`` is a myst-nb role it does not know. The chapters stay the one
source of the book, so the change is made where JupyterLab reads and writes them:
a Jupyter contents manager (jupytext's, which opens the .md files as notebooks)
that, in Markdown cells only,

- on load replaces ``{cite:p}`k1,k2``` by ``[(Author et al., 2008; …)](#cite:p:k1,k2)``,
  ``{cite:t}`k``` by ``[Author et al. (2008)](#cite:t:k)``: the author–year
  text of sphinxcontrib-bibtex's ``author_year`` style, read from the
  ``references.bib`` next to the chapter (the full references are in the book's
  bibliography page, ``book/bibliography.md``);
- on load replaces ``{glue:text}`name:fmt``` by a short Hindi note pointing at the
  code cell that computes the value (``[(ऊपर की कोड-सेल का मान: `expr`)](#glue:text:name:fmt)``),
  since the value exists only once the cells have run;
- on load replaces ``{doc}`page``` (shown by jupyterlab-myst as the bare file name) by a
  link to ``page.md`` with that page's title, which opens it in JupyterLab;
- on save turns every such link back into the exact role it came from (the role and
  its argument are in the link target; the displayed text is regenerated on the next
  load), so saving in JupyterLab writes the chapter as it was, plus the teacher's edits.

``postBuild`` makes JupyterLab use it (``install_config``). Round trip on every
chapter: ``tests/test_jupyterlab.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from urllib.parse import quote, unquote

CITE_ROLE = re.compile(r"\{cite:(p|t)\}`([^`]+)`")
GLUE_ROLE = re.compile(r"\{glue:text\}`([^`]+)`")
DOC_ROLE = re.compile(r"\{doc\}`([^`]+)`")
# a {doc} link written by to_lab: [Title](target.md "doc:ARG") (the tooltip is not shown)
LAB_DOC_LINK = re.compile(r'\[(?:[^\[\]\\]|\\.)*\]\([^)\s]+\s+"doc:([^"\s]+)"\)')
# a link written by to_lab: [text](#cite:p:KEYS) or [text](#glue:text:NAME) (a tooltip is allowed)
LAB_LINK = re.compile(
    r"\[(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*\]"         # the displayed text (one level of [] allowed)
    r"\(#(cite:p|cite:t|glue:text):([^)\s]+)"      # the role and its url-quoted argument
    r'(?:\s+"[^"\n]*")?\)'                         # the optional tooltip
)
GLUE_CALL = re.compile(r"""glue\(\s*["']([^"']+)["']\s*,\s*([^,\n]+?)\s*(?:,|\))""")


def _latex_to_text(s: str) -> str:
    try:
        from pylatexenc.latex2text import LatexNodes2Text  # optional
        return LatexNodes2Text().latex_to_text(s)
    except ImportError:
        pass
    accents = {r"\aa": "å", r"\o": "ø", r'\"o': "ö", r'\"u': "ü", r'\"a': "ä", r"\'e": "é",
               r"\'a": "á", r"\`e": "è", r"\'i": "í", r"\'o": "ó", r"\ss": "ß"}
    for k, v in accents.items():
        s = s.replace("{" + k + "}", v).replace(k, v)
    return s.replace("{", "").replace("}", "").replace("--", "–")


class Bibliography:
    """Author–year labels and one-line references from a .bib file."""

    def __init__(self, path: Path):
        from pybtex.database import parse_file

        self.entries = parse_file(str(path)).entries

    def _names(self, key: str) -> tuple[list[str], str]:
        e = self.entries[key]
        persons = e.persons.get("author") or e.persons.get("editor") or []
        last = [_latex_to_text(" ".join(p.prelast_names + p.last_names)) for p in persons]
        if not last:  # an organisation or a web page
            last = [_latex_to_text(e.fields.get("organization") or e.fields.get("title", key))]
        return last, _latex_to_text(e.fields.get("year", "n.d."))

    def authors(self, key: str) -> str:
        last, _ = self._names(key)
        if len(last) == 1:
            return last[0]
        if len(last) == 2:
            return f"{last[0]} and {last[1]}"
        return f"{last[0]} et al."

    def year(self, key: str) -> str:
        return self._names(key)[1]

    def parenthetical(self, keys: list[str]) -> str:
        return "(" + "; ".join(f"{self.authors(k)}, {self.year(k)}" for k in keys) + ")"

    def textual(self, keys: list[str]) -> str:
        return "; ".join(f"{self.authors(k)} ({self.year(k)})" for k in keys)


def _escape_text(s: str) -> str:
    return s.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _keys(arg: str) -> list[str]:
    return [k.strip() for k in arg.split(",") if k.strip()]


def _title(page: Path) -> str:
    for line in page.read_text(encoding="utf8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return page.stem


def to_lab(markdown: str, bib: Bibliography | None, glue_exprs: dict[str, str] | None = None,
           folder: Path | None = None) -> str:
    """A Markdown cell's source as JupyterLab shows it (see the module docstring).

    With ``folder`` (the chapter's folder), ``{doc}`page``` also becomes a link to
    ``page.md`` titled with that page's heading (jupyterlab-myst shows the bare name).
    """
    glue_exprs = glue_exprs or {}

    def cite(m: re.Match) -> str:
        kind, arg = m.group(1), m.group(2)
        keys = _keys(arg)
        if bib is None or not keys or any(k not in bib.entries for k in keys):
            text = "(" + ", ".join(keys) + ")"  # unknown key: still no raw role
        else:
            text = bib.parenthetical(keys) if kind == "p" else bib.textual(keys)
        return f"[{_escape_text(text)}](#cite:{kind}:{quote(arg, safe=',')})"

    def glue(m: re.Match) -> str:
        arg = m.group(1)
        name = arg.split(":", 1)[0]
        expr = glue_exprs.get(name, name)
        return f"[(ऊपर की कोड-सेल में गणना किया गया मान: `{expr}`)](#glue:text:{quote(arg, safe='')})"

    def doc(m: re.Match) -> str:
        arg = m.group(1)
        explicit = re.fullmatch(r"(.+?)\s*<([^<>]+)>", arg)
        target = explicit.group(2) if explicit else arg
        text = explicit.group(1) if explicit else None
        if text is None:
            page = (folder / (target + ".md")) if folder else None
            text = _title(page) if page is not None and page.is_file() else target
        return f'[{_escape_text(text)}]({quote(target)}.md "doc:{quote(arg, safe="")}")'

    out = GLUE_ROLE.sub(glue, CITE_ROLE.sub(cite, markdown))
    return DOC_ROLE.sub(doc, out) if folder is not None else out


def from_lab(markdown: str) -> str:
    """The inverse of ``to_lab``: each generated link back to the role it came from."""

    def back(m: re.Match) -> str:
        role, arg = m.group(1), unquote(m.group(2))
        return "{" + role + "}`" + arg + "`"

    def back_doc(m: re.Match) -> str:
        return "{doc}`" + unquote(m.group(1)) + "`"

    return LAB_DOC_LINK.sub(back_doc, LAB_LINK.sub(back, markdown))


def glue_expressions(code_sources: list[str]) -> dict[str, str]:
    """``glue("name", expr, …)`` calls of the code cells: name → expr."""
    out: dict[str, str] = {}
    for src in code_sources:
        for name, expr in GLUE_CALL.findall(src):
            out[name] = expr
    return out


_BIB_CACHE: dict[str, tuple[float, Bibliography]] = {}


def bibliography_for(chapter: Path) -> Bibliography | None:
    """The references.bib in the chapter's folder or a parent folder (cached by mtime)."""
    for folder in [chapter.parent, *chapter.parents]:
        bib = folder / "references.bib"
        if bib.is_file():
            mtime = bib.stat().st_mtime
            cached = _BIB_CACHE.get(str(bib))
            if cached is None or cached[0] != mtime:
                try:
                    cached = (mtime, Bibliography(bib))
                except Exception:  # a broken .bib must not stop the notebook from opening
                    return None
                _BIB_CACHE[str(bib)] = cached
            return cached[1]
    return None


def notebook_to_lab(nb, chapter: Path) -> None:
    bib = bibliography_for(chapter)
    glue_exprs = glue_expressions([c.source for c in nb.cells if c.cell_type == "code"])
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = to_lab(cell.source, bib, glue_exprs, chapter.parent)


def notebook_from_lab(nb) -> None:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            src = cell.get("source", "")
            if isinstance(src, list):
                src = "".join(src)
            cell["source"] = from_lab(src)


try:
    from jupytext.async_contentsmanager import AsyncTextFileContentsManager
except ImportError:  # pragma: no cover - jupytext is in requirements.txt
    AsyncTextFileContentsManager = None

if AsyncTextFileContentsManager is not None:

    class BookContentsManager(AsyncTextFileContentsManager):
        """jupytext's contents manager, plus readable citations for MyST .md chapters."""

        def _is_chapter(self, path: str) -> bool:
            return path.endswith(".md")

        async def get(self, path, content=True, type=None, format=None, **kwargs):
            model = await super().get(path, content=content, type=type, format=format, **kwargs)
            if (content and model.get("type") == "notebook" and self._is_chapter(path)
                    and model.get("content") is not None):
                notebook_to_lab(model["content"], Path(self._get_os_path(path.strip("/"))))
            return model

        async def save(self, model, path=""):
            if model.get("type") == "notebook" and self._is_chapter(path) and model.get("content"):
                notebook_from_lab(model["content"])
            return await super().save(model, path)


CONFIG_MARK = "# muscle-book: readable citations in JupyterLab (postBuild)"
CONFIG_END = "# end muscle-book"


def install_config(config_dir: Path) -> Path:
    """Make the Jupyter server reading ``config_dir`` use ``BookContentsManager``.

    Copies this module to ``config_dir/book_lab/`` (so it does not depend on where the
    repository is: a hub's home folders may hide the image's copy) and adds, once, to
    ``config_dir/jupyter_server_config.py`` a block that imports it from there; if the
    copy is missing the server starts as before (citations then show as keys).
    Returns the config file.
    """
    config_dir.mkdir(parents=True, exist_ok=True)
    dest = config_dir / "book_lab"
    dest.mkdir(exist_ok=True)
    shutil.copyfile(Path(__file__).resolve(), dest / "lab_myst.py")
    cfg = config_dir / "jupyter_server_config.py"
    text = cfg.read_text(encoding="utf8") if cfg.exists() else ""
    block = (f"{CONFIG_MARK}\n"
             "import os as _os, sys as _sys\n"
             f"_book_lab = {str(dest)!r}\n"
             "if _os.path.exists(_os.path.join(_book_lab, 'lab_myst.py')):\n"
             "    _sys.path.insert(0, _book_lab)\n"
             "    c.ServerApp.contents_manager_class = 'lab_myst.BookContentsManager'\n"
             f"{CONFIG_END}\n")
    if CONFIG_MARK in text and CONFIG_END in text:  # replace our earlier block
        start = text.index(CONFIG_MARK)
        end = text.index(CONFIG_END, start) + len(CONFIG_END) + 1
        text = text[:start] + block + text[end:]
    else:
        text = (text + "\n" if text and not text.endswith("\n") else text) + block
    cfg.write_text(text, encoding="utf8")
    return cfg


if __name__ == "__main__":
    from jupyter_core.paths import jupyter_config_dir

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(os.environ.get("JUPYTER_CONFIG_DIR") or jupyter_config_dir())
    print(f"lab_myst: {install_config(target)}")
