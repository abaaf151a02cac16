/* Cédula scanning at the drive table (lookup step and registration form).

   A USB/Bluetooth scanner in keyboard mode types the PDF417 payload (or an MRZ reader the three
   MRZ lines) in a burst, far faster than a person: the burst is recognised by its timing, kept
   out of the focused field, and posted to the server, which parses it (one parser, tested in
   Python) and answers the person's fields. The camera posts video frames, or a photo, instead.
   Empty fields take the scanned value; a field that already holds a different value is shown
   side by side and the operator chooses: a scan never overwrites silently.
   Every word shown comes from the template (data-* attributes of #id-scan). */
(function () {
  "use strict";
  const box = document.getElementById("id-scan");
  if (!box) return;
  const text = box.dataset;
  const status = document.getElementById("scan-status");
  const review = document.getElementById("scan-review");
  const reviewRows = document.getElementById("scan-review-rows");
  const lookupForm = document.getElementById("lookup-form");
  const form = lookupForm || document.getElementById("registration-form");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const FIELDS = ["id_type", "id_number", "first_names", "last_names", "birth_date", "sex"];

  function say(message, tone) {
    status.textContent = message;
    status.className = "small mt-1" + (tone ? " text-" + tone : "");
    status.setAttribute("role", tone === "danger" ? "alert" : "status");
  }

  async function send(data) {
    const body = new FormData();
    Object.keys(data).forEach(function (key) { body.append(key, data[key]); });
    body.append("csrfmiddlewaretoken", csrf);
    try {
      const response = await fetch(box.dataset.url, {method: "POST", body: body, credentials: "same-origin"});
      let json = {};
      try { json = await response.json(); } catch (err) { json = {}; }
      return {ok: response.ok, json: json};
    } catch (err) {
      return {ok: false, json: {}};
    }
  }

  // --- Comparing what is typed with what the cédula says ---
  function plain(value) {
    return (value || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toUpperCase().replace(/\s+/g, " ").trim();
  }
  function same(name, a, b) {
    if (name === "id_number") return plain(a).replace(/\D/g, "").replace(/^0+/, "") === plain(b).replace(/\D/g, "").replace(/^0+/, "");
    return plain(a) === plain(b);
  }
  function shown(el, value) {
    if (el.tagName === "SELECT") {
      const option = Array.from(el.options).find(function (o) { return o.value === value; });
      return option ? option.text : value;
    }
    if (el.type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value.split("-").reverse().join("/");
    return value;
  }
  function labelOf(el) {
    const label = form.querySelector("label[for='" + el.id + "']");
    return label ? label.textContent.replace("*", "").trim() : el.name;
  }
  function fill(el, value) {
    el.value = value;
    el.classList.add("border-success", "bg-success-subtle");
    el.title = text.filled;
    el.dispatchEvent(new Event("change", {bubbles: true}));
  }

  function diffRow(el, value, onDone) {
    const row = document.createElement("div");
    row.className = "border-top py-2 scan-diff";
    row.dataset.field = el.name;
    const title = document.createElement("div");
    title.className = "small fw-semibold";
    title.textContent = labelOf(el);
    const values = document.createElement("div");
    values.className = "small mb-1";
    const typed = document.createElement("span");
    typed.textContent = text.typed + ": «" + shown(el, el.value) + "»";
    const card = document.createElement("span");
    card.className = "ms-3";
    card.textContent = text.onCard + ": «" + shown(el, value) + "»";
    values.append(typed, card);
    const use = document.createElement("button");
    use.type = "button";
    use.className = "btn btn-sm btn-warning me-2";
    use.textContent = text.use;
    const keep = document.createElement("button");
    keep.type = "button";
    keep.className = "btn btn-sm btn-outline-secondary";
    keep.textContent = text.keep;
    use.addEventListener("click", function () { onDone(true); row.remove(); settle(); });
    keep.addEventListener("click", function () { onDone(false); row.remove(); settle(); });
    row.append(title, values, use, keep);
    return row;
  }
  function settle() {
    const next = reviewRows.querySelector("button");
    if (next) {
      next.focus();
    } else {
      review.classList.add("d-none");
      afterScanFocus();
    }
  }
  function afterScanFocus() {
    // Next thing the operator does by hand: the first empty contact field, else the consent box.
    const next = ["id_phone", "id_email", "id_address"].map(function (id) { return document.getElementById(id); })
      .find(function (el) { return el && !el.value; }) || document.getElementById("id_consent");
    if (next) next.focus();
  }

  // --- Applying a scan ---
  function applyToLookup(result) {
    const fields = result.fields;
    const number = lookupForm.elements.id_number;
    const typedNumber = number.value;
    const submit = function () {
      lookupForm.elements.id_type.value = fields.id_type;
      number.value = fields.id_number;
      document.getElementById("lookup-scan").value = JSON.stringify(fields);
      lookupForm.requestSubmit();
    };
    if (typedNumber.trim() && !same("id_number", typedNumber, fields.id_number)) {
      reviewRows.replaceChildren(diffRow(number, fields.id_number, function (use) { if (use) submit(); }));
      review.classList.remove("d-none");
      reviewRows.querySelector("button").focus();
      return;
    }
    submit();
  }

  function applyToForm(fields, warnings) {
    const idType = form.elements.id_type;
    const idNumber = form.elements.id_number;
    if ((idNumber.value && !same("id_number", idNumber.value, fields.id_number)) ||
        (idType.value && fields.id_type && idType.value !== fields.id_type)) {
      say(text.otherPerson, "danger");
      return;
    }
    const rows = [];
    FIELDS.forEach(function (name) {
      const el = form.elements[name];
      const value = fields[name];
      if (!el || !value) return;
      if (!el.value) {
        fill(el, value);
      } else if (!same(name, el.value, value)) {
        rows.push(diffRow(el, value, function (use) { if (use) fill(el, value); }));
      }
    });
    say([text.read].concat(warnings || []).join(" "), (warnings || []).length ? "warning" : "success");
    if (rows.length) {
      reviewRows.replaceChildren.apply(reviewRows, rows);
      review.classList.remove("d-none");
      reviewRows.querySelector("button").focus();
    } else {
      review.classList.add("d-none");
      afterScanFocus();
    }
  }

  async function scan(data) {
    say(text.reading);
    const answer = await send(data);
    if (!answer.ok) {
      say(answer.json.error || text.failed, "danger");
      return answer;
    }
    if (lookupForm) applyToLookup(answer.json);
    else applyToForm(answer.json.fields, answer.json.warnings);
    return answer;
  }

  // --- The keyboard scanner: a burst of keys no person types ---
  const GAP = 50; // ms between two keys of a burst (scanners: 1–20 ms; people: 100 ms and more)
  const QUIET = 700; // ms of silence that end a scan (a Bluetooth scanner or a busy laptop stalls)
  // A burst is a scan once it shows what only a cédula carries: the PDF417's mark, or an MRZ's
  // first line or fillers. Other fast typing (a pasted or auto-typed number) is left alone.
  const SCAN_SIGN = /PubDSK|[ICA][A-Z<]COL\d|<</;
  let keys = [];
  let fast = 0; // keys of the current run that came within GAP of the previous one
  let last = 0;
  let bursting = false;
  let before = null; // the focused field and its value when the burst began
  let stalled = null; // a fast run that ended unrecognised: maybe the start of a scan that paused
  let timer = null;

  function charOf(event) {
    if (event.key === "Enter") return "\n";
    if (event.key === "Tab") return "\t";
    // NUL sent as Ctrl+@ (Ctrl+Shift+2 or Ctrl+Space on some layouts) by scanners set to control codes.
    if (event.ctrlKey && (event.key === "@" || event.key === " " || event.code === "Digit2")) return "\u0000";
    if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) return event.key;
    return null;
  }
  function restorable(el) {
    if (!el) return false;
    if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
    return el.tagName === "INPUT" && ["text", "search", "tel", "email", "number", "date"].indexOf(el.type) >= 0;
  }
  function finish() {
    const payload = keys.join("");
    const wasBurst = bursting;
    if (wasBurst) finishedAt = performance.now();
    if (!wasBurst && fast >= 3) stalled = {before: before, at: performance.now()};
    keys = [];
    fast = 0;
    bursting = false;
    if (!wasBurst) return;
    if (before && before.value !== null) before.el.value = before.value;
    scan({payload: payload});
  }
  let finishedAt = -1e9;
  function onChar(ch, event) {
    const now = performance.now();
    const gap = now - last;
    const el = document.activeElement;
    if (!bursting && gap <= GAP && now - finishedAt < 2000 && last >= finishedAt - QUIET - 5) {
      // The tail of a scan that paused past the quiet time: never typed into the page.
      last = now;
      event.preventDefault();
      return;
    }
    if (!bursting) {
      // A run goes on while keys come fast to the same field; one that merely stalled goes on
      // too, so its start and the field's value before it are kept (and one that stalled longer,
      // if the keys keep coming to the same field).
      const goesOn = before && before.el === el && (gap <= GAP || (fast >= 3 && gap < QUIET));
      if (!goesOn) {
        keys = [];
        fast = 0;
        before = stalled && stalled.before.el === el && now - stalled.at < 2000
          ? stalled.before : {el: el, value: restorable(el) ? el.value : null};
        stalled = null;
      } else if (gap <= GAP) {
        fast += 1;
      }
    }
    last = now;
    keys.push(ch);
    if (!bursting && SCAN_SIGN.test(keys.slice(-40).join(""))) bursting = true;
    // Keys arriving at machine speed never press a focused button or tick a box (a scan begun
    // with the focus on «Guardar» must not submit the form).
    const typing = el && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && restorable(el)));
    if (bursting || (fast >= 2 && !typing)) event.preventDefault();
    clearTimeout(timer);
    timer = setTimeout(finish, QUIET);
  }
  // Letters a keyboard layout lacks (Ñ, accents) may arrive as inserted text with no keydown.
  let expectInput = false;
  document.addEventListener("keydown", function (event) {
    expectInput = false;
    const ch = charOf(event);
    if (ch === null) return;
    onChar(ch, event);
    expectInput = !event.defaultPrevented && ch.length === 1 && ch !== "\n" && ch !== "\t";
  }, true);
  document.addEventListener("beforeinput", function (event) {
    if (event.inputType !== "insertText" || !event.data) return;
    if (expectInput) { expectInput = false; return; }
    if (event.data.length !== 1) {
      // Text put in at once (autofill, a pasted word) is not keys: the next key starts a new run.
      if (!bursting) before = null;
      return;
    }
    onChar(event.data, event);
  }, true);

  if (lookupForm) {
    // A number typed by hand after a scan is a new lookup: the scan no longer belongs to it.
    lookupForm.elements.id_number.addEventListener("input", function () {
      document.getElementById("lookup-scan").value = "";
    });
  }

  // --- The camera: frames posted until one holds a readable barcode ---
  const cameraButton = document.getElementById("scan-camera");
  const video = document.getElementById("scan-video");
  let stream = null;
  let loop = null;
  let busy = false;
  let started = 0;
  function stopCamera() {
    clearInterval(loop);
    loop = null;
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.classList.add("d-none");
    cameraButton.setAttribute("aria-pressed", "false");
  }
  function grab() {
    if (busy || !video.videoWidth) return;
    if (performance.now() - started > 90000) { stopCamera(); say(text.failed, "danger"); return; }
    busy = true;
    const canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d").drawImage(video, 0, 0);
    canvas.toBlob(async function (blob) {
      const answer = await send({image: new File([blob], "cedula.jpg", {type: "image/jpeg"})});
      busy = false;
      if (!stream) return;
      if (answer.ok) {
        stopCamera();
        if (lookupForm) applyToLookup(answer.json);
        else applyToForm(answer.json.fields, answer.json.warnings);
      } else if (!answer.json.not_found && answer.json.error) {
        say(answer.json.error, "warning"); // misread: keep looking
      }
    }, "image/jpeg", 0.92);
  }
  cameraButton.addEventListener("click", async function () {
    if (stream) { stopCamera(); say(""); return; }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: {facingMode: {ideal: "environment"}, width: {ideal: 1920}, height: {ideal: 1080}}, audio: false,
      });
    } catch (err) {
      say(text.noCamera, "danger");
      return;
    }
    video.srcObject = stream;
    video.classList.remove("d-none");
    cameraButton.setAttribute("aria-pressed", "true");
    say(text.looking);
    started = performance.now();
    loop = setInterval(grab, 700);
  });
  const photo = document.getElementById("scan-photo");
  document.getElementById("scan-photo-button").addEventListener("click", function () { photo.click(); });
  photo.addEventListener("change", function () {
    if (!photo.files.length) return;
    scan({image: photo.files[0]}).then(function () { photo.value = ""; });
  });

  // --- A scan carried from the lookup step ---
  const carried = document.getElementById("scan-initial");
  if (carried && !lookupForm) {
    applyToForm(JSON.parse(carried.textContent), []);
  }
})();
