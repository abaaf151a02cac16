// The phone page: Not home / Refused are one tap; Talked → support level → Save is three.
(function () {
  "use strict";
  const root = document.querySelector("[data-phone-list]");
  if (!root) return;
  const t = JSON.parse(document.getElementById("phone-strings").textContent);
  const url = root.dataset.postUrl;
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const net = root.querySelector("[data-net-status]");
  const pendingText = root.querySelector("[data-pending-text]");
  const doneCount = root.querySelector("[data-done-count]");

  function card(contactId) { return root.querySelector(`[data-contact="${contactId}"]`); }
  function mark(el, state, text) {
    el.classList.remove("is-done", "is-pending", "is-failed");
    el.classList.add(`is-${state}`);
    el.querySelector("[data-card-state]").textContent = text;
  }
  function refresh(outbox, offline) {
    const pending = outbox.items().filter((i) => i.url === url).length;
    if (offline) {
      net.textContent = t.offline;
      net.className = "badge rounded-pill text-bg-warning text-wrap";
    } else if (navigator.onLine) {
      net.textContent = t.online;
      net.className = "badge rounded-pill text-bg-success";
    }
    pendingText.textContent = pending ? `${pending} ${t.waiting}` : t.all_sent;
    doneCount.textContent = root.querySelectorAll(".phone-card.is-done, .phone-card.is-pending").length;
  }

  const outbox = new window.CanvassOutbox({
    csrf,
    onChange(event) {
      if (event.item && event.item.url === url) {
        const el = card(event.item.body.contact);
        if (el && event.type === "queued") mark(el, "pending", t.pending);
        if (el && event.type === "sent") mark(el, "done", event.data.label || t.saved);
        if (el && event.type === "refused") mark(el, "failed", `${t.failed}: ${event.data.error || event.status}`);
      }
      refresh(outbox, event.type === "offline");
    },
  });

  // Attempts left in the outbox by an earlier visit still show as pending.
  outbox.items().filter((i) => i.url === url).forEach((i) => {
    const el = card(i.body.contact);
    if (el) mark(el, "pending", t.pending);
  });
  window.addEventListener("offline", () => refresh(outbox, true));
  window.addEventListener("online", () => refresh(outbox, false));

  function send(el, body) {
    outbox.add(url, { contact: Number(el.dataset.contact), at: new Date().toISOString(), ...body });
    const panel = el.querySelector("[data-talk-panel]");
    panel.hidden = true;
  }
  function toggle(button) {
    button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
  }

  root.addEventListener("click", (ev) => {
    const button = ev.target.closest("button");
    if (!button) return;
    const el = button.closest("[data-contact]");
    if (!el) return;
    if (button.dataset.result) {
      send(el, { result: button.dataset.result });
    } else if (button.hasAttribute("data-talk")) {
      const panel = el.querySelector("[data-talk-panel]");
      panel.hidden = !panel.hidden;
    } else if (button.dataset.level) {
      el.querySelectorAll("[data-level]").forEach((b) => b.setAttribute("aria-pressed", b === button ? "true" : "false"));
    } else if (button.dataset.issue || button.dataset.flag) {
      toggle(button);
    } else if (button.hasAttribute("data-save")) {
      const level = el.querySelector('[data-level][aria-pressed="true"]');
      if (!level) {
        mark(el, "failed", t.level_first);
        return;
      }
      const flag = (name) => el.querySelector(`[data-flag="${name}"]`).getAttribute("aria-pressed") === "true";
      send(el, {
        result: "talked",
        support_level: Number(level.dataset.level),
        issues: Array.from(el.querySelectorAll('[data-issue][aria-pressed="true"]'), (b) => b.dataset.issue),
        volunteer: flag("volunteer") || null,
        card: flag("card") || null,
        ride: flag("ride") || null,
      });
    }
  });

  refresh(outbox, false);
  outbox.flush(true);
})();
