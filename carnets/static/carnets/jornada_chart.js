(function () {
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const data = read("chart-data");
  new Chart(document.getElementById("by-hour"), {
    type: "bar",
    data: {labels: data.labels, datasets: [
      {label: read("label-registered"), data: data.registered, backgroundColor: "#8B1E3F"},
      {label: read("label-printed"), data: data.printed, backgroundColor: "#6c757d"},
      {label: read("label-delivered"), data: data.delivered, backgroundColor: "#198754"}]},
    options: {responsive: true, maintainAspectRatio: false, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
  });
})();
