"""The printable book: the README's PDF command on the built book, and what it makes.

The command (README.md, between the ``pdf-command`` markers) rebuilds the book with
the PDF links on (``BOOK_PDF=1``) and runs ``book/_ext/tools/make_pdf.py``, which
prints every page of the TOC and the whole book in headless Debian Chromium. Checked
here: the whole book's bookmarks hold every ``_toc.yml`` entry under its part; fonts
are embedded, Noto Sans Devanagari among them; every chapter title is in the text
(poppler's ``pdftotext``, which round-trips Devanagari conjuncts: Chromium's text layer
has ToUnicode maps that poppler reads whole, while pypdf loses conjuncts such as
"क्ति", so pypdf is not used for text); every figure of a chapter is a vector drawing
on the page of its caption, with no raster image; the table of contents shows the
pages the bookmarks point to; solutions at the end of a chapter and absent from the
questions-only PDFs; sizes (whole book ≤ 25 MB); no page wider than A4; the download
links of every page lead to existing PDFs; without ``BOOK_PDF`` no link is made.

Needs ``/usr/bin/chromium``, ``fonts-noto-core`` and ``poppler-utils``; skipped without
them locally, failing in CI (env ``CI``). To test an existing build made with
``BOOK_PDF=1`` instead: ``BOOK_HTML=/path/to/_build/html pytest tests/test_pdf.py`` (add
``BOOK_PDF_REUSE=1`` to check the PDFs already in its ``pdf/`` without making them again).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BUILD_DIR, HTML, ROOT, toc_files

sys.path.insert(0, str(ROOT / "book" / "_ext"))
sys.path.insert(0, str(ROOT / "book" / "_ext" / "tools"))
import make_pdf  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.browser]

A4_PT = (595.28, 841.89)
BOOK_MAX_BYTES = 25 * 1024 * 1024
TOOLS = ("pdffonts", "pdftotext")


def readme_pdf_command() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf8")
    block = re.search(r"<!-- pdf-command -->\s*```\w*\n(.*?)```\s*<!-- /pdf-command -->", text, re.S)
    assert block, "README.md has no <!-- pdf-command --> block"
    return block.group(1).strip()


def _need(message: str):
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pdf_html(request) -> Path:
    """The built book with its PDFs (README's PDF command, or make_pdf.py on BOOK_HTML)."""
    if not Path(make_pdf.CHROMIUM).exists():
        _need(f"{make_pdf.CHROMIUM} is missing (apt-get install chromium fonts-noto-core)")
    for tool in TOOLS:
        if not shutil.which(tool):
            _need(f"{tool} is missing (apt-get install poppler-utils)")
    override = os.environ.get("BOOK_HTML")
    if override and os.environ.get("BOOK_PDF_REUSE") == "1" and (Path(override) / make_pdf.PDF_DIR / "book.pdf").is_file():
        return Path(override)  # check the PDFs already there
    if override:
        html = Path(override)
        cmd = [sys.executable, str(ROOT / "book" / "_ext" / "tools" / "make_pdf.py"), str(html)]
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    else:
        html = request.getfixturevalue("built_html")
        command = readme_pdf_command()
        if BUILD_DIR != ROOT:  # BOOK_BUILD_DIR: the same command on the build there
            moved = command.replace(" --keep-going && ", f" --keep-going --path-output {shlex.quote(str(BUILD_DIR))} && ")
            moved = re.sub(r" _build/html$", " " + shlex.quote(str(HTML)), moved)
            assert moved.count(str(BUILD_DIR)) == 2, f"cannot point the PDF command at {BUILD_DIR}: {command}"
            command = moved
        result = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True,
                                env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    if result.returncode != 0:
        pytest.fail("PDF command failed:\n" + result.stdout[-6000:] + result.stderr[-6000:])
    return html


@pytest.fixture(scope="session")
def pdf_dir(pdf_html) -> Path:
    return pdf_html / make_pdf.PDF_DIR


@pytest.fixture(scope="session")
def docs(pdf_html) -> list:
    docs = make_pdf.toc_docs(ROOT)
    for doc in docs:
        doc.path = pdf_html / f"{doc.docname}.html"
        soup = BeautifulSoup(doc.path.read_text(encoding="utf8"), "html.parser")
        doc.title = make_pdf._text(soup.select_one("article.bd-article h1"))
        doc.html = soup
    return docs


def _reader(path: Path):
    from pypdf import PdfReader

    return PdfReader(str(path))


def _outline(reader) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page) of every bookmark, in order."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, " ".join(str(item.title).split()), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


