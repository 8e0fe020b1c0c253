// Score entry by keyboard: Enter in a score field moves to the next field instead of submitting the
// sheet (Ctrl+Enter still saves). No inline script: the Content-Security-Policy forbids it.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || event.ctrlKey || event.metaKey) return;
  var field = event.target;
  var form = field.closest && field.closest("#sheet-form");
  if (!form || field.tagName === "TEXTAREA" || field.type === "submit") return;
  event.preventDefault();
  var fields = Array.prototype.filter.call(form.querySelectorAll("input:not([type=hidden]), select"), function (f) {
    return !f.disabled && f.offsetParent !== null;
  });
  var next = fields[fields.indexOf(field) + 1];
  if (next) { next.focus(); if (next.select) next.select(); }
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    var form = event.target.closest && event.target.closest("#sheet-form");
    if (form) { event.preventDefault(); form.submit(); }
  }
});
