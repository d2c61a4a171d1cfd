/* The programme indicators' chart (Chart.js): cases received month by month, from the protected figures
   the page embeds as JSON, against the monthly pace of the year's target. A hidden month is null: no bar. */
(function () {
  "use strict";
  function draw() {
    var charts = window.jisrCharts("indicators-data");
    if (!charts) { return; }
    var data = charts.data, rtl = charts.rtl;
    var months = data.monthLabels;  // written by the server: Moroccan month names (jisr.dates)
    var datasets = [{ type: "bar", label: data.labels.actual, data: data.actual, backgroundColor: charts.accent, order: 2 }];
    if (data.pace) {
      datasets.push({ type: "line", label: data.labels.pace, data: data.pace, borderColor: charts.palette[2],
                      backgroundColor: charts.palette[2], borderDash: [6, 4], pointRadius: 0, order: 1 });
    }
    new window.Chart(document.getElementById("chart-indicators"), {
      data: { labels: months, datasets: datasets },
      options: Object.assign({}, charts.common, {
        plugins: { legend: Object.assign({ position: "bottom" }, charts.legend) },
        scales: { x: { reverse: rtl }, y: { beginAtZero: true, ticks: { precision: 0 }, position: rtl ? "right" : "left" } }
      })
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
