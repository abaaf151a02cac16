(function () {
  var c = JSON.parse(document.getElementById("targets-chart").textContent);
  new Chart(document.getElementById("chart-targets"), {type: "bar", data: {labels: c.labels, datasets: [
    {label: c.legend.value, data: c.values, backgroundColor: "#1d3b72"},
    {label: c.legend.target, data: c.targets, backgroundColor: "#f0b429"}]},
    options: {maintainAspectRatio: false, scales: {y: {beginAtZero: true}}}});
})();
