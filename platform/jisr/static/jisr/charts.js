/* What every chart of the platform shares (Chart.js): the page's figures, embedded as JSON in the
   element `sourceId`, and the page's direction, language and colours. Null when there is nothing to draw. */
window.jisrCharts = function (sourceId) {
  "use strict";
  var source = document.getElementById(sourceId);
  if (!source || !window.Chart) { return null; }
  var rtl = document.documentElement.dir === "rtl";
  // Morocco's variant of the page's language: Western digits in Arabic (Intl's "ar" writes ١٢).
  var locale = (document.documentElement.lang || "fr") + "-MA";
  var accent = getComputedStyle(document.documentElement).getPropertyValue("--accent").trim() || "#0b6e4f";
  return {
    data: JSON.parse(source.textContent),
    rtl: rtl,
    locale: locale,
    accent: accent,
    palette: [accent, "#1f6feb", "#b54708", "#7a5af8", "#c11574", "#0e9384", "#667085", "#dc6803"],
    common: { responsive: true, maintainAspectRatio: false, locale: locale, animation: false },
    legend: { rtl: rtl, textDirection: rtl ? "rtl" : "ltr" }
  };
};
