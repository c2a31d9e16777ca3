"""Shared fixtures: the repository layout, the built book, the TOC."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings

# Property tests are deterministic by default, on every machine, whatever ``CI`` says:
# the same examples on every run (a red run means a real change, not a new random
# draw), a fixed count (tests that set ``max_examples`` keep theirs), no example
# database. Random exploration is opt-in:
#     HYPOTHESIS_PROFILE=explore .venv/bin/pytest tests/test_*.py -m "not browser and not slow"
# draws fresh random examples, HYPOTHESIS_EXAMPLES (default 500) per test, overriding
# the per-test counts. Keep every failure it finds as an explicit ``@example``.
settings.register_profile(
    "deterministic", derandomize=True, database=None, max_examples=25, deadline=None,
    print_blob=True,
)
EXPLORE_EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "500"))
settings.register_profile(
    "explore", derandomize=False, database=None, max_examples=EXPLORE_EXAMPLES, deadline=None,
    print_blob=True, suppress_health_check=list(HealthCheck),
)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "deterministic")
settings.load_profile(HYPOTHESIS_PROFILE)


def pytest_collection_modifyitems(config, items):
    """Under the explore profile, raise every property test's own ``max_examples``."""
    if HYPOTHESIS_PROFILE != "explore":
        return
    for item in items:
        test = getattr(item, "obj", None)
        if not getattr(test, "is_hypothesis_test", False):
            continue
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is not None:
            test._hypothesis_internal_use_settings = settings(
                own, max_examples=EXPLORE_EXAMPLES, derandomize=False, database=None,
                deadline=None, suppress_health_check=list(HealthCheck),
            )

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
# The options of README's build command (tests/test_readme.py checks they are the same).
BUILD_ARGS = ["-W", "-n", "--keep-going"]
# BOOK_BUILD_DIR=/tmp/x builds into /tmp/x/_build instead of the repository's _build.
BUILD_DIR = Path(os.environ.get("BOOK_BUILD_DIR") or ROOT)
HTML = BUILD_DIR / "_build" / "html"


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
    out = ["--path-output", str(BUILD_DIR)] if BUILD_DIR != ROOT else []
    result = subprocess.run(
        [str(jb), "build", str(ROOT), *BUILD_ARGS, *out],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    )
    if result.returncode != 0:
        pytest.fail("jupyter-book build failed:\n" + result.stdout[-6000:] + result.stderr[-6000:])
    return HTML
