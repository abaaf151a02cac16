/* Charts of the membership reports page (data from json_script blocks). */
(function () {
  if (typeof Chart === "undefined") return;
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const departments = read("data-departments");
  const months = read("data-months");
  const brand = getComputedStyle(document.documentElement).getPropertyValue("--brand").trim() || "#7a1f2b";
  // Dataset names come translated from the template (json_script), like the data.
  const labelTotal = read("label-members");
  const labelActive = read("label-active");
  const labelNew = read("label-new-members");
  new Chart(document.getElementById("chart-departments"), {
    type: "bar",
    data: {
      labels: departments.labels,
      datasets: [
        { label: labelTotal, data: departments.total, backgroundColor: brand },
        { label: labelActive, data: departments.active, backgroundColor: "#2f9e6e" },
      ],
    },
    options: { indexAxis: "y", maintainAspectRatio: false, animation: false, scales: { x: { beginAtZero: true } } },
  });
  new Chart(document.getElementById("chart-months"), {
    type: "line",
    data: { labels: months.labels, datasets: [{ label: labelNew, data: months.values, borderColor: brand, backgroundColor: brand, tension: 0.2 }] },
    options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } },
  });
})();
