// The poll form: add result rows (Django formset) and show the running sum of the percents.
(function () {
  const form = document.getElementById("poll-form");
  if (!form) return;
  const body = document.querySelector("#result-rows tbody");
  const total = form.querySelector("input[name='results-TOTAL_FORMS']");
  const template = document.getElementById("result-row-template");
  const sum = document.getElementById("result-sum");
  function update() {
    let value = 0;
    body.querySelectorAll("input[name$='-percent']").forEach((input) => {
      const number = parseFloat((input.value || "").replace(",", "."));
      if (!Number.isNaN(number)) value += number;
    });
    sum.textContent = value.toLocaleString("es-CO", { maximumFractionDigits: 2 });
  }
  document.getElementById("add-result-row").addEventListener("click", () => {
    const index = parseInt(total.value, 10);
    body.insertAdjacentHTML("beforeend", template.innerHTML.replaceAll("__prefix__", String(index)));
    total.value = String(index + 1);
  });
  body.addEventListener("input", update);
  update();
})();
