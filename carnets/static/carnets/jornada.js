/* Drive registration page: camera photo (getUserMedia), signature pad, keyboard shortcuts. */
(function () {
  "use strict";
  const script = document.getElementById("jornada-js");
  const form = document.getElementById("registration-form");
  if (!form) return;

  // First field to type in: the first name of a new person, or the first field with an error, unless
  // the focus is already in a field (autofocus, or the operator typing ahead: early_keys.js). Taking
  // it back from there sent the rest of what was being typed into the wrong field.
  const focused = document.activeElement;
  if (!focused || focused === document.body) {
    const invalid = form.querySelector(".is-invalid");
    (invalid || document.getElementById("id_first_names") || form.querySelector("input:not([type=hidden])")).focus();
  }

  // Signature. After a failed submission the page sends back the signature already drawn
  // (hidden #id_signature): it is drawn again and kept unless the operator clears it.
  const canvas = document.getElementById("signature-pad");
  const signatureInput = document.getElementById("id_signature");
  const pad = new SignaturePad(canvas, {backgroundColor: "rgb(255,255,255)", penColor: "rgb(20,20,60)"});
  let kept = signatureInput.value || null;
  function redraw() {
    const strokes = pad.toData();
    pad.clear();
    if (kept) {
      pad.fromDataURL(kept).then(function () { pad.fromData(strokes, {clear: false}); });
    } else {
      pad.fromData(strokes);
    }
  }
  function resize() {
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    redraw();
  }
  window.addEventListener("resize", resize);
  resize();
  document.getElementById("signature-clear").addEventListener("click", function () {
    kept = null;
    signatureInput.value = "";
    pad.clear();
    const note = document.getElementById("signature-kept");
    if (note) note.remove();
  });

  // A fingerprint kept from the previous attempt can be discarded; a new file replaces it.
  const fingerprintData = document.getElementById("id_fingerprint_data");
  const discard = document.getElementById("fingerprint-discard");
  if (discard) {
    discard.addEventListener("click", function () {
      fingerprintData.value = "";
      document.getElementById("fingerprint-kept").remove();
    });
  }

  // Camera.
  const video = document.getElementById("camera");
  const shoot = document.getElementById("camera-shoot");
  const photoInput = document.getElementById("id_photo");
  const preview = document.getElementById("photo-preview");
  const status = document.getElementById("camera-status");
  let stream = null;
  document.getElementById("camera-start").addEventListener("click", async function () {
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {width: {ideal: 1280}, height: {ideal: 960}}, audio: false});
      video.srcObject = stream;
      video.classList.remove("d-none");
      shoot.disabled = false;
      shoot.focus();
    } catch (err) {
      status.textContent = script.dataset.cameraError;
    }
  });
  shoot.addEventListener("click", function () {
    if (!stream) return;
    const snap = document.createElement("canvas");
    snap.width = video.videoWidth || 640;
    snap.height = video.videoHeight || 480;
    snap.getContext("2d").drawImage(video, 0, 0, snap.width, snap.height);
    snap.toBlob(function (blob) {
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], "camara.jpg", {type: "image/jpeg"}));
      photoInput.files = transfer.files;
      preview.src = URL.createObjectURL(blob);
      preview.classList.remove("d-none");
      status.textContent = script.dataset.photoTaken;
      stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      video.classList.add("d-none");
      shoot.disabled = true;
    }, "image/jpeg", 0.9);
  });

  form.addEventListener("submit", function () {
    // Untouched kept signature: send it back as it came (no re-encoding); otherwise the canvas.
    if (pad.isEmpty()) {
      signatureInput.value = "";
    } else if (!(kept && pad.toData().length === 0)) {
      signatureInput.value = pad.toDataURL("image/png");
    }
    document.getElementById("save").disabled = true;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
