"""The validation appendix (मॉडल की जाँच), generated from the registry and the models.

For one model, :func:`report_markdown` writes a verdict line and a table of every
registry row (role, measured value with its SD or range, the model's value, the
error in SDs, within the band or not), and :func:`report_figure` draws every row
on one scale: the distance of the model from the measurement in units of the
row's own tolerance band (0 = measured value, ±1 = edge of the band). Nothing is
typed twice: change a model or a registry row and the appendix follows.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from . import registry
from .figures import PALETTE, book_layout

__all__ = ["ROLE_HI", "report_rows", "verdict_hi", "report_markdown", "report_figure"]

ROLE_HI = {
    "calibration": "अंशांकन",
    "validation": "सत्यापन",
    "consistency": "संगति-जाँच",
}
_ROLE_STYLE = {
    "calibration": {"symbol": "circle", "color": PALETTE[0]},
    "validation": {"symbol": "diamond-open", "color": PALETTE[1]},
    "consistency": {"symbol": "square-open", "color": PALETTE[2]},
}


def _fmt(x: float | None) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{x:.3g}"


def report_rows(model: str, params=None) -> list[dict]:
    """:func:`muscle_models.registry.compare`, with the distance in band units added."""
    out = []
    for item in registry.compare(model, params):
        r = item["row"]
        lo, hi = r.band
        half = (hi - lo) / 2 or float("nan")
        centre = r.value if r.sd is not None else (lo + hi) / 2
        item["band_units"] = (item["model_value"] - centre) / half
        out.append(item)
    return out


def verdict_hi(items: list[dict]) -> str:
    """One Hindi line: how many validation rows lie within their band."""
    val = [i for i in items if i["row"].role == "validation"]
    cal = [i for i in items if i["row"].role == "calibration"]
    hits = sum(i["within"] for i in val)
    known = sum(1 for i in val if i["row"].status == "known_miss")
    if not val:
        return (f"अंशांकन की {len(cal)} पंक्तियाँ, सत्यापन की एक भी नहीं: हर तुलना या तो अंशांकन है या "
                "संगति-जाँच, इसलिए इस मॉडल को अभी स्वतंत्र आँकड़ों पर जाँचा हुआ नहीं कहा जा सकता।")
    text = (f"अंशांकन की {len(cal)} पंक्तियाँ; सत्यापन की {len(val)} में से {hits} पंक्तियाँ "
            f"आँकड़ों की सीमा के भीतर")
    if known:
        text += f", {known} ज्ञात चूक (नीचे कारण सहित)"
    return text + "।"


def _escape_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_markdown(model: str, params=None, items: list[dict] | None = None) -> str:
    """MyST Markdown: the verdict and a table of every row (citations as roles)."""
    items = report_rows(model, params) if items is None else items
    if not items:
        return "इस मॉडल की अभी कोई प्रकाशित आँकड़ा-पंक्ति रजिस्टर में नहीं है।\n"
    lines = [
        f"**निर्णय:** {verdict_hi(items)}",
        "",
        # a container that scrolls sideways on a phone instead of the whole page
        "```{container} mm-table-wrap",
        "",
        "| # | मात्रा | स्रोत | भूमिका | मापा गया | मॉडल | अंतर (SD) | परिणाम |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for number, i in enumerate(items, start=1):
        r = i["row"]
        if r.sd is not None:
            measured = f"{_fmt(r.value)} ± {_fmt(r.sd)}"
        else:
            measured = f"{_fmt(r.value)} ({_fmt(r.low)}–{_fmt(r.high)})"
        if i["within"]:
            outcome = "सीमा के भीतर"
        elif r.status == "known_miss":
            outcome = "ज्ञात चूक"
        else:
            outcome = "सीमा के बाहर"
        lines.append(
            "| " + " | ".join(
                _escape_cell(c) for c in (
                    str(number),
                    f"{r.label_hi} ({r.unit})",
                    f"{{cite:t}}`{r.bibkey}`, {r.where}",
                    ROLE_HI[r.role],
                    measured,
                    _fmt(i["model_value"]),
                    _fmt(i["error_sd"]),
                    outcome,
                )
            ) + " |"
        )
    lines.append("```")
    # the protocol and the note of each row under the table: a ninth column would not fit a phone
    lines.append("")
    lines.append("हर पंक्ति का प्रयोग और टिप्पणी (अंग्रेजी में, रजिस्टर से):")
    lines.append("")
    lines.append("```{container} mm-registry-notes")  # long row ids may break anywhere on a phone
    lines.append("")
    for number, i in enumerate(items, start=1):
        r = i["row"]
        where = f" ({r.x:g} {r.x_unit})" if r.x is not None else ""
        note = f" {_escape_cell(r.note)}" if r.note else ""
        lines.append(f"{number}. `{r.id}`{where}: {_escape_cell(r.protocol)}.{note}")
    lines.append("```")
    return "\n".join(lines) + "\n"


def report_figure(model: str, title: str, params=None, items: list[dict] | None = None) -> go.Figure:
    """Each row's distance from the data in units of its band; roles drawn differently."""
    items = report_rows(model, params) if items is None else items
    fig = go.Figure()
    # rows are numbered as in the table (long labels do not fit under a phone-width axis)
    labels = [str(n) for n in range(1, len(items) + 1)]
    fig.add_shape(type="rect", xref="paper", x0=0, x1=1, y0=-1, y1=1,
                  fillcolor="rgba(0,0,0,0.07)", line={"width": 0}, layer="below")
    fig.add_hline(y=0, line={"color": "#444", "width": 1})
    for role, style in _ROLE_STYLE.items():
        sel = [(lab, i) for lab, i in zip(labels, items) if i["row"].role == role]
        if not sel:
            continue
        fig.add_trace(go.Scatter(
            x=[lab for lab, _ in sel],
            y=[max(-4.0, min(4.0, i["band_units"])) for _, i in sel],
            mode="markers",
            name=ROLE_HI[role],
            marker={"symbol": style["symbol"], "size": 12, "color": style["color"],
                    "line": {"width": 2, "color": style["color"]}},
            customdata=[[i["row"].label_hi, _fmt(i["model_value"]), _fmt(i["row"].value), i["row"].unit]
                        for _, i in sel],
            hovertemplate=("%{x}. %{customdata[0]}<br>मॉडल %{customdata[1]}, मापा %{customdata[2]} "
                           "%{customdata[3]}<extra></extra>"),
        ))
    book_layout(fig, height_px=420)
    fig.update_layout(
        title={"text": title},
        yaxis={"title": {"text": "(मॉडल − माप) ÷ आधी सीमा"}, "range": [-4.3, 4.3], "zeroline": False},
        xaxis={"title": {"text": "तालिका की पंक्ति (#)"}, "type": "category",
               "categoryorder": "array", "categoryarray": labels},
    )
    return fig
