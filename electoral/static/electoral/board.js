// The where-to-work ranking chart; data and translated labels come from the json_script "board-chart-data".
(function () {
  const element = document.getElementById("board-chart-data");
  const canvas = document.getElementById("board-chart");
  if (!element || !canvas) return;
  const data = JSON.parse(element.textContent);
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: data.text.potential, data: data.potential, backgroundColor: "#1d3b72" }] },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false, indexAxis: "y", locale: "es-CO",
      scales: { x: { type: "linear", beginAtZero: true }, y: { type: "category", ticks: { autoSkip: false } } },
      plugins: { legend: { display: false } },
    },
  });
})();
