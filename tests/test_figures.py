"""The figure helpers: offline HTML for the book, plotly JSON for JupyterLab, sliders."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from muscle_models import compact, figure_html, show, slider_figure


def _fig():
    return go.Figure(go.Scatter(x=[0, 1, 2], y=[1, 2, 3], name="बल"))


def test_show_emits_html_without_plotlyjs_and_the_plotly_mimetype():
    bundle = show(_fig(), "परीक्षण चित्र")._repr_mimebundle_()
    html = bundle["text/html"]
    assert 'class="plotly-graph-div' in html and "Plotly.newPlot" in html
    # plotly.js (several MB) and MathJax must not be inlined or fetched from a CDN
    assert len(html) < 20_000
    assert "cdn" not in html.lower() and "<script src" not in html
    assert "<figcaption>परीक्षण चित्र</figcaption>" in html
    assert bundle["application/vnd.plotly.v1+json"]["data"][0]["name"] == "बल"


def test_show_is_deterministic():
    assert figure_html(_fig(), "क") == figure_html(_fig(), "क")


@pytest.mark.parametrize("caption", ["", "   ", None])
def test_show_requires_a_caption(caption):
    with pytest.raises(ValueError, match="caption"):
        show(_fig(), caption)


def test_show_rejects_non_figures():
    with pytest.raises(ValueError, match="fig must be"):
        show({"data": []}, "क")


def test_slider_figure_toggles_one_run_at_a_time():
    runs = {f"{k} s": [go.Scatter(y=[k, k]), go.Scatter(y=[2 * k, 2 * k])] for k in (1, 2, 3)}
    data_points = go.Scatter(x=[0], y=[0], mode="markers", name="आँकड़े")
    fig = slider_figure(runs, slider_label="अवधि", title="t", x_title="समय (s)",
                        y_title="बल", active=1, static_traces=[data_points])
    assert len(fig.data) == 1 + 3 * 2
    visible = [bool(tr.visible) for tr in fig.data]
    assert visible == [True, False, False, True, True, False, False]
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == ["1 s", "2 s", "3 s"]
    assert steps[2].args[0]["visible"] == [True, False, False, False, False, True, True]
    assert fig.layout.sliders[0].active == 1
    assert fig.layout.xaxis.title.text == "समय (s)"


def test_slider_figure_rejects_ragged_or_empty_runs():
    with pytest.raises(ValueError, match="at least one"):
        slider_figure({}, slider_label="a", title="t", x_title="x", y_title="y")
    with pytest.raises(ValueError, match="same"):
        slider_figure({"a": [go.Scatter()], "b": []}, slider_label="a", title="t",
                      x_title="x", y_title="y")
    with pytest.raises(ValueError, match="active"):
        slider_figure({"a": [go.Scatter()]}, slider_label="a", title="t", x_title="x",
                      y_title="y", active=3)


def test_compact_thins_and_halves_bytes():
    x = np.linspace(0, 1, 1001)
    c = compact(x, 101)
    assert c.dtype == np.float32 and c.size == 101
    assert c[0] == 0 and c[-1] == 1
    encoded = json.loads(go.Figure(go.Scatter(y=c)).to_json())["data"][0]["y"]
    assert encoded["dtype"] == "f4"
