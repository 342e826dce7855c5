// The indicators dashboard's charts: each element with data-chart="ID" gets the Apache
// ECharts options of the JSON data block #ID (written by the server; nothing inline).
(function () {
  "use strict";
  function draw() {
    if (typeof echarts === "undefined") {
      return;
    }
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var data = document.getElementById(box.getAttribute("data-chart"));
      if (!data) {
        return;
      }
      var chart = echarts.init(box, null, { renderer: "canvas" });
      chart.setOption(JSON.parse(data.textContent));
      box.setAttribute("data-chart-ready", "1");
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) {
        chart.resize();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
