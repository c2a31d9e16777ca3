"""Render the book's LaTeX to MathML at build time: no MathJax, nothing to download.

Every current browser (Chromium/Android Chrome from 109, Firefox, Safari) draws
MathML Core natively, so a page with equations costs its text only. Conversion
uses ``latex2mathml``; a formula it cannot convert fails the build (``-W``).

Multi-line displays (``\\\\`` rows, ``&`` alignment points, ``aligned``/``align``/
``split`` environments, or several formulas separated by blank lines) become a
MathML ``<mtable>``, since latex2mathml draws ``aligned`` on one line.
"""

from __future__ import annotations

import re

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

_ENV = re.compile(
    r"\\(begin|end)\{(aligned|align\*?|split|equation\*?|gather\*?|gathered|multline\*?)\}"
)
_MATH_TAG = re.compile(r"^<math[^>]*>|</math>$")


def _inner(latex: str) -> str:
    """MathML of ``latex`` without the outer ``<math>`` element."""
    return _MATH_TAG.sub("", convert(latex).strip())


def latex_to_mathml(latex: str, display: bool) -> str:
    """One ``<math>`` element for ``latex`` (display: block)."""
    mode = "block" if display else "inline"
    text = latex.strip()
    parts = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    rows: list[list[str]] = []
    for part in parts:
        body = _ENV.sub("", part)
        for row in re.split(r"\\\\", body):
            if row.strip():
                rows.append(row.split("&"))
    if display and (len(rows) > 1 or any(len(r) > 1 for r in rows)):
        width = max(len(r) for r in rows)
        align = " ".join("right" if i % 2 == 0 else "left" for i in range(width))
        trs = []
        for row in rows:
            cells = "".join(f"<mtd>{_inner(c) if c.strip() else ''}</mtd>" for c in row)
            trs.append(f"<mtr>{cells}</mtr>")
        body = f'<mtable columnalign="{align}" displaystyle="true">{"".join(trs)}</mtable>'
    else:
        body = _inner(_ENV.sub("", text))
    return f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="{mode}">{body}</math>'


def _convert_or_warn(self, node, display: bool) -> str:
    try:
        return latex_to_mathml(node.astext(), display)
    except Exception as exc:  # latex2mathml raises several types
        logger.warning("cannot convert LaTeX to MathML (%s): %s", exc, node.astext(), location=node)
        return f"<code>{self.encode(node.astext())}</code>"


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math"))
    self.body.append(_convert_or_warn(self, node, display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math mm-display-math"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, "इस समीकरण की कड़ी")
        self.body.append("</span>")
    self.body.append(_convert_or_warn(self, node, display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
