"""Figure axes in the BUILT book agree with what the page says about them.

Chapter 6's force–pCa figure once ran pCa 4.5 → 7.5 left to right (more Ca²⁺ on the
left) while its axis title, caption and text said the opposite. Physiology figures
put high pCa (little Ca²⁺) on the left. This test reads the figure's JSON from the
built HTML (as the browser gets it), finds the direction the axis is drawn in and the
direction the page claims, and checks that they agree, and that force rises towards
the side the page calls "more Ca²⁺".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

LEFT_LOW_CA = re.compile(r"(?:बाएँ|बाईं)\s*(?:ओर\s*)?(?:ऊँचा pCa\s*)?\(?\s*कम\s*Ca")
LEFT_HIGH_CA = re.compile(r"(?:बाएँ|बाईं)\s*(?:ओर\s*)?(?:नीचा pCa\s*)?\(?\s*अधिक\s*Ca")


def _resolve(obj, refs):
    """Undo the page's shared-array compression ({"$ref": i} -> refs[i])."""
    if isinstance(obj, dict):
        if set(obj) == {"$ref"}:
            return _resolve(refs[obj["$ref"]], refs)
        return {k: _resolve(v, refs) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_resolve(v, refs) for v in obj]
    return obj


def figures_in_page(html_path: Path) -> list[dict]:
    """Every figure of a built page: {"data", "layout", "caption", "description"}."""
    soup = BeautifulSoup(html_path.read_text(encoding="utf8"), "html.parser")
    out = []
    for figure in soup.select("figure.mm-figure"):
        script = figure.select_one("script.mm-figure-data")
        if script is not None:
            src = script.get("data-src")  # the figure's data in a file of its own (_figures/*.json)
            text = (html_path.parent / src).read_text(encoding="utf8") if src else script.string
            payload = json.loads(text)
            payload = _resolve(payload, payload.get("refs", []))
            data, layout = payload["data"], payload["layout"]
        else:                                   # older pages: plotly's own Plotly.newPlot(...) call
            text = "".join(s.string or "" for s in figure.find_all("script"))
            start = text.index("Plotly.newPlot(")
            decoder = json.JSONDecoder()
            pos = text.index(",", start) + 1
            data, end = decoder.raw_decode(text[pos:].lstrip())
            rest = text[pos:].lstrip()[end:].lstrip().lstrip(",").lstrip()
            layout, _ = decoder.raw_decode(rest)
        caption = figure.select_one("figcaption")
        desc = figure.select_one(".mm-figure-desc")
        out.append({"data": data, "layout": layout,
                    "caption": caption.get_text(" ", strip=True) if caption else "",
                    "description": desc.get_text(" ", strip=True) if desc else ""})
    return out


def _axis_title(axis: dict) -> str:
    title = axis.get("title") or {}
    return title.get("text", "") if isinstance(title, dict) else str(title)


def pca_axis_left_is(fig: dict) -> str:
    """'high_pca' if the x axis puts high pCa on the left, else 'low_pca'."""
    axis = fig["layout"].get("xaxis", {})
    if axis.get("autorange") == "reversed":
        return "high_pca"
    rng = axis.get("range")
    if rng and rng[0] > rng[1]:
        return "high_pca"
    return "low_pca"


def claimed_left(texts: list[str]) -> set[str]:
    """What the page's words say is on the left: 'low_ca' / 'high_ca'."""
    claims = set()
    for text in texts:
        if LEFT_LOW_CA.search(text):
            claims.add("low_ca")
        if LEFT_HIGH_CA.search(text):
            claims.add("high_ca")
    return claims


def check_pca_figures(html_path: Path) -> list[str]:
    """Problems with every pCa-axis figure of a built page (empty list: all agree)."""
    problems = []
    page_text = BeautifulSoup(html_path.read_text(encoding="utf8"), "html.parser").get_text(" ", strip=True)
    pca_figs = [f for f in figures_in_page(html_path) if "pCa" in _axis_title(f["layout"].get("xaxis", {}))]
    if not pca_figs:
        return [f"{html_path.name}: no figure with a pCa x axis"]
    for fig in pca_figs:
        drawn = pca_axis_left_is(fig)                       # high pCa on the left = little Ca²⁺ on the left
        drawn_left = "low_ca" if drawn == "high_pca" else "high_ca"
        claims = claimed_left([_axis_title(fig["layout"]["xaxis"]), fig["caption"], fig["description"], page_text])
        if not claims:
            problems.append("the page never says what is on the left of the pCa axis")
        for claim in claims - {drawn_left}:
            problems.append(f"page says left = {claim}, figure draws left = {drawn_left}")
        # force must rise towards the side with more Ca²⁺ (lower pCa)
        for trace in fig["data"]:
            x, y = trace.get("x"), trace.get("y")
            if not x or not y or len(x) < 3:
                continue
            lo = min(range(len(x)), key=lambda i: x[i])     # lowest pCa = most Ca²⁺
            hi = max(range(len(x)), key=lambda i: x[i])
            if not y[lo] > y[hi]:
                problems.append(f"trace {trace.get('name')!r}: force does not rise with Ca²⁺")
    return problems


def test_ch06_force_pca_axis_matches_the_text(built_html):
    page = built_html / "book" / "ch06_lactic_acid.html"
    assert page.exists(), page
    problems = check_pca_figures(page)
    assert not problems, "\n".join(problems)


def test_the_checker_catches_a_figure_drawn_backwards(tmp_path):
    # the defect this test exists for: pCa increasing left to right while the words say
    # "left = little Ca²⁺" must be reported
    layout = {"xaxis": {"title": {"text": "pCa (बाएँ कम Ca²⁺, दाएँ अधिक Ca²⁺)"}}}
    data = [{"type": "scatter", "name": "f", "x": [7.5, 6.0, 4.5], "y": [0.0, 0.5, 1.0]}]
    payload = json.dumps({"data": data, "layout": layout})
    page = tmp_path / "page.html"
    page.write_text(
        '<html><body><figure class="mm-figure"><div id="fig-x"></div>'
        f'<script type="application/json" class="mm-figure-data">{payload}</script>'
        "<figcaption>बल–pCa</figcaption></figure></body></html>", encoding="utf8")
    assert any("figure draws left = high_ca" in p for p in check_pca_figures(page))
    layout["xaxis"]["autorange"] = "reversed"
    page.write_text(page.read_text(encoding="utf8").replace(payload, json.dumps({"data": data, "layout": layout})),
                    encoding="utf8")
    assert check_pca_figures(page) == []
