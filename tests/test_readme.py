"""A newcomer's check: README's two commands are the ones CI runs, and they mean it.

README.md gives a build command and a test command (between the
``<!-- build-command -->`` / ``<!-- test-command -->`` markers). ``.ci/run`` reads them
from README and runs them in that order; ``.ci/run --print`` prints what it would run.
These tests parse README themselves and compare, so that the documented commands,
the commands CI runs and the options the test suite builds with cannot drift apart.
"""

from __future__ import annotations

import re
import shlex
import subprocess

import pytest

from conftest import BUILD_ARGS, ROOT

README = (ROOT / "README.md").read_text(encoding="utf8")
SETUP = "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt"


def readme_command(name: str) -> str:
    """The single command line in the fenced block between the two markers."""
    blocks = re.findall(rf"<!-- {name} -->\n(.*?)\n<!-- /{name} -->", README, re.S)
    assert len(blocks) == 1, f"README.md needs exactly one <!-- {name} --> block, found {len(blocks)}"
    fenced = re.fullmatch(r"```[a-z]*\n(.*?)\n```", blocks[0].strip(), re.S)
    assert fenced, f"the {name} block must be one fenced code block"
    lines = [line for line in fenced.group(1).splitlines() if line.strip()]
    assert len(lines) == 1, f"the {name} must be one line, found {lines}"
    return lines[0].strip()


def test_ci_runs_readmes_build_command_then_its_test_command():
    printed = subprocess.run(["bash", str(ROOT / ".ci" / "run"), "--print"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.splitlines()
    assert printed == [readme_command("build-command"), readme_command("test-command")]


def test_ci_script_runs_what_it_prints():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf8")
    # the commands are executed from the same array --print shows, nothing else is run after
    assert re.search(r'for cmd in "\$\{commands\[@\]\}"; do\s+echo "\+ \$cmd"\s+bash -c "\$cmd"\s+done\s*$', script)
    assert script.count("bash -c") == 1


def test_build_command_is_the_one_the_tests_build_with():
    build = readme_command("build-command")
    assert build.startswith(SETUP + " && ")
    args = shlex.split(build[len(SETUP) + 4:])
    assert args[:3] == [".venv/bin/jupyter-book", "build", "."]
    assert args[3:] == BUILD_ARGS  # tests/conftest.py's built_html uses the same options


def test_test_command_runs_the_whole_suite():
    test = readme_command("test-command")
    assert test == SETUP + " && .venv/bin/pytest"  # no -m/-k/-x: every test, browser tests too


@pytest.mark.parametrize("what, pattern", [
    ("build", r"build\w*[^\n]*~\s?\d+ min|~\s?\d+ min[^\n]*build"),
    ("tests", r"test\w*[^\n]*~\s?\d+ min|~\s?\d+ min[^\n]*test"),
])
def test_readme_states_expected_durations(what, pattern):
    assert re.search(pattern, README, re.I), f"README.md should say how long the {what} take"


def test_readme_documents_the_explore_profile():
    assert "HYPOTHESIS_PROFILE=explore" in README
