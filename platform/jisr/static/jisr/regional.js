/* Charts of the regional layer (Chart.js), from the protected figures the page embeds as JSON.
   A hidden figure is null: the line has a gap there, the bar is missing. */
(function () {
  "use strict";
  function draw() {
    var charts = window.jisrCharts("regional-data");
    if (!charts) { return; }
    var data = charts.data, rtl = charts.rtl, accent = charts.accent;
    var palette = charts.palette, common = charts.common;
    var legend = Object.assign({ position: "bottom" }, charts.legend);
    var months = data.monthLabels;  // written by the server: Moroccan month names (jisr.dates)
    var names = Object.keys(data.trend);
    new window.Chart(document.getElementById("chart-trend"), {
      type: "line",
      data: {
        labels: months,
        datasets: names.map(function (name, i) {
          return { label: name, data: data.trend[name], borderColor: palette[i % palette.length],
                   backgroundColor: palette[i % palette.length], spanGaps: false, tension: 0.2 };
        })
      },
      options: Object.assign({}, common, {
        plugins: { legend: legend },
        scales: { x: { reverse: rtl }, y: { beginAtZero: true, ticks: { precision: 0 }, position: rtl ? "right" : "left" } }
      })
    });
    [["chart-countries", data.countries], ["chart-generations", data.generations]].forEach(function (pair) {
      var canvas = document.getElementById(pair[0]);
      if (!canvas || !pair[1]) { return; }  // a page without this chart
      new window.Chart(canvas, {
        type: "bar",
        data: { labels: pair[1].labels, datasets: [{ data: pair[1].values, backgroundColor: accent }] },
        options: Object.assign({}, common, {
          indexAxis: "y",
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 }, reverse: rtl }, y: { position: rtl ? "right" : "left" } }
        })
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
