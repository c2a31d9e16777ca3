"""nbgitpuller links for a class on a JupyterHub, one per chapter (the teachers' appendix).

An nbgitpuller link sends a student, logged in on the class's JupyterHub, to
``<hub>/hub/user-redirect/git-pull?repo=…&branch=…&urlpath=…``: nbgitpuller clones
(or, the next time, updates without overwriting the student's changes) this
repository into the student's home folder, then opens ``urlpath`` — here the
chapter in JupyterLab (``lab/tree/<repository folder>/<chapter>?autodecode``).
The query parameters are those of nbgitpuller's documentation
(https://nbgitpuller.readthedocs.io/en/latest/topic/url-options.html), url-encoded.

The repository and branch come from ``repository.url`` and ``repository.branch`` in
``_config.yml`` (one place to change for a fork); the chapters from ``_toc.yml``;
the hub's address from ``classroom_hub_url`` (``sphinx.config`` in ``_config.yml``;
empty: a placeholder the teacher replaces). In a page::

    ```{nbgitpuller-links}
    ```

Tested in ``tests/test_jupyterlab.py`` (well formed, existing files).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlencode

import yaml
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

HUB_PLACEHOLDER = "https://<हब-का-पता>"
ROOT = Path(__file__).resolve().parents[2]


def nbgitpuller_link(hub_url: str, repo_url: str, branch: str, path: str) -> str:
    """The link that pulls ``repo_url``@``branch`` and opens ``path`` (relative to the
    repository) in JupyterLab."""
    folder = repo_url.rstrip("/").rsplit("/", 1)[-1]
    if folder.endswith(".git"):
        folder = folder[:-4]
    query = urlencode(
        [("repo", repo_url), ("branch", branch), ("urlpath", f"lab/tree/{folder}/{path}?autodecode")],
        quote_via=quote, safe="")
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def book_settings(root: Path = ROOT) -> dict:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf8"))
    repo = config.get("repository") or {}
    return {"url": repo.get("url", ""), "branch": repo.get("branch", "main")}


def chapters(root: Path = ROOT) -> list[str]:
    """The chapter files of _toc.yml (``book/chNN_*.md``), in order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf8"))
    out = []
    for part in toc.get("parts", []):
        for entry in part.get("chapters", []):
            f = entry.get("file", "")
            if re.match(r"book/ch\d\d_", f):
                out.append(f + ".md")
    return out


def title(path: Path) -> str:
    for line in path.read_text(encoding="utf8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem


def chapter_links(root: Path = ROOT, hub_url: str = "") -> list[tuple[str, str, str]]:
    """(chapter file, its title, its nbgitpuller link) for every chapter."""
    s = book_settings(root)
    return [(f, title(root / f), nbgitpuller_link(hub_url or HUB_PLACEHOLDER, s["url"], s["branch"], f))
            for f in chapters(root)]


class NbgitpullerLinks(SphinxDirective):
    """One line per chapter: its number and title, then its link (a code block, so a
    long link scrolls inside the block on a phone, and copies whole)."""

    has_content = False

    def run(self):
        root = ROOT
        hub = self.config.classroom_hub_url
        lines = []
        for i, (_, name, link) in enumerate(chapter_links(root, hub), start=1):
            lines += [f"# अध्याय {i}: {name}", link, ""]
        text = "\n".join(lines).rstrip("\n")
        block = nodes.literal_block(text, text, language="text")
        block["classes"].append("nbgitpuller-links")
        # a change of _config.yml or _toc.yml rebuilds the page
        self.env.note_dependency(str(root / "_config.yml"))
        self.env.note_dependency(str(root / "_toc.yml"))
        return [block]


def setup(app):
    app.add_config_value("classroom_hub_url", "", "env")
    app.add_directive("nbgitpuller-links", NbgitpullerLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
