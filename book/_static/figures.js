/* The book's figures: drawn when they come near the viewport, operable by keyboard,
 * stacked to fit a phone.
 *
 * Loading. A figure is a box of reserved height (div.mm-plot) and its data as JSON
 * (script.mm-figure-data, written by muscle_models/figures.py; book_assets.py moves
 * the JSON to _figures/<id>.json and leaves its address in data-src). Nothing is
 * fetched or parsed at load: an IntersectionObserver notices a box coming within LOOKAHEAD of the
 * viewport; the first one loads plotly.js (named by this script's data-plotly
 * attribute), then figures are drawn one per task (parse, yield, draw, yield), so
 * no task of this script holds the page for long. window.bookFigures.drawAll()
 * (and printing) draws every figure.
 *
 * Keyboard. Each plotly slider has a native range input (input.mm-slider-input):
 * Tab reaches it, the arrow keys move it, screen readers announce its step label
 * (aria-valuetext). Moving it applies the step to the figure and moves the plotly
 * slider; dragging the plotly slider moves the input.
 *
 * Phone. The figure helper puts the legend and the slider under the plot at fixed
 * offsets. On a phone a long Hindi legend wraps into several rows and then covers the
 * x-axis title and the slider. After every draw this script measures the figure and
 * re-stacks, top to bottom: x-axis title(s), legend, slider, growing the figure's
 * height (the plot area keeps its size). It also moves the title below the mode bar
 * when the two would overlap, and pulls the slider's end labels inside the figure.
 * Figures whose legend is not under the plot are left alone.
 */
