(function () {
  var canvas = document.getElementById("chart-errors");
  if (!canvas) return;
  var c = JSON.parse(document.getElementById("error-chart").textContent);
  var palette = ["#1d3b72", "#f0b429", "#2f855a", "#c53030", "#6b46c1", "#718096", "#dd6b20"];
  new Chart(canvas, {type: "line", data: {labels: c.months, datasets: c.series.map(function (s, i) {
    return {label: s.field, data: s.rates, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], tension: 0.2};
  })}, options: {maintainAspectRatio: false, scales: {y: {beginAtZero: true, ticks: {callback: function (v) { return v + " %"; }}}}}});
})();
