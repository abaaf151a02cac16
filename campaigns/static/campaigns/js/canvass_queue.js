// A small outbox for the phone page: attempts wait in localStorage and are POSTed in order until
// the server answers. A retry after a dropped connection carries the same client UUID, so the
// server stores each attempt once. No text here: the page hands its strings over (json_script).
(function () {
  "use strict";
  const KEY = "militancia.campaigns.outbox.v1";

  function uuid4() {
    // crypto.randomUUID needs a secure context; getRandomValues works everywhere.
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(items) { localStorage.setItem(KEY, JSON.stringify(items)); }

  class Outbox {
    constructor({ csrf, onChange }) {
      this.csrf = csrf;
      this.onChange = onChange || (() => {});
      this.busy = false;
      this.delay = 2000;
      this.timer = null;
      window.addEventListener("online", () => this.flush(true));
    }
    items() { return load(); }
    add(url, body) {
      const item = { id: uuid4(), url, body: { ...body } };
      item.body.uuid = item.id;
      const items = load();
      items.push(item);
      save(items);
      this.onChange({ type: "queued", item });
      this.flush(true);
      return item;
    }
    schedule() {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.flush(false), this.delay);
      this.delay = Math.min(this.delay * 2, 30000);
    }
    async flush(reset) {
      if (reset) this.delay = 2000;
      if (this.busy) return;
      this.busy = true;
      try {
        for (;;) {
          const items = load();
          if (!items.length) { this.onChange({ type: "idle" }); break; }
          const item = items[0];
          let response;
          try {
            response = await fetch(item.url, {
              method: "POST",
              credentials: "same-origin",
              redirect: "manual",
              headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrf },
              body: JSON.stringify(item.body),
            });
          } catch (e) {
            this.onChange({ type: "offline" });
            this.schedule();
            break;
          }
          if (response.status === 200 || response.status === 201 || response.status === 400 || response.status === 403) {
            // Stored (or stored before: a retry), or refused for good: either way it leaves the outbox.
            let data = {};
            try { data = await response.json(); } catch (e) { data = {}; }
            save(load().filter((x) => x.id !== item.id));
            this.onChange({ type: response.ok ? "sent" : "refused", item, data, status: response.status });
            continue;
          }
          // 5xx, a redirect to the login page, a proxy error: keep it and try again later.
          this.onChange({ type: "offline" });
          this.schedule();
          break;
        }
      } finally {
        this.busy = false;
      }
    }
  }

  window.CanvassOutbox = Outbox;
})();
