"""Shared fixtures: the repository layout, the built book, the TOC."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

# CI replays the same examples on every run (a red CI means a real change, not a new
# random draw); on a developer's machine hypothesis keeps exploring new examples.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
HTML = ROOT / "_build" / "html"


def toc_files() -> list[str]:
    """Every page of _toc.yml, as paths relative to the repository root (no suffix)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


@pytest.fixture(scope="session")
def built_html() -> Path:
    """Build the book once per test session (jupyter-cache makes rebuilds fast).

    The build must pass with -W -n: any warning, broken reference or failing cell
    fails every test that needs the HTML.
    """
    jb = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    )
    if result.returncode != 0:
        pytest.fail("jupyter-book build failed:\n" + result.stdout[-6000:] + result.stderr[-6000:])
    return HTML
