// Small behaviours with no inline script (the Content-Security-Policy forbids inline scripts).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-tree]");
  if (!button) return;
  var open = button.getAttribute("data-tree") === "open";
  document.querySelectorAll(".jw-tree details").forEach(function (d) { d.open = open; });
});
