// The module hand-out's "print" button (no inline handlers: the site's CSP refuses them).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
