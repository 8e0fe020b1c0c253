// The phone page of a one-time code (core/templates/core/code_entry.html). A slip's QR code opens the
// page with the code after "#": browsers never send that part, so the code reaches the server only in
// the form's POST body, never in an address a proxy or the server logs (docs/rules.md §14). This puts
// the code in the field, removes it from the address bar and the history, and submits when the code
// alone leads on. No inline script: the Content-Security-Policy forbids it.
(function () {
  var form = document.querySelector("form[data-code-entry]");
  if (!form || !window.location.hash) return;
  var code = window.location.hash.slice(1);
  try { code = decodeURIComponent(code); } catch (e) { /* keep it as it is */ }
  code = code.replace(/^code=/, "");
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  var input = form.querySelector("input[name=code]");
  if (!input || !code) return;
  input.value = code;
  if (form.hasAttribute("data-autosubmit") && input.checkValidity()) {
    form.submit();
  }
})();
