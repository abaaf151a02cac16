(function () {
  var c = JSON.parse(document.getElementById("attention-charts").textContent);
  var palette = ["#1d3b72", "#f0b429", "#2f855a", "#c53030", "#6b46c1", "#718096"];
  new Chart(document.getElementById("chart-channel"), {type: "doughnut", data: {labels: c.channel.labels, datasets: [{data: c.channel.values, backgroundColor: palette}]}, options: {maintainAspectRatio: false}});
  new Chart(document.getElementById("chart-kind"), {type: "bar", data: {labels: c.kind.labels, datasets: [{label: c.labels.requests, data: c.kind.values, backgroundColor: "#1d3b72"}]}, options: {maintainAspectRatio: false, plugins: {legend: {display: false}}, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}});
  new Chart(document.getElementById("chart-month"), {data: {labels: c.month.labels, datasets: [
    {type: "bar", label: c.labels.requests, data: c.month.values, backgroundColor: "#1d3b72", yAxisID: "y"},
    {type: "line", label: c.labels.on_time, data: c.month.on_time, borderColor: "#f0b429", yAxisID: "y1"}]},
    options: {maintainAspectRatio: false, spanGaps: true, scales: {y: {beginAtZero: true, ticks: {precision: 0}}, y1: {position: "right", min: 0, max: 100, grid: {drawOnChartArea: false}}}}});
})();
