// Self-rating (step 3): warn at once when the chosen level stands above the plurality of step 1 or 2.
// The server flags it too (ratings.classification.rules.self_rating_flag); this only shows it early.
(function () {
  "use strict";
  var RANK = { lagging: 0, average: 1, advanced: 2 };
  function setup() {
    var note = document.getElementById("plurality-note");
    var warning = document.getElementById("plurality-warning");
    if (!note || !warning) return;
    var tops = [note.dataset.top1, note.dataset.top2].filter(function (v) { return v !== ""; }).map(Number);
    function update() {
      var chosen = document.querySelector("input[name=level]:checked");
      var above = chosen && tops.some(function (top) { return RANK[chosen.value] > top; });
      warning.classList.toggle("d-none", !above);
    }
    document.querySelectorAll("input[name=level]").forEach(function (el) { el.addEventListener("change", update); });
    update();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
