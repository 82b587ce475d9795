// renda meetings: the deputy's device sends a ballot through the JSON API with the page's ballot
// token (one query on the server) and shows the answer in place; without JavaScript the same
// form posts normally.
(function () {
  "use strict";
  function show(container, text, ok) {
    var p = document.createElement("p");
    p.className = ok ? "device-done" : "alert alert-warning";
    p.setAttribute("role", "status");
    p.textContent = text;
    while (container.firstChild) { container.removeChild(container.firstChild); }
    container.appendChild(p);
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var api = form.getAttribute && form.getAttribute("data-api-action");
    if (!api || event.defaultPrevented || !window.fetch) { return; }
    event.preventDefault();
    var container = form.parentNode;
    fetch(api, {
      method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "omit",
      headers: { "X-Ballot-Token": form.getAttribute("data-ballot-token") || "", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      show(container, result.ok ? result.data.message : result.data.error, result.ok || result.data.error.indexOf("已投票") >= 0);
    }).catch(function () {
      // Network trouble: fall back to the plain form post, which reports its own result.
      form.removeAttribute("data-api-action");
      form.submit();
    });
  });
})();
