// The contact form: with "No" (no consent) the personal fields are hidden and disabled, so the
// person sees that nothing of theirs is sent; only the polling place and the level remain.
(function () {
  "use strict";
  const form = document.querySelector("[data-consent-form]");
  if (!form) return;
  const personal = ["first_names", "last_names", "id_number", "phone", "address", "territory", "tags", "source",
    "consent_channel", "consent_date", "consent_evidence"];
  function apply() {
    const checked = form.querySelector('input[name="has_consent"]:checked');
    const consented = !checked || checked.value === "yes";
    personal.forEach((name) => {
      const input = form.querySelector(`[name="${name}"]`);
      if (!input) return;
      const block = input.closest(".mb-3");
      if (block) block.hidden = !consented;
      input.disabled = !consented;
    });
  }
  form.addEventListener("change", (ev) => { if (ev.target.name === "has_consent") apply(); });
  apply();
})();
