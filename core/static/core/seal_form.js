// renda: a secret ballot's form (data-seal-module, with the box's parameters in #ballot-params)
// sends the ballot encrypted in the browser: the checked inputs become a sealed ballot in a hidden
// "sealed" field and the choices themselves are not submitted (any ballot kind: see p.slots). Without JavaScript (or if the module
// cannot load) the form posts the choice and the server encrypts it on arrival.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var module = form.getAttribute && form.getAttribute("data-seal-module");
    var params = document.getElementById("ballot-params");
    if (!module || !params || form.getAttribute("data-sealed") || event.defaultPrevented) { return; }
    var p = JSON.parse(params.textContent);
    // p.slots: one [input name, value] per slot of the box (a slot is 1 when that input is checked),
    // e.g. an election's [["mark_1", "for"], ["mark_1", "against"], ...]; p.choices: one radio group.
    var slots = p.slots || p.choices.map(function (value) { return ["choice", value]; });
    if (!p.slots && !form.querySelector("input[name=choice]:checked")) { return; }  // the server says what is missing
    var values = slots.map(function (slot) {
      var found = Array.prototype.filter.call(form.querySelectorAll("input"), function (input) {
        return input.name === slot[0] && input.value === slot[1] && input.checked;
      });
      return found.length ? 1 : 0;
    });
    event.preventDefault();
    import(module).then(function (box) {
      var sealed = document.createElement("input");
      sealed.type = "hidden";
      sealed.name = "sealed";
      sealed.value = JSON.stringify(box.sealBallot(p, values));
      form.appendChild(sealed);
      var names = slots.map(function (slot) { return slot[0]; });
      form.querySelectorAll("input").forEach(function (input) {
        if (names.indexOf(input.name) >= 0) { input.disabled = true; }
      });
    }).catch(function () {}).then(function () {
      form.setAttribute("data-sealed", "1");
      form.submit();
    });
  });
})();
