// Print buttons (no inline script under the CSP).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) { event.preventDefault(); window.print(); }
});
// Paper entry by keyboard: in a question, the number keys pick the n-th option (radio: pick and go
// to the next question; checkbox: tick/untick), Enter goes to the next question, Ctrl+Enter saves
// and opens the next form.
(function () {
  var form = document.getElementById("paper-form");
  if (!form) return;
  var groups = function () { return Array.prototype.slice.call(form.querySelectorAll("fieldset.jw-q")); };
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); return; }
    var fs = event.target.closest("fieldset.jw-q");
    if (!fs || event.target.tagName === "TEXTAREA" || event.target.tagName === "SELECT") return;
    if (event.key === "Enter") {  // Enter goes to the next question; only Ctrl+Enter saves
      event.preventDefault();
      focusNext(fs);
      return;
    }
    if (!/^[1-9]$/.test(event.key) || event.ctrlKey || event.altKey || event.metaKey) return;
    var inputs = fs.querySelectorAll(".jw-choices input");
    var input = inputs[parseInt(event.key, 10) - 1];
    if (!input) return;
    event.preventDefault();
    if (input.type === "checkbox") { input.checked = !input.checked; input.focus(); return; }
    input.checked = true;
    focusNext(fs);
  });
  function focusNext(fs) {
    var all = groups();
    var next = all[all.indexOf(fs) + 1];
    if (next) {
      var target = next.querySelector("input:checked") || next.querySelector("input, textarea, select");
      if (target) target.focus();
    } else {
      form.querySelector("button[type=submit]").focus();
    }
  }
})();
