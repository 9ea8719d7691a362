// The analytics dashboard: draws each <canvas data-chart="…"> from the JSON in
// #dashboard-data (json_script); a click on a bar or point opens the list behind it (the
// dataset's own links where it has them: «Решено» opens the incidents closed that day).
// The tables under the charts hold the same numbers, for screen readers and without JS.
(function () {
  "use strict";
  var node = document.getElementById("dashboard-data");
  if (!node || typeof Chart === "undefined") return;
  var COLOURS = ["#4a76a8", "#2a9d8f", "#e76f51", "#8d6cab", "#e9c46a"];
  var charts = JSON.parse(node.textContent);
  charts.forEach(function (spec) {
    var canvas = document.querySelector('canvas[data-chart="' + spec.id + '"]');
    if (!canvas) return;
    var datasets = spec.datasets.map(function (set, i) {
      var colour = COLOURS[i % COLOURS.length];
      return { label: set.label, data: set.data, backgroundColor: colour, borderColor: colour, spanGaps: true };
    });
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        aspectRatio: 2.5,
        animation: false,
        indexAxis: spec.type === "bar" && spec.labels.length > 12 && spec.id !== "incidents-daily" ? "y" : "x",
        plugins: { legend: { display: datasets.length > 1 } },
        onClick: function (event, elements) {
          if (!elements.length) return;
          var set = spec.datasets[elements[0].datasetIndex] || {};
          var link = (set.links || spec.links)[elements[0].index];
          if (link) window.location.href = link;
        }
      }
    });
  });
})();
