"""The teacher's workflow, as on Binder: chapters open as notebooks in JupyterLab, read well, and run.

Binder cannot be reached from CI, so the same environment runs here, started by the
local route's one command (``book/_ext/tools/start_lab.sh``, which applies ``postBuild``
into a private Jupyter config folder): the pinned requirements, jupyterlab-myst,
JupyterLab on 127.0.0.1 serving a copy of the repository (JupyterLab autosaves, and the
real chapters must not be rewritten by a test). Headless Chromium, driven by
Playwright, opens every chapter of ``_toc.yml`` by URL, runs all cells and checks:
no error, one plotly figure per ``show(`` call of the chapter, and no raw MyST in the
rendered Markdown (citations as author–year, terms, exercises and solutions rendered).
One chapter: a parameter of its first code cell is changed, the chapter re-run, and
a figure's data must change. Saving a chapter from JupyterLab writes the .md back
unchanged (``book/_ext/tools/lab_myst.py`` turns the readable citations back into roles).

``LAB_SCREENSHOTS=<folder>`` saves a screenshot of each chapter (top, and an exercise).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jupytext
import pytest
import yaml
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from conftest import ROOT, toc_files

sys.path.insert(0, str(ROOT / "book" / "_ext" / "tools"))
import lab_myst  # noqa: E402

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import classroom_links  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHAPTERS = [f + ".md" for f in toc_files() if re.match(r"book/ch\d\d_", f)]
SCREENSHOTS = os.environ.get("LAB_SCREENSHOTS")
# Run All of one chapter: about 1 minute alone, several when the machine is shared
RUN_TIMEOUT_MS = 600_000
# the chapter whose first code cell the parameter test edits: (old text, new text)
PARAM_CHAPTER = "book/ch07_calcium_leak.md"
PARAM_EDIT = ("leak_scale=1.0,", "leak_scale=4.0,")
# visible MyST syntax that means a role or directive was not rendered
RAW_MYST = re.compile(r"\{(cite|term|glue|doc|ref|numref|eq|exercise|solution|figure|admonition|note)[:}]"
                      r"|```|^:::|\n:::|:label:|:class:")



def _need_chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (see .ci/run)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _code_sources(chapter: str) -> list[str]:
    nb = jupytext.read(ROOT / chapter)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _n_figures(chapter: str) -> int:
    """The chapter's ``show(`` calls (each draws one figure)."""
    n = 0
    for src in _code_sources(chapter):
        for line in src.splitlines():
            s = line.strip()
            if re.search(r"(^|[^\w.])show\(", s) and not s.startswith(("def ", "#", "from ", "import ")):
                n += 1
    return n


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    _need_chromium()
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "repo"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(
        ".git", ".venv", "_build", "__pycache__", ".pytest_cache", ".hypothesis", "*.ipynb",
        "node_modules"))
    env = {
        **os.environ,
        "VENV": sys.prefix,
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "HOME": str(tmp / "home"),
    }
    (tmp / "home").mkdir()
    port = _free_port()
    # the local route's one command (README, book/teachers.md), as a teacher runs it
    server = subprocess.Popen(
        ["bash", str(root / "book" / "_ext" / "tools" / "start_lab.sh"),
         "--no-browser", "--allow-root",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         "--IdentityProvider.token=", "--ServerApp.password=",
         "--ServerApp.disable_check_xsrf=True",
         "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(180):
            try:
                urllib.request.urlopen(base + "/api/status", timeout=1)
                break
            except OSError:  # not listening yet
                if server.poll() is not None:
                    pytest.fail("start_lab.sh: JupyterLab exited at start")
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start")
        yield {"base": base, "root": root, "config": tmp / "config"}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--no-first-run"],
        )
        yield b
        b.close()


def _prompt_numbers(page) -> list[int | None]:
    prompts = page.eval_on_selector_all(".jp-CodeCell .jp-InputPrompt", "els => els.map(e => e.textContent)")
    out = []
    for p in prompts:
        m = re.search(r"\[(\d+)\]", p)
        out.append(int(m.group(1)) if m else None)
    return out


def _wait_all_executed(page, n_code: int, after: int = 0) -> None:
    """Every code cell has an execution count above ``after``; none is pending ([*]) or unrun."""
    page.wait_for_function(
        """([n, after]) => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length === n && prompts.every(p => {
                const m = /\\[(\\d+)\\]/.exec(p.textContent);
                return m && Number(m[1]) > after;
            });
        }""",
        arg=[n_code, after],
        timeout=RUN_TIMEOUT_MS,
    )


def _open(page, lab, chapter: str, workspace: str) -> None:
    # a workspace of its own, reset: JupyterLab would otherwise reopen the chapter
    # of the previous test in a hidden tab, and its cells would count here too
    page.goto(f"{lab['base']}/lab/workspaces/{workspace}/tree/{chapter}?reset", wait_until="domcontentloaded")
    # a notebook, not the text editor: cells appear
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
    assert page.locator(".jp-FileEditor:visible").count() == 0
    assert page.locator(".jp-NotebookPanel").count() == 1  # only this chapter is open
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    # the indicator can read "idle" before the kernel's websocket is connected; a
    # Run All sent in that gap is dropped (seen here: every prompt stayed "[ ]:")
    page.wait_for_selector(".jp-Toolbar-kernelStatus[data-status='idle'], "
                           ".jp-Toolbar-kernelName:has-text('Python 3')", timeout=90_000)
    page.wait_for_timeout(3000)


def _run_all(page, chapter: str, after: int = 0) -> int:
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    n_code = page.locator(".jp-CodeCell").count()
    assert n_code > 0
    try:
        _wait_all_executed(page, n_code, after)
    except Exception:
        page.screenshot(path=f"/tmp/lab-{Path(chapter).stem}.png", full_page=False)
        raise AssertionError(f"cells not all executed: prompts {_prompt_numbers(page)}")
    errors = page.locator("[data-mime-type='application/vnd.jupyter.error'], "
                          ".jp-OutputArea-output:has-text('Traceback')")
    assert errors.count() == 0, errors.first.inner_text()[:2000]
    return n_code


def _wait_figures_drawn(page, n: int) -> None:
    page.wait_for_function(
        """n => [...document.querySelectorAll('.jp-RenderedPlotly.js-plotly-plot')]
                  .filter(gd => gd.querySelector('.main-svg') && gd.data).length >= n""",
        arg=n, timeout=60_000)


def _figure_data(page) -> list[str]:
    """The data of every drawn plotly figure (one JSON string per figure)."""
    return page.eval_on_selector_all(
        ".jp-RenderedPlotly.js-plotly-plot",
        "els => els.map(gd => JSON.stringify((gd.data || []).map(t => [t.x, t.y])))")


def _rendered_markdown(page) -> list[str]:
    """The text of every rendered Markdown cell, folded solutions included (textContent)."""
    return page.eval_on_selector_all(
        ".jp-MarkdownCell .myst",
        "els => els.map(e => e.textContent)")


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_runs_in_jupyterlab_draws_every_figure_and_shows_no_raw_myst(lab, browser, chapter):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        _open(page, lab, chapter, Path(chapter).stem)
        nb = jupytext.read(ROOT / chapter)
        n_markdown = sum(c.cell_type == "markdown" for c in nb.cells)
        # every Markdown cell rendered by jupyterlab-myst (none left as an editor)
        page.wait_for_function(
            "n => document.querySelectorAll('.jp-MarkdownCell .myst').length === n",
            arg=n_markdown, timeout=60_000)
        texts = _rendered_markdown(page)
        raw = [(i, m.group(0), t[max(0, m.start() - 60):m.end() + 60])
               for i, t in enumerate(texts) for m in [RAW_MYST.search(t)] if m]
        assert not raw, f"raw MyST in the rendered Markdown of {chapter}: {raw[:5]}"
        # citations as author–year: one rendered link per role, none shown as an error key
        source = (ROOT / chapter).read_text(encoding="utf8")
        n_cite = len(lab_myst.CITE_ROLE.findall(source))
        n_cite_links = page.locator(".jp-MarkdownCell .myst a[href^='#cite:']").count()
        assert n_cite_links == n_cite, (n_cite_links, n_cite)
        if n_cite:
            joined = "\n".join(texts)
            assert re.search(r"\((?:[^()]*?(?:et al\.|and)?[^()]*?, (?:19|20)\d\d[a-z]?;? ?)+\)", joined), \
                "no author–year citation in the rendered text"
        # exercises rendered as exercises, their solutions folded
        n_ex = source.count("```{exercise}")
        if n_ex:
            closed = page.eval_on_selector_all(
                ".jp-MarkdownCell .myst details", "els => els.filter(d => !d.open).length")
            assert closed >= source.count("```{solution}"), "solutions not folded"

        _run_all(page, chapter)
        n_fig = _n_figures(chapter)
        page.wait_for_function(
            "n => document.querySelectorAll('.jp-OutputArea-output.jp-RenderedPlotly .main-svg').length >= n",
            arg=n_fig, timeout=60_000)
        assert page.locator(".jp-OutputArea-output.jp-RenderedPlotly").count() == n_fig
        if SCREENSHOTS:
            page.add_style_tag(content=".Toastify { display: none !important; }")  # the news toast
            out = Path(SCREENSHOTS)
            out.mkdir(parents=True, exist_ok=True)
            page.locator(".jp-MarkdownCell").first.scroll_into_view_if_needed()
            page.screenshot(path=str(out / f"{Path(chapter).stem}-top.png"))
            stem = Path(chapter).stem
            fig = page.locator(".jp-RenderedPlotly").first
            if fig.count():
                fig.scroll_into_view_if_needed()
                page.screenshot(path=str(out / f"{stem}-figure.png"))
            ex = page.locator(".jp-MarkdownCell .myst details").first
            if ex.count():
                ex.scroll_into_view_if_needed()
                page.screenshot(path=str(out / f"{stem}-exercise.png"))
            # a solution opened: the numeric self-check's, whose answer is a glued value
            glued = page.locator(".jp-MarkdownCell .myst details", has=page.locator("a[href^='#glue:']"))
            sol = glued.first if glued.count() else ex
            if sol.count():
                sol.locator("summary").first.click()
                sol.scroll_into_view_if_needed()
                page.screenshot(path=str(out / f"{stem}-solution.png"))
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.timeout(1800)  # the chapter runs twice
def test_changing_the_first_code_cell_and_rerunning_redraws_a_figure_with_new_data(lab, browser):
    chapter = PARAM_CHAPTER
    first = _code_sources(chapter)[0]
    old, new = PARAM_EDIT
    assert old in first, f"the parameter test expects {old!r} in the first code cell of {chapter}"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        _open(page, lab, chapter, "param-change")
        n_code = _run_all(page, chapter)
        n_fig = _n_figures(chapter)
        _wait_figures_drawn(page, n_fig)
        before = _figure_data(page)
        last = max(n for n in _prompt_numbers(page) if n is not None)

        # edit the first code cell as a teacher does: click into it, replace its text
        editor = page.locator(".jp-CodeCell").first.locator(".cm-content")
        editor.click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(first.replace(old, new))
        text = editor.inner_text()
        assert new in text and old not in text, text[:500]
        page.keyboard.press("Escape")

        _run_all(page, chapter, after=last)
        _wait_figures_drawn(page, n_fig)
        assert page.locator(".jp-RenderedPlotly.js-plotly-plot").count() == n_fig
        after = _figure_data(page)
        assert len(after) == len(before) == n_fig
        changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
        assert changed, "no figure's data changed after editing the first code cell"
    finally:
        page.close()


@pytest.mark.browser
def test_postbuild_configures_the_jupyterlab_the_local_route_starts(lab):
    """What start_lab.sh applied: .md opens as a notebook (jupytext), readable citations."""
    overrides = json.loads((lab["config"] / "labconfig" / "default_setting_overrides.json").read_text())
    viewers = json.dumps(overrides)
    assert "jupytext" in viewers.lower() and "markdown" in viewers
    cfg = (lab["config"] / "jupyter_server_config.py").read_text()
    assert "lab_myst.BookContentsManager" in cfg


@pytest.mark.browser
def test_contents_api_shows_author_year_and_saving_writes_the_chapter_back_unchanged(lab):
    """The .md stays the single source: a chapter loaded and saved through JupyterLab's
    contents API has every cell as it was (jupytext itself may add its version to the
    header), and what JupyterLab loads has no citation or glue role."""
    chapter = "book/ch07_calcium_leak.md"
    url = f"{lab['base']}/api/contents/{chapter}"
    original = jupytext.read(lab["root"] / chapter).cells
    with urllib.request.urlopen(url + "?type=notebook&content=1", timeout=60) as r:
        model = json.load(r)
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
               for c in model["content"]["cells"] if c["cell_type"] == "markdown"]
    joined = "\n".join(sources)
    assert "{cite:" not in joined and "{glue:" not in joined
    assert "(Bellinger et al., 2008)" in joined
    body = json.dumps({"type": "notebook", "format": "json", "content": model["content"]}).encode()
    req = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60):
        pass
    saved = jupytext.read(lab["root"] / chapter).cells
    assert [(c.cell_type, c.source, c.metadata) for c in saved] == \
        [(c.cell_type, c.source, c.metadata) for c in original]


