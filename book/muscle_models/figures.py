"""Showing plotly figures in the book, offline, and in JupyterLab with one call.

plotly's default renderer in a kernel emits only ``application/vnd.plotly.v1+json``,
which the book builder (myst-nb) drops: the figure silently vanishes. :func:`show`
emits both

* ``text/html``: the figure's box, its data as JSON and its caption, *without*
  plotly.js (the book's ``_static/figures.js`` loads the book's own copy and draws
  each figure when it nears the viewport: see ``book/_ext/book_assets.py``), and
* ``application/vnd.plotly.v1+json``: what JupyterLab (Binder) renders.

:func:`slider_figure` turns precomputed model runs into one figure with a slider,
so the static book is interactive without a kernel.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

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


def _significant_digits(values: np.ndarray) -> int:
    """Digits that keep the rounding step under 1/2000 of the data's range (4 to 7)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 4
    span = float(finite.max() - finite.min())
    magnitude = float(np.abs(finite).max())
    if span == 0.0 or magnitude == 0.0:
        return 4
    return int(np.clip(np.ceil(np.log10(magnitude / span * 2000.0)), 4, 7))


def _short_number(value: float, digits: int):
    if not np.isfinite(value):
        return None  # a gap in the line (JSON has no NaN)
    rounded = float(f"{value:.{digits}g}")
    return int(rounded) if rounded.is_integer() and abs(rounded) < 1e15 else rounded


def _decimal_list(values: np.ndarray):
    values = np.asarray(values, dtype=float)
    digits = _significant_digits(values.ravel())
    flat = [_short_number(v, digits) for v in values.ravel()]
    if values.ndim > 1:
        return np.array(flat, dtype=object).reshape(values.shape).tolist()
    return flat


def _is_number_list(obj) -> bool:
    return (
        isinstance(obj, list)
        and len(obj) >= 3
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in obj)
        and any(isinstance(v, float) for v in obj)
    )


def decimal_arrays(obj):
    """``obj`` (figure data as JSON) with numeric arrays as short decimal lists.

    plotly.py writes numpy arrays as base64 (``{"dtype": "f4", "bdata": ...}``),
    which gzip hardly compresses; a few significant digits (:func:`_significant_digits`:
    a rounding step under 1/2000 of the array's range, invisible in a plot) as plain
    numbers cost far less on the page. Non-finite values become gaps (``null``).
    Used for the book's pages only: JupyterLab receives plotly's own JSON.
    """
    if isinstance(obj, dict):
        dtype = obj.get("dtype")
        if "bdata" in obj and isinstance(dtype, str):
            values = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(dtype))
            if "shape" in obj:
                values = values.reshape([int(n) for n in str(obj["shape"]).split(",")])
            if values.dtype.kind in "iub":
                return values.tolist()
            return _decimal_list(values)
        return {key: decimal_arrays(value) for key, value in obj.items()}
    if _is_number_list(obj):
        return _decimal_list(np.array(obj, dtype=float))
    if isinstance(obj, list):
        return [decimal_arrays(value) for value in obj]
    return obj


def _shared_arrays(data: list) -> tuple[list, list]:
    """Arrays repeated across traces (a slider's runs share their time axis) stored once.

    Returns ``(data, refs)``: each repeated array of 16 or more numbers is replaced by
    ``{"$ref": i}`` pointing into ``refs``; ``_static/figures.js`` puts them back.
    """
    counts: dict[str, int] = {}

    def count(obj):
        if isinstance(obj, dict):
            for value in obj.values():
                count(value)
        elif isinstance(obj, list):
            if len(obj) >= 16 and all(isinstance(v, (int, float)) or v is None for v in obj):
                key = json.dumps(obj)
                counts[key] = counts.get(key, 0) + 1
            else:
                for value in obj:
                    count(value)

    count(data)
    index: dict[str, int] = {}
    refs: list = []

    def swap(obj):
        if isinstance(obj, dict):
            return {key: swap(value) for key, value in obj.items()}
        if isinstance(obj, list):
            key = json.dumps(obj) if len(obj) >= 16 else None
            if key is not None and counts.get(key, 0) > 1:
                if key not in index:
                    index[key] = len(refs)
                    refs.append(obj)
                return {"$ref": index[key]}
            return [swap(value) for value in obj]
        return obj

    return swap(data), refs


