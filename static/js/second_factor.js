// Second-factor pages: after a passkey is created, go on (data-after-passkey); print the recovery codes.
document.addEventListener("otp_webauthn.register_complete", function () {
  const box = document.querySelector("[data-after-passkey]");
  if (box) window.location.assign(box.dataset.afterPasskey);
});
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print-page]")) window.print();
});
