// stations: the one chart helper. <canvas data-chart="ID"> is drawn from the JSON in
// <script type="application/json" id="ID"> ({type, labels, datasets}), with the vendored Chart.js.
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
    new window.Chart(canvas, {
      type: spec.type || "bar",
      data: { labels: spec.labels, datasets: spec.datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
