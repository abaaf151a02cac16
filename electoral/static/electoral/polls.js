// The poll average chart: one line per option and the band of the margin of error around it.
// Data and translated labels come from the json_script "poll-chart-data".
(function () {
  const element = document.getElementById("poll-chart-data");
  const canvas = document.getElementById("poll-chart");
  if (!element || !canvas) return;
  const data = JSON.parse(element.textContent);
  const colours = ["#1d3b72", "#c0392b", "#f0b429", "#27ae60", "#8e44ad", "#16a085"];
  const datasets = [];
  data.series.forEach((series, i) => {
    const colour = colours[i % colours.length];
    // The band: its high edge filled down to its low edge (the next dataset).
    datasets.push({ label: `${series.label} (${data.text.band})`, data: series.high, borderWidth: 0, pointRadius: 0,
      backgroundColor: colour + "22", fill: "+1", spanGaps: true, band: true });
    datasets.push({ label: `${series.label} low`, data: series.low, borderWidth: 0, pointRadius: 0,
      backgroundColor: colour + "22", fill: false, spanGaps: true, band: true });
    datasets.push({ label: series.label, data: series.average, borderColor: colour, backgroundColor: colour,
      borderWidth: 2, pointRadius: 3, fill: false, spanGaps: true, tension: 0.2 });
  });
  new Chart(canvas, {
    type: "line",
    data: { labels: data.days, datasets },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false, locale: "es-CO",
      plugins: {
        legend: { labels: { filter: (item, chart) => !chart.datasets[item.datasetIndex].band } },
        tooltip: { filter: (item) => !item.dataset.band },
      },
      scales: {
        y: { beginAtZero: true, title: { display: true, text: data.text.percent } },
        x: { title: { display: true, text: data.text.date } },
      },
    },
  });
})();