(function () {
  "use strict";
  var GAP = 8; // px between stacked parts
  var LOOKAHEAD = "600px 0px"; // start drawing this far before a figure scrolls in
  var script = document.currentScript;
  var plotlyUrl = script && script.dataset.plotly ? new URL(script.dataset.plotly, script.src).href : null;
  var plotlyReady = null;
  var queue = [];
  var pumping = false;
  var observer = null;
  var figures = {}; // id -> {gd, holder, spec, drawn, inputs, waiters}

  function yieldTask() {
    if (window.scheduler && typeof window.scheduler.yield === "function") return window.scheduler.yield();
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve();
    if (!plotlyReady) {
      plotlyReady = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = plotlyUrl;
        tag.async = true;
        tag.onload = function () { resolve(); };
        tag.onerror = function () { plotlyReady = null; reject(new Error("plotly.js did not load")); };
        document.head.appendChild(tag);
      });
    }
    return plotlyReady;
  }

  // arrays stored once ({"$ref": i}, see figures.py _shared_arrays) put back
  function resolveRefs(obj, refs) {
    if (Array.isArray(obj)) {
      for (var i = 0; i < obj.length; i++) obj[i] = resolveRefs(obj[i], refs);
      return obj;
    }
    if (obj && typeof obj === "object") {
      if (Object.prototype.hasOwnProperty.call(obj, "$ref") && Object.keys(obj).length === 1) {
        return refs[obj.$ref].slice();
      }
      for (var key in obj) {
        if (Object.prototype.hasOwnProperty.call(obj, key)) obj[key] = resolveRefs(obj[key], refs);
      }
    }
    return obj;
  }

  function enqueue(fig) {
    if (fig.drawn || fig.queued) return fig.done;
    fig.queued = true;
    fig.done = new Promise(function (resolve) { fig.resolve = resolve; });
    queue.push(fig);
    pump();
    return fig.done;
  }

  function pump() {
    if (pumping || !queue.length) return;
    pumping = true;
    loadPlotly().then(function () { return yieldTask(); }).then(function next() {
      var fig = queue.shift();
      if (!fig) { pumping = false; return null; }
      return draw(fig).then(yieldTask).then(next);
    }).catch(function (err) {
      pumping = false;
      console.warn(err);
    });
  }

  // the figure's JSON: in the page, or (book_assets.py) in _figures/<id>.json
  function figureText(fig) {
    var src = fig.json.dataset.src;
    if (!src) return Promise.resolve(fig.json.textContent);
    return fetch(new URL(src, document.baseURI).href).then(function (response) {
      if (!response.ok) throw new Error(src + ": " + response.status);
      return response.text();
    });
  }

  function draw(fig) {
    var spec;
    return figureText(fig).then(function (text) {
      spec = JSON.parse(text);
      if (spec.refs) spec.data = resolveRefs(spec.data, spec.refs);
      return yieldTask();
    }).then(function () {
      return window.Plotly.newPlot(fig.gd, spec.data, spec.layout, spec.config);
    }).then(function () {
      fig.drawn = true;
      fig.gd.dataset.bookDrawn = "1";
      wireSliders(fig);
      if (typeof fig.gd.on === "function") {
        fig.gd.on("plotly_afterplot", function () { scheduleRestack(fig.gd); });
      }
      return restackSettled(fig.gd);
    }).then(function () {
      fig.resolve();
    }, function (err) {
      fig.queued = false;  // may be tried again (e.g. back online)
      fig.resolve();
      throw err;
    });
  }

  // ------------------------------------------------------------------ keyboard sliders

  function stepOf(gd, k, i) {
    var sliders = gd.layout.sliders || [];
    return sliders[k] && sliders[k].steps ? sliders[k].steps[i] : null;
  }

  function applyStep(gd, k, i) {
    var step = stepOf(gd, k, i);
    if (!step) return Promise.resolve();
    var args = step.args || [];
    var layoutUpdate = {};
    layoutUpdate["sliders[" + k + "].active"] = i;
    var method = step.method || "restyle";
    if (method === "restyle") {
      return window.Plotly.update(gd, args[0] || {}, layoutUpdate, args[1]);
    }
    if (method === "relayout") {
      return window.Plotly.relayout(gd, Object.assign({}, args[0] || {}, layoutUpdate));
    }
    if (method === "update") {
      return window.Plotly.update(gd, args[0] || {}, Object.assign({}, args[1] || {}, layoutUpdate), args[2]);
    }
    if (method === "animate") {
      return window.Plotly.animate(gd, args[0], args[1]).then(function () {
        return window.Plotly.relayout(gd, layoutUpdate);
      });
    }
    return window.Plotly.relayout(gd, layoutUpdate);
  }

  function syncInput(gd, input) {
    var k = Number(input.dataset.slider);
    var sliders = gd.layout.sliders || [];
    if (!sliders[k]) return;
    var active = sliders[k].active || 0;
    input.value = String(active);
    var step = stepOf(gd, k, active);
    if (step) input.setAttribute("aria-valuetext", String(step.label));
  }

  function wireSliders(fig) {
    fig.inputs.forEach(function (input) { syncInput(fig.gd, input); });
    if (typeof fig.gd.on === "function") {
      fig.gd.on("plotly_sliderchange", function () {
        fig.inputs.forEach(function (input) { syncInput(fig.gd, input); });
      });
    }
  }

  function onInput(fig, input) {
    var k = Number(input.dataset.slider);
    var i = Number(input.value);
    var label = fig.drawn ? stepOf(fig.gd, k, i) : null;
    if (label) input.setAttribute("aria-valuetext", String(label.label));
    enqueue(fig).then(function () {
      return applyStep(fig.gd, k, Number(input.value));
    }).then(function () { syncInput(fig.gd, input); });
  }

  // ------------------------------------------------------------------ phone layout

  function box(el) {
    if (!el) return null;
    var r = el.getBoundingClientRect();
    return r.width || r.height ? r : null;
  }

  var restackTimers = new WeakMap();
  function scheduleRestack(gd) {
    if (restackTimers.has(gd)) return;
    restackTimers.set(gd, setTimeout(function () {
      restackTimers.delete(gd);
      restack(gd);
    }, 0));
  }

  // resolves when the figure needs no more re-stacking
  function restackSettled(gd) {
    return new Promise(function (resolve) {
      (function check() {
        if (gd.dataset.bookRestacking === "1" || restackTimers.has(gd)) setTimeout(check, 16);
        else resolve();
      })();
      scheduleRestack(gd);
    });
  }

  function restack(gd) {
    var full = gd._fullLayout;
    if (!full || !full._size || gd.dataset.bookRestacking === "1") return;
    var passes = Number(gd.dataset.bookPasses || 0);
    if (passes >= 6) return; // settled or oscillating: stop until the next resize
    var size = full._size;
    // the plot area keeps the height it was drawn with first
    var plotH = Number(gd.dataset.bookPlotH || 0) || size.h;
    gd.dataset.bookPlotH = String(plotH);
    var figTop = gd.getBoundingClientRect().top;
    var plotBottom = size.t + size.h; // px from the top of the figure
    var update = {};
    var marginT = size.t;
    var marginB = size.b;

    var legend = box(gd.querySelector("g.legend"));
    var legendBelow = full.showlegend && full.legend && full.legend.yanchor === "top" && full.legend.y < 0;
    var slider = box(gd.querySelector("g.slider-container"));

    if (legend && legendBelow) {
      // lowest x-axis tick labels or title (several with subplots)
      var below = plotBottom;
      gd.querySelectorAll("g.xaxislayer-above, g.infolayer > g[class^='g-x'][class$='title']").forEach(function (el) {
        var b = box(el);
        if (b) below = Math.max(below, b.bottom - figTop);
      });
      var legendTop = below + GAP; // px from the top of the figure, with the current plot
      var bottom = legendTop + legend.height;
      if (Math.abs((legend.top - figTop) - legendTop) > 2 || Math.abs(size.h - plotH) > 2) {
        update["legend.y"] = -(legendTop - plotBottom) / plotH;
      }
      if (slider && full.sliders && full.sliders.length === 1) {
        var pad = full.sliders[0].pad || {};
        var sliderWanted = bottom + GAP;
        var shift = sliderWanted - (slider.top - figTop);
        if (Math.abs(shift) > 2) update["sliders[0].pad.t"] = Math.max(0, (pad.t || 0) + shift);
        bottom = sliderWanted + slider.height;
      }
      var needB = Math.ceil(bottom + GAP - plotBottom);
      if (needB > size.b + 2) {
        marginB = needB;
        update["margin.b"] = needB;
      }
    }

    // slider labels at the ends of the rail may stick out of a narrow figure; a long
    // current-value line ("prefix: value") is set in a smaller font instead (not below 11 px)
    if (slider && full.sliders && full.sliders.length === 1) {
      var fig = gd.getBoundingClientRect();
      var current = box(gd.querySelector("g.slider-container g.slider-group > text.slider-label"));
      if (current && current.right > fig.right - 1) {
        var cvFont = (full.sliders[0].currentvalue && full.sliders[0].currentvalue.font) || {};
        var cvSize = cvFont.size || 14;
        var fit = Math.max(11, Math.floor(cvSize * (fig.right - 4 - current.left) / current.width));
        if (fit < cvSize) update["sliders[0].currentvalue.font.size"] = fit;
      }
      var parts = gd.querySelectorAll("g.slider-container .slider-rail-touch-rect, g.slider-container .slider-label-group");
      var left = Infinity;
      var right = -Infinity;
      parts.forEach(function (el) {
        var b = box(el);
        if (b) { left = Math.min(left, b.left); right = Math.max(right, b.right); }
      });
      if (!isFinite(left)) { left = slider.left; right = slider.right; }
      var outL = Math.max(0, fig.left - left);
      var outR = Math.max(0, right - fig.right);
      if (outL > 1 || outR > 1) {
        var s0 = full.sliders[0];
        var inL = outL > 1 ? (outL + 4) / size.w : 0;
        var inR = outR > 1 ? (outR + 4) / size.w : 0;
        update["sliders[0].x"] = s0.x + inL;
        update["sliders[0].len"] = Math.max(0.3, s0.len - inL - inR);
      }
    }

    // a long title under the mode bar (shown on touch screens)
    var title = box(gd.querySelector("g.g-gtitle"));
    var modebar = box(gd.querySelector(".modebar"));
    if (title && modebar && title.right > modebar.left && title.top < modebar.bottom) {
      var titleTop = modebar.bottom - figTop + 6; // glyphs reach above the anchor
      var needT = Math.ceil(titleTop + title.height + GAP);
      if (needT > size.t + 2) {
        marginT = needT;
        update["margin.t"] = needT;
        update["title.yref"] = "container";
        update["title.yanchor"] = "top";
        update["title.y"] = 1 - titleTop / (marginT + plotH + marginB);
      }
    }

    var height = Math.ceil(marginT + plotH + marginB);
    if (Math.abs(height - full.height) > 2) update.height = height;

    if (Object.keys(update).length) {
      gd.dataset.bookPasses = String(passes + 1);
      gd.dataset.bookRestacking = "1";
      gd.style.height = height + "px";
      // the reserved box grows with the figure
      var holder = gd.parentElement;
      if (holder && holder.style && holder.style.height) holder.style.height = height + "px";
      window.Plotly.relayout(gd, update).then(
        function () { gd.dataset.bookRestacking = "0"; scheduleRestack(gd); },
        function () { gd.dataset.bookRestacking = "0"; }
      );
    }
  }

  // ------------------------------------------------------------------ start

  function drawAll() {
    return Promise.all(Object.keys(figures).map(function (id) { return enqueue(figures[id]); }));
  }

  function init() {
    document.querySelectorAll("script.mm-figure-data").forEach(function (json) {
      var gd = document.getElementById(json.dataset.figure);
      if (!gd) return;
      var fig = {
        gd: gd,
        holder: gd.parentElement,
        json: json,
        drawn: false,
        queued: false,
        inputs: Array.prototype.slice.call(
          document.querySelectorAll('input.mm-slider-input[data-figure="' + gd.id + '"]')),
      };
      figures[gd.id] = fig;
      fig.inputs.forEach(function (input) {
        input.addEventListener("input", function () { onInput(fig, input); });
        input.addEventListener("focus", function () { enqueue(fig); });
      });
    });
    if (!plotlyUrl) return;
    if ("IntersectionObserver" in window) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          observer.unobserve(entry.target);
          var gd = entry.target.querySelector("div.plotly-graph-div");
          if (gd && figures[gd.id]) enqueue(figures[gd.id]);
        });
      }, { rootMargin: LOOKAHEAD });
      Object.keys(figures).forEach(function (id) { observer.observe(figures[id].holder); });
    } else {
      drawAll();
    }
    window.addEventListener("beforeprint", drawAll);
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        Object.keys(figures).forEach(function (id) {
          var gd = figures[id].gd;
          if (!figures[id].drawn) return;
          gd.dataset.bookPasses = "0";
          scheduleRestack(gd);
        });
      }, 300);
    });
  }

  window.bookFigures = { drawAll: drawAll };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
