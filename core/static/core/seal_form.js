// renda: a secret ballot's form (data-seal-module, with the box's parameters in #ballot-params)
// sends the ballot encrypted in the browser: the checked choice becomes a sealed ballot in a hidden
// "sealed" field and the choice itself is not submitted. Without JavaScript (or if the module
// cannot load) the form posts the choice and the server encrypts it on arrival.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var module = form.getAttribute && form.getAttribute("data-seal-module");
    var params = document.getElementById("ballot-params");
    if (!module || !params || form.getAttribute("data-sealed") || event.defaultPrevented) { return; }
    var checked = form.querySelector("input[name=choice]:checked");
    if (!checked) { return; }  // the server says what is missing
    event.preventDefault();
    import(module).then(function (box) {
      var p = JSON.parse(params.textContent);
      var values = p.choices.map(function (value) { return value === checked.value ? 1 : 0; });
      var sealed = document.createElement("input");
      sealed.type = "hidden";
      sealed.name = "sealed";
      sealed.value = JSON.stringify(box.sealBallot(p, values));
      form.appendChild(sealed);
      form.querySelectorAll("input[name=choice]").forEach(function (input) { input.disabled = true; });
    }).catch(function () {}).then(function () {
      form.setAttribute("data-sealed", "1");
      form.submit();
    });
  });
})();
