(function () {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const status = document.getElementById("cal-status");
  let dragged = null;
  document.querySelectorAll(".cal-item[draggable=true]").forEach(function (item) {
    item.addEventListener("dragstart", function (e) { dragged = item; e.dataTransfer.setData("text/plain", item.dataset.piece); });
  });
  document.querySelectorAll("[data-date]").forEach(function (cell) {
    cell.addEventListener("dragover", function (e) { if (dragged) { e.preventDefault(); cell.classList.add("drop-target"); } });
    cell.addEventListener("dragleave", function () { cell.classList.remove("drop-target"); });
    cell.addEventListener("drop", function (e) {
      e.preventDefault(); cell.classList.remove("drop-target");
      if (!dragged) return;
      const item = dragged; dragged = null;
      const body = new URLSearchParams({planned_date: cell.dataset.date});
      fetch(item.dataset.moveUrl, {method: "POST", body: body, headers: {"X-CSRFToken": token, "HX-Request": "true"}})
        .then(function (r) { return r.text().then(function (t) { return {ok: r.ok, text: t}; }); })
        .then(function (res) {
          status.textContent = res.text;
          if (res.ok) {
            // Move every copy of the piece (one per channel row) to the new day.
            document.querySelectorAll('[data-piece="' + item.dataset.piece + '"]').forEach(function (copy) {
              const row = copy.closest("tr");
              const target = (row && row.querySelector('[data-date="' + cell.dataset.date + '"]')) || cell;
              target.insertBefore(copy, target.querySelector("a.small"));
            });
          }
          else { alert(res.text); }
        });
    });
  });
})();
