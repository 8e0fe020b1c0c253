// Small behaviours with no inline script (the Content-Security-Policy forbids inline scripts).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-tree]");
  if (!button) return;
  var open = button.getAttribute("data-tree") === "open";
  document.querySelectorAll(".jw-tree details").forEach(function (d) { d.open = open; });
});

// Progress bars carry their value in data-progress; the width is set here because the
// Content-Security-Policy allows no inline style attributes.
function jwProgress(root) {
  (root || document).querySelectorAll("[data-progress]").forEach(function (bar) {
    bar.style.width = Math.max(0, Math.min(100, Number(bar.getAttribute("data-progress")) || 0)) + "%";
  });
}
document.addEventListener("DOMContentLoaded", function () { jwProgress(document); });
document.addEventListener("htmx:afterSettle", function (event) { jwProgress(event.target); });

// A form with data-confirm asks before it is sent (instead of an inline onsubmit handler).
document.addEventListener("submit", function (event) {
  var form = event.target.closest ? event.target.closest("form[data-confirm]") : null;
  if (form && !window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
});

// A <select data-autosubmit> (the campaign switcher) sends its form when another option is chosen.
document.addEventListener("change", function (event) {
  var select = event.target.closest ? event.target.closest("select[data-autosubmit]") : null;
  if (select && select.form) select.form.submit();
});
