// Charts of the electoral analysis page; data and translated labels come from the json_script "chart-data".
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const t = data.text;
  const brand = "#1d3b72", accent = "#f0b429", grey = "#8a99b5";
  const common = { responsive: true, maintainAspectRatio: false, animation: false };
  const shareSets = [
    { label: t.turnout, data: data.turnout, backgroundColor: grey },
    { label: t.own_share, data: data.own_share, backgroundColor: brand },
  ];
  if (data.previous_share.some((v) => v !== null)) {
    shareSets.push({ label: t.previous, data: data.previous_share, backgroundColor: accent });
  }
  new Chart(document.getElementById("chart-share"), {
    type: "bar",
    data: { labels: data.labels, datasets: shareSets },
    options: common,
  });
  new Chart(document.getElementById("chart-parties"), {
    type: "bar",
    data: { labels: data.parties, datasets: [{ label: t.votes, data: data.party_votes, backgroundColor: brand }] },
    options: {
      ...common,
      indexAxis: "y",
      scales: { x: { type: "linear", beginAtZero: true }, y: { type: "category" } },
    },
  });
  new Chart(document.getElementById("chart-members"), {
    type: "scatter",
    data: {
      datasets: [{
        label: t.units,
        backgroundColor: brand,
        // Units that share a territory have no members of their own (null): not drawn.
        data: data.labels
          .map((label, i) => ({ x: data.members[i], y: data.own_votes[i], label }))
          .filter((point) => point.x !== null),
      }],
    },
    options: {
      ...common,
      plugins: { tooltip: { callbacks: { label: (c) => `${c.raw.label}: ${c.raw.x} / ${c.raw.y}` } } },
      scales: {
        x: { title: { display: true, text: t.members } },
        y: { title: { display: true, text: t.own_votes } },
      },
    },
  });
})();
