(function () {
  const data = JSON.parse(document.getElementById("followers-data").textContent);
  new Chart(document.getElementById("followers-chart"), {type: "line", data: data, options: {maintainAspectRatio: false, spanGaps: true}});
})();