def _text(path: Path, first: int | None = None, last: int | None = None) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first), "-l", str(last or first)]
    out = subprocess.run(cmd + [str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def _squash(text: str) -> str:
    return " ".join(text.split())


def _bare(text: str) -> str:
    """Without any whitespace: pdftotext puts a space after some vowel signs (कै से for
    कैसे, from the glyph positions), but every character comes back, conjuncts too."""
    return re.sub(r"\s+", "", text)


def _lines(path: Path, first: int, last: int) -> str:
    """The text of pages first..last as whitespace-free lines joined by "|"."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(first), "-l", str(last), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return "|".join(_bare(line) for line in out.splitlines() if line.strip()) + "|"


# --------------------------------------------------------------------------- the whole book


def test_book_outline_has_every_toc_entry_under_its_part(pdf_dir, docs):
    outline = _outline(_reader(pdf_dir / "book.pdf"))
    titles = [t for _, t, _ in outline]
    assert len(docs) == len(toc_files())
    for doc in docs:
        assert _squash(doc.title) in titles, f"{doc.docname} ({doc.title}) is not a bookmark of book.pdf"
        depth = next(d for d, t, _ in outline if t == _squash(doc.title))
        assert depth == (1 if doc.part else 0), f"{doc.title}: bookmark at depth {depth}"
    for part in {d.part for d in docs if d.part}:
        assert (0, part) in {(d, t) for d, t, _ in outline}, f"part {part} has no top-level bookmark"
    # sections: a chapter's bookmarks hold its h2 headings
    chapter = next(d for d in docs if d.numbered)
    h2 = [make_pdf._text(h) for h in chapter.html.select("article.bd-article section > section > h2")]
    missing = [t for t in h2 if _squash(t) not in titles]
    assert h2 and not missing, f"sections of {chapter.docname} missing from the bookmarks: {missing}"
    pages = [p for _, _, p in outline]
    assert pages == sorted(pages), "bookmarks are not in page order"


def test_book_cover_and_table_of_contents(pdf_dir, docs):
    path = pdf_dir / "book.pdf"
    settings = make_pdf.book_settings(ROOT)
    cover = _bare(_text(path, 1))
    assert _bare(settings["title"]) in cover
    assert settings["url"] and settings["url"] in cover, "the cover must give the address of the online book"
    assert _bare(settings["license"]) in cover
    outline = _outline(_reader(path))
    toc_pages = [p for d, t, p in outline if t == make_pdf.TOC_TITLE]
    first_doc_page = min(p for d, t, p in outline if t == _squash(docs[0].title))
    toc_text = _lines(path, toc_pages[0] + 1, first_doc_page)
    for doc in docs:
        page = next(p for d, t, p in outline if t == _squash(doc.title)) + 1
        assert f"{_bare(doc.title)}|{page}|" in toc_text, f"table of contents does not give page {page} for {doc.title}"
        # and that page carries that number at its foot
        assert f"|{page}|" in "|" + _lines(path, page, page), f"page {page} does not show its number"


def test_no_heading_stranded_at_a_page_foot(pdf_dir):
    """No chapter or section starts in the last 100 pt of a page (22 mm margin + ~2 lines)."""
    reader = _reader(pdf_dir / "book.pdf")
    low = []
    for name, dest in reader.named_destinations.items():
        top = dest.get("/Top")
        if top is not None and float(top) < 100:
            low.append((str(name), reader.get_destination_page_number(dest) + 1, round(float(top))))
    assert not low, f"headings at a page foot (id, page, pt from the bottom): {low[:10]}"


def test_book_size_at_most_25_mb(pdf_dir):
    for name in ("book.pdf", "book-questions.pdf"):
        size = (pdf_dir / name).stat().st_size
        assert size <= BOOK_MAX_BYTES, f"{name}: {size / 1e6:.1f} MB"


def test_fonts_embedded_noto_sans_devanagari_among_them(pdf_dir):
    out = subprocess.run(["pdffonts", str(pdf_dir / "book.pdf")], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows
    # columns from the right: emb sub uni object-id generation
    not_embedded = [r[0] for r in rows if r[-5] != "yes"]
    assert not not_embedded, f"fonts not embedded: {not_embedded}"
    assert any("NotoSansDevanagari" in r[0] for r in rows), [r[0] for r in rows]


def test_internal_links_stay_inside_the_book(pdf_dir, pdf_html):
    reader = _reader(pdf_dir / "book.pdf")
    internal, external = 0, []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if annot.get("/Dest") is not None or (action and action.get("/S") == "/GoTo"):
                internal += 1
            elif action and action.get("/URI"):
                external.append(str(action["/URI"]))
    assert internal > 100, f"only {internal} internal links"
    local = [u for u in external if "127.0.0.1" in u or u.startswith("file:") or re.match(r"^[^:]+\.html", u)]
    assert not local, f"links into the print server or relative pages: {local[:5]}"
    url = make_pdf.book_settings(ROOT)["url"]
    to_pages = [u for u in external if url and u.startswith(url) and re.search(r"book/[^/]+\.html", u)]
    tocs = {f"{name}.html" for name in toc_files()}
    inside = [u for u in to_pages if u[len(url):].split("#")[0] in tocs]
    assert not inside, f"links to pages of the book that should point inside the PDF: {inside[:5]}"


def test_no_page_wider_than_a4(pdf_dir):
    for path in sorted(pdf_dir.glob("*.pdf")):
        for i, page in enumerate(_reader(path).pages):
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert width <= A4_PT[0] + 1 and height <= A4_PT[1] + 1, f"{path.name} p. {i + 1}: {width} x {height} pt"


# --------------------------------------------------------------------------- chapters


def test_every_toc_page_has_its_pdf(pdf_dir, docs):
    for doc in docs:
        assert (pdf_dir / f"{doc.slug}.pdf").is_file(), doc.docname
        questions = pdf_dir / f"{doc.slug}{make_pdf.QUESTIONS_SUFFIX}.pdf"
        assert questions.is_file() == bool(doc.html.select("article.bd-article div.solution")), questions.name


def test_devanagari_text_round_trips(pdf_dir, docs):
    """pdftotext gives back a title with conjuncts exactly (क्ष, क्ति, र्य ...)."""
    for doc in docs:
        path = pdf_dir / f"{doc.slug}.pdf"
        first = _bare(_text(path, 1))
        assert _bare(doc.title) in first, f"{path.name}: title {doc.title!r} not in the text of page 1"
        if len(_reader(path).pages) > 1:  # running header: the title on the next page too
            assert _bare(doc.title) in _bare(_text(path, 2)), f"{path.name}: no running header on page 2"
    conjuncts = [d.title for d in docs if re.search("[क-ह]्[क-ह]", d.title)]
    assert conjuncts, "no title with a conjunct to check the round trip with"


# "title":{..."text":"..."} in a figure's JSON (a font or other object may come first)
_TITLE_TEXT = re.compile(r'"title":\{(?:[^{}"]|"(?:[^"\\]|\\.)*"|\{[^{}]*\})*?"text":"((?:[^"\\]|\\.)*)"')
_FIRST_LABEL = re.compile(r'"labels":\["((?:[^"\\]|\\.)*)"')


def _figures(doc) -> list[tuple[str, list[str]]]:
    """Per figure of a page: the start of its caption (to find its page in the PDF) and
    texts plotly draws inside it (title and axis titles, or a sunburst's centre label)."""
    out = []
    for fig in doc.html.select("article.bd-article figure.mm-figure"):
        cap = fig.find("figcaption")
        source = ""
        for script in fig.find_all("script"):
            source += script.string or ""
            if script.get("data-src"):  # the figure's data in a file of its own
                data = (doc.path.parent / script["data-src"]).resolve()
                source += data.read_text(encoding="utf8") if data.is_file() else ""
        raw = _TITLE_TEXT.findall(source) or _FIRST_LABEL.findall(source)[:1]
        inner = []
        for item in raw:
            text = re.sub(r"<[^>]+>", " ", json.loads(f'"{item}"'))
            if _bare(text):
                inner.append(_bare(text)[:20])
        out.append((_bare(cap.get_text(" "))[:30] if cap else "", inner))
    return out


def _path_ops(page) -> int:
    contents = page.get_contents()
    data = contents.get_data() if contents is not None else b""
    # vector drawing: path construction (m l c re) and painting operators; Chromium
    # draws plotly's SVG with these, and puts forms (Do) around parts of it
    n = len(re.findall(rb"(?<![A-Za-z])(?:m|l|c|re|h)\s", data))
    resources = page.get("/Resources") or {}
    for xobj in (resources.get("/XObject") or {}).values():
        xobj = xobj.get_object()
        if xobj.get("/Subtype") == "/Form":
            n += len(re.findall(rb"(?<![A-Za-z])(?:m|l|c|re|h)\s", xobj.get_data()))
    return n


def _images(page) -> int:
    resources = page.get("/Resources") or {}
    count = 0
    for xobj in (resources.get("/XObject") or {}).values():
        xobj = xobj.get_object()
        if xobj.get("/Subtype") == "/Image":
            count += 1
        elif xobj.get("/Subtype") == "/Form":
            inner = (xobj.get("/Resources") or {}).get("/XObject") or {}
            count += sum(1 for x in inner.values() if x.get_object().get("/Subtype") == "/Image")
    return count


def test_every_figure_is_a_vector_drawing(pdf_dir, docs):
    """Each figure's page has no raster image, plotly's own text (title, axis titles) is
    text in the PDF (a picture of a plot would have none), and its lines are paths."""
    checked = 0
    for doc in docs:
        figures = _figures(doc)
        if not figures:
            continue
        path = pdf_dir / f"{doc.slug}.pdf"
        reader = _reader(path)
        texts = [_bare(_text(path, i + 1)) for i in range(len(reader.pages))]
        for caption, inner in figures:
            pages = [i for i, t in enumerate(texts) if caption in t]
            assert pages, f"{path.name}: caption {caption!r} not found"
            # the plot is on the caption's page, or the one before if the caption was pushed over
            near = [i for i in (pages[0], pages[0] - 1) if i >= 0]
            assert inner, f"{path.name}: figure {caption!r} has no title text in its data"
            assert any(all(t in texts[i] for t in inner) for i in near), (
                f"{path.name}: plotly's text {inner} of figure {caption!r} is not text in the PDF"
            )
            assert max(_path_ops(reader.pages[i]) for i in near) >= 300, f"{path.name}: {caption!r} draws few paths"
            assert all(_images(reader.pages[i]) == 0 for i in near), f"{path.name}: {caption!r} page holds a raster image"
            checked += 1
    assert checked >= 10, f"only {checked} figures checked"


def test_slider_figures_print_their_position(pdf_dir, docs):
    for doc in docs:
        notes = doc.html.select("article.bd-article p.mm-slider-note")
        if not notes:
            continue
        text = _bare(_text(pdf_dir / f"{doc.slug}.pdf"))
        for note in notes:
            assert _bare(note.get_text(" ")) in text, f"{doc.slug}: slider note missing from the PDF"


def test_solutions_at_the_chapter_end_and_not_in_the_questions_pdf(pdf_dir, docs):
    title = _bare(make_pdf.SOLUTIONS_TITLE)
    exercise = re.compile(r"अभ्यास\d+\.\d+")
    solution = re.compile(r"समाधानअभ्यास\d+\.\d+")  # a solution's title: "समाधान अभ्यास 8.1"
    with_solutions = [d for d in docs if d.html.select("article.bd-article div.solution")]
    assert with_solutions
    for doc in with_solutions:
        path = pdf_dir / f"{doc.slug}.pdf"
        pages = [_bare(_text(path, i + 1)) for i in range(len(_reader(path).pages))]
        where = [i for i, t in enumerate(pages) if title in t]
        assert where, f"{path.name}: no '{make_pdf.SOLUTIONS_TITLE}'"
        solved = len(doc.html.select("article.bd-article div.solution"))
        after = "".join(pages[where[0]:])
        assert len(solution.findall(after)) >= solved, f"{path.name}: not all {solved} solutions after the heading"
        before = solution.findall("".join(pages[:where[0]]))
        assert not before, f"{path.name}: solutions before '{make_pdf.SOLUTIONS_TITLE}': {before}"
        questions = _bare(_text(pdf_dir / f"{doc.slug}{make_pdf.QUESTIONS_SUFFIX}.pdf"))
        assert title not in questions and not solution.search(questions), doc.slug
        assert exercise.search(questions), f"{doc.slug}: questions PDF lost the exercises"
    book_questions = _bare(_text(pdf_dir / "book-questions.pdf"))
    assert title not in book_questions and not solution.search(book_questions)


# --------------------------------------------------------------------------- download links


def test_every_page_links_to_its_pdf_and_the_book(pdf_html):
    for name in toc_files():
        page = pdf_html / f"{name}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf8"), "html.parser")
        links = [a["href"] for a in soup.select("a[href]") if re.search(r"(^|/)pdf/[^/]+\.pdf$", a["href"])]
        stem = make_pdf.pdf_name(name)
        assert any(h.endswith(f"pdf/{stem}.pdf") for h in links), f"{name}: no link to its PDF"
        assert any(h.endswith("pdf/book.pdf") for h in links), f"{name}: no link to the whole book"
        for href in links:
            assert not re.match(r"^[a-z]+:|^/", href), f"{name}: {href} is not relative"
            assert (page.parent / href).resolve().is_file(), f"{name}: {href} leads nowhere"


def test_no_pdf_links_without_the_pdf_build():
    import pdf_links

    class App:
        class config:
            book_pdf_links = False

        srcdir = str(ROOT)

    def context():
        return {
            "header_buttons": [{"label": "download-buttons", "buttons": [{"label": "download-source-button"}]}],
            "pathto": lambda target, flag=0: "../" + target,
            "body": '<div class="solution dropdown admonition">',
        }

    name = toc_files()[1]
    ctx = context()
    pdf_links._add_pdf_links(App, name, "page.html", ctx, object())
    assert len(ctx["header_buttons"][0]["buttons"]) == 1, "links added although the PDFs are not built"
    App.config.book_pdf_links = True
    ctx = context()
    pdf_links._add_pdf_links(App, name, "page.html", ctx, object())
    urls = [b.get("url") for b in ctx["header_buttons"][0]["buttons"]]
    stem = make_pdf.pdf_name(name)
    assert f"../pdf/{stem}.pdf" in urls and f"../pdf/{stem}-questions.pdf" in urls and "../pdf/book.pdf" in urls
    assert all(re.search("[\u0900-\u097f]", b["text"]) for b in ctx["header_buttons"][0]["buttons"][:-1])