@pytest.mark.parametrize("chapter", [f + ".md" for f in toc_files()])
def test_lab_citation_transform_round_trips_every_page(chapter):
    """to_lab then from_lab gives back every Markdown cell exactly (what saving relies on);
    no citation, glue or doc role is left for JupyterLab to show raw."""
    path = ROOT / chapter
    nb = jupytext.read(path)
    bib = lab_myst.bibliography_for(path)
    assert bib is not None
    glue = lab_myst.glue_expressions([c.source for c in nb.cells if c.cell_type == "code"])
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        shown = lab_myst.to_lab(cell.source, bib, glue, path.parent)
        assert not lab_myst.CITE_ROLE.search(shown) and not lab_myst.GLUE_ROLE.search(shown)
        assert not lab_myst.DOC_ROLE.search(shown)
        assert lab_myst.from_lab(shown) == cell.source


def test_lab_citation_text_is_author_year_of_the_bib_entry():
    bib = lab_myst.Bibliography(ROOT / "book" / "references.bib")
    shown = lab_myst.to_lab("x {cite:p}`allen2008, bellinger2008` y {cite:t}`fuglevand1993`.", bib)
    assert "[(Allen et al., 2008; Bellinger et al., 2008)](#cite:p:allen2008,%20bellinger2008)" in shown
    assert "[Fuglevand et al. (1993)](#cite:t:fuglevand1993)" in shown


