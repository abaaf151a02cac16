// Militancia: behaviour shared by all pages. htmx sends the CSRF token from <body hx-headers>.
document.addEventListener("htmx:responseError", function (event) {
  const status = event.detail.xhr.status;
  const message = status === 403 ? "No tiene permiso para esta acción."
    : status === 404 ? "El registro no existe o está fuera de su alcance."
    : "Ocurrió un error. Intente de nuevo.";
  const box = document.createElement("div");
  box.className = "alert alert-danger";
  box.setAttribute("role", "alert");
  box.textContent = message;
  const main = document.getElementById("main");
  if (main) main.prepend(box);
});
