// Militancia: behaviour shared by all pages. htmx sends the CSRF token from <body hx-headers>.
// What it shows people comes translated from base.html (json_script "militancia-strings").
const militanciaStrings = (function () {
  const node = document.getElementById("militancia-strings");
  const strings = node ? JSON.parse(node.textContent) : null;
  return strings && typeof strings === "object" ? strings : {};
})();

document.addEventListener("htmx:responseError", function (event) {
  const status = event.detail.xhr.status;
  const message = (status === 403 ? militanciaStrings.forbidden
    : status === 404 ? militanciaStrings.not_found
    : militanciaStrings.error) || "";
  const box = document.createElement("div");
  box.className = "alert alert-danger";
  box.setAttribute("role", "alert");
  box.textContent = message;
  const main = document.getElementById("main");
  if (main) main.prepend(box);
});

// Scrollable regions (wide tables, long previews) must be reachable by keyboard (WCAG 2.1.1):
// each one that actually scrolls gets a tab stop and a name taken from its caption or heading.
function militanciaScrollRegions(root) {
  root.querySelectorAll(".table-responsive, [data-scroll-region], .overflow-auto, .overflow-x-auto, .overflow-y-auto").forEach(function (box) {
    const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    if (!scrolls || box.hasAttribute("tabindex")) return;
    box.setAttribute("tabindex", "0");
    if (!box.hasAttribute("role")) box.setAttribute("role", "region");
    if (box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) return;
    let name = "";
    const caption = box.querySelector("caption");
    if (caption) name = caption.textContent;
    let node = box;
    while (!name && node && node !== document.body) {
      let previous = node.previousElementSibling;
      while (previous && !/^H[1-6]$/.test(previous.tagName)) {
        const inner = previous.querySelector && previous.querySelector("h1, h2, h3, h4, h5, h6");
        if (inner) { previous = inner; break; }
        previous = previous.previousElementSibling;
      }
      if (previous) name = previous.textContent;
      node = node.parentElement;
    }
    box.setAttribute("aria-label", (name || document.title).replace(/\s+/g, " ").trim());
  });
}

// After a failed submit the keyboard and screen-reader user must land on the error, not on <body>:
// focus the first invalid field, else the form's error summary (components/form_fields.html marks it).
function militanciaFocusFirstError(root) {
  if (document.activeElement && document.activeElement !== document.body) return;
  const field = root.querySelector("main [aria-invalid='true']");
  const summary = root.querySelector("main [data-error-summary]");
  const target = field || summary;
  if (!target) return;
  if (target === summary && !summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
  if (target.tomselect) { target.tomselect.focus(); return; }
  target.focus();
}

// Tabs (role=tab links, one page per tab): arrow keys move between them, as in the ARIA tabs pattern.
document.addEventListener("keydown", function (event) {
  const tab = event.target.closest && event.target.closest("[role='tab']");
  if (!tab || !["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
  const tabs = Array.from(tab.closest("[role='tablist']").querySelectorAll("[role='tab']"));
  let index = tabs.indexOf(tab);
  if (event.key === "ArrowLeft") index = (index - 1 + tabs.length) % tabs.length;
  if (event.key === "ArrowRight") index = (index + 1) % tabs.length;
  if (event.key === "Home") index = 0;
  if (event.key === "End") index = tabs.length - 1;
  event.preventDefault();
  tabs[index].focus();
});

document.addEventListener("DOMContentLoaded", function () {
  militanciaScrollRegions(document);
  militanciaFocusFirstError(document);
});
window.addEventListener("load", function () { militanciaScrollRegions(document); });
document.addEventListener("htmx:afterSettle", function (event) { militanciaScrollRegions(event.detail.elt.parentElement || document); });

// Long lists (territories…): type-ahead search over a plain <select> (core.widgets.SearchSelect).
// Without JavaScript, or before Tom Select loads, the <select> works as it is.
function militanciaPickers(root) {
  if (!window.TomSelect) return;
  root.querySelectorAll("select[data-picker='search']").forEach(function (select) {
    if (select.tomselect) return;
    // The empty option ("---------", "All") becomes the placeholder; optional fields get a clear button.
    const picker = new TomSelect(select, {
      placeholder: select.dataset.placeholder,
      plugins: select.required ? {} : { clear_button: { title: select.dataset.clear || militanciaStrings.clear } },
      maxOptions: 200,
      // Filter on each keystroke, not 300 ms later: a late refresh reopened the list over the form
      // after a quick click had already chosen (lists here are at most ~1,200 options).
      refreshThrottle: 0,
      searchField: ["text", "optgroup"],
      lockOptgroupOrder: true,
      render: {
        no_results: function () { return '<div class="no-results">' + (select.dataset.noResults || militanciaStrings.no_results || "") + "</div>"; },
      },
    });
    // Keep the error wiring of the field on the control people type into.
    ["aria-invalid", "aria-describedby", "aria-required"].forEach(function (name) {
      if (select.hasAttribute(name)) picker.control_input.setAttribute(name, select.getAttribute(name));
    });
    if (select.required) picker.control_input.setAttribute("aria-required", "true");
    // The original <select> stays only as the form's value (Tom Select gives it tabindex=-1 and moves the
    // <label for> to its control): hidden from assistive technology, so the field is announced once.
    select.setAttribute("aria-hidden", "true");
  });
}

document.addEventListener("DOMContentLoaded", function () { militanciaPickers(document); }, { capture: true });
document.addEventListener("htmx:afterSettle", function (event) { militanciaPickers(event.detail.elt); });

// The Content-Security-Policy runs no inline handlers (onclick="…"): pages mark behaviour with data attributes.
// data-confirm on a form or a submit button asks before sending; data-autosubmit on a select sends its form
// when changed; data-history-back on a link goes back (its href is the fallback).
document.addEventListener("submit", function (event) {
  const form = event.target;
  const asker = (event.submitter && event.submitter.closest("[data-confirm]")) || form.closest("[data-confirm]");
  if (asker && !window.confirm(asker.dataset.confirm)) event.preventDefault();
});
document.addEventListener("change", function (event) {
  const select = event.target.closest && event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.requestSubmit();
});
document.addEventListener("click", function (event) {
  const link = event.target.closest && event.target.closest("a[data-history-back]");
  if (link && window.history.length > 1) { event.preventDefault(); window.history.back(); }
});
