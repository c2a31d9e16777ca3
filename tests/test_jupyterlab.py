"""The teacher's workflow, as on Binder: chapters open as notebooks in JupyterLab and run.

Binder cannot be reached from CI, so the same environment runs here: the pinned
requirements, ``postBuild`` applied (into a private Jupyter config folder), and
JupyterLab on 127.0.0.1 serving a copy of the repository (JupyterLab autosaves, and
the real chapters must not be rewritten by a test). Headless Chromium, driven by
Playwright, opens chapters by URL, runs all cells and checks the outputs.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHAPTERS = ["book/ch08_energy.md", "book/ch07_calcium_leak.md"]

pytestmark = pytest.mark.browser


def _need_chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (see .ci/run)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    _need_chromium()
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "repo"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(
        ".git", ".venv", "_build", "__pycache__", ".pytest_cache", ".hypothesis", "*.ipynb"))
    bindir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "HOME": str(tmp / "home"),
    }
    (tmp / "home").mkdir()
    # exactly what Binder runs after installing requirements.txt
    subprocess.run(["bash", str(root / "postBuild")], cwd=root, env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         "--IdentityProvider.token=", "--ServerApp.password=",
         "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/api/status", timeout=1)
                break
            except OSError:  # not listening yet
                if server.poll() is not None:
                    pytest.fail("JupyterLab exited at start")
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start")
        yield base
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


def _wait_all_executed(page, n_code: int) -> None:
    """Every code cell has an execution count ([n]); none is pending ([*]) or unrun."""
    page.wait_for_function(
        """(n) => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            return prompts.length === n && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        arg=n_code,
        timeout=150_000,
    )


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_opens_as_notebook_runs_and_shows_a_plotly_figure(lab, browser, chapter):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        # a workspace of its own, reset: JupyterLab would otherwise reopen the chapter
        # of the previous test in a hidden tab, and its cells would count here too
        workspace = Path(chapter).stem
        page.goto(f"{lab}/lab/workspaces/{workspace}/tree/{chapter}?reset", wait_until="domcontentloaded")
        # a notebook, not the text editor: cells appear
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        assert page.locator(".jp-FileEditor:visible").count() == 0
        assert page.locator(".jp-NotebookPanel").count() == 1  # only this chapter is open
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
        # the indicator can read "idle" before the kernel's websocket is connected; a
        # Run All sent in that gap is dropped (seen here: every prompt stayed "[ ]:")
        page.wait_for_selector(".jp-Toolbar-kernelStatus[data-status='idle'], "
                               ".jp-Toolbar-kernelName:has-text('Python 3')", timeout=60_000)
        page.wait_for_timeout(3000)

        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

        code_cells = page.locator(".jp-CodeCell")
        n_code = code_cells.count()
        assert n_code > 0
        # every code cell gets an execution count; none is left pending
        try:
            _wait_all_executed(page, n_code)
        except Exception:
            page.screenshot(path=f"/tmp/lab-{Path(chapter).stem}.png", full_page=False)
            pending = page.eval_on_selector_all(
                ".jp-CodeCell .jp-InputPrompt", "els => els.map(e => e.textContent)")
            raise AssertionError(f"cells not all executed: prompts {pending}")
        errors = page.locator("[data-mime-type='application/vnd.jupyter.error'], .jp-OutputArea-output:has-text('Traceback')")
        assert errors.count() == 0, errors.first.inner_text()[:2000]
        # rendered by the plotly JupyterLab extension from the figure helper's JSON
        page.wait_for_selector(".jp-OutputArea-output.jp-RenderedPlotly .main-svg", timeout=30_000)
    finally:
        page.close()
