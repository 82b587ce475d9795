// renda: the one confirmation before an irreversible step (core/confirm.py, core/_confirm.html).
// Without this script the form's required box must be ticked; with it, the box gives way to a
// dialog asking the same question.  Older forms carry the question in data-confirm="…".
(function () {
  "use strict";
  function prepare(root) {
    root.querySelectorAll("[data-confirm-check]").forEach(function (block) {
      var box = block.querySelector("input[name=confirmed]");
      if (!box) { return; }
      box.required = false;
      block.hidden = true;
    });
  }
  prepare(document);
  // For parts of a page replaced after it loaded (the chair's console, meetings/live.js).
  window.rendaConfirm = { prepare: prepare };
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.querySelector) { return; }
    var box = form.querySelector("[data-confirm-check] input[name=confirmed]");
    var question = box && !box.checked && box.closest("[data-confirm-check]").hidden
      ? box.getAttribute("data-question") : form.getAttribute("data-confirm");
    if (!question) { return; }
    if (window.confirm(question)) {
      if (box) { box.checked = true; }
    } else {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
