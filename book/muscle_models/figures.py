"""Showing plotly figures in the book, offline, and in JupyterLab with one call.

plotly's default renderer in a kernel emits only ``application/vnd.plotly.v1+json``,
which the book builder (myst-nb) drops: the figure silently vanishes. :func:`show`
emits both

* ``text/html``: the figure's div and a ``Plotly.newPlot`` call, *without* plotly.js
  (the book loads its own copy once per page from ``_static``: see
  ``book/_ext/book_assets.py``) and without MathJax, and
* ``application/vnd.plotly.v1+json``: what JupyterLab (Binder) renders.

:func:`slider_figure` turns precomputed model runs into one figure with a slider,
so the static book is interactive without a kernel.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

__all__ = [
    "PALETTE",
    "FONT_FAMILY",
    "show",
    "figure_html",
    "book_layout",
    "slider_figure",
    "compact",
]

# Okabe & Ito colour-blind-safe palette (https://jfly.uni-koeln.de/color/), dark first.
PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
)

FONT_FAMILY = "'Noto Sans Devanagari', 'Noto Sans', 'Mangal', 'Nirmala UI', sans-serif"

_PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toImage"],
}


def book_layout(fig: go.Figure, *, height_px: int = 440) -> go.Figure:
    """Apply the book's phone-friendly look (fonts, margins, legend below)."""
    fig.update_layout(
        template="plotly_white",
        font={"family": FONT_FAMILY, "size": 14},
        title={"font": {"size": 16}, "x": 0.02, "xanchor": "left"},
        height=height_px,
        margin={"l": 60, "r": 16, "t": 56, "b": 56},
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "x": 0},
        colorway=list(PALETTE),
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    return fig


def compact(values, points: int | None = None) -> np.ndarray:
    """Float32 copy of ``values`` (half the bytes in the page), optionally thinned.

    ``points`` keeps at most that many evenly spaced samples (first and last kept).
    """
    arr = np.asarray(values, dtype=float)
    if points is not None and arr.size > points:
        idx = np.unique(np.linspace(0, arr.size - 1, points).round().astype(int))
        arr = arr[idx]
    return arr.astype(np.float32)


def _div_id(fig_json: str) -> str:
    # Stable ids keep rebuilt pages byte-identical (plotly's default is a random UUID).
    return "fig-" + hashlib.sha1(fig_json.encode("utf8")).hexdigest()[:12]


def _slider_print_note(fig: go.Figure) -> str:
    """For print: which slider position the static copy shows (the online book has the slider)."""
    sliders = fig.layout.sliders
    if not sliders:
        return ""
    parts = []
    for slider in sliders:
        steps = slider.steps or ()
        active = slider.active or 0
        if not steps:
            continue
        prefix = (slider.currentvalue.prefix or "").strip().rstrip(":").strip() if slider.currentvalue else ""
        label = steps[active].label
        parts.append(f"{prefix}: {label}" if prefix else str(label))
    if not parts:
        return ""
    text = ("छपे संस्करण में यह स्थिति दिखाई गई है — " + "; ".join(parts)
            + "। ऑनलाइन संस्करण में स्लाइडर से दूसरे मान चुने जा सकते हैं।")
    return f'<p class="mm-print-only mm-slider-note">{html.escape(text)}</p>'


def figure_html(fig: go.Figure, caption: str, description: str = "") -> str:
    """The HTML the book shows for ``fig``: a ``<figure>`` with a Hindi caption.

    ``description`` is the figure's text alternative for screen readers (what is
    plotted, what the slider changes, the key result), in Hindi.
    plotly.js itself is not included; the page loads it once.
    """
    if not caption or not caption.strip():
        raise ValueError("caption must be a non-empty Hindi sentence saying what the figure shows")
    fig_json = fig.to_json()
    div = pio.to_html(
        fig,
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        config=_PLOTLY_CONFIG,
        div_id=_div_id(fig_json),
        default_height=fig.layout.height or 440,
    )
    desc = ""
    if description and description.strip():
        desc = f'<p class="mm-figure-desc visually-hidden">{html.escape(description.strip())}</p>'
    return (
        f'<figure class="mm-figure">{div}{desc}'
        f"<figcaption>{html.escape(caption)}</figcaption>{_slider_print_note(fig)}</figure>"
    )


