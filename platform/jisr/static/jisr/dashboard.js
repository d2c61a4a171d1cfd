/* Charts of the office dashboard (Chart.js), from the figures the page embeds as JSON. */
(function () {
  "use strict";
  function draw() {
    var charts = window.jisrCharts("dashboard-data");
    if (!charts) { return; }
    var data = charts.data, rtl = charts.rtl, accent = charts.accent;
    var palette = charts.palette, common = charts.common;
    var legend = charts.legend;
    var weeks = data.perWeek.labels;  // written by the server: Moroccan month names (jisr.dates)
    new window.Chart(document.getElementById("chart-weeks"), {
      type: "bar",
      data: { labels: weeks, datasets: [{ data: data.perWeek.values, backgroundColor: accent }] },
      options: Object.assign({}, common, {
        plugins: { legend: { display: false } },
        // Labels kept level: turned, the first and last ran off the chart (the first week, in Arabic).
        scales: {
          x: { reverse: rtl, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
          y: { beginAtZero: true, ticks: { precision: 0 }, position: rtl ? "right" : "left" }
        }
      })
    });
    new window.Chart(document.getElementById("chart-channels"), {
      type: "doughnut",
      data: { labels: data.byChannel.labels, datasets: [{ data: data.byChannel.values, backgroundColor: palette }] },
      options: Object.assign({}, common, { plugins: { legend: Object.assign({ position: "bottom" }, legend) } })
    });
    new window.Chart(document.getElementById("chart-categories"), {
      type: "bar",
      data: { labels: data.byCategory.labels, datasets: [{ data: data.byCategory.values, backgroundColor: accent }] },
      options: Object.assign({}, common, {
        indexAxis: "y",
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 }, reverse: rtl }, y: { position: rtl ? "right" : "left" } }
      })
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
