// Draws every chart on the page: <div data-chart="ID"> takes its ECharts options from the
// <script type="application/json" id="ID"> that json_script wrote beside it.
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var data = document.getElementById(el.getAttribute("data-chart"));
    if (!data) { return; }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(JSON.parse(data.textContent));
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
})();