class _Shown:
    """What :func:`show` returns: rich output for Jupyter, nothing in plain text."""

    def __init__(self, fig: go.Figure, caption: str, description: str = ""):
        self.figure = fig
        self.caption = caption
        self.description = description

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/html": figure_html(self.figure, self.caption, self.description),
            "application/vnd.plotly.v1+json": {
                **json.loads(self.figure.to_json()),
                "config": _PLOTLY_CONFIG,
            },
            "text/plain": self.caption,
        }


def show(fig: go.Figure, caption: str, description: str = "") -> _Shown:
    """Show ``fig`` in the book and in JupyterLab; put it last in a cell.

    ``caption`` is required: a Hindi sentence saying what the figure shows.
    ``description`` is the text alternative for readers who cannot see the plot:
    what is plotted, what the slider changes and the key result, in Hindi.
    """
    if not isinstance(fig, go.Figure):
        raise ValueError(f"fig must be a plotly.graph_objects.Figure, got {type(fig).__name__}")
    if not isinstance(caption, str) or not caption.strip():
        raise ValueError("caption must be a non-empty Hindi sentence saying what the figure shows")
    return _Shown(fig, caption, description)


def slider_figure(
    runs: Mapping[str, Sequence[go.Scatter]],
    *,
    slider_label: str,
    title: str,
    x_title: str,
    y_title: str,
    active: int = 0,
    static_traces: Sequence[go.Scatter] = (),
    base: go.Figure | None = None,
    height_px: int = 460,
) -> go.Figure:
    """One figure with a slider over precomputed runs (no kernel needed).

    ``runs`` maps each slider position's label (e.g. ``"30 s"``) to the traces of
    that run; every run must have the same number of traces. Traces may target
    other subplots of ``base`` through their ``xaxis``/``yaxis``. ``static_traces``
    (e.g. published data points) stay visible at every position. Titles and labels
    are Hindi with units, e.g. ``x_title="समय (s)"``.
    """
    if not runs:
        raise ValueError("runs must hold at least one slider position")
    labels = list(runs)
    n_traces = {len(runs[k]) for k in labels}
    if len(n_traces) != 1 or 0 in n_traces:
        raise ValueError("every run must have the same, non-zero number of traces")
    per_run = n_traces.pop()
    if not 0 <= active < len(labels):
        raise ValueError(f"active must be in [0, {len(labels) - 1}], got {active}")

    fig = base if base is not None else go.Figure()
    n_static = len(static_traces)
    for trace in static_traces:
        trace.visible = True
        fig.add_trace(trace)
    for i, label in enumerate(labels):
        for trace in runs[label]:
            trace.visible = i == active
            fig.add_trace(trace)

    total = n_static + per_run * len(labels)
    steps = []
    for i, label in enumerate(labels):
        visible = [True] * n_static + [False] * (total - n_static)
        start = n_static + i * per_run
        visible[start : start + per_run] = [True] * per_run
        steps.append({"method": "restyle", "label": label, "args": [{"visible": visible}]})

    book_layout(fig, height_px=height_px)
    fig.update_layout(
        title={"text": title},
        sliders=[
            {
                "active": active,
                "steps": steps,
                "currentvalue": {"prefix": f"{slider_label}: ", "font": {"size": 14}},
                "pad": {"t": 64, "b": 8},
                "len": 1.0,
                "x": 0,
            }
        ],
        margin={"b": 150},
        legend={"y": -0.18},
    )
    if base is None:
        fig.update_xaxes(title_text=x_title)
        fig.update_yaxes(title_text=y_title)
    return fig
