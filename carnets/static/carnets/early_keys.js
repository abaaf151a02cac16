/* Drive table: what the operator types before the page can take it is kept, never lost.

   Loaded in <head>, before anything of the page is drawn, on the lookup, the registration form
   and the "registration saved" page. Keys were lost at two moments:
   - The browser draws the page before it gives the [autofocus] field the focus (on a slow laptop
     a tenth of a second later): keys typed then reached no field. Now the first key typed with
     nothing focused puts the focus in that field and lands in it.
   - After Enter on the lookup, or «Siguiente persona» (a form or link marked data-keep-typing),
     the old page stays on screen until the next one arrives: keys typed meanwhile went to a page
     about to disappear. Now they are held (sessionStorage, this tab, a few seconds) and typed into
     the next page's field when it takes the focus, in order: Tab moves on to the next field and
     Enter submits, as they would have. */
(function () {
  "use strict";
  const STORE = "carnets.earlyKeys";
  const MAX_AGE = 20000; // ms held keys wait for the next page; past that the page is not coming
  const TEXT_TYPES = ["text", "search", "tel", "email", "url", "number", "password"];
  let held = []; // characters, "\t" and "\n" typed that no field has taken yet
  let leaving = false;
  let delivering = false;

  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE) || "null");
    sessionStorage.removeItem(STORE);
    if (saved && Array.isArray(saved.keys) && Date.now() - saved.at < MAX_AGE) {
      held = saved.keys.filter(function (key) { return typeof key === "string" && key.length === 1; });
    }
  } catch (err) {
    held = [];
  }

  function save() {
    try {
      sessionStorage.setItem(STORE, JSON.stringify({at: Date.now(), keys: held}));
    } catch (err) {
      // Storage refused (private mode, full): the keys stay with this page only.
    }
  }
  function forget() {
    held = [];
    try { sessionStorage.removeItem(STORE); } catch (err) { /* nothing stored */ }
  }

  function takesText(el) {
    if (!el || el.disabled || el.readOnly) return false;
    return el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && TEXT_TYPES.indexOf(el.type) >= 0);
  }
  function nothingFocused() {
    const el = document.activeElement;
    return !el || el === document.body || el === document.documentElement;
  }
  function keyOf(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return null;
    if (event.key === "Enter") return "\n";
    if (event.key === "Tab") return event.shiftKey ? null : "\t";
    if (event.key === "Backspace") return "\b";
    return event.key.length === 1 ? event.key : null;
  }
  function isControl(key) {
    return key === "\t" || key === "\n" || key === "\b";
  }
  function hold(key) {
    if (key !== "\b") {
      held.push(key);
    } else if (held.length && !isControl(held[held.length - 1])) {
      held.pop(); // a correction typed before the field was there
    }
  }

  function nextField(el) {
    const all = Array.from(document.querySelectorAll("input, select, textarea, button, a[href], [tabindex]")).filter(
      function (node) { return node.tabIndex >= 0 && !node.disabled && node.getClientRects().length > 0; });
    const index = all.indexOf(el);
    return index >= 0 ? all[index + 1] || null : null;
  }
  function insert(el, text) {
    try {
      el.setRangeText(text, el.selectionStart, el.selectionEnd, "end");
    } catch (err) {
      el.value += text; // e-mail and number inputs have no selection
    }
    el.dispatchEvent(new Event("input", {bubbles: true}));
  }

  // Type the held keys into the field that has just taken the focus.
  function deliver(el) {
    delivering = true;
    try {
      while (held.length && !leaving) {
        const key = held.shift();
        if (key === "\t") {
          const next = nextField(el);
          if (!next) break;
          next.focus();
          if (!takesText(next)) break;
          el = next;
        } else if (key === "\n") {
          if (el.form) el.form.requestSubmit(); // what Enter in a text field does; the rest is held if it leaves
          break;
        } else {
          insert(el, key);
        }
      }
    } finally {
      delivering = false;
      if (!leaving) forget();
    }
  }

  document.addEventListener("focusin", function (event) {
    if (held.length && !delivering && !leaving && takesText(event.target)) deliver(event.target);
  }, true);

  // Bubbling on window: the scanner's listener (id_scan.js) has already kept its own keys.
  window.addEventListener("keydown", function (event) {
    if (event.defaultPrevented) return;
    const key = keyOf(event);
    if (key === null) return;
    if (leaving) {
      hold(key);
      save();
      event.preventDefault();
      return;
    }
    if (!nothingFocused()) return;
    const field = document.querySelector("[autofocus]");
    if (field) {
      // The field is on the page but the focus has not reached it yet (or was lost to a click on
      // nothing): while it is empty, or the page still loading, what is typed is for it.
      const forIt = held.length || ((field.value === "" || document.readyState !== "complete") && !isControl(key));
      if (takesText(field) && forIt) field.focus(); // it takes what is held first; this key follows into it
      return;
    }
    if (document.readyState === "complete") return; // a page without such a field: its keys are its own
    if (!held.length && isControl(key)) return;
    hold(key); // the field is not on the page yet
    event.preventDefault();
  });

  // Letters a keyboard layout lacks (accents, Ñ) may arrive as inserted text with no keydown.
  window.addEventListener("beforeinput", function (event) {
    if (!leaving || event.defaultPrevented || event.inputType !== "insertText" || !event.data) return;
    Array.from(event.data).forEach(hold);
    save();
    event.preventDefault();
  });

  function leave() {
    leaving = true;
    save();
    // Still here long after (the next page never came): the held keys go to this page.
    setTimeout(function () {
      leaving = false;
      const el = document.activeElement;
      if (takesText(el)) deliver(el);
      else forget();
    }, MAX_AGE);
  }
  window.addEventListener("submit", function (event) {
    if (!event.defaultPrevented && event.target.matches("[data-keep-typing]")) leave();
  });
  window.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a[data-keep-typing]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey) return; // another tab or window (Alt: its accesskey)
    leave();
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { leaving = false; forget(); } // back to this page from the history
  });
  // Loaded with keys still held: they go to the page's field now, or (the page has none) are dropped
  // rather than typed into whatever takes the focus later.
  window.addEventListener("load", function () {
    const field = document.querySelector("[autofocus]");
    if (held.length && !leaving && nothingFocused() && takesText(field)) field.focus();
    if (!leaving) forget();
  });
})();
