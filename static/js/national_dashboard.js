/* Draws the national round's chart: each <canvas data-stacked-chart="ID"> reads its figures from
   the json_script element ID ({labels, datasets: [{label, counts}]}) and becomes a bar chart with
   one bar per label, stacked by dataset. */
(function () {
  "use strict";

  var COLOURS = ["#1b5e3a", "#c8a415", "#2f6fa8", "#b5523b", "#7b4f9d", "#6c757d"];

  function draw(canvas) {
    var figures = JSON.parse(document.getElementById(canvas.dataset.stackedChart).textContent);
    var narrow = window.matchMedia("(max-width: 575.98px)").matches;
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: figures.labels,
        datasets: figures.datasets.map(function (dataset, index) {
          return { label: dataset.label, data: dataset.counts, backgroundColor: COLOURS[index % COLOURS.length] };
        }),
      },
      options: {
        animation: false,
        aspectRatio: narrow ? 1.2 : 2.5,
        plugins: { legend: { position: "bottom" } },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  // Thai labels in the page's font (Sarabun), not Chart.js's Latin default.
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  document.querySelectorAll("canvas[data-stacked-chart]").forEach(draw);
})();
