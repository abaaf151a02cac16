// The PDF opens in a new tab; this page then shows the card as printed, ready to hand over.
(function () {
  var form = document.getElementById("print-form");
  if (form) form.addEventListener("submit", function () { setTimeout(function () { window.location.reload(); }, 1500); });
})();
