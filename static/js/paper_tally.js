// Fast keyboard entry of paper ballots counted as totals (core/paper.py), for every vote whose paper
// result is a set of counters (the classification steps, the year-end satisfaction, the member
// evaluation). Markup: each count field carries data-tally-group="<group>" and data-tally-key="n";
// the words come from <template id="jw-tally-words" data-hint data-papers data-undo>.
// The script puts a pad (a focusable box) before each group: while the pad has focus, key n adds one
// paper to the field whose key is n (the number printed before the box on the blank paper),
// Backspace takes back the last paper, Ctrl+Enter saves. The fields stay editable by hand.
(function () {
  var inputs = Array.prototype.slice.call(document.querySelectorAll("input[data-tally-group]"));
  var words = document.getElementById("jw-tally-words");
  if (!inputs.length || !words) return;
  var groups = {}, order = [];
  inputs.forEach(function (input) {
    var name = input.dataset.tallyGroup;
    if (!groups[name]) { groups[name] = []; order.push(name); }
    groups[name].push(input);
  });
  function labelOf(input) {
    var label = document.querySelector('label[for="' + input.id + '"]');
    return label ? label.textContent.replace(/[*：:]\s*$/, "").trim() : input.name;
  }
  function value(input) { var v = parseInt(input.value || "0", 10); return isNaN(v) || v < 0 ? 0 : v; }
  order.forEach(function (name, index) {
    var fields = groups[name].slice().sort(function (a, b) { return a.dataset.tallyKey - b.dataset.tallyKey; });
    var pad = document.createElement("div");
    pad.className = "jw-tally-pad border border-2 rounded p-2 mb-2 bg-light";
    pad.style.cssText = "flex: 0 0 100%; width: 100%; max-width: 100%;";  // a whole row, also inside a grid
    pad.tabIndex = 0;
    pad.setAttribute("role", "group");
    pad.setAttribute("data-testid", "tally-pad");
    pad.setAttribute("data-tally-pad", name);
    var keys = fields.map(function (f) {
      var text = labelOf(f);
      if (text.indexOf(name + "：") === 0) text = text.slice(name.length + 1);  // "党员：满意" → "满意"
      return "<kbd>" + f.dataset.tallyKey + "</kbd> " + text.replace(/[<>&]/g, "");
    }).join(" · ");
    pad.innerHTML = '<div class="fw-semibold"></div><div class="small">' + keys + ' · <kbd>⌫</kbd> <span class="jw-undo"></span></div>' +
      '<div class="small text-muted"><span class="jw-hint"></span> <span class="jw-papers"></span> <strong class="jw-n" data-testid="tally-count">0</strong></div>';
    pad.querySelector(".fw-semibold").textContent = name;
    pad.querySelector(".jw-undo").textContent = words.dataset.undo;
    pad.querySelector(".jw-hint").textContent = words.dataset.hint;
    pad.querySelector(".jw-papers").textContent = words.dataset.papers;
    var counter = pad.querySelector(".jw-n");
    var history = [];
    function show() { counter.textContent = String(history.length); }
    pad.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        var form = fields[0].form;
        if (form) { event.preventDefault(); form.requestSubmit(); }
        return;
      }
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      if (/^[1-9]$/.test(event.key)) {
        var field = fields.filter(function (f) { return f.dataset.tallyKey === event.key; })[0];
        if (!field) return;
        event.preventDefault();
        field.value = String(value(field) + 1);
        field.dispatchEvent(new Event("input", { bubbles: true }));
        history.push(field);
        show();
      } else if (event.key === "Backspace" || event.key === "-") {
        event.preventDefault();
        var last = history.pop();
        if (last) { last.value = String(Math.max(0, value(last) - 1)); last.dispatchEvent(new Event("input", { bubbles: true })); }
        show();
      }
    });
    var anchor = fields[0].closest(".mb-3, .jw-tally-anchor") || fields[0].parentNode;
    anchor.parentNode.insertBefore(pad, anchor);
    if (index === 0 && !document.querySelector("[autofocus]")) pad.focus();
  });
})();
