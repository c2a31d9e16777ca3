"""The figure helpers: offline HTML for the book, plotly JSON for JupyterLab, sliders."""

import base64
import json
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from muscle_models import compact, figure_html, show, slider_figure
from muscle_models.figures import decimal_arrays


def _fig():
    return go.Figure(go.Scatter(x=[0, 1, 2], y=[1, 2, 3], name="बल"))


def _figure_json(html: str) -> dict:
    m = re.search(r'<script type="application/json" class="mm-figure-data" data-figure="(fig-[0-9a-f]+)">(.*?)</script>',
                  html, re.S)
    assert m, "no figure data in the HTML"
    return json.loads(m.group(2))


def _resolve(obj, refs):
    if isinstance(obj, dict):
        if set(obj) == {"$ref"}:
            return refs[obj["$ref"]]
        return {k: _resolve(v, refs) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_resolve(v, refs) for v in obj]
    return obj


def test_show_emits_html_without_plotlyjs_and_the_plotly_mimetype():
    bundle = show(_fig(), "परीक्षण चित्र")._repr_mimebundle_()
    html = bundle["text/html"]
    assert 'class="plotly-graph-div' in html
    # plotly.js (several MB) and MathJax must not be inlined or fetched from a CDN;
    # nothing runs from the HTML itself: _static/figures.js draws the data when near
    assert len(html) < 20_000
    assert "cdn" not in html.lower() and "<script src" not in html and "Plotly.newPlot" not in html
    assert "<figcaption>परीक्षण चित्र</figcaption>" in html
    assert _figure_json(html)["data"][0]["name"] == "बल"
    assert bundle["application/vnd.plotly.v1+json"]["data"][0]["name"] == "बल"


def test_jupyterlab_gets_plotly_json_that_plotly_reads_back():
    """The JupyterLab output is plotly's own JSON (typed arrays), a valid figure."""
    x = compact(np.linspace(0, 1, 50))
    fig = go.Figure(go.Scatter(x=x, y=x ** 2, name="बल"))
    bundle = show(fig, "क")._repr_mimebundle_()
    spec = bundle["application/vnd.plotly.v1+json"]
    go.Figure({"data": spec["data"], "layout": spec["layout"]})  # plotly validates it
    y = spec["data"][0]["y"]
    if isinstance(y, dict):  # plotly's typed array
        y = np.frombuffer(base64.b64decode(y["bdata"]), dtype=np.dtype(y["dtype"]))
    assert np.allclose(np.asarray(y, dtype=float), x.astype(float) ** 2, rtol=1e-6)
    json.dumps(spec)  # serialisable as the notebook stores it


def test_book_html_has_the_box_height_reserved_and_a_described_figure():
    html = figure_html(_fig(), "क", description="बल समय के साथ बढ़ता है।")
    assert re.search(r'<div class="mm-plot" style="height:\d+px">', html)
    m = re.search(r'<figure class="mm-figure" aria-describedby="([^"]+)">', html)
    assert m and f'id="{m.group(1)}"' in html and "बल समय के साथ बढ़ता है।" in html
    assert "aria-describedby" not in figure_html(_fig(), "क")  # no description: nothing to point to


def test_book_html_escapes_script_endings_in_the_data():
    fig = go.Figure(go.Scatter(x=[0, 1, 2], y=[1, 2, 3], name="</script><b>"))
    html = figure_html(fig, "क")
    assert html.count("</script>") == 1
    assert _figure_json(html)["data"][0]["name"] == "</script><b>"


def test_book_data_are_short_decimals_close_to_the_figure():
    t = np.linspace(0, 600, 2001)
    y = 100 * np.exp(-t / 97.0) + 3.3
    runs = {f"{k}": [go.Scatter(x=compact(t), y=compact(y * k))] for k in (1, 2)}
    fig = slider_figure(runs, slider_label="क", title="t", x_title="समय (s)", y_title="बल")
    html = figure_html(fig, "क")
    spec = _figure_json(html)
    data = _resolve(spec["data"], spec.get("refs", []))
    for k, trace in zip((1, 2), data):
        assert isinstance(trace["x"], list) and isinstance(trace["y"], list)
        assert np.allclose(trace["x"], t, atol=(t.max() - t.min()) / 2000)
        assert np.allclose(trace["y"], y * k, atol=np.ptp(y * k) / 2000)
    assert spec["refs"], "the shared time axis is stored once"
    raw = len(fig.to_json())
    assert len(html) < 0.8 * raw, (len(html), raw)


def test_decimal_arrays_keep_gaps_ints_and_small_values():
    out = decimal_arrays({"y": [1.0e-6, 2.5e-6, float("nan"), 4.123456e-6], "i": [1, 2, 3], "s": ["a", "b"]})
    assert out["y"][2] is None and out["i"] == [1, 2, 3] and out["s"] == ["a", "b"]
    assert np.allclose([v for v in out["y"] if v is not None], [1e-6, 2.5e-6, 4.123e-6], rtol=1e-3)


def test_slider_gets_a_keyboard_input_with_its_step_label():
    runs = {f"{k} s": [go.Scatter(y=[k, k])] for k in (1, 2, 3)}
    fig = slider_figure(runs, slider_label="अवधि", title="t", x_title="समय (s)", y_title="बल", active=1)
    html = figure_html(fig, "क")
    m = re.search(r'<input type="range" class="mm-slider-input"[^>]*>', html)
    assert m
    tag = m.group(0)
    assert 'min="0"' in tag and 'max="2"' in tag and 'value="1"' in tag
    assert 'aria-valuetext="2 s"' in tag and 'aria-label="अवधि (स्लाइडर)"' in tag


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
