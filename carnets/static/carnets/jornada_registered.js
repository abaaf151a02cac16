// The PDF opens in a new tab; this page then shows the card as printed, ready to hand over.
(function () {
  const form = document.getElementById("print-form");
  if (!form) return;
  let reload = null;
  form.addEventListener("submit", function () { reload = setTimeout(function () { window.location.reload(); }, 1500); });
  // Already on the way to the next person: a reload now would cancel that and bring this page back.
  window.addEventListener("beforeunload", function () { clearTimeout(reload); });
})();