def _used_template(layout: dict, data: list) -> dict:
    """The layout with its template's per-trace-type defaults cut to the types used."""
    template = layout.get("template")
    if not isinstance(template, dict) or not isinstance(template.get("data"), dict):
        return layout
    used = {trace.get("type", "scatter") for trace in data}
    kept = {kind: value for kind, value in template["data"].items() if kind in used}
    return {**layout, "template": {**template, "data": kept}}


def _json_for_html(obj) -> str:
    """Compact JSON that can sit inside ``<script type="application/json">``."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _slider_inputs(fig: go.Figure, div_id: str) -> str:
    """A native range input per plotly slider: Tab reaches it, the arrow keys move it.

    plotly's sliders are SVG and take no keyboard focus. ``_static/figures.js``
    applies the input's position to the figure (and follows the plotly slider when
    it is dragged); screen readers announce the input as a slider with its step
    label (``aria-valuetext``).
    """
    out = []
    for k, slider in enumerate(fig.layout.sliders or ()):
        steps = slider.steps or ()
        if not steps:
            continue
        active = slider.active or 0
        prefix = ""
        if slider.currentvalue and slider.currentvalue.prefix:
            prefix = slider.currentvalue.prefix.strip().rstrip(":").strip()
        name = f"{prefix} (स्लाइडर)" if prefix else "स्लाइडर"
        out.append(
            f'<input type="range" class="mm-slider-input" id="{div_id}-slider-{k}" '
            f'data-figure="{div_id}" data-slider="{k}" min="0" max="{len(steps) - 1}" step="1" '
            f'value="{active}" aria-label="{html.escape(name)}" '
            f'aria-valuetext="{html.escape(str(steps[active].label))}">'
        )
    return "".join(out)


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
    plotted, what the slider changes, the key result), in Hindi; the ``<figure>``
    points to it with ``aria-describedby``.

    Nothing is drawn at once: the figure's JSON (short decimals,
    :func:`decimal_arrays`) sits in a ``<script type="application/json">`` that
    ``_static/figures.js`` parses and draws when the figure comes near the viewport,
    into a box whose height is reserved here, loading plotly.js (not included here)
    before the first one. Each slider gets a keyboard-operable range input.
    """
    if not caption or not caption.strip():
        raise ValueError("caption must be a non-empty Hindi sentence saying what the figure shows")
    fig_json = fig.to_json()
    div_id = _div_id(fig_json)
    height = int(fig.layout.height or 440)
    spec = json.loads(fig_json)
    data, refs = _shared_arrays(decimal_arrays(spec.get("data", [])))
    payload = {
        "data": data,
        "layout": _used_template(spec.get("layout", {}), spec.get("data", [])),
        "config": _PLOTLY_CONFIG,
    }
    if refs:
        payload["refs"] = refs
    desc = ""
    described = ""
    if description and description.strip():
        desc = (f'<p id="{div_id}-desc" class="mm-figure-desc visually-hidden">'
                f"{html.escape(description.strip())}</p>")
        described = f' aria-describedby="{div_id}-desc"'
    return (
        f'<figure class="mm-figure"{described}>'
        f'<div class="mm-plot" style="height:{height}px">'
        f'<div id="{div_id}" class="plotly-graph-div" style="height:100%; width:100%;"></div></div>'
        f'<script type="application/json" class="mm-figure-data" data-figure="{div_id}">'
        f"{_json_for_html(payload)}</script>"
        f"{_slider_inputs(fig, div_id)}{desc}"
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
