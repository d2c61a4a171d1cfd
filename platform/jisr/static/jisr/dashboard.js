/* Charts of the office dashboard (Chart.js), from the figures the page embeds as JSON. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    var rtl = document.documentElement.dir === "rtl";
    var locale = document.documentElement.lang || "fr";
    var accent = getComputedStyle(document.documentElement).getPropertyValue("--accent").trim() || "#0b6e4f";
    var palette = [accent, "#1f6feb", "#b54708", "#7a5af8", "#c11574", "#0e9384", "#667085", "#dc6803"];
    var common = { responsive: true, maintainAspectRatio: false, locale: locale, animation: false };
    var legend = { rtl: rtl, textDirection: rtl ? "rtl" : "ltr" };
    var weeks = data.perWeek.labels.map(function (iso) {
      return new Date(iso + "T00:00:00").toLocaleDateString(locale, { day: "numeric", month: "short" });
    });
    new window.Chart(document.getElementById("chart-weeks"), {
      type: "bar",
      data: { labels: weeks, datasets: [{ data: data.perWeek.values, backgroundColor: accent }] },
      options: Object.assign({}, common, {
        plugins: { legend: { display: false } },
        scales: { x: { reverse: rtl }, y: { beginAtZero: true, ticks: { precision: 0 }, position: rtl ? "right" : "left" } }
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
