"""The built book: every page, every figure, nothing from the network.

Needs the HTML: the ``built_html`` fixture runs ``jupyter-book build . -W -n``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, toc_files

PLOTLY_MIME = "application/vnd.plotly.v1+json"
EXTERNAL = re.compile(r"^(https?:)?//", re.I)
# <link rel=...> values that make the browser fetch something at page load
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "manifest",
                "prefetch", "preconnect", "dns-prefetch", "apple-touch-icon"}


def _pages(html_root: Path) -> list[Path]:
    return [html_root / f"{f}.html" for f in toc_files()]


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf8"), "html.parser")


def test_every_toc_entry_has_a_page(built_html):
    missing = [str(p) for p in _pages(built_html) if not p.is_file()]
    assert not missing, missing


def test_no_page_loads_anything_from_the_network(built_html):
    offenders = []
    for page in built_html.rglob("*.html"):
        soup = _soup(page)
        for tag in soup.find_all(["script", "img", "iframe", "source", "audio", "video"]):
            if EXTERNAL.match(tag.get("src", "")):
                offenders.append(f"{page.name}: <{tag.name} src={tag['src']}>")
        for tag in soup.find_all("link"):
            rels = {r.lower() for r in tag.get("rel", [])}
            if rels & LOADING_RELS and EXTERNAL.match(tag.get("href", "")):
                offenders.append(f"{page.name}: <link rel={sorted(rels)} href={tag['href']}>")
    for css in built_html.rglob("*.css"):
        text = css.read_text(encoding="utf8", errors="replace")
        for url in re.findall(r"(?:url\(|@import\s+)['\"]?((?:https?:)?//[^'\")\s]+)", text):
            offenders.append(f"{css.name}: {url}")
    assert not offenders, "\n".join(offenders)


def test_pages_are_hindi(built_html):
    for page in _pages(built_html):
        soup = _soup(page)
        assert soup.html.get("lang") == "hi", page
        title = soup.find("h1")
        assert title and re.search("[\u0900-\u097F]", title.get_text()), page


def _figures_in_notebook(ipynb: Path) -> int:
    nb = json.loads(ipynb.read_text(encoding="utf8"))
    return sum(
        1
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for out in cell.get("outputs", [])
        if PLOTLY_MIME in out.get("data", {})
    )


def test_every_figure_reaches_its_page_with_plotly_loaded_once(built_html):
    """myst-nb silently drops plotly's own mimetype; count what the page really has."""
    checked = 0
    for page, name in zip(_pages(built_html), toc_files()):
        ipynb = built_html / "_sources" / f"{name}.ipynb"
        expected = _figures_in_notebook(ipynb) if ipynb.is_file() else 0
        soup = _soup(page)
        divs = soup.select("div.plotly-graph-div")
        assert len(divs) == expected, f"{page.name}: {len(divs)} figures in page, {expected} in notebook"
        # plotly.js is loaded by _static/figures.js (named in its data-plotly) when a figure nears the screen
        plotly_scripts = [s for s in soup.find_all("script", src=True)
                          if "plotly" in s["src"] or "plotly" in s.get("data-plotly", "")]
        if expected:
            assert len(plotly_scripts) == 1, f"{page.name} loads plotly.js {len(plotly_scripts)} times"
            assert plotly_scripts[0]["src"].startswith("../_static/")
            assert all(d.find_parent("figure").figcaption.get_text(strip=True) for d in divs)
            checked += expected
        else:
            assert not plotly_scripts, f"{page.name} loads plotly.js without a figure"
    assert checked >= 1, "the book has no figure at all"


def _mathjax_offenders(soup: BeautifulSoup) -> list[str]:
    """MathJax in a page: any build's script (tex-chtml, tex-svg, startup…), its inline
    configuration, or TeX left in a maths element for a client-side renderer."""
    found = []
    for script in soup.find_all("script"):
        if "mathjax" in script.get("src", "").lower() or "MathJax" in script.get_text():
            found.append(script.get("src") or "inline MathJax configuration")
    for math in soup.select("span.math, div.math"):
        if re.search(r"\\[a-zA-Z]+|\$", math.get_text()) and not math.find("math"):
            found.append(f"TeX left unrendered: {math.get_text()[:40]}")
    return found


def test_mathjax_detection_catches_any_build():
    pages = [
        '<script defer src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js"></script>',
        '<script src="_static/MathJax/startup.js"></script>',
        "<script>window.MathJax = {tex: {}}</script>",
        '<span class="math notranslate nohighlight">\\(\\frac{a}{b}\\)</span>',
    ]
    for page in pages:
        assert _mathjax_offenders(BeautifulSoup(page, "html.parser")), page
    clean = '<section class="tex2jax_ignore mathjax_ignore"><span class="math"><math><mi>a</mi></math></span></section>'
    assert not _mathjax_offenders(BeautifulSoup(clean, "html.parser"))


