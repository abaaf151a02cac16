// Progress charts of a campaign; data and translated labels come from json_script blocks.
(function () {
  "use strict";
  const el = document.getElementById("campaign-chart");
  if (!el || !window.Chart) return;
  const data = JSON.parse(el.textContent);
  const text = (id) => JSON.parse(document.getElementById(id).textContent);
  const brand = "#1d3b72", grey = "#c5cede", accent = "#f0b429";
  // Counts of people: whole numbers on the axis.
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    indexAxis: "y",
    scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
  };
  new Chart(document.getElementById("chart-turfs"), {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: text("t-talked"), data: data.talked, backgroundColor: brand },
        { label: text("t-target"), data: data.target, backgroundColor: grey },
      ],
    },
    options: common,
  });
  new Chart(document.getElementById("chart-volunteers"), {
    type: "bar",
    data: {
      labels: data.volunteers,
      datasets: [
        { label: text("t-attempts"), data: data.attempts, backgroundColor: accent },
        { label: text("t-talked"), data: data.volunteer_talked, backgroundColor: brand },
      ],
    },
    options: common,
  });
})();
