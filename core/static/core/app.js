// renda: small progressive enhancements. Every form also works without JavaScript.
(function () {
  "use strict";
  // Confirmations before irreversible steps live in core/confirm.js.
  // Filter bars submit when a select changes: <select data-autosubmit>
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });
  // Long requests (an import) show their progress: <div class="d-none" data-busy> inside the form.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) { return; }
    event.target.querySelectorAll && event.target.querySelectorAll("[data-busy]").forEach(function (el) {
      el.classList.remove("d-none");
    });
  });
  // Prevent double submission of the same form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.hasAttribute("data-allow-resubmit")) { return; }
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
})();
