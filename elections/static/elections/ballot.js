// Client-side check of an electronic ballot: "for" persons (candidates + write-ins) ≤ seats.
// The server checks again (workflow.make_ballot); this only warns early.
(function () {
  "use strict";
  document.querySelectorAll("form.election-ballot").forEach(function (form) {
    var seats = parseInt(form.dataset.seats, 10);
    var note = form.querySelector(".ballot-count");
    var button = form.querySelector("button[type=submit]");
    function update() {
      var marked = form.querySelectorAll("input[type=radio][value=for]:checked").length;
      var against = form.querySelectorAll("input[type=radio][value=against]:checked").length;
      var written = 0;
      form.querySelectorAll("input[name=write_in]").forEach(function (input) {
        if (input.value.trim()) { written += 1; }
        input.disabled = against === 0 && !input.value.trim();
      });
      var total = marked + written;
      var over = total > seats;
      note.textContent = "已赞成 " + total + " 人，应选 " + seats + " 名" + (over ? "：赞成人数多于应选名额，请减少。" : "。");
      note.classList.toggle("text-danger", over);
      button.disabled = over;
    }
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
  });
})();
