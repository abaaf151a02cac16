// Charts of the electoral analysis page; data comes from the json_script block "chart-data".
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const brand = "#1d3b72", accent = "#f0b429", grey = "#8a99b5";
  const common = { responsive: true, maintainAspectRatio: false, animation: false };
  new Chart(document.getElementById("chart-share"), {
    type: "bar",
    data: { labels: data.labels, datasets: [
      { label: document.documentElement.lang === "es" ? "Participación %" : "Turnout %", data: data.turnout, backgroundColor: grey },
      { label: document.documentElement.lang === "es" ? "Nuestra votación %" : "Our share %", data: data.own_share, backgroundColor: brand },
      ...(data.previous_share.some((v) => v !== null) ? [{ label: document.documentElement.lang === "es" ? "Elección anterior %" : "Previous %", data: data.previous_share, backgroundColor: accent }] : []),
    ] },
    options: common,
  });
  new Chart(document.getElementById("chart-parties"), {
    type: "bar",
    data: { labels: data.parties, datasets: [{ label: document.documentElement.lang === "es" ? "Votos" : "Votes", data: data.party_votes, backgroundColor: brand }] },
    options: { ...common, indexAxis: "y" },
  });
  new Chart(document.getElementById("chart-members"), {
    type: "scatter",
    data: { datasets: [{ label: document.documentElement.lang === "es" ? "Unidades" : "Units", backgroundColor: brand,
      data: data.labels.map((label, i) => ({ x: data.members[i], y: data.own_votes[i], label })) }] },
    options: { ...common, plugins: { tooltip: { callbacks: { label: (c) => `${c.raw.label}: ${c.raw.x} / ${c.raw.y}` } } },
      scales: { x: { title: { display: true, text: document.documentElement.lang === "es" ? "Militantes" : "Members" } },
                y: { title: { display: true, text: document.documentElement.lang === "es" ? "Votos obtenidos" : "Votes" } } } },
  });
})();
