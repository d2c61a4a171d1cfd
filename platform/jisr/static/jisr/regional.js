/* Charts of the regional layer (Chart.js), from the protected figures the page embeds as JSON.
   A hidden figure is null: the line has a gap there, the bar is missing. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("regional-data");
    if (!source || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    var rtl = document.documentElement.dir === "rtl";
    var locale = document.documentElement.lang || "fr";
    var accent = getComputedStyle(document.documentElement).getPropertyValue("--accent").trim() || "#0b6e4f";
    var palette = [accent, "#1f6feb", "#b54708", "#7a5af8", "#c11574", "#0e9384", "#667085", "#dc6803"];
    var common = { responsive: true, maintainAspectRatio: false, locale: locale, animation: false };
    var legend = { rtl: rtl, textDirection: rtl ? "rtl" : "ltr", position: "bottom" };
    var months = data.months.map(function (iso) {
      return new Date(iso + "T00:00:00").toLocaleDateString(locale, { month: "short", year: "2-digit" });
    });
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
      new window.Chart(document.getElementById(pair[0]), {
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