def test_every_chapter_has_a_well_formed_nbgitpuller_link_to_a_file_that_exists():
    """nbgitpuller's documented parameters (repo, branch, urlpath), url-encoded, taken from
    _config.yml; urlpath opens the chapter in JupyterLab inside the pulled folder."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf8"))
    repo_url, branch = config["repository"]["url"], config["repository"]["branch"]
    folder = repo_url.rstrip("/").rsplit("/", 1)[-1]
    hub = "https://hub.example.org"
    links = classroom_links.chapter_links(ROOT, hub)
    assert [f for f, _, _ in links] == CHAPTERS  # every chapter of _toc.yml, in order
    for chapter, title, link in links:
        u = urlsplit(link)
        assert (u.scheme, u.netloc, u.path) == ("https", "hub.example.org", "/hub/user-redirect/git-pull")
        assert not u.fragment
        pairs = parse_qsl(u.query, strict_parsing=True)
        assert [k for k, _ in pairs] == ["repo", "branch", "urlpath"]
        params = dict(pairs)
        assert params["repo"] == repo_url and params["branch"] == branch
        # url-encoded: no raw ':', '/', '?' or space inside a value
        for raw in u.query.split("&"):
            assert not re.search(r"[:/?\s]", raw.split("=", 1)[1]), raw
        assert urlencode(pairs, quote_via=quote, safe="") == u.query
        prefix, _, rest = params["urlpath"].partition(f"lab/tree/{folder}/")
        assert prefix == "" and rest.endswith("?autodecode"), params["urlpath"]
        path = rest[: -len("?autodecode")]
        assert path == chapter and (ROOT / path).is_file()
        assert title and not title.startswith("#")


def test_nbgitpuller_links_follow_the_repository_in_config(tmp_path):
    """A fork changes repository.url/branch in _config.yml only: the links follow."""
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    cfg = tmp_path / "_config.yml"
    text = cfg.read_text(encoding="utf8")
    old = yaml.safe_load(text)["repository"]["url"]
    cfg.write_text(text.replace(old, "https://github.com/someone/my-fork").replace("branch: main", "branch: class-2026"),
                   encoding="utf8")
    shutil.copytree(ROOT / "book", tmp_path / "book", ignore=shutil.ignore_patterns("_*", "data", "muscle_models"))
    chapter, _, link = classroom_links.chapter_links(tmp_path, "https://hub.example.org")[0]
    params = dict(parse_qsl(urlsplit(link).query))
    assert params["repo"] == "https://github.com/someone/my-fork"
    assert params["branch"] == "class-2026"
    assert params["urlpath"] == f"lab/tree/my-fork/{chapter}?autodecode"


def test_teachers_page_lists_the_nbgitpuller_link_of_every_chapter(built_html):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((built_html / "book" / "teachers.html").read_text(encoding="utf8"), "html.parser")
    block = soup.select_one(".nbgitpuller-links")
    assert block is not None, "the {nbgitpuller-links} directive did not render"
    text = block.get_text()
    for _, _, link in classroom_links.chapter_links(ROOT):
        assert link in text


LAB_COMMAND = "bash book/_ext/tools/start_lab.sh"  # what the ``lab`` fixture runs


def test_readme_and_teachers_give_the_one_lab_command_the_tests_start():
    readme = (ROOT / "README.md").read_text(encoding="utf8")
    blocks = re.findall(r"<!-- lab-command -->\n(.*?)\n\s*<!-- /lab-command -->", readme, re.S)
    assert len(blocks) == 1, "README.md needs exactly one <!-- lab-command --> block"
    lines = [ln.strip() for ln in blocks[0].splitlines() if ln.strip() and not ln.strip().startswith("```")]
    assert lines == [LAB_COMMAND]
    assert LAB_COMMAND in (ROOT / "book" / "teachers.md").read_text(encoding="utf8")
    assert (ROOT / LAB_COMMAND.split()[1]).is_file()


# Exercises that ask the reader to change a parameter of the first code cell:
# (chapter, exercise label, text in the first code cell, the exercise's change).
EXERCISE_EDITS = [
    ("book/ch01_weakness.md", "ch01-ex3", "release_compensation=1.25)", "release_compensation=1.0)"),
    ("book/ch03_central_peripheral.md", "ch03-ex2", "recovery_rate_per_s=0.00094", "recovery_rate_per_s=0.002"),
    ("book/ch05_peripheral_metabolic.md", "ch05-ex2", "work_w, rest_w = 300.0, 50.0",
     "work_w, rest_w = 300.0, 150.0"),
    ("book/ch06_lactic_acid.md", "ch06-ex2", "ph_ca50_slope=math.log10(3.0) / 1.2,", "ph_ca50_slope=0.80,"),
    ("book/ch07_calcium_leak.md", "ch07-ex4", "parvalbumin_total_uM=1500.0,", "parvalbumin_total_uM=750.0,"),
]


@pytest.mark.slow
@pytest.mark.parametrize("chapter,label,old,new", EXERCISE_EDITS)
def test_exercise_that_changes_the_first_code_cell_names_it_and_the_chapter_still_runs(chapter, label, old, new):
    """A teacher's workflow: the exercise says 'पहली कोड-सेल में …'; making its change and
    running the whole chapter gives no error (in-cell checks of the book's numbers must
    not stop a run with other parameters)."""
    from nbclient import NotebookClient

    source = (ROOT / chapter).read_text(encoding="utf8")
    m = re.search(r"```\{exercise\}\n:label: " + re.escape(label) + r"\n(.*?)```", source, re.S)
    assert m, f"exercise {label} not found in {chapter}"
    assert "पहली कोड-सेल" in m.group(1), f"{label} does not name the first code cell"
    nb = jupytext.read(ROOT / chapter)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert old in code[0].source, f"{old!r} is not in the first code cell of {chapter}"
    code[0].source = code[0].source.replace(old, new)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(ROOT / "book")}})
    client.execute()
    errors = [(i, o.get("ename"), o.get("evalue", "")[:200]) for i, c in enumerate(code)
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{chapter} with {new!r}: {errors}"
