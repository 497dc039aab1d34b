// Hover values for the report's line charts. The page reads fine without it: every number
// is also in the tables. Allowed by the page's Content-Security-Policy through its hash.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  function nearest(xs, x) {
    var lo = 0, hi = xs.length - 1;
    while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (xs[mid] < x) lo = mid; else hi = mid; }
    return Math.abs(xs[lo] - x) <= Math.abs(xs[hi] - x) ? lo : hi;
  }
  function timeText(ms) { return new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " UTC"; }
  function attach(svg) {
    var plot = svg.getAttribute("data-plot").split(" ").map(Number);
    var left = plot[0], top = plot[1], width = plot[2], height = plot[3], xLow = plot[4], xHigh = plot[5];
    var isTime = svg.hasAttribute("data-time"), isDuration = svg.hasAttribute("data-duration");
    var series = null, guide = null, tip = null;
    svg.setAttribute("data-hover", "ready");
    // Read on first use: a page of thousands of charts pays nothing for those never hovered.
    function prepare() {
      series = Array.prototype.map.call(svg.querySelectorAll("path.series[data-x]"), function (path) {
        var title = path.querySelector("title");
        return { name: title ? title.textContent : "", color: path.getAttribute("stroke"),
                 x: path.getAttribute("data-x").split(" ").map(Number), y: path.getAttribute("data-y").split(" ") };
      }).filter(function (s) { return s.x.length > 0 && s.x[0] === s.x[0]; });
      guide = document.createElementNS(NS, "line");
      guide.setAttribute("y1", top); guide.setAttribute("y2", top + height);
      guide.setAttribute("stroke", "currentColor"); guide.setAttribute("stroke-opacity", "0.4");
      guide.style.display = "none";
      svg.appendChild(guide);
      tip = document.createElement("div");
      tip.className = "tip";
      tip.setAttribute("role", "status");
      tip.hidden = true;
      svg.parentNode.insertBefore(tip, svg.nextSibling);
    }
    function hide() { if (tip) { guide.style.display = "none"; tip.hidden = true; } }
    function show(event) {
      if (series === null) prepare();
      if (series.length === 0) return;
      var box = svg.getBoundingClientRect();
      var scale = svg.viewBox.baseVal.width / box.width;
      var px = (event.clientX - box.left) * scale;
      if (px < left || px > left + width || xHigh <= xLow) { hide(); return; }
      var x = xLow + (px - left) / width * (xHigh - xLow);
      var best = null;
      series.forEach(function (s) {
        var i = nearest(s.x, x);
        if (best === null || Math.abs(s.x[i] - x) < Math.abs(best - x)) best = s.x[i];
      });
      while (tip.firstChild) tip.removeChild(tip.firstChild);
      var head = document.createElement("b");
      head.textContent = isTime ? timeText(best) : isDuration ? "+" + (best / 1000) + " s"
        : (svg.getAttribute("data-x-name") || "x") + " " + best;
      tip.appendChild(head);
      // Every series, at its own nearest point: series logged at different rates (train every
      // step, validation every hundred) read together, each with its x when it is not the guide's.
      series.forEach(function (s) {
        var i = nearest(s.x, x);
        var row = document.createElement("div");
        var swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = s.color;
        row.appendChild(swatch);
        var text = s.name + ": " + s.y[i];
        if (s.x[i] !== best) text += " (at " + (isTime ? timeText(s.x[i]) : isDuration ? "+" + (s.x[i] / 1000) + " s" : s.x[i]) + ")";
        row.appendChild(document.createTextNode(text));
        tip.appendChild(row);
      });
      var gx = left + (best - xLow) / (xHigh - xLow) * width;
      guide.setAttribute("x1", gx); guide.setAttribute("x2", gx);
      guide.style.display = "";
      tip.hidden = false;
      var frame = svg.parentNode.getBoundingClientRect();
      var offset = gx / scale + 12;
      if (offset + tip.offsetWidth > box.width) offset = gx / scale - 12 - tip.offsetWidth;
      tip.style.left = (box.left - frame.left + Math.max(0, offset)) + "px";
      tip.style.top = (box.top - frame.top + top / scale) + "px";
    }
    svg.addEventListener("pointermove", show);
    svg.addEventListener("pointerleave", hide);
  }
  Array.prototype.forEach.call(document.querySelectorAll("svg.chart[data-plot]"), attach);
  // Folded sections open on paper (the stylesheet does it too, where the browser lets it).
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) { d.open = true; return true; });
  });
  window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); opened = []; });
})();