def test_maths_is_mathml_and_no_mathjax_is_loaded(built_html):
    intro = _soup(built_html / "book" / "intro.html")
    assert intro.find("math", attrs={"display": "block"}) is not None
    offenders = [
        f"{page.relative_to(built_html)}: {what}"
        for page in built_html.rglob("*.html")
        for what in _mathjax_offenders(_soup(page))
    ]
    assert not offenders, "\n".join(offenders[:20])


def test_search_index_keeps_whole_hindi_words(built_html):
    raw = (built_html / "searchindex.js").read_text(encoding="utf8")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    terms = index["terms"]
    for word in ("कमजोरी", "थकान", "पेशी"):  # whole Devanagari words (मांसपेशी is folded to पेशी)
        assert word in terms, word
    # a Hindi spelling of an English term is indexed as the English word (glossary
    # transliterations, book/_ext/hindi_search.py): मोटर is found as motor
    assert "motor" in terms
    assert "सप" not in terms  # the fragment a broken splitter makes of मांसपेशी


def test_no_placeholder_chapters_remain(built_html):
    stubs = [p.name for p in _pages(built_html) if "यह अध्याय लिखा जा रहा है" in p.read_text(encoding="utf8")]
    assert not stubs, f"unwritten chapters: {stubs}"


# --- no stale outputs: the notebook cache follows the model code -----------------

def _build_small_book(repo: Path) -> tuple[list[str], str]:
    """Build ``repo`` (intro, glossary, bibliography); return the intro's figure data and the log.

    Without -W: links from the intro to pages left out of this small book only warn;
    a failing cell still fails the build (nb_execution_raise_on_error)."""
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jb), "build", str(repo), "--keep-going"],
        cwd=repo, capture_output=True, text=True,
        env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    return _figure_data(repo / "_build" / "html" / "book" / "intro.html"), result.stdout


def _figure_data(page: Path) -> list[str]:
    """The data of every figure of ``page``: inline, or the _figures/*.json file it points to."""
    soup = _soup(page)
    data = []
    for script in soup.select("script.mm-figure-data"):
        src = script.get("data-src")
        data.append((page.parent / src).read_text(encoding="utf8") if src else script.get_text())
    assert data and all(d.strip() for d in data), f"no figure data found in {page}"
    return data


@pytest.mark.slow
def test_editing_a_model_constant_changes_the_rebuilt_page(tmp_path):
    """book/_ext/model_cache_key.py: jupyter-cache keys on cell source only; an edit to
    muscle_models/ must still re-execute the notebooks (in a temporary copy)."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "book", repo / "book", ignore=shutil.ignore_patterns(
        "_build", "__pycache__", "*.ipynb", ".ipynb_checkpoints", "node_modules"))
    shutil.copy(ROOT / "_config.yml", repo / "_config.yml")
    (repo / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n"
        "  - file: book/glossary\n  - file: book/bibliography\n", encoding="utf8")
    before, _ = _build_small_book(repo)
    again, _ = _build_small_book(repo)
    assert again == before, "a rebuild without any change changed the figures: the comparison below would mean nothing"

    # Fuglevand's linear-summation limit T/ISI 0.4 -> 0.5 (a field default, or the older constant)
    twitch = repo / "book" / "muscle_models" / "twitch.py"
    source, edits = re.subn(r"(linear_limit: float = param\(\s*|\n_X_LINEAR = )0\.4\b", r"\g<1>0.5",
                            twitch.read_text(encoding="utf8"))
    assert edits == 1, "twitch.py changed shape: update the edit this test makes"
    twitch.write_text(source, encoding="utf8")
    after, log = _build_small_book(repo)
    assert "clearing the notebook cache" in log
    assert after != before, "the intro figure kept its old data after a model edit"


def test_model_digest_follows_model_code_and_data_only(tmp_path):
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from model_cache_key import model_digest

    book = tmp_path / "book"
    (book / "muscle_models" / "__pycache__").mkdir(parents=True)
    (book / "data" / "validation").mkdir(parents=True)
    model = book / "muscle_models" / "m.py"
    model.write_text("K = 1\n")
    (book / "data" / "validation" / "m.csv").write_text("id,value\n")
    first = model_digest(book)
    (book / "muscle_models" / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"x")
    (book / "ch01.md").write_text("# chapter\n")  # the page's own source is keyed by jupyter-cache
    assert model_digest(book) == first
    model.write_text("K = 2\n")
    second = model_digest(book)
    assert second != first
    (book / "data" / "validation" / "m.csv").write_text("id,value\nr,1\n")
    assert model_digest(book) not in (first, second)
