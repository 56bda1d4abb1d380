// A button marked data-print prints the page (a receipt); a static file, as the
// Content-Security-Policy allows no inline script or on* handler.
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
