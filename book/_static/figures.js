/* The book's figures on a narrow screen: stack what sits under the plot.
 *
 * The figure helper (muscle_models/figures.py) puts the legend and the slider under
 * the plot at fixed offsets. On a phone a long Hindi legend wraps into several rows
 * and then covers the x-axis title and the slider. After every draw this script
 * measures the figure and re-stacks, top to bottom: x-axis title(s), legend, slider,
 * growing the figure's height (the plot area keeps its size). It also moves the
 * title below the mode bar when the two would overlap, and pulls the slider's end
 * labels inside the figure. Figures whose legend is not
 * under the plot are left alone. No effect without plotly.js.
 */
(function () {
  "use strict";
  var GAP = 8; // px between stacked parts

  function box(el) {
    if (!el) return null;
    var r = el.getBoundingClientRect();
    return r.width || r.height ? r : null;
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

    // slider labels at the ends of the rail may stick out of a narrow figure
    if (slider && full.sliders && full.sliders.length === 1) {
      var fig = gd.getBoundingClientRect();
      var outL = Math.max(0, fig.left - slider.left);
      var outR = Math.max(0, slider.right - fig.right);
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
      // pio.to_html wraps the figure in a div of the original fixed height
      var holder = gd.parentElement;
      if (holder && holder.style && holder.style.height) holder.style.height = height + "px";
      window.Plotly.relayout(gd, update).then(
        function () { gd.dataset.bookRestacking = "0"; restack(gd); },
        function () { gd.dataset.bookRestacking = "0"; }
      );
    }
  }

  function init() {
    if (!window.Plotly) return;
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        document.querySelectorAll("div.plotly-graph-div").forEach(function (gd) {
          gd.dataset.bookPasses = "0";
          restack(gd);
        });
      }, 300);
    });
    document.querySelectorAll("div.plotly-graph-div").forEach(function (gd) {
      if (typeof gd.on === "function") {
        gd.on("plotly_afterplot", function () { restack(gd); });
      }
      restack(gd);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
