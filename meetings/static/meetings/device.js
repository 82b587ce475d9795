// renda meetings: the deputy's device sends a ballot through the JSON API with the page's ballot
// token and shows the answer in place; without JavaScript the same form posts normally.
// A secret vote's ballot is encrypted here first (core/static/core/ballot_box.js): only the
// ciphertexts and their proofs leave the device, and the answer carries the ballot's receipt.
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
  function body(form) {
    var module = form.getAttribute("data-seal-module");
    var params = document.getElementById("ballot-params");
    if (!module || !params) {
      return Promise.resolve({ body: new URLSearchParams(new FormData(form)), type: "application/x-www-form-urlencoded" });
    }
    return import(module).then(function (box) {
      var p = JSON.parse(params.textContent);
      var choice = new FormData(form).get("choice");
      var values = p.choices.map(function (value) { return value === choice ? 1 : 0; });
      return { body: JSON.stringify({ sealed: box.sealBallot(p, values) }), type: "application/json" };
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var api = form.getAttribute && form.getAttribute("data-api-action");
    if (!api || event.defaultPrevented || !window.fetch) { return; }
    event.preventDefault();
    var container = form.parentNode;
    body(form).then(function (request) {
      return fetch(api, {
        method: "POST", body: request.body, credentials: "omit",
        headers: { "X-Ballot-Token": form.getAttribute("data-ballot-token") || "", "Accept": "application/json", "Content-Type": request.type }
      });
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      var text = result.ok ? result.data.message : result.data.error;
      if (result.ok && result.data.receipt) { text += "选票回执：" + result.data.receipt + "（可在公布的选票指纹中核对）"; }
      show(container, text, result.ok || result.data.error.indexOf("已投票") >= 0);
    }).catch(function () {
      // Network trouble or no module support: fall back to the plain form post, which reports its own result.
      form.removeAttribute("data-api-action");
      form.submit();
    });
  });
})();
