/* Draws the dashboard charts: each <canvas data-chart-data="ID"> reads its figures from the
   json_script element ID ({label, labels, counts}) and becomes a horizontal bar chart. */
(function () {
  "use strict";

  function draw(canvas) {
    var figures = JSON.parse(document.getElementById(canvas.dataset.chartData).textContent);
    var narrow = window.matchMedia("(max-width: 575.98px)").matches;
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: figures.labels,
        datasets: [{ label: figures.label, data: figures.counts, backgroundColor: "#1b5e3a" }],
      },
      options: {
        indexAxis: "y",
        animation: false,
        aspectRatio: narrow ? 1.2 : 2,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  // Thai labels in the page's font (Sarabun), not Chart.js's Latin default.
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  document.querySelectorAll("canvas[data-chart-data]").forEach(draw);
})();
