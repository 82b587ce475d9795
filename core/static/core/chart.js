// The one chart helper for every page. <canvas data-chart="ID"> is drawn from the JSON in
// <script type="application/json" id="ID">: {type, labels, datasets, stacked, horizontal, percent}
// with the vendored Chart.js (static vendor/chartjs). No inline scripts; works with any page.
(function () {
  "use strict";
  var COLOURS = ["#a4161a", "#4a7ab8", "#e0a526", "#3c8d5a", "#7a4ab8", "#888888"];
  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    spec.datasets.forEach(function (set, i) {
      set.backgroundColor = set.backgroundColor || COLOURS[i % COLOURS.length];
      set.borderColor = set.borderColor || COLOURS[i % COLOURS.length];
    });
    var value = { beginAtZero: true, stacked: !!spec.stacked,
                  ticks: { precision: 0 }, max: spec.percent ? 100 : undefined };
    var category = { stacked: !!spec.stacked, ticks: { autoSkip: false, maxRotation: 60 } };
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: { legend: { position: "bottom" } },
        scales: spec.horizontal ? { x: value, y: category } : { x: category, y: value }
      }
    });
  }
  document.querySelectorAll("canvas[data-chart]").forEach(draw);
  // Charts are redrawn at print size so a printed page is not cut off.
  window.addEventListener("beforeprint", function () {
    Object.values(window.Chart.instances || {}).forEach(function (c) { c.resize(); });
  });
})();
